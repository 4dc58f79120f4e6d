"""P008 repeat-incident: the CA's own earlier incident is much like this one.

A CA repeating its own earlier incident is the strongest signal a reviewer has, and the first thing reviewers ask
about ("how is this different from bug N, and why did its remediation not prevent this?"). irlint finds the CA's
earlier incidents most like a bug in the synced component (``irlint related``); this rule speaks only when
``irlint bug`` or ``irlint review`` read a synced cache and found a strong match, so it is info: a question to
answer, not a breach.
"""

from __future__ import annotations

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity

#: Earlier incidents named in one finding.
NAMED = 3


def check(context: Context):
    repeats = [(number, title) for number, title, same_ca in context.bug.strong_related or () if same_ca][:NAMED]
    if repeats:
        names = "; ".join(f"bug {number} ({title[:70]})" for number, title in repeats)
        yield Hit(f"the CA's own earlier incident{'s' * (len(repeats) > 1)} much like this one: {names}", None,
                  data={"comment": None, "bugs": [n for n, _ in repeats], "titles": [t for _, t in repeats]})


RULE = Rule(
    code="P008", name="repeat-incident", category="process", severity=Severity.INFO,
    description="the CA's own earlier incident is much like this one: a repeat? (irlint bug and review, with a "
                "synced cache)",
    check=check, scope="bug",
    data_keys=("comment", "bugs", "titles"),
    review=Review(
        ask=("This looks much like your earlier {related}. What is different this time, and why did the remediation "
             "of that incident not prevent this one?"),
        quote="none", order=10,
    ),
)
