"""Formatters turn results into text. They format only: every decision was made before them."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from linter.formatters import concise, json_format, text
from linter.lint import SourceResult

Formatter = Callable[[Sequence[SourceResult]], str]

FORMATTERS: dict[str, Formatter] = {
    "text": text.format_results,
    "concise": concise.format_results,
    "json": json_format.format_results,
}
