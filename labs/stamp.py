"""Stamp the course's public home into the notebooks and the README.

The home is set in one place, ``pyproject.toml``'s ``[tool.mnist-labs.home]`` table: the GitHub
repository and the branch or tag that hold the student release (``labs/release.py`` publishes
it there). From it this command writes

- the address every notebook's setup cell fetches the course from on Google Colab;
- an "Open in Colab" badge at the top of every master notebook (when
  ``[tool.mnist-labs.instructors]`` says where this repository is on GitHub) and of every student
  version (``labs/build.py``, which this command runs, stamps those: each opens itself in the
  student release);
- the Colab links of the README's lab map.

It is one step: the stamped masters and README and every lab built from them are made in a
staging folder first and swapped in together, so an error or a kill leaves every file as it was
or all of them stamped (a swap cut short is finished by the next stamp or build).

With the home unset, it removes every badge and link and says what to set. The setup cell and
the "Setup" paragraph above it are written from one template (``labs/setup_cell.py`` and
:data:`SETUP_MARKDOWN`), so they are the same in every notebook.

Usage::

    python labs/stamp.py
"""

from __future__ import annotations

import json
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path

if sys.version_info >= (3, 11):
    import tomllib
else:  # Python 3.10
    import tomli as tomllib

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from utils.files import staging_folder, swap_in, write_atomically  # noqa: E402

NOTEBOOKS = ROOT / "notebooks"
PYPROJECT = ROOT / "pyproject.toml"
README = ROOT / "README.md"
SETUP_CELL = Path(__file__).resolve().parent / "setup_cell.py"
CONFIG_TABLE = "tool.mnist-labs"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"
BADGE_PREFIX = "[![Open In Colab]"
HOME_LINE = re.compile(r"^COURSE_HOME = .*$", re.M)
# GitHub's owner/name (no ".git" ending, nothing that starts with a dot or a dash) and a git
# branch or tag name that can't be read as an option or climb out of refs/
REPOSITORY = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9_][A-Za-z0-9_.-]*(?<!\.git)")
REF = re.compile(r"(?!.*\.\.)(?!.*//)[A-Za-z0-9_][A-Za-z0-9_./-]*(?<![./])(?<!\.lock)")
ADDRESS = re.compile(r"[^\s\"'\\]+")
LAB_MAP_START, LAB_MAP_END = "<!-- lab-map:start -->", "<!-- lab-map:end -->"

SETUP_MARKDOWN = """\
## Setup

The next cell starts every lab. It finds the course's `utils` package (on Google Colab it
first fetches the course, once, from the course's public home), seeds every random generator
so that a rerun gives nearly the same numbers, and prints one line about the machine. Its code
is folded away in Colab and JupyterLab: click it to read it.

**A GPU makes full mode faster.** On Colab, choose *Runtime → Change runtime type → T4 GPU*
before you run anything; the setup line says `GPU: none` when there is none. Everything also
runs on a CPU, only slower."""


@dataclass(frozen=True)
class Home:
    """Where the student release (``repository`` at ``ref``) and the masters live on GitHub."""

    repository: str
    ref: str
    instructors_repository: str = ""
    instructors_ref: str = "main"
    address: str = ""  # where Colab clones the release from, if not GitHub (a mirror)

    @property
    def clone_url(self) -> str:
        """Return the git address the setup cell clones on Colab."""
        return self.address or f"https://github.com/{self.repository}.git"


def read_home(pyproject: Path = PYPROJECT) -> Home | None:
    """Read the course's public home from ``pyproject.toml``; None when it is unset.

    Raises
    ------
    SystemExit
        If a value is malformed; the message names the file and the key.
    """
    try:
        config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as error:
        raise SystemExit(f"{pyproject}: can't read it ({error})") from None
    table = config.get("tool", {}).get("mnist-labs", {})
    home, instructors = table.get("home", {}), table.get("instructors", {})
    for name, value in (("home", home), ("instructors", instructors)):
        if not isinstance(value, dict):
            raise SystemExit(f"{pyproject}: {CONFIG_TABLE}.{name} should be a table")
    values = {
        "home.repository": home.get("repository", ""),
        "home.ref": home.get("ref", "main"),
        "instructors.repository": instructors.get("repository", ""),
        "instructors.ref": instructors.get("ref", "main"),
        "home.address": home.get("address", ""),
    }
    patterns = {"repository": REPOSITORY, "ref": REF, "address": ADDRESS}
    expectations = {
        "repository": '"OWNER/NAME"',
        "ref": "a branch or tag name",
        "address": "a git address without spaces or quotes",
    }
    for key, value in values.items():
        kind = key.rsplit(".", 1)[1]
        if not isinstance(value, str) or (value and not patterns[kind].fullmatch(value)):
            expected = expectations[kind]
            raise SystemExit(f"{pyproject}: {CONFIG_TABLE}.{key} = {value!r}: expected {expected}")
    if not values["home.repository"]:
        return None
    if not values["home.ref"]:
        raise SystemExit(f"{pyproject}: [{CONFIG_TABLE}.home] ref is empty: name a branch or tag")
    return Home(
        repository=values["home.repository"],
        ref=values["home.ref"],
        instructors_repository=values["instructors.repository"],
        instructors_ref=values["instructors.ref"],
        address=values["home.address"],
    )


def colab_url(repository: str, ref: str, path: str) -> str:
    """Return the address that opens ``path`` of a GitHub repository in Colab."""
    return f"https://colab.research.google.com/github/{repository}/blob/{ref}/{path}"


def badge(url: str) -> str:
    """Make an "Open in Colab" badge (Markdown) that links to ``url``."""
    return f"{BADGE_PREFIX}({BADGE_IMAGE})]({url})"


def setup_cell_source(home: Home | None) -> str:
    """Return the setup cell, with the address it fetches the course from on Colab."""
    template = SETUP_CELL.read_text(encoding="utf-8").rstrip("\n")
    address = f'"{home.clone_url}", "{home.ref}"' if home else '"", ""'
    stamped, count = HOME_LINE.subn(f"COURSE_HOME = {address}", template)
    if count != 1:
        raise SystemExit(f"{SETUP_CELL}: expected one line starting with 'COURSE_HOME = '")
    return stamped


def set_badge(markdown: str, url: str | None) -> str:
    """Set the title cell's badge line (right under the title) to ``url``, or remove it."""
    lines = [line for line in markdown.split("\n") if not line.startswith(BADGE_PREFIX)]
    if url:
        lines.insert(1, badge(url))
    return "\n".join(lines)


def cell_text(cell: dict) -> str:
    """Return a cell's source as one string."""
    source = cell["source"]
    return source if isinstance(source, str) else "".join(source)


def set_text(cell: dict, text: str) -> None:
    """Replace a cell's source, in the line-list form Jupyter saves."""
    cell["source"] = text.splitlines(keepends=True)


def setup_cells(notebook: dict) -> tuple[dict, dict]:
    """Find the "## Setup" Markdown cell and the setup code cell after it.

    Raises
    ------
    ValueError
        If the notebook has no "## Setup" cell followed by a code cell.
    """
    cells = notebook["cells"]
    for index, cell in enumerate(cells[:-1]):
        if cell["cell_type"] == "markdown" and cell_text(cell).startswith("## Setup"):
            if cells[index + 1]["cell_type"] == "code":
                return cell, cells[index + 1]
    raise ValueError("no '## Setup' Markdown cell followed by the setup code cell")


def stamp_notebook(notebook: dict, home: Home | None, badge_url: str | None) -> dict:
    """Stamp one notebook in place: badge, Setup paragraph, setup cell; return it."""
    title = notebook["cells"][0]
    if title["cell_type"] != "markdown" or not cell_text(title).startswith("# "):
        raise ValueError("the first cell should be the Markdown title ('# Lab ...')")
    set_text(title, set_badge(cell_text(title), badge_url))
    markdown, code = setup_cells(notebook)
    set_text(markdown, SETUP_MARKDOWN)
    set_text(code, setup_cell_source(home))
    # folded away in Colab (a form cell) and JupyterLab; the settings cell below stays in view
    code["metadata"].update({"cellView": "form", "jupyter": {"source_hidden": True}})
    return notebook


def master_badge_url(home: Home | None, lab: str) -> str | None:
    """Colab address of a master notebook in the instructors' repository, if both are set."""
    if home is None or not home.instructors_repository:
        return None
    return colab_url(home.instructors_repository, home.instructors_ref, f"notebooks/{lab}.ipynb")


def student_path(lab: str) -> str:
    """Return a student version's path, the same here and in the student release."""
    return f"labs/{lab}/student/{lab}.ipynb"


def student_badge_url(home: Home | None, lab: str) -> str | None:
    """Colab address of a student version in the student release, if the home is set."""
    return None if home is None else colab_url(home.repository, home.ref, student_path(lab))


def lab_links(home: Home | None, lab: str) -> str:
    """Write the README lab map's "Notebook" cell for one lab."""
    links = [f"[`{lab}`](notebooks/{lab}.ipynb)", f"[student version]({student_path(lab)})"]
    if student_badge_url(home, lab):
        links.append(f"[student version in Colab]({student_badge_url(home, lab)})")
    if master_badge_url(home, lab):
        links.append(f"[solution in Colab]({master_badge_url(home, lab)})")
    return " · ".join(links)


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


def write_notebook(path: Path, notebook: dict) -> None:
    """Save a notebook as Jupyter does (one-space indent, a final newline)."""
    write_atomically(path, json.dumps(notebook, indent=1, ensure_ascii=False) + "\n")


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
            notebook = json.loads(path.read_text(encoding="utf-8"))
            notebook = stamp_notebook(notebook, home, master_badge_url(home, path.stem))
        except (ValueError, KeyError) as error:
            raise SystemExit(f"{path}: {error}") from None
        texts[path] = json.dumps(notebook, indent=1, ensure_ascii=False) + "\n"
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
    them stamped and rebuilt (:func:`utils.files.swap_in`).

    Returns
    -------
    list of pathlib.Path
        The masters and README that changed (every lab is rebuilt).
    """
    import build  # build imports this module

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
    import build

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
            "then publish the release there (python labs/release.py --publish) and rerun this."
        )
    lines = [f"Home: {home.repository} ({home.ref}); labs/ rebuilt with its badges."]
    if not home.instructors_repository:
        lines.append(
            "The master notebooks have no badge: set [tool.mnist-labs.instructors] repository "
            "to where this repository is on GitHub."
        )
    return "\n".join(lines)


def main() -> None:
    """Command-line entry point."""
    home = read_home()
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    import masters

    try:
        changed = stamp_course(home)
    except masters.MasterError as error:
        raise SystemExit(f"not stamped, every file left as it was: {error}") from None
    for path in changed:
        print(f"stamped {path.relative_to(ROOT)}")
    print(advice(home))


if __name__ == "__main__":
    main()
