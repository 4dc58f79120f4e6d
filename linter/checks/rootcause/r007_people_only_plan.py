"""R007 people-only-plan: an Action Items table none of whose items names a tool, a check or any technical change:
every step relies on people (briefings, reviews, sign-offs, requests to the auditor or the vendor).

The phrase rules (R001-R003) find a people fix by its words; a plan can rely on people in words they do not know
("Compliance manager to review each submission", "Ask the auditor to deliver earlier", "Deputy named for the
CCADB duties"). What such a plan lacks is plain from the table itself: no row names anything technical. The test
is broad on purpose (a control in any row silences it, "rules/_evidence.yaml" @technical-control; so does any
system, tool, form, profile or technical verb, @technical-object, in a row that is not a person's step), so that
it speaks only where nothing in the plan could be a control. A row is a person's step by how it begins (a person or
a team, a person's act, an order to people, an edit to a document: @people-step) or by who checks
(@checked-by-person): "NOC shift checks the PKI dashboard each morning" names a tool only as what someone looks
at; "Zabbix trigger raises a P1; the NOC shift checks it" is the system's. A row of kind Mitigate alone (a hotfix,
a lint upgraded in one service) limits this incident, not the next one, unless it blocks or alerts.
"""

from __future__ import annotations

from linter.checks.actions.common import TABLE_KINDS, header_hit, items, table_cut_short
from linter.checks.base import Context, Review, Rule
from linter.checks.phrases import evidence_pattern
from linter.findings import Severity
from linter.lazy_regex import lazy_compile
from linter.report.actions import ActionItem, is_template_row


def check(context: Context):
    rows = [item for item in items(context) if item.source == "table" and not is_template_row(item)]
    # A plan: a step meant to stop or find the next occurrence, not only "Provide final incident report".
    if not any(item.kinds and {"Prevent", "Detect"} & set(item.kinds) for item in rows):
        return
    if table_cut_short(context):
        return  # rows after the cut may name a control
    if any(_is_control(item) for item in rows):
        return
    shown = "; ".join(item.description[:60] for item in rows[:3]) + ("; ..." if len(rows) > 3 else "")
    yield header_hit(context, f"none of the {len(rows)} action items changes a tool or adds a technical control "
                              f"({shown}): each relies on people; add one that stops or detects a repeat without them",
                     {"items": len(rows)})


#: An occasion told before the item's doer ("After each rotation, ...", "Before every ceremony: ...").
_OCCASION = lazy_compile(r"(?i)^(?:after|before|for|during|until|from|at|on|in|with|every|each|once|when|whenever|if)\b"
                         r"[^,;:]{0,80}[,:]\s*")


def _is_control(item: ActionItem) -> bool:
    """Whether an action item may be a control: it says one in the words of a control, or names something technical
    in a step that is not a person's (one that begins with a person, a person's act or an order to people, names a
    person as who checks, or edits a document). A row of kind Mitigate alone is a one-off fix unless it blocks or
    alerts."""
    description = (item.description or "").strip().lstrip("*_`#>-–• ")
    row = " ".join(filter(None, (description, item.evaluation_criteria)))
    if item.kinds and set(item.kinds) == {"Mitigate"} and not evidence_pattern("blocking").search(row):
        return False
    if evidence_pattern("technical-control").search(row):
        return True
    if evidence_pattern("technical-object").search(row) is None:
        return False
    if evidence_pattern("checked-by-person").search(description):
        return False
    # "After each rotation, the engineer performing it confirms ...": the doer comes after the occasion.
    head = _OCCASION.sub("", description, count=1)
    return (evidence_pattern("people-step").match(head) is None
            or evidence_pattern("step-removed").search(description) is not None)


RULE = Rule(
    code="R007", name="people-only-plan", category="remediation", severity=Severity.WARNING,
    description="an Action Items table none of whose items names a tool, a check or any technical change: every "
                "step relies on people",
    check=check, kinds=TABLE_KINDS,
    why="The CCADB guidelines ask for remediation that removes the error-prone manual step rather than relying on "
        "training or care; a plan of briefings, sign-offs and requests to others leaves that step in place, and "
        "reviewers ask which change makes the next occurrence impossible, or detects it without someone "
        "remembering.",
    link="https://www.ccadb.org/cas/incident-report",
    data_keys=("items",),
    review=Review(
        ask=("Every action item relies on people: briefings, reviews, requests to others. Which change to a tool "
             "or a process makes the next occurrence impossible, or detects it without someone remembering?"),
        quote="none",
    ),
)
