"""linter/bugzilla is an adapter (REST client, cache, sync, bug model): it imports nothing of the lint pipeline."""

from __future__ import annotations

import ast
from pathlib import Path

ADAPTER = Path(__file__).resolve().parent.parent / "linter" / "bugzilla"
#: What the adapter may import of irlint: itself, the version, and the bottom floor: the source references and the
#: terminal neutraliser (its warnings are printed inert).
ALLOWED = ("linter.bugzilla", "linter.source_ref", "linter.terminal")


def _imported(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and node.module:
            found |= {node.module} if node.module != "linter" else {f"linter.{a.name}" for a in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return {name for name in found if name.split(".")[0] == "linter"}


def test_the_adapter_imports_only_itself_and_the_bottom_floor() -> None:
    modules = sorted(ADAPTER.glob("*.py"))
    assert len(modules) >= 5
    imported = {path.name: _imported(path) for path in modules}
    outside = {name: sorted(m for m in found if m != "linter.__version__" and not m.startswith(ALLOWED))
               for name, found in imported.items()}
    assert outside == {name: [] for name in imported}
