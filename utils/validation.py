"""Checks of the inputs students pass to the course's functions, shared by every module.

Each check raises a short ``TypeError`` or ``ValueError`` that names the argument and what it
expected, whatever the input (its text stays a line long), and returns the value in the form
the caller works with.
"""

from __future__ import annotations

from typing import Any

import numpy as np


def check_finite_number(name: str, value: Any) -> float:
    """Return ``value`` as a float, or raise naming ``name`` if it is no finite real number.

    Parameters
    ----------
    name : str
        The argument's name, for the message.
    value : object
        A Python or NumPy int or float (a 0-d numeric array too); not a bool.

    Returns
    -------
    float

    Raises
    ------
    TypeError
        If ``value`` is not a real number.
    ValueError
        If it is nan or infinite.
    """
    scalar = isinstance(value, int | float | np.integer | np.floating) or (
        isinstance(value, np.ndarray) and value.shape == () and value.dtype.kind in "iuf"
    )
    if isinstance(value, bool | np.bool_) or not scalar:
        raise TypeError(f"{name}: expected a real number, got {type(value).__name__}")
    number = float(value)
    if not np.isfinite(number):
        raise ValueError(f"{name}: expected a finite number, got {number}")
    return number
