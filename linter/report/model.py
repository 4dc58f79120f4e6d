"""The structured Report: what a reviewer would point at, with 1-based line spans."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import asdict, dataclass, field, replace
from datetime import date
from functools import cached_property
from typing import Any

from linter.report.values import canonical_kinds, canonical_status
from linter.timeline.entries import Timeline


@dataclass(frozen=True, slots=True)
class Section:
    """A canonical section (or sub-part) of a report."""

    key: str
    #: The heading as written (None for a section inferred from a field label).
    title: str | None
    line: int
    end_line: int
    #: The enclosing section key for sub-parts ("lessons_learned" for "went_well"), else None.
    parent: str | None = None
    #: Audit reports repeat their sections per finding: the finding's number, else None.
    group: int | None = None
    #: The body holds no text (only the heading, blank lines or chrome).
    empty: bool = False
    #: The body text, stripped, at most a few hundred characters (for placeholder checks).
    body: str = ""
    #: First line of the body text (the heading line for a run-in heading), or None.
    body_line: int | None = None


@dataclass(frozen=True, slots=True)
class Field:
    """A labelled field of a 3.x template."""

    key: str
    section: str
    label: str
    line: int
    column: int
    end_line: int
    #: The value, all of its lines joined by newlines and stripped.
    value: str
    #: Where the value starts (the label's line for an inline value, the next line otherwise).
    value_line: int
    value_column: int
    #: For root-cause fields: the number of the contributing factor they describe (1-based), else None.
    factor: int | None = None

    @property
    def first_value(self) -> str:
        """The first line of the value, the part an enumerated field is judged by."""
        return self.value.split("\n", 1)[0].strip().lstrip("-•*").strip()


@dataclass(frozen=True, slots=True)
class Row:
    """A table row (Action Items, Related Incidents): cells by column key."""

    line: int
    cells: dict[str, str]
    #: The cells as written, in order.
    raw: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Factor:
    """A "Contributing Factor #N: title" block of a 3.x Root Cause Analysis."""

    number: int
    title: str
    line: int


@dataclass(frozen=True)
class ActionItem:
    """One action item: a table row, or a step of a legacy remediation answer.

    Cells are as written (stripped); None when the table has no such column (or for legacy steps, which have
    only a description and a due date read from their text).
    """

    line: int
    description: str
    kind: str | None = None
    root_causes: str | None = None
    evaluation_criteria: str | None = None
    #: The due date cell as written; for a legacy step, the date text found in the step (None without one).
    due_date_text: str | None = None
    #: The due date when it is a certain calendar date, else None.
    due_date: date | None = None
    status: str | None = None
    #: Finds where each cell's text starts (see ``positions``); called once, when a rule first asks.
    locate: Callable[[], dict[str, tuple[int, int]]] | None = field(default=None, compare=False, repr=False)
    #: "table" for a table row, "step" for a legacy remediation step.
    source: str = "table"
    #: A legacy step told in the past tense, or marked done ("we revoked", "has been deployed", "Done:").
    done: bool = False
    #: A legacy step the CA is still to carry out ("we will", "in progress", an imperative "Add ...");
    #: always True for table rows.
    commitment: bool = True
    #: The due date text holds a date (certain, or a slashed numeric date whose order cannot be told).
    dated: bool = False
    #: The last line of the item (a step may run over several lines; a rendered table row has a cell a line).
    end_line: int = 0
    #: The table row the item was read from; None for a legacy step.
    row: Row | None = field(default=None, compare=False, repr=False)

    @property
    def kinds(self) -> tuple[str, ...] | None:
        """The canonical kinds of the Kind cell ("Prevent", ...), () when empty, None when not allowed."""
        return None if self.kind is None else canonical_kinds(self.kind)

    @property
    def canonical_status(self) -> str | None:
        """The canonical status ("Ongoing", ...), "" when empty, None when not allowed or without a column."""
        return None if self.status is None else canonical_status(self.status)

    @cached_property
    def positions(self) -> dict[str, tuple[int, int]]:
        """Where each cell's text starts, (line, column), by column key ("description", "kind", ...)."""
        return self.locate() if self.locate is not None else {}

    def position(self, key: str) -> tuple[int, int]:
        """Where a cell's text starts; the row's line when unknown."""
        return self.positions.get(key, (self.line, 1))


@dataclass(frozen=True)
class ActionTable:
    """The Action Items table of one Action Items section (audit reports have one per finding)."""

    section: Section
    #: The header cells as written; None when the section holds no table.
    header: tuple[str, ...] | None
    #: The line of the header (its first cell, in rendered text), or None.
    line: int | None
    rows: tuple[Row, ...]

    #: The column key of each header cell, None for a column the template does not have.
    keys: tuple[str | None, ...] = ()



@dataclass(frozen=True)
class Report:
    """One incident report found in a source."""

    index: int
    kind: str
    template_version: str
    line: int
    end_line: int
    #: The line of the report's own heading ("## Full Incident Report"), None when inferred.
    heading_line: int | None
    sections: tuple[Section, ...]
    fields: tuple[Field, ...]
    factors: tuple[Factor, ...]
    #: The table of each Action Items section, read once (header None when a section holds none).
    action_tables: tuple[ActionTable, ...]
    #: The action items: the rows of the Action Items tables, or the steps of a legacy remediation answer.
    action_items: tuple[ActionItem, ...]
    related_incidents: tuple[Row, ...]
    #: The source stops inside this report (a copied excerpt): later sections were never there to see.
    cut_short: bool = False
    #: The entries of the Timeline section (or legacy topic 2), read as timestamps and events.
    timeline: Timeline = Timeline()
    #: A 2.0 report that calls itself preliminary and holds only its summary (the 2.0 guidelines ask for an
    #: executive summary and a date for the full report when the full report is not ready), or whose heading
    #: announces the full report to come ("Initial Audit Incident Report").
    preliminary: bool = False

    def section(self, key: str) -> Section | None:
        """The first section with this key."""
        return next((s for s in self.sections if s.key == key), None)

    def field(self, key: str) -> Field | None:
        """The first field with this key."""
        return next((f for f in self.fields if f.key == key), None)

    @property
    def anchor_line(self) -> int:
        """Where report-level findings point: the report's heading, else its first line."""
        return self.heading_line or self.line

    def summary(self) -> dict[str, Any]:
        """The short form used in the JSON findings output."""
        return {"kind": self.kind, "template_version": self.template_version,
                "line": self.line, "end_line": self.end_line}

    @property
    def action_items_header(self) -> tuple[str, ...] | None:
        """The header cells of the first Action Items table as written, None when there is no table."""
        return next((table.header for table in self.action_tables if table.header is not None), None)

    def as_dict(self) -> dict[str, Any]:
        """Everything, for ``irlint parse``: the Action Items as their table rows, as written."""
        data: dict[str, Any] = {}
        for key, value in asdict(replace(self, action_tables=(), action_items=())).items():
            if key == "action_tables":
                data["action_items_header"] = self.action_items_header
            elif key == "action_items":
                data[key] = tuple(asdict(row) for table in self.action_tables for row in table.rows)
            elif key != "index":
                data[key] = value
        data["timeline"] = self.timeline.as_dict()
        return data
