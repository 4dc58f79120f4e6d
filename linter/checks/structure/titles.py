"""Display titles of canonical keys, for messages."""

from __future__ import annotations

from linter.report import vocabulary as vocab

_SPECIAL = {
    "how_aware": "1. How your CA first became aware of the problem",
    "timeline": "Timeline",
    "issuance_stopped": "3. Whether your CA has stopped issuance",
    "problematic_certificates": "4. Summary of the problematic certificates",
    "certificate_data": "5. Complete certificate data",
    "root_cause": "6. Explanation of how and why the mistakes were made",
    "remediation": "7. List of steps your CA is taking",
    "closure_summary": "Report Closure Summary",
    "finding": "Finding",
    "went_well": "What went well",
    "went_wrong": "What didn't go well",
    "got_lucky": "Where we got lucky",
    "affected_certificates": "Details of affected certificates",
}
_SECTION_TITLES: dict[str, str] = {}
for _title, _key in vocab.SECTION_TITLES.items():
    _SECTION_TITLES.setdefault(_key, _title.title())


def section_title(key: str, kind: str = "") -> str:
    """The heading a template gives this section key."""
    if kind == "legacy" and key == "timeline":
        return "2. A timeline of the actions your CA took"
    return _SPECIAL.get(key) or _SECTION_TITLES.get(key) or key.replace("_", " ").capitalize()


def field_label(key: str, kind: str) -> str:
    """The template's label for this field key."""
    for spec in vocab.FIELDS_BY_KIND.get(kind, ()):
        if spec.key == key:
            label = spec.labels[0]
            return label[0].upper() + label[1:].replace("ccadb", "CCADB").replace("ca owner", "CA Owner")
    return key.replace("_", " ")
