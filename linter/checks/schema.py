"""Validate a Report against the JSON Schema of its (kind, version), one violation per fact.

The Report is turned into a small instance ({"sections": ..., "fields": ..., "factors": [...]}) and
validated against the template's schema; "required" errors become missing sections (S001) and fields (S002),
"pattern" and "enum" errors invalid values (S007).

The template schemas (generated from the template declarations by ``linter.report.schemas``) use six keywords
of JSON Schema; they are checked here by a small validator of those six, which gives the errors jsonschema
gives, in its order (tests/test_template_schemas.py holds it to jsonschema on every template). jsonschema was
a fifth of a bare Markdown parse per report, and importing it a tenth of a second of every run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, NamedTuple

from linter.lazy_regex import lazy_compile
from linter.report import vocabulary as vocab
from linter.report.templates import template
from linter.resources import load_schema

if TYPE_CHECKING:
    from linter.report import Field, Report


@dataclass(frozen=True, slots=True)
class Violation:
    """One fact the schema rejects."""

    #: "section" (missing), "field" (missing) or "value" (not allowed).
    what: str
    key: str
    factor: int | None = None
    field: Field | None = None


class SchemaError(NamedTuple):
    """What the schema rejects at one place, named as jsonschema names it."""

    #: The keyword that failed: "type", "required", "pattern" or "enum".
    validator: str
    #: The keyword's value in the schema (for "required", the whole list).
    validator_value: Any
    #: The keys and indexes from the instance's top to the value judged.
    absolute_path: tuple[str | int, ...]
    #: The value judged.
    instance: Any


#: The keywords the template schemas use: what the validator does, and what it may leave to the reader.
_CHECKED = frozenset({"type", "properties", "required", "pattern", "enum", "items"})
_ANNOTATIONS = frozenset({"$schema", "$id", "title", "description"})
_TYPES = {"object": dict, "array": list, "string": str}


@cache
def _template_schema(filename: str) -> dict[str, Any]:
    """A template schema from ``schemas/``, refused if it uses a keyword the validator does not check: a schema
    generated with a new keyword must not pass unchecked."""
    schema = load_schema(filename)
    _refuse_unchecked(schema, filename)
    return schema


def _refuse_unchecked(schema: dict[str, Any], where: str) -> None:
    for keyword, value in schema.items():
        if keyword not in _CHECKED | _ANNOTATIONS or keyword == "type" and value not in _TYPES:
            raise ValueError(f"{where}: the template schemas' validator does not check {keyword}: {value!r}")
        if keyword == "properties":
            for name, subschema in value.items():
                _refuse_unchecked(subschema, f"{where}/properties/{name}")
        elif keyword == "items":
            _refuse_unchecked(value, f"{where}/items")


def schema_errors(schema: dict[str, Any], instance: Any, path: tuple[str | int, ...] = ()) -> list[SchemaError]:
    """Every error of ``instance`` against a template schema, in the order jsonschema's ``iter_errors`` gives
    them (its keywords in the schema's order; a property's errors where "properties" stands)."""
    errors: list[SchemaError] = []
    for keyword, value in schema.items():
        if keyword == "type":
            if not isinstance(instance, _TYPES[value]):
                errors.append(SchemaError("type", value, path, instance))
        elif keyword == "properties":
            if isinstance(instance, dict):
                for name, subschema in value.items():
                    if name in instance:
                        errors += schema_errors(subschema, instance[name], (*path, name))
        elif keyword == "required":
            if isinstance(instance, dict):
                errors += [SchemaError("required", value, path, instance) for name in value if name not in instance]
        elif keyword == "pattern":
            if isinstance(instance, str) and not re.search(value, instance):
                errors.append(SchemaError("pattern", value, path, instance))
        elif keyword == "enum":
            if instance not in value:
                errors.append(SchemaError("enum", value, path, instance))
        elif keyword == "items":
            if isinstance(instance, list):
                for index, item in enumerate(instance):
                    errors += schema_errors(value, item, (*path, index))
    return errors


def violations(report: Report, report_date: date, date_source: str) -> list[Violation]:
    """Every schema violation of the report that its cut-off does not explain; ``report_date`` and where it
    came from (``date_source``) decide whether the template existed yet."""
    declared = template(report.kind, report.template_version)
    if date_source != "today" and report_date < declared.effective:
        return []  # the template did not exist yet: a heading that merely shares its name
    instance = _instance(report)
    found: list[Violation] = []
    reported: set[tuple] = set()
    for error in schema_errors(_template_schema(declared.schema), instance):
        path = list(error.absolute_path)
        if error.validator == "required":
            # jsonschema raises one error per missing property, each carrying the whole list.
            missing = [name for name in error.validator_value
                       if name not in error.instance and (tuple(path), name) not in reported]
            reported.update((tuple(path), name) for name in missing)
            if path == ["sections"]:
                found.extend(Violation("section", name) for name in missing)
            elif path == ["fields"]:
                found.extend(Violation("field", name) for name in missing)
            elif len(path) == 2 and path[0] == "factors":
                found.extend(Violation("field", name, factor=path[1] + 1) for name in missing)
        elif error.validator in ("pattern", "enum") and len(path) == 2 and path[0] == "fields":
            found.append(Violation("value", path[1], field=report.field(path[1])))
    if report.preliminary:
        found = [v for v in found if v.what != "section"]  # the full report is still to come
    # One finding per fact: a missing section explains its missing fields and sub-parts.
    missing = {v.key for v in found if v.what == "section"}
    owner = vocab.FIELD_SECTION.get(report.kind, {})
    found = [v for v in found if v.what == "section" and vocab.SUBSECTION_PARENT.get(v.key) not in missing
             or v.what != "section" and owner.get(v.key) not in missing]
    return [v for v in found if not _explained_by_cut(report, v) and not _stands_untitled(report, v)]


def _instance(report: Report) -> dict[str, Any]:
    present = {s.key for s in report.sections} | {f.section for f in report.fields}
    present |= {f.key for f in report.fields if f.key in vocab.SUBSECTION_PARENT}
    declared = template(report.kind, report.template_version)
    allowed = {spec.key: spec.values for spec in declared.fields}
    fields: dict[str, str] = {}
    factors: dict[int, dict[str, str]] = {}
    for found in report.fields:
        if found.factor is not None:
            factors.setdefault(found.factor, {})[found.key] = found.value
        elif found.key not in fields:
            fields[found.key] = _canonical(found.first_value, allowed.get(found.key, ()))
    instance: dict[str, Any] = {"sections": {key: {} for key in present}, "fields": fields}
    if "root_cause_analysis" in present and declared.has_factors:
        instance["factors"] = [factors[number] for number in sorted(factors)] or [{}]
    return instance


_MARKUP = lazy_compile(r"[*_`\"'“”]")


def _canonical(value: str, allowed: tuple[str, ...]) -> str:
    """A value as the schema should judge it: markup gone, and a field's ``allowed`` values matched leniently."""
    value = _MARKUP.sub("", value).strip().lstrip("-•").strip().rstrip(".;,").strip()
    if not value or value.lower() in ("n/a", "na", "none"):
        return ""  # empty and N/A values are judged by S003, not by their format
    if not allowed:
        return value
    folded = re.sub(r"[\s\-]+", " ", value).lower()
    return next((choice for choice in allowed if folded == choice.lower()), value)


def _explained_by_cut(report: Report, violation: Violation) -> bool:
    """A copied text that stops early does not omit what would have come after its end."""
    if not report.cut_short or violation.what == "value":
        return False
    order = template_order(report.kind, report.template_version)
    last_seen = max((order.get(s.key, -1) for s in report.sections), default=-1)
    last_seen = max([last_seen, *(order.get(f.key, -1) for f in report.fields if f.factor is None)])
    if violation.factor is None:
        position = order.get(violation.key, -1)
        return position == -1 or position > last_seen
    # Factor fields stand inside Root Cause Analysis: only the last factor can be cut, after its last field.
    if last_seen > order["root_cause_analysis"]:
        return False
    numbers = sorted({f.factor for f in report.fields if f.factor is not None})
    if violation.factor < len(numbers):
        return False
    seen = [order.get(f.key, -1) for f in report.fields if numbers and f.factor == numbers[-1]]
    return order.get(violation.key, -1) > max(seen, default=-1)


def _stands_untitled(report: Report, violation: Violation) -> bool:
    """Text that stands, without headings, where the sections before the first heading would be."""
    if violation.what != "section" or not report.sections or report.heading_line is None:
        return False
    order = template_order(report.kind, report.template_version)
    first = report.sections[0]
    untitled_text = first.line - report.heading_line > 2
    return untitled_text and order.get(violation.key, -1) < order.get(first.key, -1)


@cache
def template_order(kind: str, version: str) -> dict[str, int]:
    """Position of every section and field key in the template, for cut-off decisions and S004."""
    order: dict[str, int] = {}
    declared = template(kind, version)
    # Sub-parts follow their parent in the declaration; a section's fields come before its sub-parts.
    for section in declared.sections:
        keys = [section.key]
        if section.parent is None:
            keys += [spec.key for spec in declared.fields_of(section.key)]
        for key in keys:
            order.setdefault(key, len(order))
    return order


