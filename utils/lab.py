"""Lab setup: seeds, the quick/full mode, an environment report, results.

Every notebook starts with ``utils.setup()``; its settings cell then picks the lab mode with
``utils.set_mode("full")`` or ``utils.set_mode("quick")``:

- ``full``: the real training settings and figures;
- ``quick``: small subsets and one or two epochs, for working on a lab, tests, CI and grading.

The environment variable ``MNIST_LABS_MODE``, when set, overrides the notebook's choice: the
tests, the grader (quick) and the full-mode runner (full) set it.
"""

from __future__ import annotations

import contextlib
import json
import os
import platform
import random
import re
import sys
import time
from collections.abc import Iterator, Mapping, Sequence
from datetime import datetime, timezone
from typing import Any, TypeVar

import numpy as np

from utils.validation import (
    check_count,
    check_finite_array,
    check_finite_number,
    check_identifier,
    check_names,
    check_one_line,
    check_output_file,
    check_seed,
)

# words of a metric's name that make it a fraction: the README's table shows it as a percentage
FRACTION_WORDS = ("accuracy", "error_rate")
ENV_MODE = "MNIST_LABS_MODE"
ENV_RESULTS = "MNIST_LABS_RESULTS"
MODES = ("full", "quick")
DEFAULT_SEED = 42
MODE_MEANINGS = {
    "full": "the real training settings",
    "quick": "small subsets and one or two epochs",
}

# the variables that limit TensorFlow, BLAS and joblib to one thread, for processes that run
# side by side on the cores (the test workers, the grading kernels)
ONE_THREAD_VARIABLES = (
    "OMP_NUM_THREADS",
    "OPENBLAS_NUM_THREADS",
    "MKL_NUM_THREADS",
    "TF_NUM_INTRAOP_THREADS",
    "TF_NUM_INTEROP_THREADS",
    "LOKY_MAX_CPU_COUNT",
)

T = TypeVar("T")
_chosen_mode: str | None = None  # set by set_mode(), the notebook's settings line


def _valid_mode(value: object, source: str) -> str:
    """``value`` as a mode name, or a ValueError that names ``source``."""
    mode = value.strip().lower() if isinstance(value, str) else value
    if mode not in MODES:
        raise ValueError(f"{source}={value!r}: expected one of {MODES}.")
    return mode


def otter_is_grading() -> bool:
    """Tell whether otter-grader is grading this notebook (Gradescope, ``otter grade``/``run``).

    Its autograder runs a first cell that puts otter's ``Notebook`` in grading mode.
    """
    otter = sys.modules.get("otter")
    return bool(getattr(getattr(otter, "Notebook", None), "_grading_mode", False))


def lab_mode() -> str:
    """Return the lab mode, ``"full"`` or ``"quick"``.

    ``MNIST_LABS_MODE`` when it is set; else ``"quick"`` while otter grades (a grade never
    depends on full-mode training); else the notebook's :func:`set_mode`; else ``"full"``.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If the variable holds anything else.
    """
    from_environment = os.environ.get(ENV_MODE, "").strip()
    if from_environment:
        return _valid_mode(from_environment, ENV_MODE)
    if otter_is_grading():
        return "quick"
    return _chosen_mode or "full"


def set_mode(mode: str) -> str:
    """Choose the lab mode in a notebook, and say which mode the lab runs in.

    ``MNIST_LABS_MODE``, when set, still wins: the grader always runs quick mode and the
    full-mode runner full mode, whatever a notebook says.

    Parameters
    ----------
    mode : {"full", "quick"}

    Returns
    -------
    str
        The mode the lab runs in.

    Examples
    --------
    >>> MODE = set_mode("quick")  # doctest: +SKIP
    Lab mode: quick (small subsets and one or two epochs).
    """
    global _chosen_mode
    _chosen_mode = _valid_mode(mode, "mode")
    mode_now = lab_mode()
    overrider = f"{ENV_MODE}={mode_now}" if os.environ.get(ENV_MODE, "").strip() else "grading"
    why = "" if mode_now == _chosen_mode else f"; {overrider} overrides {mode!r}"
    print(f"Lab mode: {mode_now} ({MODE_MEANINGS[mode_now]}{why}).")
    return mode_now


def needs_full_mode(lesson: str) -> bool:
    """Say in one line, in quick mode, that the measurement below needs full mode.

    Quick mode trains too little for some comparisons (a trained network against an
    untrained one, regularisers, transfer): their numbers may then point the other way.
    The line keeps a student from reading a lesson into them.

    Parameters
    ----------
    lesson : str
        What the measurement shows in full mode, e.g. ``"how edge-like trained kernels are"``.

    Returns
    -------
    bool
        True in full mode.
    """
    if not isinstance(lesson, str) or not lesson:
        raise TypeError(f"lesson: expected a few words, got {lesson!r:.40}")
    if lab_mode() == "full":
        return True
    print(f"Quick mode: {lesson} needs full mode; these numbers come from too little training.")
    return False


def pick(*, quick: T, full: T) -> T:
    """Choose a setting by lab mode, so a notebook's sizes sit in one cell.

    Parameters
    ----------
    quick, full
        The value for each mode.

    Returns
    -------
    The value for the current mode.

    Examples
    --------
    >>> EPOCHS = pick(quick=1, full=20)  # doctest: +SKIP
    """
    return quick if lab_mode() == "quick" else full


def seed_everything(seed: int = DEFAULT_SEED) -> None:
    """Seed Python's, NumPy's and the Keras backend's random generators.

    Weight initialisation, dropout and shuffling then repeat from run to run.
    (In older Keras 3 releases, 3.10 among them, bare ``keras.random.*`` calls without a ``seed``
    keep their own state across reseeding; the labs do not use them.)

    Parameters
    ----------
    seed : int, default 42
        0 to ``2**32 - 1``, the range NumPy takes.
    """
    import keras

    seed = check_seed("seed", seed)
    random.seed(seed)
    np.random.seed(seed)
    keras.utils.set_random_seed(seed)  # also seeds Python, NumPy and TensorFlow


def accelerator() -> str:
    """Name the device Keras will train on: a GPU's name, or the CPU.

    Returns
    -------
    str
        e.g. ``"GPU: Tesla T4"`` or ``"GPU: none (CPU, 2 cores)"``.
    """
    try:
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")
        if gpus:
            details = tf.config.experimental.get_device_details(gpus[0])
            return f"GPU: {details.get('device_name', gpus[0].name)}"
    except ImportError:  # another Keras backend: report the CPU
        pass
    return f"GPU: none (CPU, {os.cpu_count()} cores)"


def environment_report() -> str:
    """One line with the versions and the accelerator.

    Returns
    -------
    str
    """
    import keras

    backend = keras.backend.backend()
    backend_version = ""
    if backend == "tensorflow":
        import tensorflow as tf

        backend_version = f" {tf.__version__}"
    return (
        f"Python {platform.python_version()} | Keras {keras.__version__} | "
        f"{backend}{backend_version} | NumPy {np.__version__} | {accelerator()}"
    )


@contextlib.contextmanager
def native_stderr_silenced() -> Iterator[None]:
    """Discard what compiled code writes to the process's stderr inside the block.

    TensorFlow's C++ start-up lines (CUDA probing, oneDNN and CPU-feature
    notices) are written before its logging is configured, so
    ``TF_CPP_MIN_LOG_LEVEL`` cannot hide them, and Jupyter shows them as red
    error blocks that alarm students. Python exceptions are not affected.
    """
    sys.stderr.flush()
    try:
        saved = os.dup(2)
    except OSError:  # no file descriptor 2 (some embedded interpreters): nothing to hide
        yield
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, 2)
    try:
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)
        os.close(devnull)


def setup(seed: int = DEFAULT_SEED) -> None:
    """Prepare a lab: seed everything and print one line about the machine.

    On Colab, a line before it says where the course was fetched from.

    Parameters
    ----------
    seed : int, default 42
        0 to ``2**32 - 1``.
    """
    lab_mode()  # fail early on a bad MNIST_LABS_MODE
    from utils import course

    if course.in_colab():
        origin = course.course_origin()
        print(f"Course: {course.course_root()}" + (f", fetched from {origin}." if origin else "."))
    with native_stderr_silenced():  # TensorFlow's import and device probe
        seed_everything(seed)
        report = environment_report()
    print(report)
    from utils import cache

    if cache.install():  # an instructor's demo: MNIST_LABS_CACHE names the folder
        print(
            f"Training cache: {cache.cache_folder()} (MNIST_LABS_CACHE). Runs trained before "
            "are loaded, not retrained; each says so in a line starting 'cache:'."
        )


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
        from utils.cache import replayed_seconds

        self.seconds = 0.0
        self._replayed = replayed_seconds()
        self._start = time.perf_counter()
        return self

    def __exit__(self, *exc_info: Any) -> None:
        """Stop timing and store the elapsed seconds."""
        from utils.cache import replayed_seconds

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


def record_result(
    lab: str,
    metric: str,
    value: float,
    *,
    epochs: int | None = None,
    train_seconds: float | None = None,
    note: str | None = None,
    path: os.PathLike | None = None,
) -> dict[str, Any]:
    """Record a headline figure of a lab for the README's results table.

    Writes one JSON line to ``path`` (default: the file named by
    ``MNIST_LABS_RESULTS``, which the full-mode runner sets). With neither,
    nothing is written: students running a notebook leave no files behind.

    Parameters
    ----------
    lab : str
        Notebook name, e.g. ``"01_mlp"``.
    metric : str
        Letters, digits and underscores, e.g. ``"mlp_test_accuracy"``. A metric named with
        ``accuracy`` or ``error_rate`` is a fraction: the table shows it as a percentage.
    value : float
        A fraction from 0 to 1 for an accuracy or an error rate (0.98, not 98).
    epochs : int, optional
    train_seconds : float, optional
    note : str, optional
        What the figure is of, for the table (e.g. the model's shape): one line, no ``|``.
    path : path-like, optional
        A file in an existing folder.

    Returns
    -------
    dict
        The record.

    Raises
    ------
    TypeError, ValueError
        If ``value`` or ``train_seconds`` is not a finite number, ``epochs`` not a whole
        number >= 1, an accuracy not a fraction, or a name or note would break the README's
        table: the table shows only real figures.
    FileNotFoundError, IsADirectoryError
        If ``path`` is in a missing folder, or is a folder.
    """
    if not isinstance(lab, str) or not lab:
        raise TypeError(f"lab: expected a non-empty str, got {lab!r:.40}")
    if not re.fullmatch(r"\d\d(_\w+)?", lab):
        raise ValueError(f"lab: expected a lab's name such as '03_cnn', got {lab!r:.40}")
    metric = check_identifier("metric", metric, example="mlp_test_accuracy")
    value = check_finite_number("value", value)
    if any(word in metric for word in FRACTION_WORDS) and not 0 <= value <= 1:
        hint = f": if {value:g} is a percentage, pass {value / 100:g}" if 1 < value <= 100 else ""
        raise ValueError(f"value: expected a fraction 0 to 1 for {metric!r}, got {value:g}{hint}")
    if epochs is not None:
        epochs = check_count("epochs", epochs)
    if train_seconds is not None and check_finite_number("train_seconds", train_seconds) < 0:
        raise ValueError(f"train_seconds: expected seconds >= 0 or None, got {train_seconds!r}")
    if note is not None:
        note = check_one_line("note", note)
    target = path or os.environ.get(ENV_RESULTS)
    if target:
        target = check_output_file("path" if path else ENV_RESULTS, target)
    record = {
        "lab": lab,
        "metric": metric,
        "value": round(value, 5),
        "epochs": epochs,
        "train_seconds": None if train_seconds is None else round(float(train_seconds), 1),
        "note": note,
        "mode": lab_mode(),
        "recorded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    if target:
        with target.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(record) + "\n")
    return record


def reveal(
    prediction: Any,
    measured: Any,
    *,
    choices: Sequence[str] | None = None,
    name: str = "my_prediction",
) -> None:
    """Print a student's prediction beside what the lab measured ("predict, then run").

    A lab asks for an expectation in a variable (``my_prediction = ...``) before the
    experiment runs, then calls this after it. Ungraded: a missing or unknown prediction is
    said in one line and the lab goes on.

    Parameters
    ----------
    prediction : str, number or Ellipsis
        What the student wrote; ``...`` (the placeholder) means no prediction yet.
    measured : str or number
        What the experiment found: one of ``choices`` when they are given, else a number.
    choices : sequence of str, optional
        The answers the question offered; a prediction is compared without regard to case
        or surrounding spaces.
    name : str, default "my_prediction"
        The variable the student filled in, named in the messages.
    """
    if choices is not None:  # a str's letters would pass for the choices
        choices = check_names("choices", choices, example="('yes', 'no')")
        if measured not in choices:
            raise ValueError(f"measured: expected one of {choices}, got {measured!r}")
    elif isinstance(measured, bool) or not isinstance(measured, int | float | np.number):
        raise TypeError(
            f"measured: expected a number, got {measured!r:.40}: pass choices=[...] for an "
            "answer in words"
        )
    said = f"Measured: {_as_text(measured)}."
    if prediction is Ellipsis or prediction is None:
        print(f"{said} (No prediction in {name}: write one before you run the experiment.)")
        return
    if choices is not None:
        given = str(prediction).strip().lower()
        if given not in [choice.lower() for choice in choices]:
            options = ", ".join(repr(choice) for choice in choices)
            print(f"{said} ({name} = {prediction!r} is not one of {options}.)")
            return
        if given == str(measured).lower():
            print(f"{said} As you predicted.")
        else:
            print(f"{said} You predicted {given}: what did you not expect, and why?")
        return
    if not isinstance(prediction, int | float | np.number) or isinstance(prediction, bool):
        print(f"{said} ({name} = {prediction!r}: expected a number.)")
        return
    print(f"{said} You predicted {_as_text(prediction)}: off by {_as_text(measured - prediction)}.")


def _as_text(value: Any) -> str:
    """Write a measured or predicted value as it reads best: numbers to four digits."""
    if isinstance(value, float | np.floating):  # np.float32 too, which is no Python float
        return f"{value:.4g}"
    return str(value)
