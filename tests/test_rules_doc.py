"""docs/rules.md is generated from the rules, and SARIF's helpUri anchors land on its headings.

Set IRLINT_UPDATE_GOLDEN=1 to rewrite docs/rules.md from the current rules (then read the diff).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from linter.formatters.rule_docs import RULES_DOC_URL, code_span, escape_text, rule_doc_url, rules_document
from linter.registry import all_rules

REPO = Path(__file__).resolve().parent.parent
RULES_DOC = REPO / "docs" / "rules.md"


def _built_in():
    return [rule for rule in all_rules() if rule.origin == "built-in"]


def test_docs_rules_md_is_up_to_date() -> None:
    expected = rules_document(_built_in())
    if os.environ.get("IRLINT_UPDATE_GOLDEN") == "1":
        RULES_DOC.write_text(expected, encoding="utf-8", newline="\n")
    assert RULES_DOC.read_text(encoding="utf-8") == expected, \
        "docs/rules.md is stale: run IRLINT_UPDATE_GOLDEN=1 python -m pytest tests/test_rules_doc.py"


def test_every_rule_has_the_heading_its_help_uri_points_at() -> None:
    # GitHub makes the anchor of "## S001" "s001": lower case, as the help URIs are written.
    headings = re.findall(r"^## (\S+)$", RULES_DOC.read_text(encoding="utf-8"), re.MULTILINE)
    rules = _built_in()
    assert headings == [rule.code for rule in rules]
    for rule in rules:
        assert rule_doc_url(rule) == f"{RULES_DOC_URL}#{rule.code.lower()}"


def test_the_readme_links_to_the_rules_instead_of_copying_them() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "(docs/rules.md)" in readme
    # A copied table goes stale: no line of the README names a rule by its code and name together.
    copied = [rule.code for rule in _built_in() if re.search(rf"{rule.code}\W+{re.escape(rule.name)}", readme)]
    assert copied == []


def test_markdown_punctuation_in_rule_texts_is_shown_as_written() -> None:
    assert escape_text("a | b *c* <x>\n  _d_ [e](f)") == r"a \| b \*c\* \<x> \_d\_ \[e\](f)"
    assert code_span("we reminded staff") == "`we reminded staff`"
    assert code_span("run `irlint`") == "`` run `irlint` ``"
