"""Generate labs/: student versions and autograders made from notebooks/.

``otter assign`` turns each master notebook (one with an ``# ASSIGNMENT CONFIG``
raw cell) into ``labs/<lab>/student/`` (solutions and hidden tests removed)
and ``labs/<lab>/autograder/`` (all tests and the autograder zip). Cell ids are
renumbered so that rebuilding an unchanged notebook changes no file.

Usage::

    python labs/build.py              # every graded notebook
    python labs/build.py 01_mlp       # one lab
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOKS = ROOT / "notebooks"
LABS = ROOT / "labs"
CONFIG_MARKER = "# ASSIGNMENT CONFIG"


def graded_notebooks() -> list[Path]:
    """Return the master notebooks, those with an assignment config cell."""
    masters = []
    for path in sorted(NOTEBOOKS.glob("*.ipynb")):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        if any(c["cell_type"] == "raw" and CONFIG_MARKER in "".join(c["source"]) for c in cells):
            masters.append(path)
    return masters


def normalise(notebook: Path) -> None:
    """Give every cell a stable id (otter assign makes random ones for new cells)."""
    content = json.loads(notebook.read_text(encoding="utf-8"))
    for index, cell in enumerate(content["cells"]):
        cell["id"] = f"cell-{index:03d}"
    notebook.write_text(json.dumps(content, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def assign(master: Path, destination: Path, *, run_tests: bool = False) -> Path:
    """Run ``otter assign`` on ``master`` into ``destination``; return its autograder zip."""
    # otter's Python entry point, not its command line: a new otter process costs seconds to
    # start, the assignment itself a tenth of a second
    from otter.assign import main as otter_assign

    master, destination = master.resolve(), destination.resolve()
    previous = Path.cwd()
    with tempfile.TemporaryDirectory() as scratch:  # otter writes stray files to the cwd
        os.chdir(scratch)
        try:
            otter_assign(str(master), str(destination), no_run_tests=not run_tests)
        finally:
            os.chdir(previous)
    for notebook in destination.glob("*/*.ipynb"):
        normalise(notebook)
    return autograder_zip(destination)


def autograder_zip(lab_dir: Path) -> Path:
    """Return the (newest) autograder zip under ``lab_dir``."""
    zips = sorted((lab_dir / "autograder").glob("*.zip"))
    if not zips:
        raise FileNotFoundError(f"no autograder zip in {lab_dir}; run python labs/build.py")
    return zips[-1]


def build(master: Path) -> Path:
    """Regenerate ``labs/<lab>/`` from one master notebook; return the lab folder."""
    lab_dir = LABS / master.stem
    if lab_dir.exists():
        shutil.rmtree(lab_dir)
    assign(master, lab_dir)
    return lab_dir


def main() -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("labs", nargs="*", help="lab names such as 01_mlp (default: all)")
    names = parser.parse_args().labs
    masters = [NOTEBOOKS / f"{name}.ipynb" for name in names] or graded_notebooks()
    for master in masters:
        if not master.exists():
            sys.exit(f"no such notebook: {master}")
        print(f"{master.name} → {build(master).relative_to(ROOT)}/")


if __name__ == "__main__":
    main()
