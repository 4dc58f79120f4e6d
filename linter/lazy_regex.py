"""Regular expressions compiled on first use.

Most of irlint's expressions serve forms that a given report does not have (certificate counts, closure requests,
pasted bug-page chrome, action wording); compiling all of them whenever their module is imported cost every run
tens of milliseconds, and a one-file check uses few of them.
"""

from __future__ import annotations

import re
from re import _parser as sre_parse
from typing import Any


class LazyPattern:
    """Stands for ``re.compile(pattern, flags)`` and compiles it when one of its methods or attributes is first read.

    Each attribute read is then kept on the holder, so later reads cost what they cost on the compiled pattern.
    ``pattern`` is there from the start: an expression built from another's source does not compile that one.
    Code that needs the ``re.Pattern`` itself (``re.sub(holder, ...)``, ``isinstance``) reads ``compiled``.
    """

    def __init__(self, pattern: str, flags: int = 0) -> None:
        self.pattern = pattern
        self._flags = flags

    @property
    def compiled(self) -> re.Pattern[str]:
        found = self.__dict__.get("_compiled")
        if found is None:
            found = self.__dict__["_compiled"] = re.compile(self.pattern, self._flags)
        return found

    def __getattr__(self, name: str) -> Any:
        # Dunder probes (copy, pickle, hasattr checks) must not compile nor find the pattern's.
        if name.startswith("__"):
            raise AttributeError(name)
        value = getattr(self.compiled, name)
        setattr(self, name, value)
        return value

    def __repr__(self) -> str:
        return f"LazyPattern({self.pattern!r}, {self._flags!r})"


def lazy_compile(pattern: str, flags: int = 0) -> Any:
    """A pattern compiled on first use (typed ``Any``: it is used as the ``re.Pattern`` it stands for)."""
    return LazyPattern(pattern, flags)


def max_width(pattern: re.Pattern[str] | LazyPattern) -> int:
    """The most characters a match of a compiled pattern can span (``re._parser.MAXREPEAT`` when it has no bound).
    Here rather than in linter.regex_analysis: the extraction needs it on every run, and that module's import
    (its node types) only when the shipped phrases' cached analysis is missing, or for a user's rule pack."""
    return sre_parse.parse(pattern.pattern, pattern.flags).getwidth()[1]
