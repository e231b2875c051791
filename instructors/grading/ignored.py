"""Keep students' work and grades out of the course's repository: say where git would take them.

A gradebook, a folder of submissions or of executed copies holds students' names, work and
grades. The usual places (``<lab>-gradebook.csv``, ``submissions/``, ``executed/``) are in the
course's ``.gitignore``; any other place inside the repository that git does not ignore gets a
one-line warning with the line to add, rather than being moved: the instructor chose it.
"""

from __future__ import annotations

import subprocess
from pathlib import Path

# git check-ignore's exit codes
IGNORED, NOT_IGNORED = 0, 1


def gitignore_line(path: Path, root: Path, folder: bool) -> str:
    """Return the ``.gitignore`` line that ignores ``path`` (inside ``root``), and only it.

    Examples
    --------
    >>> gitignore_line(Path("/course/grades/01.csv"), Path("/course"), folder=False)
    '/grades/01.csv'
    >>> gitignore_line(Path("/course/class 2024"), Path("/course"), folder=True)
    '/class 2024/'
    """
    return "/" + path.relative_to(root).as_posix() + ("/" if folder else "")


def not_ignored(path: Path, root: Path, folder: bool) -> str | None:
    """Return the ``.gitignore`` line to add if git would commit ``path``, else None.

    None, too, when ``path`` is outside ``root``, or ``root`` is no git repository (a release
    unpacked from an archive) or git is missing: then there is nothing git could commit.

    Parameters
    ----------
    path : pathlib.Path
        A file or folder the grader reads or writes; it need not exist yet.
    root : pathlib.Path
        The course's repository.
    folder : bool
        Whether ``path`` is a folder (``.gitignore`` patterns such as ``submissions/`` match
        folders only).
    """
    path, root = Path(path).resolve(), Path(root).resolve()
    if path == root or root not in path.parents:
        return None
    line = gitignore_line(path, root, folder)
    try:
        checked = subprocess.run(
            ["git", "check-ignore", "-q", "--", line[1:]],
            cwd=root,
            capture_output=True,
            timeout=30,
        )
    except (OSError, subprocess.SubprocessError):  # no git: nothing it could commit either
        return None
    return line if checked.returncode == NOT_IGNORED else None


def warning(path: Path, root: Path, folder: bool, what: str) -> str | None:
    """Return the one-line warning for ``what`` at ``path`` if git would commit it, else None.

    Examples
    --------
    A line such as::

        warning: the gradebook grades.csv is inside the course's repository and not
        git-ignored: it would be committed; add the line /grades.csv to .gitignore
    """
    line = not_ignored(path, root, folder)
    if line is None:
        return None
    return (
        f"warning: {what} {path} is inside the course's repository and not git-ignored: it "
        f"would be committed (students' work and grades); add the line {line} to .gitignore"
    )
