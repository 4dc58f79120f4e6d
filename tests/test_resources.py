"""The shipped folders found without importing importlib.resources, where it would find them too; a warm check
without the regex analysis."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from linter import resources

REPO = Path(__file__).resolve().parent.parent


def test_the_folders_are_the_checkouts_own() -> None:
    for name in ("rules", "schemas"):
        assert resources.resource_dir(name) == REPO / name


def test_a_folder_packaged_inside_the_package_comes_first(tmp_path: Path, monkeypatch) -> None:
    package = tmp_path / "site" / "linter"
    (package / "rules").mkdir(parents=True)
    monkeypatch.setattr(resources, "__file__", str(package / "resources.py"))
    resources.resource_dir.cache_clear()
    try:
        assert resources.resource_dir("rules") == package / "rules"
    finally:
        resources.resource_dir.cache_clear()


def test_a_check_imports_neither_importlib_resources_nor_the_regex_analysis(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("## Incident Report\n\nThe outage was caused by human error.\n", encoding="utf-8")
    probe = ("import contextlib, io, sys\nfrom linter.cli import run\n"
             "with contextlib.redirect_stdout(io.StringIO()):\n    run(['check', '--exit-zero', sys.argv[1]])\n"
             "print('importlib.resources' in sys.modules, 'linter.regex_analysis' in sys.modules)")
    env = {**os.environ, "PYTHONPATH": str(REPO), "XDG_CACHE_HOME": str(tmp_path / "cache")}
    runs = [subprocess.run([sys.executable, "-c", probe, str(draft)], capture_output=True, text=True, env=env,
                           cwd=tmp_path, check=True).stdout.split() for _ in range(2)]
    # The first run analyses the shipped phrases (an empty cache folder); the next reads what it kept.
    assert runs == [["False", "True"], ["False", "False"]]
