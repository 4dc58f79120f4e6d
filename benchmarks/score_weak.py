"""Score irlint's weak-wording rules on real texts labelled by hand: weak root causes and weak remediations.

    python benchmarks/score_weak.py [--split dev|held_out|fresh|web_dev|web_aside|all] [--shared PATH]
                                    [--pages DIR] [-v] [--json] [--reach]

The labels (benchmarks/labels/weak-wording.yaml) name each text by where it is, never by copying it, and give for
each a verdict on its cause and on its remediation, with the character offset and length of the deciding sentence:

  weak     the CA puts the cause on a person's lapse with no systemic factor, or deflects it; the fix relies on
           people alone (training, reminders, care, more reviewers) with no technical or process control
  sound    a systemic cause is named; a technical control or a concrete process change is the fix
  none     the text states no cause (no remediation)
  unknown  the text is cut there, or too vague to judge: left out of the score

A text is comment 0 of a bug in a recording of Bugzilla's "CA Certificate Compliance" component
(PATH/bmo_component/comments.json, the first 1,000 characters of each comment 0), or, with ``source: page``, the
opening of the bug's public page as text, kept as DIR/N.txt, or of a report found elsewhere, kept as DIR/FILE
(``--pages``; pages not there are skipped and counted). Neither is part of this repository; without the
recording only the written reports below are scored.

The written reports (benchmarks/written/, labelled in benchmarks/labels/written-reports.yaml, splits
``written_dev`` and ``written_aside``) are whole reports in every template and in free form, written for this
benchmark by someone who never read the rules, and labelled by their writer the same way: a check on wordings
no recorded text holds. They are invented, so they measure how far the rules reach beyond the wordings they were
built from, not how often real reports are weak.

Each text is linted as ``irlint check`` lints it (the defaults of an empty folder; the day the comment was written
as the report date where known), then per split:

  cause        any C001 / C003 finding vs the cause label (weak = positive; sound and none = negative)
  remediation  any R001-R004 or R006 finding vs the remediation label

An info finding is not counted: R001-R003 lower a phrase to info where the plan holds a real control, and say
so ("'retraining' stands beside a technical or process control in the plan: fine, ..."), which calls nothing weak.
  weak         either of the above vs either label (texts with an unknown half and no weak half left out)

With -v every disagreement is listed with the label's note and irlint's findings. With --reach, each split's weak
texts that irlint missed are told apart by why: the rules' phrases or families of wording match somewhere in the
text, and their scope, exceptions or evidence silenced them; or the text says it in wording the rules do not
know. No text is printed, so it may be run on any split.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from score_labels import (
    ROOT,
    chosen_labels,
    counts,
    default_settings,
    fmt,
    print_disagreements,
    scorer_arguments,
    written_day,
)

sys.path.insert(0, str(ROOT))

from linter.findings import Severity  # noqa: E402
from linter.lint import lint_text  # noqa: E402
from linter.registry import all_rules  # noqa: E402
from linter.settings import Settings  # noqa: E402
from linter.source_ref import SourceRef  # noqa: E402

LABELS = ROOT / "benchmarks" / "labels" / "weak-wording.yaml"
WRITTEN_LABELS = ROOT / "benchmarks" / "labels" / "written-reports.yaml"
WRITTEN = ROOT / "benchmarks" / "written"
CAUSE_CODES = frozenset({"C001", "C003"})
REMEDIATION_CODES = frozenset({"R001", "R002", "R003", "R004", "R006", "R007", "R008"})
ASPECTS = ("cause", "remediation", "weak")
#: ``fresh`` (bug pages) and ``web_aside`` (reports found beyond Bugzilla): texts found and labelled while the rules
#: were being changed, by someone who never saw irlint's output, and never read by whoever changed the rules:
#: scored before and after the change, and never tuned to. ``web_dev``, the other half of those reports, is read.
SPLITS = ("dev", "held_out", "fresh", "web_dev", "web_aside", "written_dev", "written_aside")


@dataclass
class Verdicts:
    """(labelled weak, flagged by irlint) per text and aspect, over one split."""

    pairs: dict[str, list[tuple[bool, bool]]] = field(default_factory=lambda: {a: [] for a in ASPECTS})
    disagreements: list[str] = field(default_factory=list)
    #: Per aspect, the weak texts: flagged; missed though the rules' wording matches in them (silenced by scope,
    #: exceptions or evidence); missed in wording the rules do not know.
    reach: dict[str, list[int]] = field(default_factory=lambda: {a: [0, 0, 0] for a in ("cause", "remediation")})


def find_texts(labels: list[dict], shared: Path, pages: Path | None) -> tuple[list[tuple[dict, str, object]], int]:
    """(label, text, day written) for every labelled text at hand, and how many page texts were not."""
    comments_file = shared / "bmo_component" / "comments.json"
    comments = json.loads(comments_file.read_text(encoding="utf-8")) if comments_file.is_file() else {}
    found, absent = [], 0
    for label in labels:
        if label.get("source") == "written":
            found.append((label, (WRITTEN / label["file"]).read_text(encoding="utf-8"), None))
            continue
        if label.get("source") == "page":
            path = pages / (label["file"] if "file" in label else f"{label['bug']}.txt") if pages else None
            if path is None or not path.is_file():
                absent += 1
                continue
            found.append((label, path.read_text(encoding="utf-8"), None))
            continue
        thread = comments.get(str(label["bug"])) or []
        comment = thread[label.get("comment", 0)] if len(thread) > label.get("comment", 0) else {}
        if comment.get("text"):
            found.append((label, comment["text"], written_day(comment.get("time"))))
    return found, absent


def _verdict(value: str) -> bool | None:
    """Weak is a positive, sound and none negatives, unknown not scored."""
    return {"weak": True, "sound": False, "none": False}.get(value)


def in_rule_wording(text: str, codes: frozenset[str]) -> bool:
    """Whether any phrase of those rules, or any of their families of wording (with its own exclusions), matches
    anywhere in the text: what the rules would find there before their scope, exceptions and evidence."""
    for rule in all_rules():
        matcher = rule.check
        if rule.code not in codes or not hasattr(matcher, "phrase_list"):
            continue
        if matcher.phrase_list and matcher.pattern_of(tuple(range(len(matcher.phrase_list)))).search(text):
            return True
        if matcher.families is not None and matcher.families.first(text) is not None:
            return True
    return False


def score(texts: list[tuple[dict, str, object]], settings: Settings, reach: bool = False) -> dict[str, Verdicts]:
    by_split = {name: Verdicts() for name in SPLITS}
    for label, text, written in texts:
        name = f"bug-{label['bug']}-{label.get('source', 'comment-0')}.md" if "bug" in label else label["file"]
        result = lint_text(text, SourceRef.file(name), settings.options(report_date=written))
        codes = {f.rule for f in result.findings if f.severity is not Severity.INFO}
        flagged = {"cause": bool(codes & CAUSE_CODES), "remediation": bool(codes & REMEDIATION_CODES)}
        want = {"cause": _verdict(label["cause"]), "remediation": _verdict(label["remediation"])}
        if True in want.values():
            want["weak"] = True
        elif None not in want.values():
            want["weak"] = False
        else:
            want["weak"] = None
        flagged["weak"] = flagged["cause"] or flagged["remediation"]

        verdicts = by_split[label["split"]]
        for aspect, rule_codes in (("cause", CAUSE_CODES), ("remediation", REMEDIATION_CODES)):
            if reach and want[aspect]:
                verdicts.reach[aspect][0 if flagged[aspect] else 1 if in_rule_wording(text, rule_codes) else 2] += 1
        wrong = []
        for aspect in ASPECTS:
            if want[aspect] is None:
                continue
            verdicts.pairs[aspect].append((want[aspect], flagged[aspect]))
            if aspect != "weak" and want[aspect] != flagged[aspect]:
                wrong.append(f"{aspect} labelled {label[aspect]}")
        if wrong:
            said = ", ".join(sorted(f"{f.rule} line {f.line}" for f in result.findings
                                    if f.rule in CAUSE_CODES | REMEDIATION_CODES)) or "nothing"
            where = f"bug {label['bug']}" if "bug" in label else label.get("url", label["file"])
            verdicts.disagreements.append(f"{label.get('source', 'comment 0')} of {where}: "
                                          f"{'; '.join(wrong)}, irlint {said} ({label.get('note', '')})")
    return by_split


def merged(parts: list[Verdicts]) -> Verdicts:
    total = Verdicts()
    for part in parts:
        for aspect in ASPECTS:
            total.pairs[aspect] += part.pairs[aspect]
        for aspect, tally in part.reach.items():
            total.reach[aspect] = [a + b for a, b in zip(total.reach[aspect], tally, strict=True)]
        total.disagreements += part.disagreements
    return total


def report(name: str, verdicts: Verdicts, verbose: bool, reach: bool) -> None:
    print(f"{name}:")
    for aspect in ASPECTS:
        c = counts(verdicts.pairs[aspect])
        print(f"  {aspect:<12} precision {fmt(c['precision'])}  recall {fmt(c['recall'])}"
              f"  (n {c['n']}: tp {c['tp']} fp {c['fp']} fn {c['fn']} tn {c['tn']})")
    if reach:
        for aspect, (flagged, judged, beyond) in verdicts.reach.items():
            print(f"  reach {aspect:<12} weak {flagged + judged + beyond}: flagged {flagged}; missed: silenced by"
                  f" scope, exceptions or evidence {judged}, wording the rules do not know {beyond}")
    print_disagreements(verdicts, verbose)


def main(argv: list[str] | None = None) -> int:
    parser = scorer_arguments(__doc__, LABELS, "bmo_component/", SPLITS)
    parser.add_argument("--pages", type=Path,
                        help="the folder of page texts (N.txt, or the label's file) for labels of source: page")
    parser.add_argument("--reach", action="store_true",
                        help="tell the weak texts missed apart: silenced, or in wording the rules do not know")
    args = parser.parse_args(argv)

    wanted, labels = chosen_labels(args)
    labels += [label for label in yaml.safe_load(WRITTEN_LABELS.read_text(encoding="utf-8"))
               if label["split"] in wanted]
    if not (args.shared / "bmo_component").is_dir():
        print(f"score_weak: no recording in {args.shared}; only the written reports are scored")
        labels = [label for label in labels if label.get("source") == "written"]
        wanted = tuple(name for name in wanted if name.startswith("written_"))
    texts, absent = find_texts(labels, args.shared, args.pages)
    by_split = score(texts, default_settings(), args.reach)

    shown = {name: by_split[name] for name in wanted}
    if args.split == "all":
        shown["all"] = merged(list(by_split.values()))
    if args.json:
        print(json.dumps({name: {a: counts(v.pairs[a]) for a in ASPECTS} for name, v in shown.items()}, indent=2))
    else:
        for name, verdicts in shown.items():
            report(name, verdicts, args.verbose and name != "all", args.reach)
        if absent:
            print(f"  skipped: {absent} page text(s) not found (--pages)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
