"""Every rule declares the keys of its findings' data (Rule.data_keys, Rule.optional_data_keys), and every fixture
keeps to the declaration: a finding carries no key its rule did not declare, and every key its rule says all its
findings carry. The review fills its questions from declared keys only, so an undeclared key would go unsaid."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from bmo_data import bug
from test_process_rules import CASES as BUG_CASES
from test_process_rules import build, hits
from test_python_rules import CASES as RULE_CASES
from test_python_rules import TODAY

from linter.bugzilla.model import Bug
from linter.checks.base import Rule
from linter.findings import Finding
from linter.lint import Options, SourceResult, lint_text
from linter.registry import all_rules
from linter.review import FACTS, _Found, _Where, placeholders

REPO = Path(__file__).resolve().parent.parent
RULES = {rule.code: rule for rule in all_rules()}
CA = "compliance@harrowgate.example"


def _findings() -> Iterator[tuple[str, str, Mapping[str, Any]]]:
    """(where, rule code, data) of every finding of every fixture."""
    options = Options(today=TODAY)
    for path in sorted((REPO / "tests" / "reports").glob("*/report.md")) + sorted((REPO / "examples").glob("*.md")):
        for finding in lint_text(path.read_text(encoding="utf-8"), "report.md", options).findings:
            yield str(path.relative_to(REPO)), finding.rule, finding.data
    for index, case in enumerate(RULE_CASES):
        report_date = date.fromisoformat(str(case["date"])) if "date" in case else None
        for finding in lint_text(case["text"], "case.md", Options(report_date=report_date, today=TODAY)).findings:
            yield f"tests/rules case {index}", finding.rule, finding.data
    for rule in RULES.values():
        for expect, texts in (rule.examples or {}).items():
            for text in texts:
                for finding in lint_text(text, "example.md", options).findings:
                    yield f"{rule.code} {expect} example", finding.rule, finding.data
    for index, case in enumerate(BUG_CASES):
        facts = build(case)
        for rule in RULES.values():
            if rule.scope == "bug" or case["rule"] == rule.code:
                for hit in hits(rule, facts):
                    yield f"tests/bugs case {index} ({case['name']})", rule.code, hit.data


FINDINGS = list(_findings())


def test_every_finding_carries_the_data_its_rule_declares() -> None:
    wrong = []
    for where, code, data in FINDINGS:
        rule = RULES[code]
        undeclared = set(data) - rule.declared_data_keys
        missing = set(rule.data_keys) - set(data)
        if undeclared or missing:
            wrong.append(f"{where}: {code} undeclared {sorted(undeclared)}, missing {sorted(missing)}")
    assert not wrong, "\n".join(wrong)


def test_every_rule_fires_in_the_fixtures_and_every_declared_key_turns_up() -> None:
    seen: dict[str, set[str]] = defaultdict(set)
    for _, code, data in FINDINGS:
        seen[code] |= set(data)
    assert set(RULES) - set(seen) == set(), "rules no fixture makes fire: their data goes untested"
    for code, rule in RULES.items():
        assert rule.declared_data_keys - seen[code] == set(), f"{code}: declared keys no fixture carries"


@pytest.mark.parametrize("rule", list(RULES.values()), ids=lambda rule: rule.code)
def test_a_rule_declares_each_key_once(rule: Rule) -> None:
    declared = [*rule.data_keys, *rule.optional_data_keys]
    assert len(declared) == len(set(declared))


def test_every_placeholder_of_a_question_is_filled_from_its_rules_declared_data() -> None:
    # A placeholder reads only what the rule declares: one its rule's data never fills says the same whatever
    # the finding, which the fixtures would show as no finding changing it.
    where = _Where(Bug.from_bmo(bug(1990010, "Harrowgate Certification: data", creator=CA), []),
                   "https://bugzilla.mozilla.org")
    source = SourceResult("bug:1990010")
    filled = set()
    for _, code, data in FINDINGS:
        rule = RULES[code]
        finding = Finding(code, rule.name, rule.category, rule.severity, "message", None, None, None, None,
                          data=dict(data))
        for name in placeholders(rule.review.question(rule.review.situation(data), False)):
            declared = FACTS[name]([_Found(finding, source, None, None, (), rule)], where)
            nothing = FACTS[name]([_Found(finding, source, None, None, (), None)], where)
            if declared != nothing:
                filled.add((code, name))
    asked = {(rule.code, name) for rule in RULES.values() for text in rule.review.texts for name in placeholders(text)}
    assert asked and asked - filled == set()
