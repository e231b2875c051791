"""Grade a class's submissions of a lab into a gradebook CSV, without Docker.

Every submission is re-executed from top to bottom in quick mode (small data, one or two
epochs), in a kernel of its own, then scored on its final state with the lab's public and hidden
tests. Submissions run side by side, one per core with one thread each, each under a wall-time
and a memory limit; whatever one does (loops, crashes, exits, is no notebook at all) costs only
its own row. The gradebook is rewritten after each submission, so an interrupted run keeps what
it graded, and a rerun skips every file whose row it already has (same content), unless told to
regrade.

Usage::

    python labs/grade.py 01_mlp submissions/                 # a folder (searched recursively)
    python labs/grade.py 01_mlp alice.ipynb bob.ipynb --gradebook grades.csv
    python labs/grade.py 01_mlp submissions/ --regrade --seconds 600 --jobs 1

Statuses: graded, timed out, out of memory, crashed, needs review (the notebook changed how
tests run or are scored: no points until an instructor looks), not a notebook, empty file, wrong
lab, and grading error (the grader's own failure; the error column says what). On Linux the
kernels run in a Landlock sandbox: they read the system, Python, the course package and the data
sample, and write only in their own scratch folder.
What this grader guarantees and what it does not is in the README ("Grading a class").
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from collections import Counter
from concurrent.futures import ThreadPoolExecutor, as_completed
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from build import LABS, NOTEBOOKS, ROOT  # noqa: E402
from grading import engine, gradebook, sandbox, submission  # noqa: E402

SAMPLE = ROOT / "data" / "mnist_sample.npz"
GRADING_ERROR = "grading error"  # the grader failed, not the submission: see the error column


INLINE_BACKEND = "module://matplotlib_inline.backend_inline"


def lab_title(lab: str) -> str:
    """Return the first line of a lab's master notebook (``"# Lab 01 · ..."``)."""
    import nbformat

    master = nbformat.read(NOTEBOOKS / f"{lab}.ipynb", as_version=4)
    return master.cells[0].source.strip().splitlines()[0]


def check_lab(lab: str) -> Path:
    """Return the folder of a lab's tests (public and hidden).

    Raises
    ------
    SystemExit
        If there is no such lab; the message lists the labs.
    """
    tests = LABS / lab / "autograder" / "tests"
    if not (NOTEBOOKS / f"{lab}.ipynb").is_file() or not tests.is_dir():
        known = ", ".join(sorted(path.stem for path in NOTEBOOKS.glob("*.ipynb")))
        raise SystemExit(f"unknown lab {lab!r}: expected one of {known}")
    return tests


def find_submissions(paths: list[Path]) -> list[Path]:
    """List the files to grade: the files named, and every file in the folders named.

    Hidden files and folders (``.ipynb_checkpoints``, ``.DS_Store``) are left out.

    Raises
    ------
    SystemExit
        If a path does not exist.
    """
    found = []
    for path in paths:
        if not path.exists():
            raise SystemExit(f"no such file or folder: {path}")
        if path.is_file():
            found.append(path)
            continue
        for file in sorted(path.rglob("*")):
            hidden = any(part.startswith(".") for part in file.relative_to(path).parts)
            if file.is_file() and not hidden:
                found.append(file)
    return sorted(dict.fromkeys(found))


def grade_file(
    path: Path,
    lab: str,
    title: str,
    questions: list[engine.Question],
    environment: dict[str, str],
    limits: engine.Limits,
    confinement: engine.Confinement | None = None,
    executed: Path | None = None,
) -> dict[str, object]:
    """Grade one file; return its gradebook row, whatever happened.

    With ``executed``, the submission as it ran, with its outputs, is written there.
    """
    start = time.monotonic()
    names = [question.name for question in questions]
    possible = sum(question.possible for question in questions)
    digest = gradebook.file_hash(path)
    read = submission.read_submission(path, lab, title)
    if read.status is not None:
        zeros = dict.fromkeys(names, 0.0)
        seconds = time.monotonic() - start
        return gradebook.make_row(
            str(path), digest, read.status, zeros, possible, seconds, read.note
        )
    try:
        outcome = engine.grade_notebook(
            read.notebook, lab, questions, environment, limits, confinement, executed
        )
    except Exception as error:  # the grader's own failure: this row says so, the others go on
        zeros = dict.fromkeys(names, 0.0)
        seconds = time.monotonic() - start
        why = submission.first_line(error)
        return gradebook.make_row(str(path), digest, GRADING_ERROR, zeros, possible, seconds, why)
    return gradebook.make_row(
        str(path),
        digest,
        outcome.status,
        outcome.points,
        possible,
        outcome.seconds,
        outcome.error,
        read.note,
    )


def grading_environment() -> dict[str, str]:
    """Return the grading kernels' environment (see :func:`grading.engine.kernel_environment`)."""
    import matplotlib

    # the embedded sample, always: no download, the same data on every machine, and a quarter of
    # the test images to evaluate on (the questions test functions, never an accuracy)
    sys.path.insert(0, str(ROOT))
    from utils.lab import ONE_THREAD_VARIABLES

    cache = Path(matplotlib.get_cachedir())
    return engine.kernel_environment(ROOT, SAMPLE, cache, ONE_THREAD_VARIABLES)


def grading_confinement() -> engine.Confinement | None:
    """Return what sandboxed grading kernels may read, or None where Landlock is missing.

    The course package, the data sample and matplotlib's font cache; the course folder may be
    listed (Python looks for ``utils`` in it) but nothing else in it read: not the hidden tests
    under ``labs/``, not the masters, not other submissions.
    """
    if not sandbox.available():
        return None
    import matplotlib
    import matplotlib.font_manager  # noqa: F401  (builds the font cache the kernels then read)

    cache = Path(matplotlib.get_cachedir())
    return engine.Confinement(read=(ROOT / "utils", SAMPLE, cache), listed=(ROOT,))


def grade_class(
    lab: str,
    paths: list[Path],
    book: Path,
    *,
    jobs: int,
    limits: engine.Limits,
    regrade: bool = False,
    report=print,
    questions: list[engine.Question] | None = None,
    title: str | None = None,
    executed_dir: Path | None = None,
) -> list[dict[str, object]]:
    """Grade every submission into the gradebook ``book``; return all its rows.

    Parameters
    ----------
    lab : str
    paths : list of pathlib.Path
        Files and folders of submissions.
    book : pathlib.Path
        The gradebook CSV; its rows for unchanged files are kept, unless ``regrade``.
    jobs : int
        Submissions graded at once.
    limits : grading.engine.Limits
    regrade : bool
        Grade every file again.
    report : callable
        Called with one line per finished submission.
    questions, title : optional
        The lab's tests and title; by default those of ``lab`` in this repository.
    executed_dir : pathlib.Path, optional
        Keep each graded submission as it ran, with its outputs, in this folder (named as the
        submission, prefixed with its folder's name where two share a name): to read what a
        notebook printed and drew, or to build a site from (tools/build_site.py).
    """
    questions = questions or engine.load_questions(check_lab(lab))
    names = [question.name for question in questions]
    title, environment = title or lab_title(lab), grading_environment()
    confinement = grading_confinement()
    if confinement is None:
        report(
            "warning: no Landlock sandbox on this machine: submissions run unconfined (they can "
            "read the hidden tests and write where you can); see the README, Grading a class"
        )
    rows = {} if regrade else gradebook.read_rows(book)
    submissions, todo = find_submissions(paths), []
    for path in submissions:
        row = rows.get(str(path))
        if row is None or row["sha256"] != gradebook.file_hash(path):
            todo.append(path)
    report(f"{lab}: {len(todo)} to grade, {len(rows)} already in {book}, {jobs} at a time")
    gradebook.write_rows(book, list(rows.values()), names)
    # named over every submission, not just those graded now: a name never changes between runs
    executed = executed_copies(submissions, executed_dir)
    if executed:  # figures drawn as Jupyter draws them, into the outputs kept (not Agg's nothing)
        environment = {**environment, "MPLBACKEND": INLINE_BACKEND}
    with ThreadPoolExecutor(max_workers=max(1, jobs)) as pool:
        futures = {
            pool.submit(
                grade_file,
                *(path, lab, title, questions, environment, limits, confinement),
                executed.get(path),
            ): path
            for path in todo
        }
        for future in as_completed(futures):
            row = future.result()
            rows[str(row["file"])] = row
            gradebook.write_rows(book, list(rows.values()), names)
            report(
                f"{row['file']}: {row['status']}, {row['total']} / {row['possible']} "
                f"({row['seconds']} s){'  ' + str(row['error']) if row['error'] else ''}"
            )
    return list(rows.values())


def executed_copies(paths: list[Path], folder: Path | None) -> dict[Path, Path]:
    """Name each submission's executed copy in ``folder``, after the submission.

    Its own name, if no other submission has it; else prefixed with its folder's name (and a
    number, if that is shared too).
    """
    if folder is None:
        return {}
    names = Counter(path.name for path in paths)
    chosen = {
        path: path.name if names[path.name] == 1 else f"{path.parent.name}-{path.name}"
        for path in paths
    }
    repeated = Counter(chosen.values())
    return {
        path: folder / (name if repeated[name] == 1 else f"{index}-{name}")
        for index, (path, name) in enumerate(chosen.items(), start=1)
    }


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("lab", help="lab name, e.g. 01_mlp")
    parser.add_argument("paths", nargs="+", type=Path, help="submitted files or folders of them")
    parser.add_argument(
        "--gradebook", type=Path, help="the CSV to write (default: <lab>-gradebook.csv here)"
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="default: cores")
    defaults = engine.Limits()
    parser.add_argument("--seconds", type=float, default=defaults.seconds, help="per notebook")
    parser.add_argument("--memory-mb", type=int, default=defaults.memory_mb, help="per kernel")
    parser.add_argument("--regrade", action="store_true", help="grade files already graded too")
    parser.add_argument(
        "--executed", type=Path, help="keep each submission as it ran, with its outputs, here"
    )
    args = parser.parse_args()
    if args.jobs < 1 or args.seconds <= 0 or args.memory_mb <= 0:
        parser.error("--jobs, --seconds and --memory-mb must be positive")
    book = args.gradebook or Path(f"{args.lab}-gradebook.csv")
    limits = engine.Limits(seconds=args.seconds, memory_mb=args.memory_mb)
    rows = grade_class(
        args.lab,
        args.paths,
        book,
        jobs=args.jobs,
        limits=limits,
        regrade=args.regrade,
        executed_dir=args.executed,
    )
    statuses = {}
    for row in rows:
        statuses[row["status"]] = statuses.get(row["status"], 0) + 1
    print(
        f"{len(rows)} rows in {book}: " + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
    )


if __name__ == "__main__":
    os.environ.setdefault("TMPDIR", tempfile.gettempdir())
    main()
