"""The HTML format: what the page may contain (statically), golden pages, and the page in headless Chromium.

Set IRLINT_UPDATE_GOLDEN=1 to rewrite the golden files from the current code (then check them by eye).
"""

from __future__ import annotations

import base64
import hashlib
import os
import re
import shutil
from collections.abc import Iterator, Sequence
from dataclasses import replace
from datetime import date
from html.parser import HTMLParser
from pathlib import Path

import pytest

from linter import __version__
from linter.findings import Finding, Severity
from linter.formatters import FORMATTERS
from linter.formatters.html import format_results
from linter.formatters.outcome import Outcome
from linter.lint import Options, SourceResult, lint_text
from linter.registry import all_rules
from linter.source_ref import SourceRef

REPO = Path(__file__).resolve().parent.parent
GOLDEN = Path(__file__).parent / "golden"
EXAMPLES = sorted((REPO / "examples").glob("*.md"))
WEAK_REPORT = REPO / "examples" / "weak-report.md"
OPTIONS = Options(today=date(2026, 6, 1))
REL = "noopener noreferrer nofollow"

INJECTED_SCRIPT = '<script>window.pwned = 1; document.title = "pwned"</script>'
INJECTED_IMAGE = "<img src=x onerror=\"window.pwned = 2; document.title = 'pwned'\">"
INJECTED_LINK = "[details](javascript:alert(1))"
#: A name that is itself markup: file names are as untrusted as the text.
HOSTILE_SOURCE = "hostile<script>window.pwned=6</script>.md"


def _hostile_text() -> str:
    """The weak example with markup and script in its lines, some of them inside or across what rules flag."""
    text = (REPO / "examples" / "weak-report.md").read_text(encoding="utf-8")
    swaps = {
        "**CA Owner CCADB unique ID:** 12345": f"**CA Owner CCADB unique ID:** 12345 {INJECTED_SCRIPT}",
        "**Analysis:** The certificates": f"**Analysis:** {INJECTED_IMAGE} 🔥🔥 The certificates",
        "so there is no security impact.": f"so there is no security impact. {INJECTED_LINK} and "
                                           "[more](https://example.com/a_(b)?c=1&d=<2>), see https://example.org/x.",
        "- 2026-01-12: First certificate": "- 2026-01-12: <svg onload=\"window.pwned = 3\"> First certificate",
        "caused by human error:": "caused by <a href=\"javascript:window.pwned = 4\">human error</a>:",
        "additional training to": "additional training <iframe src=\"javascript:window.pwned = 5\"></iframe> to",
        "### Lessons Learned\n": "### Lessons Learned\r\n",
    }
    for old, new in swaps.items():
        assert old in text
        text = text.replace(old, new, 1)
    return text


def _hostile_result() -> SourceResult:
    """The hostile text as linted, with findings no rule gives: across markup, crossing others, over several lines,
    at an empty place, and without a line."""
    result = lint_text(_hostile_text(), HOSTILE_SOURCE, OPTIONS)
    lines = result.lines
    script_line = next(n for n, line in enumerate(lines, 1) if INJECTED_SCRIPT in line)
    script_column = lines[script_line - 1].index(INJECTED_SCRIPT) + 1
    impact_line = next(n for n, line in enumerate(lines, 1) if INJECTED_LINK in line)
    impact = lines[impact_line - 1]
    url_start = impact.index("https://example.com") + 1
    timeline = next(n for n, line in enumerate(lines, 1) if line.startswith("- 2026-03-04"))
    extra = (
        _finding("Z901", script_line, script_column, script_line, script_column + len(INJECTED_SCRIPT)),
        _finding("Z902", impact_line, impact.index("security") + 1,
                 impact_line, impact.index(INJECTED_LINK) + len(INJECTED_LINK) + 1),
        _finding("Z903", impact_line, url_start + 8, impact_line, url_start + 30),
        _finding("Z904", timeline - 1, 3, timeline, 13),
        _finding("Z905", 2, 1, 2, 1),
        _finding("Z906", None, None, None, None, message="about the whole <b>source</b>, see https://example.net"),
    )
    assert not {f.rule for f in result.findings} & {f.rule for f in extra}
    return replace(result, findings=tuple(sorted(result.findings + extra, key=lambda f: f.sort_key)))


def _finding(rule: str, line: int | None, column: int | None, end_line: int | None, end_column: int | None,
             message: str = "a <i>test</i> finding") -> Finding:
    return Finding(rule, f"test-{rule.lower()}", "structure", Severity.INFO, message, line, column, end_line,
                   end_column)


def _expected_marks(result: SourceResult) -> dict[tuple[int, int], str]:
    """(finding number, line) -> the text a finding covers on that line: [column, end_column) on its one line,
    the rest of the line for a place rather than a stretch, whole lines between the first and last of several."""
    expected = {}
    for number, finding in enumerate(result.findings, 1):
        if finding.line is None:
            continue
        lines = result.lines
        first, last, column = finding.line, finding.end_line, finding.column
        if first == last:
            raw = lines[first - 1]
            if finding.end_column > column:
                expected[number, first] = raw[column - 1:finding.end_column - 1]
            else:
                expected[number, first] = raw[column - 1:max(column, len(raw.rstrip()))]
            continue
        expected[number, first] = lines[first - 1][column - 1:]
        for line in range(first + 1, last):
            expected[number, line] = lines[line - 1]
        expected[number, last] = lines[last - 1][:finding.end_column - 1]
    return expected


def _linted(paths: Sequence[Path]) -> list[SourceResult]:
    return [lint_text(path.read_text(encoding="utf-8"), path.relative_to(REPO).as_posix(), OPTIONS)
            for path in paths]


# --- what the page may contain, read with html.parser ------------------------------------------------------------


class Page(HTMLParser):
    """Everything about a page that its safety depends on, and what its text rows and marks hold."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.styles: list[str] = []
        #: The scripts that run, and the data blocks (``<script type="application/json">``, which never run).
        self.scripts: list[str] = []
        self.data_blocks: list[str] = []
        self._data_block = False
        #: (finding id, row id) -> the text of the marks of that finding in that row.
        self.marks: dict[tuple[str, str], str] = {}
        #: row id -> the text of its text cell.
        self.rows: dict[str, str] = {}
        self._raw: str | None = None
        self._open: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        assert len(attributes) == len(attrs), f"<{tag}> repeats an attribute: {attrs}"
        self.tags.append((tag, attributes))
        if tag in ("style", "script"):
            self._raw = ""
            self._data_block = tag == "script" and attributes.get("type") == "application/json"
        if tag not in ("meta", "input"):  # void elements: no end tag follows
            self._open.append((tag, attributes))

    def handle_endtag(self, tag: str) -> None:
        if tag in ("style", "script"):
            kept = self.styles if tag == "style" else self.data_blocks if self._data_block else self.scripts
            kept.append(self._raw or "")
            self._raw = None
        assert self._open and self._open[-1][0] == tag, f"</{tag}> closes {self._open[-1:]}"
        self._open.pop()

    def handle_data(self, data: str) -> None:
        if self._raw is not None:
            self._raw += data
            return
        if not any(tag == "table" and attrs.get("class") == "text" for tag, attrs in self._open):
            return
        row = next((attrs["id"] for tag, attrs in reversed(self._open) if tag == "tr"), None)
        cell = next(((tag, attrs) for tag, attrs in reversed(self._open) if tag in ("td", "th")), None)
        # The line's own cell: the number is a th, the keys a td of class "keys".
        if row is None or cell != ("td", {}):
            return
        self.rows[row] = self.rows.get(row, "") + data
        for tag, attrs in self._open:
            if tag == "mark":
                key = (attrs["data-finding"], row)
                self.marks[key] = self.marks.get(key, "") + data

    @classmethod
    def read(cls, page: str) -> Page:
        parsed = cls()
        parsed.feed(page)
        parsed.close()
        assert not parsed._open, f"unclosed: {[tag for tag, _ in parsed._open]}"
        return parsed


def _hash(text: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii") + "'"


def _policy(page: Page) -> dict[str, list[str]]:
    metas = [attrs for tag, attrs in page.tags if tag == "meta"
             and (attrs.get("http-equiv") or "").lower() == "content-security-policy"]
    assert len(metas) == 1
    directives = [part.split() for part in (metas[0]["content"] or "").split(";") if part.strip()]
    return {name: values for name, *values in directives}


def audit(text: str) -> Page:
    """The checks every page must pass: only its own hashed style and script, no event handler attributes, no
    scheme but http(s) in a link, and nothing that loads or submits anything."""
    page = Page.read(text)
    assert text.startswith("<!DOCTYPE html>\n")
    policy = _policy(page)
    assert policy["default-src"] == ["'none'"]
    assert policy["img-src"] == ["'none'"]
    assert len(page.styles) == 1 and policy["style-src"] == [_hash(page.styles[0])]
    assert len(page.scripts) <= 1
    assert policy["script-src"] == ([_hash(page.scripts[0])] if page.scripts else ["'none'"])
    assert [tag for tag, _ in page.tags].index("meta") < [tag for tag, _ in page.tags].index("style")
    for tag, attrs in page.tags:
        # The scan page's own charts and controls are the only SVG and inputs a page may hold.
        if not (tag == "svg" and attrs.get("class") == "chart" or tag == "input" and attrs.get("type") == "search"):
            assert tag not in ("img", "iframe", "object", "embed", "link", "base", "form", "svg", "frame", "input"), tag
        if tag == "script":
            assert attrs in ({}, {"type": "application/json", "id": "desk-data"}), attrs
        for name, value in attrs.items():
            assert not name.startswith("on"), f"<{tag} {name}>"
            assert name not in ("style", "src", "srcdoc", "action", "formaction", "xlink:href"), f"<{tag} {name}>"
            squeezed = re.sub(r"[\x00-\x20]", "", value or "").lower()
            assert not squeezed.startswith(("javascript:", "data:", "vbscript:")), f"<{tag} {name}={value!r}>"
        if tag == "a":
            href = attrs["href"] or ""
            assert href.startswith(("#", "http://", "https://")), href
            if not href.startswith("#"):
                assert attrs.get("rel") == REL
    ids = [attrs["id"] for _, attrs in page.tags if "id" in attrs]
    assert len(ids) == len(set(ids))
    assert {attrs["href"][1:] for tag, attrs in page.tags if tag == "a" and attrs["href"][0] == "#"} <= set(ids)
    return page


def test_hostile_page_passes_the_audit_and_keeps_the_markup_as_text() -> None:
    result = _hostile_result()
    page = audit(format_results(Outcome([result], all_rules())))
    assert page.scripts == []
    for number, line in enumerate(result.lines, 1):
        assert page.rows.get(f"s1-l{number}", "") == line
    assert any(INJECTED_SCRIPT in row for row in page.rows.values())


def test_marks_hold_exactly_the_text_of_their_findings() -> None:
    """Marks that cross one another or a link are split: the pieces of each still hold exactly its text."""
    result = _hostile_result()
    page = audit(format_results(Outcome([result], all_rules())))
    got = {(int(key.removeprefix("s1-f")), int(row.removeprefix("s1-l"))): text
           for (key, row), text in page.marks.items()}
    expected = _expected_marks(result)
    # An empty stretch leaves an empty mark, which holds no text to collect.
    assert got == {key: text for key, text in expected.items() if text}
    assert len(expected) > len(result.findings) - 1  # Z904 covers two lines; Z906 none


def test_several_sources_with_scan_rows_pass_the_audit() -> None:
    # The same source twice (a path given twice) still gets two sections of its own.
    results = [*_linted(EXAMPLES), _hostile_result(), _hostile_result(),
               SourceResult(SourceRef.file("unreadable<b>.md"), error="cannot read: <gone>")]
    rows = [{"bug": 1900001, "summary": "<script>window.pwned = 7</script>", "findings": 3, "flags": ["a", "<b>"]}]
    text = format_results(Outcome(results, all_rules()), bugs=rows)
    page = audit(text)
    assert len(page.scripts) == 1
    assert text.count("<a href=\"#s") >= len(results)
    assert "&lt;script&gt;window.pwned = 7&lt;/script&gt;" in text
    assert "Not read: cannot read: &lt;gone&gt;" in text


def test_only_http_addresses_become_links() -> None:
    text = format_results(Outcome([_hostile_result()], all_rules()))
    links = re.findall(r'<a href="(http[^"]*)" rel="noopener noreferrer nofollow">', text)
    assert "https://example.com/a_(b)?c=1&amp;d=" in links
    assert "https://example.org/x" in links
    assert "https://example.net" in links
    assert "javascript:alert(1)" not in " ".join(links)
    assert "[details](javascript:alert(1))" in text


def test_findings_without_a_line_come_first_and_link_to_their_rule() -> None:
    result = _hostile_result()
    text = format_results(Outcome([result], all_rules()))
    top = text.index("<h3>Findings without a place in the text</h3>")
    assert top < text.index("<table class=\"text\">")
    assert text.index("test-z906", top) < text.index("<table class=\"text\">")
    assert "about the whole &lt;b&gt;source&lt;/b&gt;, see <a href=\"https://example.net\"" in text
    assert ('<a href="https://github.com/irlint/irlint/blob/main/docs/rules.md#r005" '
            f'rel="{REL}"><code>R005</code></a>') in text


def test_html_is_a_registered_format() -> None:
    assert FORMATTERS["html"] is format_results


# --- golden pages -----------------------------------------------------------------------------------------------


def _golden(name: str, text: str) -> None:
    text = text.replace(f'content="irlint {__version__}"', 'content="irlint VERSION"')
    path = GOLDEN / name
    if os.environ.get("IRLINT_UPDATE_GOLDEN") == "1":
        path.write_text(text, encoding="utf-8", newline="\n")
    assert text == path.read_text(encoding="utf-8")


def test_golden_html_of_the_weak_report() -> None:
    _golden("weak-report.html", format_results(Outcome(_linted([REPO / "examples" / "weak-report.md"]), all_rules())))


def test_golden_html_of_the_examples_with_a_bug_and_scan_rows() -> None:
    process = SourceResult(SourceRef.of_bug(1904038), (), (), (
        Finding("P001", "next-update-overdue", "process", Severity.WARNING, "the next update is overdue", None, None,
                None, None, data={"comment": 5}),))
    rows = [{"bug": 1904038, "status": "ASSIGNED", "findings": 1, "reports": ["preliminary"]},
            {"bug": 1900002, "status": "NEW", "findings": 0, "reports": []}]
    _golden("examples.html", format_results(Outcome([*_linted(EXAMPLES), process], all_rules()), bugs=rows))


# --- the page in a browser -------------------------------------------------------------------------------------


#: Chromium as root needs no sandbox of its own here; and on a closed network its background services only fail.
CHROMIUM_ARGS = ["--disable-gpu", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--disable-quic"]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    """Headless Chromium: Debian's where installed, else Playwright's own; skipped when neither can be had."""
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed (.ci/run installs it)")
    executable = shutil.which("chromium")
    with sync_api.sync_playwright() as playwright:
        try:
            launched = playwright.chromium.launch(executable_path=executable, args=CHROMIUM_ARGS)
        except sync_api.Error as error:
            pytest.skip(f"Chromium cannot be started ({executable or 'Playwright-managed'}): "
                        f"{str(error).strip().splitlines()[0]}")
        try:
            yield launched
        finally:
            launched.close()


def _open(browser, tmp_path: Path, text: str):
    path = tmp_path / "page.html"
    path.write_text(text, encoding="utf-8")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    events: list[str] = []
    page.on("console", lambda message: events.append(f"console {message.type}: {message.text}"))
    page.on("pageerror", lambda error: events.append(f"error: {error}"))
    page.on("dialog", lambda dialog: (events.append(f"dialog: {dialog.message}"), dialog.dismiss()))
    page.on("request", lambda request: events.append(f"request: {request.url}")
            if request.url != path.as_uri() else None)
    page.goto(path.as_uri())
    page.wait_for_load_state("load")
    return page, events


def test_hostile_page_in_chromium_runs_nothing_injected_and_marks_the_findings(browser, tmp_path: Path) -> None:
    result = _hostile_result()
    title = f"irlint: {len(result.findings)} findings in 1 source"
    page, events = _open(browser, tmp_path, format_results(Outcome([result], all_rules())))
    try:
        page.screenshot(path=str(tmp_path / "hostile.png"), full_page=True)
        assert page.title() == title
        assert page.evaluate("typeof window.pwned") == "undefined"
        # Nothing was refused by the policy (the page's own style is admitted), nothing ran, nothing was fetched.
        assert events == []
        assert page.evaluate("document.scripts.length") == 0
        assert page.evaluate("document.querySelectorAll('img, svg, iframe, object, embed').length") == 0
        assert page.evaluate("""Array.from(document.querySelectorAll('*')).flatMap(
            (e) => Array.from(e.attributes).map((a) => a.name)).filter((n) => n.startsWith('on'))""") == []
        protocols = page.evaluate("Array.from(document.links, (a) => a.getAttribute('href')[0] === '#' "
                                  "? '#' : a.protocol)")
        assert set(protocols) <= {"#", "http:", "https:"}
        assert "https:" in protocols
        assert page.evaluate("getComputedStyle(document.querySelector('mark.error')).borderBottomStyle") == "solid"
        rows = page.evaluate("Object.fromEntries(Array.from(document.querySelectorAll('table.text tr'), "
                             "(row) => [row.id, row.cells[1].textContent]))")
        assert rows == {f"s1-l{number}": line for number, line in enumerate(result.lines, 1)}
        marks = page.evaluate("""Array.from(document.querySelectorAll('mark'), (mark) =>
            [mark.dataset.finding, mark.closest('tr').id, mark.textContent])""")
        got: dict[tuple[int, int], str] = {}
        for key, row, text in marks:
            place = (int(key.removeprefix("s1-f")), int(row.removeprefix("s1-l")))
            got[place] = got.get(place, "") + text
        # The pieces of one finding never hold one another, so adding up their texts counts each character once.
        nested = page.evaluate("""Array.from(document.querySelectorAll('mark mark'), (mark) =>
            [mark.dataset.finding, mark.parentElement.closest('mark').dataset.finding])""")
        assert all(inner != outer for inner, outer in nested)
        expected = _expected_marks(result)
        assert {place for place in got} == set(expected)
        for place, text in expected.items():
            assert got[place] == text, place
        assert (tmp_path / "hostile.png").stat().st_size > 10_000
    finally:
        page.close()


def test_overview_sorts_under_the_policy(browser, tmp_path: Path) -> None:
    results = _linted(EXAMPLES)
    page, events = _open(browser, tmp_path, format_results(Outcome(results, all_rules())))
    try:
        assert events == []
        sources = "Array.from(document.querySelectorAll('table.overview tbody tr'), (r) => r.cells[0].textContent)"
        assert page.evaluate(sources) == [r.source.name for r in results]
        findings = page.locator("table.overview thead th").nth(2)
        findings.get_by_role("button").click()
        findings.get_by_role("button").click()
        assert findings.get_attribute("aria-sort") == "descending"
        ordered = sorted(results, key=lambda r: -len(r.findings))
        assert page.evaluate(sources)[0] == ordered[0].source.name
        page.screenshot(path=str(tmp_path / "overview.png"))
    finally:
        page.close()


def test_check_and_bug_write_html_from_the_command_line(capsys, fake_bmo, monkeypatch, tmp_path: Path) -> None:
    from bmo_data import bug, comment

    import linter.bugzilla.client as client_module
    from linter.cli import run

    monkeypatch.setattr(client_module, "PACE", 0.0)
    page = tmp_path / "check.html"
    assert run(["check", "--format", "html", "-o", str(page), str(WEAK_REPORT)]) == 1
    assert "<mark" in page.read_text(encoding="utf-8")
    text = WEAK_REPORT.read_text(encoding="utf-8")
    fake_bmo.add_bug(bug(1900555, summary="Harrowgate: weak report", assigned_to="ops@harrowgate.example"),
                     [comment(1900555, 0, "ops@harrowgate.example", "2026-02-04T10:00:00Z", text)])
    page = tmp_path / "bug.html"
    assert run(["bug", "1900555", "--format", "html", "-o", str(page), "--base-url", fake_bmo.url,
                "--cache-dir", str(tmp_path / "cache")]) == 1
    html_text = page.read_text(encoding="utf-8")
    assert "bug:1900555#c0" in html_text and "<mark" in html_text


# --- the scan page (the reviewer's desk) in a browser ---------------------------------------------------------


def _timed(page, action: str) -> float:
    """Milliseconds the page takes to run ``action`` (a script statement) and render what it changed."""
    return page.evaluate(f"() => {{ const start = performance.now(); {action}; document.body.offsetHeight; "
                         "return performance.now() - start; }")


def test_scan_page_of_a_whole_component_opens_sorts_and_filters(browser, capsys, fake_bmo, monkeypatch,
                                                                 tmp_path: Path) -> None:
    """A generated component of 1,700 bugs, scanned as ``irlint scan --format html`` writes it: the figures are
    printed (no time is asserted), the behaviour is."""
    from datetime import UTC, datetime

    from bmo_data import add_synthetic_component

    import linter.bugzilla.client as client_module
    from linter.cli import run

    monkeypatch.setattr(client_module, "PACE", 0.0)
    fake_bmo.now = datetime(2026, 6, 1, tzinfo=UTC)
    add_synthetic_component(fake_bmo, report_every=3)
    common = ["--base-url", fake_bmo.url, "--cache-dir", str(tmp_path / "cache"), "--date", "2026-06-01", "-q",
              "--exit-zero"]
    whole, one = tmp_path / "desk.html", tmp_path / "ca.html"
    assert run(["scan", "--format", "html", "-o", str(whole), *common]) == 0
    assert run(["scan", "--ca", "Harrowgate", "--offline", "--format", "html", "-o", str(one), *common]) == 0
    capsys.readouterr()
    text = whole.read_text(encoding="utf-8")
    audited = audit(text)
    assert len(audited.scripts) == 1 and len(audited.data_blocks) == 1
    page, events = _open(browser, tmp_path, text)
    try:
        loaded = page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")
        rows = ("Array.from(document.querySelectorAll('table.desk tbody tr:not(.details)'), "
                "(r) => r.cells[0].textContent)")
        first = page.evaluate(rows)
        assert len(first) == 100 and page.text_content("#shown") == "Bugs 1–100 of 1700"
        # Open bugs first: the page's first rows are the open ones, as the scan ordered them.
        closed = page.evaluate("Array.from(document.querySelectorAll('table.desk tbody tr'), "
                               "(r) => r.classList.contains('closed'))")
        assert closed == sorted(closed) and closed.count(False) == 85
        sort = _timed(page, "document.querySelector('th[data-key=bug] button').click()")
        assert page.locator("th[data-key=bug]").get_attribute("aria-sort") == "ascending"
        ascending = page.evaluate(rows)
        assert ascending == sorted(ascending, key=int) and ascending[0] == "1500000"
        sort_again = _timed(page, "document.querySelector('th[data-key=bug] button').click()")
        assert page.evaluate(rows)[0] == "1505097"
        text_filter = _timed(page, "const box = document.getElementById('f-text'); box.value = 'incident 123'; "
                                   "box.dispatchEvent(new Event('input'))")
        assert page.text_content("#shown") == "Bugs 1–11 of 11 (filtered from 1700)"
        page.fill("#f-text", "")
        ca_filter = _timed(page, "const ca = document.getElementById('f-ca'); ca.value = 'Harrowgate Trust Services';"
                                 " ca.dispatchEvent(new Event('change'))")
        shown = page.text_content("#shown")
        page.select_option("#f-status", "open")
        page.select_option("#f-severity", "error")
        cells = page.evaluate("Array.from(document.querySelectorAll('table.desk tbody tr'), (r) => "
                              "[r.cells[1].textContent, r.cells[2].textContent, Number(r.cells[4].textContent)])")
        assert cells and all(ca == "Harrowgate Trust Services" and not status.startswith("RESOLVED") and errors > 0
                             for ca, status, errors in cells)
        page.click("#next") if not page.locator("#next").is_disabled() else None
        page.locator("button.more").first.click()
        assert page.locator("tr.details li").count() >= 1
        charts = page.evaluate("""Array.from(document.querySelectorAll('svg.chart'), (svg) =>
            [document.getElementById(svg.getAttribute('aria-labelledby')).textContent,
             svg.querySelectorAll('rect.bar').length,
            svg.closest('figure').querySelector('figcaption').textContent])""")
        assert charts and all(title and bars and caption for title, bars, caption in charts)
        assert events == []
        print(f"\nscan page of 1,700 bugs: {len(text) / 1e6:.2f} MB; load {loaded:.0f} ms; sort {sort:.0f} ms, "
              f"reverse {sort_again:.0f} ms; text filter {text_filter:.0f} ms; CA filter {ca_filter:.0f} ms "
              f"({shown})")
        ca_page = one.read_text(encoding="utf-8")
        audit(ca_page)
        page.close()
        page, events = _open(browser, tmp_path, ca_page)
        assert page.text_content("#history-title") == "History: Harrowgate"
        assert page.evaluate("document.querySelectorAll('svg.chart').length") >= 3
        assert events == []
        page.screenshot(path=str(tmp_path / "ca.png"), full_page=True)
    except BaseException:
        page.screenshot(path=str(tmp_path / "failure.png"), full_page=True)
        raise
    finally:
        page.close()
