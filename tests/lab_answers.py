"""Each lab's answers module, found by the lab's name, and what those modules share.

A lab's answers live in ``tests/labs/answers/lab_<lab>.py`` (``python -m instructors new-lab``
writes its skeleton), which defines

- ``WRONG_ANSWERS``, ``{question: {idea: source}}``: plausible wrong ideas, each must lose points;
- ``VALID_ANSWERS``, the same shape: correct answers written differently from the solution
  (other libraries, loops, other return types, a debug ``print``), each must get full marks;
- ``lab_globals(master)``: globals like the lab's after it has run, that the answers run in.

Each source runs after the solution, so that its definition replaces the solution's.

Many answers come from red-team passes that tried, for every question, the inputs where a wrong
idea and the right one differ. The given part of an answer cell (a signature, the lines a student
completes) is read from the built student version with :func:`scaffold`, never copied by hand.
"""

from __future__ import annotations

import functools
import importlib.util
import json
from pathlib import Path
from types import ModuleType

import numpy as np

from utils import data
from utils.layout import LABS

ANSWERS = Path(__file__).resolve().parent / "labs" / "answers"
PLACEHOLDER = "..."  # the line otter leaves where a student writes the answer


class MissingAnswers(LookupError):
    """A lab has no answers module, or one without what the tests need."""


def answers_path(lab: str, folder: Path = ANSWERS) -> Path:
    """Return where lab ``lab``'s answers module is: ``lab_<lab>.py`` in ``folder``."""
    return Path(folder) / f"lab_{lab}.py"


def load_answers(lab: str, folder: Path = ANSWERS) -> ModuleType:
    """Import lab ``lab``'s answers module from its file.

    Parameters
    ----------
    lab : str
        The lab's name, such as ``"01_mlp"``.
    folder : pathlib.Path, optional
        Where the answers modules are; default ``tests/labs/answers/``.

    Returns
    -------
    module
        Its ``WRONG_ANSWERS``, ``VALID_ANSWERS`` and ``lab_globals``.

    Raises
    ------
    MissingAnswers
        If the file is missing or lacks one of those names; the message names the file.
    """
    path = answers_path(lab, folder)
    if not path.is_file():
        raise MissingAnswers(
            f"{path}: lab {lab} has no answers module (python -m instructors new-lab writes one)"
        )
    spec = importlib.util.spec_from_file_location(f"lab_{lab}", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    missing = [
        name
        for name in ("WRONG_ANSWERS", "VALID_ANSWERS", "lab_globals")
        if not hasattr(module, name)
    ]
    if missing:
        raise MissingAnswers(f"{path}: defines no {', '.join(missing)}")
    return module


def student_version(lab: str, labs: Path = LABS) -> Path:
    """Return the built student version of lab ``lab``."""
    return Path(labs) / lab / "student" / f"{lab}.ipynb"


def scaffold(lab: str, function: str, labs: Path = LABS) -> str:
    """Return the given lines of the answer cell that defines ``function``, as students get them.

    These are the cell's lines from ``def function(`` up to the ``...`` a student replaces,
    after a blank line, so that an answer is ``scaffold(...) + its own body``.

    Raises
    ------
    MissingAnswers
        If no answer cell of the student version defines ``function``; the message names it.
    """
    path = student_version(lab, labs)
    for cell in json.loads(path.read_text(encoding="utf-8"))["cells"]:
        lines = "".join(cell["source"]).splitlines()
        starts = [i for i, line in enumerate(lines) if line.startswith(f"def {function}(")]
        if cell["cell_type"] != "code" or not starts:
            continue
        ends = [i for i, line in enumerate(lines) if line.strip() == PLACEHOLDER and i > starts[0]]
        if ends:
            return "\n" + "\n".join(lines[starts[0] : ends[0]]) + "\n"
    raise MissingAnswers(f"{path}: no answer cell defines {function}() with a '...' to fill in")


def notebook_function(master: Path, name: str) -> str:
    """Return the source of the master's code cell that defines ``name`` (and what else it does)."""
    cells = json.loads(Path(master).read_text(encoding="utf-8"))["cells"]
    return next(
        "".join(cell["source"])
        for cell in cells
        if cell["cell_type"] == "code"
        and any(line.startswith(f"def {name}(") for line in "".join(cell["source"]).splitlines())
    )


@functools.cache
def mnist_sample() -> tuple[np.ndarray, np.ndarray]:
    """1,000 real training digits as the loader gives them: uint8 images (n, 28, 28), labels."""
    (images, labels), _ = data.load_mnist()
    return images[:1000], labels[:1000]


def flattened_digits() -> tuple[np.ndarray, np.ndarray]:
    """The sample flattened and scaled, as labs 01 and 04 have their digits."""
    images, labels = mnist_sample()
    return data.flatten_images(data.scale_images(images)), labels
