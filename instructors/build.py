"""Generate labs/: student versions and autograders made from notebooks/.

``otter assign`` turns each master notebook (one with an ``# ASSIGNMENT CONFIG``
raw cell) into ``labs/<lab>/student/`` (solutions and hidden tests removed)
and ``labs/<lab>/autograder/`` (all tests and the autograder zip). Then every
student version gets what only students need, the same in every lab: the four
lines on how to work on it (under the title), its grader (after the setup cell),
the hand-in step (at the end) and, when the course's public home is set, the
"Open in Colab" badge that opens it in the student release (``python -m instructors stamp``).
Cell ids are renumbered so that rebuilding an unchanged notebook changes no file.

Usage::

    python -m instructors build              # every graded notebook
    python -m instructors build 01_mlp       # one lab
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import sys
import zipfile
from pathlib import Path

from instructors import badges, masters
from instructors.notebook_json import cell_text, read_notebook, set_text, write_notebook
from instructors.workspace.scratch import scratch_folder
from instructors.workspace.staging import finish_interrupted as finish_staged
from instructors.workspace.staging import staging_folder, swap_in
from utils.files import write_atomically
from utils.layout import LAB_NAME, LABS, NOTEBOOKS, ROOT, Home, read_home

CONFIG_MARKER = "# ASSIGNMENT CONFIG"
# a solution between otter's markers, in a code cell outside any question (an optional exercise)
SOLUTION_BLOCK = re.compile(
    r"^([ \t]*)# BEGIN SOLUTION\n.*?^[ \t]*# END SOLUTION[ \t]*(\n|$)", re.M | re.S
)
GRADING = Path(__file__).resolve().parent / "grading"
# what the autograder zip's run_otter.py imports, as the package course_grading/: the scrubber
# and the test files' reader it imports, copied as they are (the standard library only)
SHIPPED_PACKAGE = "course_grading"
SHIPPED_MODULES = ["scrub.py", "otter_tests.py"]
SHIPPED_INIT = '"""The course\'s grading helpers, copied from instructors/grading/: {modules}."""\n'
COURSE_FILES = ["utils", "data"]  # what the autograder zip carries besides the tests

STUDENT_INTRO = """\
**How to work on this lab** (the same in every lab):
1. Work in this notebook, the *student version*: from its Colab badge, or in Jupyter from the
   course's `labs/` folder. Run the cells in order, starting with the setup cell.
2. While you work, write `utils.set_mode("quick")` in the settings cell: small subsets and one
   or two epochs: the whole notebook ran in 30 to 60 s on an idle 2-core CPU (up to 3 minutes
   on a busy one). Grading reruns it in quick mode too; a `"full"` run only shows the lab's real
   figures.
3. Under each question, `grader.check("q...")` runs its public tests. Hidden tests grade it too,
   so make your answer right in general, not only for the examples.
4. Hand in this `.ipynb` file, saved, as the last section says."""

GRADER_CELL = 'grader = utils.grader("{lab}")  # grader.check("q...") runs public tests'

HAND_IN = """\
## Hand in

1. Restart and run the whole notebook from the top (Jupyter: *Kernel → Restart Kernel and Run
   All Cells*; Colab: *Runtime → Restart session and run all*), and check that every
   `grader.check` cell passes. Quick mode is enough: the autograder reruns your notebook from
   the top in a fresh session, in quick mode on the course's small MNIST sample whatever mode
   you set, and grades what that run computes, so it must run without errors from the start.
2. Save it. In Jupyter, *File → Save Notebook* saves `{lab}.ipynb` where you opened it. On Colab,
   *File → Download → Download .ipynb* puts it on your computer (Colab itself keeps its copy in
   your Google Drive).
3. Hand in that `.ipynb` file the way your instructor asked. otter's `grader.export()` zip is not
   needed, and does not work on Colab."""


def graded_notebooks() -> list[Path]:
    """Return the master notebooks, those with an assignment config cell."""
    masters = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        cells = read_notebook(path)["cells"]
        if any(c["cell_type"] == "raw" and CONFIG_MARKER in "".join(c["source"]) for c in cells):
            masters.append(path)
    return masters


def markdown_cell(text: str) -> dict:
    """Make a Markdown cell (its id is set by :func:`finish`)."""
    return {"cell_type": "markdown", "id": "", "metadata": {}, "source": text.splitlines(True)}


def code_cell(text: str) -> dict:
    """Make a code cell that students can run but not delete."""
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": "",
        "metadata": {"deletable": False, "editable": False},
        "outputs": [],
        "source": text.splitlines(True),
    }


def add_student_cells(notebook: dict, lab: str, home: Home | None, badge: bool) -> dict:
    """Give an assigned notebook its how-to, grader and hand-in cells, and maybe its badge.

    The grader cell follows the setup cell (a notebook without one, such as the tests' tiny
    lab, gets it under the title).
    """
    url = badges.student_badge_url(home, lab) if badge else None
    cells = notebook["cells"]
    try:
        _, setup = badges.setup_cells(notebook)
    except ValueError:
        setup = None
        set_text(cells[0], badges.set_badge(cell_text(cells[0]), url))
    else:
        badges.stamp_notebook(notebook, home, url)
    cells.insert(cells.index(setup) + 1 if setup else 1, code_cell(GRADER_CELL.format(lab=lab)))
    cells.insert(1, markdown_cell(STUDENT_INTRO))
    cells.append(markdown_cell(HAND_IN.format(lab=lab)))
    return notebook


def strip_ungraded_solutions(notebook: dict) -> dict:
    """Blank the solutions of ungraded exercises, as otter blanks those of its questions.

    otter assign strips solutions only inside a question; an optional exercise ("going
    further") keeps its solution between the same markers in a plain code cell. Each such block
    becomes ``...`` at its indentation, and the cell is tagged as an answer cell, so that
    :func:`filled_in` fills it in like the graded ones.
    """
    for cell in notebook["cells"]:
        source = "".join(cell["source"])
        if cell["cell_type"] != "code" or "# BEGIN SOLUTION" not in source:
            continue
        cell["source"] = SOLUTION_BLOCK.sub(r"\1...\n", source).splitlines(True)
        if "# BEGIN SOLUTION" in "".join(cell["source"]):
            raise ValueError(f"a '# BEGIN SOLUTION' without its '# END SOLUTION':\n{source[:200]}")
        tags = cell["metadata"].setdefault("tags", [])
        if "otter_answer_cell" not in tags:
            tags.append("otter_answer_cell")
    return notebook


def finish(path: Path, lab: str, home: Home | None) -> None:
    """Add the student cells to an assigned notebook and give every cell a stable id.

    The student and autograder versions both get the cells, so that they stay aligned cell by
    cell (otter assign makes random ids for new cells; stable ones keep rebuilds unchanged).
    Only the student version gets the Colab badge: the autograder's copy is never published.
    """
    notebook = read_notebook(path)
    if path.parent.name == "student":
        strip_ungraded_solutions(notebook)
    add_student_cells(notebook, lab, home, badge=path.parent.name == "student")
    for index, cell in enumerate(notebook["cells"]):
        cell["id"] = f"cell-{index:03d}"
    write_notebook(path, notebook)


FROM_PYPROJECT = Home("", "")  # assign()'s default: the home pyproject.toml sets


def assign(
    master: Path,
    destination: Path,
    *,
    run_tests: bool = False,
    home: Home | None = FROM_PYPROJECT,
) -> Path:
    """Run ``otter assign`` on ``master`` into ``destination``; return its autograder zip.

    ``home`` is the public home the student version's badge points into: by default the one
    ``pyproject.toml`` sets; None for no badge.
    """
    # otter's Python entry point, not its command line: a new otter process costs seconds to
    # start, the assignment itself a tenth of a second
    from otter.assign import main as otter_assign

    master, destination = master.resolve(), destination.resolve()
    previous = Path.cwd()
    with scratch_folder(prefix="otter-cwd-") as scratch:  # otter writes stray files to the cwd
        os.chdir(scratch)
        try:
            otter_assign(str(master), str(destination), no_run_tests=not run_tests)
        finally:
            os.chdir(previous)
    if home is FROM_PYPROJECT:
        home = read_home()
    for notebook in destination.glob("*/*.ipynb"):
        finish(notebook, master.stem, home)
    zip_path = autograder_zip(destination)
    add_course_files(zip_path)
    return zip_path


RUN_OTTER_CALL = '    run_autograder("/autograder")\n'
SCRUBBED_CALL = """\
    try:
        run_autograder("/autograder")
    finally:  # keep hidden-test text out of the entries students see at once
        from course_grading import scrub

        scrub.scrub_results("/autograder/results/results.json", "/autograder/source/tests")
"""


def add_course_files(zip_path: Path) -> None:
    """Make an autograder zip grade outside this repository, and keep hidden tests hidden.

    It gains ``utils/`` and ``data/`` (otter copies the zip's ``files/`` next to the
    submission, where the notebook's setup cell finds the course package and its data sample),
    and the package ``course_grading/`` (the scrubber and the test files' reader, as they are),
    whose scrubber its ``run_otter.py`` (what Gradescope and ``otter grade`` run) calls on the
    results once otter has written them. The zip is rewritten whole, through a temporary file.
    """
    with zipfile.ZipFile(zip_path) as archive:
        entries = {name: archive.read(name) for name in archive.namelist()}
    run_otter = entries["run_otter.py"].decode()
    if RUN_OTTER_CALL not in run_otter:
        raise SystemExit(f"{zip_path}: otter's run_otter.py changed; update build.SCRUBBED_CALL")
    if SCRUBBED_CALL not in run_otter:
        entries["run_otter.py"] = run_otter.replace(RUN_OTTER_CALL, SCRUBBED_CALL).encode()
    init = SHIPPED_INIT.format(modules=", ".join(SHIPPED_MODULES))
    entries[f"{SHIPPED_PACKAGE}/__init__.py"] = init.encode()
    for module in SHIPPED_MODULES:
        entries[f"{SHIPPED_PACKAGE}/{module}"] = (GRADING / module).read_bytes()
    for folder in COURSE_FILES:
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                entries[f"files/{path.relative_to(ROOT).as_posix()}"] = path.read_bytes()
    buffer = io.BytesIO()  # a few MB: built in memory, then written whole
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, content in entries.items():
            archive.writestr(name, content)
    write_atomically(zip_path, buffer.getvalue())


def filled_in(assigned: Path, lab: str) -> dict:
    """Return an assigned lab's student version with every answer cell taken from the solution.

    The student and autograder versions align cell by cell (see :func:`finish`); it is what a
    student who answered everything hands in, for checking the grading end to end.
    """
    student, solved = (
        read_notebook(assigned / version / f"{lab}.ipynb") for version in ("student", "autograder")
    )
    for mine, answer in zip(student["cells"], solved["cells"], strict=True):
        if "otter_answer_cell" in mine["metadata"].get("tags", []):
            mine["source"] = answer["source"]
    return student


def autograder_zip(lab_dir: Path) -> Path:
    """Return the (newest) autograder zip under ``lab_dir``."""
    zips = sorted((lab_dir / "autograder").glob("*.zip"))
    if not zips:
        raise FileNotFoundError(f"no autograder zip in {lab_dir}; run python -m instructors build")
    return zips[-1]


def stage_lab(master: Path, into: Path) -> Path:
    """Assign one master outside the repository and move the lab into ``into``; return it.

    otter's output holds the hidden tests and the solutions: it is made in a scratch folder
    under the system's temporary folder, never where ``git add -A`` could see it, and only a
    complete lab is moved to ``into`` (a staging folder on the file system of ``labs/``).

    Raises
    ------
    masters.MasterError
        With one line naming the notebook (and the cell and question) that could not be built.
    """
    masters.check_master(master)  # one line naming the notebook and question, not otter's
    with scratch_folder(prefix=f"otter-{master.stem}-") as outside:
        try:
            assign(master, outside / master.stem)
        except (Exception, SystemExit) as error:  # otter's own failure, whatever it raises
            lines = str(error).strip().splitlines() or [""]
            raise masters.MasterError(
                f"{master.name}: otter assign failed ({type(error).__name__}: {lines[0][:200]})"
            ) from error
        into.mkdir(parents=True, exist_ok=True)
        return Path(shutil.move(outside / master.stem, into / master.stem))


def build(master: Path) -> Path:
    """Regenerate ``labs/<lab>/`` from one master notebook; return the lab folder.

    The master's blocks are checked first; the lab is assigned outside the repository, staged
    beside ``labs/<lab>/`` and swapped in whole (:func:`utils.swap_in`), so a failing
    assignment, or a kill at any point, leaves the previous ``labs/<lab>/`` as it was or the
    new one complete, and no scratch folder behind.

    Raises
    ------
    masters.MasterError
        With one line naming the notebook (and the cell and question) that could not be built.
    """
    finish_interrupted()  # a swap a kill cut short comes before this one
    lab_dir = LABS / master.stem
    with staging_folder(LABS, master.stem) as staging:
        swap_in(staging, {stage_lab(master, staging): lab_dir})
    return lab_dir


# the scratch folders of builds before labs were staged (tempfile's names): `.01_mlp.k2j4h5g6/`,
# holding the assigned lab and, once it was being swapped in, the previous one
OLD_SCRATCH = re.compile(rf"\.(?P<lab>{LAB_NAME.pattern})\.[a-z0-9_]{{8}}")


def finish_interrupted() -> None:
    """Finish what killed builds and stamps left half done, and remove their scratch folders.

    Each line done is said on stderr; a lab folder an older build left missing is put back.
    """
    for parent in (LABS, NOTEBOOKS.parent):  # build's staging, and stamp's beside notebooks/
        for line in finish_staged(parent):
            print(line, file=sys.stderr)
    for folder in sorted(LABS.glob(".*")):
        lab = old_scratch_lab(folder)
        if lab:
            restore_old_build(folder, LABS / lab)
            shutil.rmtree(folder)
            print(f"removed {folder}, left by an interrupted build", file=sys.stderr)


def old_scratch_lab(folder: Path) -> str | None:
    """Return the lab an older build's scratch folder was for; None for any other path."""
    match = OLD_SCRATCH.fullmatch(folder.name)
    if match is None or not folder.is_dir():
        return None
    held = {path.name for path in folder.iterdir()}
    return match["lab"] if held <= {match["lab"], "previous"} else None


def restore_old_build(scratch: Path, lab_dir: Path) -> None:
    """Put back the lab an older build was swapping in when it was killed, if it is missing.

    That build moved the previous lab aside only once the new one was complete: a ``previous``
    folder means the new one is whole.
    """
    fresh = scratch / lab_dir.name
    if not lab_dir.exists() and (scratch / "previous").is_dir() and fresh.is_dir():
        fresh.rename(lab_dir)
        print(f"put back {lab_dir}, missing since an interrupted build", file=sys.stderr)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point: build each lab; one that fails leaves the others built."""
    parser = argparse.ArgumentParser(
        prog="python -m instructors build", description=__doc__.splitlines()[0]
    )
    parser.add_argument("labs", nargs="*", help="lab names such as 01_mlp (default: all)")
    names = parser.parse_args(argv).labs
    masters_to_build = [NOTEBOOKS / f"{name}.ipynb" for name in names] or graded_notebooks()
    missing = [master.name for master in masters_to_build if not master.exists()]
    if missing:
        sys.exit(f"no such notebook: {', '.join(missing)} (in {NOTEBOOKS.name}/)")
    failed = []
    for master in masters_to_build:
        try:
            print(f"{master.name} → {LABS.name}/{build(master).name}/")
        except masters.MasterError as error:
            print(f"not built: {error}", file=sys.stderr)
            failed.append(master.name)
    if failed:
        sys.exit(f"{len(failed)} lab(s) not built, left as they were: {', '.join(failed)}")


if __name__ == "__main__":
    main()
