"""What the command line loads before it knows what to do: nothing but itself and the names of its choices."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
#: Building the parser needs the format names and the default Bugzilla, the cache's error to catch it, and the
#: terminal neutraliser to print errors with (it imports only ``re``); no formatter, rule or configuration.
PARSER_MODULES = {"linter", "linter.cli", "linter.bugzilla", "linter.bugzilla.base_url", "linter.bugzilla.errors",
                  "linter.formatters", "linter.terminal"}

PROBE = """
import json, sys
from linter.cli import run
code = run(sys.argv[1:])
print(json.dumps([code, sorted(sys.modules)]))
"""
#: Libraries that cost a run their import time, and the commands that need each: a command not listed must not
#: import it (jsonschema validates what a user hands irlint; subprocess asks git; the others talk to Bugzilla or
#: spread work). platformdirs is not one: every command that reads the rules finds their cached data with it.
HEAVY = {"jsonschema": "a configuration, rule pack or facts file", "requests": "Bugzilla",
         "urllib3": "Bugzilla", "sqlite3": "the cache", "concurrent": "--jobs", "multiprocessing": "--jobs",
         "pathspec": "a folder walk", "subprocess": "--diff-only"}


def _run(*argv: str, cwd: Path = REPO) -> tuple[int, set[str]]:
    """The exit code of ``irlint argv`` in a fresh interpreter, and every module it loaded."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", PROBE, *argv], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=60)
    assert done.returncode == 0, done.stderr
    code, modules = json.loads(done.stdout.splitlines()[-1])
    return code, set(modules)


def _loaded(*argv: str) -> tuple[int, set[str]]:
    """The exit code of ``irlint argv`` in a fresh interpreter, and the irlint modules it loaded."""
    code, modules = _run(*argv)
    return code, {m for m in modules if m == "linter" or m.startswith("linter.")}


def _heavy(modules: set[str]) -> set[str]:
    return {m for m in modules if m.partition(".")[0] in HEAVY}


def test_version_loads_only_the_parser() -> None:
    assert _loaded("--version") == (0, PARSER_MODULES)


def test_version_imports_neither_dataclasses_nor_tempfile() -> None:
    """Their imports (inspect, ast, random, ...) were a fifth of ``irlint --version``; a check imports them after
    main() has paused the garbage collector."""
    code, modules = _run("--version")
    assert code == 0 and not {"dataclasses", "inspect", "tempfile"} & modules


def test_a_usage_error_loads_only_the_parser() -> None:
    assert _loaded("check", "--format", "yaml", "draft.md") == (2, PARSER_MODULES)


def test_a_format_loads_its_own_formatter_only(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("", encoding="utf-8")
    _, modules = _loaded("check", "--exit-zero", "--format", "sarif", str(draft))
    formatters = {m for m in modules if m.startswith("linter.formatters.")}
    assert "linter.formatters.sarif" in formatters
    assert not formatters & {"linter.formatters.html", "linter.formatters.github", "linter.formatters.scan_table",
                             "linter.formatters.statistics"}
    _, modules = _loaded("check", "--exit-zero", "--statistics", str(draft))
    assert "linter.formatters.statistics" in modules


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


def test_checking_one_file_loads_no_heavy_library(tmp_path: Path) -> None:
    """No configuration, one named file: nothing to validate, no Bugzilla, no pool, no folder to walk."""
    draft = tmp_path / "draft.md"
    draft.write_text("## Incident Report\n\n### Summary\n\nWe revoked 3 certificates on 2025-01-02.\n",
                     encoding="utf-8")
    code, modules = _run("check", "--exit-zero", str(draft))
    assert code == 0 and _heavy(modules) == set()
    assert not {m for m in modules if m.startswith(("linter.bugzilla.", "linter.bugs"))} - PARSER_MODULES


@pytest.mark.parametrize("argv", [("new",), ("render", "--example"), ("rules",), ("rule", "R001")])
def test_commands_without_bugzilla_load_no_heavy_library(argv: tuple[str, ...]) -> None:
    code, modules = _run(*argv)
    assert code == 0 and _heavy(modules) == set()


def test_tomllib_is_loaded_only_to_read_a_pyproject_file(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("nothing\n", encoding="utf-8")
    code, modules = _run("check", "--exit-zero", str(draft), cwd=tmp_path)
    assert code == 0 and "tomllib" not in modules
    (tmp_path / "pyproject.toml").write_text("[tool.irlint]\nignore = ['S005']\n", encoding="utf-8")
    code, modules = _run("check", "--exit-zero", str(draft), cwd=tmp_path)
    assert code == 0 and "tomllib" in modules


def test_a_configuration_file_is_validated_with_jsonschema(tmp_path: Path) -> None:
    (tmp_path / ".irlint.yaml").write_text("ignore: [S005]\n", encoding="utf-8")
    draft = tmp_path / "draft.md"
    draft.write_text("nothing\n", encoding="utf-8")
    code, modules = _run("check", "--exit-zero", "--config", str(tmp_path / ".irlint.yaml"), str(draft))
    assert code == 0 and {m.partition(".")[0] for m in _heavy(modules)} == {"jsonschema"}


def test_a_folder_of_many_files_is_linted_by_a_pool(tmp_path: Path) -> None:
    from linter.parallel import AUTO_THRESHOLD

    for number in range(AUTO_THRESHOLD + 1):
        (tmp_path / f"r{number}.md").write_text("## Incident Report\n", encoding="utf-8")
    _, few = _run("check", "--exit-zero", "--jobs", "1", str(tmp_path))
    assert "concurrent" not in few
    _, many = _run("check", "--exit-zero", "--jobs", "2", str(tmp_path))
    assert "concurrent.futures.process" in many


def test_checking_one_file_with_the_rules_cached_loads_no_yaml_parser(tmp_path: Path) -> None:
    """The shipped rules' data comes from the user's cache after the first run, and a pyproject.toml is read
    without PyYAML: a plain check imports no YAML parser. An unrelated pyproject.toml, parsed once, is known
    after that to hold no [tool.irlint] table: not parsed again, no TOML parser either."""
    draft = tmp_path / "draft.md"
    draft.write_text("## Incident Report\n\nWe revoked 3 certificates on 2025-01-02.\n", encoding="utf-8")
    (tmp_path / "pyproject.toml").write_text("[project]\nname = 'reports'\n", encoding="utf-8")
    # The first writes the rules' cache when this session has none yet.
    code, first = _run("check", "--exit-zero", str(draft), cwd=tmp_path)
    assert code == 0 and "tomllib" in first
    code, modules = _run("check", "--exit-zero", str(draft), cwd=tmp_path)
    assert code == 0 and not {"tomllib", "yaml", "linter.yaml_input"} & modules


def test_the_process_exits_at_once_with_its_whole_output_and_code(tmp_path: Path) -> None:
    """main() skips Python's finalisation when nothing is left to finish: what was written still arrives whole,
    through a pipe and into a file, and the exit code is run()'s."""
    import contextlib
    import io

    from linter.cli import run

    draft = tmp_path / "draft.md"
    draft.write_text("## Incident Report\n\n### Root Cause Analysis\n\nThe outage was caused by human error.\n" * 40,
                     encoding="utf-8")
    with contextlib.redirect_stdout(io.StringIO()) as expected:
        code = run(["check", "--format", "json", str(draft)])
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    piped = subprocess.run([sys.executable, "-m", "linter", "check", "--format", "json", str(draft)], cwd=tmp_path,
                           env=env, capture_output=True, text=True, timeout=60)
    assert (piped.returncode, piped.stdout, piped.stderr) == (code, expected.getvalue(), "") and code == 1
    written = tmp_path / "out.json"
    into_file = subprocess.run([sys.executable, "-m", "linter", "check", "--format", "json", "-o", str(written),
                                str(draft)], cwd=tmp_path, env=env, capture_output=True, text=True, timeout=60)
    assert into_file.returncode == code and written.read_text(encoding="utf-8") == expected.getvalue()


def test_main_pauses_the_collector_for_start_up_only(tmp_path: Path) -> None:
    """main() pauses the garbage collector while the command loads its modules and rules; it runs again, with what
    start-up made set aside, before the first text is linted."""
    draft = tmp_path / "draft.md"
    draft.write_text("## Incident Report\n", encoding="utf-8")
    probe = """
import gc, sys
import linter.cli as cli
from linter import lint
linted = lint.lint_text
def watched(*args, **kwargs):
    print("linting:", gc.isenabled(), gc.get_freeze_count() > 0)
    return linted(*args, **kwargs)
lint.lint_text = watched
print("start:", gc.isenabled())
sys.argv[1:] = ["check", "--exit-zero", "--format", "json", sys.argv[1]]
cli.main()
"""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    done = subprocess.run([sys.executable, "-c", probe, str(draft)], cwd=tmp_path, env=env, capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stdout.splitlines()[:2] == ["start: True", "linting: True True"]


def test_run_leaves_the_collector_as_it_finds_it(tmp_path: Path) -> None:
    import contextlib
    import gc
    import io

    from linter.cli import run

    draft = tmp_path / "draft.md"
    draft.write_text("## Incident Report\n", encoding="utf-8")
    frozen = gc.get_freeze_count()
    gc.disable()
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            run(["check", "--exit-zero", str(draft)])
        assert not gc.isenabled()
    finally:
        gc.enable()
    with contextlib.redirect_stdout(io.StringIO()):
        run(["check", "--exit-zero", str(draft)])
    assert gc.isenabled() and gc.get_freeze_count() == frozen
