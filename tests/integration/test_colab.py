"""A simulated Google Colab, offline: a notebook opened alone fetches the course and runs.

Each notebook is copied alone into an empty folder, as Colab opens it from a badge, and executed
in quick mode by a real Jupyter kernel that has a stand-in ``google.colab`` module on its path
(how the setup cell and ``utils`` detect Colab). The course's public home is a local git
repository holding the student release (a file URL), stamped into the setup cell as
``labs/stamp.py`` stamps the real one. Lab 01's master runs here: the check that no cell fails,
plus the fetch.
"""

import json
import os
import shutil
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellExecutionError

from conftest import ROOT
from instructors import badges

LAB = "01_mlp"  # the quickest lab in quick mode
COURSE_FOLDER = "mnist-keras-labs"  # where the setup cell clones the course, beside the notebook


@pytest.fixture(scope="module")
def colab_module(tmp_path_factory) -> Path:
    """A folder holding a stand-in ``google/colab/__init__.py``, for the kernel's path."""
    folder = tmp_path_factory.mktemp("colab_standin")
    package = folder / "google" / "colab"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text('"""Stand-in for Google Colab\'s own module."""\n')
    return folder


def run_on_colab(notebook, folder: Path, colab_module: Path, *, allow_errors=False):
    """Execute ``notebook`` in ``folder`` (its working directory), as Colab would; return it."""
    environment = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join(filter(None, [str(colab_module), os.getenv("PYTHONPATH")])),
        "MNIST_LABS_MODE": "quick",
    }
    client = NotebookClient(
        notebook,
        timeout=600,
        kernel_name="python3",
        allow_errors=allow_errors,
        resources={"metadata": {"path": str(folder)}},
    )
    client.execute(env=environment)
    return notebook


def alone(notebook: dict, folder: Path, name: str) -> nbformat.NotebookNode:
    """The notebook as a file alone in an empty ``folder``, read back as nbformat reads it."""
    folder.mkdir(parents=True)
    path = folder / name
    path.write_text(json.dumps(notebook), encoding="utf-8")
    assert [p.name for p in folder.iterdir()] == [name]
    return nbformat.read(path, as_version=4)


def printed(cell) -> str:
    """Everything a cell printed or showed, as text."""
    parts = []
    for output in cell.get("outputs", []):
        parts.append(output.get("text", ""))
        parts.append(output.get("data", {}).get("text/plain", ""))
        parts.append("\n".join(output.get("traceback", [])))
    return "".join(parts)


def setup_index(notebook) -> int:
    _, code = badges.setup_cells(notebook)
    return notebook.cells.index(code)


def fetched_utils_cell():
    return nbformat.v4.new_code_cell("import utils\nprint('utils from', utils.__file__)")


class TestColabStudentVersion:
    def test_fetched_course_grades_every_answer(self, course_home, colab_module, tmp_path):
        # the release's student version, its answers from a fresh assignment (aligned cell by cell)
        assigned = tmp_path / "assigned"
        from instructors import build

        build.assign(ROOT / "notebooks" / f"{LAB}.ipynb", assigned, home=course_home.home)
        student = build.filled_in(assigned, LAB)
        released = json.loads((course_home.tree / badges.student_path(LAB)).read_text("utf-8"))
        for mine, published in zip(student["cells"], released["cells"], strict=True):
            if "otter_answer_cell" not in mine["metadata"].get("tags", []):
                assert mine == published  # the published student version, answers filled in
        answers = sum(
            "otter_answer_cell" in c["metadata"].get("tags", []) for c in student["cells"]
        )
        assert answers >= 3

        folder = tmp_path / "content"
        notebook = alone(student, folder, f"{LAB}.ipynb")
        notebook.cells.append(fetched_utils_cell())
        run_on_colab(notebook, folder, colab_module)

        setup_output = printed(notebook.cells[setup_index(notebook)])
        course = (
            f"Course: {folder / COURSE_FOLDER}, fetched from {course_home.home.clone_url} (main)"
        )
        assert course in setup_output
        assert "GPU: " in setup_output
        assert f"utils from {folder / COURSE_FOLDER / 'utils' / '__init__.py'}" in printed(
            notebook.cells[-1]
        )
        checks = [cell for cell in notebook.cells if cell.source.startswith("grader.check(")]
        assert len(checks) == answers
        for cell in checks:
            assert "passed" in printed(cell) and "failed" not in printed(cell), cell.source
        assert not (folder / ".mnist-keras-labs.partial").exists()


class TestColabMasterNotebook:
    def test_runs_alone_and_fetches_the_course_only_once(self, course_home, colab_module, tmp_path):
        home, bare = course_home.private_copy(tmp_path)
        master = json.loads((ROOT / "notebooks" / f"{LAB}.ipynb").read_text(encoding="utf-8"))
        badges.stamp_notebook(master, home, None)
        folder = tmp_path / "content"
        notebook = alone(master, folder, f"{LAB}.ipynb")
        # the setup, the lab's settings and its data: what depends on where the course is (the
        # whole lab runs in TestColabStudentVersion, and every lab in test_grading.py)
        data_ends = next(
            i for i, cell in enumerate(notebook.cells) if cell.source.startswith("## 2.")
        )
        notebook.cells = notebook.cells[:data_ends]
        setup = setup_index(notebook)
        # after the first run, take the home away: running the cell again must not need it
        away = nbformat.v4.new_code_cell(f"import os\nos.rename({str(bare)!r}, '{bare}.gone')")
        again = nbformat.v4.new_code_cell(notebook.cells[setup].source)
        notebook.cells[setup + 1 : setup + 1] = [away, again]
        notebook.cells.append(fetched_utils_cell())
        run_on_colab(notebook, folder, colab_module)  # any failing cell raises here, as nbval

        assert not bare.exists()
        for cell in (notebook.cells[setup], notebook.cells[setup + 2]):
            assert f"Course: {folder / COURSE_FOLDER}, fetched from {home.clone_url}" in printed(
                cell
            )
        assert f"utils from {folder / COURSE_FOLDER / 'utils' / '__init__.py'}" in printed(
            notebook.cells[-1]
        )


class TestColabFetchFailure:
    @pytest.mark.parametrize("problem", ["no such home", "no such branch", "no home set"])
    def test_a_failed_fetch_is_one_line_naming_the_address(
        self, course_home, colab_module, tmp_path, problem
    ):
        url, ref = {
            "no such home": ((tmp_path / "nowhere.git").as_uri(), "main"),
            "no such branch": (course_home.home.clone_url, "no-such-branch"),
            "no home set": ("", ""),
        }[problem]
        cell = nbformat.v4.new_code_cell(
            badges.HOME_LINE.sub(f"COURSE_HOME = {url!r}, {ref!r}", badges.setup_cell_source(None))
        )
        after = nbformat.v4.new_code_cell("print('after')")
        notebook = nbformat.v4.new_notebook(cells=[cell, after])
        folder = tmp_path / "content"
        folder.mkdir()
        with pytest.raises(CellExecutionError):
            run_on_colab(notebook, folder, colab_module)
        lines = [line for line in printed(cell).splitlines() if line.strip()]
        assert len(lines) == 1, lines
        if url:
            assert lines[0].startswith(
                f"CourseNotFetched: Can't fetch the course from {url!r} ({ref!r}): "
            )
            assert lines[0].endswith("if it still fails, tell the instructors.")
        else:  # say who has to act, not an empty address
            assert lines[0].startswith(
                "CourseNotFetched: The course's instructors have not set its public home"
            )
        # an error output (not a stderr stream), which stops Colab's Run All as Jupyter's
        assert [output.output_type for output in cell.outputs] == ["error"]
        assert "Traceback" not in lines[0] and not printed(after)  # and the run stops there
        assert "after" not in printed(after) and after.get("execution_count") is None
        assert not (folder / COURSE_FOLDER).exists()
        shutil.rmtree(folder)
