"""S011 related-incidents-missed: a Full report whose Related Incidents table is missing, or lists none of the
earlier incidents most like this one in the synced component.

The CCADB guidelines ask a CA to consider other CAs' incidents of the last two years, and to list the related ones
in the Full report; a CA repeating its own earlier incident is what reviewers ask about first. irlint finds the
incidents most like a bug (``irlint related``); this rule speaks only when ``irlint bug`` read a synced cache and
found strong matches, so it is info: a suggestion to consider, not a breach.
"""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity
from linter.lazy_regex import lazy_compile
from linter.report.templates import kinds_where, versions_where

_BUG_NUMBER = lazy_compile(r"(?<!\d)(\d{6,8})(?!\d)")
#: Matches named in one finding: a reviewer reads the first few, not a list.
NAMED = 3


def _has_related_incidents(template) -> bool:
    return any(section.key == "related_incidents" for section in template.sections)


def check(context: Context):
    facts = context.bug
    if facts is None or not facts.strong_related:
        return
    report = context.report
    section = report.section("related_incidents")
    if section is not None:
        text = "\n".join(context.document.lines[section.line - 1:section.end_line])
        if {int(n) for n in _BUG_NUMBER.findall(text)} & {number for number, _, _ in facts.strong_related}:
            return
    shown = [(number, title) for number, title, _ in facts.strong_related[:NAMED]]
    names = "; ".join(f"bug {number} ({title[:70]})" for number, title in shown)
    what = "there is no Related Incidents table" if section is None else "the Related Incidents table lists none"
    yield Hit(f"{what} of the earlier incidents most like this one: {names}",
              section.line if section is not None else report.anchor_line, section="related_incidents",
              data={"bugs": [number for number, _ in shown], "titles": [title for _, title in shown]})


RULE = Rule(
    code="S011", name="related-incidents-missed", category="structure", severity=Severity.INFO,
    description="a Full report whose Related Incidents table is missing or lists none of the earlier incidents "
                "most like it (irlint bug, with a synced cache)",
    check=check, kinds=kinds_where(_has_related_incidents), versions=versions_where(_has_related_incidents),
    data_keys=("bugs", "titles"),
    review=Review(
        ask=("The component holds earlier incidents much like this one that the Related Incidents table does not "
             "list: {related}. What is different this time, and why did their remediation not prevent this "
             "incident? Please add the related ones to the table."),
        quote="none",
    ),
)
