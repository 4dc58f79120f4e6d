"""Requests and wall time of syncing a whole component into the cache (a full sync, then an unchanged one), and
of scanning it (a cold scan that lints every bug, then a warm one that lints nothing again).

    python benchmarks/sync.py [--bugs 1700] [--pace SECONDS]

The component is generated (tests/bmo_data.py: ``add_synthetic_component``, the size of the real CA Certificate
Compliance component by default) and served by the test suite's fake bugzilla.mozilla.org on 127.0.0.1
(tests/fake_bmo.py). ``linter.bugzilla.sync.sync`` runs twice into a fresh cache folder: the first sync fetches
everything, the second finds nothing changed. Each prints its requests (by the client's kinds: "search" is not
rate-limited, "limited" is paced), what it stored, and its wall time. Then ``linter.bugs.scan.scan`` runs
twice over the cache, as ``irlint scan --offline`` does: the first lints every bug and stores its findings, the
second finds every bug's findings stored under the same digest and lints nothing; each prints the bugs it linted
and reused, and its wall time.

The client waits --pace seconds between two rate-limited requests; its default is what irlint uses against the
real server (linter.bugzilla.client.PACE), so that the time is the one a user waits. --pace 0 measures irlint's
own work: the requests, the cache writes and the fake server on the same machine.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / "tests")]

from bmo_data import add_synthetic_component  # noqa: E402
from fake_bmo import FakeBMO  # noqa: E402

from linter.bugs.scan import scan  # noqa: E402
from linter.bugzilla import client as client_module  # noqa: E402
from linter.bugzilla.cache import Cache  # noqa: E402
from linter.bugzilla.client import Client  # noqa: E402
from linter.bugzilla.sync import SyncStats, sync  # noqa: E402
from linter.lint import Options  # noqa: E402


def describe(label: str, stats: SyncStats, seconds: float) -> str:
    kinds = ", ".join(f"{count} {kind}" for kind, count in sorted(stats.requests.items()))
    return (f"{label:<15} {stats.total_requests:4d} requests ({kinds or 'none'}); found {stats.found}, fetched "
            f"{stats.fetched}, attachment texts {stats.texts}; {seconds:7.2f} s wall")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--bugs", type=int, default=1700, help="bugs in the component (default 1700)")
    parser.add_argument("--pace", type=float, default=client_module.PACE,
                        help=f"seconds between rate-limited requests (default {client_module.PACE}, as irlint)")
    args = parser.parse_args(argv)
    if args.bugs < 1 or args.pace < 0:
        parser.error("need --bugs >= 1 and --pace >= 0")

    with FakeBMO() as fake, tempfile.TemporaryDirectory() as folder:
        fake.now = datetime(2026, 6, 1, tzinfo=UTC)
        add_synthetic_component(fake, args.bugs)
        print(f"component      {args.bugs} generated bugs on {fake.url}; pace {args.pace} s")
        with Cache(Path(folder), fake.url) as cache:
            for label in ("full sync", "unchanged sync"):
                start = time.perf_counter()
                stats = sync(Client(fake.url, pace=args.pace), cache)
                print(describe(label, stats, time.perf_counter() - start))
            for label in ("cold scan", "warm re-scan"):
                start = time.perf_counter()
                result = scan(cache, Options(today=fake.now.date()), fake.now)
                print(f"{label:<15} {len(result.rows)} bugs: {result.linted} linted, {result.reused} from the cache; "
                      f"{time.perf_counter() - start:7.2f} s wall")
        print(f"fake server    {len(fake.requests)} requests received in all")
    return 0


if __name__ == "__main__":
    sys.exit(main())
