"""Session setup: what ``utils.setup()`` does at the top of every lab.

It seeds Python's, NumPy's and Keras's random generators, prints one line about the machine
(and, on Colab, where the course came from) and, for an instructor's demo, installs the
training cache (:mod:`utils.cache`). The top floor of the package: it imports the modules it
sets up, and none imports it.
"""

from __future__ import annotations

import contextlib
import os
import platform
import random
import sys
from collections.abc import Iterator

import numpy as np

from utils import cache, colab
from utils.mode import lab_mode
from utils.validation import check_seed

DEFAULT_SEED = 42

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

    On Colab, a line before it says where the course was fetched from, and the course's
    requirements Colab lacks are installed (each with a line), changing no installed package.

    Parameters
    ----------
    seed : int, default 42
        0 to ``2**32 - 1``.
    """
    lab_mode()  # fail early on a bad MNIST_LABS_MODE
    if colab.in_colab():
        origin = colab.course_origin()
        print(f"Course: {colab.course_root()}" + (f", fetched from {origin}." if origin else "."))
        colab.install_missing_requirements()  # what Colab lacks, before a lab needs it
    with native_stderr_silenced():  # TensorFlow's import and device probe
        seed_everything(seed)
        report = environment_report()
    print(report)
    if cache.install():  # an instructor's demo: MNIST_LABS_CACHE names the folder
        print(
            f"Training cache: {cache.cache_folder()} (MNIST_LABS_CACHE). Runs trained before "
            "are loaded, not retrained; each says so in a line starting 'cache:'."
        )
