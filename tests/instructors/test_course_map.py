"""Each lab's facts live in its notebook's metadata; the maps are made from them."""

import pytest

from conftest import ROOT
from instructors import build, course_map, release, site
from instructors.lab_facts import FactsError, LabFacts, read_facts
from instructors.notebook_json import cell_text, read_notebook
from utils import layout

MASTERS = build.graded_notebooks()
FACTS = read_facts(MASTERS)


def facts(lab: str = "03_cnn", builds_on=(), hours: float = 1.5) -> LabFacts:
    return LabFacts(lab, "Topic", ("a", "b (c, d)"), tuple(builds_on), hours, "the model")


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_each_labs_first_cell_agrees_with_its_metadata(master):
    (lab,) = [lab for lab in FACTS if lab.lab == master.stem]
    title = cell_text(read_notebook(master)["cells"][0])
    assert course_map.first_cell_disagreements(title, lab) == []


def test_a_first_cell_that_names_other_labs_or_another_time_disagrees():
    lab = facts(builds_on=["01_mlp", "02_hog_classifier"], hours=2)
    agrees = "**Before you start.** You need labs 01 and 02 (x). Working time: about 2 hours to"
    assert course_map.first_cell_disagreements(agrees, lab) == []
    ranged = agrees.replace("labs 01 and 02", "labs 01–02")
    assert course_map.first_cell_disagreements(ranged, lab) == []
    other = agrees.replace("labs 01 and 02", "lab 01")
    (problem,) = course_map.first_cell_disagreements(other, lab)
    assert "names labs ['01'], metadata.course.builds_on ['01', '02']" in problem
    slower = agrees.replace("about 2 hours", "about 3 hours")
    (problem,) = course_map.first_cell_disagreements(slower, lab)
    assert "'Working time: about 2 hours'" in problem


@pytest.mark.parametrize(
    "hours, text",
    [(2, "2 h"), (1.25, "1¼ h"), (1.5, "1½ h"), (1.75, "1¾ h"), (0.25, "¼ h"), (1, "1 h")],
)
def test_working_time_in_quarter_hours(hours, text):
    assert course_map.hours_text(hours) == text


@pytest.mark.parametrize(
    "builds_on, text",
    [
        ((), course_map.NO_EARLIER_LAB),
        (("01_mlp",), "lab 01"),
        (("01_mlp", "02_hog_classifier"), "labs 01–02"),
        (("01_mlp", "03_cnn"), "labs 01, 03"),
    ],
)
def test_builds_on_names_the_labs(builds_on, text):
    assert course_map.builds_on_text(facts("05_dropout", builds_on)) == text


def test_run_times_come_from_the_results_file_and_a_lab_not_run_says_so():
    seconds = course_map.notebook_seconds({"labs": {"03_cnn": {"notebook_seconds": 509.1}}})
    table = course_map.readme_map([facts(), facts("04_autoencoder")], None, seconds)
    assert "| 8.5 min |" in table.splitlines()[2]
    assert f"| {course_map.NOT_MEASURED} |" in table.splitlines()[3]
    assert course_map.run_time_text(24.4) == "24 s"


def test_the_readme_map_has_no_time_typed_by_hand():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    lab_map = readme.split(course_map.MAP_START)[1].split(course_map.MAP_END)[0]
    assert "quick:" not in lab_map
    assert all(f"| {lab.central_model} |" in lab_map for lab in FACTS)


def test_the_students_map_and_the_sites_index_are_made_from_the_facts():
    students = release.student_readme(None, [lab.lab for lab in FACTS])
    index = site.index_page({FACTS[0].lab}, None)
    for lab in FACTS:
        assert f"| {lab.topic}: {', '.join(lab.key_concepts)} | {lab.central_model} |" in students
        assert lab.central_model in index
    assert f'<a href="{FACTS[0].lab}.html">' in index


def test_a_notebook_that_is_not_json_is_named(tmp_path):
    broken = tmp_path / "07_broken.ipynb"
    broken.write_text("{")
    with pytest.raises(FactsError, match="07_broken.ipynb: not a notebook"):
        read_facts([broken])


def test_the_students_readme_points_at_colab_badges_only_when_there_are_some():
    labs = [lab.lab for lab in FACTS]
    without_home = release.student_readme(None, labs)
    assert "(no Colab link set)" in without_home and "badge above" not in without_home
    assert "has no Colab links" in without_home
    with_home = release.student_readme(layout.Home("someone/mnist-labs", "main"), labs)
    assert "badge above" in with_home and "(no Colab link set)" not in with_home
