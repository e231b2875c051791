"""Scratch folders that do not outlive their process, even one killed by SIGKILL.

A small sweeper process stands by (:func:`sweeper`): the folders and process groups registered
with it are removed and killed when this process ends, however it ends.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

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
