"""What grading one submission gave: its status, its points, and the gradebook row it makes.

The statuses a row may have are here too (those of a file that cannot be graded at all are in
:mod:`grading.submission`).
"""

from __future__ import annotations

from dataclasses import dataclass, field

GRADED, TIMED_OUT, OUT_OF_MEMORY, CRASHED = "graded", "timed out", "out of memory", "crashed"
NEEDS_REVIEW = "needs review"  # the notebook changed how tests run or are scored: no points
GRADING_ERROR = "grading error"  # the grader failed, not the submission: see the error column
REVIEW_REASON = "the notebook changed how tests run or are scored: {why}"
# ran and scored as usual, 0 points, and not one cell of its own (:mod:`grading.answers`): most
# likely the blank student version handed in by mistake, which is not the same as failed work
NO_ANSWERS = "no answers"
NO_ANSWERS_WHY = "no answers: every cell is as handed out in the student version (0 points)"
ERROR_CHARACTERS = 300  # of the error column: its first line, with its spaces squeezed


@dataclass(frozen=True)
class Result:
    """The verdict on one submission, whatever happened to it.

    Attributes
    ----------
    file : str
        The submission's name in the gradebook (:func:`grading.gradebook.file_key`).
    sha256 : str
        The hash of the bytes graded ("" when they could not be read).
    status : str
    points : dict
        Every question's points (0 when its tests could not run).
    possible : dict
        Every question's possible points.
    seconds : float
        How long grading it took.
    error : str
        Why it stopped, or the first error a cell raised, or why it can't be graded.
    note : str
        What was done to the file to grade it.
    cell_seconds : dict
        Where the time went, cell by cell (not in the gradebook).
    """

    file: str
    sha256: str
    status: str
    points: dict[str, float]
    possible: dict[str, float]
    seconds: float = 0.0
    error: str = ""
    note: str = ""
    cell_seconds: dict[str, float] = field(default_factory=dict)

    @property
    def total(self) -> float:
        """The points scored."""
        return sum(self.points.values())

    @property
    def possible_total(self) -> float:
        """The lab's possible points."""
        return sum(self.possible.values())

    def row(self) -> dict[str, object]:
        """Render the gradebook row (the gradebook's columns, :func:`grading.gradebook.columns`).

        Examples
        --------
        >>> result = Result("a.ipynb", "", GRADED, {"q1": 2.0, "q2": 0.5}, {"q1": 2, "q2": 2})
        >>> {name: result.row()[name] for name in ("q2", "total", "possible", "percent")}
        {'q2': '0.5', 'total': '2.5', 'possible': '4', 'percent': '62.5'}
        """
        possible = self.possible_total
        return {
            "file": self.file,
            "sha256": self.sha256,
            "status": self.status,
            **{name: f"{value:g}" for name, value in self.points.items()},
            "total": f"{self.total:g}",
            "possible": f"{possible:g}",
            "percent": f"{100 * self.total / possible:.1f}" if possible else "",
            "seconds": f"{self.seconds:.1f}",
            "error": " ".join(self.error.split())[:ERROR_CHARACTERS],
            "note": self.note,
        }
