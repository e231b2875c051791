"""Stamp the course's public home into the notebooks and the README.

The home is set in one place, ``pyproject.toml``'s ``[tool.mnist-labs.home]`` table: the GitHub
repository and the branch or tag that hold the student release (``python -m instructors
release`` publishes it there). From it this command writes

- the address every notebook's setup cell fetches the course from on Google Colab;
- an "Open in Colab" badge at the top of every master notebook (when
  ``[tool.mnist-labs.instructors]`` says where this repository is on GitHub) and of every student
  version (:mod:`instructors.build`, which this command runs, stamps those: each opens itself
  in the student release);
- the README's lab map, made from the labs' metadata (:mod:`instructors.course_map`), with
  its Colab links and the measured run times of ``results/results.json``.

It is one step: the stamped masters and README and every lab built from them are made in a
staging folder first and swapped in together, so an error or a kill leaves every file as it was
or all of them stamped (a swap cut short is finished by the next stamp or build).

With the home unset, it removes every badge and link and says what to set. The setup cell and
the "Setup" paragraph above it are written from one template (:mod:`instructors.badges`), so
they are the same in every notebook.

Usage::

    python -m instructors stamp
"""

from __future__ import annotations

import argparse
import shutil
from pathlib import Path

from instructors import build, course_map, masters, results
from instructors.badges import master_badge_url, stamp_notebook
from instructors.lab_facts import read_facts
from instructors.notebook_json import notebook_text, read_notebook
from instructors.workspace.staging import staging_folder, swap_in
from utils.layout import NOTEBOOKS, README, ROOT, Home, lab_masters, read_home


def stamp_readme(readme: str, home: Home | None, lab_notebooks: list[Path]) -> str:
    """Return the README with its lab map made again for ``home`` from the labs' facts.

    Raises
    ------
    SystemExit
        If a master's metadata is missing or malformed (the message names the notebook and
        the key), or the README's lab-map markers are missing.
    """
    seconds = course_map.notebook_seconds(results.load_results())
    lab_map = course_map.readme_map(read_facts(lab_notebooks), home, seconds)
    return course_map.with_lab_map(readme, lab_map)


def stamped_texts(home: Home | None) -> dict[Path, str]:
    """Return the new text of every master notebook and of the README that ``home`` changes.

    Raises
    ------
    SystemExit
        If a notebook has no title or setup cell, or the README's lab map is broken; the message
        names the file.
    """
    masters = lab_masters(NOTEBOOKS)
    texts = {}
    for path in masters:
        try:
            notebook = stamp_notebook(read_notebook(path), home, master_badge_url(home, path.stem))
        except (ValueError, KeyError) as error:
            raise SystemExit(f"{path}: {error}") from None
        texts[path] = notebook_text(notebook)
    texts[README] = stamp_readme(README.read_text(encoding="utf-8"), home, masters)
    return {path: text for path, text in texts.items() if path.read_text(encoding="utf-8") != text}


def stamp_masters(home: Home | None) -> list[Path]:
    """Stamp every master notebook and the README, as one step; return the files that changed.

    Every new text is made before any file is written, so a problem (a README row that
    matches no notebook, a notebook without its setup cell) leaves every file as it was.
    """
    texts = stamped_texts(home)
    swap_in_stamped(texts, [])
    return list(texts)


def stamp_course(home: Home | None) -> list[Path]:
    """Stamp the masters and the README and rebuild every lab from them, all as one step.

    The labs are built from the stamped masters' new texts, before anything is written: a
    master that does not build, or a kill at any point, leaves every file as it was, or all of
    them stamped and rebuilt (:func:`instructors.workspace.staging.swap_in`).

    Returns
    -------
    list of pathlib.Path
        The masters and README that changed (every lab is rebuilt).
    """
    build.finish_interrupted()  # a stamp or build a kill cut short is finished first
    texts = stamped_texts(home)
    swap_in_stamped(texts, build.graded_notebooks())
    return list(texts)


def swap_in_stamped(texts: dict[Path, str], labs: list[Path]) -> None:
    """Stage ``texts`` and the labs built from those masters, then swap them all in at once.

    The staging folder is a sibling of ``notebooks/``, and a staged master sits right in it, so
    that what a master names relative to itself (``../requirements.txt``) is found from there.
    """
    if not texts and not labs:
        return
    with staging_folder(NOTEBOOKS.parent, "stamp") as staging:
        moves = {}
        for path, text in texts.items():
            staged = staging / path.name
            staged.write_text(text, encoding="utf-8")
            shutil.copymode(path, staged)  # it replaces the file: keep the file's permissions
            moves[staged] = path
        for master in labs:
            source = staging / master.name if master in texts else master
            moves[build.stage_lab(source, staging / "labs")] = build.LABS / master.stem
        swap_in(staging, moves)


def advice(home: Home | None) -> str:
    """Say what the stamp did with ``home``, and what to set when something is missing."""
    if home is None:
        return (
            "No public home set, so no Colab badge or link anywhere, and the setup cell can't "
            "fetch the course on Colab. Set it in pyproject.toml:\n"
            '  [tool.mnist-labs.home]\n  repository = "OWNER/NAME"   # the student release\n'
            '  ref = "main"                 # its branch or tag\n'
            "then publish the release there (python -m instructors release --publish), rerun this."
        )
    lines = [f"Home: {home.repository} ({home.ref}); labs/ rebuilt with its badges."]
    if not home.instructors_repository:
        lines.append(
            "The master notebooks have no badge: set [tool.mnist-labs.instructors] repository "
            "to where this repository is on GitHub."
        )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    argparse.ArgumentParser(
        prog="python -m instructors stamp", description=__doc__.splitlines()[0]
    ).parse_args(argv)
    home = read_home()

    try:
        changed = stamp_course(home)
    except masters.MasterError as error:
        raise SystemExit(f"not stamped, every file left as it was: {error}") from None
    for path in changed:
        print(f"stamped {path.relative_to(ROOT)}")
    print(advice(home))


if __name__ == "__main__":
    main()
