"""Formatters turn results into text. They format only: every decision was made before them.

The output formats are named here and nowhere else: the command line offers these names and writes with these
functions. A formatter's module loads when its format is first asked for, so that building the command line
(and ``irlint --version``) loads none of them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from linter.formatters.outcome import Outcome

Formatter = Callable[["Outcome"], str]


class FormatTable(Mapping[str, Formatter]):
    """Format names, in the order the command line lists them, each with its formatter, imported when asked for."""

    def __init__(self, writers: Mapping[str, str]) -> None:
        #: name -> "module:function" under linter.formatters
        self._writers = dict(writers)

    def __getitem__(self, name: str) -> Formatter:
        module, function = self._writers[name].split(":")
        return getattr(import_module(f"{__name__}.{module}"), function)

    def __contains__(self, name: object) -> bool:  # Mapping's own would import the formatter to answer
        return name in self._writers

    def __iter__(self) -> Iterator[str]:
        return iter(self._writers)

    def __len__(self) -> int:
        return len(self._writers)


#: What ``check`` and ``bug`` write: the findings of each source.
FORMATTERS = FormatTable({
    "text": "text:format_results",
    "concise": "concise:format_results",
    "json": "json_format:format_results",
    "sarif": "sarif:format_results",
    "github": "github:format_results",
    "markdown": "markdown:format_results",
    "html": "html:format_results",
})

#: What ``scan`` writes: one row per bug (text, csv), or the findings with the rows beside them (json, html).
SCAN_FORMATTERS = FormatTable({
    "text": "scan_table:format_text",
    "csv": "scan_table:format_csv",
    "json": "json_format:format_results",
    "html": "desk:format_scan",
})
