"""Every package the course imports is declared (students' in requirements.txt); ruff passes."""

import ast
import importlib.metadata
import json
import re
import subprocess
import sys

from conftest import ROOT

# the course's own modules: its packages and tools, and the tests' helper modules
LOCAL = {path.parent.name for path in ROOT.glob("*/__init__.py")} | {"tools", "conftest"}
LOCAL |= {path.stem for path in ROOT.glob("tests/**/*.py")}
ONLY_ON_COLAB = {"google"}  # the setup cell's `import google.colab`, Colab's own module
PROVIDERS = importlib.metadata.packages_distributions()


def normalise(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def declared(path) -> set[str]:
    names = set()
    for line in path.read_text().splitlines():
        line = line.split("#")[0].strip()
        if line.startswith("-r "):
            names |= declared(path.parent / line[3:].strip())
        elif line:
            names.add(normalise(re.split(r"[<>=!~;\[ ]", line, maxsplit=1)[0]))
    return names


def imports(source: str) -> set[str]:
    # notebook cells may hold IPython's `!command` and `%magic` lines: leave them out
    lines = [line for line in source.splitlines() if not line.lstrip().startswith(("!", "%"))]
    found = set()
    for node in ast.walk(ast.parse("\n".join(lines))):
        if isinstance(node, ast.Import):
            found |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.add(node.module.split(".")[0])
    return found


def notebook_source(path) -> str:
    cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
    return "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")


def third_party(modules: set[str]) -> set[str]:
    return modules - set(sys.stdlib_module_names) - LOCAL - ONLY_ON_COLAB - {"__future__"}


def undeclared(modules: set[str], requirements: set[str]) -> dict[str, list[str]]:
    missing = {}
    for module in sorted(third_party(modules)):
        distributions = {normalise(d) for d in PROVIDERS.get(module, [module])}
        if not distributions & requirements:
            missing[module] = sorted(distributions)
    return missing


def test_what_students_run_is_in_requirements_txt():
    student_code = set()
    for path in [*(ROOT / "notebooks").glob("*.ipynb"), *(ROOT / "labs").glob("*/student/*.ipynb")]:
        student_code |= imports(notebook_source(path))
    for path in (ROOT / "utils").glob("*.py"):
        student_code |= imports(path.read_text())
    student_code |= {"otter"}  # utils.grader imports it inside a function
    # utils.layout reads pyproject.toml for the instructors' tools only: tomli (Python 3.10) is in
    # requirements-dev.txt
    student_code -= {"tomllib", "tomli"}
    assert {"keras", "pandas", "scipy", "otter", "IPython"} <= student_code
    assert undeclared(student_code, declared(ROOT / "requirements.txt")) == {}


def test_the_instructors_tools_and_tests_are_in_requirements_dev():
    code = set()
    for pattern in ["instructors/**/*.py", "tools/*.py", "tests/**/*.py"]:
        for path in ROOT.glob(pattern):
            code |= imports(path.read_text())
    code |= imports((ROOT / "conftest.py").read_text())
    code -= {"tomllib", "tomli"}  # stdlib from 3.11; tomli is declared for 3.10 only
    assert undeclared(code, declared(ROOT / "requirements-dev.txt")) == {}
    assert "tomli" in declared(ROOT / "requirements-dev.txt")


def test_test_tools_are_not_in_the_students_install():
    student = declared(ROOT / "requirements.txt")
    assert not student & {"pytest", "pytest-xdist", "nbval", "ruff"}


def test_ruff_format_leaves_everything_as_it_is_notebooks_included():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "format", "--check", "--no-cache", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-3000:] + " (run `ruff format .`)"


def test_ruff_passes_on_everything_notebooks_included():
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(ROOT)],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout[-3000:]


def test_nothing_the_packages_need_is_git_ignored():
    # an ignored file works where it was written and is missing from every clone (the site's
    # template under instructors/templates/site/ once fell under the built site's `site/` line)
    files = [
        str(path.relative_to(ROOT))
        for package in ("utils", "instructors", "data", "tests")
        for path in (ROOT / package).rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    ]
    done = subprocess.run(
        ["git", "check-ignore", "--no-index", "--stdin"],
        input="\n".join(files),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.stdout.split() == [], "git-ignored, so missing from a clone"
