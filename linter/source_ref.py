"""Where a text comes from: a file, standard input, or a Bugzilla bug (its process, a comment, an attachment).

Built once where the text is read; the formats, the review and scan read its fields instead of parsing its
display name back."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class Origin(Enum):
    FILE = "file"
    STDIN = "stdin"
    #: The bug itself: its fields, flags and comment times, judged by the process rules.
    BUG = "bug"
    COMMENT = "comment"
    ATTACHMENT = "attachment"


@dataclass(frozen=True)
class SourceRef:
    """One source. Build it with the class methods; ``name`` is what every format prints."""

    origin: Origin
    #: The path as the user gave it (or as found walking a folder); files only.
    path: str | None = None
    bug: int | None = None
    #: The comment number: a comment's own, or for an attachment the comment that attached it (None when no
    #: comment did).
    comment: int | None = None
    attachment: int | None = None

    @classmethod
    def file(cls, path: str) -> SourceRef:
        return cls(Origin.FILE, path=path)

    @classmethod
    def stdin(cls) -> SourceRef:
        return cls(Origin.STDIN)

    @classmethod
    def of_bug(cls, bug: int) -> SourceRef:
        return cls(Origin.BUG, bug=bug)

    @classmethod
    def of_comment(cls, bug: int, comment: int) -> SourceRef:
        return cls(Origin.COMMENT, bug=bug, comment=comment)

    @classmethod
    def of_attachment(cls, bug: int, attachment: int, comment: int | None = None) -> SourceRef:
        return cls(Origin.ATTACHMENT, bug=bug, comment=comment, attachment=attachment)

    @property
    def name(self) -> str:
        """The display name: the path, ``-``, ``bug:N``, ``bug:N#cK`` or ``bug:N/attachment:M``."""
        match self.origin:
            case Origin.FILE:
                return self.path or ""
            case Origin.STDIN:
                return "-"
            case Origin.BUG:
                return f"bug:{self.bug}"
            case Origin.COMMENT:
                return f"bug:{self.bug}#c{self.comment}"
            case Origin.ATTACHMENT:
                return f"bug:{self.bug}/attachment:{self.attachment}"

    def __str__(self) -> str:
        return self.name

    @property
    def is_file(self) -> bool:
        """A file in the file system (in the workspace or not); standard input and bugs are not."""
        return self.origin is Origin.FILE

    @property
    def in_bug(self) -> bool:
        return self.bug is not None

    def url(self, base_url: str) -> str | None:
        """The web address of a bug source on the Bugzilla at ``base_url``; None for a file or standard input."""
        base = base_url.rstrip("/")
        match self.origin:
            case Origin.BUG:
                return f"{base}/show_bug.cgi?id={self.bug}"
            case Origin.COMMENT:
                return f"{base}/show_bug.cgi?id={self.bug}#c{self.comment}"
            case Origin.ATTACHMENT:
                return f"{base}/attachment.cgi?id={self.attachment}"
        return None
