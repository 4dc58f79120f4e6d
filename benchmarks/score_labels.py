"""Score irlint on real incident-report texts labelled by hand: template kinds and timeline verdicts.

    python benchmarks/score_labels.py [--split dev|held_out|all] [--shared PATH] [-v] [--json]

The labels (benchmarks/labels/real-reports.yaml) name each text by where it is, never by copying it: comment 0 of
a bug in a recording of Bugzilla's "CA Certificate Compliance" component (PATH/bmo_component/comments.json), or a
file of a labelled corpus (PATH/corpus/FILE). The recording is not part of this repository; --shared names the
folder that holds it (default: ../shared beside the checkout). Without it the script prints one line and exits 0:
it is a benchmark, never a test.

Each text is linted as ``irlint check --date DAY`` of that text would lint it (the configuration found from an
empty folder, every default rule, the day the comment was written as the report date where it is known), then
per split:

  kind       the kind of the first report irlint recognised (none when it found none) vs the labelled kind
  timeline   any T001-T004 finding vs a labelled timeline problem (labels "clean" and "none" expect none):
             precision, recall and the tp / fp / fn / tn counts
  T001-T004  each code alone: how many texts agree (irlint flags the code exactly where the label names it)

With -v every disagreement is listed, with the label's quote of the offending entry and irlint's findings.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.lint import lint_text  # noqa: E402
from linter.settings import Settings, load_settings  # noqa: E402
from linter.source_ref import SourceRef  # noqa: E402

LABELS = ROOT / "benchmarks" / "labels" / "real-reports.yaml"
TIMELINE_CODES = ("T001", "T002", "T003", "T004")
SPLITS = ("dev", "held_out")


@dataclass(frozen=True)
class Text:
    """One labelled text, found in the recording."""

    label: dict
    name: str
    text: str
    written: date | None
    #: The recording stops inside the text (it keeps the first RECORDED_CHARACTERS of each comment 0).
    cut: bool = False


@dataclass
class Verdicts:
    """irlint against the labels over one split."""

    kinds: list[bool] = field(default_factory=list)
    #: (labelled as a problem, flagged by irlint) per text.
    timeline: list[tuple[bool, bool]] = field(default_factory=list)
    codes: dict[str, list[tuple[bool, bool]]] = field(default_factory=lambda: {c: [] for c in TIMELINE_CODES})
    disagreements: list[str] = field(default_factory=list)


def where(label: dict) -> str:
    return f"bug {label['bug']}" if "bug" in label else f"corpus {label['corpus']}"


def find_texts(labels: list[dict], shared: Path) -> tuple[list[Text], list[str]]:
    """The labelled texts found under ``shared``, and a line for each one that is not there."""
    comments_file = shared / "bmo_component" / "comments.json"
    comments = json.loads(comments_file.read_text(encoding="utf-8")) if comments_file.is_file() else {}
    found, missing = [], []
    for label in labels:
        if "bug" in label:
            thread = comments.get(str(label["bug"])) or [{}]
            text, written = thread[0].get("text") or "", written_day(thread[0].get("time"))
            name = f"bug-{label['bug']}-comment-0.md"
        else:
            path = shared / "corpus" / label["corpus"]
            record = yaml.safe_load(path.read_text(encoding="utf-8")) if path.is_file() else {}
            text = (record or {}).get("report_text") or ""
            # A corpus text of a bug: the day its comment 0 was written, when the recording has it.
            bug = str((record or {}).get("bug_id") or "")
            written = written_day(((comments.get(bug) or [{}])[0]).get("time"))
            name = Path(label["corpus"]).with_suffix(".md").name
        if text:
            found.append(Text(label, name, text, written, cut="bug" in label and len(text) >= RECORDED_CHARACTERS))
        else:
            missing.append(f"{where(label)}: no text in the recording")
    return found, missing


#: The recording keeps this many characters of each comment 0; a text this long was cut.
RECORDED_CHARACTERS = 1000


def _judged(result, text: str, cut: bool) -> list:
    """The timeline findings to score. Where the recording cut the text, its last line is cut too, and a finding
    there is judged only when the line goes on past what it points at by a whole word: "07:30 Check in" shows a
    time with no zone, "07:30 U" or "2019-02-01: " may be missing their rest, and so may a finding that points
    at no width. The labels judge only what is whole, and so does the score; a real comment is never cut there."""
    findings = [f for f in result.findings if f.rule in TIMELINE_CODES]
    if not cut:
        return findings
    lines = re.split(r"\r\n|\r|\n", text)
    cut_at = max((n for n, line in enumerate(lines, 1) if line.strip()), default=0)

    def whole(finding) -> bool:
        if finding.line != cut_at:
            return True
        same_line = finding.end_line == finding.line and (finding.end_column or 0) > (finding.column or 0)
        after = lines[cut_at - 1][finding.end_column:] if same_line else ""
        return re.search(r"\w+\W", after) is not None

    return [f for f in findings if whole(f)]


def written_day(stamp: str | None) -> date | None:
    try:
        return date.fromisoformat(stamp[:10]) if stamp else None
    except ValueError:
        return None


def labelled_codes(label: dict) -> set[str]:
    value = label.get("timeline")
    return set(value) if isinstance(value, list) else set()


def score(texts: list[Text], settings: Settings) -> dict[str, Verdicts]:
    by_split = {name: Verdicts() for name in SPLITS}
    for item in texts:
        verdicts = by_split[item.label["split"]]
        result = lint_text(item.text, SourceRef.file(item.name), settings.options(report_date=item.written))
        kind = result.reports[0].kind if result.reports else None
        judged = _judged(result, item.text, item.cut)
        flagged = {f.rule for f in judged}
        want_kind = None if item.label["kind"] == "none" else item.label["kind"]
        want = labelled_codes(item.label)

        verdicts.kinds.append(kind == want_kind)
        verdicts.timeline.append((bool(want), bool(flagged)))
        for code in TIMELINE_CODES:
            verdicts.codes[code].append((code in want, code in flagged))

        problems = []
        if kind != want_kind:
            problems.append(f"kind labelled {item.label['kind']}, irlint {kind or 'none'}")
        if want != flagged:
            said = ", ".join(f"{f.rule} line {f.line}" for f in judged) or "nothing"
            labelled = ", ".join(sorted(want)) or item.label["timeline"]
            problems.append(f"timeline labelled {labelled}, irlint {said}")
        if problems:
            quote = f" (entry: {item.label['quote']!r})" if item.label.get("quote") else ""
            verdicts.disagreements.append(f"{where(item.label)}: {'; '.join(problems)}{quote}")
    return by_split


def merged(parts: list[Verdicts]) -> Verdicts:
    total = Verdicts()
    for part in parts:
        total.kinds += part.kinds
        total.timeline += part.timeline
        for code in TIMELINE_CODES:
            total.codes[code] += part.codes[code]
        total.disagreements += part.disagreements
    return total


def counts(pairs: list[tuple[bool, bool]]) -> dict:
    tp = sum(1 for want, got in pairs if want and got)
    fp = sum(1 for want, got in pairs if not want and got)
    fn = sum(1 for want, got in pairs if want and not got)
    tn = sum(1 for want, got in pairs if not want and not got)
    return {"n": len(pairs), "tp": tp, "fp": fp, "fn": fn, "tn": tn,
            "precision": tp / (tp + fp) if tp + fp else None, "recall": tp / (tp + fn) if tp + fn else None}


def figures(verdicts: Verdicts) -> dict:
    return {
        "texts": len(verdicts.kinds),
        "kind_accuracy": sum(verdicts.kinds) / len(verdicts.kinds) if verdicts.kinds else None,
        "kind_right": sum(verdicts.kinds),
        "timeline": counts(verdicts.timeline),
        "codes": {code: {**counts(pairs), "agree": sum(1 for want, got in pairs if want == got)}
                  for code, pairs in verdicts.codes.items()},
    }


def fmt(x: float | None) -> str:
    return "n/a" if x is None else f"{x:.2f}"


def report(name: str, verdicts: Verdicts, verbose: bool) -> None:
    fig = figures(verdicts)
    t = fig["timeline"]
    print(f"{name}: {fig['texts']} texts")
    print(f"  kind       accuracy {fmt(fig['kind_accuracy'])} ({fig['kind_right']}/{fig['texts']})")
    print(f"  timeline   precision {fmt(t['precision'])}  recall {fmt(t['recall'])}"
          f"  (tp {t['tp']} fp {t['fp']} fn {t['fn']} tn {t['tn']})")
    for code, c in fig["codes"].items():
        print(f"  {code}       agree {c['agree']}/{c['n']}  (labelled {c['tp'] + c['fn']}, flagged {c['tp'] + c['fp']};"
              f" tp {c['tp']} fp {c['fp']} fn {c['fn']})")
    print_disagreements(verdicts, verbose)


def scorer_arguments(doc: str, labels: Path, recording: str,
                     splits: tuple[str, ...] = SPLITS) -> argparse.ArgumentParser:
    """The options every scorer of labelled texts takes."""
    parser = argparse.ArgumentParser(description=doc.split("\n\n")[0])
    parser.add_argument("--split", choices=[*splits, "all"], default="all", help="which texts to score (all)")
    parser.set_defaults(splits=splits)
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared",
                        help=f"the folder holding the recording ({recording})")
    parser.add_argument("--labels", type=Path, default=labels, help="the labels file")
    parser.add_argument("-v", "--verbose", action="store_true", help="list every disagreement")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser


def chosen_labels(args: argparse.Namespace) -> tuple[tuple[str, ...], list[dict]]:
    """The splits asked for, and the labels of those splits."""
    wanted = args.splits if args.split == "all" else (args.split,)
    labels = yaml.safe_load(args.labels.read_text(encoding="utf-8"))
    return wanted, [label for label in labels if label["split"] in wanted]


def default_settings() -> Settings:
    """irlint's defaults: the configuration found from an empty folder, not the checkout's."""
    with tempfile.TemporaryDirectory() as empty:
        return load_settings(None, Path(empty))


def print_disagreements(verdicts, verbose: bool) -> None:
    if verbose:
        for line in verdicts.disagreements:
            print(f"    {line}")


def main(argv: list[str] | None = None) -> int:
    args = scorer_arguments(__doc__, LABELS, "bmo_component/, corpus/").parse_args(argv)

    if not (args.shared / "bmo_component").is_dir() and not (args.shared / "corpus").is_dir():
        print(f"score_labels: no recording in {args.shared}; nothing scored")
        return 0
    wanted, labels = chosen_labels(args)
    texts, missing = find_texts(labels, args.shared)
    by_split = score(texts, default_settings())

    shown = {name: by_split[name] for name in wanted}
    if args.split == "all":
        shown["all"] = merged(list(by_split.values()))
    if args.json:
        print(json.dumps({name: figures(v) for name, v in shown.items()}, indent=2))
    else:
        for name, verdicts in shown.items():
            report(name, verdicts, args.verbose and name != "all")
        for line in missing:
            print(f"  skipped: {line}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
