"""Results: a lab's headline figures, recorded for the README's results table.

The full-mode runner (``python -m instructors results``) names the file in
``MNIST_LABS_RESULTS``; a student's run writes nothing.
"""

from __future__ import annotations

import json
import os
import re
from datetime import datetime, timezone
from typing import Any

from utils.mode import lab_mode
from utils.validation import (
    check_count,
    check_finite_number,
    check_identifier,
    check_one_line,
    check_output_file,
)

# words of a metric's name that make it a fraction: the README's table shows it as a percentage
FRACTION_WORDS = ("accuracy", "error_rate")
ENV_RESULTS = "MNIST_LABS_RESULTS"


def record_result(
    lab: str,
    metric: str,
    value: float,
    *,
    epochs: int | None = None,
    train_seconds: float | None = None,
    note: str | None = None,
    path: os.PathLike | None = None,
) -> dict[str, Any]:
    """Record a headline figure of a lab for the README's results table.

    Writes one JSON line to ``path`` (default: the file named by
    ``MNIST_LABS_RESULTS``, which the full-mode runner sets). With neither,
    nothing is written: students running a notebook leave no files behind.

    Parameters
    ----------
    lab : str
        Notebook name, e.g. ``"01_mlp"``.
    metric : str
        Letters, digits and underscores, e.g. ``"mlp_test_accuracy"``. A metric named with
        ``accuracy`` or ``error_rate`` is a fraction: the table shows it as a percentage.
    value : float
        A fraction from 0 to 1 for an accuracy or an error rate (0.98, not 98).
    epochs : int, optional
    train_seconds : float, optional
    note : str, optional
        What the figure is of, for the table (e.g. the model's shape): one line, no ``|``.
    path : path-like, optional
        A file in an existing folder.

    Returns
    -------
    dict
        The record.

    Raises
    ------
    TypeError, ValueError
        If ``value`` or ``train_seconds`` is not a finite number, ``epochs`` not a whole
        number >= 1, an accuracy not a fraction, or a name or note would break the README's
        table: the table shows only real figures.
    FileNotFoundError, IsADirectoryError
        If ``path`` is in a missing folder, or is a folder.
    """
    if not isinstance(lab, str) or not lab:
        raise TypeError(f"lab: expected a non-empty str, got {lab!r:.40}")
    if not re.fullmatch(r"\d\d(_\w+)?", lab):
        raise ValueError(f"lab: expected a lab's name such as '03_cnn', got {lab!r:.40}")
    metric = check_identifier("metric", metric, example="mlp_test_accuracy")
    value = check_finite_number("value", value)
    if any(word in metric for word in FRACTION_WORDS) and not 0 <= value <= 1:
        hint = f": if {value:g} is a percentage, pass {value / 100:g}" if 1 < value <= 100 else ""
        raise ValueError(f"value: expected a fraction 0 to 1 for {metric!r}, got {value:g}{hint}")
    if epochs is not None:
        epochs = check_count("epochs", epochs)
    if train_seconds is not None and check_finite_number("train_seconds", train_seconds) < 0:
        raise ValueError(f"train_seconds: expected seconds >= 0 or None, got {train_seconds!r}")
    if note is not None:
        note = check_one_line("note", note)
    target = path or os.environ.get(ENV_RESULTS)
    if target:
        target = check_output_file("path" if path else ENV_RESULTS, target)
    record = {
        "lab": lab,
        "metric": metric,
        "value": round(value, 5),
        "epochs": epochs,
        "train_seconds": None if train_seconds is None else round(float(train_seconds), 1),
        "note": note,
        "mode": lab_mode(),
        "recorded_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
    }
    if target:
        with target.open("a", encoding="utf-8") as stream:
            stream.write(json.dumps(record) + "\n")
    return record
