"""The former name of benchmarks/lint_throughput.py, kept so that the commands written down with it still run.

    python benchmarks/parse_speed.py --corpus PATH [--corpus PATH ...] [--repeat N] [--no-rss]

It prints what lint_throughput.py prints (the same lines as before, then the peak RSS measurements).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from lint_throughput import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
