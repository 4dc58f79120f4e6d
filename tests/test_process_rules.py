"""The bug rules (S008, P001-P007) and X001 on bugs, tested from data: tests/bugs/*.yaml hold test bugs.

Each case is a bug in BMO's shapes (its fields and flags, its comments, its attachments), the "now" it is judged
at, the accounts that speak for the CA, the reports found in its comments, the rule under test, and whether that
rule must fire (``fail``) or stay silent (``pass``). A bug-scope rule is run once on the bug; a report rule
(X001) is run on every report of the comments listed in ``reports``, with the bug in its context.
"""

from __future__ import annotations

import importlib
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import yaml

from linter.bugzilla.model import Attachment, Bug
from linter.checks.base import BugFacts, Context, ReportSource, Rule
from linter.checks.process import common
from linter.document import parse_document
from linter.findings import Severity
from linter.lint import Options, lint_bug, lint_text
from linter.registry import all_rules
from linter.report import extract_reports
from linter.source_ref import SourceRef

CASES: list[dict] = [case for path in sorted((Path(__file__).parent / "bugs").glob("*.yaml"))
                     for case in yaml.safe_load(path.read_text(encoding="utf-8"))]
KEYS = {"rule", "expect", "name", "now", "ca_accounts", "reports", "bug", "comments", "attachments", "points_at",
        "count", "strong_related"}


#: The rules judged on test bugs: every bug rule, and the report rules that read the bug too (X001).
RULES = {rule.code: rule for rule in all_rules() if rule.scope == "bug" or rule.code in {c["rule"] for c in CASES}}


def _time(value) -> datetime:
    if isinstance(value, datetime):
        return value if value.tzinfo else value.replace(tzinfo=UTC)
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    return datetime.fromisoformat(str(value).replace("Z", "+00:00"))


_BUG_DEFAULTS = {"id": 1900001, "summary": "Quillfeather Trust: Test incident", "status": "ASSIGNED",
                 "resolution": "", "whiteboard": "[ca-compliance]", "creator": "compliance@quillfeather.example",
                 "assigned_to": "compliance@quillfeather.example"}


def build(case: dict) -> BugFacts:
    """The case's bug and facts: comments default ``id`` (1000 + count) and ``count`` (their position)."""
    data = {**_BUG_DEFAULTS, **case.get("bug", {})}
    comments = [{"id": 1000 + c.get("count", i), "count": i, **c} for i, c in enumerate(case.get("comments", []))]
    if comments and "creation_time" not in data:
        data["creation_time"] = comments[0]["creation_time"]
    attachments = tuple(Attachment.from_bmo({"id": 5000 + i, **a}, a.get("text"))
                        for i, a in enumerate(case.get("attachments", [])))
    bug = Bug.from_bmo(data, comments, attachments)
    accounts = case.get("ca_accounts", [bug.assigned_to])
    # The case names (comment, kind) of each report; the rules see each comment once, with its kinds, parsed on
    # demand from the bug's text.
    kinds: dict[int, list[str]] = {}
    for number, kind in case.get("reports", []):
        kinds.setdefault(int(number), []).append(str(kind))
    sources = tuple(ReportSource(SourceRef.of_comment(bug.id, number), number, tuple(found))
                    for number, found in kinds.items())
    related = case.get("strong_related")
    return BugFacts(bug, _time(case["now"]), frozenset(a.lower() for a in accounts), sources,
                    strong_related=None if related is None else tuple((int(n), str(t), bool(same))
                                                                      for n, t, same in related))


def hits(rule: Rule, facts: BugFacts) -> list:
    """What the rule finds in the bug (a report rule: in every report of the report comments)."""
    if rule.scope == "bug":
        context = Context(parse_document(facts.bug.summary, f"bug:{facts.bug.id}"), None, facts.now.date(),
                          "option", bug=facts)
        return list(rule.check(context))
    found = []
    by_count = {c.count: c for c in facts.bug.comments}
    for number in dict.fromkeys(n for n, _ in facts.reports):
        comment = by_count[number]
        document = parse_document(comment.text, f"bug:{facts.bug.id}#c{number}", complete=True)
        for report in extract_reports(document):
            day = comment.created.date()
            if rule.applies(report, day):
                found.extend(rule.check(Context(document, report, day, "comment", bug=facts)))
    return found


def _id(index: int, case: dict) -> str:
    return f"{case['rule']}-{case['expect']}-{index}-{case.get('name', '')}".replace(" ", "_")


@pytest.mark.parametrize("case", CASES, ids=[_id(i, c) for i, c in enumerate(CASES)])
def test_bug_case(case: dict) -> None:
    rule = RULES[case["rule"]]
    found = hits(rule, build(case))
    described = [f"{h.message} {h.data}" for h in found]
    if case["expect"] == "pass":
        assert not found, described
        return
    assert found, f"{case['rule']} did not fire"
    if "count" in case:
        assert len(found) == case["count"], described
    if "points_at" in case:
        assert [h.data.get("comment") for h in found] == case["points_at"], described
    for hit in found:
        if rule.scope == "bug":
            assert hit.line is None, described
            assert "comment" in hit.data, described
            assert hit.data["comment"] is None or isinstance(hit.data["comment"], int), described


def test_cases_are_well_formed() -> None:
    assert CASES
    for index, case in enumerate(CASES):
        assert set(case) <= KEYS, (index, set(case) - KEYS)
        assert {"rule", "expect", "name", "now"} <= set(case), index
        assert case["expect"] in ("pass", "fail"), index
        assert case["rule"] in RULES, (index, case["rule"])
        _time(case["now"])
        for comment in case.get("comments", []):
            assert {"creator", "creation_time", "raw_text"} <= set(comment), (index, comment)
            assert isinstance(comment["creation_time"], str), (index, "quote BMO times: they are strings")
        if case["expect"] == "fail" and case.get("points_at") is None:
            assert "count" not in case or case["count"] > 0, index


def test_every_bug_rule_has_a_pass_and_a_fail_case() -> None:
    assert any(rule.scope == "bug" for rule in RULES.values())
    for code in sorted(RULES):
        expects = {case["expect"] for case in CASES if case["rule"] == code}
        assert expects == {"pass", "fail"}, f"{code} has cases for {sorted(expects)} only"


def test_rules_follow_the_contract() -> None:
    # Codes, names, categories and severities are pinned by docs/rules.md (tests/test_rules_doc.py).
    assert RULES["X001"].scope == "report" and RULES["X001"].kinds == {"legacy", "incident", "full"}
    for code, rule in RULES.items():
        module = importlib.import_module(rule.check.__module__)
        what, _, why = (module.__doc__ or "").partition("\n\n")
        assert what.startswith(f"{code} {rule.name}:") and why.strip(), code


def _case(name: str) -> dict:
    return next(c for c in CASES if c.get("name") == name)


def test_findings_are_stamped_through_lint_bug() -> None:
    facts = build(_case("a community question never answered"))
    findings = lint_bug(facts, Options(selected=frozenset({"P002"})))
    assert [(f.rule, f.name, f.category, f.line, f.data["comment"]) for f in findings] == \
        [("P002", "question-unanswered", "process", None, 2)]
    assert findings[0].data["age_days"] == 12.0 and findings[0].data["asked"] == "2026-03-10T09:00:00Z"


def test_lint_bug_sorts_whole_bug_findings_with_comment_findings() -> None:
    facts = build(_case("no colon and an unanswered question"))
    findings = lint_bug(facts, Options(selected=frozenset({"S008", "P002"})))
    assert [f.rule for f in findings] == ["S008", "P002"]  # the whole-bug finding first


def test_x001_reads_the_bug_attachments_through_lint_text() -> None:
    case = _case("full report whose list is a CSV attachment of the bug")
    facts = build(case)
    text = facts.bug.comments[case["reports"][0][0]].text
    options = Options(selected=frozenset({"X001"}), today=date(2026, 11, 27))
    assert lint_text(text, "c.md", options, bug=facts, complete=True).findings == ()
    (finding,) = lint_text(text, "c.md", options, complete=True).findings
    assert finding.rule == "X001" and finding.data == {"certificates": 3, "section": "appendix"}
    assert finding.severity is Severity.WARNING and finding.line is not None


# --- the phrases the process rules read ------------------------------------------------------------------


@pytest.mark.parametrize(("whiteboard", "day"), [
    ("[ca-compliance] [policy-failure] Next update 2026-03-31", date(2026, 3, 31)),
    ("[ca-compliance] [leaf-revocation-delay] Next update 2026-06-30 ", date(2026, 6, 30)),
    ("[ca-compliance] [audit-finding] Next update 05-Jun-2026", date(2026, 6, 5)),
    ("[ca-compliance] [policy-failure] Next update 2026-Jun-09", date(2026, 6, 9)),
    ("[ca-compliance] [smime-misissuance] Next update at 14.5.2026", date(2026, 5, 14)),
    ("[ca-compliance] next-update 3-Jul-2026 [external]", date(2026, 7, 3)),
    ("[ca-compliance] Next update: June 12, 2026", date(2026, 6, 12)),
    ("[ca-compliance] [ca-misissuance] Next update 4-5-2026", None),  # day and month order unknown
])
def test_next_update_dates(whiteboard: str, day: date | None) -> None:
    note = common.next_update(whiteboard)
    assert note is not None and note.day == day


def test_whiteboard_tags() -> None:
    assert common.next_update("[close on 2026-08-10] [ca-compliance] [policy-failure]") is None
    assert common.close_on(" [close on 2026-08-06] [ca-compliance] [dv-misissuance]") == "[close on 2026-08-06]"
    for tags in ("[leaf-revocation-delay]", "[ca-revocation-delay]", "[delayed-revocation-leaf]",
                 "[delayed-revocation-ca]"):
        assert common.is_revocation_delay(f"[ca-compliance] {tags} Next update 2026-05-04"), tags
    assert not common.is_revocation_delay("[ca-compliance] [audit-delay] [ov-misissuance]")


@pytest.mark.parametrize(("text", "requested"), [
    ("All Action Items disclosed in this report have been completed as described, and we request its closure.", True),
    ("If there are no further questions, we request that this bug be closed.", True),
    ("We kindly request closure of this bug.", True),
    ("Please close this bug.", True),
    ("We believe this bug can now be closed.", True),
    ("We will request closure once the last action item is complete.", False),
    ("We request closure once item 3 is done.", False),
    ("Before we request closure, we will finish item 3.", False),
    ("We do not request closure yet.", False),
    ("> we request that this bug be closed\n\nWe disagree: the CPS is not updated yet.", False),
])
def test_closure_requests(text: str, requested: bool) -> None:
    assert common.requests_closure(text) is requested


@pytest.mark.parametrize(("text", "question"), [
    ("Thanks. Why did the linter not catch this? It was in zlint.", "Why did the linter not catch this?"),
    ("Is this **really** done?", "Is this **really** done?"),
    ("(In reply to Quillfeather from comment #3)\n> Did we check? Yes.\n\nThanks, clear.", None),
    ("The certificate: https://crt.sh/?id=12345678 and `lint?` in the nightly run.", None),
    ("```\nwhy?\n```\nNo question here.", None),
])
def test_questions(text: str, question: str | None) -> None:
    assert common.question_in(text) == question


@pytest.mark.parametrize(("sentence", "done"), [
    ("All affected certificates have been revoked.", True),
    ("2026-02-11 Quillfeather revoked all affected certificates", True),
    ("Revocations are complete.", True),
    ("All 2,418 certificates are now revoked.", True),
    ("We have completed revocation of all affected certificates.", True),
    ("As of today, no affected certificates remain valid.", True),
    ("The subordinate CA was revoked on 2025-05-20.", True),
    ("Not all affected certificates have been revoked.", False),
    ("All certificates should have been revoked within 5 days.", False),
    ("Revocation of the first batch completed.", False),
    ("90% of revocations completed.", False),
    ("Once all certificates have been revoked, we will post an update.", False),
    ("We expect that all certificates will have been revoked by 2025-06-30.", False),
])
def test_revocation_completion(sentence: str, done: bool) -> None:
    assert common.states_revocation_done(sentence) is done
