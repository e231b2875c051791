"""Google Colab and where the course is: whether we run there, where the course came from.

The setup cell of every notebook finds the course (on Colab it first clones the course's
public home next to the notebook) and imports this package from it. From then on:

- :func:`in_colab` tells whether the notebook runs on Google Colab;
- :func:`course_root` is the folder that holds ``utils/``, ``data/`` and ``labs/``;
- :func:`course_origin` says where a fetched course came from (for the setup line);
- :func:`install_on_colab` installs a package into Colab's kernel without changing any
  installed one (the grader's otter-grader, :mod:`utils.student_grader`), saying what it
  installs before pip starts and how long it took after;
- :func:`install_missing_requirements` installs that way the course's own requirements Colab
  lacks (``requirements.txt``), and only those.

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

from utils import layout


class OneLineError(Exception):
    """An error about the student's setup: IPython shows it as one line, without a traceback."""

    def _render_traceback_(self) -> list[str]:  # IPython's hook for how to show an exception
        return [f"{type(self).__name__}: {self}"]


class InstallError(OneLineError, RuntimeError):
    """A package could not be installed without changing what is installed."""


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
    # pip can take a minute or more on a busy machine: say so before, or the cell looks stuck
    print(
        f"Installing {requirement} (keeping every installed package as it is); "
        "this can take a minute...",
        flush=True,
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


# what requirements.txt lists for running notebooks locally and for grader.check: Colab has its
# own Jupyter, and utils.grader installs otter-grader (in Colab's range) when first asked
NOT_FOR_COLAB = frozenset({"jupyter", "ipykernel", "ipython", "otter-grader"})


def missing_requirements(requirements_file: Path | None = None) -> list[str]:
    """List the course's requirements whose package is not installed at all (Colab's gaps).

    A package installed at any version counts as there: Colab's own versions are never changed.

    Parameters
    ----------
    requirements_file : pathlib.Path, optional
        Default the course's ``requirements.txt``.

    Returns
    -------
    list of str
        The requirement lines, e.g. ``["tqdm>=4.66"]``; empty when the file is missing.
    """
    if requirements_file is not None and not isinstance(requirements_file, str | os.PathLike):
        kind = type(requirements_file).__name__
        raise TypeError(f"requirements_file: expected a file, got {kind}")
    path = course_root() / "requirements.txt" if requirements_file is None else requirements_file
    path = Path(path)
    if not path.is_file():
        return []
    missing = []
    for line in path.read_text(encoding="utf-8").splitlines():
        requirement = line.split("#", 1)[0].strip()
        if not requirement:
            continue
        name = re.split(r"[<>=!~\[; ]", requirement, maxsplit=1)[0]
        if name.lower() not in NOT_FOR_COLAB and installed_version(name) is None:
            missing.append(requirement)
    return missing


def install_missing_requirements(
    *,
    run: Callable[..., subprocess.CompletedProcess] = subprocess.run,
) -> list[str]:
    """Install the course's requirements that are not installed, changing no installed package.

    Each goes through :func:`install_on_colab`, so each says what it installs and how long it
    took. On Colab nearly everything is preinstalled; a package it lacks (``filelock`` or
    ``tqdm`` on an image without them) would otherwise fail later, far from the cause.

    Parameters
    ----------
    run : callable, optional
        Runs the pip command (``subprocess.run``'s signature); tests pass a stand-in.

    Returns
    -------
    list of str
        The requirements installed.
    """
    missing = missing_requirements()
    for requirement in missing:
        install_on_colab(requirement, run=run)
    return missing


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
