"""P002 question-unanswered: a question to the CA with no CA comment within 7 days. A question is a needinfo
request whose requestee speaks for the CA, or a comment by someone who does not speak for the CA that asks
something in its own words (a question mark outside quoted lines, URLs and code). It is answered by the first CA
comment after it; a finding when that came more than 7 days later, or has not come and the question is more than
7 days old.

"In no circumstances should a question linger without a response for more than one week, even if the response is
only to acknowledge the question and provide a later date when an answer will be delivered" (Mozilla wiki,
"Keeping Us Informed", 2019); the CCADB Incident Reporting Guidelines 3.x make it a MUST: respond to comments and
questions within 7 days. Missing it has been an incident of its own (bugs 1563579, 1708516, 1955799).
A root program's note that it will close the bug asks no question of the CA; a private comment is not seen by
the CA; in a resolved bug, a question no CA comment ever followed is left alone (the root program may have closed
the bug because nothing was left to answer). Without any account known to speak for the CA, questions and
answers cannot be told apart and the rule stays silent.
"""

from __future__ import annotations

from datetime import timedelta

from linter.checks.base import Context, Hit, Review, Rule
from linter.checks.process.common import (
    WEEK,
    ca_comments,
    closing_call,
    days,
    is_meta,
    iso,
    question_in,
    shortened,
    when,
)
from linter.findings import Severity

#: A needinfo flag set together with a comment carries the comment's time, give or take this.
_SAME_CHANGE = timedelta(minutes=2)


def _questions(facts):
    """Every question (time, comment or None, author, needinfo requestee or None, text), one per comment."""
    bug = facts.bug
    found: dict[object, dict] = {}
    for comment in bug.comments:
        if (comment.created is None or comment.is_private or not comment.creator
                or facts.speaks_for_ca(comment.creator)):
            continue
        question = question_in(comment.text)
        if question is not None and not closing_call(comment.text):
            found[comment.count] = {"time": comment.created, "comment": comment, "author": comment.creator,
                                    "needinfo": None, "text": question}
    for flag in bug.flags:
        if (flag.name != "needinfo" or flag.status != "?" or not flag.requestee or flag.created is None
                or not facts.speaks_for_ca(flag.requestee) or (flag.setter and facts.speaks_for_ca(flag.setter))):
            continue
        comment = next((c for c in bug.comments if c.created is not None and c.creator.lower() == flag.setter.lower()
                        and abs(c.created - flag.created) <= _SAME_CHANGE), None)
        key = comment.count if comment is not None else f"flag:{flag.setter}:{flag.created}"
        text = found[key]["text"] if key in found else (question_in(comment.text) or "") if comment else ""
        found[key] = {"time": flag.created, "comment": comment, "author": flag.setter or "someone",
                      "needinfo": flag.requestee, "text": text}
    return sorted(found.values(), key=lambda q: q["time"])


def check(context: Context):
    facts = context.bug
    if facts is None or not facts.ca_accounts or is_meta(facts.bug):
        return
    ca = ca_comments(facts)
    for question in _questions(facts):
        asked = question["time"]
        answer = next((c for c in ca if c.created > asked), None)
        if answer is not None and answer.created - asked <= WEEK:
            continue
        if answer is None and (facts.now - asked <= WEEK or not facts.bug.is_open):
            continue
        comment = question["comment"]
        where = f"comment {comment.count}" if comment is not None else "a needinfo request"
        what = f"needinfo to {question['needinfo']} from {question['author']}" if question["needinfo"] else \
            f"question from {question['author']}"
        age = days(facts.now - asked)
        if answer is None:
            message = f"{what} in {where} ({when(asked)}) has had no CA comment for {age} days (at most 7)"
        else:
            message = (f"{what} in {where} ({when(asked)}) got its first CA comment {days(answer.created - asked)} "
                       f"days later, in comment {answer.count} (at most 7)")
        yield Hit(message, None, excerpt=shortened(question["text"], 200),
                  data={"comment": comment.count if comment is not None else None, "author": question["author"],
                        "asked": iso(asked), "age_days": age, "needinfo": question["needinfo"],
                        "answer_comment": answer.count if answer is not None else None,
                        "answered": iso(answer.created) if answer is not None else None,
                        "response_days": days(answer.created - asked) if answer is not None else None})


RULE = Rule(
    code="P002", name="question-unanswered", category="process", severity=Severity.WARNING,
    description="a needinfo request to a CA account, or a question from a non-CA commenter, with no CA comment "
                "within 7 days",
    check=check, scope="bug",
    link="https://www.ccadb.org/cas/incident-report",
    data_keys=("comment", "author", "asked", "age_days", "needinfo", "answer_comment", "answered", "response_days"),
    review=Review(
        ask={
            "open": "Please respond to {questions}. The guidelines ask for a response within 7 days; when an answer "
                    "needs more time, acknowledge the question and say when the answer will come.",
            "late": "Responses have come late: {questions}, where the guidelines ask for one within 7 days. What "
                    "will make sure questions are answered in time from now on?",
        },
        quote="excerpt", order=4,
        variant=lambda data: "late" if data.get("answer_comment") is not None else "open",
    ),
)
