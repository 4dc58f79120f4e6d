"""The reports written for the weak-wording benchmark (benchmarks/written/): every one its writer labelled sound
(or silent) on both halves mentions people, training, reminders, reviews, auditors or subscribers in a legitimate
way, and must draw no weak-wording finding. How many weak ones the rules catch is the benchmark's figure
(benchmarks/score_weak.py --split written_dev), not a test's."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from linter.findings import Severity
from linter.lint import Options, lint_text

ROOT = Path(__file__).resolve().parent.parent / "benchmarks"
WEAK_WORDING = frozenset({"C001", "C003", "R001", "R002", "R003", "R004", "R006", "R007", "R008"})
LABELS = yaml.safe_load((ROOT / "labels" / "written-reports.yaml").read_text(encoding="utf-8"))
#: Only the part that was read while the rules were changed: the rest is kept aside, never looked at, and scored.
SOUND = [label["file"] for label in LABELS
         if label["split"] == "written_dev" and "weak" not in (label["cause"], label["remediation"])]


def test_the_benchmark_holds_sound_reports_of_every_batch() -> None:
    batches = {*"abcdefghijklmnopqrstuvwxyz", *(f"a{letter}" for letter in "abcdefgh")}
    assert {name.split("/")[0] for name in SOUND} == batches
    assert len(SOUND) >= 30


@pytest.mark.parametrize("name", SOUND)
def test_a_sound_written_report_draws_no_weak_wording_finding(name: str) -> None:
    text = (ROOT / "written" / name).read_text(encoding="utf-8")
    # An info finding says the phrase stands beside a real control: it calls nothing weak.
    found = [f"{f.rule} line {f.line}: {f.message}" for f in lint_text(text, name, Options()).findings
             if f.rule in WEAK_WORDING and f.severity is not Severity.INFO]
    assert found == []
