"""The pipeline runs one way: no module imports a module of a higher floor, and the module-level imports hold no
cycle, so no import has to hide inside a function to dodge one."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "linter"

#: Floors, lowest first: a module may import its own floor and those below. The first prefix that matches decides.
FLOORS: tuple[tuple[str, ...], ...] = (
    # Leaves: values and helpers that know nothing of reports.
    ("linter", "linter.findings", "linter.regex_analysis", "linter.source_ref", "linter.yaml_input", "linter.resources",
     "linter.wording", "linter.selection", "linter.terminal", "linter.spreadsheet", "linter.diff_lines",
     "linter.casing", "linter.parallel", "linter.lazy_regex", "linter.bounded", "linter.rule_cache"),
    # The Bugzilla adapter: REST client, answers, cache, sync, bug model.
    ("linter.bugzilla",),
    # Text -> Document -> Reports.
    ("linter.timeline", "linter.document", "linter.suppression"),
    ("linter.report", "linter.parsed"),
    # Rules and the engine that runs them.
    ("linter.checks",),
    ("linter.registry", "linter.config", "linter.settings", "linter.sources", "linter.lint", "linter.checking"),
    # Whole bugs: report discovery, linting a bug, scans, related incidents.
    ("linter.bugs", "linter.related"),
    # What the user gets: formats, the review, generated drafts.
    ("linter.formatters", "linter.review", "linter.generate"),
    ("linter.cli", "linter.__main__"),
)


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _floor(module: str) -> int:
    for number, prefixes in enumerate(FLOORS):
        if any(module == p or (p != "linter" and module.startswith(p + ".")) for p in prefixes):
            return number
    raise AssertionError(f"{module} is on no floor: add it to FLOORS")


def _imports(path: Path) -> list[tuple[str, int, bool]]:
    """(imported linter module, line, at module level) of every import in the file."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _module_name(path)
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    top = {id(node) for node in tree.body}
    # Imports for type annotations only never run.
    type_checking = {id(n) for node in tree.body
                     if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test) for n in ast.walk(node)}
    found = []
    for node in ast.walk(tree):
        if id(node) in type_checking:
            continue
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:  # relative: from the package, one level up per extra dot
                parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parts, base] if base else parts)
            # ``from X import Y`` imports the module X.Y when there is one, else the names of module X.
            names = [f"{base}.{alias.name}" if _existing(f"{base}.{alias.name}") else base for alias in node.names]
        else:
            continue
        for name in names:
            # A package is initialised before its modules: importing an enclosing package is no edge.
            if (name == "linter" or name.startswith("linter.")) and not module.startswith(name + "."):
                found.append((name, node.lineno, id(node) in top))
    return found


def _existing(name: str) -> str | None:
    """The module a dotted name refers to (``from linter.checks.base import Rule`` names the module
    linter.checks.base), or None when it is an attribute."""
    parts = name.split(".")
    path = PACKAGE.parent.joinpath(*parts)
    if path.with_suffix(".py").is_file() or (path / "__init__.py").is_file():
        return name
    return None


MODULES = sorted(PACKAGE.rglob("*.py"))


@pytest.mark.parametrize("path", MODULES, ids=lambda p: _module_name(p))
def test_no_module_imports_a_higher_floor(path: Path) -> None:
    here = _module_name(path)
    higher = [f"line {line}: {name}" for name, line, _ in _imports(path)
              if (target := _existing(name)) and _floor(target) > _floor(here)]
    assert not higher, f"{here} (floor {_floor(here)}) imports a higher floor: {higher}"


#: Modules whose imports inside functions are there to keep start-up fast, not to dodge a cycle.
LAZY_FOR_START_UP = ("linter.cli",)


def test_imports_have_no_cycle_even_those_inside_functions() -> None:
    """An import moved into a function to dodge a cycle would show here as one (only the command line imports
    lazily, for start-up)."""
    graph = {_module_name(p): {t for name, _, top in _imports(p)
                               if (top or _module_name(p) not in LAZY_FOR_START_UP) and (t := _existing(name))}
             for p in MODULES}
    state: dict[str, int] = {}

    def visit(module: str, trail: list[str]) -> None:
        state[module] = 1
        for target in sorted(graph.get(module, ())):
            if target == module or target in ("linter",):
                continue
            if state.get(target) == 1:
                raise AssertionError(" -> ".join([*trail[trail.index(target):], target]) if target in trail
                                     else f"{module} -> {target}")
            if target not in state:
                visit(target, [*trail, target])
        state[module] = 2

    for module in sorted(graph):
        if module not in state:
            visit(module, [module])
