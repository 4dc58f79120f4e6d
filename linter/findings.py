"""The one immutable Finding type, with its severities and categories."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How bad a finding is; ordered so that a higher rank is worse."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}

#: The closed set of categories of the contract.
CATEGORIES = (
    "structure", "timeline", "deadline", "root-cause", "remediation",
    "impact", "action-items", "certificates", "process",
)


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem found in one source; positions are 1-based, columns count code points."""

    rule: str
    name: str
    category: str
    severity: Severity
    message: str
    line: int | None
    column: int | None
    end_line: int | None
    end_column: int | None
    section: str | None = None
    report: int | None = None
    excerpt: str = ""
    data: dict[str, Any] = field(default_factory=dict)

    @property
    def sort_key(self) -> tuple:
        return (self.line or 0, self.column or 0, self.rule)

    def as_dict(self) -> dict[str, Any]:
        """The finding in the contract's JSON shape."""
        return {
            "rule": self.rule, "name": self.name, "category": self.category,
            "severity": self.severity.value, "message": self.message,
            "line": self.line, "column": self.column,
            "end_line": self.end_line, "end_column": self.end_column,
            "section": self.section, "report": self.report,
            "excerpt": self.excerpt, "data": dict(self.data),
        }
