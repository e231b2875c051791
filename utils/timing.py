"""Timing: a stopwatch for a block of code, a timer of training epochs, the fastest epoch.

A cached rerun (:mod:`utils.cache`) loads results instead of computing them; it books the
seconds each loaded result took when it was computed in this module's ledger
(:func:`add_replayed`), so that the timings here report what a real run measured.
The cache imports this module; this module never imports the cache.
"""

from __future__ import annotations

import time
from collections.abc import Mapping
from typing import Any

import numpy as np

from utils.validation import check_finite_array

_replayed = {"seconds": 0.0}  # the compute time cached results stood in for, this session


def replayed_seconds() -> float:
    """Return the seconds the loaded results took when first computed, summed over the session.

    :class:`Stopwatch` adds what accrues inside its block, so a cached rerun reports the
    times measured when the work was really done, not the time it took to load it.

    Returns
    -------
    float
    """
    return _replayed["seconds"]


def add_replayed(seconds: float) -> None:
    """Book ``seconds`` of work that a cached result stood in for (see :func:`replayed_seconds`).

    Parameters
    ----------
    seconds : float
        What the result took when it was computed.
    """
    _replayed["seconds"] += float(seconds)


class Stopwatch:
    """Time a block of code: ``with Stopwatch() as watch: ...``.

    When the training cache (:mod:`utils.cache`) loads a result inside the block, the time that
    result took when it was computed counts, not the time to load it: a cached rerun reports
    the measured times.

    Attributes
    ----------
    seconds : float
        Elapsed wall time, set when the block ends.
    """

    def __enter__(self) -> Stopwatch:
        """Start timing."""
        self.seconds = 0.0
        self._replayed = replayed_seconds()
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        """Stop timing and store the elapsed seconds."""
        elapsed = time.perf_counter() - self._start
        self.seconds = elapsed + replayed_seconds() - self._replayed


def epoch_timer() -> Any:
    """Make a Keras callback that records the wall time of every training epoch.

    The first epoch includes building and compiling the training step, so compare
    speeds with :func:`fastest_epoch_seconds`, which leaves it out.

    Returns
    -------
    keras.callbacks.Callback
        Pass it to ``fit(..., callbacks=[timer])``; ``timer.seconds`` lists the epochs' times.

    Examples
    --------
    >>> timer = epoch_timer()  # doctest: +SKIP
    >>> model.fit(x, y, epochs=3, callbacks=[timer])  # doctest: +SKIP
    >>> fastest_epoch_seconds(timer.seconds)  # doctest: +SKIP
    """
    import keras

    class EpochTimer(keras.callbacks.Callback):
        def __init__(self) -> None:
            super().__init__()
            self.seconds: list[float] = []

        def on_epoch_begin(self, epoch: int, logs: dict | None = None) -> None:
            self._start = time.perf_counter()

        def on_epoch_end(self, epoch: int, logs: dict | None = None) -> None:
            self.seconds.append(time.perf_counter() - self._start)

    return EpochTimer()


def fastest_epoch_seconds(seconds: list[float]) -> float:
    """Time of the fastest epoch after the first (which includes compiling), in seconds.

    The fastest, not the mean: on a shared machine other work can only add time to an epoch,
    never take it away, so the fastest epoch is the most repeatable measure of what the
    training itself costs (the rule of Python's ``timeit``). Compare models by it.

    Parameters
    ----------
    seconds : sequence of float
        Epoch times, e.g. ``epoch_timer().seconds`` (a list, a NumPy array, a pandas Series).

    Returns
    -------
    float
        With a single epoch, its own time.

    Examples
    --------
    >>> fastest_epoch_seconds([9.0, 2.0, 3.0, 2.5])
    2.0
    """
    if hasattr(seconds, "seconds"):
        kind = type(seconds).__name__
        raise TypeError(f"seconds: expected a list of epoch times, got {kind}: pass its .seconds")
    if isinstance(seconds, str | bytes | Mapping) or np.ndim(seconds) == 0:
        kind = type(seconds).__name__
        raise TypeError(f"seconds: expected a list of epoch times, got a {kind}")
    seconds = check_finite_array("seconds", seconds)  # a pandas Series is read by position
    if seconds.ndim != 1:
        raise ValueError(f"seconds: expected a list of epoch times, got shape {seconds.shape}")
    if len(seconds) == 0:
        raise ValueError("no epochs timed: pass the timer to fit(..., callbacks=[timer]).")
    if seconds.min() < 0:
        raise ValueError(f"seconds: expected epoch times >= 0, got {seconds.min():g}")
    return float(min(seconds[1:] if len(seconds) > 1 else seconds))
