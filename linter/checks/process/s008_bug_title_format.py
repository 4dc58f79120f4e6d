"""S008 bug-title-format: the bug's summary is not "CA Owner: brief title".

The CCADB Incident Reporting Guidelines (2.0: "should"; 3.x: "MUST") ask that the Bugzilla summary begin with the
CA Owner's name, followed by a colon and a brief title that highlights the type of incident ("EXAMPLE CA OWNER:
Incorrect Subject RDN Encoding"), and the wiki's CA/Bug_Triage page explains why: sorted by summary, the
component's bugs sort by CA. A summary with no colon, with nothing after it, or with incident words where the
CA's name should be ("Incident Report: …") breaks that. Tracking bugs ("[meta]") are not incidents and are left
alone; whether the name matches the CCADB's CA Owner exactly cannot be told offline.
"""

from __future__ import annotations

import re

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.process.common import is_meta
from linter.findings import Severity
from linter.lazy_regex import lazy_compile

# The first colon that is not part of a URL ("https://").
_TITLE = lazy_compile(r"^(?P<owner>[^:]*?)\s*:(?!//)\s*(?P<title>.*)$", re.DOTALL)
# "Owner - title", "Owner – title": a dash used where the colon belongs.
_DASHED = lazy_compile(r"^(?P<owner>[^:\-–—]{2,60}?)\s+[-–—]+\s+(?P<title>\S.*)$")
# Words that name the kind of incident or report, not a CA; an owner made only of them is no name.
_GENERIC = frozenset("""
    a an the re fwd fw bug incident incidents report reports preliminary full closure summary audit finding findings
    delayed delay late revocation revocations certificate certificates cert certs misissuance mis-issuance
    misissued mis-issued issue issues problem problems ocsp crl crls tls ev ov dv iv smime s/mime update
    request question test compliance ca ca's
""".split())
_MAX_WORDS = 10
_MAX_CHARS = 80


def _owner_problem(owner: str) -> str | None:
    words = re.findall(r"[\w'/.&-]+", owner.lower())
    if not words:
        return "nothing before the colon"
    if len(words) > _MAX_WORDS or len(owner) > _MAX_CHARS:
        return "a sentence, not a CA Owner's name, before the colon"
    if all(word in _GENERIC for word in words):
        return f"'{owner}' before the colon is not a CA Owner's name"
    return None


def check(context: Context):
    facts = context.bug
    if facts is None or is_meta(facts.bug):
        return
    summary = " ".join(facts.bug.summary.split())
    if not summary:
        return
    data = {"comment": None, "summary": summary}
    match = _TITLE.match(summary)
    if match is None:
        dashed = _DASHED.match(summary)
        if dashed and _owner_problem(dashed["owner"]) is None:
            suggestion = f"{dashed['owner']}: {dashed['title']}"
            yield Hit(f"bug title '{summary}' uses a dash where 'CA Owner: brief title' has a colon: "
                      f"'{suggestion}'", None, excerpt=summary, data={**data, "replacement": suggestion})
        else:
            yield Hit(f"bug title '{summary}' does not begin with the CA Owner's name and a colon "
                      "('CA Owner: brief title')", None, excerpt=summary, data=data)
        return
    problem = _owner_problem(match["owner"])
    if problem is None and not re.search(r"[^\W\d_]", match["title"]):
        problem = "no title after the colon"
    if problem:
        yield Hit(f"bug title '{summary}' is not 'CA Owner: brief title': {problem}", None, excerpt=summary,
                  data=data)


RULE = Rule(
    code="S008", name="bug-title-format", category="structure", severity=Severity.WARNING,
    description="bug summary not 'CA Owner: brief title'",
    check=check, scope="bug",
    link="https://www.ccadb.org/cas/incident-report",
    data_keys=("comment", "summary"),
    optional_data_keys=("replacement",),
    review=Review(
        ask={
            "dash": "Please change the bug's title to {replacement}: the guidelines ask for the CA Owner's name, a "
                    "colon and a brief title.",
            "other": "Please change the bug's title to \"CA Owner: brief title\", beginning with your CA Owner name "
                     "as it appears in the CCADB.",
        },
        quote="excerpt", order=9,
        variant=lambda data: "dash" if data.get("replacement") else "other",
    ),
)
