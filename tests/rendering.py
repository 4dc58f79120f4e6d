"""A Markdown report as a reader copies it from a rendered Bugzilla page: heading marks and bold gone, tables
flattened to one cell a line, blank lines dropped. Test data only: it lets one case test both input forms."""

from __future__ import annotations

import re

_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}")


def rendered(markdown: str) -> str:
    out = []
    for line in markdown.split("\n"):
        text = line.rstrip()
        if not text.strip() or _DELIMITER.match(text):
            continue
        if text.lstrip().startswith("|"):
            out += [cell.strip() for cell in text.strip().strip("|").split("|") if cell.strip()]
            continue
        out.append(re.sub(r"^#+\s*", "", text).replace("**", ""))
    return "\n".join(out) + ("\n" if markdown.endswith("\n") else "")
