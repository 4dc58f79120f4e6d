"""The command line: ``run(argv) -> int`` does the work; ``main()`` is the only place that exits."""

from __future__ import annotations

import argparse
import gc
import os
import stat
import sys
import textwrap
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from linter import __version__
from linter.bugzilla.base_url import DEFAULT_BASE_URL
from linter.bugzilla.errors import CacheError
from linter.formatters import FORMATTERS, SCAN_FORMATTERS
from linter.terminal import inert, inert_json, wants_color

# The rules and the configuration load lazily, dataclasses and tempfile too (their imports were a fifth of
# `irlint --version`), and under the pause of the garbage collector main() makes for start-up.
if TYPE_CHECKING:
    from linter.checks.base import Rule
    from linter.diff_lines import Changes
    from linter.formatters.outcome import Outcome
    from linter.lint import Options
    from linter.settings import Settings

EXIT_OK, EXIT_FINDINGS, EXIT_INPUT, EXIT_NETWORK = 0, 1, 2, 3
#: The module of each runtime dependency (pyproject.toml), and the distribution that installs it.
RUNTIME_DEPENDENCIES = {"markdown_it": "markdown-it-py", "pathspec": "pathspec", "yaml": "pyyaml",
                        "jsonschema": "jsonschema", "platformdirs": "platformdirs", "requests": "requests"}
API_KEY_VARIABLE = "BUGZILLA_API_KEY"
#: Bugzilla's bug statuses, for scan --status.
BUG_STATUSES = ("UNCONFIRMED", "NEW", "ASSIGNED", "REOPENED", "RESOLVED", "VERIFIED", "CLOSED")
#: The formats --statistics replaces with its table; the others are read by programs, which want findings.
STATISTICS_FORMATS = ("text", "concise")
FORMAT_HELP = "output format (default: text; github when GITHUB_ACTIONS=true)"
FAIL_ON_HELP = "lowest severity that makes the exit code 1 (default: error)"
STATISTICS_HELP = "print the number of findings of each rule instead of the findings (text and concise)"

#: The examples at the end of irlint --help, and of each sub-command's --help.
TOP_EXAMPLES = """
irlint check draft.md                      lint a draft report
irlint bug 1650845                         lint the reports and the process of a Bugzilla bug
irlint rule R001                           what a rule flags, and why
"""
CHECK_EXAMPLES = """
irlint check draft.md                      lint one report (exit 1 when it has errors)
irlint check reports/ --format concise     every Markdown file under reports/, one line per finding
irlint check - < draft.md                  standard input
irlint check draft.md --select R,C --ignore R004 --fail-on warning
irlint check draft.md --format sarif -o irlint.sarif
irlint check --show-settings draft.md      which configuration applies to draft.md, and where it comes from
"""
BUG_EXAMPLES = """
irlint bug 1650845                         the latest report of each kind and the bug's process
irlint bug 1650845 1904038 --format json
irlint bug 1650845 --all-reports --offline every report in the bug, from the cache only
"""
NEW_EXAMPLES = """
irlint new -o report.md                    a full report from the current template
irlint new --kind preliminary --bug 1990254 -o report.md
irlint new --guidance -o report.md --force replace report.md, with each field's guidance as a comment
"""
RENDER_EXAMPLES = """
irlint render --example -o facts.yaml      a complete facts file to start from
irlint render facts.yaml -o report.md
irlint render facts.yaml --kind closure --certificates-csv certificates.csv
"""
SCAN_EXAMPLES = """
irlint scan --open                         lint the open bugs of the component
irlint scan --open --whiteboard leaf-revocation-delay --format csv -o delays.csv
irlint scan --since 2025-01-01 --select P --offline
irlint scan --changes                      what changed since the previous sync
irlint scan --ca Harrowgate --format json  a CA's bugs and its history (html: in charts)
irlint scan --format html -o desk.html     the whole component: changes, history, every bug
"""
REVIEW_EXAMPLES = """
irlint review 1904038                      a draft comment on standard output
irlint review 1904038 -o comment.md --date 2025-06-01
"""
PARSE_EXAMPLES = """
irlint parse draft.md                      the reports, sections, fields and timeline as JSON
irlint parse draft.md --format yaml
"""
RELATED_EXAMPLES = """
irlint related 1943528                     incidents like bug 1943528: other CAs' (2 years), the CA's own earlier
irlint related --file draft.md --ca "Example CA" --format markdown
"""
CACHE_EXAMPLES = """
irlint cache check                         read every stored bug; a damaged cache is moved aside, started afresh
irlint cache clear                         delete the cache (the next scan syncs everything)
"""
RULES_EXAMPLES = """
irlint rules                               every rule: code, name, category, severity, what it flags
irlint rules --format json --config team.irlint.yaml
"""
RULE_EXAMPLES = """
irlint rule R001
irlint rule training-remediation
"""


class UsageError(Exception):
    """Bad arguments or configuration: one line, exit 2."""


class NetworkError(Exception):
    """Bugzilla or the network failed: one line, exit 3."""


class _Parser(argparse.ArgumentParser):
    """argparse, whose usage errors add "did you mean" for a mistyped sub-command, option or choice."""

    argv: list[str] = []

    def error(self, message: str):
        super().error(message + _suggestion(self, message))


def _suggestion(parser: argparse.ArgumentParser, message: str) -> str:
    """"; did you mean X?" for an argparse error about an unknown option or an invalid choice, else ""."""
    import difflib
    import re

    choice = re.search(r"invalid choice: '(.*?)' \(choose from (.*)\)", message)
    if choice:
        wanted, known = choice[1], re.findall(r"'([^']*)'", choice[2])
    else:
        unknown = re.search(r"unrecognized arguments: (.*)", message)
        wanted = next((word for word in (unknown[1].split() if unknown else ()) if word.startswith("-")), None)
        if wanted is None:
            return ""
        wanted = wanted.partition("=")[0]
        known = [option for action in _command_parser(parser)._actions for option in action.option_strings]
    close = difflib.get_close_matches(wanted, known, n=1, cutoff=0.6)
    return f"; did you mean {close[0]}?" if close else ""


def _command_parser(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    """The sub-command's parser named in the arguments being parsed, else ``parser`` itself."""
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for word in _Parser.argv:
                if word in action.choices:
                    return action.choices[word]
    return parser


def _parser(only: str | None = None) -> argparse.ArgumentParser:
    """The command line; with ``only``, the command line of that command alone, which parses its arguments and
    prints its help and errors as the whole one does: argparse makes a parser for each command and a help
    formatter for each argument, and making every command's was 3-4 ms of every start."""
    parser = _Parser(
        prog="irlint", description="Lint CA incident reports against the CCADB Incident Reporting Guidelines.",
        epilog="examples:\n" + textwrap.indent(TOP_EXAMPLES.strip("\n"), "  ")
               + "\n\nirlint COMMAND --help describes each command's arguments and options.",
        formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--version", action="version", version=f"irlint {__version__}")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    for name, (summary, examples, add_arguments) in _COMMANDS.items():
        if only in (None, name):
            add_arguments(_command(commands, name, summary, examples))
    return parser


def _command_named(argv: list[str]) -> str | None:
    """The command ``argv`` starts with; None when it starts with something else (``--help``, a typo), which the
    whole command line answers."""
    return argv[0] if argv and argv[0] in _COMMANDS else None


def _check_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("paths", nargs="+", metavar="PATH",
                        help="a report file, a folder (its Markdown files, honouring .gitignore) or - for stdin")
    parser.add_argument("--format", choices=list(FORMATTERS), help=FORMAT_HELP)
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write the output to FILE (atomically; never over an input)")
    _add_rule_selection(parser)
    parser.add_argument("--statistics", action="store_true", help=STATISTICS_HELP)
    parser.add_argument("--diff-only", metavar="REF",
                        help="report only findings on lines changed since the git revision REF")
    parser.add_argument("--skip-no-report", action="store_true",
                        help="skip named files in which no report is recognised, as in folders (no S005)")
    parser.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                        help="the report date that decides which requirements apply")
    parser.add_argument("--include", action="append", default=[], metavar="GLOB",
                        help="in folders, lint files matching GLOB (default: *.md, *.markdown)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB", help="in folders, skip GLOB")
    parser.add_argument("--config", type=Path, metavar="FILE",
                        help="configuration file (default: the nearest .irlint.yaml or pyproject.toml [tool.irlint])")
    parser.add_argument("--show-settings", action="store_true",
                        help="print the configuration that applies to each PATH, and the file it comes from, "
                             "instead of linting")
    _add_quiet(parser)
    _add_color(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="list skipped files")
    parser.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                        help="lint in N processes (default: one per CPU when there are many files, else 1)")


def _add_rule_selection(parser: argparse.ArgumentParser) -> None:
    """The options of the commands that lint: which rules run, and which findings fail the run."""
    parser.add_argument("--select", action="append", metavar="RULES", help="rule codes, prefixes, names or ALL")
    parser.add_argument("--ignore", action="append", default=[], metavar="RULES", help="rules not to run")
    parser.add_argument("--fail-on", choices=("error", "warning", "info"), default="error", help=FAIL_ON_HELP)
    parser.add_argument("--exit-zero", action="store_true", help="exit 0 even when there are findings")


def _bug_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("ids", nargs="+", type=_bug_id, metavar="N", help="a Bugzilla bug number (1650845 or #1650845)")
    parser.add_argument("--format", choices=list(FORMATTERS), help=FORMAT_HELP)
    parser.add_argument("--output", "-o", metavar="FILE", help="write the output to FILE (atomically)")
    _add_rule_selection(parser)
    parser.add_argument("--statistics", action="store_true", help=STATISTICS_HELP)
    parser.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help='"now" for the process rules')
    parser.add_argument("--config", type=Path, metavar="FILE", help="configuration file")
    _add_bugzilla_options(parser)
    parser.add_argument("--all-reports", action="store_true",
                        help="lint every report, not only the latest of each kind")
    parser.add_argument("--comment", type=int, metavar="K", help="lint comment K only (and the bug's process)")
    parser.add_argument("--ca-account", action="append", default=[], metavar="EMAIL",
                        help="an account that speaks for the CA (repeatable)")
    _add_quiet(parser)
    _add_color(parser)
    parser.add_argument("-v", "--verbose", action="store_true", help="list the reports not linted")


def _new_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--kind", choices=("preliminary", "full", "closure"), default="full",
                        help="which CCADB 3.x report to draft (default: full)")
    parser.add_argument("--bug", type=_bug_id, metavar="N", help="prefill what Bugzilla bug N knows")
    parser.add_argument("--guidance", action="store_true",
                        help="write each field's guidance as an HTML comment (S010 until removed)")
    parser.add_argument("--output", "-o", metavar="FILE",
                        help="write the draft to FILE (atomically); an existing FILE only with --force")
    parser.add_argument("--force", action="store_true", help="replace an existing --output FILE")
    _add_bugzilla_options(parser)


def _render_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("facts", nargs="?", metavar="FACTS.yaml", help="the facts file, or - for standard input")
    parser.add_argument("--kind", choices=("preliminary", "full", "closure"), default="full",
                        help="which CCADB 3.x report to write (default: full)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the report to FILE (atomically)")
    parser.add_argument("--certificates-csv", metavar="FILE",
                        help="also write appendix.certificates as the standard 11-column CSV")
    parser.add_argument("--example", action="store_true", help="print a complete facts file to start from")


def _scan_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=list(SCAN_FORMATTERS),
                        help="output format (default: text, one row per bug)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the output to FILE (atomically)")
    _add_rule_selection(parser)
    parser.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help='"now" for the process rules')
    parser.add_argument("--config", type=Path, metavar="FILE", help="configuration file")
    parser.add_argument("--ca-account", action="append", default=[], metavar="EMAIL",
                        help="an account that speaks for the CA (repeatable)")
    parser.add_argument("--open", action="store_const", const=True, default=None, help="open bugs only")
    parser.add_argument("--status", action="append", default=[], metavar="STATUS", help="bugs in STATUS (repeatable)")
    parser.add_argument("--since", type=_iso_date, metavar="YYYY-MM-DD", help="bugs changed on or after")
    parser.add_argument("--until", type=_iso_date, metavar="YYYY-MM-DD", help="bugs created on or before")
    parser.add_argument("--whiteboard", action="append", default=[], metavar="TAG", help="whiteboard holds TAG")
    parser.add_argument("--ca", action="append", default=[], metavar="NAME",
                        help="CA name (the title's prefix); with its history: incidents per year, weak analyses, "
                             "days to the Full report, late updates, repeats")
    parser.add_argument("--changes", action="store_true",
                        help="what changed since the previous sync: new CA comments and reports, newly overdue "
                             "updates, answered questions, closed or reopened bugs")
    parser.add_argument("--assignee", action="append", default=[], metavar="EMAIL",
                        help="bugs assigned to EMAIL (repeatable)")
    parser.add_argument("--ids", action="append", default=[], type=_bug_ids, metavar="N[,N...]",
                        help="only these bugs of the component (comma-separated, repeatable)")
    _add_quiet(parser)
    _add_bugzilla_options(parser)
    parser.add_argument("-j", "--jobs", type=_jobs, metavar="N",
                        help="lint in N processes (default: one per CPU when many bugs need linting, else 1)")


def _review_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", type=_bug_id, metavar="N", help="the Bugzilla bug number to review")
    parser.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD", help='"now" for the process rules')
    parser.add_argument("--output", "-o", metavar="FILE", help="write the draft to FILE (atomically)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="configuration file")
    parser.add_argument("--ca-account", action="append", default=[], metavar="EMAIL",
                        help="an account that speaks for the CA (repeatable)")
    _add_bugzilla_options(parser)


def _parse_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("path", metavar="FILE", help="the report file, or - for standard input")
    parser.add_argument("--format", choices=("json", "yaml"), default="json", help="output format (default: json)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the output to FILE (atomically)")


def _related_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("id", nargs="?", type=_bug_id, metavar="N", help="the bug to find incidents like")
    parser.add_argument("--file", type=Path, metavar="FILE", help="a draft report to find incidents like, instead of N")
    parser.add_argument("--ca", default="", metavar="NAME", help="with --file: the CA, for its own earlier incidents")
    parser.add_argument("--date", type=_iso_date, metavar="YYYY-MM-DD",
                        help="with --file: the report date (default: today)")
    parser.add_argument("--years", type=int, default=2, metavar="Y",
                        help="other CAs' incidents of the Y years before the report (default: 2, as the guidelines)")
    parser.add_argument("--limit", type=int, default=5, metavar="K", help="suggestions per group (default: 5)")
    parser.add_argument("--format", choices=("text", "json", "markdown"), default="text",
                        help="output format (default: text; markdown: rows for the Related Incidents table)")
    parser.add_argument("--output", "-o", metavar="FILE", help="write the output to FILE (atomically)")
    _add_bugzilla_options(parser)


def _cache_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("action", choices=("check", "clear"),
                        help="check: read the whole cache, and start afresh if it is damaged; clear: delete it")
    parser.add_argument("--base-url", default=None, metavar="URL",
                        help=f"the Bugzilla whose cache it is (default: {DEFAULT_BASE_URL})")
    parser.add_argument("--cache-dir", type=Path, metavar="DIR", help="where the cache lives")


def _rules_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--format", choices=("text", "json"), default="text", help="output format (default: text)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="configuration file")


def _rule_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("code", metavar="CODE", help="a rule code (R001) or name (training-remediation)")
    parser.add_argument("--config", type=Path, metavar="FILE", help="configuration file")


#: Each command: its summary, the examples its --help ends with, and what adds its arguments.
_COMMANDS = {
    "check": ("lint draft reports (files, folders, - for stdin)", CHECK_EXAMPLES, _check_arguments),
    "bug": ("fetch Bugzilla bugs and lint their reports and process", BUG_EXAMPLES, _bug_arguments),
    "new": ("write a draft report from the current CCADB template", NEW_EXAMPLES, _new_arguments),
    "render": ("write a report from structured facts (FACTS.yaml)", RENDER_EXAMPLES, _render_arguments),
    "scan": ("sync the CA Certificate Compliance component and lint every bug", SCAN_EXAMPLES, _scan_arguments),
    "review": ("draft a reviewer's comment (Markdown) on a Bugzilla bug", REVIEW_EXAMPLES, _review_arguments),
    "parse": ("print the structured reports of a file", PARSE_EXAMPLES, _parse_arguments),
    "related": ("find related and repeat incidents in the cached component", RELATED_EXAMPLES, _related_arguments),
    "cache": ("check or clear the cache of Bugzilla data", CACHE_EXAMPLES, _cache_arguments),
    "rules": ("list every rule, built-in and from configured rule packs", RULES_EXAMPLES, _rules_arguments),
    "rule": ("explain one rule: what it flags, why, and examples", RULE_EXAMPLES, _rule_arguments),
}


def _command(commands, name: str, summary: str, examples: str) -> argparse.ArgumentParser:
    """A sub-command whose --help ends with examples, printed as written."""
    return commands.add_parser(name, help=summary, description=summary[0].upper() + summary[1:] + ".",
                               epilog="examples:\n" + textwrap.indent(examples.strip("\n"), "  "),
                               formatter_class=argparse.RawDescriptionHelpFormatter)


def _add_quiet(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-q", "--quiet", action="count", default=0,
                        help="print the findings and nothing else (-qq: nothing at all)")
    parser.add_argument("--silent", dest="quiet", action="store_const", const=2,
                        help="print nothing; the exit code tells (errors still go to standard error)")


def _add_color(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--color", choices=("auto", "always", "never"), default="auto",
                        help="colour the text format (default: auto, on a terminal unless NO_COLOR is set; "
                             "FORCE_COLOR forces it)")


def _bug_id(text: str) -> int:
    number = text.strip().lstrip("#")
    if not number.isdigit() or not 0 < int(number) < 10**9:
        raise argparse.ArgumentTypeError(f"not a bug number: {text!r}")
    return int(number)


def _jobs(text: str) -> int:
    if not text.strip().isdigit() or not 1 <= int(text) <= 256:
        raise argparse.ArgumentTypeError(f"not a number of jobs from 1 to 256: {text!r}")
    return int(text)


def _bug_ids(text: str) -> list[int]:
    return [_bug_id(part) for part in text.split(",") if part.strip()]


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def run(argv: list[str] | None = None) -> int:
    """Run irlint with ``argv``; return the exit code."""
    _Parser.argv = list(sys.argv[1:] if argv is None else argv)
    parser = _parser(_command_named(_Parser.argv))
    try:
        args = parser.parse_args(argv)
    except SystemExit as stop:  # argparse reports usage errors itself
        return EXIT_INPUT if stop.code else EXIT_OK
    if args.command is None:
        parser.print_help()
        return EXIT_INPUT
    try:
        commands = {"check": _check, "bug": _bug, "scan": _scan, "review": _review, "new": _new, "render": _render,
                    "parse": _parse, "rules": _rules, "rule": _rule, "cache": _cache,
                    "related": _related}
        return commands[args.command](args)
    except (UsageError, CacheError) as error:
        _say(str(error))
        return EXIT_INPUT
    except NetworkError as error:
        _say(str(error))
        return EXIT_NETWORK
    except ModuleNotFoundError as error:
        # Run from a checkout with a Python that lacks irlint's dependencies (python -m linter): say which.
        missing = RUNTIME_DEPENDENCIES.get((error.name or "").partition(".")[0])
        if missing is None:
            raise
        _say(f"{missing} is not installed for {sys.executable}: install irlint with pip, as README.md says")
        return EXIT_INPUT
    except KeyboardInterrupt:
        return 130


def _say(message: str) -> None:
    """One line on standard error. Messages carry file names and what Bugzilla sent (its error messages), so the
    line is printed inert, and a line break in them cannot start a line that seems to be irlint's."""
    line = inert(message).replace("\n", " ")
    print(f"irlint: {line}", file=sys.stderr)


def main() -> None:
    """Console entry point."""
    # Start-up (the modules, the rules and their data) makes objects that live as long as the run and no garbage:
    # the collector only walked them again and again, 5-8 ms of a one-file check. It is paused until the command
    # has loaded what it needs (_start_up_over).
    global _collector_paused
    gc.disable()
    _collector_paused = True
    try:
        code = run(sys.argv[1:])
        sys.stdout.flush()
    except BrokenPipeError:  # the reader went away (irlint rules | head): nothing more to say to it
        _drop_stdout()
        code = EXIT_OK
    if _nothing_left_to_finish():
        sys.stderr.flush()
        # Python's own finalisation frees every object of the run one by one: a fifth of a one-file check.
        os._exit(code)
    sys.exit(code)


#: Whether main() paused the garbage collector for start-up; run() called by a program leaves it as it finds it.
_collector_paused = False


def _start_up_over() -> None:
    """The command has its modules and rules: the collector, paused by main(), runs again, and never walks what
    start-up made (gc.freeze), which lives as long as the run; forked workers share it without copying it."""
    global _collector_paused
    if _collector_paused:
        _collector_paused = False
        gc.freeze()
        gc.enable()


def _nothing_left_to_finish() -> bool:
    """Whether exiting at once skips nothing but freeing memory: no other thread or child process runs, and no
    tracer (coverage, a profiler) waits for the exit to write what it recorded."""
    threading = sys.modules.get("threading")
    multiprocessing = sys.modules.get("multiprocessing")
    return (sys.gettrace() is None and sys.getprofile() is None
            and (threading is None or threading.active_count() == 1)
            and (multiprocessing is None or not multiprocessing.active_children()))


def _drop_stdout() -> None:
    """Send what is left of standard output nowhere: the reader of the pipe has gone, and Python's own flush at
    exit would otherwise print a BrokenPipeError."""
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, sys.stdout.fileno())
    os.close(devnull)


def _setup(args: argparse.Namespace) -> Settings:
    """The configuration and every rule pack, with every rule the configuration names checked."""
    from linter.settings import SettingsError, load_settings

    try:
        settings = load_settings(args.config, Path.cwd())
    except SettingsError as error:
        raise UsageError(str(error)) from None
    _refuse_overwrite(getattr(args, "output", None), [settings.config.path])  # -o pyproject.toml
    _start_up_over()
    return settings


def _options(args: argparse.Namespace, setup: Settings, **more) -> Options:
    """The lint options of a run: the command line's selection over the configured one (and ``more``)."""
    from linter.settings import SettingsError

    for option in ("select", "ignore"):
        for value in getattr(args, option, None) or ():
            if not value.replace(",", "").strip():
                raise UsageError(f"--{option} {value!r}: names no rule (give codes, prefixes, names or ALL)")
    try:  # review has no --select or --ignore
        return setup.options(getattr(args, "select", None), getattr(args, "ignore", []), **more)
    except SettingsError as error:
        raise UsageError(str(error)) from None


def _check(args: argparse.Namespace) -> int:
    from dataclasses import replace

    from linter.formatters.outcome import Outcome
    from linter.lint import SourceResult
    from linter.sources import Source

    _output_format(args)
    hierarchy = _hierarchy(args)
    if args.show_settings:
        _emit(_show_settings(args, hierarchy), args.output)
        return EXIT_OK
    collected = _collect(args, hierarchy)
    _refuse_overwrite(args.output, [source.path for source in collected if isinstance(source, Source)])
    if not any(isinstance(source, Source) or _is_input_error(source) for source in collected):
        # A CI job whose path has a typo must not pass for having found nothing to lint.
        include = [*hierarchy.default.config.include, *args.include]
        raise UsageError(f"{', '.join(args.paths)}: no file to lint (include: "
                         f"{', '.join(include) or '*.md, *.markdown'})")
    plan = _check_plan(args, collected, hierarchy)
    results: list[SourceResult] = []
    exit_code = EXIT_OK
    for position, (step, checked) in enumerate(_checked(args, plan)):
        if isinstance(step, UsageError):
            raise step
        if checked is None:  # something to say about a path: a folder with nothing to lint, a skip, an error
            _say(str(step))
            exit_code = EXIT_INPUT if _is_input_error(step) else exit_code
            continue
        for message in checked.messages:
            _say(message)
        if checked.unreadable:
            exit_code = EXIT_INPUT
        elif checked.result is not None:
            changes = plan.changes.get(position)
            results.append(checked.result if changes is None
                           else replace(checked.result, findings=changes.kept(checked.result.findings)))
    rules = {rule.code: rule for setup in hierarchy.loaded() for rule in setup.rules}
    return _finish(args, Outcome(results, tuple(rules.values())), exit_code)


def _is_input_error(step) -> bool:
    from linter.sources import InputError

    return isinstance(step, InputError)


class _CheckPlan:
    """What check does, source by source, decided before anything is linted: a CheckTask for each source to
    lint, the note or error to say for each other path (in the order of the paths), and the changed lines of each
    task under --diff-only. A usage error ends the plan where it arises, as it ends the run there."""

    def __init__(self) -> None:
        self.steps: list = []
        #: The changed lines of each task under --diff-only, by the task's position in ``steps``.
        self.changes: dict[int, Changes] = {}


def _check_plan(args: argparse.Namespace, collected: list, hierarchy) -> _CheckPlan:
    from dataclasses import replace

    from linter.checking import CheckTask, read_here
    from linter.sources import InputError, Source, read_source

    if args.diff_only is not None:  # git is asked through subprocess, imported only then
        from linter.diff_lines import DiffError, changes_since

    plan = _CheckPlan()
    options: dict[Path | None, Options] = {}  # the lint options of each configuration file (or none), made once
    for source in collected:
        if not isinstance(source, Source):
            plan.steps.append(source)
            continue
        setup = hierarchy.for_path(source.path)
        if setup.config.path not in options:
            options[setup.config.path] = _options(args, setup, report_date=args.date)
        changes = None
        if args.diff_only is not None:
            try:
                if source.path is None:
                    raise UsageError("-: --diff-only compares files with a git revision, not standard input")
                changes = changes_since(args.diff_only, source.path)
            except (UsageError, DiffError) as error:
                plan.steps.append(UsageError(str(error)))
                return plan
            if not changes.touched:
                if args.verbose:
                    plan.steps.append(f"{source.name}: skipped, unchanged since {args.diff_only}")
                continue
        ignored = setup.codes(setup.config.ignores_for(source.path)) if source.path else frozenset()
        own = options[setup.config.path]
        task = CheckTask(source, replace(own, selected=own.selected - ignored) if ignored else own,
                         explicit=source.explicit and not args.skip_no_report,
                         skippable=not source.explicit or args.skip_no_report, verbose=args.verbose)
        if read_here(source):
            try:
                task = replace(task, text=read_source(source))
            except InputError as error:
                plan.steps.append(InputError(str(error)))
                continue
        if changes is not None:
            plan.changes[len(plan.steps)] = changes
        plan.steps.append(task)
    return plan


def _checked(args: argparse.Namespace, plan: _CheckPlan):
    """(step, Checked) of each step of the plan in order; Checked is None for a step that is only said."""
    from linter.checking import CheckTask, check_task
    from linter.parallel import WorkerLost, Workers

    tasks = [step for step in plan.steps if isinstance(step, CheckTask)]
    with Workers(args.jobs) as workers:
        done = workers.map(check_task, tasks)
        try:
            for step in plan.steps:
                yield step, next(done) if isinstance(step, CheckTask) else None
        except WorkerLost as error:
            raise UsageError(f"{error}: run again with --jobs 1") from None


def _hierarchy(args: argparse.Namespace):
    """The configuration of each input: --config, else the nearest one up from each file's folder."""
    from linter.settings import Hierarchy, SettingsError

    try:
        hierarchy = Hierarchy(args.config, Path.cwd())
        for raw in args.paths:
            hierarchy.for_path(None if raw == "-" else Path(raw))
    except SettingsError as error:
        raise UsageError(str(error)) from None
    _refuse_overwrite(args.output, [setup.config.path for setup in hierarchy.loaded()])  # -o pyproject.toml
    _start_up_over()
    return hierarchy


def _collect(args: argparse.Namespace, hierarchy) -> list:
    """The sources the paths name, each folder walked with the include and exclude of its own configuration, each
    file once however often it is named or found."""
    from linter.sources import collect_groups

    groups: list[tuple[Settings, list[str]]] = []  # runs of paths with one configuration, in the order named
    for raw in args.paths:
        setup = hierarchy.for_path(None if raw == "-" else Path(raw))
        if not groups or groups[-1][0] is not setup:
            groups.append((setup, []))
        groups[-1][1].append(raw)
    return collect_groups([(paths, [*setup.config.include, *args.include], [*setup.config.exclude, *args.exclude])
                           for setup, paths in groups])


def _show_settings(args: argparse.Namespace, hierarchy) -> str:
    """What ``check --show-settings`` prints: for each path, the configuration file that applies (and how it was
    found), its settings, and the rules that would run on it."""
    lines: list[str] = []
    for raw in args.paths:
        path = None if raw == "-" else Path(raw)
        if path is not None and not path.exists():
            raise UsageError(f"{raw}: no such file or folder")
        setup = hierarchy.for_path(path)
        config = setup.config
        if args.config is not None:
            origin = f"{config.path} (--config)"
        elif config.path is None:
            origin = "none found (the defaults)"
        else:
            origin = f"{config.path} (the nearest one up from {_folder_of(path)})"
        selected = _options(args, setup).selected
        if path is not None:
            selected -= setup.codes(config.ignores_for(path))
        lines += [f"{raw}:", f"  configuration: {origin}",
                  f"  select: {', '.join(config.select) if config.select is not None else 'ALL (default)'}",
                  f"  extend-select: {', '.join(config.extend_select) or '-'}",
                  f"  ignore: {', '.join(config.ignore) or '-'}",
                  "  severity: " + (", ".join(f"{k}={v}" for k, v in config.severity.items()) or "-"),
                  "  per-file-ignores: " + ("; ".join(f"{glob}: {', '.join(items)}"
                                                      for glob, items in config.per_file_ignores) or "-"),
                  f"  rules-paths: {', '.join(map(str, config.rules_paths)) or '-'}",
                  f"  include: {', '.join(config.include) or '*.md, *.markdown (default)'}",
                  f"  exclude: {', '.join(config.exclude) or '-'}"]
        if args.select or args.ignore:
            lines.append(f"  command line: --select {' '.join(args.select or ['-'])} "
                         f"--ignore {' '.join(args.ignore) or '-'}")
        codes = [rule.code for rule in setup.rules if rule.code in selected]
        lines.append(f"  rules that run ({len(codes)}): {' '.join(codes)}")
    return inert("\n".join(lines)) + "\n"


def _folder_of(path: Path | None) -> str:
    if path is None:
        return "the current folder"
    folder = path if path.is_dir() else path.parent
    return str(folder.resolve())


def _bugzilla(args: argparse.Namespace):
    """(base URL, cache, client) from the Bugzilla options; the client is None with --offline."""
    from linter.bugzilla.cache import Cache, CacheError
    from linter.bugzilla.client import Client, UnsafeSetup

    base_url = _base_url(args)
    # The client first: refusing it must not leave a cache open.
    try:
        client = None if args.offline else Client(base_url, api_key=os.environ.get(API_KEY_VARIABLE) or None,
                                                  allow_insecure=args.allow_insecure)
    except UnsafeSetup as error:
        raise UsageError(str(error)) from None
    try:
        if args.no_cache:
            cache = Cache.memory(base_url)
        else:
            cache = Cache(_cache_folder(args), base_url, warn=_say)
    except CacheError as error:
        raise UsageError(str(error)) from None
    _start_up_over()
    return base_url, cache, client


def _related(args: argparse.Namespace) -> int:
    from linter.bugzilla.client import BugzillaError
    from linter.bugzilla.sync import sync
    from linter.formatters.related import FORMATS
    from linter.related import component_synced, related_to_bug, related_to_text
    from linter.sources import InputError, Source, read_source

    if (args.id is None) == (args.file is None):
        raise UsageError("related: give a bug number N or --file FILE (one of them)")
    if args.years < 1 or args.limit < 1:
        raise UsageError("related: --years and --limit must be at least 1")
    base_url, cache, client = _bugzilla(args)
    exit_code = EXIT_OK
    try:
        if not cache.full_text:
            _say("this Python's SQLite has no FTS5: related incidents are ranked by a plain scan of the cache")
        if client is not None and component_synced(cache):
            try:
                sync(client, cache, refresh=args.refresh)
            except BugzillaError as error:
                _say(f"sync stopped: {error}; ranking what the cache holds")
                exit_code = EXIT_NETWORK
        if not component_synced(cache):
            raise UsageError("related: the cache holds no synced component yet: run irlint scan once")
        if args.file is not None:
            name = str(args.file)
            try:
                text = read_source(Source(name, None if name == "-" else args.file, True))
            except InputError as error:
                raise UsageError(str(error)) from None
            found = related_to_text(cache, text, name, ca=args.ca, day=args.date or date.today(), years=args.years,
                                    limit=args.limit)
        else:
            try:
                found = related_to_bug(cache, args.id, years=args.years, limit=args.limit)
            except LookupError as error:
                raise UsageError(str(error)) from None
    finally:
        cache.close()
    _emit(FORMATS[args.format](found, base_url), args.output)
    return exit_code


def _cache_folder(args: argparse.Namespace) -> Path:
    """The folder of the Bugzilla cache: --cache-dir, else the user's."""
    from linter.bugzilla.cache import default_cache_dir

    return args.cache_dir or default_cache_dir()


def _cache_path(args: argparse.Namespace, base_url: str) -> tuple[Path, Path]:
    """The folder of the Bugzilla cache and the file in it for ``base_url``."""
    from linter.bugzilla.cache import cache_file_name

    folder = _cache_folder(args)
    return folder, folder / cache_file_name(base_url)


def _cache(args: argparse.Namespace) -> int:
    from linter.bugzilla.cache import Cache

    base_url = _base_url(args)
    folder, path = _cache_path(args, base_url)
    if args.action == "clear":
        files = [side for side in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm")))
                 if side.is_file()] + sorted(folder.glob(path.name + ".corrupt-*"))
        for file in files:
            file.unlink()
        print(f"removed {len(files)} file{'s' * (len(files) != 1)} of the cache of {base_url} from {folder}"
              if files else f"no cache of {base_url} in {folder}")
        return EXIT_OK
    if not path.is_file():
        print(f"{path}: no cache of {base_url} yet")
        return EXIT_OK
    with Cache(folder, base_url, warn=_say) as cache:
        if cache.rebuilds:  # found unreadable on opening: already moved aside, and said so
            return EXIT_FINDINGS
        problems = cache.problems()
        if problems:
            _say(f"{path}: damaged: {problems[0]}")
            cache.verify()
            return EXIT_FINDINGS
        counts = cache.counts()
    print(f"{path}: ok; {counts['bugs']:,} bugs, {counts['comments']:,} comments, "
          f"{counts['attachments']:,} attachments")
    return EXIT_OK


def _base_url(args: argparse.Namespace) -> str:
    return args.base_url or DEFAULT_BASE_URL


def _add_bugzilla_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--base-url", default=None, metavar="URL",
                        help=f"Bugzilla to ask (default: {DEFAULT_BASE_URL})")
    parser.add_argument("--cache-dir", type=Path, metavar="DIR", help="where the cache lives")
    parser.add_argument("--no-cache", action="store_true", help="neither read nor write the cache")
    parser.add_argument("--offline", action="store_true", help="use only the cache; no request at all")
    parser.add_argument("--allow-insecure", action="store_true",
                        help="send the API key over plain http to a --base-url that is not this machine")
    parser.add_argument("--refresh", action="store_true", help="fetch even bugs the cache holds unchanged")


def _new(args: argparse.Namespace) -> int:
    from linter.generate import new

    if args.output is not None and Path(args.output).is_file() and not args.force:
        raise UsageError(f"{args.output}: exists: irlint new does not replace a file (--force does)")
    bug, related = _bug_with_related(args) if args.bug is not None else (None, [])
    _emit(new(args.kind, guidance=args.guidance, bug=bug, related=related, base_url=_base_url(args)), args.output)
    return EXIT_OK


def _facts_from_stdin() -> str:
    from linter import yaml_input
    from linter.generate import FactsError

    try:
        return yaml_input.read(sys.stdin.buffer)
    except yaml_input.BoundExceeded as error:
        raise FactsError([f"<stdin>: {error}"]) from None
    except UnicodeDecodeError:
        raise FactsError(["<stdin>: not UTF-8 text"]) from None


#: Suggestions of each group ``new --bug`` writes into the Related Incidents table.
SUGGESTED_PER_GROUP = 3


def _bug_with_related(args: argparse.Namespace):
    """The bug, and (id, created, summary) of the bugs it names in see_also, depends_on and blocks, then of the
    incidents most like it in the synced cache (marked as suggestions to confirm)."""
    from linter.bugzilla.client import BugzillaError
    from linter.bugzilla.fetch import load_bugs, related_bugs
    from linter.related import component_synced, related_to_bug

    _, cache, client = _bugzilla(args)
    try:
        (bug,) = load_bugs(client, cache, [args.bug], offline=args.offline, refresh=args.refresh)
        linked = related_bugs(client, cache, args.bug)
        if not component_synced(cache):
            return bug, linked
        found = related_to_bug(cache, bug.id, limit=SUGGESTED_PER_GROUP)
        named = {number for number, _, _ in linked}
        suggested = [(item.bug_id, item.created, f"{item.title} (suggested by irlint related: shares "
                                                 f"{', '.join(item.matched[:5])}; confirm or delete)")
                     for item in found.same_ca + found.other_cas if item.bug_id not in named]
        return bug, [*linked, *suggested]
    except BugzillaError as error:
        raise NetworkError(f"bug {args.bug}: {error}") from None
    finally:
        cache.close()


def _render(args: argparse.Namespace) -> int:
    from linter.generate import FactsError, certificates_csv, example_facts, load_facts, render

    if args.example:
        _emit(example_facts(), args.output)
        return EXIT_OK
    if args.facts is None:
        raise UsageError("render needs a FACTS.yaml file (or - for standard input, or --example)")
    facts_path = None if args.facts == "-" else args.facts
    _refuse_overwrite(args.output, [facts_path])
    _refuse_overwrite(args.certificates_csv, [facts_path, args.output])
    if args.certificates_csv and args.output and os.path.realpath(args.certificates_csv) == os.path.realpath(
            args.output):
        raise UsageError(f"{args.output}: named for both the report and --certificates-csv")
    try:
        facts = load_facts(_facts_from_stdin(), name="<stdin>") if args.facts == "-" else load_facts(Path(args.facts))
        text = render(facts, args.kind)
    except FactsError as error:
        for problem in error.problems:
            _say(problem)
        return EXIT_INPUT
    if args.certificates_csv:
        rows = (facts.get("appendix") or {}).get("certificates") or []
        if not rows:
            raise UsageError(f"{args.facts}: appendix.certificates is empty: no CSV to write")
        _emit(certificates_csv(rows), args.certificates_csv)
    _emit(text, args.output)
    return EXIT_OK


def _scan(args: argparse.Namespace) -> int:
    from linter.bugs.history import history as ca_history
    from linter.bugs.history import repeats_in
    from linter.bugs.scan import ScanFilters, scan
    from linter.bugzilla.client import BugzillaError
    from linter.bugzilla.sync import sync
    from linter.formatters.outcome import Outcome
    from linter.parallel import WorkerLost

    unknown = [status for status in args.status if status.strip().upper() not in BUG_STATUSES]
    if unknown:
        hint = "; --open lists the open bugs" if unknown[0].strip().lower() == "open" else ""
        raise UsageError(f"--status {unknown[0]!r}: not a Bugzilla status ({', '.join(BUG_STATUSES)}){hint}")
    setup = _setup(args)
    options = _options(args, setup)
    if args.offline:
        _refuse_offline_without_cache(args)
    base_url, cache, client = _bugzilla(args)
    terminal = sys.stderr.isatty()
    syncing = None if args.quiet else _progress_bar("syncing", terminal=terminal)
    linting = None if args.quiet else _progress_bar("linting", terminal=terminal)
    exit_code = EXIT_OK
    history = None
    try:
        if client is None:
            cache.verify()  # a sync does this itself
        held = cache.counts()["bugs"]
        if client is not None:
            try:
                sync(client, cache, refresh=args.refresh, progress=syncing)
            except BugzillaError as error:
                _say(f"sync stopped: {error}; the next scan resumes where it stopped")
                exit_code = EXIT_NETWORK
        filters = ScanFilters(open=args.open, statuses=frozenset(args.status), since=args.since, until=args.until,
                              whiteboard=tuple(args.whiteboard), ca=tuple(args.ca), assignee=tuple(args.assignee),
                              ids=frozenset(i for group in args.ids for i in group))
        try:
            result = scan(cache, options, _now(args), filters=filters, extra_accounts=tuple(args.ca_account),
                          progress=linting, jobs=args.jobs)
        except WorkerLost as error:
            raise UsageError(f"{error}: run again with --jobs 1") from None
        if args.ca or args.format == "html":
            repeats = repeats_in(cache, result.rows) if args.ca else None
            history = ca_history(", ".join(args.ca) or "every CA", result.rows, repeats)
        holds = cache.counts()["bugs"]
    finally:
        cache.close()
    if holds < held:
        # Bugs do leave the component (moved, made private), but a cache found damaged and rebuilt loses them too.
        _say(f"warning: the cache held {held:,} bugs before this scan and holds {holds:,} now; "
             f"if that is not bugs leaving the component, run irlint cache check and scan --refresh")
    if result.missing:  # the bugs found are still listed; the exit code says that some were not
        _say(f"--ids: not in the synced component: {', '.join(map(str, result.missing))}")
        exit_code = max(exit_code, EXIT_INPUT)
    summary = [f"{len(result.rows)} bugs; by rule: "
               + ", ".join(f"{c.rule} {c.findings}" for c in list(result.by_rule.values())[:12]),
               "by CA: " + ", ".join(f"{c.ca or '?'} {c.bugs}" for c in list(result.by_ca.values())[:12])]
    page = args.format == "html"
    outcome = Outcome(result.results, setup.rules, base_url, bugs=[row.as_dict() for row in result.rows],
                      scan_summary=() if args.quiet else summary, summary=not args.quiet,
                      changes=result.changes.as_dict() if args.changes or page else None,
                      history=history, changes_only=args.changes)
    exit_code = _with_findings(args, outcome, exit_code)
    if args.quiet < 2 or args.output:
        _emit(SCAN_FORMATTERS[args.format or "text"](outcome), args.output)
    return exit_code


def _refuse_offline_without_cache(args: argparse.Namespace) -> None:
    """scan --offline lints what earlier scans synced: with no cache of the Bugzilla there is nothing to lint, and
    "0 bugs" would read as a component with none."""
    if args.no_cache:
        raise UsageError("scan --offline --no-cache: nothing to lint (--offline reads only the cache)")
    base_url = _base_url(args)
    folder, path = _cache_path(args, base_url)
    if not path.is_file():
        raise UsageError(f"scan --offline: no cache of {base_url} in {folder}; run irlint scan without "
                         "--offline once to sync the component")


#: Off a terminal (a CI log), seconds between two progress lines.
PROGRESS_EVERY = 5.0


def _progress_bar(verb: str, *, terminal: bool, clock=None, every: float | None = None):
    """Progress on stderr, labelled ("syncing 1,690 bugs"): on a terminal a bar redrawn in place; elsewhere a line
    when the work starts, then at most one every ``every`` seconds, and one at the end if any came between, so a
    CI log shows that a long sync is moving without filling up."""
    import time

    clock = clock or time.monotonic
    every = PROGRESS_EVERY if every is None else every
    last: list[float] = []  # when the last line was written; empty before the first
    between = [False]

    def draw(done: int, total: int) -> None:
        if total <= 0:
            return
        label = f"{verb} {total:,} bug{'s' * (total != 1)}"
        if terminal:
            width = 30
            filled = width * done // total
            end = "\n" if done >= total else ""
            sys.stderr.write(f"\r{label} [{'#' * filled}{'.' * (width - filled)}] {done:,}/{total:,}{end}")
            sys.stderr.flush()
            return
        now = clock()
        if not last:
            last.append(now)
            sys.stderr.write(f"{label}\n")
        elif (done >= total and between[0]) or (done < total and now - last[0] >= every):
            last[0] = now
            between[0] = done < total
            sys.stderr.write(f"{label}: {done:,}/{total:,}" + (" done\n" if done >= total else "\n"))
        else:
            return
        sys.stderr.flush()
    return draw


def _review(args: argparse.Namespace) -> int:
    """A draft comment is not a verdict: it exits 0 whatever it found (3 when it was drafted from the cache because
    Bugzilla could not be reached)."""
    from linter.bugs.linting import lint_one_bug
    from linter.bugzilla.client import BugzillaError
    from linter.bugzilla.fetch import load_bugs
    from linter.related import strong_matches
    from linter.review import review_comment

    setup = _setup(args)
    options = _options(args, setup)
    base_url, cache, client = _bugzilla(args)
    fell_back: list[str] = []
    try:
        (bug,) = load_bugs(client, cache, [args.id], offline=args.offline, refresh=args.refresh,
                           fallback=fell_back.append)
        related = strong_matches(cache, bug.id)
    except BugzillaError as error:
        raise NetworkError(f"bug {args.id}: {error}") from None
    finally:
        cache.close()
    for warning in fell_back:
        _say(warning)
    linted = lint_one_bug(bug, options, _now(args), extra_accounts=tuple(args.ca_account), strong_related=related)
    _emit(review_comment(linted, base_url=base_url, rules_paths=options.rules_paths), args.output)
    return EXIT_NETWORK if fell_back else EXIT_OK


def _now(args: argparse.Namespace):
    """--date (the end of that day, UTC) or the current time: "now" for the process rules."""
    from datetime import UTC, datetime

    return datetime.combine(args.date, datetime.max.time(), UTC) if args.date else datetime.now(UTC)


def _bug(args: argparse.Namespace) -> int:

    from linter.bugs.linting import lint_one_bug
    from linter.bugzilla.client import BugzillaError
    from linter.bugzilla.fetch import load_bugs
    from linter.formatters.outcome import Outcome
    from linter.related import strong_matches

    _output_format(args)
    setup = _setup(args)
    options = _options(args, setup)
    now = _now(args)
    base_url, cache, client = _bugzilla(args)
    results, exit_code = [], EXIT_OK
    fell_back: list[str] = []
    said = 0
    try:
        for bug_id in args.ids:
            try:
                # Once Bugzilla could not be reached, the other bugs come from the cache without asking again.
                (bug,) = load_bugs(None if fell_back else client, cache, [bug_id], offline=args.offline,
                                   refresh=args.refresh, fallback=fell_back.append)
                for warning in fell_back[said:]:
                    _say(warning)
                    exit_code, said = EXIT_NETWORK, len(fell_back)
                linted = lint_one_bug(bug, options, now, all_reports=args.all_reports, comment=args.comment,
                                      extra_accounts=tuple(args.ca_account),
                                      strong_related=strong_matches(cache, bug.id))
            except BugzillaError as error:
                _say(f"bug {bug_id}: {error}")
                exit_code = EXIT_NETWORK
                if error.__class__.__name__ == "RateLimited":
                    break  # every further request would be refused for up to an hour
                continue
            except LookupError as error:
                _say(str(error))
                exit_code = max(exit_code, EXIT_INPUT)
                continue
            results.extend(linted.results)
            if args.verbose and linted.others:
                listed = ", ".join(f"comment {c} ({'/'.join(k)})" for c, k in linted.others)
                _say(f"bug {bug_id}: also reports in {listed}; --all-reports lints them")
    finally:
        cache.close()
    return _finish(args, Outcome(results, setup.rules, base_url), exit_code)


def _output_format(args: argparse.Namespace) -> str:
    """The format asked for, else github on GitHub Actions, else text; --statistics takes text or concise."""
    if args.statistics:
        if args.format not in (None, *STATISTICS_FORMATS):
            raise UsageError(f"--statistics prints a table in place of the findings: it cannot be combined with "
                             f"--format {args.format}")
        return args.format or "text"
    if args.format:
        return args.format
    return "github" if os.environ.get("GITHUB_ACTIONS") == "true" else "text"


def _finish(args: argparse.Namespace, outcome: Outcome, exit_code: int) -> int:
    """Print the results (what was obtained, even after an error) and decide the exit code."""
    from dataclasses import replace

    fmt = _output_format(args)
    exit_code = _with_findings(args, outcome, exit_code)
    if args.quiet:  # -q: the findings and nothing else
        outcome = replace(outcome, summary=False)
    # Colour is for people reading the text format on standard output: never in a file or another format.
    outcome = replace(outcome, color=fmt == "text" and not args.statistics and not args.output
                      and wants_color(args.color, sys.stdout))
    if args.statistics and (args.quiet < 2 or args.output):
        from linter.formatters.statistics import format_statistics

        _emit(format_statistics(outcome), args.output)
    elif args.quiet < 2 or args.output:
        _emit(FORMATTERS[fmt](outcome), args.output)
    summary_file = os.environ.get("GITHUB_STEP_SUMMARY")
    if fmt == "github" and summary_file:
        exit_code = max(exit_code, _append_step_summary(summary_file, outcome))
    return exit_code


def _with_findings(args: argparse.Namespace, outcome: Outcome, exit_code: int) -> int:
    """``exit_code``, raised to 1 when a finding is at or above --fail-on (unless --exit-zero)."""
    from linter.findings import Severity

    threshold = Severity(args.fail_on).rank
    if any(f.severity.rank >= threshold for r in outcome.results for f in r.findings) and not args.exit_zero:
        return max(exit_code, EXIT_FINDINGS)
    return exit_code


def _append_step_summary(path: str, outcome: Outcome) -> int:
    """Add every finding to the job summary: GitHub annotates only the first few of a step."""
    from linter.formatters.markdown import format_results

    try:
        with open(path, "a", encoding="utf-8") as stream:
            stream.write("### irlint\n\n" + format_results(outcome) + "\n")
    except OSError as error:
        _say(f"{path}: cannot write the step summary: {error.strerror or error}")
        return EXIT_INPUT
    return EXIT_OK


def _parse(args: argparse.Namespace) -> int:
    from linter.parsed import parse_source
    from linter.sources import InputError, Source, read_source

    path = None if args.path == "-" else Path(args.path)
    _refuse_overwrite(args.output, [path])
    source = Source(args.path, path, True)
    try:
        text = read_source(source)
    except InputError as error:
        _say(str(error))
        return EXIT_INPUT
    parsed = parse_source(source.ref, text)
    payload = {"source": parsed.ref.name, "reports": [r.as_dict() for r in parsed.reports]}
    if args.format == "yaml":
        import yaml

        out = yaml.safe_dump(payload, sort_keys=False, allow_unicode=True)
    else:
        import json

        out = inert_json(json.dumps(payload, indent=2, ensure_ascii=False)) + "\n"
    _emit(out, args.output)
    return EXIT_OK


def _rules(args: argparse.Namespace) -> int:
    rules = _setup(args).rules
    if args.format == "json":
        import json

        _emit(json.dumps([{"code": r.code, "name": r.name, "category": r.category, "severity": r.severity.value,
                           "applies_to": r.applicability, "description": r.description, "origin": r.origin}
                          for r in rules], indent=2) + "\n", None)
        return EXIT_OK
    # A rule pack's names, descriptions and file name are printed inert, measured as shown.
    rows = [tuple(map(inert, (r.code, r.name, r.category, r.severity.value, r.applicability,
                              r.description + ("" if r.origin == "built-in" else f" [{r.origin}]")))) for r in rules]
    header = ("CODE", "NAME", "CATEGORY", "SEVERITY", "APPLIES TO", "DESCRIPTION")
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(5)]
    _emit("".join("  ".join(cell.ljust(width) for cell, width in zip(row, widths)) + "  " + row[5] + "\n"
                  for row in [header, *rows]), None)
    return EXIT_OK


def _rule(args: argparse.Namespace) -> int:
    rules = _setup(args).rules
    wanted = args.code.strip()
    rule = next((r for r in rules if wanted.upper() == r.code or wanted.lower() == r.name), None)
    if rule is None:
        from linter.selection import did_you_mean

        raise UsageError(f"unknown rule code or name: {args.code!r}{did_you_mean(wanted, rules)}")
    _emit(inert(explain(rule)), None)
    return EXIT_OK


def explain(rule: Rule) -> str:
    """What ``irlint rule`` prints: identity, what it flags, why, where it is written, and examples."""
    lines = [f"{rule.code} {rule.name} ({rule.category}, {rule.severity.value})", "",
             f"Flags: {rule.description.rstrip('.')}.", f"Applies to: {rule.applicability}."]
    if rule.origin != "built-in":
        lines.append(f"Defined in: {rule.origin}")
    if rule.why:
        lines += ["", "Why reviewers reject it:", *textwrap.wrap(rule.why, 100, initial_indent="  ",
                                                                subsequent_indent="  ")]
    if rule.link:
        lines += ["", f"Source: {rule.link}"]
    for kind, title in (("fail", "Flagged"), ("pass", "Not flagged")):
        examples = (rule.examples or {}).get(kind, ())
        if examples:
            lines += ["", f"{title}:"] + [f"  - {example}" for example in examples]
    return "\n".join(lines) + "\n"


def _emit(text: str, output: str | None) -> None:
    """Print ``text``, or write it to ``output`` atomically (a temporary file renamed over it)."""
    if output is None:
        try:
            sys.stdout.write(text)
            sys.stdout.flush()
        except BrokenPipeError:  # irlint ... | head: the rest is not wanted; the exit code still counts
            _drop_stdout()
        return
    target = Path(output)
    if target.exists() and not target.is_file():
        # A device or a pipe (-o /dev/null, -o /dev/stdout): write into it; replacing it would destroy it. Only a
        # character device or a pipe: a link committed at an output path must not lead the write to a disk.
        if not (stat.S_ISCHR(target.stat().st_mode) or stat.S_ISFIFO(target.stat().st_mode)):
            raise UsageError(f"{output}: cannot write: not a file, a character device or a pipe")
        try:
            with open(target, "w", encoding="utf-8") as stream:
                stream.write(text)
        except OSError as error:
            raise UsageError(f"{output}: cannot write: {error.strerror or error}") from None
        return
    import tempfile

    temporary = None
    try:
        handle, temporary = tempfile.mkstemp(dir=target.parent or ".", prefix=f".{target.name}.", suffix=".tmp")
        # mkstemp creates the file 0600; the output gets the mode an ordinary write would give it.
        os.chmod(temporary, _mode_for(target))
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, target)
    except OSError as error:
        if temporary is not None:
            Path(temporary).unlink(missing_ok=True)
        raise UsageError(f"{output}: cannot write: {error.strerror or error}") from None


def _refuse_overwrite(output: str | None, inputs) -> None:
    """A usage error when ``output`` is one of the run's input files: the output would replace what it is made
    from (irlint check draft.md -o draft.md)."""
    if output is None or not Path(output).is_file():
        return  # a new file, or a device or pipe (-o /dev/stdout), is no input
    for path in inputs:
        try:
            same = path is not None and Path(path).is_file() and os.path.samefile(output, path)
        except OSError:
            same = False
        if same:
            raise UsageError(f"{output}: refused: it is an input of this run ({path}); name another output file")


def _mode_for(target: Path) -> int:
    """An existing file's mode, else 0666 less the umask."""
    return stat.S_IMODE(target.stat().st_mode) if target.is_file() else 0o666 & ~_umask()


def _umask() -> int:
    current = os.umask(0)  # the umask can only be read by setting it
    os.umask(current)
    return current
