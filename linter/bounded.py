"""Reading a file a user names up to a cap, without PyYAML: TOML configuration is read on most runs, YAML on few."""

from __future__ import annotations

from pathlib import Path
from typing import IO

#: Bytes of one configuration, rule or facts file at the most: the largest real one is a few kilobytes.
MAX_BYTES = 1024 * 1024


def head(source: Path | IO[bytes]) -> bytes:
    """The first MAX_BYTES + 1 bytes of a file or binary stream: one byte past the cap tells a file that passes it,
    and a device or a pipe that never ends costs no more. Raises OSError."""
    if isinstance(source, Path):
        with open(source, "rb") as handle:
            return handle.read(MAX_BYTES + 1)
    return source.read(MAX_BYTES + 1)


def too_large(size: int) -> str | None:
    """Why a file of ``size`` bytes is refused, or None."""
    return f"larger than {MAX_BYTES // 1024:,} KB, the most irlint reads of a YAML file" if size > MAX_BYTES else None
