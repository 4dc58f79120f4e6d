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
                raise SelectionError(f"unknown rule code or name: {item!r}{did_you_mean(item, rules)}")
            codes |= matched
    return codes


def did_you_mean(item: str, rules: Iterable) -> str:
    """"; did you mean X?" naming the closest rule codes or names to a mistyped selector, or "" when none is close."""
    import difflib  # only for a mistyped selector

    candidates = [name for rule in rules for name in (rule.code, rule.name)]
    wanted = item.upper() if item[:1].isalpha() and item[1:].isdigit() else item.lower()
    close = difflib.get_close_matches(wanted, candidates, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""
