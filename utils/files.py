"""Write files whole or not at all: what the course writes is never left half-written."""

from __future__ import annotations

import ctypes
import errno
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


def write_atomically(path: os.PathLike | str, content: str | bytes) -> Path:
    """Write ``content`` to ``path`` through a temporary file beside it, then move it in place.

    If anything fails on the way (a full disk, an interrupt), ``path`` keeps its previous
    content and no temporary file is left behind. An existing file keeps its permissions; a
    new one gets the usual ones (not the temporary file's owner-only mode).

    Parameters
    ----------
    path : path-like
        The file to write; its folder must exist.
    content : str or bytes
        Text (written as UTF-8) or bytes.

    Returns
    -------
    pathlib.Path
        ``path``.
    """
    if not isinstance(path, str | os.PathLike):
        raise TypeError(f"path: expected a file name, got {type(path).__name__}")
    path = Path(path)
    if not isinstance(content, str | bytes):
        raise TypeError(f"content: expected str or bytes, got {type(content).__name__}")
    if path.is_dir():
        raise IsADirectoryError(f"path: expected a file, got the folder {path}")
    if not path.parent.is_dir():
        raise FileNotFoundError(f"path: its folder {path.parent} does not exist")
    data = content.encode("utf-8") if isinstance(content, str) else content
    umask = os.umask(0)
    os.umask(umask)
    mode = path.stat().st_mode & 0o777 if path.exists() else 0o666 & ~umask
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "wb") as stream:
            stream.write(data)
            stream.flush()
            os.fsync(stream.fileno())  # on disk before it replaces the old file
        os.chmod(temporary, mode)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


# The sweeper: a process of its own that reads what to clean up, one line each ("+ rm PATH",
# "- rm PATH", "+ kill PID", "- kill PID"), and when its input ends (this process exited,
# however: returned, raised, Ctrl-C, SIGKILL) kills the process groups and removes the folders
# still listed. It runs in a session of its own, so that the signal that killed its parent
# (Ctrl-C in a terminal, a kill of the whole group) does not kill it too.
SWEEPER_CODE = """\
import os, shutil, signal, sys
folders, groups = {}, {}
for line in sys.stdin.buffer:
    sign, what, value = line.decode("utf-8", "surrogateescape").rstrip("\\n").split(" ", 2)
    chosen = folders if what == "rm" else groups
    if sign == "+":
        chosen[value] = None
    else:
        chosen.pop(value, None)
for pid in groups:
    try:
        os.killpg(int(pid), signal.SIGKILL)
    except OSError:
        pass
for folder in folders:
    shutil.rmtree(folder, ignore_errors=True)
"""


class Sweeper:
    """Clean up after this process even when it is killed: folders removed, process groups killed.

    A small process of its own stands by; what is registered with :meth:`remove_later` or
    :meth:`kill_later` and not withdrawn is cleaned up when this process ends, however it ends
    (even by SIGKILL, which no handler sees). :func:`sweeper` returns the process's one sweeper.
    """

    def __init__(self) -> None:
        self.owner = os.getpid()
        self._lock = threading.Lock()
        self._process = subprocess.Popen(
            [sys.executable, "-I", "-S", "-c", SWEEPER_CODE],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )

    def _send(self, line: str) -> None:
        with self._lock:
            self._process.stdin.write((line + "\n").encode("utf-8", "surrogateescape"))
            self._process.stdin.flush()

    def remove_later(self, folder: os.PathLike | str) -> None:
        """Remove ``folder`` when this process ends, unless :meth:`keep` withdraws it."""
        self._send(f"+ rm {os.path.abspath(folder)}")

    def keep(self, folder: os.PathLike | str) -> None:
        """Withdraw ``folder``: it is gone already, or it is to stay."""
        self._send(f"- rm {os.path.abspath(folder)}")

    def kill_later(self, pid: int) -> None:
        """Kill the process group ``pid`` leads when this process ends, unless :meth:`spare`."""
        self._send(f"+ kill {int(pid)}")

    def spare(self, pid: int) -> None:
        """Withdraw the process group ``pid``: it ended (its number may be given to another)."""
        self._send(f"- kill {int(pid)}")


_sweepers: dict[int, Sweeper] = {}  # by process id: a forked child starts its own
_starting = threading.Lock()  # two threads asking at once get the same sweeper


def sweeper() -> Sweeper:
    """Return this process's :class:`Sweeper`, starting it on first use."""
    pid = os.getpid()
    with _starting:
        if pid not in _sweepers:
            _sweepers[pid] = Sweeper()
        return _sweepers[pid]


@contextmanager
def scratch_folder(
    parent: os.PathLike | str | None = None, prefix: str = "scratch-"
) -> Iterator[Path]:
    """Make a new empty folder for a block's work, removed when it ends or the process dies.

    Unlike :class:`tempfile.TemporaryDirectory`, the folder does not outlive a process killed
    part way (SIGKILL, a closed terminal): :func:`sweeper` removes it then. What the block moves
    out of it stays.

    Parameters
    ----------
    parent : path-like, optional
        Where to make it (it must exist); by default the system's temporary folder.
    prefix : str
        The start of its name.

    Yields
    ------
    pathlib.Path
        The folder.

    Examples
    --------
    >>> with scratch_folder(prefix="demo-") as folder:
    ...     (folder / "a.txt").write_text("draft")
    5
    """
    sweeping = sweeper()  # started first: a kill while it starts must not orphan the folder
    folder = Path(tempfile.mkdtemp(dir=parent, prefix=prefix))
    sweeping.remove_later(folder)
    try:
        yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)
        sweeping.keep(folder)


# --- staging: what replaces files and folders in place, swapped in as one step ----------------
#
# A tool builds what it will put in place in a staging folder beside the targets (a rename is
# atomic only within one file system), then :func:`swap_in` moves it all onto the targets. The
# moves are listed in a journal first, then made by a committer process of their own: a kill of
# the tool during the swap does not stop it, and a swap cut short even so (the machine went
# down) is finished by the next run's :func:`finish_interrupted`. Until the journal is written,
# the folder is an ordinary scratch folder, removed by the sweeper if the tool dies: no half
# state either way.

STAGING_PREFIX = ".staging-"  # git-ignored: `.staging-<pid>-<what>.<random>/`
STAGED_NAME = re.compile(r"\.staging-(?P<pid>\d+)-(?P<rest>.+)")
JOURNAL = "journal.json"
SWAP_PAUSE = "MNIST_LABS_SWAP_PAUSE"  # seconds the committer waits after each move (tests' kills)
AT_FDCWD, RENAME_EXCHANGE = -100, 2  # from Linux's <fcntl.h> and <linux/fs.h>


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
        [sys.executable, "-I", "-S", __file__, str(staging)],
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


def _replay(staging: Path) -> None:
    """Make every move of a staging folder's journal that is not made yet, in order."""
    entries = json.loads((staging / JOURNAL).read_text(encoding="utf-8"))
    pause = float(os.environ.get(SWAP_PAUSE) or 0)
    for number, entry in enumerate(entries, start=1):
        _move_in(staging / entry["staged"], staging.parent / entry["target"], entry["inode"])
        if pause:
            print(f"moved {number} of {len(entries)}", flush=True)
            time.sleep(pause)


def _claim(staging: Path) -> Path | None:
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


def _finish_staging(staging: Path) -> bool:
    """Finish a staging folder's journalled swap, if it has one, and remove the folder.

    Returns
    -------
    bool
        Whether there was a swap to finish.
    """
    owned = _claim(staging)
    if owned is None:
        return False
    journalled = (owned / JOURNAL).exists()
    if journalled:
        try:
            _replay(owned)
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


if __name__ == "__main__":  # the committer that swap_in starts: python utils/files.py STAGING
    if (claimed := _claim(Path(sys.argv[1]))) is not None:
        _replay(claimed)
        shutil.rmtree(claimed, ignore_errors=True)
