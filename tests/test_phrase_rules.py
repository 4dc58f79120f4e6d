"""Phrase rules: every rule file's own examples, the rule files themselves, and the engine's semantics."""

from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.casing import lower_letters, lowercase_equivalent
from linter.checks import spans
from linter.checks.base import Context
from linter.checks.phrases import RuleFileError, load_rule
from linter.checks.phrases.kinds import Existence
from linter.document import parse_document
from linter.findings import CATEGORIES, Severity
from linter.lint import Options, lint_text
from linter.regex_analysis import required_literals
from linter.registry import all_rules
from linter.resources import resource_dir

PHRASE_RULES = [rule for rule in all_rules() if rule.examples is not None]
EXAMPLES = [(rule, kind, text) for rule in PHRASE_RULES for kind in ("fail", "pass") for text in rule.examples[kind]]


def _findings(text: str, code: str, **options):
    result = lint_text(text, "case.md", Options(selected=frozenset({code}), **options), explicit=False)
    return [f for f in result.findings if f.rule == code]


@pytest.mark.parametrize(("rule", "kind", "text"), EXAMPLES,
                         ids=[f"{r.code}-{k}-{i}" for i, (r, k, _) in enumerate(EXAMPLES)])
def test_rule_file_example(rule, kind: str, text: str) -> None:
    found = _findings(text + "\n", rule.code)
    if kind == "fail":
        assert found, f"{rule.code} does not flag its own fail example"
    else:
        assert not found, f"{rule.code} flags its own pass example: {[f.excerpt for f in found]}"


# --- the rule files ---------------------------------------------------------------------------------------


def test_every_rule_file_is_complete_and_named_after_its_rule() -> None:
    files = sorted(f.name for f in resource_dir("rules").iterdir() if f.name.endswith(".yaml")
                   and not f.name.startswith("_"))
    assert files == sorted(f"{r.name}.yaml" for r in PHRASE_RULES)
    for rule in PHRASE_RULES:
        assert rule.category in CATEGORIES
        assert rule.examples["fail"] and rule.examples["pass"]
        assert rule.description and rule.why and rule.link


def test_no_two_rules_share_a_code() -> None:
    codes = [r.code for r in all_rules()]
    assert len(codes) == len(set(codes))


# --- the engine ---------------------------------------------------------------------------------------------

FULL_REPORT_PLAN = """\
## Full Incident Report

### Timeline

- 2026-01-05 10:00 UTC: The incident was caused by human error.

### Action Items

| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |
| --- | --- | --- | --- | --- | --- |
{rows}
"""
TRAINING_ROW = ("| Provide refresher training to validation staff | Prevent | CF 1 | All attended | 2026-02-01 "
                "| Complete |")
LINT_ROW = "| Add a pre-issuance lint for the field | Prevent | CF 1 | Lint deployed | 2026-03-01 | Ongoing |"


def test_training_alone_is_an_error() -> None:
    (finding,) = _findings(FULL_REPORT_PLAN.format(rows=TRAINING_ROW), "R001")
    assert finding.severity is Severity.ERROR
    assert (finding.line, finding.column, finding.excerpt) == (11, 3, "Provide refresher training")
    assert finding.section == "action_items"


def test_training_beside_a_real_control_is_info() -> None:
    (finding,) = _findings(FULL_REPORT_PLAN.format(rows=TRAINING_ROW + "\n" + LINT_ROW), "R001")
    assert finding.severity is Severity.INFO


def test_training_in_the_same_item_as_a_control_is_not_flagged() -> None:
    row = ("| Add a pre-issuance lint for the field and train validation staff on it | Prevent | CF 1 | x "
           "| 2026-03-01 | Ongoing |")
    assert _findings(FULL_REPORT_PLAN.format(rows=row), "R001") == []


def test_conditional_rules_read_each_section_once_however_many_matches(monkeypatch) -> None:
    """Work grows with the section, not with the section times its matches: for n and 4n reminder rows, each
    a finding whose item is searched for evidence, the lines the spans read grow 4 times, not 16."""
    read: list[int] = []

    def counted(lines: list[str]) -> list[str]:
        read.append(len(lines))
        return lines

    monkeypatch.setattr(spans, "read_lines", counted)
    row = "| Remind all validation staff of the requirement | Prevent | CF 1 | Audit | 2026-02-01 | Complete |"

    def work(rows: int) -> int:
        read.clear()
        assert len(_findings(FULL_REPORT_PLAN.format(rows="\n".join([row] * rows)), "R002")) == rows
        return sum(read)

    small, large = work(100), work(400)
    assert 3.5 * small <= large <= 4.5 * small


def test_phrases_are_read_only_in_the_rule_scope() -> None:
    # "human error" stands in Related Incidents, about another incident, not in a statement of this one's cause.
    text = ("## Full Incident Report\n\n### Related Incidents\n\n| Bug | Date | Description |\n| --- | --- | --- |\n"
            "| 1234567 | 2024-02-01 | A late revocation caused by human error |\n")
    assert _findings(text, "C001") == []
    assert _findings(text.replace("### Related Incidents", "### Root Cause Analysis"), "C001")


def test_a_slip_is_judged_by_the_analysis_not_the_plan() -> None:
    # A technical item in the plan does not make the cause systemic: the analysis must name the factor.
    slip = FULL_REPORT_PLAN.format(rows=LINT_ROW)
    (finding,) = _findings(slip, "C001")
    assert finding.section == "timeline"
    factor = slip.replace("human error.", "human error: the form accepted free text without validation.")
    assert _findings(factor, "C001") == []


def test_text_without_a_report_is_read_whole() -> None:
    (finding,) = _findings("Notes from the call.\n\nThe incident was caused by human error.\n", "C001")
    assert (finding.line, finding.section, finding.report) == (3, None, None)


def test_a_phrase_broken_across_lines_is_found_with_its_span() -> None:
    (finding,) = _findings("After the incident we reminded\nall staff of the procedure.\n", "R002")
    assert (finding.line, finding.column, finding.end_line, finding.end_column) == (1, 23, 2, 10)
    assert finding.excerpt == "reminded all staff"


def test_a_substitution_gives_its_replacement() -> None:
    (finding,) = _findings("We will deploy the fix as soon as possible.\n", "R004")
    assert finding.data == {"replacement": "give the date by which it will be done"}
    assert "give the date" in finding.message


def test_vague_commitments_are_expected_in_a_preliminary_report() -> None:
    text = textwrap.dedent("""\
        ## Preliminary Incident Report

        ### Summary

        - **Incident description:** We will publish the root cause analysis as soon as possible.
        - **Relevant policies:** TLS BR 6.3.2.
        - **Source of incident disclosure:** Self Reported
        """)
    assert _findings(text, "R004") == []
    full = text.replace("Preliminary Incident Report", "Full Incident Report") + \
        "\n### Action Items\n\nWe will deploy the fix as soon as possible.\n"
    assert [f.rule for f in _findings(full, "R004")] == ["R004"]


def test_one_weakness_per_item() -> None:
    found = _findings("The incident was caused by human error: the operator mistakenly chose the profile.\n", "C001")
    assert [f.excerpt for f in found] == ["human error"]


def test_an_exception_in_the_same_sentence_makes_the_use_legitimate() -> None:
    assert _findings("We removed the field to reduce the risk of human error.\n", "C001") == []
    assert _findings("Removing the field took a day. It was human error.\n", "C001") != []


def test_configured_severity_has_the_last_word() -> None:
    (finding,) = _findings("There is no security impact.\n", "R005", severity={"R005": Severity.ERROR})
    assert finding.severity is Severity.ERROR


# --- broken rule files --------------------------------------------------------------------------------------

GOOD_RULE = """\
extends: existence
code: U101
message: "'{match}' is a house-style word"
severity: warning
category: remediation
description: |
  a word our reviewers asked us to avoid

  Our policy team asked for it.
tokens:
  - going forward
examples:
  fail: ["Going forward we will check."]
  pass: ["From 2026-03-01 we check."]
"""


@pytest.mark.parametrize(("change", "message"), [
    (("tokens:", "tokenz:"), "no-going-forward.yaml: unknown key 'tokenz'"),
    (("  - going forward", "  - going (forward"), "no-going-forward.yaml: tokens[0]: not a valid regular expression"),
    (("severity: warning", "severity: fatal"), "no-going-forward.yaml: severity:"),
    (("code: U101", "code: u101"), "no-going-forward.yaml: code:"),
    (("  pass: [\"From 2026-03-01 we check.\"]\n", ""),
     "no-going-forward.yaml: examples: 'pass' is a required property"),
    (("extends: existence", "extends: conditional"), "no-going-forward.yaml: 'unless' is a required property"),
    (("message:", "message: [\n"), "no-going-forward.yaml: not valid YAML (line"),
    (("  - going forward", "  - (?:going)?"), "no-going-forward.yaml: tokens[0]: matches the empty text"),
    (("  - going forward", "  - going\n  - (?i)forward"), "the phrases do not combine into one expression"),
    (("tokens:", "scope: [rootcause]\ntokens:"), "no-going-forward.yaml: scope: unknown section key 'rootcause'"),
    (("tokens:", "unless-scope: plan\ntokens:"), "unless-scope: not a key of a rule that extends existence"),
])
def test_a_broken_rule_file_is_a_one_line_error_naming_file_and_key(tmp_path: Path, change, message: str) -> None:
    path = tmp_path / "no-going-forward.yaml"
    path.write_text(GOOD_RULE.replace(*change, 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:
        load_rule(path, str(tmp_path))
    assert message in str(raised.value) and "\n" not in str(raised.value)


def test_a_good_user_rule_loads(tmp_path: Path) -> None:
    path = tmp_path / "no-going-forward.yaml"
    path.write_text(GOOD_RULE, encoding="utf-8")
    rule = load_rule(path, str(tmp_path))
    assert (rule.code, rule.name, rule.description, rule.why) == (
        "U101", "no-going-forward", "a word our reviewers asked us to avoid", "Our policy team asked for it.")


FAMILY_RULE = GOOD_RULE.replace("tokens:\n  - going forward\n", """families:
  classes:
    forward: [going forward, from now on]
  families:
    - name: vague_when
      sequences: [[we, forward]]
""").replace('fail: ["Going forward we will check."]', 'fail: ["We will check going forward."]')


def test_a_rule_may_find_families_of_wording_with_the_shared_classes(tmp_path: Path) -> None:
    path = tmp_path / "no-going-forward.yaml"
    path.write_text(FAMILY_RULE, encoding="utf-8")
    rule = load_rule(path, str(tmp_path))
    result = lint_text("We will check every order from now on. Going forward, checks run.", "x.md",
                       Options(selected=frozenset({"U101"}), rules_paths=(tmp_path,)))
    assert [(f.rule, f.excerpt) for f in result.findings] == [("U101", "We will check every order from now on")]
    assert rule.examples["fail"] == ("We will check going forward.",)


CORROBORATED_RULE = FAMILY_RULE.replace("""      sequences: [[we, forward]]
""", """      sequences: [[we, forward]]
corroboration:
  families: [vague_when]
  rules: [R002]
""")


def test_a_corroborated_family_counts_only_where_the_corroborating_rule_finds_something(tmp_path: Path) -> None:
    (tmp_path / "no-going-forward.yaml").write_text(CORROBORATED_RULE, encoding="utf-8")
    options = Options(selected=frozenset({"U101"}), rules_paths=(tmp_path,))
    alone = lint_text("We will check every order from now on.", "x.md", options)
    assert alone.findings == ()
    # R002 finds a reminder relied on: the family counts, though R002 itself is not selected.
    reminded = lint_text("We will check every order from now on. Staff were reminded to look.", "x.md", options)
    assert [(f.rule, f.excerpt) for f in reminded.findings] == [("U101", "We will check every order from now on")]
    # R002 lowered to info by a technical control in the plan corroborates nothing.
    controlled = lint_text("We will check every order from now on. Staff were reminded to look, and a pre-issuance"
                           " lint now blocks the order.", "x.md", options)
    assert controlled.findings == ()


@pytest.mark.parametrize(("rule", "change", "message"), [
    (FAMILY_RULE, ("[[we, forward]]", "[[we, later]]"),
     "no-going-forward.yaml: families: families/0 (vague_when): no class named 'later'"),
    (FAMILY_RULE, ("    - name: vague_when", "    - nome: vague_when"), "no-going-forward.yaml: families: families/0"),
    (FAMILY_RULE, ("families:\n  classes:", "families:\n  clases:"),
     "no-going-forward.yaml: families: unknown key 'clases'"),
    (FAMILY_RULE, ("extends: existence", "extends: substitution\nswap: {a: b}"),
     "no-going-forward.yaml: families: not a key of"),
    (CORROBORATED_RULE, ("families: [vague_when]", "families: [vague_then]"),
     "no-going-forward.yaml: corroboration: 'vague_then' is not one of the rule's families"),
    (CORROBORATED_RULE, ("rules: [R002]", "rules: [U999]"),
     "no-going-forward.yaml: corroboration: 'U999' is not a built-in phrase rule"),
    (CORROBORATED_RULE, ("rules: [R002]", "rules: []"), "no-going-forward.yaml: corroboration.rules:"),
    (CORROBORATED_RULE, ("extends: existence", "extends: substitution\nswap: {a: b}"),
     "not a key of a rule that extends substitution"),
])
def test_a_broken_family_is_a_one_line_error_naming_file_and_key(tmp_path: Path, rule: str, change,
                                                                 message: str) -> None:
    path = tmp_path / "no-going-forward.yaml"
    path.write_text(rule.replace(*change, 1), encoding="utf-8")
    with pytest.raises(RuleFileError) as raised:
        load_rule(path, str(tmp_path))
    assert message in str(raised.value) and "\n" not in str(raised.value)


@pytest.mark.parametrize(("extra", "key"), [
    ("unless-scope: plan\nunless: ['@no-such-set']\n", "unless"),
    ("unless-scope: plan\nunless: [automated]\ntimeline-needs: ['@no-such-set']\n", "timeline-needs"),
    ("unless-scope: plan\nunless: [automated]\nexceptions: ['@no-such-set']\n", "exceptions"),
])
def test_an_unknown_evidence_set_is_an_error(tmp_path: Path, extra: str, key: str) -> None:
    path = tmp_path / "x.yaml"
    path.write_text(GOOD_RULE.replace("extends: existence", "extends: conditional") + extra, encoding="utf-8")
    with pytest.raises(RuleFileError, match=f"x.yaml: {key}: unknown evidence set '@no-such-set'"):
        load_rule(path, str(tmp_path))


def test_a_rule_file_named_otherwise_than_kebab_case_is_an_error(tmp_path: Path) -> None:
    path = tmp_path / "No_Going.yaml"
    path.write_text(GOOD_RULE, encoding="utf-8")
    with pytest.raises(RuleFileError, match="kebab-case"):
        load_rule(path, str(tmp_path))


def test_the_readme_rule_example_works(tmp_path: Path) -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    example = readme.split("### Writing phrase rules", 1)[1].split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "no-going-forward.yaml"
    path.write_text(example, encoding="utf-8")
    rule = load_rule(path, str(tmp_path))
    hits = list(rule.check(_context(rule.examples["fail"][0])))
    assert [h.excerpt for h in hits] == ["Going forward"]
    assert list(rule.check(_context(rule.examples["pass"][0]))) == []
    assert rule.review is not None and rule.review.ask == "From when? Please give the date the change takes effect."


def _context(text: str) -> Context:
    return Context(parse_document(text + "\n"), None, date(2026, 11, 27), "option")


# --- the required-literal prefilter never changes what a rule finds ----------------------------------------

WORDS = sorted({word for rule in PHRASE_RULES for kind in ("fail", "pass") for text in rule.examples[kind]
                for word in text.split()})


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(WORDS), min_size=1, max_size=40).map(" ".join),
       st.sampled_from(PHRASE_RULES))
def test_the_literal_prefilter_never_hides_a_match(text: str, rule) -> None:
    context = _context(text)
    full = rule.check.pattern_of(tuple(range(len(rule.check.phrase_list))))
    everything = [m.span() for m in full.finditer(text)]
    (span,) = context.analysis.spans(None)
    gated = rule.check.pattern_for(span)
    assert everything == ([m.span() for m in gated[0].finditer(gated[1])] if gated else [])


CASE_PIECES = ("Human", "ERROR", "error", "We", "reminded", "STAFF", "staff", "training", "ſtaff", "İ", "ı", "K", " ",
               "\n", "-", "was", "an", "oversight", "Oversight", "é", "ß")


@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.sampled_from(CASE_PIECES), st.sampled_from(WORDS), st.text(max_size=3)),
                min_size=1, max_size=30).map(" ".join),
       st.sampled_from(PHRASE_RULES))
def test_lower_cased_search_finds_what_ignorecase_finds(text: str, rule) -> None:
    """A phrase list run over the lower-cased text finds the phrases IGNORECASE finds in the text, at the same
    offsets; a text that lower-casing would change otherwise is searched as it is."""
    context = _context(text)
    (span,) = context.analysis.spans(None)
    full = rule.check.pattern_of(tuple(range(len(rule.check.phrase_list))))
    gated = rule.check.pattern_for(span)
    assert [m.span() for m in full.finditer(span.text)] == ([m.span() for m in gated[0].finditer(gated[1])]
                                                            if gated else [])


@pytest.mark.parametrize(("pattern", "equivalent", "lowered", "fast"), [
    (r"(?:we|our) reminded\s+staff", True, r"(?:we|our) reminded\s+staff", True),
    (r"[a-z]+ \S+ \w+ [^x] n[o'’]t", True, r"[a-z]+ \S+ \w+ [^x] n[o'’]t", True),
    # Capitals: lower-cased text never holds them, but under IGNORECASE they are their lower case.
    ("UI (?:code|form)", False, "ui (?:code|form)", True),
    (r"(?P<Who>BRs?) \S (?P=Who)", False, r"(?P<who>brs?) \S (?P=who)", True),
    ("(?-i:foo)", False, "(?-i:foo)", False),  # case-sensitive inside
    ("caf\u00e9", False, "caf\u00e9", False),  # a letter outside ASCII
    ("(?P<a>x)(?P<A>y)", True, "(?P<a>x)(?P<a>y)", False),  # two names that become one
])
def test_phrases_run_lower_cased_when_that_finds_the_same(pattern: str, equivalent: bool, lowered: str,
                                                          fast: bool) -> None:
    assert lowercase_equivalent(pattern) is equivalent
    assert lower_letters(pattern) == lowered
    assert Existence({"message": "m", "tokens": [pattern]})._lowercase is fast


def test_names_that_meet_only_in_the_combined_phrases_keep_ignorecase() -> None:
    rule = Existence({"message": "m", "tokens": ["(?P<x>a) b", "(?P<X>c) d"]})
    assert not rule._lowercase
    assert [m.group() for m in rule.pattern_of((0, 1)).finditer("A b, C d")] == ["A b", "C d"]


@pytest.mark.parametrize(("pattern", "required"), [
    ("We reminded staff", ({"we reminded staff"},)),  # one literal run, case-folded
    (r"(?:remind|warn)ed\s+staff", ({"remind", "warn"}, {"staff"})),  # "ed" is too short to test for
    (r"(?:was|is) an? oversight", ({" oversight"},)),  # "is" is too short: the alternation promises nothing
    (r"(?:a|b)?\s*x", ()),
])
def test_required_literals(pattern: str, required) -> None:
    assert required_literals(pattern, True) == tuple(frozenset(s) for s in required)


def test_a_field_label_is_not_read_as_the_cas_words() -> None:
    # "**Additional:** Ceremony staff ..." is the Lessons Learned field "Additional", not additional staff; and the
    # field's value is not read on from the line above it.
    text = ("## Full Incident Report\n\n### Lessons Learned\n\n- **What went well:** The alert fired.\n"
            "- **Additional:** Ceremony staff were walked through the tracked workflow.\n")
    assert _findings(text, "R003") == []
    assert _findings(text.replace("**Additional:** Ceremony", "Additional ceremony"), "R003")


def _severities(text: str, code: str) -> list[str]:
    return [f.severity.value for f in _findings(text, code)]


def test_without_a_plan_section_a_control_counts_only_where_its_item_states_a_change() -> None:
    found = "Our CT monitor detected the certificates the next morning.\n\n"
    coached = "The engineer received coaching on the change procedure.\n"
    # The monitor that found the certificates is no remedy; one added to the plan is.
    assert _severities(found + coached, "R001") == ["error"]
    assert _severities(found + coached + "\nWe have added a CT monitor alert for this profile.\n", "R001") == ["info"]
    # A report's Action Items are its plan, whatever their items say.
    report = ("## Incident Report\n\n### Summary\n\nx\n\n### Action Items\n\n| Action Item | Kind | Due Date |\n"
              "| --- | --- | --- |\n| Coaching of the engineer | Prevent | 2026-01-05 |\n"
              "| CT monitor for the sub-CA | Detect | 2026-01-05 |\n")
    assert _severities(report, "R001") == ["info"]
    # A table row with a Kind is an action item even in a comment with no report headings.
    rows = ("| Revocation runbook rewritten around the bulk endpoint; operators trained | Prevent | 2025-09-19 |\n"
            "| Incident tracker computes the revocation deadline and pages the incident lead | Detect | 2025-09-19 |\n")
    assert _severities(rows, "R001") == ["info"]


def test_a_phrase_beside_real_controls_says_it_is_fine() -> None:
    text = "The engineer received coaching.\n\nWe have added a pre-issuance lint that blocks the profile.\n"
    [finding] = _findings(text, "R001")
    assert finding.severity.value == "info"
    assert finding.message == ("'coaching' stands beside a technical or process control in the plan: fine, if that "
                               "control carries the fix")
