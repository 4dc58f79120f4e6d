"""Rule selection: --select / --ignore take codes, code prefixes, rule names and ALL."""

from __future__ import annotations

from collections.abc import Iterable


class SelectionError(Exception):
    """An unknown rule code, prefix or name."""


def resolve(select: Iterable[str] | None, ignore: Iterable[str], rules: Iterable) -> frozenset[str]:
    """The codes that run: ``select`` (default ALL) minus ``ignore``."""
    rules = list(rules)
    chosen = _expand(select or ["ALL"], rules)
    return frozenset(chosen - _expand(ignore, rules))


def _expand(items: Iterable[str], rules: list) -> set[str]:
    codes: set[str] = set()
    for raw in items:
        for item in (part.strip() for part in raw.split(",")):
            if not item:
                continue
            if item.upper() == "ALL":
                codes |= {r.code for r in rules}
                continue
            matched = {r.code for r in rules if r.code.startswith(item.upper()) or r.name == item.lower()}
            if not matched:
                raise SelectionError(f"unknown rule code or name: {item!r}")
            codes |= matched
    return codes
