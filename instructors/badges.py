"""What stamping writes into a notebook: its Colab badge, the Setup paragraph and setup cell.

The setup cell and the "Setup" paragraph above it are written from one template
(``templates/setup_cell.py`` and :data:`SETUP_MARKDOWN`), so they are the same in every notebook;
the badges open a notebook in Colab from the course's public home (:class:`utils.layout.Home`).
"""

from __future__ import annotations

import re
from pathlib import Path

from instructors.notebook_json import cell_text, set_text
from utils.layout import Home

SETUP_CELL = Path(__file__).resolve().parent / "templates" / "setup_cell.py"
BADGE_IMAGE = "https://colab.research.google.com/assets/colab-badge.svg"

BADGE_PREFIX = "[![Open In Colab]"

HOME_LINE = re.compile(r"^COURSE_HOME = .*$", re.M)

SETUP_MARKDOWN = """\
## Setup

The next cell starts every lab. It finds the course's `utils` package (on Google Colab it
first fetches the course, once, from the course's public home), seeds every random generator
so that a rerun gives nearly the same numbers, and prints one line about the machine. Its code
is folded away in Colab and JupyterLab: click it to read it.

**A GPU makes full mode faster.** On Colab, choose *Runtime → Change runtime type → T4 GPU*
before you run anything; the setup line says `GPU: none` when there is none. Everything also
runs on a CPU, only slower."""


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
