"""The quick test of what a text may say (Families.may_say, and the one ``found`` makes sentence by sentence) never
rules out a text that says a family: ``said`` reads every text word by word, ungated."""

from __future__ import annotations

from linter.checks.phrases import built_in_pack
from linter.checks.rootcause.r006_tool_defect_people_fix import _wording


def _cases():
    for rule in built_in_pack():
        families = getattr(rule.check, "families", None)
        if families is not None:
            for text in (*rule.examples["fail"], *rule.examples["pass"]):
                yield families, text
    for text in ("The validity check script allowed 400 days.", "The script has been corrected to cover it.",
                 "Nothing broke."):
        yield _wording("defect"), text
        yield _wording("fixed"), text


def test_the_quick_tests_hold_every_text_that_says_a_family() -> None:
    checked = 0
    for families, text in _cases():
        if families.said(text):
            assert families.may_say(text) and families.found(text), text
            checked += 1
    assert checked > 10


def test_may_say_rules_out_a_text_without_the_words() -> None:
    assert not _wording("defect").may_say("the certificates were revoked within five days.")
