"""Events recognised by families of wording (rules/_events.yaml), the template's own dates as fallback, and the
deadline rules measured on them, with day precision read the most favourable way."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from linter.lint import Options, lint_text
from linter.timeline.entries import EVENT_FAMILIES
from linter.wording import FamiliesError, build, shipped, tokens

STRONG = Path(__file__).parent / "data" / "strong"
#: Each strong report, when revocation completed in time, and eleven days after the CA became aware.
REVOCATIONS = {
    "present-tense.md": ("2025-02-12 08:00", "2025-02-21 06:30"),
    # The same report as text copied from the bug's page: heading marks, bold and list markers gone.
    "present-tense.rendered.txt": ("2025-02-12 08:00", "2025-02-21 06:30"),
    "first-person-past.txt": ("2025-05-13 09:00", "2025-05-23 08:10"),
    "problem-report.md": ("2025-08-20 14:00", "2025-08-31 10:00"),
    # Every event told in the passive, no one named as its subject.
    "passive-voice.md": ("2025-09-19 16:00", "2025-09-26 09:00"),
    "passive-voice.rendered.txt": ("2025-09-19 16:00", "2025-09-26 09:00"),
    # A terse log: each event a noun phrase ("Receipt of the problem report", "Revocation of the 9 ...").
    "terse-log.txt": ("2025-10-08 12:00", "2025-10-15 09:00"),
}


def _event(text: str) -> str:
    return shipped(EVENT_FAMILIES).first(text) or "other"


@pytest.mark.parametrize(("text", "event"), [
    ("The first affected certificate is issued.", "incident_start"),
    ("First certificate issued with the old organization name.", "incident_start"),
    ("A bug in the parser was introduced with release 4.2.", "incident_start"),
    ("The weekly linting job reports 412 mismatches.", "aware"),
    ("Monitor flags 23 certificates.", "aware"),
    ("Our internal audit reveals a certificate issued with a misspelled locality.", "aware"),
    ("We became aware of the problem.", "aware"),
    ("A security researcher notified us.", "cpr_received"),
    ("Three of our customers reach out to us about the notices.", "cpr_received"),
    ("We received the reporting email.", "cpr_received"),
    ("We responded to the first email.", "cpr_response"),
    ("We disclosed a Preliminary Report.", "cpr_response"),
    ("We sent our preliminary findings to the reporter.", "cpr_response"),
    ("We posted the preliminary incident report on Bugzilla.", "incident_report_posted"),
    ("We reported the incident to Mozilla.", "incident_report_posted"),
    ("OV issuance paused.", "issuance_stopped"),
    ("We halt all issuance from the CA.", "issuance_stopped"),
    ("Issuance resumed after verification.", "issuance_resumed"),
    ("All 14 certificates revoked.", "revoked"),
    ("Revocation of the remaining certificates completed.", "revoked"),
    ("The hotfix was rolled out to production.", "fix_deployed"),
    ("The last affected certificate was issued.", "incident_end"),
])
def test_paraphrased_wording_names_its_event(text: str, event: str) -> None:
    assert _event(text) == event


@pytest.mark.parametrize("text", [
    "The reporter asked again whether the certificate was revoked.",
    "Ben asked: when was the certificate revoked?",
    "We planned to revoke the certificates.",
    "We decided to revoke all affected certificates.",
    "The certificate has not yet been revoked.",
    "Issuance was not stopped because only one customer was affected.",
    "The subscriber was told about the problem.",
    "Meeting with the subscriber about their renewal.",
    "Incident confirmed. Resolution started.",
    "Short-term measures are identified to prevent further errors.",
    "The fix was implemented on the staging environment for testing.",
    "Bug 4242 is created by a community member.",
    "The CA currently has 2 recognized root certificates.",
    "The intermediate certificate was published to the CCADB.",
    "The customers were asked to replace and revoke the affected certificates.",
    "Operations confirmed the problem and started a review.",
    "Our investigation into the incident started at noon.",
])
def test_negative_cues_keep_an_entry_from_naming_an_event(text: str) -> None:
    assert _event(text) == "other"


@pytest.mark.parametrize(("text", "event"), [
    ("01/04/2019 14:27:07: issuance of one certificate without the TLD", "incident_start"),
    ("Issuance of a certificate with an empty SAN.", "incident_start"),
    ("Start of mis-issuance.", "incident_start"),
    ("First mis-issued certificate.", "incident_start"),
    ("Mis-issuance of 12 EV certificates begins.", "incident_start"),
    ("A certificate with a wrong encoding in the subject has been issued.", "incident_start"),
    ("Last mis-issued certificate.", "incident_end"),
    ("End of the mis-issuance.", "incident_end"),
    ("Revocation of the affected certificates.", "revoked"),
    ("revocation of the certificate", "revoked"),
    ("Publication of the preliminary report.", "incident_report_posted"),
    ("Receipt of the problem report.", "cpr_received"),
    ("Problem report received.", "cpr_received"),
    ("Discovery of the issue during an internal audit.", "aware"),
    ("The original error was identified.", "aware"),
    ("Certificates discovered", "aware"),
    ("An email from a root program warns us about this issue.", "aware"),
    ("This certificate was issued.", "incident_start"),
    ("Fabrikam was informed about the faulty precertificates.", "aware"),
    ("The non-conformity is identified during the audit.", "aware"),
    ("Internal review of OV certificates resulting in detecting 4 certificates with a wrong locality.", "aware"),
    ("During an internal review we discovered a certificate without a state in the subject.", "aware"),
    ("Email reporting the issue received.", "cpr_received"),
    ("Acknowledgement of the email and its content.", "cpr_response"),
    ("A preliminary incident report was registered in Bugzilla.", "incident_report_posted"),
])
def test_events_named_as_noun_phrases_or_in_the_passive(text: str, event: str) -> None:
    assert _event(text) == event


@pytest.mark.parametrize("text", [
    "Planned revocation of the affected certificates.",
    "Revocation of the certificates is scheduled for 2024-03-05.",
    "Revocation of the certificates was delayed at the subscriber's request.",
    "Request for revocation of the certificate received from the subscriber.",
    "Notification of the upcoming revocation of the certificates sent to subscribers.",
    "Issuance of certificates will resume.",
    "Issuance of replacement certificates without delay.",
    "A replacement certificate was issued to the subscriber.",
    "The root cause of the error was identified.",
    "Start of the investigation into the issue.",
    "Reviewer: when was the revocation of the certificates completed?",
    "> Why was the issuance of a certificate without the TLD not detected?",
    "We posted an updated preliminary report on Bugzilla.",
    "We identified the cause of the issue.",
    "The affected customers were informed about the issue.",
    "Email to the affected subscribers reporting the issue sent.",
    "We found no other certificates without the extension.",
    "Without noticing the error, the job continued.",
])
def test_noun_phrases_of_what_is_planned_asked_or_a_replacement_name_no_event(text: str) -> None:
    assert _event(text) == "other"


@pytest.mark.parametrize(("text", "events"), [
    ("Every identified certificate was revoked.", ["revoked"]),
    ("The previously discovered certificate is revoked.", ["revoked"]),
    ("Our scan discovers two more certificates and we revoke them.", ["aware", "revoked"]),
])
def test_a_participle_used_as_an_adjective_tells_no_discovery(text: str, events: list[str]) -> None:
    assert shipped(EVENT_FAMILIES).said(text) == events


def test_a_community_members_bugzilla_report_is_not_the_cas_incident_report() -> None:
    assert _event("A community member reported the issue in Bugzilla.") == "cpr_received"


def test_the_shipped_families_are_valid_and_every_name_resolves() -> None:
    families = shipped(EVENT_FAMILIES)
    assert {family.name for family in families.families} >= {"aware", "revoked", "cpr_response"}


@pytest.mark.parametrize(("data", "message"), [
    ({"classes": {"a": ["x"]}, "families": [{"name": "e", "sequences": [["b"]]}]}, "no class named 'b'"),
    ({"classes": {"a": ["x"]}, "families": [{"name": "e", "sequences": [["a"]], "exclude": ["z"]}]},
     "no exclusion named 'z'"),
    ({"classes": {"a": [1]}, "families": [{"name": "e", "sequences": [["a"]]}]}, "classes/a/0"),
    ({"classes": {"a": ["x"]}}, "families"),
])
def test_malformed_family_data_is_refused_with_its_place(data, message) -> None:
    with pytest.raises(FamiliesError, match=message):
        build(data)


def test_a_general_family_with_an_exclusion() -> None:
    families = build({
        "classes": {"we": ["we"], "promise": ["will ensure", "commit*"], "vague": ["going forward", "more careful*"],
                    "no": ["not"]},
        "exclusions": {"negated": {"steps": ["no"], "window": 0}},
        "families": [{"name": "vague_commitment", "sequences": [{"steps": ["we", "promise", "vague"], "window": 3}],
                      "exclude": ["negated"]}],
    })
    assert families.first("We will ensure this does not happen going forward.") is None  # "going" too far
    assert families.first("We commit to being more careful.") == "vague_commitment"
    assert families.first("We did not commit to being more careful.") is None
    assert families.first("") is None


_WORDS = st.sampled_from(["we", "the", "revoked", "not", "asked", "whether", "issuance", "stopped", "?", "to",
                          "certificate", "first", "issued", "aware", "became", "reporter", "responded", "planned",
                          "revocation", "of", "without", "receipt", "report", "was", "identified", "scheduled", "new"])


@given(st.lists(_WORDS, max_size=30))
def test_recognition_is_total_and_case_blind(words: list[str]) -> None:
    text = " ".join(words)
    found = shipped(EVENT_FAMILIES).first(text)
    assert found is None or found in {f.name for f in shipped(EVENT_FAMILIES).families}
    assert shipped(EVENT_FAMILIES).first(text.upper()) == found


def test_found_gives_each_match_where_it_stands_in_the_text() -> None:
    families = build({"classes": {"person": ["operator", "the engineer*"], "slip": ["inadvertently", "forgot"]},
                      "families": [{"name": "person_slip", "sequences": [["person", "slip"]]}]})
    text = "İstanbul: the Operator had inadvertently picked it. The engineers’ script forgot nothing. Operator. Forgot."
    places = [(name, text[start:end]) for name, start, end in families.found(text)]
    # "İ" lower-cases to two characters: the offsets still point into the text as written; a sentence end stops
    # a sequence ("Operator. Forgot.").
    assert places == [("person_slip", "Operator had inadvertently"), ("person_slip", "The engineers’ script forgot")]


@given(st.lists(st.sampled_from(["operator", "forgot", "İ", "’", " ", ". ", "x", "\n", "ß"]), max_size=30))
def test_found_offsets_cut_the_same_words_as_the_family_read(parts: list[str]) -> None:
    text = "".join(parts)
    families = build({"classes": {"person": ["operator"], "slip": ["forgot"]},
                      "families": [{"name": "slip", "sequences": [["person", "slip"]]}]})
    for _, start, end in families.found(text):
        assert tokens(text[start:end])[0] == "operator" and tokens(text[start:end])[-1] == "forgot"
    assert bool(families.found(text)) == bool(families.said(text))


@given(st.text(max_size=200))
def test_tokens_of_any_text_are_lower_case_words_or_question_marks(text: str) -> None:
    assert all(token == "?" or token == token.lower() for token in tokens(text))


def _lint(name: str, revoked_at: str):
    text = (STRONG / name).read_text(encoding="utf-8").replace("REVOKED_AT", revoked_at)
    return lint_text(text, name, Options(selected=None))


@pytest.mark.parametrize("name", sorted(REVOCATIONS))
def test_strong_reports_in_different_voices_have_no_timeline_or_deadline_finding(name: str) -> None:
    result = _lint(name, REVOCATIONS[name][0])
    assert [f"{f.line}: {f.rule} {f.message}" for f in result.findings
            if f.category in ("timeline", "deadline")] == []


@pytest.mark.parametrize("name", sorted(REVOCATIONS))
def test_the_same_reports_with_revocation_eleven_days_late_get_d001(name: str) -> None:
    result = _lint(name, REVOCATIONS[name][1])
    assert [f.rule for f in result.findings if f.category in ("timeline", "deadline")] == ["D001"]


WEAK_DAYS = """\
## Full Incident Report

### Timeline

- 2026-03-04: The customer informed us of the problem.
- 2026-03-05: Certificates revoked.
- {posted}: Incident report posted.
"""


@pytest.mark.parametrize(("posted", "late"), [("2026-03-09", True), ("2026-03-08", False), ("2026-03-07", False)])
def test_d003_on_dates_without_times_takes_the_most_favourable_reading(posted: str, late: bool) -> None:
    result = lint_text(WEAK_DAYS.format(posted=posted), "weak.md", Options(selected=None))
    d003 = [f for f in result.findings if f.rule == "D003"]
    assert bool(d003) == late
    if late:
        assert "measured in days" in d003[0].message


LEGACY = """\
1. How your CA first became aware of the problem.

{how}

2. A timeline of the actions your CA took in response.

All times are UTC.

- 2024-02-01 08:00 A profile change is introduced with the wrong policy OID.
- 2024-02-09 10:00 Profile corrected.
- 2024-02-20 16:00 The 12 affected certificates are revoked.

3. Whether your CA has stopped issuing certificates with the problem.

Yes, on 2024-02-09.
"""


@pytest.mark.parametrize(("how", "rules"), [
    ("On 2024-02-09 09:30 UTC our pre-issuance monitor flagged 12 certificates with a wrong policy OID.",
     ["D001"]),
    # A date that says when something else happened gives no awareness: nothing is measured, T006 stays.
    ("The certificates were due to be revoked on 2024-02-14 after a customer call.", ["T006"]),
])
def test_the_legacy_first_answer_dates_awareness_only_when_it_tells_how_the_ca_learned(how, rules) -> None:
    result = lint_text(LEGACY.format(how=how), "legacy.txt", Options(selected=None))
    assert [f.rule for f in result.findings if f.category in ("timeline", "deadline")] == rules


def test_impact_issued_between_gives_the_start_and_end_of_the_incident() -> None:
    text = """\
## Incident Report

### Summary

Wingtip CA issued 40 certificates with an overlong validity.

### Impact

The affected certificates were issued between 2024-06-03 and 2024-06-10.

### Timeline

All times are UTC.

- 2024-06-10 09:00 We became aware of the overlong validity.
- 2024-06-10 11:00 Validity check corrected.
- 2024-06-11 09:00 Preliminary incident report posted on Bugzilla.
"""
    result = lint_text(text, "impact.md", Options(selected=None))
    assert [f.rule for f in result.findings if f.category in ("timeline", "deadline")] == []
    without = text.replace("were issued between 2024-06-03 and 2024-06-10", "were issued in June")
    result = lint_text(without, "impact.md", Options(selected=None))
    t006 = [f for f in result.findings if f.rule == "T006"]
    assert t006 and t006[0].data["missing"] == ["the start of the incident", "the end of the incident"]


def test_awareness_from_the_template_fields_when_the_timeline_wording_is_unclear() -> None:
    text = """\
## Full Incident Report

### Summary

- **Incident description:** Litware CA issued 5 certificates with a wrong key usage.
- **Timeline summary:**
   - **Non-compliance start date:** 2025-01-02 10:00 UTC
   - **Non-compliance identified date:** 2025-01-06 09:00 UTC
   - **Non-compliance end date:** 2025-01-06 12:00 UTC

### Timeline

All times are UTC.

- 2025-01-06 09:00: Ticket 4411 opened by the on-call engineer.
- 2025-01-06 12:00: Profile corrected.
- 2025-01-17 12:00: The five certificates are revoked.
"""
    rules = [f.rule for f in lint_text(text, "t.md", Options(selected=None)).findings
             if f.category in ("timeline", "deadline")]
    assert rules == ["D001"]


def test_a_past_plan_is_a_past_event_and_not_a_revocation() -> None:
    text = """\
## Incident Report

### Timeline

All times are UTC.

- 2024-03-01 10:00 We planned to revoke the certificates on 2024-03-05.
- 2024-03-02 09:00 Revocation scheduled for 2024-03-05.
- 2024-03-05 12:00 All certificates revoked.
"""
    (report,) = lint_text(text, "plan.md", Options(selected=None)).reports
    assert [(e.tense, e.event) for e in report.timeline.entries] == [
        ("past", "other"), ("planned", "other"), ("past", "revoked")]


@pytest.mark.parametrize(("text", "tense"), [
    ("2024-03-02 05:27 Partner tells us a certificate's details were not as expected.", "past"),
    ("2024-03-02 05:27 The migration took longer than expected.", "past"),
    ("2024-03-09 14:22 Revocation of the certificates was expected.", "planned"),
])
def test_as_expected_is_no_plan(text: str, tense: str) -> None:
    timeline = "## Incident Report\n\n### Timeline\n\n- " + text + "\n"
    (report,) = lint_text(timeline, "tense.md", Options(selected=None)).reports
    assert [e.tense for e in report.timeline.entries] == [tense]


def test_an_entry_that_tells_two_events_counts_for_both() -> None:
    text = """\
## Incident Report

### Timeline

All times are UTC.

- 2024-10-20 08:00 UTC: The first affected certificate is issued.
- 2024-10-26 09:00 UTC: Certificate error identified and certificate revoked.
- 2024-10-27 10:00 UTC: Request initiated that the operator revokes the second certificate.
"""
    result = lint_text(text, "two.md", Options(selected=None))
    (report,) = result.reports
    assert [e.events for e in report.timeline.entries] == [("incident_start",), ("aware", "revoked"), ()]
    assert [f.rule for f in result.findings if f.category in ("timeline", "deadline")] == []


@pytest.mark.parametrize(("revoked", "late"), [("2024-05-12 10:00 UTC", True), ("2024-05-11 23:00 UTC", False)])
def test_a_time_without_a_zone_is_measured_on_the_widest_offsets(revoked: str, late: bool) -> None:
    text = f"""\
## Incident Report

### Timeline

- 2024-05-06 14:22: A researcher e-mailed our problem reporting address.
- 2024-05-07 09:00: We responded to the first email with our preliminary findings.
- {revoked}: The certificate is revoked.
"""
    d001 = [f for f in lint_text(text, "zones.md", Options(selected=None)).findings if f.rule == "D001"]
    assert bool(d001) == late
    if late:
        assert "whatever the zone" in d001[0].message
