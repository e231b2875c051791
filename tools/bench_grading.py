"""Measure the class grader: seconds per submission, throughput, and where a run's time goes.

For each lab, the student version with the solutions filled in is copied ``--copies`` times into
a folder and graded with ``instructors/grade.py``'s ``grade_class`` (one job per core, as an
instructor would run it). It prints the wall time, the mean seconds per submission, the time
30 submissions would take at that rate, and, for one submission, the slowest cells.

Usage::

    MNIST_LABS_DATA=/path/to/mnist.npz python -m tools.bench_grading [--copies 4] [LAB ...]
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
import time
from pathlib import Path


def filled_in(lab: str, scratch: Path) -> Path:
    """Write the lab's student version with every answer cell taken from the solution."""
    from instructors import build

    assigned = scratch / "assigned"
    build.assign(build.NOTEBOOKS / f"{lab}.ipynb", assigned, home=None)
    student = build.filled_in(assigned, lab)
    path = scratch / f"{lab}.ipynb"
    path.write_text(json.dumps(student), encoding="utf-8")
    return path


def bench(lab: str, copies: int, jobs: int) -> None:
    from instructors import grade
    from instructors.grading import engine, session, testing

    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        source = filled_in(lab, scratch)
        folder = scratch / "class"
        folder.mkdir()
        for index in range(copies):
            (folder / f"student{index:02d}.ipynb").write_bytes(source.read_bytes())
        start = time.perf_counter()
        rows = grade.grade_class(
            lab,
            [folder],
            scratch / "book.csv",
            jobs=jobs,
            limits=session.Limits(),
            report=lambda line: None,
        )
        wall = time.perf_counter() - start
        statuses = {row["status"] for row in rows}
        per_submission = sum(float(row["seconds"]) for row in rows) / len(rows)
        print(
            f"{lab}: {copies} submissions in {wall:.0f} s with {jobs} jobs ({statuses}); "
            f"{per_submission:.1f} s each; 30 would take {30 * wall / copies / 60:.1f} min",
            flush=True,
        )
        questions = testing.load_questions(grade.check_lab(lab))
        notebook = __import__("nbformat").read(source, as_version=4)
        outcome = engine.grade_notebook(
            notebook, lab, questions, grade.grading_environment(), session.Limits()
        )
        slowest = sorted(outcome.cell_seconds.items(), key=lambda item: -item[1])[:6]
        print(
            "   one alone: "
            + f"{outcome.seconds:.1f} s; slowest: "
            + "; ".join(f"{name} {seconds:.1f} s" for name, seconds in slowest),
            flush=True,
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labs", nargs="*", help="labs to measure (default: all)")
    parser.add_argument("--copies", type=int, default=4)
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    args = parser.parse_args()
    from instructors import build

    labs = args.labs or [path.stem for path in build.graded_notebooks()]
    for lab in labs:
        bench(lab, args.copies, args.jobs)


if __name__ == "__main__":
    main()
