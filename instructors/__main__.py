"""``python -m instructors COMMAND [ARGS]``: the instructors' command line.

Each command is a module of this package with a ``main(argv)`` (``new-lab`` is ``new_lab``); it
is imported only when run, so that ``site`` or ``stamp`` does not pay for TensorFlow.
"""

from __future__ import annotations

import importlib
import sys

COMMANDS = {
    "build": "make labs/<lab>/student and autograder from the master notebooks",
    "stamp": "write the course's public home into the notebooks and README, rebuild the labs",
    "release": "build or publish the student release",
    "grade": "grade a folder of submissions into a gradebook",
    "results": "run the labs in full mode: results/results.json and the README's table",
    "site": "make a static site of the executed labs",
    "sample": "make data/mnist_sample.npz from the full MNIST file",
    "new-lab": "start a lab: its master notebook and its answers module, from the template",
}


def usage() -> str:
    """Return the command line's help text: each command and what it does."""
    width = max(map(len, COMMANDS))
    lines = [f"  {name:<{width}}  {what}" for name, what in COMMANDS.items()]
    return (
        "usage: python -m instructors COMMAND [ARGS]  (COMMAND --help for its own)\n\n"
        + "\n".join(lines)
    )


def main(argv: list[str] | None = None) -> None:
    """Run the command ``argv[0]`` with the rest of ``argv``."""
    argv = sys.argv[1:] if argv is None else argv
    if not argv or argv[0] in ("-h", "--help"):
        print(usage())
        return
    command, rest = argv[0], argv[1:]
    if command not in COMMANDS:
        raise SystemExit(f"python -m instructors: no command {command!r}\n\n{usage()}")
    importlib.import_module(f"instructors.{command.replace('-', '_')}").main(rest)


if __name__ == "__main__":
    main()
