"""Where a full lint's time goes: each stage in units of one bare markdown-it-py parse of the same texts.

    python benchmarks/stages.py --corpus PATH [--corpus PATH ...] [--repeat N] [--by-rule]

PATH is a folder or file, read as ``lint_throughput.py`` reads it. Every file is timed N times, in one process,
the sides interleaved file by file: the bare parse (``MarkdownIt().parse(text)``, the unit), irlint's full lint as
users run it, and the same lint once more with a timer around each stage. A stage's time is its own: what the
stages it calls take is counted to them, not to it. Each figure is the sum over the files of each file's best of
N, divided by the bare parse's; the timed lint costs a little more than the plain one (two clock readings per
timed call), which the last lines show. ``--by-rule`` adds each phrase rule's own time (the first rule to read a
section pays for what the others then share).

The stages are found by name in irlint's modules; a name a tree does not have is skipped, so the same script
measures the trees before and after a change.
"""

from __future__ import annotations

import argparse
import gc
import importlib
import sys
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from lint_throughput import load_corpus  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

from linter.lint import Options, lint_text  # noqa: E402

BLOCK_PARSE = "markdown-it block parse"
DOCUMENT = "rest of the Document"
DATES = "dates"
HEADINGS = "heading candidates and labels"
DETECTION = "template detection"
TIMELINE = "timeline"
BUILD = "sections, fields, tables (the rest of the extraction)"
PHRASES = "phrase rules"
STRUCTURE = "structure rules (S)"
OTHER_RULES = "other rules"
REST = "suppressions, findings, the rest"
EXTRACTION = (DATES, HEADINGS, DETECTION, TIMELINE, BUILD)
ORDER = (BLOCK_PARSE, DOCUMENT, *EXTRACTION, PHRASES, STRUCTURE, OTHER_RULES, REST)
#: A phrase rule's own stage is this and its code and name; the phrase rules' stage is their sum.
PHRASE_RULE = "phrase rule "

#: (module, function name, stage): each function, where it is looked up at call time, timed as its stage.
HOOKS = (
    ("linter.document", "parse_document", DOCUMENT),
    ("linter.lint", "parse_document", DOCUMENT),
    ("linter.parsed", "parse_document", DOCUMENT),
    ("linter.document", "find_dates", DATES),
    ("linter.report.scan", "scan_text", HEADINGS),
    ("linter.report.extract", "_scan_headings", HEADINGS),
    ("linter.report.extract", "read_indented", HEADINGS),
    ("linter.parsed", "read_indented", HEADINGS),
    ("linter.report.extract", "_segment", DETECTION),
    ("linter.report.extract", "read_timeline", TIMELINE),
    ("linter.report.extract", "loose_timeline", TIMELINE),
    ("linter.report.loose_timeline", "read_timeline", TIMELINE),
    ("linter.parsed", "loose_timeline", TIMELINE),
    ("linter.lint", "parse_source", BUILD),
    ("linter.lint", "lint_source", REST),
)


class Stages:
    """Exclusive time per stage: a timed call's time less that of the timed calls it makes."""

    def __init__(self) -> None:
        self.own: dict[str, float] = defaultdict(float)
        self._nested: list[float] = []

    def timed(self, function: Callable, stage: str, *, listed: bool = False) -> Callable:
        """``function`` timed as ``stage``; ``listed``: its result is an iterable to read within the time (a
        rule's check may be a generator, whose work is done as it is read)."""
        clock = time.perf_counter
        nested = self._nested
        own = self.own

        def wrapper(*args, **kwargs):
            nested.append(0.0)
            start = clock()
            try:
                result = function(*args, **kwargs)
                return list(result) if listed else result
            finally:
                elapsed = clock() - start
                inner = nested.pop()
                own[stage] += elapsed - inner
                if nested:
                    nested[-1] += elapsed

        wrapper.__wrapped__ = function
        return wrapper


class _TimedMarkdown:
    def __init__(self, md: MarkdownIt, parse: Callable) -> None:
        self._md, self.parse = md, parse


def install(stages: Stages) -> Callable[[], None]:
    """Put the timers in place; returns what takes them away."""
    undo = []
    for module_name, name, stage in HOOKS:
        try:
            module = importlib.import_module(module_name)
        except ImportError:
            continue
        original = getattr(module, name, None)
        if original is None:
            continue
        setattr(module, name, stages.timed(original, stage))
        undo.append((module, name, original))
    document = importlib.import_module("linter.document")
    markdown = document._markdown
    timed_md = _TimedMarkdown(markdown(), stages.timed(markdown().parse, BLOCK_PARSE))
    document._markdown = lambda: timed_md
    undo.append((document, "_markdown", markdown))

    lint = importlib.import_module("linter.lint")
    registry = importlib.import_module("linter.registry")
    python_codes = {rule.code for rule in registry.python_rules()}

    def stage_of(rule) -> str:
        if rule.code not in python_codes:
            return f"{PHRASE_RULE}{rule.code} {rule.name}"
        return STRUCTURE if rule.code.startswith("S") else OTHER_RULES

    all_rules = lint.all_rules
    timed_rules = tuple(replace(rule, check=stages.timed(rule.check, stage_of(rule), listed=True))
                        for rule in all_rules())
    lint.all_rules = lambda paths=(): timed_rules if not paths else all_rules(paths)
    undo.append((lint, "all_rules", all_rules))

    def remove() -> None:
        for module, name, original in reversed(undo):
            setattr(module, name, original)
    return remove


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", type=Path, metavar="PATH", required=True,
                        help="folder or file of reports; repeatable")
    parser.add_argument("--repeat", type=int, default=3, metavar="N", help="timings of each file (default 3)")
    parser.add_argument("--by-rule", action="store_true", help="also each phrase rule's own time")
    args = parser.parse_args(argv)
    texts = load_corpus([path.resolve() for path in args.corpus]).texts
    if not texts:
        print("no reports found", file=sys.stderr)
        return 2
    md = MarkdownIt()
    options = Options()
    clock = time.perf_counter
    stages = Stages()
    for item in texts:  # warm-up: imports, cached parsers, rules, label regexes
        md.parse(item.text)
        lint_text(item.text, item.name, options)
    best_bare = [float("inf")] * len(texts)
    best_lint = [float("inf")] * len(texts)
    best_timed = [float("inf")] * len(texts)
    best_stage: list[dict[str, float]] = [defaultdict(lambda: float("inf")) for _ in texts]
    for _ in range(args.repeat):
        gc.collect()
        for index, item in enumerate(texts):
            start = clock()
            md.parse(item.text)
            middle = clock()
            lint_text(item.text, item.name, options)
            end = clock()
            best_bare[index] = min(best_bare[index], middle - start)
            best_lint[index] = min(best_lint[index], end - middle)
            remove = install(stages)
            stages.own.clear()
            try:
                start = clock()
                stages.timed(lint_text, REST)(item.text, item.name, options)
                best_timed[index] = min(best_timed[index], clock() - start)
            finally:
                remove()
            stages.own[PHRASES] = sum(spent for stage, spent in stages.own.items() if stage.startswith(PHRASE_RULE))
            for stage in {*ORDER, *stages.own}:
                best_stage[index][stage] = min(best_stage[index][stage], stages.own.get(stage, 0.0))
    unit = sum(best_bare)
    size = sum(item.size for item in texts)
    print(f"corpus: {', '.join(str(p) for p in args.corpus)}: {len(texts)} files, {size / 2**20:.2f} MB; "
          f"best of {args.repeat} per file, summed")
    print(f"unit: one bare markdown-it-py parse, {unit * 1e6 / len(texts):.0f} us a document")
    print()
    print("| stage | units |")
    print("|---|---|")
    totals = {stage: sum(best[stage] for best in best_stage) / unit for stage in ORDER}
    for stage in ORDER:
        print(f"| {stage} | {totals[stage]:.2f} |")
    print(f"| extraction ({' + '.join(EXTRACTION[:-1])} + the rest) | {sum(totals[s] for s in EXTRACTION):.2f} |")
    print(f"| sum of the stages (timed lint) | {sum(totals.values()):.2f} |")
    print(f"| timed lint, whole | {sum(best_timed) / unit:.2f} |")
    print(f"| **lint / bare parse** (plain lint) | **{sum(best_lint) / unit:.2f}** |")
    if args.by_rule:
        names = {stage for best in best_stage for stage in best if stage.startswith(PHRASE_RULE)}
        rules = {stage: sum(best.get(stage, 0.0) for best in best_stage) / unit for stage in names}
        print()
        print("| phrase rule | units |")
        print("|---|---|")
        for stage, units in sorted(rules.items(), key=lambda item: -item[1]):
            print(f"| {stage.removeprefix(PHRASE_RULE)} | {units:.2f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
