"""What the command line loads before it knows what to do: nothing but itself and the names of its choices."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
#: Building the parser needs the format names and the default Bugzilla, the cache's error to catch it, and the
#: terminal neutraliser to print errors with (it imports only ``re``); no formatter, rule or configuration.
PARSER_MODULES = {"linter", "linter.cli", "linter.bugzilla", "linter.bugzilla.base_url", "linter.bugzilla.errors",
                  "linter.formatters", "linter.terminal"}

PROBE = """
import json, sys
from linter.cli import run
code = run(sys.argv[1:])
print(json.dumps([code, sorted(m for m in sys.modules if m == "linter" or m.startswith("linter."))]))
"""


def _loaded(*argv: str) -> tuple[int, set[str]]:
    """The exit code of ``irlint argv`` in a fresh interpreter, and the irlint modules it loaded."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=REPO, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    code, modules = json.loads(done.stdout.splitlines()[-1])
    return code, set(modules)


def test_version_loads_only_the_parser() -> None:
    assert _loaded("--version") == (0, PARSER_MODULES)


def test_a_usage_error_loads_only_the_parser() -> None:
    assert _loaded("check", "--format", "yaml", "draft.md") == (2, PARSER_MODULES)


def test_a_format_loads_its_own_formatter_only(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("", encoding="utf-8")
    _, modules = _loaded("check", "--exit-zero", "--format", "sarif", str(draft))
    formatters = {m for m in modules if m.startswith("linter.formatters.")}
    assert "linter.formatters.sarif" in formatters
    assert not formatters & {"linter.formatters.html", "linter.formatters.github", "linter.formatters.scan_table"}


def test_a_missing_dependency_is_one_line_naming_it(tmp_path: Path) -> None:
    """python -m linter from a checkout, with a Python that lacks markdown-it-py."""
    draft = tmp_path / "draft.md"
    draft.write_text("## Incident Report\n", encoding="utf-8")
    probe = "import sys; sys.modules['markdown_it'] = None; from linter.cli import run; sys.exit(run(sys.argv[1:]))"
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", probe, "check", str(draft)], cwd=REPO, env=env,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert done.stderr.startswith("irlint: markdown-it-py is not installed for ") and done.stderr.count("\n") == 1


def test_the_dependency_table_names_every_runtime_dependency() -> None:
    import tomllib

    from linter.cli import RUNTIME_DEPENDENCIES

    declared = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    names = {entry.split(">")[0].split("=")[0].split("<")[0].strip().lower() for entry in declared}
    assert set(RUNTIME_DEPENDENCIES.values()) == names
