"""The words irlint reads reports by: headings, field labels, table columns and allowed values.

What belongs to one template (its sections and their titles, markers, fields, columns, dates) is declared
in ``linter.report.templates``; the tables here that look a heading or label up across all templates are
derived from those declarations. What is left is wording no single template owns: the seven legacy
questions, audit finding numbers, contributing factor blocks, table column names and allowed cell values.
"""

from __future__ import annotations

import re

from linter.lazy_regex import lazy_compile
from linter.report.templates import (
    CLOSURE_FIELDS,
    DISCLOSURE_SOURCES,
    FACTOR_FIELDS,
    IMPACT_FIELDS,
    LESSONS_FIELDS,
    SUMMARY_FIELDS_FULL,
    SUMMARY_FIELDS_PRELIMINARY,
    FieldSpec,
    Template,
)
from linter.report.templates import TEMPLATES as _DECLARED

__all__ = [
    "CLOSURE_FIELDS", "DISCLOSURE_SOURCES", "FACTOR_FIELDS", "IMPACT_FIELDS", "LESSONS_FIELDS",
    "SUMMARY_FIELDS_FULL", "SUMMARY_FIELDS_PRELIMINARY", "FieldSpec", "Template",
]

TEMPLATES: dict[tuple[str, str], Template] = {(t.kind, t.version): t for t in _DECLARED}

KINDS = tuple(dict.fromkeys(t.kind for t in _DECLARED))


def _titles(role: str) -> dict[str, str]:
    """Normalised heading -> section key, over the templates whose sections open with headings of ``role``."""
    return {title: s.key for t in _DECLARED if t.heading_role == role for s in t.sections for title in s.titles}


#: Sub-parts that nest under a top-level section.
SUBSECTION_PARENT = {s.key: s.parent for t in _DECLARED for s in t.sections if s.parent}

# Headings are compared after normalisation: lower case, ’ → ', markup, numbering and a final colon gone.
REPORT_MARKERS = {marker: t.kind for t in _DECLARED for marker in t.markers}

SECTION_TITLES = _titles("section")

AUDIT_FINDING = lazy_compile(r"(?:finding|issue)\s*#?\s*\d+\b")
# CCADB 1.0 audit incident reports: "1. Issue #", "2. Issue Description:", "3. Root Cause of Issue:",
# "4. Remediation Plan for this Issue:".
AUDIT_1_TITLES = _titles("audit_part")

# The seven legacy topics (CCADB 1.0 / Mozilla wiki), written out in full or abbreviated. The patterns
# match the start of a normalised heading, so a question copied in full matches on its first words.
LEGACY_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, lazy_compile(pattern))
    for key, pattern in (
        ("how_aware", r"(?:how (?:your|the|our) ca |how we |ca )?first bec[ao]me? aware"
                      r"|how (?:your ca |we )?became aware"),
        ("timeline", r"(?:a )?timeline of (?:the )?actions|timeline of events"),
        ("issuance_stopped", r"whether (?:your|the) ca has (?:stopped|not)|(?:the )?ca has stopped issuing"
                             r"|has (?:your|the) ca stopped|confirmation that (?:your|the) ca has stopped"),
        ("problematic_certificates",
         r"(?:a )?summary of (?:the )?problematic cert|in a case involving certificates, a summary"),
        ("certificate_data", r"(?:the )?complete certificate data|certificate data for the problematic"
                             r"|in a case involving tls server certificates"),
        ("root_cause", r"explanation (?:about|of) how and why|how and why the mistakes"),
        ("remediation", r"(?:a )?list of steps (?:your|the|our) ca is taking"),
    )
)

# Short headings some CAs used for the seven topics (e.g. "Problem Report", "Statement", "Steps"). Only
# taken as legacy topics in a report that is already legacy, or when several stand as headings together.
LEGACY_SHORT_TITLES = _titles("legacy_short")
#: The seven topics in their numbered order: "4 & 5. Affected certificates" answers topics 4 and 5.
LEGACY_ORDER = TEMPLATES[("legacy", "1.0")].section_keys
LEGACY_ONLY_SHORT = frozenset({"problem report", "statement", "certificate data", "explanation", "steps"})


#: The fields of each kind's templates (the 3.x templates: one version of each kind has fields).
FIELDS_BY_KIND: dict[str, tuple[FieldSpec, ...]] = {t.kind: t.fields for t in _DECLARED if t.fields}

#: For each kind and section, the fields written in that section.
FIELDS_BY_SECTION: dict[tuple[str, str], tuple[FieldSpec, ...]] = {
    (kind, section): tuple(spec for spec in specs if spec.section == section)
    for kind, specs in FIELDS_BY_KIND.items() for section in {spec.section for spec in specs}
}

#: For each kind, the section that holds each of its fields.
FIELD_SECTION: dict[str, dict[str, str]] = {
    kind: {spec.key: spec.section for spec in specs} for kind, specs in FIELDS_BY_KIND.items()
}

CLOSING_SENTENCE = lazy_compile(
    r"all action items disclosed in this report have been completed as described", re.IGNORECASE)
CONTRIBUTING_FACTOR = lazy_compile(r"contributing factor\s*#?\s*(\d+)?\s*[:.\-–—]?\s*(.*)")

# Labels that only the 3.x templates use: evidence for a 3.x report when no report heading says so.
V3_ONLY_LABELS = frozenset({
    "ca_owner_ccadb_id", "timeline_summary", "non_compliance_start_date",
    "non_compliance_identified_date", "non_compliance_end_date", "source_of_disclosure",
    "incident_heuristic", "remaining_valid_certificates",
})
CLOSURE_ONLY_LABELS = frozenset({"root_causes", "remediation_description", "commitment_summary"})

ACTION_ITEM_KEYS = {
    "action item": "description",
    "action items": "description",
    "kind": "kind",
    "corresponding root cause(s)": "root_causes",
    "corresponding root causes": "root_causes",
    "corresponding root cause": "root_causes",
    "evaluation criteria": "evaluation_criteria",
    "due date": "due_date",
    "status": "status",
}
RELATED_INCIDENT_KEYS = {
    "bug": "bug",
    "related bug id": "bug",
    "related bug": "bug",
    "date": "date",
    "opened date": "date",
    "description": "description",
}

ACTION_ITEM_KINDS = ("Prevent", "Mitigate", "Detect")
ACTION_ITEM_STATUSES = ("Ongoing", "Complete", "Delayed", "Canceled")

# Sections where a bare "N/A" is an answer, not a placeholder (3.x: non-applicable fields MUST say N/A).
NA_ALLOWED_SECTIONS = frozenset({
    "related_incidents", "appendix", "affected_certificates", "got_lucky", "additional",
    "issuance_stopped", "problematic_certificates", "certificate_data",
})
