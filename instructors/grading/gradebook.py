"""The gradebook: one CSV row per submission, which no run loses and an instructor may add to.

Columns: the file, its SHA-256 (a rerun skips a file whose row has the same hash), the status,
each question's points, the total, the possible points, the percentage, the seconds it took,
the first line of any error and a note on what was done to the file; then any columns an
instructor added (a comment, a late penalty), which are kept, row by row, whatever is regraded.

A file is named by its path relative to the gradebook's folder (symlinks followed, ``..``
allowed), so one file has one row whatever folder the grader was run from.

Each finished submission is merged in under a lock beside the gradebook (``.<name>.lock``): the
file is read again, the row replaced or added, and the whole written through a temporary file.
So two runs on one gradebook lose no row, and an interrupted one leaves it whole. The file is
written back as it was found: UTF-8 with or without a byte-order mark, or Windows-1252, with
``,`` or ``;`` between fields (and decimal commas with ``;``, as Excel saves it), CRLF or LF.
"""

from __future__ import annotations

import codecs
import csv
import io
import math
import os
import re
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from filelock import FileLock, Timeout

from utils.files import write_atomically

FIRST_COLUMNS = ["file", "sha256", "status"]
LAST_COLUMNS = ["total", "possible", "percent", "seconds", "error", "note"]
NUMBERS = ["total", "possible", "percent", "seconds"]  # with the questions' columns
LOCK_NOTICE = 2.0  # seconds of waiting for the lock before saying so
LOCK_PATIENCE = 120.0  # then this long, before giving up (a write holds it for milliseconds)
DECIMAL_COMMA = re.compile(r"-?\d+,\d+")
DECIMAL_POINT = re.compile(r"-?\d+\.\d+")


@dataclass(frozen=True)
class Layout:
    """How a gradebook file is saved, to write it back the same way."""

    encoding: str = "utf-8"  # or "utf-8-sig" (with a byte-order mark), or "cp1252"
    delimiter: str = ","
    newline: str = "\r\n"  # the csv module's own, as earlier gradebooks were written
    decimal: str = "."


@dataclass
class Gradebook:
    """A gradebook's rows (file → row), its columns as found, and its layout."""

    rows: dict[str, dict[str, str]] = field(default_factory=dict)
    header: list[str] = field(default_factory=list)
    layout: Layout = Layout()

    def added(self, questions: list[str]) -> list[str]:
        """List the columns an instructor added (a question the lab no longer has is one)."""
        grader = set(columns(questions))
        return [name for name in self.header if name not in grader]


def columns(questions: list[str]) -> list[str]:
    """List the grader's columns for a lab with these questions."""
    return [*FIRST_COLUMNS, *questions, *LAST_COLUMNS]


def file_key(path: Path, book: Path) -> str:
    """Name a submission in the gradebook ``book``: its path relative to the gradebook's folder.

    Symlinks are followed, so every name of one file gives one key.

    Examples
    --------
    >>> file_key(Path("/course/class/alice.ipynb"), Path("/course/grades.csv"))
    'class/alice.ipynb'
    """
    return relative_name(Path(path), Path(book).resolve().parent)


def relative_name(path: Path, folder: Path) -> str:
    """Return ``path`` (symlinks followed) relative to ``folder``, with ``/`` between parts."""
    target = path.resolve()
    try:
        return Path(os.path.relpath(target, folder.resolve())).as_posix()
    except ValueError:  # on another drive (Windows): no relative path exists
        return target.as_posix()


def lock_path(book: Path) -> Path:
    """Return the lock file of the gradebook ``book``: beside it, hidden."""
    book = Path(book).resolve()
    return book.with_name(f".{book.name}.lock")


@contextmanager
def locked(book: Path, report: Callable[[str], None] = print) -> Iterator[None]:
    """Hold the gradebook's lock: wait, saying so after :data:`LOCK_NOTICE` seconds.

    Raises
    ------
    SystemExit
        If it is still held by another process after :data:`LOCK_PATIENCE` seconds more.
    """
    path = lock_path(book)
    path.parent.mkdir(parents=True, exist_ok=True)
    lock = FileLock(path)
    try:  # polled often: another run holds it for milliseconds at a time
        lock.acquire(timeout=LOCK_NOTICE, poll_interval=0.01)
    except Timeout:
        report(f"waiting for {path}: another run is writing {book} (up to {LOCK_PATIENCE:g} s)")
        try:
            lock.acquire(timeout=LOCK_PATIENCE, poll_interval=0.01)
        except Timeout:
            raise SystemExit(
                f"{book}: still locked after {LOCK_NOTICE + LOCK_PATIENCE:g} s by another "
                f"process (its lock is {path}); is another grade.py stuck on it?"
            ) from None
    try:
        yield
    finally:
        lock.release()


def read(path: Path) -> Gradebook:
    """Read a gradebook, in whatever layout it was saved. A missing file is an empty gradebook.

    Raises
    ------
    SystemExit
        With the file's name, if it is a folder, cannot be read, or is not a gradebook (no
        ``file`` and ``sha256`` columns in its first line).
    """
    path = Path(path)
    if path.is_dir():
        raise SystemExit(f"{path}: a folder, not a gradebook file")
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return Gradebook()
    except OSError as error:
        raise SystemExit(f"{path}: cannot be read ({error.strerror})") from None
    if not raw.strip():  # made empty by hand (touch): nothing graded yet
        return Gradebook()
    try:
        text, encoding = decode(raw)
        return parse(text, encoding, path.parent)
    except (csv.Error, NotAGradebook) as error:
        raise SystemExit(f"{path}: not a gradebook ({error})") from None


class NotAGradebook(ValueError):
    """The text read is a table, but not a gradebook."""


def decode(raw: bytes) -> tuple[str, str]:
    """Return a gradebook file's text and its encoding: UTF-8, with a BOM or not, or cp1252.

    Raises
    ------
    NotAGradebook
        If it is neither.
    """
    if raw.startswith(codecs.BOM_UTF8):
        return raw.decode("utf-8-sig"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:  # an older Excel on Windows saves its "ANSI" code page
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            raise NotAGradebook("text neither in UTF-8 nor in Windows-1252") from None


def parse(text: str, encoding: str, folder: Path) -> Gradebook:
    """Read a gradebook's text (see :func:`read`); keys are made relative to ``folder``."""
    if "\x00" in text:
        raise NotAGradebook("a binary file")
    first = text.splitlines()[0] if text.strip() else ""
    try:  # Excel writes ";" where the decimal mark is a comma
        delimiter = csv.Sniffer().sniff(first, delimiters=",;\t").delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    header = [name.strip() for name in reader.fieldnames or []]
    if not {"file", "sha256"} <= set(header):
        raise NotAGradebook("no file and sha256 columns")
    reader.fieldnames = header
    rows = {}
    for row in reader:  # a later row of the same file wins, as the file is read
        row = {name: (value or "") for name, value in row.items() if name is not None}
        if row["file"].strip():  # Excel may add lines of empty fields
            row["file"] = normal_key(row["file"], folder)
            rows[row["file"]] = row
    newline = "\r\n" if text[len(first) : len(first) + 2] == "\r\n" else "\n"
    decimal = "," if delimiter == ";" and has_decimal_commas(rows.values(), header) else "."
    return Gradebook(rows, header, Layout(encoding, delimiter, newline, decimal))


def normal_key(value: str, folder: Path) -> str:
    """Return a gradebook's file name as :func:`file_key` makes it.

    Earlier gradebooks named a file as it was given: an absolute path, ``./x`` and the like.
    """
    if os.path.isabs(value) or value != Path(os.path.normpath(value)).as_posix():
        return relative_name(folder / value, folder)
    return value


def has_decimal_commas(rows: Iterable[dict[str, str]], header: list[str]) -> bool:
    """Tell whether a ``;``-separated gradebook writes its numbers with decimal commas."""
    numeric = [name for name in ("percent", "seconds", "total") if name in header]
    return any(DECIMAL_COMMA.fullmatch(row.get(name, "")) for row in rows for name in numeric)


def with_decimal_commas(row: dict, names: list[str]) -> dict:
    """Return a row whose numbers in the columns ``names`` have a decimal comma, not a point."""
    return {
        name: value.replace(".", ",") if name in names and DECIMAL_POINT.fullmatch(value) else value
        for name, value in row.items()
    }


def read_rows(path: Path) -> dict[str, dict[str, str]]:
    """Read an existing gradebook: file → row. A missing file is an empty gradebook.

    Raises
    ------
    SystemExit
        If the file is not a gradebook (see :func:`read`).
    """
    return read(path).rows


def write(path: Path, book: Gradebook, questions: list[str]) -> None:
    """Write a whole gradebook through a temporary file, in its layout, so it is never half-written.

    The grader's columns come first, then the instructor's, in their order. Text its encoding
    cannot hold (cp1252 and a name in another script) is written in UTF-8 with a BOM instead.
    """
    layout = book.layout
    names = columns(questions) + book.added(questions)
    buffer = io.StringIO()
    writer = csv.DictWriter(
        buffer,
        fieldnames=names,
        extrasaction="ignore",
        delimiter=layout.delimiter,
        lineterminator=layout.newline,
    )
    writer.writeheader()
    for key in sorted(book.rows):
        row = {name: str(value) for name, value in book.rows[key].items()}
        if layout.decimal == ",":  # the grader's own numbers as the rest of the file has them
            row = with_decimal_commas(row, [*questions, *NUMBERS])
        writer.writerow(row)
    text = buffer.getvalue()
    try:
        data = text.encode(layout.encoding)
    except UnicodeEncodeError:
        data = text.encode("utf-8-sig")
    path = Path(path).resolve()  # a symlinked gradebook: write the file it points to
    path.parent.mkdir(parents=True, exist_ok=True)
    write_atomically(path, data)


def write_rows(path: Path, rows: list[dict[str, object]], questions: list[str]) -> None:
    """Write these rows as the whole gradebook (UTF-8, commas), through a temporary file."""
    write(path, Gradebook({str(row["file"]): row for row in rows}), questions)


def merge_row(
    path: Path,
    row: dict[str, object],
    questions: list[str],
    report: Callable[[str], None] = print,
) -> Gradebook:
    """Put one finished row into the gradebook on disk, whatever other runs wrote meanwhile.

    Under the gradebook's lock: read it again, replace the row of the same file (keeping the
    columns an instructor added to it) or add it, and write the whole back atomically.

    Returns
    -------
    Gradebook
        The gradebook as written.
    """
    with locked(path, report):
        book = read(path)
        earlier = book.rows.get(str(row["file"]), {})
        kept = {name: earlier.get(name, "") for name in book.added(questions)}
        book.rows[str(row["file"])] = {**kept, **row}
        write(path, book, questions)
    return book


def number(text: object) -> float | None:
    """Read a gradebook cell as a number (a decimal comma too), or None if it is none."""
    try:
        value = float(str(text).strip().replace(",", "."))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def row_problem(row: dict[str, str], possible: dict[str, float]) -> str:
    """Say why a row's points cannot be trusted, or return "" when they add up.

    Parameters
    ----------
    row : dict
        A gradebook row, perhaps edited by hand.
    possible : dict
        Each question's possible points, in this lab.

    Returns
    -------
    str
        One line: a question's points missing, negative or above its possible points, a total
        that is not their sum, or possible points other than the lab's; "" if none.

    Examples
    --------
    >>> row_problem({"q1": "2", "total": "99", "possible": "2"}, {"q1": 2.0})
    'total 99 is not the sum of its points (2)'
    """
    points = []
    for name, most in possible.items():
        value = number(row.get(name, ""))
        if value is None:
            return f"{name} has no points ({row.get(name, '')!r})"
        if value < 0:
            return f"{name} {row[name]} is below 0"
        if value > most + 1e-6:
            return f"{name} {row[name]} is above its {most:g} points"
        points.append(value)
    total = number(row.get("total", ""))
    if total is None or not math.isclose(total, sum(points), abs_tol=1e-3):
        return f"total {row.get('total', '')} is not the sum of its points ({sum(points):g})"
    lab = sum(possible.values())
    if not math.isclose(number(row.get("possible", "")) or -1.0, lab, abs_tol=1e-3):
        return f"possible {row.get('possible', '')} is not the lab's {lab:g}"
    return ""
