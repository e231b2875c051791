"""Settings for every test run, notebooks included (nbval's kernels inherit them).

The run's order is set in ``tests/conftest.py``.
"""

import os

from utils.session import ONE_THREAD_VARIABLES

os.environ.setdefault("MNIST_LABS_MODE", "quick")  # tests never run the full-mode training
os.environ.setdefault("MPLBACKEND", "Agg")  # no display on CI

# The tests' tiny lab is graded by tests/grading/test_grader.py, not run as a notebook.
collect_ignore = ["tests/tiny_lab"]

if os.environ.get("PYTEST_XDIST_WORKER"):
    # pytest-xdist runs one worker per core: more threads per worker (TensorFlow, BLAS, joblib
    # processes) only fight over the cores and made the suite twice as slow
    for variable in ONE_THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")
