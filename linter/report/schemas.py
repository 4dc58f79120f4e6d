"""The JSON Schema of each template, generated from its declaration in ``linter.report.templates``.

``python -m linter.report.schemas [FOLDER]`` writes them (into the checkout's ``schemas/`` by default);
a test fails when the committed files differ from what the declarations give.

The schema judges a small instance built from a Report (see ``linter.checks.schema``):
``{"sections": {key: {}}, "fields": {key: value}, "factors": [{key: value}, ...]}``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from linter.report.templates import TEMPLATES, FieldSpec, Template

_COUNTS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")


def schema_of(template: Template) -> dict[str, Any]:
    """The JSON Schema of ``template``."""
    properties: dict[str, Any] = {
        "sections": {"type": "object", "required": [s.key for s in template.sections if s.required]},
    }
    report_fields = [f for f in template.fields if not (template.has_factors and f.section == "root_cause_analysis")]
    if report_fields:
        fields: dict[str, Any] = {"type": "object", "required": [f.key for f in report_fields if _required(f)]}
        values = {f.key: _value_schema(f) for f in report_fields if f.pattern or f.values}
        if values:
            fields["properties"] = values
        properties["fields"] = fields
    if template.has_factors:
        properties["factors"] = {
            "type": "array",
            "description": "one object per Contributing Factor block of the Root Cause Analysis",
            "items": {"type": "object", "required": [f.key for f in template.fields
                                                     if f.section == "root_cause_analysis" and _required(f)]},
        }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": f"urn:irlint:schema:{template.key}",
        "title": template.title,
        "description": template.source,
        "type": "object",
        "properties": properties,
        "required": ["sections"],
    }


def _required(spec: FieldSpec) -> bool:
    # A field made of parts is only their heading: the parts are required, each in its own right.
    return spec.required and not spec.parts


def _value_schema(spec: FieldSpec) -> dict[str, Any]:
    # An empty value is allowed here: emptiness is judged by S003, not by the value's format.
    if spec.values:
        count = _COUNTS[len(spec.values)] if len(spec.values) < len(_COUNTS) else str(len(spec.values))
        return {"enum": [*spec.values, ""], "description": f"one of the {count} values of the field definitions"}
    return {"type": "string", "pattern": spec.pattern, "description": spec.pattern_note}


def schema_text(template: Template) -> str:
    """The schema file's text."""
    return json.dumps(schema_of(template), indent=2, ensure_ascii=False) + "\n"


def write_schemas(folder: Path) -> list[Path]:
    """Write every template's schema into ``folder``; the files written."""
    written = []
    for template in TEMPLATES:
        path = folder / template.schema
        path.write_text(schema_text(template), encoding="utf-8")
        written.append(path)
    return written


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0]) if args else Path(__file__).resolve().parents[2] / "schemas"
    for path in write_schemas(folder):
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())
