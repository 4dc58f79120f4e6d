"""Time and memory of irlint on the worst inputs found so far, against the aim: any accepted input in at most
10 s of CPU and 500 MB of memory.

    python benchmarks/worst_case.py [--only NAME ...] [--scale F] [--formats text,html]

Each shape is written to a temporary file and linted by ``irlint check FILE --format FMT -o OUT`` in a child
process of its own (``python -m linter``), so that each figure is that run alone: CPU seconds (user + system)
and peak resident memory come from ``os.wait4``, the output size from OUT. The Bugzilla shapes run ``irlint bug``
(``irlint scan`` for the search) against the test suite's fake bugzilla.mozilla.org on 127.0.0.1
(tests/fake_bmo.py), or against a small server here that misbehaves as the shape says; their wall time is
printed too, since a server that trickles costs waiting, not CPU (that one takes the client's 120 s deadline).

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
import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from linter.sources import MAX_BYTES, MAX_LINE_CHARS, MAX_LINES  # noqa: E402

AIM_CPU, AIM_MB = 10.0, 500.0
MB = 1024 * 1024
#: The sizes of the shapes first found costly, and just under the limit on a source (linter.sources.MAX_BYTES).
FIRST_FOUND = 5 * MB - 64
UNDER_CAP = MAX_BYTES - 64

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
    factors = "".join(f"#### Contributing Factor {n}: the serial number generator of system {n} skipped a check\n"
                      for n in range(1, count + 1))
    rows = "".join(f"| Fix the profile of issuing system {n} | Prevent | the profile of system {n} was wrong today "
                   f"| tested | 2026-05-01 | Ongoing |\n" for n in range(1, count + 1))
    table = ("| Action Item | Kind | Corresponding Root Cause(s) | Evaluation Criteria | Due Date | Status |\n"
             "| --- | --- | --- | --- | --- | --- |\n" + rows)
    return FULL_HEAD + factors + "### Lessons Learned\n\nNone.\n\n### Action Items\n\n" + table


def _lines(unit: str):
    return lambda scale: _repeat(unit, int(FIRST_FOUND * scale))


def one_line(scale: float) -> str:
    return _repeat("human error ", int(4 * MB * scale))


def _at_the_line_cap(unit: str, head: str = ""):
    """As many lines of ``unit`` as a text may have (linter.sources.MAX_LINES)."""
    return lambda scale: head + unit * (int(MAX_LINES * scale) - head.count("\n"))


def dense_long_lines(scale: float) -> str:
    """Just under the size limit of a weak phrase, in lines as long as a text may have (MAX_LINE_CHARS)."""
    line = _repeat("human error ", MAX_LINE_CHARS - 12).rstrip() + "\n"
    return line * int(UNDER_CAP * scale // len(line))


@dataclass(frozen=True)
class Shape:
    name: str
    what: str
    text: object  # scale -> str, for a file; None for the Bugzilla shapes
    bug: str | None = None  # the Bugzilla shape's name


SHAPES = [
    # The shapes an adversarial test found costly; the ones over the line limits are now refused at once.
    Shape("reminded", "840 KB: 40k lines '- We reminded staff.' under Action Items", reminded),
    Shape("factors", "4k contributing factors x 4k action-item rows (A006)", factors_and_rows),
    Shape("hashes", "just under 5 MB of '#\\n'", _lines("#\n")),
    Shape("dashes", "just under 5 MB of '-\\n'", _lines("-\n")),
    Shape("equals", "just under 5 MB of '=\\n'", _lines("=\n")),
    Shape("stamps", "just under 5 MB of '- 1:00\\n'", _lines("- 1:00\n")),
    Shape("one-line", "one 4 MB line of 'human error '", one_line),
    Shape("comment", "a 10 MB Bugzilla comment of '- 1:00\\n'", None, bug="comment"),
    Shape("attachment", "an attachment declaring 100 bytes, holding 20 MB", None, bug="attachment"),
    # The worst that is still accepted: as many lines, or as long lines, as a text may have.
    Shape("reminded-cap", "20k lines '- We reminded staff.' under Action Items",
          _at_the_line_cap("- We reminded staff.\n", FULL_HEAD + "### Action Items\n\n")),
    Shape("hashes-cap", "20k lines '#'", _at_the_line_cap("#\n")),
    Shape("dashes-cap", "20k lines '-'", _at_the_line_cap("-\n")),
    Shape("stamps-cap", "20k lines '- 1:00'", _at_the_line_cap("- 1:00\n")),
    Shape("dense-cap", "2 MB of 'human error ' in 100k-character lines", dense_long_lines),
    Shape("comment-cap", "a Bugzilla comment of 20k lines '- 1:00'", None, bug="comment-cap"),
    # Servers that misbehave: what one answer, one request and one search may cost.
    Shape("answer-100mb", "a 100 MB answer with no declared length", None, bug="answer-100mb"),
    Shape("chunked", "an endless chunked answer", None, bug="chunked"),
    Shape("trickle", "a server sending one byte every 20 s", None, bug="trickle"),
    Shape("pages", "a search that ignores the 'bug_id greaterthan' page condition (irlint scan)", None,
          bug="pages"),
]

_STUCK = ("answer-100mb", "chunked", "trickle", "pages")


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
    if kind.startswith("comment"):
        text = (_repeat("- 1:00\n", int(10 * MB * scale)) if kind == "comment"
                else "- 1:00\n" * int(MAX_LINES * scale))
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


def _serve(kind: str, scale: float) -> None:
    """Serve the Bugzilla shape on 127.0.0.1, print its address, and stop when standard input closes."""
    if kind in _STUCK:
        server = ThreadingHTTPServer(("127.0.0.1", 0), _misbehaving(kind, scale))
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, daemon=True).start()
        print(f"http://127.0.0.1:{server.server_address[1]}", flush=True)
        sys.stdin.read()
        return
    with _bug_server(kind, scale) as fake:
        print(fake.url, flush=True)
        sys.stdin.read()


def _misbehaving(kind: str, scale: float) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server's name)
            try:
                self._answer()
            except OSError:
                pass  # the client gave up, as it should

        def _answer(self) -> None:
            if self.path.startswith("/rest/time"):
                return self._json({"db_time": "2026-01-06T00:00:00Z", "web_time": "2026-01-06T00:00:00Z"})
            if kind == "pages":
                rows = [{"id": n, "summary": f"CA: bug {n}", "status": "NEW", "resolution": "",
                         "last_change_time": "2026-01-05T09:00:00Z", "attachments": []} for n in range(1, 1001)]
                return self._json({"bugs": rows})
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            if kind == "chunked":
                self.send_header("Transfer-Encoding", "chunked")
            else:
                self.send_header("Connection", "close")
            self.end_headers()
            chunk = b"[" * 65536
            if kind == "trickle":
                for _ in range(20):
                    self.wfile.write(b" ")
                    self.wfile.flush()
                    time.sleep(20)
            elif kind == "chunked":
                while True:
                    self.wfile.write(b"%x\r\n%s\r\n" % (len(chunk), chunk))
            else:
                for _ in range(int(100 * MB * scale) // len(chunk)):
                    self.wfile.write(chunk)

        def _json(self, data: object) -> None:
            body = json.dumps(data).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    return Handler


def measure(shape: Shape, scale: float, formats: list[str], folder: Path) -> list[dict]:
    # The texts are made and served by processes of their own: a child's peak memory (ru_maxrss) counts what its
    # parent held when it forked, so this process stays small.
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    here = [sys.executable, __file__]
    rows = []
    for fmt in formats[:1] if shape.bug in _STUCK else formats:  # these end in an error: no output to size
        out = folder / f"{shape.name}.{fmt}"
        if shape.text is not None:
            source = folder / f"{shape.name}.md"
            if not source.exists():
                subprocess.run([*here, "--write", shape.name, str(source), str(scale)], check=True)
            cpu, peak, wall, code = _child(["check", str(source), "--format", fmt, "-o", str(out)], env)
            size = source.stat().st_size
        else:
            server = subprocess.Popen([*here, "--serve", shape.name, str(scale)], stdin=subprocess.PIPE,
                                      stdout=subprocess.PIPE, text=True)
            try:
                url = server.stdout.readline().strip()
                command = "scan" if shape.bug == "pages" else "bug"
                cpu, peak, wall, code = _child([command, *(["1900001"] if command == "bug" else []), "--base-url",
                                                url, "--no-cache", "--date", "2026-01-06", "--format", fmt,
                                                "-o", str(out)], env)
            finally:
                server.stdin.close()
                server.wait()
            size = 0
        written = out.stat().st_size if out.exists() else 0
        rows.append({"shape": shape.name, "format": fmt, "input_mb": size / MB, "cpu_s": cpu, "peak_mb": peak,
                     "wall_s": wall, "exit": code, "output_mb": written / MB,
                     "within_aim": cpu <= AIM_CPU and peak <= AIM_MB})
    return rows


def main() -> int:
    by_name = {shape.name: shape for shape in SHAPES}
    if sys.argv[1:2] == ["--write"]:
        name, path, scale = sys.argv[2:5]
        Path(path).write_text(by_name[name].text(float(scale)), encoding="utf-8")
        return 0
    if sys.argv[1:2] == ["--serve"]:
        _serve(by_name[sys.argv[2]].bug, float(sys.argv[3]))
        return 0
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
