"""Staging folders: what replaces files and folders in place, swapped in as one step.

A tool builds what it will put in place in a staging folder beside the targets (a rename is
atomic only within one file system), then :func:`swap_in` moves it all onto the targets. The
moves are listed in a journal first, then made by a committer process of their own
(:mod:`instructors.workspace.committer`): a kill of the tool during the swap does not stop it,
and a swap cut short even so (the machine went down) is finished by the next run's
:func:`finish_interrupted`. Until the journal is written, the folder is an ordinary scratch
folder, removed by the sweeper if the tool dies: no half state either way.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from instructors.workspace import committer
from instructors.workspace.committer import JOURNAL, STAGED_NAME, STAGING_PREFIX
from instructors.workspace.scratch import scratch_folder, sweeper
from utils.files import write_atomically


@contextmanager
def staging_folder(parent: os.PathLike | str, name: str) -> Iterator[Path]:
    """Make a scratch folder in ``parent`` for what :func:`swap_in` will put in place there.

    Its name (``.staging-<pid>-<name>.<random>``) says which process owns it, so that the next
    run can tell a leftover (:func:`finish_interrupted`); like :func:`scratch_folder`'s, it is
    removed when the block ends or the process dies.

    Parameters
    ----------
    parent : path-like
        The folder that holds the targets (or their folders); it must exist.
    name : str
        What is staged, for people who see the folder.

    Yields
    ------
    pathlib.Path
        The folder.
    """
    if not Path(parent).is_dir():
        raise FileNotFoundError(f"parent: no such folder: {parent}")
    # the sweeper running before the folder exists: starting it takes tens of milliseconds, in
    # which a kill would leave the new folder unregistered
    sweeper()
    with scratch_folder(parent, prefix=f"{STAGING_PREFIX}{os.getpid()}-{name}.") as folder:
        yield folder


def swap_in(staging: os.PathLike | str, moves: dict[Path, Path]) -> None:
    """Move each staged file or folder onto its target, all of them as one step.

    A folder that replaces one is exchanged with it in one rename where the system can (Linux);
    a file replaces its target in one rename. Once the journal is written the swap is finished
    even if this process is killed: a committer process makes the moves, and a swap that even
    it could not finish is finished by the next :func:`finish_interrupted`.

    Parameters
    ----------
    staging : path-like
        A folder made by :func:`staging_folder`; it is gone when this returns.
    moves : dict
        Staged path (inside ``staging``) → target (inside ``staging``'s parent).

    Raises
    ------
    ValueError
        If a staged path is missing or outside ``staging``, or a target outside its parent.
    OSError
        If a move failed; the next :func:`finish_interrupted` in that parent retries it.
    """
    staging = Path(staging)
    write_journal(staging, moves)
    # from here the swap must happen: the sweeper must not remove what the committer moves in
    sweeper().keep(staging)
    done = subprocess.run(
        [sys.executable, "-I", "-S", committer.__file__, str(staging)],
        start_new_session=True,  # a Ctrl-C or a kill of this process's group does not stop it
        stderr=subprocess.PIPE,
        text=True,
    )
    if done.returncode != 0:
        reason = (done.stderr.strip().splitlines() or [f"exit code {done.returncode}"])[-1]
        raise OSError(f"{staging}: the swap stopped ({reason}); the next run finishes it")


def write_journal(staging: os.PathLike | str, moves: dict[Path, Path]) -> None:
    """Write the list of moves that :func:`swap_in` (or the next run) makes, into ``staging``.

    Parameters
    ----------
    staging : path-like
        A folder made by :func:`staging_folder`.
    moves : dict
        Staged path (inside ``staging``) → target (inside ``staging``'s parent).

    Raises
    ------
    ValueError
        If a staged path is missing or outside ``staging``, or a target outside its parent.
    """
    staging = Path(staging)
    entries = [_journal_entry(staging, Path(path), Path(target)) for path, target in moves.items()]
    write_atomically(staging / JOURNAL, json.dumps(entries, indent=1))


def _journal_entry(staging: Path, staged: Path, target: Path) -> dict:
    """Describe one move: paths relative to the staging folder and to its parent.

    The staged path's inode identifies it wherever it is, so that a replay can tell a move
    already made (the target is that inode) from one to make.
    """
    if not staged.exists() or not staged.resolve().is_relative_to(staging.resolve()):
        raise ValueError(f"moves: {staged} is not something staged in {staging}")
    target_name = os.path.relpath(target.absolute(), staging.parent.absolute())
    if target_name.startswith(os.pardir):
        raise ValueError(f"moves: the target {target} is not in {staging.parent}")
    info = staged.lstat()
    return {
        "staged": staged.resolve().relative_to(staging.resolve()).as_posix(),
        "target": Path(target_name).as_posix(),
        "inode": [info.st_dev, info.st_ino],
    }


def _finish_staging(staging: Path) -> bool:
    """Finish a staging folder's journalled swap, if it has one, and remove the folder.

    Returns
    -------
    bool
        Whether there was a swap to finish.
    """
    owned = committer.claim(staging)
    if owned is None:
        return False
    journalled = (owned / JOURNAL).exists()
    if journalled:
        try:
            committer.replay(owned)
        except (OSError, ValueError, KeyError) as error:  # a journal or target changed by hand
            raise OSError(
                f"{owned}: can't finish the swap a killed run left there ({error}); check what "
                f"it was replacing in {owned.parent}, then remove that folder"
            ) from None
    shutil.rmtree(owned, ignore_errors=True)
    return journalled


def _owner_alive(pid: int) -> bool:
    """Say whether the process ``pid`` is running (a zombie, which has exited, is not)."""
    try:
        os.kill(pid, 0)  # signal 0: no signal, only the question
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it is there
        return True
    try:  # Linux: the state letter after the command's closing parenthesis
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):  # no /proc (macOS): alive, as far as can be told
        return True
    return state != "Z"


def finish_interrupted(parent: os.PathLike | str) -> list[str]:
    """Finish or remove what runs that are no longer alive left staged in ``parent``.

    A staging folder with a journal holds a swap cut short: its moves are made. One without is a
    build cut short: it is removed. Folders of running processes are left alone (a process id
    reused since is taken for the owner: its leftover waits until that process ends).

    Parameters
    ----------
    parent : path-like
        A folder that :func:`staging_folder` may have staged in; a missing one holds nothing.

    Returns
    -------
    list of str
        One line for each folder finished or removed.
    """
    done = []
    for folder in sorted(Path(parent).glob(f"{STAGING_PREFIX}*")):
        match = STAGED_NAME.fullmatch(folder.name)
        if match is None or not folder.is_dir() or _owner_alive(int(match["pid"])):
            continue
        what = "finished the swap" if _finish_staging(folder) else "removed the scratch"
        done.append(f"{what} that a killed run left in {folder}")
    return done
