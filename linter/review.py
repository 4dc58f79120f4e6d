"""A draft of the comment a root program reviewer would post on an incident bug, written from irlint's findings.

The draft takes up the bug's process first (a missed update or an unanswered question is what reviewers chase
before anything else), then each report section by section in template order: it quotes the text at fault and
asks what the CCADB guidelines ask, in the words of each rule's ``review`` (linter.checks.base.Review), filled in
from the data keys the rule declares. The body is meant to be posted as the reviewer's own words, so rule codes
stay out of it; a footer line names them for whoever checks the draft.
"""

from __future__ import annotations

import re
import string
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from math import inf
from pathlib import Path
from typing import Any

from linter.bugs.linting import BugResult
from linter.bugzilla.base_url import DEFAULT_BASE_URL
from linter.bugzilla.model import Bug
from linter.checks.base import Review, Rule
from linter.checks.structure.titles import field_label, section_title
from linter.findings import Finding, Severity
from linter.lint import SourceResult
from linter.registry import all_rules
from linter.report import Report
from linter.report import vocabulary as vocab
from linter.report.templates import TEMPLATES
from linter.source_ref import Origin
from linter.terminal import inert

#: Quotes shown under one point; more would bury the question under them.
QUOTES_PER_POINT = 3
#: Characters of one quote: enough for a sentence, short enough that the draft stays a comment.
QUOTE_LIMIT = 200
_KIND_NAMES = {t.kind: t.noun for t in TEMPLATES}
_TEMPLATE_NAMES = {t.kind: t.name for t in TEMPLATES}
_LINE_BREAKS = re.compile(r"\r\n|[\r\u0085\u2028\u2029]")
_LEAD_MARKERS = re.compile(r"^(?:>\s*)*(?:(?:[-*+]|\d{1,9}[.)])\s+)?")
_SENTENCE_END = re.compile(r"[.!?]\s+")
_UNESCAPED_PIPE = re.compile(r"(?<!\\)\|")


def review_comment(result: BugResult, *, base_url: str = DEFAULT_BASE_URL, rules_paths: tuple[Path, ...] = ()) -> str:
    """A Markdown draft of a reviewer's comment on the bug, from what linting it found (with the user rule packs
    of ``rules_paths``)."""
    where = _Where(result.bug, base_url.rstrip("/"))
    rules = {rule.code: rule for rule in all_rules(rules_paths)}
    report_sources = [s for s in result.results if _comment_of(s) is not None]
    several = sum(max(len(s.reports), 1) for s in report_sources) > 1
    main: dict[tuple, _Group] = {}
    smaller = _Group((), None)
    for position, source in enumerate(result.results):
        comment = _comment_of(source)
        for finding in source.findings:
            report = _report_of(source, finding)
            key, heading = _place(finding, report, comment, position, several)
            found = _Found(finding, source, report, comment, key, rules.get(finding.rule))
            if finding.severity == Severity.INFO:
                smaller.found.append(found)
            else:
                main.setdefault(key, _Group(key, heading)).found.append(found)

    lines = [_greeting(report_sources, where), ""]
    number = 0
    for group in sorted(main.values(), key=lambda g: g.key):
        if group.heading:
            lines += [f"**{group.heading}**", ""]
        for point in group.points():
            number += 1
            lines += point.render(number, where)
    weak = any(f.severity != Severity.INFO for s in report_sources for f in s.findings)
    if not report_sources:
        lines += ["I did not find an incident report in the comments of this bug.", ""]
    elif not weak:
        verdict = "The reports cover" if several else "The report covers"
        lines += [f"{verdict} what the guidelines ask for" + ("; a few smaller points:" if smaller.found else "."), ""]
    if smaller.found:
        if weak or not report_sources:
            lines += ["**Smaller points**", ""]
        for point in smaller.points():
            number += 1
            lines += point.render(number, where)
    codes = sorted({f.rule for s in result.results for f in s.findings})
    lines.append(f"irlint findings: {', '.join(codes) if codes else 'none'}")
    return "\n".join(lines) + "\n"


@dataclass(frozen=True)
class _Where:
    """The bug being reviewed, for links to its comments."""

    bug: Bug
    base_url: str

    def link(self, comment: int) -> str:
        return f"[comment {comment}]({self.bug.url(self.base_url, comment)})"


@dataclass(frozen=True)
class _Found:
    """A finding, with the comment and report it was found in."""

    finding: Finding
    source: SourceResult
    report: Report | None
    comment: int | None
    #: Where its point goes: the sort key of its group.
    place: tuple
    #: The rule that found it; None for a rule not loaded (then its message stands for a question).
    rule: Rule | None

    @property
    def review(self) -> Review | None:
        return self.rule.review if self.rule is not None else None

    @property
    def data(self) -> Mapping[str, Any]:
        """The finding's data as its rule declares it: what a question may be filled from."""
        declared = self.rule.declared_data_keys if self.rule is not None else frozenset()
        return {key: value for key, value in self.finding.data.items() if key in declared}


@dataclass
class _Point:
    """One numbered point: the findings of one rule in one place, asked about once."""

    situation: str | None
    info: bool
    found: list[_Found] = field(default_factory=list)

    def render(self, number: int, where: _Where) -> list[str]:
        marker = f"{number}. "
        pad = " " * len(marker)
        quotes = []
        for found in self.found:
            quote = _quote(found)
            if quote and quote not in quotes:
                quotes.append(quote)
        blocks = [[f"> {line}" for line in quote] for quote in quotes[:QUOTES_PER_POINT]]
        if len(quotes) > QUOTES_PER_POINT:
            blocks.append([f"…and {len(quotes) - QUOTES_PER_POINT} more."])
        blocks.append([self.text(where)])
        lines = []
        for index, block in enumerate(blocks):
            lines += [(marker if index == 0 and row == 0 else pad) + text for row, text in enumerate(block)]
            lines.append("")
        return lines

    def text(self, where: _Where) -> str:
        review = self.found[0].review
        if review is None:
            # A user's rule without a review: key (or from a pack not loaded): its message is the best we have.
            message = _inline(self.found[0].finding.message)
            return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
        template = review.question(self.situation, self.info)
        # A user's rule pack may name in braces what the draft does not know: it stays as written.
        return template.format_map({name: FACTS[name](self.found, where) if name in FACTS else f"{{{name}}}"
                                    for name in placeholders(template)})


@dataclass
class _Group:
    """The points under one heading (none for the bug's process, which comes first)."""

    key: tuple
    heading: str | None
    found: list[_Found] = field(default_factory=list)

    def points(self) -> list[_Point]:
        """The group's findings as points: one per rule and situation, in the order they come up."""
        points: dict[tuple, _Point] = {}
        for found in sorted(self.found, key=_order):
            finding, review = found.finding, found.review
            info = finding.severity == Severity.INFO and review is not None and review.info is not None
            situation = review.situation(found.data) if review is not None else None
            points.setdefault((finding.rule, situation, info),
                              _Point(situation, info)).found.append(found)
        return list(points.values())


def _order(found: _Found) -> tuple:
    finding = found.finding
    if found.comment is None:
        review = found.review
        rank = review.order if review is not None and review.order is not None else inf
        comment = found.data.get("comment")
        return (found.place, rank, finding.rule, -1 if comment is None else comment)
    return (found.place, finding.line or 0, finding.column or 0, finding.rule)


def _place(finding: Finding, report: Report | None, comment: int | None, position: int,
           several: bool) -> tuple[tuple, str | None]:
    """The group a finding belongs to (a sort key: the bug first, then each report in template order) and
    its heading."""
    if comment is None:
        return (0,), None
    section = vocab.SUBSECTION_PARENT.get(finding.section, finding.section)
    index = report.index if report is not None else -1
    if section is None:
        rank, heading = -1, "The report as a whole" if report is not None else f"Comment {comment}"
    else:
        template = vocab.TEMPLATES.get((report.kind, report.template_version)) if report is not None else None
        sections = template.section_keys if template is not None else ()
        rank = sections.index(section) if section in sections else len(sections) + (finding.line or 0)
        heading = _heading(section_title(section, report.kind if report is not None else ""))
    if several and report is not None:
        heading += f" ({_KIND_NAMES.get(report.kind, 'report')} in comment {comment})"
    return (1, position, index, rank), heading


#: A template's own number in a section title: the legacy template numbers its seven questions.
_TITLE_NUMBER = re.compile(r"^(\d{1,2})\.\s+")


def _heading(title: str) -> str:
    """A section title as a heading of the draft. A numbered one says "Question 2:", so that its number is not
    read as one of the draft's numbered points under it."""
    numbered = _TITLE_NUMBER.match(title)
    return f"Question {numbered.group(1)}: {title[numbered.end():]}" if numbered else title


def _section_named(title: str, noun: str) -> str:
    """A section title inside a sentence: "the Timeline section", or "the answer to question 2 (A timeline of the
    actions your CA took)" for a numbered one."""
    numbered = _TITLE_NUMBER.match(title)
    if numbered:
        return f"the answer to question {numbered.group(1)} ({title[numbered.end():]})"
    return f"the {title} {noun}"


def placeholders(template: str) -> set[str]:
    """The names a question text asks for in braces."""
    return {name for _, name, _, _ in string.Formatter().parse(template) if name}


def _greeting(report_sources: list[SourceResult], where: _Where) -> str:
    if not report_sources:
        return "Thank you for the bug."
    named = []
    for source in report_sources:
        kinds = [_KIND_NAMES.get(r.kind, "report") for r in source.reports] or ["text"]
        ref = source.source
        if ref.attachment is not None:
            named.append(f"the {_and(kinds)} in [attachment {ref.attachment}]({ref.url(where.base_url)}) "
                         f"(comment {ref.comment})")
        else:
            named.append(f"the {_and(kinds)} in comment {ref.comment}")
    return f"Thank you for {_and(named)}."


def _comment_of(source: SourceResult) -> int | None:
    """The comment a report source stands at (for an attachment, the comment that attached it); None for the
    bug's own source."""
    return source.source.comment if source.source.origin in (Origin.COMMENT, Origin.ATTACHMENT) else None


def _report_of(source: SourceResult, finding: Finding) -> Report | None:
    if finding.report is None:
        return None
    return next((r for r in source.reports if r.index == finding.report), None)


# --- quotes ----------------------------------------------------------------------------------------------------


def _quote(found: _Found) -> list[str] | None:
    """The quoted lines (without their "> "), the last ending with the comment they come from."""
    mode = found.review.quote if found.review is not None else "line"
    text = _quoted_text(found, mode)
    if not text:
        return None
    lines = _cap(_clean(text), found.finding.excerpt)
    if not lines:
        return None
    lines = [line.replace("<", "\\<") for line in lines]
    comment = found.comment if found.comment is not None else found.data.get("comment")
    if found.source.source.attachment is not None:
        lines[-1] += f" (attachment {found.source.source.attachment})"
    elif isinstance(comment, int):
        lines[-1] += f" (comment {comment})"
    return lines


def _quoted_text(found: _Found, mode: str) -> str | None:
    finding = found.finding
    if mode == "none":
        return None
    lines = found.source.lines
    if mode == "excerpt" or finding.line is None or not 1 <= finding.line <= len(lines):
        return finding.excerpt or None
    line = lines[finding.line - 1]
    if line.lstrip().startswith("|"):
        return _from_row(line, finding)
    line = line.strip()
    if line.startswith("#"):
        return None  # a heading says nothing a reader needs quoted back
    return _LEAD_MARKERS.sub("", line, count=1)


def _from_row(line: str, finding: Finding) -> str | None:
    """A table row as a reviewer quotes it: an action item and the cell at fault when that is another (its other
    cells say nothing about the fault), any other row whole (a timeline row's date says nothing without its
    event)."""
    body = line.strip()
    cells = [cell.strip() for cell in _UNESCAPED_PIPE.split(body[1:-1] if body.endswith("|") else body[1:])]
    if not any(cells):
        return None
    if finding.section != "action_items":
        return " | ".join(cell for cell in cells if cell)
    first = next(index for index, cell in enumerate(cells) if cell)
    at = len(_UNESCAPED_PIPE.findall(line[:(finding.column or 1) - 1])) - 1
    if not 0 <= at < len(cells) or not cells[at]:
        at = first
    return cells[first] if at == first else f"{cells[first]} | {cells[at]}"


def _clean(text: str) -> list[str]:
    """Lines of untrusted text with no escape sequence, control or direction character and no blank lines (a
    direction override can make a quote display other than it reads; none carries anything a reviewer needs)."""
    text = inert(_LINE_BREAKS.sub("\n", text).replace("\t", " ")).replace("\ufffd", "")
    return [" ".join(line.split()) for line in text.split("\n") if line.strip()]


def _cap(lines: list[str], excerpt: str) -> list[str]:
    """At most QUOTE_LIMIT characters; a long line keeps the sentence that holds the excerpt."""
    if sum(len(line) for line in lines) <= QUOTE_LIMIT:
        return lines
    if len(lines) == 1:
        return [_window(lines[0], " ".join(excerpt.split()), QUOTE_LIMIT)]
    kept, room = [], QUOTE_LIMIT - 1
    for line in lines:
        if len(line) >= room:
            kept.append(line[:_before_link(line, room)].rstrip() + "…")
            break
        kept.append(line)
        room -= len(line)
    return kept


#: A link in quoted text: a quote cut inside one would link somewhere else.
_LINK = re.compile(r"\b[a-z][a-z0-9+.-]*://\S+|\bwww\.\S+", re.IGNORECASE)


def _before_link(text: str, stop: int, floor: int = 0) -> int:
    """``stop``, or the start of the link ``stop`` would cut through when that leaves something after ``floor``."""
    for match in _LINK.finditer(text):
        if floor < match.start() < stop < match.end():
            return match.start()
    return stop


def _window(text: str, excerpt: str, limit: int) -> str:
    at = text.lower().find(excerpt.lower()) if excerpt else -1
    if at < 0:
        return text[:limit - 1].rstrip() + "…"
    ends = [m.end() for m in _SENTENCE_END.finditer(text)]
    start = max((end for end in ends if end <= at), default=0)
    stop = min((end for end in ends if end > at + len(excerpt)), default=len(text))
    shown = ("…" if start else "") + text[start:stop].strip() + ("…" if stop < len(text) else "")
    if len(shown) <= limit:
        return shown
    width = limit - 2  # room for an ellipsis on each side
    left = max(0, min(at - (width - len(excerpt)) // 2, len(text) - width))
    right = min(len(text), left + width)
    if right < len(text):
        right = _before_link(text, right, floor=left)
    return ("…" if left else "") + text[left:right].strip() + ("…" if right < len(text) else "")


def _inline(text: str) -> str:
    """Untrusted text inside one of our sentences: one line, and no HTML."""
    return " ".join(_clean(text)).replace("<", "\\<")


def _code(text: Any) -> str:
    """Untrusted text as a code span, which Markdown shows as it is, whatever it holds."""
    value = " ".join(_clean(str(text)))
    fence = "`" * (max((len(run) for run in re.findall(r"`+", value)), default=0) + 1)
    pad = " " if value.startswith("`") or value.endswith("`") else ""
    return f"{fence}{pad}{value}{pad}{fence}"


# --- the facts a question names ---------------------------------------------------------------------------------


def _and(items: Iterable[str], word: str = "and") -> str:
    items = list(dict.fromkeys(items))
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} {word} {items[-1]}" if items else ""


#: From this many days on, a count is shown in whole days: no limit it is set against is near.
WHOLE_DAYS_FROM = 30


def _days(value: Any) -> str:
    """Days to the tenth where the count is not whole, below WHOLE_DAYS_FROM: the limits they are set against are
    whole days (7, 14), and 7.8 days rounded to 8 or 7.4 rounded to 7 would hide how far past the limit they are."""
    count = round(float(value or 0), 1)
    if count >= WHOLE_DAYS_FROM:
        count = float(round(count))
    shown = f"{count:.0f}" if count == int(count) else f"{count:.1f}"
    return f"{shown} day{'s' * (shown != '1')}"


def _date(value: str | None) -> str:
    return (value or "")[:10]


def _time(value: str | None) -> str:
    if not value:
        return "?"
    moment = datetime.fromisoformat(value.replace("Z", "+00:00")).astimezone(UTC)
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def _duration(hours: Any) -> str:
    minutes = round(float(hours or 0) * 60)
    days, minutes = divmod(minutes, 24 * 60)
    whole, minutes = divmod(minutes, 60)

    def unit(count: int, name: str) -> str:
        return f"{count} {name}{'s' * (count != 1)}"

    if days:
        return unit(days, "day") + (f" and {unit(whole, 'hour')}" if whole else "")
    return unit(whole, "hour") + (f" and {unit(minutes, 'minute')}" if minutes else "")


def _data(found: list[_Found], key: str) -> Any:
    return found[0].data.get(key)


def _comments(found: list[_Found], where: _Where) -> str:
    counts = [f.data.get("comment") for f in found]
    return _and(where.link(c) for c in counts if isinstance(c, int)) or "the bug"


def _questions(found: list[_Found], where: _Where) -> str:
    asked = []
    for item in found:
        data = item.data
        comment = data.get("comment")
        what = f"the question in {where.link(comment)}" if isinstance(comment, int) else \
            f"the needinfo request of {_date(data.get('asked'))}"
        if data.get("answer_comment") is not None:
            waited = _days(data.get("response_days"))
            asked.append(f"{what} waited {waited}, until {where.link(data['answer_comment'])}")
        else:
            asked.append(f"{what} (asked {_days(data.get('age_days'))} ago)")
    return _and(asked)


def _last_update(found: list[_Found], where: _Where) -> str:
    data = found[0].data
    if "last_ca_comment" in data:
        comment, time = data.get("last_ca_comment"), data.get("last_ca_comment_time")
    else:
        comment, time = data.get("comment"), data.get("since")
    if isinstance(comment, int):
        return f"your last update is {where.link(comment)} of {_date(time)}"
    return "there has been no update from you since the bug was filed"


def _gaps(found: list[_Found], where: _Where) -> str:
    return _and(f"{_days(f.data.get('gap_days'))} between your updates in "
                f"{where.link(f.data['previous_comment'])} and {where.link(f.data['comment'])}"
                for f in found if isinstance(f.data.get("previous_comment"), int))


def _sections(found: list[_Found], where: _Where) -> str:
    titles = [section_title(f.data["section"], f.report.kind if f.report else "")
              for f in found if f.data.get("section")]
    numbered = [title for title in titles if _TITLE_NUMBER.match(title)]
    if numbered:  # the legacy template's questions
        return _and(_section_named(title, "section").removeprefix("the ") for title in titles)
    return f"{_and(titles)} section{'s' * (len(set(titles)) > 1)}"


def _fields(found: list[_Found], where: _Where) -> str:
    labels = []
    for item in found:
        data = item.data
        if not data.get("field"):
            continue
        label = field_label(data["field"], item.report.kind if item.report else "")
        labels.append(f"{label} (Contributing Factor {data['factor']})" if data.get("factor") else label)
    return f"{_and(labels)} field{'s' * (len(set(labels)) > 1)}"


def _what(found: list[_Found], where: _Where) -> str:
    named = []
    for item in found:
        data, kind = item.data, item.report.kind if item.report else ""
        if data.get("field"):
            named.append(f"the {field_label(data['field'], kind)} field")
        elif data.get("section") and "placeholder" not in data:
            named.append(_section_named(section_title(data["section"], kind), "table"))
        elif data.get("section"):
            named.append(_section_named(section_title(data["section"], kind), "section"))
    return _and(named) or "this part of the report"


def _values(found: list[_Found], where: _Where) -> str:
    return _and((_code(f.data["value"]) for f in found if f.data.get("value")), "or") or "this"


def _template_name(found: list[_Found], where: _Where) -> str:
    kind, _, version = str(_data(found, "template") or "").partition("-")
    return f"{version} {_TEMPLATE_NAMES.get(kind, kind)}".strip()


def _missing(found: list[_Found], where: _Where) -> str:
    return _and(moment for f in found for moment in f.data.get("missing") or ())


def _certificates(found: list[_Found], where: _Where) -> str:
    count = _data(found, "certificates")
    if not isinstance(count, int):
        return "affected certificates"
    return f"{count} affected certificate{'s' * (count != 1)}"


def _files(found: list[_Found], where: _Where) -> str:
    named = []
    for item in found:
        data = item.data
        comment = data.get("comment")
        named.append(f"{_code(data.get('file_name', ''))} (attachment {data.get('attachment')}"
                     + (f", {where.link(comment)})" if isinstance(comment, int) else ")"))
    return _and(named)


def _moment(key: str) -> Callable[[list[_Found], _Where], str]:
    """The time of a deadline's start or end point (``from``, ``to``)."""
    return lambda found, where: _time((_data(found, key) or {}).get("time"))


def _disclosure(found: list[_Found], where: _Where) -> str:
    comment = _data(found, "disclosure_comment")
    return where.link(comment) if isinstance(comment, int) else "the bug's description"


def _related(found: list[_Found], where: _Where) -> str:
    bugs, titles = _data(found, "bugs") or [], _data(found, "titles") or []
    return _and(f"[Bug {number}]({where.base_url.rstrip('/')}/show_bug.cgi?id={number}) ({_inline(title)})"
                for number, title in zip(bugs, titles, strict=False))


#: What a question may name in braces, each computed from the findings of its point.
FACTS: dict[str, Callable[[list[_Found], _Where], str]] = {
    "comments": _comments,
    "questions": _questions,
    "last_update": _last_update,
    "gaps": _gaps,
    "next_update": lambda found, where: str(_data(found, "next_update")),
    "days_overdue": lambda found, where: _days(_data(found, "days_overdue")),
    "silent_days": lambda found, where: _days(_data(found, "days")),
    "elapsed": lambda found, where: _duration(_data(found, "elapsed_hours")),
    "from_time": _moment("from"),
    "to_time": _moment("to"),
    "clock": lambda found, where: str(_data(found, "clock")),
    "due": lambda found, where: _date(_data(found, "due")),
    "disclosure": _disclosure,
    "full_report": lambda found, where: _comments(found, where),
    "elapsed_days": lambda found, where: _days(_data(found, "elapsed_days")),
    "expected": lambda found, where: str(_data(found, "expected")),
    "days_past_expected": lambda found, where: _days(_data(found, "days_past_expected")),
    "sections": _sections,
    "fields": _fields,
    "what": _what,
    "values": _values,
    "template": _template_name,
    "superseded": lambda found, where: _date(_data(found, "superseded")),
    "replacement": lambda found, where: _code(_data(found, "replacement") or ""),
    "missing": _missing,
    "certificates": _certificates,
    "files": _files,
    "related": _related,
}
