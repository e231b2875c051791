"""The graded-lab pipeline: labs/ in sync, and tests that catch wrong answers.

The grading round trip is in test_grading.py, a file of its own so that it runs beside these.
"""

import ast
import json
from pathlib import Path
from types import ModuleType

import pytest
from otter.test_files import ExceptionTestFile

import lab_answers
from conftest import ROOT, answer_cells
from instructors import build
from instructors.grading import kernel_side, otter_tests

MASTERS = build.graded_notebooks()
LAB_NAMES = [master.stem for master in MASTERS]


# what Jupyter, otter and Python leave in a lab folder (all in .gitignore): not the build's
LEFT_BEHIND_FOLDERS = {".ipynb_checkpoints", "__pycache__"}
LEFT_BEHIND_FILES = {".OTTER_LOG"}
LEFT_BEHIND_SUFFIXES = {".zip", ".pyc"}  # the zip: rebuilt, named with a timestamp


def left_behind(path: Path) -> bool:
    return bool(
        LEFT_BEHIND_FOLDERS & set(path.parts)
        or path.name in LEFT_BEHIND_FILES
        or path.suffix in LEFT_BEHIND_SUFFIXES
    )


def committed_files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not left_behind(path.relative_to(folder))
    }


def test_what_is_left_behind_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    for name in (*LEFT_BEHIND_FOLDERS, *LEFT_BEHIND_FILES):
        assert name in ignored or f"{name}/" in ignored, name
    assert "*.pyc" in ignored and "labs/*/autograder/*.zip" in ignored


def test_the_sync_check_ignores_what_jupyter_and_otter_leave(tmp_path):
    (tmp_path / "student" / ".ipynb_checkpoints").mkdir(parents=True)
    (tmp_path / "student" / ".ipynb_checkpoints" / "lab-checkpoint.ipynb").write_text("{}")
    (tmp_path / "student" / ".OTTER_LOG").write_text("log")
    (tmp_path / "student" / "lab.ipynb").write_text("{}")
    assert list(committed_files(tmp_path)) == ["student/lab.ipynb"]


def test_every_notebook_is_a_graded_lab():
    assert LAB_NAMES == sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("lab", LAB_NAMES)
def test_labs_folder_matches_its_notebook(assigned_labs, lab):
    assert committed_files(ROOT / "labs" / lab) == committed_files(assigned_labs[lab]), (
        f"labs/{lab} is out of date with notebooks/{lab}.ipynb: "
        "run `python labs/build.py` and commit the result"
    )


@pytest.mark.parametrize("lab", LAB_NAMES)
def test_student_version_has_no_solutions_or_hidden_tests(assigned_labs, lab):
    fresh = assigned_labs[lab]
    student = (fresh / "student" / f"{lab}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in student and "# HIDDEN" not in student
    for test_file in (fresh / "student" / "tests").glob("*.py"):
        assert not otter_tests.read_test_file(test_file).hidden_cases


# --- the tests must catch plausible wrong answers, not only the `...` placeholder -----------


def master_cells(master: Path) -> list[dict]:
    return json.loads(master.read_text(encoding="utf-8"))["cells"]


def solution_code(master: Path) -> str:
    """The code cells inside the master's BEGIN/END SOLUTION blocks."""
    code, inside = [], False
    for cell in master_cells(master):
        source = "".join(cell["source"])
        if cell["cell_type"] == "raw":
            inside = source.strip() == "# BEGIN SOLUTION" or (
                inside and source.strip() != "# END SOLUTION"
            )
        elif inside and cell["cell_type"] == "code":
            code.append(without_demo_expressions(source))
    return "\n\n".join(code)


def without_demo_expressions(source: str) -> str:
    """The cell's definitions, without the expressions after them that show a result."""
    tree = ast.parse(source)
    tree.body = [node for node in tree.body if not isinstance(node, ast.Expr)]
    return ast.unparse(tree)


def untouched_answers(assigned: Path, lab: str) -> str:
    """The answer cells of the student version as handed out, ``...`` placeholders included."""
    _, pairs = answer_cells(assigned, lab)
    return "\n\n".join(without_demo_expressions("".join(mine["source"])) for mine, _ in pairs)


def lab_answers_modules() -> dict:
    """Lab name → its answers module (tests/labs/answers/lab_<lab>.py), or why there is none."""
    found = {}
    for lab in LAB_NAMES:
        try:
            found[lab] = lab_answers.load_answers(lab)
        except lab_answers.MissingAnswers as missing:
            found[lab] = missing
    return found


ANSWERS = lab_answers_modules()
LOADED = {lab: module for lab, module in ANSWERS.items() if isinstance(module, ModuleType)}
WRONG_ANSWERS = {lab: module.WRONG_ANSWERS for lab, module in LOADED.items()}
VALID_ANSWERS = {lab: module.VALID_ANSWERS for lab, module in LOADED.items()}


def test_every_lab_has_an_answers_module():
    missing = [str(error) for error in ANSWERS.values() if not isinstance(error, ModuleType)]
    assert not missing, "\n".join(missing)


def environment(lab: str, answers: str) -> dict:
    """Globals like those of ``lab`` after it has run, with ``answers`` defined in them."""
    master = ROOT / "notebooks" / f"{lab}.ipynb"
    env = LOADED[lab].lab_globals(master)
    exec(solution_code(master), env)
    exec(answers, env)  # a wrong answer replaces the solution's definition
    return env


def question_score(tests_dir: Path, question: str, env: dict) -> tuple[float, float]:
    test_file = ExceptionTestFile.from_file(str(tests_dir / f"{question}.py"))
    test_file.run(env)
    return test_file.score, test_file.possible


@pytest.fixture(scope="module")
def autograder_tests(assigned_labs):
    """Lab name -> folder of its autograder's test files (all tests, hidden ones included)."""
    return {lab: folder / "autograder" / "tests" for lab, folder in assigned_labs.items()}


@pytest.mark.parametrize("table", [WRONG_ANSWERS, VALID_ANSWERS], ids=["wrong", "valid"])
def test_every_question_has_answers_of_both_kinds(autograder_tests, table):
    assert sorted(table) == LAB_NAMES
    for lab, folder in autograder_tests.items():
        assert sorted(table[lab]) == sorted(p.stem for p in folder.glob("*.py")), lab
        assert all(len(answers) >= 2 for answers in table[lab].values()), lab


QUESTIONS = [(lab, q) for lab, questions in WRONG_ANSWERS.items() for q in questions]


@pytest.mark.parametrize("lab, question", QUESTIONS)
def test_solutions_pass_outside_the_notebook(autograder_tests, lab, question):
    score, possible = question_score(autograder_tests[lab], question, environment(lab, ""))
    assert score == possible


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the overflowing softmax is the point
@pytest.mark.parametrize(
    "lab, question, mistake",
    [
        (lab, q, m)
        for lab, questions in WRONG_ANSWERS.items()
        for q, ms in questions.items()
        for m in ms
    ],
)
def test_plausible_wrong_answers_lose_points(autograder_tests, lab, question, mistake):
    env = environment(lab, WRONG_ANSWERS[lab][question][mistake])
    score, possible = question_score(autograder_tests[lab], question, env)
    assert score < possible, f"{lab} {question}: the answer that {mistake} got full marks"


@pytest.mark.parametrize(
    "lab, question, idea",
    [
        (lab, q, idea)
        for lab, questions in VALID_ANSWERS.items()
        for q, ideas in questions.items()
        for idea in ideas
    ],
)
def test_valid_alternative_answers_get_full_marks(autograder_tests, lab, question, idea, capsys):
    env = environment(lab, VALID_ANSWERS[lab][question][idea])
    score, possible = question_score(autograder_tests[lab], question, env)
    assert score == possible, f"{lab} {question}: the valid answer ({idea}) got {score}/{possible}"


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("lab, question", QUESTIONS)
def test_no_test_passes_on_the_graders_stand_ins(autograder_tests, lab, question):
    # the grader's canary: an honest notebook must never be flagged for review
    namespace = {}
    exec(kernel_side.source("stand_ins"), namespace)  # as the grading kernel gets it
    score, _ = question_score(autograder_tests[lab], question, namespace["_grading_stand_ins"]())
    assert score == 0


@pytest.mark.parametrize("lab, question", QUESTIONS)
def test_untouched_student_version_scores_zero(assigned_labs, autograder_tests, lab, question):
    # the otter round trip in test_grading.py grades the filled-in version; this checks the other
    # end without a second run of the whole notebook
    env = environment(lab, untouched_answers(assigned_labs[lab], lab))
    score, _ = question_score(autograder_tests[lab], question, env)
    assert score == 0
