"""The static site of executed notebooks (tools/build_site.py), built from small stand-ins."""

import base64
import io
import os
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse
from urllib.request import url2pathname

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import nbformat  # noqa: E402
import pytest  # noqa: E402

from conftest import QUICK_RUN_MARKS, QUICK_RUNS  # noqa: E402
from instructors import badges
from instructors import site as build_site
from utils import layout


def png_bytes() -> bytes:
    fig, ax = plt.subplots(figsize=(1, 1))
    ax.plot([0, 1], [1, 0])
    stream = io.BytesIO()
    fig.savefig(stream, format="png")
    plt.close(fig)
    return stream.getvalue()


def executed(title: str) -> nbformat.NotebookNode:
    """A notebook as nbclient leaves it: prose, code, a printed line and a figure."""
    code = nbformat.v4.new_code_cell("print('hello')\nplot()", execution_count=1)
    code.outputs = [
        nbformat.v4.new_output("stream", name="stdout", text="hello\n"),
        nbformat.v4.new_output(
            "display_data", data={"image/png": base64.b64encode(png_bytes()).decode()}
        ),
    ]
    return nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell(f"# {title}"), code])


class Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.hrefs, self.images = [], []

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "a" and "href" in attrs:
            self.hrefs.append(attrs["href"])
        if tag == "img":
            self.images.append(attrs.get("src", ""))


def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


@pytest.fixture
def runs(tmp_path):
    """A folder of two executed labs (01 and 03), as tools/run_full.py leaves them."""
    folder = tmp_path / "executed"
    folder.mkdir()
    for lab in ("01_mlp", "03_cnn"):
        nbformat.write(executed(f"Lab {lab}"), folder / f"{lab}.ipynb")
    (folder / "notes.txt").write_text("not a lab")
    return folder


def test_a_page_per_lab_and_an_index_whose_links_all_resolve(runs, tmp_path):
    site = tmp_path / "site"
    assert build_site.build_site(runs, site) == ["01_mlp", "03_cnn"]
    assert sorted(p.name for p in site.iterdir()) == ["01_mlp.html", "03_cnn.html", "index.html"]
    for page in site.iterdir():
        for href in parsed(page).hrefs:
            if not href.startswith(("http://", "https://", "#")):
                assert (site / href).is_file(), f"{page.name} links to a missing {href}"
    index = (site / "index.html").read_text(encoding="utf-8")
    assert "02_hog_classifier (not run yet)" in index
    assert "<table>" in index and "Course map" in index and "Results" in index
    assert "student version" not in index  # no home set: nothing to link a student version to
    first = parsed(site / "01_mlp.html").hrefs
    assert first[:2] == ["index.html", "03_cnn.html"]  # the next lab that was run, not 02


def test_the_figures_are_inside_the_pages_and_decode(runs, tmp_path):
    site = tmp_path / "site"
    build_site.build_site(runs, site)
    (image,) = parsed(site / "03_cnn.html").images
    kind, payload = image.split(",", 1)
    assert kind == "data:image/png;base64"
    assert base64.b64decode(payload) == png_bytes()
    assert "hello" in (site / "03_cnn.html").read_text(encoding="utf-8")


def test_the_index_links_the_student_versions_on_colab_when_the_home_is_set(runs, tmp_path):
    home = layout.Home("someone/mnist-labs", "main")
    build_site.build_site(runs, tmp_path / "site", home)
    hrefs = parsed(tmp_path / "site" / "index.html").hrefs
    assert badges.student_badge_url(home, "02_hog_classifier") in hrefs


def fenced(text: str):
    return nbformat.v4.new_markdown_cell(f"```otter\n{text}\n```")


@pytest.mark.parametrize(
    "begin, end",
    [
        (nbformat.v4.new_raw_cell("# BEGIN TESTS"), nbformat.v4.new_raw_cell("# END TESTS")),
        (nbformat.v4.new_raw_cell("#  begin tests"), nbformat.v4.new_raw_cell("#   END TESTS")),
        (nbformat.v4.new_raw_cell("# BEGIN TESTS (q1)"), nbformat.v4.new_raw_cell("# END TESTS")),
        (fenced("# BEGIN TESTS"), fenced("# END TESTS")),
    ],
    ids=["raw", "spacing and case", "trailing text", "fenced markdown"],
)
def test_a_masters_tests_and_grading_markers_never_reach_a_page(tmp_path, begin, end):
    master = executed("Lab 01")
    new = nbformat.v4
    solution = "def answer():\n    # BEGIN SOLUTION\n    return 42\n    # END SOLUTION\n"
    solution += "x = 6 * 7  # SOLUTION"
    master.cells += [
        fenced("# BEGIN QUESTION\nname: q1\npoints: 2"),
        new.new_raw_cell("# BEGIN PROMPT"),
        new.new_code_cell("answer = ...  # the students' prompt"),
        new.new_raw_cell("# END PROMPT"),
        new.new_code_cell(solution),
        begin,
        new.new_code_cell("assert answer() == 42"),
        new.new_code_cell("# HIDDEN\nassert answer() != 41  # the secret case"),
        end,
        new.new_raw_cell("# END QUESTION"),
        new.new_markdown_cell("After the question."),
    ]
    source = tmp_path / "executed"
    source.mkdir()
    nbformat.write(master, source / "01_mlp.ipynb")
    build_site.build_site(source, tmp_path / "site")
    page = (tmp_path / "site" / "01_mlp.html").read_text(encoding="utf-8")
    assert "return" in page and "42" in page and "After the question." in page
    shown = ("secret case", "HIDDEN", "BEGIN", "END TESTS", "points:", "SOLUTION", "the students'")
    for secret in shown:
        assert secret not in page, secret


def test_a_hidden_test_outside_its_block_stops_the_build(tmp_path):
    master = executed("Lab 01")
    master.cells.append(nbformat.v4.new_code_cell("# hidden\nassert True  # the secret case"))
    source = tmp_path / "executed"
    source.mkdir()
    nbformat.write(master, source / "01_mlp.ipynb")
    with pytest.raises(SystemExit, match="01_mlp: a hidden test outside a tests block"):
        build_site.build_site(source, tmp_path / "site")
    assert not (tmp_path / "site").exists()


def test_the_readme_links_point_at_the_site():
    markdown = (
        "[`01_mlp`](notebooks/01_mlp.ipynb) · [student version](labs/01_mlp/student/01_mlp.ipynb)"
        " · [`02_hog`](notebooks/02_hog.ipynb) · [docs](https://example.org/x) · [file](LICENSE)"
    )
    assert build_site.site_links(markdown, {"01_mlp"}) == (
        "[`01_mlp`](01_mlp.html) · `02_hog` · [docs](https://example.org/x) · file"
    )


@pytest.mark.parametrize(
    "setup, message",
    [
        (lambda folder: None, "no such folder of executed notebooks"),
        (lambda folder: folder.mkdir(), "holds no executed lab notebook"),
        (
            lambda folder: (folder.mkdir(), (folder / "01_mlp.ipynb").write_text('{"cells": [')),
            r"01_mlp.ipynb: not a readable notebook",
        ),
    ],
    ids=["missing", "empty", "broken"],
)
def test_bad_sources_are_named_and_the_last_site_is_kept(runs, tmp_path, setup, message):
    site = tmp_path / "site"
    build_site.build_site(runs, site)
    before = {p.name: p.read_bytes() for p in site.iterdir()}
    source = tmp_path / "bad"
    setup(source)
    with pytest.raises(SystemExit, match=message):
        build_site.build_site(source, site)
    assert {p.name: p.read_bytes() for p in site.iterdir()} == before
    assert not [p for p in tmp_path.iterdir() if re.match(r"\.site-", p.name)]  # no leftovers


def chromium_path() -> str | None:
    """A Chromium for the browser test: MNIST_LABS_CHROMIUM, or Debian's on the PATH."""
    return os.environ.get("MNIST_LABS_CHROMIUM") or shutil.which("chromium")


needs_chromium = pytest.mark.skipif(
    chromium_path() is None,
    reason="no Chromium: install Debian's chromium package, or set MNIST_LABS_CHROMIUM",
)


def check_in_browser(site: Path, shots: Path) -> list[str]:
    """Open every page of ``site`` in headless Chromium and check it as a reader would see it.

    Every page loads without a script error, every image has loaded with a non-zero size,
    every link to a file resolves; each lab page shows a figure, its first screenshotted into
    ``shots``. Return the screenshots' names.
    """
    sync_api = pytest.importorskip("playwright.sync_api")
    shots.mkdir(parents=True, exist_ok=True)
    errors = []
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), args=["--no-sandbox"])
        page = browser.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        for html_file in sorted(site.glob("*.html")):
            page.goto(html_file.as_uri(), wait_until="load")
            images = page.eval_on_selector_all(
                "img", "all => all.map(i => [i.complete, i.naturalWidth, i.naturalHeight])"
            )
            assert all(done and width > 0 and height > 0 for done, width, height in images), (
                f"{html_file.name}: an image did not decode"
            )
            for href in page.eval_on_selector_all("a[href]", "all => all.map(a => a.href)"):
                if href.startswith("file:"):
                    target = Path(url2pathname(urlparse(href).path))
                    assert target.is_file(), f"{html_file.name} links to a missing {target}"
            if html_file.stem != "index":
                assert images, f"{html_file.name} shows no figure"
                shot = shots / f"{html_file.stem}.png"
                page.locator("img").first.screenshot(path=str(shot))
                assert shot.read_bytes().startswith(b"\x89PNG")
        browser.close()
    assert errors == []
    return sorted(p.name for p in shots.iterdir())


@needs_chromium
def test_every_page_loads_in_a_real_browser_with_its_figures_and_links(runs, tmp_path):
    site = tmp_path / "site"
    build_site.build_site(runs, site)
    shots = check_in_browser(site, tmp_path / "screenshots")
    assert shots == ["01_mlp.png", "03_cnn.png"]


# --- the site of this run's quick-mode executions (kept by the grading round trips) ----------

QUICK_RUN_SECONDS = 1200  # to wait for the last grading round trip, on a slow machine


def graded_labs(session) -> list[str]:
    """The labs whose grading round trip (tests/test_grading.py) is part of this run."""
    return sorted({item.cls.lab for item in session.items if "::TestGrading_" in item.nodeid})


class TestSiteOfTheQuickRuns:
    """Queued last (conftest.py), after every grading round trip: each is running or done on
    some worker when this test starts, so waiting for them cannot stall the run."""

    @needs_chromium
    def test_builds_from_this_runs_quick_executions_and_opens_in_a_browser(
        self, request, shared_folder, tmp_path, assigned_labs
    ):
        # assigned_labs: the grading round trips' own fixture. Were it to fail, they would never
        # run (nor mark their end), and this test errors at once instead of waiting for them.
        labs = graded_labs(request.session)
        if not labs:
            pytest.skip("no grading round trip in this run: they make the quick-mode runs")
        marks = shared_folder / QUICK_RUN_MARKS
        deadline = time.monotonic() + QUICK_RUN_SECONDS
        while not all((marks / lab).exists() for lab in labs):
            assert time.monotonic() < deadline, "the grading round trips did not finish"
            time.sleep(1)
        missing = [lab for lab in labs if not (QUICK_RUNS / f"{lab}.ipynb").is_file()]
        assert not missing, f"no executed copy of {missing} in {QUICK_RUNS}"
        site = tmp_path / "site"
        built = build_site.build_site(QUICK_RUNS, site)  # (with any other lab an earlier run left)
        assert set(labs) <= set(built)
        shots = check_in_browser(site, tmp_path / "screenshots")
        assert {f"{lab}.png" for lab in labs} <= set(shots)


# --- what a reader sees: progress bars at their end, the setup folded, the checks accounted for


def progress_bar_run() -> nbformat.NotebookNode:
    """A stand-in executed lab: a setup cell folded in JupyterLab, then Keras-like bars."""
    setup = nbformat.v4.new_code_cell("COURSE_HOME = '', ''\nimport utils", execution_count=1)
    setup.metadata.update({"cellView": "form", "jupyter": {"source_hidden": True}})
    setup.outputs = [nbformat.v4.new_output("stream", name="stdout", text="Mode: quick\n")]
    bar = nbformat.v4.new_code_cell("model.predict(x)", execution_count=2)
    redraws = ["\r\x1b[1m 1/32\x1b[0m \x1b[37m━━━━━━━━━━\x1b[0m \x1b[1m1s\x1b[0m 37ms/step"]
    redraws += ["\b" * 39 + "\r\x1b[1m32/32\x1b[0m \x1b[32m━━━━━━━━━━\x1b[0m 2ms/step   \n"]
    redraws += ["Epoch 1/2\rEpoch 2/2 done\n"]
    bar.outputs = [nbformat.v4.new_output("stream", name="stdout", text=t) for t in redraws]
    cells = [nbformat.v4.new_markdown_cell("# Lab 01"), setup, bar]
    cells += [nbformat.v4.new_code_cell('grader.check("q1")')]
    return nbformat.v4.new_notebook(cells=cells)


def test_terminal_text_keeps_each_lines_last_state():
    from instructors.terminal import final_text

    assert final_text("abc\rxy\n") == "xyc\n"  # a terminal overwrites, it does not erase
    assert final_text("abc\b\bZ\n") == "aZc\n"
    assert final_text("\x1b[1mbold\x1b[0m and \x1b[32mgreen\x1b[0m") == "bold and green"
    assert final_text("long line\r\x1b[Kshort") == "short"  # erase to the line's end


def test_pages_show_progress_bars_at_their_end_without_control_characters(tmp_path):
    source = tmp_path / "executed"
    source.mkdir()
    nbformat.write(progress_bar_run(), source / "01_mlp.ipynb")
    build_site.build_site(source, tmp_path / "site")
    page = (tmp_path / "site" / "01_mlp.html").read_text(encoding="utf-8")
    for control in ("\b", "\r", "\x1b", "[1m", "[0m"):
        assert control not in page, repr(control)
    assert "32/32" in page and " 1/32" not in page and "37ms/step" not in page
    assert "Epoch 2/2 done" in page and "Epoch 1/2" not in page


def test_the_setup_cell_is_folded_and_the_page_says_its_checks_are_left_out(tmp_path):
    source = tmp_path / "executed"
    source.mkdir()
    nbformat.write(progress_bar_run(), source / "01_mlp.ipynb")
    build_site.build_site(source, tmp_path / "site")
    page = (tmp_path / "site" / "01_mlp.html").read_text(encoding="utf-8")
    folded = re.search(
        r"<details class=\"site-folded\"><summary>(.*?)</summary>(.*?)</details>", page, re.S
    )
    assert folded, "the setup cell should be inside a <details> element"
    assert folded[1] == build_site.FOLDED_SUMMARY and "COURSE_HOME" in folded[2]
    assert page.count("<details") == 1  # only the folded cell; its output stays in view
    assert page.index("</details>") < page.index("Mode: quick")
    assert build_site.PAGE_NOTE in page
    assert "grader.check(&quot;q1&quot;)" not in page and 'grader.check("q1")' not in page
    assert "left out of this page" in page
