"""A new lab from one command to the gradebook: two files written, the course tools do the rest.

In a small copy of the course (the tiny lab only, :func:`killed_runs.make_course`), the test
starts a lab with ``python -m instructors new-lab``, writes its facts (the notebook's metadata)
and its answers module, and touches nothing else by hand: ``build`` and ``stamp`` make its
student version and README row, ``grade`` grades a filled-in student copy,
``release`` puts it in the students' README, ``site`` in the site's index.
"""

import csv
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from otter.test_files import ExceptionTestFile

import killed_runs
import lab_answers
from conftest import answer_cells
from instructors import new_lab

LAB = "01_brightness"
FACTS = {
    "topic": "Brightness of digits",
    "key_concepts": ["pixel means", "per-image statistics"],
    "builds_on": [killed_runs.LAB],
    "working_hours": 0.5,
    "central_model": "the brightness meter",
}


def instructors(course: Path, *arguments: str) -> str:
    """Run ``python -m instructors ARGUMENTS`` in the copy; return its output."""
    environment = {**os.environ, "TMPDIR": str(course.parent / "tmp")}
    environment.pop("PYTHONPATH", None)  # the copy's own packages, from its folder
    (course.parent / "tmp").mkdir(exist_ok=True)
    done = subprocess.run(
        [sys.executable, "-m", "instructors", *arguments],
        cwd=course,
        env=environment,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, (arguments, done.stdout[-2000:], done.stderr[-2000:])
    return done.stdout


def write_facts(master: Path) -> None:
    """Replace the placeholders of the new lab's metadata with its facts (the author's part)."""
    notebook = json.loads(master.read_text(encoding="utf-8"))
    notebook["metadata"]["course"] = FACTS
    master.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def write_answers(module: Path) -> None:
    """Finish the answers module (the author's part): the example question is the lab's."""
    text = module.read_text(encoding="utf-8")
    todo = next(line for line in text.splitlines() if line.startswith("# TODO"))
    module.write_text(text.replace(todo, "# the example question is this lab's"), encoding="utf-8")


def submission(course: Path, answer: str, path: Path) -> Path:
    """The built student version with its answer cell filled in with ``answer``."""
    student, pairs = answer_cells(course / "labs" / LAB, LAB)
    ((mine, _),) = pairs
    mine["source"] = answer.strip("\n").splitlines(keepends=True)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(student, indent=1), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def course_with_a_new_lab(tmp_path_factory) -> dict:
    """The copy, with the new lab started, written, built, graded, released and published."""
    folder = tmp_path_factory.mktemp("new_lab")
    course = killed_runs.make_course(folder / "course")
    started = instructors(course, "new-lab", LAB, "--title", "Brightness")
    master = course / "notebooks" / f"{LAB}.ipynb"
    module = lab_answers.answers_path(LAB, course / "tests" / "labs" / "answers")
    write_facts(master)
    write_answers(module)
    instructors(course, "build")
    instructors(course, "stamp")  # the README's map, from the facts
    answers = lab_answers.load_answers(LAB, module.parent)
    (question,) = answers.VALID_ANSWERS
    valid = next(iter(answers.VALID_ANSWERS[question].values()))
    submissions = folder / "submissions"
    submission(course, valid, submissions / "valid.ipynb")
    book, executed = folder / "gradebook.csv", folder / "executed"
    instructors(
        course, "grade", LAB, str(submissions), "--gradebook", str(book), "--jobs", "1",
        "--executed", str(executed),
    )  # fmt: skip
    instructors(course, "release", str(folder / "release"))
    runs = folder / "runs"  # the graded run of the valid copy, as the site's executed lab
    runs.mkdir()
    (runs / f"{LAB}.ipynb").write_bytes((executed / "submissions" / "valid.ipynb").read_bytes())
    instructors(course, "site", "--source", str(runs), "--out", str(folder / "site"))
    with book.open(encoding="utf-8") as opened:
        rows = {Path(row["file"]).name: row for row in csv.DictReader(opened)}
    return {
        "course": course,
        "folder": folder,
        "started": started,
        "rows": rows,
        "answers": answers,
    }


def test_new_lab_writes_the_notebook_and_its_answers_module(course_with_a_new_lab):
    started = course_with_a_new_lab["started"]
    assert f"notebooks/{LAB}.ipynb" in started and f"tests/labs/answers/lab_{LAB}.py" in started


def test_the_new_lab_is_in_the_readme_map_from_its_facts(course_with_a_new_lab):
    readme = (course_with_a_new_lab["course"] / "README.md").read_text(encoding="utf-8")
    lab_map = readme.split("<!-- lab-map:start -->")[1].split("<!-- lab-map:end -->")[0]
    (row,) = [line for line in lab_map.splitlines() if line.startswith("| 01 |")]
    assert (
        "| Brightness of digits | pixel means, per-image statistics | the brightness meter |" in row
    )
    assert row.endswith("| not measured yet | lab 00 | ½ h |")


def test_the_filled_in_student_copy_gets_full_marks(course_with_a_new_lab):
    (row,) = course_with_a_new_lab["rows"].values()
    assert row["status"] == "graded", row
    assert float(row["total"]) == float(row["possible"]) == 3 and row["q1_mean_brightness"] == "3"


def test_the_answers_module_tells_wrong_answers_from_valid_ones(course_with_a_new_lab):
    # what tests/labs/test_labs.py checks of every lab's answers, here on the new lab's
    course, answers = course_with_a_new_lab["course"], course_with_a_new_lab["answers"]
    master = course / "notebooks" / f"{LAB}.ipynb"
    tests = course / "labs" / LAB / "autograder" / "tests"
    for table, full_marks in ((answers.WRONG_ANSWERS, False), (answers.VALID_ANSWERS, True)):
        for question, ideas in table.items():
            assert len(ideas) >= 2, question
            for idea, source in ideas.items():
                env = answers.lab_globals(master)
                exec(source, env)
                test_file = ExceptionTestFile.from_file(str(tests / f"{question}.py"))
                test_file.run(env)
                assert (test_file.score == test_file.possible) is full_marks, idea


def test_the_release_and_the_site_show_the_new_lab(course_with_a_new_lab):
    folder = course_with_a_new_lab["folder"]
    release = (folder / "release" / "README.md").read_text(encoding="utf-8")
    assert f"[`{LAB}`](labs/{LAB}/student/{LAB}.ipynb) | Brightness of digits:" in release
    assert (folder / "release" / "labs" / LAB / "student" / f"{LAB}.ipynb").is_file()
    index = (folder / "site" / "index.html").read_text(encoding="utf-8")
    assert f'<a href="{LAB}.html">{LAB}</a>' in index and "the brightness meter" in index
    assert (folder / "site" / f"{LAB}.html").is_file()


@pytest.mark.parametrize(
    "lab, message",
    [
        ("7_attention", "is not a lab's name"),
        ("07_Attention", "is not a lab's name"),
        ("00_other", "lab number 00 is taken"),
        (killed_runs.LAB, "exists already"),
    ],
)
def test_a_bad_name_or_an_existing_lab_is_refused_and_nothing_written(tmp_path, lab, message):
    notebooks, answers = tmp_path / "notebooks", tmp_path / "answers"
    notebooks.mkdir()
    (notebooks / f"{killed_runs.LAB}.ipynb").write_text("{}")
    with pytest.raises(SystemExit, match=message):
        new_lab.new_lab(lab, "A title", notebooks, answers)
    assert [p.name for p in tmp_path.rglob("*") if p.is_file()] == [f"{killed_runs.LAB}.ipynb"]
