"""How much a full irlint lint costs, compared with markdown-it-py's bare parse of the same text.

The contract: linting a report -- everything irlint does to it: the Document parse (markdown-it-py block
parse, line kinds, tables, page chrome), the extraction of the reports in it and every rule -- should cost at
most 1.5x what a plain markdown-it-py user pays to parse it (``MarkdownIt().parse(text)``: the default
commonmark preset, inline parsing included), and linting 2,000 reports should stay under 200 MB of memory.

    python benchmarks/lint_throughput.py --corpus PATH [--corpus PATH ...] [--repeat N] [--whole R] [--jobs N]
                                         [--no-rss]

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

The steady-state ratio is also given round by round (each round's sum of the files' times, the two sides
interleaved file by file): its median and its range over the rounds show how much the machine's load moved it.

Then whole processes, as a user runs them, cold start included (--whole R rounds, the sides interleaved in each
round): a bare parse (``python -c`` that imports markdown_it and parses every file of the corpus, read as irlint
reads it) beside ``python -m linter check`` of the same files with one job, and with --jobs N (default: every CPU).
Each is timed in wall seconds and in CPU seconds (user + system, the process and the workers it waited for);
on a shared machine the CPU figures move less, and the ratios of medians are the figures to compare.

Memory is measured twice. The tracemalloc line is the Python allocations of one untimed irlint pass in this
process (each result dropped before the next file: about the largest file's working set). The peak RSS lines
are whole processes, each started afresh for one measurement and read with os.wait4 (the kernel's maximum
resident set size of that child): the corpus loaded and nothing else done, a markdown-it-py pass, an irlint
pass, and ``python -m linter check`` on the corpus paths as a user runs it (every result kept until the
output is written; output to /dev/null), whose wall time is printed too, with one job and with --jobs N; with
workers, the sum of every process's proportional set size (PSS: a page the workers share counts once) is sampled
every 20 ms as well, since ru_maxrss gives the largest process only. --no-rss skips them.

The script runs from a checkout without installing: it puts the repository root first on sys.path, and
the child processes get it on PYTHONPATH.
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import statistics
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
from linter.parallel import available_cpus  # noqa: E402

TEXT_SUFFIXES = (".md", ".markdown", ".txt")
YAML_SUFFIXES = (".yaml", ".yml")
MB = 1024 * 1024
TARGET = 1.5
RSS_TARGET_MB = 200
#: The whole-process check of a corpus against the bare parse's whole process.
WHOLE_TARGET = 2.0
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


def best_times(md: MarkdownIt, options: Options, texts: list[Text], repeat: int) -> tuple[float, float, list[float]]:
    """Sum over the files of each file's best time: (markdown-it-py, irlint), and the ratio irlint / markdown-it-py
    of each round's sums."""
    clock = time.perf_counter
    parse = md.parse
    best_md = [float("inf")] * len(texts)
    best_irlint = [float("inf")] * len(texts)
    ratios = []
    for _ in range(repeat):
        gc.collect()
        round_md = round_irlint = 0.0
        for index, item in enumerate(texts):
            start = clock()
            parse(item.text)
            middle = clock()
            lint_text(item.text, item.name, options)
            end = clock()
            best_md[index] = min(best_md[index], middle - start)
            best_irlint[index] = min(best_irlint[index], end - middle)
            round_md += middle - start
            round_irlint += end - middle
        ratios.append(round_irlint / round_md)
    return sum(best_md), sum(best_irlint), ratios


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


@dataclass(frozen=True)
class Run:
    """One whole child process."""

    #: Peak resident set size of the largest process (the child, or a worker it waited for), MB.
    rss: float
    wall: float
    #: User + system CPU seconds of the child and the workers it waited for.
    cpu: float
    #: Peak of the sampled sum of the proportional set sizes of the child and its workers, MB (when sampled).
    pss: float | None = None


#: Starts a command and reports its exit code, peak RSS, wall and CPU time. Linux carries a process's peak RSS over
#: fork and exec, so a child of this benchmark (which holds the corpus) would start from the benchmark's own
#: peak; a child of this small process starts from about 10 MB instead.
LAUNCHER = """
import json, os, sys, time
start = time.perf_counter()
pid = os.posix_spawn(sys.argv[1], sys.argv[1:], os.environ,
                     file_actions=[(os.POSIX_SPAWN_OPEN, 1, os.devnull, os.O_WRONLY, 0)])
print(pid, flush=True)
_, status, usage = os.wait4(pid, 0)
wall = time.perf_counter() - start
print(json.dumps([os.waitstatus_to_exitcode(status), usage.ru_maxrss, wall, usage.ru_utime + usage.ru_stime]))
"""


def run_child(argv: list[str], cwd: Path, *, sample: bool = False) -> Run:
    """Run a whole child process to its end and measure it."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    launcher = subprocess.Popen([sys.executable, "-c", LAUNCHER, *argv], cwd=cwd, env=env, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, text=True)
    assert launcher.stdout is not None
    pid = int(launcher.stdout.readline())
    sampler = _PssSampler(pid) if sample else None
    out, err = launcher.communicate()
    pss = sampler.stop() if sampler is not None else None
    code, maxrss_kb, wall, cpu = json.loads(out)
    if code not in (0, 1):  # irlint check exits 1 when it has findings
        raise RuntimeError(f"{' '.join(argv)} exited {code}: {err[-500:]}")
    # wait4 gives the child's own rusage, the workers it waited for included; ru_maxrss is in KiB on Linux.
    return Run(maxrss_kb / 1024, wall, cpu, pss)


def peak_rss(argv: list[str], cwd: Path) -> tuple[float, float]:
    """(peak resident set size in MB, wall seconds) of a whole child process."""
    run = run_child(argv, cwd)
    return run.rss, run.wall


class _PssSampler:
    """The peak, over samples every 20 ms, of the summed PSS of a process and its descendants (Linux /proc)."""

    def __init__(self, pid: int) -> None:
        import threading

        self.pid = pid
        self.peak_kb = 0
        self._done = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()

    def stop(self) -> float:
        self._done.set()
        self._thread.join()
        return self.peak_kb / 1024

    def _sample(self) -> None:
        while not self._done.wait(0.02):
            self.peak_kb = max(self.peak_kb, sum(map(_pss_kb, _tree(self.pid))))


def _tree(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        try:
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
        except OSError:  # ended meanwhile
            pass
    return found


def _pss_kb(pid: int) -> int:
    try:
        for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
            if line.startswith("Pss:"):
                return int(line.split()[1])
    except (OSError, ValueError):
        pass
    return 0


def check_argv(paths: list[Path], jobs: int) -> list[str]:
    """``irlint check`` of the corpus paths as a user runs it, output to /dev/null."""
    return [sys.executable, "-m", "linter", "check", *map(str, paths), "--format", "concise", "--exit-zero",
            "--output", os.devnull, "--include", "*.md", "--include", "*.markdown", "--include", "*.txt",
            "--jobs", str(jobs)]


def rss_rows(paths: list[Path], jobs: int) -> list[tuple[str, str]]:
    script = [sys.executable, str(Path(__file__).resolve())]
    corpus_args = [arg for path in paths for arg in ("--corpus", str(path))]
    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        # A folder of its own: irlint check looks for a configuration file from its working folder upwards.
        cwd = Path(scratch)
        for mode in CHILD_MODES:
            rss, _ = peak_rss([*script, "--child", mode, *corpus_args], cwd)
            rows.append((f"peak RSS {mode}", f"{rss:7.1f} MB (whole process)"))
        one = run_child(check_argv(paths, 1), cwd)
        rows.append(("peak RSS irlint check", f"{one.rss:7.1f} MB, {one.wall:.2f} s wall, one job "
                                              f"(target < {RSS_TARGET_MB} MB)"))
        if jobs > 1:
            many = run_child(check_argv(paths, jobs), cwd, sample=True)
            rows.append((f"  with --jobs {jobs}", f"{many.rss:7.1f} MB largest process, {many.pss:.1f} MB all "
                                                  f"processes (PSS, sampled), {many.wall:.2f} s wall"))
    return rows


#: The bare parse as a whole process: markdown-it-py's import, then every file read as irlint reads it and parsed.
BARE_PARSE = """
import sys
from markdown_it import MarkdownIt
md = MarkdownIt()
for name in open(sys.argv[1], encoding="utf-8").read().splitlines():
    with open(name, "rb") as handle:
        md.parse(handle.read().decode("utf-8-sig"))
"""


def whole_rows(paths: list[Path], texts: list[Text], rounds: int, jobs: int) -> list[tuple[str, str]]:
    """Whole processes, cold start included, the sides interleaved in each round: the bare parse, irlint check
    with one job and with ``jobs``."""
    files = [item.name for item in texts if "#" not in item.name]  # YAML report_text entries are not files
    sides = {"bare parse (python -c)": None, "irlint check, 1 job": 1, f"irlint check, --jobs {jobs}": jobs}
    if jobs == 1:
        del sides[f"irlint check, --jobs {jobs}"]
    runs: dict[str, list[Run]] = {name: [] for name in sides}
    with tempfile.TemporaryDirectory() as scratch:
        cwd = Path(scratch)
        listing = cwd / "files.txt"
        listing.write_text("\n".join(files), encoding="utf-8")
        for _ in range(rounds):
            for name, side_jobs in sides.items():
                argv = [sys.executable, "-c", BARE_PARSE, str(listing)] if side_jobs is None \
                    else check_argv(paths, side_jobs)
                runs[name].append(run_child(argv, cwd))
    rows = [("whole processes", f"{rounds} rounds, sides interleaved; median [min-max]; "
                                f"{len(files)} files (YAML report_text entries left out)")]
    for name, measured in runs.items():
        rows.append((f"  {name}", f"{_spread([r.wall for r in measured], 's')} wall, "
                                  f"{_spread([r.cpu for r in measured], 's')} CPU"))
    bare, one = runs["bare parse (python -c)"], runs["irlint check, 1 job"]
    rows.append(("  ratio check / bare", f"{_spread([o.wall / b.wall for o, b in zip(one, bare)], 'x')} wall, "
                                         f"{_spread([o.cpu / b.cpu for o, b in zip(one, bare)], 'x')} CPU "
                                         f"(target <= {WHOLE_TARGET})"))
    if jobs > 1:
        many = runs[f"irlint check, --jobs {jobs}"]
        rows.append((f"  --jobs {jobs} speed-up", f"{_spread([o.wall / m.wall for o, m in zip(one, many)], 'x')} wall; "
                                                 f"CPU spent {_spread([m.cpu / o.cpu for o, m in zip(one, many)], 'x')}"
                                                 " of one job's"))
    return rows


def _spread(values: list[float], unit: str) -> str:
    ordered = sorted(values)
    middle = statistics.median(ordered)
    digits = 2 if unit == "x" or middle < 100 else 0
    return f"{middle:.{digits}f}{unit} [{ordered[0]:.{digits}f}-{ordered[-1]:.{digits}f}]"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--corpus", action="append", type=Path, metavar="PATH",
                        help="folder or file of reports; repeatable (default: examples/ and tests/reports/)")
    parser.add_argument("--repeat", type=int, default=5, metavar="N",
                        help="timings of each file; the best counts (default 5)")
    parser.add_argument("--whole", type=int, default=3, metavar="R",
                        help="rounds of the whole-process comparison (default 3; 0 skips it)")
    parser.add_argument("--jobs", type=int, default=available_cpus(), metavar="N",
                        help=f"jobs of the parallel irlint check (default: every CPU, here {available_cpus()})")
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
    best_md, best_irlint, ratios = best_times(md, options, texts, args.repeat)
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
    rows.append(("ratio of each round", _spread(ratios, "x")))
    if args.whole:
        rows += whole_rows(paths, texts, args.whole, args.jobs)
    if not args.no_rss:
        rows += rss_rows(paths, args.jobs)
    for label, value in rows:
        print(f"{label:<26} {value}")
    print(f"ratio irlint/markdown-it: {best_irlint / best_md:.2f} (target <= {TARGET})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
