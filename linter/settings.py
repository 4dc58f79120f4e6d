"""A run's settings, resolved before anything is linted: the configuration, the rules it loads, and the selection
and severities that it and the command line make, as lint options.

linter.config reads one configuration file; this module is the floor above it that needs the rules to make sense
of what the file names (a selector is only known once the rule packs are loaded).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from linter.checks.base import Rule
from linter.checks.phrases import RuleFileError
from linter.config import Config, ConfigError, find_config, load_config
from linter.findings import Severity
from linter.lazy_regex import lazy_compile
from linter.lint import Options
from linter.registry import all_rules
from linter.selection import SelectionError, resolve

#: A whole rule code (S003) or a rule name (empty-section), as opposed to ALL or a prefix.
_WHOLE_SELECTOR = lazy_compile(r"[A-Za-z][0-9]{3}|[a-z]+(?:-[a-z0-9]+)+")


class SettingsError(Exception):
    """A configuration file, a rule pack or a rule selector that is not valid: one line."""


@dataclass(frozen=True)
class Settings:
    """The configuration and the rules it makes available."""

    config: Config
    rules: tuple[Rule, ...]

    def codes(self, selectors: Iterable[str], where: str = "") -> frozenset[str]:
        """The codes a list of selectors names; ``where`` starts the message when one is unknown."""
        try:
            return resolve(list(selectors), [], self.rules) if selectors else frozenset()
        except SelectionError as error:
            raise SettingsError(f"{where}{error}") from None

    def options(self, select: Iterable[str] | None = None, ignore: Iterable[str] = (), **more: Any) -> Options:
        """The lint options of a run (``more`` are further Options fields, such as the report date).

        ``select`` is the command line's: it replaces the configured selection, its extensions and its ignores;
        ``ignore`` is the command line's too, and adds to the configured ignores.
        """
        config = self.config
        if select:
            selected = self.codes(select) - self.codes(ignore)
        else:
            configured = list(config.select) if config.select is not None else ["ALL"]
            selected = (self.codes(configured) | self.codes(config.extend_select)) \
                - self.codes([*config.ignore, *ignore])
        # Broad selectors first, so that {"R": "info", "R002": "error"} makes R002 an error in any order.
        severity = {code: Severity(level)
                    for selector, level in sorted(config.severity.items(), key=lambda item: _specificity(item[0]))
                    for code in self.codes([selector])}
        return Options(selected=selected, rules_paths=config.rules_paths, severity=severity, **more)


def load_settings(config_file: Path | None, start: Path) -> Settings:
    """The configuration in ``config_file`` (else the nearest one from ``start``) and every rule pack it names.

    Every rule selector the configuration names is checked here, once the rules are known, so that a typo fails
    the run before anything is linted.
    """
    try:
        config = load_config(config_file, start)
        rules = all_rules(config.rules_paths)
    except (ConfigError, RuleFileError) as error:
        raise SettingsError(str(error)) from None
    settings = Settings(config, rules)
    for where, item in config.references():
        settings.codes([item], f"{config.path}: {where}: ")
    return settings


class Hierarchy:
    """The settings of each linted file: the nearest configuration up from the file's folder (ruff's hierarchy),
    each configuration file read once; or, with ``explicit`` (--config), that one file for every input."""

    def __init__(self, explicit: Path | None, cwd: Path) -> None:
        self.explicit = explicit
        self._loaded: dict[Path | None, Settings] = {}
        #: The configuration file of each folder met: the files of one folder find the same one.
        self._found: dict[Path, Path | None] = {}
        self.default = self.for_folder(cwd)  # standard input, and the rule list of the run

    def for_folder(self, folder: Path) -> Settings:
        """The settings that apply in ``folder``."""
        if self.explicit is not None:
            path = self.explicit
        elif folder in self._found:
            path = self._found[folder]
        else:
            path = self._found[folder] = find_config(folder)
        if path not in self._loaded:
            self._loaded[path] = load_settings(path, folder)
        return self._loaded[path]

    def for_path(self, path: Path | None) -> Settings:
        """The settings of a named file or folder (a folder's own configuration counts); None is standard input."""
        if path is None:
            return self.default
        return self.for_folder(path if path.is_dir() else path.parent)

    def loaded(self) -> list[Settings]:
        """Every settings loaded so far, the default first."""
        return list(self._loaded.values())


def _specificity(selector: str) -> tuple[int, int]:
    """ALL, then prefixes from short to long, then whole codes and names."""
    if selector.upper() == "ALL":
        return (0, 0)
    return (1, len(selector)) if not _WHOLE_SELECTOR.fullmatch(selector) else (2, 0)
