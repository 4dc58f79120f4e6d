"""Report -> action items: the rows of the Action Items tables, or the steps of a legacy remediation answer.

The 2.0 templates (incident, audit) ask for a three-column table (Action Item | Kind | Due Date), the 3.x
full report for six columns (Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due
Date | Status). Legacy (1.0) reports answer topic 7, "List of steps your CA is taking ...", in prose or a list:
each bullet, numbered line or sentence is a step, and its due date is read from its text.

Positions are 1-based, as everywhere in irlint. Kind and Status values are matched leniently (case, markup,
trailing punctuation, "Cancelled", "Completed"); what is not matched is left as written for the rules to
judge.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterator
from dataclasses import dataclass, field
from datetime import date
from functools import partial

from linter.document import BLANK, CHROME, CODE, HEADING, HTML, TABLE, TEXT, Document
from linter.lazy_regex import lazy_compile
from linter.report import vocabulary as vocab
from linter.report.headings import normalise
from linter.report.model import ActionItem, ActionTable, Row, Section
from linter.report.tables import header_line, read_table
from linter.report.templates import Template
from linter.report.values import MARKUP, canonical_kinds, canonical_status, clean
from linter.timeline.dates import find_dates

__all__ = [
    "ActionItem", "ActionTable", "canonical_kinds", "canonical_status", "due_date_of", "factor_references",
    "is_template_row", "read_action_items", "read_action_tables", "refers_to_all",
]


# Slashed numeric dates (6/30/2023) are dates, though their order cannot always be told.
_SLASHED = lazy_compile(r"(?<![\d/])(\d{1,2})/(\d{1,2})/((?:19|20)\d{2}|\d{2})(?![\d/])")


def due_date_of(text: str) -> tuple[date | None, bool]:
    """The due date a text gives and whether it gives one at all.

    The date is the last certain calendar date of the text (ISO, dotted day-first, with a month name); a
    slashed numeric date counts as a date (the second value is True) but gives a date only when its order
    is certain (a part above 12). "TBD", "Q3 2026", "ASAP" and "ongoing" give (None, False).
    """
    found = find_dates(text)
    if found:
        return found[-1].value, True
    slashed = _SLASHED.findall(text)
    if not slashed:
        return None, False
    first, second, year = (int(part) for part in slashed[-1])
    year += 2000 if year < 100 else 0
    for month, day in ((first, second), (second, first)):
        if (month > 12) != (day > 12) or month == day:
            try:
                return date(year, month, day) if month <= 12 else date(year, day, month), True
            except ValueError:
                return None, False
    return None, True


def is_template_row(row_or_item: Row | ActionItem) -> bool:
    """The template's example row ("Example" as the action item), left in: S003 speaks about it."""
    description = row_or_item.cells.get("description", "") if isinstance(row_or_item, Row) \
        else row_or_item.description
    return len(description) < 40 and clean(description) == "example"


# --- factor references ------------------------------------------------------------------------------------

_NUMBER = r"\d{1,2}(?!\d)"
_REF_ITEM = rf"(?:(?:cf|rc|f)\s*#?\s*|#\s*)?{_NUMBER}"
_LIST_TAIL = rf"(?:\s*(?:,|;|/|&|\+|\band\b|\bor\b|\bto\b|-|–|—|\bthrough\b)\s*{_REF_ITEM})*"
_KEYWORD_REF = lazy_compile(
    rf"(?:\b(?:root\s*causes?|contributing\s*factors?|causal\s*factors?|factors?|causes?)\s*(?:no\.?\s*)?#?\s*"
    rf"|\b(?:cf|rc)s?\s*#?\s*|#\s*)(?={_NUMBER})({_NUMBER}{_LIST_TAIL})",
    re.IGNORECASE)
_BARE_LIST = lazy_compile(rf"^\s*#?\s*{_NUMBER}{_LIST_TAIL}\s*$", re.IGNORECASE)
_ALL = lazy_compile(r"^\s*(?:all|both|every)\b|\b(?:all|both|every)\s+(?:of\s+the\s+)?(?:(?:contributing|causal)\s+)?"
                  r"(?:root\s*causes?|factors?|causes?)\b", re.IGNORECASE)


_RANGE = lazy_compile(r"-|–|—|\bto\b|\bthrough\b", re.IGNORECASE)


def refers_to_all(text: str) -> bool:
    """The text names every contributing factor ("All", "All root causes", "Both factors")."""
    return bool(_ALL.search(MARKUP.sub("", text)))


def factor_references(text: str, factors: Collection[int] = ()) -> set[int]:
    """The contributing factor numbers a "Corresponding Root Cause(s)" cell names.

    Understood: "Root Cause # 1", "Root Cause 1", "Contributing Factor #1", "CF1", "CF 1", "RC1", "#1",
    a bare list "1, 2", "Factors 1 and 2", ranges "1-3" / "CF1 to CF3"; "All" (or "Both") names every factor
    of ``factors``. Numbers of more than two digits (bug numbers) are not factors.
    """
    text = MARKUP.sub("", text)
    found: set[int] = set()
    if refers_to_all(text):
        found.update(factors)
    lists = [m.group(1) for m in _KEYWORD_REF.finditer(text)]
    if _BARE_LIST.match(text):
        lists.append(text)
    for listed in lists:
        numbers = [(int(m.group(1)), m.start(), m.end()) for m in re.finditer(rf"({_NUMBER})", listed)]
        for (number, _, end), following in zip(numbers, [*numbers[1:], None]):
            found.add(number)
            # A range ("1-3", "CF1 to CF3") names the numbers between, for a short span only.
            if following is not None and _RANGE.search(listed[end:following[1]]) and 0 < following[0] - number <= 20:
                found.update(range(number, following[0]))
    return {n for n in found if n > 0}


# --- tables -----------------------------------------------------------------------------------------------


def read_action_tables(document: Document, sections: list[Section]) -> tuple[ActionTable, ...]:
    """The table of every Action Items section, in order (header None when a section holds none)."""
    tables = []
    for section in sections:
        if section.key != "action_items":
            continue
        found = read_table(document, section.line, section.end_line, vocab.ACTION_ITEM_KEYS)
        if found is None:
            tables.append(ActionTable(section, None, None, ()))
            continue
        header, rows = found
        tables.append(ActionTable(section, header, header_line(document, section.line, section.end_line, header, rows),
                                  tuple(rows), tuple(vocab.ACTION_ITEM_KEYS.get(normalise(cell)) for cell in header)))
    return tuple(tables)


def read_action_items(document: Document, template: Template, sections: list[Section],
                      tables: tuple[ActionTable, ...]) -> tuple[ActionItem, ...]:
    """Every action item of a report: the rows of its Action Items tables, or the steps of the section a
    template without a table answers them in (a legacy report's remediation)."""
    if template.steps_section is not None:
        return tuple(step for section in sections if section.key == template.steps_section
                     for step in _steps_in(document, section))
    items = []
    for table in tables:
        for row, following in zip(table.rows, [*table.rows[1:], None]):
            if not any(cell.strip() for cell in row.raw):
                continue  # a blank row left in the table
            items.append(_item(document, row, table.keys,
                               following.line - 1 if following else table.section.end_line))
    return tuple(items)


def _item(document: Document, row: Row, keys: tuple[str | None, ...], last_line: int) -> ActionItem:
    cells = row.cells
    due_text = cells.get("due_date")
    due, dated = due_date_of(due_text) if due_text else (None, False)
    # A pipe or tab row stands on one line; a rendered row's cells run up to the next row.
    end_line = row.line if _one_line(document.lines[row.line - 1]) else last_line
    return ActionItem(
        line=row.line, description=cells.get("description", row.raw[0] if row.raw else ""),
        kind=cells.get("kind"), root_causes=cells.get("root_causes"),
        evaluation_criteria=cells.get("evaluation_criteria"), due_date_text=due_text, due_date=due,
        status=cells.get("status"), locate=partial(_positions_by_key, document, row, keys, last_line),
        dated=dated, end_line=end_line, row=row)


def _one_line(text: str) -> bool:
    return "\t" in text or len(_PIPE.findall(text)) >= 2


def _positions_by_key(document: Document, row: Row, keys: tuple[str | None, ...],
                      last_line: int) -> dict[str, tuple[int, int]]:
    positions = _cell_positions(document, row, last_line)
    return {key: positions[index] for index, key in enumerate(keys) if key and index < len(positions)}


_PIPE = lazy_compile(r"(?<!\\)\|")


def _cell_positions(document: Document, row: Row, last_line: int) -> list[tuple[int, int]]:
    """Where each raw cell's text starts: in the row's line for pipe and tab rows, one line a cell otherwise."""
    text = document.lines[row.line - 1]
    if _one_line(text):
        spans = _split_spans(text)
        positions = []
        for (start, end), cell in zip(spans, row.raw):
            piece = text[start:end]
            offset = piece.find(cell) if cell else -1
            if offset < 0:
                offset = len(piece) - len(piece.lstrip())
            positions.append((row.line, start + offset + 1))
        return positions
    # Rendered page text: the cells follow one a line, blank lines and page chrome aside.
    positions = []
    number = row.line
    for cell in row.raw:
        while number <= min(last_line, len(document.lines)) and (
                document.kinds[number - 1] not in (TEXT, HEADING, CODE) or not document.lines[number - 1].strip()):
            number += 1
        if number > min(last_line, len(document.lines)):
            break
        line = document.lines[number - 1]
        offset = line.find(cell) if cell else -1
        positions.append((number, offset + 1 if offset >= 0 else len(line) - len(line.lstrip()) + 1))
        number += 1
    return positions


def _split_spans(text: str) -> list[tuple[int, int]]:
    """The [start, end) offsets of each cell of a pipe or tab row, outer pipes dropped."""
    if "\t" in text and len(_PIPE.findall(text)) < 2:
        bounds = [m.start() for m in re.finditer("\t", text)]
        starts = [0, *(b + 1 for b in bounds)]
        ends = [*bounds, len(text)]
        return list(zip(starts, ends))
    pipes = [m.start() for m in _PIPE.finditer(text)]
    stripped = text.strip()
    starts, ends = [], []
    edges = [-1, *pipes, len(text)]
    for left, right in zip(edges, edges[1:]):
        starts.append(left + 1)
        ends.append(right)
    spans = list(zip(starts, ends))
    if stripped.startswith("|"):
        spans = spans[1:]
    if stripped.endswith("|") and spans:
        spans = spans[:-1]
    return spans


# --- legacy remediation steps -----------------------------------------------------------------------------

_LIST_ITEM = lazy_compile(r"^(\s*)(?:[-*+•◦]|\d{1,2}[.)]|\(\d{1,2}\)|\(?[a-z][.)]|step\s+\d{1,2}\s*[:.)\-–—])\s+",
                        re.IGNORECASE)
_LONE_BULLET = frozenset({"-", "*", "+", "•", "◦"})
# A sentence ends at . ! or ? before a capital, a digit or an opening mark; not after an initial or an
# abbreviation.
_SENTENCE_END = lazy_compile(r"(?<!\b[A-Z])(?<!\be\.g)(?<!\bi\.e)(?<!\bvs)(?<!\bno)(?<!\bincl)(?<!\bapprox)"
                           r"(?<!\bsec)(?<!\bInc)(?<!\bLtd)(?<!\bCo)(?<!\bDr)(?<!\bMr)(?<!\bMs)[.!?]['\")\]]?\s+"
                           r"(?=[A-Z0-9(\"'“*_\[])")
_BOLD_ONLY = lazy_compile(r"^(\*\*|__).+\1:?$")

_FUTURE = lazy_compile(
    r"\b(?:we|i|the\s+ca|our\s+(?:\w+\s+){0,2}(?:team|teams|engineers|developers|staff))\s+"
    r"(?:will|shall|are\s+going\s+to|plan|intend|aim|expect\s+to|are\s+planning|commit|are\s+committed|must|"
    r"need\s+to|have\s+to|(?:are|am)\s+(?:currently\s+|now\s+|also\s+|actively\s+|still\s+)?\w+ing)\b"
    r"|\bwe['’]ll\b"
    r"|\bwill\s+be\s+(?:\w+ly\s+)?(?:deployed|implemented|released|completed|added|updated|introduced|rolled|"
    r"enabled|fixed|changed|reviewed|published|trained|retrained|migrated|replaced|removed|conducted|performed|"
    r"extended|automated|enforced|documented|integrated|developed|put|finished|done|delivered|installed|"
    r"upgraded|configured|applied|established|created|revised|rewritten|built)\b"
    r"|\b(?:(?:is|are)\s+(?:planned|scheduled)|(?:planned|scheduled)\s+(?:for|by|to)|in\s+progress|ongoing|"
    r"pending|upcoming|not\s+yet\s+(?:started|complete|completed|done|finished|deployed|implemented)|"
    r"to\s+be\s+(?:done|completed|implemented|deployed|released|delivered)|"
    r"next\s+steps?|target(?:ed)?\s+date|eta|todo|to\s+do)\b"
    r"|\bdue\b(?!\s+to\b)",
    re.IGNORECASE)
_IRREGULAR_PAST = (r"built|made|wrote|written|set|put|took|taken|began|begun|ran|run|sent|brought|found|led|"
                   r"held|kept|shut|cut|rewrote|rewritten|undertook|undertaken|gave|given|did|done|fed|hid|hidden|"
                   r"withdrew|withdrawn|paid|spent|told|sold|thought|taught|caught|bought|chose|chosen|drew|drawn")
# A step that opens by saying it is done ("Done, 2022-09-06: ...", "(Complete) ...").
_DONE_FIRST = lazy_compile(r"^\W*(?:done|complete[d]?|finished|resolved|closed)\b", re.IGNORECASE)
# In a list, any future wording is a commitment ("the linter will use ..."); in prose it may be a consequence.
_WILL = lazy_compile(r"\b(?:will|shall)\b|['’]ll\b", re.IGNORECASE)
_DONE = lazy_compile(
    r"^\W*(?:done|complete[d]?|finished|resolved|fixed|implemented|deployed|closed)\b"
    r"|\((?:done|complete[d]?|finished|resolved|closed)\b"
    r"|\b(?:status|state)\s*:\s*(?:done|complete[d]?|finished|resolved|closed)\b"
    r"|\b(?:we|i|they)\s+(?:have\s+|had\s+|'ve\s+)?(?:already\s+|also\s+|now\s+|successfully\s+|immediately\s+|"
    r"then\s+|promptly\s+|quickly\s+|subsequently\s+)?(?!need\b|proceed\b|exceed\b|succeed\b|feed\b|"
    r"(?:will|shall|are|plan|intend|aim)\b)(?:\w+ed|" + _IRREGULAR_PAST + r")\b"
    r"|\b(?:has|have|had|was|were)\s+(?:now\s+|already\s+|also\s+|successfully\s+|fully\s+|since\s+)?"
    r"(?:been\s+)?(?:\w+ly\s+)?(?!need\b|to\b)(?:\w+ed|" + _IRREGULAR_PAST + r")\b"
    r"|\b(?:is|are)\s+now\b|\bnow\s+(?:\w+s|in\s+place|enforced|blocked|rejected)\b|\balready\b",
    re.IGNORECASE)
_IMPERATIVE_VERBS = (
    "add", "adopt", "align", "apply", "audit", "automate", "block", "build", "change", "check", "clarify",
    "conduct", "configure", "create", "define", "deploy", "design", "develop", "disable", "document", "enable",
    "enforce", "enhance", "ensure", "establish", "evaluate", "expand", "extend", "fix", "harden", "implement",
    "improve", "include", "increase", "integrate", "introduce", "investigate", "limit", "log", "migrate",
    "modify", "monitor", "move", "perform", "prevent", "provide", "publish", "rebuild", "reduce", "refactor",
    "reject", "release", "remove", "replace", "require", "restore", "restrict", "retrain", "review", "revise",
    "rewrite", "roll", "run", "schedule", "separate", "set", "strengthen", "switch", "test", "track", "train",
    "treat", "update", "upgrade", "validate", "verify", "write", "alert", "amend", "analyse", "analyze",
    "assess", "reconfigure", "redesign", "rework", "introduce", "deprecate", "retire", "measure", "notify",
)


def _gerunds(verb: str) -> set[str]:
    forms = {verb + "ing", verb + verb[-1] + "ing"}
    if verb.endswith("e") and not verb.endswith("ee"):
        forms.add(verb[:-1] + "ing")
    return forms


_IMPERATIVE = frozenset(_IMPERATIVE_VERBS) | frozenset(g for v in _IMPERATIVE_VERBS for g in _gerunds(v))
_LEAD_LABEL = lazy_compile(r"^[\w\s\-/]{1,40}:\s+")


# A sentence that announces steps is not one ("We are taking the following steps.").
_INTRO = lazy_compile(r"\bthe\s+following\b|\b(?:these|several|a\s+number\s+of|some|multiple|further|additional|"
                    r"various)\s+(?:\w+\s+)?(?:steps|actions|measures|changes|improvements)\W*$", re.IGNORECASE)


def _assess(text: str, item: bool) -> tuple[bool, bool]:
    """(done, commitment) of a step: future wording makes a commitment, past wording a step already done;
    in a list, an imperative or gerund opening ("Add ...", "Adding ...") is a commitment too (in prose,
    "Review of the logs showed ..." would be taken for one)."""
    if _DONE_FIRST.match(text):
        return True, False
    if _FUTURE.search(text) or (item and _WILL.search(text)):
        return False, True
    if _DONE.search(text):
        return True, False
    if not item:
        return False, False
    opening = _LIST_ITEM.sub("", text, count=1)
    opening = MARKUP.sub("", opening).strip()
    opening = _LEAD_LABEL.sub("", opening, count=1) if ":" in opening[:42] else opening
    first = re.match(r"[A-Za-z]+", opening)
    return False, bool(first and first.group(0).lower() in _IMPERATIVE)


@dataclass
class _Block:
    """A list item or a paragraph: its pieces of text, each (line, column, text)."""

    item: bool
    pieces: list[tuple[int, int, str]] = field(default_factory=list)


def _steps_in(document: Document, section: Section) -> Iterator[ActionItem]:
    for block in _blocks(document, section):
        if block.item:
            yield _step(block.pieces, True)
            continue
        for sentence in _sentences(block.pieces):
            step = _step(sentence, False)
            if not (_INTRO.search(step.description) and not step.dated):
                yield step  # a sentence that announces the steps is not one


def _step(pieces: list[tuple[int, int, str]], item: bool) -> ActionItem:
    text = " ".join(piece for _, _, piece in pieces)
    due, dated = due_date_of(text)
    found = find_dates(text)
    slashed = list(_SLASHED.finditer(text))
    due_text = text[found[-1].start:found[-1].end] if found else slashed[-1].group(0) if slashed else None
    done, commitment = _assess(text, item)
    line, column = pieces[0][0], pieces[0][1]
    return ActionItem(line=line, description=text, due_date_text=due_text, due_date=due,
                      locate=partial(dict, description=(line, column)), source="step", done=done,
                      commitment=commitment, dated=dated, end_line=pieces[-1][0])


def _body_lines(document: Document, section: Section) -> Iterator[tuple[int, int, str]]:
    """(line, column, text) of the section's answer; a question that runs into its answer gives the answer."""
    for number in range(section.line, section.end_line + 1):
        kind = document.kinds[number - 1]
        line = document.lines[number - 1]
        if kind in (BLANK, CHROME) or line.strip() in _LONE_BULLET:
            yield number, 0, ""
            continue
        if kind == HTML or kind == CODE:
            continue
        if number == section.line:
            # The heading line: only a run-in answer after the question's colon is a step.
            if section.body_line != section.line:
                continue
            colon = line.find(":")
            if colon < 0 or not line[colon + 1:].strip(" *_"):
                continue
            start = colon + 1
            while start < len(line) and line[start] in " *_":
                start += 1
            yield number, start + 1, line[start:].rstrip()
            continue
        if kind == TABLE:
            yield number, -1, line
            continue
        yield number, len(line) - len(line.lstrip()) + 1, line.strip()


def _blocks(document: Document, section: Section) -> list[_Block]:
    table_rows = {row.line: row for table in document.tables_between(section.line, section.end_line)
                  for row in table.rows}
    blocks: list[_Block] = []
    current: _Block | None = None
    blank_before = False
    for number, column, text in _body_lines(document, section):
        if column == 0:  # a blank line or page chrome ends a paragraph, but not a list item's lazy lines
            blank_before = True
            if current is not None and not current.item:
                current = None
            continue
        if column == -1:  # a Markdown table line: each body row is a step
            row = table_rows.get(number)
            if row is not None:
                cells = [cell for cell in row.cells if cell]
                offset = document.lines[number - 1].find(cells[0]) if cells else 0
                blocks.append(_Block(True, [(number, max(offset, 0) + 1, " | ".join(cells))]))
            current = None
            continue
        item = _LIST_ITEM.match(document.lines[number - 1]) if number != section.line else None
        if item is not None:
            content_column = item.end() + 1
            current = _Block(True, [(number, content_column, document.lines[number - 1][item.end():].rstrip())])
            blocks.append(current)
        elif current is not None and (not blank_before or (current.item and column > 2)):
            current.pieces.append((number, column, text))  # a wrapped line of the item or paragraph
        else:
            current = _Block(False, [(number, column, text)])
            blocks.append(current)
        blank_before = False
    # An introduction ("We are taking the following steps:") or a bold sub-heading is not a step.
    return [block for block in blocks
            if not (len(block.pieces) == 1 and (block.pieces[0][2].rstrip(" *_").endswith(":")
                                                 or _BOLD_ONLY.match(block.pieces[0][2])))
            and any(piece.strip(" *_-") for _, _, piece in block.pieces)]


def _sentences(pieces: list[tuple[int, int, str]]) -> Iterator[list[tuple[int, int, str]]]:
    """Split a paragraph into sentences, each kept as pieces of the lines it stands on."""
    joined, origins = "", []  # origins[i]: (line, column) of joined[i]
    for line, column, text in pieces:
        if joined:
            joined += " "
            origins.append(origins[-1])
        joined += text
        origins.extend((line, column + i) for i in range(len(text)))
    starts = [0] + [m.end() for m in _SENTENCE_END.finditer(joined)]
    for start, end in zip(starts, [*starts[1:], len(joined)]):
        sentence = joined[start:end].rstrip()
        if not sentence.strip() or sentence.rstrip(" *_").endswith(":"):
            continue
        by_line: dict[int, tuple[int, int]] = {}
        for index in range(start, start + len(sentence)):
            line, column = origins[index]
            first, last = by_line.get(line, (index, index))
            by_line[line] = (min(first, index), max(last, index))
        yield [(line, origins[first][1], joined[first:last + 1].strip())
               for line, (first, last) in by_line.items() if joined[first:last + 1].strip()]
