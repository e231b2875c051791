"""The grader of a student version: ``grader = utils.grader("03_cnn")``, then ``grader.check``.

:func:`grader` makes otter-grader's ``Notebook`` with the lab's public tests found in the
course (:func:`lab_tests`), installing otter-grader first on Colab (:mod:`utils.colab`).
Its errors are about the student's machine, not bugs: in a notebook they show as one line.
"""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from utils import layout
from utils.colab import OneLineError, course_root, in_colab, install_on_colab

# the range requirements.txt declares; a test keeps the two in step
OTTER_REQUIREMENT = "otter-grader>=6.1,<8"
# what Colab gets: grader.check only needs otter's Notebook, which reads this course's test files
# alike from 5.7 on; otter 6 and 7 require ipywidgets 8, and Colab ships 7.7, which an install
# must not change, so there pip settles on the newest otter that fits what Colab has
COLAB_OTTER_REQUIREMENT = "otter-grader>=5.7,<8"


class GraderMissingError(OneLineError, ModuleNotFoundError):
    """otter-grader, which ``grader.check`` needs, is not installed."""


class TestsNotFoundError(OneLineError, FileNotFoundError):
    """A lab's public tests are nowhere to be found."""


def lab_tests(lab: str, *, root: Path | None = None, cwd: Path | None = None) -> Path:
    """Find the folder of a lab's public tests, for the grader of its student version.

    Looks in the course (``labs/<lab>/student/tests``), then in ``tests/`` of the working
    directory if the lab's notebook is there too (a student version in a folder of its own,
    with the course installed): another folder's ``tests/`` is never taken for the lab's.

    Parameters
    ----------
    lab : str
        The lab's name, e.g. ``"03_cnn"``.
    root, cwd : pathlib.Path, optional
        The course folder and the working directory; default the real ones.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        If ``lab`` is not a lab name such as ``"03_cnn"``.
    TestsNotFoundError
        If neither folder holds the lab's tests; the message names both.
    """
    check_lab_name(lab)
    for name, folder in (("root", root), ("cwd", cwd)):
        if folder is not None and not isinstance(folder, str | os.PathLike):
            raise TypeError(f"{name}: expected a folder, got {type(folder).__name__}")
    root = course_root() if root is None else Path(root)
    cwd = Path.cwd() if cwd is None else Path(cwd)
    candidates = [root / "labs" / lab / "student" / "tests", cwd / "tests"]
    beside_notebook = (cwd / f"{lab}.ipynb").is_file()
    for folder in candidates if beside_notebook else candidates[:1]:
        if folder.is_dir() and any(folder.glob("*.py")):
            return folder
    raise TestsNotFoundError(
        f"No tests for lab {lab} in {candidates[0]} or {candidates[1]}: open the student "
        f"version from the course's labs/{lab}/student/ folder, or on Colab from its badge."
    )


def grader(lab: str) -> Any:
    """Make the grader of a student version: ``grader.check("q1_...")`` checks an answer.

    On Colab, otter-grader is installed first if it is missing (see :func:`install_on_colab`).

    Parameters
    ----------
    lab : str
        The lab's name, e.g. ``"03_cnn"``.

    Returns
    -------
    otter.Notebook
        Reads the lab's public tests from :func:`lab_tests`.

    Raises
    ------
    GraderMissingError
        Outside Colab, if otter-grader is not installed; the message says how to install it.
    InstallError
        On Colab, if otter-grader can't be installed without changing an installed package.
    """
    check_lab_name(lab)
    if importlib.util.find_spec("otter") is None:
        if not in_colab():
            raise GraderMissingError(
                f"grader.check needs otter-grader: pip install '{OTTER_REQUIREMENT}' "
                "(it is in the course's requirements.txt)."
            )
        install_on_colab(COLAB_OTTER_REQUIREMENT)
    import otter

    if getattr(otter.Notebook, "_grading_mode", False):  # otter is grading: it brings the tests
        return otter.Notebook()
    tests = lab_tests(lab)
    # the notebook's own file, when it sits in the working directory (otter reads its metadata);
    # on Colab it does not, and otter must then not look for it
    notebook = Path(f"{lab}.ipynb")
    return otter.Notebook(str(notebook) if notebook.is_file() else None, tests_dir=str(tests))


def check_lab_name(lab: str) -> None:
    """Raise a ValueError unless ``lab`` is a lab name such as ``"03_cnn"``."""
    if not isinstance(lab, str) or not layout.is_lab_name(lab):
        raise ValueError(f"lab={lab!r}: expected a lab name such as '03_cnn'.")
