"""R006 tool-defect-people-fix: the CA itself describes a defect in a tool or process (a check that did not run, a
system that allowed the error, a missing validation, a bug in a script), yet the only fix it gives is for people:
training, reminders, more care, more reviewers.

The CCADB guidelines (1.0) ask CAs to remove error-prone manual steps rather than rely on training; a reviewer
reading a report that names a broken tool and then promises that staff will be more careful answers "you found a
tool defect and your fix is to tell people to be careful". The people-only fix is what R001-R003 find; this rule
adds the defect the CA named, and stays silent when the tool is fixed (a code, script or configuration change,
or any technical control in the plan outside the sentences that describe the defect).
"""

from __future__ import annotations

from collections.abc import Iterator
from functools import cache

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.phrases import built_in_pack, evidence_pattern, shared_classes
from linter.checks.spans import Span
from linter.findings import Severity
from linter.lazy_regex import lazy_compile
from linter.resources import resource_dir
from linter.rule_cache import rule_file_data
from linter.wording import Families, build

#: The rules that find a fix relying on people alone: training, reminders, vigilance.
_PEOPLE_FIX_CODES = ("R001", "R002", "R003")

_SENTENCE_END = lazy_compile(r"[.!?;](?=\s)|\n\s*\n")


@cache
def _wording(name: str) -> Families:
    """The family ``name`` (the defect, or the fix) of ``rules/_tool-defect.yaml``, over the shared classes: each
    read by itself, so that looking for one does not read the sentences only the other may say."""
    data = rule_file_data(resource_dir("rules") / "_tool-defect.yaml")
    return build({**data, "classes": {**shared_classes(), **data["classes"]},
                  "families": [family for family in data["families"] if family["name"] == name]}, trusted=True)


def _places(families: Families, text: str) -> Iterator[tuple[int, int]]:
    """Where the text says the families, in its order: read only as far as the caller asks."""
    return ((start, end) for _, start, end in families.finding(text))


@cache
def _people_fix_rules() -> tuple[Rule, ...]:
    return tuple(r for r in built_in_pack() if r.code in _PEOPLE_FIX_CODES)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    following = _SENTENCE_END.search(text, end)
    return (ends[-1] if ends else 0), (following.start() if following else len(text))


def _in_link(text: str, offset: int) -> bool:
    """Whether the offset falls inside a link: "opt=zlint" in a crt.sh address names no control."""
    word_start = max(text.rfind(" ", 0, offset), text.rfind("\n", 0, offset)) + 1
    return "://" in text[word_start:offset]


def _told(span: Span, wording: Families) -> list[tuple[int, int]]:
    """The sentences of the span that tell a defect."""
    return [_sentence_bounds(span.text, start, end) for start, end in _places(wording, span.text)]


def check(context: Context):
    analysis = context.analysis
    defect, fixed = _wording("defect"), _wording("fixed")
    everything = analysis.spans(None)
    # Cheapest first: words that could tell a defect, then a people-only fix (rare), then the defect itself.
    telling = [span for span in everything if defect.may_say(span.text)]
    if not telling:
        return
    fixes = sorted((hit for rule in _people_fix_rules() for hit in rule.check(context)),
                   key=lambda hit: (hit.line or 0, hit.column or 0))
    if not fixes:
        return
    named = next((" ".join(span.text[start:end].split())
                  for span in telling for start, end in _places(defect, span.text)), None)
    if named is None:
        return
    if any(next(_places(fixed, span.text), None) is not None for span in everything if fixed.may_say(span.text)):
        return  # the CA fixes the tool
    # A control in the plan outside the sentences that tell the defect ("the automated check did not run" names
    # the broken control, it does not add one).
    control = evidence_pattern("technical-control")
    for span in analysis.plan_spans():
        told = _told(span, defect) if defect.may_say(span.text) else []
        if any(not any(a <= m.start() < b for a, b in told) and not _in_link(span.text, m.start())
               for m in control.finditer(span.text)):
            return
    fix = fixes[0]
    yield Hit(f"the report names a defect in a tool or process ('{named}') but the fix is '{fix.excerpt}': "
              "fix the tool, not only the people", fix.line, fix.column, fix.end_line, fix.end_column,
              fix.section, fix.excerpt, {"defect": named, "fix": fix.excerpt})


RULE = Rule(
    code="R006", name="tool-defect-people-fix", category="remediation", severity=Severity.ERROR,
    description="the report names a defect in a tool or process but the remediation only asks people to do "
                "better (training, reminders, care, more reviewers)",
    check=check, scope="text",
    link="https://github.com/mozilla/www.ccadb.org/blob/master/incident_archive/ir_version_1_0.md",
    data_keys=("defect", "fix"),
    review=Review(
        ask=("You describe a defect in your tooling, yet the remediation asks people to be more careful. What "
             "change to the tool or process removes the defect, and by when?"),
    ),
)
