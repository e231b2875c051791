"""Code that runs inside a grading kernel: real files here, sent to the kernel as text.

- ``stub_grader.py``: the first cell of every run: otter's ``grader`` does nothing while the
  notebook runs (the tests run after it), and the kernel's own output stream is kept;
- ``stand_ins.py``: the namespace of a question's canary run, whose every name is a stand-in
  that no correct test passes with;
- ``run_test_file.py``: runs one test file on the notebook's final state and writes its score on
  a line that starts with a nonce;
- ``canary_tests.py``: an otter test file whose every case fails, unless the notebook changed how
  tests run or are scored.

The grader never imports them (the kernel is another process, with another environment): it
reads them with :func:`source` (see :mod:`grading.cells` and :mod:`grading.testing`).
"""

from __future__ import annotations

import functools
from pathlib import Path

FOLDER = Path(__file__).resolve().parent


@functools.cache
def source(name: str) -> str:
    """Return the text of the file ``<name>.py`` of this folder, as the kernel gets it.

    Examples
    --------
    >>> "def _grading_stand_ins" in source("stand_ins")
    True
    """
    return (FOLDER / f"{name}.py").read_text(encoding="utf-8")
