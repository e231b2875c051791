"""Read otter's test files (``tests/q*.py``) into their cases, in either of otter's formats.

otter writes a question's tests in one of two formats:

- exception-based (``OK_FORMAT = False``): each case is a function decorated with
  ``@test_case(points=..., hidden=...)``;
- OK format (``OK_FORMAT = True``): ``test = {"name": ..., "suites": [{"cases": [...]}]}``, each
  case a doctest with a ``hidden`` flag.

This module is the course's one reader of them: the grader (which questions there are and in
which format), the build (no hidden case in a student version), the release (no hidden test's
line anywhere students look) and the scrubber of Gradescope's results. It reads the files as
text, without running them, and uses the standard library only: it is copied, as it is, into
every autograder zip beside the scrubber (see ``instructors/build.py``), where the course is not
installed.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from pathlib import Path

# a hidden case in any text, in either format (a test file, or one quoted in another file)
HIDDEN_MARK = re.compile(r"['\"]hidden['\"]\s*:\s*True|\bhidden\s*=\s*True")
DOCTEST_PROMPT = re.compile(r"(?m)^(>>>|\.\.\.) ?")


@dataclass(frozen=True)
class Case:
    """One test case of a question.

    Attributes
    ----------
    name : str
        The function's name (exception-based), or ``"<question> - <n>"`` (OK format, numbered
        from 1 as otter names them).
    hidden : bool
        Whether students never see it.
    source : str
        The function's source, or the doctest's code without its ``>>>`` and ``...`` prompts.
    points : float or None
        The points written on the case; None when the file's points are shared out by otter.
    """

    name: str
    hidden: bool
    source: str
    points: float | None = None


@dataclass(frozen=True)
class TestFile:
    """One question's test file, read.

    Attributes
    ----------
    name : str
        The question (the file's stem).
    ok_format : bool
        True for the OK format, False for exception-based tests.
    source : str
        The file's text.
    cases : tuple of Case
    spec : dict or None
        The OK format's ``test`` dict (None for exception-based tests).
    """

    __test__ = False  # a test file's description, not a test (pytest collects Test* classes)

    name: str
    ok_format: bool
    source: str
    cases: tuple[Case, ...]
    spec: dict | None = None

    @property
    def hidden_cases(self) -> list[Case]:
        """The cases students never see."""
        return [case for case in self.cases if case.hidden]


def read_test_file(path: Path) -> TestFile:
    """Read one otter test file.

    Parameters
    ----------
    path : pathlib.Path
        ``tests/<question>.py``, in either format.

    Returns
    -------
    TestFile

    Raises
    ------
    SyntaxError, ValueError
        If the file is not Python, or its OK-format ``test`` is not a literal dict.

    """
    path = Path(path)
    return parse_test_file(path.read_text(encoding="utf-8"), path.stem)


def parse_test_file(source: str, name: str) -> TestFile:
    r"""Read the text of an otter test file named ``name`` (see :func:`read_test_file`).

    Examples
    --------
    >>> parse_test_file("@test_case(hidden=True)\ndef test_f(f):\n    pass", "q1").cases
    (Case(name='test_f', hidden=True, source='def test_f(f):\n    pass', points=None),)
    """
    tree = ast.parse(source)
    spec = ok_spec(tree)
    if spec is None:
        cases = tuple(exception_case(source, node) for node in case_functions(tree))
        return TestFile(name, False, source, cases)
    return TestFile(name, True, source, ok_cases(spec), spec)


def read_test_folder(folder: Path) -> list[TestFile]:
    """Read every test file of a ``tests/`` folder, sorted by question."""
    return [read_test_file(path) for path in sorted(Path(folder).glob("*.py"))]


def marks_hidden_case(text: str) -> bool:
    """Tell whether ``text`` (any file's) holds a hidden case in either of otter's formats.

    Examples
    --------
    >>> marks_hidden_case("@test_case(points=1, hidden=True)"), marks_hidden_case("'hidden': False")
    (True, False)
    """
    return HIDDEN_MARK.search(text) is not None


def ok_spec(tree: ast.Module) -> dict | None:
    """Return the OK format's ``test`` dict, or None for an exception-based file."""
    values = {
        target.id: node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    flag = values.get("OK_FORMAT")
    if not (isinstance(flag, ast.Constant) and flag.value is True):
        return None
    if "test" not in values:
        raise ValueError("an OK-format test file without its `test = {...}`")
    return ast.literal_eval(values["test"])


def case_functions(tree: ast.Module) -> list[ast.FunctionDef]:
    """List the top-level functions of an exception-based file: its cases."""
    return [node for node in tree.body if isinstance(node, ast.FunctionDef)]


def exception_case(source: str, function: ast.FunctionDef) -> Case:
    """Read one ``@test_case(...)`` function of an exception-based file."""
    options = {
        keyword.arg: keyword.value.value
        for decorator in function.decorator_list
        if isinstance(decorator, ast.Call)
        for keyword in decorator.keywords
        if isinstance(keyword.value, ast.Constant)
    }
    points = options.get("points")
    return Case(
        function.name,
        options.get("hidden") is True,
        ast.get_source_segment(source, function) or "",
        float(points) if isinstance(points, (int, float)) else None,
    )


def ok_cases(spec: dict) -> tuple[Case, ...]:
    """Read the cases of an OK-format ``test`` dict, numbered as otter names them."""
    cases = [case for suite in spec.get("suites", []) for case in suite.get("cases", [])]
    return tuple(
        Case(
            f"{spec.get('name', '')} - {number}",
            bool(case.get("hidden", False)),
            DOCTEST_PROMPT.sub("", case.get("code", "")),
            float(case["points"]) if isinstance(case.get("points"), (int, float)) else None,
        )
        for number, case in enumerate(cases, start=1)
    )
