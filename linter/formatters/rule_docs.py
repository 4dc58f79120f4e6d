"""The rules as Markdown: docs/rules.md, and the help SARIF viewers show beside an alert."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linter.checks.base import Rule

#: docs/rules.md on the default branch; each rule has a heading of its own code, so ``#s001`` finds it.
RULES_DOC_URL = "https://github.com/irlint/irlint/blob/main/docs/rules.md"


def rule_doc_url(rule: Rule) -> str | None:
    """Where a rule is documented: docs/rules.md for the built-in rules, the pack's own link for the others."""
    return f"{RULES_DOC_URL}#{rule.code.lower()}" if rule.origin == "built-in" else rule.link


def rule_markdown(rule: Rule) -> str:
    """What a rule flags, where it applies, why reviewers reject it, its source and its examples."""
    parts = [f"**{rule.name}** · {rule.category} · {rule.severity.value} · applies to {rule.applicability}",
             f"Flags: {escape_text(rule.description.rstrip('.'))}."]
    if rule.why:
        parts.append(f"Why reviewers reject it: {escape_text(rule.why)}")
    if rule.link:
        parts.append(f"Source: <{rule.link}>")
    for kind, title in (("fail", "Flagged"), ("pass", "Not flagged")):
        examples = (rule.examples or {}).get(kind, ())
        if examples:
            parts.append(f"{title}:\n\n" + "\n".join(f"- {code_span(example)}" for example in examples))
    return "\n\n".join(parts) + "\n"


def rules_document(rules: Sequence[Rule]) -> str:
    """docs/rules.md: an index table, then one section per rule under a heading of its code."""
    lines = ["# irlint rules", "",
             "Every built-in rule, generated from the rules themselves: `IRLINT_UPDATE_GOLDEN=1 python -m pytest "
             "tests/test_rules_doc.py` rewrites this file after a rule changes. `irlint rule CODE` prints the "
             "same on the command line.", "",
             "| code | name | category | severity | flags |", "|---|---|---|---|---|"]
    lines += [f"| [{r.code}](#{r.code.lower()}) | {r.name} | {r.category} | {r.severity.value} | "
              f"{escape_text(r.description)} |" for r in rules]
    for rule in rules:
        lines += ["", f"## {rule.code}", "", rule_markdown(rule).rstrip("\n"), *_data_and_review(rule)]
    return "\n".join(lines) + "\n"


def _data_and_review(rule: Rule) -> list[str]:
    """The keys of the rule's findings' data (the JSON output's ``data``), and what ``irlint review`` asks about
    them (braces name what the draft fills in)."""
    parts = []
    keys = [code_span(key) for key in rule.data_keys] + [f"{code_span(key)} (some findings)"
                                                          for key in rule.optional_data_keys]
    if keys:
        parts += ["", f"Finding data: {', '.join(keys)}."]
    review = rule.review
    if review is not None:
        asked = {"": review.ask} if isinstance(review.ask, str) else review.ask
        parts += ["", "A reviewer asks (`irlint review`):", ""]
        for situation, text in asked.items():
            named = situation.replace("_", " ")
            parts.append(f"- *{named}*: {escape_text(text)}" if situation else f"- {escape_text(text)}")
        if review.info is not None:
            parts.append(f"- *info*: {escape_text(review.info)}")
    return parts


def escape_markdown(text: str) -> str:
    """Text that Markdown shows as written: no emphasis, links, HTML or table cells from its punctuation."""
    return re.sub(r"([\\`*_\[\]<|~&])", r"\\\1", text)


def escape_text(text: str) -> str:
    """``escape_markdown`` on one line: a paragraph or a table cell of its own."""
    return escape_markdown(" ".join(text.split()))


def code_span(text: str) -> str:
    """``text`` as inline code, fenced with more backticks than any run inside it."""
    flat = " ".join(text.split())
    fence = "`" * (max((len(run) for run in re.findall(r"`+", flat)), default=0) + 1)
    padding = " " if flat.startswith("`") or flat.endswith("`") else ""
    return f"{fence}{padding}{flat}{padding}{fence}"
