"""How long irlint takes to start: ``irlint --version`` and ``irlint check`` of one small file, as whole processes.

    python benchmarks/startup.py [--runs N] [--imports K]

Each command runs N times (default 10) as a new process; the best time counts (the machine's noise only ever
adds). The command is the ``irlint`` script installed beside this Python when there is one, else
``python -m linter`` from this checkout; ``python -c pass`` is timed the same way, as the floor no Python program
goes below. Aim: ``--version`` under 150 ms, which the command line reaches by importing the rules, the
formatters and the Bugzilla client only when a command needs them.

Then, from ``python -X importtime -m linter --version``, the K modules (default 12) whose imports cost
``--version`` the most, counting what each imports in turn: where to look when the time grows.
"""

from __future__ import annotations

import argparse
import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SMALL = ROOT / "examples" / "preliminary-report.md"
TARGET_MS = 150


def command() -> list[str]:
    script = Path(sys.executable).with_name("irlint")
    return [str(script)] if script.exists() else [sys.executable, "-m", "linter"]


def environment() -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}


def best_ms(argv: list[str], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=environment(), cwd=ROOT)
        best = min(best, time.perf_counter() - start)
    return best * 1000


def heaviest_imports(count: int) -> list[tuple[int, str]]:
    """(cumulative microseconds, module) of the costliest imports of ``--version``."""
    done = subprocess.run([sys.executable, "-X", "importtime", "-m", "linter", "--version"], capture_output=True,
                          text=True, env=environment(), cwd=ROOT)
    rows = []
    for line in done.stderr.splitlines():
        match = re.match(r"import time:\s+\d+ \|\s+(\d+) \|( *)(\S+)", line)
        if match:
            rows.append((int(match[1]), f"{match[2][2:]}{match[3]}"))
    return sorted(rows, reverse=True)[:count]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, metavar="N", help="runs of each command (default 10)")
    parser.add_argument("--imports", type=int, default=12, metavar="K", help="heaviest imports listed (default 12)")
    args = parser.parse_args(argv)
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    irlint = command()
    print(f"command                 {' '.join(irlint)} (best of {args.runs})")
    print(f"python -c pass          {best_ms([sys.executable, '-c', 'pass'], args.runs):7.1f} ms")
    version = best_ms([*irlint, "--version"], args.runs)
    print(f"irlint --version        {version:7.1f} ms (target < {TARGET_MS} ms)")
    check = best_ms([*irlint, "check", "--exit-zero", str(SMALL)], args.runs)
    print(f"irlint check (1 file)   {check:7.1f} ms ({SMALL.relative_to(ROOT)})")
    if args.imports:
        print("heaviest imports of --version (cumulative):")
        for micros, module in heaviest_imports(args.imports):
            print(f"  {micros / 1000:7.1f} ms  {module}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
