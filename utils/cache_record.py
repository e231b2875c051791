"""A stored training run's record: what :mod:`utils.cache` writes beside the weights, and reads.

One JSON file per run, ``<key>.json``: the weights file it goes with and that file's SHA-256,
the History (metrics that are arrays, such as a per-class F1 score, kept as arrays), the epochs,
the fit's parameters, its seconds, what each callback recorded, the random layers' states and
the global random generators' states after the run, and a SHA-256 of all of these, so that a
record changed by a flipped bit or a hand edit is refused, never loaded.
"""

from __future__ import annotations

import hashlib
import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from utils.files import write_atomically

FIELDS = {
    "weights": str,
    "weights_sha256": str,
    "history": dict,
    "epoch": list,
    "params": dict,
    "seconds": float,
    "epoch_seconds": list,
    "callbacks": list,
    "seed_states": list,
    "random_state": dict,
}
CHECKSUM = "record_sha256"


def file_sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    digest = hashlib.sha256()
    with open(path, "rb") as stream:
        for block in iter(lambda: stream.read(2**20), b""):
            digest.update(block)
    return digest.hexdigest()


def check_weights(path: Path, expected: str) -> None:
    """Check a weights file against the checksum its record holds; ValueError if it differs."""
    if file_sha256(path) != expected:
        raise ValueError(f"{path.name} is not the file that was stored (checksum)")


def history_to_json(history: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Return a History's metrics as JSON: a number per epoch, or an array as ``{"array": ...}``.

    Raises
    ------
    TypeError
        If a value is neither a number nor an array of numbers.
    """
    stored = {}
    for name, values in history.items():
        stored[str(name)] = [_value_to_json(value) for value in values]
    return stored


def _value_to_json(value: Any) -> Any:
    array = np.asarray(value)
    if array.dtype.kind not in "biuf":
        raise TypeError(f"a History value of type {type(value).__name__}")
    if array.ndim == 0:
        return float(array)
    return {"array": array.tolist(), "dtype": array.dtype.str}


def history_from_json(stored: dict[str, list[Any]]) -> dict[str, list[Any]]:
    """Return a History's metrics as fit returns them: floats, and NumPy arrays."""
    history = {}
    for name, values in stored.items():
        history[name] = [
            np.asarray(value["array"], dtype=value["dtype"]) if isinstance(value, dict) else value
            for value in values
        ]
    return history


def write_record(path: Path, record: dict[str, Any]) -> None:
    """Write ``record`` with its checksum, whole or not at all.

    Raises
    ------
    TypeError, ValueError
        If it is not JSON data (nothing is written then).
    """
    body = json.dumps(record, sort_keys=True, allow_nan=True)
    text = json.dumps({**record, CHECKSUM: hashlib.sha256(body.encode()).hexdigest()})
    write_atomically(path, text)


def read_record(path: Path, callbacks: int) -> dict[str, Any]:
    """Read a run's record and check it is whole and unchanged.

    Parameters
    ----------
    path : pathlib.Path
        The record file.
    callbacks : int
        How many callbacks this run has: the record must have a state for each.

    Raises
    ------
    OSError, ValueError, KeyError, TypeError
        If it cannot be read, is not a record, lacks a field or has one of another type, or
        was changed since it was written (checksum): the run then trains anew.
    """
    record = json.loads(path.read_text(encoding="utf-8"))
    if not isinstance(record, dict):
        raise TypeError("not a record")
    checksum = record.pop(CHECKSUM, None)
    body = json.dumps(record, sort_keys=True, allow_nan=True)
    if checksum != hashlib.sha256(body.encode()).hexdigest():
        raise ValueError("the record was changed since it was written (checksum)")
    for field, kind in FIELDS.items():
        if field not in record:
            raise KeyError(f"no {field}")
        number = kind is float and _is_number(record[field])
        if not isinstance(record[field], kind) and not number:
            raise TypeError(f"{field} is not a {kind.__name__}")
    if len(record["callbacks"]) != callbacks:
        raise ValueError("another number of callbacks")
    if Path(record["weights"]).name != record["weights"]:
        raise ValueError("a weights file outside the cache")
    epochs = len(record["epoch"])
    histories = record["history"].values()
    if not all(isinstance(values, list) and len(values) == epochs for values in histories):
        raise ValueError("a History that does not match its epochs")
    if not all(isinstance(epoch, int) for epoch in record["epoch"]):
        raise TypeError("epochs that are not whole numbers")
    return record


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and not math.isnan(value)
