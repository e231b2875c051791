"""An opt-in cache of training runs, for showing the labs live: a rerun skips training it has done.

Set ``MNIST_LABS_CACHE`` to a folder (or pass ``cache_dir``) and :func:`cached_fit` stores, for
each training run, the trained weights, the optimizer's state and the History, under a key made
of everything that decides the result: the model's architecture and compile settings, its
initial weights (so the seed), the optimizer's state, the data, the ``fit`` arguments, the
callbacks' settings and the Keras version. A rerun with the same key loads them instead of
training, and says so in one line; anything changed trains anew. Unset, it is ``model.fit`` and
nothing more. ``utils.setup()`` calls :func:`install` so that every ``fit`` of a lab goes
through it; :func:`cached_compute` does the same for other slow work (HOG features, scikit-learn
pipelines). The key is built by :mod:`utils.run_key`.
"""

from __future__ import annotations

import contextlib
import copy
import os
import pickle
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np

from utils.cache_record import (
    check_weights,
    file_sha256,
    history_from_json,
    history_to_json,
    read_record,
    write_record,
)
from utils.code_key import Unkeyable, code_key
from utils.random_state import global_random_state, set_global_random_state
from utils.run_key import (  # noqa: F401  (describe, training_key: part of this module's API)
    DESCRIBED,
    REPLAYABLE_CALLBACKS,
    callback_state,
    describe,
    fingerprint,
    library_versions,
    seed_states,
    setting,
    training_key,
)
from utils.timing import add_replayed, epoch_timer

CACHE_ENV = "MNIST_LABS_CACHE"


def cache_folder(cache_dir: os.PathLike | str | None = None) -> Path | None:
    """Return the cache's folder: ``cache_dir``, else ``$MNIST_LABS_CACHE``, else None."""
    chosen = cache_dir if cache_dir is not None else os.environ.get(CACHE_ENV)
    return Path(chosen).expanduser() if chosen else None


def short(error: BaseException, width: int = 160) -> str:
    """Return an error's first line, cut to ``width`` characters: a cache line stays one line."""
    lines = str(error).strip().splitlines() or [type(error).__name__]
    return lines[0] if len(lines[0]) <= width else lines[0][: width - 1] + "…"


def cached_history(record: dict[str, Any], model: Any) -> Any:
    """Return what ``fit`` returns, read back from the cache: a ``keras.callbacks.History``."""
    import keras

    history = keras.callbacks.History()
    _fill_history(history, record, model)
    return history


def _fill_history(history: Any, record: dict[str, Any], model: Any) -> None:
    """Give a History what training would have given it: metrics, epochs, parameters."""
    history.history = history_from_json(record["history"])
    history.epoch = list(record["epoch"])
    history.set_params(dict(record["params"]))
    history.set_model(model)


_plain_fit: Any = None  # keras.Model.fit as it was before install(), while installed


def _train(model: Any, *fit_args: Any, **fit_kwargs: Any) -> Any:
    """Train for real: the original ``fit`` when :func:`install` has replaced it."""
    if _plain_fit is not None:
        return _plain_fit(model, *fit_args, **fit_kwargs)
    return model.fit(*fit_args, **fit_kwargs)


def _unreplayable_callback(fit_kwargs: dict[str, Any]) -> str | None:
    """Name a callback whose effects a cached run could not reproduce, if there is one."""
    callbacks = fit_kwargs.get("callbacks") or []
    if not isinstance(callbacks, list | tuple):  # e.g. a keras CallbackList
        raise Unkeyable(f"callbacks given as a {type(callbacks).__name__}, not a list")
    for callback in callbacks:
        kind = type(callback)
        ours = kind.__module__.startswith(("keras.", "utils."))  # not a class of the same name
        if kind.__name__ not in REPLAYABLE_CALLBACKS or not ours:
            return kind.__name__
    return None


class _Timing:
    """Measure a real run: its wall time and each epoch's (with a timer of cached_fit's own)."""

    def __init__(self) -> None:
        self.clock = epoch_timer()
        self.seconds = 0.0

    def fit(self, model: Any, fit_args: tuple, fit_kwargs: dict[str, Any]) -> Any:
        callbacks = [*(fit_kwargs.get("callbacks") or []), self.clock]
        start = time.perf_counter()
        history = _train(model, *fit_args, **{**fit_kwargs, "callbacks": callbacks})
        self.seconds = time.perf_counter() - start
        return history


def _load(model: Any, key: str, folder: Path, fit_kwargs: dict[str, Any]) -> Any | None:
    """Restore a stored run into ``model`` and its callbacks; None when it is absent or broken.

    A broken entry (unreadable, incomplete, its weights file changed since it was stored)
    leaves the model, its optimizer and the random generators as they were: the run then
    trains anew from its own start.
    """
    record_file = folder / f"{key}.json"
    if not record_file.is_file():
        return None
    if not model.optimizer.built:  # so that the file's optimizer state has a place to go
        model.optimizer.build(model.trainable_variables)
    start = _RunStart(model)
    callbacks = fit_kwargs.get("callbacks") or []
    try:
        record = read_record(record_file, len(callbacks))
        check_weights(folder / record["weights"], record["weights_sha256"])
        # the weights and the optimizer's state (steps, moments), as the record names them
        model.load_weights(folder / record["weights"])
        _set_seed_states(model, record["seed_states"])
        set_global_random_state(record["random_state"])  # as the real run left the generators
    except (OSError, ValueError, KeyError, TypeError, IndexError) as error:
        start.restore()  # train anew from where this run starts, not half-loaded
        print(f"cache: {record_file.name} unreadable ({type(error).__name__}): training anew")
        return None
    for callback, state in zip(callbacks, record["callbacks"], strict=True):
        for name, value in state.items():
            setattr(callback, name, value)
        if _is_history(callback):  # a History of the notebook's own, passed as a callback
            _fill_history(callback, record, model)
    add_replayed(record["seconds"])
    epochs = len(record["epoch"])
    print(
        f"cache: {model.name}, {epochs} epoch(s) loaded from {folder} (key {key}), not trained "
        f"(training took {record['seconds']:.0f} s)"
    )
    history = cached_history(record, model)
    if fit_kwargs.get("verbose", "auto"):  # the epochs' figures, as training would have shown
        print_epochs(history.history)
    model.history = history
    return history


def _is_history(callback: Any) -> bool:
    import keras

    return isinstance(callback, keras.callbacks.History)


class _RunStart:
    """What a run starts from, to go back to when loading it fails part way."""

    def __init__(self, model: Any) -> None:
        self.model = model
        self.weights = model.get_weights()
        self.optimizer = [np.asarray(v) for v in model.optimizer.variables]
        self.seeds = [np.asarray(v) for v in seed_states(model)]
        self.random = global_random_state()

    def restore(self) -> None:
        """Put the model, its optimizer and the random generators back as they were."""
        self.model.set_weights(self.weights)
        for variable, value in zip(self.model.optimizer.variables, self.optimizer, strict=True):
            variable.assign(value)
        for variable, value in zip(seed_states(self.model), self.seeds, strict=True):
            variable.assign(value)
        set_global_random_state(self.random)


def _set_seed_states(model: Any, values: list) -> None:
    """Set the random layers' states to ``values``; ValueError if they do not fit the model."""
    variables = seed_states(model)
    if len(values) != len(variables):
        raise ValueError("another number of random layers")
    for variable, value in zip(variables, values, strict=True):
        if tuple(variable.shape) != np.shape(value):
            raise ValueError("random layers of another shape")
        variable.assign(np.asarray(value, dtype=variable.dtype))


def print_epochs(history: dict[str, list[Any]]) -> None:
    """Print one line of metrics per epoch of a loaded run, as Keras's ``verbose=2`` does."""
    epochs = len(next(iter(history.values()), []))
    for epoch in range(epochs):
        figures = " - ".join(f"{name}: {_shown(values[epoch])}" for name, values in history.items())
        print(f"Epoch {epoch + 1}/{epochs} (loaded) - {figures}")


def _shown(value: Any) -> str:
    """Show a metric as Keras does: a number to four decimals, an array as its values."""
    return f"{value:.4f}" if np.ndim(value) == 0 else np.array2string(np.asarray(value), 4)


def _store(
    model: Any,
    key: str,
    folder: Path,
    history: Any,
    timing: _Timing,
    callbacks: list | None,
    random_after: dict[str, Any],
) -> None:
    """Write a finished run: its own weights file, then the record that names it.

    Each write has a weights file of its own, so that two kernels storing the same run at once
    cannot pair one's History with the other's weights. A failure to write (a full disk, a
    read-only folder, a metric JSON cannot hold) costs the cache entry, not the training: it
    says so and goes on.
    """
    weights = f"{key}-{uuid.uuid4().hex[:12]}.weights.h5"
    partial = folder / f".{weights}.partial.weights.h5"
    try:
        record = {  # made first: what cannot be stored is found before any file is written
            "weights": weights,
            "history": history_to_json(history.history),
            "epoch": [int(e) for e in history.epoch],
            "params": {
                k: v for k, v in (history.params or {}).items() if isinstance(v, int | float | str)
            },
            "seconds": float(timing.seconds),
            "epoch_seconds": [float(s) for s in timing.clock.seconds],
            "callbacks": [callback_state(callback) for callback in callbacks or []],
            "seed_states": [np.asarray(v).tolist() for v in seed_states(model)],
            "random_state": random_after,
        }
        folder.mkdir(parents=True, exist_ok=True)
        model.save_weights(partial)  # Keras stores the optimizer's variables in it too
        with open(partial, "rb+") as stream:  # on disk before the record that names it
            os.fsync(stream.fileno())
        record["weights_sha256"] = file_sha256(partial)
        os.replace(partial, folder / weights)
        write_record(folder / f"{key}.json", record)  # last: once its weights are in place
    except (OSError, TypeError, ValueError) as error:
        with contextlib.suppress(OSError):  # (where there is a folder to remove it from)
            partial.unlink(missing_ok=True)
        print(f"cache: {model.name} trained but not stored in {folder} ({short(error)})")


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
    A cached run restores the trained weights, the optimizer's state (so further training
    continues as it did) and what the callbacks recorded (EarlyStopping's ``stopped_epoch``, an
    :func:`utils.epoch_timer`'s seconds). A callback that could do more than record (write a
    file, draw) makes the run train for real. The time the run took is booked with
    :func:`utils.timing.add_replayed`, for :class:`utils.Stopwatch`.
    """
    folder = cache_folder(cache_dir)
    if folder is None:
        return _train(model, *fit_args, **fit_kwargs)
    streams = _described(fit_args, fit_kwargs)
    try:
        other = _unreplayable_callback(fit_kwargs)
        if other:
            raise Unkeyable(f"its callback {other} may do more than record")
        _check_fresh(streams)
        key = training_key(model, fit_args, fit_kwargs)
    except Unkeyable as error:  # e.g. a tf.data dataset, a subclassed model
        print(f"cache: not used for {model.name} ({short(error)}): training")
        _mark_used(streams, "trained")
        return _train(model, *fit_args, **fit_kwargs)
    history = _load(model, key, folder, fit_kwargs)
    _mark_used(streams, "trained" if history is None else "loaded")
    if history is not None:
        return history
    timing = _Timing()
    history = timing.fit(model, fit_args, fit_kwargs)
    random_after = global_random_state()  # what a loaded run sets the generators to
    _store(model, key, folder, history, timing, fit_kwargs.get("callbacks"), random_after)
    return history


USES = "_mnist_labs_fits"  # set on a described stream: the fits it served, "trained" or "loaded"


def _described(fit_args: tuple, fit_kwargs: dict[str, Any]) -> list[Any]:
    """List the described streams (:func:`utils.run_key.describe`) a fit is given."""
    given = [*fit_args, fit_kwargs.get("x"), fit_kwargs.get("validation_data")]
    return [value for value in given if getattr(value, DESCRIBED, None) is not None]


def _check_fresh(streams: list[Any]) -> None:
    """Refuse a stream an earlier fit used: its next pass shuffles otherwise, unkeyably."""
    for stream in streams:
        uses = getattr(stream, USES, [])
        if uses:
            after = (
                "; it was loaded then, so this pass is not the one a real run would draw"
                if "loaded" in uses
                else ""
            )
            raise Unkeyable(
                f"this stream served an earlier fit{after}: make a new stream for each fit"
            )


def _mark_used(streams: list[Any], how: str) -> None:
    for stream in streams:
        setattr(stream, USES, [*getattr(stream, USES, []), how])


def _timed(function: Any, code: str, args: tuple, kwargs: dict, unkeyed: dict) -> tuple:
    """Return ``function``'s result, the seconds it took and the result's checksum.

    What :func:`cached_compute` stores. ``code`` is there for the key only: a changed function
    is computed anew. The checksum is checked when the result is loaded: a damaged file is
    computed anew, never returned.
    """
    import joblib

    start = time.perf_counter()
    result = function(*args, **kwargs, **unkeyed)
    return result, time.perf_counter() - start, joblib.hash(result)


def cached_compute(
    what: str,
    function: Any,
    *args: Any,
    unkeyed: dict[str, Any] | None = None,
    depends_on: tuple[Any, ...] = (),
    quiet: bool = False,
    cache_dir: os.PathLike | str | None = None,
    **kwargs: Any,
) -> Any:
    """``function(*args, **kwargs)``, or its stored result when this call was made before.

    For slow computations other than training (HOG features of 60,000 digits), stored with
    ``joblib.Memory`` in the cache's ``computed`` folder, keyed by the arguments and the
    function's source code.

    Parameters
    ----------
    what : str
        What is computed, for the line a cached call prints ("HOG features of 70,000 images").
    function : callable
        A module-level function (joblib names the stored results after it).
    *args, **kwargs
        Its arguments, all part of the key.
    unkeyed : dict, optional
        Arguments that cannot change the result (worker count, a progress bar): not keyed.
    depends_on : tuple, optional
        What else decides the result, keyed too: the functions ``function`` calls (by their
        code), library versions.
    quiet : bool, default False
        Print nothing when the result is loaded.
    cache_dir : path-like, optional
        The cache's folder; by default ``$MNIST_LABS_CACHE``. With neither, no cache.

    Returns
    -------
    object
        What ``function`` returns.
    """
    from joblib import Memory

    unkeyed = unkeyed or {}
    folder = cache_folder(cache_dir)
    if folder is None:
        return function(*args, **kwargs, **unkeyed)
    try:  # the function by its code and all it reads; what else decides the result
        code = fingerprint([code_key(function), [setting(part) for part in depends_on]])
    except Unkeyable as error:
        print(f"cache: not used for {what} ({short(error)}): computing")
        return function(*args, **kwargs, **unkeyed)
    call = (function, code, args, kwargs, unkeyed)
    try:
        stored = Memory(folder / "computed", verbose=0).cache(_timed, ignore=["unkeyed"])
        loaded = _load_computed(stored, call, what)
    except OSError as error:  # the folder unusable (a file, read-only): compute, and say so
        print(f"cache: not used for {what} ({short(error)}): computing")
        return function(*args, **kwargs, **unkeyed)
    if loaded is None:
        with _store_failures_said(what):
            return stored(*call)[0]
    result, seconds = loaded
    add_replayed(seconds)
    if not quiet:
        print(f"cache: {what} loaded from {folder}, not computed (computing took {seconds:.0f} s)")
    return result


def _load_computed(stored: Any, call: tuple, what: str) -> tuple[Any, float] | None:
    """Return a stored result and its seconds, or None when there is none or it is damaged.

    A damaged entry (unreadable, or its result not the one stored: checksum) is removed, so
    that computing stores it anew, and a line says so.
    """
    import joblib

    if not stored.check_call_in_cache(*call):
        return None
    shelved = stored.call_and_shelve(*call)  # in the cache: a reference, nothing computed
    try:
        result, seconds, checksum = shelved.get()
        if joblib.hash(result) != checksum:
            raise ValueError("its result is not the one stored (checksum)")
        return result, float(seconds)
    except Exception as error:  # a damaged pickle raises whatever unpickling meets
        print(f"cache: {what} stored unreadable ({short(error)}): computing anew")
        shelved.clear()
        return None


@contextlib.contextmanager
def _store_failures_said(what: str) -> Iterator[None]:
    """Say in one line when joblib cannot store a result, instead of its confusing warning.

    (joblib words any failure to store as "Possibly a race condition in the creation of the
    directory"; the result is still returned, only not stored.)
    """
    import warnings

    from joblib.memory import CacheWarning

    shown = warnings.showwarning

    def show(message, category, *args, **kwargs):
        if issubclass(category, CacheWarning) or "Unable to cache" in str(message):
            why = str(message).split("Exception:", 1)[-1].strip().rstrip(".")
            print(f"cache: {what} computed but not stored ({short(why)})")
        else:
            shown(message, category, *args, **kwargs)

    with warnings.catch_warnings():
        warnings.simplefilter("always", CacheWarning)
        warnings.simplefilter("always", FutureWarning)
        warnings.showwarning = show
        yield


def _fit_a_copy(
    x: Any, y: Any, params: dict[str, Any], *, pipeline: Any, fit: Any
) -> tuple[bytes, dict]:
    """Return a copy of ``pipeline`` fitted by ``fit``, pickled, and the global random state.

    What :func:`cached_compute` stores for a fit. The copy is a deep copy, state and all, so
    that it fits as the pipeline itself would (``warm_start`` continues, attributes set by hand
    stay). A step with ``random_state=None`` draws from NumPy's global generator, so a loaded fit
    sets it as the real fit left it. ``pipeline`` and ``fit`` (scikit-learn's own
    ``Pipeline.fit``) are passed unkeyed: the pipeline is keyed by
    :func:`utils.code_key.code_key` instead, since joblib's hash of a function of the
    notebook's own changes from one kernel to the next wherever TensorFlow has imported dill.
    """
    fitted = fit(copy.deepcopy(pipeline), x, y, **params)
    # pickled here with Python's own pickler, which names a step class of the notebook's
    # (__main__.Times) rather than copy it: joblib's pickler fails on those wherever
    # TensorFlow has imported dill. A rerun defines the class again before its fit is loaded.
    return pickle.dumps(fitted), global_random_state()


def _fit_pipeline(pipeline: Any, *args: Any, **kwargs: Any) -> Any:
    """Fit for real: scikit-learn's own ``Pipeline.fit``, even once :func:`install` replaced it."""
    from sklearn.pipeline import Pipeline

    return (_plain_pipeline_fit or Pipeline.fit)(pipeline, *args, **kwargs)


def _adopt(pipeline: Any, fitted: Any) -> Any:
    """Make ``pipeline`` and the step objects it holds the fitted ones, as ``fit`` leaves them.

    scikit-learn's ``Pipeline.fit`` fits the very step objects the user made: after
    ``make_pipeline(scaler, model).fit(x, y)``, ``model.coef_`` exists, and so does a nested
    pipeline's steps'. The stored pipeline is a fitted copy, so its steps' state is copied into
    the user's objects.
    """
    from sklearn.pipeline import Pipeline

    for (_, mine), (_, theirs) in zip(pipeline.steps, fitted.steps, strict=True):
        if mine is None or isinstance(mine, str) or mine is theirs:  # "passthrough"
            continue
        if isinstance(mine, Pipeline):
            _adopt(mine, theirs)
            continue
        vars(mine).clear()
        vars(mine).update(vars(theirs))
    vars(pipeline).update({k: v for k, v in vars(fitted).items() if k != "steps"})
    return pipeline


def _pipeline_refusal(pipeline: Any) -> str | None:
    """Say why a pipeline's fit cannot be cached, or return None.

    A step holding a random generator object (``random_state=np.random.RandomState(0)``)
    advances it as it fits, which a loaded fit could not do; a step that cannot be pickled
    cannot be stored (found before fitting, so that the fit happens once).
    """
    for name, value in pipeline.get_params(deep=True).items():
        if isinstance(value, np.random.RandomState | np.random.Generator):
            return f"{name} is a random generator the fit would advance"
    try:
        pickle.dumps(pipeline)
    except Exception as error:  # whatever pickling meets: a lambda, a lock
        return f"a step cannot be stored ({short(error)})"
    return None


def cached_pipeline_fit(
    pipeline: Any, x: Any, y: Any = None, *, cache_dir: os.PathLike | str | None = None, **params
) -> Any:
    """``pipeline.fit(x, y, **params)``, or the fitted pipeline stored when it was done before.

    Keyed by the pipeline's steps, settings and state (with the code of any step or function of
    the notebook's own), the data, and NumPy's and Python's global random state (a step with
    ``random_state=None`` draws from it). As with scikit-learn's own ``fit``, the pipeline and
    the step objects it holds end up fitted, and the global generators where the fit left them.
    """
    if cache_folder(cache_dir) is None:
        return _fit_pipeline(pipeline, x, y, **params)
    from sklearn.utils.validation import _num_samples

    before = global_random_state()
    try:
        what = f"{type(pipeline.steps[-1][1]).__name__} pipeline fitted on "
        what += f"{_num_samples(x):,} examples"
        refusal = _pipeline_refusal(pipeline)
        if refusal:
            raise Unkeyable(refusal)
        depends_on = (
            code_key(pipeline, "the pipeline"),
            library_versions("sklearn", "numpy", "scipy"),
            before["numpy"],
            before["python"],
        )
        fitted, random_after = cached_compute(
            what,
            _fit_a_copy,
            *(x, y, params),
            unkeyed={"pipeline": pipeline, "fit": _fit_pipeline},
            depends_on=depends_on,
            cache_dir=cache_dir,
        )
        fitted = pickle.loads(fitted)
    except (TypeError, ValueError, AttributeError, pickle.PickleError) as error:
        print(f"cache: not used for the pipeline ({short(error)}): fitting")
        set_global_random_state(before)  # as if nothing had been tried: one real fit
        return _fit_pipeline(pipeline, x, y, **params)
    set_global_random_state(random_after)
    return _adopt(pipeline, fitted)


_plain_pipeline_fit: Any = None  # sklearn's Pipeline.fit, kept by install()


def install(cache_dir: os.PathLike | str | None = None) -> bool:
    """Send every ``keras.Model.fit`` and scikit-learn ``Pipeline.fit`` through the cache.

    ``utils.setup()`` calls it, so that a lab reruns from its cache with no change to its code.

    Parameters
    ----------
    cache_dir : path-like, optional
        The cache's folder; by default ``$MNIST_LABS_CACHE``. With neither, nothing changes.

    Returns
    -------
    bool
        Whether training is now cached.
    """
    global _plain_fit, _plain_pipeline_fit
    import keras
    from sklearn.pipeline import Pipeline

    folder = cache_folder(cache_dir)
    if folder is None:
        return False
    if _plain_fit is None:
        _plain_fit = keras.Model.fit
    if _plain_pipeline_fit is None:
        _plain_pipeline_fit = Pipeline.fit

    def fit(model: Any, *fit_args: Any, **fit_kwargs: Any) -> Any:
        return cached_fit(model, *fit_args, cache_dir=folder, **fit_kwargs)

    def pipeline_fit(pipeline: Any, x: Any, y: Any = None, **params: Any) -> Any:
        return cached_pipeline_fit(pipeline, x, y, cache_dir=folder, **params)

    fit.__doc__, pipeline_fit.__doc__ = _plain_fit.__doc__, _plain_pipeline_fit.__doc__
    keras.Model.fit, Pipeline.fit = fit, pipeline_fit
    return True
