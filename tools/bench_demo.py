"""Measure the live demo: each lab run twice in full mode with the training cache, timed.

The first run trains and fills a fresh cache (``MNIST_LABS_CACHE``); the second is the rerun an
instructor gives in class, loading what the first trained. Both times go to
``results/demo.json`` with how many training runs and computations each loaded or did, beside
the lab's uncached time from ``results/results.json``.

Usage::

    MNIST_LABS_DATA=/path/to/mnist.npz python -m tools.bench_demo            # every lab
    MNIST_LABS_DATA=/path/to/mnist.npz python -m tools.bench_demo 03_cnn     # one lab
    python -m tools.bench_demo --mode quick 01_mlp                           # a quick check

Run it on quiet cores: other work slows both runs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from datetime import datetime, timezone
from pathlib import Path

from instructors import results as run_full
from utils.files import write_atomically
from utils.layout import NOTEBOOKS
from utils.layout import RESULTS as RESULTS_FOLDER

DEMO = RESULTS_FOLDER / "demo.json"
TABLE_START, TABLE_END = "<!-- demo-table:start -->", "<!-- demo-table:end -->"
RESULTS = RESULTS_FOLDER / "results.json"
TIMEOUT_SECONDS = 3600
SLOWEST_SHOWN = 5  # cells named per run: where a rerun's time goes


def printed_lines(notebook) -> list[str]:
    """Every line the notebook's cells printed to stdout."""
    lines = []
    for cell in notebook.cells:
        for output in cell.get("outputs", []):
            if output.get("output_type") == "stream" and output.get("name") == "stdout":
                lines.extend(output["text"].splitlines())
    return lines


def run(lab: str, mode: str, cache: Path) -> dict:
    """Execute ``lab`` once with the cache at ``cache``; return its seconds and cache lines."""
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, DeadKernelError

    notebook = nbformat.read(NOTEBOOKS / f"{lab}.ipynb", as_version=4)
    environment = {**os.environ, "MNIST_LABS_MODE": mode, "MNIST_LABS_CACHE": str(cache)}
    environment.pop("MNIST_LABS_RESULTS", None)  # a demo run records no figure
    client = NotebookClient(
        notebook,
        timeout=TIMEOUT_SECONDS,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOKS)}},
    )
    start = time.perf_counter()
    try:
        client.execute(env=environment)
    except CellExecutionError as error:
        sys.exit(f"{lab}: a cell raised: {str(error).strip().splitlines()[-1][:200]}")
    except DeadKernelError:
        sys.exit(f"{lab}: the kernel died (out of memory, or stopped from outside)")
    seconds = time.perf_counter() - start
    printed = printed_lines(notebook)
    slowest = sorted(cell_seconds(notebook), reverse=True)[:SLOWEST_SHOWN]
    lines = [line for line in printed if line.startswith("cache:")]
    return {
        "seconds": round(seconds, 1),
        "loaded": sum(" not trained" in line or " not computed" in line for line in lines),
        "not_cached": [line for line in lines if line.startswith("cache: not used")],
        "first_line": next(iter(lines), None),  # what a class sees, e.g. for the README
        "printed": [line for line in printed if not progress_line(line)],
        "slowest_cells": [f"{s:.0f} s: cell {n}, {first}" for s, n, first in slowest],
    }


def cell_seconds(notebook) -> list[tuple[float, int, str]]:
    """Each code cell's run time (nbclient's timing), its number and first line."""
    from datetime import datetime

    timed = []
    for number, cell in enumerate(notebook.cells, start=1):
        execution = cell.get("metadata", {}).get("execution", {})
        start, end = execution.get("iopub.execute_input"), execution.get("shell.execute_reply")
        if cell.cell_type == "code" and start and end:
            seconds = (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds()
            first = next((line for line in cell.source.splitlines() if line.strip()), "")
            timed.append((seconds, number, first[:50]))
    return timed


def progress_line(line: str) -> bool:
    """Whether a printed line is about training's progress, not a figure of the lab's."""
    return (
        line.startswith(("cache:", "Epoch ", "WARNING:tensorflow"))
        or "/step" in line
        or "\b" in line
        or not line.strip()
    )


def differences(first: list[str], rerun: list[str]) -> list[str]:
    """The lines the rerun printed otherwise than the first run (cache lines left out)."""
    import difflib

    changed = difflib.unified_diff(first, rerun, lineterm="", n=0)
    return [line for line in changed if line[:1] in "+-" and line[:3] not in ("+++", "---")]


def uncached_seconds(lab: str) -> float | None:
    """The lab's whole-notebook time in the last full-mode run (results/results.json)."""
    try:
        return json.loads(RESULTS.read_text())["labs"][lab]["notebook_seconds"]
    except (OSError, KeyError, ValueError):
        return None


def render_table(demo: dict) -> str:
    """The README's table: each lab's uncached full-mode time beside its cached rerun."""
    rows = [
        "| Lab | Full mode, uncached (s) | Cached rerun (s) | Results loaded | Trained anyway |",
        "|---|---|---|---|---|",
    ]
    for lab, entry in sorted(demo["labs"].items()):
        rerun, uncached = entry["cached_rerun"], entry.get("uncached_full_mode_seconds")
        rows.append(
            f"| {lab} | {'' if uncached is None else f'{uncached:.0f}'} | "
            f"{rerun['seconds']:.0f} | {rerun['loaded']} | {len(rerun['not_cached'])} |"
        )
    dates = sorted({entry["date"][:10] for entry in demo["labs"].values()})
    rows += ["", f"Measured in full mode on the full MNIST split ({', '.join(dates)})."]
    return "\n".join(rows)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("labs", nargs="*", help="lab names, e.g. 03_cnn (default: all)")
    parser.add_argument("--mode", choices=["full", "quick"], default="full")
    parser.add_argument("--cache", type=Path, help="keep the cache in this folder (default: none)")
    parser.add_argument(
        "--rerun-only",
        action="store_true",
        help="only time the rerun, from a --cache an earlier run filled (its first run is kept)",
    )
    arguments = parser.parse_args()
    if arguments.rerun_only and not arguments.cache:
        sys.exit("--rerun-only needs --cache: the folder an earlier run filled")
    known = sorted(path.stem for path in NOTEBOOKS.glob("*.ipynb"))
    labs = arguments.labs or known
    unknown = sorted(set(labs) - set(known))
    if unknown:
        sys.exit(f"unknown lab(s) {', '.join(unknown)}: choose from {', '.join(known)}")
    demo = json.loads(DEMO.read_text()) if DEMO.exists() else {"labs": {}}
    for lab in labs:
        with tempfile.TemporaryDirectory(prefix="demo-cache-") as scratch:
            cache = arguments.cache or Path(scratch)
            earlier = demo["labs"].get(lab, {})
            if arguments.rerun_only:
                first = {**earlier.get("first_run", {}), "printed": earlier.get("printed", [])}
            else:
                first = run(lab, arguments.mode, cache)
            rerun = run(lab, arguments.mode, cache)
        printed = first.pop("printed")
        changed = differences(printed, rerun.pop("printed"))
        entry = {
            "mode": arguments.mode,
            "date": datetime.now(timezone.utc).isoformat(timespec="seconds"),
            "first_run": first,
            "cached_rerun": rerun,
            "printed_otherwise": changed,  # a timing may differ; a figure should not
            "uncached_full_mode_seconds": uncached_seconds(lab),
            "printed": printed,  # the first run's, to compare a later --rerun-only with
        }
        print(lab, json.dumps({k: v for k, v in entry.items() if k != "printed"}), flush=True)
        if arguments.mode == "full":  # quick runs are checks, not figures
            demo["labs"][lab] = entry
            write_atomically(DEMO, json.dumps(demo, indent=2) + "\n")
            run_full.write_readme_block(TABLE_START, TABLE_END, render_table(demo))


if __name__ == "__main__":
    main()
