"""Where C001 reads a cause: any section where the CA states one, text under a report heading that no section
holds, but never a blockquote set beside the CA's own words (a reviewer's question it answers)."""

from __future__ import annotations

from linter.checks.spans import select_spans
from linter.document import parse_document
from linter.lint import Options, lint_text
from linter.report.extract import extract_reports


def _c001(text: str) -> list[int]:
    return [f.line for f in lint_text(text, "report.md", Options(selected=None)).findings if f.rule == "C001"]


QUOTED = """## Preliminary Incident Report

### Summary
- **Incident description:** On 2026-01-12 Fabrikam Trust issued 9 OV certificates with a wrong localityName.

> The root cause looks like a typing error by the validation agent.

We are still investigating and will answer in the full report.

- **Source of incident disclosure:** Self Reported
"""


def test_a_quoted_reviewer_remark_is_not_the_cas_cause() -> None:
    assert _c001(QUOTED) == []


def test_the_same_words_said_by_the_ca_are_read() -> None:
    assert _c001(QUOTED.replace("> The root cause", "The root cause")) == [6]


def test_a_report_quoted_as_a_whole_is_read() -> None:
    quoted = "Forwarded report:\n\n" + "".join(f"> {line}\n" if line else ">\n" for line in QUOTED.splitlines())
    assert _c001(quoted.replace(">> ", "> ")) != []


def test_the_impact_and_legacy_answers_are_read() -> None:
    legacy = ("1. How your CA first became aware of the problem, and the time and date.\n\n"
              "An auditor found that our operator had mistyped the organization name on 2026-01-02.\n")
    assert _c001(legacy) != []


def test_a_timeline_entry_is_read_only_where_it_states_a_cause() -> None:
    def entry(text: str) -> str:
        return f"## Incident Report\n\n### Timeline\n\n2026-01-02 10:00 UTC: {text}\n"

    assert _c001(entry("The operator mistakenly selected the EV profile.")) == [5]
    assert _c001(entry("The operator selected the EV profile for 12 orders.")) == []
    assert _c001(entry("The reporter asked whether the operator mistakenly selected the EV profile?")) == []


def test_blame_put_outside_the_ca_is_read_where_c001_reads_a_cause() -> None:
    def c003(text: str) -> list[int]:
        return [f.line for f in lint_text(text, "report.md", Options(selected=None)).findings if f.rule == "C003"]

    unsectioned = ("Fabrikam Trust issued 4 certificates with an underscore in a dNSName.\n\n"
                   "The ambiguity of the RFCs on underscores is the nature of the problem.\n")
    assert c003(unsectioned) == [3]
    went_wrong = ("## Incident Report\n\n### Lessons Learned\n\n#### What didn't go well\n\n"
                  "- The ambiguity of the RFCs on underscores led to the misissuance.\n")
    assert c003(went_wrong) == [7]
    assert c003(unsectioned.replace("The ambiguity of the RFCs on underscores is",
                                    "Our own profile check, which ignored underscores, is")) == []


def test_a_timeline_entry_states_a_remedy_only_with_its_purpose() -> None:
    def remedies(text: str) -> list[tuple[str, int]]:
        report = f"## Incident Report\n\n### Timeline\n\n- 2026-01-02 10:00 UTC: Issuance stopped.\n- {text}\n"
        return [(f.rule, f.line) for f in lint_text(report, "report.md", Options(selected=None)).findings
                if f.rule in ("R001", "R002", "R003")]

    # A step told with what it is for: the CA's remedy.
    assert remedies("2026-01-02 12:00 UTC: Short-term measures identified to prevent further errors; bringing "
                    "them into effect and training the validation team.") == [("R001", 6)]
    assert remedies("2026-01-03 09:00 UTC: We reminded all RA operators of the procedure to avoid a recurrence.") \
        == [("R002", 6)]
    assert remedies("2026-01-03 09:00 UTC: Retrained the vetting staff.\n  Corrective action for the "
                    "future.") == [("R001", 6)]
    # The response the timeline records, with no purpose: not a remediation plan.
    assert remedies("2026-01-02 11:00 UTC: Scaling up and initial briefing support teams.") == []
    assert remedies("2026-01-02 11:00 UTC: The validation team received an email reminder from the reporter.") == []
    assert remedies("2026-01-02 11:00 UTC: Review by a second pair of eyes confirmed the wrong street address.") == []
    # The purpose in another entry does not make this one a remedy.
    assert remedies("2026-01-02 11:00 UTC: Briefing of the support teams.\n- 2026-01-04 UTC: Measures decided to "
                    "prevent recurrence: a lint on the locality field.") == []


FULL_LESSONS = """## Full Incident Report

### Summary

- **Incident description:** On 2026-08-11 Fabrikam Trust found 58 EV certificates with a wrong jurisdiction field.

### Root Cause Analysis

**Contributing Factor #1: Jurisdiction field**
- **Description:** The profile filled the field from the registered address.
- **Timeline:** The operator mistakenly selected the EV profile on 2024-02-19.

### Lessons Learned

- **What went well:** Fast confirmation.
- **What didn’t go well:** LESSON
- **Where we got lucky:** N/A
"""


def test_a_3x_lessons_field_is_read_as_its_2x_heading_is() -> None:
    def codes(lesson: str) -> list[tuple[str, int]]:
        text = FULL_LESSONS.replace("LESSON", lesson)
        return [(f.rule, f.line) for f in lint_text(text, "report.md", Options(selected=None)).findings
                if f.rule in ("C001", "C003")]

    assert ("C003", 16) in codes("The EV Guidelines are open to interpretation in this area.")
    assert ("C001", 16) in codes("The validation agent did not notice the wrong value.")
    assert [c for c in codes("The new lint now blocks the field.") if c[1] == 16] == []


def test_a_contributing_factors_timeline_field_is_no_timeline() -> None:
    document = parse_document(FULL_LESSONS.replace("LESSON", "N/A"))
    report = extract_reports(document)[0]
    spans = select_spans(document, report, frozenset({"timeline", "went_wrong"}), {})
    assert [(span.line, span.section) for span in spans] == [(16, "lessons_learned")]


def test_a_list_item_ends_the_sentence_before_it() -> None:
    # The exception "did not allow" in the description must not reach the factor's title above it.
    text = ("## Incident Report\n\n### Root Cause Analysis\n\n"
            "**Contributing Factor #1: Customer unable to replace certificates in time**\n"
            "- **Description:** The change freeze did not allow replacement before the deadline.\n")
    found = [(f.rule, f.line) for f in lint_text(text, "report.md", Options(selected=None)).findings
             if f.rule == "C003"]
    assert found == [("C003", 5)]
