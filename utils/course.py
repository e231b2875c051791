"""Where the course is on this machine, Google Colab, and the grader of a student version.

The setup cell of every notebook finds the course (on Colab it first clones the course's
public home next to the notebook) and imports this package from it. From then on:

- :func:`in_colab` tells whether the notebook runs on Google Colab;
- :func:`course_root` is the folder that holds ``utils/``, ``data/`` and ``labs/``;
- :func:`course_origin` says where a fetched course came from (for the setup line);
- :func:`grader` makes the otter-grader ``Notebook`` whose ``check`` a student version calls,
  with the lab's public tests found in the course, installing otter-grader first on Colab.
"""

from __future__ import annotations

import importlib
import importlib.metadata
import importlib.util
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

# the range requirements.txt declares; a test keeps the two in step
OTTER_REQUIREMENT = "otter-grader>=6.1,<8"
# never changed by an install on Colab, even when the kernel has not imported them yet
PROTECTED_DISTRIBUTIONS = ("tensorflow", "keras", "numpy")
LAB_NAME = re.compile(r"\d\d_[a-z0-9_]+")


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
    return Path(__file__).resolve().parent.parent


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

    Looks in the course (``labs/<lab>/student/tests``), then in ``tests/`` beside the working
    directory (a student version opened from its own folder, with the course installed).

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
    FileNotFoundError
        If neither folder holds test files; the message names both.
    """
    check_lab_name(lab)
    root = course_root() if root is None else Path(root)
    cwd = Path.cwd() if cwd is None else Path(cwd)
    candidates = [root / "labs" / lab / "student" / "tests", cwd / "tests"]
    for folder in candidates:
        if folder.is_dir() and any(folder.glob("*.py")):
            return folder
    raise FileNotFoundError(
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
    ModuleNotFoundError
        Outside Colab, if otter-grader is not installed; the message says how to install it.
    """
    check_lab_name(lab)
    if importlib.util.find_spec("otter") is None:
        if not in_colab():
            raise ModuleNotFoundError(
                f"grader.check needs otter-grader: pip install '{OTTER_REQUIREMENT}' "
                "(it is in the course's requirements.txt)."
            )
        install_on_colab(OTTER_REQUIREMENT)
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
    if not isinstance(lab, str) or not LAB_NAME.fullmatch(lab):
        raise ValueError(f"lab={lab!r}: expected a lab name such as '03_cnn'.")


def install_on_colab(
    requirement: str,
    *,
    run: Callable[..., subprocess.CompletedProcess] = subprocess.run,
) -> None:
    """Install a package into the running kernel's Python without changing what it has loaded.

    Every distribution the kernel has already imported, and TensorFlow, Keras and NumPy, is held
    at its installed version by a pip constraints file: the install can add packages but never
    up- or downgrade those, so Colab never asks to restart the runtime. Like ``%pip``, it runs the
    kernel's own ``python -m pip``; unlike ``%pip``, it prints one line instead of pip's output
    and IPython's "you may need to restart the kernel" note.

    Parameters
    ----------
    requirement : str
        A pip requirement, e.g. ``"otter-grader>=6.1,<8"``.
    run : callable, optional
        Runs the pip command (``subprocess.run``'s signature); tests pass a stand-in.

    Raises
    ------
    RuntimeError
        If pip fails; the message gives pip's last error line.
    """
    start = time.perf_counter()
    with tempfile.NamedTemporaryFile("w", suffix=".txt", delete=False) as constraints:
        constraints.write("\n".join(pinned_versions(imported_distributions())) + "\n")
    command = [sys.executable, "-m", "pip", "install", "--quiet", requirement]
    done = run([*command, "--constraint", constraints.name], capture_output=True, text=True)
    Path(constraints.name).unlink(missing_ok=True)
    if done.returncode != 0:
        errors = [line for line in done.stderr.splitlines() if line.strip()]
        reason = errors[-1] if errors else f"pip exited with {done.returncode}"
        raise RuntimeError(f"Could not install {requirement} on Colab: {reason}")
    importlib.invalidate_caches()  # make the new package importable in this kernel
    name = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]
    print(f"Installed {name} {installed_version(name)} ({time.perf_counter() - start:.0f} s).")


def imported_distributions(modules: Iterable[str] | None = None) -> set[str]:
    """List the distributions of the modules imported so far, and the protected ones.

    Parameters
    ----------
    modules : iterable of str, optional
        Module names; default ``sys.modules``.

    Returns
    -------
    set of str
        Distribution names, e.g. ``{"numpy", "ipykernel", ...}``.
    """
    providers = importlib.metadata.packages_distributions()
    top_levels = {name.split(".")[0] for name in (sys.modules if modules is None else modules)}
    names = {dist for module in top_levels for dist in providers.get(module, [])}
    return names | set(PROTECTED_DISTRIBUTIONS)


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
    pins = []
    for name in sorted(set(distributions)):
        version = installed_version(name)
        if version is not None:
            pins.append(f"{name}=={version}")
    return pins


def installed_version(distribution: str) -> str | None:
    """Return the installed version of a distribution, or None."""
    try:
        return importlib.metadata.version(distribution)
    except importlib.metadata.PackageNotFoundError:
        return None
