"""Rules tested on whole reports (the Python rules, and phrase rules where the section matters), from data:
tests/rules/*.yaml hold the cases. Each case is a short report, the rule under test and whether that rule must
fire (``fail``) or stay silent (``pass``). Other rules may fire on a case; only the rule under test is judged.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
import yaml
from rendering import rendered
from test_process_rules import CASES as BUG_CASES

from linter.lint import Options, lint_text
from linter.registry import all_rules

CASES: list[dict] = [case for path in sorted((Path(__file__).parent / "rules").glob("*.yaml"))
                     for case in yaml.safe_load(path.read_text(encoding="utf-8"))]
KEYS = {"rule", "expect", "text", "date", "name", "excerpt", "line", "xfail", "rendered"}
#: A fixed "today", so that which dates count as past does not depend on when the suite runs.
TODAY = date(2026, 11, 27)


def _date(case: dict) -> date | None:
    value = case.get("date")
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def _lint(case: dict):
    return lint_text(case["text"], "case.md", Options(report_date=_date(case), today=TODAY))


def _id(index: int, case: dict) -> str:
    return f"{case['rule']}-{case['expect']}-{index}-{case.get('name', '')}".replace(" ", "_")


def _params():
    for index, case in enumerate(CASES):
        marks = [pytest.mark.xfail(reason=case["xfail"], strict=True)] if case.get("xfail") else []
        yield pytest.param(case, id=_id(index, case), marks=marks)


# Timeline, deadline and action-item cases must hold in both input forms: as written, and as copied from the page.
RENDERED_CASES = [case for case in CASES if case.get("rendered", True) and
                  next(r.category for r in all_rules() if r.code == case["rule"]) in ("timeline", "deadline",
                                                                                    "action-items")]


@pytest.mark.parametrize("case", RENDERED_CASES, ids=[_id(i, c) for i, c in enumerate(RENDERED_CASES)])
def test_rule_case_in_rendered_form(case: dict) -> None:
    found = [f for f in _lint({**case, "text": rendered(case["text"])}).findings if f.rule == case["rule"]]
    assert bool(found) == (case["expect"] == "fail"), [f"{f.line}: {f.message}" for f in found]


def test_cases_are_well_formed() -> None:
    assert isinstance(CASES, list) and CASES
    for index, case in enumerate(CASES):
        assert isinstance(case, dict), index
        assert set(case) <= KEYS, (index, set(case) - KEYS)
        assert {"rule", "expect", "text"} <= set(case), index
        assert case["expect"] in ("pass", "fail"), index
        assert isinstance(case["text"], str), index
        if "date" in case:
            _date(case)  # a real YYYY-MM-DD date, or this raises


@pytest.mark.parametrize("case", list(_params()))
def test_rule_case(case: dict) -> None:
    result = _lint(case)
    hits = [f for f in result.findings if f.rule == case["rule"]]
    everything = [f"{f.line}:{f.column} {f.rule} {f.message}" for f in result.findings]
    if case["expect"] == "fail":
        assert hits, f"{case['rule']} did not fire; findings: {everything}"
        for hit in hits:
            assert hit.line is None or 1 <= hit.line <= max(1, len(result.lines))
            assert hit.name == next(r.name for r in all_rules() if r.code == case["rule"])
            assert hit.line == case.get("line", hit.line), everything
    else:
        assert not hits, f"{case['rule']} fired: {everything}"
    # Only the cases meant as copied excerpts (no final line break, stopping mid-sentence) are read as cut
    # short; a whole report must be judged in full.
    assert any(r.cut_short for r in result.reports) == bool(case.get("excerpt")), \
        [(r.kind, r.cut_short) for r in result.reports]


def test_every_python_rule_has_a_pass_and_a_fail_case() -> None:
    # Phrase rules carry their own examples (tests/test_phrase_rules.py).
    # Bug-scope rules have their cases as test bugs (tests/test_process_rules.py), and so may the report rules
    # that read the bug (X001, S011).
    codes = {rule.code for rule in all_rules() if rule.examples is None and rule.scope != "bug"}
    for code in sorted(codes):
        expects = {case["expect"] for case in [*CASES, *BUG_CASES] if case["rule"] == code and not case.get("xfail")}
        assert expects == {"pass", "fail"}, f"{code} has cases for {sorted(expects)} only"
    # A phrase rule may have whole-report cases here too, where the section it reads matters.
    assert {case["rule"] for case in CASES} <= {rule.code for rule in all_rules()}, \
        "a case names a rule that does not exist"


def test_s001_names_the_missing_section() -> None:
    case = next(c for c in CASES if c["rule"] == "S001" and c["expect"] == "fail" and "Timeline" in c.get("name", ""))
    missing = {f.data["section"] for f in _lint(case).findings if f.rule == "S001"}
    assert missing == {"timeline", "related_incidents"}


def test_s007_points_at_the_value() -> None:
    case = next(c for c in CASES if c["rule"] == "S007" and c["expect"] == "fail" and "CCADB" in c.get("name", ""))
    result = _lint(case)
    (hit,) = [f for f in result.findings if f.rule == "S007"]
    line = result.lines[hit.line - 1]
    assert line[hit.column - 1:hit.end_column - 1] == "A12345" == hit.excerpt
    assert hit.data == {"field": "ca_owner_ccadb_id", "value": "A12345"}
