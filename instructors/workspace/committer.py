"""The committer: makes a staging folder's journalled moves, in a process of its own.

:func:`instructors.workspace.staging.swap_in` runs this file as a script
(``python -I -S committer.py STAGING``), so that a kill of the tool does not stop a swap once
begun; the next run replays what even the committer could not finish. It imports nothing but
the standard library, so that it runs without the course on the path.
"""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

STAGING_PREFIX = ".staging-"  # git-ignored: `.staging-<pid>-<what>.<random>/`
STAGED_NAME = re.compile(r"\.staging-(?P<pid>\d+)-(?P<rest>.+)")
JOURNAL = "journal.json"
SWAP_PAUSE = "MNIST_LABS_SWAP_PAUSE"  # seconds the committer waits after each move (tests' kills)
AT_FDCWD, RENAME_EXCHANGE = -100, 2  # from Linux's <fcntl.h> and <linux/fs.h>


def exchange(first: os.PathLike | str, second: os.PathLike | str) -> None:
    """Swap two existing files or folders: each takes the other's place.

    On Linux it is one rename (``renameat2`` with ``RENAME_EXCHANGE``), so that ``second`` is
    never missing; elsewhere, or on a file system without it, three renames, and ``second`` is
    missing for an instant (:func:`swap_in`'s journal finishes a swap cut short there).

    Parameters
    ----------
    first, second : path-like
        The two paths, on one file system.

    Raises
    ------
    OSError
        If either is missing, or a rename fails.
    """
    first, second = os.fsencode(first), os.fsencode(second)
    renameat2 = _renameat2()
    if renameat2 is not None:
        if renameat2(AT_FDCWD, first, AT_FDCWD, second, RENAME_EXCHANGE) == 0:
            return
        number = ctypes.get_errno()
        if number not in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):  # not just unsupported
            raise OSError(
                number, os.strerror(number), os.fsdecode(first), None, os.fsdecode(second)
            )
    aside = first + b".previous"
    os.rename(second, aside)
    os.rename(first, second)
    os.rename(aside, first)


def _renameat2():
    """Return the C library's ``renameat2`` (Linux, glibc 2.28 and later), or None."""
    if not sys.platform.startswith("linux"):
        return None
    return getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)


def _move_in(staged: Path, target: Path, inode: list[int]) -> None:
    """Make one journalled move, unless it was made already."""
    if _identity(target) == inode:
        return
    if _identity(staged) != inode:
        raise OSError(f"{staged}: not what the journal staged for {target}")
    if target.exists() and staged.is_dir():
        exchange(staged, target)
    else:
        os.replace(staged, target)


def _identity(path: Path) -> list[int] | None:
    """Return a path's device and inode, or None when there is nothing there."""
    try:
        info = path.lstat()
    except FileNotFoundError:
        return None
    return [info.st_dev, info.st_ino]


def replay(staging: Path) -> None:
    """Make every move of a staging folder's journal that is not made yet, in order."""
    entries = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    pause = float(os.environ.get(SWAP_PAUSE) or 0)
    for number, entry in enumerate(entries, start=1):
        _move_in(staging / entry["staged"], staging.parent / entry["target"], entry["inode"])
        if pause:
            print(f"moved {number} of {len(entries)}", flush=True)
            time.sleep(pause)


def claim(staging: Path) -> Path | None:
    """Rename a staging folder after this process, which then owns it; None if another did.

    A rename is atomic: of two runs that find the same leftover, one finishes it.
    """
    match = STAGED_NAME.fullmatch(staging.name)
    owned = staging.with_name(f"{STAGING_PREFIX}{os.getpid()}-{match['rest']}")
    try:
        os.rename(staging, owned)
    except FileNotFoundError:
        return None
    return owned


if __name__ == "__main__":  # the committer that swap_in starts: python committer.py STAGING
    if (claimed := claim(Path(sys.argv[1]))) is not None:
        replay(claimed)
        shutil.rmtree(claimed, ignore_errors=True)
