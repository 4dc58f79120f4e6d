"""A Markdown table of the findings, for pull-request comments and GitHub's job summary."""

from __future__ import annotations

from linter.formatters.outcome import Outcome
from linter.formatters.rule_docs import escape_markdown, rule_doc_url
from linter.formatters.summary import count, plural
from linter.lint import SourceResult
from linter.terminal import inert


def format_results(outcome: Outcome) -> str:
    doc_urls = {rule.code: rule_doc_url(rule) for rule in outcome.rules}
    rows = [f"| {_source(result, outcome.bugzilla_url)} | {finding.line or ''} | "
            f"{_link(finding.rule, doc_urls.get(finding.rule))} {escape_cell(finding.name)} | "
            f"{finding.severity.value} | {escape_cell(finding.message)} |"
            for result in outcome.results for finding in result.findings]
    totals = count(outcome.results)
    summary = (f"**{plural(totals['findings'], 'finding')}** ({totals['error']} error, {totals['warning']} warning, "
               f"{totals['info']} info) in {plural(totals['sources'], 'source')}")
    if not rows:
        return summary + "\n"
    table = ["| Source | Line | Rule | Severity | Message |", "|---|--:|---|---|---|", *rows]
    return "\n".join(table) + "\n\n" + summary + "\n"


def escape_cell(text: str) -> str:
    """One table cell: Markdown punctuation and '|' escaped, line breaks as <br>, control characters inert."""
    return "<br>".join(escape_markdown(inert(line)) for line in text.splitlines())


def _source(result: SourceResult, bugzilla_url: str) -> str:
    url = result.source.url(bugzilla_url)
    return _link(result.source.name, url) if url else escape_cell(result.source.name)


def _link(text: str, url: str | None) -> str:
    return f"[{escape_cell(text)}]({inert(url)})" if url else escape_cell(text)
