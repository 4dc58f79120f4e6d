"""The structured Report: what a reviewer would point at, with 1-based line spans."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

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
    #: Header cells of the Action Items table as written, None when there is no table.
    action_items_header: tuple[str, ...] | None
    action_items: tuple[Row, ...]
    related_incidents: tuple[Row, ...]
    #: The source stops inside this report (a copied excerpt): later sections were never there to see.
    cut_short: bool = False
    #: The entries of the Timeline section (or legacy topic 2), read as timestamps and events.
    timeline: Timeline = Timeline()
    #: A 2.0 report that calls itself preliminary and holds only its summary (the 2.0 guidelines ask for an
    #: executive summary and a date for the full report when the full report is not ready).
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

    def as_dict(self) -> dict[str, Any]:
        """Everything, for ``irlint parse``."""
        data = asdict(self)
        data.pop("index")
        data["timeline"] = self.timeline.as_dict()
        return data
