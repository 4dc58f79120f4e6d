"""irlint review: the draft of a reviewer's comment on a bug.

Set IRLINT_UPDATE_GOLDEN=1 to rewrite tests/golden/review-*.md from the current code (then read them as the CA
would: they are what a reviewer is about to post).
"""

from __future__ import annotations

import os
import re
import unicodedata
from datetime import UTC, datetime
from pathlib import Path

import pytest
from bmo_data import bug, comment
from markdown_it import MarkdownIt

from linter.bugs.linting import BugResult, lint_one_bug
from linter.bugzilla.model import Bug
from linter.checks.base import Review
from linter.checks.phrases import RuleFileError, load_rule
from linter.findings import Finding, Severity
from linter.lint import Options, SourceResult, lint_text
from linter.registry import all_rules
from linter.review import FACTS, QUOTE_LIMIT, placeholders, review_comment
from linter.source_ref import SourceRef

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
CA = "compliance@harrowgate.example"
EXAMPLE_TRUST = "pki-compliance@example-trust.example"
REVIEWER = "rootstore-review@browser-vendor.example"
RULE_CODE = re.compile(r"\b[A-Z]\d{3}\b")


def _replaced(text: str, *pairs: tuple[str, str]) -> str:
    for old, new in pairs:
        assert old in text, f"the fixture text changed: {old!r} is gone"
        text = text.replace(old, new)
    return text


def _weak_bug() -> Bug:
    """The weak full report, its timeline stripped of times and its revocation late, a question left unanswered
    for two weeks and the whiteboard's Next update date passed."""
    report = _replaced(
        (REPO / "tests/reports/full-weak-language/report.md").read_text(encoding="utf-8"),
        ("- **Incident heuristic:** Orders approved by the same validation specialist between 2026-01-12 and "
         "2026-02-03.\n", ""),
        ("**Non-compliance end date:** 2026-02-04 11:02 UTC", "**Non-compliance end date:** 2026-02-10 11:02 UTC"),
        ("- 2026-01-12 09:14: First affected certificate issued.", "- 2026-01-12: First affected certificate issued."),
        ("- 2026-02-04 11:02: All 4 certificates revoked.\n- 2026-02-06 10:00: This report posted.",
         "- 2026-02-04: Orders approved by the specialist reviewed.\n"
         "- 2026-02-05: Validation team confirms the wrong names.\n"
         "- 2026-02-09: Subscribers informed of the revocation.\n"
         "- 2026-02-10 11:02: All 4 certificates revoked.\n"
         "- 2026-02-11 10:00: This report posted."),
        ("| 2026-06-30 | Ongoing |", "| TBD | Ongoing |"),
    )
    return Bug.from_bmo(
        bug(1990001, "Harrowgate Certification: OV organizationName not matching the registry", creator=CA,
            whiteboard="[ca-compliance] [ov-misissuance] Next update 2026-02-25",
            creation_time="2026-02-11T10:00:00Z"),
        [comment(1990001, 0, CA, "2026-02-11T10:00:00Z", report),
         comment(1990001, 1, REVIEWER, "2026-02-12T14:00:00Z",
                 "Why was issuance not stopped while the cause was unknown?"),
         comment(1990001, 2, CA, "2026-02-13T09:00:00Z",
                 "Issuance was not stopped because only one specialist was involved; we will add the details to "
                 "the report."),
         comment(1990001, 3, REVIEWER, "2026-02-16T08:00:00Z",
                 "What does the refresher training cover, and how does it stop a trading name from being "
                 "approved?")])


GOOD_PRELIMINARY = """\
## Preliminary Incident Report

### Summary

- **Incident description:** Between 2026-03-15 and 2026-03-23, Example Trust issued 1,284 DV TLS server \
certificates through its ACME endpoint that relied on domain validations completed more than 200 days before \
issuance. ACME issuance was paused at 10:05 UTC on 2026-03-23 and resumed at 13:20 UTC after a fix; the affected \
certificates are being revoked.
- **Relevant policies:** TLS Baseline Requirements, Section 4.2.1.
- **Source of incident disclosure:** Self Reported

We will post the Full Incident Report no later than 2026-04-06.
"""


def _good_bug() -> Bug:
    """The example full report after a preliminary one, with one training item beside its real controls (an
    info-level point), and the reviewer's question answered the next day."""
    report = _replaced(
        (REPO / "examples/full-report.md").read_text(encoding="utf-8"),
        ("| Extend the daily reconciliation job",
         "| Train the PKI engineers on the shared policy table and the new pre-issuance gate | Mitigate | "
         "Contributing Factor 1 | All PKI engineers trained before the gate goes live | 2026-04-30 | Ongoing |\n"
         "| Extend the daily reconciliation job"),
    )
    return Bug.from_bmo(
        bug(1990002, "Example Trust: Domain validation data reused beyond 200 days through ACME",
            creator=EXAMPLE_TRUST, whiteboard="[ca-compliance] [dv-misissuance] Next update 2026-05-01",
            creation_time="2026-03-24T16:30:00Z"),
        [comment(1990002, 0, EXAMPLE_TRUST, "2026-03-24T16:30:00Z", GOOD_PRELIMINARY),
         comment(1990002, 1, EXAMPLE_TRUST, "2026-04-03T12:00:00Z", report),
         comment(1990002, 2, REVIEWER, "2026-04-06T09:00:00Z",
                 "Did the configuration inventory list any other setting read by both channels?"),
         comment(1990002, 3, EXAMPLE_TRUST, "2026-04-07T08:15:00Z",
                 "No other setting was read by both channels; the review of every shared key is described in "
                 "Contributing Factor 1.")])


def _linted(subject: Bug, now: datetime) -> BugResult:
    return lint_one_bug(subject, Options(today=now.date()), now)


def _weak() -> BugResult:
    return _linted(_weak_bug(), datetime(2026, 3, 2, 12, 0, tzinfo=UTC))


def _good() -> BugResult:
    return _linted(_good_bug(), datetime(2026, 4, 10, 12, 0, tzinfo=UTC))


def _body(text: str) -> tuple[str, str]:
    """The comment without its footer line, and the footer line."""
    body, _, footer = text.rstrip("\n").rpartition("\n")
    return body, footer


# --- golden drafts ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "linted"), [("weak", _weak), ("good", _good)])
def test_golden_review(name: str, linted) -> None:
    text = review_comment(linted())
    golden = GOLDEN / f"review-{name}.md"
    if os.environ.get("IRLINT_UPDATE_GOLDEN") == "1":
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert text == golden.read_text(encoding="utf-8")


def test_the_weak_bug_is_asked_about_its_process_first_then_section_by_section() -> None:
    text = review_comment(_weak())
    link = "https://bugzilla.mozilla.org/show_bug.cgi?id=1990001#c3"
    assert f"[comment 3]({link})" in text
    headings = re.findall(r"^\*\*(.+)\*\*$", text, re.MULTILINE)
    assert headings == ["Impact", "Timeline", "Root Cause Analysis", "Action Items"]
    assert text.index("next update") < text.index("**Impact**")
    assert text.index(link) < text.index("**Impact**")
    # Four entries without a time make one point: three quoted, the fourth counted.
    timeline = text[text.index("**Timeline**"):text.index("**Root Cause Analysis**")]
    assert timeline.count("> 2026-") == 4  # three undated entries and the late revocation
    assert "…and 1 more." in timeline
    assert timeline.count("Please add the time (UTC) to each timeline entry") == 1


def test_the_base_url_makes_the_links() -> None:
    text = review_comment(_weak(), base_url="https://bugzilla-dev.allizom.org/")
    assert "(https://bugzilla-dev.allizom.org/show_bug.cgi?id=1990001#c3)" in text
    assert "bugzilla.mozilla.org" not in text


def test_a_good_report_is_said_to_be_good_with_its_smaller_points() -> None:
    text = review_comment(_good())
    assert "cover what the guidelines ask for; a few smaller points:" in text
    body, footer = _body(text)
    assert re.findall(r"^\d+\. ", body, re.MULTILINE) == ["1. "]
    assert footer == "irlint findings: R001"


def test_a_bug_without_a_report_says_so() -> None:
    subject = Bug.from_bmo(bug(1990003, "Harrowgate Certification: CRL not updated", creator=CA),
                           [comment(1990003, 0, CA, "2026-01-05T09:00:00Z", "We are investigating.")])
    text = review_comment(_linted(subject, datetime(2026, 1, 6, tzinfo=UTC)))
    assert "I did not find an incident report in the comments of this bug." in text
    assert "covers what the guidelines ask for" not in text


# --- the questions ----------------------------------------------------------------------------------------------


def test_every_built_in_rule_has_a_question() -> None:
    for rule in all_rules():
        assert rule.review is not None, f"{rule.code} has no reviewer's question"
        for text in rule.review.texts:
            assert text.strip() and "\n" not in text, rule.code
            assert placeholders(text) <= set(FACTS), f"{rule.code}: unknown placeholder"
            assert not RULE_CODE.search(text), f"{rule.code}: a rule code in a question"
        if rule.review.info is not None:
            # Only a finding that its rule softens to info gets the info text.
            assert rule.severity != Severity.INFO, rule.code


def test_each_rule_about_the_bug_has_its_own_place_in_the_process_order() -> None:
    # The bug's points come most pressing first; two rules at one place would fall back to code order.
    orders = [rule.review.order for rule in all_rules() if rule.scope == "bug"]
    assert None not in orders and len(set(orders)) == len(orders)
    assert all(rule.review.order is None for rule in all_rules() if rule.scope != "bug")


def test_a_review_asks_one_question_or_one_per_situation_it_can_tell() -> None:
    with pytest.raises(ValueError, match="one per situation"):
        Review(ask={"open": "a", "late": "b"})
    with pytest.raises(ValueError, match="one per situation"):
        Review(ask="a", variant=lambda data: "open")
    with pytest.raises(ValueError, match="quote"):
        Review(ask="a", quote="all")
    review = Review(ask={"open": "still open", "late": "came late"},
                    variant=lambda data: "late" if data.get("answer") else "open", info="only info")
    assert review.situation({"answer": 3}) == "late"
    assert review.question("late", False) == "came late"
    assert review.question("open", True) == "only info"
    assert review.texts == ("still open", "came late", "only info")


USER_RULE = """\
extends: existence
code: U101
message: "'{match}' is not a date: give one"
severity: warning
category: remediation
description: |
  "going forward" instead of a date
tokens:
  - going forward
review:
  quote: excerpt
  ask: >-
    Going forward from when? Please give the date
    the change takes effect.
examples:
  fail: ["Going forward we will check."]
  pass: ["From 2026-03-01 we check."]
"""


def test_a_user_rule_carries_its_own_question(tmp_path: Path) -> None:
    (tmp_path / "going-forward.yaml").write_text(USER_RULE, encoding="utf-8")
    rule = load_rule(tmp_path / "going-forward.yaml", str(tmp_path))
    assert rule.review == Review(ask="Going forward from when? Please give the date the change takes effect.",
                                 quote="excerpt")
    subject = Bug.from_bmo(bug(1990007, "Harrowgate Certification: user rule", creator=CA), [])
    source = lint_text("- Going forward we will check.\n", SourceRef.of_comment(1990007, 0),
                       Options(rules_paths=(tmp_path,), selected=frozenset({"U101"})), complete=True)
    result = BugResult(subject, (source,), ())
    asked = review_comment(result, rules_paths=(tmp_path,))
    assert "> Going forward (comment 0)" in asked
    assert "Going forward from when? Please give the date the change takes effect." in asked
    # Without its pack the rule is unknown to the review: the finding's own message stands in for a question.
    assert "'Going forward' is not a date: give one." in review_comment(result)


@pytest.mark.parametrize(("old", "new", "error"), [
    ("  quote: excerpt", "  quote: all", "review.quote"),
    ("Going forward from when?", "Going forward from {when?", "review.ask: expected '}'"),
    # What str.format would read as a position, an attribute, an index or a conversion: no name the draft fills.
    ("Going forward from when?", "Going forward from {}?", r"review.ask: \{\} is not a name"),
    ("Going forward from when?", "Going forward from {0}?", r"review.ask: \{0\} is not a name"),
    ("Going forward from when?", "Going forward from {when.day}?", r"\{when.day\} is not a name"),
    ("Going forward from when?", "Going forward from {when!r}?", r"\{when\} is not a name"),
])
def test_a_rule_file_review_is_checked(tmp_path: Path, old: str, new: str, error: str) -> None:
    (tmp_path / "going-forward.yaml").write_text(USER_RULE.replace(old, new), encoding="utf-8")
    with pytest.raises(RuleFileError, match=error):
        load_rule(tmp_path / "going-forward.yaml", str(tmp_path))


def test_what_a_user_question_names_in_braces_and_the_draft_does_not_know_stays_as_written(tmp_path: Path) -> None:
    (tmp_path / "going-forward.yaml").write_text(USER_RULE.replace("Please give the date", "Please give {date}"),
                                                 encoding="utf-8")
    subject = Bug.from_bmo(bug(1990008, "Harrowgate Certification: user rule", creator=CA), [])
    source = lint_text("- Going forward we will check.\n", SourceRef.of_comment(1990008, 0),
                       Options(rules_paths=(tmp_path,), selected=frozenset({"U101"})), complete=True)
    asked = review_comment(BugResult(subject, (source,), ()), rules_paths=(tmp_path,))
    assert "Going forward from when? Please give {date} the change takes effect." in asked


def test_rule_codes_appear_only_in_the_footer() -> None:
    linted = _weak()
    body, footer = _body(review_comment(linted))
    assert not RULE_CODE.search(body)
    found = sorted({f.rule for source in linted.results for f in source.findings})
    assert len(found) > 10
    assert footer == f"irlint findings: {', '.join(found)}"


# --- untrusted text ---------------------------------------------------------------------------------------------

HOSTILE = ("- **Description:** human error <!-- hide the rest </blockquote> <script>alert(1)</script> "
           "**bold** `code [link](javascript:x) \x1b[31m\x07\u202e\u2028# Heading\r\n```\n| a | b |\n---\n"
           + "x" * 300)


def _hostile() -> BugResult:
    subject = Bug.from_bmo(bug(1990004, "Harrowgate Certification: hostile text", creator=CA), [])
    report_finding = Finding("C001", "human-error-root-cause", "root-cause", Severity.ERROR, "m", 1, 19, 1, 30,
                             "root_cause_analysis", None, "human error")
    question = Finding("P002", "question-unanswered", "process", Severity.WARNING, "m", None, None, None, None,
                       excerpt="Why?\n# Not a heading\n<img src=x onerror=alert(1)>\n```\n> nested\n\x00end",
                       data={"comment": 2, "age_days": 9.0, "answer_comment": None})
    return BugResult(subject, (SourceResult(SourceRef.of_comment(1990004, 0), (HOSTILE,), (), (report_finding,)),
                               SourceResult(SourceRef.of_bug(1990004), (), (), (question,))), ())


def _tokens_outside_quotes(text: str):
    """(token, inside a blockquote) for every token of the draft, parsed as CommonMark with raw HTML on."""
    stack: list[str] = []
    for token in MarkdownIt("commonmark").parse(text):
        if token.nesting == -1:
            stack.pop()
        yield token, "blockquote_open" in stack
        if token.nesting == 1:
            stack.append(token.type)


def test_quoted_untrusted_text_stays_inside_its_quote_lines() -> None:
    text = review_comment(_hostile())
    assert not any(unicodedata.category(ch) == "Cc" and ch != "\n" for ch in text)
    assert "\u202e" not in text and "\u2028" not in text and "\r" not in text
    tokens = list(_tokens_outside_quotes(text))
    assert not [t.type for t, _ in tokens if t.type in ("html_block", "html_inline")]
    assert [t.type for t, inside in tokens if t.type in ("heading_open", "fence", "hr", "table_open")
            and not inside] == []
    # The questions stand outside the quotes, in their own paragraphs.
    paragraphs = [(t.content, inside) for t, inside in tokens if t.type == "inline"]
    asked = [inside for content, inside in paragraphs if content.startswith(("What about the system",
                                                                              "Please respond"))]
    assert asked == [False, False]
    # Every quoted line starts with "> " under its list marker, and each quote is capped.
    quotes: list[list[str]] = [[]]
    for line in text.splitlines():
        stripped = re.sub(r"^(?:\d+\. |\s+)", "", line)
        if stripped.startswith(">"):
            assert stripped.startswith("> ")
            quotes[-1].append(stripped[2:])
        elif quotes[-1]:
            quotes.append([])
    quotes = [quote for quote in quotes if quote]
    assert len(quotes) == 2
    for quote in quotes:
        shown = re.sub(r" \(comment \d+\)$", "", "".join(quote)).replace("\\<", "<")
        assert len(shown) <= QUOTE_LIMIT
    assert "human error" in "".join(quotes[1])


def test_a_long_line_is_quoted_around_what_was_found() -> None:
    line = "- **Description:** " + "Background words. " * 20 + "The cause was human error by the operator. " + \
        "More words follow here. " * 20
    subject = Bug.from_bmo(bug(1990005, "Harrowgate Certification: long line", creator=CA), [])
    column = line.index("human error") + 1
    finding = Finding("C001", "human-error-root-cause", "root-cause", Severity.ERROR, "m", 1, column, 1,
                      column + 11, "root_cause_analysis", None, "human error")
    result = SourceResult(SourceRef.of_comment(1990005, 0), (line,), (), (finding,))
    text = review_comment(BugResult(subject, (result,), ()))
    assert "> …The cause was human error by the operator.… (comment 0)" in text


# --- every situation the bug rules describe ----------------------------------------------------------------------


def test_every_bug_case_makes_a_draft_with_its_codes_in_the_footer_only() -> None:
    from test_process_rules import CASES, build

    asked = set()
    for case in CASES:
        facts = build(case)
        linted = lint_one_bug(facts.bug, Options(today=facts.now.date()), facts.now,
                              extra_accounts=tuple(facts.ca_accounts))
        body, footer = _body(review_comment(linted))
        assert not RULE_CODE.search(body), case["name"]
        codes = sorted({f.rule for source in linted.results for f in source.findings})
        assert footer == f"irlint findings: {', '.join(codes) if codes else 'none'}", case["name"]
        asked |= {(rule.code, rule.review.situation(f.data)) for source in linted.results for f in source.findings
                  for rule in all_rules() if rule.code == f.rule}
    # Every situation of the bug rules came up, so each of their questions was filled in at least once.
    situations = {(rule.code, name) for rule in all_rules() if rule.scope == "bug" and rule.review.variant
                  for name in rule.review.ask}
    assert situations and situations <= asked


REPORTS = sorted((REPO / "tests" / "reports").glob("*/report.md")) + sorted((REPO / "examples").glob("*.md"))


@pytest.mark.parametrize("path", REPORTS, ids=lambda p: str(p.relative_to(REPO)))
def test_every_report_fixture_makes_a_draft_with_its_codes_in_the_footer_only(path: Path) -> None:
    source = lint_text(path.read_text(encoding="utf-8"), SourceRef.of_comment(1990006, 0),
                       Options(today=datetime(2026, 6, 1).date()), complete=True)
    subject = Bug.from_bmo(bug(1990006, "Harrowgate Certification: fixture", creator=CA), [])
    body, footer = _body(review_comment(BugResult(subject, (source,), ())))
    assert not RULE_CODE.search(body)
    codes = sorted({f.rule for f in source.findings})
    assert footer == f"irlint findings: {', '.join(codes) if codes else 'none'}"
    assert body.count("\n1. ") == (1 if codes else 0)


# --- a legacy report in a revocation-delay bug: links, headings and figures as a reviewer posts them -------------


def _legacy_delay() -> BugResult:
    """A 2020 report in the legacy template (its questions numbered 1 to 7), a reviewer's question that names
    another bug by its URL and was answered after 7.5 days, and CA updates 8.5 and 7.8 days apart while
    revocation is delayed."""
    report = (REPO / "tests/reports/legacy-2020-timeline/report.md").read_text(encoding="utf-8")
    subject = Bug.from_bmo(
        bug(1990010, "Harrowgate Certification: Delayed revocation of OV certificates", creator=CA, assigned_to=CA,
            whiteboard="[ca-compliance] [leaf-revocation-delay]", creation_time="2020-03-02T10:00:00Z"),
        [comment(1990010, 0, CA, "2020-03-02T10:00:00Z", report),
         comment(1990010, 1, REVIEWER, "2020-03-03T10:00:00Z",
                 "Why was this not called out in https://bugzilla.mozilla.org/show_bug.cgi?id=1563579?"),
         comment(1990010, 2, CA, "2020-03-10T23:00:00Z", "We are looking into it."),
         comment(1990010, 3, CA, "2020-03-18T18:00:00Z", "Update: revocation continues.")])
    return _linted(subject, datetime(2020, 3, 24, 12, 0, tzinfo=UTC))


def test_a_quoted_question_keeps_its_link() -> None:
    text = review_comment(_legacy_delay())
    assert "> Why was this not called out in https://bugzilla.mozilla.org/show_bug.cgi?id=1563579? (comment 1)" \
        in text
    assert " in ?" not in text


def test_section_headings_are_not_numbered_like_the_points() -> None:
    text = review_comment(_legacy_delay())
    headings = re.findall(r"^\*\*(.+)\*\*$", text, re.MULTILINE)
    assert headings == ["Question 2: A timeline of the actions your CA took"]
    assert not [h for h in headings if re.match(r"\d", h)]
    points = [int(n) for n in re.findall(r"^(\d+)\. ", text, re.MULTILINE)]
    assert points == list(range(1, len(points) + 1))


def test_a_section_of_the_legacy_template_is_named_by_its_question() -> None:
    from linter.review import _section_named

    assert _section_named("2. A timeline of the actions your CA took", "section") == \
        "the answer to question 2 (A timeline of the actions your CA took)"
    assert _section_named("Timeline", "section") == "the Timeline section"


def test_days_set_against_a_limit_of_days_keep_their_tenth() -> None:
    text = review_comment(_legacy_delay())
    assert "8.5 days between your updates" in text and "7.8 days between your updates" in text
    assert "waited 7.5 days" in text
    assert not re.search(r"(?<![\d.])[78] days between", text) and "waited 8 days" not in text
    # A whole count stays whole.
    assert FACTS["silent_days"]([_Stub({"days": 9.0})], None) == "9 days"  # type: ignore[arg-type]
    assert FACTS["silent_days"]([_Stub({"days": 1})], None) == "1 day"  # type: ignore[arg-type]
    # Far beyond any limit, a tenth adds nothing.
    assert FACTS["silent_days"]([_Stub({"days": 3437.6})], None) == "3438 days"  # type: ignore[arg-type]
    assert FACTS["silent_days"]([_Stub({"days": 29.4})], None) == "29.4 days"  # type: ignore[arg-type]


class _Stub:
    """What a fact reads of a finding: its declared data."""

    def __init__(self, data: dict) -> None:
        self.data = data


def test_a_quote_cut_to_its_limit_is_not_cut_inside_a_link() -> None:
    from linter.checks.process.common import shortened
    from linter.review import _cap

    url = "https://bugzilla.mozilla.org/show_bug.cgi?id=1563579#c12"
    question = "Why was this not called out in the earlier incident about the same profile, " + "which " * 15 + \
        f"see {url}?"
    assert len(question) > QUOTE_LIMIT > question.index(url)
    cut = shortened(question, QUOTE_LIMIT)
    assert cut.endswith(" see") and "https" not in cut
    assert _cap([question, "Thanks."], "") == [question[:question.index(url)].rstrip() + "…"]
