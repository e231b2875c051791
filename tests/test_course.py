"""utils.course: the course and its tests, Colab, the grader, installs that change nothing."""

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

import utils
from conftest import ROOT
from utils import course


@pytest.fixture
def fake_colab(tmp_path, monkeypatch):
    """A stand-in ``google.colab`` module on the path, as on Colab."""
    package = tmp_path / "standin" / "google" / "colab"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path / "standin"))
    for name in [m for m in sys.modules if m == "google" or m.startswith("google.colab")]:
        monkeypatch.delitem(sys.modules, name)
    importlib.invalidate_caches()


def test_not_colab_here():
    assert course.in_colab() is False


def test_colab_is_detected_by_its_module(fake_colab):
    assert course.in_colab() is True


def test_course_root_is_the_folder_above_utils():
    assert course.course_root() == ROOT
    assert (course.course_root() / "utils" / "__init__.py").is_file()


def test_lab_tests_are_found_in_the_course_then_beside_the_notebook(tmp_path):
    assert course.lab_tests("03_cnn") == ROOT / "labs" / "03_cnn" / "student" / "tests"
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "q1.py").write_text("test = {}")
    elsewhere = tmp_path / "no_course"
    assert course.lab_tests("03_cnn", root=elsewhere, cwd=tmp_path) == tmp_path / "tests"


def test_missing_tests_name_both_places(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"No tests for lab 03_cnn in .*no_course.* or .*"):
        course.lab_tests("03_cnn", root=tmp_path / "no_course", cwd=tmp_path)


@pytest.mark.parametrize("bad", ["", "cnn", "3_cnn", "../03_cnn", "03_cnn/", 3, None])
def test_a_bad_lab_name_is_a_clear_error(bad):
    with pytest.raises(ValueError, match=r"lab=.*expected a lab name such as '03_cnn'"):
        course.lab_tests(bad)
    with pytest.raises(ValueError, match="expected a lab name"):
        utils.grader(bad)


def test_grader_checks_answers_against_the_labs_public_tests(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # otter writes its log to the working directory
    grader = utils.grader("03_cnn")

    def conv_output_size(n, k, padding="valid", stride=1):
        return -(-n // stride) if padding == "same" else (n - k) // stride + 1

    assert grader.check("q1_output_size", {"conv_output_size": conv_output_size}).grade == 1
    wrong = {"conv_output_size": lambda n, k, padding="valid", stride=1: n - k}
    assert grader.check("q1_output_size", wrong).grade == 0
    with pytest.raises(FileNotFoundError, match="no_such_question"):
        grader.check("no_such_question", {})


def test_grader_without_otter_says_how_to_install_it(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "otter" else real_find_spec(name, *a),
    )
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'otter-grader>=6\.1,<8'"):
        utils.grader("03_cnn")


def test_grader_on_colab_installs_otter_first(fake_colab, monkeypatch, tmp_path):
    real_find_spec = importlib.util.find_spec
    installed = []
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "otter" and not installed else real_find_spec(name, *a),
    )
    monkeypatch.setattr(course, "install_on_colab", installed.append)
    monkeypatch.chdir(tmp_path)
    grader = utils.grader("01_mlp")
    assert installed == [course.OTTER_REQUIREMENT]
    assert type(grader).__name__ == "Notebook"


def test_requirements_declare_the_otter_range_the_grader_installs():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    assert course.OTTER_REQUIREMENT in [line.split("#")[0].strip() for line in lines]


class FakePip:
    """Records the pip command and the constraints file it was given."""

    def __init__(self, returncode=0, stderr=""):
        self.returncode, self.stderr = returncode, stderr
        self.command, self.constraints = None, None

    def __call__(self, command, **kwargs):
        self.command = command
        self.constraints = Path(command[command.index("--constraint") + 1]).read_text()
        return subprocess.CompletedProcess(command, self.returncode, "", self.stderr)


def test_install_on_colab_holds_everything_loaded_and_the_frameworks(capsys):
    import keras

    pip = FakePip()
    course.install_on_colab("otter-grader>=6.1,<8", run=pip)
    assert pip.command[:4] == [sys.executable, "-m", "pip", "install"]
    assert "otter-grader>=6.1,<8" in pip.command
    pins = pip.constraints.split()
    for name, version in [("numpy", np.__version__), ("keras", keras.__version__)]:
        assert f"{name}=={version}" in pins
    assert any(pin.startswith("tensorflow==") for pin in pins)
    assert any(pin.startswith("pytest==") for pin in pins)  # imported here, so held too
    assert not Path(pip.command[-1]).exists()  # the constraints file is cleaned up
    out = capsys.readouterr().out
    assert out.startswith("Installed otter-grader ") and out.count("\n") == 1


def test_a_failed_install_gives_pips_last_error_line():
    pip = FakePip(1, "Looking in indexes...\nERROR: No matching distribution found for otter\n")
    with pytest.raises(RuntimeError, match="Could not install x on Colab: ERROR: No matching"):
        course.install_on_colab("x", run=pip)


def test_imported_distributions_map_modules_to_what_pip_installed():
    names = course.imported_distributions(["numpy", "sklearn.linear_model", "no_such_module"])
    assert {"numpy", "scikit-learn", "tensorflow", "keras"} <= names
    assert course.pinned_versions(["numpy", "no-such-distribution"]) == [f"numpy=={np.__version__}"]


def git(*arguments, cwd):
    subprocess.run(["git", *arguments], cwd=cwd, check=True, capture_output=True)


def test_course_origin_names_the_address_and_the_branch_or_tag(tmp_path):
    source = tmp_path / "source"
    source.mkdir()
    (source / "x.txt").write_text("x")
    git("init", "-q", "-b", "main", cwd=source)
    git("add", ".", cwd=source)
    git("-c", "user.name=t", "-c", "user.email=t@t", "commit", "-q", "-m", "x", cwd=source)
    git("tag", "v1", cwd=source)
    for ref in ["main", "v1"]:
        clone = tmp_path / f"clone-{ref}"
        git("clone", "-q", "--depth=1", "-b", ref, source.as_uri(), str(clone), cwd=tmp_path)
        assert course.course_origin(clone) == f"{source.as_uri()} ({ref})"
    assert course.course_origin(tmp_path) is None  # not a clone


def test_setup_on_colab_says_where_the_course_is(fake_colab, capsys):
    utils.setup()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"Course: {ROOT}") and lines[0].endswith(".")
    assert "GPU: " in lines[1]
