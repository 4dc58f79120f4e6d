"""Time and memory of irlint on the worst inputs found so far, against the aim: any accepted input in at most
10 s of CPU and 500 MB of memory.

    python benchmarks/worst_case.py [--only NAME ...] [--scale F] [--formats text,html]

Each shape is written to a temporary file and linted by ``irlint check FILE --format FMT -o OUT`` in a child
process of its own (``python -m linter``), so that each figure is that run alone: CPU seconds (user + system)
and peak resident memory come from ``os.wait4``, the output size from OUT. The Bugzilla shapes run ``irlint bug``
against the test suite's fake bugzilla.mozilla.org on 127.0.0.1 (tests/fake_bmo.py), or against a small server
here that misbehaves as the shape says; their wall time is printed too, since a server that trickles costs
waiting, not CPU.

``--scale`` multiplies every size (0.25 for a quick look). Exit status 1 if a shape misses the aim.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
AIM_CPU, AIM_MB = 10.0, 500.0
MB = 1024 * 1024
#: Just under the 5 MB limit on a source (linter.sources.MAX_BYTES).
UNDER_CAP = 5 * MB - 64

FULL_HEAD = """## Full Incident Report

### Summary

We issued certificates with a wrong extension.

### Impact

12 certificates.

### Timeline

All times are UTC.

- 2026-01-05 09:00 We became aware of the problem.

### Root Cause Analysis

"""


def _repeat(unit: str, size: int) -> str:
    return unit * (size // len(unit))


def reminded(scale: float) -> str:
    body = _repeat("- We reminded staff.\n", int(840_000 * scale))
    return FULL_HEAD + "### Action Items\n\n" + body


def factors_and_rows(scale: float) -> str:
    count = int(4000 * scale)
    factors = "".join(f"**Contributing Factor {n}: the serial number generator of system {n} skipped a check**\n\n"
                      f"- **Description:** text.\n\n" for n in range(1, count + 1))
    rows = "".join(f"| Fix the profile of issuing system {n} | Prevent | the profile of system {n} was wrong today "
                   f"| tested | 2026-05-01 | Ongoing |\n" for n in range(1, count + 1))
    table = ("| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |\n"
             "| --- | --- | --- | --- | --- | --- |\n" + rows)
    return FULL_HEAD + factors + "### Lessons Learned\n\nNone.\n\n### Action Items\n\n" + table


def _lines(unit: str):
    return lambda scale: _repeat(unit, int(UNDER_CAP * scale))


def one_line(scale: float) -> str:
    return _repeat("human error ", int(4 * MB * scale))


@dataclass(frozen=True)
class Shape:
    name: str
    what: str
    text: object  # scale -> str, for a file; None for the Bugzilla shapes
    bug: str | None = None  # the Bugzilla shape's name


SHAPES = [
    Shape("reminded", "840 KB: 40k lines '- We reminded staff.' under Action Items", reminded),
    Shape("factors", "4k contributing factors x 4k action-item rows (A006)", factors_and_rows),
    Shape("hashes", "just under 5 MB of '#\\n'", _lines("#\n")),
    Shape("dashes", "just under 5 MB of '-\\n'", _lines("-\n")),
    Shape("equals", "just under 5 MB of '=\\n'", _lines("=\n")),
    Shape("stamps", "just under 5 MB of '- 1:00\\n'", _lines("- 1:00\n")),
    Shape("one-line", "one 4 MB line of 'human error '", one_line),
    Shape("comment", "a 10 MB Bugzilla comment of '- 1:00\\n'", None, bug="comment"),
    Shape("attachment", "an attachment declaring 100 bytes, holding 20 MB", None, bug="attachment"),
]


def _child(argv: list[str], env: dict[str, str]) -> tuple[float, float, float, int]:
    """CPU seconds, peak MB, wall seconds and exit status of ``python -m linter ARGV``."""
    started = time.monotonic()
    process = subprocess.Popen([sys.executable, "-m", "linter", *argv], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.PIPE)
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.monotonic() - started
    process.stderr.close()
    return usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, wall, os.waitstatus_to_exitcode(status)


def _bug_server(kind: str, scale: float):
    sys.path.insert(0, str(ROOT / "tests"))
    from fake_bmo import FakeBMO

    fake = FakeBMO()
    bug = {"id": 1900001, "summary": "CA: worst case", "status": "NEW", "resolution": "",
           "product": "CA Program", "component": "CA Certificate Compliance", "whiteboard": "",
           "creator": "ca@example.com", "assigned_to": "ca@example.com", "creation_time": "2026-01-05T09:00:00Z",
           "last_change_time": "2026-01-05T09:00:00Z"}
    if kind == "comment":
        text = _repeat("- 1:00\n", int(10 * MB * scale))
        fake.add_bug(bug, [_comment(0, text)])
    else:
        import base64

        data = base64.b64encode(_repeat("0a\n", int(20 * MB * scale)).encode()).decode()
        attachment = {"id": 7001, "bug_id": 1900001, "file_name": "certs.csv", "content_type": "text/csv",
                      "size": 100, "data": data, "is_private": 0, "is_obsolete": 0, "is_patch": 0,
                      "creator": "ca@example.com", "creation_time": "2026-01-05T09:00:00Z",
                      "last_change_time": "2026-01-05T09:00:00Z", "summary": "certificates", "flags": []}
        fake.add_bug(bug, [_comment(0, "## Preliminary Incident Report\n\nSee the attachment.")], [attachment])
    return fake


def _comment(count: int, text: str) -> dict:
    return {"id": 1 + count, "bug_id": 1900001, "count": count, "creator": "ca@example.com",
            "creation_time": "2026-01-05T09:00:00Z", "time": "2026-01-05T09:00:00Z", "text": text,
            "raw_text": text, "is_private": False, "attachment_id": None, "tags": []}


def measure(shape: Shape, scale: float, formats: list[str], folder: Path) -> list[dict]:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    rows = []
    for fmt in formats:
        out = folder / f"{shape.name}.{fmt}"
        if shape.text is not None:
            source = folder / f"{shape.name}.md"
            if not source.exists():
                source.write_text(shape.text(scale), encoding="utf-8")
            cpu, peak, wall, code = _child(["check", str(source), "--format", fmt, "-o", str(out)], env)
            size = source.stat().st_size
        else:
            with _bug_server(shape.bug, scale) as fake:
                cpu, peak, wall, code = _child(
                    ["bug", "1900001", "--base-url", fake.url,
                     "--no-cache", "--date", "2026-01-06", "--format", fmt, "-o", str(out)], env)
            size = 0
        written = out.stat().st_size if out.exists() else 0
        rows.append({"shape": shape.name, "format": fmt, "input_mb": size / MB, "cpu_s": cpu, "peak_mb": peak,
                     "wall_s": wall, "exit": code, "output_mb": written / MB,
                     "within_aim": cpu <= AIM_CPU and peak <= AIM_MB})
    return rows


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--only", action="append", choices=[shape.name for shape in SHAPES])
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--formats", default="text,html")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    args = parser.parse_args()
    chosen = [shape for shape in SHAPES if not args.only or shape.name in args.only]
    results = []
    with tempfile.TemporaryDirectory() as folder:
        for shape in chosen:
            for row in measure(shape, args.scale, args.formats.split(","), Path(folder)):
                results.append(row)
                if not args.json:
                    mark = "ok  " if row["within_aim"] else "OVER"
                    print(f"{mark} {shape.name:<10} {row['format']:<4} cpu {row['cpu_s']:6.2f} s  "
                          f"peak {row['peak_mb']:7.1f} MB  wall {row['wall_s']:6.2f} s  exit {row['exit']}  "
                          f"output {row['output_mb']:7.2f} MB   {shape.what}", flush=True)
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        print(textwrap.fill(f"aim: at most {AIM_CPU:g} s of CPU and {AIM_MB:g} MB per run", 118))
    return 0 if all(row["within_aim"] for row in results) else 1


if __name__ == "__main__":
    sys.exit(main())
