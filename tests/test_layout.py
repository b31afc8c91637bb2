"""The tree keeps its shape: every package installed, no import cycle (imports inside functions included),
one module per responsibility of bounded size, one definition per shared idea, format names in one place."""

from __future__ import annotations

import ast
import re
import tomllib
from pathlib import Path

from tests.conftest import ROOT

LIBRARY = ROOT / "sortition"
CLI = ROOT / "cli"
MAX_LINES = 500


def _module_name(path: Path) -> str:
    if path.is_relative_to(CLI):
        parts = ["sortition_cli", *path.relative_to(CLI).with_suffix("").parts]
    else:
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _modules() -> dict[str, Path]:
    return {_module_name(p): p for p in [*LIBRARY.rglob("*.py"), *CLI.rglob("*.py")]}


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """Every module of ours that ``path`` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    out: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            out |= {alias.name for alias in node.names if alias.name in known}
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, *([node.module] if node.module else [])])
            for alias in node.names:
                full = f"{base}.{alias.name}"
                out.add(full if full in known else base)
    return {m for m in out if m in known and m != name}


def test_pyproject_installs_every_package_of_the_tree() -> None:
    declared = set(
        tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]["packages"]
    )
    on_disk = {_module_name(p) for p in [*LIBRARY.rglob("__init__.py"), *CLI.rglob("__init__.py")]}
    assert declared == on_disk


def test_no_import_cycles() -> None:
    modules = _modules()
    known = set(modules)
    graph = {name: _imports(name, path, known) for name, path in modules.items()}
    # importing sortition.x.y runs sortition/__init__ first: that edge is Python's, not a design choice
    graph = {name: {m for m in targets if m != "sortition"} for name, targets in graph.items()}
    graph.pop("sortition.__main__", None)  # `python -m sortition` hands over to the command line
    cycles: list[list[str]] = []
    state: dict[str, int] = {}

    def visit(node: str, stack: list[str]) -> None:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycles.append([*stack[stack.index(nxt) :], nxt])
            elif nxt not in state:
                visit(nxt, [*stack, nxt])
        state[node] = 2

    for start in sorted(graph):
        if start not in state:
            visit(start, [start])
    assert cycles == []


def test_no_module_is_too_long() -> None:
    long = {name: n for name, path in _modules().items() if (n := len(path.read_text().splitlines())) > MAX_LINES}
    assert long == {}


def test_format_names_are_written_once() -> None:
    pattern = re.compile(r'"sortition-(pool|quotas|lottery|commitment|audit)/\d+"')
    places = [
        f"{path.relative_to(ROOT)}:{n}"
        for path in _modules().values()
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if pattern.search(line)
    ]
    assert places and all(p.startswith("sortition/protocol/formats.py:") for p in places), places


def test_one_definition_per_shared_idea() -> None:
    definitions: dict[str, list[str]] = {}
    for name, path in _modules().items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                definitions.setdefault(node.name.lower(), []).append(name)
    for idea in ("wilson", "wilson_interval", "largest_remainder", "population", "quotarow", "drawerror"):
        assert len(definitions.get(idea, [])) <= 1, (idea, definitions.get(idea))
    assert definitions["wilson"] == ["sortition.stats"]
    assert definitions["largest_remainder"] == ["sortition.stats"]
    # the planner's scalar interval is a thin wrapper over the one formula, not a second one
    planner = (ROOT / "sortition" / "planning" / "results.py").read_text(encoding="utf-8")
    wrapper = planner[planner.index("def wilson_interval(") :].split("\ndef ", 1)[0]
    assert "wilson(" in wrapper and "sqrt" not in wrapper


def test_the_changelog_names_the_current_version() -> None:
    from sortition import __version__

    headings = re.findall(r"^## (\S+)", (ROOT / "CHANGELOG.md").read_text(encoding="utf-8"), flags=re.M)
    assert headings and headings[0] == __version__
