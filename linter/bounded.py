"""Reading a file a user names up to a cap, without PyYAML: TOML configuration is read on most runs, YAML on few."""

from __future__ import annotations

from pathlib import Path
from typing import IO

#: Bytes of one configuration, rule or facts file at the most: the largest real one is a few kilobytes.
MAX_BYTES = 1024 * 1024


class TooLarge(Exception):
    """A file larger than the cap; the message says so."""


def read_text(source: Path | IO[bytes]) -> str:
    """The UTF-8 text of a file or binary stream. At most MAX_BYTES + 1 bytes are read: one byte past the cap tells
    a file that passes it, and a device or a pipe that never ends costs no more. Raises OSError,
    UnicodeDecodeError, or TooLarge."""
    if isinstance(source, Path):
        with open(source, "rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    else:
        data = source.read(MAX_BYTES + 1)
    reason = too_large(len(data))
    if reason is not None:
        raise TooLarge(reason)
    return data.decode("utf-8")


def too_large(size: int) -> str | None:
    """Why a file of ``size`` bytes is refused, or None."""
    if size <= MAX_BYTES:
        return None
    return f"larger than {MAX_BYTES // 1024:,} KB, the most irlint reads of a configuration, rule or facts file"
