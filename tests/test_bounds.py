"""Hostile input gets bounded work: a size cap with a one-line error, linear-time paths, and catastrophic regular
expressions refused when their rule loads (docs/security.md says which bound guards what, and why).

The linear-time tests lint an input and the same input four times larger, and compare their CPU times: linear
work takes about 4x, quadratic work 16x. The factor they allow (10x) is generous, and each test has a guard
against hanging far above what it needs; none asserts a wall-clock time.
"""

from __future__ import annotations

import contextlib
import gc
import json
import math
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import bmo_data
import pytest

import linter.sources
from linter.bugs.discovery import ca_accounts, read_comments
from linter.bugzilla.model import Attachment, Bug
from linter.checks.phrases import RuleFileError, load_rule
from linter.cli import run
from linter.lint import Options, lint_text
from linter.report.extract import _DETECTION_SPECS
from linter.report.headings import label_of

REPO = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
OPTIONS = Options(today=date(2026, 11, 27))
LINEAR = 10  # the largest time ratio for a 4x input that still counts as linear
HANG_GUARD = 300  # seconds: far beyond any of these inputs, only there to end a run that would never finish
HEAD = "## Full Incident Report\n\n### Summary\n\n- **Incident description:** x\n\n### Timeline\n\n"


@contextlib.contextmanager
def hang_guard(seconds: int = HANG_GUARD) -> Iterator[None]:
    """Fail instead of hanging, where the platform has SIGALRM."""
    if not hasattr(signal, "SIGALRM"):
        yield
        return

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s: the work is not bounded")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def cpu_time(work: Callable[[], object]) -> float:
    start = time.process_time()
    work()
    return time.process_time() - start


def growth(make: Callable[[int], str], size: int, runs: int = 2) -> float:
    """How much longer linting ``make(4 * size)`` takes than ``make(size)`` (each the best of ``runs``)."""
    lint_text(make(size // 16 or 1), "warm-up.md", OPTIONS)
    times = []
    # The collector is no part of the work measured: a full collection scans the test session's own objects (two
    # million by these tests) and the run's, and one landing in the larger run and not the smaller made linear
    # work look quadratic. Each run is bounded, so its garbage waits for the collection after it.
    try:
        with hang_guard():
            for n in (size, 4 * size):
                text = make(n)
                gc.collect()
                gc.disable()
                times.append(min(cpu_time(lambda text=text: lint_text(text, "bound.md", OPTIONS))
                                 for _ in range(runs)))
                gc.enable()
    finally:
        gc.enable()
    return times[1] / max(times[0], 1e-3)


# --- a 50 MB file: the size cap ---------------------------------------------------------------------------------


def test_a_50_mb_file_is_refused_with_one_line_and_exit_2(capsys, tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    with open(big, "wb") as handle:  # sparse: the test writes no 50 MB
        handle.truncate(50 * MB)
    code = run(["check", str(big)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"irlint: {big}: file is too large (50 MB; the limit is 2 MB)\n"


def test_the_cap_reads_no_more_than_one_byte_over_it(capsys, tmp_path: Path, monkeypatch) -> None:
    reads: list[int] = []
    real_open = open

    def counting_open(*args, **kwargs):
        handle = real_open(*args, **kwargs)
        read = handle.read

        def counted(size: int = -1) -> bytes:
            reads.append(size)
            return read(size)

        handle.read = counted
        return handle

    big = tmp_path / "big.md"
    with open(big, "wb") as handle:
        handle.truncate(50 * MB)
    monkeypatch.setattr(linter.sources, "open", counting_open, raising=False)
    assert run(["check", str(big)]) == 2
    assert reads == [linter.sources.MAX_BYTES + 1]


@pytest.mark.skipif(not Path("/dev/zero").exists(), reason="no /dev/zero")
@pytest.mark.parametrize("how", ["file", "stdin"])
def test_an_endless_input_is_refused_at_the_cap(how: str) -> None:
    """/dev/zero never ends: only a reader that stops at the cap can answer at all."""
    argv = [sys.executable, "-m", "linter", "check", "/dev/zero" if how == "file" else "-"]
    with open("/dev/zero", "rb") as zeros:
        done = subprocess.run(argv, stdin=zeros if how == "stdin" else subprocess.DEVNULL, capture_output=True,
                              text=True, timeout=HANG_GUARD, cwd=REPO)
    assert done.returncode == 2
    name = "/dev/zero" if how == "file" else "-"
    assert done.stderr == f"irlint: {name}: file is too large (over 2 MB; the limit is 2 MB)\n"


# --- linear-time paths --------------------------------------------------------------------------------------------


def test_a_5_mb_line_is_linted_in_linear_time() -> None:
    sentence = "We reminded staff of the change on 2024-05-06, caused by human error in 12 certificates; "

    def make(size: int) -> str:
        return HEAD + "- 2025-01-02 10:00 UTC: " + sentence * (size // len(sentence)) + "\n"

    assert growth(make, 5 * MB // 4, runs=1) < LINEAR


def test_100000_headings_are_linted_in_linear_time() -> None:
    def make(count: int) -> str:
        # One report whose sections open again and again (many reports: the test below), among other headings.
        titles = ("Summary", "Timeline", "Impact", "Action Items", "Finding #3", "What went well", "Something else")
        return "## Full Incident Report\n" + "".join(f"## {titles[i % len(titles)]}\n" for i in range(count))

    assert growth(make, 100_000 // 4, runs=1) < LINEAR


def test_a_table_of_10000_rows_is_linted_in_linear_time() -> None:
    def make(rows: int) -> str:
        return (HEAD.replace("### Timeline", "### Action Items")
                + "| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |\n"
                + "|---|---|---|---|---|---|\n"
                + "".join(f"| Fix {i} | Prevent | CF1 | seen | 2025-01-{i % 28 + 1:02d} | Ongoing |\n"
                          for i in range(rows)))

    assert growth(make, 10_000 // 4) < LINEAR


def test_200_levels_of_nested_lists_are_linted_in_linear_time() -> None:
    """A nest's size grows with the square of its depth (each level indents further): 4x the text is twice as
    deep, 200 levels where the smaller has 100."""
    def make(size: int) -> str:
        depth = math.isqrt(size)
        nest = "".join("  " * level + "- item\n" for level in range(depth))
        quotes = "".join(">" * level + " quoted\n" for level in range(depth))
        return HEAD + (nest + "\n" + quotes + "\n") * 5

    assert growth(make, 100 * 100, runs=3) < LINEAR


def test_many_reports_each_with_a_table_are_linted_in_linear_time() -> None:
    """Each section finds its table by bisection, not by looking through every table of the text."""
    report = ("## Full Incident Report\n\n### Action Items\n\n| Action Item | Kind | Due Date |\n|---|---|---|\n"
              "| Fix | Prevent | 2025-01-01 |\n\n")
    assert growth(lambda count: report * count, 1_000) < LINEAR


def test_a_label_after_long_leading_white_space_is_read_in_linear_time() -> None:
    """The label pattern once tried every split of a line's leading blanks between two of its parts."""
    def timed(blanks: int) -> float:
        lines = [" " * blanks + "- item " + str(i) for i in range(200)]
        return min(cpu_time(lambda: [label_of(line, _DETECTION_SPECS) for line in lines]) for _ in range(2))

    with hang_guard():
        assert timed(4_800) / max(timed(1_200), 1e-3) < LINEAR


# --- the worst shapes found so far: work grows with the input, and what is built is capped ---------------------

#: The tightest ratio for a 4x input: linear work is about 4x, and the quadratic paths these shapes once took were
#: 9x to 16x, which the looser LINEAR above would have let through.
STRICT = 6
ACTIONS = "## Full Incident Report\n\n### Summary\n\n- **Incident description:** x\n\n### Action Items\n\n"


def _factors_and_rows(count: int) -> str:
    """``count`` contributing factors and ``count`` action-item rows naming none of them by number (A006 then
    compares every row's cell with every factor's title)."""
    factors = "".join(f"**Contributing Factor {n}: the serial number generator of system {n} skipped a check**\n\n"
                      for n in range(1, count + 1))
    rows = "".join(f"| Fix the profile of system {n} | Prevent | the profile of system {n} was wrong | tested "
                   f"| 2026-05-01 | Ongoing |\n" for n in range(1, count + 1))
    return ("## Full Incident Report\n\n### Root Cause Analysis\n\n" + factors + "### Action Items\n\n"
            "| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |\n"
            "| --- | --- | --- | --- | --- | --- |\n" + rows)


@pytest.mark.parametrize(("make", "size"), [
    (lambda n: ACTIONS + "- We reminded staff.\n" * n, 4_000),
    (_factors_and_rows, 1_000),
    (lambda n: "#\n" * n, 20_000),
    (lambda n: "-\n" * n, 20_000),
    (lambda n: "=\n" * n, 20_000),
    (lambda n: "- 1:00\n" * n, 3_000),
    (lambda n: "human error " * n, 20_000),
], ids=["reminders-under-action-items", "factors-by-rows", "hashes", "dashes", "underlines", "bare-times",
        "one-long-line-of-a-weak-phrase"])
def test_the_worst_shapes_grow_linearly(make: Callable[[int], str], size: int) -> None:
    assert growth(make, size, runs=3) < STRICT


@pytest.mark.parametrize(("text", "said"), [
    ("#\n" * 20_001, "too many lines for a report (20,001; the limit is 20,000)"),
    ("human error " * 9_000, "a line too long for a report (108,000 characters; the limit is 100,000)"),
])
def test_a_file_over_the_line_limits_is_refused_with_one_line(capsys, tmp_path: Path, text: str, said: str) -> None:
    path = tmp_path / "big.md"
    path.write_text(text, encoding="utf-8")
    assert run(["check", str(path)]) == 2
    assert capsys.readouterr().err == f"irlint: {path}: {said}\n"


def test_a_file_at_the_line_limit_is_linted() -> None:
    assert linter.sources.oversized("- 1:00\n" * linter.sources.MAX_LINES) is None
    assert linter.sources.oversized("x" * linter.sources.MAX_LINE_CHARS) is None


def test_a_bugzilla_comment_or_attachment_over_the_limits_is_not_read_as_a_report() -> None:
    report = "## Preliminary Incident Report\n\n### Summary\n\nWe misissued.\n"
    huge = report + "- 1:00\n" * linter.sources.MAX_LINES
    data = bmo_data.bug(1900001)
    comments = [bmo_data.comment(1900001, 0, raw_text=huge), bmo_data.comment(1900001, 1, raw_text=report)]
    attachments = [bmo_data.attachment(1900001, 7001, "report.md", "text/markdown", huge)]
    bug = Bug.from_bmo(data, comments, [Attachment.from_bmo(a, huge) for a in attachments])
    read = read_comments(bug, ca_accounts(bug))
    assert [item.comment.count for item in read] == [1]


def test_findings_past_1000_of_a_rule_are_one_finding_that_counts_them() -> None:
    text = "## Incident Report\n\n### Timeline\n\n" + "".join(f"- We did step {i}.\n" for i in range(2_500))
    undated = [f for f in lint_text(text, "many.md", OPTIONS).findings if f.rule == "T001"]
    assert len(undated) == 1_001
    assert undated[-1].message.startswith("and 1,500 more findings of T001") and undated[-1].data == {"more": 1_500}


# --- catastrophic regular expressions: refused at load -------------------------------------------------------

RULE = """\
extends: existence
code: U201
message: "'{match}'"
severity: warning
category: remediation
description: |
  a phrase

  Why.
tokens:
  - PATTERN
examples:
  fail: ["aaa"]
  pass: ["bbb"]
"""


def _rule_file(tmp_path: Path, pattern: str, key: str = "tokens") -> Path:
    folder = tmp_path / "house-rules"
    folder.mkdir(exist_ok=True)
    path = folder / "catastrophic.yaml"
    quoted = json.dumps(pattern)  # a JSON string is a YAML double-quoted scalar: "\n" stays a line break
    text = RULE.replace("PATTERN", quoted if key == "tokens" else "aaa")
    if key == "exceptions":
        text += f"exceptions:\n  - {quoted}\n"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(("pattern", "shown"), [
    ("(a+)+$", "a+"),
    (r"(\w+\s?)+$", r"[\w]+"),
    ("(x+x+)+y", "x+"),
    ("(.*)*z", ".*"),
    ("(a{1,3})+z", "a{1,3}"),
    ("( ?)+z", r"[\s]*"),  # a space matches any run of white space: (\s*)+
    (r"(?:\d+[.,]?){2,}%", r"[\d]+"),
])
def test_a_nested_quantifier_is_refused_at_load_naming_file_and_key(tmp_path: Path, pattern: str, shown: str) -> None:
    path = _rule_file(tmp_path, pattern)
    with pytest.raises(RuleFileError) as raised:
        load_rule(path, str(path.parent))
    message = str(raised.value)
    assert message.startswith(f"{path}: tokens[0]: nested quantifiers: {shown} inside a repeated group")
    assert "\n" not in message


def test_exceptions_are_checked_too(tmp_path: Path) -> None:
    path = _rule_file(tmp_path, "(a+)+$", key="exceptions")
    with pytest.raises(RuleFileError, match=r"catastrophic\.yaml: exceptions\[0\]: nested quantifiers"):
        load_rule(path, str(path.parent))


@pytest.mark.parametrize("pattern", [
    r"(?:[\w-]+ ){0,3}(?:error|mistake)",  # the built-in rules' gap: each round ends at white space
    r"(?:\w+ )*done",
    "(?:a |an |the )*fault",
    "(?:x(?:a+)?)+y",
    "(a|b)+c",
    "a+b+c",
])
def test_nested_repeats_whose_rounds_cannot_overlap_load(tmp_path: Path, pattern: str) -> None:
    path = _rule_file(tmp_path, pattern)
    assert load_rule(path, str(path.parent)).code == "U201"


@pytest.mark.parametrize(("pattern", "shown"), [
    ("(a+)+$", "a+"),
    ("(?x:(a+)\n+)$", "a+"),  # in a verbose group the line break hides the + that repeats (a+)
    (r"(?:[^\x00-\xff\u0660]+\d)+$", r"[^\x00-ÿ٠]+"),  # the classes share only digits outside Latin-1
])
def test_a_catastrophic_user_rule_stops_irlint_check_with_one_line(capsys, tmp_path: Path, monkeypatch,
                                                                   pattern: str, shown: str) -> None:
    _rule_file(tmp_path, pattern)
    (tmp_path / ".irlint.yaml").write_text("rules-paths: [house-rules]\n", encoding="utf-8")
    (tmp_path / "draft.md").write_text("a" * 40 + "!\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    with hang_guard(60):
        code = run(["check", "draft.md"])
    captured = capsys.readouterr()
    assert code == 2 and captured.out == ""
    assert captured.err.startswith("irlint: ")
    assert f"catastrophic.yaml: tokens[0]: nested quantifiers: {shown} inside a repeated group" in captured.err
    assert captured.err.count("\n") == 1


def test_the_refused_shape_is_the_one_that_explodes() -> None:
    """(a+)+$ on a run of a's and one other character: each further a doubles the time (16x for four more)."""
    import re

    compiled = re.compile("(a+)+$")

    def timed(length: int) -> float:
        return min(cpu_time(lambda: compiled.search("a" * length + "!")) for _ in range(2))

    assert timed(20) > 4 * max(timed(16), 1e-4)
