"""What several rules read from one report is computed once per report, by the report's analysis."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from linter.checks import analysis
from linter.lint import Options, lint_text

EXAMPLE = Path(__file__).parent.parent / "examples" / "weak-report.md"


@pytest.mark.parametrize("computed", ["violations", "placeholder_kind"])
def test_each_shared_fact_is_computed_once_per_report_and_text(monkeypatch, computed: str) -> None:
    calls: list[tuple] = []
    original = getattr(analysis, computed)

    def counted(*args):
        calls.append(args)
        return original(*args)

    monkeypatch.setattr(analysis, computed, counted)
    result = lint_text(EXAMPLE.read_text(encoding="utf-8"), "weak-report.md",
                       Options(today=date(2026, 11, 27)))
    assert len(result.reports) == 1 and result.findings
    # Several rules read each fact (S001/S002/S007 the violations, S003, S010, A001 and C002 the placeholder
    # verdicts): each is computed once for the report. The action items are read with the report itself.
    assert calls
    assert len(calls) == (len(set(calls)) if computed == "placeholder_kind" else 1)


def test_s010_leaves_to_s003_what_the_analysis_calls_empty() -> None:
    text = "## Incident Report\n\n### Summary\n\nTBD\n\n### Timeline\n\n- YYYY-MM-DD:\n- HH:MM Example\n"
    result = lint_text(text, "draft.md", Options(today=date(2026, 11, 27)))
    found = {(f.rule, f.line) for f in result.findings if f.rule in ("S003", "S010")}
    # The timeline holds nothing but the template's example: S003 calls the section a placeholder, and S010,
    # which would flag the example lines, leaves them to it.
    assert ("S003", 7) in found and not [line for rule, line in found if rule == "S010"]
    with_entry = text + "- 2026-01-05 10:00 UTC: We learned of the problem.\n"
    found = {(f.rule, f.line) for f in lint_text(with_entry, "draft.md", Options(today=date(2026, 11, 27))).findings}
    assert ("S010", 9) in found and ("S003", 7) not in found
