"""Settings for every test run, notebooks included (nbval's kernels inherit them), and its order."""

import os

from utils.lab import ONE_THREAD_VARIABLES

os.environ.setdefault("MNIST_LABS_MODE", "quick")  # tests never run the full-mode training
os.environ.setdefault("MPLBACKEND", "Agg")  # no display on CI

# The tests' tiny lab is graded by tests/test_grader.py, not run as a notebook.
collect_ignore = ["tests/tiny_lab"]

# The slowest scopes start first, so that the short tests fill the end of the run on every worker.
SLOW_FIRST = (
    "tests/test_grading.py",
    "tests/test_labs.py",  # one scope of two minutes: started late, it would end the run alone
    "tests/test_grader.py",
    "tests/test_colab.py",
    "tests/test_cache.py",
    "tests/test_cache_edits.py",
)


def pytest_collection_modifyitems(items: list) -> None:
    """Order the collected tests: the slow files first, the rest as collected."""

    def rank(item) -> int:
        path = item.nodeid.split("::")[0]
        return SLOW_FIRST.index(path) if path in SLOW_FIRST else len(SLOW_FIRST)

    items.sort(key=rank)


if os.environ.get("PYTEST_XDIST_WORKER"):
    # pytest-xdist runs one worker per core: more threads per worker (TensorFlow, BLAS, joblib
    # processes) only fight over the cores and made the suite twice as slow
    for variable in ONE_THREAD_VARIABLES:
        os.environ.setdefault(variable, "1")
