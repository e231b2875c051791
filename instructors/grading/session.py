"""A grading kernel's session: its scratch folder, its environment, its limits, its end.

The notebook runs as ``<lab>.ipynb`` in a scratch folder of its own, outside the repository, in
a kernel whose environment holds only what the labs need (the grader's own variables stay out),
with quick mode set; on Linux the kernel is confined by :mod:`grading.sandbox`. Limits: wall
time (the caller's, cell by cell), and the kernel's resident memory (:class:`MemoryWatch`). When
the session ends, the kernel and whatever it started are killed and the folder removed; a kernel
killed by a stop (Ctrl-C) ends it with :class:`grading.kernels.Interrupted`.
"""

from __future__ import annotations

import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import nbformat
import psutil
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient

from instructors.grading import sandbox
from instructors.grading.cells import TIMEOUT_NAME
from instructors.grading.kernels import Interrupted, RunningKernels
from instructors.workspace.scratch import scratch_folder

SOCKET_PATH_BYTES = 100  # a Unix socket's path: at most 107 bytes on Linux, 103 on macOS
TIMEOUT_ERROR = {"ename": TIMEOUT_NAME, "evalue": "time limit reached", "traceback": []}


@dataclass(frozen=True)
class Limits:
    """How long and how big one submission may run."""

    seconds: float = 300.0  # the whole notebook: about five times the slowest lab's quick run
    test_seconds: float = 60.0  # each question's tests
    memory_mb: int = 4096  # the kernel's resident memory (a quick-mode lab needs about 1.5 GB)


@dataclass(frozen=True)
class Confinement:
    """What a sandboxed kernel may read besides the system and Python (see grading.sandbox)."""

    read: tuple[Path, ...]  # the course package, the data sample, matplotlib's font cache
    listed: tuple[Path, ...]  # folders it may list but not read (the course: hidden tests)


def kernel_environment(
    course_root: Path, data_path: Path, matplotlib_cache: Path, one_thread: Iterable[str]
) -> dict[str, str]:
    """Make the whole environment of a grading kernel: what labs need, nothing of the grader.

    Quick mode, one thread (the submissions run side by side, one per core), the course on the
    import path (``utils``; and the sandbox, started as a module of the course package, which
    Landlock then lets the kernel list but not read), the data file named (so nothing is
    downloaded), matplotlib's cache shared.
    """
    keep = ("PATH", "LANG", "LC_ALL", "TZ", "SYSTEMROOT", "TMPDIR")
    environment = {name: os.environ[name] for name in keep if name in os.environ}
    environment.update(dict.fromkeys(one_thread, "1"))
    environment.update(
        MNIST_LABS_MODE="quick",
        MNIST_LABS_DATA=str(data_path),
        PYTHONPATH=str(course_root),
        MPLBACKEND="Agg",
        TF_CPP_MIN_LOG_LEVEL="3",
        PYTHONDONTWRITEBYTECODE="1",
        MPLCONFIGDIR=str(matplotlib_cache),  # its font list, built once, not in every kernel
    )
    return environment


class MemoryWatch(threading.Thread):
    """Kill a process and its children when their resident memory passes a limit."""

    def __init__(self, pid: int, limit_mb: int, interval: float = 0.25):
        super().__init__(daemon=True)
        self.pid, self.limit, self.interval = pid, limit_mb * 2**20, interval
        self.tripped = False
        self._stop_event = threading.Event()

    def run(self) -> None:
        """Poll until stopped, or until the limit is passed (then kill)."""
        while not self._stop_event.wait(self.interval):
            try:
                process = psutil.Process(self.pid)
                family = [process, *process.children(recursive=True)]
                resident = sum(member.memory_info().rss for member in family)
            except psutil.Error:  # gone already
                return
            if resident > self.limit:
                self.tripped = True
                for member in family:
                    try:
                        member.send_signal(signal.SIGKILL)
                    except psutil.Error:
                        pass
                return

    def stop(self) -> None:
        """Stop watching."""
        self._stop_event.set()


@contextmanager
def socket_folder(scratch: Path) -> Iterator[Path]:
    """Make the folder for a kernel's Unix sockets: in ``scratch``, or in /tmp if that is long.

    A socket's path has a length limit; a long temporary folder (``TMPDIR``) would make every
    kernel fail to start ("File name too long"). Either folder goes when grading ends.
    """
    inside = scratch / "ipc"
    if len(os.fsencode(inside / "kernel-99")) <= SOCKET_PATH_BYTES:
        inside.mkdir()
        yield inside
        return
    with scratch_folder(parent="/tmp", prefix="grading-ipc-") as short:
        if len(os.fsencode(short / "kernel-99")) > SOCKET_PATH_BYTES:
            raise OSError(f"no folder with a path short enough for a kernel's sockets: {short}")
        yield short


class GradingKernelManager(AsyncKernelManager):
    """A kernel manager that notes each kernel's process group in ``kernels`` once launched.

    Set ``kernels`` (a :class:`grading.kernels.RunningKernels`) before starting the kernel.
    """

    kernels: RunningKernels | None = None
    group: int | None = None  # the kernel's process group (jupyter_client's own session)

    async def _async_launch_kernel(self, kernel_cmd: list[str], **kw) -> None:
        """Launch the kernel (jupyter_client's way), then note its group at once."""
        await super()._async_launch_kernel(kernel_cmd, **kw)
        self.group = getattr(self.provisioner, "pgid", None) or self.provisioner.pid
        if self.kernels is not None:
            self.kernels.started(self.group)

    @property
    def interrupted(self) -> bool:
        """Whether a stop killed this kernel: what it ran was not graded."""
        return self.kernels is not None and self.kernels.killed(self.group)


def kernel_manager(
    spec_folder: Path, confinement: Confinement | None, writable: list[Path]
) -> GradingKernelManager:
    """Return the manager of a grading kernel: Python 3, sandboxed when ``confinement`` is set."""
    if confinement is None:
        return GradingKernelManager(kernel_name="python3")
    specs = sandbox.kernel_spec(
        spec_folder, list(confinement.read), list(confinement.listed), writable
    )
    return GradingKernelManager(
        kernel_name=sandbox.NAME, kernel_spec_manager=KernelSpecManager(kernel_dirs=[str(specs)])
    )


def stop_kernel(manager: GradingKernelManager) -> None:
    """Kill the kernel and whatever it started in its group, then reap it, if it is there."""
    if manager.group is not None and manager.kernels is not None:
        manager.kernels.ended(manager.group)  # before the kernel is reaped (see ended)
    if manager.has_kernel:
        run_sync(manager.shutdown_kernel)(now=True)


@dataclass
class KernelSession:
    """A running grading kernel: nbclient's client of it, and the watch on its memory."""

    client: NotebookClient
    watch: MemoryWatch

    @property
    def cells(self) -> list:
        """The cells run so far and to run: the notebook's, then the grader's."""
        return self.client.nb.cells

    def run_cell(self, cell: nbformat.NotebookNode, index: int, seconds: float) -> None:
        """Execute the cell ``index`` of :attr:`cells`, for at most ``seconds`` (at least 1)."""
        self.client.timeout = max(1, int(seconds))
        self.client.execute_cell(cell, index)

    def run_extra_cell(self, cell: nbformat.NotebookNode, seconds: float) -> None:
        """Execute a cell of the grader's after the notebook's own (nbclient wants it listed)."""
        self.cells.append(cell)
        self.run_cell(cell, len(self.cells) - 1, seconds)

    @property
    def out_of_memory(self) -> bool:
        """Whether the memory watch killed the kernel."""
        return self.watch.tripped


@contextmanager
def open_session(
    notebook: nbformat.NotebookNode,
    cells: list,
    lab: str,
    environment: dict[str, str],
    limits: Limits,
    *,
    confinement: Confinement | None,
    kernels: RunningKernels,
    on_cell_executed: Callable[[dict, int, dict | None], None],
) -> Iterator[KernelSession]:
    """Start a kernel for ``notebook``, ready to run ``cells``; kill it and clean up at the end.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The submission: written into the kernel's folder as ``<lab>.ipynb`` (what a notebook
        may look for).
    cells : list
        The cells the session will run (:func:`grading.cells.runnable_cells`).
    lab : str
    environment : dict
        The kernel's whole environment (:func:`kernel_environment`); its own ``HOME`` and
        ``TMPDIR`` are added.
    limits : Limits
        Its memory limit is watched.
    confinement : Confinement, optional
        Run the kernel in a Landlock sandbox that reads only these (and writes only in its
        scratch folder); None runs it unconfined.
    kernels : grading.kernels.RunningKernels
        Where the kernel is noted while it runs, so that a stop (Ctrl-C) can kill it at once.
    on_cell_executed : callable
        nbclient's hook, called after each cell (:meth:`grading.cells.CellLog.record`).

    Raises
    ------
    grading.kernels.Interrupted
        On leaving, if a stop killed the kernel (whatever else was raised: a stop's kill can
        surface as any kernel error).
    nbclient.exceptions.DeadKernelError
        If the kernel died as it started, or while it ran.
    """
    # removed when grading ends, and by the sweeper if the grader is killed (even by SIGKILL)
    with scratch_folder(prefix=f"grading-{lab}-") as scratch, socket_folder(scratch) as sockets:
        work, home, tmp = (scratch / name for name in ("work", "home", "tmp"))
        for folder in (work, home, tmp):  # the notebook's folder holds it alone
            folder.mkdir()
        nbformat.write(notebook, work / f"{lab}.ipynb")
        environment = {**environment, "HOME": str(home), "TMPDIR": str(tmp)}
        manager = kernel_manager(scratch / "spec", confinement, [work, home, tmp, sockets])
        manager.kernels = kernels
        # Unix sockets, not TCP ports: kernels started side by side cannot pick the same port;
        # the connection file in the scratch folder too, not loose in the temporary folder
        manager.transport, manager.ip = "ipc", str(sockets / "kernel")
        manager.connection_file = str(sockets / "kernel.json")
        client = NotebookClient(
            nbformat.v4.new_notebook(cells=cells, metadata=notebook.metadata),
            km=manager,
            resources={"metadata": {"path": str(work)}},
            allow_errors=True,
            interrupt_on_timeout=True,
            error_on_timeout=TIMEOUT_ERROR,
            record_timing=False,
            on_cell_executed=on_cell_executed,
        )
        try:
            with client.setup_kernel(env=environment):
                watch = MemoryWatch(client.km.provisioner.pid, limits.memory_mb)
                watch.start()
                try:
                    yield KernelSession(client, watch)
                finally:
                    watch.stop()
        except Exception:
            if not manager.interrupted:
                raise
        finally:  # nbclient leaves a kernel it did not start running
            stop_kernel(manager)
    if manager.interrupted:
        raise Interrupted("grading stopped while this submission ran")
