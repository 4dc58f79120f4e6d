"""irlint scan's HTML page, the reviewer's desk: what changed since the previous sync, the history of the CA (or of
the whole component) in charts, and every bug as a row that says what needs attention, sortable and filterable.

The page must open fast and answer at once with the whole component (1,700 bugs): the rows are an embedded JSON
data block (``<script type="application/json">``, which no browser runs), the first page of them is written as
HTML so that the page reads without scripts, and the script renders one page of rows at a time, sorting on keys
computed here (every column's order as integers). The charts are inline SVG written here. The Content-Security-
Policy admits only the page's own style and script, by hash, and nothing from the network.

Everything from Bugzilla (CA names, titles, statuses, finding messages) is escaped here, and made into text by the
script (``textContent``), never into markup.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

from linter.bugs.history import SERIES
from linter.formatters.charts import bar_chart
from linter.formatters.html import SORT_BUTTON, _anchor, _attribute, _safe_url, _text, page
from linter.formatters.outcome import Outcome
from linter.formatters.summary import plural
from linter.source_ref import SourceRef
from linter.terminal import BIDI_CONTROLS

#: Rows a page shows.
PAGE = 100

#: (key of the row, heading, numeric): the columns of the table, in order.
COLUMNS = (
    ("bug", "Bug", True), ("ca", "CA", False), ("status", "Status", False),
    ("headline", "What needs attention", False), ("error", "Err", True), ("warning", "Warn", True),
    ("info", "Info", True), ("last_ca_comment", "Last CA comment", False),
    ("days_since_ca_comment", "Days", True), ("reports", "Reports", False), ("title", "Title", False),
)

STYLE = """
:root { color-scheme: light dark; --fg: #1f2328; --bg: #ffffff; --muted: #59636e; --line: #d1d9e0;
  --panel: #f6f8fa; --error: #cf222e; --warning: #9a6700; --info: #0969da; --bar: #0969da; }
@media (prefers-color-scheme: dark) {
  :root { --fg: #e6edf3; --bg: #0d1117; --muted: #9198a1; --line: #3d444d; --panel: #151b23;
    --error: #ff7b72; --warning: #d29922; --info: #58a6ff; --bar: #58a6ff; }
}
* { box-sizing: border-box; }
body { margin: 0 auto; max-width: 110rem; padding: 1rem 1.5rem 3rem; color: var(--fg); background: var(--bg);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", sans-serif; }
a { color: var(--info); }
h1 { font-size: 1.5rem; margin: 0 0 .25rem; }
h2 { font-size: 1.2rem; margin: 1.5rem 0 .5rem; }
h3 { font-size: 1rem; margin: 1rem 0 .3rem; }
.totals, .muted { color: var(--muted); }
.changes ul { margin: 0 0 .5rem; padding-left: 1.2rem; }
.charts { display: flex; flex-wrap: wrap; gap: 1rem 2rem; }
figure { margin: 0; }
figcaption { font-weight: 600; margin-bottom: .25rem; max-width: 360px; }
svg.chart { display: block; overflow: visible; }
svg.chart .bar { fill: var(--bar); }
svg.chart .axis { stroke: var(--line); }
svg.chart text { fill: var(--fg); font-size: 11px; text-anchor: middle; }
svg.chart text.label, svg.chart text.gap { fill: var(--muted); }
.filters { display: flex; flex-wrap: wrap; gap: .5rem 1rem; align-items: end; margin: .5rem 0; }
.filters label { display: flex; flex-direction: column; font-size: .85rem; color: var(--muted); }
.filters select, .filters input { font: inherit; color: var(--fg); background: var(--bg);
  border: 1px solid var(--line); border-radius: 4px; padding: .2rem .4rem; max-width: 22rem; }
table.desk { border-collapse: collapse; width: 100%; }
.desk th, .desk td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left;
  vertical-align: top; }
.desk td.n { text-align: right; font-variant-numeric: tabular-nums; }
.desk td.headline { min-width: 22rem; }
.desk td.title { color: var(--muted); max-width: 28rem; overflow-wrap: anywhere; }
.desk tr.closed td { color: var(--muted); }
.desk .rule { font: 11px ui-monospace, monospace; color: var(--muted); margin-right: .3rem; }
.desk td.e { color: var(--error); font-weight: 600; }
.desk td.w { color: var(--warning); font-weight: 600; }
.desk tr.details td { background: var(--panel); }
.desk tr.details ol { margin: 0; padding-left: 1.5rem; }
.sev-error { color: var(--error); } .sev-warning { color: var(--warning); } .sev-info { color: var(--info); }
th[aria-sort] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
thead button, button.more { all: unset; cursor: pointer; text-decoration: underline dotted; }
thead button:focus-visible, button.more:focus-visible { outline: 2px solid var(--info); }
.pager { display: flex; gap: 1rem; align-items: center; margin: .5rem 0; }
.pager button { font: inherit; padding: .2rem .8rem; }
"""

#: Sorting, filtering and paging the rows of the data block; the first page is already in the HTML.
SCRIPT = """
"use strict";
""" + SORT_BUTTON + """
const data = JSON.parse(document.getElementById("desk-data").textContent);
const table = document.querySelector("table.desk");
const body = table.tBodies[0];
const shown = document.getElementById("shown");
const controls = {ca: document.getElementById("f-ca"), status: document.getElementById("f-status"),
  severity: document.getElementById("f-severity"), text: document.getElementById("f-text")};
const columns = data.columns;
const at = Object.fromEntries(columns.map((name, index) => [name, index]));
let order = data.rows.map((_, index) => index);
let selected = order;
let start = 0;
let haystacks = null;

function cell(row, name) { return data.rows[row][at[name]]; }

function passes(row) {
  const ca = controls.ca.value, status = controls.status.value, severity = controls.severity.value;
  if (ca && cell(row, "ca") !== ca) return false;
  if (status === "open" && !cell(row, "open")) return false;
  if (status === "closed" && cell(row, "open")) return false;
  if (status && status !== "open" && status !== "closed" && cell(row, "status").split(" ")[0] !== status) return false;
  if (severity === "none" && cell(row, "error") + cell(row, "warning") + cell(row, "info") > 0) return false;
  if (severity && severity !== "none" && !(cell(row, severity) > 0)) return false;
  const text = controls.text.value.trim().toLowerCase();
  if (text) {
    if (haystacks === null) {
      haystacks = data.rows.map((r) => [r[at.bug], r[at.ca], r[at.title], r[at.headline], r[at.status]]
        .join(" ").toLowerCase());
    }
    if (!haystacks[row].includes(text)) return false;
  }
  return true;
}

function render() {
  const rows = selected.slice(start, start + data.page);
  const made = rows.map((row) => {
    const tr = document.createElement("tr");
    if (!cell(row, "open")) tr.className = "closed";
    for (const name of columns.slice(0, data.shown)) {
      const td = document.createElement("td");
      const value = cell(row, name);
      if (name === "bug") {
        const a = document.createElement("a");
        a.href = data.base + value;
        a.rel = "noopener noreferrer nofollow";
        a.textContent = value;
        td.append(a);
      } else if (name === "headline") {
        td.className = "headline";
        if (cell(row, "headline_rule")) {
          const rule = document.createElement("span");
          rule.className = "rule";
          rule.textContent = cell(row, "headline_rule");
          td.append(rule);
        }
        td.append(value);
      } else {
        td.textContent = Array.isArray(value) ? value.join(", ") : (value === null ? "" : String(value));
      }
      if (data.numeric.includes(name)) td.className = "n" + (name === "error" && value ? " e" : "")
        + (name === "warning" && value ? " w" : "");
      if (name === "title") td.className = "title";
      tr.append(td);
    }
    const td = document.createElement("td");
    if (data.findings[row].length) {
      const more = document.createElement("button");
      more.type = "button";
      more.className = "more";
      more.dataset.row = row;
      more.textContent = data.findings[row].length + " findings";
      td.append(more);
    }
    tr.append(td);
    return tr;
  });
  body.replaceChildren(...made);
  const end = Math.min(start + data.page, selected.length);
  shown.textContent = selected.length ? `Bugs ${start + 1}\\u2013${end} of ${selected.length}` +
    (selected.length < data.rows.length ? ` (filtered from ${data.rows.length})` : "") : "No bug matches";
  document.getElementById("prev").disabled = start === 0;
  document.getElementById("next").disabled = end >= selected.length;
}

function refilter() {
  selected = order.filter(passes);
  start = 0;
  render();
}

for (const control of Object.values(controls)) {
  control.addEventListener(control.tagName === "INPUT" ? "input" : "change", refilter);
}
document.getElementById("prev").addEventListener("click", () => { start = Math.max(0, start - data.page); render(); });
document.getElementById("next").addEventListener("click", () => { start += data.page; render(); });

const heads = Array.from(table.tHead.querySelectorAll("th"));
for (const head of table.tHead.querySelectorAll("th[data-key]")) {
  sortButton(head, heads, (ascending) => {
    const keys = data.keys[head.dataset.key];
    order = data.rows.map((_, index) => index)
      .sort((a, b) => (ascending ? keys[a] - keys[b] : keys[b] - keys[a]) || a - b);
    refilter();
  });
}

body.addEventListener("click", (event) => {
  const button = event.target.closest("button.more");
  if (!button) return;
  const tr = button.closest("tr");
  if (tr.nextElementSibling && tr.nextElementSibling.classList.contains("details")) {
    tr.nextElementSibling.remove();
    return;
  }
  const details = document.createElement("tr");
  details.className = "details";
  const td = document.createElement("td");
  td.colSpan = tr.cells.length;
  const list = document.createElement("ol");
  for (const [severity, rule, where, message] of data.findings[Number(button.dataset.row)]) {
    const item = document.createElement("li");
    const head = document.createElement("span");
    head.className = "sev-" + severity;
    head.textContent = `${severity} ${rule}`;
    item.append(head, ` ${where ? where + ": " : ""}${message}`);
    list.append(item);
  }
  td.append(list);
  details.append(td);
  tr.after(details);
});
"""

#: What the JSON data block may not hold as itself: what would end the block or start markup, and what a terminal
#: showing the page would act on.
_UNSAFE_IN_DATA = re.compile(f"[<>&\u2028\u2029\x7f-\x9f{BIDI_CONTROLS}]")


def format_scan(outcome: Outcome) -> str:
    rows = list(outcome.bugs)
    findings = _findings_by_bug(outcome)
    errors = sum(int(row.get("error") or 0) for row in rows)
    opened = sum(bool(row.get("open")) for row in rows)
    title = f"irlint: {plural(len(rows), 'bug')}, {opened} open"
    body = [f"<h1>{_text(title)}</h1>",
            f"<p class=\"totals\">{_text(plural(errors, 'error'))} in all; open bugs first, the most urgent "
            "first. <a href=\"#bugs\">Bugs</a> · <a href=\"#changes\">What changed</a> · "
            "<a href=\"#history\">History</a></p>",
            _changes(outcome.changes, outcome.bugzilla_url),
            _history(outcome.history),
            _bugs(rows, findings, outcome.bugzilla_url)]
    data = _data(rows, findings, outcome.bugzilla_url)
    return page(title, STYLE, SCRIPT, body, [f"<script type=\"application/json\" id=\"desk-data\">{data}</script>"])


# --- what changed ------------------------------------------------------------------------------------------------

_KIND_TITLES = {"new-bug": "New incidents", "reopened": "Reopened", "overdue": "Updates newly overdue",
                "report": "New reports", "ca-comment": "New CA comments", "answered": "Questions answered",
                "closed": "Closed"}


def _changes(changes: Mapping[str, Any] | None, base_url: str) -> str:
    out = ["<section class=\"changes\" id=\"changes\" aria-labelledby=\"changes-title\">",
           "<h2 id=\"changes-title\">What changed since the previous sync</h2>"]
    if not changes or changes.get("since") is None:
        out += ["<p class=\"muted\">No earlier sync to compare with: the next scan will say what changed.</p>",
                "</section>"]
        return "\n".join(out)
    items = changes.get("changes") or []
    out.append(f"<p class=\"muted\">From the sync of {_text(str(changes['since']))} to the sync of "
               f"{_text(str(changes['until']))}: {_text(plural(len(items), 'change'))}.</p>")
    for kind, heading in _KIND_TITLES.items():
        mine = [item for item in items if item.get("kind") == kind]
        if not mine:
            continue
        out += [f"<h3>{_text(heading)} ({len(mine)})</h3>", "<ul>"]
        for item in mine:
            link = _bug_link(base_url, int(item["bug"]))
            ca = f"{_text(str(item['ca']))}: " if item.get("ca") else ""
            out.append(f"<li>{link} {ca}{_text(str(item.get('text') or ''))} "
                       f"<span class=\"muted\">({_text(str(item.get('title') or ''))})</span></li>")
        out.append("</ul>")
    out.append("</section>")
    return "\n".join(out)


# --- history -----------------------------------------------------------------------------------------------------


def _history(history: Mapping[str, Any] | None) -> str:
    out = ["<section class=\"history\" id=\"history\" aria-labelledby=\"history-title\">"]
    if not history or not history.get("years"):
        out += ["<h2 id=\"history-title\">History</h2>", "<p class=\"muted\">No dated bug to draw.</p>", "</section>"]
        return "\n".join(out)
    name = str(history.get("name") or "")
    totals = history.get("totals") or {}
    out += [f"<h2 id=\"history-title\">History: {_text(name)}</h2>",
            f"<p class=\"muted\">{_text(_totals(history, totals))}</p>", "<div class=\"charts\">"]
    years = [str(year) for year in history["years"]]
    for number, (key, heading, unit) in enumerate(SERIES, 1):
        values = history["series"].get(key) or [None] * len(years)
        chart_id = f"chart-{key.replace('_', '-')}"
        if all(value is None for value in values):
            drawn = f"<p class=\"muted\">{_text(_NOT_DRAWN.get(key, 'Nothing to draw.'))}</p>"
        else:
            drawn = bar_chart(chart_id, f"{heading}, by year filed", years, values, unit)
        out.append(f"<figure aria-labelledby=\"fig-{number}\"><figcaption id=\"fig-{number}\">{_text(heading)}"
                   f"</figcaption>{drawn}</figure>")
    out += ["</div>", "</section>"]
    return "\n".join(out)


_NOT_DRAWN = {"weak_analysis_share": "No Full report to judge.",
              "median_days_to_full_report": "No Full report.",
              "repeats": "Not looked for: irlint scan --ca NAME looks for a CA's repeat incidents."}


def _totals(history: Mapping[str, Any], totals: Mapping[str, Any]) -> str:
    parts = [f"{plural(int(history.get('bugs') or 0), 'bug')}, {history.get('open') or 0} open"]
    if totals.get("weak_analysis_share") is not None:
        parts.append(f"{totals['weak_analysis_share']}% of {plural(int(totals['full_reports_judged']), 'Full report')}"
                     " with a weak root cause or remediation")
    if totals.get("median_days_to_full_report") is not None:
        parts.append(f"median {totals['median_days_to_full_report']} days from filing to the Full report")
    parts.append(f"{totals.get('overdue_now', 0)} updates overdue now, {totals.get('late_updates', 0)} came late")
    if totals.get("repeats") is not None:
        parts.append(f"{plural(int(totals['repeats']), 'repeat incident')}")
    return "; ".join(parts)


# --- the rows ----------------------------------------------------------------------------------------------------


def _findings_by_bug(outcome: Outcome) -> dict[int, list[list[str]]]:
    """[severity, rule, where, message] of every finding of each bug, process first, then its reports in order."""
    found: dict[int, list[list[str]]] = {}
    for result in outcome.results:
        bug = result.source.bug
        if bug is None:
            continue
        where = "" if result.source.comment is None and result.source.attachment is None else result.source.name
        mine = found.setdefault(bug, [])
        for finding in result.findings:
            place = f"{where} line {finding.line}" if where and finding.line else where
            mine.append([finding.severity.value, finding.rule, place, finding.message])
    for mine in found.values():
        mine.sort(key=lambda item: item[2] != "")
    return found


def _bugs(rows: Sequence[Mapping[str, Any]], findings: Mapping[int, list], base_url: str) -> str:
    cas = sorted({str(row.get("ca") or "") for row in rows} - {""}, key=str.casefold)
    statuses = sorted({str(row.get("status") or "").split(" ")[0] for row in rows} - {""})
    heads = "".join(f"<th scope=\"col\" data-key=\"{key}\">{_text(title)}</th>" for key, title, _ in COLUMNS)
    out = ["<section id=\"bugs\" aria-labelledby=\"bugs-title\">", "<h2 id=\"bugs-title\">Bugs</h2>",
           "<noscript><p class=\"muted\">Sorting, filtering and the pages after the first need scripts: the "
           f"{PAGE} most urgent bugs are listed.</p></noscript>",
           "<div class=\"filters\" role=\"search\">",
           "<label>CA <select id=\"f-ca\"><option value=\"\">every CA</option>"
           + "".join(f"<option value=\"{_attribute(ca)}\">{_text(ca)}</option>" for ca in cas) + "</select></label>",
           "<label>Status <select id=\"f-status\"><option value=\"\">any status</option>"
           "<option value=\"open\">open</option><option value=\"closed\">resolved</option>"
           + "".join(f"<option value=\"{_attribute(s)}\">{_text(s)}</option>" for s in statuses) + "</select></label>",
           "<label>Severity <select id=\"f-severity\"><option value=\"\">any findings</option>"
           "<option value=\"error\">with errors</option><option value=\"warning\">with warnings</option>"
           "<option value=\"info\">with info</option><option value=\"none\">no finding</option></select></label>",
           "<label>Text <input type=\"search\" id=\"f-text\" placeholder=\"bug, CA, title, finding\"></label>",
           "</div>",
           f"<p id=\"shown\" aria-live=\"polite\">Bugs 1–{min(PAGE, len(rows))} of {len(rows)}</p>",
           "<table class=\"desk\">", f"<thead><tr>{heads}<th scope=\"col\">Findings</th></tr></thead>", "<tbody>"]
    for index, row in enumerate(rows[:PAGE]):
        out.append(_row(index, row, findings.get(int(row["bug"]), []), base_url))
    out += ["</tbody>", "</table>",
            "<nav class=\"pager\" aria-label=\"Pages of bugs\"><button type=\"button\" id=\"prev\" disabled>Previous"
            "</button><button type=\"button\" id=\"next\"" + (" disabled" if len(rows) <= PAGE else "") +
            ">Next</button></nav>", "</section>"]
    return "\n".join(out)


def _row(index: int, row: Mapping[str, Any], findings: list, base_url: str) -> str:
    cells = []
    for key, _, numeric in COLUMNS:
        value = row.get(key)
        if key == "bug":
            content = _bug_link(base_url, int(value), text_only=True)
        elif key == "headline":
            rule = row.get("headline_rule") or ""
            content = (f"<span class=\"rule\">{_text(rule)}</span>" if rule else "") + _text(str(value or ""))
        elif isinstance(value, list):
            content = _text(", ".join(map(str, value)))
        else:
            content = "" if value is None else _text(str(value))
        css = "n" if numeric else "headline" if key == "headline" else "title" if key == "title" else ""
        if key in ("error", "warning") and value:
            css += " e" if key == "error" else " w"
        cells.append(f"<td class=\"{css}\">{content}</td>" if css else f"<td>{content}</td>")
    more = (f"<button type=\"button\" class=\"more\" data-row=\"{index}\">{len(findings)} findings</button>"
            if findings else "")
    closed = "" if row.get("open") else " class=\"closed\""
    return f"<tr{closed}>{''.join(cells)}<td>{more}</td></tr>"


def _bug_link(base_url: str, bug: int, *, text_only: bool = False) -> str:
    url = _safe_url(SourceRef.of_bug(bug).url(base_url) or "")
    label = str(bug) if text_only else f"bug {bug}"
    return _anchor(url, label) if url else label


def _data(rows: Sequence[Mapping[str, Any]], findings: Mapping[int, list], base_url: str) -> str:
    """The data block: the rows as arrays, every column's sort order as integers, the findings of each row."""
    columns = [key for key, _, _ in COLUMNS] + ["open", "headline_rule"]
    table = [[_plain(row.get(key)) for key in columns] for row in rows]
    keys = {}
    for index, (key, _, numeric) in enumerate(COLUMNS):
        if numeric:
            ranked = sorted(range(len(table)), key=lambda r: (table[r][index] is None, table[r][index] or 0))
        else:
            ranked = sorted(range(len(table)), key=lambda r: _text_key(table[r][index]))
        rank = [0] * len(table)
        for position, row in enumerate(ranked):
            rank[row] = position
        keys[key] = rank
    base = _safe_url(SourceRef.of_bug(1).url(base_url) or "")
    document = {"columns": columns, "shown": len(COLUMNS), "numeric": [k for k, _, n in COLUMNS if n],
                "page": PAGE, "base": base[:-1] if base else "", "rows": table, "keys": keys,
                "findings": [findings.get(int(row["bug"]), []) for row in rows]}
    text = json.dumps(document, ensure_ascii=False, separators=(",", ":"))
    return _UNSAFE_IN_DATA.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def _plain(value: Any) -> Any:
    return list(value) if isinstance(value, tuple) else value


def _text_key(value: Any) -> tuple:
    if value is None or value == "" or value == []:
        return (1, "")
    text = ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return (0, text.casefold())
