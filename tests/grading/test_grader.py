"""The class grader on broken and odd submissions, with a tiny lab (two questions, no TensorFlow).

One folder of submissions, written as students hand them in, is graded once into a gradebook;
each test reads its own row. The cases that need their own limits (a loop, a memory hog) are
graded on their own.
"""

import copy
import csv
import json
import os
import re
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

import jupytext
import nbformat
import pytest

from conftest import ROOT, otter_run
from instructors import build, grade
from instructors.grading import answers, cells, engine, gradebook, sandbox, scrub, session, testing
from instructors.grading.result import Result
from instructors.grading.submission import Gradable

TINY = ROOT / "tests" / "tiny_lab" / "00_tiny.ipynb"
LAB = "00_tiny"
TITLE = "# Lab 00 · A tiny lab for testing the grader"
FULL, POSSIBLE = {"q1_double": 2.0, "q2_hypotenuse": 2.0}, "4"


@pytest.fixture(scope="module")
def tiny(tmp_path_factory):
    """The tiny lab, assigned: its questions, its student version, and that version filled in."""
    folder = tmp_path_factory.mktemp("tiny") / LAB
    build.assign(TINY, folder, home=None)
    questions = testing.load_questions(folder / "autograder" / "tests")
    student = nbformat.read(folder / "student" / f"{LAB}.ipynb", as_version=4)
    filled = nbformat.reads(json.dumps(build.filled_in(folder, LAB)), as_version=4)
    return questions, student, filled


def answer_indices(notebook) -> list[int]:
    return [
        i for i, c in enumerate(notebook.cells) if "otter_answer_cell" in c.metadata.get("tags", [])
    ]


def with_cell(notebook, source: str, at: int | None = None):
    changed = copy.deepcopy(notebook)
    position = len(changed.cells) if at is None else at
    changed.cells.insert(position, nbformat.v4.new_code_cell(source))
    return changed


def write(folder: Path, name: str, content) -> None:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        nbformat.write(content, path)


def first_code_cell(notebook) -> int:
    return next(i for i, c in enumerate(notebook.cells) if c.cell_type == "code")


# Cells that change the test machinery inside the kernel, added to the untouched student version:
# each must gain nothing (the canaries flag it for review, with no points).
TAMPERING = {
    "patched_runner": "from otter.test_files import exception_test\n"
    "exception_test.test_case.call_func = lambda self, env: None",
    "asserts_stripped": "import builtins, otter.test_files  # otter imported before the patch\n"
    "_compile = builtins.compile\n"
    "def compile(source, filename, mode, flags=0, dont_inherit=False, optimize=-1):\n"
    "    return _compile(source, filename, mode, flags, dont_inherit, optimize=1)\n"
    "builtins.compile = compile",
    "results_rewritten": "import json\n"
    "_dumps = json.dumps\n"
    "def dumps(value, *args, **kwargs):\n"
    "    if isinstance(value, list) and len(value) == 2:  # [score, possible]: full marks\n"
    "        value = [value[1], value[1]]\n"
    "    return _dumps(value, *args, **kwargs)\n"
    "json.dumps = dumps",
    "comparisons_rebound": "import math\n"
    "import numpy as np\n"
    "math.isclose = np.isclose = np.allclose = lambda *args, **kwargs: True\n"
    "def hypotenuse(a, b):  # right on the examples only\n"
    "    return {(3, 4): 5, (0, 7): 7}.get((a, b), 0)",
    "score_patched": "from otter.test_files import abstract_test\n"
    "abstract_test.TestFile.score = property(lambda self: self.possible)",
    "patched_while_tested": "def double(x):\n"
    "    from otter.test_files import exception_test\n"
    "    exception_test.test_case.call_func = lambda self, env: None\n"
    "    return 0",
}


# Cells that write a result line of their own, forged from the test cell's source: flagged too.
FORGERY = {
    "forged_before_the_tests": "import re\n"
    "def forge(info):  # IPython runs this before every cell, the grader's included\n"
    "    found = re.search(r'[0-9a-f]{32}', info.raw_cell or '')\n"
    "    if found and 'canary=False' in info.raw_cell and \"'canary.py'\" not in info.raw_cell:\n"
    "        print(found.group() + '[1000, 1000]')\n"
    "get_ipython().events.register('pre_run_cell', forge)",
    "forged_from_an_answer": "import sys\n"
    "def double(x):  # finds the grader's nonce in the calling frames and prints a full score\n"
    "    frame = sys._getframe()\n"
    "    while frame:\n"
    "        for constant in frame.f_code.co_consts:\n"
    "            if isinstance(constant, str) and len(constant.strip()) == 32:\n"
    "                print(constant.strip() + '[2, 2]')\n"
    "        frame = frame.f_back\n"
    "    return None",
}


def class_folder(folder: Path, tiny) -> None:
    """Write the class's submissions: valid ones saved in odd ways, and broken ones."""
    _, student, filled = tiny
    write(folder, "filled.ipynb", filled)
    write(folder, "untouched.ipynb", student)
    write(folder, "sub dir/My Lab (1).ipynb", filled)  # another name, in a subfolder
    moved = copy.deepcopy(filled)  # answers written after the check cells: the final state counts
    answers = [moved.cells[i] for i in answer_indices(moved)]
    moved.cells = [c for i, c in enumerate(moved.cells) if i not in answer_indices(moved)] + answers
    write(folder, "answers_last.ipynb", moved)
    deleted = copy.deepcopy(filled)
    del deleted.cells[answer_indices(deleted)[1]]  # the second answer cell deleted
    write(folder, "q2_deleted.ipynb", deleted)
    write(folder, "first_cell_raises.ipynb", with_cell(filled, "raise RuntimeError('boom')", 1))
    write(folder, "sys_exit.ipynb", with_cell(filled, "import sys\nsys.exit('bye')", 1))
    write(folder, "os_exit.ipynb", with_cell(filled, "import os\nos._exit(3)"))
    write(folder, "segfault.ipynb", with_cell(filled, "import ctypes\nctypes.string_at(0)"))
    write(folder, "grader_rebound.ipynb", with_cell(filled, "grader = None"))
    chatty = "def double(x):\n    print('debug: doubling', x)\n    return x + x"
    write(folder, "prints.ipynb", with_cell(filled, chatty))  # a debug print costs nothing
    unended = "def double(x):\n    print('doubling', x, end='; ')\n    return x + x"
    write(folder, "print_no_newline.ipynb", with_cell(filled, unended))
    silenced = "import io, sys\nsys.stdout = io.StringIO()  # quiet, please"
    write(folder, "stdout_replaced.ipynb", with_cell(filled, silenced))
    restored = "import sys\nsys.stdout = sys.__stdout__  # 'restored' from an earlier redirect"
    write(folder, "stdout_restored.ipynb", with_cell(filled, restored))
    write(folder, "big_output.ipynb", with_cell(filled, "print('x' * 20_000_000)"))
    stored = copy.deepcopy(filled)  # a huge output saved in the file itself
    stored.cells[first_code_cell(stored)].outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="y" * 5_000_000)
    ]
    write(folder, "stored_output.ipynb", stored)
    write(folder, "nbformat3.ipynb", nbformat.writes(nbformat.convert(copy.deepcopy(filled), 3)))
    stripped = copy.deepcopy(filled)
    stripped.metadata = {}
    write(folder, "no_metadata.ipynb", stripped)
    other_kernel = copy.deepcopy(filled)
    other_kernel.metadata["kernelspec"] = {"name": "conda-env-ml-py", "display_name": "ml"}
    write(folder, "other_kernel.ipynb", other_kernel)
    write(folder, "percent_export.py", jupytext.writes(filled, fmt="py:percent"))
    write(folder, "light_export.py", jupytext.writes(filled, fmt="py:light"))
    write(folder, "random_script.py", "# just a script\n")
    another = copy.deepcopy(filled)
    another.metadata["otter"] = {"assignment_name": "01_mlp"}
    write(folder, "another_lab.ipynb", another)
    untitled = copy.deepcopy(stripped)
    untitled.cells[0].source = "# Lab 03 · Convolutional networks"
    write(folder, "another_lab_no_metadata.ipynb", untitled)
    write(folder, "empty.ipynb", b"")
    write(folder, "blank.ipynb", b"  \n")
    write(folder, "malformed.ipynb", '{"cells": [')
    write(folder, "not_a_notebook.ipynb", '{"hello": "world"}')
    write(folder, "binary.ipynb", bytes(range(256)))
    write(folder, ".ipynb_checkpoints/filled-checkpoint.ipynb", filled)  # skipped: hidden
    handed_out_ways(folder, student)
    answered_ways(folder, student, filled)
    late = with_cell(filled, "raise ValueError('late')", answer_indices(filled)[0] + 1)
    write(folder, "raises_after_q1.ipynb", late)  # the 4th code cell, the notebook's 7th cell
    for name, source in {**TAMPERING, **FORGERY}.items():
        write(folder, f"{name}.ipynb", with_cell(student, source))


def handed_out_ways(folder: Path, student) -> None:
    """Write the student version handed back untouched, however it was run and saved."""
    ran = copy.deepcopy(student)  # run, saved with outputs, tags lost, a blank cell added
    for cell in ran.cells:
        cell.metadata.pop("tags", None)
        if cell.cell_type == "code":
            cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text="ran\n")]
    ran.cells.append(nbformat.v4.new_code_cell("\n"))
    ran.cells[first_code_cell(ran)].source += "   \n\n"  # trailing spaces, blank lines
    write(folder, "untouched_ran.ipynb", ran)
    shuffled = copy.deepcopy(student)  # an answer cell deleted, the others reversed
    del shuffled.cells[answer_indices(shuffled)[0]]
    shuffled.cells.reverse()
    write(folder, "untouched_shuffled.ipynb", shuffled)
    write(folder, "untouched_export.py", jupytext.writes(student, fmt="py:percent"))


def answered_ways(folder: Path, student, filled) -> None:
    """Write work that differs from the solution's: one answer, another style, another cell."""
    one = copy.deepcopy(student)
    first = answer_indices(one)[0]
    one.cells[first].source = filled.cells[first].source
    write(folder, "q1_only.ipynb", one)
    restyled = copy.deepcopy(student)
    q1, q2 = answer_indices(restyled)
    restyled.cells[q1].source = "double = lambda x: x + x  # as a lambda"
    restyled.cells[q2].source = "def hypotenuse(a, b):\n    return (a * a + b * b) ** 0.5"
    write(folder, "restyled.ipynb", restyled)
    below = with_cell(student, "def double(x):\n    return x * 2", answer_indices(student)[0] + 1)
    write(folder, "answer_in_a_new_cell.ipynb", below)  # the answer cell itself untouched
    wrong = copy.deepcopy(student)
    wrong.cells[q1].source = "def double(x):\n    return x"  # work, if wrong: not "no answers"
    write(folder, "q1_wrong.ipynb", wrong)


@pytest.fixture(scope="module")
def graded(tiny, tmp_path_factory):
    """The class, graded once: file name → gradebook row, and the gradebook's path."""
    questions = tiny[0]
    folder = tmp_path_factory.mktemp("class")
    class_folder(folder / "submissions", tiny)
    handout = folder / "handed_out" / f"{LAB}.ipynb"  # the student version, as handed out
    write(handout.parent, handout.name, tiny[1])
    book = folder / "gradebook.csv"
    grade.grade_class(
        LAB,
        [folder / "submissions"],
        book,
        jobs=2,
        limits=session.Limits(seconds=60),
        report=lambda line: None,
        questions=questions,
        title=TITLE,
        student_version=handout,
    )
    with book.open(newline="") as stream:
        rows = {Path(row["file"]).name: row for row in csv.DictReader(stream)}
    return rows, book, folder


def points(row) -> dict[str, float]:
    return {name: float(row[name]) for name in FULL}


@pytest.mark.parametrize(
    "name",
    [
        "filled.ipynb",
        "My Lab (1).ipynb",
        "answers_last.ipynb",
        "first_cell_raises.ipynb",
        "sys_exit.ipynb",
        "grader_rebound.ipynb",
        "prints.ipynb",
        "print_no_newline.ipynb",
        "stdout_replaced.ipynb",
        "stdout_restored.ipynb",
        "big_output.ipynb",
        "stored_output.ipynb",
        "nbformat3.ipynb",
        "no_metadata.ipynb",
        "other_kernel.ipynb",
        "percent_export.py",
        "light_export.py",
    ],
)
def test_valid_work_gets_full_marks_however_it_was_saved(graded, name):
    row = graded[0][name]
    assert row["status"] == "graded", row
    assert points(row) == FULL and row["total"] == POSSIBLE and row["percent"] == "100.0", row


@pytest.mark.parametrize(
    "name",
    ["untouched.ipynb", "untouched_ran.ipynb", "untouched_shuffled.ipynb", "untouched_export.py"],
)
def test_the_untouched_student_version_has_no_answers(graded, name):
    row = graded[0][name]
    assert row["status"] == "no answers" and row["total"] == "0", row
    assert row["error"].startswith("no answers: every cell is as handed out"), row


@pytest.mark.parametrize(
    "name, scored",
    [
        ("q1_only.ipynb", {"q1_double": 2.0, "q2_hypotenuse": 0.0}),
        ("restyled.ipynb", FULL),
        ("answer_in_a_new_cell.ipynb", {"q1_double": 2.0, "q2_hypotenuse": 0.0}),
        ("q1_wrong.ipynb", {"q1_double": 0.0, "q2_hypotenuse": 0.0}),
    ],
)
def test_any_work_of_the_students_own_is_graded(graded, name, scored):
    row = graded[0][name]
    assert row["status"] == "graded" and points(row) == scored, row


def no_answers_verdict(points: dict[str, float], as_handed_out: bool, tampering: str = ""):
    """Score a run without a kernel: what the tests gave, and whether it is as handed out."""
    grading = engine.Grading(LAB, TITLE, [], {}, session.Limits(), None, None, frozenset())
    job = engine.Job(grading, "a.ipynb", None, None, 0.0)
    gradable = Gradable(nbformat.v4.new_notebook(), "", as_handed_out=as_handed_out)
    executed = engine.Executed(gradable, None, cells.CellLog(1))
    scores = testing.Scores(points, tampering=tampering)
    return engine.score(job, engine.Tested(executed, scores))


def test_no_answers_changes_no_score():
    # a notebook that looks handed out yet scores keeps its points and is "graded"; the
    # status is only ever a 0-point row's, and tampering is still flagged
    kept = no_answers_verdict({"q1": 2.0, "q2": 0.0}, as_handed_out=True)
    assert kept.status == "graded" and kept.points == {"q1": 2.0, "q2": 0.0}
    blank = no_answers_verdict({"q1": 0.0, "q2": 0.0}, as_handed_out=True)
    assert blank.status == "no answers" and blank.total == 0
    flagged = no_answers_verdict({"q1": 0.0}, as_handed_out=True, tampering="patched")
    assert flagged.status == "needs review"
    assert no_answers_verdict({"q1": 0.0}, as_handed_out=False).status == "graded"


def test_a_mode_switch_is_no_answer():
    settings = 'MODE = utils.set_mode("full")  # "quick" while you work\nEPOCHS = 2'
    handout = answers.handed_out(
        nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(settings)])
    )
    for edit in ["set_mode('quick')", 'set_mode( "quick" )']:
        switched = settings.replace('set_mode("full")', edit)
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(switched)])
        assert answers.as_handed_out(notebook, handout), edit
    tuned = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(settings + "0")])
    assert not answers.as_handed_out(tuned, handout)  # EPOCHS = 20: the student's own


def test_a_deleted_answer_costs_only_its_question(graded):
    row = graded[0]["q2_deleted.ipynb"]
    assert row["status"] == "graded" and points(row) == {"q1_double": 2.0, "q2_hypotenuse": 0.0}


def test_errors_are_noted_with_the_cell(graded):
    rows = graded[0]
    assert rows["first_cell_raises.ipynb"]["error"] == (
        "code cell 1 (\"raise RuntimeError('boom')\"): RuntimeError: boom"
    )
    # named as a student finds it: the 4th code cell, by its first line (not the 7th cell)
    late = rows["raises_after_q1.ipynb"]
    assert late["error"] == "code cell 4 (\"raise ValueError('late')\"): ValueError: late", late
    assert late["status"] == "graded" and points(late) == FULL
    assert "SystemExit: bye" in rows["sys_exit.ipynb"]["error"]
    assert "kernel" in rows["other_kernel.ipynb"]["note"]
    assert "from its .py export" in rows["percent_export.py"]["note"]


@pytest.mark.parametrize("name", ["os_exit.ipynb", "segfault.ipynb"])
def test_a_dead_kernel_costs_only_its_own_row(graded, name):
    row = graded[0][name]
    assert row["status"] == "crashed" and row["total"] == "0"
    assert "the kernel died" in row["error"]


@pytest.mark.parametrize(
    "name, status, why",
    [
        ("empty.ipynb", "empty file", "empty"),
        ("blank.ipynb", "empty file", "empty"),
        ("malformed.ipynb", "not a notebook", "JSON"),
        ("not_a_notebook.ipynb", "not a notebook", "not a notebook"),
        ("binary.ipynb", "not a notebook", "JSON"),
        ("random_script.py", "not a notebook", "without code"),
        ("another_lab.ipynb", "wrong lab", "01_mlp"),
        ("another_lab_no_metadata.ipynb", "wrong lab", "# Lab 03"),
    ],
)
def test_what_cannot_be_graded_says_why(graded, name, status, why):
    row = graded[0][name]
    assert row["status"] == status and row["total"] == "0" and row["possible"] == POSSIBLE
    assert why in row["error"], row


@pytest.mark.parametrize("name", sorted(TAMPERING))
def test_tampering_with_the_tests_gains_nothing_and_is_flagged(graded, name):
    row = graded[0][f"{name}.ipynb"]
    assert row["status"] == "needs review" and row["total"] == "0", row
    assert row["error"].startswith("the notebook changed how tests run or are scored"), row


@pytest.mark.parametrize("name", sorted(FORGERY))
def test_a_forged_result_line_is_flagged(graded, name):
    row = graded[0][f"{name}.ipynb"]
    assert row["status"] == "needs review" and row["total"] == "0", row
    assert re.search("result was written [2-9] times", row["error"]), row


def test_without_the_canaries_each_tampering_would_score(tiny, monkeypatch):
    # the control for the test above: the same cells really do change the scores
    questions, student, _ = tiny
    run_test_file = testing.run_test_file

    def no_canary(kernel, question, *, canary, seconds):
        if canary or question.name == testing.CANARY_NAME:
            return 0.0, 1.0
        return run_test_file(kernel, question, canary=canary, seconds=seconds)

    monkeypatch.setattr(testing, "run_test_file", no_canary)
    environment = grade.grading_environment()
    for name, source in TAMPERING.items():
        notebook = with_cell(student, source)
        outcome = engine.grade_notebook(notebook, LAB, questions, environment)
        assert outcome.status == "graded" and sum(outcome.points.values()) > 0, name


def test_every_file_has_a_row_and_hidden_files_none(graded):
    rows, _, folder = graded
    files = [p for p in (folder / "submissions").rglob("*") if p.is_file()]
    visible = [p for p in files if ".ipynb_checkpoints" not in p.parts]
    assert sorted(rows) == sorted(p.name for p in visible)


def test_a_rerun_grades_only_new_or_changed_files(graded, tiny):
    rows, book, folder = graded
    submissions = folder / "submissions"
    lines = []
    changed = submissions / "untouched.ipynb"
    nbformat.write(tiny[2], changed)  # resubmitted, now filled in
    again = grade.grade_class(
        LAB,
        [submissions],
        book,
        jobs=2,
        limits=session.Limits(seconds=60),
        report=lines.append,
        questions=tiny[0],
        title=TITLE,
    )
    assert lines[0].startswith(f"{LAB}: 1 to grade, {len(rows)} already in")
    assert len(again) == len(rows)
    after = {Path(row["file"]).name: row for row in gradebook.read_rows(book).values()}
    assert after["untouched.ipynb"]["total"] == POSSIBLE
    assert after["filled.ipynb"] == rows["filled.ipynb"]  # kept as it was


def grade_alone(tiny, tmp_path, notebook, limits, name="one.ipynb"):
    folder = tmp_path / "alone"
    write(folder, name, notebook)
    book = tmp_path / "one.csv"
    rows = grade.grade_class(
        LAB,
        [folder],
        book,
        jobs=1,
        limits=limits,
        report=lambda line: None,
        questions=tiny[0],
        title=TITLE,
    )
    return rows[0]


def test_an_endless_loop_is_stopped_at_the_time_limit_and_the_rest_still_scored(tiny, tmp_path):
    looping = with_cell(tiny[2], "while True:\n    pass", first_code_cell(tiny[2]) + 1)
    row = grade_alone(tiny, tmp_path, looping, session.Limits(seconds=8))
    assert row["status"] == "timed out"
    assert row["error"] == 'stopped at 8 s, in code cell 2 ("while True:")', row
    assert float(row["seconds"]) < 30
    # the loop was interrupted, the answers after it never ran: they score 0, not the kernel
    assert row["total"] == "0"


def test_a_loop_inside_a_tested_function_costs_that_question(tiny, tmp_path):
    notebook = with_cell(tiny[2], "def double(x):\n    while True:\n        pass")
    row = grade_alone(tiny, tmp_path, notebook, session.Limits(seconds=30, test_seconds=3))
    assert row["status"] == "graded"
    assert points(row) == {"q1_double": 0.0, "q2_hypotenuse": 2.0}
    assert "q1_double: its tests ran out of time" in row["error"]


def test_a_memory_hog_is_killed(tiny, tmp_path):
    hog = with_cell(tiny[2], "blob = b'x' * (3 * 2**30)\nimport time\ntime.sleep(5)")
    row = grade_alone(tiny, tmp_path, hog, session.Limits(seconds=60, memory_mb=800))
    assert row["status"] == "out of memory" and "more than 800 MB" in row["error"]


def synthetic_question(name: str, code: str) -> testing.Question:
    spec = {
        "name": name,
        "points": 1,
        "suites": [
            {
                "cases": [{"code": f">>> {code}\n", "hidden": False, "locked": False}],
                "scored": True,
                "setup": "",
                "teardown": "",
                "type": "doctest",
            }
        ],
    }
    return testing.Question(name, True, repr(spec), 1.0)


FILE_PROBE = """\
from pathlib import Path
attempts = []
for what, path, text in {attempts!r}:
    try:
        Path(path).write_text(text) if text else Path(path).read_text()
        attempts.append(what + ": done")
    except OSError as error:
        attempts.append(what + ": " + type(error).__name__)
raise RuntimeError("; ".join(attempts))
"""


@pytest.mark.skipif(not sandbox.available(), reason="no Landlock here: the README says what then")
def test_a_submission_reads_and_writes_only_in_its_own_folder(tiny, tmp_path):
    hidden = ROOT / "labs" / "01_mlp" / "autograder" / "tests" / "q4_parameters.py"
    other = tmp_path / "classmate.ipynb"
    other.write_text("a classmate's work")
    attempts = [
        ("read hidden tests", hidden, ""),
        ("read a classmate", other, ""),
        ("write the course", ROOT / "written_by_a_submission.txt", "x"),
        ("write a classmate", other, "overwritten"),
        ("write elsewhere", tmp_path / "elsewhere.txt", "x"),
        ("write shared memory", "/dev/shm/written_by_a_submission", "x"),
        ("write its own folder", "notes.txt", "x"),
    ]
    notebook = with_cell(
        tiny[2], FILE_PROBE.format(attempts=[(w, str(p), t) for w, p, t in attempts])
    )
    row = grade_alone(tiny, tmp_path, notebook, session.Limits(seconds=60))
    assert row["status"] == "graded" and row["total"] == POSSIBLE, row
    assert row["error"].endswith(
        "read hidden tests: PermissionError; read a classmate: PermissionError; "
        "write the course: PermissionError; write a classmate: PermissionError; "
        "write elsewhere: PermissionError; write shared memory: PermissionError; "
        "write its own folder: done"
    ), row["error"]
    assert not (ROOT / "written_by_a_submission.txt").exists()
    assert other.read_text() == "a classmate's work" and not (tmp_path / "elsewhere.txt").exists()


GRADER_IMPORT = """\
import sys

loaded = sorted(name for name in sys.modules if name.split(".")[0] == "instructors")
try:
    import instructors.grading.engine

    seen = "imported"
except Exception as error:
    seen = type(error).__name__
raise RuntimeError(seen + "; already loaded: " + repr(loaded))
"""


@pytest.mark.skipif(not sandbox.available(), reason="no Landlock here: the README says what then")
def test_a_submission_cannot_import_the_grader(tiny, tmp_path):
    # the sandbox starts as a module of the grader's package: the kernel is left none of it
    row = grade_alone(tiny, tmp_path, with_cell(tiny[2], GRADER_IMPORT), session.Limits(seconds=60))
    assert row["status"] == "graded" and row["total"] == POSSIBLE, row
    assert row["error"].endswith("RuntimeError: PermissionError; already loaded: []"), row


def test_without_landlock_the_grader_says_so(tiny, tmp_path, monkeypatch):
    monkeypatch.setattr(sandbox, "available", lambda: False)
    folder = tmp_path / "alone"
    write(folder, "one.ipynb", tiny[2])
    lines = []
    (row,) = grade.grade_class(
        LAB,
        [folder],
        tmp_path / "book.csv",
        jobs=1,
        limits=session.Limits(seconds=60),
        report=lines.append,
        questions=tiny[0],
        title=TITLE,
    )
    assert row["status"] == "graded" and row["total"] == POSSIBLE
    assert any(line.startswith("warning: no Landlock sandbox") for line in lines), lines


def test_the_kernel_gets_quick_mode_and_none_of_the_graders_variables(tmp_path, monkeypatch):
    monkeypatch.setenv("GRADER_SECRET", "s3cret")
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_code_cell(
                "import os, utils\n"
                "utils.set_mode('full')  # a student forgot to switch back\n"
                "SEEN = {'secret': os.environ.get('GRADER_SECRET'), 'mode': utils.lab_mode(),\n"
                "        'cwd': os.getcwd(), 'files': sorted(os.listdir('.'))}"
            )
        ]
    )
    questions = [
        synthetic_question("secret", "assert SEEN['secret'] is None"),
        synthetic_question("mode", "assert SEEN['mode'] == 'quick'"),
        synthetic_question("alone", f"assert SEEN['files'] == ['{LAB}.ipynb']"),
    ]
    outcome = engine.grade_notebook(notebook, LAB, questions, grade.grading_environment())
    assert outcome.status == "graded" and outcome.error == ""
    assert outcome.points == {"secret": 1.0, "mode": 1.0, "alone": 1.0}


def test_the_gradebook_is_written_whole(tmp_path):
    book = tmp_path / "book.csv"
    points, possible = {"q1": 2.0, "q2": 0.5}, {"q1": 2.0, "q2": 2.0}
    row = Result("a.ipynb", "0" * 64, "graded", points, possible, 1.25).row()
    gradebook.write_rows(book, [row], ["q1", "q2"])
    assert [p.name for p in tmp_path.iterdir()] == ["book.csv"]  # no temporary file left
    assert oct(book.stat().st_mode & 0o777) == "0o644"
    (read,) = gradebook.read_rows(book).values()
    assert (read["q1"], read["q2"], read["total"], read["percent"]) == ("2", "0.5", "2.5", "62.5")
    (tmp_path / "notes.csv").write_text("name,grade\nx,1\n")
    with pytest.raises(SystemExit, match="not a gradebook"):
        gradebook.read_rows(tmp_path / "notes.csv")


def test_command_line_errors_are_short(tmp_path):
    with pytest.raises(SystemExit, match="unknown lab '99_nothing': expected one of 01_mlp"):
        grade.check_lab("99_nothing")
    with pytest.raises(SystemExit, match="no such file or folder"):
        grade.find_submissions([tmp_path / "missing"])


# --- on Gradescope: the hidden tests sit beside the submission -------------------------------

LEAK = (
    "def double(x):  # raises the test files it finds as its error message\n"
    "    import glob\n"
    "    paths = sorted(glob.glob('**/tests/*.py', recursive=True))\n"
    "    raise ValueError('\\n'.join(open(path).read() for path in paths))"
)


def test_hidden_tests_raised_by_an_answer_are_withheld_from_what_students_see(tmp_path):
    zip_path = build.assign(TINY, tmp_path / LAB, home=None)
    student = nbformat.read(tmp_path / LAB / "student" / f"{LAB}.ipynb", as_version=4)
    submission = tmp_path / "submission" / f"{LAB}.ipynb"
    write(
        submission.parent, submission.name, with_cell(student, LEAK, answer_indices(student)[0] + 1)
    )
    environment = {"PATH": os.environ["PATH"], "HOME": str(tmp_path), "LANG": "C.UTF-8"}
    results = otter_run(zip_path, submission, environment)
    hidden = "assert double(-3) == -6 and double(0.5) == 1.0"

    def visible_text() -> str:
        entries = json.loads(results.read_text())["tests"]
        return "\n".join(entry["output"] for entry in entries if entry["visibility"] == "visible")

    assert hidden in visible_text()  # the control: otter alone shows it at once
    scores = [entry.get("score") for entry in json.loads(results.read_text())["tests"]]
    with zipfile.ZipFile(zip_path) as archive:  # what Gradescope runs after otter
        assert build.SCRUBBED_CALL in archive.read("run_otter.py").decode()
        shipped = [n for n in archive.namelist() if n.startswith(f"{build.SHIPPED_PACKAGE}/")]
        assert sorted(shipped) == sorted(
            f"{build.SHIPPED_PACKAGE}/{name}" for name in ["__init__.py", *build.SHIPPED_MODULES]
        )
        for module in build.SHIPPED_MODULES:  # as they are in the course
            assert (
                archive.read(f"{build.SHIPPED_PACKAGE}/{module}")
                == (ROOT / "instructors" / "grading" / module).read_bytes()
            )
        archive.extractall(tmp_path / "source", [n for n in archive.namelist() if "tests/" in n])
        archive.extractall(tmp_path, shipped)  # run alone, as run_otter.py runs it: no course
    subprocess.run(
        [sys.executable, "-m", f"{build.SHIPPED_PACKAGE}.scrub", str(results)]
        + [str(tmp_path / "source" / "tests")],
        cwd=tmp_path,
        env={"PATH": os.environ["PATH"], "LANG": "C.UTF-8"},  # no PYTHONPATH: no course
        check=True,
    )
    assert hidden not in visible_text() and scrub.WITHHELD in visible_text()
    assert "assert double(2) == 4" in visible_text()  # the public test's line stays
    assert [entry.get("score") for entry in json.loads(results.read_text())["tests"]] == scores


def test_the_executed_copy_holds_this_runs_outputs_only(tiny, tmp_path):
    questions, _, filled = tiny
    notebook = with_cell(filled, "print('ran here')")
    notebook = with_cell(notebook, "print('x' * 9_000_000)")  # more than a copy keeps per cell
    check = next(
        i for i, c in enumerate(notebook.cells) if c.cell_type == "code" and "check(" in c.source
    )
    faked = nbformat.v4.new_output("stream", name="stdout", text="q1 passed! (faked)\n")
    notebook.cells[check].outputs = [faked]  # a grader cell the run skips
    kept = tmp_path / "executed" / "copy.ipynb"
    environment = grade.grading_environment()
    outcome = engine.grade_notebook(notebook, LAB, questions, environment, executed=kept)
    assert outcome.status == "graded" and outcome.points == FULL
    copy = nbformat.read(kept, as_version=4)
    assert [c.source for c in copy.cells] == [c.source for c in notebook.cells]
    printed = ["".join(o.get("text", "") for o in c.outputs) for c in copy.cells[-2:]]
    assert printed[0] == "ran here\n" and "more than 8 MB left out" in printed[1]
    assert copy.cells[check].outputs == []  # not the output the file came with


def test_a_long_temporary_folder_still_grades(tiny, tmp_path, monkeypatch):
    # a kernel's Unix sockets have a path limit of about 100 bytes: a long TMPDIR once made
    # every submission a "grading error" (ZMQError: File name too long)
    long_tmp = tmp_path / ("a-long-temporary-folder-name-" * 4)
    long_tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(long_tmp))
    row = grade_alone(tiny, tmp_path, tiny[2], session.Limits(seconds=120))
    assert row["status"] == "graded" and row["total"] == row["possible"], row
    assert not list(long_tmp.iterdir()) and not list(Path("/tmp").glob("grading-ipc-*"))
