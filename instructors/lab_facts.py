"""A lab's facts, read from its master notebook's metadata: the one place they are written.

Each master notebook carries ``metadata["course"]``::

    "course": {
      "topic": "Convolutional networks",            # a short title for the course map
      "key_concepts": ["padding", "pooling", ...],  # what the lab teaches, in its order
      "builds_on": ["01_mlp", "02_hog_classifier"], # earlier labs it needs ([] for none)
      "working_hours": 2,                           # the authors' estimate, in quarter hours
      "central_model": "LeNet"                      # what students build in the graded questions
    }

The README's lab map, the students' README and the site's index are made from these
(:mod:`instructors.course_map`); ``python -m instructors new-lab`` writes them with placeholders
that start with :data:`PLACEHOLDER`, which this reader refuses until the author replaces them.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from instructors.notebook_json import read_notebook
from utils.layout import is_lab_name

KEY = "course"  # metadata["course"]
PLACEHOLDER = "TODO"  # what new-lab writes where the author must write the lab's own facts
FIELDS = ("topic", "key_concepts", "builds_on", "working_hours", "central_model")


@dataclass(frozen=True)
class LabFacts:
    """What the course map says about one lab."""

    lab: str
    topic: str
    key_concepts: tuple[str, ...]
    builds_on: tuple[str, ...]
    working_hours: float
    central_model: str


class FactsError(SystemExit):
    """A lab's metadata is missing or malformed; the message names the notebook and the key."""


def text_value(value: object, problem: str) -> str:
    """Return ``value`` if it is a one-line text that is not a placeholder; else stop."""
    if not isinstance(value, str) or not value.strip() or "\n" in value or "|" in value:
        raise ValueError(f"{problem}: expected one line of text without '|', got {value!r}")
    if value.startswith(PLACEHOLDER):
        raise ValueError(f"{problem} is still the placeholder {value!r}: write the lab's own")
    return value


def check_hours(value: object, problem: str) -> float:
    """Return ``value`` if it is a positive number of quarter hours; else stop."""
    if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
        raise ValueError(f"{problem}: expected a positive number of hours, got {value!r}")
    if (value * 4) % 1:
        raise ValueError(f"{problem}: expected quarter hours (1, 1.25, 1.5, ...), got {value!r}")
    return float(value)


def check_builds_on(value: object, lab: str, labs: list[str], problem: str) -> tuple[str, ...]:
    """Return the labs ``value`` names if each is an earlier lab of the course; else stop."""
    if not isinstance(value, list):
        raise ValueError(f"{problem}: expected a list of earlier labs' names, got {value!r}")
    for name in value:
        if not is_lab_name(name) or name not in labs or name >= lab:
            raise ValueError(f"{problem}: {name!r} is not an earlier lab (labs: {', '.join(labs)})")
    return tuple(value)


def facts_of(notebook: dict, lab: str, labs: list[str]) -> LabFacts:
    """Read and check one notebook's facts.

    Raises
    ------
    ValueError
        With one line naming the key that is missing or malformed.
    """
    course = notebook.get("metadata", {}).get(KEY)
    if not isinstance(course, dict):
        raise ValueError(f"metadata.{KEY} is missing (python -m instructors new-lab writes one)")
    missing = [field for field in FIELDS if field not in course]
    if missing:
        raise ValueError(f"metadata.{KEY}.{missing[0]} is missing")
    unknown = sorted(set(course) - set(FIELDS))
    if unknown:
        raise ValueError(f"metadata.{KEY}.{unknown[0]} is not a key of the course's facts")
    key = f"metadata.{KEY}"
    concepts = course["key_concepts"]
    if not isinstance(concepts, list) or not concepts:
        raise ValueError(f"{key}.key_concepts: expected a list of concepts, got {concepts!r}")
    return LabFacts(
        lab=lab,
        topic=text_value(course["topic"], f"{key}.topic"),
        key_concepts=tuple(text_value(c, f"{key}.key_concepts item") for c in concepts),
        builds_on=check_builds_on(course["builds_on"], lab, labs, f"{key}.builds_on"),
        working_hours=check_hours(course["working_hours"], f"{key}.working_hours"),
        central_model=text_value(course["central_model"], f"{key}.central_model"),
    )


def read_facts(masters: list[Path]) -> list[LabFacts]:
    """Read every lab's facts from its master notebook, in the labs' order.

    Parameters
    ----------
    masters : list of pathlib.Path
        The labs' master notebooks (:func:`utils.layout.lab_masters`).

    Returns
    -------
    list of LabFacts
        One per master, in the order given.

    Raises
    ------
    FactsError
        With one line naming the notebook and its missing or malformed key.

    Examples
    --------
    >>> from utils.layout import lab_masters
    >>> [facts.lab for facts in read_facts(lab_masters())][:1]
    ['01_mlp']
    """
    labs = [Path(path).stem for path in masters]
    found = []
    for path in masters:
        try:
            notebook = read_notebook(path)
        except ValueError as error:  # its message names the file already
            raise FactsError(str(error)) from None
        try:
            found.append(facts_of(notebook, Path(path).stem, labs))
        except ValueError as error:
            raise FactsError(f"{path}: {error}") from None
    return found
