"""A bug as irlint reads it: fields, flags, comments and attachments, parsed once from BMO's JSON shapes.

BMO sends datetimes as "YYYY-MM-DDTHH:MM:SSZ" (UTC), attachment flags as 0/1 integers, an open bug's resolution
as "", and every user both as an e-mail and as a ``*_detail`` object. The process rules see only these types.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Any

from linter.bugzilla.base_url import DEFAULT_BASE_URL
from linter.source_ref import SourceRef

#: The assignee of a bug nobody has taken.
NOBODY = "nobody@mozilla.org"


def parse_time(value: str | None) -> datetime | None:
    """A BMO datetime as an aware UTC datetime (None for a missing or unreadable value)."""
    if not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)
    except ValueError:
        return None


@dataclass(frozen=True, slots=True)
class Flag:
    """A bug flag; needinfo requests are ``name == "needinfo"`` and ``status == "?"``."""

    name: str
    status: str
    setter: str
    requestee: str | None
    created: datetime | None

    @classmethod
    def from_bmo(cls, data: dict[str, Any]) -> Flag:
        return cls(str(data.get("name", "")), str(data.get("status", "")), str(data.get("setter", "")),
                   data.get("requestee"), parse_time(data.get("creation_date")))


@dataclass(frozen=True, slots=True)
class Comment:
    """A comment; ``count`` 0 is the bug's description (comment 0)."""

    id: int
    count: int
    creator: str
    created: datetime | None
    #: What the author typed (BMO's ``raw_text``; Markdown source for comments since 2019).
    text: str
    is_private: bool = False
    attachment_id: int | None = None

    @classmethod
    def from_bmo(cls, data: dict[str, Any]) -> Comment:
        text = data.get("raw_text")
        if text is None:
            text = data.get("text") or ""
        return cls(int(data["id"]), int(data.get("count", 0)), str(data.get("creator") or data.get("author") or ""),
                   parse_time(data.get("creation_time") or data.get("time")), text,
                   bool(data.get("is_private")), data.get("attachment_id"))


@dataclass(frozen=True, slots=True)
class Attachment:
    """An attachment's metadata, and its text when it is a text file irlint reads."""

    id: int
    file_name: str
    summary: str
    content_type: str
    size: int
    created: datetime | None
    creator: str
    is_obsolete: bool
    is_private: bool
    #: The decoded content of a text/plain, text/markdown or text/csv attachment once fetched, else None.
    text: str | None = None

    @classmethod
    def from_bmo(cls, data: dict[str, Any], text: str | None = None) -> Attachment:
        return cls(int(data["id"]), str(data.get("file_name", "")),
                   str(data.get("summary") or data.get("description") or ""),
                   str(data.get("content_type", "")), int(data.get("size") or 0),
                   parse_time(data.get("creation_time")), str(data.get("creator") or data.get("attacher") or ""),
                   bool(data.get("is_obsolete")), bool(data.get("is_private")), text)


@dataclass(frozen=True, slots=True)
class Bug:
    """A bug of the CA Certificate Compliance component, with everything the process rules need."""

    id: int
    summary: str
    status: str
    resolution: str
    whiteboard: str
    creator: str
    assigned_to: str
    created: datetime | None
    last_change: datetime | None
    flags: tuple[Flag, ...] = ()
    comments: tuple[Comment, ...] = ()
    attachments: tuple[Attachment, ...] = ()

    @property
    def is_open(self) -> bool:
        return self.status not in ("RESOLVED", "VERIFIED", "CLOSED")

    @classmethod
    def from_bmo(cls, data: dict[str, Any], comments: list[dict[str, Any]] = (),
                 attachments: tuple[Attachment, ...] = ()) -> Bug:
        return cls(
            id=int(data["id"]), summary=str(data.get("summary", "")), status=str(data.get("status", "")),
            resolution=str(data.get("resolution") or ""), whiteboard=str(data.get("whiteboard") or ""),
            creator=str(data.get("creator", "")), assigned_to=str(data.get("assigned_to") or NOBODY),
            created=parse_time(data.get("creation_time")), last_change=parse_time(data.get("last_change_time")),
            flags=tuple(Flag.from_bmo(f) for f in data.get("flags") or ()),
            comments=tuple(sorted((Comment.from_bmo(c) for c in comments), key=lambda c: c.count)),
            attachments=tuple(attachments),
        )

    def source_text(self, ref: SourceRef) -> str:
        """The text of one of the bug's comments or attachments ("" when it has none, or no longer has it)."""
        if ref.attachment is not None:
            return next((a.text or "" for a in self.attachments if a.id == ref.attachment), "")
        if ref.comment is not None:
            return next((c.text for c in self.comments if c.count == ref.comment), "")
        return ""

    def source_day(self, ref: SourceRef) -> date | None:
        """The day one of the bug's comments or attachments was posted (None when unknown)."""
        if ref.attachment is not None:
            posted = next((a.created for a in self.attachments if a.id == ref.attachment), None)
        else:
            posted = next((c.created for c in self.comments if c.count == ref.comment), None)
        return posted.date() if posted is not None else None

    def url(self, base: str = DEFAULT_BASE_URL, comment: int | None = None) -> str:
        return f"{base}/show_bug.cgi?id={self.id}" + (f"#c{comment}" if comment is not None else "")
