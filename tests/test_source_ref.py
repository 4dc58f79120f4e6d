"""Source references: the display names every format prints and the Bugzilla addresses they link to."""

from __future__ import annotations

import pytest

from linter.source_ref import SourceRef

BASE = "https://bugzilla.example/"


@pytest.mark.parametrize(("ref", "name", "url", "is_file"), [
    (SourceRef.file("reports/draft.md"), "reports/draft.md", None, True),
    (SourceRef.stdin(), "-", None, False),
    (SourceRef.of_bug(1904038), "bug:1904038", "https://bugzilla.example/show_bug.cgi?id=1904038", False),
    (SourceRef.of_comment(1904038, 4), "bug:1904038#c4", "https://bugzilla.example/show_bug.cgi?id=1904038#c4",
     False),
    (SourceRef.of_attachment(1904038, 72, 2), "bug:1904038/attachment:72",
     "https://bugzilla.example/attachment.cgi?id=72", False),
])
def test_name_url_and_file(ref: SourceRef, name: str, url: str | None, is_file: bool) -> None:
    assert (ref.name, str(ref), ref.url(BASE), ref.is_file) == (name, name, url, is_file)


def test_a_file_named_like_a_bug_stays_a_file() -> None:
    ref = SourceRef.file("bug:1#c2")
    assert ref.is_file and ref.url(BASE) is None and not ref.in_bug
