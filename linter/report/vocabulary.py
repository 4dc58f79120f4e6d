"""What the templates say, vendored: headings, field labels, table columns and allowed values.

Sources: CCADB Incident Reporting Guidelines v1.0 (2023-02-15, the seven topics of the Mozilla wiki),
v2.0 (2023-10-17, "## Incident Report" and "## Audit Incident Report"), v3.0 / v3.1 / v3.2 (2025-03-01,
2025-07-15, 2026-03-20: identical Preliminary, Full and Closure templates), https://www.ccadb.org/cas/incident-report
and its archive incident_archive/ir_version_*.md.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class Template:
    """One (kind, version) of report template and the dates that bound it."""

    kind: str
    version: str
    sections: tuple[str, ...]
    effective: date
    superseded: date | None
    schema: str

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.version}"


TEMPLATES: dict[tuple[str, str], Template] = {
    (t.kind, t.version): t
    for t in (
        Template("legacy", "1.0",
                 ("how_aware", "timeline", "issuance_stopped", "problematic_certificates",
                  "certificate_data", "root_cause", "remediation"),
                 date(2017, 8, 15), date(2023, 10, 17), "legacy-1.0.schema.json"),
        Template("audit", "1.0", ("finding", "root_cause_analysis", "action_items"),
                 date(2023, 2, 15), date(2023, 10, 17), "audit-1.0.schema.json"),
        Template("incident", "2.0",
                 ("summary", "impact", "timeline", "root_cause_analysis", "lessons_learned",
                  "action_items", "appendix"),
                 date(2023, 10, 17), date(2025, 3, 1), "incident-2.0.schema.json"),
        Template("audit", "2.0", ("finding", "root_cause_analysis", "action_items"),
                 date(2023, 10, 17), date(2025, 3, 1), "audit-2.0.schema.json"),
        Template("preliminary", "3.x", ("summary",),
                 date(2025, 3, 1), None, "preliminary-3.x.schema.json"),
        Template("full", "3.x",
                 ("summary", "impact", "timeline", "related_incidents", "root_cause_analysis",
                  "lessons_learned", "action_items", "appendix"),
                 date(2025, 3, 1), None, "full-3.x.schema.json"),
        Template("closure", "3.x", ("closure_summary",),
                 date(2025, 3, 1), None, "closure-3.x.schema.json"),
    )
}

KINDS = ("legacy", "incident", "audit", "preliminary", "full", "closure")

#: Sub-parts that nest under a top-level section.
SUBSECTION_PARENT = {
    "went_well": "lessons_learned",
    "went_wrong": "lessons_learned",
    "got_lucky": "lessons_learned",
    "additional": "lessons_learned",
    "affected_certificates": "appendix",
}

# Headings are compared after normalisation: lower case, ’ → ', markup, numbering and a final colon gone.
REPORT_MARKERS = {
    "full incident report": "full",
    "preliminary incident report": "preliminary",
    "incident report": "incident",
    "audit incident report": "audit",
    "report closure summary": "closure",
    "incident closure summary": "closure",
    "closure report": "closure",
    "closure summary": "closure",
}

SECTION_TITLES = {
    "summary": "summary",
    "impact": "impact",
    "timeline": "timeline",
    "related incidents": "related_incidents",
    "root cause analysis": "root_cause_analysis",
    "root cause analysis (rca)": "root_cause_analysis",
    "root causes": "root_cause_analysis",
    "root cause(s)": "root_cause_analysis",
    "lessons learned": "lessons_learned",
    "lessons learnt": "lessons_learned",
    "what went well": "went_well",
    "what didn't go well": "went_wrong",
    "what did not go well": "went_wrong",
    "where we got lucky": "got_lucky",
    "action items": "action_items",
    "appendix": "appendix",
    "details of affected certificates": "affected_certificates",
    "details of affected certificate": "affected_certificates",
}

AUDIT_FINDING = re.compile(r"(?:finding|issue)\s*#?\s*\d+\b")
# CCADB 1.0 audit incident reports: "1. Issue #", "2. Issue Description:", "3. Root Cause of Issue:",
# "4. Remediation Plan for this Issue:".
AUDIT_1_TITLES = {
    "issue description": "finding",
    "root cause of issue": "root_cause_analysis",
    "remediation plan for this issue": "action_items",
    "remediation plan": "action_items",
}

# The seven legacy topics (CCADB 1.0 / Mozilla wiki), written out in full or abbreviated. The patterns
# match the start of a normalised heading, so a question copied in full matches on its first words.
LEGACY_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (key, re.compile(pattern))
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
LEGACY_SHORT_TITLES = {
    "problem report": "how_aware",
    "how we became aware": "how_aware",
    "timeline": "timeline",
    "statement": "issuance_stopped",
    "issuance stopped": "issuance_stopped",
    "summary": "problematic_certificates",
    "affected certificates": "problematic_certificates",
    "summary of affected certificates": "problematic_certificates",
    "certificate data": "certificate_data",
    "explanation": "root_cause",
    "root cause": "root_cause",
    "root cause analysis": "root_cause",
    "steps": "remediation",
    "remediation": "remediation",
    "remediation steps": "remediation",
    "remediation plan": "remediation",
}
#: The seven topics in their numbered order: "4 & 5. Affected certificates" answers topics 4 and 5.
LEGACY_ORDER = ("how_aware", "timeline", "issuance_stopped", "problematic_certificates", "certificate_data",
                "root_cause", "remediation")
LEGACY_ONLY_SHORT = frozenset({"problem report", "statement", "certificate data", "explanation", "steps"})


@dataclass(frozen=True)
class FieldSpec:
    """A labelled field of a 3.x template."""

    key: str
    section: str
    labels: tuple[str, ...]
    required: bool = True


def _fields(section: str, *specs: tuple) -> tuple[FieldSpec, ...]:
    return tuple(FieldSpec(key, section, labels, *rest) for key, labels, *rest in specs)


# Field labels of the 3.x templates, in template order. The Lessons Learned "Additional" field is called
# "Other" in the field definitions; both are accepted.
SUMMARY_FIELDS_FULL = _fields(
    "summary",
    ("ca_owner_ccadb_id", ("ca owner ccadb unique id", "ccadb unique id", "ca owner ccadb id")),
    ("incident_description", ("incident description",)),
    ("timeline_summary", ("timeline summary",)),
    ("non_compliance_start_date", ("non-compliance start date", "noncompliance start date")),
    ("non_compliance_identified_date", ("non-compliance identified date", "noncompliance identified date")),
    ("non_compliance_end_date", ("non-compliance end date", "noncompliance end date")),
    ("relevant_policies", ("relevant policies", "relevant policy")),
    ("source_of_disclosure", ("source of incident disclosure",)),
)
SUMMARY_FIELDS_PRELIMINARY = tuple(
    f for f in SUMMARY_FIELDS_FULL
    if f.key in ("incident_description", "relevant_policies", "source_of_disclosure")
)
IMPACT_FIELDS = _fields(
    "impact",
    ("total_certificates", ("total number of certificates",)),
    ("remaining_valid_certificates", ('total number of "remaining valid" certificates',
                                      "total number of remaining valid certificates")),
    ("affected_certificate_types", ("affected certificate types",)),
    ("incident_heuristic", ("incident heuristic",)),
    ("issuance_stopped", ("was issuance stopped in response to this incident, and why or why not",
                          "was issuance stopped in response to this incident")),
    ("analysis", ("analysis",)),
    ("additional_considerations", ("additional considerations",), False),
)
FACTOR_FIELDS = _fields(
    "root_cause_analysis",
    ("description", ("description",)),
    ("timeline", ("timeline",)),
    ("detection", ("detection",)),
    ("interaction_with_other_factors", ("interaction with other factors",)),
    ("methodology", ("root cause analysis methodology used", "root cause analysis methodology"), False),
)
LESSONS_FIELDS = _fields(
    "lessons_learned",
    ("went_well", ("what went well",)),
    ("went_wrong", ("what didn't go well", "what did not go well", "what went wrong")),
    ("got_lucky", ("where we got lucky",)),
    ("additional", ("additional", "other")),
)
CLOSURE_FIELDS = _fields(
    "closure_summary",
    ("incident_description", ("incident description",)),
    ("root_causes", ("incident root cause(s)", "incident root causes", "incident root cause")),
    ("remediation_description", ("remediation description",)),
    ("commitment_summary", ("commitment summary",)),
)

FIELDS_BY_KIND: dict[str, tuple[FieldSpec, ...]] = {
    "preliminary": SUMMARY_FIELDS_PRELIMINARY,
    "full": SUMMARY_FIELDS_FULL + IMPACT_FIELDS + FACTOR_FIELDS + LESSONS_FIELDS,
    "closure": CLOSURE_FIELDS,
}

#: For each kind and section, the fields written in that section.
FIELDS_BY_SECTION: dict[tuple[str, str], tuple[FieldSpec, ...]] = {
    (kind, section): tuple(spec for spec in specs if spec.section == section)
    for kind, specs in FIELDS_BY_KIND.items() for section in {spec.section for spec in specs}
}

#: For each kind, the section that holds each of its fields.
FIELD_SECTION: dict[str, dict[str, str]] = {
    kind: {spec.key: spec.section for spec in specs} for kind, specs in FIELDS_BY_KIND.items()
}

CLOSING_SENTENCE = re.compile(
    r"all action items disclosed in this report have been completed as described", re.IGNORECASE)
CONTRIBUTING_FACTOR = re.compile(r"contributing factor\s*#?\s*(\d+)?\s*[:.\-–—]?\s*(.*)")

# Labels that only the 3.x templates use: evidence for a 3.x report when no report heading says so.
V3_ONLY_LABELS = frozenset({
    "ca_owner_ccadb_id", "timeline_summary", "non_compliance_start_date",
    "non_compliance_identified_date", "non_compliance_end_date", "source_of_disclosure",
    "incident_heuristic", "remaining_valid_certificates",
})
CLOSURE_ONLY_LABELS = frozenset({"root_causes", "remediation_description", "commitment_summary"})

# Action Items table columns by version (normalised header text).
ACTION_ITEM_COLUMNS = {
    "2.0": ("action item", "kind", "due date"),
    "3.x": ("action item", "kind", "corresponding root cause(s)", "evaluation criteria", "due date", "status"),
}
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
DISCLOSURE_SOURCES = ("Self Reported", "Third Party Reported", "Audit")

# Sections where a bare "N/A" is an answer, not a placeholder (3.x: non-applicable fields MUST say N/A).
NA_ALLOWED_SECTIONS = frozenset({
    "related_incidents", "appendix", "affected_certificates", "got_lucky", "additional",
    "issuance_stopped", "problematic_certificates", "certificate_data",
})
