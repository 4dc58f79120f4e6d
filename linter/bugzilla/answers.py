"""What irlint accepts from Bugzilla: one JSON Schema per answer shape, checked before anything reads an answer.

Bugzilla's text is untrusted and a server can be anything that answers on the base URL. An answer that does not
have the shape the bug model reads (an id that is not a number, ``flags`` as a string, a time as an integer, a
comment without an id, ``"bugs": null``) is refused here with one line, so nothing downstream, the cache included,
ever sees it. Strings keep whatever they hold except lone surrogates (JSON allows ``"\\ud800"``; no file, terminal
or SQLite text can carry one), which become U+FFFD.

Only what irlint reads is constrained: BMO adds fields over time, and extra keys pass.
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from linter.bugzilla.errors import BugzillaError

_TIME = {"type": "string", "pattern": r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$"}
_TEXT = {"type": "string"}
_OPTIONAL_TEXT = {"type": ["string", "null"]}
_ID = {"type": "integer", "minimum": 0}
_FLAG_BIT = {"type": ["boolean", "integer"]}
_IDS_AS_KEYS = {"pattern": r"^[0-9]{1,12}$"}

_FLAG = {
    "type": "object",
    "properties": {"name": _TEXT, "status": _TEXT, "setter": _TEXT, "requestee": _OPTIONAL_TEXT,
                   "creation_date": _TIME, "modification_date": _TIME, "id": _ID, "type_id": _ID},
}
_ATTACHMENT = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": _ID, "bug_id": _ID, "file_name": _TEXT, "summary": _TEXT, "description": _TEXT,
                   "content_type": _TEXT, "size": _ID, "creation_time": _TIME, "last_change_time": _TIME,
                   "creator": _TEXT, "attacher": _TEXT, "is_private": _FLAG_BIT, "is_obsolete": _FLAG_BIT,
                   "is_patch": _FLAG_BIT, "data": _TEXT},
}
_BUG = {
    "type": "object",
    "required": ["id"],
    "properties": {
        "id": _ID, "summary": _TEXT, "status": _TEXT, "resolution": _OPTIONAL_TEXT, "whiteboard": _OPTIONAL_TEXT,
        "product": _TEXT, "component": _TEXT, "creator": _TEXT, "assigned_to": _OPTIONAL_TEXT,
        "creation_time": _TIME, "last_change_time": _TIME, "comment_count": _ID, "is_open": {"type": "boolean"},
        "flags": {"type": "array", "items": _FLAG},
        "see_also": {"type": "array", "items": _TEXT},
        "depends_on": {"type": "array", "items": _ID},
        "blocks": {"type": "array", "items": _ID},
        "attachments": {"type": "array", "items": _ATTACHMENT},
    },
}
_COMMENT = {
    "type": "object",
    "required": ["id"],
    "properties": {"id": _ID, "bug_id": _ID, "count": _ID, "creator": _TEXT, "author": _TEXT,
                   "creation_time": _TIME, "time": _TIME, "raw_text": _OPTIONAL_TEXT, "text": _OPTIONAL_TEXT,
                   "is_private": _FLAG_BIT, "attachment_id": {"type": ["integer", "null"], "minimum": 0}},
}

#: The answer of each endpoint the client calls, by the name the client gives it.
SHAPES: dict[str, dict[str, Any]] = {
    "time": {"type": "object", "properties": {"db_time": _TIME}},
    "bugs": {"type": "object", "required": ["bugs"],
             "properties": {"bugs": {"type": "array", "items": _BUG}}},
    "comments": {"type": "object", "required": ["bugs"],
                 "properties": {"bugs": {"type": "object", "propertyNames": _IDS_AS_KEYS, "additionalProperties": {
                     "type": "object", "required": ["comments"],
                     "properties": {"comments": {"type": "array", "items": _COMMENT}}}}}},
    "attachments": {"type": "object", "required": ["bugs"],
                    "properties": {"bugs": {"type": "object", "propertyNames": _IDS_AS_KEYS,
                                            "additionalProperties": {"type": "array", "items": _ATTACHMENT}}}},
    "attachment data": {"type": "object", "required": ["attachments"],
                        "properties": {"attachments": {"type": "object", "propertyNames": _IDS_AS_KEYS,
                                                       "additionalProperties": _ATTACHMENT}}},
}

_SURROGATE = re.compile("[\ud800-\udfff]")
_PLAIN = re.compile(r"[^A-Za-z0-9_./ -]")


@cache
def _validator(shape: str):
    from jsonschema import Draft202012Validator  # imported on the network path only: start-up stays fast

    return Draft202012Validator(SHAPES[shape])


def checked(shape: str, data: Any, path: str) -> dict[str, Any]:
    """``data`` when it has the shape, with lone surrogates replaced; else BugzillaError naming what is wrong."""
    error = next(iter(_validator(shape).iter_errors(data)), None)
    if error is not None:
        # The path holds the server's keys: only plain characters of it are shown.
        where = _PLAIN.sub("?", "/".join(str(part) for part in error.absolute_path))[:80] or "the answer"
        raise BugzillaError(f"Bugzilla answered {path} with {where} not as expected ({error.validator} "
                            f"{_shown(error.validator_value)})")
    return _without_surrogates(data)


def _shown(value: Any) -> str:
    text = value if isinstance(value, str) else repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _without_surrogates(value: Any) -> Any:
    if isinstance(value, str):
        return value if value.isascii() else _SURROGATE.sub("\ufffd", value)
    if isinstance(value, dict):
        return {_without_surrogates(key): _without_surrogates(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_without_surrogates(item) for item in value]
    return value
