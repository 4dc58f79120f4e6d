"""Facts files: the structured content of a report (YAML), checked against schemas/facts.schema.json.

Every problem is reported on one line with the YAML line it stands on and its JSON path, all at once, so that
an author fixes a facts file in one pass. The YAML is composed (never constructed with tags of its own), then
turned into plain data here while each value's line is noted: PyYAML's safe loader would turn an unquoted
``2026-03-23T08:52:00Z`` into a datetime and a date into a ``date``, which the schema cannot check as written
and which lose the text the author typed.
"""

from __future__ import annotations

import os
from datetime import date, datetime
from functools import cache
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from linter import yaml_input
from linter.resources import load_schema

SCHEMA = "facts.schema.json"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"
_PLAIN_TAGS = frozenset({"tag:yaml.org,2002:" + name for name in ("str", "int", "float", "bool", "null")})
# A facts file is hand-written: far fewer values than this. The cap stops an alias bomb from being expanded.
_MAX_VALUES = 200_000

Path_ = tuple[str | int, ...]


class FactsError(ValueError):
    """A facts file that cannot be read or does not match the schema; ``problems`` holds one line each."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("\n".join(problems))
        self.problems = problems


def load_facts(source: str | os.PathLike[str], *, name: str | None = None) -> dict[str, Any]:
    """The facts in ``source``: a path (``pathlib.Path`` or other path-like) or YAML text (``str``).

    ``name`` is what the messages call the source (default: the path, or "<facts>" for text).
    Raises FactsError.
    """
    if isinstance(source, str):
        text, name = source, name or "<facts>"
    else:
        name = name or os.fspath(source)
        try:
            text = yaml_input.read(Path(source))
        except yaml_input.BoundExceeded as error:
            raise FactsError([f"{name}: {error}"]) from None
        except UnicodeDecodeError:
            raise FactsError([f"{name}: not a UTF-8 text file"]) from None
        except OSError as error:
            raise FactsError([f"{name}: cannot read the file: {error.strerror or error}"]) from None
    data, lines = _read_yaml(text, name)
    problems = validate(data, lines)
    if problems:
        raise FactsError([f"{name}:{line}: {problem}" for line, problem in problems])
    return data


def validate_facts(facts: Any) -> None:
    """Raise FactsError (messages with JSON paths, no lines) when ``facts`` do not match the schema."""
    problems = validate(facts, {})
    if problems:
        raise FactsError([problem for _, problem in problems])


def validate(facts: Any, lines: dict[Path_, int]) -> list[tuple[int | None, str]]:
    """(line, "$.path: message") for each problem, in the order of the file. ``lines`` maps paths to lines."""
    from jsonschema import Draft202012Validator

    found = []
    validator = Draft202012Validator(load_schema(SCHEMA), format_checker=_format_checker())
    for error in validator.iter_errors(facts):
        found.extend(_messages(error, lines))
    found.extend(_dangling_references(facts, lines))
    return sorted(set(found), key=lambda item: (item[0] or 0, item[1]))


# --- YAML with lines --------------------------------------------------------------------------------------------


def _read_yaml(text: str, name: str) -> tuple[Any, dict[Path_, int]]:
    try:
        root = yaml_input.compose(text)
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = f"{mark.line + 1}:" if mark is not None else ""
        raise FactsError([f"{name}:{line} invalid YAML: {error.problem or error.context}"]) from None
    except yaml.YAMLError as error:
        raise FactsError([f"{name}: invalid YAML: {error}"]) from None
    if root is None:
        raise FactsError([f"{name}:1: $: the facts file is empty; it must be a mapping (see irlint render --example)"])
    reader = _Reader(name)
    data = reader.plain(root, ())
    if reader.problems:
        raise FactsError(reader.problems)
    return data, reader.lines


class _Reader:
    def __init__(self, name: str) -> None:
        self.name = name
        self.lines: dict[Path_, int] = {}
        self.problems: list[str] = []
        self.count = 0
        self.open: set[int] = set()
        self.constructor = yaml.constructor.SafeConstructor()

    def plain(self, node: Node, path: Path_) -> Any:
        self.count += 1
        if self.count > _MAX_VALUES or id(node) in self.open:
            self._problem(node, path, "aliases expand into too many values" if self.count > _MAX_VALUES
                          else "an alias refers to a value that contains it")
            return None
        self.lines.setdefault(path, node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            self.open.add(id(node))
            data = self._mapping(node, path)
            self.open.discard(id(node))
            return data
        if isinstance(node, SequenceNode):
            self.open.add(id(node))
            data = [self.plain(item, (*path, index)) for index, item in enumerate(node.value)]
            self.open.discard(id(node))
            return data
        return self._scalar(node, path)

    def _mapping(self, node: MappingNode, path: Path_) -> dict[str, Any]:
        data: dict[str, Any] = {}
        for key_node, value_node in node.value:
            if not isinstance(key_node, ScalarNode) or key_node.tag == "tag:yaml.org,2002:merge":
                self._problem(key_node, path, "keys must be plain names")
                continue
            key = key_node.value
            if key in data:
                self._problem(key_node, path, f"duplicate key '{key}'")
                continue
            # A value's problems are reported on its key's line: that is where the author looks.
            self.lines[(*path, key)] = key_node.start_mark.line + 1
            data[key] = self.plain(value_node, (*path, key))
        return data

    def _scalar(self, node: ScalarNode, path: Path_) -> Any:
        if node.tag == _TIMESTAMP:
            return node.value
        if node.tag not in _PLAIN_TAGS:
            self._problem(node, path, f"unsupported YAML tag {node.tag}")
            return None
        return self.constructor.construct_object(node)

    def _problem(self, node: Node, path: Path_, message: str) -> None:
        self.problems.append(f"{self.name}:{node.start_mark.line + 1}: {json_path(path)}: {message}")


def json_path(path: Path_) -> str:
    """``$.timeline[2].at`` for ("timeline", 2, "at")."""
    out = "$"
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else f".{part}"
    return out


# --- schema errors as one-line messages ------------------------------------------------------------------------


def _messages(error, lines: dict[Path_, int]) -> list[tuple[int | None, str]]:
    path = tuple(error.absolute_path)
    value = error.instance
    kind = error.validator
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        return [(_line(lines, (*path, key)), f"{json_path((*path, key))}: unknown key '{key}'"
                 + (f" (expected one of: {', '.join(sorted(allowed))})" if allowed else ""))
                for key in value if key not in allowed]
    if kind == "required":
        missing = [key for key in error.validator_value if key not in value]
        return [(_line(lines, path), f"{json_path(path)}: missing key '{key}'") for key in missing]
    where = json_path(path)
    described = error.schema.get("description")
    if kind == "type":
        wanted = [error.validator_value] if isinstance(error.validator_value, str) else error.validator_value
        message = f"expected {' or '.join(_a(_TYPE_NAMES.get(name, name)) for name in wanted)}, got {_describe(value)}"
    elif kind in ("pattern", "format", "minLength") and described:
        message = f"{_show(value)} is not {described}"
    elif kind == "enum":
        message = f"{_show(value)} is not one of: {', '.join(str(v) for v in error.validator_value)}"
    elif kind == "minItems":
        message = f"needs at least {error.validator_value} item{'s' if error.validator_value != 1 else ''}"
    elif kind == "minimum":
        message = f"{_show(value)} is below {error.validator_value}"
    else:
        message = " ".join(error.message.split())
    return [(_line(lines, path), f"{where}: {message}")]


def _dangling_references(facts: Any, lines: dict[Path_, int]) -> list[tuple[int | None, str]]:
    """Action items that name a contributing factor the facts do not have (checked also when the schema
    found other problems, so that one pass shows them all)."""
    if not isinstance(facts, dict):
        return []
    factors = facts.get("contributing_factors")
    factors = len(factors) if isinstance(factors, list) else 0
    items = facts.get("action_items")
    found = []
    for index, item in enumerate(items if isinstance(items, list) else ()):
        causes = item.get("root_causes") if isinstance(item, dict) else None
        for position, number in enumerate(causes if isinstance(causes, list) else ()):
            if isinstance(number, int) and not isinstance(number, bool) and number > factors:
                path = ("action_items", index, "root_causes", position)
                there = {0: "the facts have no contributing_factors", 1: "there is 1"}.get(factors,
                                                                                         f"there are {factors}")
                found.append((_line(lines, path), f"{json_path(path)}: there is no contributing factor {number} "
                                                  f"({there})"))
    return found


def _line(lines: dict[Path_, int], path: Path_) -> int | None:
    while path not in lines and path:
        path = path[:-1]
    return lines.get(path)


_TYPE_NAMES = {"object": "mapping", "array": "list", "boolean": "true or false"}


def _a(word: str) -> str:
    if word == "true or false":
        return word
    return ("an " if word[:1] in "aeiou" else "a ") + word


def _describe(value: Any) -> str:
    kinds = {bool: "a boolean", int: "an integer", float: "a number", str: "a string", list: "a list",
             dict: "a mapping", type(None): "nothing"}
    kind = kinds.get(type(value), type(value).__name__)
    return kind if isinstance(value, (list, dict, type(None))) else f"{kind} ({_show(value)})"


def _show(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


# --- formats --------------------------------------------------------------------------------------------------


@cache
def _format_checker():
    from jsonschema import FormatChecker

    checker = FormatChecker(formats=())
    checker.checks("date")(_is_date)
    checker.checks("instant")(_is_instant)
    checker.checks("summary-date")(_is_summary_date)
    return checker


def _is_date(value: Any) -> bool:
    if not isinstance(value, str):
        return True
    try:
        date.fromisoformat(value)
    except ValueError:
        return False
    return len(value) == 10


def _is_instant(value: Any) -> bool:
    return not isinstance(value, str) or parse_instant(value) is not None


def _is_summary_date(value: Any) -> bool:
    if not isinstance(value, str) or not value[:1].isdigit():
        return True  # a text such as "N/A": the pattern decides
    return _is_date(value) if len(value) == 10 else _is_instant(value)


def parse_instant(value: str) -> datetime | None:
    """An ISO 8601 date and time with a UTC offset as an aware datetime; None for anything else."""
    try:
        found = datetime.fromisoformat(value)
    except ValueError:
        return None
    return found if found.tzinfo is not None else None
