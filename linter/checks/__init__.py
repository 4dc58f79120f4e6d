"""Python rules: each declares what it is and which reports it applies to; the engine stamps findings."""

from __future__ import annotations

import importlib
import pkgutil
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from functools import cache, cached_property
from typing import Any

from linter.document import Document
from linter.findings import Severity
from linter.report import Report


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found: position, message and details. The engine adds the rule's identity."""

    message: str
    line: int | None
    column: int | None = 1
    end_line: int | None = None
    end_column: int | None = None
    section: str | None = None
    excerpt: str = ""
    data: dict[str, Any] = field(default_factory=dict)


@dataclass
class Context:
    """What a report rule sees: the source, the report, and the date that decides what was in force."""

    document: Document
    report: Report | None
    report_date: date
    #: Where the report date came from: "option", "comment", "timeline", "report" or "today".
    date_source: str
    #: The source was named explicitly (not found while walking a folder).
    explicit: bool = True

    @cached_property
    def schema_violations(self) -> list:
        from linter.checks.schema import violations

        return violations(self)


@dataclass(frozen=True)
class Rule:
    """A rule: identity, applicability and the function that finds its hits."""

    code: str
    name: str
    category: str
    severity: Severity
    description: str
    check: Callable[[Context], Iterable[Hit]]
    #: The report kinds it applies to; None for every kind. Rules with scope "source" run once per source.
    kinds: frozenset[str] | None = None
    versions: frozenset[str] | None = None
    #: First report date on which the requirement is in force.
    since: date | None = None
    scope: str = "report"

    def applies(self, report: Report | None, report_date: date) -> bool:
        """Whether the rule speaks about this report, given the date that decides what was in force."""
        if self.scope == "source":
            return True
        if report is None:
            return False
        if self.kinds is not None and report.kind not in self.kinds:
            return False
        if self.versions is not None and report.template_version not in self.versions:
            return False
        return self.since is None or report_date >= self.since

    @property
    def applicability(self) -> str:
        """A short human description of where the rule applies."""
        if self.scope == "source":
            return "any source"
        kinds = ", ".join(sorted(self.kinds)) if self.kinds else "all kinds"
        if self.versions:
            kinds += f" ({', '.join(sorted(self.versions))})"
        return kinds + (f", from {self.since.isoformat()}" if self.since else "")


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every built-in Python rule, found by walking the rule packages (one rule per module), by code."""
    found = []
    for package_name in _RULE_PACKAGES:
        package = importlib.import_module(package_name)
        for module in pkgutil.iter_modules(package.__path__):
            rule = getattr(importlib.import_module(f"{package_name}.{module.name}"), "RULE", None)
            if isinstance(rule, Rule):
                found.append(rule)
    return tuple(sorted(found, key=lambda r: r.code))


_RULE_PACKAGES = ("linter.checks.structure",)
