"""The course's structure, drawn from its code: no import circle, no import running back up.

Every import counts, those inside functions included (an import moved into a function to hide
a circle is still a circle).
"""

import ast
from pathlib import Path

import pytest

from utils.layout import ROOT

PACKAGES = ("utils", "instructors")
# a package's floors, lowest first: a module may import from its own floor and those below
FLOORS = [
    ("utils",),
    ("instructors.workspace",),
    ("instructors.grading",),
    ("instructors",),
    ("tools",),
]


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def course_modules() -> dict[str, Path]:
    paths = [path for package in PACKAGES for path in (ROOT / package).rglob("*.py")]
    paths += list((ROOT / "tools").glob("*.py"))
    return {module_name(path): path for path in paths if "__pycache__" not in path.parts}


MODULES = course_modules()


def imported(name: str, path: Path) -> set[str]:
    """The course modules that ``name`` imports, anywhere in its code."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                base = ".".join(package.split(".")[: len(package.split(".")) - node.level + 1])
                base = f"{base}.{node.module}" if node.module else base
            # `from utils import data` imports the module utils.data (running utils/__init__.py
            # first is Python's doing, not an edge); `from utils.data import f` imports utils.data
            targets = [
                f"{base}.{alias.name}" if f"{base}.{alias.name}" in MODULES else base
                for alias in node.names
            ]
        else:
            continue
        for target in targets:
            while target and target not in MODULES:
                target = target.rpartition(".")[0]
            if target and target != name:
                found.add(target)
    return found


GRAPH = {name: imported(name, path) for name, path in MODULES.items()}


def floor(name: str) -> int:
    levels = [i for i, prefixes in enumerate(FLOORS) for p in prefixes if name.startswith(p)]
    return max(levels)


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of two modules or more (Tarjan's algorithm)."""
    index, low, stack, on_stack, groups = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for other in graph[node]:
            if other not in index:
                visit(other)
                low[node] = min(low[node], low[other])
            elif other in on_stack:
                low[node] = min(low[node], index[other])
        if low[node] == index[node]:
            group = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                group.append(member)
                if member == node:
                    break
            if len(group) > 1:
                groups.append(sorted(group))

    for node in graph:
        if node not in index:
            visit(node)
    return groups


def test_the_graph_is_drawn_from_real_modules():
    assert {"utils.layout", "instructors.build", "instructors.grading.engine"} <= set(GRAPH)
    assert "utils.layout" in GRAPH["instructors.build"]


def test_no_import_circle():
    assert cycles(GRAPH) == []


def test_the_cycle_finder_finds_a_circle():
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


@pytest.mark.parametrize("name", sorted(GRAPH))
def test_no_import_runs_back_up_a_floor(name):
    upward = sorted(other for other in GRAPH[name] if floor(other) > floor(name))
    assert upward == [], f"{name} imports a higher floor: {upward}"


def test_the_import_path_is_edited_nowhere_but_in_the_notebooks_setup_cell():
    needle = ".".join(("sys", "path"))  # spelled out, this file would find itself
    template = ROOT / "instructors" / "templates" / "setup_cell.py"
    edits = [
        path.relative_to(ROOT).as_posix()
        for path in ROOT.rglob("*.py")
        if not {".venv", "labs", "site-packages"} & set(path.relative_to(ROOT).parts)
        and path != template
        and needle in path.read_text(encoding="utf-8", errors="replace")
    ]
    assert edits == []
