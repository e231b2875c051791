"""labs/build.py on broken masters and when killed: one line naming the notebook, nothing lost."""

import json
import sys

import pytest

import killed_runs
from conftest import ROOT
from instructors import build, masters
from killed_runs import LAB

TINY = ROOT / "tests" / "tiny_lab" / "00_tiny.ipynb"


def raw_index(cells: list[dict], text: str, occurrence: int = 0) -> int:
    raw = [i for i, c in enumerate(cells) if c["cell_type"] == "raw"]
    return [i for i in raw if text in "".join(cells[i]["source"])][occurrence]


def broken(change):
    """The tiny master with ``change(cells)`` applied."""
    notebook = json.loads(TINY.read_text(encoding="utf-8"))
    change(notebook["cells"])
    return notebook


def set_source(cells, text, new, occurrence=0):
    cells[raw_index(cells, text, occurrence)]["source"] = new.splitlines(True)


BROKEN = {
    "bad YAML": (
        lambda c: set_source(c, "name: q1_double", "# BEGIN QUESTION\nname: [q1\npoints: 2"),
        "cell .*: the question's YAML does not parse",
    ),
    "no name": (
        lambda c: set_source(c, "name: q1_double", "# BEGIN QUESTION\npoints: 2"),
        "cell .*: the question has no name",
    ),
    "negative points": (
        lambda c: set_source(c, "name: q2_hypotenuse", "# BEGIN QUESTION\nname: q2\npoints: -1"),
        "question 'q2' needs positive points, not -1",
    ),
    "duplicate names": (
        lambda c: set_source(c, "name: q2_hypotenuse", "# BEGIN QUESTION\nname: q1_double"),
        "a second question named 'q1_double'",
    ),
    "missing END QUESTION": (
        lambda c: c.pop(raw_index(c, "# END QUESTION")),
        "question 'q1_double'.*BEGIN QUESTION inside an open QUESTION block",
    ),
    "missing END SOLUTION": (
        lambda c: c.pop(raw_index(c, "# END SOLUTION", 1)),
        "question 'q2_hypotenuse'.*BEGIN TESTS outside a question, or inside",
    ),
    "END without BEGIN": (
        lambda c: c.pop(raw_index(c, "# BEGIN TESTS")),
        "question 'q1_double'.*END TESTS where END QUESTION was expected",
    ),
    "last question never closed": (
        lambda c: c.pop(raw_index(c, "# END QUESTION", 1)),
        "BEGIN QUESTION never closed \\(question 'q2_hypotenuse'\\)",
    ),
}


@pytest.fixture
def scratch_labs(tmp_path, monkeypatch):
    """build's notebooks and labs folders, moved into ``tmp_path``; labs/00_tiny/ already built."""
    notebooks, labs = tmp_path / "notebooks", tmp_path / "labs"
    notebooks.mkdir()
    (labs / "00_tiny").mkdir(parents=True)
    (labs / "00_tiny" / "kept.txt").write_text("the previous build")
    monkeypatch.setattr(build, "NOTEBOOKS", notebooks)
    monkeypatch.setattr(build, "LABS", labs)
    return notebooks, labs


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_a_broken_master_is_named_in_one_line_and_its_lab_kept(scratch_labs, case):
    notebooks, labs = scratch_labs
    change, message = BROKEN[case]
    master = notebooks / "00_tiny.ipynb"
    master.write_text(json.dumps(broken(change)), encoding="utf-8")
    with pytest.raises(masters.MasterError, match=f"^00_tiny.ipynb[,:] .*{message}") as error:
        build.build(master)
    assert "\n" not in str(error.value)
    assert [p.name for p in (labs / "00_tiny").iterdir()] == ["kept.txt"]
    assert sorted(p.name for p in labs.iterdir()) == ["00_tiny"]  # no scratch folder left


def test_an_optional_exercise_is_blanked_and_filled_in_like_a_question():
    source = (
        "def overlap(a, b):\n"
        '    """Doc."""\n'
        "    # BEGIN SOLUTION\n"
        "    q = a @ b\n"
        "    return q\n"
        "    # END SOLUTION\n"
        "\n\noverlap(1, 2)"
    )
    notebook = {
        "cells": [
            {"cell_type": "code", "metadata": {}, "source": source.splitlines(True)},
            {"cell_type": "markdown", "metadata": {}, "source": ["# BEGIN SOLUTION in prose\n"]},
        ]
    }
    build.strip_ungraded_solutions(notebook)
    code, prose = notebook["cells"]
    assert (
        "".join(code["source"]) == 'def overlap(a, b):\n    """Doc."""\n    ...\n\n\noverlap(1, 2)'
    )
    assert code["metadata"]["tags"] == ["otter_answer_cell"]
    assert "tags" not in prose["metadata"]
    unclosed = {
        "cells": [{"cell_type": "code", "metadata": {}, "source": ["# BEGIN SOLUTION\nx = 1"]}]
    }
    with pytest.raises(ValueError, match="without its '# END SOLUTION'"):
        build.strip_ungraded_solutions(unclosed)


def test_the_masters_are_well_formed():
    for master in build.graded_notebooks():
        assert masters.check_master(master), master


def test_one_broken_lab_leaves_the_others_built(scratch_labs, monkeypatch, capsys):
    notebooks, labs = scratch_labs
    (notebooks / "00_tiny.ipynb").write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")
    bad = broken(BROKEN["duplicate names"][0])
    (notebooks / "00_broken.ipynb").write_text(json.dumps(bad), encoding="utf-8")
    (labs / "00_broken").mkdir()
    monkeypatch.setattr(sys, "argv", ["build.py", "00_broken", "00_tiny"])
    with pytest.raises(SystemExit, match=r"1 lab\(s\) not built, left as they were: 00_broken"):
        build.main()
    output = capsys.readouterr()
    assert "not built: 00_broken.ipynb, cell" in output.err
    assert "00_tiny.ipynb → labs/00_tiny/" in output.out
    assert (labs / "00_tiny" / "student" / "00_tiny.ipynb").exists()  # built, swapped in
    assert list((labs / "00_broken").iterdir()) == []


def test_an_unknown_lab_is_named(scratch_labs, monkeypatch):
    monkeypatch.setattr(sys, "argv", ["build.py", "99_nothing"])
    with pytest.raises(SystemExit, match="no such notebook: 99_nothing.ipynb"):
        build.main()


def test_otter_failures_name_the_notebook(scratch_labs, monkeypatch):
    notebooks, labs = scratch_labs
    master = notebooks / "00_tiny.ipynb"
    master.write_text(TINY.read_text(encoding="utf-8"), encoding="utf-8")

    def failing_assign(master, destination, **options):
        destination.mkdir(parents=True)
        raise AssertionError("otter: something deep\ntraceback lines")

    monkeypatch.setattr(build, "assign", failing_assign)
    with pytest.raises(
        masters.MasterError,
        match="^00_tiny.ipynb: otter assign failed "
        r"\(AssertionError: otter: something deep\)$",
    ):
        build.build(master)
    assert [p.name for p in (labs / "00_tiny").iterdir()] == ["kept.txt"]


# --- a build killed at any point leaves its lab whole, and nothing else ------------------------


@pytest.fixture(scope="module")
def course_template(tmp_path_factory):
    """A small copy of the course (the tiny lab only), built and committed to git."""
    return killed_runs.make_course(tmp_path_factory.mktemp("template") / "course")


@pytest.fixture
def course(course_template, tmp_path):
    """A fresh copy of :func:`course_template` for one test to kill tools in."""
    return killed_runs.copy_course(course_template, tmp_path)


def status(course) -> set[str]:
    return set(killed_runs.git(course, "status", "--porcelain", "--ignored").splitlines())


def assert_nothing_left(course, before, why=""):
    """The lab whole; no scratch folder in the copy or the temporary folder, nothing new hidden."""
    killed_runs.within(lambda: not killed_runs.scratch_left(course / "labs"))  # a swap ends
    assert killed_runs.lab_is_whole(course), why
    killed_runs.assert_no_scratch(course, course, course / "labs", why=why)
    assert killed_runs.new_entries(course, before) == [], why


@pytest.mark.parametrize("kill_at", ["assigned", "moved"])
def test_a_build_killed_at_a_known_point_leaves_the_lab_whole_and_nothing_else(course, kill_at):
    before = status(course)
    run = killed_runs.Run(course, "build", LAB, kill_at=kill_at, MNIST_LABS_SWAP_PAUSE="0.5")
    run.kill_when(kill_at)  # after otter assign; or after the swap's first move
    assert_nothing_left(course, before, kill_at)
    assert killed_runs.git(course, "status", "--porcelain") == ""  # the same lab, or none new
    if kill_at == "assigned":
        killed_runs.Run(course, "build", LAB).finish()  # and the next build is as any other
        assert_nothing_left(course, before)


def test_a_build_killed_at_random_points_leaves_the_lab_whole_and_nothing_else(course):
    before = status(course)
    seed, delays = killed_runs.random_delays(3, 2.5)
    for delay in delays:
        killed_runs.Run(course, "build", LAB).kill_after(delay)
        assert_nothing_left(course, before, f"killed after {delay:.2f} s (seed {seed})")
        assert killed_runs.git(course, "status", "--porcelain") == ""


def test_an_older_builds_leftover_is_removed_and_a_lab_it_left_missing_put_back(
    scratch_labs, capsys
):
    notebooks, labs = scratch_labs
    leftover = labs / ".00_tiny.k2j4h5g6"  # killed between its two renames
    leftover.mkdir()
    (labs / "00_tiny").rename(leftover / "previous")
    (leftover / "00_tiny" / "autograder" / "tests").mkdir(parents=True)
    (leftover / "00_tiny" / "autograder" / "tests" / "q1.py").write_text("hidden")
    unrelated = labs / ".notes"
    unrelated.mkdir()
    build.finish_interrupted()
    assert (labs / "00_tiny" / "autograder" / "tests" / "q1.py").read_text() == "hidden"
    assert sorted(p.name for p in labs.iterdir()) == [".notes", "00_tiny"]
    assert "put back" in capsys.readouterr().err
