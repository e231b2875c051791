"""A submission's cells as the grader runs them: which run, what each is called, what each did.

otter's grader cells are left out (the tests run after the notebook, see :mod:`grading.testing`)
and a stand-in grader runs first (``kernel_side/stub_grader.py``). As each cell ends, its error
and time are noted (:class:`CellLog`) and its outputs dropped, or kept for the executed copy
(:func:`write_executed`).
"""

from __future__ import annotations

import json
import re
import sys
import time
from pathlib import Path

import nbformat

from instructors.grading import kernel_side
from utils.files import write_atomically

TIMEOUT_NAME = "GradingTimeout"  # the error a cell stopped at the time limit gets
KEPT_OUTPUT_BYTES = 8 * 2**20  # per cell, in an executed copy: a figure fits, an endless print not
# cells that only set up or call otter's grader: grading runs the tests itself, afterwards
GRADER_LINE = re.compile(
    r"\s*(#.*|import otter|grader\s*=\s*(otter\.Notebook|utils\.grader)\(.*\)|grader\.\w+\(.*\))?"
    r"\s*(#.*)?"
)


def runnable_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """List the code cells to execute: otter's grader cells left out, a stand-in first.

    Each of the notebook's cells notes where it comes from in its ``grading`` metadata: its
    index among all the notebook's cells (``cell``, from 1, for the executed copy), its place
    among the code cells (``code``, from 1, the grader's cells counted: what a student counts
    down the notebook) and how it starts (``starts``).
    """
    cells = [nbformat.v4.new_code_cell(kernel_side.source("stub_grader"))]
    code = 0
    for number, cell in enumerate(notebook.cells, start=1):
        if cell.cell_type != "code":
            continue
        code += 1
        if all(GRADER_LINE.fullmatch(line) for line in cell.source.splitlines()):
            continue  # only grader set-up and checks (or nothing at all)
        where = {"cell": number, "code": code, "starts": first_line(cell.source)}
        cells.append(nbformat.v4.new_code_cell(cell.source, metadata={"grading": where}))
    return cells


def first_line(source: str, width: int = 40) -> str:
    r"""Return a cell's first non-blank line, cut to ``width`` characters, to name the cell by.

    The line Jupyter and Colab show at the top of the cell, comment or code: the one a student
    sees, and finds with Ctrl-F.

    Examples
    --------
    >>> first_line("\n# set up\nmodel = build_mlp()")
    '# set up'
    >>> first_line("history = model.fit(x_train, y_train, epochs=EPOCHS, verbose=2)")
    'history = model.fit(x_train, y_train, e…'
    """
    line = next((line.strip() for line in source.splitlines() if line.strip()), "")
    return line if len(line) <= width else line[: width - 1] + "…"


def cell_name(cell: dict) -> str:
    """Name a notebook cell as a student finds it: its place among code cells, its first line.

    Jupyter numbers no cell (and an execution count changes with every run), so a cell is
    found by counting the code cells down the notebook, or by searching for its first line.

    Examples
    --------
    >>> cell_name({"metadata": {"grading": {"cell": 20, "code": 12, "starts": "model = f()"}}})
    'code cell 12 ("model = f()")'
    """
    where = cell.get("metadata", {}).get("grading", {})
    return f'code cell {where.get("code", "?")} ("{where.get("starts", "")}")'


def cell_error(execute_reply: dict | None) -> str:
    """Return ``"Name: message"`` of a cell's error, or "" when it ran without one."""
    content = (execute_reply or {}).get("content", {})
    if content.get("status") != "error":
        return ""
    message = (content.get("evalue") or "").strip().splitlines()
    return f"{content.get('ename', 'Error')}: {message[0] if message else ''}".rstrip(": ")


class CellLog:
    """What the cells did: the last reply's error, the first error of the student's cells, times.

    Parameters
    ----------
    student_cells : int
        How many of the cells run are the notebook's (with the stand-in first); the grader's
        test cells come after them.
    keep_outputs : bool
        Keep the outputs of the notebook's cells (up to :data:`KEPT_OUTPUT_BYTES` each), for an
        executed copy; by default they are dropped as each cell ends.
    """

    def __init__(self, student_cells: int, keep_outputs: bool = False):
        self.student_cells = student_cells
        self.keep_outputs = keep_outputs
        self.last_error = ""
        self.first_error = ""
        self.seconds: dict[str, float] = {}
        self._since = time.monotonic()

    def record(self, cell: dict, cell_index: int, execute_reply: dict | None) -> None:
        """Note a cell's error and drop its outputs (nbclient calls it after each cell)."""
        self.mark(cell_name(cell) if cell_index < self.student_cells else f"grader {cell_index}")
        self.last_error = cell_error(execute_reply)
        if self.last_error and 0 < cell_index < self.student_cells and not self.first_error:
            self.first_error = f"{cell_name(cell)}: {self.last_error}"
        if cell_index < self.student_cells:
            kept = self.keep_outputs and len(json.dumps(cell.outputs)) <= KEPT_OUTPUT_BYTES
            if self.keep_outputs and not kept:
                note = f"[outputs of more than {KEPT_OUTPUT_BYTES // 2**20} MB left out]\n"
                cell.outputs = [nbformat.v4.new_output("stream", name="stdout", text=note)]
            elif not kept:
                cell.outputs = []  # a multi-megabyte output is not kept

    def mark(self, name: str) -> None:
        """Book the time since the last mark to ``name``."""
        now = time.monotonic()
        self.seconds[name] = now - self._since
        self._since = now

    @property
    def timed_out(self) -> bool:
        """Whether the last cell ran out of time (and was interrupted)."""
        return self.last_error.startswith(TIMEOUT_NAME)


def write_executed(
    notebook: nbformat.NotebookNode, cells: list, student_cells: int, path: Path
) -> None:
    """Write ``notebook`` to ``path`` with the outputs its runnable ``cells`` got, atomically.

    Only what this run produced: the outputs the file came with are cleared first (a cell the
    grader skips shows none). A copy that cannot be written is reported, not raised: the
    grade stands.
    """
    copy = nbformat.from_dict(json.loads(json.dumps(notebook)))
    for cell in copy.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    for cell in cells[1:student_cells]:  # the stand-in first cell is the grader's own
        number = cell.metadata["grading"]["cell"]
        copy.cells[number - 1].outputs = cell.get("outputs", [])
        copy.cells[number - 1].execution_count = cell.get("execution_count")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, nbformat.writes(copy))
    except OSError as error:
        print(f"warning: could not keep the executed copy {path}: {error}", file=sys.stderr)
