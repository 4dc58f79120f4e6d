"""Where C001 reads a cause: any section where the CA states one, text under a report heading that no section
holds, but never a blockquote set beside the CA's own words (a reviewer's question it answers)."""

from __future__ import annotations

from linter.lint import Options, lint_text


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
