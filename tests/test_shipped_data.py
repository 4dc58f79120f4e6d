"""The data irlint ships is held to its schemas here, once, instead of on every run: the loader trusts the built-in
rule files and wording families (a user's rule pack is still validated when it is loaded)."""

from __future__ import annotations

from typing import Any

import pytest
import yaml
from jsonschema import Draft202012Validator

from linter.checks.phrases import BUILT_IN, load_pack
from linter.resources import load_schema, resource_dir

SHIPPED = sorted(resource_dir("rules").iterdir(), key=lambda f: f.name)
RULE_FILES = [f for f in SHIPPED if f.name.endswith(".yaml") and not f.name.startswith("_")]
#: Underscore files hold what rules share: families of wording, token classes, evidence patterns.
SHARED_FILES = [f for f in SHIPPED if f.name.endswith(".yaml") and f.name.startswith("_")]


def _data(file) -> Any:
    return yaml.safe_load(file.read_text(encoding="utf-8"))


def _errors(schema: str, data: Any) -> list[str]:
    validator = Draft202012Validator(load_schema(schema))
    return [f"{'/'.join(map(str, e.absolute_path)) or 'top level'}: {e.message}" for e in validator.iter_errors(data)]


@pytest.mark.parametrize("file", RULE_FILES, ids=lambda f: f.name)
def test_every_built_in_rule_file_is_valid(file) -> None:
    assert _errors("rule.schema.json", _data(file)) == []


@pytest.mark.parametrize("file", [f for f in [*RULE_FILES, *SHARED_FILES] if "families" in (_data(f) or {})],
                         ids=lambda f: f.name)
def test_every_shipped_family_of_wording_is_valid(file) -> None:
    data = _data(file)
    # A rule file holds its families under its own key; a shared file is the families' data itself.
    families = data["families"] if isinstance(data["families"], dict) else data
    assert _errors("families.schema.json", {"classes": {}, **families}) == []


def test_the_shared_classes_are_valid() -> None:
    classes = _data(resource_dir("rules") / "_wording.yaml")["classes"]
    # Families are required beside classes: one that names a shared class stands in for the rules' own.
    family = {"name": "any", "sequences": [[next(iter(classes))]]}
    assert _errors("families.schema.json", {"classes": classes, "families": [family]}) == []


def test_the_evidence_sets_are_lists_of_patterns() -> None:
    data = _data(resource_dir("rules") / "_evidence.yaml")
    assert data and all(isinstance(patterns, list) and all(isinstance(p, str) and p for p in patterns)
                        for patterns in data.values())


def test_the_built_in_pack_loads_as_a_users_would() -> None:
    """Loaded as a user pack, every check the loader skips for the shipped rules runs (schemas, patterns,
    backtracking), and the rules are the same."""
    as_user = load_pack(resource_dir("rules"), "judged as a user pack")
    built_in = load_pack(resource_dir("rules"), BUILT_IN)
    assert [(r.code, r.name, r.severity, r.description) for r in as_user] == \
        [(r.code, r.name, r.severity, r.description) for r in built_in]
