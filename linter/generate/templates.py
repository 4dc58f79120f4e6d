"""The vendored CCADB 3.x templates, and the one writer that turns a template and some content into a draft.

Both ``irlint new`` and ``irlint render`` write through :func:`compose`, so a rendered report and a blank draft
share every heading, label and table header, and those come from the template files only (``templates/*.md``,
copied verbatim from https://www.ccadb.org/cas/incident-report, version 3.2).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import Any

import yaml

from linter.report import vocabulary as vocab
from linter.report.headings import normalise
from linter.report.templates import TEMPLATES, Template

#: The kinds ``irlint new`` writes: the templates in force whose text ships with irlint, one version each.
_DRAFTS = {t.kind: t for t in TEMPLATES if t.draft is not None and t.superseded is None}
KINDS = tuple(_DRAFTS)


def draft_template(kind: str) -> Template:
    """The declaration of the template ``irlint new`` and ``irlint render`` write for ``kind``."""
    if kind not in _DRAFTS:
        raise ValueError(f"unknown report kind {kind!r}: expected one of {', '.join(KINDS)}")
    return _DRAFTS[kind]

_LABEL = re.compile(r"^(?P<indent>\s*)- \*\*(?P<label>.+?)\*\*")
_HEADING = re.compile(r"^(?P<marks>#{2,3}) (?P<title>.+)$")
_SOURCE_COMMENT = re.compile(r"\A<!--.*?-->\n", re.DOTALL)


@dataclass(frozen=True, slots=True)
class Line:
    """A line of a template, and what it is."""

    text: str
    #: "marker" (the report's heading), "heading", "label", "factor", "table_header", "table_rule", "text",
    #: or "blank". The template's example table rows are not kept.
    role: str
    #: Canonical key of the section the line stands in (None above the first section).
    section: str | None = None
    #: For labels: the field key, as ``irlint parse`` names it.
    field: str | None = None
    #: For labels: how far the label's list item is indented.
    indent: int = 0


@dataclass
class Content:
    """What goes into a template's blanks. Anything left out stays blank, as in the template."""

    #: Lines above the report's heading.
    preamble: list[str] = field(default_factory=list)
    #: Field values by (section, field key): one line of text, or a list of items written as a nested list.
    fields: dict[tuple[str, str], str | list[str]] = field(default_factory=dict)
    #: Contributing factors: (title, field values by key). Empty keeps the template's one blank factor block.
    factors: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    #: Lines written after a section's heading, before its table if it has one.
    bodies: dict[str, list[str]] = field(default_factory=dict)
    #: Table rows by section, each row its cells. None drops the section's table (its body says why).
    rows: dict[str, list[tuple[str, ...]] | None] = field(default_factory=dict)
    #: Lines below the report.
    after: list[str] = field(default_factory=list)


@cache
def template_lines(kind: str) -> tuple[Line, ...]:
    """The template of ``kind`` (preliminary, full or closure), line by line, without its example rows."""
    if kind not in KINDS:
        raise ValueError(f"unknown report kind {kind!r}: expected one of {', '.join(KINDS)}")
    text = _data_file(_DRAFTS[kind].draft)
    text = _SOURCE_COMMENT.sub("", text, count=1)
    lines: list[Line] = []
    section: str | None = _DRAFTS[kind].opening_section
    table_lines = 0
    for raw in text.split("\n"):
        line = raw.rstrip()
        if not line:
            lines.append(Line("", "blank", section))
            table_lines = 0
            continue
        heading = _HEADING.match(line)
        if heading:
            title = normalise(heading["title"])
            if vocab.REPORT_MARKERS.get(title) == kind:
                lines.append(Line(line, "marker", section))
                continue
            section = vocab.SECTION_TITLES[title]
            lines.append(Line(line, "heading", section))
            continue
        if line.startswith("|"):
            table_lines += 1
            if table_lines <= 2:
                lines.append(Line(line, "table_header" if table_lines == 1 else "table_rule", section))
            continue
        if vocab.CONTRIBUTING_FACTOR.match(normalise(line)):
            lines.append(Line(line, "factor", section))
            continue
        label = _LABEL.match(line)
        if label:
            lines.append(Line(line, "label", section, _field_key(kind, section, label["label"]),
                              len(label["indent"])))
            continue
        lines.append(Line(line, "text", section))
    return tuple(lines)


def _field_key(kind: str, section: str | None, label: str) -> str:
    wanted = normalise(label)
    for spec in vocab.FIELDS_BY_SECTION[(kind, section)]:
        if wanted in spec.labels:
            return spec.key
    raise LookupError(f"the {kind} template's label {label!r} is not in linter.report.vocabulary")


@cache
def guidance() -> dict[str, Any]:
    """The guidance texts (templates/guidance.yaml): ``reports``, ``sections`` and ``fields`` by section."""
    return yaml.safe_load(_data_file("guidance.yaml"))


def _data_file(name: str) -> str:
    return (resources.files("linter.generate") / "templates" / name).read_text(encoding="utf-8")


def guidance_comment(text: str) -> str:
    """The comment that carries one piece of guidance; S010 reports it when it is left in a report."""
    # "-->" inside the text would end the comment early and show the rest on the bug page.
    return f"<!-- irlint-guidance: {' '.join(text.split()).replace('-->', '->')} -->"


def compose(kind: str, content: Content | None = None, *, with_guidance: bool = False) -> str:
    """The template of ``kind`` with ``content`` in its blanks (and guidance after each label and heading)."""
    content = content or Content()
    notes = guidance() if with_guidance else {}
    template = template_lines(kind)
    out: list[str] = list(content.preamble)
    index = 0
    while index < len(template):
        line = template[index]
        if line.role == "factor":
            block = _factor_block(template, index)
            out.extend(_factors(block, content, notes))
            index += len(block)
            continue
        if line.role == "label":
            out.extend(_label(line, content.fields.get((line.section, line.field)),
                              notes.get("fields", {}).get(line.section, {}).get(line.field)))
        elif line.role == "marker":
            out.append(line.text)
            if notes:
                out.extend(["", guidance_comment(notes["reports"][kind]), ""])
        elif line.role == "heading":
            out.append(line.text)
            out.extend(_section_start(line.section, content, notes))
        elif line.role == "table_header":
            rows = content.rows.get(line.section, [])
            if rows is not None:
                out.extend([line.text, template[index + 1].text, *(_row(cells) for cells in rows)])
            index += 2
            continue
        else:
            out.append(line.text)
        index += 1
    out.extend(content.after)
    return _tidy(out)


def _factor_block(template: tuple[Line, ...], start: int) -> tuple[Line, ...]:
    end = start + 1
    while end < len(template) and template[end].role == "label":
        end += 1
    return template[start:end]


def _factors(block: tuple[Line, ...], content: Content, notes: dict) -> list[str]:
    factor_notes = notes.get("fields", {}).get("root_cause_analysis", {})
    if not content.factors:
        out = [block[0].text]
        for line in block[1:]:
            out.extend(_label(line, None, factor_notes.get(line.field)))
        return out
    out = []
    for number, (title, values) in enumerate(content.factors, 1):
        if number > 1:
            out.append("")
        out.append(f"**Contributing Factor {number}: {title}**")
        for line in block[1:]:
            out.extend(_label(line, values.get(line.field), factor_notes.get(line.field)))
    return out


def _label(line: Line, value: str | list[str] | None, note: str | None) -> list[str]:
    inner = " " * (line.indent + 2)
    text = _one_line(value) if isinstance(value, str) else ""
    out = [f"{line.text} {text}" if text else line.text]
    if note:
        out.append(inner + guidance_comment(note))
    if isinstance(value, list):
        out.extend(f"{inner}- {_one_line(item)}" for item in value)
    return out


def _section_start(section: str, content: Content, notes: dict) -> list[str]:
    out = []
    note = notes.get("sections", {}).get(section)
    if note:
        out.extend(["", guidance_comment(note)])
    body = content.bodies.get(section)
    if body:
        out.extend(["", *body])
    return [*out, ""] if out else out


def _row(cells: tuple[str, ...]) -> str:
    # A pipe would end the cell, a line break the row.
    return "| " + " | ".join(_one_line(cell).replace("|", "\\|") for cell in cells) + " |"


def _one_line(text: str) -> str:
    """The text on one line: a line break inside a field's value would end the list item or start a new one."""
    return " ".join(text.split())


def _tidy(lines: list[str]) -> str:
    """One blank line at most between blocks, none at either end, a final line break."""
    out: list[str] = []
    for line in lines:
        line = line.rstrip()
        if line or (out and out[-1]):
            out.append(line)
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) + "\n"
