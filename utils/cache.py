"""An opt-in cache of training runs, for showing the labs live: a rerun skips training it has done.

Set ``MNIST_LABS_CACHE`` to a folder (or pass ``cache_dir``) and :func:`cached_fit` stores, for
each training run, the trained weights and the History, under a key made of everything that
decides the result: the model's architecture and compile settings, its initial weights (so the
seed), the data, the ``fit`` arguments and the Keras version. A rerun with the same key loads
them instead of training, and says so in one line; anything changed trains anew. Unset, it is
``model.fit`` and nothing more.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

import numpy as np

from utils.files import write_atomically

CACHE_ENV = "MNIST_LABS_CACHE"


def cache_folder(cache_dir: os.PathLike | str | None = None) -> Path | None:
    """Return the cache's folder: ``cache_dir``, else ``$MNIST_LABS_CACHE``, else None."""
    chosen = cache_dir if cache_dir is not None else os.environ.get(CACHE_ENV)
    return Path(chosen).expanduser() if chosen else None


def _digest(hasher: Any, value: Any) -> None:
    """Feed ``value`` (arrays, numbers, strings, lists, dicts) into ``hasher``, unambiguously."""
    if isinstance(value, np.ndarray) or type(value).__module__.startswith(("tensorflow", "jax")):
        array = np.ascontiguousarray(np.asarray(value))
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


def _callback_settings(callbacks: Any) -> list[Any]:
    """Describe what each callback would change about training: its class and settings."""
    settings = []
    for callback in callbacks or []:
        names = sorted(k for k in vars(callback) if not k.startswith("_") and k != "model")
        public = {k: getattr(callback, k) for k in names}
        settings.append([type(callback).__name__, {k: repr(v) for k, v in public.items()}])
    return settings


def _without_names(config: Any) -> str:
    """Return ``config`` as JSON, every ``name`` in it replaced by its order of appearance.

    Keras numbers the names of new layers and optimizers (``dense_7``, ``adam_1``): the same
    model built twice in one session must have the same key, as it has in a rerun of the
    notebook from the top. Names also link a functional model's layers, so each is replaced
    everywhere it appears.
    """
    names: dict[str, None] = {}

    def collect(node: Any) -> None:
        if isinstance(node, dict):
            if isinstance(node.get("name"), str):
                names.setdefault(node["name"])
            for value in node.values():
                collect(value)
        elif isinstance(node, list):
            for value in node:
                collect(value)

    collect(config)
    text = json.dumps(config, sort_keys=True, default=repr)
    for index, name in enumerate(names):
        text = text.replace(json.dumps(name), json.dumps(f"#{index}"))
    return text


def training_key(model: Any, fit_args: tuple, fit_kwargs: dict[str, Any]) -> str:
    """Return the key of one training run: a hash of all that decides its result."""
    import keras

    if getattr(model, "optimizer", None) is None:
        raise ValueError("model: compile it before cached_fit, as before fit")
    hasher = hashlib.sha256()
    kwargs = {k: v for k, v in fit_kwargs.items() if k not in ("verbose", "callbacks")}
    for part in (
        keras.__version__,
        _without_names(json.loads(model.to_json())),
        _without_names(model.get_compile_config()),
        [np.asarray(w) for w in model.get_weights()],
        list(fit_args),
        kwargs,
        _callback_settings(fit_kwargs.get("callbacks")),
    ):
        _digest(hasher, part)
    return hasher.hexdigest()[:16]


class CachedHistory:
    """What ``fit`` returns, read back from the cache: ``history``, ``epoch``, ``params``."""

    def __init__(self, record: dict[str, Any], model: Any):
        self.history = record["history"]
        self.epoch = record["epoch"]
        self.params = record["params"]
        self.model = model


def cached_fit(
    model: Any, *fit_args: Any, cache_dir: os.PathLike | str | None = None, **fit_kwargs: Any
) -> Any:
    """``model.fit(*fit_args, **fit_kwargs)``, or its stored result when this run was done before.

    Parameters
    ----------
    model : keras.Model
        Compiled, with the initial weights of the run (set the seed before building it).
    *fit_args, **fit_kwargs
        What ``model.fit`` takes.
    cache_dir : path-like, optional
        The cache's folder; by default ``$MNIST_LABS_CACHE``. With neither, no cache.

    Returns
    -------
    keras.callbacks.History or CachedHistory
        Either has ``history`` (metric name → one value per epoch), ``epoch`` and ``params``.

    Notes
    -----
    A cached run restores the trained weights, not the optimizer's state: training the model
    further makes a new run with a key of its own.
    """
    folder = cache_folder(cache_dir)
    if folder is None:
        return model.fit(*fit_args, **fit_kwargs)
    try:
        key = training_key(model, fit_args, fit_kwargs)
    except (TypeError, NotImplementedError) as error:  # e.g. a tf.data dataset, a subclass
        print(f"cache: not used for {model.name} ({error}): training")
        return model.fit(*fit_args, **fit_kwargs)
    weights, record_file = folder / f"{key}.weights.h5", folder / f"{key}.json"
    if weights.is_file() and record_file.is_file():
        try:
            record = json.loads(record_file.read_text(encoding="utf-8"))
            model.load_weights(weights)
        except (OSError, ValueError, KeyError) as error:
            print(f"cache: {record_file.name} unreadable ({type(error).__name__}): training anew")
        else:
            epochs = len(record["epoch"])
            print(
                f"cache: {model.name} was trained with these settings before: {epochs} epoch(s) "
                f"loaded from {folder} (key {key}), not trained"
            )
            history = CachedHistory(record, model)
            model.history = history
            return history
    history = model.fit(*fit_args, **fit_kwargs)
    folder.mkdir(parents=True, exist_ok=True)
    partial = weights.with_name(f".{weights.name}.partial.weights.h5")
    model.save_weights(partial)
    os.replace(partial, weights)  # the weights first: a record without them is never read
    record = {
        "history": {k: [float(v) for v in values] for k, values in history.history.items()},
        "epoch": [int(e) for e in history.epoch],
        "params": {
            k: v for k, v in (history.params or {}).items() if isinstance(v, int | float | str)
        },
    }
    write_atomically(record_file, json.dumps(record))
    return history
