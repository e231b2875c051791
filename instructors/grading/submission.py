"""Read whatever a student handed in as the notebook to grade, or say why it can't be graded.

A submission may come as the saved ``.ipynb`` (any file name, any nbformat, any kernelspec,
metadata stripped, huge outputs), as a ``.py`` export, or as something else entirely. Grading
re-executes the notebook, so its outputs are dropped, its kernelspec set to the course's, and it
is always graded under the lab's own file name: the grade never depends on how the file was
named or saved. The file is read once: its bytes, and their hash for the gradebook, travel
together (:class:`Submission`), so the row's hash is that of what was graded.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path

import nbformat

NOT_A_NOTEBOOK = "not a notebook"
EMPTY = "empty file"
WRONG_LAB = "wrong lab"
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}


@dataclass(frozen=True)
class Submission:
    """A file as handed in: its bytes, read once, and their SHA-256."""

    path: Path
    data: bytes
    sha256: str

    @classmethod
    def read(cls, path: Path) -> Submission:
        """Read a submitted file.

        Raises
        ------
        OSError
            If it is gone or cannot be read.
        """
        data = Path(path).read_bytes()
        return cls(Path(path), data, content_hash(data))


@dataclass(frozen=True)
class Gradable:
    """A submission's notebook, ready to execute, and a note on what was done to it."""

    notebook: nbformat.NotebookNode
    sha256: str  # of the file it was read from ("" for a notebook given as it is)
    note: str = ""
    as_handed_out: bool = False  # no cell of its own (:mod:`grading.answers`); False: unknown


@dataclass(frozen=True)
class Refusal:
    """Why a submission can't be graded: its status and one line on why."""

    status: str
    why: str


def content_hash(data: bytes) -> str:
    """Return the SHA-256 of a file's bytes, as the gradebook's ``sha256`` column has it.

    Examples
    --------
    >>> content_hash(b"")[:16]
    'e3b0c44298fc1c14'
    """
    return hashlib.sha256(data).hexdigest()


def open_notebook(submission: Submission, lab: str, title: str) -> Gradable | Refusal:
    """Read a submission as a notebook of ``lab``, ready to execute.

    Parameters
    ----------
    submission : Submission
        The file as handed in.
    lab : str
        The lab being graded, e.g. ``"01_mlp"``.
    title : str
        The first line of the lab's notebook (``"# Lab 01 · ..."``), which tells a notebook of
        this lab from another's when its metadata is gone.

    Returns
    -------
    Gradable or Refusal
        A :class:`Refusal`'s status is one of ``"empty file"``, ``"not a notebook"`` or
        ``"wrong lab"``.
    """
    raw = submission.data
    if not raw.strip():
        return Refusal(EMPTY, "the file is empty")
    notes = []
    if submission.path.suffix == ".py":
        notebook, note = from_python_export(raw)
        if notebook is None:
            return Refusal(NOT_A_NOTEBOOK, note)
        notes.append(note)
    else:
        try:
            notebook = nbformat.reads(raw.decode("utf-8-sig"), as_version=4)
        except (UnicodeDecodeError, json.JSONDecodeError, nbformat.reader.NotJSONError) as error:
            return Refusal(NOT_A_NOTEBOOK, f"not notebook JSON ({first_line(error)})")
        except Exception as error:  # nbformat raises plain errors for JSON of another shape
            return Refusal(NOT_A_NOTEBOOK, f"not a notebook ({first_line(error)})")
    wrong = wrong_lab(notebook, lab, title)
    if wrong:
        return Refusal(WRONG_LAB, wrong)
    notes += prepare(notebook, lab)
    return Gradable(notebook, submission.sha256, "; ".join(notes))


def from_python_export(raw: bytes) -> tuple[nbformat.NotebookNode | None, str]:
    """Turn a ``.py`` export of a notebook back into a notebook (jupytext reads its cell marks)."""
    import jupytext

    try:
        notebook = jupytext.reads(raw.decode("utf-8-sig"), fmt="py")
    except Exception as error:  # jupytext's errors have no common base
        return None, f"a .py file jupytext can't read ({first_line(error)})"
    if not any(cell.cell_type == "code" for cell in notebook.cells):
        return None, "a .py file without code"
    return nbformat.from_dict(notebook), "graded from its .py export"


def wrong_lab(notebook: nbformat.NotebookNode, lab: str, title: str) -> str:
    """Say why ``notebook`` is another lab's, or return "" when it may be this one's.

    otter's metadata names the lab of a student version; without it, the title cell decides.
    """
    named = notebook.metadata.get("otter", {}).get("assignment_name")
    if named and named != lab:
        return f"a notebook of {named}, not {lab}"
    if named:
        return ""
    # "# Lab 01 · Multilayer perceptrons": a student may retouch the words, not the number
    mark = title.split("·")[0].strip()
    headings = [
        cell.source.strip().splitlines()[0].strip()
        for cell in notebook.cells
        if cell.cell_type == "markdown" and cell.source.strip().startswith("# ")
    ]
    lab_titles = [heading for heading in headings if heading.startswith("# Lab ")]
    if lab_titles and not any(heading.startswith(mark) for heading in lab_titles):
        return f"its title is {lab_titles[0]!r}, not {mark!r}"
    return ""


def prepare(notebook: nbformat.NotebookNode, lab: str) -> list[str]:
    """Make a notebook ready to execute, in place; return notes on what was changed.

    Outputs go (grading re-executes every cell), the kernelspec becomes the course's, and the
    otter metadata names the lab.
    """
    notes = []
    kernel = notebook.metadata.get("kernelspec", {}).get("name")
    if kernel not in (None, "python3"):
        notes.append(f"run with the course's python3 kernel, not {kernel!r}")
    notebook.metadata["kernelspec"] = dict(KERNELSPEC)
    notebook.metadata.setdefault("otter", {})["assignment_name"] = lab
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    return notes


def first_line(error: BaseException) -> str:
    """Return the first line of an error's message, with its type."""
    lines = str(error).strip().splitlines()
    return f"{type(error).__name__}: {lines[0] if lines else ''}".rstrip(": ")
