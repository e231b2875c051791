"""Check a master notebook's otter blocks before ``otter assign`` sees it.

otter reports a malformed block with a YAML or assertion traceback that does not name the
notebook, and two questions with one name make one test file silently overwrite the other.
:func:`check_master` reads the raw cells that delimit the blocks (the assignment config,
``BEGIN/END QUESTION``, ``SOLUTION`` and ``TESTS``) and raises :class:`MasterError` with one
line naming the notebook, the cell and the question.
"""

from __future__ import annotations

import numbers
from pathlib import Path

import yaml

from instructors.notebook_json import read_notebook

QUESTION, SOLUTION, TESTS = "QUESTION", "SOLUTION", "TESTS"
INSIDE_A_QUESTION = {SOLUTION, TESTS}


class MasterError(ValueError):
    """A master notebook that cannot be assigned; the message is one line that says where."""


def marker(source: str) -> tuple[str, str] | None:
    """Return ``("BEGIN" | "END", block)`` for a block's delimiting raw cell, else None."""
    first = source.strip().splitlines()[0].strip() if source.strip() else ""
    for edge in ("BEGIN", "END"):
        for block in (QUESTION, SOLUTION, TESTS):
            if first == f"# {edge} {block}":
                return edge, block
    return None


def check_question_config(text: str, where: str) -> str:
    """Return the question's name from its ``BEGIN QUESTION`` YAML; raise if it is wrong."""
    try:
        config = yaml.safe_load(text.split("\n", 1)[1] if "\n" in text else "")
    except yaml.YAMLError as error:
        problem = str(error).splitlines()[0]
        raise MasterError(f"{where}: the question's YAML does not parse ({problem})") from None
    if not isinstance(config, dict):
        raise MasterError(f"{where}: expected 'name:' and 'points:' lines under BEGIN QUESTION")
    name = config.get("name")
    if not isinstance(name, str) or not name.strip():
        raise MasterError(f"{where}: the question has no name")
    points = config.get("points", 1)
    values = points if isinstance(points, list) else [points]
    if not values or not all(
        isinstance(value, numbers.Real) and not isinstance(value, bool) and value > 0
        for value in values
    ):
        raise MasterError(f"{where}: question '{name}' needs positive points, not {points!r}")
    return name


def check_master(master: Path) -> list[str]:
    """Check the blocks of ``master``; return its question names, in order.

    Raises
    ------
    MasterError
        On a block opened and not closed (or the reverse), a block outside a question, a
        question without a name or with points that are not positive, unparsable YAML, or two
        questions with the same name.
    """
    try:
        cells = read_notebook(Path(master))["cells"]
    except OSError as error:
        raise MasterError(f"{master}: not a readable notebook ({error})") from None
    except ValueError as error:  # its message names the file already
        raise MasterError(str(error)) from None
    names: list[str] = []
    open_blocks: list[str] = []
    question = ""
    for number, cell in enumerate(cells, start=1):
        if cell.get("cell_type") != "raw":
            continue
        source = "".join(cell.get("source", []))
        found = marker(source)
        if found is None:
            continue
        edge, block = found
        where = f"{Path(master).name}, cell {number}" + (
            f", question '{question}'" if question else ""
        )
        if edge == "BEGIN":
            if block == QUESTION and open_blocks:
                raise MasterError(f"{where}: BEGIN QUESTION inside an open {open_blocks[-1]} block")
            if block in INSIDE_A_QUESTION and open_blocks != [QUESTION]:
                raise MasterError(f"{where}: BEGIN {block} outside a question, or inside {block}")
            if block == QUESTION:
                question = check_question_config(source.strip(), where)
                if question in names:
                    raise MasterError(f"{where}: a second question named '{question}'")
                names.append(question)
            open_blocks.append(block)
        else:
            if not open_blocks or open_blocks[-1] != block:
                expected = f"END {open_blocks[-1]}" if open_blocks else "no END here"
                raise MasterError(f"{where}: END {block} where {expected} was expected")
            open_blocks.pop()
            if block == QUESTION:
                question = ""
    if open_blocks:
        raise MasterError(
            f"{Path(master).name}: BEGIN {open_blocks[-1]} never closed"
            + (f" (question '{question}')" if question else "")
        )
    return names
