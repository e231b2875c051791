"""The global random number generators' state: read it, and put it back.

Training draws from generators that no model holds: TensorFlow's global seed (a ``tf.data``
shuffle), Keras's global seed generator, NumPy's and Python's global generators (scikit-learn
with ``random_state=None``). The training cache keys a run by their state before it, and a
loaded run sets them to their state after it, so that what the notebook draws next is what it
would have drawn had the run really trained.
"""

from __future__ import annotations

import random
import sys
from typing import Any

import numpy as np

KERAS_GLOBAL_SEED_GENERATOR = "global_seed_generator"  # keras.src.random.seed_generator's name


def global_random_state() -> dict[str, Any]:
    """Return the state of every global random generator, as JSON-ready data.

    Reading it draws nothing: Keras's global seed generator is read only if it exists.

    Returns
    -------
    dict
        ``python``, ``numpy``, ``tensorflow`` (the global seed and the generator of its
        operation seeds) and ``keras`` (the global seed generator's state, or None).
    """
    version, internal, gauss = random.getstate()
    kind, keys, position, has_gauss, cached = np.random.get_state()
    return {
        "python": [version, list(internal), gauss],
        "numpy": [kind, keys.tolist(), int(position), int(has_gauss), float(cached)],
        "tensorflow": _tensorflow_state(),
        "tensorflow_generator": _tensorflow_generator_state(),
        "keras": _keras_state(),
    }


def set_global_random_state(state: dict[str, Any]) -> None:
    """Set every global random generator to ``state`` (from :func:`global_random_state`).

    Raises
    ------
    KeyError, TypeError, ValueError
        If ``state`` is not such a state (a damaged record); nothing is set then.
    """
    version, internal, gauss = state["python"]
    python = (version, tuple(internal), gauss)
    kind, keys, position, has_gauss, cached = state["numpy"]
    numpy = (kind, np.asarray(keys, dtype=np.uint32), position, has_gauss, cached)
    random.Random().setstate(python)  # checked on a throwaway generator before any is set
    np.random.RandomState().set_state(numpy)
    # Keras's generator first: making it draws its seed from Python's generator, set after
    _set_keras_state(state["keras"])
    _set_tensorflow_state(state["tensorflow"])
    _set_tensorflow_generator_state(state["tensorflow_generator"])
    random.setstate(python)
    np.random.set_state(numpy)


def _tensorflow_context() -> Any | None:
    """Return TensorFlow's eager context, if TensorFlow is in use (it is not imported here)."""
    if "tensorflow" not in sys.modules:
        return None
    from tensorflow.python.eager import context

    return context.context()


def _tensorflow_state() -> list | None:
    """Return TensorFlow's global seed and its operation-seed generator's state."""
    context = _tensorflow_context()
    if context is None:
        return None
    generator = getattr(context, "_rng", None)  # made by tf.random.set_seed
    if generator is None:
        return [context._seed, None]
    version, internal, gauss = generator.getstate()
    return [context._seed, [version, list(internal), gauss]]


def _set_tensorflow_state(state: list | None) -> None:
    context = _tensorflow_context()
    if context is None or state is None:
        return
    seed, generator = state
    if seed != context._seed:
        import tensorflow as tf

        tf.random.set_seed(seed)
    if generator is not None and getattr(context, "_rng", None) is not None:
        version, internal, gauss = generator
        context._rng.setstate((version, tuple(internal), gauss))


def _tensorflow_generator() -> Any | None:
    """Return TensorFlow's global ``tf.random.Generator`` if one was made (not making one)."""
    if "tensorflow" not in sys.modules:
        return None
    from tensorflow.python.ops import stateful_random_ops

    return getattr(stateful_random_ops, "global_generator", None)


def _tensorflow_generator_state() -> list[int] | None:
    generator = _tensorflow_generator()
    return None if generator is None else np.asarray(generator.state).tolist()


def _set_tensorflow_generator_state(state: list[int] | None) -> None:
    generator = _tensorflow_generator()
    if state is None or generator is None:  # made after this run: its draws start afresh
        return
    generator.state.assign(np.asarray(state, dtype=generator.state.dtype.as_numpy_dtype))


def _keras_generator() -> Any | None:
    if "keras" not in sys.modules:
        return None
    from keras.src.backend.common import global_state

    return global_state.get_global_attribute(KERAS_GLOBAL_SEED_GENERATOR)


def _keras_state() -> list[int] | None:
    generator = _keras_generator()
    return None if generator is None else np.asarray(generator.state).tolist()


def _set_keras_state(state: list[int] | None) -> None:
    """Set Keras's global seed generator's state; make it, or remove it, as the state says."""
    if "keras" not in sys.modules:
        return
    from keras.src.backend.common import global_state
    from keras.src.random import seed_generator

    if state is None:  # none existed then: the next unseeded draw makes one, as it would have
        global_state.set_global_attribute(KERAS_GLOBAL_SEED_GENERATOR, None)
        return
    generator = seed_generator.global_seed_generator()  # made if the run made it
    generator.state.assign(np.asarray(state, dtype=generator.state.dtype))
