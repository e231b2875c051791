"""The course's public home, stamped: setup cells, Colab badges, README links, student cells."""

import copy
import json
import os
import re
import shutil
from pathlib import Path

import pytest

import killed_runs
from conftest import ROOT
from instructors import badges, build, notebook_json, release, stamp
from utils import layout
from utils.files import write_atomically

MASTERS = build.graded_notebooks()
LABS = [master.stem for master in MASTERS]
COMMITTED = MASTERS + sorted((ROOT / "labs").glob("*/*/*.ipynb"))
BADGE_LINK = re.compile(
    r"\[!\[Open In Colab\]\([^)]*\)\]\(https://colab\.research\.google\.com/github/"
    r"(?P<repository>[^/]+/[^/]+)/blob/(?P<ref>[^/]+)/(?P<path>[^)]+)\)"
)
TEST_HOME = layout.Home(
    "example/mnist-keras-labs", "v2026", "example/mnist-keras-labs-instructors", "main"
)


def load(path: Path) -> dict:
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("path", COMMITTED, ids=lambda p: str(p.relative_to(ROOT)))
def test_setup_cell_is_the_same_in_every_notebook(path):
    markdown, code = badges.setup_cells(load(path))
    assert notebook_json.cell_text(markdown) == badges.SETUP_MARKDOWN
    assert notebook_json.cell_text(code) == badges.setup_cell_source(layout.read_home())
    assert code["metadata"]["jupyter"] == {"source_hidden": True}  # folded in JupyterLab
    assert code["metadata"]["cellView"] == "form"  # and in Colab


def test_the_setup_cell_holds_the_homes_address():
    assert '\nCOURSE_HOME = "", ""\n' in badges.setup_cell_source(None)
    stamped = badges.setup_cell_source(TEST_HOME)
    assert '\nCOURSE_HOME = "https://github.com/example/mnist-keras-labs.git", "v2026"\n' in stamped
    mirror = layout.Home("a/b", "main", address="https://git.example.org/course.git")
    assert 'COURSE_HOME = "https://git.example.org/course.git", "main"' in (
        badges.setup_cell_source(mirror)
    )


@pytest.mark.parametrize("master", MASTERS, ids=lambda p: p.stem)
def test_masters_are_stamped_for_the_configured_home(master):
    notebook = load(master)
    home = layout.read_home()
    restamped = badges.stamp_notebook(
        copy.deepcopy(notebook), home, badges.master_badge_url(home, master.stem)
    )
    assert restamped == notebook, "run `python labs/stamp.py` and commit the result"


def test_readme_lab_map_is_the_one_made_from_the_notebooks_metadata():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert stamp.stamp_readme(readme, layout.read_home(), MASTERS) == readme, (
        "the README's lab map is out of date: run `python -m instructors stamp`"
    )


def badge_links(text: str) -> list[re.Match]:
    return list(BADGE_LINK.finditer(text.replace('\\"', '"')))


def test_every_committed_badge_opens_its_own_file():
    home = layout.read_home()
    for path in COMMITTED:
        for found in badge_links(path.read_text(encoding="utf-8")):
            repository = (
                home.repository if "/student/" in str(path) else home.instructors_repository
            )
            assert found["repository"] == repository, path
            assert found["path"] == str(path.relative_to(ROOT)), path


@pytest.mark.skipif(layout.read_home() is not None, reason="the course's home is set")
def test_with_no_home_there_is_no_badge_or_colab_link_anywhere():
    for path in [*COMMITTED, ROOT / "README.md"]:
        text = path.read_text(encoding="utf-8")
        assert "colab.research.google.com/github/" not in text, path  # no badge, no link
        assert not re.search(r"github\.com/OWNER|\(OWNER|OWNER/NAME/blob", text), path
    assert "Set it in pyproject.toml" in stamp.advice(None)


def test_with_a_home_the_masters_badges_open_themselves_in_the_instructors_repository():
    for master in MASTERS:
        url = badges.master_badge_url(TEST_HOME, master.stem)
        notebook = badges.stamp_notebook(load(master), TEST_HOME, url)
        title = notebook_json.cell_text(notebook["cells"][0]).splitlines()
        assert title[0].startswith("# Lab ") and title[1] == badges.badge(url)
        (found,) = badge_links("\n".join(title))
        assert found["repository"] == TEST_HOME.instructors_repository
        assert (found["ref"], found["path"]) == ("main", f"notebooks/{master.stem}.ipynb")
        unstamped = badges.stamp_notebook(notebook, None, None)  # and the home unset again
        assert badge_links(json.dumps(unstamped)) == []
    no_instructors = layout.Home(TEST_HOME.repository, TEST_HOME.ref)
    assert badges.master_badge_url(no_instructors, LABS[0]) is None
    assert "The master notebooks have no badge" in stamp.advice(no_instructors)


@pytest.fixture(scope="module")
def release_with_home(tmp_path_factory) -> Path:
    return release.build_release(tmp_path_factory.mktemp("release") / "course", TEST_HOME)


def test_with_a_home_every_student_badge_opens_itself_in_the_release(release_with_home):
    notebooks = sorted(release_with_home.glob("labs/*/student/*.ipynb"))
    assert len(notebooks) == len(LABS)
    for path in notebooks:
        (found,) = badge_links(path.read_text(encoding="utf-8"))
        assert (found["repository"], found["ref"]) == (TEST_HOME.repository, TEST_HOME.ref)
        assert found["path"] == str(path.relative_to(release_with_home))
        _, setup = badges.setup_cells(load(path))
        assert notebook_json.cell_text(setup) == badges.setup_cell_source(TEST_HOME)
    readme = (release_with_home / "README.md").read_text(encoding="utf-8")
    assert sorted(found["path"] for found in badge_links(readme)) == [
        str(path.relative_to(release_with_home)) for path in notebooks
    ]


def test_with_a_home_the_readme_links_each_lab_in_colab():
    readme = stamp.stamp_readme(
        (ROOT / "README.md").read_text(encoding="utf-8"), TEST_HOME, MASTERS
    )
    for lab in LABS:
        student = badges.colab_url(TEST_HOME.repository, "v2026", f"labs/{lab}/student/{lab}.ipynb")
        master = badges.colab_url(
            TEST_HOME.instructors_repository, "main", f"notebooks/{lab}.ipynb"
        )
        assert f"[student version in Colab]({student})" in readme
        assert f"[solution in Colab]({master})" in readme
    assert stamp.stamp_readme(readme, None, MASTERS) == stamp.stamp_readme(readme, None, MASTERS)
    assert "colab.research.google.com" not in stamp.stamp_readme(readme, None, MASTERS)


@pytest.mark.parametrize("path", sorted((ROOT / "labs").glob("*/student/*.ipynb")), ids=str)
def test_every_student_version_opens_and_closes_alike(path):
    lab = path.stem
    cells = load(path)["cells"]
    assert notebook_json.cell_text(cells[1]) == build.STUDENT_INTRO
    assert notebook_json.cell_text(cells[-1]) == build.HAND_IN.format(lab=lab)
    _, setup = badges.setup_cells({"cells": cells})
    grader_cell = cells[cells.index(setup) + 1]
    assert notebook_json.cell_text(grader_cell) == build.GRADER_CELL.format(lab=lab)
    assert not any(
        "import otter" in notebook_json.cell_text(cell) for cell in cells
    )  # no otter init


def write_pyproject(tmp_path, body: str) -> Path:
    path = tmp_path / "pyproject.toml"
    path.write_text(body)
    return path


def test_read_home_unset_set_and_with_a_mirror(tmp_path):
    assert layout.read_home(write_pyproject(tmp_path, "[project]\nname = 'x'\n")) is None
    unset = '[tool.mnist-labs.home]\nrepository = ""\nref = "main"\n'
    assert layout.read_home(write_pyproject(tmp_path, unset)) is None
    home = layout.read_home(
        write_pyproject(
            tmp_path,
            '[tool.mnist-labs.home]\nrepository = "me/course"\nref = "v1.0"\n'
            '[tool.mnist-labs.instructors]\nrepository = "me/course-private"\n',
        )
    )
    assert home == layout.Home("me/course", "v1.0", "me/course-private", "main")
    assert home.clone_url == "https://github.com/me/course.git"


@pytest.mark.parametrize(
    "body, named",
    [
        ('[tool.mnist-labs.home]\nrepository = "no-slash"\n', "home.repository = 'no-slash'"),
        ('[tool.mnist-labs.home]\nrepository = "a/b"\nref = "a branch"\n', "home.ref = 'a branch'"),
        ('[tool.mnist-labs.home]\nrepository = "a/b"\nref = ""\n', "ref is empty"),
        ("[tool.mnist-labs.home]\nrepository = 3\n", "home.repository = 3"),
        ('[tool.mnist-labs.home]\nrepository = "a/b"\naddress = "x y"\n', "home.address"),
        ('[tool.mnist-labs.home]\nrepository = "x/y.git"\n', "home.repository = 'x/y.git'"),
        ('[tool.mnist-labs.home]\nrepository = "../.."\n', "home.repository = '../..'"),
        ('[tool.mnist-labs.home]\nrepository = "a/b"\nref = "-main"\n', "home.ref = '-main'"),
        ('[tool.mnist-labs.home]\nrepository = "a/b"\nref = "a..b"\n', "home.ref = 'a..b'"),
        ('[tool.mnist-labs.instructors]\nrepository = "a b/c"\n', "instructors.repository"),
        ("[tool.mnist-labs]\nhome = 'a/b'\n", "tool.mnist-labs.home should be a table"),
        ("[tool.mnist-labs.home\n", "can't read it"),
    ],
)
def test_a_malformed_home_names_the_file_and_the_key(tmp_path, body, named):
    path = write_pyproject(tmp_path, body)
    with pytest.raises(SystemExit, match=re.escape(named)) as error:
        layout.read_home(path)
    assert str(path) in str(error.value)


def test_written_files_keep_their_permissions(tmp_path):
    new, old = tmp_path / "new.txt", tmp_path / "old.txt"
    old.write_text("x")
    old.chmod(0o640)
    write_atomically(new, "fresh")
    write_atomically(old, "changed")
    umask = os.umask(0)
    os.umask(umask)
    assert new.stat().st_mode & 0o777 == 0o666 & ~umask  # not the temporary file's 0o600
    assert old.stat().st_mode & 0o777 == 0o640 and old.read_text() == "changed"


@pytest.fixture
def course_copy(tmp_path, monkeypatch):
    """The masters and README copied to a scratch folder, which stamp then works on."""
    shutil.copytree(ROOT / "notebooks", tmp_path / "notebooks")
    shutil.copy(ROOT / "README.md", tmp_path / "README.md")
    monkeypatch.setattr(stamp, "NOTEBOOKS", tmp_path / "notebooks")
    monkeypatch.setattr(stamp, "README", tmp_path / "README.md")
    return tmp_path


def snapshot(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): p.read_text() for p in sorted(folder.rglob("*")) if p.is_file()
    }


def without_course_key(key: str):
    """A damage: the first lab's master loses ``metadata.course[key]``."""

    def damage(folder: Path) -> None:
        master = folder / "notebooks" / f"{LABS[0]}.ipynb"
        notebook = load(master)
        del notebook["metadata"]["course"][key]
        master.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")

    return damage


def set_course_key(key: str, value):
    """A damage: the first lab's master gets ``metadata.course[key] = value``."""

    def damage(folder: Path) -> None:
        master = folder / "notebooks" / f"{LABS[0]}.ipynb"
        notebook = load(master)
        notebook["metadata"]["course"][key] = value
        master.write_text(json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")

    return damage


def damage_readme(change):
    def damage(folder: Path) -> None:
        readme = folder / "README.md"
        readme.write_text(change(readme.read_text()))

    return damage


@pytest.mark.parametrize(
    "damage, message",
    [
        (without_course_key("topic"), f"{LABS[0]}.ipynb: metadata.course.topic is missing"),
        (
            set_course_key("working_hours", "two"),
            "metadata.course.working_hours: expected a positive number of hours, got 'two'",
        ),
        (
            set_course_key("builds_on", ["09_later"]),
            "metadata.course.builds_on: '09_later' is not an earlier lab",
        ),
        (
            set_course_key("topic", "TODO: the lab's topic"),
            "metadata.course.topic is still the placeholder",
        ),
        (
            damage_readme(lambda t: t.replace("<!-- lab-map:end -->", "")),
            "needs one <!-- lab-map:start -->",
        ),
    ],
    ids=["missing key", "malformed hours", "unknown lab", "placeholder", "no end marker"],
)
def test_broken_lab_facts_stop_the_stamp_before_any_file_changes(course_copy, damage, message):
    damage(course_copy)
    before = snapshot(course_copy)
    with pytest.raises(SystemExit, match=re.escape(message)):
        stamp.stamp_masters(TEST_HOME)
    assert snapshot(course_copy) == before


def test_stamping_the_copy_with_a_home_and_back_leaves_it_as_it_was(course_copy):
    before = snapshot(course_copy)
    changed = stamp.stamp_masters(TEST_HOME)
    assert len(changed) == len(MASTERS) + 1
    assert stamp.stamp_masters(TEST_HOME) == []  # stamping twice changes nothing more
    stamp.stamp_masters(layout.read_home())
    assert snapshot(course_copy) == before


# --- a stamp killed at any point stamps everything or nothing ----------------------------------


@pytest.fixture(scope="module")
def course_template(tmp_path_factory):
    """A small copy of the course (the tiny lab only), built and committed, with a home set."""
    course = killed_runs.make_course(tmp_path_factory.mktemp("template") / "course")
    killed_runs.set_home(course)  # not stamped yet: a stamp changes the master, README and lab
    return course


@pytest.fixture
def course(course_template, tmp_path):
    return killed_runs.copy_course(course_template, tmp_path)


def status(course) -> set[str]:
    return set(killed_runs.git(course, "status", "--porcelain", "--ignored").splitlines())


def assert_all_or_nothing(course, before, why=""):
    """Every file stamped or none, the lab whole, no scratch folder, nothing new hidden."""
    killed_runs.within(lambda: not killed_runs.scratch_left(course))  # a swap under way ends
    state = killed_runs.stamped(course)
    assert len(set(state.values())) == 1, (why, state)
    killed_runs.assert_no_scratch(course, course, course / "labs", why=why)
    assert killed_runs.new_entries(course, before) == [], why
    assert killed_runs.lab_is_whole(course), why
    return next(iter(state.values()))


@pytest.mark.parametrize("kill_at, done", [("assigned", False), ("moved", True)])
def test_a_stamp_killed_at_a_known_point_stamps_everything_or_nothing(course, kill_at, done):
    before = status(course)
    run = killed_runs.Run(course, "stamp", kill_at=kill_at, MNIST_LABS_SWAP_PAUSE="0.5")
    run.kill_when(kill_at)  # after the lab's otter assign; after the swap's first move
    assert assert_all_or_nothing(course, before, kill_at) is done  # the swap was finished


def test_a_stamp_killed_at_random_points_stamps_everything_or_nothing(course):
    before = status(course)
    seed, delays = killed_runs.random_delays(2, 2.5)
    for delay in delays:
        killed_runs.Run(course, "stamp").kill_after(delay)
        assert_all_or_nothing(course, before, f"killed after {delay:.2f} s (seed {seed})")
        killed_runs.git(course, "checkout", "--", ".")  # unstamped again for the next kill


def test_a_swap_cut_short_with_its_committer_is_finished_by_the_next_build(course):
    before = status(course)
    run = killed_runs.Run(course, "stamp", kill_at="moved", MNIST_LABS_SWAP_PAUSE="0.5")
    run.kill_when("moved 1", committer_too=True)  # as if the machine went down mid-swap
    (left,) = killed_runs.scratch_left(course)
    assert (Path(left) / "journal.json").is_file()
    assert (
        killed_runs.git(course, "status", "--porcelain", "--untracked-files=all").count("??") == 0
    )  # git-ignored meanwhile
    assert len(set(killed_runs.stamped(course).values())) == 2  # half stamped
    output = killed_runs.Run(course, "build").finish()
    assert "finished the swap that a killed run left in" in output
    assert assert_all_or_nothing(course, before) is True


def test_a_master_that_does_not_build_stops_the_stamp_before_any_file_changes(course):
    master = course / "notebooks" / f"{killed_runs.LAB}.ipynb"
    text = master.read_text(encoding="utf-8")
    master.write_text(text.replace("name: q2_hypotenuse", "name: q1_double"), encoding="utf-8")
    killed_runs.git(course, "commit", "-q", "-am", "two questions named alike")
    before = status(course)
    run = killed_runs.Run(course, "stamp")
    output, _ = run.process.communicate(timeout=120)
    assert run.process.returncode == 1
    assert "not stamped, every file left as it was: 00_tiny.ipynb, cell" in output
    assert status(course) == before  # the master and README too, which stamp had changed
