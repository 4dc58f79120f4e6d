"""`irlint scan` from the command line against the fake BMO: formats, filters, the resumable sync, exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import pytest
from bmo_data import add_synthetic_component

import linter.bugzilla.client as client_module
from linter.cli import run
from linter.resources import load_schema


@pytest.fixture
def component(fake_bmo, monkeypatch, tmp_path: Path):
    monkeypatch.setattr(client_module, "PACE", 0.0)
    monkeypatch.setattr(client_module, "BACKOFF", 0.0)
    ids = add_synthetic_component(fake_bmo, 60, report_every=4)
    return fake_bmo, ids, ["--base-url", fake_bmo.url, "--cache-dir", str(tmp_path / "cache"), "--date", "2026-06-01"]


def irlint(capsys, *argv) -> tuple[int, str, str]:
    code = run([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


def test_scan_json_has_results_and_bug_rows(capsys, component) -> None:
    fake, ids, common = component
    code, out, err = irlint(capsys, "scan", "--format", "json", "--exit-zero", *common)
    assert code == 0, err
    output = json.loads(out)
    jsonschema.validate(output, load_schema("findings.schema.json"))
    assert sorted(row["bug"] for row in output["bugs"]) == ids
    assert {r["source"] for r in output["results"]} >= {f"bug:{i}" for i in ids}


def test_scan_csv_and_text_rows_and_filters(capsys, component) -> None:
    fake, ids, common = component
    _, out, _ = irlint(capsys, "scan", "--format", "csv", "--open", *common)
    rows = list(csv.DictReader(io.StringIO(out)))
    assert rows and all(not row["status"].startswith("RESOLVED") for row in rows)
    _, out, _ = irlint(capsys, "scan", "--ids", f"{ids[0]},{ids[1]}", "--offline", *common)
    lines = out.splitlines()
    assert lines[0].split()[:3] == ["BUG", "CA", "STATUS"] and len([x for x in lines[1:3] if x]) == 2


def test_an_unchanged_rescan_costs_two_requests(capsys, component) -> None:
    fake, _, common = component
    irlint(capsys, "scan", "--exit-zero", *common)
    before = len(fake.requests)
    irlint(capsys, "scan", "--exit-zero", *common)
    assert len(fake.requests) - before <= 3


def test_a_rate_limit_stops_the_sync_with_exit_3_and_the_next_scan_resumes(capsys, component) -> None:
    fake, ids, common = component
    fake.fail("rate_limit", path="/rest/bug/" + str(ids[0]) + "/comment")
    code, out, err = irlint(capsys, "scan", "--exit-zero", *common)
    assert code == 3 and "the next scan resumes" in err and "up to an hour" in err
    fake.unblock()
    code, out, err = irlint(capsys, "scan", "--exit-zero", "--format", "json", *common)
    assert code == 0, err
    assert sorted(row["bug"] for row in json.loads(out)["bugs"]) == ids
