"""Execute one submission in a kernel of its own, under limits, then run the lab's tests on it.

The notebook runs top to bottom in a scratch folder, as ``<lab>.ipynb``, in a kernel whose
environment holds only what the labs need (the grader's own variables stay out), with quick
mode set. Then each question's tests run in that kernel, on the notebook's final state. The
tests are sent to the kernel only then: while the student's code runs they are nowhere in its
folder. Limits: wall time for the notebook, wall time for each question's tests, and the
kernel's resident memory; a kernel that dies, loops or grows too big costs only this
submission its points.

The tests run in the kernel the student's code ran in, so that code could have changed how
they run (patched otter's runner, NumPy's comparisons, ``compile``, how the score is written).
Canaries check for it: before each question, its tests run once more with every name they take
bound to a stand-in that no correct test passes with, and at the end a test file whose every
case must fail runs the same way. A canary that scores marks the submission "needs review",
with no points, and says which one. This catches the usual tampering; it is no security
boundary (see the README).
"""

from __future__ import annotations

import ast
import json
import os
import re
import secrets
import signal
import sys
import threading
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import psutil
from jupyter_client import AsyncKernelManager
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_core.utils import run_sync
from nbclient import NotebookClient
from nbclient.exceptions import DeadKernelError

from instructors.grading import sandbox
from instructors.grading.kernels import Interrupted, RunningKernels
from instructors.workspace.scratch import scratch_folder
from utils.files import write_atomically

GRADED, TIMED_OUT, OUT_OF_MEMORY, CRASHED = "graded", "timed out", "out of memory", "crashed"
NEEDS_REVIEW = "needs review"
TIMEOUT_NAME = "GradingTimeout"
KEPT_OUTPUT_BYTES = 8 * 2**20  # per cell, in an executed copy: a figure fits, an endless print not
# cells that only set up or call otter's grader: grading runs the tests itself, afterwards
GRADER_LINE = re.compile(
    r"\s*(#.*|import otter|grader\s*=\s*(otter\.Notebook|utils\.grader)\(.*\)|grader\.\w+\(.*\))?"
    r"\s*(#.*)?"
)
STUB_CELL = """\
class _GradingGrader:  # the tests run after the whole notebook: grader.check does nothing now
    def __getattr__(self, name):
        return lambda *args, **kwargs: None


grader = _GradingGrader()
import sys as _sys

_sys.grading_stdout = _sys.stdout  # the kernel's own stream: the notebook may replace sys.stdout
del _sys
"""
STAND_INS = """\
    class Void:  # what the canary binds every name to: no correct test passes with it
        def __getattr__(self, name):
            if name.startswith("__"):
                raise AttributeError(name)
            return self
        def __call__(self, *args, **kwargs):
            return self
        __getitem__ = __add__ = __radd__ = __sub__ = __rsub__ = __mul__ = __rmul__ = __call__
        __truediv__ = __rtruediv__ = __pow__ = __neg__ = __abs__ = __matmul__ = __call__
        def __eq__(self, other):
            return False
        __lt__ = __le__ = __gt__ = __ge__ = __contains__ = __eq__
        def __bool__(self):
            return False
        def __ne__(self, other):
            return True
        def __iter__(self):
            return iter(())
        def __len__(self):
            return 0
        def __float__(self):
            return float("nan")
        def __int__(self):
            return -1
        __index__ = __int__
        __hash__ = object.__hash__

    class Stand_ins(dict):
        def get(self, name, default=None):
            return Void()
"""  # indented: it goes inside the function of TEST_CELL
TEST_CELL = """\
def _grade_question():
    import json, sys
    from otter.test_files import ExceptionTestFile, OKTestFile

{stand_ins}
    environment = Stand_ins() if {canary} else globals()
    if {ok_format}:
        test = OKTestFile.from_spec({payload}, path={path!r})
    else:
        test = ExceptionTestFile.from_string({payload}, path={path!r})
    test.run(environment)
    out = getattr(sys, "grading_stdout", sys.stdout)
    if out is not sys.stdout and hasattr(out, "set_parent"):  # the notebook replaced sys.stdout,
        out.set_parent(get_ipython().kernel.get_parent("shell"))  # so tell it which cell this is
    out.write("\\n" + {nonce!r} + json.dumps([test.score, test.possible]) + "\\n")
    out.flush()
_grade_question()
del _grade_question
"""
# a test file whose every case fails, unless the machinery that runs and scores tests was changed
CANARY_TESTS = """\
import math
import numpy as np
from otter.test_files import test_case

OK_FORMAT = False
name = "canary"
points = None


@test_case(points=1)
def test_assert():
    assert 1 + 1 == 3


@test_case(points=1)
def test_numpy():
    assert np.allclose([0.0], [1.0]) or np.isclose(0.0, 1.0) or np.array_equal([0], [1])


@test_case(points=1)
def test_numpy_all():
    assert np.all(np.asarray([1, 2]) == 3) or (np.asarray([1.0]) == 3).any()


@test_case(points=1)
def test_numpy_testing():
    np.testing.assert_allclose(0.0, 1.0)


@test_case(points=1)
def test_math_and_containers():
    assert math.isclose(0.0, 1.0) or [0] == [1] or (0,) == (1,) or {0: 1} == {0: 2}
"""


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


@dataclass
class Question:
    """One question's test file, as the kernel will get it."""

    name: str
    ok_format: bool
    payload: str  # the OK test dict, or the exception-based test file's source, as a literal
    possible: float  # its points


@dataclass
class Outcome:
    """What grading one notebook gave."""

    status: str
    points: dict[str, float] = field(default_factory=dict)
    seconds: float = 0.0
    error: str = ""  # why it stopped, or the first error a cell raised
    cell_seconds: dict[str, float] = field(default_factory=dict)  # where the time went


def load_questions(tests_dir: Path) -> list[Question]:
    """Read a lab's test files (public and hidden cases), sorted by question name.

    Raises
    ------
    FileNotFoundError
        If ``tests_dir`` holds no test file.
    """
    from otter.test_files import ExceptionTestFile, OKTestFile

    questions = []
    for path in sorted(Path(tests_dir).glob("*.py")):
        source = path.read_text(encoding="utf-8")
        if re.search(r"^OK_FORMAT\s*=\s*True", source, re.M):
            spec = ast.literal_eval(source.split("test = ", 1)[1])
            possible = OKTestFile.from_spec(spec, path=path.name).possible
            questions.append(Question(path.stem, True, repr(spec), possible))
        else:
            possible = ExceptionTestFile.from_string(source, path=path.name).possible
            questions.append(Question(path.stem, False, repr(source), possible))
    if not questions:
        raise FileNotFoundError(f"no test files in {tests_dir}")
    return questions


def runnable_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """List the code cells to execute: otter's grader cells left out, a stand-in first."""
    cells = [nbformat.v4.new_code_cell(STUB_CELL)]
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        if all(GRADER_LINE.fullmatch(line) for line in cell.source.splitlines()):
            continue  # only grader set-up and checks (or nothing at all)
        where = {"cell": number, "starts": first_code_line(cell.source)}
        cells.append(nbformat.v4.new_code_cell(cell.source, metadata={"grading": where}))
    return cells


def first_code_line(source: str, width: int = 40) -> str:
    """Return a cell's first line of code, cut to ``width`` characters, to name the cell by."""
    lines = [line.strip() for line in source.splitlines() if line.strip()]
    code = [line for line in lines if not line.startswith("#")] or lines or [""]
    return code[0] if len(code[0]) <= width else code[0][: width - 1] + "…"


def cell_name(cell) -> str:
    """Name a notebook cell for the gradebook: its number in the notebook and how it starts."""
    where = cell.get("metadata", {}).get("grading", {})
    return f"cell {where.get('cell', '?')} ({where.get('starts', '')})"


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


def cell_error(execute_reply: dict | None) -> str:
    """Return ``"Name: message"`` of a cell's error, or "" when it ran without one."""
    content = (execute_reply or {}).get("content", {})
    if content.get("status") != "error":
        return ""
    message = (content.get("evalue") or "").strip().splitlines()
    return f"{content.get('ename', 'Error')}: {message[0] if message else ''}".rstrip(": ")


def grade_notebook(
    notebook: nbformat.NotebookNode,
    lab: str,
    questions: list[Question],
    environment: dict[str, str],
    limits: Limits = Limits(),
    confinement: Confinement | None = None,
    executed: Path | None = None,
    kernels: RunningKernels | None = None,
) -> Outcome:
    """Execute ``notebook`` in a fresh kernel and score every question on its final state.

    Parameters
    ----------
    notebook : nbformat.NotebookNode
        The submission, prepared (see :func:`grading.submission.read_submission`).
    lab : str
        The lab's name: the notebook runs as ``<lab>.ipynb``.
    questions : list of Question
        The lab's tests (:func:`load_questions`).
    environment : dict
        The kernel's whole environment.
    limits : Limits
    confinement : Confinement, optional
        Run the kernel in a Landlock sandbox that reads only these (and writes only in its
        scratch folder); None runs it unconfined.
    executed : pathlib.Path, optional
        Write the submission here with the outputs its cells printed and drew (by default they
        are dropped as each cell ends). Written whole, even when the run stopped part way, but
        not when ``kernels`` was stopped (the previous copy, if any, stays).
    kernels : grading.kernels.RunningKernels, optional
        Where the kernel is noted while it runs, so that a stop (Ctrl-C) can kill it at once.

    Returns
    -------
    Outcome
        Every question has its points (0 when its tests could not run).

    Raises
    ------
    grading.kernels.Interrupted
        If ``kernels`` was stopped before or while this notebook ran: it was not graded.
    """
    kernels = RunningKernels() if kernels is None else kernels
    if kernels.stopping:
        raise Interrupted("grading stopped before this submission started")
    start = time.monotonic()
    outcome = Outcome(GRADED, {q.name: 0.0 for q in questions})
    # removed when grading ends, and by the sweeper if the grader is killed (even by SIGKILL)
    with scratch_folder(prefix=f"grading-{lab}-") as scratch, socket_folder(scratch) as sockets:
        work, home, tmp = (scratch / name for name in ("work", "home", "tmp"))
        for folder in (work, home, tmp):  # the notebook's folder holds it alone
            folder.mkdir()
        nbformat.write(notebook, work / f"{lab}.ipynb")  # what a notebook may look for
        environment = {**environment, "HOME": str(home), "TMPDIR": str(tmp)}
        manager = kernel_manager(scratch / "spec", confinement, [work, home, tmp, sockets])
        manager.kernels = kernels
        # Unix sockets, not TCP ports: kernels started side by side cannot pick the same port;
        # the connection file in the scratch folder too, not loose in the temporary folder
        manager.transport, manager.ip = "ipc", str(sockets / "kernel")
        manager.connection_file = str(sockets / "kernel.json")
        try:
            run_and_test(notebook, questions, work, environment, limits, outcome, manager, executed)
        except Exception:
            if not manager.interrupted:  # a stop's kill can surface as any kernel error
                raise
        finally:  # nbclient leaves a kernel it did not start running
            stop_kernel(manager)
    outcome.seconds = time.monotonic() - start
    if manager.interrupted:
        raise Interrupted("grading stopped while this submission ran")
    return outcome


SOCKET_PATH_BYTES = 100  # a Unix socket's path: at most 107 bytes on Linux, 103 on macOS


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


class Execution:
    """What the cells did: the last reply's error, and the first error of the student's cells."""

    def __init__(self, student_cells: int, keep_outputs: bool = False):
        self.student_cells = student_cells
        self.keep_outputs = keep_outputs
        self.last_error = ""
        self.first_error = ""
        self.seconds: dict[str, float] = {}
        self._since = time.monotonic()

    def record(self, cell, cell_index: int, execute_reply: dict | None) -> None:
        """Note a cell's error and drop its outputs (nbclient calls it after each cell)."""
        self.mark(cell_name(cell) if cell_index < self.student_cells else f"grader {cell_index}")
        self.last_error = cell_error(execute_reply)
        if self.last_error and 0 < cell_index < self.student_cells and not self.first_error:
            self.first_error = f"{cell_name(cell)}: {self.last_error}"
        if cell_index < self.student_cells:
            kept = self.keep_outputs and len(json.dumps(cell.outputs)) <= KEPT_OUTPUT_BYTES
            if self.keep_outputs and not kept:
                note = f"[outputs of more than {KEPT_OUTPUT_BYTES // 2**20} MB left out]\n"
                cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=note)]
            elif not kept:
                cell.outputs = []  # a multi-megabyte output is not kept

    def mark(self, name: str) -> None:
        """Book the time since the last mark to ``name``."""
        now = time.monotonic()
        self.seconds[name] = now - self._since
        self._since = now

    @property
    def timed_out(self) -> bool:
        """Whether the last cell ran out of time (and was interrupted)."""
        return self.last_error.startswith(TIMEOUT_NAME)


def run_and_test(
    notebook, questions, scratch, environment, limits, outcome, manager, executed=None
) -> None:
    """Run the cells in the kernel ``manager`` starts, then the tests; fill ``outcome`` in.

    With ``executed`` set, the submission with its outputs is written there at the end.
    """
    cells = runnable_cells(notebook)
    execution = Execution(len(cells), keep_outputs=executed is not None)
    try:
        notebook_to_run = nbformat.v4.new_notebook(cells=cells, metadata=notebook.metadata)
        execute_and_score(
            notebook_to_run, execution, questions, scratch, environment, limits, outcome, manager
        )
    finally:
        if executed is not None and not manager.interrupted:  # a stopped run keeps the old copy
            write_executed(notebook, cells, execution.student_cells, executed)


def write_executed(notebook, cells, student_cells: int, path: Path) -> None:
    """Write ``notebook`` to ``path`` with the outputs its runnable ``cells`` got, atomically.

    Only what this run produced: the outputs the file came with are cleared first (a cell the
    grader skips shows none). A copy that cannot be written is reported, not raised: the
    grade stands.
    """
    copy = nbformat.from_dict(json.loads(json.dumps(notebook)))
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    for cell in cells[1:student_cells]:  # the stand-in first cell is the grader's own
        number = cell.metadata["grading"]["cell"]
        copy.cells[number - 1].outputs = cell.get("outputs", [])
        copy.cells[number - 1].execution_count = cell.get("execution_count")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, nbformat.writes(copy))
    except OSError as error:
        print(f"warning: could not keep the executed copy {path}: {error}", file=sys.stderr)


def execute_and_score(
    notebook, execution, questions, scratch, environment, limits, outcome, manager
) -> None:
    """Execute ``notebook``'s cells in the kernel ``manager`` starts, then score the questions."""
    cells = notebook.cells
    client = NotebookClient(
        notebook,
        km=manager,
        resources={"metadata": {"path": str(scratch)}},
        allow_errors=True,
        interrupt_on_timeout=True,
        error_on_timeout={"ename": TIMEOUT_NAME, "evalue": "time limit reached", "traceback": []},
        record_timing=False,
        on_cell_executed=execution.record,
    )
    deadline = time.monotonic() + limits.seconds
    watch = None
    try:
        with client.setup_kernel(env=environment):
            execution.mark("kernel start")
            watch = MemoryWatch(client.km.provisioner.pid, limits.memory_mb)
            watch.start()
            for index, cell in enumerate(cells):
                client.timeout = max(1, int(deadline - time.monotonic()))
                client.execute_cell(cell, index)
                if execution.timed_out or time.monotonic() > deadline:
                    outcome.status = TIMED_OUT
                    outcome.error = f"stopped at {limits.seconds:.0f} s, in {cell_name(cell)}"
                    break
            if outcome.status == TIMED_OUT and not responsive(client, execution):
                return  # interrupted, yet still busy: nothing more can run in it
            for question in questions:
                score_question(client, question, limits, execution, outcome)
            check_canary(client, limits, outcome)
    except DeadKernelError:
        outcome.status = OUT_OF_MEMORY if watch and watch.tripped else CRASHED
        outcome.points = {q.name: 0.0 for q in questions}
        outcome.error = (
            f"the kernel used more than {limits.memory_mb} MB"
            if outcome.status == OUT_OF_MEMORY
            else "the kernel died"
            + (f" after {execution.first_error}" if execution.first_error else "")
        )
        return
    finally:
        if watch:
            watch.stop()
    outcome.error = outcome.error or execution.first_error
    outcome.cell_seconds = execution.seconds


def responsive(client: NotebookClient, execution: Execution, seconds: int = 10) -> bool:
    """Tell whether the kernel answers again after an interrupt."""
    client.timeout = seconds
    run_extra_cell(client, nbformat.v4.new_code_cell("pass"))
    return not execution.timed_out


def run_extra_cell(client: NotebookClient, cell) -> None:
    """Execute a cell of the grader's after the notebook's own (nbclient wants it in the list)."""
    client.nb.cells.append(cell)
    client.execute_cell(cell, len(client.nb.cells) - 1)


def score_question(client, question: Question, limits: Limits, execution, outcome) -> None:
    """Run one question's canary, then its tests, in the kernel; record its points."""
    if outcome.status == NEEDS_REVIEW:
        return
    run = (client, question.payload, question.ok_format, question.name)
    try:
        canary = run_tests(*run, True, limits)
        if canary and canary[0] > 0:
            flag(outcome, f"{question.name}'s tests scored {canary[0]:g} on stand-ins")
            return
        result = run_tests(*run, False, limits)
    except Forged as forged:
        flag(outcome, str(forged))
        return
    if result is not None:
        outcome.points[question.name] = min(result[0], question.possible)
        return
    why = "ran out of time" if execution.timed_out else f"failed ({execution.last_error})"
    outcome.error = outcome.error or f"{question.name}: its tests {why}"


def check_canary(client, limits: Limits, outcome) -> None:
    """Run the test file whose every case fails; flag the submission if any case passes."""
    if outcome.status == NEEDS_REVIEW:
        return
    try:
        result = run_tests(client, repr(CANARY_TESTS), False, "canary", False, limits)
    except Forged as forged:
        flag(outcome, str(forged))
        return
    if result is None:
        flag(outcome, "the test that must fail sent no result (otter or the output changed?)")
    elif result[0] > 0:
        flag(outcome, f"a test that must fail scored {result[0]:g}")


class Forged(Exception):
    """A test file's result line appeared more than once: something else wrote one."""


def flag(outcome: Outcome, why: str) -> None:
    """Mark ``outcome`` for an instructor's review: no points, and why."""
    outcome.status = NEEDS_REVIEW
    outcome.points = dict.fromkeys(outcome.points, 0.0)
    outcome.error = f"the notebook changed how tests run or are scored: {why}"


def run_tests(
    client, payload: str, ok_format: bool, name: str, canary: bool, limits: Limits
) -> tuple[float, float] | None:
    """Run a test file in the kernel; return (score, possible), or None if it did not finish.

    With ``canary``, every name the tests take is bound to a stand-in instead of the notebook's.
    """
    nonce = secrets.token_hex(16)  # made now: the student's code could not have printed it
    code = TEST_CELL.format(
        stand_ins=STAND_INS,
        canary=canary,
        ok_format=ok_format,
        payload=payload,
        path=f"{name}.py",
        nonce=nonce,
    )
    cell = nbformat.v4.new_code_cell(code)
    client.timeout = max(1, int(limits.test_seconds))
    run_extra_cell(client, cell)
    outputs = cell.get("outputs", [])
    text = "".join(out.get("text", "") for out in outputs if out.get("name") == "stdout")
    results = re.findall(re.escape(nonce) + r"(\[[^\]\n]*\])", text)
    if len(results) > 1:
        raise Forged(f"{name}'s result was written {len(results)} times")
    if results:
        score, possible = json.loads(results[0])
        return float(score), float(possible)
    return None


def kernel_environment(
    course_root: Path, data_path: Path, matplotlib_cache: Path, one_thread: Iterable[str]
) -> dict[str, str]:
    """Make the whole environment of a grading kernel: what labs need, nothing of the grader.

    Quick mode, one thread (the submissions run side by side, one per core), the course on the
    import path, the data file named (so nothing is downloaded), matplotlib's cache shared.
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
