"""Stamp the course's public home into the notebooks and the README.

The home is set in one place, ``pyproject.toml``'s ``[tool.mnist-labs.home]`` table: the GitHub
repository and the branch or tag that hold the student release (``python -m instructors
release`` publishes it there). From it this command writes

- the address every notebook's setup cell fetches the course from on Google Colab;
- an "Open in Colab" badge at the top of every master notebook (when
  ``[tool.mnist-labs.instructors]`` says where this repository is on GitHub) and of every student
  version (:mod:`instructors.build`, which this command runs, stamps those: each opens itself
  in the student release);
- the Colab links of the README's lab map.

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

from instructors import build, masters
from instructors.badges import lab_links, master_badge_url, stamp_notebook
from instructors.notebook_json import notebook_text, read_notebook
from instructors.workspace.staging import staging_folder, swap_in
from utils.layout import NOTEBOOKS, README, ROOT, Home, read_home

LAB_MAP_START, LAB_MAP_END = "<!-- lab-map:start -->", "<!-- lab-map:end -->"


def lab_map_rows(readme: str, labs: list[str]) -> dict[str, list[str]]:
    """Map each lab to the cells of its row in the README's lab map.

    Raises
    ------
    SystemExit
        If the markers are missing, or a row has no notebook, or a notebook no row.
    """
    if readme.count(LAB_MAP_START) != 1 or readme.count(LAB_MAP_END) != 1:
        raise SystemExit(f"README.md needs one {LAB_MAP_START} and one {LAB_MAP_END} marker")
    table = readme.split(LAB_MAP_START)[1].split(LAB_MAP_END)[0].strip().splitlines()
    rows = {}
    for line in table[2:]:
        cells = [cell.strip() for cell in line.strip().strip("|").split(" | ")]
        lab = next((name for name in labs if name.startswith(cells[0] + "_")), None)
        if lab is None or lab in rows:
            raise SystemExit(
                f"README.md lab map: the row {cells[0]!r} matches no notebook, or "
                f"one that has a row already (notebooks: {', '.join(labs)})"
            )
        rows[lab] = cells
    missing = sorted(set(labs) - set(rows))
    if missing:
        raise SystemExit(f"README.md lab map: no row for {', '.join(missing)}")
    return rows


def stamp_readme(readme: str, home: Home | None, labs: list[str]) -> str:
    """Rewrite the links of each lab map row of the README for ``home``."""
    rows = lab_map_rows(readme, labs)
    start, rest = readme.split(LAB_MAP_START)
    table, end = rest.split(LAB_MAP_END)
    header = table.strip().splitlines()[:2]
    lines = []
    for lab, cells in rows.items():
        cells = [cells[0], lab_links(home, lab), *cells[2:]]
        lines.append("| " + " | ".join(cells) + " |")
    return f"{start}{LAB_MAP_START}\n" + "\n".join(header + lines) + f"\n{LAB_MAP_END}{end}"


def stamped_texts(home: Home | None) -> dict[Path, str]:
    """Return the new text of every master notebook and of the README that ``home`` changes.

    Raises
    ------
    SystemExit
        If a notebook has no title or setup cell, or the README's lab map is broken; the message
        names the file.
    """
    masters = sorted(NOTEBOOKS.glob("*.ipynb"))
    texts = {}
    for path in masters:
        try:
            notebook = stamp_notebook(read_notebook(path), home, master_badge_url(home, path.stem))
        except (ValueError, KeyError) as error:
            raise SystemExit(f"{path}: {error}") from None
        texts[path] = notebook_text(notebook)
    texts[README] = stamp_readme(
        README.read_text(encoding="utf-8"), home, [path.stem for path in masters]
    )
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
