"""The pre-commit hook, run as pre-commit runs it: its entry, its args, then the staged files of its types."""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent
WEAK = REPO / "examples" / "weak-report.md"
CLEAN = REPO / "tests" / "reports" / "full-clean" / "report.md"
#: The extensions pre-commit's file identification gives the type "markdown".
MARKDOWN = (".md", ".markdown", ".mdown", ".mkdn")


def _hook() -> dict:
    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    return hook


def _git(repo: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    return subprocess.run(["git", "-C", str(repo), *args], check=True, capture_output=True, text=True,
                          env=env).stdout


def _run_hook(repo: Path) -> subprocess.CompletedProcess[str]:
    hook = _hook()
    entry = shlex.split(hook["entry"])
    assert entry[0] == "irlint"
    staged = [name for name in _git(repo, "diff", "--cached", "--name-only").splitlines()
              if name.endswith(MARKDOWN)]
    env = {key: value for key, value in os.environ.items() if not key.startswith("GITHUB_")}
    return subprocess.run([sys.executable, "-m", "linter", *entry[1:], *hook.get("args", []), *staged],
                          cwd=repo, capture_output=True, text=True, env=env, timeout=120)


def test_hook_is_a_python_hook_for_markdown_files() -> None:
    hook = _hook()
    assert (hook["id"], hook["language"], hook["types"]) == ("irlint", "python", ["markdown"])
    assert hook.get("pass_filenames", True)


def test_hook_fails_on_a_weak_draft_and_passes_a_clean_one(tmp_path: Path) -> None:
    repo = tmp_path / "reports"
    repo.mkdir()
    _git(repo, "init", "--quiet")
    (repo / "README.md").write_text("# Our incident reports\n\nDrafts live here until they are posted.\n",
                                    encoding="utf-8")
    shutil.copy(WEAK, repo / "draft.md")
    (repo / "notes.txt").write_text("not Markdown: pre-commit does not pass it\n", encoding="utf-8")
    _git(repo, "add", ".")

    weak = _run_hook(repo)
    assert weak.returncode == 1, weak.stderr
    assert weak.stderr == ""
    findings = [line for line in weak.stdout.splitlines() if line.startswith("draft.md:")]
    assert len(findings) == 17
    assert "README.md" not in weak.stdout and "S005" not in weak.stdout
    assert weak.stdout.endswith("17 findings (16 error, 1 warning, 0 info) in 1 source\n")

    shutil.copy(CLEAN, repo / "draft.md")
    _git(repo, "add", "draft.md")
    clean = _run_hook(repo)
    assert (clean.returncode, clean.stderr) == (0, "")
    assert clean.stdout == "0 findings (0 error, 0 warning, 0 info) in 1 source\n"
