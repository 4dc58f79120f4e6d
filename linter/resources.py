"""Files the program ships: schemas/ and rules/, inside the wheel or beside the package in a checkout."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path
from typing import Any


def resource_dir(name: str) -> Traversable:
    """The folder ``schemas`` or ``rules``: packaged as ``linter.<name>``, else the checkout's own."""
    try:
        return resources.files(f"linter.{name}")
    except ModuleNotFoundError:
        return Path(__file__).resolve().parent.parent / name


@cache
def load_schema(filename: str) -> dict[str, Any]:
    """A JSON Schema from ``schemas/``."""
    return json.loads((resource_dir("schemas") / filename).read_text(encoding="utf-8"))
