"""How much a full irlint lint costs, compared with markdown-it-py's bare parse of the same text.

The contract: linting a report -- everything irlint does to it: the Document parse (markdown-it-py block
parse, line kinds, tables, page chrome), the extraction of the reports in it and every rule -- should cost at
most 1.5x what a plain markdown-it-py user pays to parse it (``MarkdownIt().parse(text)``: the default
commonmark preset, inline parsing included), and linting 2,000 reports should stay under 200 MB of memory.

    python benchmarks/lint_throughput.py --corpus PATH [--corpus PATH ...] [--repeat N] [--no-rss]

PATH is a folder (every *.md, *.markdown and *.txt file under it, recursively, plus every *.yaml / *.yml file
whose top-level mapping has a ``report_text`` string, which then is the text) or a single such file. Without
--corpus, the repository's ``examples/`` and ``tests/reports/``. ``benchmarks/make_corpus.py`` writes a corpus
of any size.

Both sides get the same texts, in the same run, already in memory (reading files is not timed):

* markdown-it-py: ``md.parse(text)`` for every text, ``md = MarkdownIt()`` built once beforehand;
* irlint: ``linter.lint.lint_text(text, name, Options())`` for every text, the result dropped at once.

After one untimed warm-up pass of each (imports, irlint's cached MarkdownIt instance, rule table and label
regexes), each file is timed N times on both sides, the two interleaved file by file (time.perf_counter()),
with a garbage collection before each round; a side's time is the sum over the files of each file's best
of N. Interleaving and per-file bests keep a burst of load on a shared machine from landing on one side
only, or from spoiling a whole pass. MB means 2**20 bytes of UTF-8 text, as in irlint's own size limit;
"us/KB" is microseconds per 1,024 bytes.

Memory is measured twice. The tracemalloc line is the Python allocations of one untimed irlint pass in this
process (each result dropped before the next file: about the largest file's working set). The peak RSS lines
are whole processes, each started afresh for one measurement and read with os.wait4 (the kernel's maximum
resident set size of that child): the corpus loaded and nothing else done, a markdown-it-py pass, an irlint
pass, and ``python -m linter check`` on the corpus paths as a user runs it (every result kept until the
output is written; output to /dev/null), whose wall time is printed too. --no-rss skips them.

The script runs from a checkout without installing: it puts the repository root first on sys.path, and
the child processes get it on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import gc
import os
import subprocess
import sys
import tempfile
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
RSS_TARGET_MB = 200
#: What a child process started with --child does before it exits: nothing more, or one pass of a side.
CHILD_MODES = ("loaded", "markdown-it", "irlint")


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


def load_corpus(paths: list[Path], *, quiet: bool = False) -> Corpus:
    corpus = Corpus([])
    for root in paths:
        files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
        for path in files:
            suffix = path.suffix.lower()
            if root.is_file() or suffix in TEXT_SUFFIXES or suffix in YAML_SUFFIXES:
                _load_file(path, suffix in YAML_SUFFIXES, corpus, quiet)
    return corpus


def _load_file(path: Path, is_yaml: bool, corpus: Corpus, quiet: bool) -> None:
    try:
        # utf-8-sig, as irlint's own reader (linter.sources.decode) does.
        raw = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        if not quiet:
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
        if not quiet:
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


def child(mode: str, paths: list[Path]) -> None:
    """One memory measurement's process: load the corpus, then run one pass of ``mode``."""
    texts = load_corpus(paths, quiet=True).texts
    if mode == "markdown-it":
        md = MarkdownIt()
        for item in texts:
            md.parse(item.text)
    elif mode == "irlint":
        irlint_pass(Options(), texts)


def peak_rss(argv: list[str], cwd: Path) -> tuple[float, float]:
    """(peak resident set size in MB, wall seconds) of a whole child process."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    start = time.perf_counter()
    process = subprocess.Popen(argv, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    stderr = process.stderr.read() if process.stderr else b""
    # wait4 gives this child's own rusage; Popen.wait would reap it without one.
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - start
    process.returncode = os.waitstatus_to_exitcode(status)
    if process.returncode not in (0, 1):  # irlint check exits 1 when it has findings
        raise RuntimeError(f"{' '.join(argv)} exited {process.returncode}: {stderr.decode(errors='replace')[-500:]}")
    return usage.ru_maxrss / 1024, elapsed  # ru_maxrss is in KiB on Linux


def rss_rows(paths: list[Path]) -> list[tuple[str, str]]:
    script = [sys.executable, str(Path(__file__).resolve())]
    corpus_args = [arg for path in paths for arg in ("--corpus", str(path))]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        # A folder of its own: irlint check looks for a configuration file from its working folder upwards.
        cwd = Path(scratch)
        for mode in CHILD_MODES:
            rss, _ = peak_rss([*script, "--child", mode, *corpus_args], cwd)
            rows.append((f"peak RSS {mode}", f"{rss:7.1f} MB (whole process)"))
        check = [sys.executable, "-m", "linter", "check", *map(str, paths), "--format", "concise", "--exit-zero",
                 "--output", os.devnull, "--include", "*.md", "--include", "*.markdown", "--include", "*.txt"]
        rss, elapsed = peak_rss(check, cwd)
        rows.append(("peak RSS irlint check", f"{rss:7.1f} MB, {elapsed:.2f} s wall (target < {RSS_TARGET_MB} MB)"))
    return rows


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", type=Path, metavar="PATH",
                        help="folder or file of reports; repeatable (default: examples/ and tests/reports/)")
    parser.add_argument("--repeat", type=int, default=5, metavar="N",
                        help="timings of each file; the best counts (default 5)")
    parser.add_argument("--no-rss", action="store_true", help="skip the whole-process memory measurements")
    parser.add_argument("--child", choices=CHILD_MODES, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")
    paths = [path.resolve() for path in args.corpus] if args.corpus else [ROOT / "examples", ROOT / "tests" / "reports"]
    for path in paths:
        if not path.exists():
            parser.error(f"{path}: no such file or folder")
    if args.child:
        child(args.child, paths)
        return 0

    corpus = load_corpus(paths)
    texts = corpus.texts
    if not texts:
        print("no reports found", file=sys.stderr)
        return 2
    total = sum(item.size for item in texts)
    size = total / MB
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
    kilobytes = total / 1024
    rows = [
        ("corpus", ", ".join(str(p) for p in paths)),
        ("irlint code", str(Path(linter.__file__).parent)),
        ("files", f"{len(texts)} ({sources})"),
        ("size", f"{size:.3f} MB"),
        ("repeats", f"best of {args.repeat} per file, summed; after 1 warm-up"),
        ("markdown-it-py parse", f"{best_md:7.4f} s {size / best_md:8.2f} MB/s {best_md * 1e6 / kilobytes:8.1f} us/KB"),
        ("irlint full lint", f"{best_irlint:7.4f} s {size / best_irlint:8.2f} MB/s "
                             f"{best_irlint * 1e6 / kilobytes:8.1f} us/KB"),
        ("irlint peak memory", f"{peak:.2f} MB (tracemalloc)"),
    ]
    if not args.no_rss:
        rows += rss_rows(paths)
    for label, value in rows:
        print(f"{label:<22} {value}")
    print(f"ratio irlint/markdown-it: {best_irlint / best_md:.2f} (target <= {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
