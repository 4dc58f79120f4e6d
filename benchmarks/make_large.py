"""Write a synthetic large incident report, to measure irlint's speed on big input.

    python benchmarks/make_large.py OUTPUT [--size-mb 2] [--template examples/full-report.md]

The report is examples/full-report.md with every section once, in order, but its Timeline entries and its
Action Items table rows repeated as many times as it takes to reach --size-mb (MB = 2**20 bytes of UTF-8,
as in irlint's size limit; the result overshoots by less than one copy of those lines). It stays one Full
Incident Report that irlint recognises, with one long timeline list and one long table, the two parts
that grow in real reports. Then run, e.g.:

    python benchmarks/lint_throughput.py --corpus OUTPUT
"""

from __future__ import annotations

import argparse
import math
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MB = 1024 * 1024
MAX_BYTES = 2 * MB  # linter.sources.MAX_BYTES: `irlint check` refuses larger files


def _section(lines: list[str], title: str) -> tuple[int, int]:
    """The 0-based [start, end) line range of the body of the '### <title>' section."""
    start = lines.index(f"### {title}") + 1
    end = next((i for i in range(start, len(lines)) if lines[i].startswith("#")), len(lines))
    return start, end


def build(template: str, size: int) -> str:
    lines = template.rstrip("\n").split("\n")
    t_start, t_end = _section(lines, "Timeline")
    timeline = [i for i in range(t_start, t_end) if lines[i].startswith("- ")]
    a_start, a_end = _section(lines, "Action Items")
    table = [i for i in range(a_start, a_end) if lines[i].startswith("|")]
    rows = table[2:]  # after the header and the delimiter row
    if not timeline or not rows:
        raise ValueError("the template needs a '### Timeline' list and a '### Action Items' table")
    if timeline != list(range(timeline[0], timeline[-1] + 1)) or rows != list(range(rows[0], rows[-1] + 1)):
        raise ValueError("the timeline entries and the action-item rows must be consecutive lines")

    grown = {timeline[0]: (timeline[0], timeline[-1] + 1), rows[0]: (rows[0], rows[-1] + 1)}
    block_bytes = sum(len(lines[i].encode("utf-8")) + 1 for i in (*timeline, *rows))
    base_bytes = len(template.encode("utf-8"))
    copies = max(1, math.ceil((size - base_bytes) / block_bytes) + 1)

    out: list[str] = []
    i = 0
    while i < len(lines):
        if i in grown:
            start, end = grown[i]
            out.extend(lines[start:end] * copies)
            i = end
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path, help="file to write")
    parser.add_argument("--size-mb", type=float, default=2.0, help="approximate size (default 2)")
    parser.add_argument("--template", type=Path, default=ROOT / "examples" / "full-report.md",
                        help="report to grow (default examples/full-report.md)")
    args = parser.parse_args(argv)
    if args.size_mb <= 0:
        parser.error("--size-mb must be positive")
    try:
        text = build(args.template.read_text(encoding="utf-8-sig"), int(args.size_mb * MB))
    except (OSError, ValueError) as error:
        print(f"{args.template}: {error}", file=sys.stderr)
        return 2
    data = text.encode("utf-8")
    args.output.write_bytes(data)
    print(f"wrote {args.output}: {len(data) / MB:.2f} MB, {text.count(chr(10))} lines")
    if len(data) > MAX_BYTES:
        print(f"note: over {MAX_BYTES // MB} MB, `irlint check` refuses this file (lint_text does not)",
              file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
