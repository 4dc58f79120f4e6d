"""One source of ``irlint check``, linted in this process or in a worker (linter.parallel): what to lint and how
goes in a CheckTask, what came of it comes back as a Checked, and the command line says its messages in the
order of the sources, so that any number of jobs prints what one job prints."""

from __future__ import annotations

from dataclasses import dataclass

from linter.lint import Options, SourceResult
from linter.sources import Source


@dataclass(frozen=True)
class CheckTask:
    """A source to read and lint."""

    source: Source
    options: Options
    #: Whether S005 (no report) may flag the source: it was named, without --skip-no-report.
    explicit: bool
    #: Whether a source with no report is skipped (found in a folder, or --skip-no-report).
    skippable: bool
    verbose: bool
    #: The source's text, when it cannot be read by a worker (standard input, a pipe); else read there.
    text: str | None = None


@dataclass(frozen=True)
class Checked:
    """What came of a task: the result (None when the source was skipped or unreadable) and the lines to say."""

    result: SourceResult | None
    messages: tuple[str, ...] = ()
    #: The source could not be read (exit 2).
    unreadable: bool = False


def check_task(task: CheckTask) -> Checked:
    """Read and lint one source."""
    from linter.lint import lint_text, reads_as_report
    from linter.sources import InputError, read_source
    from linter.suppression import table_splits

    source = task.source
    try:
        text = task.text if task.text is not None else read_source(source)
    except InputError as error:
        return Checked(None, (str(error),), unreadable=True)
    # A report written without a template is still linted for its wording, as a named file is; other texts
    # with no report are skipped. S005 (no report) is for files named without --skip-no-report.
    result = lint_text(text, source.ref, task.options, explicit=task.explicit)
    if not result.reports and task.skippable and not (result.findings and reads_as_report(result.lines)):
        return Checked(None, (f"{source.name}: skipped, no incident report recognised",) if task.verbose else ())
    # Only the output formats read the result from here on: its reports outlined, it is kept (and sent back from
    # a worker) at a fraction of the size.
    return Checked(result.outlined(), tuple(f"{source.name}:{line}: warning: this irlint directive ends the table "
                                            f"it stands in (Markdown ends a table at the first line that is not a "
                                            f"row); put it above the table" for line in table_splits(result.lines)))


def read_here(source: Source) -> bool:
    """Whether a source must be read by the main process: standard input, or a named path that is not a regular
    file (a pipe, /dev/fd/N), which a spawned worker could not open."""
    return source.path is None or source.explicit and not source.path.is_file()
