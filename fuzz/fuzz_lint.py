"""Coverage-guided fuzzing of irlint with atheris (libFuzzer): long runs by hand, not in CI.

Each input is the bytes of a file, read as ``irlint check`` reads one (linter.sources.decode: size cap, binary
and UTF-8 checks), then parsed (``extract_reports(parse_document(...))``, and each report as ``irlint parse``
prints it), linted (``lint_text``) and written in every output format. A crash is any exception, a finding
that points outside the text, or terminal output that is not inert. See fuzz/README.md.
"""

from __future__ import annotations

import json
import sys
from datetime import date
from pathlib import Path

import atheris

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

with atheris.instrument_imports(include=["linter"]):
    from linter.document import parse_document
    from linter.formatters import FORMATTERS
    from linter.formatters.outcome import Outcome
    from linter.formatters.text import inert
    from linter.lint import Options, lint_text
    from linter.report import extract_reports
    from linter.sources import InputError, decode

OPTIONS = Options(today=date(2026, 11, 27))
TERMINAL_FORMATS = ("text", "concise", "github", "markdown")


def _inside(lines: tuple[str, ...], line: int | None, column: int | None) -> bool:
    return line is not None and 1 <= line <= len(lines) and column is not None \
        and 1 <= column <= len(lines[line - 1]) + 1


def test_one_input(data: bytes) -> None:
    try:
        text = decode(data, "fuzz.md")
    except InputError:
        return
    for report in extract_reports(parse_document(text, "fuzz.md")):
        json.dumps(report.as_dict(), default=str)
    result = lint_text(text, "fuzz.md", OPTIONS)
    for finding in result.findings:
        end_line = finding.end_line or finding.line
        end_column = finding.end_column if finding.end_column is not None else finding.column
        if not (_inside(result.lines, finding.line, finding.column) and _inside(result.lines, end_line, end_column)):
            raise AssertionError(f"finding outside the text: {finding}")
    outcome = Outcome([result], ())
    for name, formatter in FORMATTERS.items():
        out = formatter(outcome)
        if name in TERMINAL_FORMATS and inert(out) != out:
            raise AssertionError(f"{name} output is not inert: {out!r}")


def main() -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()


if __name__ == "__main__":
    main()
