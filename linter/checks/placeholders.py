"""Values that say nothing yet: empty, or only a placeholder (TBD, TODO, the template's example text).

S003 reports them; the rules that ask whether a section or field holds real text (A001, C002, P007) read the
same verdict, through the report's analysis where it is computed once per text."""

from __future__ import annotations

import re

from linter.lazy_regex import lazy_compile

# Whole values that say nothing yet. "N/A" is an answer where the template allows it, judged separately.
PLACEHOLDER = lazy_compile(
    r"""^\(?(?:tbd|tba|tbc|todo|to\ ?do|xxx+|\?+|-+|–|—|\.+|…|none\ yet|pending
        |(?:to\ be|will\ be)\ (?:provided|determined|confirmed|added|updated|completed|published|posted|shared)
            (?:\ (?:later|soon|shortly|(?:with|in)\ (?:the|a|an|our)\ (?:final|full|next|later|subsequent)?\ ?
                                        (?:incident\ )?(?:report|update|comment)))?
        |(?:we\ are\ )?still\ (?:investigating|under\ investigation|being\ investigated)\b[^.]{0,100}
        |see\ (?:above|below|previous\ comments?|comment\ \#?\d+)
        |\[?(?:insert|add|fill\ in)\b.*\]?
        |yyyy-mm-dd:?(?:\ -\ hh:mm\ example)?|hh:mm\ example|example
        |\[related\ bug\ id\]\(related\ bug\ url\)
        )\)?$""", re.IGNORECASE | re.VERBOSE)
NOT_APPLICABLE = lazy_compile(r"^n\s*/?\s*a\b\.?$|^not\ applicable\.?$", re.IGNORECASE | re.VERBOSE)
_EMPHASIS_MARKS = str.maketrans("*_`>", "    ")
_BULLET = lazy_compile(r"^\s*[-+•]\s+", re.MULTILINE)


def bare(text: str) -> str:
    """The text without markup. Bullets and emphasis marks share no character, so removing the one and then
    the other is the same as removing both in one pass; the marks go by a translation table, far faster."""
    return " ".join(_BULLET.sub(" ", text).translate(_EMPHASIS_MARKS).split()).strip(" .:;")


def placeholder_kind(text: str, na_allowed: bool) -> str | None:
    """"empty" or "placeholder" when ``text`` says nothing, else None."""
    stripped = bare(text)
    if not stripped:
        return "empty"
    if PLACEHOLDER.match(stripped) or (not na_allowed and NOT_APPLICABLE.match(stripped)):
        return "placeholder"
    return None
