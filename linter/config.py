"""Configuration: ``[tool.irlint]`` in pyproject.toml or ``.irlint.yaml``, the nearest one up, or ``--config``."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from linter.bounded import TooLarge, read_text
from linter.resources import load_schema
from linter.rule_cache import Derived, rules_key

if TYPE_CHECKING:
    import pathspec
    from jsonschema.exceptions import ValidationError

YAML_NAME = ".irlint.yaml"
PYPROJECT_NAME = "pyproject.toml"


class ConfigError(Exception):
    """A configuration file that cannot be read or is not valid: one line naming the file and the key."""


@dataclass(frozen=True)
class Config:
    """One configuration file's settings; ``path`` None means no file was found and these are the defaults."""

    path: Path | None = None
    select: tuple[str, ...] | None = None
    ignore: tuple[str, ...] = ()
    extend_select: tuple[str, ...] = ()
    severity: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    rules_paths: tuple[Path, ...] = ()
    per_file_ignores: tuple[tuple[str, tuple[str, ...]], ...] = ()
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()

    def references(self) -> list[tuple[str, str]]:
        """Every rule selector named, as (where, item), for the caller to check once the rules are loaded."""
        refs = [("select", item) for item in self.select or ()]
        refs += [("ignore", item) for item in self.ignore]
        refs += [("extend-select", item) for item in self.extend_select]
        refs += [("severity", item) for item in self.severity]
        for glob, items in self.per_file_ignores:
            refs += [(f"per-file-ignores {glob!r}", item) for item in items]
        return refs

    def ignores_for(self, source: Path) -> tuple[str, ...]:
        """The selectors per-file-ignores gives for ``source``."""
        if self.path is None:
            relative = source.as_posix()
        else:
            try:
                relative = source.resolve().relative_to(self.path.parent.resolve()).as_posix()
            except ValueError:  # the globs only speak of files under the configuration's folder
                return ()
        selected: dict[str, None] = {}  # ordered and without repeats
        for glob, items in self.per_file_ignores:
            if _spec(glob).match_file(relative):
                selected.update(dict.fromkeys(items))
        return tuple(selected)


@cache
def _spec(glob: str) -> pathspec.GitIgnoreSpec:
    import pathspec  # only for a configuration's per-file-ignores

    return pathspec.GitIgnoreSpec.from_lines([glob])


def find_config(start: Path) -> Path | None:
    """The nearest configuration file from ``start`` up to the root; ``.irlint.yaml`` first in each folder."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / YAML_NAME).is_file():
            return folder / YAML_NAME
        pyproject = folder / PYPROJECT_NAME
        # Most projects have a pyproject.toml that says nothing about irlint: look further up.
        if pyproject.is_file() and _has_irlint_table(pyproject):
            return pyproject
    return None


#: Whether a pyproject.toml of these bytes holds a [tool.irlint] table, kept across runs for the files that parse:
#: most runs find the same unrelated pyproject.toml on the way up, and importing tomllib to parse it again was 3 ms
#: of a one-file check. A file that does not parse, or whose table is not one, is parsed on every run and says so.
#: A few projects' files, each as edited, at the most: the kept verdicts are read on every run.
_PYPROJECT_VERDICTS = Derived("pyproject-verdicts", __file__, valid=lambda value: isinstance(value, bool), limit=256)


def _has_irlint_table(path: Path) -> bool:
    """Whether the pyproject.toml at ``path`` holds a [tool.irlint] table; ConfigError when it cannot be read or
    is not valid TOML, as when it is parsed."""
    text = _read(path)
    key = rules_key({PYPROJECT_NAME: text.encode()})
    found = _PYPROJECT_VERDICTS.get(key, lambda: _irlint_table(path, _parse_toml(path, text)) is not None)
    _PYPROJECT_VERDICTS.keep()
    return found


def load_config(explicit: Path | None, start: Path) -> Config:
    """The configuration in ``explicit`` (``--config``), else the nearest one from ``start``, else the defaults."""
    path = explicit if explicit is not None else find_config(start)
    if path is None:
        return Config()
    if path.name.endswith(".toml"):
        table = _irlint_table(path, _parse_toml(path))
        if table is None:
            raise ConfigError(f"{path}: no [tool.irlint] table")
        _validate(path, table, prefix="[tool.irlint]: ", mapping="a table")
    else:
        table = _parse_yaml(path)
        _validate(path, table, prefix="", mapping="a mapping")
    return _build(path, table)


def _read(path: Path) -> str:
    # PyYAML is not imported to read a file (its import is 10-20 ms): most runs find only a pyproject.toml.
    try:
        return read_text(path)
    except TooLarge as error:
        raise ConfigError(f"{path}: {error}") from None
    except OSError as error:
        raise ConfigError(f"{path}: cannot read: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise ConfigError(f"{path}: not UTF-8 (byte {error.start})") from error


def _parse_toml(path: Path, text: str | None = None) -> dict[str, Any]:
    """The TOML document of ``path`` (its ``text`` when read already)."""
    import tomllib  # only where a pyproject.toml is found

    try:
        return tomllib.loads(_read(path) if text is None else text)
    except RecursionError:  # tomllib nests by recursion: a hostile file can nest deeper than Python allows
        raise ConfigError(f"{path}: nested too deeply") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML: {error}") from error


def _irlint_table(path: Path, document: dict[str, Any]) -> dict[str, Any] | None:
    tool = document.get("tool")
    if not isinstance(tool, dict) or "irlint" not in tool:
        return None
    if not isinstance(tool["irlint"], dict):
        raise ConfigError(f"{path}: [tool.irlint] must be a table")
    return tool["irlint"]


def _parse_yaml(path: Path) -> dict[str, Any]:
    from linter import yaml_input

    try:
        data = yaml_input.load(_read(path))
    except yaml_input.yaml.YAMLError as error:
        raise ConfigError(f"{path}: {yaml_input.describe(error)}") from None
    if data is None:  # empty, or only comments
        return {}
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping of keys")
    return data


def _validate(path: Path, table: dict[str, Any], prefix: str, mapping: str) -> None:
    # Imported only when a configuration file is read: a run without one does not pay for jsonschema.
    from jsonschema import Draft202012Validator
    from jsonschema.exceptions import best_match

    validator = Draft202012Validator(load_schema("config.schema.json"))
    error = best_match(validator.iter_errors(table))
    if error is not None:
        raise ConfigError(f"{path}: {prefix}{_describe(error, mapping)}")


def _describe(error: ValidationError, mapping: str) -> str:
    """One line: the key path, then what is wrong with it."""
    where = [f"item {part + 1}" if isinstance(part, int) else repr(part) for part in error.absolute_path]
    if "propertyNames" in error.absolute_schema_path:
        # The key itself is wrong, not its value; jsonschema reports it at its parent's path.
        where.append(f"key {error.instance!r}")
    if error.validator == "additionalProperties":
        known = error.schema.get("properties", {})
        what = "unknown key " + repr(next(key for key in error.instance if key not in known))
    elif error.validator == "type":
        words = {"array": "a list of strings", "object": mapping, "string": "a string"}
        what = f"must be {words.get(error.validator_value, error.validator_value)}"
    elif error.validator == "enum":
        what = "must be one of " + ", ".join(error.validator_value)
    elif error.validator == "minLength":
        what = "must not be empty"
    else:
        from linter import yaml_input

        what = yaml_input.schema_reason(error)
    return ": ".join([" -> ".join(where), what]) if where else what


def _build(path: Path, table: dict[str, Any]) -> Config:
    base = path.parent
    return Config(
        path=path,
        select=tuple(table["select"]) if "select" in table else None,
        ignore=tuple(table.get("ignore", ())),
        extend_select=tuple(table.get("extend-select", ())),
        severity=MappingProxyType(dict(table.get("severity", {}))),
        rules_paths=tuple((base / entry).resolve() for entry in table.get("rules-paths", ())),
        per_file_ignores=tuple((glob, tuple(items)) for glob, items in table.get("per-file-ignores", {}).items()),
        include=tuple(table.get("include", ())),
        exclude=tuple(table.get("exclude", ())),
    )
