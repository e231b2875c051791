"""Tell a submission that holds nothing of the student's own from one with work in it.

A submission is *as handed out* when every cell it has is, up to blank lines and trailing
spaces, a cell of the lab's student version as it was handed out: cells deleted, reordered, run
(with outputs) or saved in another format still count as handed out, but one added or changed
cell, of code or of text, anywhere, is the student's own work. The one edit that is no answer
is the mode switch students are told to make (``utils.set_mode("quick")`` and back).

This is decided from the cells' text alone, without answer-cell tags: some editors drop cell
metadata, a ``.py`` export keeps none, and a student may answer in a new cell below the one
handed out. It decides a status only (:func:`grading.engine.score` calls such a submission
"no answers" when its tests, run as usual, gave it no point): it never changes a score.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import nbformat

Cell = tuple[str, str]  # a cell's type and its text, normalised by :func:`normalised`

# the settings cell's mode switch, whichever mode it names (README, For students, step 3)
MODE_SWITCH = re.compile(r"""utils\.set_mode\(\s*(["'])(quick|full)\1\s*\)""")


def normalised(source: str) -> str:
    r"""Return a cell's text without trailing spaces, blank lines, or the mode it was run in.

    Examples
    --------
    >>> normalised('MODE = utils.set_mode("quick")  \n\n\nx = 1\n')
    'MODE = utils.set_mode(...)\nx = 1'
    """
    lines = (line.rstrip() for line in source.replace("\r\n", "\n").split("\n"))
    return MODE_SWITCH.sub("utils.set_mode(...)", "\n".join(line for line in lines if line))


def cells_of(notebook: nbformat.NotebookNode) -> set[Cell]:
    """Return a notebook's non-empty cells, each as its type and normalised text."""
    cells = ((cell.cell_type, normalised(cell.source)) for cell in notebook.cells)
    return {(kind, text) for kind, text in cells if text}


def handed_out(student_version: nbformat.NotebookNode) -> frozenset[Cell]:
    """Return the cells of the student version as handed out, to compare submissions with."""
    return frozenset(cells_of(student_version))


def as_handed_out(submission: nbformat.NotebookNode, handout: Iterable[Cell]) -> bool:
    r"""Tell whether a submission has no cell of its own: none added, none changed.

    Parameters
    ----------
    submission : nbformat.NotebookNode
        The notebook handed in, as read (before its outputs are dropped: they don't count).
    handout : iterable of Cell
        :func:`handed_out` of the lab's student version.

    Examples
    --------
    >>> new = nbformat.v4.new_notebook
    >>> code = nbformat.v4.new_code_cell
    >>> handout = handed_out(new(cells=[code("def double(x):\n    ..."), code("import math")]))
    >>> as_handed_out(new(cells=[code("import math  "), code("")]), handout)
    True
    >>> as_handed_out(new(cells=[code("def double(x):\n    return 2 * x")]), handout)
    False
    """
    return cells_of(submission) <= set(handout)
