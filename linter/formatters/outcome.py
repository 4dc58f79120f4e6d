"""What a formatter is given: the results, and what some formats describe besides them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from linter.bugzilla.base_url import DEFAULT_BASE_URL
from linter.lint import SourceResult

if TYPE_CHECKING:
    from linter.checks.base import Rule


@dataclass(frozen=True)
class Outcome:
    """The results of one run, in order, with the rules the run knew and where its bugs live."""

    results: Sequence[SourceResult]
    #: Every rule of the run, built-in and from configured rule packs: SARIF describes each one.
    rules: Sequence[Rule] = ()
    #: The Bugzilla that ``bug:N`` sources come from, for the formats that link to them.
    bugzilla_url: str = DEFAULT_BASE_URL
    #: irlint scan: one summary row per bug, most in need of attention first.
    bugs: Sequence[Mapping[str, Any]] = ()
    #: irlint scan: summary lines (counts by rule and by CA), for the text format.
    scan_summary: Sequence[str] = ()
    #: irlint scan: what changed since the previous sync (linter.bugs.changes), and the history of the CA asked
    #: for, or of the whole component (linter.bugs.history).
    changes: Mapping[str, Any] | None = None
    history: Mapping[str, Any] | None = None
    #: irlint scan --changes: the text and CSV formats list the changes instead of the bugs.
    changes_only: bool = False
    #: False under -q: the formats for people print the findings and no summary line.
    summary: bool = True
    #: The text format marks severities, rule codes and carets in colour (decided by --color and the terminal).
    color: bool = False
