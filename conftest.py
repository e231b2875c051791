"""Settings for every test run, notebooks included (nbval starts kernels that inherit them)."""

import os

os.environ.setdefault("MNIST_LABS_MODE", "quick")  # tests never run the full-mode training

# Lab 01's master runs in tests/test_colab.py instead, opened alone in a simulated Colab: the same
# notebook and the same check that no cell fails, without a second run of it in every suite.
collect_ignore = ["notebooks/01_mlp.ipynb", "tests/tiny_lab"]  # the tiny lab is graded, not run
os.environ.setdefault("MPLBACKEND", "Agg")  # no display on CI

if os.environ.get("PYTEST_XDIST_WORKER"):
    # pytest-xdist runs one worker per core: more threads per worker (TensorFlow, BLAS, joblib
    # processes) only fight over the cores and made the suite twice as slow
    for variable in (
        "OMP_NUM_THREADS",
        "OPENBLAS_NUM_THREADS",
        "MKL_NUM_THREADS",
        "TF_NUM_INTRAOP_THREADS",
        "TF_NUM_INTEROP_THREADS",
        "LOKY_MAX_CPU_COUNT",
    ):
        os.environ.setdefault(variable, "1")
