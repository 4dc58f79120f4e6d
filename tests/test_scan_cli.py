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


def test_open_bugs_come_first_without_a_filter(capsys, component) -> None:
    fake, ids, common = component
    code, out, err = irlint(capsys, "scan", "--format", "json", "--exit-zero", *common)
    assert code == 0, err
    statuses = [row["status"] for row in json.loads(out)["bugs"]]
    open_count = sum(1 for status in statuses if not status.startswith("RESOLVED"))
    assert open_count == 3  # one bug in twenty
    assert all(not status.startswith("RESOLVED") for status in statuses[:open_count])
    assert all(status.startswith("RESOLVED") for status in statuses[open_count:])
    # A filter that asks for resolved bugs gets them.
    _, out, _ = irlint(capsys, "scan", "--format", "json", "--exit-zero", "--offline", "--status", "RESOLVED",
                       *common)
    assert {row["status"] for row in json.loads(out)["bugs"]} == {"RESOLVED FIXED"}


def test_off_a_terminal_progress_is_a_labelled_line_now_and_then(capsys, component, monkeypatch) -> None:
    fake, ids, common = component
    code, out, err = irlint(capsys, "scan", "--exit-zero", *common)
    lines = err.splitlines()
    assert "syncing 60 bugs" in lines and "linting 60 bugs" in lines
    assert "\r" not in err and not any(line.startswith("[") for line in lines)
    # A line at most every PROGRESS_EVERY seconds: with no wait at all, one per step, then the end.
    monkeypatch.setattr("linter.cli.PROGRESS_EVERY", 0.0)
    code, out, err = irlint(capsys, "scan", "--exit-zero", "--offline", *common)
    linting = [line for line in err.splitlines() if line.startswith("linting")]
    assert linting[0] == "linting 60 bugs" and linting[-1] == "linting 60 bugs: 60/60 done"
    assert "linting 60 bugs: 30/60" in linting


def test_progress_lines_are_spaced_by_the_clock(capsys) -> None:
    from linter.cli import _progress_bar

    ticks = iter([0.0, 1.0, 2.0, 6.0, 7.0, 12.0, 13.0])
    draw = _progress_bar("syncing", terminal=False, clock=lambda: next(ticks), every=5.0)
    for done in range(6):
        draw(done * 300, 1690)
    draw(1690, 1690)
    assert capsys.readouterr().err.splitlines() == [
        "syncing 1,690 bugs", "syncing 1,690 bugs: 900/1,690", "syncing 1,690 bugs: 1,500/1,690",
        "syncing 1,690 bugs: 1,690/1,690 done"]


def test_on_a_terminal_the_bar_is_labelled(capsys) -> None:
    from linter.cli import _progress_bar

    draw = _progress_bar("syncing", terminal=True)
    draw(845, 1690)
    assert capsys.readouterr().err == "\rsyncing 1,690 bugs [###############...............] 845/1,690"
