"""Tables in a report's text: Markdown, pipes, tabs, or the cells of rendered page text one a line."""

from __future__ import annotations

from linter.document import CODE, HEADING, TEXT, Document
from linter.lazy_regex import lazy_compile
from linter.report.headings import normalise
from linter.report.model import Row

_DELIMITER_ROW = lazy_compile(r"^\s*\|?\s*:?-{2,}")


def read_table(doc: Document, first: int, last: int,
              columns: dict[str, str]) -> tuple[tuple[str, ...], list[Row]] | None:
    """The header and rows of the table in lines first..last: Markdown, pipes, tabs or one cell per line."""
    tables = doc.tables_between(first, last)
    if tables:
        keys = [columns.get(normalise(cell)) for cell in tables[0].header]
        return tables[0].header, [_row(r.line, r.cells, keys) for r in tables[0].rows]
    lines = [(n, doc.lines[n - 1].strip()) for n in range(first + 1, last + 1)
             if doc.kinds[n - 1] in (TEXT, HEADING, CODE) and doc.lines[n - 1].strip()]
    split_rows = [(n, _split_cells(text)) for n, text in lines if "\t" in text or text.count("|") >= 2]
    split_rows = [(n, cells) for n, cells in split_rows if not _DELIMITER_ROW.match(doc.lines[n - 1])]
    for index, (_, cells) in enumerate(split_rows):
        keys = [columns.get(normalise(cell)) for cell in cells]
        if sum(k is not None for k in keys) >= 2:
            return tuple(cells), [_row(n, c, keys) for n, c in split_rows[index + 1:]]
    # Rendered page text: the header cells one per line, then each row's cells one per line.
    for index in range(len(lines)):
        header_end = index
        while header_end < len(lines) and columns.get(normalise(lines[header_end][1])) is not None:
            header_end += 1
        if header_end - index >= 2:
            header = tuple(text for _, text in lines[index:header_end])
            keys = [columns[normalise(cell)] for cell in header]
            body = lines[header_end:]
            rows = [_row(body[i][0], tuple(t for _, t in body[i:i + len(keys)]), keys)
                    for i in range(0, len(body) - len(keys) + 1, len(keys))]
            return header, rows
    return None


def _split_cells(text: str) -> tuple[str, ...]:
    if "\t" in text:
        return tuple(cell.strip() for cell in text.split("\t"))
    return tuple(cell.strip() for cell in text.strip().strip("|").split("|"))


def _row(number: int, cells: tuple[str, ...], keys: list[str | None]) -> Row:
    named = {key: cell for key, cell in zip(keys, cells) if key is not None}
    return Row(number, named, tuple(cells))


def header_line(document: Document, first: int, last: int, header: tuple[str, ...], rows: list[Row]) -> int | None:
    """The line of a table's header (of its first cell, in rendered text) read from lines first..last."""
    tables = document.tables_between(first, last)
    if tables:
        return tables[0].line
    if not header:
        return None
    cell = header[0].strip()
    end = rows[0].line if rows else last + 1
    for number in range(first + 1, end):
        if cell and cell in document.lines[number - 1]:
            return number
    return None
