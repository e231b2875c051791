"""The grading kernels running now: killed at once on a stop, and never left behind.

jupyter_client starts each kernel in a session (so a process group) of its own: a Ctrl-C in the
grader's terminal does not reach it, and nothing stops it when the grader dies. So each kernel's
group is noted here as soon as it is launched, and

- handed to the sweeper (:func:`instructors.workspace.scratch.sweeper`), which kills it if the
  grader dies, even by SIGKILL;
- killed, with whatever it started, when its submission is done;
- killed by :meth:`RunningKernels.stop_all` from the main thread on Ctrl-C or SIGTERM, which
  ends nbclient's waits in the grading threads within a second (they see a dead kernel).
"""

from __future__ import annotations

import os
import signal
import threading

from instructors.workspace.scratch import sweeper


class Interrupted(Exception):
    """Grading was stopped while this submission ran: it was not graded, and gets no row."""


def kill_group(group: int) -> None:
    """Kill the process group ``group`` (SIGKILL); one that is gone already is no error."""
    try:
        os.killpg(group, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):  # gone, or its number now someone else's
        pass


class RunningKernels:
    """The process groups of the kernels running now, for one grading run.

    Examples
    --------
    >>> kernels = RunningKernels()
    >>> kernels.stopping
    False
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._running: set[int] = set()
        self._killed: set[int] = set()
        self._stopping = False

    @property
    def stopping(self) -> bool:
        """Whether :meth:`stop_all` was called: no kernel may run any more."""
        return self._stopping

    def started(self, group: int) -> None:
        """Note a kernel's process group, just launched; kill it at once if grading stops."""
        sweeper().kill_later(group)  # first: from now on even a SIGKILL of the grader kills it
        with self._lock:
            self._running.add(group)
            too_late = self._stopping
            if too_late:
                self._killed.add(group)
        if too_late:
            kill_group(group)

    def ended(self, group: int) -> None:
        """Kill what is left of a kernel's process group and forget it.

        Call it before the kernel's own process is reaped: while its leader is not reaped the
        group's number cannot be given to another process, so the kill reaches only its own.
        """
        kill_group(group)
        sweeper().spare(group)
        with self._lock:
            self._running.discard(group)

    def killed(self, group: int | None) -> bool:
        """Whether :meth:`stop_all` killed this kernel (its submission was not graded)."""
        with self._lock:
            return group in self._killed

    def stop_all(self) -> int:
        """Kill every running kernel, and any started from now on; return how many were killed."""
        with self._lock:
            self._stopping = True
            groups = sorted(self._running - self._killed)
            self._killed.update(groups)
        for group in groups:
            kill_group(group)
        return len(groups)
