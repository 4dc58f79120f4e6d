"""Builders for synthetic bugzilla.mozilla.org (BMO) data in the exact shapes BMO's REST API returns.

Every CA, account and text here is invented (``*.example`` domains). The shapes follow real BMO responses:

- datetimes are UTC strings ``YYYY-MM-DDTHH:MM:SSZ``;
- every user field comes with a ``*_detail`` object ``{id, real_name, nick, name, email}``;
- an open bug has ``resolution == ""``;
- attachment ``is_private``/``is_obsolete``/``is_patch`` are the integers 0/1, and ``data`` is base64;
- a comment that created an attachment has ``text == "Created attachment N\\n<summary>..."`` while ``raw_text``
  holds only what the author typed (empty for a bare upload).

Builders accept ``datetime`` objects (naive ones are taken as UTC) or ready-made BMO strings for every time field.
"""

from __future__ import annotations

import base64
import zlib
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from typing import Any

# Invented accounts.
HARROWGATE = "ops@harrowgate.example"
FENMOOR = "compliance@fenmoor-pki.example"
QUILLON = "incidents@quillon-trust.example"
REVIEWER = "rootstore-review@browser-vendor.example"
#: BMO's placeholder assignee (a real BMO sentinel account, not a person).
NOBODY = "nobody@mozilla.org"

REAL_NAMES: dict[str, str] = {
    HARROWGATE: "Harrowgate Trust Services Compliance",
    FENMOOR: "Fenmoor PKI",
    QUILLON: "Quillon Trust Incident Response",
    REVIEWER: "Root Store Reviewer [:reviewer]",
    NOBODY: "Nobody; OK to take it and work on it",
}

PRODUCT = "CA Program"
COMPONENT = "CA Certificate Compliance"
OPEN_STATUSES = frozenset({"UNCONFIRMED", "NEW", "ASSIGNED", "REOPENED"})
CLOSED_STATUSES = frozenset({"RESOLVED", "VERIFIED", "CLOSED"})
#: Type id of the needinfo flag on BMO.
NEEDINFO_TYPE_ID = 800

Time = datetime | str


def bmo_time(value: Time) -> str:
    """A datetime as BMO formats it ("YYYY-MM-DDTHH:MM:SSZ"); strings pass through unchanged."""
    if isinstance(value, str):
        return value
    if value.tzinfo is not None:
        value = value.astimezone(UTC)
    return value.strftime("%Y-%m-%dT%H:%M:%SZ")


def _stable_id(text: str, base: int = 100_000) -> int:
    return base + zlib.crc32(text.encode()) % 900_000


def user(email: str, real_name: str | None = None, *, id: int | None = None) -> dict[str, Any]:
    """A ``*_detail`` user object: ``{id, real_name, nick, name, email}`` (id derived from the e-mail)."""
    return {
        "id": id if id is not None else _stable_id(email),
        "real_name": REAL_NAMES.get(email, "") if real_name is None else real_name,
        "nick": email.split("@", 1)[0],
        "name": email,
        "email": email,
    }


def needinfo(setter: str, requestee: str, creation_date: Time, *, id: int | None = None,
             modification_date: Time | None = None, status: str = "?") -> dict[str, Any]:
    """A bug flag as BMO returns it in ``flags``: a needinfo request from ``setter`` to ``requestee``."""
    created = bmo_time(creation_date)
    return {
        "id": id if id is not None else _stable_id(f"{setter}|{requestee}|{created}", 2_000_000),
        "name": "needinfo",
        "type_id": NEEDINFO_TYPE_ID,
        "status": status,
        "setter": setter,
        "requestee": requestee,
        "creation_date": created,
        "modification_date": bmo_time(modification_date) if modification_date is not None else created,
    }


def bug(id: int, summary: str | None = None, status: str = "ASSIGNED", resolution: str | None = None,
        whiteboard: str = "[ca-compliance]", creator: str = HARROWGATE, assigned_to: str | None = None,
        creation_time: Time = "2026-01-05T09:00:00Z", last_change_time: Time | None = None,
        flags: Iterable[dict[str, Any]] = (), *, comment_count: int = 1, product: str = PRODUCT,
        component: str = COMPONENT, **extra: Any) -> dict[str, Any]:
    """A bug with BMO's default field set (as ``GET /rest/bug/<id>`` returns it without ``include_fields``).

    ``resolution`` defaults to "" for open statuses and "FIXED" for closed ones; ``assigned_to`` defaults to the
    creator (CA representatives own their incident bugs); ``last_change_time`` defaults to ``creation_time``.
    ``extra`` keys are added or override defaults (``see_also=[...]``, ``keywords=[...]``, ``cf_...=...``).
    """
    is_open = status in OPEN_STATUSES
    if resolution is None:
        resolution = "" if is_open else "FIXED"
    assigned_to = assigned_to or creator
    created = bmo_time(creation_time)
    changed = bmo_time(last_change_time) if last_change_time is not None else created
    data: dict[str, Any] = {
        "id": id,
        "alias": None,
        "summary": summary if summary is not None else f"Harrowgate Trust Services: synthetic incident {id}",
        "status": status,
        "resolution": resolution,
        "whiteboard": whiteboard,
        "product": product,
        "component": component,
        "classification": "Other",
        "type": "task",
        "creator": creator,
        "creator_detail": user(creator),
        "assigned_to": assigned_to,
        "assigned_to_detail": user(assigned_to),
        "qa_contact": "",
        "cc": [creator],
        "cc_detail": [user(creator)],
        "mentors": [],
        "mentors_detail": [],
        "creation_time": created,
        "last_change_time": changed,
        "is_open": is_open,
        "is_confirmed": status != "UNCONFIRMED",
        "is_cc_accessible": True,
        "is_creator_accessible": True,
        "keywords": [],
        "see_also": [],
        "depends_on": [],
        "blocks": [],
        "regressed_by": [],
        "regressions": [],
        "dupe_of": None,
        "duplicates": [],
        "url": "",
        "groups": [],
        "flags": [dict(f) for f in flags],
        "severity": "--",
        "priority": "--",
        "platform": "Unspecified",
        "op_sys": "Unspecified",
        "version": "other",
        "target_milestone": "---",
        "comment_count": comment_count,
        "cf_last_resolved": None if is_open else changed,
    }
    data.update(extra)
    return data


def comment(bug_id: int, count: int, creator: str = HARROWGATE, creation_time: Time = "2026-01-05T09:00:00Z",
            raw_text: str = "", attachment_id: int | None = None, is_private: bool = False, *,
            id: int | None = None, attachment_summary: str = "Incident report",
            on_attachment: bool = False, tags: Iterable[str] = ()) -> dict[str, Any]:
    """A comment as ``GET /rest/bug/<id>/comment`` returns it (``count`` 0 is the description).

    With ``attachment_id``, ``text`` gets BMO's generated prefix: "Created attachment N\\n<attachment_summary>"
    (or "Comment on attachment N\\n..." with ``on_attachment=True``) followed by a blank line and ``raw_text``.
    ``id`` defaults to ``bug_id * 1000 + count``.
    """
    text = raw_text
    if attachment_id is not None:
        prefix = f"{'Comment on' if on_attachment else 'Created'} attachment {attachment_id}\n{attachment_summary}"
        text = f"{prefix}\n\n{raw_text}" if raw_text else prefix
    when = bmo_time(creation_time)
    return {
        "id": id if id is not None else bug_id * 1000 + count,
        "bug_id": bug_id,
        "count": count,
        "text": text,
        "raw_text": raw_text,
        "creator": creator,
        "author": creator,
        "time": when,
        "creation_time": when,
        "is_private": is_private,
        "attachment_id": attachment_id,
        "tags": list(tags),
    }


def attachment(bug_id: int, id: int, file_name: str, content_type: str = "text/plain",
               content: str | bytes = "", summary: str | None = None, creator: str = HARROWGATE,
               creation_time: Time = "2026-01-05T09:00:00Z", last_change_time: Time | None = None,
               is_private: bool = False, is_obsolete: bool = False, is_patch: bool = False,
               flags: Iterable[dict[str, Any]] = ()) -> dict[str, Any]:
    """An attachment with base64 ``data`` (as ``GET /rest/bug/<id>/attachment`` returns it by default).

    ``str`` content is encoded as UTF-8; ``size`` is the decoded byte length; flags are 0/1 integers and
    ``attacher``/``description`` are BMO's aliases of ``creator``/``summary``.
    """
    raw = content.encode("utf-8") if isinstance(content, str) else bytes(content)
    created = bmo_time(creation_time)
    summary = summary if summary is not None else file_name
    return {
        "id": id,
        "bug_id": bug_id,
        "file_name": file_name,
        "summary": summary,
        "description": summary,
        "content_type": content_type,
        "size": len(raw),
        "creation_time": created,
        "last_change_time": bmo_time(last_change_time) if last_change_time is not None else created,
        "creator": creator,
        "attacher": creator,
        "creator_detail": user(creator),
        "is_private": int(is_private),
        "is_obsolete": int(is_obsolete),
        "is_patch": int(is_patch),
        "flags": [dict(f) for f in flags],
        "data": base64.b64encode(raw).decode("ascii"),
    }


def add_sample_incidents(fake: Any) -> list[int]:
    """Load three small invented incidents into a FakeBMO; returns their bug ids.

    - 1900001: Harrowgate, open, report attached as Markdown, a pending needinfo to the CA;
    - 1900002: Fenmoor, RESOLVED FIXED, a closing comment and an obsolete plus a current attachment;
    - 1900003: Quillon, UNCONFIRMED with an empty whiteboard, description only.
    """
    report = "## Summary\n\nSynthetic incident report for tests.\n\n## Timeline\n\n2026-01-04 10:00 UTC: detected\n"
    ni = needinfo(REVIEWER, HARROWGATE, "2026-01-10T12:00:00Z")
    fake.add_bug(
        bug(1900001, "Harrowgate Trust Services: CRL not updated within 7 days", status="ASSIGNED",
            whiteboard="[ca-compliance] [crl-failure] Next update 2026-02-01", creator=HARROWGATE,
            creation_time="2026-01-05T09:00:00Z", last_change_time="2026-01-10T12:00:00Z", flags=[ni]),
        comments=[
            comment(1900001, 0, HARROWGATE, "2026-01-05T09:00:00Z", "Preliminary incident report below."),
            comment(1900001, 1, HARROWGATE, "2026-01-06T15:30:00Z", "", attachment_id=9100001,
                    attachment_summary="Full incident report"),
            comment(1900001, 2, REVIEWER, "2026-01-10T12:00:00Z", "Please clarify the timeline."),
        ],
        attachments=[
            attachment(1900001, 9100001, "incident-report.md", "text/markdown", report,
                       summary="Full incident report", creation_time="2026-01-06T15:30:00Z"),
        ],
    )
    fake.add_bug(
        bug(1900002, "Fenmoor PKI: OCSP responder returned unknown for issued certificates", status="RESOLVED",
            resolution="FIXED", whiteboard="[ca-compliance] [ocsp-failure]", creator=FENMOOR,
            creation_time="2025-11-02T08:00:00Z", last_change_time="2025-12-20T17:45:00Z"),
        comments=[
            comment(1900002, 0, FENMOOR, "2025-11-02T08:00:00Z", "Incident report to follow."),
            comment(1900002, 1, FENMOOR, "2025-11-09T10:00:00Z", "Final report attached.",
                    attachment_id=9100003, attachment_summary="Final report"),
            comment(1900002, 2, REVIEWER, "2025-12-20T17:45:00Z", "Closing; all action items complete."),
        ],
        attachments=[
            attachment(1900002, 9100002, "report-draft.txt", "text/plain", "Draft.", summary="Draft report",
                       creator=FENMOOR, creation_time="2025-11-03T08:00:00Z", is_obsolete=True),
            attachment(1900002, 9100003, "report.txt", "text/plain", "Final report.", summary="Final report",
                       creator=FENMOOR, creation_time="2025-11-09T10:00:00Z"),
        ],
    )
    fake.add_bug(
        bug(1900003, "Quillon Trust: delayed revocation", status="UNCONFIRMED", whiteboard="", creator=QUILLON,
            assigned_to=NOBODY, creation_time="2026-02-01T07:15:00Z"),
        comments=[comment(1900003, 0, QUILLON, "2026-02-01T07:15:00Z", "We are investigating.")],
    )
    return [1900001, 1900002, 1900003]


#: The invented CAs of the synthetic component: (name, the account that speaks for it).
SYNTHETIC_CAS = (
    ("Harrowgate Trust Services", HARROWGATE),
    ("Fenmoor PKI", FENMOOR),
    ("Quillon Trust", QUILLON),
    ("Brackenridge Certification", "pki@brackenridge.example"),
    ("Ostwick Digital Identity", "compliance@ostwick.example"),
    ("Lanthorn Secure", "incidents@lanthorn.example"),
    ("Vellacott Root Services", "ca-ops@vellacott.example"),
)
SYNTHETIC_TAGS = ("dv-misissuance", "ov-misissuance", "ev-misissuance", "crl-failure", "ocsp-failure",
                  "policy-failure", "disclosure-failure", "leaf-revocation-delay", "audit-finding")
#: A short Preliminary report: enough for irlint to recognise and lint, quick to lint.
SYNTHETIC_REPORT = """\
## Preliminary Incident Report

### Summary

- **Incident description:** {ca} issued {n} OV certificates with an unregistered organization name.
- **Relevant policies:** TLS Baseline Requirements, Section 3.2.2.2.
- **Source of incident disclosure:** Self Reported
"""


def add_synthetic_component(fake: Any, count: int = 1700, *, first_id: int = 1_500_000, report_every: int = 0,
                            text_attachment_every: int = 25, pdf_every: int = 13,
                            start: datetime = datetime(2017, 1, 2, 9, tzinfo=UTC)) -> list[int]:
    """Load a whole invented component into a FakeBMO, the size of the real one (about 1,700 bugs); returns the
    bug ids in ascending order.

    Deterministic and small: every bug has one to four one-line comments (comment 0 by the CA, then the reviewer
    and the CA in turn); every ``report_every``-th bug (0: none) has a short Preliminary report as comment 0;
    every ``text_attachment_every``-th bug a small CSV certificate list, every ``pdf_every``-th a PDF (metadata
    only matters). One bug in twenty is open. Ids step by 3, as real ids are not contiguous; creation times
    spread over the years before 2026 and every bug last changed within 40 days of its creation.
    """
    ids = []
    for i in range(count):
        bug_id = first_id + 3 * i
        ca, account = SYNTHETIC_CAS[i % len(SYNTHETIC_CAS)]
        created = start + timedelta(hours=37 * i)
        comments = []
        first = SYNTHETIC_REPORT.format(ca=ca, n=i + 1) if report_every and i % report_every == 0 else \
            f"{ca} found a problem in certificate batch {i}."
        comments.append(comment(bug_id, 0, account, created, first))
        for number in range(1, 1 + i % 4):
            who, text = (REVIEWER, f"Question {number} on incident {i}?") if number % 2 else \
                (account, f"Answer {number} on incident {i}.")
            comments.append(comment(bug_id, number, who, created + timedelta(days=number), text))
        attachments = []
        if text_attachment_every and i % text_attachment_every == 0:
            attachments.append(attachment(bug_id, 8_000_000 + 2 * i, "affected-certificates.csv", "text/csv",
                                          f"serial\n{i:08x}\n", creator=account, creation_time=created))
        if pdf_every and i % pdf_every == 0:
            attachments.append(attachment(bug_id, 8_000_001 + 2 * i, "audit-letter.pdf", "application/pdf",
                                          b"%PDF-1.4 synthetic", creator=account, creation_time=created))
        status = "ASSIGNED" if i % 20 == 0 else "RESOLVED"
        tag = SYNTHETIC_TAGS[i % len(SYNTHETIC_TAGS)]
        fake.add_bug(bug(bug_id, f"{ca}: synthetic incident {i}", status=status,
                         whiteboard=f"[ca-compliance] [{tag}]", creator=account, creation_time=created,
                         last_change_time=created + timedelta(days=i % 40, hours=1)),
                     comments, attachments)
        ids.append(bug_id)
    return ids
