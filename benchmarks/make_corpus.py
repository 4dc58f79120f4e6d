"""Write a synthetic corpus of incident reports of every kind, of any number, for irlint's benchmarks.

    python benchmarks/make_corpus.py OUTPUT_DIR [--count 2000] [--seed 1] [--min-kb 2] [--max-kb 40]
                                     [--rendered 0.3]

Each report is one file: a legacy (1.0), incident (2.0), audit (2.0), preliminary, full or closure (3.x)
report, the kinds in turn, of a size drawn uniformly from --min-kb..--max-kb (KB = 1024 bytes of UTF-8;
a closure or preliminary report stays as short as its template keeps it when the size asks for less). A share
of them (--rendered) is written as a reader copies a rendered Bugzilla page (``NNNN-kind.txt``: page chrome,
no Markdown marks, tables one cell a line), the rest as Markdown (``NNNN-kind.md``). The reports grow the way
real ones do: more timeline entries, more action items, longer root cause analyses and answers; their prose is
drawn from a fixed vocabulary in which some sentences use the wording the phrase rules flag, so the rules find
something to report. The same --seed always writes the same files.

Then, for example:

    python benchmarks/lint_throughput.py --corpus OUTPUT_DIR
"""

from __future__ import annotations

import argparse
import random
import sys
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from rendering import rendered as page_text  # noqa: E402

KB = 1024
KINDS = ("legacy", "incident", "audit", "preliminary", "full", "closure")

CAS = ("Adatum", "Contoso", "Fabrikam", "Litware", "Northwind", "Proseware", "Tailspin", "Woodgrove", "Coho")
SYSTEMS = ("the issuance engine", "the CRL generator", "the OCSP responder", "the validation service",
           "the ACME endpoint", "the order portal", "the pre-issuance linter", "the CT submission worker",
           "the HSM cluster", "the CAA checker", "the profile templates", "the revocation database")
PROBLEMS = ("a stale CAA result", "an expired delegated responder certificate", "a wrong validity period",
            "a missing policy OID", "an unencoded subject attribute", "a truncated serial number",
            "an expired domain validation", "a CRL entry removed early", "an upper-case dNSName",
            "a profile copied without review")
CONTROLS = ("a pre-issuance check", "a reconciliation job", "an alert on the first failure",
            "a regression test", "a configuration lint", "a dashboard of every issuing CA",
            "a four-eyes review of profile changes", "a daily comparison against the revocation database")
FACTORS = ("The configuration was duplicated between two components",
           "No control checked the age of the validation evidence",
           "The release checklist did not cover status services",
           "Monitoring compared each CRL only with the previous one",
           "The migration plan did not list recurring jobs",
           "The linter warning was logged but did not block issuance")
# Wording the built-in phrase rules flag (human error, reminders, training, vague commitments, deflection).
FLAGGED = ("The problem was caused by human error during the change.",
           "We reminded all staff to follow the procedure.",
           "We provided additional training to the validation team.",
           "We will fix this as soon as possible.",
           "The error was the subscriber's fault.",
           "Staff will now manually re-check every order.")
STATUSES = ("Complete", "Ongoing", "Ongoing", "Delayed")
KINDS_OF_ACTION = ("Prevent", "Detect", "Mitigate")


class Writer:
    """One report's text, built block by block, with the random choices it needs."""

    def __init__(self, rng: random.Random, kind: str) -> None:
        self.rng = rng
        self.kind = kind
        self.ca = f"{rng.choice(CAS)} {rng.choice(('Trust', 'PKI', 'CA'))}"
        # 3.x reports are dated after the 3.0 guidelines, 2.0 ones between, legacy ones before.
        start = {"legacy": datetime(2019, 1, 1), "incident": datetime(2023, 11, 1), "audit": datetime(2023, 11, 1)}
        self.clock = start.get(kind, datetime(2025, 4, 1)) + timedelta(days=rng.randrange(400))
        self.factor_count = 0

    def pick(self, items: tuple[str, ...]) -> str:
        return self.rng.choice(items)

    def tick(self) -> datetime:
        self.clock += timedelta(minutes=self.rng.randrange(5, 3000))
        return self.clock

    def day(self) -> str:
        return (self.clock + timedelta(days=self.rng.randrange(5, 90))).strftime("%Y-%m-%d")

    def sentence(self) -> str:
        if self.rng.random() < 0.06:
            return self.pick(FLAGGED)
        forms: tuple[Callable[[], str], ...] = (
            lambda: f"{self.pick(SYSTEMS).capitalize()} produced {self.pick(PROBLEMS)} for "
                    f"{self.rng.randrange(2, 9000):,} certificates.",
            lambda: f"Nothing in {self.pick(SYSTEMS)} detected {self.pick(PROBLEMS)}, because it relied on "
                    f"{self.pick(SYSTEMS)} instead of {self.pick(CONTROLS)}.",
            lambda: f"On {self.tick():%Y-%m-%d} we added {self.pick(CONTROLS)} to {self.pick(SYSTEMS)}.",
            lambda: f"{self.pick(FACTORS)}, so {self.pick(PROBLEMS)} went unnoticed for "
                    f"{self.rng.randrange(2, 60)} days.",
            lambda: f"The {self.pick(('design', 'change', 'release', 'test'))} review of {self.pick(SYSTEMS)} "
                    f"did not ask whether {self.pick(PROBLEMS)} was possible.",
        )
        return self.rng.choice(forms)()

    def paragraph(self, sentences: int = 0) -> str:
        return " ".join(self.sentence() for _ in range(sentences or self.rng.randrange(2, 6)))

    def entry(self) -> str:
        return f"- {self.tick():%Y-%m-%d %H:%M} UTC: {self.sentence()}"

    def action_row(self, columns: int) -> str:
        cells = [f"Add {self.pick(CONTROLS)} to {self.pick(SYSTEMS)}", self.pick(KINDS_OF_ACTION)]
        if columns == 6:
            cells += [f"Contributing Factor {self.rng.randrange(1, max(2, self.factor_count + 1))}",
                      f"{self.pick(CONTROLS).capitalize()} runs on every issuing CA and is shown to fail on "
                      f"{self.pick(PROBLEMS)}"]
        cells.append(self.day())
        if columns == 6:
            cells.append(self.pick(STATUSES))
        return "| " + " | ".join(cells) + " |"


def _table(header: tuple[str, ...], rows: list[str]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "|".join("-" * (len(h) + 2) for h in header) + "|", *rows]


def _field(label: str, value: str) -> str:
    return f"- **{label}:** {value}"


# Each builder returns the report's sections as lists of lines, and the (section, grower) pairs that add
# one more piece to a section when the report must grow.
Sections = list[list[str]]
Growers = list[tuple[int, Callable[[], list[str]]]]


def _full(w: Writer) -> tuple[Sections, Growers]:
    w.factor_count = 2
    summary = ["## Full Incident Report", "", "### Summary", "",
               _field("CA Owner CCADB unique ID", f"A{w.rng.randrange(10**6):06d}"),
               _field("Incident description", w.paragraph(4)),
               _field("Timeline summary", ""),
               f"   - **Non-compliance start date:** {w.tick():%Y-%m-%d %H:%M} UTC",
               f"   - **Non-compliance identified date:** {w.tick():%Y-%m-%d %H:%M} UTC",
               f"   - **Non-compliance end date:** {w.tick():%Y-%m-%d %H:%M} UTC",
               _field("Relevant policies", "TLS Baseline Requirements, Section 4.9.1.1"),
               _field("Source of incident disclosure", w.pick(("Self Reported", "Third Party Reported", "Audit")))]
    impact = ["### Impact", "",
              _field("Total number of certificates", f"{w.rng.randrange(1, 5000):,}"),
              _field('Total number of "remaining valid" certificates', "0"),
              _field("Affected certificate types", "This incident affects DV and OV certificates."),
              _field("Incident heuristic", w.paragraph(2)),
              _field("Was issuance stopped in response to this incident, and why or why not?", w.paragraph(2)),
              _field("Analysis", "N/A"),
              _field("Additional considerations", w.paragraph(1))]
    timeline = ["### Timeline", "", "All times are UTC.", "", *(w.entry() for _ in range(6))]
    related = ["### Related Incidents", "", *_table(("Bug", "Date", "Description"), [
        f"| {w.rng.randrange(1_600_000, 2_000_000)} | {w.day()} | {w.sentence()} |" for _ in range(2)])]
    rca = ["### Root Cause Analysis", ""]
    for number in (1, 2):
        rca += _factor(w, number)
    lessons = ["### Lessons Learned", "", _field("What went well", w.paragraph()),
               _field("What didn't go well", w.paragraph()), _field("Where we got lucky", w.paragraph(1)),
               _field("Additional", w.paragraph(1))]
    actions = ["### Action Items", "", *_table(
        ("Action Item", "Kind", "Corresponding Root Cause(s)", "Evaluation Criteria", "Due Date", "Status"),
        [w.action_row(6) for _ in range(4)])]
    appendix = ["### Appendix", "", w.paragraph(2), "",
                *(f"- https://crt.sh/?sha256={w.rng.getrandbits(256):064x}" for _ in range(3))]
    sections = [summary, impact, timeline, related, rca, lessons, actions, appendix]

    def factor() -> list[str]:
        w.factor_count += 1
        return _factor(w, w.factor_count)

    return sections, [(2, lambda: [w.entry()]), (4, factor), (6, lambda: [w.action_row(6)]),
                      (7, lambda: [f"- https://crt.sh/?sha256={w.rng.getrandbits(256):064x}"])]


def _factor(w: Writer, number: int) -> list[str]:
    return ["", f"**Contributing Factor {number}: {w.pick(FACTORS)}**",
            _field("Description", w.paragraph()), _field("Timeline", w.paragraph(2)),
            _field("Detection", w.paragraph(2)), _field("Interaction with other factors", w.paragraph(1)),
            _field("Root Cause Analysis methodology used", w.pick(("5-Whys", "Fishbone diagram", "Fault tree")))]


def _preliminary(w: Writer) -> tuple[Sections, Growers]:
    summary = ["## Preliminary Incident Report", "", "### Summary", "",
               _field("Incident description", w.paragraph(5)),
               _field("Relevant policies", "S/MIME Baseline Requirements, Section 6.3.2"),
               _field("Source of incident disclosure", w.pick(("Self Reported", "Third Party Reported")))]
    closing = ["", f"The Full Incident Report will be posted on or before {w.day()}."]
    return [summary, closing], [(0, lambda: ["", w.paragraph()])]


def _closure(w: Writer) -> tuple[Sections, Growers]:
    body = ["### Report Closure Summary", "", _field("Incident description", w.paragraph(3)),
            _field("Incident Root Cause(s)", w.paragraph(3)), _field("Remediation description", w.paragraph(3)),
            _field("Commitment summary", w.paragraph(2))]
    closing = ["", "All Action Items disclosed in this report have been completed as described, and we request "
               "its closure."]
    return [body, closing], [(0, lambda: ["", w.paragraph()])]


def _incident(w: Writer) -> tuple[Sections, Growers]:
    def day_block() -> list[str]:
        w.tick()
        return ["", f"{w.clock:%Y-%m-%d}:", *(f"- {w.tick():%H:%M} {w.sentence()}" for _ in range(3))]

    timeline = ["### Timeline", "", "All times are UTC."]
    for _ in range(2):
        timeline += day_block()
    sections = [["## Incident Report", "", "### Summary", "", w.paragraph(4)], ["### Impact", "", w.paragraph(3)],
                timeline, ["### Root Cause Analysis", "", w.paragraph(5)],
                ["### Lessons Learned", "", "#### What went well", "", f"* {w.sentence()}", "",
                 "#### What didn't go well", "", f"* {w.sentence()}", "", "#### Where we got lucky", "",
                 f"* {w.sentence()}"],
                ["### Action Items", "", *_table(("Action Item", "Kind", "Due Date"),
                                                 [w.action_row(3) for _ in range(3)])],
                ["### Appendix", "", "#### Details of affected certificates", "", w.paragraph(2)]]
    return sections, [(2, day_block), (3, lambda: ["", w.paragraph()]), (5, lambda: [w.action_row(3)])]


def _audit(w: Writer) -> tuple[Sections, Growers]:
    finding = [1]

    def block() -> list[str]:
        lines = [f"### Finding #{finding[0]}", "", w.paragraph(3), "", "### Root Cause Analysis", "", w.paragraph(4),
                 "", "### Action Items", "", *_table(("Action Item", "Kind", "Due Date"),
                                                     [w.action_row(3) for _ in range(3)]), ""]
        finding[0] += 1
        return lines

    return [["## Audit Incident Report", ""], block()], [(1, block)]


LEGACY_QUESTIONS = (
    "How your CA first became aware of the problem, and the time and date.",
    "A timeline of the actions your CA took in response.",
    "Whether your CA has stopped, or has not yet stopped, certificate issuance or the process giving rise to the "
    "problem or incident.",
    "In a case involving certificates, a summary of the problematic certificates.",
    "In a case involving TLS server certificates, the complete certificate data for the problematic certificates.",
    "Explanation about how and why the mistakes were made or bugs introduced, and how they avoided detection "
    "until now.",
    "List of steps your CA is taking to resolve the situation and ensure that such a situation or incident will "
    "not be repeated in the future.",
)


def _legacy(w: Writer) -> tuple[Sections, Growers]:
    def step() -> list[str]:
        return [f"- {w.pick(('Add', 'Deploy', 'Document'))} {w.pick(CONTROLS)} in {w.pick(SYSTEMS)} "
                f"({w.pick(('Complete', 'In progress'))}, due {w.day()})."]

    answers = [[w.paragraph(2)], [w.entry() for _ in range(5)], [w.paragraph(1)], [w.paragraph(2)],
               [f"- https://crt.sh/?sha256={w.rng.getrandbits(256):064x}" for _ in range(2)], [w.paragraph(4)],
               [line for _ in range(3) for line in step()]]
    sections = [[f"**{number}. {question}**", "", *answer, ""]
                for number, (question, answer) in enumerate(zip(LEGACY_QUESTIONS, answers), 1)]
    return sections, [(1, lambda: [w.entry()]), (5, lambda: ["", w.paragraph()]), (6, step),
                      (4, lambda: [f"- https://crt.sh/?sha256={w.rng.getrandbits(256):064x}"])]


BUILDERS = {"full": _full, "preliminary": _preliminary, "closure": _closure, "incident": _incident,
            "audit": _audit, "legacy": _legacy}


def build(rng: random.Random, kind: str, size: int) -> str:
    """One Markdown report of ``kind``, grown to about ``size`` bytes (never shrunk below its skeleton)."""
    writer = Writer(rng, kind)
    sections, growers = BUILDERS[kind](writer)
    total = sum(len(line.encode("utf-8")) + 1 for section in sections for line in section)
    while total < size:
        index, grow = rng.choice(growers)
        piece = grow()
        sections[index].extend(piece)
        total += sum(len(line.encode("utf-8")) + 1 for line in piece)
    return "\n\n".join("\n".join(section) for section in sections) + "\n"


def rendered(markdown: str, rng: random.Random, title: str) -> str:
    """The report as a reader copies it from a Bugzilla page: chrome first, then the text as the test suite
    renders a Markdown case (marks gone, a table cell a line)."""
    chrome = [title, "Categories", "(CA Program :: CA Certificate Compliance, task)", "Tracking", "(Not tracked)",
              "People", f"(Reporter: compliance.{rng.randrange(100)}, Assigned: compliance.{rng.randrange(100)})",
              "Details", "(Whiteboard: [ca-compliance] [ov-misissuance])",
              f"Comment {rng.randrange(1, 40)}•{rng.randrange(2, 11)} months ago"]
    return "\n".join(chrome) + "\n" + page_text(markdown.rstrip("\n") + "\n")


def write_corpus(folder: Path, count: int, seed: int, min_kb: float, max_kb: float, share: float) -> tuple[int, int]:
    """Write ``count`` reports into ``folder``; (files, bytes)."""
    rng = random.Random(seed)
    folder.mkdir(parents=True, exist_ok=True)
    written = 0
    for number in range(count):
        kind = KINDS[number % len(KINDS)]
        size = int(rng.uniform(min_kb, max_kb) * KB)
        text = build(rng, kind, size)
        if rng.random() < share:
            name = f"{number:04d}-{kind}.txt"
            text = rendered(text, rng, f"{rng.choice(CAS)} Trust: {rng.choice(PROBLEMS)}")
        else:
            name = f"{number:04d}-{kind}.md"
        data = text.encode("utf-8")
        (folder / name).write_bytes(data)
        written += len(data)
    return count, written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="folder to write the reports into (created if missing)")
    parser.add_argument("--count", type=int, default=2000, help="number of reports (default 2000)")
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--min-kb", type=float, default=2.0, help="smallest report size (default 2)")
    parser.add_argument("--max-kb", type=float, default=40.0, help="largest report size (default 40)")
    parser.add_argument("--rendered", type=float, default=0.3, metavar="SHARE",
                        help="share of reports written as rendered page text (default 0.3)")
    args = parser.parse_args(argv)
    if args.count < 1 or not 0 < args.min_kb <= args.max_kb or not 0 <= args.rendered <= 1:
        parser.error("need --count >= 1, 0 < --min-kb <= --max-kb and 0 <= --rendered <= 1")
    files, size = write_corpus(args.output, args.count, args.seed, args.min_kb, args.max_kb, args.rendered)
    print(f"wrote {files} reports to {args.output}: {size / KB / KB:.2f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
