"""irlint new / render: the drafts, the facts files and their errors, the round trip, the certificate CSV.

Set IRLINT_UPDATE_GOLDEN=1 to rewrite the golden files (tests/golden/new-*.md, render-*.md) from the current
code, then check them by eye.
"""

from __future__ import annotations

import os
import re
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.bugzilla.model import Bug, Comment
from linter.document import parse_document
from linter.generate import (
    FactsError,
    ca_owner,
    certificate_links,
    certificates_csv,
    example_facts,
    load_facts,
    new,
    render,
)
from linter.generate.facts import parse_instant
from linter.generate.templates import guidance, template_lines
from linter.lint import Options, lint_text
from linter.report import extract_reports
from linter.report.actions import factor_references
from linter.report.certificate_list import STANDARD_COLUMNS, csv_columns_problem
from linter.report.headings import normalise
from linter.timeline.timestamps import find_stamp

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
#: A fixed "today", so that which dates count as past does not depend on when the suite runs.
TODAY = date(2026, 11, 27)
OPTIONS = Options(today=TODAY)


def _golden(name: str, text: str) -> None:
    golden = GOLDEN / name
    if os.environ.get("IRLINT_UPDATE_GOLDEN") == "1":
        golden.parent.mkdir(exist_ok=True)
        golden.write_text(text, encoding="utf-8", newline="\n")
    assert text == golden.read_text(encoding="utf-8")


def _lint(text: str):
    return lint_text(text, "draft.md", OPTIONS)


def _line_of(text: str, fragment: str) -> int:
    return next(n for n, line in enumerate(text.split("\n"), 1) if fragment in line)


# --- the vendored templates ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("kind", "title"), [("preliminary", "Preliminary Incident Report"),
                                             ("full", "Full Incident Report"), ("closure", "Closure Report")])
def test_each_vendored_template_says_where_it_comes_from(kind: str, title: str) -> None:
    vendored = (REPO / "linter" / "generate" / "templates" / f"{kind}.md").read_text(encoding="utf-8")
    header = re.match(r"\A<!--(.*?)-->\n", vendored, flags=re.DOTALL)
    assert header is not None
    assert "https://www.ccadb.org/cas/incident-report" in header[1] and "version 3.2" in header[1]
    assert f'"{title}"' in header[1]


def test_new_keeps_every_heading_label_and_table_header_and_drops_the_example_rows() -> None:
    draft = new("full").split("\n")
    for line in template_lines("full"):
        if line.role in ("marker", "heading", "label", "factor", "table_header", "table_rule"):
            assert line.text in draft, line.text
    assert not any(line.startswith("| Example") or "Related Bug URL" in line for line in draft)
    assert "- **What didn’t go well:**" in draft  # the template's typographic apostrophe
    assert "- **Was issuance stopped in response to this incident, and why or why not?:**" in draft


# --- new ---------------------------------------------------------------------------------------------------------

KINDS = ("preliminary", "full", "closure")


@pytest.mark.parametrize("guidance", [False, True], ids=["plain", "guidance"])
@pytest.mark.parametrize("kind", KINDS)
def test_new_golden(kind: str, guidance: bool) -> None:
    _golden(f"new-{kind}{'-guidance' if guidance else ''}.md", new(kind, guidance=guidance))


# The blanks a fresh draft leaves: S003 reports each required field and each section without fields; the
# optional fields (methodology, additional considerations) stay silent.
BLANK_FIELDS = {
    "preliminary": ["incident_description", "relevant_policies", "source_of_disclosure"],
    "full": ["ca_owner_ccadb_id", "incident_description", "non_compliance_start_date",
             "non_compliance_identified_date", "non_compliance_end_date", "relevant_policies",
             "source_of_disclosure", "total_certificates", "remaining_valid_certificates",
             "affected_certificate_types", "incident_heuristic", "issuance_stopped", "analysis", "description",
             "timeline", "detection", "interaction_with_other_factors", "went_well", "went_wrong", "got_lucky",
             "additional"],
    "closure": ["incident_description", "root_causes", "remediation_description", "commitment_summary"],
}
BLANK_SECTIONS = {"preliminary": [], "full": ["timeline", "appendix"], "closure": []}


def _blanks(result) -> tuple[list[str], list[str]]:
    s003 = [f for f in result.findings if f.rule == "S003"]
    return ([f.data["field"] for f in s003 if "field" in f.data],
            [f.data["section"] for f in s003 if "field" not in f.data])


@pytest.mark.parametrize("guidance", [False, True], ids=["plain", "guidance"])
@pytest.mark.parametrize("kind", KINDS)
def test_a_fresh_draft_reports_exactly_its_blanks(kind: str, guidance: bool) -> None:
    draft = new(kind, guidance=guidance)
    result = _lint(draft)
    assert [(r.kind, r.template_version) for r in result.reports] == [(kind, "3.x")]
    assert _blanks(result) == (BLANK_FIELDS[kind], BLANK_SECTIONS[kind])
    expected_other = []
    if kind == "full":
        # A header with no rows is the Action Items table's blank: S003 does not treat a table header as an
        # empty section, so A001 is the finding that says the table is still to fill.
        header = _line_of(draft, "| Action Item | Kind")
        expected_other.append(("A001", header, "the Action Items table has a header but no rows"))
        # The template's factor heading "Contributing Factor #: title" still wants its number and title.
        expected_other.append(("S010", _line_of(draft, "**Contributing Factor #: title**"),
                               "the contributing factor heading is still the template's 'Contributing Factor #: "
                               "title': give the factor its number and title"))
    if guidance:
        expected_other.extend(("S010", n, "template guidance left in the report: remove the irlint-guidance comment")
                              for n, line in enumerate(draft.split("\n"), 1) if "<!-- irlint-guidance:" in line)
    other = sorted((f.rule, f.line, f.message) for f in result.findings if f.rule != "S003")
    assert other == sorted(expected_other)
    # No content rule speaks about a section still blank.
    content = {"root-cause", "remediation", "impact", "timeline", "deadline", "certificates", "action-items"}
    assert not [f for f in result.findings if f.category in content and f.rule != "A001"]


def test_guidance_sits_right_after_each_label_and_does_not_fill_the_field() -> None:
    draft = new("full", guidance=True).split("\n")
    for number, line in enumerate(draft):
        if line.lstrip().startswith("- **"):
            indent = len(line) - len(line.lstrip())
            assert draft[number + 1].startswith(" " * (indent + 2) + "<!-- irlint-guidance: "), line
    report = extract_reports(parse_document("\n".join(draft)))[0]
    assert all(f.value == "" for f in report.fields)


def _bug() -> Bug:
    fingerprint = "AB:CD:" + ":".join(["0F"] * 30)
    return Bug(
        id=1990254, summary="Example CA: Incorrect *Subject* RDN encoding", status="NEW", resolution="",
        whiteboard="[ca-compliance]", creator="reporter@example.org", assigned_to="compliance@example-ca.test",
        created=datetime(2026, 3, 24, 16, 30, 41, tzinfo=UTC), last_change=None,
        comments=(
            Comment(1, 0, "reporter@example.org", datetime(2026, 3, 24, 16, 30, 41, tzinfo=UTC),
                    "Affected: https://crt.sh/?id=12345678 and "
                    "https://crt.sh/?q=9449C7F3A93CF0C55A675DDF1C83732D87D56255E70B150D9E6F3CF863BB7FC1.\n"
                    f"Also {fingerprint}. Build: https://example.com/builds/"
                    "cdf9e092139ce78806e2fbabc732bd2d322e964fa93a10a8e0155e673aa96737/log"),
            Comment(2, 1, "compliance@example-ca.test", datetime(2026, 3, 25, 9, 0, tzinfo=UTC),
                    "The same certificate: 9449c7f3a93cf0c55a675ddf1c83732d87d56255e70b150d9e6f3cf863bb7fc1"),
            Comment(3, 2, "compliance@example-ca.test", datetime(2026, 3, 25, 9, 5, tzinfo=UTC),
                    "Private: 904344f07f2491863630c90fe576a54f6592dcb3aa5731ccb87763550bdd4fff", is_private=True),
        ),
    )


RELATED = [(1951237, date(2025, 2, 26), "Other CA: Reuse of domain validation data beyond 398 days"),
           (1978302, datetime(2025, 7, 21, 23, 30, tzinfo=timezone(timedelta(hours=-5))), "Another CA: Late CRL")]


def test_new_from_a_bug_golden() -> None:
    _golden("new-full-bug.md", new("full", bug=_bug(), related=RELATED))
    _golden("new-preliminary-bug.md", new("preliminary", bug=_bug()))


def test_new_from_a_bug_prefills_what_the_bug_knows() -> None:
    draft = new("full", bug=_bug(), related=RELATED)
    report = extract_reports(parse_document(draft))[0]
    (entry,) = report.timeline.entries
    assert entry.instant == datetime(2026, 3, 24, 16, 30, tzinfo=UTC)
    assert "[Bug 1990254](https://bugzilla.mozilla.org/show_bug.cgi?id=1990254)" in entry.text
    assert draft.startswith("<!-- Draft of Example CA's full incident report for Bug 1990254, ")
    assert [(r.cells["bug"], r.cells["date"]) for r in report.related_incidents] == [
        ("[1951237](https://bugzilla.mozilla.org/show_bug.cgi?id=1951237)", "2025-02-26"),
        ("[1978302](https://bugzilla.mozilla.org/show_bug.cgi?id=1978302)", "2025-07-22")]
    appendix = report.section("appendix")
    assert not appendix.empty and "https://crt.sh/?id=12345678" in appendix.body
    result = _lint(draft)
    fields, sections = _blanks(result)
    assert fields == BLANK_FIELDS["full"] and sections == []
    assert sorted({f.rule for f in result.findings}) == ["A001", "S003", "S010"]


def test_certificate_links_from_comments() -> None:
    texts = [comment.text for comment in _bug().comments if not comment.is_private]
    assert certificate_links(texts) == [
        "https://crt.sh/?id=12345678",
        "https://crt.sh/?sha256=9449c7f3a93cf0c55a675ddf1c83732d87d56255e70b150d9e6f3cf863bb7fc1",
        "https://crt.sh/?sha256=abcd" + "0f" * 30,
    ]


@pytest.mark.parametrize(("summary", "owner"), [
    ("Example CA: Incorrect Subject RDN Encoding", "Example CA"),
    ("  Sectigo:  CRL issue", "Sectigo"),
    ("No colon in this title", None),
    (": empty owner", None),
])
def test_ca_owner_from_the_bug_summary(summary: str, owner: str | None) -> None:
    assert ca_owner(summary) == owner


def test_new_rejects_an_unknown_kind() -> None:
    with pytest.raises(ValueError, match="unknown report kind 'audit'"):
        new("audit")


# --- render --------------------------------------------------------------------------------------------------


def test_example_facts_are_the_examples_file() -> None:
    assert example_facts() == (REPO / "examples" / "facts.yaml").read_text(encoding="utf-8")


@pytest.mark.parametrize("kind", KINDS)
def test_render_golden(kind: str) -> None:
    _golden(f"render-{kind}.md", render(load_facts(example_facts()), kind))


@pytest.mark.parametrize("kind", KINDS)
def test_rendered_example_lints_clean_with_every_rule(kind: str) -> None:
    result = _lint(render(load_facts(example_facts()), kind))
    assert [r.kind for r in result.reports] == [kind]
    assert [(f.rule, f.line, f.message) for f in result.findings] == []


def test_render_writes_utc_minutes_in_order_and_marks_planned_events() -> None:
    facts = {
        "summary": {"incident_description": "d", "relevant_policies": "p", "source_of_disclosure": "Audit"},
        "timeline": [
            {"at": "2026-03-02T00:30:59-05:00", "event": "Second."},
            {"at": "2026-03-02T05:29:00+00:00", "event": "First."},
            {"at": "2026-09-01T09:00:00+02:00", "event": "Revocation of the last certificate.", "planned": True},
            {"at": "2026-03-02T06:00:00+05:30", "event": "Zeroth.", "type": "aware"},
        ],
    }
    lines = [line for line in render(facts).split("\n") if line.startswith("- 2026")]
    assert lines == [
        "- 2026-03-02 00:30 UTC: Became aware of the incident: Zeroth.",
        "- 2026-03-02 05:29 UTC: First.",
        "- 2026-03-02 05:30 UTC: Second.",
        "- 2026-09-01 07:00 UTC: Expected: Revocation of the last certificate.",
    ]


def test_render_takes_the_summary_dates_from_typed_events_unless_given() -> None:
    facts = load_facts(example_facts())
    report = extract_reports(parse_document(render(facts)))[0]
    assert report.field("non_compliance_identified_date").value == "2026-03-06 10:55 UTC"
    facts["summary"]["non_compliance_end_date"] = "Ongoing: expected by 2026-12-01"
    facts["summary"]["non_compliance_start_date"] = "2026-03-02"
    report = extract_reports(parse_document(render(facts)))[0]
    assert report.field("non_compliance_end_date").value == "Ongoing: expected by 2026-12-01"
    assert report.field("non_compliance_start_date").value == "2026-03-02"


def test_render_without_related_incidents_says_none_were_found() -> None:
    facts = load_facts(example_facts())
    facts["related_incidents"] = []
    text = render(facts)
    report = extract_reports(parse_document(text))[0]
    assert report.related_incidents == () and "None found" in report.section("related_incidents").body
    assert _lint(text).findings == ()


def test_render_leaves_the_template_blank_where_the_facts_say_nothing() -> None:
    facts = {"summary": {"incident_description": "d", "relevant_policies": "p", "source_of_disclosure": "Audit"}}
    text = render(facts)
    result = _lint(text)
    fields, sections = _blanks(result)
    assert set(fields) == set(BLANK_FIELDS["full"]) - {"incident_description", "relevant_policies",
                                                        "source_of_disclosure"}
    assert sections == ["timeline", "appendix"]


def test_render_validates_facts_given_as_a_dict() -> None:
    with pytest.raises(FactsError) as raised:
        render({"summary": {"incident_description": "d", "relevant_policies": "p"}})
    assert raised.value.problems == ["$.summary: missing key 'source_of_disclosure'"]


# --- facts files: one line per problem, with its YAML line and JSON path -----------------------------------------


def _problems(text: str) -> list[str]:
    with pytest.raises(FactsError) as raised:
        load_facts(text, name="facts.yaml")
    return raised.value.problems


def _example_with(old: str, new_text: str) -> str:
    text = example_facts()
    assert text.count(old) == 1, old
    return text.replace(old, new_text)


def test_facts_error_missing_field() -> None:
    text = _example_with("    kind: Mitigate\n", "")
    item = _line_of(text, "- description: Add the Baseline Requirements limits")
    assert _problems(text) == [f"facts.yaml:{item}: $.action_items[3]: missing key 'kind'"]


def test_facts_error_wrong_type() -> None:
    text = _example_with("  total_certificates: 3\n", "  total_certificates: [3]\n")
    line = _line_of(text, "total_certificates:")
    assert _problems(text) == [f"facts.yaml:{line}: $.impact.total_certificates: expected an integer or a string, "
                               "got a list"]


def test_facts_error_bad_date() -> None:
    text = _example_with("  - at: 2026-03-06T11:40:00Z\n", "  - at: 2026-02-30T11:40:00Z\n")
    line = _line_of(text, "2026-02-30T11:40:00Z")
    assert _problems(text) == [
        f"facts.yaml:{line}: $.timeline[7].at: '2026-02-30T11:40:00Z' is not an ISO 8601 date and time with a UTC "
        "offset, such as 2026-03-23T08:52:00Z or 2026-03-23T09:52+01:00"]


def test_facts_error_instant_without_offset() -> None:
    text = _example_with("  - at: 2026-03-06T11:40:00Z\n", "  - at: 2026-03-06T11:40:00\n")
    (problem,) = _problems(text)
    assert problem.startswith(f"facts.yaml:{_line_of(text, '2026-03-06T11:40:00')}: $.timeline[7].at: ")


def test_facts_error_bad_due_date() -> None:
    text = _example_with("    due_date: 2026-05-15\n", "    due_date: 2026-05-32\n")
    assert _problems(text) == [f"facts.yaml:{_line_of(text, '2026-05-32')}: $.action_items[2].due_date: "
                               "'2026-05-32' is not a date written YYYY-MM-DD"]


def test_facts_error_unknown_key() -> None:
    text = _example_with("  went_well: >-\n", "  went_wel: >-\n")
    assert _problems(text) == [
        f"facts.yaml:{_line_of(text, 'lessons_learned:')}: $.lessons_learned: missing key 'went_well'",
        f"facts.yaml:{_line_of(text, 'went_wel:')}: $.lessons_learned.went_wel: unknown key 'went_wel' (expected "
        "one of: additional, got_lucky, went_well, went_wrong)"]


def test_facts_error_unknown_top_level_key() -> None:
    text = example_facts() + "colour: blue\n"
    assert _problems(text) == [f"facts.yaml:{_line_of(text, 'colour:')}: $.colour: unknown key 'colour' (expected "
                               "one of: action_items, appendix, closure, contributing_factors, full_report_due, "
                               "impact, lessons_learned, related_incidents, summary, timeline)"]


def test_facts_error_dangling_factor_reference_and_enum() -> None:
    text = _example_with("    root_causes: [2]\n    evaluation_criteria: The linter",
                         "    root_causes: [2, 5]\n    evaluation_criteria: The linter")
    text = text.replace("  source_of_disclosure: Third Party Reported", "  source_of_disclosure: Community")
    assert _problems(text) == [
        f"facts.yaml:{_line_of(text, 'source_of_disclosure:')}: $.summary.source_of_disclosure: 'Community' is not "
        "one of: Self Reported, Third Party Reported, Audit",
        f"facts.yaml:{_line_of(text, 'root_causes: [2, 5]')}: $.action_items[1].root_causes[1]: there is no "
        "contributing factor 5 (there are 2)"]


@pytest.mark.parametrize(("text", "problem"), [
    ("", "facts.yaml:1: $: the facts file is empty; it must be a mapping (see irlint render --example)"),
    ("- a\n- b\n", "facts.yaml:1: $: expected a mapping, got a list"),
    ("summary: [\n", "facts.yaml:2: invalid YAML: expected the node content, but found '<stream end>'"),
    ("summary:\n  relevant_policies: a\n  relevant_policies: b\n",
     "facts.yaml:3: $.summary: duplicate key 'relevant_policies'"),
    ("summary: !!python/object:os.system x\n", "facts.yaml:1: $.summary: unsupported YAML tag "
                                                "tag:yaml.org,2002:python/object:os.system"),
    ("a: &x [*x]\n", "facts.yaml:1: $.a[0]: an alias refers to a value that contains it"),
])
def test_facts_errors_of_the_yaml_itself(text: str, problem: str) -> None:
    assert _problems(text) == [problem]


def test_facts_every_problem_is_one_line(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_text("summary:\n  incident_description: 3\n  colour: x\ntimeline:\n  - at: yesterday\n",
                    encoding="utf-8")
    with pytest.raises(FactsError) as raised:
        load_facts(path)
    problems = raised.value.problems
    assert len(problems) == 6 and all("\n" not in p and p.startswith(f"{path}:") for p in problems)
    assert str(raised.value) == "\n".join(problems)


def test_facts_file_that_cannot_be_read(tmp_path: Path) -> None:
    path = tmp_path / "facts.yaml"
    path.write_bytes(b"summary: \xff\n")
    with pytest.raises(FactsError, match=r"facts\.yaml: not a UTF-8 text file"):
        load_facts(path)
    with pytest.raises(FactsError, match="cannot read the file"):
        load_facts(tmp_path / "missing.yaml")


def test_facts_keep_dates_as_written() -> None:
    facts = load_facts(example_facts())
    assert facts["timeline"][0]["at"] == "2026-02-27T16:20:00+01:00"
    assert facts["action_items"][0]["due_date"] == "2026-03-20"
    assert facts["appendix"]["certificates"][0]["is_revoked"] == "Yes"


# --- the round trip, on complete facts built at random ---------------------------------------------------------

# Texts the timeline checks read as the event type they stand for, or as nothing in particular ("other"), and
# texts free of the wording the phrase rules flag. Render adds the words for a type the text does not say.
START = ["The first affected certificate is issued.", "A profile with the wrong extension goes into production.",
         "Issuance from the new profile begins."]
AWARE = ["The compliance team becomes aware of the problem.", "A certificate problem report arrives from a "
         "researcher.", "The daily lint report shows the first failure."]
END = ["The last affected certificate is issued.", "The corrected profile goes into production.",
       "All affected certificates revoked."]
OTHER = ["The validation team reviews the orders of the day.", "A change request for the profile is approved.",
         "Engineering starts an analysis of the issuance logs.", "The scope query finds every affected order."]
PLANNED = ["Revocation of the last affected certificate.", "The profile check runs on every issuing CA.",
           "The next quarterly compliance update is published."]
SENTENCES = ["Example Trust issued certificates with an extension that the profile did not allow.",
             "The affected certificates were issued from one profile over several days.",
             "A profile change was deployed without the lint that covers its extensions.",
             "Requests with pipes | in their names were handled as usual."]
POLICIES = ["TLS Baseline Requirements, Section 7.1.2.7.", "S/MIME Baseline Requirements, Section 7.1.2.3; CPS "
            "v4.2, Section 7.1."]
FACTOR_TEXTS = ["The profile editor accepted extensions outside the approved list.",
                "The change review compared the profile with a product description that lists no extensions.",
                "The lint set of this profile family was configured by hand in 2023."]
DETECTIONS = ["It was not detected earlier because the lint for this extension was not enabled for the profile.",
              "The monitoring compared issuance volumes only, so the wrong extension went unnoticed for days.",
              "No alert existed for profiles created from scratch, so nothing flagged the change."]
ACTIONS = ["Restrict the profile editor to the approved extensions", "Enable the extension lint for every profile",
           "Publish the lint coverage of each profile family", "Compare each new profile with its | approved twin"]
CRITERIA = ["A test profile with an unapproved extension is refused", "Lint coverage appears in the quarterly update",
            "Certificates in CT logs show no unapproved extension"]
LESSONS = ["The problem was confirmed within an hour.", "The scope query ran on the complete issuance database.",
           "Profiles created from scratch skipped the template review.", "Only one profile family was affected."]
OFFSETS = [timedelta(hours=h, minutes=m) for h, m in ((0, 0), (1, 0), (5, 30), (5, 45), (9, 0), (14, 0),
                                                      (-3, -30), (-5, 0), (-9, -30), (-12, 0))]


@st.composite
def instants(draw, lo: datetime, hi: datetime) -> tuple[datetime, str]:
    """An instant in [lo, hi] (UTC) and its ISO 8601 text in some offset (Z, +05:45, -09:30 ...)."""
    seconds = draw(st.integers(0, int((hi - lo).total_seconds())))
    moment = lo + timedelta(seconds=seconds)
    offset = draw(st.sampled_from(OFFSETS))
    local = moment.astimezone(timezone(offset))
    written = local.strftime("%Y-%m-%d") + draw(st.sampled_from(["T", " "])) + local.strftime(
        draw(st.sampled_from(["%H:%M:%S", "%H:%M"])))
    zone = "Z" if offset == timedelta(0) and draw(st.booleans()) else local.strftime("%z")
    zone = zone if zone == "Z" or draw(st.booleans()) else zone[:3] + ":" + zone[3:]
    return moment, written + zone


def _minute(moment: datetime) -> datetime:
    return moment.astimezone(UTC).replace(second=0, microsecond=0)


@st.composite
def complete_facts(draw) -> dict:
    start, start_at = draw(instants(datetime(2025, 3, 1, tzinfo=UTC), datetime(2026, 6, 1, tzinfo=UTC)))
    aware, aware_at = draw(instants(start + timedelta(minutes=5), start + timedelta(days=20)))
    end, end_at = draw(instants(aware + timedelta(minutes=5), aware + timedelta(hours=20)))
    events = [{"at": start_at, "event": draw(st.sampled_from(START)), "type": "start"},
              {"at": aware_at, "event": draw(st.sampled_from(AWARE)), "type": "aware"},
              {"at": end_at, "event": draw(st.sampled_from(END)), "type": "end"}]
    for _ in range(draw(st.integers(0, 3))):
        _, at = draw(instants(start - timedelta(days=30), end + timedelta(days=3)))
        events.append({"at": at, "event": draw(st.sampled_from(OTHER))})
    if draw(st.booleans()):
        _, at = draw(instants(aware, aware + timedelta(hours=60)))
        events.append({"at": at, "event": "Preliminary Incident Report posted.", "type": "report_posted"})
    for _ in range(draw(st.integers(0, 2))):
        _, at = draw(instants(end + timedelta(days=10), end + timedelta(days=60)))
        events.append({"at": at, "event": draw(st.sampled_from(PLANNED)), "planned": True})
    events = draw(st.permutations(events))
    factors = [{"title": draw(st.sampled_from(FACTOR_TEXTS)).rstrip("."),
                "description": draw(st.sampled_from(FACTOR_TEXTS)) + " It first arose in 2023.",
                "timeline": "It was introduced with the profile editor and stayed unchanged until the incident.",
                "detection": draw(st.sampled_from(DETECTIONS)),
                "interaction_with_other_factors": "It let the other factors reach issued certificates."}
               for _ in range(draw(st.integers(1, 3)))]
    if draw(st.booleans()):
        factors[0]["methodology"] = "5-Whys"
    count = draw(st.integers(1, 4))
    items = []
    for index in range(count):
        due = aware.date() + timedelta(days=draw(st.integers(1, 200)))
        items.append({"description": draw(st.sampled_from(ACTIONS)),
                      "kind": "Prevent" if index == 0 else draw(st.sampled_from(["Prevent", "Mitigate", "Detect"])),
                      "root_causes": sorted(set(draw(st.lists(st.integers(1, len(factors)), min_size=1,
                                                              max_size=3)))),
                      "evaluation_criteria": draw(st.sampled_from(CRITERIA)), "due_date": due.isoformat(),
                      "status": draw(st.sampled_from(["Ongoing", "Complete", "Delayed", "Canceled"]))})
    for number in range(1, len(factors) + 1):  # every factor answered by some action item
        if not any(number in item["root_causes"] for item in items):
            items[number % count]["root_causes"] = sorted({*items[number % count]["root_causes"], number})
    total = draw(st.integers(1, 50_000))
    facts = {
        "summary": {"ca_owner_ccadb_id": f"A{draw(st.integers(0, 999_999)):06d}",
                    "incident_description": " ".join(draw(st.lists(st.sampled_from(SENTENCES), min_size=1,
                                                                    max_size=3, unique=True))),
                    "relevant_policies": draw(st.sampled_from(POLICIES)),
                    "source_of_disclosure": draw(st.sampled_from(["Self Reported", "Third Party Reported",
                                                                  "Audit"]))},
        "impact": {"total_certificates": total, "remaining_valid_certificates": draw(st.integers(0, total)),
                   "affected_certificate_types": "This incident affects OV certificates.",
                   "incident_heuristic": "Certificates of the affected profile issued in the period above.",
                   "issuance_stopped": "Yes, for the affected profile, until the fix was deployed.",
                   "analysis": "N/A"},
        "timeline": events,
        "related_incidents": [{"bug": draw(st.integers(1_000_000, 2_100_000)),
                               "date": (start.date() - timedelta(days=draw(st.integers(1, 700)))).isoformat(),
                               "description": draw(st.sampled_from(SENTENCES))}
                              for _ in range(draw(st.integers(0, 3)))],
        "contributing_factors": factors,
        "lessons_learned": {key: draw(st.one_of(st.sampled_from(LESSONS),
                                                st.lists(st.sampled_from(LESSONS), min_size=1, max_size=3)))
                            for key in ("went_well", "went_wrong", "got_lucky", "additional")},
        "action_items": items,
        "appendix": {"links": [f"https://crt.sh/?sha256={number:064x}"
                               for number in draw(st.lists(st.integers(1, 2**256 - 1), min_size=1, max_size=3))]},
        "closure": {"incident_description": draw(st.sampled_from(SENTENCES)),
                    "root_causes": draw(st.sampled_from(FACTOR_TEXTS)),
                    "remediation_description": "The profile editor now refuses unapproved extensions.",
                    "commitment_summary": "Lint coverage will be published quarterly for a year."},
    }
    if draw(st.booleans()):
        facts["summary"]["non_compliance_end_date"] = end_at
    return facts


def _fold(text: str) -> str:
    return " ".join(text.split())


def _value(value) -> str:
    return _fold(value) if isinstance(value, str) else "\n".join(f"- {_fold(item)}" for item in value)


def _instant(text: str) -> datetime:
    stamp = find_stamp(text)
    return stamp.instant()


@settings(max_examples=50, deadline=None)
@given(complete_facts())
def test_rendered_facts_parse_back_and_lint_clean(facts: dict) -> None:
    text = render(facts)
    (report,) = extract_reports(parse_document(text, "rendered.md"))
    assert (report.kind, report.template_version) == ("full", "3.x")
    # Every section of the template, none empty.
    sections = {s.key: s for s in report.sections}
    for key in ("summary", "impact", "timeline", "related_incidents", "root_cause_analysis", "lessons_learned",
                "action_items", "appendix"):
        assert key in sections and not sections[key].empty, key
    # The fields.
    fields = {(f.section, f.key, f.factor): f.value for f in report.fields}
    summary, impact = facts["summary"], facts["impact"]
    for key in ("ca_owner_ccadb_id", "incident_description", "relevant_policies", "source_of_disclosure"):
        assert fields[("summary", key, None)] == _fold(summary[key])
    typed = {e["type"]: e["at"] for e in facts["timeline"] if "type" in e}
    for key, event in (("non_compliance_start_date", "start"), ("non_compliance_identified_date", "aware"),
                       ("non_compliance_end_date", "end")):
        assert _instant(fields[("summary", key, None)]) == _minute(parse_instant(typed[event]))
    for key in ("total_certificates", "remaining_valid_certificates"):
        assert int(fields[("impact", key, None)].replace(",", "")) == impact[key]
    for key in ("affected_certificate_types", "incident_heuristic", "issuance_stopped", "analysis"):
        assert fields[("impact", key, None)] == impact[key]
    assert [f.number for f in report.factors] == list(range(1, len(facts["contributing_factors"]) + 1))
    for number, factor in enumerate(facts["contributing_factors"], 1):
        assert normalise(report.factors[number - 1].title).endswith(normalise(factor["title"]))
        for key, value in factor.items():
            if key != "title":
                assert fields[("root_cause_analysis", key, number)] == _fold(value)
    for key, value in facts["lessons_learned"].items():
        assert fields[("lessons_learned", key, None)] == _value(value)
    # The tables.
    assert len(report.action_items) == len(facts["action_items"])
    for action, item in zip(report.action_items, facts["action_items"]):
        cells = {key: value.replace("\\|", "|") for key, value in action.row.cells.items()}
        assert (cells["description"], cells["kind"], cells["evaluation_criteria"], cells["due_date"],
                cells["status"]) == (item["description"], item["kind"], item["evaluation_criteria"],
                                     item["due_date"], item["status"])
        assert factor_references(cells["root_causes"]) == set(item["root_causes"])
    assert [(r.cells["bug"], r.cells["date"], r.cells["description"].replace("\\|", "|"))
            for r in report.related_incidents] == [
        (f"[{i['bug']}](https://bugzilla.mozilla.org/show_bug.cgi?id={i['bug']})", i["date"], i["description"])
        for i in facts["related_incidents"]]
    # The timeline: the same instants, in UTC to the minute, in order; planned events read as planned.
    entries = report.timeline.entries
    assert [e.instant for e in entries] == sorted(_minute(parse_instant(e["at"])) for e in facts["timeline"])
    assert sum(e.tense == "planned" for e in entries) == sum(bool(e.get("planned")) for e in facts["timeline"])
    # And nothing to report, whatever the kind.
    for kind in KINDS:
        findings = lint_text(render(facts, kind), "rendered.md", OPTIONS).findings
        assert [(f.rule, f.line, f.message) for f in findings] == [], kind


# --- the certificate CSV (X002) ------------------------------------------------------------------------------


def test_the_standard_columns_are_the_ones_the_guidance_names_in_order() -> None:
    appendix = " ".join(guidance()["sections"]["appendix"].split())
    assert f"({', '.join(STANDARD_COLUMNS)})" in appendix
    assert len(STANDARD_COLUMNS) == 11 and STANDARD_COLUMNS[0] == "Precertificate SHA-256 hash"


def test_certificates_csv_writes_the_standard_columns() -> None:
    rows = load_facts(example_facts())["appendix"]["certificates"]
    row = dict(rows[0], certificate_sha256="94:49:" + ":".join(["C7"] * 30), serial="0xF656", revocation_date="N/A",
               not_before="2026-03-02T09:14:00+01:00", is_revoked="N/A", revocation_reason="N/A")
    text = certificates_csv([row, rows[1]])
    lines = text.split("\n")
    assert lines[0] == ",".join(STANDARD_COLUMNS)
    assert lines[1] == ("d884b328056ffc0a71e6e6cc0d30a336c252732d7c6a9381330a4ba462418c75,9449" + "c7" * 30 + ","
                        '"CN=shop.example.com, O=Example Retail Ltd, L=Leeds, C=GB",'
                        '"CN=Example Trust OV TLS CA 2025, O=Example Trust, C=GB",2026-03-02T08:14:00Z,'
                        "2027-04-06T08:14:00Z,f656,shop.example.com www.shop.example.com,N/A,N/A,N/A")
    assert lines[2].endswith(",e1941afddc9c25b33e4d11f9d7d9223c,portal.example.org,Yes,2026-03-07T09:20:00Z,"
                             "superseded")
    assert text.endswith("\n") and len(lines) == 4
    assert csv_columns_problem(text) is None


HEADER = ",".join(STANDARD_COLUMNS)


@pytest.mark.parametrize("text", [
    HEADER + "\n",
    "\ufeff" + HEADER + ",Order ID,Customer\r\na,b\r\n",
    '"Precertificate SHA-256 hash","Certificate SHA-256 hash",Subject,Issuer,Not before,Not after,Serial #,'
    "dNSNames,Is revoked?,Revocation date,Revocation reason\n",
    HEADER.lower().replace("serial #", "Serial number") + "\n",
    "\n".join(f"https://crt.sh/?sha256={n:064x}" for n in range(10_000)) + "\n",
], ids=["standard", "extra-columns-bom-crlf", "quoted", "case-and-serial-number", "10000-links"])
def test_csv_columns_accepted(text: str) -> None:
    assert csv_columns_problem(text) is None


@pytest.mark.parametrize(("text", "problem"), [
    ("", "the certificate list is empty"),
    (HEADER.replace("Subject,Issuer", "Issuer,Subject") + "\n",
     "column 3 is 'Issuer' where the guidelines put 'Subject': the first 11 columns must be "
     + ", ".join(STANDARD_COLUMNS)),
    ("Order ID," + HEADER + "\n", "column 1 is 'Order ID' where the guidelines put 'Precertificate SHA-256 hash': "
                                  "the first 11 columns must be " + ", ".join(STANDARD_COLUMNS)),
    (",".join(STANDARD_COLUMNS[:9]) + "\n",
     "the header has 9 columns and lacks 'Revocation date', 'Revocation reason': the first 11 must be "
     + ", ".join(STANDARD_COLUMNS)),
    (HEADER.replace(",", ";") + "\n",
     "the certificate list is not comma-separated: the guidelines ask for a comma-separated listing"),
    ("https://crt.sh/?sha256=" + "ab" * 32 + "\nhttps://crt.sh/?id=5\n",
     "a list of crt.sh links is accepted from 10,000 certificates, and this one has 2: attach a CSV with the 11 "
     "standard columns"),
])
def test_csv_columns_problems(text: str, problem: str) -> None:
    assert csv_columns_problem(text) == problem
