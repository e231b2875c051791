"""Grading round trip: a student version with the answers filled in gets full marks.

The whole notebook is re-executed by ``labs/grade.py``, as an instructor would grade a class.
That the untouched student version scores zero is checked in test_labs.py, without a run of it.
In a file of its own, the slowest one, so that pytest-xdist runs it beside the other tests.
"""

import json
import sys
from pathlib import Path

from conftest import ROOT, answer_cells

sys.path.insert(0, str(ROOT / "labs"))
import build  # noqa: E402
import grade  # noqa: E402
from grading import engine  # noqa: E402

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


class GradingRoundTrip:
    """Grades one lab; a subclass per lab below, so that ``--dist loadscope`` (which keeps each
    class on one worker) can send the slow grading runs of different labs to different workers."""

    lab: str

    def test_filled_in_student_version_gets_full_marks(self, assigned_labs, tmp_path):
        submission = filled_in(assigned_labs[self.lab], self.lab, tmp_path / "submission")
        book = tmp_path / "gradebook.csv"
        (row,) = grade.grade_class(
            self.lab, [submission], book, jobs=1, limits=engine.Limits(), report=lambda line: None
        )
        questions = [name for name in row if name.startswith("q") and name[1].isdigit()]
        assert len(questions) >= 3
        assert row["status"] == "graded" and row["percent"] == "100.0", row
        assert row["error"] == "", row  # the filled-in version runs without an error


for _lab in LABS:
    globals()[f"TestGrading_{_lab}"] = type(
        f"TestGrading_{_lab}", (GradingRoundTrip,), {"lab": _lab}
    )
