"""Run notebooks in full mode and record their measured figures.

Executes each notebook top to bottom with ``MNIST_LABS_MODE=full``, collects
the figures the notebook records with ``utils.record_result`` plus its wall
time, and writes them, with a description of the machine, to
``results/results.json``, and the README's results table and lab map's run times made from
that file: both after each lab, in one step, so that they agree however a run is
interrupted (and every run, ``--table`` too, first makes a table that does not
match the file again). Executed copies (with outputs) go to ``results/executed/``
(not committed).

Usage::

    python -m instructors results            # every notebook
    python -m instructors results 01_mlp     # one lab; the others' results are kept
    python -m instructors results --table    # only rewrite the README table

It prints the machine it measures on before it starts (its description goes into the results
file and the README's table), and warns when labs it keeps were measured on another. TensorFlow's
C++ start-up lines go to logs, not the terminal: ``results/executed/tensorflow-start.log`` for this
process, ``results/executed/<lab>.stderr.log`` for each notebook's kernel.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from datetime import datetime, timezone
from pathlib import Path

from instructors import course_map
from instructors.lab_facts import read_facts
from instructors.workspace.scratch import scratch_folder
from instructors.workspace.staging import finish_interrupted, staging_folder, swap_in
from utils.files import write_atomically
from utils.layout import README, ROOT, lab_masters, read_home
from utils.layout import RESULTS as RESULTS_FOLDER

RESULTS = RESULTS_FOLDER / "results.json"
EXECUTED = RESULTS_FOLDER / "executed"
TABLE_START, TABLE_END = "<!-- results-table:start -->", "<!-- results-table:end -->"
TIMEOUT_SECONDS = 3600


def machine() -> dict[str, str]:
    """Describe the machine and software the figures were measured on."""
    with native_stderr_to(EXECUTED / "tensorflow-start.log"):
        import keras
        import tensorflow as tf

        gpus = tf.config.list_physical_devices("GPU")

    cpu = platform.processor() or platform.machine()
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        names = [
            line.split(":", 1)[1].strip()
            for line in cpuinfo.read_text().splitlines()
            if line.startswith("model name")
        ]
        cpu = names[0] if names else cpu
    return {
        "cpu": f"{cpu}, {os.cpu_count()} cores",
        "gpu": ", ".join(g.name for g in gpus) or "none",
        "os": platform.platform(terse=True),
        "python": platform.python_version(),
        "tensorflow": tf.__version__,
        "keras": keras.__version__,
    }


@contextlib.contextmanager
def native_stderr_to(log: Path) -> Iterator[None]:
    """Send what C++ code writes to stderr (file descriptor 2) to ``log`` meanwhile.

    TensorFlow's start-up lines ("failed call to cuInit", oneDNN notices) are written by C++
    before ``TF_CPP_MIN_LOG_LEVEL`` is read, so only the descriptor can keep them off the
    terminal; they are kept in ``log``, not lost.
    """
    log.parent.mkdir(parents=True, exist_ok=True)
    sys.stderr.flush()
    saved = os.dup(2)
    with open(log, "ab") as target:
        os.dup2(target.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)


def machine_line(about: dict[str, str]) -> str:
    """Write a machine's description as the README's table names it."""
    return (
        f"{about['cpu']}; GPU: {about['gpu']}; {about['os']}; Python {about['python']}, "
        f"TensorFlow {about['tensorflow']}, Keras {about['keras']}"
    )


def other_machines(results: dict, about: dict[str, str], labs: list[str]) -> list[str]:
    """Name the labs kept in ``results`` (not rerun now) whose figures another machine measured.

    Their rows stay, so the table would then mix machines (it names each one).
    """
    return sorted(
        lab
        for lab, entry in results.get("labs", {}).items()
        if lab not in labs and entry.get("machine") != about
    )


def check_full_data() -> None:
    """Refuse to measure on the small sample: the table promises full-set figures."""
    from utils.data import load_mnist

    (x_train, _), (x_test, _) = load_mnist()
    if (len(x_train), len(x_test)) != (60000, 10000):
        sys.exit("full-mode results need the full MNIST set: set MNIST_LABS_DATA to mnist.npz")


class NotebookFailed(Exception):
    """A notebook that raised, or recorded no figure: the message says which and where."""


def run_notebook(path: Path) -> tuple[list[dict], float]:
    """Execute one notebook in full mode; return its records and wall seconds.

    The executed copy is kept in :data:`EXECUTED` whether the run worked or not.

    Raises
    ------
    NotebookFailed
        If the notebook never calls ``record_result`` (found before it runs), a cell raises,
        or it recorded nothing.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    notebook = nbformat.read(path, as_version=4)
    if not any("record_result" in cell.source for cell in notebook.cells):
        raise NotebookFailed(f"{path.stem}: no cell calls utils.record_result; nothing to measure")
    with scratch_folder(prefix="run-full-") as scratch:
        records_path = scratch / "records.jsonl"
        # the kernel's environment only: this process's stays as it was
        environment = {
            **os.environ,
            "MNIST_LABS_MODE": "full",
            "MNIST_LABS_RESULTS": str(records_path),
        }
        environment.pop("MNIST_LABS_CACHE", None)  # measured figures come from real training
        # TensorFlow's C++ lines: warnings and errors only, and in a log, not on the terminal
        environment.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
        log = EXECUTED / f"{path.stem}.stderr.log"
        EXECUTED.mkdir(parents=True, exist_ok=True)
        client = NotebookClient(
            notebook,
            timeout=TIMEOUT_SECONDS,
            kernel_name="python3",
            resources={"metadata": {"path": str(path.parent)}},
        )
        start = time.perf_counter()
        try:
            with open(log, "wb") as kernel_stderr:
                client.execute(env=environment, stderr=kernel_stderr)
        except CellExecutionError as error:
            raise NotebookFailed(
                f"{path.stem}: {failed_cell(notebook, error)} (log: {log})"
            ) from None
        finally:
            write_atomically(EXECUTED / path.name, nbformat.writes(notebook))
        seconds = time.perf_counter() - start
        lines = records_path.read_text().splitlines() if records_path.exists() else []
    if not lines:
        raise NotebookFailed(f"{path.stem}: ran, but no record_result call was reached")
    records = [json.loads(line) for line in lines]
    for record in records:
        if record.get("mode") != "full":  # e.g. a utils.set_mode("quick") left in a cell
            raise NotebookFailed(
                f"{path.stem}: {record.get('metric')} was recorded in {record.get('mode')} mode; "
                "the table holds full-mode figures only"
            )
    return records, seconds


def failed_cell(notebook, error: Exception) -> str:
    """Name the cell that raised (its number and first line) and the error, on one line."""
    for number, cell in enumerate(notebook.cells, start=1):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                first = next((line for line in cell.source.splitlines() if line.strip()), "")
                return (
                    f"cell {number} ({first[:40]}) raised {output['ename']}: "
                    + (output["evalue"].splitlines() or [""])[0][:200]
                )
    return str(error).strip().splitlines()[-1][:200]


def load_results() -> dict:
    """Return the current results file, or an empty one; a damaged file stops with one line."""
    if not RESULTS.exists():
        return {"labs": {}}
    try:
        results = json.loads(RESULTS.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as error:
        sys.exit(f"{RESULTS} is damaged ({error}); restore it: git checkout {RESULTS.name}")
    if not isinstance(results, dict) or not isinstance(results.get("labs"), dict):
        sys.exit(f"{RESULTS} has no 'labs' table; restore it: git checkout {RESULTS.name}")
    return results


def render_table(results: dict) -> str:
    """Return the README's results table as Markdown."""
    rows = [
        "| Lab | Figure | Value | Epochs | Training (s) | Whole notebook (s) | Notes |",
        "|---|---|---|---|---|---|---|",
    ]
    for lab, entry in sorted(results["labs"].items()):
        for record in entry["metrics"]:
            value = record["value"]
            shown = f"{value:.2%}" if "accuracy" in record["metric"] else f"{value:.4g}"
            seconds = "" if record["train_seconds"] is None else f"{record['train_seconds']:.0f}"
            rows.append(
                f"| {lab} | {record['metric']} | {shown} | {record['epochs'] or ''} | {seconds} | "
                f"{entry['notebook_seconds']:.0f} | {record.get('note') or ''} |"
            )
    machines = {json.dumps(entry["machine"], sort_keys=True) for entry in results["labs"].values()}
    notes = [machine_line(json.loads(described)) for described in sorted(machines)]
    dates = sorted({entry["date"][:10] for entry in results["labs"].values()})
    rows.append("")
    rows.append(
        f"Measured in full mode on the full 60,000/10,000 split ({', '.join(dates)}) on: "
        + " | ".join(notes)
        + "."
    )
    return "\n".join(rows)


def write_table(results: dict) -> None:
    """Replace the README's table, and the run times of its lab map, with those of ``results``."""
    write_atomically(README, readme_with_results(README.read_text(encoding="utf-8"), results))


def readme_with_results(readme: str, results: dict) -> str:
    """Return the README ``readme`` with its results table and lab map made from ``results``.

    The lab map shows each lab's measured ``notebook_seconds`` (:mod:`instructors.course_map`),
    so both change together.
    """
    readme = with_block(readme, TABLE_START, TABLE_END, render_table(results))
    seconds = course_map.notebook_seconds(results)
    lab_map = course_map.readme_map(read_facts(lab_masters()), read_home(), seconds)
    return course_map.with_lab_map(readme, lab_map)


def with_block(text: str, start: str, end: str, content: str) -> str:
    """Return the README ``text`` with what lies between ``start`` and ``end`` replaced."""
    if start not in text or end not in text:
        sys.exit(f"README.md lacks the markers {start} / {end}")
    head, rest = text.split(start, 1)
    _, tail = rest.split(end, 1)
    return f"{head}{start}\n{content}\n{end}{tail}"


def write_readme_block(start: str, end: str, content: str) -> None:
    """Replace what lies between the README's markers ``start`` and ``end`` with ``content``."""
    write_atomically(README, with_block(README.read_text(encoding="utf-8"), start, end, content))


def staging_parent() -> Path:
    """Return the folder that holds both the results file and the README (their swap's home)."""
    return Path(os.path.commonpath([RESULTS.parent.absolute(), README.parent.absolute()]))


def save(results: dict) -> None:
    """Write the results file and the README's table made from it, both in one step.

    Written together (:func:`utils.swap_in`), they agree after any interruption, even a
    kill between the two.
    """
    RESULTS.parent.mkdir(exist_ok=True)
    readme = readme_with_results(README.read_text(encoding="utf-8"), results)
    with staging_folder(staging_parent(), "results") as staging:
        moves = {
            stage(staging, RESULTS, json.dumps(results, indent=2) + "\n"): RESULTS,
            stage(staging, README, readme): README,
        }
        swap_in(staging, moves)


def stage(staging: Path, target: Path, text: str) -> Path:
    """Write what will replace ``target`` into ``staging``, with ``target``'s permissions."""
    staged = staging / target.name
    staged.write_text(text, encoding="utf-8")
    if target.exists():
        shutil.copymode(target, staged)
    return staged


def repair_table() -> bool:
    """Rewrite the README's table and map if they do not match the results file; say so.

    A run cut short by an older version of this tool, a merge, or a hand edit can leave the two
    apart: every run starts by making the table from the file again.
    """
    if not RESULTS.exists():  # nothing to make a table from: the table is left as it is
        return False
    readme = README.read_text(encoding="utf-8")
    repaired = readme_with_results(readme, load_results())
    if repaired == readme:
        return False
    write_atomically(README, repaired)
    return True


def stop(signum: int, frame: object) -> None:
    """Stop on SIGTERM as on Ctrl-C: the kernel is shut down and the run says what it kept."""
    raise KeyboardInterrupt


def run_labs(paths: list[Path], results: dict, about: dict[str, str]) -> list[str]:
    """Run each notebook, saving the results and the table after each; return those that failed."""
    failures = []
    for path in paths:
        print(f"running {path.name} in full mode ...", flush=True)
        try:
            records, seconds = run_notebook(path)
        except NotebookFailed as failure:  # the other labs still run
            print(f"  FAILED {failure} (executed copy: {EXECUTED / path.name})", flush=True)
            failures.append(path.stem)
            continue
        results["labs"][path.stem] = lab_entry(records, seconds, about)
        print(f"  {seconds:.0f} s: " + ", ".join(f"{r['metric']}={r['value']}" for r in records))
        save(results)  # now, not at the end: an interruption loses only the lab it stopped
    return failures


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m instructors results", description=__doc__.splitlines()[0]
    )
    parser.add_argument("labs", nargs="*", help="lab names such as 01_mlp (default: all)")
    parser.add_argument("--table", action="store_true", help="only rewrite the README table")
    args = parser.parse_args(argv)
    for line in finish_interrupted(staging_parent()):  # a save a kill cut short
        print(line, file=sys.stderr)
    if repair_table():
        print("README.md: its results table did not match results.json; made again from it")
    if args.table:
        return
    paths = [ROOT / "notebooks" / f"{name}.ipynb" for name in args.labs]
    missing = [path.stem for path in paths if not path.exists()]
    if missing:
        sys.exit(f"no such lab: {', '.join(missing)} (see notebooks/)")
    check_full_data()
    paths = paths or sorted((ROOT / "notebooks").glob("*.ipynb"))
    results, about = load_results(), machine()
    print(f"measuring on: {machine_line(about)}")
    print(f"each lab's figures and this machine go into {RESULTS.name} and README.md's table")
    others = other_machines(results, about, [path.stem for path in paths])
    if others:
        print(
            f"warning: {', '.join(others)} were measured on another machine; the table will name "
            "both machines (run every lab here for one)"
        )
    signal.signal(signal.SIGTERM, stop)
    try:
        failures = run_labs(paths, results, about)
    except KeyboardInterrupt:
        sys.exit("interrupted: results.json and the README table keep every lab finished before")
    if failures:
        sys.exit(f"{len(failures)} notebook(s) failed: {', '.join(failures)}")


def lab_entry(records: list[dict], seconds: float, about: dict) -> dict:
    """Return one lab's entry of the results file."""
    return {
        "mode": "full",  # every record checked by run_notebook
        "notebook_seconds": round(seconds, 1),
        "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "machine": about,
        "metrics": [
            {k: r[k] for k in ("metric", "value", "epochs", "train_seconds", "note")}
            for r in records
        ],
    }


if __name__ == "__main__":
    main()
