"""Run one otter test file in the grading kernel, on the notebook's final state.

Sent to the kernel after ``stand_ins.py`` and followed by one call of
:func:`_grading_run_test_file` (see ``grading.testing``). The score goes to the kernel's own
stream, on a line of its own that starts with a nonce the grader made for this cell only: the
notebook's code ran before the nonce existed, so a second such line means a forgery.
"""


def _grading_run_test_file(payload, ok_format, path, canary, nonce):
    """Run the test file ``payload`` (an OK dict or a file's source); write its score line."""
    import json
    import sys

    from otter.test_files import ExceptionTestFile, OKTestFile

    environment = _grading_stand_ins() if canary else globals()  # noqa: F821 (sent before)
    if ok_format:
        test = OKTestFile.from_spec(payload, path=path)
    else:
        test = ExceptionTestFile.from_string(payload, path=path)
    test.run(environment)
    out = getattr(sys, "grading_stdout", sys.stdout)
    if out is not sys.stdout and hasattr(out, "set_parent"):  # the notebook replaced sys.stdout,
        out.set_parent(get_ipython().kernel.get_parent("shell"))  # noqa: F821 (so say which cell)
    out.write("\n" + nonce + json.dumps([test.score, test.possible]) + "\n")
    out.flush()
