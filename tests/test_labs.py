"""The graded-lab pipeline: labs/ in sync, and tests that catch wrong answers.

The grading round trip is in test_grading.py, a file of its own so that it runs beside these.
"""

import ast
import json
import sys
from pathlib import Path

import keras
import numpy as np
import pandas as pd
import pytest
from otter.test_files import ExceptionTestFile
from scipy.linalg import subspace_angles

from conftest import ROOT, answer_cells

sys.path.insert(0, str(ROOT / "labs"))
import build  # noqa: E402

from utils import features, filters  # noqa: E402

MASTERS = build.graded_notebooks()
LAB_NAMES = [master.stem for master in MASTERS]


def committed_files(folder: Path) -> dict[str, str]:
    return {
        str(path.relative_to(folder)): path.read_text(encoding="utf-8")
        for path in sorted(folder.rglob("*"))
        if path.is_file() and path.suffix != ".zip"
    }


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
        assert not any(hidden for hidden, _ in build.test_cases(test_file))


# --- the tests must catch plausible wrong answers, not only the `...` placeholder -----------

WRONG_ANSWERS = {
    "01_mlp": {
        "q1_parameters": {
            "forgets the biases": "def count_parameters(s):\n"
            "    return sum(a * b for a, b in zip(s[:-1], s[1:]))",
            "a bias per input unit": "def count_parameters(s):\n"
            "    return sum(a * b + a for a, b in zip(s[:-1], s[1:]))",
            "counts units": "def count_parameters(s):\n    return sum(s)",
        },
        "q2_softmax": {
            "overflows on large logits": "def softmax(z):\n"
            "    e = np.exp(np.asarray(z, dtype=float))\n"
            "    return e / e.sum(axis=1, keepdims=True)",
            "normalises columns": "def softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max())\n"
            "    return e / e.sum(axis=0, keepdims=True)",
            "normalises the whole array": "def softmax(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    e = np.exp(z - z.max())\n"
            "    return e / e.sum()",
        },
        "q3_vanishing": {
            "sigmoid instead of its derivative": "def sigmoid_derivative(z):\n"
            "    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))",
            "z(1 - z)": "def sigmoid_derivative(z):\n"
            "    z = np.asarray(z, dtype=float)\n"
            "    return z * (1 - z)",
            "factor 0.5 per layer": "def max_gradient_factor(n):\n    return 0.5 ** n",
            "adds instead of multiplies": "def max_gradient_factor(n):\n    return 0.25 * n",
        },
        "q4_ensemble": {
            "majority vote": "def ensemble_predict(ps):\n"
            "    votes = np.array([p.argmax(axis=1) for p in ps])\n"
            "    return np.array([np.bincount(v).argmax() for v in votes.T])",
            "maximum instead of mean": "def ensemble_predict(ps):\n"
            "    return np.max(ps, axis=0).argmax(axis=1)",
            "first model only": "def ensemble_predict(ps):\n    return ps[0].argmax(axis=1)",
            "argmax over models": "def ensemble_predict(ps):\n"
            "    return np.mean(ps, axis=0).argmax(axis=0)",
        },
    },
    "02_hog_classifier": {
        "q1_gradient": {
            "flips the kernels (convolution)": "def gradient_at(p):\n"
            "    p = np.asarray(p, dtype=float)\n"
            "    gx, gy = np.sum(p * sobel_x[::-1, ::-1]), np.sum(p * sobel_y[::-1, ::-1])\n"
            "    return gx, gy, np.hypot(gx, gy), np.degrees(np.arctan2(gy, gx)) % 180",
            "signed orientation": "def gradient_at(p):\n"
            "    p = np.asarray(p, dtype=float)\n"
            "    gx, gy = np.sum(p * sobel_x), np.sum(p * sobel_y)\n"
            "    return gx, gy, np.hypot(gx, gy), np.degrees(np.arctan2(gy, gx))",
            "radians": "def gradient_at(p):\n"
            "    p = np.asarray(p, dtype=float)\n"
            "    gx, gy = np.sum(p * sobel_x), np.sum(p * sobel_y)\n"
            "    return gx, gy, np.hypot(gx, gy), np.arctan2(gy, gx) % np.pi",
            "|gx| + |gy| as magnitude": "def gradient_at(p):\n"
            "    p = np.asarray(p, dtype=float)\n"
            "    gx, gy = np.sum(p * sobel_x), np.sum(p * sobel_y)\n"
            "    return gx, gy, abs(gx) + abs(gy), np.degrees(np.arctan2(gy, gx)) % 180",
        },
        "q2_hog_length": {
            "blocks do not overlap": "def hog_length(size, cell, block, orientations):\n"
            "    blocks = (size // cell) // block\n"
            "    return blocks * blocks * block * block * orientations",
            "ignores blocks": "def hog_length(size, cell, block, orientations):\n"
            "    return (size // cell) ** 2 * orientations",
            "keeps partial cells": "def hog_length(size, cell, block, orientations):\n"
            "    blocks = -(-size // cell) - block + 1\n"
            "    return blocks * blocks * block * block * orientations",
        },
        "q3_histogram": {
            "counts pixels": "def cell_histogram(m, o, bins):\n"
            "    o = np.asarray(o, dtype=float).ravel()\n"
            "    return np.bincount((o // (180 / bins)).astype(int), minlength=bins)",
            "bins over 360 degrees": "def cell_histogram(m, o, bins):\n"
            "    m, o = np.ravel(m), np.asarray(o, dtype=float).ravel()\n"
            "    return np.bincount((o // (360 / bins)).astype(int), weights=m, minlength=bins)",
            "histogram over the data's range": "def cell_histogram(m, o, bins):\n"
            "    return np.histogram(np.ravel(o), bins, weights=np.ravel(m))[0]",
        },
        "q4_confusion": {
            "counts correct answers too": "def most_confused(t, p):\n"
            "    from sklearn.metrics import confusion_matrix\n"
            "    c = confusion_matrix(t, p, labels=range(10))\n"
            "    return tuple(int(i) for i in np.unravel_index(c.argmax(), c.shape))",
            "(predicted, true) order": "def most_confused(t, p):\n"
            "    from sklearn.metrics import confusion_matrix\n"
            "    c = confusion_matrix(t, p, labels=range(10))\n"
            "    np.fill_diagonal(c, 0)\n"
            "    i, j = np.unravel_index(c.argmax(), c.shape)\n"
            "    return int(j), int(i)",
            "first mistake": "def most_confused(t, p):\n"
            "    i = next(k for k in range(len(t)) if t[k] != p[k])\n"
            "    return int(t[i]), int(p[i])",
        },
    },
    "03_cnn": {
        "q1_output_size": {
            "ignores the stride": "def conv_output_size(n, k, padding='valid', stride=1):\n"
            "    return n if padding == 'same' else n - k + 1",
            "'same' ignores the stride": "def conv_output_size(n, k, padding='valid', stride=1):\n"
            "    return n if padding == 'same' else (n - k) // stride + 1",
            "divides without flooring": "def conv_output_size(n, k, padding='valid', stride=1):\n"
            "    return n / stride if padding == 'same' else (n - k) / stride + 1",
        },
        "q2_conv_parameters": {
            "forgets the biases": "def conv_parameters(k, c, f):\n    return k * k * c * f",
            "forgets the input channels": "def conv_parameters(k, c, f):\n"
            "    return (k * k + 1) * f",
            "one bias per weight": "def conv_parameters(k, c, f):\n    return 2 * k * k * c * f",
        },
        "q3_kernel_design": {
            "Sobel Gx, wrong sign": "vertical_edge = "
            "np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])",
            "horizontal edge": "vertical_edge = np.array([[1, 2, 1], [0, 0, 0], [-1, -2, -1]])",
            "vertical line detector": "vertical_edge = "
            "np.array([[0, 1, 0], [0, 1, 0], [0, 1, 0]]) / 3",
            "Laplacian": "vertical_edge = np.array([[0, 1, 0], [1, -4, 1], [0, 1, 0]])",
            "fires on ink too": "vertical_edge = np.array([[2, 1, 0], [2, 1, 0], [2, 1, 0]])",
        },
    },
    "04_autoencoder": {
        "q1_conv_encoder": {
            "no convolutions": "def build_conv_encoder(code_size):\n"
            "    return keras.Sequential([keras.Input((28, 28, 1)), L.Flatten(),\n"
            "        L.Dense(128, activation='relu'), L.Dense(code_size)])",
            "code size fixed at 32": "def build_conv_encoder(code_size):\n"
            "    return keras.Sequential([keras.Input((28, 28, 1)), L.Conv2D(8, 3),\n"
            "        L.MaxPooling2D(), L.Flatten(), L.Dense(32)])",
            "feature maps as the code": "def build_conv_encoder(code_size):\n"
            "    return keras.Sequential([keras.Input((28, 28, 1)),\n"
            "        L.Conv2D(code_size, 3, padding='same'), L.MaxPooling2D(), L.Flatten()])",
            "maps never shrink": "def build_conv_encoder(code_size):\n"
            "    return keras.Sequential([keras.Input((28, 28, 1)),\n"
            "        L.Conv2D(8, 3, padding='same'), L.Conv2D(8, 3, padding='same'),\n"
            "        L.Flatten(), L.Dense(code_size)])",
            "flat input": "def build_conv_encoder(code_size):\n"
            "    return keras.Sequential([keras.Input((784,)), L.Reshape((28, 28, 1)),\n"
            "        L.Conv2D(8, 3), L.MaxPooling2D(), L.Flatten(), L.Dense(code_size)])",
        },
        "q2_worst_reconstructed": {
            "best first": "def worst_reconstructed(a, b, count):\n"
            "    d = np.asarray(a, float) - np.asarray(b, float)\n"
            "    return np.argsort((d.reshape(len(d), -1) ** 2).mean(axis=1))[:count]",
            "largest single-pixel error": "def worst_reconstructed(a, b, count):\n"
            "    d = np.abs(np.asarray(a, float) - np.asarray(b, float))\n"
            "    return np.argsort(d.reshape(len(d), -1).max(axis=1))[::-1][:count]",
            "assumes flat images": "def worst_reconstructed(a, b, count):\n"
            "    errors = ((np.asarray(a, float) - np.asarray(b, float)) ** 2).mean(axis=1)\n"
            "    return np.argsort(errors)[::-1][:count]",
            "ranks pixels, not images": "def worst_reconstructed(a, b, count):\n"
            "    errors = ((np.asarray(a, float) - np.asarray(b, float)) ** 2).ravel()\n"
            "    return np.argsort(errors)[::-1][:count]",
        },
        "q3_subspace_overlap": {
            "compares matching rows": "def subspace_overlap(a, b):\n"
            "    a, b = np.asarray(a, float), np.asarray(b, float)\n"
            "    a = a / np.linalg.norm(a, axis=1, keepdims=True)\n"
            "    b = b / np.linalg.norm(b, axis=1, keepdims=True)\n"
            "    return float(np.mean(np.sum(a * b, axis=1) ** 2))",
            "no orthonormalisation": "def subspace_overlap(a, b):\n"
            "    a, b = np.asarray(a, float), np.asarray(b, float)\n"
            "    return float(np.sum((a @ b.T) ** 2) / len(a))",
            "normalises rows only": "def subspace_overlap(a, b):\n"
            "    a, b = np.asarray(a, float), np.asarray(b, float)\n"
            "    a = a / np.linalg.norm(a, axis=1, keepdims=True)\n"
            "    b = b / np.linalg.norm(b, axis=1, keepdims=True)\n"
            "    return float(np.sum((a @ b.T) ** 2) / len(a))",
            "cosines not squared": "def subspace_overlap(a, b):\n"
            "    qa = np.linalg.qr(np.asarray(a, float).T)[0]\n"
            "    qb = np.linalg.qr(np.asarray(b, float).T)[0]\n"
            "    return float(np.sum(np.abs(qa.T @ qb)) / qa.shape[1])",
            "QR of the rows": "def subspace_overlap(a, b):\n"
            "    qa = np.linalg.qr(np.asarray(a, float))[0]\n"
            "    qb = np.linalg.qr(np.asarray(b, float))[0]\n"
            "    return float(np.sum((qa.T @ qb) ** 2) / qa.shape[1])",
        },
    },
    "05_dropout": {
        "q1_dropout_forward": {
            "no rescaling": "def dropout_forward(x, rate, keep, training=True):\n"
            "    x = np.asarray(x, float)\n"
            "    return x * np.asarray(keep) if training else x",
            "multiplies by (1 - rate)": "def dropout_forward(x, rate, keep, training=True):\n"
            "    x = np.asarray(x, float)\n"
            "    return x * np.asarray(keep) * (1 - rate) if training else x",
            "drops at inference too": "def dropout_forward(x, rate, keep, training=True):\n"
            "    return np.asarray(x, float) * np.asarray(keep) / (1 - rate)",
            "keep and drop swapped": "def dropout_forward(x, rate, keep, training=True):\n"
            "    x = np.asarray(x, float)\n"
            "    return x * (1 - np.asarray(keep)) / (1 - rate) if training else x",
            "divides by the rate": "def dropout_forward(x, rate, keep, training=True):\n"
            "    x = np.asarray(x, float)\n"
            "    return x * np.asarray(keep) / rate if training else x",
        },
        "q2_pick_rate": {
            "best single run": "def pick_rate(rates, accuracies):\n"
            "    return rates[int(np.argmax(np.asarray(accuracies).max(axis=1)))]",
            "returns the index": "def pick_rate(rates, accuracies):\n"
            "    return int(np.argmax(np.asarray(accuracies).mean(axis=1)))",
            "averages over rates": "def pick_rate(rates, accuracies):\n"
            "    return rates[int(np.argmax(np.asarray(accuracies).mean(axis=0)))]",
            "larger rate on a tie": "def pick_rate(rates, accuracies):\n"
            "    means = np.asarray(accuracies).mean(axis=1)\n"
            "    return rates[len(means) - 1 - int(np.argmax(means[::-1]))]",
        },
        "q3_early_stopping": {
            "counts from 0": "def early_stopping_epoch(val_losses):\n"
            "    return int(np.argmin(val_losses))",
            "stops at the first rise": "def early_stopping_epoch(val_losses):\n"
            "    v = list(val_losses)\n"
            "    return next((i + 1 for i in range(len(v) - 1) if v[i + 1] > v[i]), len(v))",
            "highest loss": "def early_stopping_epoch(val_losses):\n"
            "    return int(np.argmax(val_losses)) + 1",
            "last epoch": "def early_stopping_epoch(val_losses):\n    return len(val_losses)",
        },
    },
    "06_transfer_learning": {
        "q1_unfreeze_from": {
            "leaves the model itself frozen": "def unfreeze_from(model, layer_name):\n"
            "    start = [layer.name for layer in model.layers].index(layer_name)\n"
            "    for position, layer in enumerate(model.layers):\n"
            "        layer.trainable = position >= start\n"
            "    return model",
            "unfreezes the layers before it": "def unfreeze_from(model, layer_name):\n"
            "    start = [layer.name for layer in model.layers].index(layer_name)\n"
            "    model.trainable = True\n"
            "    for position, layer in enumerate(model.layers):\n"
            "        layer.trainable = position < start\n"
            "    return model",
            "keeps the named layer frozen": "def unfreeze_from(model, layer_name):\n"
            "    start = [layer.name for layer in model.layers].index(layer_name)\n"
            "    model.trainable = True\n"
            "    for position, layer in enumerate(model.layers):\n"
            "        layer.trainable = position > start\n"
            "    return model",
            "unfreezes everything": "def unfreeze_from(model, layer_name):\n"
            "    model.trainable = True\n"
            "    return model",
            "only the named layer": "def unfreeze_from(model, layer_name):\n"
            "    model.trainable = True\n"
            "    for layer in model.layers:\n"
            "        layer.trainable = layer.name == layer_name\n"
            "    return model",
            "returns nothing": "def unfreeze_from(model, layer_name):\n"
            "    start = [layer.name for layer in model.layers].index(layer_name)\n"
            "    model.trainable = True\n"
            "    for position, layer in enumerate(model.layers):\n"
            "        layer.trainable = position >= start",
        },
        "q2_head_parameters": {
            "forgets the biases": "def head_parameters(shape, hidden, classes):\n"
            "    return int(np.prod(shape)) * hidden + hidden * classes",
            "only the channels": "def head_parameters(shape, hidden, classes):\n"
            "    return (shape[-1] + 1) * hidden + (hidden + 1) * classes",
            "adds the dimensions": "def head_parameters(shape, hidden, classes):\n"
            "    return (sum(shape) + 1) * hidden + (hidden + 1) * classes",
            "forgets the output layer": "def head_parameters(shape, hidden, classes):\n"
            "    return (int(np.prod(shape)) + 1) * hidden",
        },
        "q3_labels_to_reach": {
            "best seed": "def labels_to_reach(budgets, accuracies, target):\n"
            "    reached = np.flatnonzero(np.asarray(accuracies).max(axis=1) >= target)\n"
            "    return budgets[reached[0]] if len(reached) else None",
            "worst seed": "def labels_to_reach(budgets, accuracies, target):\n"
            "    reached = np.flatnonzero(np.asarray(accuracies).min(axis=1) >= target)\n"
            "    return budgets[reached[0]] if len(reached) else None",
            "returns the index": "def labels_to_reach(budgets, accuracies, target):\n"
            "    reached = np.flatnonzero(np.asarray(accuracies).mean(axis=1) >= target)\n"
            "    return int(reached[0]) if len(reached) else None",
            "strictly above the target": "def labels_to_reach(budgets, accuracies, target):\n"
            "    reached = np.flatnonzero(np.asarray(accuracies).mean(axis=1) > target)\n"
            "    return budgets[reached[0]] if len(reached) else None",
            "the largest budget when never reached": "def labels_to_reach(budgets, a, target):\n"
            "    reached = np.flatnonzero(np.asarray(a).mean(axis=1) >= target)\n"
            "    return budgets[reached[0]] if len(reached) else budgets[-1]",
            "the last budget that reaches it": "def labels_to_reach(budgets, a, target):\n"
            "    reached = np.flatnonzero(np.asarray(a).mean(axis=1) >= target)\n"
            "    return budgets[reached[-1]] if len(reached) else None",
        },
    },
}


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
    """Source of the master's code cell that defines ``name``."""
    return next(
        "".join(c["source"])
        for c in master_cells(master)
        if "".join(c["source"]).startswith(f"def {name}(")
    )


def lab01_globals(master: Path) -> dict:
    """What lab 01's exercises use from the notebook, built small."""
    env = {"np": np, "keras": keras}
    exec(notebook_function(master, "build_mlp"), env)
    rng = np.random.default_rng(0)
    members = [rng.dirichlet(np.ones(10), size=50) for _ in range(3)]
    env.update(
        baseline=keras.Sequential([keras.Input((784,)), keras.layers.Dense(10)]),
        member_probabilities=members,
        y_test=rng.integers(0, 10, 50),
    )
    env["ensemble_accuracy"] = np.mean(np.mean(members, axis=0).argmax(axis=1) == env["y_test"])
    return env


def lab02_globals(master: Path) -> dict:
    """What lab 02's exercises use from the notebook, built small."""
    sobel_x = np.array([[-1, 0, 1], [-2, 0, 2], [-1, 0, 1]])
    return {
        "np": np,
        "features": features,
        "sobel_x": sobel_x,
        "sobel_y": sobel_x.T,
        "hog_train": np.zeros((2, 1296), np.float32),
        # the first mistake (1→7) is not the most frequent one (3→5)
        "y_test": np.array([0, 1, 2, 3, 3, 3, 5, 5]),
        "best_predictions": np.array([0, 7, 2, 5, 5, 5, 3, 5]),
    }


def lab03_globals(master: Path) -> dict:
    """What lab 03's exercises use from the notebook, built small."""
    layers = keras.layers
    lenet = keras.Sequential(
        [
            keras.Input((28, 28, 1)),
            layers.Conv2D(6, 5, padding="same", name="conv1"),
            layers.MaxPooling2D(),
            layers.Conv2D(16, 5, name="conv2"),
        ]
    )
    return {"np": np, "keras": keras, "filters": filters, "lenet": lenet}


def lab04_globals(master: Path) -> dict:
    """What lab 04's exercises use from the notebook."""
    return {"np": np, "keras": keras, "L": keras.layers, "subspace_angles": subspace_angles}


def lab05_globals(master: Path) -> dict:
    """What lab 05's exercises use from the notebook."""
    return {"np": np, "keras": keras}


def lab06_globals(master: Path) -> dict:
    """What lab 06's exercises use from the notebook: its own conv base and frozen copy, small."""
    env = {"np": np, "keras": keras, "L": keras.layers, "pd": pd}
    exec(notebook_function(master, "build_conv_base"), env)
    env["source_base"] = env["build_conv_base"]()
    exec(notebook_function(master, "copy_of_source_base"), env)
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


def test_every_lab_has_wrong_answers_for_every_question(autograder_tests):
    assert sorted(WRONG_ANSWERS) == LAB_NAMES == sorted(LAB_GLOBALS)
    for lab, folder in autograder_tests.items():
        assert sorted(WRONG_ANSWERS[lab]) == sorted(p.stem for p in folder.glob("*.py")), lab


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


@pytest.mark.parametrize("lab, question", QUESTIONS)
def test_untouched_student_version_scores_zero(assigned_labs, autograder_tests, lab, question):
    # the otter round trip in test_grading.py grades the filled-in version; this checks the other
    # end without a second run of the whole notebook
    env = environment(lab, untouched_answers(assigned_labs[lab], lab))
    score, _ = question_score(autograder_tests[lab], question, env)
    assert score == 0
