"""Display titles of canonical keys, for messages: what each template declares."""

from __future__ import annotations

from linter.report.templates import TEMPLATES, FieldSpec

# A key's title when the kind is not known: the 2.0 and 3.x titles first (the legacy "Timeline" topic is
# a numbered question of its own).
_TITLES: dict[str, str] = {}
for _template in sorted(TEMPLATES, key=lambda t: t.numbered_topics):
    for _section in _template.sections:
        _TITLES.setdefault(_section.key, _section.title)


def section_title(key: str, kind: str = "") -> str:
    """The heading a template gives this section key."""
    for template in TEMPLATES:
        if template.kind == kind:
            section = template.section(key)
            if section is not None:
                return section.title
    return _TITLES.get(key) or key.replace("_", " ").capitalize()


def field_label(key: str, kind: str) -> str:
    """The template's label for this field key."""
    spec = _field(key, kind)
    if spec is not None:
        label = spec.labels[0]
        return label[0].upper() + label[1:].replace("ccadb", "CCADB").replace("ca owner", "CA Owner")
    return key.replace("_", " ")


def _field(key: str, kind: str) -> FieldSpec | None:
    return next((spec for t in TEMPLATES if t.kind == kind for spec in t.fields if spec.key == key), None)
