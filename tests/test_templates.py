"""The template declarations: every part of every template is there, and the schemas are generated from them.

Adding a template version is one declaration in linter/report/templates.py, its schema (written by
``python -m linter.report.schemas``) and a fixture under tests/reports; these tests name what is missing.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest
import yaml

from linter.document import parse_document
from linter.report import extract_reports
from linter.report import vocabulary as vocab
from linter.report.schemas import schema_text
from linter.report.templates import TEMPLATES, Template, default_template, kinds_where

ROOT = Path(__file__).resolve().parent.parent
SCHEMAS = ROOT / "schemas"
REPORTS = Path(__file__).parent / "reports"
DRAFTS = ROOT / "linter" / "generate" / "templates"
IDS = [t.key for t in TEMPLATES]


def _fixture_versions() -> set[tuple[str, str]]:
    found = set()
    for expected in REPORTS.glob("*/expected.yaml"):
        for report in yaml.safe_load(expected.read_text(encoding="utf-8"))["reports"]:
            found.add((report["kind"], str(report["template_version"])))
    return found


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_the_committed_schema_is_the_generated_one(template: Template) -> None:
    path = SCHEMAS / template.schema
    assert path.is_file(), f"no {path.name}: run python -m linter.report.schemas"
    assert path.read_text(encoding="utf-8") == schema_text(template), \
        f"{path.name} differs from its declaration: run python -m linter.report.schemas"


def test_every_template_schema_has_a_declaration() -> None:
    declared = {t.schema for t in TEMPLATES}
    on_disk = {p.name for p in SCHEMAS.glob("*-*.schema.json")}
    assert on_disk == declared


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_every_template_has_a_fixture(template: Template) -> None:
    assert (template.kind, template.version) in _fixture_versions(), \
        f"no folder of tests/reports holds a {template.key} report"


@pytest.mark.parametrize("template", TEMPLATES, ids=IDS)
def test_every_template_is_complete(template: Template) -> None:
    assert template.name and template.noun and template.title and template.source
    assert template.superseded is None or template.effective < template.superseded
    # A report is told by its marker, or by headings of its own (the legacy questions, the audit parts).
    assert template.markers or template.heading_role != "section"
    keys = [s.key for s in template.sections]
    assert len(keys) == len(set(keys)), "a section declared twice"
    for position, section in enumerate(template.sections):
        assert section.title, section.key
        # A section opens with a title of its own, unless the report's marker or a finding number opens it.
        assert section.titles or section.key in (template.opening_section, "finding") or not section.required, \
            section.key
        assert all(title == title.lower().strip() for title in section.titles), section.key
        if section.parent is not None:
            assert section.parent in keys[:position], f"{section.key} does not follow its parent"
    for spec in template.fields:
        assert spec.section in keys, f"field {spec.key} in {spec.section}, not a section of {template.key}"
        assert spec.labels and all(label == label.lower() for label in spec.labels), spec.key
        assert set(spec.parts) <= {f.key for f in template.fields}, spec.key
    for column in template.action_item_columns:
        assert column in vocab.ACTION_ITEM_KEYS, column
    assert not template.action_item_columns or template.has_action_table
    if template.steps_section is not None:
        assert template.steps_section in keys and not template.has_action_table
    if template.draft is not None:
        assert (DRAFTS / template.draft).is_file(), template.draft


def test_each_kind_has_one_default_version() -> None:
    for kind in vocab.KINDS:
        defaults = [t for t in TEMPLATES if t.kind == kind and t.default]
        assert len(defaults) == 1, kind
        assert default_template(kind) is defaults[0]


def test_versions_of_a_kind_agree_on_what_the_kind_is() -> None:
    # Bug-level rules know a report by its kind only (a comment held a "closure"): its versions must agree.
    for kind in vocab.KINDS:
        versions = [t for t in TEMPLATES if t.kind == kind]
        assert len({(t.is_preliminary, t.is_closure, t.name, t.noun) for t in versions}) == 1, kind


def test_a_marker_names_one_kind() -> None:
    # Versions of one kind may share a marker (the version is told by the report's content); kinds may not.
    kinds: dict[str, set[str]] = {}
    for t in TEMPLATES:
        for marker in t.markers:
            kinds.setdefault(marker, set()).add(t.kind)
    assert all(len(named) == 1 for named in kinds.values()), kinds


def test_template_behaviour_is_declared_not_spelled_by_kind() -> None:
    assert kinds_where(lambda t: t.has_action_table) == {"incident", "audit", "full"}
    assert kinds_where(lambda t: t.is_full) == {"legacy", "incident", "audit", "full"}
    assert kinds_where(lambda t: bool(t.fields)) == {"preliminary", "full", "closure"}


def test_a_timeline_summary_is_judged_by_its_dates() -> None:
    # The schema requires the three dates, not their heading; S003 judges the dates when they are written.
    full = json.loads(schema_text(next(t for t in TEMPLATES if t.key == "full-3.x")))
    required = full["properties"]["fields"]["required"]
    assert "timeline_summary" not in required
    assert {"non_compliance_start_date", "non_compliance_identified_date", "non_compliance_end_date"} <= set(required)


@pytest.mark.parametrize(("written", "kind"), [(date(2025, 7, 19), "preliminary"), (date(2024, 1, 5), "incident")])
def test_the_day_a_text_was_written_tells_its_template_era(written: date, kind: str) -> None:
    # Since 3.0 an "Incident Report" that is only a summary is a preliminary report. The only date here is
    # a plan: it tells that the text was written by the day it was posted, whatever day the test runs.
    text = ("## Incident Report\n\n### Summary\n\nOur staff found two certificates with a misspelt locality.\n"
            "A detailed report will be released before July 25, 2025.\n")
    [report] = extract_reports(parse_document(text, "report.md"), written)
    assert report.kind == kind
