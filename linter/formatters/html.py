"""One self-contained HTML page: each source's text with its findings marked where they are and explained beside
it, an overview of the sources, and the rows of a scan's bugs.

The report text is untrusted: every piece of it is escaped, and only its http(s) addresses become links. The page
carries no external asset, and its Content-Security-Policy admits only its own inline style and script, by hash.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from html import escape
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from linter import __version__
from linter.findings import Finding
from linter.formatters.outcome import Outcome
from linter.formatters.rule_docs import RULES_DOC_URL, rule_doc_url
from linter.formatters.summary import count, plural
from linter.lint import ReportOutline, SourceResult
from linter.source_ref import SourceRef
from linter.terminal import BIDI_CONTROLS

if TYPE_CHECKING:
    from linter.checks.base import Rule
    from linter.report import Report

STYLE = """
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0;
  --panel: #f6f8fa; --error: #cf222e; --warning: #9a6700; --info: #0969da;
  --mark-error: #ffd7d5; --mark-warning: #fff1a8; --mark-info: #d5e8ff; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --error: #ff7b72; --warning: #d29922; --info: #58a6ff;
    --mark-error: #6e1b1b; --mark-warning: #5c4300; --mark-info: #0c3a6b; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 100rem; padding: 1rem 1.5rem 3rem; color: var(--fg); background: var(--bg);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", sans-serif; }
a { color: var(--info); }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; overflow-wrap: anywhere; }
section.source h2 { margin: 0; }
h3 { font-size: 1rem; margin: 1rem 0 .5rem; }
.totals, .counts { color: var(--muted); margin: .25rem 0 1rem; }
table { border-collapse: collapse; }
.overview th, .overview td, .bugs th, .bugs td { border-bottom: 1px solid var(--line); padding: .3rem .6rem;
  text-align: left; vertical-align: top; }
.overview td.n, .bugs td.n { text-align: right; font-variant-numeric: tabular-nums; }
th[aria-sort] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
thead button { all: unset; cursor: pointer; text-decoration: underline dotted; }
thead button:focus-visible { outline: 2px solid var(--info); }
section.source { border-top: 2px solid var(--line); margin-top: 2rem; padding-top: 1rem; }
.top { float: right; font-size: .85rem; }
.unreadable { color: var(--error); }
details > summary { cursor: pointer; color: var(--muted); margin: .5rem 0; }
.body { display: grid; grid-template-columns: minmax(0, 3fr) minmax(18rem, 2fr); gap: 1.5rem; align-items: start; }
@media (max-width: 60rem) { .body { grid-template-columns: minmax(0, 1fr); } }
.text { width: 100%; font: 13px/1.45 ui-monospace, "SFMono-Regular", Menlo, Consolas, monospace; }
.text th { color: var(--muted); font-weight: normal; text-align: right; padding: 0 .6rem 0 0; vertical-align: top;
  user-select: none; width: 1%; white-space: nowrap; }
.text td { white-space: pre-wrap; overflow-wrap: anywhere; vertical-align: top; padding: 0; }
.text td.keys { white-space: nowrap; width: 1%; padding-left: .5rem; user-select: none; }
.text tr:target, .findings li:target { outline: 2px solid var(--info); outline-offset: 1px; }
mark { color: inherit; border-bottom: 2px solid; border-radius: 2px; }
mark.error { background: var(--mark-error); border-color: var(--error); }
mark.warning { background: var(--mark-warning); border-color: var(--warning); }
mark.info { background: var(--mark-info); border-color: var(--info); }
mark:empty { padding: 0 .3em; }
.keys a { display: inline-block; min-width: 1.6em; margin-right: .2rem; border-radius: .8em; text-align: center;
  color: var(--bg); text-decoration: none; font: bold 11px/1.6 system-ui, sans-serif; }
.keys a.error, .findings .error > .head .severity { background: var(--error); }
.keys a.warning, .findings .warning > .head .severity { background: var(--warning); }
.keys a.info, .findings .info > .head .severity { background: var(--info); }
aside { position: sticky; top: 0; max-height: 100vh; overflow-y: auto; }
@media print { aside { position: static; max-height: none; } }
.findings { margin: 0; padding-left: 2.2rem; }
.findings li { margin: 0 0 .6rem; padding: .3rem .5rem; background: var(--panel); border-radius: 4px; }
.findings p { margin: 0; }
.findings .severity { color: var(--bg); border-radius: 3px; padding: 0 .3rem; font-size: .8rem; }
.findings .message { white-space: pre-line; overflow-wrap: anywhere; }
.findings .where { color: var(--muted); }
"""

#: A column heading made a button that sorts by it, saying its order in aria-sort: shared by the pages' scripts.
SORT_BUTTON = """
function sortButton(head, heads, sort) {
  const button = document.createElement("button");
  button.type = "button";
  button.append(...head.childNodes);
  head.append(button);
  button.addEventListener("click", () => {
    const ascending = head.getAttribute("aria-sort") !== "ascending";
    for (const other of heads) other.removeAttribute("aria-sort");
    head.setAttribute("aria-sort", ascending ? "ascending" : "descending");
    sort(ascending);
  });
}
"""

#: Makes the tables of class "sortable" sortable by a click on a column heading; the page reads the same without it.
SCRIPT = """
"use strict";
""" + SORT_BUTTON + """
for (const table of document.querySelectorAll("table.sortable")) {
  const heads = Array.from(table.tHead.rows[0].cells);
  const body = table.tBodies[0];
  const original = Array.from(body.rows);
  heads.forEach((head, column) => sortButton(head, heads, (ascending) => {
    const key = (row) => (row.cells[column] ? row.cells[column].textContent.trim() : "");
    const numeric = original.every((row) => key(row) === "" || !Number.isNaN(Number(key(row))));
    const compare = numeric ? (a, b) => Number(key(a)) - Number(key(b))
      : (a, b) => key(a).localeCompare(key(b), undefined, {numeric: true});
    const rows = original.slice().sort((a, b) => (ascending ? compare(a, b) : compare(b, a)));
    body.append(...rows);
  }));
}
"""

#: What a link out of the page may carry: the reader's browser follows it, not the page.
REL = "noopener noreferrer nofollow"
SEVERITIES = ("error", "warning", "info")
_URL = re.compile(r"https?://[^\s<>\"'`\\]+", re.IGNORECASE)
#: Punctuation that ends a sentence or closes Markdown around an address rather than belonging to it.
_TRAILING = ".,;:!?*_~'\""
_CLOSERS = {")": "(", "]": "[", "}": "{"}


def format_results(outcome: Outcome, *, bugs: Sequence[Mapping[str, Any]] | None = None) -> str:
    """The page; ``bugs`` are the summary rows of a scan, one a bug, shown as a table above the sources."""
    rows = bugs if bugs is not None else outcome.bugs
    rules = {rule.code: rule for rule in outcome.rules}
    ids = [f"s{number}" for number in range(1, len(outcome.results) + 1)]
    # The first section of each source is the one its bug row links to, should a source come twice.
    sections = {result.source: sid for result, sid in reversed(list(zip(outcome.results, ids)))}
    sortable = len(outcome.results) > 1 or bool(rows)
    totals = count(outcome.results)
    title = f"irlint: {plural(totals['findings'], 'finding')} in {plural(totals['sources'], 'source')}"
    body = [f"<h1>{_text(title)}</h1>",
            f"<p class=\"totals\">{_text(_counts(totals))} in {_text(plural(totals['sources'], 'source'))}</p>"]
    if rows:
        body.append(_bugs(rows, sections, outcome.bugzilla_url))
    if len(outcome.results) > 1:
        body.append(_overview(outcome.results, ids))
    for result, sid in zip(outcome.results, ids):
        body.append(_source(result, sid, rules, outcome.bugzilla_url, len(outcome.results) > 1))
    return page(title, STYLE, SCRIPT if sortable else None, body)


def page(title: str, style: str, script: str | None, body: Sequence[str], data: Sequence[str] = ()) -> str:
    """A whole page: its policy admits its one style and its one script (if any) by hash, and nothing else;
    ``data`` are elements that go before the script (data blocks it reads)."""
    scripts = f"'{_hash(script)}'" if script is not None else "'none'"
    policy = (f"default-src 'none'; style-src '{_hash(style)}'; script-src {scripts}; img-src 'none'; "
              "base-uri 'none'; form-action 'none'")
    head = ["<!DOCTYPE html>", "<html lang=\"en\">", "<head>", "<meta charset=\"utf-8\">",
            f"<meta http-equiv=\"Content-Security-Policy\" content=\"{escape(policy, quote=True)}\">",
            "<meta name=\"referrer\" content=\"no-referrer\">",
            "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">",
            f"<meta name=\"generator\" content=\"irlint {escape(__version__, quote=True)}\">",
            f"<title>{_text(title)}</title>", f"<style>{style}</style>", "</head>", "<body>"]
    tail = [*data, f"<script>{script}</script>"] if script is not None else list(data)
    return "\n".join([*head, *body, *tail, "</body>", "</html>"]) + "\n"


def _hash(text: str) -> str:
    return "sha256-" + base64.b64encode(hashlib.sha256(text.encode("utf-8")).digest()).decode("ascii")


def _counts(totals: Mapping[str, int]) -> str:
    return (f"{plural(totals['findings'], 'finding')} ({totals['error']} error, {totals['warning']} warning, "
            f"{totals['info']} info)")


# --- the tables above the sources ------------------------------------------------------------------------------


def _overview(results: Sequence[SourceResult], ids: Sequence[str]) -> str:
    out = ["<h2 id=\"overview\">Sources</h2>", "<table class=\"overview sortable\">",
           "<thead><tr><th scope=\"col\">Source</th><th scope=\"col\">Reports</th><th scope=\"col\">Findings</th>"
           "<th scope=\"col\">Error</th><th scope=\"col\">Warning</th><th scope=\"col\">Info</th></tr></thead>",
           "<tbody>"]
    for result, sid in zip(results, ids):
        totals = count([result])
        reports = "not read" if result.error is not None else ", ".join(_report_kind(r) for r in result.reports)
        numbers = "".join(f"<td class=\"n\">{totals[key]}</td>" for key in ("findings", *SEVERITIES))
        out.append(f"<tr><td><a href=\"#{sid}\">{_text(result.source.name)}</a></td>"
                   f"<td>{_text(reports)}</td>{numbers}</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _bugs(rows: Sequence[Mapping[str, Any]], sections: Mapping[str, str], base_url: str) -> str:
    columns = list(dict.fromkeys(key for row in rows for key in row))
    heads = "".join(f"<th scope=\"col\">{_text(str(column))}</th>" for column in columns)
    out = ["<h2 id=\"bugs\">Bugs</h2>", "<table class=\"bugs sortable\">", f"<thead><tr>{heads}</tr></thead>",
           "<tbody>"]
    for row in rows:
        cells = []
        for column in columns:
            value = row.get(column)
            numeric = isinstance(value, int | float) and not isinstance(value, bool)
            content = _cell(value)
            if column == "bug" and numeric:
                source = SourceRef.of_bug(value)
                target = f"#{sections[source]}" if source in sections else _safe_url(source.url(base_url))
                content = _anchor(target, content) if target else content
            cells.append(f"<td class=\"n\">{content}</td>" if numeric else f"<td>{content}</td>")
        out.append(f"<tr>{''.join(cells)}</tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _linked(value)
    if isinstance(value, list | tuple):
        return ", ".join(_cell(item) for item in value)
    return _text(json.dumps(value, ensure_ascii=False, default=str))


def _report_kind(report: Report | ReportOutline) -> str:
    return f"{report.kind} {report.template_version}".strip()


# --- one source ------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class _Span:
    """A stretch of one line to wrap in an element: a finding's mark or an address's link."""

    start: int
    end: int
    open: str
    close: str
    #: Between spans that end together, the lower order goes outside.
    order: int


def _source(result: SourceResult, sid: str, rules: Mapping[str, Rule], base_url: str, several: bool) -> str:
    link = _safe_url(result.source.url(base_url))
    name = _anchor(link, _text(result.source.name)) if link else _text(result.source.name)
    top = "<a class=\"top\" href=\"#overview\">overview</a>" if several else ""
    out = [f"<section class=\"source\" id=\"{sid}\" aria-labelledby=\"{sid}-title\">",
           f"{top}<h2 id=\"{sid}-title\">{name}</h2>"]
    if result.error is not None:
        out += [f"<p class=\"unreadable\">Not read: {_text(result.error)}</p>", "</section>"]
        return "\n".join(out)
    reports = "; ".join(f"{_report_kind(r)} report, lines {r.line}–{r.end_line}" for r in result.reports)
    out.append(f"<p class=\"counts\">{_text(_counts(count([result])))}{_text('. ' + reports) if reports else ''}</p>")
    numbered = list(enumerate(result.findings, 1))
    placed = [(n, f) for n, f in numbered if f.line is not None and f.line <= len(result.lines)]
    unplaced = [(n, f) for n, f in numbered if (n, f) not in placed]
    if unplaced:
        out += ["<h3>Findings without a place in the text</h3>" if result.lines else "<h3>Findings</h3>",
                _finding_list(unplaced, sid, rules, with_lines=False)]
    if result.lines:
        out.append(f"<details{' open' if result.findings else ''}>"
                   f"<summary>Text, {plural(len(result.lines), 'line')}</summary>")
        out += ["<div class=\"body\">", _text_table(result.lines, placed, sid, rules)]
        if placed:
            out += [f"<aside aria-label=\"Findings in the text of {_attribute(result.source.name)}\">",
                    _finding_list(placed, sid, rules, with_lines=True), "</aside>"]
        out += ["</div>", "</details>"]
    out.append("</section>")
    return "\n".join(out)


def _finding_list(findings: Sequence[tuple[int, Finding]], sid: str, rules: Mapping[str, Rule],
                  with_lines: bool) -> str:
    out = ["<ol class=\"findings\">"]
    for number, finding in findings:
        severity = finding.severity.value
        where = ""
        if with_lines:
            where = (f"<a class=\"where\" href=\"#{sid}-l{finding.line}\">"
                     f"line {finding.line}:{finding.column or 1}</a> ")
        rule = rules.get(finding.rule)
        # A rule the run did not list is taken for a built-in one, whose heading in docs/rules.md is its code.
        doc = _safe_url(rule_doc_url(rule) if rule else f"{RULES_DOC_URL}#{finding.rule.lower()}")
        code = f"<code>{_text(finding.rule)}</code>"
        out.append(f"<li id=\"{sid}-f{number}\" value=\"{number}\" class=\"{severity}\">"
                   f"<p class=\"head\">{where}<span class=\"severity\">{severity}</span> "
                   f"{_anchor(doc, code) if doc else code} <span class=\"name\">{_text(finding.name)}</span></p>"
                   f"<p class=\"message\">{_linked(finding.message)}</p></li>")
    out.append("</ol>")
    return "\n".join(out)


def _text_table(lines: Sequence[str], placed: Sequence[tuple[int, Finding]], sid: str,
                rules: Mapping[str, Rule]) -> str:
    marks: dict[int, list[_Span]] = {}
    keys: dict[int, list[str]] = {}
    for order, (number, finding) in enumerate(placed):
        severity = finding.severity.value
        label = _attribute(f"{number}. {finding.rule} {finding.name} ({severity}): {finding.message}")
        tag = f"<mark class=\"{severity}\" data-finding=\"{sid}-f{number}\" title=\"{label}\">"
        for line, start, end in _extent(finding, lines):
            marks.setdefault(line, []).append(_Span(start, end, tag, "</mark>", order))
        keys.setdefault(finding.line or 1, []).append(
            f"<a class=\"{severity}\" href=\"#{sid}-f{number}\" title=\"{label}\">{number}</a>")
    out = ["<table class=\"text\">", "<tbody>"]
    for number, line in enumerate(lines, 1):
        spans = [*marks.get(number, ()), *_links(line)]
        out.append(f"<tr id=\"{sid}-l{number}\"><th scope=\"row\">{number}</th><td>{_render(line, spans)}</td>"
                   f"<td class=\"keys\">{''.join(keys.get(number, ()))}</td></tr>")
    out += ["</tbody>", "</table>"]
    return "\n".join(out)


def _extent(finding: Finding, lines: Sequence[str]) -> list[tuple[int, int, int]]:
    """The (line, start, end) stretches of each line a finding covers, as 0-based code point offsets.

    A finding that points at a place rather than a stretch covers the rest of its line, as the text format's carets.
    """
    first = finding.line or 1
    last = min(max(finding.end_line or first, first), len(lines))
    column = finding.column or 1
    raw = lines[first - 1]
    if last == first:
        if finding.end_column and finding.end_column > column:
            end = finding.end_column
        else:
            end = max(column + 1, len(raw.rstrip()) + 1)
        return [(first, *_clip(raw, column - 1, end - 1))]
    stretches = [(first, *_clip(raw, column - 1, len(raw)))]
    stretches += [(line, 0, len(lines[line - 1])) for line in range(first + 1, last)]
    end_line = lines[last - 1]
    stretches.append((last, *_clip(end_line, 0, (finding.end_column or len(end_line) + 1) - 1)))
    return stretches


def _clip(line: str, start: int, end: int) -> tuple[int, int]:
    start = min(max(start, 0), len(line))
    return start, min(max(end, start), len(line))


def _links(line: str) -> list[_Span]:
    spans = []
    for match in _URL.finditer(line):
        url = _trimmed(match.group())
        if _safe_url(url):
            start = match.start()
            # Links go inside marks that end with them: a mark is split less often than an address.
            spans.append(_Span(start, start + len(url), f"<a href=\"{_attribute(url)}\" rel=\"{REL}\">",
                               "</a>", 1 << 30))
    return spans


def _trimmed(url: str) -> str:
    while url:
        last = url[-1]
        if last in _TRAILING or (last in _CLOSERS and url.count(_CLOSERS[last]) < url.count(last)):
            url = url[:-1]
        else:
            break
    return url


def _render(line: str, spans: Sequence[_Span]) -> str:
    """The line, escaped, with each span's element around it; elements that cross are split where they cross, so
    that the pieces of each still hold exactly its text."""
    bounds = sorted({0, len(line), *(s.start for s in spans), *(s.end for s in spans)})
    out: list[str] = []
    stack: list[_Span] = []
    for index, position in enumerate(bounds):
        ending = next((depth for depth, span in enumerate(stack) if span.end <= position), None)
        reopen: list[_Span] = []
        if ending is not None:
            reopen = [span for span in stack[ending:] if span.end > position]
            out += [span.close for span in reversed(stack[ending:])]
            del stack[ending:]
        starting = [span for span in spans if span.start == position < span.end]
        for span in sorted([*reopen, *starting], key=lambda s: (-s.end, s.order)):
            out.append(span.open)
            stack.append(span)
        out += [span.open + span.close for span in spans if span.start == position == span.end]
        if index + 1 < len(bounds):
            out.append(_text(line[position:bounds[index + 1]]))
    out += [span.close for span in reversed(stack)]
    return "".join(out)


# --- untrusted text --------------------------------------------------------------------------------------------


def _text(text: str) -> str:
    """Text shown as written. A raw CR would reach the page as a line break and a raw NUL would vanish, so both
    go as references that keep (or visibly replace) the character; the other control characters go as references
    too, so that a page printed to a terminal holds no escape sequence the terminal would act on."""
    return _attribute(text).replace("\r", "&#13;").replace("\0", "&#xFFFD;")


def _attribute(text: str) -> str:
    """Text escaped for an element or an attribute, its control characters as references."""
    return _CONTROL.sub(lambda found: f"&#x{ord(found.group()):X};", escape(text, quote=True))


_CONTROL = re.compile(f"[\x01-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f{''.join(BIDI_CONTROLS)}]")


def _linked(text: str) -> str:
    """Text shown as written, with its http(s) addresses as links."""
    return _render(text, _links(text))


def _safe_url(url: str | None) -> str | None:
    """The address when it is an http(s) address with a host, else None: nothing else may become a link."""
    if not url:
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    return url if parts.scheme.lower() in ("http", "https") and parts.hostname else None


def _anchor(url: str, content: str) -> str:
    external = "" if url.startswith("#") else f" rel=\"{REL}\""
    return f"<a href=\"{_attribute(url)}\"{external}>{content}</a>"
