"""X001 no-certificate-identifiers: certificates are affected, but the report neither identifies them (crt.sh
links, SHA-256 or SHA-1 fingerprints, serial numbers) nor points to a list of them (an attachment, a file, another
bug). Certificates count as affected when a 3.x Full report's "Total number of certificates" is a number above
zero, or, in reports without that field, when the text says how many were affected ("3 TLS certificates were
issued with …", "mis-issued 16,200 OV TLS certificates", "Number of affected certificates: 12"); a report that
says no certificate was affected, or gives 0 or N/A, stays silent, as do reports whose count cannot be read. When
the report comes from a Bugzilla bug, a list-like attachment of the bug (CSV, text, spreadsheet, archive, PEM, or
one whose description names certificates) counts as the list.

Without identifiers nobody outside the CA can check the scope, the revocations or the incident heuristic. The
templates that ask for the affected certificates: the seven legacy topics ("the complete certificate data for
the problematic certificates"), the 2.0 Incident Report (Appendix: "complete certificate details of all affected
certificates"), and the 3.x Full report (Appendix: a CSV of the time-valid affected certificates, or one crt.sh
link per line from 10,000 certificates). Preliminary reports, Closure summaries and audit incident reports do not
ask for them.
"""

from __future__ import annotations

import re

from linter.checks.base import Context, Hit, Review, Rule
from linter.findings import Severity
from linter.lazy_regex import lazy_compile

_WORDS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
          "ten": 10, "eleven": 11, "twelve": 12, "a single": 1, "single": 1}
_NUM = (r"(?P<num>\d{1,3}(?:[,.' ]\d{3})+(?!\d)|\d+|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve"
        r"|a\s+single)")
_CERTS = r"(?:pre-?)?cert(?:ificate)?s?\b"
_SOME_WORDS = r"(?:[\w/()-]+\s+){0,4}?"
_AFFECTED = r"(?:affected|impacted|mis-?issued|problematic|non-?compliant|incorrect|invalid|faulty|erroneous|defective)"
_NOT_A_COUNT = r"(?<![\w.§#])(?<!section\s)(?<!rfc\s)(?<!br\s)(?<!version\s)(?<!v)"
# Ways a report states how many certificates were affected.
# Searched in lower-cased text (see below).
_COUNT_PATTERNS = tuple(lazy_compile(p) for p in (
    # "3 TLS certificates were issued / are affected / were not revoked"
    _NOT_A_COUNT + _NUM + r"\s+" + _SOME_WORDS + _CERTS + r"\s+(?:\w+\s+){0,2}?(?:were|was|are|is|have\s+been|"
    r"had\s+been|has\s+been)\s+(?:\w+\s+)?(?:affected|impacted|mis-?issued|issued|found|identified|revoked)\b",
    # "3 affected certificates", "90 mis-issued EV TLS certificates"
    _NOT_A_COUNT + _NUM + r"\s+(?:of\s+(?:the|our)\s+)?" + _AFFECTED + r"\s+" + _SOME_WORDS + _CERTS,
    # "mis-issued 16,200 OV TLS certificates", "affects 12 certificates"
    r"\b(?:affect(?:s|ed|ing)?|impact(?:s|ed|ing)?|mis-?issu(?:ed|es|ing)|revoked)\s+(?:a\s+total\s+of\s+|"
    r"approximately\s+|about\s+|around\s+|over\s+|exactly\s+|only\s+)?" + _NUM + r"\s+" + _SOME_WORDS + _CERTS,
    # "issued 3 TLS certificates with a 400-day validity"
    r"\bissued\s+(?:a\s+total\s+of\s+|approximately\s+|about\s+|exactly\s+|only\s+)?" + _NUM + r"\s+" + _SOME_WORDS
    + _CERTS + r"\s+(?:with|without|containing|that|which|whose|where|having|lacking|missing|exceeding|using|"
    r"in\s+violation)\b",
    # "Number of affected certificates: 12", "Total number of certificates: 3"
    r"\b(?:number|total|count)\s+of\s+(?:the\s+)?(?:" + _AFFECTED + r"\s+)?" + _CERTS
    + r"\s*(?:\*\*)?\s*(?:is|was|were|:|=)\s*(?:\*\*)?\s*(?:approximately\s+|about\s+)?" + _NUM + r"\b",
))
# The patterns below are searched in lower-cased text without IGNORECASE, and each alternative opens with a
# literal character and checks the word boundary behind it: Python's regex engine then jumps to the
# characters that can start a match instead of trying every position (X001 had cost 0.4 of a Markdown parse).
# Unlike IGNORECASE, lower-casing does not fold the rare "ſ" or "ı" into "s" or "i"; no count, link or
# fingerprint is written with them.


def _word(keyword: str) -> str:
    """``keyword`` at the start of a word, written so that the regex engine can skip to its first character."""
    return re.escape(keyword[0]) + rf"(?<!\w{re.escape(keyword[0])})" + re.escape(keyword[1:])


_SAID = r"(?:were|was|are|is|have\s+been|had\s+been|has\s+been)"
# Statements that no certificate is concerned.
_NONE = lazy_compile(
    _word("no") + r"\s+(?:\w+\s+){0,3}?" + _CERTS + r"\s+" + _SAID + r"\s+"
    r"(?:\w+\s+)?(?:affected|impacted|mis-?issued|issued|involved)"
    r"|(?:" + "|".join(map(_word, ("did", "does", "do"))) + r")\s+not\s+(?:affect|involve|impact|concern)\s+"
    r"(?:any\s+)?(?:\w+\s+){0,2}?" + _CERTS
    + "|" + _word("no") + r"\s+" + _AFFECTED + r"\s+(?:\w+\s+){0,2}?" + _CERTS
    + "|" + _word("not") + r"\s+(?:a\s+)?certificate[- ]related"
    + "|" + _word("no") + r"\s+certificates?\s+(?:are|were)\s+(?:affected|involved|concerned)"
    r"|0(?<![\w.,]0)\s+(?:\w+\s+){0,2}?" + _CERTS
    + "|" + _word("zero") + r"\s+(?:\w+\s+){0,2}?" + _CERTS)
# The appendix asks for the certificates of incidents "directly impacting certificates (not only precertificates)".
_PRECERTIFICATES_ONLY = lazy_compile(_word("only") + r"\s+pre-?certificates|" + _word("pre")
                                   + r"-?certificates\s+only\b")
_NOT_APPLICABLE = lazy_compile(r"^\W*(?:0|zero|none|no\b|nil|n\s*/?\s*a\b|not\s+applicable|unknown|tbd|tbc)",
                             re.IGNORECASE)

# What identifies a certificate, or points to where they are listed: crt.sh or Censys links, serial numbers,
# fingerprints written with colons, and whole words of hexadecimal (a SHA-256 or SHA-1 fingerprint, or 16 digits
# or more mixing letters and numbers).
_LINKS = ("crt.sh/", "censys.io/certificates", "censys.com/certificates")
_SERIAL = lazy_compile(_word("serial") + r"(?:\s+number)?s?\b\s*(?:#|no\.?|number)?\s*[:=]?\s*(?:0x)?"
                     r"(?:[0-9a-f]{2}[: ]?){6,}")
_COLON_HEX = lazy_compile(r"[0-9a-f]{2}(?<!\w[0-9a-f]{2}):(?:[0-9a-f]{2}:){14,}[0-9a-f]{2}\b")
_HEX_RUN = lazy_compile(r"[0-9a-f]{16,}")


def _identifies(lowered: str) -> bool:
    """The lower-cased text identifies a certificate (a link, a serial number or a fingerprint)."""
    if any(link in lowered for link in _LINKS):
        return True
    if "serial" in lowered and _SERIAL.search(lowered) or ":" in lowered and _COLON_HEX.search(lowered):
        return True
    for run in _HEX_RUN.finditer(lowered):
        start, end, digits = run.start(), run.end(), run.group()
        if (start and _is_word(lowered[start - 1])) or (end < len(lowered) and _is_word(lowered[end])):
            continue  # part of a longer word
        if len(digits) in (40, 64) or (any(c.isdigit() for c in digits) and any(c.isalpha() for c in digits)):
            return True
    return False


def _is_word(char: str) -> bool:
    return char.isalnum() or char == "_"


_LIST_WORD = r"(?:list|listing|csv|xlsx?|spreadsheet|file|certificates?|serials?|fingerprints?|details|crt\.sh)"
_LIST_ELSEWHERE = lazy_compile(
    r"\battach(?:ed|ment|ments|ing)\b[^.\n]{0,80}\b" + _LIST_WORD + r"|\b" + _LIST_WORD
    + r"\b[^.\n]{0,80}\battach(?:ed|ment|ments)\b"
    r"|\b(?:certificates?|certs|serials?|they|all\s+\d[\d,]*)\b[^.\n]{0,60}\blisted\s+(?:in|at|on|under)\b"
    r"|(?:\bbug\s*#?|#|show_bug\.cgi\?id=)\s*\d{6,7}\b[^.\n]{0,80}\bcertificates?\b"
    r"|\bcertificates?\b[^.\n]{0,80}(?:\bbug\s*#?|#|show_bug\.cgi\?id=)\s*\d{6,7}\b",
    re.IGNORECASE)
_LIST_FILE = lazy_compile(r"\.(?:csv|tsv|txt|xlsx?|ods|zip|gz|tgz|7z|bz2|xz|tar|json|pem|crt|cer|der|p7b|p7c)$",
                        re.IGNORECASE)
_LIST_TYPE = lazy_compile(r"csv|text/plain|zip|gzip|x-tar|spreadsheet|excel|pem|x509|pkcs7|json", re.IGNORECASE)
_LIST_SUMMARY = lazy_compile(r"certificat|\bcerts?\b|serial|crt\.sh|fingerprint|affected", re.IGNORECASE)

# The parts of each kind of report where the count of affected certificates is stated.
_COUNT_SECTIONS = {
    "full": ("summary", "impact"),
    "incident": ("summary", "impact", "appendix", "affected_certificates"),
    "legacy": ("how_aware", "issuance_stopped", "problematic_certificates", "certificate_data"),
}


def _number(text: str) -> int | None:
    value = text.lower().strip()
    if value in _WORDS or re.sub(r"\s+", " ", value) in _WORDS:
        return _WORDS[re.sub(r"\s+", " ", value)]
    digits = re.sub(r"[,.' ]", "", value)
    return int(digits) if digits.isdigit() else None


def _stated_count(text: str) -> int | None:
    # A bare four-digit number from 1900 to 2099 before "certificates" is more likely a year than a count.
    text = text.lower()
    counts = [n for pattern in _COUNT_PATTERNS for match in pattern.finditer(text)
              if (n := _number(match["num"])) is not None and not re.fullmatch(r"(?:19|20)\d\d", match["num"])]
    return max(counts) if counts else None


def _section_text(context: Context, keys: tuple[str, ...]) -> str:
    lines = context.document.lines
    return "\n".join("\n".join(lines[s.line - 1:s.end_line]) for s in context.report.sections if s.key in keys)


def affected(context: Context) -> int | None:
    """How many certificates the report says are affected; 0 when it says none, None when it does not say."""
    report = context.report
    whole = "\n".join(context.document.lines[report.line - 1:report.end_line]).lower()
    if "only" in whole and _PRECERTIFICATES_ONLY.search(whole):
        return 0
    total = report.field("total_certificates")
    if total is not None:  # the 3.x field is the CA's own count
        value = total.first_value
        if not value or _NOT_APPLICABLE.match(value):
            return 0
        match = re.search(_NUM, value, re.IGNORECASE)
        return _number(match["num"]) if match else None
    if _NONE.search(whole):
        return 0
    return _stated_count(_section_text(context, _COUNT_SECTIONS.get(report.kind, ())))


def _attachment_list(context: Context) -> bool:
    if context.bug is None:
        return False
    return any(not a.is_obsolete and (_LIST_FILE.search(a.file_name) or _LIST_TYPE.search(a.content_type)
                                      or _LIST_SUMMARY.search(f"{a.summary} {a.file_name}"))
               for a in getattr(context.bug.bug, "attachments", ()))


def check(context: Context):
    report = context.report
    if report.cut_short or report.preliminary:
        return
    count = affected(context)
    if not count:
        return
    # Related Incidents rows name other bugs and their certificates: they list nothing of this incident.
    skip = {n for s in report.sections if s.key == "related_incidents" for n in range(s.line, s.end_line + 1)}
    own = "\n".join(context.document.lines[n - 1] for n in range(report.line, report.end_line + 1) if n not in skip)
    if _identifies(own.lower()) or _LIST_ELSEWHERE.search(own) or _attachment_list(context):
        return
    appendix = report.section("appendix") or report.section("certificate_data")
    total = report.field("total_certificates")
    line = appendix.line if appendix else total.line if total else report.anchor_line
    where = " and the bug has no certificate list attached" if context.bug is not None else ""
    yield Hit(f"{count} affected certificate{'s' * (count != 1)}, but the report gives no crt.sh links, fingerprints "
              f"or serial numbers and points to no list of them{where}", line,
              section=appendix.key if appendix else None,
              data={"certificates": count, "section": appendix.key if appendix else None})


RULE = Rule(
    code="X001", name="no-certificate-identifiers", category="certificates", severity=Severity.WARNING,
    description="certificates are affected but neither crt.sh links, fingerprints or serials, nor an attached "
                "list are given",
    check=check, kinds=frozenset(_COUNT_SECTIONS),
    link="https://www.ccadb.org/cas/incident-report",
    data_keys=("certificates", "section"),
    review=Review(
        ask=("Please identify the {certificates}: crt.sh links or SHA-256 fingerprints in the report, or the list "
             "the guidelines describe as an attachment. Without them nobody outside your organisation can check the "
             "scope or the revocations."),
        quote="none",
    ),
)
