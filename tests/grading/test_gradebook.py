"""The gradebook loses no row and keeps what an instructor wrote in it (issue 27, item 1).

Most tests stub the engine: they are about the gradebook, not about running notebooks. The
tests of Ctrl-C, SIGTERM and SIGKILL run ``labs/grade.py`` on the tiny lab, with real kernels.
"""

import csv
import io
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import nbformat
import psutil
import pytest
from filelock import FileLock

from conftest import ROOT
from instructors import build, grade
from instructors.grading import engine, gradebook, session, testing
from instructors.grading.result import GRADED, Result
from instructors.grading.submission import Submission

LAB = "00_tiny"
TITLE = "# Lab 00 · A tiny lab for testing the grader"
QUESTIONS = [testing.Question("q1", True, "{}", 2.0), testing.Question("q2", True, "{}", 2.0)]
STUB_POINTS = {"q1": 2.0, "q2": 1.0}
POSSIBLE = {"q1": 2.0, "q2": 2.0}


def submission(path: Path, marker: str = "") -> Path:
    """Write a notebook of the tiny lab (its title cell, one code cell) to ``path``."""
    notebook = nbformat.v4.new_notebook(
        cells=[
            nbformat.v4.new_markdown_cell(TITLE),
            nbformat.v4.new_code_cell(f"answer = {marker or path.name!r}"),
        ]
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, path)
    return path


@pytest.fixture
def stub_engine(monkeypatch):
    """Grade without kernels: every notebook gets ``STUB_POINTS``; the calls are listed."""
    calls = []

    def executed_and_tested(job, gradable):  # in place of the stages that need a kernel
        calls.append(gradable.notebook.cells[-1].source)
        if job.executed is not None:
            job.executed.parent.mkdir(parents=True, exist_ok=True)
            job.executed.write_text(gradable.notebook.cells[-1].source)
        return job.result(GRADED, gradable.sha256, points=STUB_POINTS, note=gradable.note)

    monkeypatch.setattr(engine, "STAGES", (engine.read, engine.check_lab, executed_and_tested))
    return calls


def grade_into(book: Path, paths: list[Path], lines: list | None = None, **options):
    """Grade ``paths`` into ``book`` with the stub questions; return the rows."""
    report = lines.append if lines is not None else (lambda line: None)
    options.setdefault("jobs", 2)
    return grade.grade_class(
        LAB,
        paths,
        book,
        limits=session.Limits(seconds=30),
        report=report,
        questions=QUESTIONS,
        title=TITLE,
        **options,
    )


def read_book(book: Path) -> list[dict[str, str]]:
    """The gradebook's rows as a plain CSV reader sees them (BOM, ``;`` and all handled)."""
    raw = book.read_bytes()
    text = raw.decode("utf-8-sig") if raw.startswith(b"\xef\xbb\xbf") else raw.decode("utf-8")
    dialect = csv.Sniffer().sniff(text.splitlines()[0], delimiters=",;")
    return list(csv.DictReader(io.StringIO(text, newline=""), dialect=dialect))


def class_of(folder: Path, count: int) -> list[Path]:
    return [submission(folder / f"student{index:03d}.ipynb") for index in range(count)]


# --- rows are never lost ---------------------------------------------------------------------

CONCURRENT_RUN = """
import sys
from pathlib import Path
from instructors import grade
from instructors.grading import session, testing
questions = [testing.Question("q1", True, "{{}}", 2.0), testing.Question("q2", True, "{{}}", 2.0)]
grade.grade_class({lab!r}, [Path(sys.argv[1])], Path(sys.argv[2]), jobs=2,
                  limits=session.Limits(), report=lambda line: None, questions=questions,
                  title={title!r})
"""


def test_two_concurrent_runs_into_one_gradebook_keep_every_row(tmp_path):
    # empty files: each gets its row ("empty file") at once, without a kernel: only the
    # gradebook's writes race
    for run in ("a", "b"):
        (tmp_path / run).mkdir()
        for index in range(150):
            (tmp_path / run / f"{index:03d}.ipynb").write_bytes(b"")
    book = tmp_path / "book.csv"
    code = CONCURRENT_RUN.format(lab=LAB, title=TITLE)
    environment = {**os.environ, "PYTHONPATH": str(ROOT)}
    runs = [
        subprocess.Popen(
            [sys.executable, "-c", code, str(tmp_path / run), str(book)],
            cwd=ROOT,
            env=environment,
            stderr=subprocess.PIPE,
            text=True,
        )
        for run in ("a", "b")
    ]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read()
    files = [row["file"] for row in read_book(book)]
    assert len(files) == 300 and len(set(files)) == 300, len(files)


def test_a_regrade_of_one_file_replaces_only_its_row(tmp_path, stub_engine):
    paths = class_of(tmp_path / "class", 8)
    book = tmp_path / "book.csv"
    grade_into(book, [tmp_path / "class"])
    before = {row["file"]: row for row in read_book(book)}
    stub_engine.clear()
    rows = grade_into(book, [paths[3]], regrade=True)
    after = {row["file"]: row for row in read_book(book)}
    assert len(stub_engine) == 1 and len(rows) == 8 and sorted(after) == sorted(before)
    assert {file: row for file, row in after.items() if "003" not in file} == {
        file: row for file, row in before.items() if "003" not in file
    }


def test_an_interrupted_regrade_keeps_every_row(tmp_path, stub_engine, monkeypatch):
    book = tmp_path / "book.csv"
    class_of(tmp_path / "class", 8)
    grade_into(book, [tmp_path / "class"])
    before = {row["file"] for row in read_book(book)}
    graded = []

    def interrupted_on_the_third(job, gradable):
        graded.append(gradable.notebook)
        if len(graded) == 3:  # Ctrl-C, while a submission runs
            os.kill(os.getpid(), signal.SIGINT)
            time.sleep(1)
        return job.result(GRADED, gradable.sha256, points=STUB_POINTS)

    stages = (engine.read, engine.check_lab, interrupted_on_the_third)
    monkeypatch.setattr(engine, "STAGES", stages)
    with pytest.raises(KeyboardInterrupt):
        grade_into(book, [tmp_path / "class"], regrade=True)
    assert {row["file"] for row in read_book(book)} == before and len(before) == 8


def test_a_locked_gradebook_is_waited_for_with_a_message_then_refused(
    tmp_path, stub_engine, monkeypatch
):
    book = tmp_path / "book.csv"
    submission(tmp_path / "class" / "one.ipynb")
    monkeypatch.setattr(gradebook, "LOCK_NOTICE", 0.5)
    monkeypatch.setattr(gradebook, "LOCK_PATIENCE", 1.0)
    lines = []
    # as another process would: filelock's locks are per thread within one process
    holder = threading.Thread(target=hold_lock, args=(gradebook.lock_path(book), 3))
    holder.start()
    time.sleep(0.5)
    try:
        with pytest.raises(SystemExit, match=r"book.csv.*still locked.*book\.csv\.lock"):
            grade_into(book, [tmp_path / "class"], lines)
    finally:
        holder.join()
    assert any("waiting for" in line and "book.csv.lock" in line for line in lines), lines


def hold_lock(path: Path, seconds: float) -> None:
    with FileLock(path):
        time.sleep(seconds)


# --- what an instructor wrote is kept --------------------------------------------------------


def add_columns(book: Path, values: dict[str, dict[str, str]]) -> None:
    """Add the instructor's columns to ``book``: file name → {column: value}."""
    rows = read_book(book)
    extra = sorted({column for by_column in values.values() for column in by_column})
    with book.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, [*rows[0], *extra])
        writer.writeheader()
        for row in rows:
            writer.writerow({**row, **values.get(Path(row["file"]).name, {})})


def test_columns_an_instructor_added_survive_reruns_and_regrades(tmp_path, stub_engine):
    paths = class_of(tmp_path / "class", 3)
    book = tmp_path / "book.csv"
    grade_into(book, [tmp_path / "class"])
    comments = {
        "student000.ipynb": {"instructor_comment": "see me", "late_penalty": "-1"},
        "student002.ipynb": {"instructor_comment": "très bien, 👍"},
    }
    add_columns(book, comments)
    grade_into(book, [tmp_path / "class"])  # nothing to grade
    submission(paths[0], "resubmitted")
    grade_into(book, [tmp_path / "class"])  # the resubmission only
    grade_into(book, [paths[2]], regrade=True)
    rows = {Path(row["file"]).name: row for row in read_book(book)}
    assert rows["student000.ipynb"]["instructor_comment"] == "see me"
    assert rows["student000.ipynb"]["late_penalty"] == "-1"
    assert rows["student001.ipynb"]["instructor_comment"] == ""
    assert rows["student002.ipynb"]["instructor_comment"] == "très bien, 👍"
    assert len(stub_engine) == 3 + 1 + 1


# --- one row per file, whatever folder grade.py ran from -------------------------------------


def test_the_same_folder_named_from_elsewhere_is_the_same_files(tmp_path, stub_engine, monkeypatch):
    course = tmp_path / "course"
    class_of(course / "submissions", 3)
    (tmp_path / "elsewhere").mkdir()
    (tmp_path / "link").symlink_to(course / "submissions")
    monkeypatch.chdir(course)
    grade_into(Path("grades.csv"), [Path("submissions")])
    lines = []
    monkeypatch.chdir(tmp_path / "elsewhere")
    grade_into(Path("../course/grades.csv"), [Path("../course/submissions")], lines)
    grade_into(course / "grades.csv", [course / "submissions", tmp_path / "link"], lines)
    rows = read_book(course / "grades.csv")
    assert sorted(row["file"] for row in rows) == [
        f"submissions/student{index:03d}.ipynb" for index in range(3)
    ]
    assert len(stub_engine) == 3 and all(" 0 to grade," in line for line in lines[::2]), lines


def test_a_gradebook_elsewhere_names_files_relative_to_its_own_folder(tmp_path, stub_engine):
    class_of(tmp_path / "class", 1)
    book = tmp_path / "grades" / "book.csv"
    grade_into(book, [tmp_path / "class"])
    assert [row["file"] for row in read_book(book)] == ["../class/student000.ipynb"]


def test_an_earlier_graders_gradebook_is_read_without_regrading(tmp_path, stub_engine):
    # it named files as they were given (here absolute), and could hold one file twice
    paths = class_of(tmp_path / "class", 2)
    rows = [
        Result(str(path), Submission.read(path).sha256, "graded", STUB_POINTS, POSSIBLE, 1).row()
        for path in [*paths, paths[0]]
    ]
    book = tmp_path / "book.csv"
    with book.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, gradebook.columns(["q1", "q2"]))
        writer.writeheader()
        writer.writerows(rows)
    lines = []
    submission(tmp_path / "class" / "new.ipynb")
    grade_into(book, [tmp_path / "class"], lines)
    assert lines[0].startswith(f"{LAB}: 1 to grade, 2 already in"), lines
    assert [row["file"] for row in read_book(book)] == [
        "class/new.ipynb",
        "class/student000.ipynb",
        "class/student001.ipynb",
    ]


# --- executed copies -------------------------------------------------------------------------


def test_executed_copies_never_overwrite_each_other_and_keep_their_names(tmp_path, stub_engine):
    x = submission(tmp_path / "names" / "x" / "f.ipynb", "x's")
    y = submission(tmp_path / "names" / "y" / "f.ipynb", "y's")
    book, executed = tmp_path / "book.csv", tmp_path / "executed"
    grade_into(book, [x], executed_dir=executed)  # one run, then another
    grade_into(book, [y], executed_dir=executed)
    first = {path: path.read_text() for path in executed.rglob("*") if path.is_file()}
    assert sorted(first.values()) == ['answer = "x\'s"', 'answer = "y\'s"'], first
    grade_into(book, [tmp_path / "names"], executed_dir=executed, regrade=True)
    again = {path: path.read_text() for path in executed.rglob("*") if path.is_file()}
    assert again == first  # the same names, whatever else was graded with them


def test_executed_copies_are_named_after_the_gradebooks_files(tmp_path):
    keys = ["a/f.ipynb", "b/f.ipynb", "f.ipynb", "../up/f.ipynb", "100%/f.ipynb"]
    named = {key: grade.executed_copy(tmp_path, key) for key in keys}
    assert len(set(named.values())) == len(keys)
    assert named["a/f.ipynb"] == tmp_path / "a" / "f.ipynb"
    assert named["f.ipynb"] == tmp_path / "f.ipynb"
    assert all(tmp_path in path.parents for path in named.values()), named


# --- a gradebook Excel saved, and one edited by hand -----------------------------------------


def excel_saved(book: Path, encoding: str, delimiter: str, decimal: str = ".") -> bytes:
    """Save ``book`` as Excel would: another encoding, CRLF, maybe ``;`` and decimal commas."""
    rows = read_book(book)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, [*rows[0], "comment"], delimiter=delimiter)
    writer.writeheader()
    for row in rows:
        row = {k: v.replace(".", decimal) if k == "percent" else v for k, v in row.items()}
        writer.writerow({**row, "comment": "déjà vu"})
    data = buffer.getvalue().encode(encoding)
    book.write_bytes(data)
    return data


@pytest.mark.parametrize(
    "encoding, delimiter, decimal",
    [("utf-8-sig", ",", "."), ("utf-8-sig", ";", ","), ("cp1252", ";", ",")],
)
def test_a_gradebook_saved_by_excel_is_read_and_written_back_alike(
    tmp_path, stub_engine, encoding, delimiter, decimal
):
    paths = class_of(tmp_path / "class", 2)
    book = tmp_path / "book.csv"
    grade_into(book, [tmp_path / "class"])
    excel_saved(book, encoding, delimiter, decimal)
    lines = []
    grade_into(book, [tmp_path / "class"], lines)
    assert " 0 to grade, 2 already in" in lines[0], lines
    submission(paths[1], "resubmitted")
    grade_into(book, [tmp_path / "class"])
    raw = book.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") == (encoding == "utf-8-sig")
    text = raw.decode(encoding)
    header, first = text.split("\r\n")[:2]
    assert header.split(delimiter)[:3] == ["file", "sha256", "status"], header
    assert "déjà vu" in first and f"75{decimal}0" in text.split("\r\n")[2], text
    assert len(gradebook.read_rows(book)) == 2


def test_a_row_whose_points_do_not_add_up_is_graded_again_saying_why(tmp_path, stub_engine):
    class_of(tmp_path / "class", 4)
    book = tmp_path / "book.csv"
    grade_into(book, [tmp_path / "class"])
    add_columns(book, {f"student00{i}.ipynb": {"instructor_comment": f"c{i}"} for i in range(4)})
    rows = read_book(book)
    rows[0]["total"] = "99"  # hand-edited totals and points
    rows[1]["possible"] = "23"
    rows[2]["q1"], rows[2]["total"] = "5", "6"  # above q1's 2 points, and "added up"
    with book.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    stub_engine.clear()
    lines = []
    grade_into(book, [tmp_path / "class"], lines)
    assert len(stub_engine) == 3
    why = "\n".join(lines)
    assert "student000.ipynb: graded again: total 99 is not the sum of its points (3)" in why
    assert "student001.ipynb: graded again: possible 23 is not the lab's 4" in why
    assert "student002.ipynb: graded again: q1 5 is above its 2 points" in why
    after = {Path(row["file"]).name: row for row in read_book(book)}
    assert [after[f"student00{i}.ipynb"]["total"] for i in range(4)] == ["3"] * 4
    assert [after[f"student00{i}.ipynb"]["instructor_comment"] for i in range(4)] == [
        "c0",
        "c1",
        "c2",
        "c3",
    ]


def test_what_is_not_a_gradebook_is_refused_naming_it(tmp_path, stub_engine):
    submission(tmp_path / "class" / "one.ipynb")
    notes = tmp_path / "notes.csv"
    notes.write_text("name,grade\nx,1\n")
    with pytest.raises(SystemExit, match="notes.csv: not a gradebook"):
        grade_into(notes, [tmp_path / "class"])
    folder = tmp_path / "folder.csv"
    folder.mkdir()
    with pytest.raises(SystemExit, match="folder.csv: .*folder"):
        grade_into(folder, [tmp_path / "class"])
    binary = tmp_path / "binary.csv"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(SystemExit, match="binary.csv: not a gradebook"):
        grade_into(binary, [tmp_path / "class"])
    assert notes.read_text() == "name,grade\nx,1\n"
    empty = tmp_path / "empty.csv"
    empty.touch()  # made by hand before the first run: a gradebook with no row yet
    assert len(grade_into(empty, [tmp_path / "class"])) == 1


# --- students' work and grades stay out of the repository ---------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "01_mlp-gradebook.csv",  # the default gradebook, and its lock
        ".01_mlp-gradebook.csv.lock",
        "submissions/",
        "submissions/alice/01_mlp.ipynb",
        "grading/2025/submissions/",
        "executed/",
        "executed/submissions/alice.ipynb",
    ],
)
def test_the_default_gradebook_and_the_usual_folders_are_git_ignored(path):
    checked = subprocess.run(["git", "check-ignore", "-q", "--", path], cwd=ROOT)
    assert checked.returncode == 0, f"{path} is not git-ignored"


def git_repository(folder: Path) -> Path:
    """Make ``folder`` a git repository that ignores ``submissions/``, as the course's does."""
    folder.mkdir(parents=True, exist_ok=True)
    subprocess.run(["git", "init", "-q", str(folder)], check=True)
    (folder / ".gitignore").write_text("submissions/\n")
    return folder


def test_a_gradebook_that_git_would_commit_is_warned_of_in_one_line(
    tmp_path, stub_engine, monkeypatch
):
    course = git_repository(tmp_path / "course")
    monkeypatch.setattr(grade, "ROOT", course)
    submission(course / "submissions" / "alice.ipynb")  # ignored: no warning
    lines = []
    grade_into(course / "grades.csv", [course / "submissions"], lines, executed_dir=course / "runs")
    warned = [line for line in lines if "git-ignored" in line]  # not Landlock's, if any
    assert warned == [
        f"warning: the gradebook {course / 'grades.csv'} is inside the course's repository and "
        "not git-ignored: it would be committed (students' work and grades); add the line "
        "/grades.csv to .gitignore",
        f"warning: the executed copies {course / 'runs'} is inside the course's repository and "
        "not git-ignored: it would be committed (students' work and grades); add the line "
        "/runs/ to .gitignore",
    ]
    with (course / ".gitignore").open("a") as ignore:  # the lines it gave do silence it
        ignore.write("/grades.csv\n/runs/\n")
    lines.clear()
    grade_into(course / "grades.csv", [course / "submissions"], lines, regrade=True)
    assert not [line for line in lines if "git-ignored" in line], lines


def test_no_warning_outside_the_repository_or_for_what_it_ignores(tmp_path):
    outside = tmp_path / "grades.csv"
    assert grade.committed_by_git([tmp_path], outside, tmp_path / "runs") == []
    assert grade.committed_by_git([], ROOT / "01_mlp-gradebook.csv", ROOT / "executed") == []
    (line,) = grade.committed_by_git([], ROOT / "my-grades.csv", None)
    assert line.endswith("add the line /my-grades.csv to .gitignore")


# --- Ctrl-C, SIGTERM and SIGKILL: with real kernels ------------------------------------------

RUN_GRADE = """
import sys
from instructors import grade
from pathlib import Path
grade.check_lab = lambda lab: Path({tests!r})  # the tiny lab, assigned by the test
grade.lab_title = lambda lab: {title!r}
sys.argv = ["grade.py", *sys.argv[1:]]
grade.main()
"""

# a helper process too, as a student's code may start: in the kernel's process group
SLEEPS = (
    "import subprocess, sys, time\n"
    "helper = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
    "time.sleep(600)"
)


@pytest.fixture(scope="module")
def tiny_class(tmp_path_factory):
    """The tiny lab assigned, and a class of two quick submissions and three slow ones."""
    folder = tmp_path_factory.mktemp("tiny") / LAB
    build.assign(ROOT / "tests" / "tiny_lab" / f"{LAB}.ipynb", folder, home=None)
    filled = nbformat.reads(json.dumps(build.filled_in(folder, LAB)), as_version=4)
    submissions = folder.parent / "class"
    submissions.mkdir()
    for name in ("a_quick", "b_quick"):
        nbformat.write(filled, submissions / f"{name}.ipynb")
    slow = nbformat.from_dict(json.loads(json.dumps(filled)))
    slow.cells.append(nbformat.v4.new_code_cell(SLEEPS))
    for name in ("c_slow", "d_slow", "e_slow"):
        nbformat.write(slow, submissions / f"{name}.ipynb")
    return folder / "autograder" / "tests", submissions


def start_grading(tiny_class, tmp_path, paths: list[Path], *options: str):
    tests, _ = tiny_class
    scratch = tmp_path / "tmp"  # the run's temporary folder: its scratch folders go there
    scratch.mkdir()
    book = tmp_path / "book.csv"
    code = RUN_GRADE.format(tests=str(tests), title=TITLE)
    environment = {**os.environ, "TMPDIR": str(scratch), "PYTHONPATH": str(ROOT)}
    output = (tmp_path / "output.txt").open("w")
    arguments = [LAB, *map(str, paths), "--gradebook", str(book), "--jobs", "2", *options]
    process = subprocess.Popen(
        [sys.executable, "-c", code, *arguments],
        cwd=ROOT,
        env=environment,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    return process, book, scratch


def kernels_of(process) -> list[psutil.Process]:
    """The kernels grade.py started, each with what it started (once each kernel has some)."""
    try:
        family = psutil.Process(process.pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []
    kernels, helpers = [], []
    for child in family:
        try:
            if any("ipykernel_launcher" in part for part in child.cmdline()):
                kernels.append(child)
                helpers += child.children(recursive=True)
        except psutil.Error:
            pass
    return [*kernels, *helpers] if len(kernels) == 2 and len(helpers) >= 2 else []


def wait_for(check, seconds: float):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        value = check()
        if value:
            return value
        time.sleep(0.1)
    return check()


def kill_all(processes) -> None:
    """Leave nothing running, whatever the test found (the test itself may have failed)."""
    for process in processes:
        try:
            process.kill()
        except (psutil.Error, ProcessLookupError):
            pass


def ended(process: psutil.Process) -> bool:
    try:
        return process.status() == psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return True


def rows_in(book: Path) -> list[str]:
    return [row["file"] for row in read_book(book)] if book.exists() else []


@pytest.mark.parametrize("how", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "sigterm"])
def test_an_interrupt_stops_within_5_s_keeping_the_finished_rows(tiny_class, tmp_path, how):
    paths = sorted(tiny_class[1].iterdir())
    if how == signal.SIGTERM:
        paths = paths[1:]  # one quick submission is enough here
    runs = tmp_path / "runs"
    process, book, scratch = start_grading(tiny_class, tmp_path, paths, "--executed", str(runs))
    kernels = []
    try:
        quick = sum("quick" in path.stem for path in paths)
        assert wait_for(lambda: len(rows_in(book)) == quick, 60), rows_in(book)
        kernels = wait_for(lambda: kernels_of(process), 30)
        assert kernels, "the slow submissions' kernels did not start"
        start = time.monotonic()
        process.send_signal(how)
        code = process.wait(timeout=30)
        stopped = time.monotonic() - start
    finally:
        kill_all([process, *kernels])
    output = (tmp_path / "output.txt").read_text()
    print(f"stopped in {stopped:.2f} s")  # shown with -s: the figure the README quotes
    assert stopped < 5, f"stopped in {stopped:.1f} s"
    assert code != 0 and "interrupted: 3 submissions not graded" in output, output
    quick_ones = [path.stem for path in paths if "quick" in path.stem]
    assert sorted(Path(file).stem for file in rows_in(book)) == quick_ones
    assert sorted(path.stem for path in runs.rglob("*.ipynb")) == quick_ones  # no partial copy
    assert wait_for(lambda: all(ended(kernel) for kernel in kernels), 1), "a kernel survived"
    assert not list(scratch.glob("*.json")), "a kernel's connection file was left"
    assert not list(scratch.glob("grading-*")), list(scratch.iterdir())


def test_a_killed_grader_leaves_no_kernel_and_no_scratch_folder(tiny_class, tmp_path):
    paths = sorted(tiny_class[1].glob("*_slow.ipynb"))
    process, book, scratch = start_grading(tiny_class, tmp_path, paths)
    kernels = []
    try:
        kernels = wait_for(lambda: kernels_of(process), 60)
        assert kernels, "the kernels did not start"
        assert list(scratch.glob("grading-*"))
        process.send_signal(signal.SIGKILL)  # no handler runs: the sweeper cleans up
        process.wait(timeout=10)
        assert wait_for(lambda: all(ended(kernel) for kernel in kernels), 10), "a process survived"
        assert wait_for(lambda: not list(scratch.glob("grading-*")), 10), list(scratch.iterdir())
    finally:
        kill_all([process, *kernels])
