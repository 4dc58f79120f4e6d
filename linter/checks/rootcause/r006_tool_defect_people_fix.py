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

import re
from functools import cache

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.phrases import built_in_pack, evidence_sets, shared_classes
from linter.checks.phrases.kinds import compile_phrases, spaced
from linter.checks.spans import Span
from linter.findings import Severity
from linter.wording import Families, build

#: The rules that find a fix relying on people alone: training, reminders, vigilance.
_PEOPLE_FIX_CODES = ("R001", "R002", "R003")

# What breaks: a tool, a check, a system or a written process, and what it did wrong.
_WORDING = {
    "classes": {
        "tool": ["script", "scripts", "check", "checks", "validation", "validations", "tool", "tools", "tooling",
                 "system", "systems", "software", "code", "linter", "lint", "job", "jobs", "utility", "process",
                 "workflow", "automation", "template", "templates", "profile", "profiles", "configuration",
                 "form", "interface", "portal", "database", "query", "logic", "module", "function", "parser",
                 "implementation", "pipeline", "api", "application", "platform", "cron job", "control", "controls"],
        "defect": ["allowed", "permitted", "did not check", "didn't check", "did not validate", "didn't validate",
                   "did not detect", "didn't detect", "did not catch", "didn't catch", "did not flag",
                   "did not reject", "didn't reject", "did not block", "didn't block", "did not prevent",
                   "didn't prevent", "did not run", "didn't run", "did not work", "didn't work", "failed to check",
                   "failed to detect", "failed to validate", "failed to catch", "failed to run", "failed to reject",
                   "failed to block", "failed to prevent", "failed to flag", "failed to handle", "had a bug",
                   "contained a bug", "had a defect", "contained a defect", "had a flaw", "was misconfigured",
                   "were misconfigured", "was not configured", "were not configured", "lacked", "had failed",
                   "malfunctioned", "crashed", "was broken", "stopped working", "stopped running", "not processed",
                   "not covered", "did not cover", "didn't cover", "did not handle", "didn't handle",
                   "did not account"],
        "defect_noun": ["bug in", "software bug", "coding error", "programming error", "logic error",
                        "implementation error", "implementation bug", "software defect", "code defect",
                        "missing validation", "missing check", "missing checks", "lack of validation",
                        "lack of a check", "lack of automated", "misconfiguration", "configuration error",
                        "regression"],
        "negation": ["no", "not", "never", "without", "neither", "nor", "rather than", "instead of"],
    },
    "exclusions": {
        "negated": {"steps": ["negation", "@match"], "window": 2},
        # "the validation agent did not check": a person, named by the tool they work with.
        "person": {"steps": ["tool", "person"], "window": 0},
    },
    "families": [
        {"name": "defect",
         "exclude": ["negated", "person"],
         "sequences": [{"steps": ["tool", "defect"], "window": 4}, ["defect_noun"]]},
    ],
}

# The tool is fixed: a change to the script, check, system or process itself.
_FIXED = {
    "classes": {
        "tool": _WORDING["classes"]["tool"],
        "fix": ["fixed", "fix", "fixing", "corrected", "correct", "patched", "patch", "repaired", "updated",
                "update", "updating", "modified", "modify", "changed", "amended", "extended", "improved", "enhanced",
                "adapted", "reconfigured", "rewrote", "rewritten", "replaced", "upgraded", "redesigned", "reworked",
                "hardened", "added", "adding", "implemented", "introduced", "deployed"],
        "now_fixed": ["has been fixed", "have been fixed", "was fixed", "were fixed", "will be fixed",
                      "has been corrected", "was corrected", "will be corrected", "has been patched", "was patched",
                      "has been updated", "have been updated", "was updated", "were updated", "will be updated",
                      "has been modified", "was modified", "will be modified", "has been changed", "was changed",
                      "will be changed", "was reconfigured", "has been reconfigured", "now checks", "now rejects",
                      "now blocks", "now validates", "now prevents", "now detects", "now covers", "now handles"],
    },
    "families": [
        {"name": "fixed", "sequences": [{"steps": ["fix", "tool"], "window": 4},
                                         {"steps": ["tool", "now_fixed"], "window": 4}]},
    ],
}

_SENTENCE_END = re.compile(r"[.!?;](?=\s)|\n\s*\n")


@cache
def _families() -> tuple[Families, Families]:
    return build({**_WORDING, "classes": {**shared_classes(), **_WORDING["classes"]}}), build(_FIXED)


@cache
def _people_fix_rules() -> tuple[Rule, ...]:
    return tuple(r for r in built_in_pack() if r.code in _PEOPLE_FIX_CODES)


@cache
def _control() -> re.Pattern[str]:
    return compile_phrases([spaced(p) for p in evidence_sets()["technical-control"]], True)


def _sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    ends = [m.end() for m in _SENTENCE_END.finditer(text, 0, start)]
    following = _SENTENCE_END.search(text, end)
    return (ends[-1] if ends else 0), (following.start() if following else len(text))


def _in_link(text: str, offset: int) -> bool:
    """Whether the offset falls inside a link: "opt=zlint" in a crt.sh address names no control."""
    word_start = max(text.rfind(" ", 0, offset), text.rfind("\n", 0, offset)) + 1
    return "://" in text[word_start:offset]


def _told(span: Span, defect: Families) -> list[tuple[int, int]]:
    """The sentences of the span that tell a defect."""
    return [_sentence_bounds(span.text, start, end) for _, start, end in defect.found(span.text)]


def check(context: Context):
    analysis = context.analysis
    defect, fixed = _families()
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
                  for span in telling for _, start, end in defect.found(span.text)), None)
    if named is None:
        return
    if any(fixed.found(span.text) for span in everything if fixed.may_say(span.text)):
        return  # the CA fixes the tool
    # A control in the plan outside the sentences that tell the defect ("the automated check did not run" names
    # the broken control, it does not add one).
    control = _control()
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
