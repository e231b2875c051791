"""The graded-lab pipeline: labs/ in sync, and tests that catch wrong answers.

The grading round trip is in test_grading.py, a file of its own so that it runs beside these.
"""

import ast
import functools
import json
from pathlib import Path

import keras
import numpy as np
import pandas as pd
import pytest
from otter.test_files import ExceptionTestFile
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import FunctionTransformer, StandardScaler

from conftest import ROOT, answer_cells
from instructors import build
from instructors.grading import kernel_side, otter_tests
from lab_answers import VALID_ANSWERS, WRONG_ANSWERS
from utils import data, features, filters  # noqa: E402

MASTERS = build.graded_notebooks()
LAB_NAMES = [master.stem for master in MASTERS]


# what Jupyter, otter and Python leave in a lab folder (all in .gitignore): not the build's
LEFT_BEHIND_FOLDERS = {".ipynb_checkpoints", "__pycache__"}
LEFT_BEHIND_FILES = {".OTTER_LOG"}
LEFT_BEHIND_SUFFIXES = {".zip", ".pyc"}  # the zip: rebuilt, named with a timestamp


def left_behind(path: Path) -> bool:
    return bool(
        LEFT_BEHIND_FOLDERS & set(path.parts)
        or path.name in LEFT_BEHIND_FILES
        or path.suffix in LEFT_BEHIND_SUFFIXES
    )


def committed_files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and not left_behind(path.relative_to(folder))
    }


def test_what_is_left_behind_is_ignored_by_git():
    ignored = (ROOT / ".gitignore").read_text().splitlines()
    for name in (*LEFT_BEHIND_FOLDERS, *LEFT_BEHIND_FILES):
        assert name in ignored or f"{name}/" in ignored, name
    assert "*.pyc" in ignored and "labs/*/autograder/*.zip" in ignored


def test_the_sync_check_ignores_what_jupyter_and_otter_leave(tmp_path):
    (tmp_path / "student" / ".ipynb_checkpoints").mkdir(parents=True)
    (tmp_path / "student" / ".ipynb_checkpoints" / "lab-checkpoint.ipynb").write_text("{}")
    (tmp_path / "student" / ".OTTER_LOG").write_text("log")
    (tmp_path / "student" / "lab.ipynb").write_text("{}")
    assert list(committed_files(tmp_path)) == ["student/lab.ipynb"]


def test_every_notebook_is_a_graded_lab():
    assert LAB_NAMES == sorted(p.stem for p in (ROOT / "notebooks").glob("*.ipynb"))


@pytest.mark.parametrize("lab", LAB_NAMES)
def test_labs_folder_matches_its_notebook(assigned_labs, lab):
    assert committed_files(ROOT / "labs" / lab) == committed_files(assigned_labs[lab]), (
        f"labs/{lab} is out of date with notebooks/{lab}.ipynb: "
        "run `python labs/build.py` and commit the result"
    )


@pytest.mark.parametrize("lab", LAB_NAMES)
def test_student_version_has_no_solutions_or_hidden_tests(assigned_labs, lab):
    fresh = assigned_labs[lab]
    student = (fresh / "student" / f"{lab}.ipynb").read_text(encoding="utf-8")
    assert "BEGIN SOLUTION" not in student and "# HIDDEN" not in student
    for test_file in (fresh / "student" / "tests").glob("*.py"):
        assert not otter_tests.read_test_file(test_file).hidden_cases


# --- the tests must catch plausible wrong answers, not only the `...` placeholder -----------


def master_cells(master: Path) -> list[dict]:
    return json.loads(master.read_text(encoding="utf-8"))["cells"]


def solution_code(master: Path) -> str:
    """The code cells inside the master's BEGIN/END SOLUTION blocks."""
    code, inside = [], False
    for cell in master_cells(master):
        source = "".join(cell["source"])
        if cell["cell_type"] == "raw":
            inside = source.strip() == "# BEGIN SOLUTION" or (
                inside and source.strip() != "# END SOLUTION"
            )
        elif inside and cell["cell_type"] == "code":
            code.append(without_demo_expressions(source))
    return "\n\n".join(code)


def without_demo_expressions(source: str) -> str:
    """The cell's definitions, without the expressions after them that show a result."""
    tree = ast.parse(source)
    tree.body = [node for node in tree.body if not isinstance(node, ast.Expr)]
    return ast.unparse(tree)


def untouched_answers(assigned: Path, lab: str) -> str:
    """The answer cells of the student version as handed out, ``...`` placeholders included."""
    _, pairs = answer_cells(assigned, lab)
    return "\n\n".join(without_demo_expressions("".join(mine["source"])) for mine, _ in pairs)


def notebook_function(master: Path, name: str) -> str:
    """Source of the master's code cell that defines ``name`` (with what else it defines)."""
    return next(
        "".join(c["source"])
        for c in master_cells(master)
        if c["cell_type"] == "code"
        and any(line.startswith(f"def {name}(") for line in "".join(c["source"]).splitlines())
    )


@functools.cache
def mnist_sample() -> tuple[np.ndarray, np.ndarray]:
    """1,000 real training digits as the loader gives them: uint8 images (n, 28, 28), labels."""
    (images, labels), _ = data.load_mnist()
    return images[:1000], labels[:1000]


def lab01_digits() -> tuple[np.ndarray, np.ndarray]:
    """The sample flattened and scaled, as lab 01 has its digits."""
    images, labels = mnist_sample()
    return data.flatten_images(data.scale_images(images)), labels


def lab01_globals(master: Path) -> dict:
    """What lab 01's exercises use from the notebook, built small."""
    env = {"np": np, "keras": keras}
    exec(notebook_function(master, "build_mlp"), env)
    rng = np.random.default_rng(0)
    members = [rng.dirichlet(np.ones(10), size=50) for _ in range(3)]
    x_train, y_train = lab01_digits()
    env.update(
        baseline=keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)]),
        member_probabilities=members,
        y_test=rng.integers(0, 10, 50),
        x_test=x_train[:50],
        x_train=x_train,
        y_train=y_train,
        EPOCHS=2,
        BATCH_SIZE=128,
        VALIDATION_SPLIT=0.1,
    )
    return env


def lab02_globals(master: Path) -> dict:
    """What lab 02's exercises use from the notebook, built small."""
    sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    x_train, y_train = mnist_sample()
    return {
        "np": np,
        "features": features,
        "sobel_x": sobel_x,
        "sobel_y": sobel_x.T,
        "x_train": x_train,
        "y_train": y_train,
        "FunctionTransformer": FunctionTransformer,
        "StandardScaler": StandardScaler,
        "LogisticRegression": LogisticRegression,
        "make_pipeline": make_pipeline,
        # the first mistake (1→7) is not the most frequent one (3→5)
        "y_test": np.array([0, 1, 2, 3, 3, 3, 5, 5]),
        "best_predictions": np.array([0, 7, 2, 5, 5, 5, 3, 5]),
    }


def lab03_globals(master: Path) -> dict:
    """What lab 03's exercises use from the notebook."""
    return {"np": np, "keras": keras, "L": keras.layers, "filters": filters}


def lab04_globals(master: Path) -> dict:
    """What lab 04's exercises use from the notebook: its modules and real digits, small."""
    return {
        "np": np,
        "keras": keras,
        "L": keras.layers,
        "x_train": lab01_digits()[0],  # flattened and scaled, as lab 04 has them
    }


def lab05_globals(master: Path) -> dict:
    """What lab 05's exercises use from the notebook: its helpers and settings, real digits."""
    env = {"np": np, "keras": keras, "L": keras.layers}
    exec(notebook_function(master, "augmentation_layers"), env)
    images, labels = mnist_sample()
    digits = data.add_channel_axis(data.scale_images(images))
    env.update(
        x_small=digits[:300],
        y_small=labels[:300],
        x_val=digits[-200:],  # never trained on
        y_val=labels[-200:],
        BATCH_SIZE=16,  # not Keras's default of 32: a forgotten batch size shows
        PATIENCE=5,
    )
    return env


def lab06_globals(master: Path) -> dict:
    """What lab 06's exercises use from the notebook: its model helpers and a source base."""
    env = {"np": np, "keras": keras, "L": keras.layers, "pd": pd}
    for helper in ("build_conv_base", "build_classifier"):  # their cells define the others
        exec(notebook_function(master, helper), env)
    env["source_base"] = env["build_conv_base"]()
    return env


LAB_GLOBALS = {
    "01_mlp": lab01_globals,
    "02_hog_classifier": lab02_globals,
    "03_cnn": lab03_globals,
    "04_autoencoder": lab04_globals,
    "05_dropout": lab05_globals,
    "06_transfer_learning": lab06_globals,
}


def environment(lab: str, answers: str) -> dict:
    """Globals like those of ``lab`` after it has run, with ``answers`` defined in them."""
    master = ROOT / "notebooks" / f"{lab}.ipynb"
    env = LAB_GLOBALS[lab](master)
    exec(solution_code(master), env)
    exec(answers, env)  # a wrong answer replaces the solution's definition
    return env


def question_score(tests_dir: Path, question: str, env: dict) -> tuple[float, float]:
    test_file = ExceptionTestFile.from_file(str(tests_dir / f"{question}.py"))
    test_file.run(env)
    return test_file.score, test_file.possible


@pytest.fixture(scope="module")
def autograder_tests(assigned_labs):
    """Lab name -> folder of its autograder's test files (all tests, hidden ones included)."""
    return {lab: folder / "autograder" / "tests" for lab, folder in assigned_labs.items()}


@pytest.mark.parametrize("table", [WRONG_ANSWERS, VALID_ANSWERS], ids=["wrong", "valid"])
def test_every_question_has_answers_of_both_kinds(autograder_tests, table):
    assert sorted(table) == LAB_NAMES == sorted(LAB_GLOBALS)
    for lab, folder in autograder_tests.items():
        assert sorted(table[lab]) == sorted(p.stem for p in folder.glob("*.py")), lab
        assert all(len(answers) >= 2 for answers in table[lab].values()), lab


QUESTIONS = [(lab, q) for lab, questions in WRONG_ANSWERS.items() for q in questions]


@pytest.mark.parametrize("lab, question", QUESTIONS)
def test_solutions_pass_outside_the_notebook(autograder_tests, lab, question):
    score, possible = question_score(autograder_tests[lab], question, environment(lab, ""))
    assert score == possible


@pytest.mark.filterwarnings("ignore::RuntimeWarning")  # the overflowing softmax is the point
@pytest.mark.parametrize(
    "lab, question, mistake",
    [
        (lab, q, m)
        for lab, questions in WRONG_ANSWERS.items()
        for q, ms in questions.items()
        for m in ms
    ],
)
def test_plausible_wrong_answers_lose_points(autograder_tests, lab, question, mistake):
    env = environment(lab, WRONG_ANSWERS[lab][question][mistake])
    score, possible = question_score(autograder_tests[lab], question, env)
    assert score < possible, f"{lab} {question}: the answer that {mistake} got full marks"


@pytest.mark.parametrize(
    "lab, question, idea",
    [
        (lab, q, idea)
        for lab, questions in VALID_ANSWERS.items()
        for q, ideas in questions.items()
        for idea in ideas
    ],
)
def test_valid_alternative_answers_get_full_marks(autograder_tests, lab, question, idea, capsys):
    env = environment(lab, VALID_ANSWERS[lab][question][idea])
    score, possible = question_score(autograder_tests[lab], question, env)
    assert score == possible, f"{lab} {question}: the valid answer ({idea}) got {score}/{possible}"


@pytest.mark.filterwarnings("ignore::RuntimeWarning")
@pytest.mark.parametrize("lab, question", QUESTIONS)
def test_no_test_passes_on_the_graders_stand_ins(autograder_tests, lab, question):
    # the grader's canary: an honest notebook must never be flagged for review
    namespace = {}
    exec(kernel_side.source("stand_ins"), namespace)  # as the grading kernel gets it
    score, _ = question_score(autograder_tests[lab], question, namespace["_grading_stand_ins"]())
    assert score == 0


@pytest.mark.parametrize("lab, question", QUESTIONS)
def test_untouched_student_version_scores_zero(assigned_labs, autograder_tests, lab, question):
    # the otter round trip in test_grading.py grades the filled-in version; this checks the other
    # end without a second run of the whole notebook
    env = environment(lab, untouched_answers(assigned_labs[lab], lab))
    score, _ = question_score(autograder_tests[lab], question, env)
    assert score == 0
