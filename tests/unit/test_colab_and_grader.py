"""utils.colab and utils.student_grader: the course and its tests, Colab, the grader, installs
that change nothing."""

import importlib.util
import subprocess
import sys
import zipfile
from pathlib import Path

import numpy as np
import pytest

import utils
from conftest import ROOT
from utils import colab, student_grader


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
    assert colab.in_colab() is False


def test_colab_is_detected_by_its_module(fake_colab):
    assert colab.in_colab() is True


def test_course_root_is_the_folder_above_utils():
    assert colab.course_root() == ROOT
    assert (colab.course_root() / "utils" / "__init__.py").is_file()


def test_lab_tests_are_found_in_the_course_then_beside_the_notebook(tmp_path):
    assert student_grader.lab_tests("03_cnn") == ROOT / "labs" / "03_cnn" / "student" / "tests"
    (tmp_path / "tests").mkdir()
    (tmp_path / "tests" / "q1.py").write_text("test = {}")
    elsewhere = tmp_path / "no_course"
    with pytest.raises(FileNotFoundError):  # a tests/ folder, but not beside the lab's notebook
        student_grader.lab_tests("03_cnn", root=elsewhere, cwd=tmp_path)
    (tmp_path / "03_cnn.ipynb").write_text("{}")
    assert student_grader.lab_tests("03_cnn", root=elsewhere, cwd=tmp_path) == tmp_path / "tests"


@pytest.mark.parametrize("where", ["course root", "another lab's folder"])
def test_a_lab_that_does_not_exist_is_never_graded_with_other_tests(where, monkeypatch):
    folder = ROOT if where == "course root" else ROOT / "labs" / "01_mlp" / "student"
    monkeypatch.chdir(folder)  # both have a tests/ folder
    with pytest.raises(FileNotFoundError, match="No tests for lab 07_missing"):
        student_grader.lab_tests("07_missing")
    with pytest.raises(FileNotFoundError, match="No tests for lab 07_missing"):
        utils.grader("07_missing")


def test_missing_tests_name_both_places(tmp_path):
    with pytest.raises(FileNotFoundError, match=r"No tests for lab 03_cnn in .*no_course.* or .*"):
        student_grader.lab_tests("03_cnn", root=tmp_path / "no_course", cwd=tmp_path)


@pytest.mark.parametrize("bad", ["", "cnn", "3_cnn", "../03_cnn", "03_cnn/", 3, None])
def test_a_bad_lab_name_is_a_clear_error(bad):
    with pytest.raises(ValueError, match=r"lab=.*expected a lab name such as '03_cnn'"):
        student_grader.lab_tests(bad)
    with pytest.raises(ValueError, match="expected a lab name"):
        utils.grader(bad)


def test_grader_checks_answers_against_the_labs_public_tests(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # otter would write its log to the working directory
    grader = utils.grader("03_cnn")

    def conv_output_size(n, k, padding="valid", stride=1):
        return -(-n // stride) if padding == "same" else (n - k) // stride + 1

    assert grader.check("q1_output_size", {"conv_output_size": conv_output_size}).grade == 1
    wrong = {"conv_output_size": lambda n, k, padding="valid", stride=1: n - k}
    assert grader.check("q1_output_size", wrong).grade == 0
    with pytest.raises(FileNotFoundError, match="no_such_question"):
        grader.check("no_such_question", {})
    assert list(tmp_path.iterdir()) == []  # no .OTTER_LOG beside the notebook


def test_a_blank_answer_is_not_answered_yet(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    grader = utils.grader("03_cnn")

    def conv_output_size(n, k, padding="valid", stride=1):
        """The student version's placeholder, left as it is."""
        ...

    def build_lenet():
        layers = []  # begun, but the `return` is missing
        layers.append(None)

    stroke = np.zeros((9, 9))
    checks = {
        "q1_output_size": {"conv_output_size": conv_output_size},  # a function left as ...
        "q6_kernel_design": {"vertical_edge": ..., "stroke": stroke},  # a value left as ...
        "q2_build_lenet": {"build_lenet": build_lenet},  # a function that returns None
    }
    for question, answers in checks.items():
        result = grader.check(question, answers)
        assert repr(result).startswith(f"{question}: not answered yet ("), repr(result)
        assert "\n" not in repr(result) and "line" not in repr(result)
        assert not result.answered and result.grade == 0
    assert repr(grader.check("q1_output_size", {})) == (
        "q1_output_size: not answered yet (conv_output_size not defined: run its cell)."
    )
    assert "build_lenet returned None" in repr(
        grader.check("q2_build_lenet", checks["q2_build_lenet"])
    )


def test_a_failing_public_test_shows_its_line_and_what_it_expected(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    grader = utils.grader("03_cnn")
    wrong = {"conv_output_size": lambda n, k, padding="valid", stride=1: n - k}
    assert repr(grader.check("q1_output_size", wrong)).splitlines() == [
        "q1_output_size: a public test does not pass yet.",
        "    assert conv_output_size(28, 3) == 26",
        "got 25, expected 26",
    ]
    broken = {"conv_output_size": lambda n, k, padding="valid", stride=1: n["k"]}
    lines = repr(grader.check("q1_output_size", broken)).splitlines()
    assert lines[1:] == [
        "    assert conv_output_size(28, 3) == 26",
        "TypeError: 'int' object is not subscriptable",  # the message whole, quotes and all
    ]


def test_grader_without_otter_says_how_to_install_it(monkeypatch):
    real_find_spec = importlib.util.find_spec
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "otter" else real_find_spec(name, *a),
    )
    with pytest.raises(ModuleNotFoundError, match=r"pip install 'otter-grader>=6\.1,<8'") as error:
        utils.grader("03_cnn")
    assert error.value._render_traceback_() == [f"GraderMissingError: {error.value}"]


def test_grader_on_colab_installs_otter_first(fake_colab, monkeypatch, tmp_path):
    real_find_spec = importlib.util.find_spec
    installed = []
    monkeypatch.setattr(
        importlib.util,
        "find_spec",
        lambda name, *a: None if name == "otter" and not installed else real_find_spec(name, *a),
    )
    monkeypatch.setattr(student_grader, "install_on_colab", installed.append)
    monkeypatch.chdir(tmp_path)
    grader = utils.grader("01_mlp")
    assert installed == [student_grader.COLAB_OTTER_REQUIREMENT]
    import otter

    assert isinstance(grader, otter.Notebook)


def test_requirements_declare_the_otter_range_and_colab_allows_it():
    lines = (ROOT / "requirements.txt").read_text().splitlines()
    assert student_grader.OTTER_REQUIREMENT in [line.split("#")[0].strip() for line in lines]
    # Colab may settle on an older otter (5.7 reads the same test files), never a newer one
    assert student_grader.OTTER_REQUIREMENT.endswith(",<8")
    assert student_grader.COLAB_OTTER_REQUIREMENT.endswith(",<8")


class FakePip:
    """Records the pip command and the constraints file it was given."""

    def __init__(self, returncode=0, stdout="", stderr=""):
        self.returncode, self.stdout, self.stderr = returncode, stdout, stderr
        self.command, self.constraints = None, None

    def __call__(self, command, **kwargs):
        self.command = command
        self.constraints = Path(command[command.index("--constraint") + 1]).read_text()
        return subprocess.CompletedProcess(command, self.returncode, self.stdout, self.stderr)


def test_install_on_colab_holds_every_installed_package_at_its_version(capsys):
    import keras

    pip = FakePip()
    colab.install_on_colab("otter-grader>=5.7,<8", run=pip)
    assert pip.command[:4] == [sys.executable, "-m", "pip", "install"]
    assert "otter-grader>=5.7,<8" in pip.command
    pins = pip.constraints.split()
    for name, version in [("numpy", np.__version__), ("keras", keras.__version__)]:
        assert f"{name}=={version}" in pins
    assert any(pin.startswith("tensorflow==") for pin in pins)
    assert any(pin.startswith("pytest==") for pin in pins)  # everything, loaded or not
    assert len(pins) > 100
    assert not Path(pip.command[-1]).exists()  # the constraints file is cleaned up
    out = capsys.readouterr().out.splitlines()
    assert len(out) == 2 and out[0].startswith("Installing otter-grader>=5.7,<8 ")
    assert out[1].startswith("Installed otter-grader ")


PIP_CONFLICT = (  # pip explains a conflict on stdout, and gives up on stderr
    "Looking in indexes: https://pypi.org/simple\n"
    "INFO: pip is looking at multiple versions of otter-grader to determine which version is\n"
    "\n"
    "The conflict is caused by:\n"
    "    otter-grader 7.0.0 depends on ipywidgets<9.0.0 and >=8.1.5\n"
    "    The user requested (constraint) ipywidgets==7.7.1\n"
    "\n"
    "To fix this you could try to:\n"
    "1. loosen the range of package versions you've specified\n",
    "ERROR: Cannot install otter-grader==7.0.0 because these package versions have conflicts.\n"
    "ERROR: ResolutionImpossible: for help visit https://pip.pypa.io/en/latest/topics/\n",
)


def test_a_failed_install_says_which_constraint_blocks_it():
    pip = FakePip(1, *PIP_CONFLICT)
    with pytest.raises(RuntimeError) as error:
        colab.install_on_colab("otter-grader>=5.7,<8", run=pip)
    assert str(error.value) == (
        "Could not install otter-grader>=5.7,<8 without changing the installed packages: "
        "otter-grader 7.0.0 depends on ipywidgets<9.0.0 and >=8.1.5; "
        "The user requested (constraint) ipywidgets==7.7.1"
    )
    assert error.value._render_traceback_() == [f"InstallError: {error.value}"]  # one line


def test_a_conflict_over_many_versions_stays_short():
    versions = "".join(
        f"    otter-grader {v} depends on ipywidgets<9.0.0 and >=8.1.5\n"
        for v in ["7.0.0", "6.1.6", "6.1.5", "6.1.0"]
    )
    request = "    The user requested (constraint) ipywidgets==7.7.1\n"
    output = f"The conflict is caused by:\n{versions}{request}"
    assert colab.pip_failure_reason(output) == (
        "otter-grader 7.0.0 depends on ipywidgets<9.0.0 and >=8.1.5; and 3 older versions alike; "
        "The user requested (constraint) ipywidgets==7.7.1"
    )


@pytest.mark.parametrize(
    "stderr, reason",
    [
        (
            "Looking in indexes: x\nERROR: No matching distribution found for otter\n",
            "ERROR: No matching distribution found for otter",
        ),
        ("WARNING: Retrying...\nsomething odd\n", "something odd"),
        ("", "pip exited with 2"),
    ],
)
def test_pip_failure_reason_picks_the_telling_line(stderr, reason):
    assert colab.pip_failure_reason(stderr, 2) == reason


def make_wheel(folder: Path, name: str, version: str, requires=()) -> None:
    """A minimal pure-Python wheel, for a local stand-in of PyPI."""
    package = name.replace("-", "_")
    info = f"{package}-{version}.dist-info"
    files = {
        f"{package}/__init__.py": "",
        f"{info}/METADATA": f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
        + "".join(f"Requires-Dist: {requirement}\n" for requirement in requires),
        f"{info}/WHEEL": "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\n"
        "Tag: py3-none-any\n",
    }
    files[f"{info}/RECORD"] = "".join(f"{path},,\n" for path in [*files, f"{info}/RECORD"])
    with zipfile.ZipFile(folder / f"{package}-{version}-py3-none-any.whl", "w") as wheel:
        for path, text in files.items():
            wheel.writestr(path, text)


def test_real_pip_adds_packages_but_never_upgrades_an_installed_one(tmp_path, capsys):
    wheels, target = tmp_path / "index", tmp_path / "site"
    wheels.mkdir()
    make_wheel(wheels, "numpy", "99.0")  # a newer "numpy" that pip would otherwise take
    make_wheel(wheels, "course-demo-adds", "1.0")
    make_wheel(wheels, "course-demo-wants-numpy", "1.0", ["numpy>=99"])

    def offline_pip(command, **kwargs):  # a local stand-in for PyPI, installing into `target`
        extra = ["--no-index", "--find-links", str(wheels), "--target", str(target)]
        return subprocess.run([*command, *extra], **kwargs)

    colab.install_on_colab("course-demo-adds", run=offline_pip)
    assert (target / "course_demo_adds" / "__init__.py").is_file()
    assert capsys.readouterr().out.splitlines()[-1].startswith("Installed course-demo-adds")
    with pytest.raises(
        colab.InstallError, match=rf"requested \(constraint\) numpy=={np.__version__}"
    ):
        colab.install_on_colab("course-demo-wants-numpy", run=offline_pip)
    assert not (target / "numpy").exists()


def test_every_installed_distribution_is_listed_and_pinned():
    names = colab.installed_distributions()
    assert {"numpy", "scikit-learn", "tensorflow", "keras"} <= {n.lower() for n in names}
    assert colab.pinned_versions(["numpy", "no-such-distribution"]) == [f"numpy=={np.__version__}"]


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
        assert colab.course_origin(clone) == f"{source.as_uri()} ({ref})"
    assert colab.course_origin(tmp_path) is None  # not a clone


def test_setup_on_colab_says_where_the_course_is(fake_colab, capsys):
    utils.setup()
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(f"Course: {ROOT}") and lines[0].endswith(".")
    assert "GPU: " in lines[1]


def test_an_install_says_what_it_installs_before_pip_starts(capsys):
    said_before = []

    def pip(command, **kwargs):
        said_before.append(capsys.readouterr().out)
        return subprocess.CompletedProcess(command, 0, "", "")

    colab.install_on_colab("otter-grader>=5.7,<8", run=pip)
    assert said_before[0].startswith("Installing otter-grader>=5.7,<8 (keeping every installed")
    assert capsys.readouterr().out.startswith("Installed otter-grader ")


def test_the_courses_requirements_colab_lacks_are_installed_the_careful_way(tmp_path, capsys):
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(
        "# a comment\nnumpy>=2.0,<3\ncourse-demo-absent>=1.0\njupyter>=1.0\notter-grader>=6.1,<8\n"
    )
    assert colab.missing_requirements(requirements) == ["course-demo-absent>=1.0"]
    assert colab.missing_requirements(tmp_path / "none.txt") == []
    # the real file: everything is installed in the test environment
    assert colab.missing_requirements() == []


def test_setup_on_colab_installs_what_colab_lacks(fake_colab, monkeypatch, capsys):
    pip, install = FakePip(), colab.install_on_colab
    monkeypatch.setattr(colab, "missing_requirements", lambda: ["tqdm>=4.66"])
    monkeypatch.setattr(colab, "install_on_colab", lambda r, run: install(r, run=pip))
    utils.setup()
    assert "tqdm>=4.66" in pip.command and "--constraint" in pip.command
    out = capsys.readouterr().out
    assert "Installing tqdm>=4.66 " in out and "Installed tqdm " in out
