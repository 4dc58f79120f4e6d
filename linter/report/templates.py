"""The report templates, one declaration per (kind, version): everything irlint knows about each template.

A declaration gives the dates the template was in force, the headings that announce it (markers), its
sections with their titles, the title variants reviewers accept and their order, its labelled fields with
their required flags and allowed values, the columns of its Action Items table, the names a review gives it,
and the behaviour that differs between templates (``is_preliminary``, ``allows_na``, ...). The JSON Schemas
in ``schemas/`` are generated from these declarations (``python -m linter.report.schemas``), and the
heading vocabulary of ``linter.report.vocabulary`` is derived from them.

The declarations are typed frozen dataclasses rather than data files: they are checked like the rest of the
code, need no loader or validation of their own, and a rule can point at an attribute by name.

Sources: CCADB Incident Reporting Guidelines v1.0 (2023-02-15, the seven topics of the Mozilla wiki),
v2.0 (2023-10-17, "## Incident Report" and "## Audit Incident Report"), v3.0 / v3.1 / v3.2 (2025-03-01,
2025-07-15, 2026-03-20: identical Preliminary, Full and Closure templates), https://www.ccadb.org/cas/incident-report
and its archive incident_archive/ir_version_*.md.

To add a template version: declare it in ``TEMPLATES``, run ``python -m linter.report.schemas`` and add its
fixtures under ``tests/reports/`` (``tests/test_templates.py`` names what is missing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import cached_property


@dataclass(frozen=True)
class FieldSpec:
    """A labelled field of a template."""

    key: str
    section: str
    #: The labels the field goes by, normalised (lower case); the first is the template's own.
    labels: tuple[str, ...]
    required: bool = True
    #: A pattern the value must match (JSON Schema syntax), and what it means in words.
    pattern: str | None = None
    pattern_note: str = ""
    #: The values the field allows; empty when any text will do.
    values: tuple[str, ...] = ()
    #: The fields that make up this one's value ("Timeline summary" is its three dates): when any of them is
    #: written, they are judged and this label is only their heading.
    parts: tuple[str, ...] = ()


@dataclass(frozen=True)
class SectionSpec:
    """A section (or sub-part) of a template."""

    key: str
    #: The title messages use.
    title: str
    #: The headings that open it, normalised (lower case, ’ → ', markup, numbering and a final colon gone);
    #: empty when no title of its own does (an audit finding is numbered, a closure summary is its marker).
    titles: tuple[str, ...] = ()
    #: The section a sub-part nests under ("lessons_learned" for "went_well"), else None.
    parent: str | None = None
    required: bool = True


@dataclass(frozen=True)
class Template:
    """One (kind, version) of report template."""

    kind: str
    version: str
    #: The template's own heading ("Full Incident Report"), as a review names it.
    name: str
    #: What a reviewer calls a report of this kind ("full report").
    noun: str
    #: The schema's title and the source it follows.
    title: str
    source: str
    effective: date
    #: The day the next version took over, None while in force.
    superseded: date | None
    #: Normalised headings that announce a report of this template.
    markers: tuple[str, ...]
    #: Sections and sub-parts in template order (a sub-part right after its parent).
    sections: tuple[SectionSpec, ...]
    #: Labelled fields in template order; root-cause fields are written once per contributing factor.
    fields: tuple[FieldSpec, ...] = ()
    #: Header cells of the Action Items table (normalised), empty when the template gives no columns.
    action_item_columns: tuple[str, ...] = ()
    #: The role (see ``linter.report.headings.Heading``) of the headings that open its sections: "section"
    #: for the shared titles of the 2.0 and 3.x templates, "legacy_short" for the short titles of the seven
    #: topics, "audit_part" for the numbered parts of a 1.0 audit report.
    heading_role: str = "section"
    #: The version a report of this kind is taken to follow when nothing in it tells the version apart.
    default: bool = False
    #: A report that announces the full report to come: sections still missing are not faults.
    is_preliminary: bool = False
    #: A closing report: the incident's last word in the bug.
    is_closure: bool = False
    #: "N/A" answers any section; else only the sections of ``NA_ALLOWED_SECTIONS``.
    allows_na: bool = True
    #: The Root Cause Analysis is written as numbered Contributing Factor blocks.
    has_factors: bool = False
    #: The fields may stand anywhere in the report, not only in their own section.
    fields_anywhere: bool = False
    #: The sections are numbered questions: one heading may answer several ("4 & 5."), and a text that asks
    #: them over again holds a second report.
    numbered_topics: bool = False
    #: The sections repeat for each numbered finding ("Finding #1", "Finding #2").
    per_finding: bool = False
    #: A report holding only its summary and calling itself preliminary announces the full report (2.0).
    preliminary_when_summary_only: bool = False
    #: For a template without an Action Items table: the section whose steps are its action items.
    steps_section: str | None = None
    #: The section the report opens with, without a heading of its own (its marker is its heading).
    opening_section: str | None = None
    #: The file of ``linter/generate/templates`` that holds the template's text, for ``irlint new``.
    draft: str | None = None

    @property
    def key(self) -> str:
        return f"{self.kind}-{self.version}"

    @property
    def schema(self) -> str:
        """The file name of the template's JSON Schema in ``schemas/``."""
        return f"{self.key}.schema.json"

    @property
    def section_keys(self) -> tuple[str, ...]:
        """The keys of the top-level sections, in order."""
        return tuple(s.key for s in self.sections if s.parent is None)

    @property
    def has_action_table(self) -> bool:
        """The template has an Action Items section."""
        return "action_items" in self.section_keys

    @property
    def is_full(self) -> bool:
        """A complete report (not one announcing the full report, nor closing the incident)."""
        return not self.is_preliminary and not self.is_closure

    def section(self, key: str) -> SectionSpec | None:
        return next((s for s in self.sections if s.key == key), None)

    def fields_of(self, section: str) -> tuple[FieldSpec, ...]:
        """The fields written in ``section``: the same tuple every time (label regexes are cached by it)."""
        return self._fields_by_section.get(section, ())

    @cached_property
    def _fields_by_section(self) -> dict[str, tuple[FieldSpec, ...]]:
        return {section: tuple(spec for spec in self.fields if spec.section == section)
                for section in dict.fromkeys(spec.section for spec in self.fields)}


def _fields(section: str, *specs: tuple) -> tuple[FieldSpec, ...]:
    return tuple(FieldSpec(key, section, labels, *rest) for key, labels, *rest in specs)


DISCLOSURE_SOURCES = ("Self Reported", "Third Party Reported", "Audit")
_TIMELINE_PARTS = ("non_compliance_start_date", "non_compliance_identified_date", "non_compliance_end_date")

# Field labels of the 3.x templates, in template order. The Lessons Learned "Additional" field is called
# "Other" in the field definitions; both are accepted.
SUMMARY_FIELDS_FULL = (
    FieldSpec("ca_owner_ccadb_id", "summary", ("ca owner ccadb unique id", "ccadb unique id", "ca owner ccadb id"),
              pattern=r"^(A\d{6})?$", pattern_note="CCADB unique ID: 'A' followed by six digits"),
    FieldSpec("incident_description", "summary", ("incident description",)),
    FieldSpec("timeline_summary", "summary", ("timeline summary",), parts=_TIMELINE_PARTS),
    FieldSpec("non_compliance_start_date", "summary", ("non-compliance start date", "noncompliance start date")),
    FieldSpec("non_compliance_identified_date", "summary",
              ("non-compliance identified date", "noncompliance identified date")),
    FieldSpec("non_compliance_end_date", "summary", ("non-compliance end date", "noncompliance end date")),
    FieldSpec("relevant_policies", "summary", ("relevant policies", "relevant policy")),
    FieldSpec("source_of_disclosure", "summary", ("source of incident disclosure",), values=DISCLOSURE_SOURCES),
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

# Sections. The 2.0 and 3.x templates share their section titles. Each lists the variants reviewers accept for it
# (singular or plural, an abbreviation); notes after a title and "&" for "and" are read by
# ``linter.report.headings.title_variants``.
_SUMMARY = SectionSpec("summary", "Summary", ("summary",))
_IMPACT = SectionSpec("impact", "Impact", ("impact", "impacts"))
_TIMELINE = SectionSpec("timeline", "Timeline", ("timeline", "incident timeline"))
_RELATED = SectionSpec("related_incidents", "Related Incidents", ("related incidents", "related incident"))
_RCA = SectionSpec("root_cause_analysis", "Root Cause Analysis",
                   ("root cause analysis", "root cause analysis (rca)", "root causes", "root cause(s)", "root cause",
                    "root cause analyses", "root causes analysis", "rca"))
_LESSONS = SectionSpec("lessons_learned", "Lessons Learned",
                       ("lessons learned", "lessons learnt", "lesson learned", "lesson learnt"))
_WENT_WELL = SectionSpec("went_well", "What went well", ("what went well",), parent="lessons_learned")
_WENT_WRONG = SectionSpec("went_wrong", "What didn't go well", ("what didn't go well", "what did not go well"),
                          parent="lessons_learned")
_GOT_LUCKY = SectionSpec("got_lucky", "Where we got lucky", ("where we got lucky",), parent="lessons_learned")
_ADDITIONAL = SectionSpec("additional", "Additional", parent="lessons_learned", required=False)
_ACTIONS = SectionSpec("action_items", "Action Items", ("action items", "action items table",
                                                        "remediation", "remediation and reporting"))
_APPENDIX = SectionSpec("appendix", "Appendix", ("appendix",))
_AFFECTED = SectionSpec("affected_certificates", "Details of affected certificates",
                        ("details of affected certificates", "details of affected certificate"),
                        parent="appendix", required=False)
# The audit templates repeat their sections per finding ("Finding #1"), a heading no title list can hold.
_FINDING = SectionSpec("finding", "Finding", ())

_ACTION_COLUMNS_2 = ("action item", "kind", "due date")
_ACTION_COLUMNS_3 = ("action item", "kind", "corresponding root cause(s)", "evaluation criteria", "due date",
                     "status")

_V3_SOURCE = "Source: CCADB Incident Reporting Guidelines v3.0-3.2"

TEMPLATES: tuple[Template, ...] = (
    Template(
        "legacy", "1.0", name="seven-topic", noun="incident report",
        title="Legacy incident report (Mozilla wiki / CCADB 1.0, seven topics)",
        source="Source: CCADB Incident Reporting Guidelines v1.0 and the Mozilla wiki 'Responding to an Incident'.",
        effective=date(2017, 8, 15), superseded=date(2023, 10, 17), markers=(),
        # The seven topics, answered under the question itself (see vocabulary.LEGACY_TOPICS) or under a
        # short title of its own.
        sections=(
            SectionSpec("how_aware", "1. How your CA first became aware of the problem",
                        ("problem report", "how we became aware")),
            SectionSpec("timeline", "2. A timeline of the actions your CA took", ("timeline",)),
            SectionSpec("issuance_stopped", "3. Whether your CA has stopped issuance",
                        ("statement", "issuance stopped")),
            SectionSpec("problematic_certificates", "4. Summary of the problematic certificates",
                        ("summary", "affected certificates", "summary of affected certificates")),
            SectionSpec("certificate_data", "5. Complete certificate data", ("certificate data",)),
            SectionSpec("root_cause", "6. Explanation of how and why the mistakes were made",
                        ("explanation", "root cause", "root cause analysis")),
            SectionSpec("remediation", "7. List of steps your CA is taking",
                        ("steps", "remediation", "remediation steps", "remediation plan")),
        ),
        heading_role="legacy_short", default=True, allows_na=False, numbered_topics=True,
        steps_section="remediation",
    ),
    Template(
        "audit", "1.0", name="Audit Incident Report", noun="audit incident report",
        title="Audit Incident Report (CCADB 1.0)", source="Source: CCADB Incident Reporting Guidelines v1.0.",
        effective=date(2023, 2, 15), superseded=date(2023, 10, 17), markers=(),
        # "1. Issue #", "2. Issue Description:", "3. Root Cause of Issue:", "4. Remediation Plan for this Issue:".
        sections=(
            SectionSpec("finding", "Finding",
                        ("issue description", "description of issue", "description of the issue")),
            SectionSpec("root_cause_analysis", "Root Cause Analysis",
                        ("root cause of issue", "root cause of the issue")),
            SectionSpec("action_items", "Action Items", ("remediation plan for this issue", "remediation plan",
                                                         "remediation plan for the issue")),
        ),
        heading_role="audit_part", per_finding=True,
    ),
    Template(
        "incident", "2.0", name="Incident Report", noun="incident report",
        title="Incident Report (CCADB 2.0 template)",
        source="Source: CCADB Incident Reporting Guidelines v2.0 (2023-10-17).",
        effective=date(2023, 10, 17), superseded=date(2025, 3, 1), markers=("incident report",),
        sections=(_SUMMARY, _IMPACT, _TIMELINE, _RCA, _LESSONS, _WENT_WELL, _WENT_WRONG, _GOT_LUCKY, _ADDITIONAL,
                  _ACTIONS, _APPENDIX, _AFFECTED),
        action_item_columns=_ACTION_COLUMNS_2, default=True, preliminary_when_summary_only=True,
    ),
    Template(
        "audit", "2.0", name="Audit Incident Report", noun="audit incident report",
        title="Audit Incident Report (CCADB 2.0)", source="Source: CCADB Incident Reporting Guidelines v2.0.",
        effective=date(2023, 10, 17), superseded=date(2025, 3, 1),
        # An audit report posted first as an initial report, the full one following: the same template.
        markers=("audit incident report", "initial audit incident report", "preliminary audit incident report",
                 "full audit incident report"),
        sections=(_FINDING, _RCA, _ACTIONS), action_item_columns=_ACTION_COLUMNS_2, default=True, per_finding=True,
    ),
    Template(
        "preliminary", "3.x", name="Preliminary Incident Report", noun="preliminary report",
        title="Preliminary Incident Report (CCADB 3.x)",
        source=f"{_V3_SOURCE}, Preliminary Incident Report template.",
        effective=date(2025, 3, 1), superseded=None, markers=("preliminary incident report",),
        sections=(_SUMMARY,), fields=SUMMARY_FIELDS_PRELIMINARY, default=True, is_preliminary=True,
        draft="preliminary.md",
    ),
    Template(
        "full", "3.x", name="Full Incident Report", noun="full report",
        title="Full Incident Report (CCADB 3.x)",
        source=f"{_V3_SOURCE}, Full Incident Report template and field definitions.",
        effective=date(2025, 3, 1), superseded=None, markers=("full incident report",),
        sections=(_SUMMARY, _IMPACT, _TIMELINE, _RELATED, _RCA, _LESSONS, _ACTIONS, _APPENDIX, _AFFECTED),
        fields=SUMMARY_FIELDS_FULL + IMPACT_FIELDS + FACTOR_FIELDS + LESSONS_FIELDS,
        action_item_columns=_ACTION_COLUMNS_3, default=True, has_factors=True, draft="full.md",
    ),
    Template(
        "closure", "3.x", name="Report Closure Summary", noun="closure summary",
        title="Report Closure Summary (CCADB 3.x)", source=f"{_V3_SOURCE}, Closure Report template.",
        effective=date(2025, 3, 1), superseded=None,
        markers=("report closure summary", "incident closure summary", "closure report", "closure summary"),
        sections=(SectionSpec("closure_summary", "Report Closure Summary"),), fields=CLOSURE_FIELDS,
        default=True, is_closure=True, fields_anywhere=True, opening_section="closure_summary", draft="closure.md",
    ),
)

BY_KEY: dict[tuple[str, str], Template] = {(t.kind, t.version): t for t in TEMPLATES}
KINDS: tuple[str, ...] = tuple(dict.fromkeys(t.kind for t in TEMPLATES))


def template(kind: str, version: str) -> Template:
    """The declaration of (kind, version)."""
    return BY_KEY[(kind, version)]


def default_template(kind: str) -> Template:
    """The version of ``kind`` a report follows when nothing in it tells its version."""
    return next(t for t in TEMPLATES if t.kind == kind and t.default)


def kinds_where(test: Callable[[Template], bool]) -> frozenset[str]:
    """The kinds some version of which passes ``test`` (for a rule's ``kinds``)."""
    return frozenset(t.kind for t in TEMPLATES if test(t))


def versions_where(test: Callable[[Template], bool]) -> frozenset[str]:
    """The versions some kind of which passes ``test`` (for a rule's ``versions``)."""
    return frozenset(t.version for t in TEMPLATES if test(t))


def kind_is(kind: str, test: Callable[[Template], bool]) -> bool:
    """``kind`` (any version of it) passes ``test``: for what is known of a report by its kind alone."""
    return any(test(t) for t in TEMPLATES if t.kind == kind)
