"""The words a scan row says first: one golden line for every failing case of every bug rule (tests/bugs/*.yaml),
written from the data the rule put in its finding, and the choice of the most urgent finding of a bug.

Set IRLINT_UPDATE_GOLDEN=1 to rewrite tests/golden/scan-headlines.txt from the current code (then read it as a
reviewer would: each line is what the row of such a bug says).
"""

from __future__ import annotations

import os
from pathlib import Path

from test_process_rules import CASES, RULES, _id, build, hits

from linter.bugs.headline import WORDED, most_urgent, wording
from linter.findings import Finding, Severity

GOLDEN = Path(__file__).parent / "golden" / "scan-headlines.txt"


def _finding(rule, hit) -> Finding:
    return Finding(rule.code, rule.name, rule.category, rule.severity, hit.message, None, None, None, None,
                   data=dict(hit.data))


def _lines() -> list[str]:
    lines = []
    for index, case in enumerate(CASES):
        rule = RULES[case["rule"]]
        if rule.scope != "bug" or case["expect"] != "fail":
            continue
        for hit in hits(rule, build(case)):
            lines.append(f"{_id(index, case)}\n    {wording(_finding(rule, hit))}")
    return lines


def test_golden_row_wording_of_every_bug_rule() -> None:
    text = "\n".join(_lines()) + "\n"
    if os.environ.get("IRLINT_UPDATE_GOLDEN") == "1":
        GOLDEN.write_text(text, encoding="utf-8", newline="\n")
    assert text == GOLDEN.read_text(encoding="utf-8")


def test_every_bug_rule_is_worded_from_its_data() -> None:
    # The bug's process and its title; a bug rule about attachments (X002) is said by its message.
    bug_rules = {code for code, rule in RULES.items() if rule.scope == "bug" and not code.startswith("X")}
    assert bug_rules <= WORDED
    worded = {case["rule"] for case in CASES if case["expect"] == "fail"} & WORDED
    # Every worded rule has a failing case, so its wording is in the golden file, and none says its message.
    assert worded == bug_rules
    text = GOLDEN.read_text(encoding="utf-8")
    for line in text.splitlines()[1::2]:
        assert not line.strip().startswith(("the ", "no ", "bug title '")), line


def test_the_most_urgent_finding_leads() -> None:
    def finding(rule: str, severity: Severity, **data) -> Finding:
        return Finding(rule, rule.lower(), "process", severity, f"message of {rule}", None, None, None, None,
                       data=data)

    overdue = finding("P001", Severity.WARNING, next_update="2026-05-20", days_overdue=9.4)
    question = finding("P002", Severity.WARNING, comment=12, author="a", age_days=11.0, answer_comment=None)
    late = finding("P003", Severity.ERROR, comment=0, disclosure_comment=0, disclosure_kind="preliminary",
                   elapsed_days=19.2, full_report=None)
    report = finding("S001", Severity.ERROR)
    assert most_urgent([]) is None
    assert most_urgent([(question, ""), (overdue, "")]).text == "Next update overdue by 9 days (due 2026-05-20)"
    assert most_urgent([(question, ""), (report, "Full report, comment 4")]).text == \
        "Full report, comment 4: message of S001"
    chosen = most_urgent([(overdue, ""), (report, "Full report, comment 4"), (late, "")])
    assert (chosen.rule, chosen.text) == ("P003", "Full report missing 19 days after the Preliminary in comment 0 "
                                                  "(due within 14)")
    assert wording(question) == "Question in comment 12 unanswered for 11 days"
