"""The gradebook: one CSV row per submission, rewritten whole (atomically) after each one.

Columns: the file, its SHA-256 (a rerun skips a file whose row has the same hash), the status,
each question's points, the total, the possible points, the percentage, the seconds it took,
the first line of any error and a note on what was done to the file.
"""

from __future__ import annotations

import csv
import hashlib
import io
from pathlib import Path

from utils.files import write_atomically

FIRST_COLUMNS = ["file", "sha256", "status"]
LAST_COLUMNS = ["total", "possible", "percent", "seconds", "error", "note"]


def file_hash(path: Path) -> str:
    """Return the SHA-256 of a file's bytes."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def columns(questions: list[str]) -> list[str]:
    """List the gradebook's columns for a lab with these questions."""
    return [*FIRST_COLUMNS, *questions, *LAST_COLUMNS]


def read_rows(path: Path) -> dict[str, dict[str, str]]:
    """Read an existing gradebook: file → row. A missing file is an empty gradebook.

    Raises
    ------
    SystemExit
        If the file is not a gradebook (no ``file`` and ``sha256`` columns).
    """
    path = Path(path)
    if not path.exists():
        return {}
    with path.open(newline="", encoding="utf-8") as stream:
        reader = csv.DictReader(stream)
        if not {"file", "sha256"} <= set(reader.fieldnames or []):
            raise SystemExit(f"{path}: not a gradebook (no file and sha256 columns)")
        return {row["file"]: row for row in reader}


def write_rows(path: Path, rows: list[dict[str, object]], questions: list[str]) -> None:
    """Write the gradebook through a temporary file, so it is never half-written."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns(questions), extrasaction="ignore")
    writer.writeheader()
    for row in sorted(rows, key=lambda row: str(row["file"])):
        writer.writerow(row)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, buffer.getvalue())


def make_row(
    file: str,
    sha256: str,
    status: str,
    points: dict[str, float],
    possible: float,
    seconds: float,
    error: str = "",
    note: str = "",
) -> dict[str, object]:
    """Make one gradebook row; questions without points get 0."""
    total = sum(points.values())
    return {
        "file": file,
        "sha256": sha256,
        "status": status,
        **{name: f"{value:g}" for name, value in points.items()},
        "total": f"{total:g}",
        "possible": f"{possible:g}",
        "percent": f"{100 * total / possible:.1f}" if possible else "",
        "seconds": f"{seconds:.1f}",
        "error": " ".join(error.split())[:300],
        "note": note,
    }
