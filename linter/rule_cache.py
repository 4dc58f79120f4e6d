"""The data of the rule files shipped in ``rules/``, kept across runs.

Reading the shipped YAML is most of what a one-file check spends on its rules: importing PyYAML and composing,
bounding and constructing 200 KB of rule data cost several times what reading the same data as JSON costs. The
data is the same on every run of one installation, so the first run writes it, as JSON, to the user's cache
folder, and later runs read that. The cache file is named by irlint's version and checksums of the name and
bytes of every shipped rule file: an upgrade or an edited rule file is a different name, never stale data. A cache
file that cannot be read or does not hold what its name promises is ignored and written again; one that cannot be
written is no error. Only the shipped rules are kept: a user's rule pack is read from its files on every run.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import zlib
from collections.abc import Callable
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from linter import __version__
from linter.resources import resource_dir

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

#: Changed when the layout of the cache file changes.
_LAYOUT = 1
_PREFIX = "rules-"
#: How many cache files (of other versions or rule files) the folder keeps.
_KEPT = 8


def rule_file_data(file: Traversable | Path) -> Any:
    """The data of a rule file as ``yaml_input.load`` reads it, from the cache when the file is one of the shipped
    ones: a fresh copy on every call, which the caller may change. Raises what reading and loading the file raise."""
    if str(file) == str(resource_dir("rules") / file.name):
        text = _shipped_json().get(file.name)
        if text is not None:
            try:
                return json.loads(text)
            except ValueError:  # damaged after its checksum was read: the YAML says what it holds
                pass
    return _read_yaml(file)


def _read_yaml(file: Traversable | Path) -> Any:
    from linter import yaml_input  # PyYAML only when the cache cannot serve: its import alone is 10-20 ms

    with file.open("rb") as handle:
        return yaml_input.load(yaml_input.read(handle))


@cache
def _shipped_json() -> dict[str, str]:
    """The JSON text of every shipped rule file that loads, by file name: from the cache file when it holds them,
    else read from the YAML and written there. Empty when the folder cannot be read."""
    try:
        files = {file.name: file.read_bytes() for file in resource_dir("rules").iterdir()
                 if file.name.endswith((".yaml", ".yml")) and file.is_file()}
    except OSError:
        return {}
    key = rules_key(files)
    path = cache_folder() / f"{_PREFIX}{key}.json"
    found = _read_cache(path, key, set(files))
    if found is not None:
        return found
    texts = {}
    for name in sorted(files):
        try:
            data = _read_yaml(resource_dir("rules") / name)
        except Exception:  # noqa: BLE001 - whoever reads this file reads it again and reports the error then
            continue
        text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        if json.loads(text) == data:  # only what JSON gives back unchanged (no dates, no keys that are not text)
            texts[name] = text
    if len(texts) == len(files):
        _write_cache(path, {"layout": _LAYOUT, "irlint": __version__, "key": key, "files": texts,
                            "check": _checksum(texts)})
    return texts


class Derived:
    """Values that code derives from the shipped rules (the strings each phrase's matches must hold), kept across
    runs in the cache folder: computed once for each argument, then read. The file is named by irlint's version
    and checksums of the modules whose code derives them, so an edit of that code starts it afresh. What the shipped
    rules give belongs here, and verdicts about a user's files named by their checksums (whether a pyproject.toml
    holds irlint's table): a user's patterns are never written to the cache."""

    def __init__(self, kind: str, *code_files: str, valid: Callable[[Any], bool], limit: int = 20_000) -> None:
        """``valid``: whether a value read from the file is one ``compute`` could have given (else computed again);
        ``limit``: how many arguments are kept at the most (the shipped rules hold a few hundred phrases)."""
        self._limit = limit
        self._prefix = f"{kind}-"
        self._valid = valid
        self._code_files = code_files
        self._path: Path | None = None
        self._entries: dict[str, Any] | None = None
        self._added = False

    def get(self, argument: str, compute: Callable[[], Any]) -> Any:
        """The value for ``argument``: the one kept, else ``compute()`` (JSON data), kept by the next ``keep``."""
        entries = self._read() if self._entries is None else self._entries
        if argument in entries and self._valid(entries[argument]):
            return entries[argument]
        value = compute()
        if len(entries) < self._limit:
            entries[argument] = value
            self._added = True
        return value

    def keep(self) -> None:
        """Write the values computed since the file was read (the whole file again, atomically)."""
        if self._added and self._path is not None and self._entries is not None:
            _write_cache(self._path, {"layout": _LAYOUT, "irlint": __version__, "values": self._entries},
                         self._prefix)
        self._added = False

    def _read(self) -> dict[str, Any]:
        self._entries = {}
        try:
            code = {str(number): Path(file).read_bytes() for number, file in enumerate(self._code_files)}
        except OSError:  # no source beside the bytecode: nothing names the values, so none is kept
            return self._entries
        # The standard library's own regular expression parser is part of that code.
        self._path = cache_folder() / f"{self._prefix}{rules_key({**code, 'python': sys.version.encode()})}.json"
        try:
            stored = json.loads(self._path.read_bytes())
        except (OSError, ValueError):
            return self._entries
        if isinstance(stored, dict) and stored.get("layout") == _LAYOUT and isinstance(stored.get("values"), dict):
            self._entries = stored["values"]
        return self._entries


def rules_key(files: dict[str, bytes]) -> str:
    """What names the cache of these rule files (name -> bytes) for this version of irlint: the version, and two
    checksums of every file's name, length and bytes. zlib's, not hashlib's: importing hashlib loads OpenSSL, a few
    milliseconds of every run, and the key guards against edits, not against an adversary (who could write the
    cache file itself)."""
    crc, adler = 0, 1
    for name in sorted(files):
        for part in (name.encode("utf-8", "surrogateescape") + b"\0", len(files[name]).to_bytes(8, "big"),
                     files[name]):
            crc, adler = zlib.crc32(part, crc), zlib.adler32(part, adler)
    version = "".join(c if c.isalnum() or c in "._" else "_" for c in __version__)
    return f"{_LAYOUT}-{version}-{crc:08x}{adler:08x}"


def cache_folder() -> Path:
    """The user's cache folder of irlint (the one the Bugzilla cache uses by default)."""
    import platformdirs

    return platformdirs.user_cache_path("irlint")


def _read_cache(path: Path, key: str, names: set[str]) -> dict[str, str] | None:
    """The texts a cache file holds, or None when it is missing, unreadable or not what its name promises."""
    try:
        stored = json.loads(path.read_bytes())
    except (OSError, ValueError):
        return None
    if not isinstance(stored, dict) or stored.get("key") != key or stored.get("layout") != _LAYOUT:
        return None
    texts = stored.get("files")
    if not isinstance(texts, dict) or set(texts) != names or not all(isinstance(t, str) for t in texts.values()):
        return None
    return texts if stored.get("check") == _checksum(texts) else None


def _checksum(texts: dict[str, str]) -> int:
    """A checksum of the cached texts: a file damaged inside a text, still JSON, is found so."""
    check = 0
    for name in sorted(texts):
        check = zlib.crc32(f"{name}\0{texts[name]}\0".encode("utf-8", "surrogatepass"), check)
    return check


def _write_cache(path: Path, content: dict[str, Any], prefix: str = _PREFIX) -> None:
    """Write the cache file whole or not at all (another run may read it meanwhile), and remove the oldest
    caches of other versions or rule files. Nothing is said when the folder cannot be written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(prefix=f".{prefix}", suffix=".tmp", dir=path.parent)
        try:
            with os.fdopen(handle, "w", encoding="utf-8") as out:
                json.dump(content, out, ensure_ascii=False, separators=(",", ":"))
            os.replace(temporary, path)
        except BaseException:
            Path(temporary).unlink(missing_ok=True)
            raise
        # Several installations (or checkouts) may share the folder: the newest few stay.
        kept = sorted(path.parent.glob(f"{prefix}*.json"), key=lambda file: file.stat().st_mtime, reverse=True)
        for stale in kept[_KEPT:]:
            stale.unlink(missing_ok=True)
    except OSError:
        pass
