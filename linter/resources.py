"""Files the program ships: schemas/ and rules/, inside the wheel or beside the package in a checkout."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable


@cache
def resource_dir(name: str) -> Traversable:
    """The folder ``schemas`` or ``rules``: packaged as ``linter.<name>``, else the checkout's own."""
    # Looked for on disk first: importing importlib.resources (and tempfile with it) is about 4 ms of every start,
    # and an installed wheel's folder, or the checkout an editable install maps the package to, is where it finds
    # them too.
    packaged = Path(__file__).parent / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent
    if (checkout / name).is_dir() and (checkout / "pyproject.toml").is_file():
        return checkout / name
    from importlib import resources  # a package inside an archive, say

    try:
        return resources.files(f"linter.{name}")
    except ModuleNotFoundError:
        return checkout / name


@cache
def load_schema(filename: str) -> dict[str, Any]:
    """A JSON Schema from ``schemas/``."""
    return json.loads((resource_dir("schemas") / filename).read_text(encoding="utf-8"))
