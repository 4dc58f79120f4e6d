"""The template schemas' own validator (linter.checks.schema) gives the errors jsonschema gives, in its order, on
every template and on any instance of the shape the checks build, and refuses a keyword it does not check."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from jsonschema import Draft202012Validator

from linter.checks.schema import _refuse_unchecked, _template_schema, schema_errors
from linter.report.templates import TEMPLATES
from linter.resources import load_schema

SCHEMAS = sorted({declared.schema for declared in TEMPLATES})


def _keys(schema: dict[str, Any], *path: str) -> list[str]:
    """The property names and required names the schema declares at ``path``."""
    for part in path:
        schema = schema.get("properties", {}).get(part, {}) if part != "items" else schema.get("items", {})
    return sorted({*schema.get("required", ()), *schema.get("properties", {})})


def _values(schema: dict[str, Any]) -> st.SearchStrategy[str]:
    """Field values: each enum value, near misses, and ones the patterns accept and refuse."""
    fields = schema.get("properties", {}).get("fields", {}).get("properties", {})
    known = [value for spec in fields.values() for value in spec.get("enum", ())]
    return st.one_of(st.sampled_from([*known, "", "A123456", "A12345", "a123456", "Self reported", "N/A", "x"]),
                     st.text(max_size=8))


def _instances(filename: str) -> st.SearchStrategy[Any]:
    schema = load_schema(filename)
    section = st.sampled_from([*_keys(schema, "sections"), "elsewhere"])
    field = st.sampled_from([*_keys(schema, "fields"), *_keys(schema, "factors", "items"), "other"])
    value = _values(schema)
    junk = st.one_of(st.none(), st.integers(), st.lists(st.integers(), max_size=2), st.text(max_size=3))
    # The shape the checks build, most of the time; wrong types at any level now and then.
    shaped = st.fixed_dictionaries({"sections": st.dictionaries(section, st.just({}), max_size=10),
                                    "fields": st.dictionaries(field, value, max_size=20)},
                                   optional={"factors": st.lists(st.dictionaries(field, value, max_size=6),
                                                                 max_size=3)})
    sections = st.dictionaries(section, st.one_of(st.just({}), junk), max_size=10)
    fields = st.dictionaries(field, st.one_of(value, junk), max_size=20)
    factors = st.lists(st.one_of(st.dictionaries(field, value, max_size=6), junk), max_size=3)
    mixed = st.fixed_dictionaries({}, optional={"sections": st.one_of(sections, junk),
                                                "fields": st.one_of(fields, junk), "factors": st.one_of(factors, junk)})
    return st.one_of(shaped, shaped, mixed, junk)


def _jsonschema_errors(filename: str, instance: Any) -> list[tuple]:
    validator = Draft202012Validator(load_schema(filename))
    return [(e.validator, e.validator_value, tuple(e.absolute_path), e.instance)
            for e in validator.iter_errors(instance)]


def _own_errors(filename: str, instance: Any) -> list[tuple]:
    return [tuple(error) for error in schema_errors(_template_schema(filename), instance)]


@pytest.mark.parametrize("filename", SCHEMAS)
def test_every_template_schema_uses_only_checked_keywords(filename: str) -> None:
    _template_schema(filename)


@pytest.mark.parametrize("filename", SCHEMAS)
@settings(max_examples=150, deadline=None)
@given(data=st.data())
def test_the_errors_are_jsonschemas_in_its_order(filename: str, data: st.DataObject) -> None:
    instance = data.draw(_instances(filename))
    assert _own_errors(filename, instance) == _jsonschema_errors(filename, instance)


@pytest.mark.parametrize("filename", SCHEMAS)
def test_an_empty_report_misses_what_jsonschema_says(filename: str) -> None:
    for instance in ({}, {"sections": {}, "fields": {}}, {"sections": {}, "fields": {}, "factors": [{}]}):
        assert _own_errors(filename, instance) == _jsonschema_errors(filename, instance)


@pytest.mark.parametrize("schema", [
    {"type": "object", "minProperties": 1},
    {"properties": {"fields": {"type": "integer"}}},
    {"items": {"properties": {"x": {"format": "date"}}}},
])
def test_a_keyword_the_validator_does_not_check_is_refused(schema: dict[str, Any]) -> None:
    with pytest.raises(ValueError, match="does not check"):
        _refuse_unchecked(schema, "test")
