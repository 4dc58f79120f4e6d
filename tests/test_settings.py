"""A run's settings without the command line: the configuration, its rules, and the lint options they make."""

from __future__ import annotations

from pathlib import Path

import pytest

from linter.findings import Severity
from linter.settings import SettingsError, load_settings


def _settings(tmp_path: Path, config: str):
    (tmp_path / ".irlint.yaml").write_text(config, encoding="utf-8")
    return load_settings(None, tmp_path)


def test_the_configured_selection_extends_and_ignores(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "select: [R]\nextend-select: [S003]\nignore: [R005]\n")
    r_codes = {rule.code for rule in settings.rules if rule.code.startswith("R")}
    assert settings.options().selected == (r_codes - {"R005"}) | {"S003"}
    assert settings.options(ignore=["R001"]).selected == (r_codes - {"R005", "R001"}) | {"S003"}


def test_the_command_lines_selection_replaces_the_configured_one(tmp_path: Path) -> None:
    settings = _settings(tmp_path, "select: [S]\nignore: [R005]\n")
    assert settings.options(["R005", "R001"], ["R001"]).selected == {"R005"}


@pytest.mark.parametrize("severity", ["{R: info, R005: error}", "{R005: error, R: info}"])
def test_the_most_specific_severity_wins_in_any_order(tmp_path: Path, severity: str) -> None:
    options = _settings(tmp_path, f"severity: {severity}\n").options(report_date=None)
    assert options.severity["R005"] is Severity.ERROR and options.severity["R001"] is Severity.INFO


@pytest.mark.parametrize(("config", "select", "message"), [
    ("ignore: [R999]\n", None, ".irlint.yaml: ignore: unknown rule code or name: 'R999'"),
    ("", ["bogus-name"], "unknown rule code or name: 'bogus-name'"),
])
def test_an_unknown_selector_is_one_line(tmp_path: Path, config: str, select, message: str) -> None:
    with pytest.raises(SettingsError) as error:
        _settings(tmp_path, config).options(select)
    assert str(error.value).endswith(message) and "\n" not in str(error.value)
