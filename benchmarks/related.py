"""How well and how fast ``irlint related`` finds related incidents, on a recording of the real component.

    python benchmarks/related.py --component PATH [--sample N] [--show N]

PATH is a folder with ``bugs.json`` (BMO search rows: id, summary, whiteboard, creation_time, status, creator)
and ``comments.json`` (``{"<bug id>": [comment, ...]}``, comment 0 with its ``text``, ``author`` and ``time``).
Every bug is stored in an in-memory cache, which indexes it, and the build is timed.

Ground truth: comment-0 texts that name an earlier bug of the component ("bug 1234567", "#1234567", a show_bug
link). The reference itself adds nothing to the query (numbers and links are not indexed). For each such bug the
script asks for 10 suggestions of each group and prints:

* recall@5 / recall@10: the share of references found among the first 5 / 10 suggestions of each group (as
  ``irlint related`` shows them: the other CAs' and the same CA's), and among the first 5 / 10 of both groups
  merged by score; "in reach" counts only references the groups can hold (the same CA at any age, another CA
  within the two years before the bug), since an older incident of another CA is outside the guideline's window;
* whiteboard agreement: the share of the first 5 suggestions (of every bug with a failure tag) that share a
  whiteboard tag other than [ca-compliance] with it;
* query time: median and slowest, in ms.

``--show N`` prints the first 5 suggestions of N bugs drawn at random (seeded), for reading them.
"""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.bugzilla.cache import Cache  # noqa: E402
from linter.related import related_to_bug, same_ca  # noqa: E402

_REFERENCE = re.compile(r"(?:\bbug\s*#?\s*|show_bug\.cgi\?id=|\B#)(\d{6,7})\b", re.IGNORECASE)
_TAG = re.compile(r"\[([^\]]+)\]")


def load(folder: Path) -> tuple[list[dict], dict[str, list[dict]]]:
    bugs = json.loads((folder / "bugs.json").read_text(encoding="utf-8"))
    comments = json.loads((folder / "comments.json").read_text(encoding="utf-8"))
    return bugs, comments


def build(bugs: list[dict], comments: dict[str, list[dict]]) -> tuple[Cache, float]:
    cache = Cache.memory("https://bugzilla.example")
    started = time.perf_counter()
    for bug in bugs:
        first = (comments.get(str(bug["id"])) or [{}])[0]
        rows = [{"id": bug["id"] * 10, "count": 0, "creator": first.get("author") or bug.get("creator") or "",
                 "creation_time": first.get("time"), "raw_text": first.get("text") or ""}] if first else []
        cache.store(bug, rows, [])
    return cache, time.perf_counter() - started


def tags(bug: dict) -> set[str]:
    return {tag.strip().lower() for tag in _TAG.findall(bug.get("whiteboard") or "")} - {"ca-compliance"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--component", type=Path, required=True)
    parser.add_argument("--show", type=int, default=0)
    args = parser.parse_args()
    bugs, comments = load(args.component)
    by_id = {bug["id"]: bug for bug in bugs}
    cache, seconds = build(bugs, comments)
    print(f"index build: {len(bugs)} bugs in {seconds:.2f} s ({'FTS5' if cache.full_text else 'plain scan'})")

    found = {5: 0, 10: 0}
    merged = {5: 0, 10: 0}
    reach = {5: 0, 10: 0}
    references = in_reach = 0
    agree = judged = 0
    times = []
    for bug in bugs:
        text = ((comments.get(str(bug["id"])) or [{}])[0]).get("text") or ""
        named = {int(n) for n in _REFERENCE.findall(text)} & by_id.keys() - {bug["id"]}
        named = {n for n in named if by_id[n]["creation_time"] < bug["creation_time"]}
        want_tags = tags(bug)
        if not named and not want_tags:
            continue
        started = time.perf_counter()
        result = related_to_bug(cache, bug["id"], limit=10)
        times.append((time.perf_counter() - started) * 1000)
        ranked = [s.bug_id for s in sorted(result.other_cas + result.same_ca, key=lambda s: -s.score)]
        if want_tags:
            top = ranked[:5]
            agree += sum(1 for other in top if tags(by_id[other]) & want_tags)
            judged += len(top)
        for reference in named:
            references += 1
            older = by_id[reference]["creation_time"][:10] < str(result.day.replace(year=result.day.year - 2))
            reachable = same_ca(result.ca, by_id[reference]["summary"].partition(":")[0]) or not older
            in_reach += reachable
            for k in (5, 10):
                hit = reference in {s.bug_id for s in result.other_cas[:k] + result.same_ca[:k]}
                found[k] += hit
                reach[k] += hit and reachable
                merged[k] += reference in ranked[:k]
    print(f"explicit references: {references} ({in_reach} in reach of the two groups)")
    for k in (5, 10):
        print(f"recall@{k}: {found[k] / max(references, 1):.2f} ({found[k]}/{references}); in reach "
              f"{reach[k] / max(in_reach, 1):.2f} ({reach[k]}/{in_reach}); both groups merged "
              f"{merged[k] / max(references, 1):.2f} ({merged[k]}/{references})")
    print(f"whiteboard agreement of the first 5: {agree / max(judged, 1):.2f} ({agree}/{judged})")
    print(f"query: median {statistics.median(times):.1f} ms, slowest {max(times):.1f} ms over {len(times)} queries")
    for bug in random.Random(20).sample(bugs, args.show):
        result = related_to_bug(cache, bug["id"])
        print(f"\n{bug['id']} {bug['summary'][:100]}  {bug.get('whiteboard')}\n  query: {' '.join(result.query)}")
        for suggestion in sorted(result.other_cas + result.same_ca, key=lambda s: -s.score)[:5]:
            mark = "same CA" if suggestion in result.same_ca else "other"
            print(f"  {suggestion.bug_id} [{mark}] {suggestion.share:.2f} {suggestion.title[:90]}  "
                  f"{by_id[suggestion.bug_id].get('whiteboard')}\n      shares: {' '.join(suggestion.matched)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
