"""Start a new lab: its master notebook and its answers module, from the course's template.

Usage::

    python -m instructors new-lab 07_attention --title "Attention on digits"

writes

- ``notebooks/07_attention.ipynb``, the notebook template of the course's design: the title (and
  the Colab badge, when the course's home is set), a two-sentence summary, the learning
  objectives, the setup cell (written by the stamping code, as in every lab), the settings cell
  with ``utils.pick``, the data, one example graded question in otter's master format with a
  public and a hidden test, and the key takeaways; its ``metadata["course"]`` holds the lab's
  facts as placeholders (:mod:`instructors.lab_facts` refuses them until they are written);
- ``tests/labs/answers/lab_07_attention.py``: the example question's wrong and valid answers,
  and ``lab_globals``, the globals the answers run in (``tests/labs/test_labs.py`` finds it).

Then write the lab (replace every ``TODO``), and run ``python -m instructors stamp``: it builds
``labs/07_attention/`` and puts the lab in the README's map. An existing lab, or a name that is
not ``NN_words``, is refused, and nothing is written.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from instructors import badges
from instructors.lab_facts import KEY, PLACEHOLDER
from instructors.notebook_json import notebook_text
from utils.files import write_atomically
from utils.layout import NOTEBOOKS, ROOT, is_lab_name, read_home

ANSWERS = ROOT / "tests" / "labs" / "answers"
QUESTION = "q1_mean_brightness"  # the example question, for the author to replace

TITLE = """\
# Lab {number} · {title}

{todo}: two sentences that say what this lab does and why it matters.
{todo}: the second sentence.

**Learning objectives.** After this lab you can

1. {todo}: an objective tied to the lecture;
2. {todo}: another;
3. {todo}: a third.

**Before you start.** You need {todo}: the labs named in the metadata's builds_on (or Python and
NumPy). Working time: about {todo} hours to read and to answer the questions
in quick mode (the authors' estimate), then one full-mode run, whose measured length is in
the README's course map."""

SETTINGS_MARKDOWN = """\
All sizes of this lab live in the next cell: it is the only place where quick and full
mode differ. Its `utils.set_mode` line picks the mode: `"full"` trains for real, to the
lab's full accuracy; `"quick"` uses small subsets and one or two epochs, so
the whole notebook runs in a minute or so while you work on it. `None` means "the whole set"."""

SETTINGS = """\
import numpy as np

from utils import data, plotting

MODE = utils.set_mode("full")  # "quick" while you work: small subsets, one or two epochs
TRAIN_SIZE = utils.pick(quick=1000, full=None)  # training images used
TEST_SIZE = utils.pick(quick=1000, full=None)  # test images (the first ones)"""

DATA_MARKDOWN = """\
## 1. Data

{todo}: what this lab uses of MNIST, and why."""

DATA = """\
(x_train, y_train), (x_test, y_test) = data.load_mnist()
x_train, y_train = x_train[:TRAIN_SIZE], y_train[:TRAIN_SIZE]
x_test, y_test = x_test[:TEST_SIZE], y_test[:TEST_SIZE]
x_train, x_test = data.scale_images(x_train), data.scale_images(x_test)
plotting.plot_digits(x_train[:20], y_train[:20], title="The first 20 training digits")
print(f"training {len(x_train):,} | test {len(x_test):,}")"""

ASSIGNMENT_CONFIG = """\
# ASSIGNMENT CONFIG
name: {lab}
init_cell: false  # the grader cell comes after the setup cell (instructors/build.py)
check_all_cell: false
export_cell: false
run_tests: false
generate: true
tests:
  files: true
  ok_format: false  # tests are functions: they judge what answers do, not what they print
requirements: ../requirements.txt  # what Gradescope installs to grade"""

QUESTION_MARKDOWN = """\
**Question 1 · An example ({todo}: replace it with the lab's own).** Write
`mean_brightness(images)`: the mean pixel value of each image, as an array of shape `(n,)`."""

SOLUTION = """\
def mean_brightness(images):
    \"\"\"The mean pixel value of each image: shape (n,).\"\"\"
    # BEGIN SOLUTION
    images = np.asarray(images, dtype=float)
    return images.reshape(len(images), -1).mean(axis=1)
    # END SOLUTION


mean_brightness(x_train[:3])"""

PUBLIC_TEST = """\
def test_mean_brightness_public(mean_brightness):
    import numpy as np

    assert np.shape(mean_brightness(np.ones((2, 28, 28)))) == (2,)


test_mean_brightness_public(mean_brightness)"""

HIDDEN_TEST = """\
# HIDDEN
def test_mean_brightness_hidden(mean_brightness):
    import numpy as np

    images = np.arange(2 * 4 * 4, dtype=float).reshape(2, 4, 4)
    assert np.allclose(mean_brightness(images), [7.5, 23.5])  # each image's, not the whole set's
    assert np.allclose(mean_brightness(np.ones((1, 28, 28))), [1.0])


test_mean_brightness_hidden(mean_brightness)"""

TAKEAWAYS = """\
## Key takeaways

- {todo}: what to remember.
- {todo}: the lab's central result, read from the student's own run.

**Further reading.** {todo}: a paper, a chapter or a keras.io example."""

ANSWERS_MODULE = '''\
"""Lab {number} ({title})'s answers: wrong ones, valid ones, and the globals they run in.

What each table holds and how it is run: :mod:`lab_answers`. At least two of each per question.
"""

from pathlib import Path

import numpy as np

LAB = "{lab}"

# {todo}: replace the example question's answers with those of the lab's own questions
WRONG_ANSWERS = {{  # each loses points
    "{question}": {{
        "the mean of the whole set, not of each image": """
def mean_brightness(images):
    return np.full(len(images), np.mean(images))
""",
        "the mean of each row of pixels": """
def mean_brightness(images):
    return np.asarray(images, dtype=float).mean(axis=-1)
""",
    }},
}}

VALID_ANSWERS = {{  # each gets full marks
    "{question}": {{
        "a loop over the images": """
def mean_brightness(images):
    return np.array([float(np.mean(image)) for image in images])
""",
        "np.mean over every axis but the first": """
def mean_brightness(images):
    images = np.asarray(images, dtype=float)
    return images.mean(axis=tuple(range(1, images.ndim)))
""",
    }},
}}


def lab_globals(master: Path) -> dict:
    """What the lab's exercises use from the notebook, built small."""
    return {{"np": np}}
'''


def cell(kind: str, text: str, number: int) -> dict:
    """Make a notebook cell of ``kind`` (markdown, code or raw) holding ``text``."""
    made = {"cell_type": kind, "id": f"cell-{number:03d}", "metadata": {}}
    made["source"] = text.splitlines(keepends=True)
    if kind == "code":
        made.update(execution_count=None, outputs=[])
    return made


def placeholder_facts() -> dict:
    """Return the lab's facts (``metadata["course"]``) as placeholders for its author."""
    return {
        "topic": f"{PLACEHOLDER}: the lab's topic, in a few words",
        "key_concepts": [f"{PLACEHOLDER}: a key concept", f"{PLACEHOLDER}: another"],
        "builds_on": [],
        "working_hours": f"{PLACEHOLDER}: the authors' estimate in hours, such as 1.5",
        "central_model": f"{PLACEHOLDER}: what students build in the graded questions",
    }


def master_notebook(lab: str, title: str) -> dict:
    """Return the new lab's master notebook, stamped for the course's home.

    Parameters
    ----------
    lab : str
        The lab's name, such as ``"07_attention"``.
    title : str
        The title, after "Lab NN ·".

    Returns
    -------
    dict
        The notebook's JSON, with ``metadata["course"]`` as placeholders.
    """
    todo = PLACEHOLDER
    texts = [
        ("markdown", TITLE.format(number=lab[:2], title=title, todo=todo)),
        ("markdown", "## Setup"),  # the stamp below writes it, and the setup cell
        ("code", ""),
        ("markdown", SETTINGS_MARKDOWN),
        ("code", SETTINGS),
        ("markdown", DATA_MARKDOWN.format(todo=todo)),
        ("code", DATA),
        ("raw", ASSIGNMENT_CONFIG.format(lab=lab)),
        ("raw", f"# BEGIN QUESTION\nname: {QUESTION}\npoints: [1, 2]"),
        ("markdown", QUESTION_MARKDOWN.format(todo=todo)),
        ("raw", "# BEGIN SOLUTION"),
        ("code", SOLUTION),
        ("raw", "# END SOLUTION"),
        ("raw", "# BEGIN TESTS"),
        ("code", PUBLIC_TEST),
        ("code", HIDDEN_TEST),
        ("raw", "# END TESTS"),
        ("raw", "# END QUESTION"),
        ("markdown", TAKEAWAYS.format(todo=todo)),
    ]
    notebook = {
        "cells": [cell(kind, text, number) for number, (kind, text) in enumerate(texts)],
        "metadata": {
            "kernelspec": {
                "display_name": "Python 3 (ipykernel)",
                "language": "python",
                "name": "python3",
            },
            KEY: placeholder_facts(),
        },
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    home = read_home()
    return badges.stamp_notebook(notebook, home, badges.master_badge_url(home, lab))


def answers_module(lab: str, title: str) -> str:
    """Return the new lab's answers module: the example question's answers and lab_globals."""
    return ANSWERS_MODULE.format(
        lab=lab, number=lab[:2], title=title, todo=PLACEHOLDER, question=QUESTION
    )


def refusal(lab: str, title: str, notebooks: Path, answers: Path) -> str | None:
    """Say why the lab ``lab`` can't be started; None when it can."""
    if not is_lab_name(lab):
        return f"{lab!r} is not a lab's name: two digits, an underscore, lower-case words"
    if not title.strip() or "\n" in title:
        return "--title: give the lab's title on one line"
    taken = [lab[:2] == path.stem[:2] for path in notebooks.glob("*.ipynb")]
    for path in (notebooks / f"{lab}.ipynb", answers / f"lab_{lab}.py"):
        if path.exists():
            return f"{path} exists already: lab {lab} has been started"
    if any(taken):
        return f"lab number {lab[:2]} is taken in {notebooks}: choose another number"
    return None


def new_lab(lab: str, title: str, notebooks: Path = NOTEBOOKS, answers: Path = ANSWERS) -> list:
    """Write the new lab's master notebook and answers module; return their paths.

    Raises
    ------
    SystemExit
        If the name is not a lab's name, the title is empty, or the lab (or its number) exists;
        nothing is written then.
    """
    why = refusal(lab, title, notebooks, answers)
    if why:
        raise SystemExit(f"python -m instructors new-lab: {why}")
    master, module = notebooks / f"{lab}.ipynb", answers / f"lab_{lab}.py"
    texts = {master: notebook_text(master_notebook(lab, title)), module: answers_module(lab, title)}
    for path, text in texts.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text)
    return list(texts)


def main(argv: list[str] | None = None) -> None:
    """Command-line entry point."""
    parser = argparse.ArgumentParser(
        prog="python -m instructors new-lab", description=__doc__.splitlines()[0]
    )
    parser.add_argument("lab", help="the lab's name: NN_words, such as 07_attention")
    parser.add_argument("--title", required=True, help='its title, after "Lab NN ·"')
    args = parser.parse_args(argv)
    for path in new_lab(args.lab, args.title):
        print(f"wrote {path.relative_to(ROOT)}")
    print(
        f"Now write the lab: replace every {PLACEHOLDER} in the notebook (its metadata.course too) "
        "and the answers module, then run python -m instructors stamp."
    )


if __name__ == "__main__":
    main()
