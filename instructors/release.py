"""Build the student release, and publish it to the course's public home.

The release is the tree students may see, made fresh from this repository:
``utils/``, the MNIST sample in ``data/``, the student versions with their public tests in
``labs/<lab>/student/``, the students' README, their requirements, a ``pyproject.toml`` (so that
``pip install -e .`` works) and the licence. Nothing else: no master notebook, no solution, no
hidden test, no autograder, no instructors' tool. Before it is written anywhere, the tree is
scanned for solution and hidden-test text (:func:`find_leaks`); a leak stops the build.

Usage::

    python -m instructors release DIR         # build the release into DIR (replaced if there)
    python -m instructors release --publish   # commit it to the home's branch and push
    python -m instructors release --publish --remote URL --ref BRANCH   # another repository

Publishing clones the home's branch (or starts it), replaces its files with the release, and
pushes one commit that names this repository's commit; students then fetch it from there.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

from instructors import build, course_map
from instructors.grading import otter_tests
from instructors.lab_facts import read_facts
from instructors.notebook_json import cell_text, read_notebook
from instructors.workspace.scratch import scratch_folder, sweeper
from instructors.workspace.staging import finish_interrupted as finish_staged
from instructors.workspace.staging import staging_folder, swap_in
from utils.layout import ROOT, Home, read_home, read_pyproject

STUDENT_README = Path(__file__).resolve().parent / "templates" / "student_readme.md"
COPIED = ["LICENSE", "requirements.txt", "data/README.md", "data/mnist_sample.npz"]
# otter's markers: none of them may survive into what students see
MARKERS = [
    "BEGIN SOLUTION",
    "END SOLUTION",
    "# SOLUTION",
    "BEGIN QUESTION",
    "# HIDDEN",
    "BEGIN TESTS",
]
SHORTEST_LEAK = 12  # shorter lines ("return x", "model.fit(") are too common to mean anything
PYPROJECT = """\
# The student release of the course: `pip install -e .` makes its `utils` package importable
# from anywhere, e.g. a notebook opened outside this folder.
[build-system]
requires = ["setuptools>=64"]
build-backend = "setuptools.build_meta"

[project]
name = "mnist-keras-labs"
version = "{version}"
description = "Keras lab notebooks that teach deep learning on the MNIST digits (student release)"
requires-python = "{requires_python}"
license = {{ text = "MIT" }}

[tool.setuptools]
packages = ["utils"]
"""
GITIGNORE = ".venv/\n__pycache__/\n.ipynb_checkpoints/\n*.egg-info/\n.OTTER_LOG\n"


def project_metadata() -> dict:
    """Read the version and Python range of this repository's ``pyproject.toml``."""
    project = read_pyproject()["project"]
    return {"version": project["version"], "requires_python": project["requires-python"]}


def student_readme(home: Home | None, labs: list[str]) -> str:
    """Write the students' README: the template, with a lab map linking each student version."""
    facts = [lab for lab in read_facts(build.graded_notebooks()) if lab.lab in labs]
    lab_map = course_map.student_map(facts, home)
    if home is None:
        get = "(clone or download it from where your instructor published it)"
    else:
        get = (
            f"(`git clone --branch {home.ref} {home.clone_url} mnist-keras-labs`, then "
            "`cd mnist-keras-labs`)"
        )
    filled = {"<!-- lab-map -->": lab_map, "<!-- get-the-course -->": get}
    filled["<!-- open-on-colab -->"] = colab_step(home)
    template = STUDENT_README.read_text(encoding="utf-8")
    for marker, text in filled.items():
        if template.count(marker) != 1:
            raise SystemExit(f"{STUDENT_README} needs one {marker} marker")
        template = template.replace(marker, text)
    return template


def colab_step(home: Home | None) -> str:
    """Say how to open a lab on Colab: from its badge, or (no home set) that there is none."""
    if home is None:  # the map then says "(no Colab link set)": don't point at a badge
        return (
            "This copy of the course has no Colab links: its instructors have not set where "
            "Colab fetches it from, so work on your own computer."
        )
    return (
        "On Google Colab, click the lab's \"Open in Colab\" badge above: the notebook's first "
        "cell fetches the rest of the course by itself."
    )


def write_tree(tree: Path, assigned: dict[str, Path], home: Home | None) -> None:
    """Write the release into the empty folder ``tree`` from freshly assigned labs."""
    shutil.copytree(
        ROOT / "utils", tree / "utils", ignore=shutil.ignore_patterns("__pycache__", "*.pyc")
    )
    for name in COPIED:
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(ROOT / name, tree / name)
    for lab, folder in assigned.items():
        shutil.copytree(folder / "student", tree / "labs" / lab / "student")
    (tree / "README.md").write_text(student_readme(home, sorted(assigned)), encoding="utf-8")
    (tree / "pyproject.toml").write_text(PYPROJECT.format(**project_metadata()), encoding="utf-8")
    (tree / ".gitignore").write_text(GITIGNORE, encoding="utf-8")


def assign_all(scratch: Path, home: Home | None) -> dict[str, Path]:
    """Lab name → folder of a fresh ``otter assign`` of its master, under ``scratch``."""
    assigned = {}
    for master in build.graded_notebooks():
        assigned[master.stem] = scratch / master.stem
        build.assign(master, assigned[master.stem], home=home)
    return assigned


def answer_lines(assigned: Path, lab: str) -> set[str]:
    """Collect the lines otter removed from the answer cells: the solutions, line by line."""
    versions = [
        read_notebook(assigned / version / f"{lab}.ipynb")["cells"]
        for version in ("student", "autograder")
    ]
    removed = set()
    for mine, solved in zip(*versions, strict=True):
        kept = set(cell_text(mine).splitlines())
        removed |= {line for line in cell_text(solved).splitlines() if line not in kept}
    return removed


def hidden_test_lines(assigned: Path) -> set[str]:
    """Collect the code lines of a lab's hidden test cases (lines public cases share left out)."""
    hidden, public = set(), set()
    for test_file in otter_tests.read_test_folder(assigned / "autograder" / "tests"):
        for case in test_file.cases:
            (hidden if case.hidden else public).update(
                line.strip() for line in case.source.splitlines()
            )
    return hidden - public


def secrets(assigned: dict[str, Path]) -> set[str]:
    """Collect the distinctive lines of every solution and hidden test.

    A line that students see anyway, in any student version or in ``utils/`` (an import, a
    function's signature, a common idiom), is course content, not a secret.
    """
    shown = "\n".join(
        [
            path.read_text(encoding="utf-8")
            for lab, folder in assigned.items()
            for path in [folder / "student" / f"{lab}.ipynb", *(folder / "student").rglob("*.py")]
        ]
        + [path.read_text(encoding="utf-8") for path in (ROOT / "utils").glob("*.py")]
    )
    found = set()
    for lab, folder in assigned.items():
        for line in answer_lines(folder, lab) | hidden_test_lines(folder):
            text = line.strip()
            if (
                len(text) >= SHORTEST_LEAK
                and text not in shown
                and json.dumps(text)[1:-1] not in shown
            ):
                found.add(text)
    return found


def find_leaks(tree: Path, assigned: dict[str, Path]) -> list[str]:
    """Every place in ``tree`` that holds a solution, a hidden test or otter's markers.

    Returns
    -------
    list of str
        ``"path: what"`` entries; empty when the release is clean.
    """
    lines = secrets(assigned)
    leaks = []
    for path in sorted(tree.rglob("*")):
        relative = path.relative_to(tree)
        if path.is_dir() and path.name in {"autograder", "notebooks"}:
            leaks.append(f"{relative}: a folder students must not get")
        if not path.is_file() or path.suffix == ".npz" or ".git" in relative.parts:
            continue
        text = path.read_text(encoding="utf-8", errors="replace")
        # notebooks store their lines as JSON strings: compare in both forms
        forms = [text, text.replace('\\"', '"').replace("\\n", "\n")]
        leaks += [f"{relative}: otter marker {m!r}" for m in MARKERS if any(m in f for f in forms)]
        if otter_tests.marks_hidden_case(text):
            leaks.append(f"{relative}: a hidden test case")
        leaks += [f"{relative}: {s!r}" for s in sorted(lines) if any(s in form for form in forms)]
    return leaks


def replace_refusal(folder: Path) -> str | None:
    """Say why ``folder`` may not be replaced by a release; None when it may.

    It may when it is missing, empty, or an earlier release built by this command.
    """
    if not folder.exists():
        return None
    if not folder.is_dir():
        return "is a file, not a folder"
    names = {entry.name for entry in folder.iterdir()}
    if ".git" in names:
        return "is a git repository (a clone of the home?): publish with --publish instead"
    if names and not ({"utils", "labs", "README.md"} <= names and "notebooks" not in names):
        return "is not empty and not an earlier student release"
    return None


def build_release(destination: Path, home: Home | None) -> Path:
    """Build the student release into ``destination``, replacing an earlier release there.

    The tree is written beside ``destination`` and swapped in only once it is complete and
    clean, so ``destination`` is never half-written.

    Parameters
    ----------
    destination : pathlib.Path
        A new or empty folder, or one that holds an earlier release.
    home : Home or None
        The public home for the Colab badges; None for none.

    Raises
    ------
    SystemExit
        If ``destination`` holds something else or can't be written, or if the release would
        hold a solution or a hidden test (each place is listed).
    """
    destination = Path(destination).resolve()
    refusal = "is this repository" if destination == ROOT else replace_refusal(destination)
    if refusal:
        raise SystemExit(f"{destination} {refusal}; name a new folder")
    try:
        return swap_in_release(destination, home)
    except OSError as error:  # a read-only folder, a file in the path, a mount point
        reason = error.strerror or str(error)  # the swap's own errors have no strerror
        raise SystemExit(f"can't write the release to {destination}: {reason}") from None


def swap_in_release(destination: Path, home: Home | None) -> Path:
    """Build the release beside ``destination``, then put it in its place.

    The labs are assigned in a scratch folder under the system's temporary folder (they hold
    the solutions and the hidden tests); only the release's tree is staged beside
    ``destination``, and swapped in once it is scanned. Both scratch folders go when this
    returns, or when the process is killed; what a run that died left beside ``destination``
    goes at the next one's start.
    """
    destination.parent.mkdir(parents=True, exist_ok=True)
    finish_interrupted(destination.parent)
    sweeper()  # started before any scratch folder: a kill meanwhile would leave one
    with scratch_folder(prefix="release-assigned-") as outside:
        assigned = assign_all(outside, home)
        with staging_folder(destination.parent, destination.name) as staging:
            tree = staging / "tree"
            tree.mkdir()
            write_tree(tree, assigned, home)
            leaks = find_leaks(tree, assigned)
            if leaks:
                raise SystemExit("the release would give students:\n  " + "\n  ".join(leaks))
            swap_in(staging, {tree: destination})
    return destination


# the scratch folders of releases before they were staged (tempfile's names): `.release.k2j4h5g6/`
OLD_SCRATCH = re.compile(r"\.release\.[a-z0-9_]{8}")


def finish_interrupted(parent: Path) -> None:
    """Finish or remove what killed release builds left in ``parent``; say each on stderr."""
    for line in finish_staged(parent):
        print(line, file=sys.stderr)
    for folder in sorted(parent.glob(".release.*")):
        names = {path.name for path in folder.iterdir()} if folder.is_dir() else {""}
        if OLD_SCRATCH.fullmatch(folder.name) and names <= {"assigned", "tree", "previous"}:
            shutil.rmtree(folder)
            print(f"removed {folder}, left by an interrupted release build", file=sys.stderr)


def git(*arguments: str, cwd: Path) -> str:
    """Run git in ``cwd``; return its output, or stop with git's own message."""
    done = subprocess.run(["git", *arguments], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        reason = " ".join(done.stderr.split()) or f"exit code {done.returncode}"
        raise SystemExit(f"git {' '.join(arguments)}: {reason}")
    return done.stdout.strip()


def source_commit() -> str:
    """Name this repository's commit, for the release's commit message ("unknown" outside git)."""
    done = subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        return "unknown"
    dirty = subprocess.run(["git", "status", "--porcelain"], cwd=ROOT, capture_output=True)
    return done.stdout.strip() + (" with uncommitted changes" if dirty.stdout.strip() else "")


def publish(remote: str, ref: str, home: Home | None = None) -> str:
    """Commit a fresh release to branch ``ref`` of the git repository ``remote`` and push it.

    Returns
    -------
    str
        The new commit's hash, or the current one when the release is unchanged.

    Raises
    ------
    SystemExit
        If ``remote`` can't be reached, ``ref`` is a tag, or (once pushed) ``remote``'s HEAD
        names a branch it does not have: each message says what to do.
    """
    with scratch_folder(prefix="release-") as scratch:
        work = scratch / "home"
        cloned = subprocess.run(
            ["git", "clone", "-q", "--depth=1", "-b", ref, remote, str(work)],
            capture_output=True,
            text=True,
        )
        if cloned.returncode != 0:  # a new home, or a new branch: start it
            if subprocess.run(["git", "ls-remote", remote], capture_output=True).returncode:
                raise SystemExit(f"can't reach {remote}: {' '.join(cloned.stderr.split())}")
        tags = subprocess.run(
            ["git", "ls-remote", "--tags", remote, f"refs/tags/{ref}"],
            capture_output=True,
            text=True,
        )
        if tags.stdout.strip():
            raise SystemExit(
                f"{ref} is a tag of {remote}: a tag stays where it is. Publish to a branch "
                f"(--ref), then tag that commit, and set the home's ref to the new tag."
            )
        if cloned.returncode != 0:
            work.mkdir()
            git("init", "-q", "-b", ref, cwd=work)
            git("remote", "add", "origin", remote, cwd=work)
        release = build_release(scratch / "release", home)
        for entry in work.iterdir():
            if entry.name != ".git":
                shutil.rmtree(entry) if entry.is_dir() else entry.unlink()
        for entry in release.iterdir():
            shutil.move(str(entry), work / entry.name)
        git("add", "-A", cwd=work)
        if git("status", "--porcelain", cwd=work):  # else the release is unchanged
            identity = ["-c", "user.name=MNIST labs release", "-c", "user.email=release@localhost"]
            message = f"Student release built from {source_commit()}"
            git(*identity, "commit", "-q", "-m", message, cwd=work)
            git("push", "-q", "origin", f"HEAD:refs/heads/{ref}", cwd=work)
        commit = git("rev-parse", "HEAD", cwd=work)
    problem = head_problem(remote, ref)
    if problem:
        raise SystemExit(f"published {commit[:12]} to {ref}, but {problem}")
    return commit


def head_problem(remote: str, ref: str) -> str | None:
    """Say what is wrong when ``remote``'s HEAD names a branch it does not have; None if not.

    A bare repository made by a plain ``git init --bare`` points its HEAD at ``master`` (or
    git's configured default); with the release on ``main`` a plain ``git clone`` then checks
    out nothing ("remote HEAD refers to nonexistent ref"). git advertises no HEAD then.
    """
    listed = subprocess.run(["git", "ls-remote", remote], capture_output=True, text=True)
    names = {line.split("\t", 1)[1] for line in listed.stdout.splitlines() if "\t" in line}
    if listed.returncode != 0 or "HEAD" in names or not names:
        return None
    return (
        f"{remote}'s HEAD names a branch it does not have, so a plain git clone gets no files. "
        f"Point it at {ref}: git --git-dir=PATH.git symbolic-ref HEAD refs/heads/{ref} "
        f"(or make the home with git init --bare -b {ref}; on GitHub, make {ref} the default "
        "branch)"
    )


def uncommitted_changes(root: Path = ROOT) -> list[str]:
    """List this repository's tracked files with uncommitted changes (empty outside git).

    The release's commit message names this repository's commit: publishing from uncommitted
    files (a stamp not yet committed) would name a commit that does not hold what was published.
    """
    done = subprocess.run(
        ["git", "status", "--porcelain", "--untracked-files=no"],
        cwd=root,
        capture_output=True,
        text=True,
    )
    return [line[3:] for line in done.stdout.splitlines()] if done.returncode == 0 else []


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    os.environ.setdefault("PYTHONDONTWRITEBYTECODE", "1")  # no __pycache__ in the release
    parser = argparse.ArgumentParser(
        prog="python -m instructors release", description=__doc__.splitlines()[0]
    )
    parser.add_argument("destination", nargs="?", type=Path, help="folder to build it into")
    parser.add_argument("--publish", action="store_true", help="push it to the public home")
    parser.add_argument("--remote", help="git address to publish to (default: the home's)")
    parser.add_argument("--ref", help="branch to publish to (default: the home's ref)")
    args = parser.parse_args(argv)
    if args.publish == (args.destination is not None):
        parser.error("give either a destination folder or --publish")
    if args.destination is not None and (args.remote or args.ref):
        parser.error("--remote and --ref go with --publish")
    home = read_home()
    if args.destination is not None:
        print(f"student release → {build_release(args.destination, home)}")
        return
    if home is None and not (args.remote and args.ref):
        sys.exit(
            "No public home set: set [tool.mnist-labs.home] repository and ref in "
            "pyproject.toml (or pass --remote and --ref)."
        )
    changed = uncommitted_changes()
    if changed:
        sys.exit(
            f"not published: {len(changed)} file(s) with uncommitted changes "
            f"({', '.join(changed[:4])}{', ...' if len(changed) > 4 else ''}); the release would "
            "name a commit that lacks them. Commit them (after a stamp: git commit -am "
            '"Stamp the course\'s public home"), then publish again.'
        )
    remote = args.remote or home.clone_url
    ref = args.ref or home.ref
    for warning in publish_warnings(home, remote, ref):
        print(f"warning: {warning}")
    before = remote_commit(remote, ref)
    commit = publish(remote, ref, home)
    state = "unchanged" if commit == before else "published"
    print(f"{state}: {commit[:12]} on {remote} ({ref})")


def publish_warnings(home: Home | None, remote: str, ref: str) -> list[str]:
    """List what is odd about publishing to ``remote`` at ``ref``, for the home in the notebooks."""
    if home is None:
        return [
            "no public home is set: the release's notebooks have no Colab badge and can't "
            "fetch the course on Colab (set [tool.mnist-labs.home]; python -m instructors stamp)"
        ]
    warnings = []
    github = f"https://github.com/{home.repository}.git"
    if ref != home.ref:
        warnings.append(f"the notebooks' badges and setup cells name {home.ref!r}, not {ref!r}")
    if remote not in {home.clone_url, github}:
        warnings.append(f"the notebooks fetch the course from {home.clone_url}, not {remote}")
    if home.address and remote != github:
        # Colab opens a notebook from GitHub only (colab.research.google.com/github/...)
        warnings.append(
            f"the Colab badges open the notebooks from {github} (Colab opens notebooks from "
            f"GitHub only): publish there too, with --remote {github}"
        )
    return warnings


def remote_commit(remote: str, ref: str) -> str | None:
    """Return the commit that branch ``ref`` of ``remote`` points at, or None."""
    done = subprocess.run(
        ["git", "ls-remote", remote, f"refs/heads/{ref}"], capture_output=True, text=True
    )
    return done.stdout.split()[0] if done.returncode == 0 and done.stdout.strip() else None


if __name__ == "__main__":
    main()
