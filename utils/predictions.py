"""A student's prediction beside what the lab measured: "predict, then run".

A lab asks for an expectation in a variable (``my_prediction = ...``) before an experiment,
then calls :func:`reveal` after it.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from utils.validation import check_names


def reveal(
    prediction: Any,
    measured: Any,
    *,
    choices: Sequence[str] | None = None,
    name: str = "my_prediction",
) -> None:
    """Print a student's prediction beside what the lab measured ("predict, then run").

    A lab asks for an expectation in a variable (``my_prediction = ...``) before the
    experiment runs, then calls this after it. Ungraded: a missing or unknown prediction is
    said in one line and the lab goes on.

    Parameters
    ----------
    prediction : str, number or Ellipsis
        What the student wrote; ``...`` (the placeholder) means no prediction yet.
    measured : str or number
        What the experiment found: one of ``choices`` when they are given, else a number.
    choices : sequence of str, optional
        The answers the question offered; a prediction is compared without regard to case
        or surrounding spaces.
    name : str, default "my_prediction"
        The variable the student filled in, named in the messages.
    """
    if choices is not None:  # a str's letters would pass for the choices
        choices = check_names("choices", choices, example="('yes', 'no')")
        if measured not in choices:
            raise ValueError(f"measured: expected one of {choices}, got {measured!r}")
    elif isinstance(measured, bool) or not isinstance(measured, int | float | np.number):
        raise TypeError(
            f"measured: expected a number, got {measured!r:.40}: pass choices=[...] for an "
            "answer in words"
        )
    said = f"Measured: {_as_text(measured)}."
    if prediction is Ellipsis or prediction is None:
        print(f"{said} (No prediction in {name}: write one before you run the experiment.)")
        return
    if choices is not None:
        given = str(prediction).strip().lower()
        if given not in [choice.lower() for choice in choices]:
            options = ", ".join(repr(choice) for choice in choices)
            print(f"{said} ({name} = {prediction!r} is not one of {options}.)")
            return
        if given == str(measured).lower():
            print(f"{said} As you predicted.")
        else:
            print(f"{said} You predicted {given}: what did you not expect, and why?")
        return
    if not isinstance(prediction, int | float | np.number) or isinstance(prediction, bool):
        print(f"{said} ({name} = {prediction!r}: expected a number.)")
        return
    print(f"{said} You predicted {_as_text(prediction)}: off by {_as_text(measured - prediction)}.")


def _as_text(value: Any) -> str:
    """Write a measured or predicted value as it reads best: numbers to four digits."""
    if isinstance(value, float | np.floating):  # np.float32 too, which is no Python float
        return f"{value:.4g}"
    return str(value)
