"""YAML that users hand irlint (configuration, rule packs, facts), read within bounds.

``yaml.safe_load`` constructs no objects, but it still trusts the input's size: a file of a few hundred bytes
whose aliases nest ("billion laughs") expands to gigabytes once anything walks it, and nesting a few thousand
levels deep overflows the composer's recursion. So every such file is read up to a byte cap, and composed by a
loader that counts the nodes the data expands to (an alias counts as everything it stands for) and its depth,
and stops past either bound with a YAMLError whose message says which.

Where PyYAML has libyaml, the node graph is composed by its C parser (seven to eight times faster: the built-in
rules are read on every run) and then walked for the same bounds; a text the C parser refuses, or whose graph
passes a bound, is composed again by the pure-Python loader, whose error is the one reported. libyaml accepts
a little more than the pure parser (a tab after ``key:``, which YAML allows); the data are the same otherwise.
"""

from __future__ import annotations

from pathlib import Path
from typing import IO, Any

import yaml

from linter.bounded import MAX_BYTES as MAX_BYTES  # the cap, read by the tests
from linter.bounded import TooLarge, read_text, too_large

#: libyaml's parser, when this PyYAML was built with it.
_CLoader = getattr(yaml, "CSafeLoader", None)

#: Nodes the data may expand to, aliases expanded: a thousand times the largest real file.
MAX_NODES = 200_000
#: Nesting depth at the most: real files nest a handful of levels.
MAX_DEPTH = 64


class BoundExceeded(yaml.YAMLError):
    """The input passes a bound: too large, too deep, or aliases that expand too far (or into themselves)."""


class _BoundedLoader(yaml.SafeLoader):
    def __init__(self, stream: str, *, cycles: bool = False) -> None:
        super().__init__(stream)
        #: Whether an alias may refer to a node that contains it (a reader of the node graph then guards itself).
        self._cycles = cycles
        self._depth = 0
        #: Expanded size of each node composed so far, by id; a node in progress has none yet.
        self._sizes: dict[int, int] = {}

    def compose_node(self, parent, index):  # PyYAML's name and signature
        event = self.peek_event()
        if self._depth >= MAX_DEPTH:
            raise BoundExceeded(f"nested deeper than {MAX_DEPTH} levels (line {event.start_mark.line + 1})")
        alias = isinstance(event, yaml.AliasEvent)
        self._depth += 1
        try:
            node = super().compose_node(parent, index)
        finally:
            self._depth -= 1
        if alias:
            if id(node) not in self._sizes and not self._cycles:
                raise BoundExceeded(f"an alias refers to a value that contains it (line {event.start_mark.line + 1})")
            return node
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            children = []
        size = 1 + sum(self._sizes.get(id(child), 1) for child in children)
        if size > MAX_NODES:
            raise BoundExceeded(f"more than {MAX_NODES:,} values, aliases expanded (line {event.start_mark.line + 1})")
        self._sizes[id(node)] = size
        return node


def compose(text: str) -> yaml.Node | None:
    """The node graph of ``text`` within the bounds, for readers that need line numbers; an alias may refer to a
    node that contains it, so the reader must guard against cycles itself."""
    _check_size(len(text.encode("utf-8", "surrogatepass")))
    fast = _fast_node(text, cycles=True)
    if fast is not _REFUSED:
        return fast
    loader = _BoundedLoader(text, cycles=True)
    try:
        return loader.get_single_node()
    finally:
        loader.dispose()


def load(text: str) -> Any:
    """``yaml.safe_load`` within the bounds."""
    _check_size(len(text.encode("utf-8", "surrogatepass")))
    node = _fast_node(text, cycles=False)
    if node is not _REFUSED:
        return None if node is None else yaml.constructor.SafeConstructor().construct_document(node)
    loader = _BoundedLoader(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


#: What ``_fast_node`` returns when the pure-Python loader must decide.
_REFUSED = object()


def _fast_node(text: str, *, cycles: bool) -> Any:
    """The node graph composed by libyaml when it parses the text and the graph keeps every bound, else
    ``_REFUSED`` (no libyaml, a text it refuses, a bound passed)."""
    if _CLoader is None:
        return _REFUSED
    try:
        loader = _CLoader(text)
    except UnicodeEncodeError:  # a lone surrogate cannot reach libyaml as UTF-8
        return _REFUSED
    try:
        node = loader.get_single_node()
    except yaml.YAMLError:
        return _REFUSED
    finally:
        loader.dispose()
    if node is not None and not _within_bounds(node, cycles):
        return _REFUSED
    return node


def _within_bounds(root: yaml.Node, cycles: bool) -> bool:
    """Whether the pure-Python loader would compose this graph without passing a bound: the same depth, the same
    sizes (an alias counts as what it stands for, one inside itself as 1) in the order it composes them."""
    sizes: dict[int, int] = {}
    open_nodes: set[int] = set()

    def size(node: yaml.Node, depth: int) -> int | None:
        """The node's expanded size, or None past a bound."""
        if depth >= MAX_DEPTH:
            return None
        key = id(node)
        if key in sizes:  # an alias of a node composed before
            return sizes[key]
        if key in open_nodes:  # an alias of a node that contains it
            return 1 if cycles else None
        if isinstance(node, yaml.MappingNode):
            children = [part for pair in node.value for part in pair]
        elif isinstance(node, yaml.SequenceNode):
            children = node.value
        else:
            sizes[key] = 1
            return 1
        open_nodes.add(key)
        total = 1
        for child in children:
            found = size(child, depth + 1)
            if found is None:
                return None
            total += found
        open_nodes.discard(key)
        if total > MAX_NODES:
            return None
        sizes[key] = total
        return total

    return size(root, 0) is not None


def read(source: Path | IO[bytes]) -> str:
    """``linter.bounded.read_text``, a larger input refused as the other bounds are: with BoundExceeded."""
    try:
        return read_text(source)
    except TooLarge as error:
        raise BoundExceeded(str(error)) from None


def describe(error: yaml.YAMLError) -> str:
    """A one-line reason for a YAML error, without quoting the input (a schema message may not echo it either)."""
    if isinstance(error, BoundExceeded):
        return str(error)
    mark = getattr(error, "problem_mark", None) or getattr(error, "context_mark", None)
    return "not valid YAML" + (f" (line {mark.line + 1})" if mark is not None else "")


def _check_size(size: int) -> None:
    reason = too_large(size)
    if reason is not None:
        raise BoundExceeded(reason)


def schema_reason(error: Any) -> str:
    """What a jsonschema ValidationError asks for, in words, without the offending value: a message must not
    echo the file (it may be huge, or hold terminal escapes)."""
    wanted = error.validator_value
    types = [wanted] if isinstance(wanted, str) else list(wanted) if isinstance(wanted, list) else []
    words = {"type": lambda: "must be " + " or ".join(_TYPE_WORDS.get(t, t) for t in types),
             "enum": lambda: "must be one of " + ", ".join(map(str, wanted)),
             "pattern": lambda: "is not of the expected form",
             "minLength": lambda: "must not be empty" if wanted == 1 else f"needs at least {wanted} characters",
             "maxLength": lambda: f"must be at most {wanted} characters",
             "minItems": lambda: f"needs at least {wanted} item{'s' if wanted != 1 else ''}",
             "maxItems": lambda: f"takes at most {wanted} items",
             "minimum": lambda: f"must be at least {wanted}",
             "maximum": lambda: f"must be at most {wanted}",
             "uniqueItems": lambda: "must not repeat an item"}
    return words.get(error.validator, lambda: f"fails the schema's {error.validator} check")()


_TYPE_WORDS = {"string": "text", "array": "a list", "object": "a mapping", "integer": "a whole number",
               "number": "a number", "boolean": "true or false"}
