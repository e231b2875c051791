"""Grading round trip: a student version with the answers filled in gets full marks.

The whole notebook is re-executed by ``labs/grade.py``, as an instructor would grade a class.
This is the suite's one quick-mode run of each lab: a cell that raises fails it, and the
gradebook's error names the cell. (The masters' test cells, which nbval would also run, are the
same tests the grading runs.) That the untouched student version scores zero is checked in
test_labs.py, without a run of it. Each run is kept, with its outputs, in results/quick/ (see
test_site.py).
"""

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import nbformat
import pytest

from conftest import QUICK_RUN_MARKS, QUICK_RUNS, answer_cells, otter_run
from instructors import build, grade
from instructors.grading import session

LABS = [master.stem for master in build.graded_notebooks()]


def filled_in(assigned: Path, lab: str, destination: Path) -> Path:
    """The student version with every answer cell replaced by the solution's; return its path."""
    student, pairs = answer_cells(assigned, lab)
    assert len(pairs) >= 3
    for mine, answer in pairs:
        mine["source"] = answer["source"]
    destination.mkdir(parents=True, exist_ok=True)
    path = destination / f"{lab}.ipynb"
    path.write_text(json.dumps(student), encoding="utf-8")
    return path


def code_cells(notebook) -> list:
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def test_executed_copies_are_named_as_the_gradebook_names_the_submissions(tmp_path):
    keys = ["a/01_mlp.ipynb", "b/01_mlp.ipynb", "mine.ipynb", "../x/lab.ipynb"]
    named = [grade.executed_copy(tmp_path, key).relative_to(tmp_path).as_posix() for key in keys]
    assert named == ["a/01_mlp.ipynb", "b/01_mlp.ipynb", "mine.ipynb", "%2E%2E/x/lab.ipynb"]


class GradingRoundTrip:
    """Grades one lab; a subclass per lab below, so that ``--dist loadscope`` (which keeps each
    class on one worker) can send the slow grading runs of different labs to different workers."""

    lab: str

    def test_filled_in_student_version_gets_full_marks(
        self, assigned_labs, tmp_path, shared_folder
    ):
        submission = filled_in(assigned_labs[self.lab], self.lab, tmp_path / "submission")
        book = submission.parent / "gradebook.csv"  # beside it: its copy is <lab>.ipynb
        (QUICK_RUNS / submission.name).unlink(missing_ok=True)  # no earlier run's copy
        try:
            (row,) = grade.grade_class(
                *(self.lab, [submission], book),
                jobs=1,
                limits=session.Limits(),
                report=lambda line: None,
                executed_dir=QUICK_RUNS,  # the run, with its outputs: for test_site.py
            )
        finally:  # the site test waits for every lab's mark, pass or fail
            marks = shared_folder / QUICK_RUN_MARKS
            marks.mkdir(exist_ok=True)
            (marks / self.lab).touch()
        kept = nbformat.read(QUICK_RUNS / submission.name, as_version=4)
        assert [c.source for c in kept.cells] == [
            c.source for c in nbformat.read(submission, 4).cells
        ]
        figures = [
            o for c in code_cells(kept) for o in c.outputs if "image/png" in o.get("data", {})
        ]
        assert figures, "the kept run should hold the lab's figures, drawn as in Jupyter"
        questions = [name for name in row if name.startswith("q") and name[1].isdigit()]
        assert len(questions) >= 3
        assert row["status"] == "graded" and row["percent"] == "100.0", row
        assert row["error"] == "", row  # the filled-in version runs without an error


for _lab in reversed(LABS):  # the later labs run longest: start them first
    globals()[f"TestGrading_{_lab}"] = type(
        f"TestGrading_{_lab}", (GradingRoundTrip,), {"lab": _lab}
    )


# --- the autograder zip, on its own: what Gradescope and `otter grade` run -----------------


def scrubbed_environment(home: Path) -> dict[str, str]:
    """An environment with nothing of this course's: no PYTHONPATH, no MNIST_LABS_* variable."""
    return {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home), "LANG": "C.UTF-8"}


def course_importable(folder: Path, environment: dict[str, str]) -> bool:
    done = subprocess.run(
        [sys.executable, "-c", "import utils"], cwd=folder, env=environment, capture_output=True
    )
    return done.returncode == 0


def test_the_autograder_zip_carries_the_course_and_its_requirements(assigned_labs):
    with zipfile.ZipFile(build.autograder_zip(assigned_labs["01_mlp"])) as archive:
        names = set(archive.namelist())
        environment = archive.read("environment.yml").decode()
    assert {
        "files/utils/__init__.py",
        "files/utils/data.py",
        "files/data/mnist_sample.npz",
    } <= names
    assert not any("__pycache__" in name for name in names)
    for requirement in ["tensorflow>=2.19", "keras>=3.10", "scikit-image", "otter-grader"]:
        assert requirement in environment
    assert "#" not in environment.split("pip:")[1]  # no comment taken for a requirement


class TestStandaloneAutograder:
    def test_grades_a_submission_where_the_course_is_not_installed(self, assigned_labs, tmp_path):
        lab = "02_hog_classifier"  # the quickest lab to run: the path, not the lab, is tested
        empty = tmp_path / "empty"
        submission = filled_in(assigned_labs[lab], lab, empty)
        environment = scrubbed_environment(tmp_path)
        if course_importable(empty, environment):
            pytest.skip("utils is installed in this environment (pip install -e .): not standalone")
        results_path = otter_run(build.autograder_zip(assigned_labs[lab]), submission, environment)
        results = json.loads(results_path.read_text())
        scores = [(t["score"], t["max_score"]) for t in results["tests"] if "score" in t]
        assert len(scores) == 5 and all(score == possible > 0 for score, possible in scores)
