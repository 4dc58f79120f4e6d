"""A006 lesson-without-action: a contributing factor that no action item names in its Corresponding Root
Cause(s) column (3.x).

The 3.x template ties every action item to the contributing factors it addresses so that reviewers can check
the plan covers the analysis: a factor no action answers is a lesson learned and left alone, and the same
failure can recur through it. References are read leniently: "Contributing Factor #1", "Root Cause 1", "CF1",
"RC 1", "#1", "1, 2", "Factors 1 and 2", "All", or the factor's title.
"""

from __future__ import annotations

import re

from linter.checks.actions.common import items, table_cut_short
from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity
from linter.lazy_regex import lazy_compile
from linter.report.actions import factor_references, is_template_row
from linter.report.templates import kinds_where, versions_where

_WORDS = lazy_compile(r"[a-z0-9]+")
_UNNUMBERED = lazy_compile(r"\b(?:root\s*cause|contributing\s*factor|factor)s?\b(?!\s*#?\s*\d)", re.IGNORECASE)


_FACTOR_PREFIX = lazy_compile(r"^\W*contributing\s+factor\s*#?\s*\d*\s*[:.\-–—]?\s*", re.IGNORECASE)


def _ties_actions_to_factors(template) -> bool:
    return template.has_factors and "corresponding root cause(s)" in template.action_item_columns


def _factors(report) -> dict[int, tuple[int, str]]:
    """Each factor number, with the line that introduces it and its title."""
    found = {factor.number: (factor.line, _FACTOR_PREFIX.sub("", factor.title).strip(" *_"))
             for factor in report.factors}
    for field in report.fields:
        if field.factor is not None and field.factor not in found:
            found[field.factor] = (field.line, "")
    return found


#: A title's first words name its factor: indexing every run of words of longer titles would cost the square of
#: their length.
_TITLE_WORDS = 16


class _Titles:
    """The factors' titles, indexed so that a cell is matched against all of them at once: a cell names a factor
    when the cell holds its title, or is part of it, as runs of three or more whole words."""

    def __init__(self, factors: dict[int, tuple[int, str]]) -> None:
        self.whole: dict[str, set[int]] = {}  # a title's words -> the factors with that title
        self.parts: dict[str, set[int]] = {}  # every run of 3+ words of a title -> the factors whose title has it
        for number, (_, title) in factors.items():
            words = _WORDS.findall(title.lower())[:_TITLE_WORDS]
            if len(words) < 3:
                continue
            self.whole.setdefault(" ".join(words), set()).add(number)
            for start in range(len(words) - 2):
                for end in range(start + 3, len(words) + 1):
                    self.parts.setdefault(" ".join(words[start:end]), set()).add(number)
        self.lengths = sorted({len(text.split()) for text in self.whole})

    def named_in(self, cell: str) -> set[int]:
        words = _WORDS.findall(cell.lower())
        if len(words) < 3:
            return set()
        named = set(self.parts.get(" ".join(words), ()))
        for length in self.lengths:
            for start in range(len(words) - length + 1):
                named |= self.whole.get(" ".join(words[start:start + length]), set())
        return named


def check(context: Context):
    report = context.report
    factors = _factors(report)
    rows = [item for item in items(context)
            if item.source == "table" and item.root_causes is not None and not is_template_row(item)]
    if not factors or not rows:
        return  # no factors to cover, or no table to cover them (A001)
    if table_cut_short(context):
        return  # rows after the cut may name the rest
    named: set[int] = set()
    titles = _Titles(factors)
    for item in rows:
        named |= factor_references(item.root_causes, factors)
        named |= titles.named_in(item.root_causes)
        if len(factors) == 1 and _UNNUMBERED.search(item.root_causes):
            named |= set(factors)  # "Root cause" for the only factor there is
    lines = context.document.lines
    for number in sorted(set(factors) - named):
        line, title = factors[number]
        source = lines[line - 1]
        start = source.lower().find("contributing factor")
        column = start + 1 if start >= 0 else len(source) - len(source.lstrip()) + 1
        label = f"Contributing Factor {number}" + (f" ('{title[:60]}')" if title else "")
        yield Hit(f"{label} is named by no action item's Corresponding Root Cause(s): no action addresses it",
                  line, column, line, len(source.rstrip()) + 1, section="root_cause_analysis",
                  excerpt=source.strip()[:200], data={"factor": number})


RULE = Rule(
    code="A006", name="lesson-without-action", category="action-items", severity=Severity.WARNING,
    description="a contributing factor that no action item names in its Corresponding Root Cause(s) column (3.x)",
    check=check, kinds=kinds_where(_ties_actions_to_factors), versions=versions_where(_ties_actions_to_factors),
    data_keys=("factor",),
    review=Review(
        ask=("Which action item addresses this contributing factor? Each factor should be named in the "
             "Corresponding Root Cause(s) column of at least one action item; otherwise the same failure can recur "
             "through it."),
    ),
)
