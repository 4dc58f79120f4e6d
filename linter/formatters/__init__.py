"""Formatters turn results into text. They format only: every decision was made before them."""

from __future__ import annotations

from collections.abc import Callable

from linter.formatters import concise, github, html, json_format, markdown, sarif, text
from linter.formatters.outcome import Outcome

Formatter = Callable[[Outcome], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text.format_results,
    "concise": concise.format_results,
    "json": json_format.format_results,
    "sarif": sarif.format_results,
    "github": github.format_results,
    "markdown": markdown.format_results,
    "html": html.format_results,
}
