"""utils' import graph: no circle, nothing imported upward, nothing of the instructors' tools.

Every ``utils/*.py`` is parsed with ``ast``, imports inside functions included, and compared
with the floors the package's docstring lists.
"""

import ast
import re

import pytest

import utils
from conftest import ROOT

PACKAGE = ROOT / "utils"
MODULES = sorted(path.stem for path in PACKAGE.glob("*.py") if path.stem != "__init__")
OUTSIDE = ("instructors", "tests", "tools")  # what utils must never import


def imports(module: str) -> list[tuple[str, int]]:
    """Every module ``module`` imports, with the line: ``utils.x`` as ``x``, others by name."""
    tree = ast.parse((PACKAGE / f"{module}.py").read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):  # every import, at the top or inside a function
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
            if node.module == "utils":  # from utils import cache, colab
                names = [f"utils.{alias.name}" for alias in node.names]
        elif isinstance(node, ast.ImportFrom):  # a relative import: from . import x
            names = [f"utils.{node.module or alias.name}" for alias in node.names]
        else:
            continue
        found += [(name, node.lineno) for name in names]
    return found


def utils_imports(module: str) -> set[str]:
    """The modules of utils that ``module`` imports."""
    inside = set()
    for name, _ in imports(module):
        parts = name.split(".")
        if parts[0] == "utils" and len(parts) > 1 and parts[1] in MODULES:
            inside.add(parts[1])
    return inside


def floors() -> dict[str, int]:
    """Each module's floor, as the package docstring lists them ("0. ``layout``, ...")."""
    listed = {}
    text = utils.__doc__.split("Floors", 1)[1].split("Where a picture lives", 1)[0]
    for number, body in re.findall(r"^(\d+)\. (.*(?:\n {3}.*)*)", text, flags=re.M):
        for name in re.findall(r"``(\w+)``", body.split(";")[0]):
            listed[name] = int(number)
    return listed


def test_every_module_has_one_floor():
    listed = floors()
    assert sorted(listed) == MODULES


@pytest.mark.parametrize("module", MODULES)
def test_a_module_imports_only_from_lower_floors(module):
    listed = floors()
    upward = {other for other in utils_imports(module) if listed[other] >= listed[module]}
    assert not upward, f"utils.{module} (floor {listed[module]}) imports {sorted(upward)}"


def test_the_import_graph_has_no_circle():
    graph = {module: utils_imports(module) for module in MODULES}
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for other in sorted(graph[module]):
            if state.get(other) == "open":
                circle = path[path.index(other) :] + [other]
                pytest.fail("import circle: " + " -> ".join(f"utils.{m}" for m in circle))
            if other not in state:
                visit(other, [*path, other])
        state[module] = "done"

    for module in MODULES:
        if module not in state:
            visit(module, [module])


@pytest.mark.parametrize("module", [*MODULES, "__init__"])
def test_utils_never_imports_the_instructors_tests_or_tools(module):
    wrong = [
        f"{name} (line {line})" for name, line in imports(module) if name.split(".")[0] in OUTSIDE
    ]
    assert not wrong, f"utils/{module}.py imports {wrong}"


def test_the_checks_see_imports_inside_functions():
    # timing is imported by cache at the top; code_key imports random_state inside a function
    assert "timing" in utils_imports("cache")
    assert "random_state" in utils_imports("code_key")
