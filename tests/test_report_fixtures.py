"""Whole-report fixtures: each folder of tests/reports holds a report, maybe its rendered twin (text copied from
the page) and its plain-text twin (a mail or a pre-Markdown comment), and what a reader should find in it
(expected.yaml)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from linter.lint import Options, lint_text

REPORTS = Path(__file__).parent / "reports"
CASES = sorted(p for p in REPORTS.iterdir() if (p / "expected.yaml").is_file())
FINDING_GROUPS = {"content": ("root-cause", "remediation", "impact"), "timeline": ("timeline", "deadline"),
                  "actions": ("action-items",)}
TWINS = ("rendered.txt", "plain.txt")
FORMS = [(case, form) for case in CASES for form in ("report.md", *TWINS) if (case / form).is_file()]


def _lint(path: Path):
    return lint_text(path.read_text(encoding="utf-8"), path.name, Options(selected=None))


@pytest.mark.parametrize(("case", "form"), FORMS, ids=[f"{c.name}/{f}" for c, f in FORMS])
def test_fixture(case: Path, form: str) -> None:
    expected = yaml.safe_load((case / "expected.yaml").read_text(encoding="utf-8"))
    result = _lint(case / form)
    got_reports = [
        {"kind": r.kind, "template_version": r.template_version,
         "sections": [s.key for s in r.sections if s.parent is None]}
        for r in result.reports
    ]
    want_reports = [
        {"kind": r["kind"], "template_version": str(r["template_version"]), "sections": r["sections"]}
        for r in expected["reports"]
    ]
    assert got_reports == want_reports
    for report, want in zip(result.reports, expected["reports"]):
        if "action_items" in want:
            assert len(report.action_items) == want["action_items"]
    structure = {f.rule for f in result.findings if f.category == "structure"}
    assert structure == set(expected["findings"]), [f"{f.line}: {f.rule} {f.message}" for f in result.findings]
    # The other findings, listed by group: exactly (positions included) for report.md, and the same rules in the
    # same order for its rendered twin, whose lines differ. None by default.
    for key, categories in FINDING_GROUPS.items():
        got = [[f.rule, f.line, f.column, f.end_line, f.end_column] for f in result.findings
               if f.category in categories]
        want = expected.get(key, [])
        if form != "report.md":
            got, want = [g[0] for g in got], [w[0] for w in want]
        assert got == want, (key, [f"{f.line}: {f.rule} {f.message}" for f in result.findings])


PAIRS = [(case, twin) for case in CASES for twin in TWINS if (case / twin).is_file()]


@pytest.mark.parametrize(("case", "twin"), PAIRS, ids=[f"{c.name}/{t}" for c, t in PAIRS])
def test_twin_parses_to_the_same_sections(case: Path, twin: str) -> None:
    markdown, rendered = _lint(case / "report.md"), _lint(case / twin)

    def shape(result):
        return [(r.kind, [s.key for s in r.sections], sorted(f.key for f in r.fields), len(r.action_items))
                for r in result.reports]

    assert shape(markdown) == shape(rendered)
