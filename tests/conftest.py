"""Shared fixtures: small MNIST-like data and the repository root."""

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from utils import layout
from utils.layout import ROOT

# the grading round trips keep each lab's quick-mode run here (git-ignored): the site test, and
# an instructor after the suite, build a site from them (tools/build_site.py --source ...)
QUICK_RUNS = ROOT / "results" / "quick"
QUICK_RUN_MARKS = "quick-runs-done"  # in the run's shared folder: one empty file per lab graded


def make_mnist_like(n_train: int = 40, n_test: int = 20, seed: int = 0) -> dict[str, np.ndarray]:
    """Arrays in the layout of mnist.npz, every class present."""
    rng = np.random.default_rng(seed)
    return {
        "x_train": rng.integers(0, 256, size=(n_train, 28, 28), dtype=np.uint8),
        "y_train": (np.arange(n_train) % 10).astype(np.uint8),
        "x_test": rng.integers(0, 256, size=(n_test, 28, 28), dtype=np.uint8),
        "y_test": (np.arange(n_test) % 10).astype(np.uint8),
    }


@pytest.fixture
def mnist_file(tmp_path: Path) -> Path:
    """A small valid MNIST-layout .npz file."""
    path = tmp_path / "mnist.npz"
    np.savez_compressed(path, **make_mnist_like())
    return path


@pytest.fixture(scope="session")
def assigned_labs(tmp_path_factory) -> dict[str, Path]:
    """Lab name → folder of a fresh ``otter assign`` of its master notebook, made once."""
    from instructors import build

    folders = {}
    for master in build.graded_notebooks():
        folders[master.stem] = tmp_path_factory.mktemp("assigned") / master.stem
        build.assign(master, folders[master.stem])
    return folders


# The run's order, owned here. pytest-xdist keeps it (``--no-loadscope-reorder``): the slowest
# scopes start first, so that the two workers share them out and the many short tests fill in
# around them, rather than one long scope ending the run on one worker alone.
FIRST = ("::TestGrading_", "::TestStandaloneAutograder")  # each a whole lab run in a kernel
SLOW_FILES = (
    "tests/grading/test_grading.py",
    "tests/labs/test_labs.py",  # one scope of two minutes: started late, it would end the run alone
    "tests/grading/test_grader.py",
    "tests/integration/test_colab.py",
    "tests/cache/test_cache.py",
    "tests/cache/test_cache_edits.py",
    "tests/instructors/test_new_lab.py",  # a new lab built, graded, released: about 40 s
)
LAST = ("::TestSiteOfTheQuickRuns",)  # waits for the grading round trips' runs: queued after all


def run_rank(nodeid: str) -> int:
    """Return where a test goes in the run: the lab runs, the slow files, the rest, the last."""
    if any(marker in nodeid for marker in FIRST):
        return 0
    if any(marker in nodeid for marker in LAST):
        return len(SLOW_FILES) + 2
    path = nodeid.split("::")[0]
    return 1 + (SLOW_FILES.index(path) if path in SLOW_FILES else len(SLOW_FILES))


def pytest_collection_modifyitems(config, items):
    """Order the run (:func:`run_rank`); each group keeps its collection order."""
    items.sort(key=lambda item: run_rank(item.nodeid))


@pytest.fixture(scope="session")
def shared_folder(tmp_path_factory) -> Path:
    """A folder every test worker of this run shares (pytest-xdist gives each its own below it)."""
    base = tmp_path_factory.getbasetemp()
    return base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base


def answer_cells(assigned: Path, lab: str) -> tuple[dict, list[tuple[dict, dict]]]:
    """The assigned student notebook, and its answer cells each paired with the solution's cell.

    The student and autograder versions align cell by cell and differ only in the answers.
    """
    student, solved = (
        json.loads((assigned / version / f"{lab}.ipynb").read_text(encoding="utf-8"))
        for version in ("student", "autograder")
    )
    assert len(student["cells"]) == len(solved["cells"]), "versions should align cell by cell"
    pairs = [  # the title differs by the student version's Colab badge, when a home is set
        (mine, answer)
        for mine, answer in zip(student["cells"][1:], solved["cells"][1:], strict=True)
        if mine["source"] != answer["source"]
    ]
    assert all("..." in "".join(mine["source"]) for mine, _ in pairs), "only answers may differ"
    return student, pairs


# --- the student release, published to a stand-in public home (a local git repository) --------


class CourseHome:
    """A bare git repository holding a fresh student release, as the course's public home."""

    def __init__(self, folder: Path):
        from instructors import release

        self.bare = folder / "home.git"
        subprocess.run(["git", "init", "-q", "--bare", "-b", "main", str(self.bare)], check=True)
        self.home = layout.Home("example/mnist-keras-labs", "main", address=self.bare.as_uri())
        self.commit = release.publish(self.home.clone_url, self.home.ref, self.home)
        self.tree = folder / "release"
        subprocess.run(["git", "clone", "-q", self.home.clone_url, str(self.tree)], check=True)

    def private_copy(self, folder: Path):
        """Another home with the same release, that a test may break without disturbing others."""

        bare = folder / "private-home.git"
        subprocess.run(["git", "clone", "-q", "--bare", str(self.bare), str(bare)], check=True)
        return layout.Home(self.home.repository, "main", address=bare.as_uri()), bare


@pytest.fixture(scope="session")
def course_home(tmp_path_factory) -> CourseHome:
    """The student release, published once per test worker to a local stand-in home."""
    return CourseHome(tmp_path_factory.mktemp("course_home"))


def otter_run(zip_path: Path, submission: Path, environment: dict[str, str]) -> dict:
    """Grade ``submission`` with ``otter run`` in its own folder, as outside this repository;
    return otter's results.json (Gradescope's format)."""
    output = submission.parent / "otter-output"
    output.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "otter", "run", "--no-logo", "-a", str(zip_path)]
        + ["-o", str(output), submission.name],
        cwd=submission.parent,
        env=environment,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return output / "results.json"
