"""Where the course is on this machine, Google Colab, and the grader of a student version.

The setup cell of every notebook finds the course (on Colab it first clones the course's
public home next to the notebook) and imports this package from it. From then on:

- :func:`in_colab` tells whether the notebook runs on Google Colab;
- :func:`course_root` is the folder that holds ``utils/``, ``data/`` and ``labs/``;
- :func:`course_origin` says where a fetched course came from (for the setup line);
- :func:`grader` makes the otter-grader ``Notebook`` whose ``check`` a student version calls,
  with the lab's public tests found in the course, installing otter-grader first on Colab.

Its errors are about the student's machine, not bugs: in a notebook they show as one line.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import os
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from utils import layout

# the range requirements.txt declares; a test keeps the two in step
OTTER_REQUIREMENT = "otter-grader>=6.1,<8"
# what Colab gets: grader.check only needs otter's Notebook, which reads this course's test files
# alike from 5.7 on; otter 6 and 7 require ipywidgets 8, and Colab ships 7.7, which an install
# must not change, so there pip settles on the newest otter that fits what Colab has
COLAB_OTTER_REQUIREMENT = "otter-grader>=5.7,<8"


class OneLineError(Exception):
    """An error about the student's setup: IPython shows it as one line, without a traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython's hook for how to show an exception
        return [f"{type(self).__name__}: {self}"]


class InstallError(OneLineError, RuntimeError):
    """A package could not be installed without changing what is installed."""


class GraderMissingError(OneLineError, ModuleNotFoundError):
    """otter-grader, which ``grader.check`` needs, is not installed."""


class TestsNotFoundError(OneLineError, FileNotFoundError):
    """A lab's public tests are nowhere to be found."""


def in_colab() -> bool:
    """Tell whether this Python runs on Google Colab (detected by ``google.colab``).

    Returns
    -------
    bool
        True when the module ``google.colab`` is imported or importable.
    """
    if "google.colab" in sys.modules:
        return True
    try:
        return importlib.util.find_spec("google.colab") is not None
    except ModuleNotFoundError:  # no `google` package at all
        return False


def course_root() -> Path:
    """Return the course folder this ``utils`` package was imported from.

    Returns
    -------
    pathlib.Path
        The folder that holds ``utils/`` (and, in a full copy, ``data/`` and ``labs/``).
    """
    return layout.ROOT


def course_origin(root: Path | None = None) -> str | None:
    """Say where a fetched course came from: ``"<git address> (<branch or tag>)"``.

    Parameters
    ----------
    root : pathlib.Path, optional
        The course folder; default :func:`course_root`.

    Returns
    -------
    str or None
        None when ``root`` is not a git clone (a download, an installed package).
    """
    if root is not None and not isinstance(root, str | os.PathLike):
        raise TypeError(f"root: expected a folder, got {type(root).__name__}")
    root = course_root() if root is None else Path(root)
    if not (root / ".git").exists():
        return None

    def git(*arguments: str) -> str:
        done = subprocess.run(
            ["git", "-C", str(root), *arguments], capture_output=True, text=True, check=False
        )
        return done.stdout.strip() if done.returncode == 0 else ""

    address = git("config", "--get", "remote.origin.url")
    if not address:
        return None
    ref = git("rev-parse", "--abbrev-ref", "HEAD")
    if ref == "HEAD":  # a clone of a tag is on a detached HEAD: name the tag
        ref = git("describe", "--tags", "--exact-match")
    return f"{address} ({ref})" if ref else address


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


def install_on_colab(
    requirement: str,
    *,
    run: Callable[..., subprocess.CompletedProcess] = subprocess.run,
) -> None:
    """Install a package into the running kernel's Python, adding packages and changing none.

    Every installed distribution (TensorFlow, Keras and NumPy among them) is held at its version
    by a pip constraints file, so pip picks the newest release of ``requirement`` that fits what
    is there, or fails: an install never up- or downgrades Colab's packages, and Colab never asks
    to restart the session. Like ``%pip``, it runs the kernel's own ``python -m pip``; unlike
    ``%pip``, it prints one line instead of pip's output and IPython's "you may need to restart
    the kernel" note.

    Parameters
    ----------
    requirement : str
        A pip requirement, e.g. ``"otter-grader>=5.7,<8"``.
    run : callable, optional
        Runs the pip command (``subprocess.run``'s signature); tests pass a stand-in.

    Raises
    ------
    InstallError
        If pip fails; the message gives pip's reason, the conflicting constraint when there is one.
    """
    if not isinstance(requirement, str) or not requirement.strip():
        raise ValueError(
            f"requirement: expected a package to install, e.g. 'tqdm', got {requirement!r}"
        )
    start = time.perf_counter()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as constraints:
        constraints.write("\n".join(pinned_versions(installed_distributions())) + "\n")
    # not --quiet: pip then leaves out why a resolution failed (what we capture is never shown)
    command = [sys.executable, "-m", "pip", "install", requirement]
    try:
        done = run([*command, "--constraint", constraints.name], capture_output=True, text=True)
    finally:
        Path(constraints.name).unlink(missing_ok=True)
    if done.returncode != 0:
        raise InstallError(
            f"Could not install {requirement} without changing the installed packages: "
            + pip_failure_reason(f"{done.stdout}\n{done.stderr}", done.returncode)
        )
    importlib.invalidate_caches()  # make the new package importable in this kernel
    name = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]
    print(f"Installed {name} {installed_version(name)} ({time.perf_counter() - start:.0f} s).")


def pip_failure_reason(output: str, returncode: int = 1) -> str:
    """Pick the lines of pip's output that say why it failed, as one line.

    A resolution conflict is told by the lines after "The conflict is caused by:"; otherwise
    the last line that starts with "ERROR:", else the last line.

    Parameters
    ----------
    output : str
        What pip wrote (stdout, where it explains a conflict, then stderr).
    returncode : int
        Its exit code, for when it wrote nothing.

    Returns
    -------
    str
    """
    if not isinstance(output, str):
        raise TypeError(f"output: expected pip's output as str, got {type(output).__name__}")
    lines = [line.strip() for line in output.splitlines() if line.strip()]
    if "The conflict is caused by:" in lines:
        cause = []
        for line in lines[lines.index("The conflict is caused by:") + 1 :]:
            if not re.match(r"(\S+ \S+ depends on|The user requested)", line):
                break
            cause.append(line)
        requested = [line for line in cause if line.startswith("The user requested")]
        depends = [line for line in cause if line not in requested]
        if len(depends) > 2:  # pip lists every version it tried: the newest tells the story
            depends = [depends[0], f"and {len(depends) - 1} older versions alike"]
        if cause:
            return "; ".join(depends + requested)
    errors = [line for line in lines if line.startswith("ERROR:")]
    return (errors or lines or [f"pip exited with {returncode}"])[-1]


def installed_distributions() -> set[str]:
    """List the names of every installed distribution.

    Returns
    -------
    set of str
    """
    names = set()
    for distribution in importlib.metadata.distributions():
        name = distribution.metadata["Name"]
        if name:
            names.add(name)
    return names


def pinned_versions(distributions: Iterable[str]) -> list[str]:
    """Make pip constraints ``name==version`` for the installed ``distributions``.

    Parameters
    ----------
    distributions : iterable of str

    Returns
    -------
    list of str
        Sorted; distributions that are not installed are left out.
    """
    if isinstance(distributions, str):  # its letters would be taken for names, silently
        raise TypeError(f"distributions: expected a list of names, got the str {distributions!r}")
    if not isinstance(distributions, Iterable):
        kind = type(distributions).__name__
        raise TypeError(f"distributions: expected a list of names, got {kind}")
    pins = []
    for name in sorted(set(distributions)):
        version = installed_version(name)
        if version is not None:
            pins.append(f"{name}=={version}")
    return pins


def installed_version(distribution: str) -> str | None:
    """Return the installed version of a distribution, or None."""
    if not isinstance(distribution, str):
        raise TypeError(f"distribution: expected a name, got {type(distribution).__name__}")
    if not distribution.strip():
        raise ValueError("distribution: expected a name, got an empty string")
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
