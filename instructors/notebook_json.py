"""Notebook files as JSON: read, write and edit them as Jupyter saves them.

The one reader and writer of ``.ipynb`` files for the instructors' tools: Jupyter's own layout
(one-space indent, a final newline, non-ASCII kept), so that a rewritten notebook differs from
the file only where its content does.
"""

from __future__ import annotations

import json
from pathlib import Path

from utils.files import write_atomically


def read_notebook(path: Path) -> dict:
    """Read a notebook file as a dict (its JSON, unvalidated).

    Parameters
    ----------
    path : pathlib.Path
        An ``.ipynb`` file.

    Returns
    -------
    dict
        The notebook's JSON.

    Raises
    ------
    ValueError
        If the file is not a notebook's JSON; the message names the file.
    """
    try:
        notebook = json.loads(Path(path).read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ValueError(f"{path}: not a notebook ({error})") from None
    if not isinstance(notebook, dict) or not isinstance(notebook.get("cells"), list):
        raise ValueError(f"{path}: not a notebook (no list of cells)")
    return notebook


def notebook_text(notebook: dict) -> str:
    """Return a notebook's file text, as Jupyter saves it."""
    return json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"


def cell_text(cell: dict) -> str:
    """Return a cell's source as one string."""
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def set_text(cell: dict, text: str) -> None:
    """Replace a cell's source, in the line-list form Jupyter saves."""
    cell["source"] = text.splitlines(keepends=True)


def write_notebook(path: Path, notebook: dict) -> None:
    """Save a notebook as Jupyter does (one-space indent, a final newline)."""
    write_atomically(path, notebook_text(notebook))
