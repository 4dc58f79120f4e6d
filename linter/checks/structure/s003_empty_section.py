"""S003 empty-section: a section or field left empty, or holding only a placeholder or template example."""

from __future__ import annotations

import re

from linter.checks.base import Context, Hit, Rule
from linter.checks.structure.titles import field_label, section_title
from linter.findings import Severity
from linter.report import vocabulary as vocab
from linter.report.templates import template

# Whole values that say nothing yet. "N/A" is an answer where the template allows it, judged separately.
PLACEHOLDER = re.compile(
    r"""^\(?(?:tbd|tba|tbc|todo|to\ ?do|xxx+|\?+|-+|–|—|\.+|…|none\ yet|pending
        |(?:to\ be|will\ be)\ (?:provided|determined|confirmed|added|updated|completed|published|posted|shared)
            (?:\ (?:later|soon|shortly|(?:with|in)\ (?:the|a|an|our)\ (?:final|full|next|later|subsequent)?\ ?
                                        (?:incident\ )?(?:report|update|comment)))?
        |(?:we\ are\ )?still\ (?:investigating|under\ investigation|being\ investigated)\b[^.]{0,100}
        |see\ (?:above|below|previous\ comments?|comment\ \#?\d+)
        |\[?(?:insert|add|fill\ in)\b.*\]?
        |yyyy-mm-dd:?(?:\ -\ hh:mm\ example)?|hh:mm\ example|example
        |\[related\ bug\ id\]\(related\ bug\ url\)
        )\)?$""", re.IGNORECASE | re.VERBOSE)
NOT_APPLICABLE = re.compile(r"^n\s*/?\s*a\b\.?$|^not\ applicable\.?$", re.IGNORECASE | re.VERBOSE)
_EMPHASIS_MARKS = str.maketrans("*_`>", "    ")
_BULLET = re.compile(r"^\s*[-+•]\s+", re.MULTILINE)


def _bare(text: str) -> str:
    """The text without markup. Bullets and emphasis marks share no character, so removing the one and then
    the other is the same as removing both in one pass; the marks go by a translation table, far faster."""
    return " ".join(_BULLET.sub(" ", text).translate(_EMPHASIS_MARKS).split()).strip(" .:;")


def placeholder_kind(text: str, na_allowed: bool) -> str | None:
    """"empty" or "placeholder" when ``text`` says nothing, else None."""
    bare = _bare(text)
    if not bare:
        return "empty"
    if PLACEHOLDER.match(bare) or (not na_allowed and NOT_APPLICABLE.match(bare)):
        return "placeholder"
    return None


def check(context: Context):
    # S010 asks what S003 reports, so as not to report it twice: the hits are found once per report.
    if "S003" not in context.memo:
        context.memo["S003"] = list(_hits(context))
    return iter(context.memo["S003"])


def _hits(context: Context):
    report = context.report
    declared = template(report.kind, report.template_version)
    last_section = report.sections[-1] if report.sections else None
    fields_by_section = {f.section for f in report.fields}
    for section in report.sections:
        if report.cut_short and section is last_section:
            continue  # the copy stops here: its body was never there to see
        if section.key in fields_by_section or section.key == "closure_summary":
            continue  # judged field by field
        if section.empty:
            verdict = "empty"
        elif section.body:  # a section whose text is all in its sub-parts is judged through them
            verdict = placeholder_kind(section.body,
                                       section.key in vocab.NA_ALLOWED_SECTIONS or declared.allows_na)
        else:
            verdict = None
        if verdict:
            title = section_title(section.key, report.kind)
            yield Hit(f"section '{title}' is {'empty' if verdict == 'empty' else 'only a placeholder'}",
                      section.line, section=section.key, excerpt=section.body[:200],
                      data={"section": section.key, "placeholder": verdict == "placeholder"})
    yield from _fields(report, declared)
    yield from _example_rows(report)


def _fields(report, declared):
    keys = {f.key for f in report.fields}
    specs = {spec.key: spec for spec in declared.fields}
    optional = {key for key, spec in specs.items() if not spec.required}
    last_field = report.fields[-1] if report.fields else None
    for found in report.fields:
        if report.cut_short and found is last_field:
            continue
        if found.key in specs and keys & set(specs[found.key].parts):
            continue  # its value is the fields below it, judged each in its own right
        verdict = placeholder_kind(found.value, True)
        if verdict is None or (verdict == "empty" and found.key in optional):
            continue
        label = field_label(found.key, report.kind)
        yield Hit(f"field '{label}' is {'empty' if verdict == 'empty' else 'only a placeholder'}",
                  found.line, found.column, found.line, found.column + len(found.label),
                  section=found.section, excerpt=found.value[:200],
                  data={"field": found.key, "placeholder": verdict == "placeholder"})


def _example_rows(report):
    for item in report.action_items:
        if item.row is not None and _bare(item.row.cells.get("description", "")).lower() == "example":
            yield Hit("the Action Items table still holds the template's example row", item.line,
                      section="action_items", excerpt=" | ".join(item.row.raw)[:200], data={"section": "action_items"})
    for row in report.related_incidents:
        if "related bug id" in row.cells.get("bug", "").lower():
            yield Hit("the Related Incidents table still holds the template's example row", row.line,
                      section="related_incidents", excerpt=" | ".join(row.raw)[:200],
                      data={"section": "related_incidents"})


RULE = Rule(
    code="S003", name="empty-section", category="structure", severity=Severity.ERROR,
    description="a section or field left empty, or only a placeholder (TBD, TODO, template example text)",
    check=check,
)
