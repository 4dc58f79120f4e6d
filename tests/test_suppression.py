"""Inline suppression comments, and S009 for the ones that suppress nothing."""

from __future__ import annotations

import pytest

from linter.lint import Options, lint_text

WEAK_LINE = "We reminded staff to check the name. There is no security impact."


def _lint(text: str, selected: set[str] | None = None):
    options = Options(selected=frozenset(selected) if selected else None)
    return lint_text(text, "draft.md", options, explicit=False)


def _codes(text: str, selected: set[str] | None = None) -> list[tuple[str, int]]:
    return [(f.rule, f.line) for f in _lint(text, selected).findings]


def test_without_directives_both_phrases_are_flagged() -> None:
    assert _codes(f"{WEAK_LINE}\n") == [("R002", 1), ("R005", 1)]


@pytest.mark.parametrize(("directive", "left"), [
    ("<!-- irlint-disable-next-line R002 -->", [("R005", 2)]),
    ("<!-- irlint-disable-next-line R002, R005 -->", []),
    ("<!-- irlint-disable-next-line -->", []),
    ("<!--irlint-disable-next-line r005-->", [("R002", 2)]),
])
def test_disable_next_line(directive: str, left: list) -> None:
    assert _codes(f"{directive}\n{WEAK_LINE}\n") == left


def test_disable_next_line_covers_only_the_next_line() -> None:
    text = f"<!-- irlint-disable-next-line R002 -->\n\n{WEAK_LINE}\n"
    assert _codes(text) == [("S009", 1), ("R002", 3), ("R005", 3)]


def test_disable_and_enable_a_range() -> None:
    text = (f"<!-- irlint-disable R002 -->\n{WEAK_LINE}\n\n{WEAK_LINE}\n<!-- irlint-enable R002 -->\n\n"
            f"{WEAK_LINE}\n")
    assert _codes(text) == [("R005", 2), ("R005", 4), ("R002", 7), ("R005", 7)]


def test_a_bare_disable_runs_to_the_end_without_an_enable() -> None:
    assert _codes(f"Intro.\n\n<!-- irlint-disable -->\n{WEAK_LINE}\n") == []


def test_an_unused_code_is_reported_with_its_position() -> None:
    text = f"<!-- irlint-disable-next-line R002, R003 -->\n{WEAK_LINE}\n"
    (s009,) = [f for f in _lint(text).findings if f.rule == "S009"]
    assert (s009.line, s009.column, s009.end_column) == (1, 1, 45)
    assert s009.data == {"codes": ["R003"]} and "R003" in s009.message
    assert s009.severity.value == "info"


def test_a_code_whose_rule_did_not_run_is_not_called_unused() -> None:
    text = f"<!-- irlint-disable-next-line R002 -->\n{WEAK_LINE}\n"
    assert _codes(text, {"R005", "S009"}) == [("R005", 2)]


def test_a_directive_inside_a_code_block_is_only_text() -> None:
    text = f"```\n<!-- irlint-disable -->\n```\n\n{WEAK_LINE}\n"
    assert _codes(text) == [("R002", 5), ("R005", 5)]


@pytest.mark.parametrize(("directive", "left"), [
    ("<!-- irlint-disable-next-line reminder-remediation -->", [("R005", 2)]),  # a rule's name works too
    ("<!-- irlint-disable-next-line R002 -- the reminder is tied to the new lint -->", [("R005", 2)]),
    ("<!-- irlint-disable-next-line R02 -->", [("S009", 1), ("R002", 2), ("R005", 2)]),  # a typo disables nothing
])
def test_directive_names_reasons_and_typos(directive: str, left: list) -> None:
    assert _codes(f"{directive}\n{WEAK_LINE}\n") == left


def test_enable_one_rule_inside_a_disable_all() -> None:
    text = f"<!-- irlint-disable -->\n<!-- irlint-enable R002 -->\n{WEAK_LINE}\n"
    assert _codes(text) == [("R002", 3)]


def test_a_directive_in_inline_code_is_only_text() -> None:
    text = f"Write `<!-- irlint-disable -->` to silence irlint. {WEAK_LINE}\n"
    assert [code for code, _ in _codes(text)] == ["R002", "R005"]
