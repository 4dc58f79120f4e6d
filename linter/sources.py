"""Reading sources: files, folders (Markdown files, include/exclude, .gitignore) and standard input."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

import pathspec

from linter.source_ref import SourceRef

#: Larger inputs are refused: no incident report comes near this, and the work stays bounded.
MAX_BYTES = 5 * 1024 * 1024
MARKDOWN_SUFFIXES = (".md", ".markdown")


class InputError(Exception):
    """A source that cannot be read: the message is one line naming it."""


@dataclass(frozen=True)
class Source:
    """A source to lint: its display name and whether the user named it."""

    name: str
    path: Path | None
    explicit: bool

    @property
    def ref(self) -> SourceRef:
        """What the results and the formats know the source by."""
        return SourceRef.stdin() if self.path is None else SourceRef.file(self.name)


def decode(data: bytes, name: str, size: int | None = None) -> str:
    """The text of ``data``, or InputError for binary, oversized or non-UTF-8 input. ``data`` is at most one byte
    over the limit (the readers stop there); ``size`` is the whole file's size, when known."""
    if len(data) > MAX_BYTES:
        known = f"{_megabytes(size)} MB" if size and size > MAX_BYTES else f"over {_megabytes(MAX_BYTES)} MB"
        raise InputError(f"{name}: file is too large ({known}; the limit is {_megabytes(MAX_BYTES)} MB)")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file, not a text report")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {error.start})") from None


def read_source(source: Source) -> str:
    """The text of a source (stdin for '-')."""
    if source.path is None:
        return decode(sys.stdin.buffer.read(MAX_BYTES + 1), source.name)
    try:
        with open(source.path, "rb") as handle:
            # Never more than one byte over the limit, whatever the file (a device, a pipe, 50 GB): the size
            # check needs no more, and nothing larger is ever held in memory.
            data = handle.read(MAX_BYTES + 1)
            size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        raise InputError(f"{source.name}: cannot read: {error.strerror or error}") from None
    return decode(data, source.name, size)


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")


def collect(paths: list[str], include: list[str], exclude: list[str]) -> list[Source | InputError]:
    """The sources named by ``paths``: files as given, folders walked for Markdown files."""
    found: list[Source | InputError] = []
    for raw in paths:
        if raw == "-":
            found.append(Source("-", None, True))
            continue
        path = Path(raw)
        if path.is_dir():
            found.extend(Source(str(p), p, False) for p in _walk(path, include, exclude))
        elif path.exists():
            found.append(Source(raw, path, True))
        else:
            found.append(InputError(f"{raw}: no such file or folder"))
    return found


def _walk(root: Path, include: list[str], exclude: list[str]) -> list[Path]:
    ignored = _gitignores(root)
    wanted = pathspec.GitIgnoreSpec.from_lines(include) if include else None
    unwanted = pathspec.GitIgnoreSpec.from_lines(exclude)
    files = []
    for folder, dirs, names in os.walk(root):
        rel_folder = Path(folder).relative_to(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not _skipped(root, rel_folder / d, ignored, unwanted, directory=True))
        for name in sorted(names):
            rel = rel_folder / name
            chosen = wanted.match_file(rel.as_posix()) if wanted else name.endswith(MARKDOWN_SUFFIXES)
            if chosen and not _skipped(root, rel, ignored, unwanted, directory=False):
                files.append(Path(folder) / name)
    return files


def _gitignores(root: Path) -> list[tuple[Path, pathspec.GitIgnoreSpec]]:
    """The .gitignore files that govern ``root``, outermost first, each with the folder it sits in."""
    found = []
    for folder in [root.resolve(), *root.resolve().parents]:
        ignore_file = folder / ".gitignore"
        if ignore_file.is_file():
            lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
            found.append((folder, pathspec.GitIgnoreSpec.from_lines(lines)))
        if (folder / ".git").exists():
            break
    return found[::-1]


def _skipped(root: Path, rel: Path, ignored: list[tuple[Path, pathspec.GitIgnoreSpec]],
             unwanted: pathspec.GitIgnoreSpec, *, directory: bool) -> bool:
    """Excluded, or ignored by git: the innermost .gitignore that says anything decides, as in git."""
    suffix = "/" if directory else ""
    if unwanted.match_file(rel.as_posix() + suffix):
        return True
    absolute = root.resolve() / rel
    decision = None
    for folder, spec in ignored:
        verdict = spec.check_file(absolute.relative_to(folder).as_posix() + suffix).include
        if verdict is not None:
            decision = verdict
    return bool(decision)
