"""The course map, made from the labs' facts: the README's, the students' and the site's.

Each lab's topic, key concepts, the labs it builds on, working time and central model come
from its master notebook's metadata (:mod:`instructors.lab_facts`); its full-mode run time from
``results/results.json`` (``python -m instructors results`` measures it); its links from the
course's public home (:mod:`instructors.badges`). Nothing in a map is typed by hand: ``python -m
instructors stamp`` and ``python -m instructors results`` write the README's, ``python -m
instructors release`` the students', ``python -m instructors site`` the site's.
"""

from __future__ import annotations

import re

from instructors import badges
from instructors.lab_facts import LabFacts
from utils.layout import Home

MAP_START, MAP_END = "<!-- lab-map:start -->", "<!-- lab-map:end -->"
# what every lab needs: a lab that builds on no earlier lab says so
NO_EARLIER_LAB = "Python, NumPy"
NOT_MEASURED = "not measured yet"
QUARTERS = {0: "", 1: "¼", 2: "½", 3: "¾"}
FOOTNOTES = """\
\\* the whole notebook in full mode, as `python -m instructors results` measured it (its
`notebook_seconds` in `results/results.json`) on the machine the results table below names.
† the authors' estimate of reading and answering the questions in quick mode, not a measurement;
the labs are ordered so that each builds on the ones named, and each lab's first cell says the
same. Each row is made from its notebook's metadata by `python -m instructors stamp`."""
# "**Before you start.** You need labs 01 and 03 (...) ... Working time: about 1½ hours"
BEFORE_YOU_START = re.compile(r"\*\*Before you start\.\*\*(?P<needs>.*?)Working time:", re.S)
LAB_NUMBERS = re.compile(r"\blabs? (\d\d(?:(?:, | and |–|-)\d\d)*)")


def hours_text(hours: float, unit: str = "h") -> str:
    """Write a number of quarter hours as the map does: ``1.25`` → ``"1¼ h"``."""
    whole, quarters = divmod(round(hours * 4), 4)
    number = f"{whole or ''}{QUARTERS[quarters]}" if whole or quarters else "0"
    return f"{number} {unit}"


def hours_words(hours: float) -> str:
    """Write a number of quarter hours as the labs' first cells do: ``"about 1½ hours"``."""
    return f"about {hours_text(hours, 'hour' if hours == 1 else 'hours')}"


def lab_number(lab: str) -> str:
    """Return a lab's two-digit number: ``"03_cnn"`` → ``"03"``."""
    return lab[:2]


def builds_on_text(facts: LabFacts) -> str:
    """Write the labs a lab builds on: "lab 01", "labs 01–02" (in a row), "labs 01, 03"."""
    numbers = [lab_number(lab) for lab in facts.builds_on]
    if not numbers:
        return NO_EARLIER_LAB
    if len(numbers) == 1:
        return f"lab {numbers[0]}"
    in_a_row = [int(n) for n in numbers] == list(range(int(numbers[0]), int(numbers[-1]) + 1))
    return f"labs {numbers[0]}–{numbers[-1]}" if in_a_row else "labs " + ", ".join(numbers)


def run_time_text(seconds: float | None) -> str:
    """Write a measured full-mode run time in minutes, or say it is not measured yet."""
    if seconds is None:
        return NOT_MEASURED
    return f"{seconds:.0f} s" if seconds < 60 else f"{seconds / 60:.1f} min"


def notebook_seconds(results: dict) -> dict[str, float]:
    """Each lab's measured full-mode run time, from the results file's content.

    Parameters
    ----------
    results : dict
        ``results/results.json`` as :func:`instructors.results.load_results` reads it.

    Returns
    -------
    dict
        Lab name → ``notebook_seconds``, for the labs that have been measured.
    """
    return {lab: entry["notebook_seconds"] for lab, entry in results.get("labs", {}).items()}


def readme_map(facts: list[LabFacts], home: Home | None, seconds: dict[str, float]) -> str:
    """Return the README's lab map: one row per lab, then its footnotes (Markdown).

    Parameters
    ----------
    facts : list of LabFacts
        Every lab's facts, in order (:func:`instructors.lab_facts.read_facts`).
    home : Home or None
        The course's public home, for the Colab links; None for none.
    seconds : dict
        Measured full-mode run times (:func:`notebook_seconds`); a lab missing from it says
        "not measured yet".

    Returns
    -------
    str
        The table and its footnotes.
    """
    rows = [
        "| # | Notebook | Topic | Key concepts | You build | Full-mode run time* | Builds on "
        "| Working time† |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for lab in facts:
        cells = [
            lab_number(lab.lab),
            badges.lab_links(home, lab.lab),
            lab.topic,
            ", ".join(lab.key_concepts),
            lab.central_model,
            run_time_text(seconds.get(lab.lab)),
            builds_on_text(lab),
            hours_text(lab.working_hours),
        ]
        rows.append("| " + " | ".join(cells) + " |")
    return "\n".join(rows) + "\n\n" + FOOTNOTES


def student_map(facts: list[LabFacts], home: Home | None) -> str:
    """Return the students' lab map: each student version, what it teaches, its Colab badge."""
    rows = ["| Lab | What you learn | You build | Open |", "|---|---|---|---|"]
    for lab in facts:
        url = badges.student_badge_url(home, lab.lab)
        opened = badges.badge(url) if url else "(no Colab link set)"
        learn = f"{lab.topic}: {', '.join(lab.key_concepts)}"
        link = f"[`{lab.lab}`]({badges.student_path(lab.lab)})"
        rows.append(f"| {link} | {learn} | {lab.central_model} | {opened} |")
    return "\n".join(rows)


def with_lab_map(readme: str, lab_map: str) -> str:
    """Return the README's text with ``lab_map`` between its lab-map markers.

    Raises
    ------
    SystemExit
        If the README lacks one of the markers, or has more than one.
    """
    if readme.count(MAP_START) != 1 or readme.count(MAP_END) != 1:
        raise SystemExit(f"README.md needs one {MAP_START} and one {MAP_END} marker")
    head, rest = readme.split(MAP_START)
    _, tail = rest.split(MAP_END)
    return f"{head}{MAP_START}\n{lab_map}\n{MAP_END}{tail}"


def first_cell_disagreements(title_cell: str, facts: LabFacts) -> list[str]:
    """Say where a lab's first cell disagrees with its facts; empty when it agrees.

    The first cell's "**Before you start.**" paragraph names the labs it builds on (or none)
    and the working time, as the lab's metadata does.
    """
    found = BEFORE_YOU_START.search(title_cell)
    if found is None:
        return [f"{facts.lab}: no '**Before you start.** ... Working time:' in the first cell"]
    named = set()
    for listed in LAB_NUMBERS.findall(found["needs"]):
        numbers = re.findall(r"\d\d", listed)
        if re.search(r"\d\d[–-]\d\d", listed):  # "labs 01–03": every lab between
            numbers = [f"{n:02d}" for n in range(int(numbers[0]), int(numbers[-1]) + 1)]
        named |= set(numbers)
    problems = []
    expected = {lab_number(lab) for lab in facts.builds_on}
    if named != expected:
        problems.append(
            f"{facts.lab}: the first cell names labs {sorted(named)}, "
            f"metadata.course.builds_on {sorted(expected)}"
        )
    if f"Working time: {hours_words(facts.working_hours)}" not in title_cell:
        problems.append(
            f"{facts.lab}: the first cell should say 'Working time: "
            f"{hours_words(facts.working_hours)}', as metadata.course.working_hours does"
        )
    return problems
