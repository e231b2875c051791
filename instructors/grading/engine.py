"""Grade one submission: a run of stages, each a function of what the stage before it gave.

    read → check lab → execute notebook → run tests → score       (:data:`STAGES`)

Each stage takes the run's :class:`Job` and the previous stage's output, and gives its own
output, or the submission's :class:`grading.result.Result` when grading ends there (a file that
cannot be read or is no notebook of this lab, a kernel that died, a loop that would not stop).
The last stage always gives a Result; :meth:`Result.row` is the gradebook row. What a stage
leaves to undo (the kernel, its scratch folder, the executed copy to write) goes on the job's
``cleanup`` stack, undone when the run ends, however it ends.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from contextlib import ExitStack
from dataclasses import dataclass, replace
from pathlib import Path

import nbformat
from nbclient.exceptions import DeadKernelError

from instructors.grading import answers, cells, submission, testing
from instructors.grading.kernels import Interrupted, RunningKernels
from instructors.grading.result import (
    CRASHED,
    GRADED,
    GRADING_ERROR,
    NEEDS_REVIEW,
    NO_ANSWERS,
    NO_ANSWERS_WHY,
    OUT_OF_MEMORY,
    REVIEW_REASON,
    TIMED_OUT,
    Result,
)
from instructors.grading.session import Confinement, KernelSession, Limits, open_session
from instructors.grading.submission import Gradable, Submission


@dataclass(frozen=True)
class Grading:
    """What every submission of one run is graded with."""

    lab: str
    title: str  # the first line of the lab's notebook (tells a notebook of another lab)
    questions: list[testing.Question]
    environment: dict[str, str]  # the kernels' whole environment
    limits: Limits
    confinement: Confinement | None  # None: kernels run without a sandbox
    kernels: RunningKernels
    # the student version's cells as handed out (:func:`grading.answers.handed_out`); None:
    # unknown, and then no submission is told "no answers"
    handout: frozenset[answers.Cell] | None = None

    @property
    def possible(self) -> dict[str, float]:
        """Each question's possible points."""
        return {question.name: question.possible for question in self.questions}


@dataclass(frozen=True)
class Job:
    """One submission's run: what it is graded with, its name, and what to undo at its end."""

    grading: Grading
    file: str  # its name in the gradebook
    executed: Path | None  # where its executed copy goes (None: no copy)
    cleanup: ExitStack
    started: float  # time.monotonic() when its run began

    def result(
        self,
        status: str,
        sha256: str,
        *,
        points: dict[str, float] | None = None,
        error: str = "",
        note: str = "",
        cell_seconds: dict[str, float] | None = None,
    ) -> Result:
        """Make this submission's result, timed now; questions without points get 0."""
        return Result(
            self.file,
            sha256,
            status,
            {**dict.fromkeys(self.grading.possible, 0.0), **(points or {})},
            self.grading.possible,
            time.monotonic() - self.started,
            error,
            note,
            cell_seconds or {},
        )


@dataclass(frozen=True)
class Executed:
    """A notebook run to its end, or stopped at the time limit, in a kernel that still answers."""

    gradable: Gradable
    session: KernelSession
    log: cells.CellLog
    stopped: str = ""  # why it was stopped part way ("" when it ran to its end)


@dataclass(frozen=True)
class Tested:
    """An executed notebook and what the lab's tests gave on its final state."""

    executed: Executed
    scores: testing.Scores


def read(job: Job, path: Path) -> Submission | Result:
    """Stage 1: read the file, once (its bytes and their hash)."""
    try:
        return Submission.read(path)
    except OSError as error:  # gone or unreadable since it was listed
        return job.result(GRADING_ERROR, "", error=submission.first_line(error))


def check_lab(job: Job, handed_in: Submission) -> Gradable | Result:
    """Stage 2: read it as a notebook of this lab, ready to execute, or say why it is none.

    Whether it is the student version as handed out is noted here, and only told once its tests
    have run (see :func:`score`): it runs and is scored like any other.
    """
    opened = submission.open_notebook(handed_in, job.grading.lab, job.grading.title)
    if isinstance(opened, submission.Refusal):
        return job.result(opened.status, handed_in.sha256, error=opened.why)
    handout = job.grading.handout
    if handout is not None and answers.as_handed_out(opened.notebook, handout):
        return replace(opened, as_handed_out=True)
    return opened


def execute_notebook(job: Job, gradable: Gradable) -> Executed | Result:
    """Stage 3: run the notebook top to bottom in a kernel of its own, within the time limit.

    Raises
    ------
    grading.kernels.Interrupted
        If grading was stopped before it started (or, as the run ends, while it ran).
    """
    grading = job.grading
    if grading.kernels.stopping:
        raise Interrupted("grading stopped before this submission started")
    to_run = cells.runnable_cells(gradable.notebook)
    log = cells.CellLog(len(to_run), keep_outputs=job.executed is not None)
    if job.executed is not None:  # pushed first: written once the kernel is gone
        job.cleanup.push(executed_copy(gradable.notebook, to_run, log, job.executed))
    session = None
    try:
        session = job.cleanup.enter_context(
            open_session(
                gradable.notebook,
                to_run,
                grading.lab,
                grading.environment,
                grading.limits,
                confinement=grading.confinement,
                kernels=grading.kernels,
                on_cell_executed=log.record,
            )
        )
        log.mark("kernel start")
        stopped = run_within(session, log, grading.limits.seconds)
        if stopped and not responsive(session, log):  # interrupted, yet still busy
            seconds = log.seconds
            return job.result(
                TIMED_OUT, gradable.sha256, error=stopped, note=gradable.note, cell_seconds=seconds
            )
    except DeadKernelError:
        return kernel_died(job, gradable, session, log)
    return Executed(gradable, session, log, stopped)


def run_tests(job: Job, executed: Executed) -> Tested | Result:
    """Stage 4: run each question's tests, and the canaries, on the notebook's final state."""
    try:
        scores = testing.score_questions(
            executed.session, job.grading.questions, job.grading.limits, executed.log
        )
    except DeadKernelError:
        return kernel_died(job, executed.gradable, executed.session, executed.log)
    return Tested(executed, scores)


def score(job: Job, tested: Tested) -> Result:
    """Stage 5: the verdict: needs review, timed out (what ran still scores), no answers, graded.

    "No answers" only ever names a run that would be "graded" with 0 points: it changes no
    score, so no notebook gains by looking handed out, and work that scores is never called so.
    """
    executed, scores = tested.executed, tested.scores
    gradable = executed.gradable
    if scores.tampering:
        status, error = NEEDS_REVIEW, REVIEW_REASON.format(why=scores.tampering)
    elif executed.stopped:
        status, error = TIMED_OUT, executed.stopped
    elif gradable.as_handed_out and not any(scores.points.values()):
        status, error = NO_ANSWERS, NO_ANSWERS_WHY  # the stubs' errors would say nothing more
    else:
        status, error = GRADED, scores.failure or executed.log.first_error
    return job.result(
        status,
        gradable.sha256,
        points=scores.points,
        error=error,
        note=gradable.note,
        cell_seconds=executed.log.seconds,
    )


Stage = Callable[[Job, object], object]
STAGES: tuple[Stage, ...] = (read, check_lab, execute_notebook, run_tests, score)


def grade_submission(
    path: Path, file: str, grading: Grading, executed: Path | None = None
) -> Result:
    """Grade one file through every stage; return its result, whatever happened.

    Parameters
    ----------
    path : pathlib.Path
        The file as handed in.
    file : str
        Its name in the gradebook.
    grading : Grading
    executed : pathlib.Path, optional
        Write the submission here with the outputs its cells printed and drew (by default they
        are dropped as each cell ends). Written whole, even when the run stopped part way, but
        not when grading was stopped (the previous copy, if any, stays).

    Raises
    ------
    grading.kernels.Interrupted
        If grading was stopped while this file was graded: it gets no row.
    """
    return run_stages(STAGES, path, grading, file, executed)


def grade_notebook(
    notebook: nbformat.NotebookNode,
    lab: str,
    questions: list[testing.Question],
    environment: dict[str, str],
    limits: Limits | None = None,
    confinement: Confinement | None = None,
    executed: Path | None = None,
    kernels: RunningKernels | None = None,
) -> Result:
    """Grade a notebook given as it is: the stages from :func:`execute_notebook` on.

    For a benchmark or a test: no file, no hash, no check of the lab. The parameters are those
    of :class:`Grading` and :func:`grade_submission`.
    """
    limits, kernels = limits or Limits(), kernels or RunningKernels()
    grading = Grading(lab, "", questions, environment, limits, confinement, kernels)
    stages = STAGES[STAGES.index(execute_notebook) :]
    return run_stages(stages, Gradable(notebook, ""), grading, f"{lab}.ipynb", executed)


def run_stages(
    stages: tuple[Stage, ...],
    first: object,
    grading: Grading,
    file: str,
    executed: Path | None = None,
) -> Result:
    """Run ``stages`` from ``first`` until one gives a Result; undo what they left at the end.

    The grader's own failure (any other exception) is this submission's result, "grading
    error", with the error's first line: the other submissions go on.
    """
    job = Job(grading, file, executed, ExitStack(), time.monotonic())
    value = first
    try:
        with job.cleanup:
            for stage in stages:
                value = stage(job, value)
                if isinstance(value, Result):
                    return value
    except Interrupted:
        raise
    except Exception as error:
        sha256 = getattr(value, "sha256", "")  # known once the file was read
        return job.result(GRADING_ERROR, sha256, error=submission.first_line(error))
    raise TypeError(f"the last stage, {stages[-1].__name__}, gave no Result")


def kernel_died(
    job: Job, gradable: Gradable, session: KernelSession | None, log: cells.CellLog
) -> Result:
    """Return the result of a notebook whose kernel died: out of memory, or crashed."""
    if session is not None and session.out_of_memory:
        status = OUT_OF_MEMORY
        error = f"the kernel used more than {job.grading.limits.memory_mb} MB"
    else:
        status = CRASHED
        error = "the kernel died" + (f" after {log.first_error}" if log.first_error else "")
    return job.result(status, gradable.sha256, error=error, note=gradable.note)


def run_within(session: KernelSession, log: cells.CellLog, seconds: float) -> str:
    """Run every cell of the session, for ``seconds`` in all; say where it was stopped, or ""."""
    deadline = time.monotonic() + seconds
    for index, cell in enumerate(list(session.cells)):
        session.run_cell(cell, index, deadline - time.monotonic())
        if log.timed_out or time.monotonic() > deadline:
            return f"stopped at {seconds:.0f} s, in {cells.cell_name(cell)}"
    return ""


def responsive(session: KernelSession, log: cells.CellLog, seconds: int = 10) -> bool:
    """Tell whether the kernel answers again after an interrupt."""
    session.run_extra_cell(nbformat.v4.new_code_cell("pass"), seconds)
    return not log.timed_out


def executed_copy(
    notebook: nbformat.NotebookNode, to_run: list, log: cells.CellLog, path: Path
) -> Callable[..., bool]:
    """Return the cleanup that writes the executed copy, unless grading was stopped meanwhile."""

    def write(kind: type[BaseException] | None, *details: object) -> bool:
        if kind is None or not issubclass(kind, Interrupted):  # a stopped run keeps the old copy
            cells.write_executed(notebook, to_run, log.student_cells, path)
        return False  # whatever was raised goes on

    return write
