"""Build a static site from executed lab notebooks: a page per lab and an index.

Usage::

    python -m instructors site                          # results/executed/ (full mode) -> site/
    python -m instructors site --source DIR --out DIR   # e.g. the quick-mode runs of the tests

Each page is nbconvert's HTML export of one executed notebook: its prose, code, outputs and
figures, the figures inside the page. Printed output is shown as a terminal leaves it (Keras's
progress bars at their last state, no control characters: :mod:`instructors.terminal`); a cell
folded in JupyterLab (the setup cell) is folded on the page too; the graded checks are left out,
and the page says so at its top and where each question's check was.

The index holds the course map (made from the labs' metadata, as the README's is) and the
README's results table, with links to the pages (and the Colab badges, when the course's home
is set). Open ``site/index.html`` from disk: nothing needs a server. The site is written next
to its final place and moved there whole, so a failed build leaves the previous one as it was.
"""

from __future__ import annotations

import argparse
import html
import json
import re
import shutil
import tempfile
from pathlib import Path

import mistune
import nbformat
from nbconvert import HTMLExporter
from otter.assign.blocks import BlockType, extract_fenced_otter_cell, is_block_boundary_cell

from instructors import badges, course_map, results, terminal
from instructors.lab_facts import read_facts
from utils.layout import README, RESULTS, ROOT, Home, lab_masters, lab_names, read_home

SOURCE = RESULTS / "executed"
TEMPLATES = Path(__file__).resolve().parent / "templates"  # the page's template: templates/site/
OUT = ROOT / "site"
LINK = re.compile(r"\[([^\]]*)\]\(([^)\s]+)\)")
# the map's link to a student version in the repository: the site has no page for it
STUDENT_LINK = re.compile(r" · \[student version\]\((?!https?://)[^)]*\)")
STYLE = """
body { font-family: system-ui, sans-serif; max-width: 72rem; margin: 2rem auto; padding: 0 1rem; }
table { border-collapse: collapse; font-size: 0.9rem; }
th, td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; vertical-align: top; }
nav.site { font-family: system-ui, sans-serif; padding: 0.6rem 1rem; background: #f3f3f3; }
nav.site a { margin-right: 1.2rem; }
p.site-note { font-family: system-ui, sans-serif; margin: 0.6rem 1rem; color: #444; }
details.site-folded > summary { cursor: pointer; padding: 0.3rem 0; color: #444; }
"""
FOLDED_SUMMARY = "Setup code (folded, as in Colab and JupyterLab): click to read it"
# the masters' prose says to run a question's `grader.check` cell, which a page leaves out
PAGE_NOTE = (
    "This page is the complete lab as it ran, solutions included. The graded checks "
    "(<code>grader.check</code> cells and their tests) are left out: where the text asks you "
    "to run one, it is in the student version, not here."
)
CHECK_LEFT_OUT = (
    "*The graded check of this question (a `grader.check` cell in the student version) is "
    "left out of this page.*"
)


SOLUTION_MARK = re.compile(r"\s*# ?(BEGIN|END) SOLUTION( NO PROMPT)?\s*", re.IGNORECASE)
HIDDEN_MARK = re.compile(r"\s*#\s*HIDDEN\s*($|\n)", re.IGNORECASE)
# a student version's check cell (the quick-mode runs are student versions): left out too
CHECK_CELL = re.compile(r"(\s*grader\.check(_all)?\([^\n]*\)\s*)+")


def readme_block(marker: str, readme: Path = README) -> str:
    """Return the README's Markdown between the ``marker``'s start and end comments."""
    text = readme.read_text(encoding="utf-8")
    start, end = f"<!-- {marker}:start -->", f"<!-- {marker}:end -->"
    if start not in text or end not in text:
        raise SystemExit(f"{readme}: no {start} ... {end} block")
    return text.split(start, 1)[1].split(end, 1)[0].strip()


def site_links(markdown: str, pages: set[str]) -> str:
    """Point the README's links at the site: a lab's notebook becomes its page.

    Web addresses stay; a link into the repository (a student version, a file) has no page on
    the site, so it becomes its text alone.
    """

    def relink(match: re.Match) -> str:
        text, target = match.groups()
        if target.startswith(("http://", "https://")):
            return match.group(0)
        lab = Path(target).stem
        if target == f"notebooks/{lab}.ipynb" and lab in pages:
            return f"[{text}]({lab}.html)"
        return text

    return LINK.sub(relink, STUDENT_LINK.sub("", markdown))


def course_map_markdown(home: Home | None) -> str:
    """Return the course map and its footnotes, made as the README's is (from the labs' facts)."""
    seconds = course_map.notebook_seconds(results.load_results())
    return course_map.readme_map(read_facts(lab_masters()), home, seconds)


def index_page(pages: set[str], home: Home | None) -> str:
    """Write the index: the course map and the results table, linked to the pages that exist."""
    to_html = mistune.create_markdown(plugins=["table"])
    rows = []
    for lab in lab_names():
        page = f'<a href="{lab}.html">{lab}</a>' if lab in pages else f"{lab} (not run yet)"
        badge = badges.student_badge_url(home, lab)
        colab = f' · <a href="{html.escape(badge)}">student version on Colab</a>' if badge else ""
        rows.append(f"<li>{page}{colab}</li>")
    return (
        "<!DOCTYPE html>\n<html lang='en'><head><meta charset='utf-8'>"
        f"<title>Deep learning on MNIST: the labs</title><style>{STYLE}</style></head><body>"
        "<h1>Deep learning on MNIST with Keras: the labs, executed</h1>"
        f"<ul>{''.join(rows)}</ul>{mirror_note(home)}"
        "<h2>Course map</h2>"
        + to_html(site_links(course_map_markdown(home), pages))
        + "<h2>Results</h2>"
        + to_html(site_links(readme_block("results-table"), pages))
        + "</body></html>\n"
    )


def mirror_note(home: Home | None) -> str:
    """Say where the Colab links open the notebooks when the course is fetched from a mirror."""
    if home is None or not home.address:
        return ""
    return (
        f"<p>The Colab links open the notebooks from GitHub ({html.escape(home.repository)}): "
        "Colab opens notebooks from GitHub only. Each notebook's setup cell then fetches the "
        f"course from {html.escape(home.address)}.</p>"
    )


def for_readers(notebook: nbformat.NotebookNode, lab: str = "") -> nbformat.NotebookNode:
    """Return the notebook without otter's parts: its markers, tests, prompts, solution marks.

    Blocks are found by otter's own rules (any case and spacing, fenced ```otter markdown
    cells too). A master's tests, hidden ones among them, must never reach a page; the
    students' prompts and the markers mean nothing to a reader of the solved lab. The prose,
    code, solutions and outputs stay.

    Raises
    ------
    SystemExit
        If a cell marked ``# HIDDEN`` would still be left: nothing is published then.
    """
    kept, skipping = [], None
    for cell in nbformat.from_dict(json.loads(json.dumps(notebook))).cells:
        cell = extract_fenced_otter_cell(cell)
        for block in (BlockType.TESTS, BlockType.PROMPT):
            if is_block_boundary_cell(cell, block):
                if block == BlockType.TESTS and skipping is None:
                    kept.append(nbformat.v4.new_markdown_cell(CHECK_LEFT_OUT))
                skipping = block
            elif is_block_boundary_cell(cell, block, end=True) and skipping == block:
                skipping = None
        if cell.cell_type == "raw" or skipping is not None:
            continue
        if cell.cell_type == "code" and CHECK_CELL.fullmatch(cell.source):
            kept.append(nbformat.v4.new_markdown_cell(CHECK_LEFT_OUT))
            continue
        if cell.cell_type == "code":
            cell.source = readable_code(cell.source)
            if HIDDEN_MARK.match(cell.source):
                raise SystemExit(f"{lab}: a hidden test outside a tests block; nothing published")
        kept.append(cell)
    return nbformat.from_dict({**notebook, "cells": kept})


def readable_code(source: str) -> str:
    """Return a solution cell's code without otter's marks: marker lines and prompt lines go."""
    lines, in_prompt = [], False
    for line in source.splitlines():
        mark = line.strip().upper()
        if mark == "# BEGIN PROMPT":
            in_prompt = True
        elif mark == "# END PROMPT":
            in_prompt = False
        elif not in_prompt and not SOLUTION_MARK.fullmatch(line):
            lines.append(re.sub(r"\s*# ?SOLUTION( NO PROMPT)?\s*$", "", line))
    return "\n".join(lines)


def lab_page(notebook: nbformat.NotebookNode, lab: str, labs: list[str]) -> str:
    """One executed notebook as a page, with links to the index and its neighbours."""
    readable = terminal.clean_outputs(for_readers(notebook, lab))
    exporter = HTMLExporter(template_name="site", extra_template_basedirs=[str(TEMPLATES)])
    body, _ = exporter.from_notebook_node(
        readable, resources={"metadata": {"name": lab}, "folded_summary": FOLDED_SUMMARY}
    )
    at = labs.index(lab)
    links = ['<a href="index.html">All labs</a>']
    if at > 0:
        links.append(f'<a href="{labs[at - 1]}.html">← {labs[at - 1]}</a>')
    if at + 1 < len(labs):
        links.append(f'<a href="{labs[at + 1]}.html">{labs[at + 1]} →</a>')
    nav = (
        f"<style>{STYLE}</style><nav class='site'>{''.join(links)}</nav>"
        f"<p class='site-note'>{PAGE_NOTE}</p>"
    )
    return re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav, body, count=1)


def read_executed(path: Path) -> nbformat.NotebookNode:
    """Read an executed notebook, or raise a one-line error naming the file."""
    try:
        return nbformat.read(path, as_version=4)
    except Exception as error:  # nbformat raises several kinds for a broken file
        raise SystemExit(f"{path}: not a readable notebook ({type(error).__name__})") from None


def build_site(source: Path, out: Path, home: Home | None = None) -> list[str]:
    """Write the site for the executed notebooks in ``source`` to ``out``; return its labs.

    Raises
    ------
    SystemExit
        With one line naming the folder or file, if ``source`` holds no lab or a broken one.
    """
    if not source.is_dir():
        raise SystemExit(
            f"{source}: no such folder of executed notebooks (instructors/results.py fills "
            "results/executed/, the test command results/quick/)"
        )
    labs = [lab for lab in lab_names() if (source / f"{lab}.ipynb").is_file()]
    if not labs:
        raise SystemExit(f"{source}: holds no executed lab notebook (NN_name.ipynb)")
    out.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out.name}-", dir=out.parent))
    staging.chmod(0o755)  # mkdtemp makes it private; a site is for reading
    try:
        for lab in labs:
            page = lab_page(read_executed(source / f"{lab}.ipynb"), lab, labs)
            (staging / f"{lab}.html").write_text(page, encoding="utf-8")
        (staging / "index.html").write_text(index_page(set(labs), home), encoding="utf-8")
        replace_folder(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return labs


def replace_folder(new: Path, target: Path) -> None:
    """Put ``new`` in ``target``'s place; the old site goes only once the new one is there."""
    old = target.with_name(f".{target.name}-old")
    shutil.rmtree(old, ignore_errors=True)
    if target.exists():
        target.rename(old)
    new.rename(target)
    shutil.rmtree(old, ignore_errors=True)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m instructors site", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--source", type=Path, default=SOURCE, help=f"default: {SOURCE}")
    parser.add_argument("--out", type=Path, default=OUT, help=f"default: {OUT}")
    args = parser.parse_args(argv)
    labs = build_site(args.source, args.out, read_home())
    print(f"{len(labs)} lab(s) → {args.out / 'index.html'}")


if __name__ == "__main__":
    main()
