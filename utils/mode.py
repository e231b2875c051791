"""The lab mode, ``"quick"`` or ``"full"``: which settings a notebook runs with.

Every notebook's settings cell picks the mode with ``utils.set_mode("full")`` or
``utils.set_mode("quick")``, then reads its sizes with ``utils.pick(quick=..., full=...)``:

- ``full``: the real training settings and figures;
- ``quick``: small subsets and one or two epochs, for working on a lab, tests, CI and grading.

The environment variable ``MNIST_LABS_MODE``, when set, overrides the notebook's choice: the
tests, the grader (quick) and the full-mode runner (full) set it.
"""

from __future__ import annotations

import os
import sys
from typing import TypeVar

ENV_MODE = "MNIST_LABS_MODE"
MODES = ("full", "quick")
MODE_MEANINGS = {
    "full": "the real training settings",
    "quick": "small subsets and one or two epochs",
}

T = TypeVar("T")
_chosen_mode: str | None = None  # set by set_mode(), the notebook's settings line


def _valid_mode(value: object, source: str) -> str:
    """``value`` as a mode name, or a ValueError that names ``source``."""
    mode = value.strip().lower() if isinstance(value, str) else value
    if mode not in MODES:
        raise ValueError(f"{source}={value!r}: expected one of {MODES}.")
    return mode


def otter_is_grading() -> bool:
    """Tell whether otter-grader is grading this notebook (Gradescope, ``otter grade``/``run``).

    Its autograder runs a first cell that puts otter's ``Notebook`` in grading mode.
    """
    otter = sys.modules.get("otter")
    return bool(getattr(getattr(otter, "Notebook", None), "_grading_mode", False))


def lab_mode() -> str:
    """Return the lab mode, ``"full"`` or ``"quick"``.

    ``MNIST_LABS_MODE`` when it is set; else ``"quick"`` while otter grades (a grade never
    depends on full-mode training); else the notebook's :func:`set_mode`; else ``"full"``.

    Returns
    -------
    str

    Raises
    ------
    ValueError
        If the variable holds anything else.
    """
    from_environment = os.environ.get(ENV_MODE, "").strip()
    if from_environment:
        return _valid_mode(from_environment, ENV_MODE)
    if otter_is_grading():
        return "quick"
    return _chosen_mode or "full"


def set_mode(mode: str) -> str:
    """Choose the lab mode in a notebook, and say which mode the lab runs in.

    ``MNIST_LABS_MODE``, when set, still wins: the grader always runs quick mode and the
    full-mode runner full mode, whatever a notebook says.

    Parameters
    ----------
    mode : {"full", "quick"}

    Returns
    -------
    str
        The mode the lab runs in.

    Examples
    --------
    >>> MODE = set_mode("quick")  # doctest: +SKIP
    Lab mode: quick (small subsets and one or two epochs).
    """
    global _chosen_mode
    _chosen_mode = _valid_mode(mode, "mode")
    mode_now = lab_mode()
    overrider = f"{ENV_MODE}={mode_now}" if os.environ.get(ENV_MODE, "").strip() else "grading"
    why = "" if mode_now == _chosen_mode else f"; {overrider} overrides {mode!r}"
    print(f"Lab mode: {mode_now} ({MODE_MEANINGS[mode_now]}{why}).")
    return mode_now


def needs_full_mode(lesson: str) -> bool:
    """Say in one line, in quick mode, that the measurement below needs full mode.

    Quick mode trains too little for some comparisons (a trained network against an
    untrained one, regularisers, transfer): their numbers may then point the other way.
    The line keeps a student from reading a lesson into them.

    Parameters
    ----------
    lesson : str
        What the measurement shows in full mode, e.g. ``"how edge-like trained kernels are"``.

    Returns
    -------
    bool
        True in full mode.
    """
    if not isinstance(lesson, str) or not lesson:
        raise TypeError(f"lesson: expected a few words, got {lesson!r:.40}")
    if lab_mode() == "full":
        return True
    print(f"Quick mode: {lesson} needs full mode; these numbers come from too little training.")
    return False


def pick(*, quick: T, full: T) -> T:
    """Choose a setting by lab mode, so a notebook's sizes sit in one cell.

    Parameters
    ----------
    quick, full
        The value for each mode.

    Returns
    -------
    The value for the current mode.

    Examples
    --------
    >>> EPOCHS = pick(quick=1, full=20)  # doctest: +SKIP
    """
    return quick if lab_mode() == "quick" else full
