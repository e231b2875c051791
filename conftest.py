"""Settings for every test run, notebooks included (nbval starts kernels that inherit them)."""

import os

from utils.lab import ONE_THREAD_VARIABLES

os.environ.setdefault("MNIST_LABS_MODE", "quick")  # tests never run the full-mode training
os.environ.setdefault("MPLBACKEND", "Agg")  # no display on CI

# Lab 01's master runs in tests/test_colab.py instead, opened alone in a simulated Colab: the same
# notebook and the same check that no cell fails, without a second run of it in every suite.
# The tests' tiny lab is graded by tests/test_grader.py, not run.
collect_ignore = ["notebooks/01_mlp.ipynb", "tests/tiny_lab"]

if os.environ.get("PYTEST_XDIST_WORKER"):
    # pytest-xdist runs one worker per core: more threads per worker (TensorFlow, BLAS, joblib
    # processes) only fight over the cores and made the suite twice as slow
    for variable in ONE_THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")
