"""What decides a training run's result, as a key: the fingerprint :mod:`utils.cache` stores under.

Everything that can change what ``fit`` returns is hashed: the architecture and compile settings
(with Keras's numbered names replaced), the Python code the model runs (custom layers, losses,
metrics, schedules, and what that code reads: :mod:`utils.code_key`), the initial weights and
the random layers' states, the optimizer's state, the global random generators' states, the
data, the ``fit`` arguments, the callbacks' settings and the libraries' versions. What cannot be
fingerprinted raises :class:`utils.code_key.Unkeyable` (a TypeError), and the cache then trains
for real, saying why.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

from utils import code_key as code_key_module
from utils.code_key import Unkeyable, code_key, without_compiled_code
from utils.random_state import global_random_state

DESCRIBED = "_mnist_labs_content"  # the attribute describe() sets


def describe(data: Any, *content: Any) -> Any:
    """Tell the cache what ``data``, which it cannot read (a ``tf.data`` pipeline), is made of.

    Parameters
    ----------
    data : object
        What will be passed to ``fit``.
    *content
        Everything that decides what ``data`` yields: arrays, numbers, strings.

    Returns
    -------
    object
        ``data`` itself. A pipeline derived from it later (``.map``) is not described.
    """
    setattr(data, DESCRIBED, content)
    return data


def _is_tensor(value: Any) -> bool:
    return type(value).__module__.startswith(("tensorflow", "jax")) and hasattr(value, "dtype")


def _digest(hasher: Any, value: Any) -> None:
    """Feed ``value`` (arrays, numbers, strings, lists, dicts) into ``hasher``, unambiguously."""
    described = getattr(value, DESCRIBED, None)
    if described is not None:
        hasher.update(f"described {type(value).__name__}".encode())
        _digest(hasher, list(described))
    elif isinstance(value, np.ndarray) or _is_tensor(value):
        array = np.ascontiguousarray(np.asarray(value))
        if array.dtype == object:
            raise Unkeyable(f"cannot fingerprint an array of {type(value).__name__} objects")
        hasher.update(f"array{array.dtype.str}{array.shape}".encode())
        hasher.update(array.tobytes())
    elif isinstance(value, dict):  # keys with their types: {"0": 1.0} is not {0: 1.0}
        hasher.update(b"dict")
        for key in sorted(value, key=repr):
            _digest(hasher, key)
            _digest(hasher, value[key])
    elif isinstance(value, list | tuple):
        hasher.update(f"seq{len(value)}".encode())
        for item in value:
            _digest(hasher, item)
    elif isinstance(value, np.generic):  # its type decides arithmetic (uint8 wraps around)
        hasher.update(f"{value.dtype.str}:{value.item()!r}".encode())
    elif value is None or isinstance(value, bool | int | float | str | bytes | complex):
        hasher.update(f"{type(value).__name__}:{value!r}".encode())
    elif _table_parts(value) is not None:  # pandas, sparse matrices: by what they hold
        hasher.update(f"table {type(value).__name__}".encode())
        _digest(hasher, _table_parts(value))
    else:  # a dataset, a generator: nothing to fingerprint, so no key that could be trusted
        raise Unkeyable(f"cannot fingerprint a {type(value).__name__}")


def _table_parts(value: Any) -> list[Any] | None:
    """Return what a pandas table, a SciPy sparse matrix or a sparse tensor holds, or None."""
    module = type(value).__module__
    if module.startswith("pandas") and hasattr(value, "to_numpy") and hasattr(value, "index"):
        columns = list(map(str, getattr(value, "columns", [getattr(value, "name", None)])))
        dtypes = value.dtypes if hasattr(value, "columns") else [value.dtype]
        dtypes = [str(dtype) for dtype in dtypes]
        return [value.to_numpy(), value.index.to_numpy().astype(str), columns, dtypes]
    if module.startswith("scipy.sparse") and hasattr(value, "tocsr"):
        matrix = value.tocsr()
        return [matrix.data, matrix.indices, matrix.indptr, list(matrix.shape)]
    if module.startswith("tensorflow") and type(value).__name__ == "SparseTensor":
        return [value.indices, value.values, value.dense_shape]
    return None


def fingerprint(value: Any) -> str:
    """Return a hash of ``value`` (arrays, numbers, strings, lists, dicts) as hex digits."""
    hasher = hashlib.sha256()
    _digest(hasher, value)
    return hasher.hexdigest()


# what a callback holds about the last run rather than how it is set: left out of the key,
# stored after a real run and set again on a cached one (EarlyStopping's stopped_epoch, an
# epoch timer's seconds...)
CALLBACK_STATE = {"wait", "stopped_epoch", "best", "best_epoch", "best_weights", "seconds"}
CALLBACK_STATE |= {"cooldown_counter", "epoch", "history", "model", "params", "validation_data"}
CALLBACK_STATE |= {"monitor_op"}  # set by Keras when training starts, from mode and monitor
# callbacks that only watch or steer training: a cached run can stand in for them. Any other
# (one that writes files, plots, logs somewhere) makes the run train for real.
REPLAYABLE_CALLBACKS = {
    "EarlyStopping",
    "EpochTimer",
    "History",
    "LearningRateScheduler",
    "ProgbarLogger",
    "ReduceLROnPlateau",
    "TerminateOnNaN",
}


def _callback_settings(callbacks: Any) -> list[Any]:
    """Describe what each callback would change about training: its class and settings."""
    if not isinstance(callbacks, list | tuple):
        raise Unkeyable(f"callbacks given as a {type(callbacks).__name__}, not a list")
    settings = []
    for callback in callbacks:
        names = sorted(
            k for k in vars(callback) if not k.startswith("_") and k not in CALLBACK_STATE
        )
        public = {k: setting(getattr(callback, k)) for k in names}
        if isinstance(public.get("min_delta"), float):  # Keras flips its sign when training starts
            public["min_delta"] = abs(public["min_delta"])
        settings.append([type(callback).__name__, public])
    return settings


def setting(value: Any) -> Any:
    """Return a setting as something to hash: values as they are, a function by its code."""
    if isinstance(value, np.generic):
        return value.item()
    if isinstance(value, np.ndarray):
        return value  # hashed whole (its text would be cut short)
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [setting(item) for item in value]
    if isinstance(value, dict):
        return {str(k): setting(v) for k, v in value.items()}
    if callable(value) or not code_key_module.is_library_module(type(value).__module__):
        return code_key_module.code_key(value)  # a function, by its code and what it reads
    text = repr(value)
    if " at 0x" in text:  # an object known only by its address: nothing stable to key on
        raise Unkeyable(f"cannot fingerprint a setting of type {type(value).__name__}")
    return text


def callback_state(callback: Any) -> dict[str, Any]:
    """Return what a callback recorded about its run that JSON can hold (numbers, lists)."""
    state = {}
    for name in CALLBACK_STATE & set(vars(callback)):
        value = getattr(callback, name)
        if isinstance(value, np.generic):  # a metric Keras logged as a NumPy scalar
            value = value.item()
        if value is None or isinstance(value, bool | int | float | str):
            state[name] = value
        elif isinstance(value, list) and all(isinstance(v, int | float) for v in value):
            state[name] = [float(v) for v in value]
    return state


def _without_names(config: Any) -> str:
    """Return ``config`` as JSON, the names of its layers and optimizer replaced by numbers.

    Keras numbers the names of new layers and optimizers (``dense_7``, ``adam_1``): the same
    model built twice in one session must have the same key, as it has in a rerun of the
    notebook from the top. Each name becomes its order of appearance, where it is a name (a
    ``name`` field, not a dtype policy's) and where it links a functional model's layers
    (``[name, node, tensor]``); any other string, an activation's for one, stays as it is.
    """
    names: dict[str, str] = {}

    def is_link(node: Any) -> bool:
        return (
            isinstance(node, list)
            and len(node) == 3
            and isinstance(node[0], str)
            and all(isinstance(n, int) for n in node[1:])
        )

    def renamed(node: Any, in_policy: bool = False) -> Any:
        if isinstance(node, dict):
            policy = "DTypePolicy" in str(node.get("class_name", ""))
            out = {}
            for key, value in node.items():
                if key == "name" and isinstance(value, str) and not in_policy:
                    out[key] = names.setdefault(value, f"#{len(names)}")
                else:
                    out[key] = renamed(value, policy)
            return out
        if isinstance(node, list):
            return [renamed(value, in_policy) for value in node]
        return node

    def relinked(node: Any) -> Any:
        if is_link(node) and node[0] in names:
            return [names[node[0]], *node[1:]]
        if isinstance(node, dict):
            return {key: relinked(value) for key, value in node.items()}
        if isinstance(node, list):
            return [relinked(value) for value in node]
        return node

    return json.dumps(relinked(renamed(config)), sort_keys=True, default=repr)


def training_key(model: Any, fit_args: tuple, fit_kwargs: dict[str, Any]) -> str:
    """Return the key of one training run: a hash of all that decides its result.

    Raises
    ------
    ValueError
        If the model is not compiled.
    Unkeyable
        If something that decides the result cannot be fingerprinted (a subclassed model, an
        unbuilt one, custom code it cannot read, data it cannot read): the message says what.
    """
    if getattr(model, "optimizer", None) is None:
        raise ValueError("model: compile it before cached_fit, as before fit")
    check_keyable_model(model)
    hasher = hashlib.sha256()
    kwargs = {k: v for k, v in fit_kwargs.items() if k not in ("verbose", "callbacks")}
    for part in (
        keras_versions(),
        keras_settings(),
        *model_config(model),
        model_code(model),
        [np.asarray(w) for w in model.get_weights()],
        [np.asarray(v) for v in seed_states(model)],
        _optimizer_state(model),
        global_random_state(),
        list(fit_args),
        kwargs,
        _callback_settings(fit_kwargs.get("callbacks") or []),
    ):
        _digest(hasher, part)
    return hasher.hexdigest()[:16]


def model_config(model: Any) -> tuple[str, str]:
    """Return the model's architecture and compile settings, names and compiled code left out.

    Raises
    ------
    Unkeyable
        If Keras cannot describe the model (a custom object without ``get_config``).
    """
    try:
        architecture = json.loads(model.to_json())
        compiled = model.get_compile_config()
    except Exception as error:  # Keras raises what the custom object's get_config raises
        first = (str(error).strip().splitlines() or [""])[0][:160]
        raise Unkeyable(
            f"Keras cannot describe the model ({type(error).__name__}: {first})"
        ) from None
    return (
        _without_names(without_compiled_code(architecture)),
        _without_names(without_compiled_code(compiled)),
    )


def library_versions(*modules: str) -> dict[str, str]:
    """Return the versions of the named libraries (their modules' names), as keyed.

    A Keras run is keyed by Keras's, its backend's and NumPy's versions: another TensorFlow
    can compute other numbers from the same weights and data.
    """
    import importlib

    return {
        name: str(getattr(importlib.import_module(name), "__version__", "?")) for name in modules
    }


KERAS_SETTINGS = (  # keras.config's global settings that change what fit computes
    "floatx",
    "epsilon",
    "image_data_format",
    "dtype_policy",
    "max_epochs",
    "max_steps_per_epoch",
    "is_flash_attention_enabled",
)


def keras_settings() -> dict[str, str]:
    """Return Keras's global settings (``keras.config``): its epsilon, float type, step caps."""
    import keras

    settings = {}
    for name in KERAS_SETTINGS:
        getter = getattr(keras.config, name, None)
        if callable(getter):
            settings[name] = repr(getter())
    return settings


def keras_versions() -> dict[str, str]:
    """Return the versions of what computes a Keras run: Keras, its backend and NumPy."""
    import keras

    return library_versions("keras", keras.backend.backend(), "numpy")


def check_keyable_model(model: Any) -> None:
    """Refuse the models whose run cannot be keyed: subclassed models and unbuilt ones.

    A subclass of ``keras.Model`` computes with its own ``call`` and ``train_step``, which its
    config does not show; a model that is not built has no weights that tell two starts apart.
    """
    import keras
    from keras.src.models.functional import Functional

    if type(model) not in (keras.Sequential, Functional, keras.Model):
        raise Unkeyable(
            f"a subclassed model ({type(model).__name__}): its own Python code is not keyed"
        )
    if not model.built or not model.weights:  # nothing that tells two starts apart
        raise Unkeyable("the model is not built yet: give it a keras.Input")
    unbuilt = [
        layer.name
        for layer in model._flatten_layers(include_self=False, recursive=True)
        if not layer.built
    ]
    if unbuilt:  # built only when training starts: its weights are not there to key or load
        raise Unkeyable(f"the layer {unbuilt[0]} is not built until training starts")


def model_code(model: Any) -> Any:
    """Fingerprint the Python code a model runs that its config names only (see utils.code_key).

    Custom layers (their class's code and attributes), functions given to layers (a Lambda's,
    an activation, a regularizer or constraint), the loss and metrics, the optimizer's
    learning-rate schedule: each by its code and by what that code reads.
    """
    layers = list(model._flatten_layers(include_self=False, recursive=True))
    compiled = dict(getattr(getattr(model, "_compile_config", None), "config", {}) or {})
    compiled.pop("optimizer", None)  # walked below, once
    return code_key(
        [layers, model.optimizer, compiled],
        where=f"the model {model.name}",
    )


def seed_states(model: Any) -> list[Any]:
    """Return the state variables of the model's random layers (Dropout, RandomTranslation).

    They decide the masks and shifts a run draws, and ``get_weights`` leaves them out.
    """
    return [v for v in model.variables if v.path.endswith("seed_generator_state")]


def _optimizer_state(model: Any) -> list[np.ndarray]:
    """Return the optimizer's variables (step count, moments) once it has trained, else []."""
    optimizer = model.optimizer
    return [np.asarray(v) for v in optimizer.variables] if optimizer.built else []
