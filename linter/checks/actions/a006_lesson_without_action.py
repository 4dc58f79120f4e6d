"""A006 lesson-without-action: a contributing factor that no action item names in its Corresponding Root
Cause(s) column (3.x).

The 3.x template ties every action item to the contributing factors it addresses so that reviewers can check
the plan covers the analysis: a factor no action answers is a lesson learned and left alone, and the same
failure can recur through it. References are read leniently: "Contributing Factor #1", "Root Cause 1", "CF1",
"RC 1", "#1", "1, 2", "Factors 1 and 2", "All", or the factor's title.
"""

from __future__ import annotations

import re

from linter.checks.actions.common import items, tables
from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity
from linter.report.actions import factor_references, is_template_row
from linter.report.templates import kinds_where, versions_where

_WORDS = re.compile(r"[a-z0-9]+")
_UNNUMBERED = re.compile(r"\b(?:root\s*cause|contributing\s*factor|factor)s?\b(?!\s*#?\s*\d)", re.IGNORECASE)


_FACTOR_PREFIX = re.compile(r"^\W*contributing\s+factor\s*#?\s*\d*\s*[:.\-–—]?\s*", re.IGNORECASE)


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


def _named_by_title(cell: str, title: str) -> bool:
    cell_words, title_words = _WORDS.findall(cell.lower()), _WORDS.findall(title.lower())
    if len(title_words) < 3 or len(cell_words) < 3:
        return False
    cell_text, title_text = " ".join(cell_words), " ".join(title_words)
    return title_text in cell_text or cell_text in title_text


def check(context: Context):
    report = context.report
    factors = _factors(report)
    rows = [item for item in items(context)
            if item.source == "table" and item.root_causes is not None and not is_template_row(item)]
    found = tables(context)
    if not factors or not rows:
        return  # no factors to cover, or no table to cover them (A001)
    if report.cut_short and report.sections and found and found[-1].section is report.sections[-1]:
        return  # rows after the cut may name the rest
    named: set[int] = set()
    for item in rows:
        named |= factor_references(item.root_causes, factors)
        named |= {n for n, (_, title) in factors.items() if title and _named_by_title(item.root_causes, title)}
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
