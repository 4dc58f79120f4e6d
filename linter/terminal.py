"""Text from outside irlint made safe to print to a terminal: report text, file names, rule packs and whatever
Bugzilla sends (titles, CA names, comments, error messages).

This module imports nothing of irlint, so that every layer that prints, from the Bugzilla cache's warnings to the
formats, can use the one neutraliser.
"""

from __future__ import annotations

import os
import re
from typing import TextIO

# What a terminal acts on rather than shows, in the 7-bit and the 8-bit (C1) forms: CSI sequences (cursor moves,
# colours, screen clearing), OSC, DCS, SOS, PM and APC strings up to their terminator (window titles, OSC 8
# links, clipboard writes), and the other two-character ESC sequences.
_ESCAPE_SEQUENCE = re.compile(
    r"(?:\x1b\[|\x9b)[0-?]*[ -/]*[@-~]"
    r"|(?:\x1b[]PX^_]|[\x90\x98\x9d\x9e\x9f])[^\x07\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    r"|\x1b[ -/]*[0-~]")
#: The characters that change the direction in which the rest of a line is shown: the Arabic letter mark, the
#: left-to-right and right-to-left marks, the embeddings and overrides, and the isolates. A title holding an
#: override can show one bug number or CA name and be another.
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# Any other control character (tab and line break aside: C0, DEL and the C1 range), and the bidi controls.
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")


def inert(text: str) -> str:
    """``text`` as it may be printed: it must not move the terminal's cursor, clear it, retitle it, hide links
    in it or reorder what it shows. Escape sequences go; any other control character becomes U+FFFD, so that
    the reader sees that something was there."""
    if _CONTROL.search(text) is None:
        return text
    return _CONTROL.sub("\ufffd", _ESCAPE_SEQUENCE.sub("", text))


_RAW_IN_JSON = re.compile(f"[\x7f-\x9f{BIDI_CONTROLS}]")


def inert_json(text: str) -> str:
    """JSON text (as ``json.dumps`` writes it with ``ensure_ascii=False``) that may be printed: the C1 controls
    and the bidi controls, which ``json.dumps`` leaves as they are, written as ``\\uXXXX`` escapes. The data is
    the same (a JSON reader decodes the escape to the same character); only what a terminal shows changes. C0
    controls are escaped by ``json.dumps`` itself, and these characters can only stand inside strings, where a
    backslash before them is always doubled."""
    return _RAW_IN_JSON.sub(lambda found: f"\\u{ord(found.group()):04x}", text)


def escaped(text: str) -> str:
    """``text`` on one line with each character a terminal would not show as itself (controls, line and paragraph
    separators, bidi controls) written as its Python escape (\\x00, \\u2028): for a message that must show
    exactly what a pattern or an address holds."""
    return "".join(char if char.isprintable() else
                   f"\\x{ord(char):02x}" if ord(char) < 0x100 else
                   f"\\u{ord(char):04x}" if ord(char) < 0x10000 else f"\\U{ord(char):08x}" for char in text)


def wants_color(choice: str, stream: TextIO) -> bool:
    """Whether to colour what goes to ``stream`` under ``--color choice``: ``always`` and ``never`` win; under
    ``auto`` a non-empty FORCE_COLOR (other than 0) colours, a non-empty NO_COLOR (https://no-color.org) does not,
    and otherwise only a terminal is coloured."""
    if choice != "auto":
        return choice == "always"
    if os.environ.get("FORCE_COLOR", "") not in ("", "0"):
        return True
    if os.environ.get("NO_COLOR", ""):
        return False
    try:
        return stream.isatty()
    except (AttributeError, ValueError):  # replaced, or closed
        return False
