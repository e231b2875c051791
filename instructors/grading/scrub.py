"""Keep hidden-test text out of what Gradescope shows students at once.

otter's results put every public test's failure message in an entry marked visible, and that
message ends with whatever the student's code raised. On Gradescope the hidden tests sit on
disk beside the submission, so an answer can read them and raise them as its error message.
:func:`scrub_results` replaces each line of a visible entry that quotes a hidden test case.

This file and the test files' reader it imports (:mod:`grading.otter_tests`) are copied, as
they are, into the autograder zip as the package ``course_grading/``; the zip's ``run_otter.py``
calls :func:`scrub_results` on ``results.json`` once otter has written it (Gradescope,
``otter grade``). Both use the standard library only: they run in otter's environment, without
the course package; the import of the reader is relative, so it finds its neighbour in either
package. By hand: ``python -m course_grading.scrub RESULTS_JSON TESTS_DIR``.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from pathlib import Path

from .otter_tests import read_test_folder

WITHHELD = "[line withheld: it quotes a hidden test]"
SHORTEST_QUOTE = 12  # shorter hidden lines ("import numpy as np", "x = 1") say nothing


def hidden_lines(tests_dir: Path) -> set[str]:
    """Return the stripped source lines of every hidden test case in ``tests_dir``."""
    lines = set()
    for test_file in read_test_folder(tests_dir):
        for case in test_file.hidden_cases:
            lines.update(line.strip() for line in case.source.splitlines())
    return {line for line in lines if len(line) >= SHORTEST_QUOTE}


def scrub_text(text: str, secrets: set[str]) -> str:
    """Replace every line of ``text`` that contains one of ``secrets``."""
    return "\n".join(
        WITHHELD if any(secret in line for secret in secrets) else line for line in text.split("\n")
    )


def scrub_results(results_path: Path, tests_dir: Path) -> int:
    """Scrub the visible entries of a Gradescope ``results.json`` in place.

    Parameters
    ----------
    results_path : pathlib.Path
        otter's ``results.json``.
    tests_dir : pathlib.Path
        The autograder's test files (hidden cases included).

    Returns
    -------
    int
        How many entries were changed.
    """
    if not Path(results_path).is_file():
        return 0  # otter failed before writing any: nothing to show, nothing to scrub
    results = json.loads(Path(results_path).read_text(encoding="utf-8"))
    secrets = hidden_lines(tests_dir)
    changed = 0
    entries = [results, *results.get("tests", [])]
    for entry in entries:
        if entry is not results and entry.get("visibility", "visible") != "visible":
            continue
        if isinstance(entry.get("output"), str):
            scrubbed = scrub_text(entry["output"], secrets)
            changed += scrubbed != entry["output"]
            entry["output"] = scrubbed
    write_atomically(Path(results_path), json.dumps(results, indent=1))
    return changed


def write_atomically(path: Path, text: str) -> None:
    """Write ``text`` to ``path`` through a temporary file, so that it is never half-written."""
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


if __name__ == "__main__":  # python -m course_grading.scrub RESULTS_JSON TESTS_DIR
    scrub_results(Path(sys.argv[1]), Path(sys.argv[2]))
