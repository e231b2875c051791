"""What decides a training run's result, as a key: the fingerprint :mod:`utils.cache` stores under.

Everything that can change what ``fit`` returns is hashed: the architecture and compile settings
(with Keras's numbered names replaced), the code of custom functions, the initial weights, the
optimizer's state, the data, the ``fit`` arguments, the callbacks' settings and the Keras
version. What cannot be fingerprinted raises TypeError, and the cache then trains for real.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

import numpy as np

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
            raise TypeError(f"cannot fingerprint an array of {type(value).__name__} objects")
        hasher.update(f"array{array.dtype.str}{array.shape}".encode())
        hasher.update(array.tobytes())
    elif isinstance(value, dict):
        hasher.update(b"dict")
        for key in sorted(value, key=str):
            _digest(hasher, str(key))
            _digest(hasher, value[key])
    elif isinstance(value, list | tuple):
        hasher.update(f"seq{len(value)}".encode())
        for item in value:
            _digest(hasher, item)
    elif value is None or isinstance(value, bool | int | float | str):
        hasher.update(repr(value).encode())
    else:  # a dataset, a generator: nothing to fingerprint, so no key that could be trusted
        raise TypeError(f"cannot fingerprint a {type(value).__name__}")


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
        raise TypeError(f"callbacks given as a {type(callbacks).__name__}, not a list")
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
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [setting(item) for item in value]
    if isinstance(value, dict):
        return {str(k): setting(v) for k, v in value.items()}
    if callable(value):
        return _code_of(value)
    text = repr(value)
    if " at 0x" in text:  # an object known only by its address: nothing stable to key on
        raise TypeError(f"cannot fingerprint a setting of type {type(value).__name__}")
    return text


def _code_of(function: Any) -> str:
    """Return a function's source and the values it closes over: what decides its results."""
    import inspect

    try:
        source = inspect.getsource(function)
    except (OSError, TypeError):
        raise TypeError(f"cannot read the code of {function!r}") from None
    closure = [cell.cell_contents for cell in getattr(function, "__closure__", None) or []]
    return source + repr([setting(value) for value in closure])


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


def _custom_functions(model: Any) -> list[str]:
    """Return the code of the Python functions a model uses that Keras saves by name only.

    A custom loss, metric or activation is serialised as its name: edited and rerun, it would
    keep its key. Keras's own functions are left out (the Keras version is in the key).
    """
    found: list[Any] = []

    def collect(value: Any) -> None:
        if isinstance(value, dict):
            for item in value.values():
                collect(item)
        elif isinstance(value, list | tuple):
            for item in value:
                collect(item)
        elif callable(value) and not getattr(value, "__module__", "").startswith("keras"):
            if hasattr(value, "__code__"):  # a plain function, not a Keras object
                found.append(value)

    compiled = getattr(getattr(model, "_compile_config", None), "config", {}) or {}
    collect(list(compiled.values()))
    collect([getattr(layer, "activation", None) for layer in model.layers])
    return [_code_of(function) for function in found]


def training_key(model: Any, fit_args: tuple, fit_kwargs: dict[str, Any]) -> str:
    """Return the key of one training run: a hash of all that decides its result."""
    import keras

    if getattr(model, "optimizer", None) is None:
        raise ValueError("model: compile it before cached_fit, as before fit")
    if not model.built:  # no weights yet, so nothing that tells two starts apart
        raise TypeError("the model is not built yet: give it a keras.Input")
    hasher = hashlib.sha256()
    kwargs = {k: v for k, v in fit_kwargs.items() if k not in ("verbose", "callbacks")}
    for part in (
        keras.__version__,
        _without_names(json.loads(model.to_json())),
        _without_names(model.get_compile_config()),
        _custom_functions(model),
        [np.asarray(w) for w in model.get_weights()],
        _optimizer_state(model),
        list(fit_args),
        kwargs,
        _callback_settings(fit_kwargs.get("callbacks") or []),
    ):
        _digest(hasher, part)
    return hasher.hexdigest()[:16]


def _optimizer_state(model: Any) -> list[np.ndarray]:
    """Return the optimizer's variables (step count, moments) once it has trained, else []."""
    optimizer = model.optimizer
    return [np.asarray(v) for v in optimizer.variables] if optimizer.built else []
