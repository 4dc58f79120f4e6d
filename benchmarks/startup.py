"""How long irlint takes to start: ``irlint --version`` and ``irlint check`` of one small file, as whole processes.

    python benchmarks/startup.py [--runs N] [--imports K] [--against PATH]

Each command runs N times (default 10) as a new process; the best time counts (the machine's noise only ever
adds), with the median beside it. The command is the ``irlint`` script installed beside this Python when there
is one, else ``python -m linter`` from this checkout; ``python -c pass`` is timed the same way, as the floor no
Python program goes below. Aims: ``--version`` <= 60 ms, ``check`` of one report <= 150 ms.

The bytecode of each checkout timed is written first (``compileall``), as ``pip install`` writes it: with
PYTHONDONTWRITEBYTECODE set, a module edited since would otherwise be compiled again on every start.

--against PATH times ``python -m linter`` from another checkout too (an older commit, with
``git worktree add``), the two run in turn so that a burst of load falls on both.

``check`` reads the shipped rules' data from the user's cache folder, written by the first run: the same check
is timed too with an empty cache folder (``XDG_CACHE_HOME``) for every run, as a first run after installing.

Then where ``check`` of one report spends its CPU time, each stage in a fresh process, best of N (with
--against, of both checkouts in turn): importing
what the command needs, the Python rules, the built-in phrase rules (their cached data, or their YAML; building
their families of wording), and the check itself (linting, with the patterns the text needs compiled on first use;
formatting).
Then, from ``python -X importtime``, the K modules (default 12) whose imports cost ``check`` the most, counting
what each imports in turn.
"""

from __future__ import annotations

import argparse
import compileall
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "examples" / "preliminary-report.md"
VERSION_TARGET_MS = 60
CHECK_TARGET_MS = 150

#: The stages of a check of one file, in a fresh process: CPU seconds of each, as JSON.
#: The garbage collector is paused until the rules are loaded, as main() pauses it.
STAGES = """
import contextlib, gc, io, json, sys, time
gc.disable()
clock = time.process_time
marks = [clock()]
from linter.cli import run
import linter.formatters.outcome, linter.formatters.text, linter.lint, linter.settings
marks.append(clock())
from linter.registry import all_rules, python_rules
python_rules()
marks.append(clock())
all_rules()
gc.freeze()
gc.enable()
marks.append(clock())
with contextlib.redirect_stdout(io.StringIO()):
    run(["check", "--exit-zero", sys.argv[1]])
marks.append(clock())
print(json.dumps([later - earlier for earlier, later in zip(marks, marks[1:])]))
"""
STAGE_NAMES = ("imports", "Python rules", "phrase rules (cached data, families of wording)",
               "the check (lint with the patterns it compiles, format)")


def command(tree: Path | None = None) -> list[str]:
    if tree is not None:
        return [sys.executable, "-m", "linter"]
    script = Path(sys.executable).with_name("irlint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "linter"]


def environment(tree: Path = ROOT) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(tree), os.environ.get("PYTHONPATH")]))}


def times_ms(argv: list[str], runs: int, tree: Path = ROOT, *, cold: bool = False) -> list[float]:
    """Wall milliseconds of each run; ``cold``: each with an empty cache folder of its own."""
    found = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory() as empty:
            env = {**environment(tree), "XDG_CACHE_HOME": empty} if cold else environment(tree)
            start = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env, cwd=tree)
            found.append((time.perf_counter() - start) * 1000)
    return found


def stages_ms(runs: int, trees: tuple[Path, ...] = (ROOT,)) -> list[list[float]]:
    """For each tree, the best CPU milliseconds of each stage of a check of SMALL over ``runs`` fresh processes,
    the trees run in turn. Each runs in its own folder: ``python -c`` imports from there first, and the check finds
    that checkout's pyproject.toml on its way up, as ``times_ms`` does."""
    rows: list[list[list[float]]] = [[] for _ in trees]
    for _ in range(runs):
        for found, tree in zip(rows, trees, strict=True):
            done = subprocess.run([sys.executable, "-c", STAGES, str(SMALL)], capture_output=True, text=True,
                                  env=environment(tree), cwd=tree, check=True)
            found.append(json.loads(done.stdout.splitlines()[-1]))
    return [[min(row[index] for row in found) * 1000 for index in range(len(STAGE_NAMES))] for found in rows]


def heaviest_imports(count: int, argv: list[str]) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the costliest imports of ``python -m linter argv``."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "linter", *argv], capture_output=True,
                          text=True, env=environment(), cwd=ROOT)
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match[1]), f"{match[2][2:]}{match[3]}"))
    return sorted(rows, reverse=True)[:count]


def _figures(values: list[float]) -> str:
    return f"{min(values):7.1f} ms (median {statistics.median(values):.1f})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, metavar="N", help="runs of each command (default 10)")
    parser.add_argument("--imports", type=int, default=12, metavar="K", help="heaviest imports listed (default 12)")
    parser.add_argument("--against", type=Path, metavar="PATH", help="another checkout to time beside this one")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    if args.against is not None and not (args.against / "linter" / "__init__.py").is_file():
        parser.error(f"{args.against}: not an irlint checkout")
    trees = tuple(filter(None, (ROOT, args.against)))
    for tree in trees:
        compileall.compile_dir(tree / "linter", quiet=1)
    irlint = command()
    print(f"command                   {' '.join(irlint)} (best of {args.runs})")
    print(f"python -c pass            {_figures(times_ms([sys.executable, '-c', 'pass'], args.runs))}")
    check = ["check", "--exit-zero", str(SMALL)]
    commands = {"--version": (["--version"], False), "check (1 file)": (check, False),
                "check, cache empty": (check, True)}
    aims = {"--version": f"aim <= {VERSION_TARGET_MS} ms", "check (1 file)": f"aim <= {CHECK_TARGET_MS} ms",
            "check, cache empty": "a first run: the rules' data read from YAML and written"}
    for label, (words, cold) in commands.items():
        if args.against is None:
            print(f"irlint {label:<18} {_figures(times_ms([*irlint, *words], args.runs, cold=cold))} ({aims[label]})")
            continue
        here: list[float] = []
        there: list[float] = []
        for _ in range(args.runs):  # in turn: a burst of load falls on both
            here += times_ms([*command(ROOT), *words], 1, ROOT, cold=cold)
            there += times_ms([*command(args.against), *words], 1, args.against, cold=cold)
        print(f"irlint {label:<18} {_figures(here)} this checkout ({aims[label]})")
        print(f"{'':25} {_figures(there)} {args.against}; this one takes "
              f"{statistics.median(here) / statistics.median(there):.2f}x its median")
    print(f"CPU time of each stage of check (1 file), best of {args.runs} fresh processes"
          + (f" (this checkout, then {args.against}, run in turn):" if args.against else ":"))
    stages = stages_ms(args.runs, trees)
    for index, name in enumerate([*STAGE_NAMES, "total"]):
        print("  " + "".join(f"{sum(times) if index == len(STAGE_NAMES) else times[index]:7.1f} ms"
                             for times in stages) + f"  {name}")
    if args.imports:
        print("heaviest imports of check (1 file), cumulative:")
        for micros, module in heaviest_imports(args.imports, ["check", "--exit-zero", str(SMALL)]):
            print(f"  {micros / 1000:7.1f} ms  {module}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
