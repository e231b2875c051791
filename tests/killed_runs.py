"""Kill the course's tools part way, in a small copy of the course, and look at what is left.

The copy holds the instructors' package, ``utils/``, the data sample and one master notebook,
the tests' tiny lab (given a setup cell, so that ``python -m instructors stamp`` can stamp it),
built and committed to a git repository of its own. A tool runs there as a subprocess, through
:data:`DRIVER`, which can make it wait at a known point (it prints the point's name) for the
test to kill it.
"""

from __future__ import annotations

import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil

from conftest import ROOT

LAB = "00_tiny"
TINY = ROOT / "tests" / "tiny_lab" / f"{LAB}.ipynb"
HIDDEN = "test_double_hidden"  # a hidden test's name: where it is found, hidden tests are
COPIED = [
    "instructors",
    "utils",
    "data",
    "pyproject.toml",
    "requirements.txt",
    "LICENSE",
    ".gitignore",
]
TEST_HOME = '[tool.mnist-labs.home]\nrepository = "example/mnist-keras-labs"\nref = "v2026"\n'

# Runs instructors.<tool>'s main() in the copy. KILL_AT="assigned" waits after the first otter
# assign (hidden tests and solutions exist); KILL_AT="moved" waits after each move of the swap
# (the new code's committer does it, through MNIST_LABS_SWAP_PAUSE; the old code renamed in
# place). Each wait prints its name first.
DRIVER = """
import importlib, os, pathlib, sys, time
from instructors import build
kill_at = os.environ.get("KILL_AT")

def waiting(function, name):
    def wrapper(*args, **kwargs):
        result = function(*args, **kwargs)
        print(name, flush=True)
        time.sleep(60)
        return result
    return wrapper

if kill_at == "assigned":
    build.assign = waiting(build.assign, "assigned")
if kill_at == "moved":
    labs = pathlib.Path("labs").resolve()
    rename = pathlib.Path.rename
    pathlib.Path.rename = lambda self, target: (
        waiting(rename, "moved 1") if self.resolve().parent == labs else rename
    )(self, target)
importlib.import_module("instructors." + sys.argv[1]).main(sys.argv[2:])
"""


def git(course: Path, *arguments: str) -> str:
    """Run git in the copy; return its output."""
    done = subprocess.run(
        ["git", "-c", "user.name=t", "-c", "user.email=t@t", *arguments],
        cwd=course,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def tiny_master() -> dict:
    """The tiny lab, with the "## Setup" cell and setup code cell that stamp writes into."""
    notebook = json.loads(TINY.read_text(encoding="utf-8"))
    setup = [
        {"cell_type": "markdown", "id": "setup-md", "metadata": {}, "source": ["## Setup"]},
        {
            "cell_type": "code",
            "execution_count": None,
            "id": "setup-code",
            "metadata": {},
            "outputs": [],
            "source": ["COURSE_HOME = '', ''"],
        },
    ]
    notebook["cells"][1:1] = setup
    return notebook


def make_course(course: Path) -> Path:
    """Make the copy in the new folder ``course``: stamped, built and committed."""
    (course / "labs").mkdir(parents=True)
    for name in COPIED:
        source = ROOT / name
        if source.is_dir():
            shutil.copytree(source, course / name, ignore=shutil.ignore_patterns("__pycache__"))
        else:
            shutil.copy(source, course / name)
    # its lab map still lists the course's labs: the stamp below makes it from the tiny lab's facts
    shutil.copy(ROOT / "README.md", course / "README.md")
    (course / "notebooks").mkdir()
    master = course / "notebooks" / f"{LAB}.ipynb"
    master.write_text(json.dumps(tiny_master(), indent=1) + "\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-m", "instructors", "stamp"],
        cwd=course,
        check=True,
        capture_output=True,
        text=True,
    )
    git(course, "init", "-q", "-b", "main")
    git(course, "add", "-A")
    git(course, "commit", "-q", "-m", "the tiny course")
    return course


def copy_course(template: Path, folder: Path) -> Path:
    """Copy a course made by :func:`make_course` (git repository included) into ``folder``."""
    return Path(shutil.copytree(template, folder / "course", symlinks=True))


def set_home(course: Path) -> None:
    """Set the copy's public home and commit it: the next stamp changes every notebook."""
    pyproject = course / "pyproject.toml"
    text = pyproject.read_text(encoding="utf-8")
    start = text.index("[tool.mnist-labs.home]")
    end = text.index("[", start + 1)
    pyproject.write_text(text[:start] + TEST_HOME + "\n" + text[end:], encoding="utf-8")
    git(course, "commit", "-q", "-am", "a public home")


class Run:
    """A tool running in the copy: ``python DRIVER tool arguments...``, its own temp folder."""

    def __init__(self, course: Path, tool: str, *arguments: str, kill_at: str = "", **env: str):
        self.temp = course.parent / "tmp"
        self.temp.mkdir(exist_ok=True)
        environment = {**os.environ, "TMPDIR": str(self.temp), "KILL_AT": kill_at, **env}
        environment.pop("PYTHONPATH", None)
        self.process = subprocess.Popen(
            [sys.executable, "-c", DRIVER, tool, *arguments],
            cwd=course,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )

    def kill_when(self, line: str, seconds: float = 60, *, committer_too: bool = False) -> str:
        """Kill the tool (SIGKILL) once it prints a line that starts with ``line``.

        With ``committer_too``, the process that makes its swap's moves is killed first, as
        when the machine goes down: only the next run can finish the swap then.
        """
        seen = []
        timer = threading.Timer(seconds, self.process.kill)  # a tool that never gets there
        timer.start()
        for printed in self.process.stdout:
            seen.append(printed)
            if printed.startswith(line):
                break
        timer.cancel()
        if committer_too:
            children = psutil.Process(self.process.pid).children(recursive=True)
            committers = [
                child for child in children if "committer.py" in " ".join(child.cmdline())
            ]
            assert len(committers) == 1, children
            committers[0].kill()
            committers[0].wait(timeout=10)
        self.kill()
        assert seen and seen[-1].startswith(line), "".join(seen)[-2000:]
        return "".join(seen)

    def kill_after(self, seconds: float) -> None:
        """Kill the tool (SIGKILL) ``seconds`` after it started, if it still runs."""
        try:
            self.process.wait(timeout=seconds)
        except subprocess.TimeoutExpired:
            self.kill()

    def kill(self, signum: int = signal.SIGKILL) -> None:
        """Send the tool ``signum`` and wait for it to end."""
        self.process.send_signal(signum)
        self.process.wait(timeout=60)

    def finish(self) -> str:
        """Wait for the tool to end by itself; return its output."""
        output, _ = self.process.communicate(timeout=120)
        assert self.process.returncode == 0, output[-2000:]
        return output


def random_delays(count: int, longest: float) -> tuple[int, list[float]]:
    """A seed (to name in a failure) and ``count`` delays drawn from it, up to ``longest``."""
    seed = random.SystemRandom().randrange(10**6)
    chooser = random.Random(seed)
    return seed, [chooser.uniform(0.2, longest) for _ in range(count)]


def within(check, seconds: float = 10.0) -> bool:
    """Wait up to ``seconds`` for ``check()`` to be true (the sweeper works after a kill)."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


def scratch_left(*folders: Path) -> list[str]:
    """Scratch folders in ``folders``: staging folders, and the names older builds gave theirs."""
    return [
        str(path)
        for folder in folders
        if folder.is_dir()
        for path in folder.iterdir()
        if path.name.startswith((".staging-", ".release.", f".{LAB}."))
    ]


def assert_no_scratch(course: Path, *folders: Path, why: str = "") -> None:
    """No scratch folder in ``folders`` or in the run's temporary folder, after a kill.

    The sweeper (and a swap's committer) get a few seconds to finish their work.
    """
    left = lambda: scratch_left(*folders)  # noqa: E731
    assert within(lambda: not left()), (why, left())
    temp = course.parent / "tmp"
    assert within(lambda: not any(temp.iterdir())), (why, list(temp.iterdir()))


def holds_hidden_tests(path: Path) -> bool:
    """Whether a file or folder holds a hidden test's text."""
    found = [path] if path.is_file() else [p for p in path.rglob("*") if p.is_file()]
    return any(HIDDEN.encode() in p.read_bytes() for p in found)


def new_entries(course: Path, before: set[str]) -> list[str]:
    """New untracked or ignored entries of ``git status --porcelain --ignored`` with hidden tests.

    The lab's own autograder zip, rebuilt with a new time in its name, is the lab's; anything
    else new that holds a hidden test could be published by ``git add -A``, or was left behind.
    (Tracked files that changed are the tools' work: the master holds hidden tests anyway.)
    """
    lines = set(git(course, "status", "--porcelain", "--ignored").splitlines()) - before
    return sorted(
        line
        for line in lines
        if line.startswith(("??", "!!"))
        and not re.fullmatch(rf"!! labs/{LAB}/autograder/{LAB}-autograder_\w+\.zip", line)
        and holds_hidden_tests(course / line[3:].rstrip("/"))
    )


def lab_is_whole(course: Path) -> bool:
    """Whether ``labs/<lab>/`` holds every committed file, nothing more, and its autograder zip."""
    lab = course / "labs" / LAB
    committed = git(course, "ls-files", f"labs/{LAB}").splitlines()
    untracked = git(course, "status", "--porcelain", "--untracked-files=all", "--", f"labs/{LAB}")
    return (
        all((course / path).is_file() for path in committed)
        and "??" not in untracked
        and len(list((lab / "autograder").glob("*.zip"))) == 1
    )


def stamped(course: Path) -> dict[str, bool]:
    """For every file stamp writes: whether it names the test home."""
    paths = [course / "README.md", course / "notebooks" / f"{LAB}.ipynb"]
    paths += sorted((course / "labs" / LAB).glob("*/*.ipynb"))
    return {
        str(path.relative_to(course)): "example/mnist-keras-labs" in path.read_text("utf-8")
        for path in paths
    }
