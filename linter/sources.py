"""Reading sources: files, folders (Markdown files, include/exclude, .gitignore) and standard input."""

from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from linter.source_ref import SourceRef

if TYPE_CHECKING:  # imported where a folder is walked: linting named files does not need it
    import pathspec

#: Larger inputs are refused: no incident report comes near these (the longest real ones are tens of KB, a few
#: hundred lines, paragraphs of a few thousand characters), and what the parse and the rules build and match grows
#: with lines and with the length of a line as much as with bytes; a certificate list belongs in an attachment.
MAX_BYTES = 2 * 1024 * 1024
MAX_LINES = 20_000
MAX_LINE_CHARS = 100_000
MARKDOWN_SUFFIXES = (".md", ".markdown")


class InputError(Exception):
    """A source that cannot be read: the message is one line naming it."""


@dataclass(frozen=True)
class Skipped:
    """A path a folder walk found and does not read (a pipe, a device, a link out of the folder): ``str`` is the
    one line that says so, naming it."""

    name: str
    reason: str

    def __str__(self) -> str:
        return f"{self.name}: skipped, {self.reason}"


@dataclass(frozen=True)
class Empty:
    """A folder the user named in which no file is linted (a path typo in a CI job): ``str`` is the warning."""

    name: str

    def __str__(self) -> str:
        return f"{self.name}: warning: no Markdown file to lint in this folder"


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
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{name}: UTF-16 text, not UTF-8: save it as UTF-8")
    if b"\x00" in data[:8192]:
        raise InputError(f"{name}: binary file, not a text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(f"{name}: not UTF-8 text (invalid byte at offset {error.start})") from None
    too_large = oversized(text)
    if too_large:
        raise InputError(f"{name}: {too_large}")
    return text


def oversized(text: str) -> str | None:
    """Why ``text`` is too large to lint (its bytes, lines or longest line over the limits), or None."""
    # Characters first: more of them than the limit is too many bytes, without encoding the text.
    if len(text) > MAX_BYTES or len(text.encode("utf-8")) > MAX_BYTES:
        return f"text is too large (over {_megabytes(MAX_BYTES)} MB; the limit is {_megabytes(MAX_BYTES)} MB)"
    lines = text.count("\n") + (not text.endswith("\n"))
    if lines > MAX_LINES:
        return f"too many lines for a report ({lines:,}; the limit is {MAX_LINES:,})"
    longest = max(map(len, text.splitlines()), default=0)
    if longest > MAX_LINE_CHARS:
        return f"a line too long for a report ({longest:,} characters; the limit is {MAX_LINE_CHARS:,})"
    return None


def read_source(source: Source) -> str:
    """The text of a source (stdin for '-')."""
    if source.path is None:
        return decode(sys.stdin.buffer.read(MAX_BYTES + 1), source.name)
    try:
        # A file found in a walk is opened without waiting (a pipe put there after the walk looked cannot hold the
        # run) and read only if it is a regular file; a path the user named is read whatever it is (a pipe, /dev/fd).
        with open(source.path, "rb", opener=None if source.explicit else _open_without_waiting) as handle:
            if not source.explicit and not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
                raise InputError(f"{source.name}: not a regular file")
            # Never more than one byte over the limit, whatever the file (a device, a pipe, 50 GB): the size
            # check needs no more, and nothing larger is ever held in memory.
            data = handle.read(MAX_BYTES + 1)
            size = os.fstat(handle.fileno()).st_size
    except OSError as error:
        raise InputError(f"{source.name}: cannot read: {error.strerror or error}") from None
    return decode(data, source.name, size)


def _open_without_waiting(path: str, flags: int) -> int:
    return os.open(path, flags | getattr(os, "O_NONBLOCK", 0))


def _megabytes(size: int) -> str:
    return f"{size / 1024 / 1024:.1f}".removesuffix(".0")


def collect(paths: list[str], include: list[str],
            exclude: list[str]) -> list[Source | InputError | Skipped | Empty]:
    """The sources named by ``paths``: files as given, folders walked for Markdown files, each file once however
    often it is named or found. A walk skips what is not a regular file and links to files outside the folder
    walked; a named link to a file or folder outside the current folder is refused (InputError), unless its file
    lies in the link's own folder. A named folder in which no file is found gives an Empty."""
    return collect_groups([(paths, include, exclude)])


def collect_groups(groups: list[tuple[list[str], list[str], list[str]]]) -> list[Source | InputError | Skipped | Empty]:
    """``collect`` for groups of paths, each group (paths, include, exclude) walked with its own globs; a file
    named or found in two groups is still one source."""
    found: list[Source | InputError | Skipped | Empty] = []
    seen: set[str] = set()
    for item in (item for paths, include, exclude in groups for item in _named(paths, include, exclude)):
        if isinstance(item, Source):
            # The path as named, made absolute (./a.md and a.md, or a file also under a named folder); a link
            # is its own source, as its name is what the findings are reported under.
            key = "-" if item.path is None else os.path.abspath(item.path)
            if key in seen:
                continue
            seen.add(key)
        found.append(item)
    return found


def _named(paths: list[str], include: list[str], exclude: list[str]) -> list[Source | InputError | Skipped | Empty]:
    found: list[Source | InputError | Skipped | Empty] = []
    for raw in paths:
        if raw == "-":
            found.append(Source("-", None, True))
            continue
        path = Path(raw)
        if kind := _link_out_of_reach(path):
            found.append(InputError(f"{raw}: refused: a link to a {kind} outside the current folder "
                                    f"(name the {kind} itself to read it)"))
        elif path.is_dir():
            try:
                walked = _walk(path, include, exclude)
            except InputError as error:  # a .gitignore that governs the folder cannot be read
                found.append(error)
                continue
            found.extend(p if isinstance(p, Skipped) else Source(str(p), p, False) for p in walked)
            if not walked:
                found.append(Empty(raw))
        elif not path.exists():
            found.append(InputError(f"{raw}: no such file or folder"))
        else:
            found.append(Source(raw, path, True))
    return found


def _link_out_of_reach(path: Path) -> str | None:
    """"file" or "folder" when ``path`` leads, through a link on its way (itself, or a folder it passes through
    below the current folder), to one outside both the current folder and that link's own folder; None
    otherwise.

    A link committed to a repository (``notes.md -> ~/.ssh/id_rsa``, or a folder ``docs -> ~/.ssh``) and caught
    by a glob (``irlint check docs/*.md``) would otherwise be read and its text printed, or embedded whole by
    ``--format html``. Links to pipes and devices are the user's intent (``<(cat x)`` is ``/dev/fd/63``, a link
    to a pipe), as is every path under /dev, which no repository can add. Links above the current folder are
    the machine's, not the repository's."""
    absolute = Path(os.path.abspath(path))
    if absolute.as_posix().startswith("/dev/"):
        return None
    target = _real(absolute)
    kind = "file" if target.is_file() else "folder" if target.is_dir() else None
    if kind is None:
        return None
    cwd = Path(os.path.abspath(os.getcwd()))
    for step in (*reversed(absolute.parents), absolute):
        if step == cwd or not step.is_relative_to(cwd) or not step.is_symlink():
            continue
        reached = _real(step)
        if not (_inside(reached, _real(cwd)) or _inside(reached, _real(step.parent))):
            return kind
    return None


def _real(path: Path) -> Path:
    """The path with every link followed (a loop of links stays a path that cannot be read, never an error)."""
    return Path(os.path.realpath(path))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _walk(root: Path, include: list[str], exclude: list[str]) -> list[Path | Skipped]:
    ignored = _gitignores(root)
    import pathspec

    wanted = pathspec.GitIgnoreSpec.from_lines(include) if include else None
    unwanted = pathspec.GitIgnoreSpec.from_lines(exclude)
    real_root = _real(root)
    files: list[Path | Skipped] = []
    for folder, dirs, names in os.walk(root):
        rel_folder = Path(folder).relative_to(root)
        dirs[:] = sorted(d for d in dirs if not d.startswith(".")
                         and not _skipped(root, rel_folder / d, ignored, unwanted, directory=True))
        for name in sorted(names):
            rel = rel_folder / name
            chosen = wanted.match_file(rel.as_posix()) if wanted else name.endswith(MARKDOWN_SUFFIXES)
            if chosen and not _skipped(root, rel, ignored, unwanted, directory=False):
                path = Path(folder) / name
                reason = _not_readable_in_walk(path, real_root)
                files.append(Skipped(str(path), reason) if reason else path)
    return files


def _not_readable_in_walk(path: Path, real_root: Path) -> str | None:
    """Why a file found in a walk is not read, or None. Looks at the file system entry only: opening a pipe
    would wait for a writer."""
    try:
        mode = os.lstat(path).st_mode
    except OSError:
        return None  # gone since the walk listed it: reading says so
    if stat.S_ISLNK(mode):
        target = _real(path)
        if not _inside(target, real_root):
            return "a link to a file outside the folder checked"
        try:
            mode = os.stat(target).st_mode
        except OSError:
            return None  # a broken link: reading says so
    if stat.S_ISREG(mode):
        return None
    return f"not a regular file ({_KINDS.get(stat.S_IFMT(mode), 'a special file')})"


_KINDS = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
          stat.S_IFBLK: "a block device", stat.S_IFDIR: "a folder"}


def _gitignores(root: Path) -> list[tuple[Path, pathspec.GitIgnoreSpec]]:
    """The .gitignore files that govern ``root``, outermost first, each with the folder it sits in."""
    import pathspec

    found = []
    for folder in [root.resolve(), *root.resolve().parents]:
        ignore_file = folder / ".gitignore"
        if ignore_file.is_file():
            try:
                lines = ignore_file.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError as error:
                raise InputError(f"{ignore_file}: cannot read: {error.strerror or error}") from None
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
