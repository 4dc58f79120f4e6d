"""scan lints the bugs it must lint again in --jobs processes with the output of one job; scan --offline with no
cache says so and exits 2."""

from __future__ import annotations

from pathlib import Path

import pytest
from bmo_data import add_synthetic_component

import linter.bugzilla.client as client_module
from linter.cli import run


@pytest.fixture
def component(fake_bmo, monkeypatch):
    monkeypatch.setattr(client_module, "PACE", 0.0)
    monkeypatch.setattr(client_module, "BACKOFF", 0.0)
    add_synthetic_component(fake_bmo, 40, report_every=3)
    return fake_bmo


def _scan(capsys, *argv) -> tuple[int, str, str]:
    code = run([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("output_format", ["json", "csv", "text", "html"])
def test_scan_with_jobs_is_scan_with_one(capsys, component, tmp_path: Path, output_format: str) -> None:
    runs = []
    for jobs in ("1", "2"):
        common = ["--base-url", component.url, "--cache-dir", tmp_path / f"cache-{jobs}", "--date", "2026-06-01",
                  "--format", output_format, "--quiet"]
        _scan(capsys, "scan", "--exit-zero", "--ids", "1", *common)  # sync the component, lint one bug
        runs.append(_scan(capsys, "scan", "--offline", "--jobs", jobs, *common))
    assert runs[0] == runs[1] and runs[0][1]


def test_offline_with_no_cache_says_so(capsys, tmp_path: Path) -> None:
    code, out, err = _scan(capsys, "scan", "--offline", "--cache-dir", tmp_path / "none")
    assert code == 2 and out == ""
    assert err.count("\n") == 1 and "no cache of https://bugzilla.mozilla.org" in err and "without --offline" in err
    assert not (tmp_path / "none").exists()  # nothing created


def test_offline_without_a_cache_at_all(capsys, tmp_path: Path) -> None:
    code, _, err = _scan(capsys, "scan", "--offline", "--no-cache")
    assert code == 2 and err.count("\n") == 1 and "nothing to lint" in err
