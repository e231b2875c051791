"""A lab's questions, and running their tests in the kernel the notebook ran in.

The tests are sent to the kernel only once the notebook has run: while the student's code runs
they are nowhere in its folder. Each test file runs in a cell of its own
(``kernel_side/run_test_file.py``), which writes the score on a line that starts with a nonce
made for that cell.

The tests run where the student's code ran, so that code could have changed how they run
(patched otter's runner, NumPy's comparisons, ``compile``, how the score is written). Canaries
check for it: before each question, its tests run once more with every name they take bound to
a stand-in that no correct test passes with (``kernel_side/stand_ins.py``), and at the end a
test file whose every case must fail (``kernel_side/canary_tests.py``) runs the same way. A
canary that scores, or a result line written twice, is tampering: the submission needs review.
This catches the usual tampering; it is no security boundary (see the README).
"""

from __future__ import annotations

import json
import re
import secrets
from dataclasses import dataclass
from pathlib import Path

import nbformat

from instructors.grading import kernel_side, otter_tests
from instructors.grading.cells import CellLog
from instructors.grading.session import KernelSession, Limits

CANARY_NAME = "canary"


@dataclass
class Question:
    """One question's test file, as the kernel will get it."""

    name: str
    ok_format: bool
    payload: str  # the OK test dict, or the exception-based test file's source, as a literal
    possible: float  # its points


@dataclass(frozen=True)
class Scores:
    """What the lab's tests gave on one notebook.

    Attributes
    ----------
    points : dict
        Every question's points (all 0 when ``tampering``).
    failure : str
        The first question whose tests did not finish, and why; "" if none.
    tampering : str
        Why the notebook changed how tests run or are scored; "" if it did not seem to.
    """

    points: dict[str, float]
    failure: str = ""
    tampering: str = ""


class Forged(Exception):
    """A test file's result line appeared more than once: something else wrote one."""


def load_questions(tests_dir: Path) -> list[Question]:
    """Read a lab's test files (public and hidden cases), sorted by question name.

    Their possible points are otter's own reckoning (points per case, per file, or shared out).

    Raises
    ------
    FileNotFoundError
        If ``tests_dir`` holds no test file.
    """
    from otter.test_files import ExceptionTestFile, OKTestFile

    questions = []
    for test_file in otter_tests.read_test_folder(tests_dir):
        path = f"{test_file.name}.py"
        if test_file.ok_format:
            possible = OKTestFile.from_spec(test_file.spec, path=path).possible
            questions.append(Question(test_file.name, True, repr(test_file.spec), possible))
        else:
            possible = ExceptionTestFile.from_string(test_file.source, path=path).possible
            questions.append(Question(test_file.name, False, repr(test_file.source), possible))
    if not questions:
        raise FileNotFoundError(f"no test files in {tests_dir}")
    return questions


def score_questions(
    session: KernelSession, questions: list[Question], limits: Limits, log: CellLog
) -> Scores:
    """Run each question's canary, then its tests, then the canary file, in the kernel.

    Parameters
    ----------
    session : grading.session.KernelSession
        The kernel the notebook ran in.
    questions : list of Question
    limits : grading.session.Limits
        Each test file runs for at most ``limits.test_seconds``.
    log : grading.cells.CellLog
        The cells' log (why a test cell did not finish).

    Returns
    -------
    Scores
        Stopped at the first sign of tampering.
    """
    points = {question.name: 0.0 for question in questions}
    failure = ""
    for question in questions:
        try:
            canary = run_test_file(session, question, canary=True, seconds=limits.test_seconds)
            if canary and canary[0] > 0:
                why = f"{question.name}'s tests scored {canary[0]:g} on stand-ins"
                return tampered(points, why)
            result = run_test_file(session, question, canary=False, seconds=limits.test_seconds)
        except Forged as forged:
            return tampered(points, str(forged))
        if result is not None:
            points[question.name] = min(result[0], question.possible)
            continue
        why = "ran out of time" if log.timed_out else f"failed ({log.last_error})"
        failure = failure or f"{question.name}: its tests {why}"
    why = canary_failure(session, limits)
    return tampered(points, why) if why else Scores(points, failure)


def tampered(points: dict[str, float], why: str) -> Scores:
    """Return the run of a notebook that changed how tests run or are scored: no points."""
    return Scores(dict.fromkeys(points, 0.0), tampering=why)


def canary_failure(session: KernelSession, limits: Limits) -> str:
    """Run the test file whose every case fails; say why the submission needs review, or ""."""
    canary = Question(CANARY_NAME, False, repr(kernel_side.source("canary_tests")), 0.0)
    try:
        result = run_test_file(session, canary, canary=False, seconds=limits.test_seconds)
    except Forged as forged:
        return str(forged)
    if result is None:
        return "the test that must fail sent no result (otter or the output changed?)"
    if result[0] > 0:
        return f"a test that must fail scored {result[0]:g}"
    return ""


def run_test_file(
    session: KernelSession, question: Question, *, canary: bool, seconds: float
) -> tuple[float, float] | None:
    """Run a question's test file in the kernel; return (score, possible), or None if unfinished.

    With ``canary``, every name the tests take is bound to a stand-in instead of the notebook's.

    Raises
    ------
    Forged
        If the result line was written more than once.
    """
    nonce = secrets.token_hex(16)  # made now: the student's code could not have printed it
    call = (
        f"_grading_run_test_file({question.payload}, ok_format={question.ok_format}, "
        f"path={question.name + '.py'!r}, canary={canary}, nonce={nonce!r})"
    )
    code = "\n\n".join(
        [
            kernel_side.source("stand_ins").strip(),
            kernel_side.source("run_test_file").strip(),
            f"try:\n    {call}\nfinally:\n    del _grading_run_test_file, _grading_stand_ins\n",
        ]
    )
    cell = nbformat.v4.new_code_cell(code)
    session.run_extra_cell(cell, seconds)
    outputs = cell.get("outputs", [])
    text = "".join(out.get("text", "") for out in outputs if out.get("name") == "stdout")
    results = re.findall(re.escape(nonce) + r"(\[[^\]\n]*\])", text)
    if len(results) > 1:
        raise Forged(f"{question.name}'s result was written {len(results)} times")
    if results:
        score, possible = json.loads(results[0])
        return float(score), float(possible)
    return None
