"""YAML read by libyaml, where PyYAML has it, gives the data and the errors of the pure-Python bounded loader."""

from __future__ import annotations

import math

import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from linter import yaml_input

pytestmark = pytest.mark.skipif(yaml_input._CLoader is None, reason="this PyYAML has no libyaml")

scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False),
                    st.text(max_size=12), st.sampled_from(["yes", "no", "on", "~", "1e3", "0x1F", "2025-01-02",
                                                           "12:30", "'quoted'", "a: b", "- x", "#", "null"]))
data = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=4),
                                                     st.dictionaries(st.text(max_size=6), inner, max_size=4)),
                    max_leaves=30)


def _pure(text: str):
    loader = yaml_input._BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _same(left, right) -> bool:
    if isinstance(left, float) and isinstance(right, float):
        return left == right or math.isnan(left) and math.isnan(right)
    return left == right and type(left) is type(right)


@settings(max_examples=300, deadline=None)
@given(value=data, flow=st.sampled_from([None, True, False]))
def test_any_data_reads_the_same(value, flow) -> None:
    text = yaml.safe_dump(value, default_flow_style=flow, allow_unicode=True)
    assert _same(yaml_input.load(text), _pure(text))


@pytest.mark.parametrize("text", [
    "base: &b [one, two]\nmore: *b\n",
    "a: &x {k: v}\nb: [*x, *x]\n",
    "%YAML 1.1\n---\na: 1\n",
    "\ufeffa: [1, 2.5, true, null, ~, '2025-01-02']\n",
    "key: |\n  two\n  lines\n",
    "",
    "# only a comment\n",
])
def test_anchors_documents_and_block_scalars_read_the_same(text: str) -> None:
    assert yaml_input.load(text) == _pure(text)


@pytest.mark.parametrize("text", ["a: [1, 2\n", "a: b: c\n", "- a\n-\tb\n", "a: 1\n---\nb: 2\n", "a: \x00\n",
                                  "a: \ud800\n", "? [a]\n: 1\n"])
def test_what_either_refuses_is_refused_with_the_pure_loaders_words(text: str) -> None:
    with pytest.raises(yaml.YAMLError) as pure:
        _pure(text)
    with pytest.raises(yaml.YAMLError) as fast:
        yaml_input.load(text)
    assert yaml_input.describe(fast.value) == yaml_input.describe(pure.value)


def test_the_graph_with_lines_is_the_same() -> None:
    text = "a: &x\n  b: [1, 2]\nc: *x\nd:\n  - e\n"
    fast = yaml_input.compose(text)
    loader = yaml_input._BoundedLoader(text, cycles=True)
    pure = loader.get_single_node()
    loader.dispose()
    assert _lines(fast) == _lines(pure)


def _lines(node, seen=None) -> list:
    seen = set() if seen is None else seen
    if id(node) in seen:
        return ["alias"]
    seen.add(id(node))
    children = [part for pair in node.value for part in pair] if isinstance(node, yaml.MappingNode) else \
        node.value if isinstance(node, yaml.SequenceNode) else []
    return [node.tag, node.start_mark.line, [_lines(child, seen) for child in children]]
