"""The grader of a student version: ``grader = utils.grader("03_cnn")``, then ``grader.check``.

:func:`grader` makes otter-grader's ``Notebook`` with the lab's public tests found in the
course (:func:`lab_tests`), installing otter-grader first on Colab (:mod:`utils.colab`).
Its errors are about the student's machine, not bugs: in a notebook they show as one line.

``grader.check("q1")`` gives otter's verdict in the student's terms (:class:`CheckResult`):
"q1: not answered yet" for an answer still ``...`` (or a function that returns None), and for
a failing public test the test's own line with what it got and expected, instead of otter's
file and line numbers. It writes no ``.OTTER_LOG`` beside the notebook: that log only feeds
otter's export zip, which this course does not use. The grading kernel never runs any of this:
it replaces ``grader`` with a stub and runs the hidden tests in a separate process.
"""

from __future__ import annotations

import ast
import functools
import importlib.util
import inspect
import os
import sys
import textwrap
from pathlib import Path
from typing import Any

from utils import layout
from utils.colab import OneLineError, course_root, in_colab, install_on_colab

# the range requirements.txt declares; a test keeps the two in step
OTTER_REQUIREMENT = "otter-grader>=6.1,<8"
# what Colab gets: grader.check only needs otter's Notebook, which reads this course's test files
# alike from 5.7 on; otter 6 and 7 require ipywidgets 8, and Colab ships 7.7, which an install
# must not change, so there pip settles on the newest otter that fits what Colab has
COLAB_OTTER_REQUIREMENT = "otter-grader>=5.7,<8"


class GraderMissingError(OneLineError, ModuleNotFoundError):
    """otter-grader, which ``grader.check`` needs, is not installed."""


class TestsNotFoundError(OneLineError, FileNotFoundError):
    """A lab's public tests are nowhere to be found."""


def lab_tests(lab: str, *, root: Path | None = None, cwd: Path | None = None) -> Path:
    """Find the folder of a lab's public tests, for the grader of its student version.

    Looks in the course (``labs/<lab>/student/tests``), then in ``tests/`` of the working
    directory if the lab's notebook is there too (a student version in a folder of its own,
    with the course installed): another folder's ``tests/`` is never taken for the lab's.

    Parameters
    ----------
    lab : str
        The lab's name, e.g. ``"03_cnn"``.
    root, cwd : pathlib.Path, optional
        The course folder and the working directory; default the real ones.

    Returns
    -------
    pathlib.Path

    Raises
    ------
    ValueError
        If ``lab`` is not a lab name such as ``"03_cnn"``.
    TestsNotFoundError
        If neither folder holds the lab's tests; the message names both.
    """
    check_lab_name(lab)
    for name, folder in (("root", root), ("cwd", cwd)):
        if folder is not None and not isinstance(folder, str | os.PathLike):
            raise TypeError(f"{name}: expected a folder, got {type(folder).__name__}")
    root = course_root() if root is None else Path(root)
    cwd = Path.cwd() if cwd is None else Path(cwd)
    candidates = [root / "labs" / lab / "student" / "tests", cwd / "tests"]
    beside_notebook = (cwd / f"{lab}.ipynb").is_file()
    for folder in candidates if beside_notebook else candidates[:1]:
        if folder.is_dir() and any(folder.glob("*.py")):
            return folder
    raise TestsNotFoundError(
        f"No tests for lab {lab} in {candidates[0]} or {candidates[1]}: open the student "
        f"version from the course's labs/{lab}/student/ folder, or on Colab from its badge."
    )


def grader(lab: str) -> Any:
    """Make the grader of a student version: ``grader.check("q1_...")`` checks an answer.

    On Colab, otter-grader is installed first if it is missing (see :func:`install_on_colab`).

    Parameters
    ----------
    lab : str
        The lab's name, e.g. ``"03_cnn"``.

    Returns
    -------
    otter.Notebook
        Reads the lab's public tests from :func:`lab_tests`.

    Raises
    ------
    GraderMissingError
        Outside Colab, if otter-grader is not installed; the message says how to install it.
    InstallError
        On Colab, if otter-grader can't be installed without changing an installed package.
    """
    check_lab_name(lab)
    if importlib.util.find_spec("otter") is None:
        if not in_colab():
            raise GraderMissingError(
                f"grader.check needs otter-grader: pip install '{OTTER_REQUIREMENT}' "
                "(it is in the course's requirements.txt)."
            )
        install_on_colab(COLAB_OTTER_REQUIREMENT)
    import otter

    if getattr(otter.Notebook, "_grading_mode", False):  # otter is grading: it brings the tests
        return otter.Notebook()
    tests = lab_tests(lab)
    # the notebook's own file, when it sits in the working directory (otter reads its metadata);
    # on Colab it does not, and otter must then not look for it
    notebook = Path(f"{lab}.ipynb")
    student_notebook = student_notebook_class()
    return student_notebook(str(notebook) if notebook.is_file() else None, tests_dir=str(tests))


@functools.cache
def student_notebook_class() -> type:
    """Return otter's ``Notebook`` made for students: plain messages, no ``.OTTER_LOG`` file.

    Made on first use, since otter-grader may only be installed then (on Colab).

    Returns
    -------
    type
        A subclass of ``otter.Notebook``.
    """
    import otter

    class StudentNotebook(otter.Notebook):
        """otter's ``Notebook`` whose ``check`` speaks to students and that keeps no log."""

        def _log_event(self, *args: Any, **kwargs: Any) -> None:
            """Log nothing: otter's log feeds its export zip only, and littered the folder."""

        def check(self, question: str, global_env: dict[str, Any] | None = None) -> Any:
            """Run the public tests of ``question`` on the caller's variables.

            Returns otter's result when they pass, else a :class:`CheckResult` that says why.
            """
            if global_env is None:  # the notebook's variables, as otter takes them
                global_env = sys._getframe(1).f_globals
            result = super().check(question, global_env)
            if result is None or result.passed_all:
                return result
            return explain(question, result, global_env)

    return StudentNotebook


class CheckResult:
    """What ``grader.check`` shows for a question that does not pass yet: a few plain lines.

    Attributes
    ----------
    question : str
    answered : bool
        False when the answer is still the placeholder (``...``) or a function returns None.
    lines : list of str
    otter_result : object
        otter's own result, for anyone who needs its details.
    """

    passed_all = False

    def __init__(self, question: str, answered: bool, lines: list[str], otter_result: Any):
        self.question, self.answered, self.lines = question, answered, lines
        self.otter_result = otter_result

    @property
    def grade(self) -> float:
        """Return the grade otter gave the public tests: 0, or partial credit."""
        return self.otter_result.grade

    def __repr__(self) -> str:
        """Show the lines, as a notebook shows a cell's last value."""
        return "\n".join(self.lines)


def explain(question: str, result: Any, global_env: dict[str, Any]) -> CheckResult:
    """Say in plain words why a question's public tests fail.

    Parameters
    ----------
    question : str
    result : otter.test_files.TestFile
        otter's result, with at least one failing test case.
    global_env : dict
        The notebook's variables the tests ran on.

    Returns
    -------
    CheckResult
    """
    # hidden cases stay hidden: never rerun or quoted (a student version's tests hold none)
    failing = [r for r in result.test_case_results if not r.passed and not r.test_case.hidden]
    if not failing:
        return CheckResult(question, True, [f"{question}: the public tests pass."], result)
    body = failing[0].test_case.body
    test = getattr(body, "test_func", None)
    names = list(inspect.signature(test).parameters) if test is not None else []
    undefined = [name for name in names if name != "env" and name not in global_env]
    if undefined:  # otter passes None for these: say which cell has not run
        line = f"{question}: not answered yet ({', '.join(undefined)} not defined: run its cell)."
        return CheckResult(question, False, [line], result)
    blank = [name for name in names if is_placeholder(global_env[name])]
    if blank:
        line = f"{question}: not answered yet ({', '.join(blank)}: `...`)."
        return CheckResult(question, False, [line], result)
    if test is None:  # not a Python-format test: otter's own message is all there is
        return CheckResult(question, True, [f"{question}: {failing[0].message}"], result)
    try:
        body.call_func(global_env)
    except Exception as error:  # the public test's failure, rerun to see its line and values
        frame = failing_frame(error, test.__code__)
        if "NoneType" in str(error):
            functions = [name for name in names if callable(global_env.get(name))]
            if functions:
                line = f"{question}: not answered yet ({', '.join(functions)} returned None: "
                return CheckResult(question, False, [line + "is a `return` missing?)."], result)
        return CheckResult(question, True, failure_lines(question, error, frame), result)
    return CheckResult(question, True, [f"{question}: {failing[0].message}"], result)


def is_placeholder(value: Any) -> bool:
    """Tell whether an answer is still the student version's ``...``: the value or a body's end."""
    if value is Ellipsis:
        return True
    if not inspect.isfunction(value):
        return False
    try:  # IPython keeps every cell's source, so a function defined in a notebook has one
        tree = ast.parse(textwrap.dedent(inspect.getsource(value)))
    except (OSError, TypeError, SyntaxError):
        return False
    function = tree.body[0] if tree.body else None
    if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
        return False
    last = function.body[-1]
    return isinstance(last, ast.Expr) and getattr(last.value, "value", None) is Ellipsis


def failing_frame(error: BaseException, code: Any) -> Any:
    """Return the innermost frame of the test function ``code`` in ``error``'s traceback."""
    frame, traceback = None, error.__traceback__
    while traceback is not None:
        if traceback.tb_frame.f_code is code:
            frame = (traceback.tb_frame, traceback.tb_lineno)
        traceback = traceback.tb_next
    return frame


def failure_lines(question: str, error: BaseException, frame: Any) -> list[str]:
    """Show the failing test line, then what it got and expected (an assert), or the error."""
    lines = [f"{question}: a public test does not pass yet."]
    source = ""
    if frame is not None:
        frame_, lineno = frame
        try:
            source = inspect.getsourcelines(frame_.f_code)[0]
            first = frame_.f_code.co_firstlineno
            source = source[lineno - first].strip()
        except (OSError, IndexError):
            source = ""
    if source:
        lines.append(f"    {source}")
    if isinstance(error, AssertionError) and not str(error) and frame is not None:
        lines.append(got_and_expected(source, frame[0]))
    else:
        lines.append(f"{type(error).__name__}: {str(error) or 'no message'}")
    return lines


def got_and_expected(source: str, frame: Any) -> str:
    """Say ``got a, expected b`` with their values, for ``assert a == b`` or ``assert f(a, b)``."""
    try:
        statement = ast.parse(source).body[0]
    except (SyntaxError, IndexError):
        return "AssertionError: the line above is not true."
    test = getattr(statement, "test", None)
    pair = None
    if isinstance(test, ast.Compare) and len(test.ops) == 1 and isinstance(test.ops[0], ast.Eq):
        pair = test.left, test.comparators[0]
    elif isinstance(test, ast.Call) and len(test.args) >= 2:  # np.allclose(got, expected)
        pair = test.args[0], test.args[1]
    if pair is None:
        return "AssertionError: the line above is not true."
    variables = {**frame.f_globals, **frame.f_locals}
    try:
        got, expected = (
            eval(compile(ast.Expression(side), "<test>", "eval"), variables) for side in pair
        )
    except Exception:  # the values can't be had again: the line is the message
        return "AssertionError: the line above is not true."
    return f"got {short(got)}, expected {short(expected)}"


def short(value: Any, limit: int = 120) -> str:
    """Return a value's repr on one line, cut to ``limit`` characters."""
    text = " ".join(repr(value).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def check_lab_name(lab: str) -> None:
    """Raise a ValueError unless ``lab`` is a lab name such as ``"03_cnn"``."""
    if not isinstance(lab, str) or not layout.is_lab_name(lab):
        raise ValueError(f"lab={lab!r}: expected a lab name such as '03_cnn'.")
