"""check --jobs N prints what one job prints, in the same order, with the same exit code, in every format."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from linter import parallel
from linter.cli import run
from linter.formatters import FORMATTERS

REPORTS = Path(__file__).parent / "reports"
#: Fixtures of every kind, Markdown and rendered page text, clean and flawed, and one with no report.
CASES = ("full-clean", "full-weak-language", "full-missing-section", "legacy-mail-indented", "audit-v1-run-in",
         "incident-v2-outdated", "prelim-then-full", "no-report", "closure-clean")


@pytest.fixture(scope="module")
def folder(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("jobs")
    for case in CASES:
        for form in (REPORTS / case).iterdir():
            if form.name in ("report.md", "rendered.txt", "plain.txt"):
                shutil.copy(form, root / f"{case}-{form.name}")
    (root / "binary.md").write_bytes(b"\x00\x01 not text")
    (root / "sub").mkdir()
    (root / "sub" / "split.md").write_text("## Incident Report\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
                                           "<!-- irlint-disable S001 -->\n| 3 | 4 |\n", encoding="utf-8")
    return root


def _run(capsys, argv: list[str]) -> tuple[int, str, str]:
    code = run(argv)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("output_format", list(FORMATTERS))
def test_every_format_is_the_same_with_any_number_of_jobs(capsys, folder: Path, output_format: str) -> None:
    argv = ["check", str(folder), "--include", "*.md", "--include", "*.txt", "--format", output_format, "-v"]
    one = _run(capsys, [*argv, "--jobs", "1"])
    assert one[0] == 2 and "binary.md" in one[2] and "split.md:6: warning" in one[2]  # unreadable, then a warning
    assert _run(capsys, [*argv, "--jobs", "3"]) == one


def test_statistics_and_the_named_files_order_are_the_same(capsys, folder: Path) -> None:
    named = sorted(str(p) for p in folder.iterdir() if p.is_file())[::-1]
    argv = ["check", *named, "--statistics", "--fail-on", "warning"]
    assert _run(capsys, [*argv, "--jobs", "2"]) == _run(capsys, [*argv, "--jobs", "1"])


def test_spawned_workers_give_the_same(capsys, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    argv = ["check", str(folder), "--format", "json"]
    one = _run(capsys, [*argv, "--jobs", "1"])
    monkeypatch.setattr(parallel, "_start_method", lambda: "spawn")
    assert _run(capsys, [*argv, "--jobs", "2"]) == one


def test_standard_input_is_read_by_the_main_process(capsys, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import io
    import sys

    text = (REPORTS / "full-weak-language" / "report.md").read_bytes()
    results = []
    for jobs in ("1", "2"):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
        results.append(_run(capsys, ["check", "-", str(folder / "full-clean-report.md"), "--format", "concise",
                                     "--jobs", jobs]))
    assert results[0] == results[1] and "-:" in results[0][1]


@pytest.mark.parametrize("value", ["0", "-1", "x", "1000"])
def test_a_wrong_number_of_jobs_is_a_usage_error(capsys, folder: Path, value: str) -> None:
    code, _, err = _run(capsys, ["check", str(folder), "--jobs", value])
    assert code == 2 and "--jobs" in err and "Traceback" not in err


def test_the_default_is_one_job_for_few_files_and_every_cpu_for_many() -> None:
    assert parallel.jobs_for(None, parallel.AUTO_THRESHOLD) == 1
    assert parallel.jobs_for(None, parallel.AUTO_THRESHOLD + 1) == parallel.available_cpus()
    assert parallel.jobs_for(3, 1) == 3


def test_a_worker_that_dies_is_one_line(capsys, folder: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter import checking

    monkeypatch.setattr(checking, "check_task", _die)
    code, _, err = _run(capsys, ["check", str(folder), "--jobs", "2"])
    assert code == 2 and "worker process stopped" in err and err.count("\n") == 1


def _die(task):
    import os

    os._exit(9)
