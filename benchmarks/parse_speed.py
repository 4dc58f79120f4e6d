"""How much a full irlint lint costs, compared with markdown-it-py's bare parse of the same text.

The contract: linting a report -- everything irlint does to it: the Document parse (markdown-it-py block
parse, line kinds, tables, page chrome), the extraction of the reports in it and every rule -- should cost at
most 1.5x what a plain markdown-it-py user pays to parse it (``MarkdownIt().parse(text)``: the default
commonmark preset, inline parsing included). irlint switches inline parsing off so that it can afford the
rest; this script checks that it still stays within the budget.

    python benchmarks/parse_speed.py --corpus PATH [--corpus PATH ...] [--repeat N]

PATH is a folder (every *.md, *.markdown and *.txt file under it, recursively, plus every *.yaml / *.yml file
whose top-level mapping has a ``report_text`` string, which then is the text) or a single such file. Without
--corpus, the repository's ``examples/`` and ``tests/reports/``.

Both sides get the same texts, in the same run, already in memory (reading files is not timed):

* markdown-it-py: ``md.parse(text)`` for every text, ``md = MarkdownIt()`` built once beforehand;
* irlint: ``linter.lint.lint_text(text, name, Options())`` for every text, the result dropped at once.

After one untimed warm-up pass of each (imports, irlint's cached MarkdownIt instance, rule table and label
regexes), each file is timed N times on both sides, the two interleaved file by file (time.perf_counter()),
with a garbage collection before each round; a side's time is the sum over the files of each file's best
of N. Interleaving and per-file bests keep a burst of load on a shared machine from landing on one side
only, or from spoiling a whole pass. The peak memory of the irlint pass is measured afterwards in a
separate, untimed pass under tracemalloc (Python allocations made during the pass, each result dropped
before the next file, so about the largest file's working set; the texts are already loaded). MB means
2**20 bytes of UTF-8 text, as in irlint's own size limit.

The script runs from a checkout without installing: it puts the repository root first on sys.path.
"""

from __future__ import annotations

import argparse
import gc
import sys
import time
import tracemalloc
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import yaml  # noqa: E402
from markdown_it import MarkdownIt  # noqa: E402

import linter  # noqa: E402
from linter.lint import Options, lint_text  # noqa: E402

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
YAML_SUFFIXES = (".yaml", ".yml")
MB = 1024 * 1024
TARGET = 1.5


@dataclass(frozen=True)
class Text:
    name: str
    text: str
    size: int  # UTF-8 bytes


@dataclass
class Corpus:
    texts: list[Text]
    from_text_files: int = 0
    from_yaml: int = 0
    yaml_skipped: int = 0
    unreadable: int = 0


def load_corpus(paths: list[Path]) -> Corpus:
    corpus = Corpus([])
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            suffix = path.suffix.lower()
            if root.is_file() or suffix in TEXT_SUFFIXES or suffix in YAML_SUFFIXES:
                _load_file(path, suffix in YAML_SUFFIXES, corpus)
    return corpus


def _load_file(path: Path, is_yaml: bool, corpus: Corpus) -> None:
    try:
        # utf-8-sig, as irlint's own reader (linter.sources.decode) does.
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        print(f"skipped {path}: {error}", file=sys.stderr)
        corpus.unreadable += 1
        return
    if not is_yaml:
        corpus.texts.append(Text(str(path), raw, len(raw.encode("utf-8"))))
        corpus.from_text_files += 1
        return
    try:
        data = yaml.safe_load(raw)
    except yaml.YAMLError as error:
        print(f"skipped {path}: not YAML ({str(error).splitlines()[0]})", file=sys.stderr)
        corpus.yaml_skipped += 1
        return
    text = data.get("report_text") if isinstance(data, dict) else None
    if not isinstance(text, str):
        corpus.yaml_skipped += 1
        return
    corpus.texts.append(Text(f"{path}#report_text", text, len(text.encode("utf-8"))))
    corpus.from_yaml += 1


def irlint_pass(options: Options, texts: list[Text]) -> None:
    for item in texts:
        lint_text(item.text, item.name, options)


def best_times(md: MarkdownIt, options: Options, texts: list[Text], repeat: int) -> tuple[float, float]:
    """Sum over the files of each file's best time: (markdown-it-py, irlint)."""
    clock = time.perf_counter
    parse = md.parse
    best_md = [float("inf")] * len(texts)
    best_irlint = [float("inf")] * len(texts)
    for _ in range(repeat):
        gc.collect()
        for index, item in enumerate(texts):
            start = clock()
            parse(item.text)
            middle = clock()
            lint_text(item.text, item.name, options)
            end = clock()
            best_md[index] = min(best_md[index], middle - start)
            best_irlint[index] = min(best_irlint[index], end - middle)
    return sum(best_md), sum(best_irlint)


def irlint_peak(options: Options, texts: list[Text]) -> int:
    gc.collect()
    tracemalloc.start()
    try:
        irlint_pass(options, texts)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", type=Path, metavar="PATH",
                        help="folder or file of reports; repeatable (default: examples/ and tests/reports/)")
    parser.add_argument("--repeat", type=int, default=5, metavar="N",
                        help="timings of each file; the best counts (default 5)")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    paths = args.corpus or [ROOT / "examples", ROOT / "tests" / "reports"]
    for path in paths:
        if not path.exists():
            parser.error(f"{path}: no such file or folder")

    corpus = load_corpus(paths)
    texts = corpus.texts
    if not texts:
        print("no reports found", file=sys.stderr)
        return 2
    size = sum(item.size for item in texts) / MB
    md = MarkdownIt()
    options = Options()

    # Warm-up: imports, irlint's cached MarkdownIt instance, rules and label regexes.
    for item in texts:
        md.parse(item.text)
    irlint_pass(options, texts)
    best_md, best_irlint = best_times(md, options, texts, args.repeat)
    peak = irlint_peak(options, texts) / MB

    sources = f"{corpus.from_text_files} text files, {corpus.from_yaml} YAML report_text"
    if corpus.yaml_skipped:
        sources += f"; {corpus.yaml_skipped} YAML without report_text skipped"
    if corpus.unreadable:
        sources += f"; {corpus.unreadable} unreadable skipped"
    rows = [
        ("corpus", ", ".join(str(p) for p in paths)),
        ("irlint code", str(Path(linter.__file__).parent)),
        ("files", f"{len(texts)} ({sources})"),
        ("size", f"{size:.3f} MB"),
        ("repeats", f"best of {args.repeat} per file, summed; after 1 warm-up"),
        ("markdown-it-py parse", f"{best_md:7.4f} s {size / best_md:8.2f} MB/s"),
        ("irlint full lint", f"{best_irlint:7.4f} s {size / best_irlint:8.2f} MB/s"),
        ("irlint peak memory", f"{peak:.2f} MB (tracemalloc)"),
    ]
    for label, value in rows:
        print(f"{label:<22} {value}")
    print(f"ratio irlint/markdown-it: {best_irlint / best_md:.2f} (target <= {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
