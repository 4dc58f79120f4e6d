"""The configuration loader: discovery, --config, every key, per-file-ignores and one-line errors."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import jsonschema
import pytest

from linter.config import Config, ConfigError, find_config, load_config
from linter.resources import load_schema

FULL_YAML = """\
select: [S, missing-field]
ignore: [S004]
extend-select: [ALL]
severity:
  S003: warning
  section-order: info
rules-paths: [packs/extra.yaml, ../shared]
per-file-ignores:
  "drafts/*.md": [S001, S002]
  "*.txt": [S005]
include: ["*.md"]
exclude: [archive/]
"""

FULL_TOML = """\
[project]
name = "reports"

[tool.irlint]
select = ["S", "missing-field"]
ignore = ["S004"]
extend-select = ["ALL"]
rules-paths = ["packs/extra.yaml", "../shared"]
include = ["*.md"]
exclude = ["archive/"]

[tool.irlint.severity]
S003 = "warning"
section-order = "info"

[tool.irlint.per-file-ignores]
"drafts/*.md" = ["S001", "S002"]
"*.txt" = ["S005"]
"""

IRLINT_TABLE = "[tool.irlint]\nselect = ['S']\n"
OTHER_TOOL = "[project]\nname = 'x'\n\n[tool.ruff]\nline-length = 120\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_schema_is_valid_draft_2020_12():
    jsonschema.Draft202012Validator.check_schema(load_schema("config.schema.json"))


# --- discovery --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("files", "start", "found"),
    [
        pytest.param(
            {".irlint.yaml": "", "a/.irlint.yaml": ""}, "a/b", "a/.irlint.yaml", id="nearest-wins"
        ),
        pytest.param(
            {".irlint.yaml": "", "a/pyproject.toml": IRLINT_TABLE}, "a/b", "a/pyproject.toml", id="nearest-pyproject"
        ),
        pytest.param(
            {"a/.irlint.yaml": "", "a/pyproject.toml": IRLINT_TABLE}, "a", "a/.irlint.yaml", id="yaml-over-pyproject"
        ),
        pytest.param(
            {".irlint.yaml": "", "a/pyproject.toml": OTHER_TOOL}, "a", ".irlint.yaml", id="pyproject-without-table"
        ),
        pytest.param(
            {"pyproject.toml": IRLINT_TABLE, "a/pyproject.toml": OTHER_TOOL}, "a/b/c", "pyproject.toml",
            id="walks-past-several-folders",
        ),
        pytest.param({".irlint.yaml": ""}, ".", ".irlint.yaml", id="in-start-folder"),
    ],
)
def test_find_config(tmp_path, files, start, found):
    for name, text in files.items():
        write(tmp_path / name, text)
    (tmp_path / start).mkdir(parents=True, exist_ok=True)
    assert find_config(tmp_path / start) == tmp_path / found


def test_find_config_from_relative_start(tmp_path, monkeypatch):
    write(tmp_path / ".irlint.yaml", "select: [S]\n")
    (tmp_path / "sub").mkdir()
    monkeypatch.chdir(tmp_path / "sub")
    assert find_config(Path(".")) == tmp_path.resolve() / ".irlint.yaml"
    assert load_config(None, Path(".")).select == ("S",)


def test_nothing_found_gives_defaults(tmp_path):
    if find_config(tmp_path) is not None:
        pytest.skip("a configuration file above the test folder")
    write(tmp_path / "pyproject.toml", OTHER_TOOL)
    config = load_config(None, tmp_path)
    assert config == Config()
    assert config.path is None and config.select is None
    assert config.references() == []
    assert config.ignores_for(tmp_path / "a.md") == ()


# --- explicit --config ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("pyproject.toml", IRLINT_TABLE),
        ("custom.toml", IRLINT_TABLE),
        (".irlint.yaml", "select: [S]\n"),
        ("irlint.yml", "select: [S]\n"),
        ("irlint-config", "select: [S]\n"),
    ],
)
def test_explicit_config_wins_over_discovery(tmp_path, name, text):
    write(tmp_path / "project" / ".irlint.yaml", "select: [ALL]\n")
    explicit = write(tmp_path / "elsewhere" / name, text)
    config = load_config(explicit, tmp_path / "project")
    assert config.path == explicit
    assert config.select == ("S",)


# --- every key --------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("name", "text"), [(".irlint.yaml", FULL_YAML), ("pyproject.toml", FULL_TOML)])
def test_every_key(tmp_path, name, text):
    path = write(tmp_path / "project" / name, text)
    config = load_config(None, tmp_path / "project")
    assert config == Config(
        path=path,
        select=("S", "missing-field"),
        ignore=("S004",),
        extend_select=("ALL",),
        severity={"S003": "warning", "section-order": "info"},
        rules_paths=(tmp_path / "project" / "packs" / "extra.yaml", tmp_path / "shared"),
        per_file_ignores=(("drafts/*.md", ("S001", "S002")), ("*.txt", ("S005",))),
        include=("*.md",),
        exclude=("archive/",),
    )
    assert config.references() == [
        ("select", "S"),
        ("select", "missing-field"),
        ("ignore", "S004"),
        ("extend-select", "ALL"),
        ("severity", "S003"),
        ("severity", "section-order"),
        ("per-file-ignores 'drafts/*.md'", "S001"),
        ("per-file-ignores 'drafts/*.md'", "S002"),
        ("per-file-ignores '*.txt'", "S005"),
    ]


def test_config_is_immutable(tmp_path):
    config = load_config(write(tmp_path / ".irlint.yaml", FULL_YAML), tmp_path)
    with pytest.raises(dataclasses.FrozenInstanceError):
        config.select = ()  # type: ignore[misc]
    with pytest.raises(TypeError):
        config.severity["S001"] = "error"  # type: ignore[index]


@pytest.mark.parametrize(
    ("text", "select"),
    [("", None), ("# only a comment\n", None), ("ignore: [S004]\n", None), ("select: []\n", ())],
)
def test_select_unset_is_none_and_empty_yaml_is_empty_config(tmp_path, text, select):
    path = write(tmp_path / ".irlint.yaml", text)
    config = load_config(None, tmp_path)
    assert config.path == path
    assert config.select == select


def test_rules_paths_relative_to_the_config_file_not_the_cwd(tmp_path, monkeypatch):
    write(tmp_path / "cfg" / "irlint.yaml", f"rules-paths: [packs, ../shared/x.yaml, {tmp_path / 'abs'}]\n")
    (tmp_path / "cwd").mkdir()
    monkeypatch.chdir(tmp_path / "cwd")
    config = load_config(Path("../cfg/irlint.yaml"), Path("."))
    root = tmp_path.resolve()
    assert config.rules_paths == (root / "cfg" / "packs", root / "shared" / "x.yaml", tmp_path / "abs")


# --- per-file-ignores -------------------------------------------------------------------------------------------

PER_FILE = """\
per-file-ignores:
  "drafts/*.md": [S001]
  "*.txt": [S005]
  "old/": [S006, S001]
"""


@pytest.mark.parametrize(
    ("source", "ignores"),
    [
        pytest.param("project/drafts/a.md", ("S001",), id="path-pattern"),
        pytest.param("project/sub/drafts/a.md", (), id="path-pattern-anchored-to-config-folder"),
        pytest.param("project/a.txt", ("S005",), id="basename-pattern"),
        pytest.param("project/deep/er/a.txt", ("S005",), id="basename-pattern-at-any-depth"),
        pytest.param("project/old/2020/a.md", ("S006", "S001"), id="folder-pattern"),
        pytest.param("project/old/a.txt", ("S005", "S006", "S001"), id="several-patterns-once-each"),
        pytest.param("project/report.md", (), id="no-pattern"),
        pytest.param("other/drafts/a.txt", (), id="outside-config-folder"),
        pytest.param("project/../other/a.txt", (), id="outside-via-dotdot"),
    ],
)
def test_ignores_for(tmp_path, source, ignores):
    write(tmp_path / "project" / ".irlint.yaml", PER_FILE)
    config = load_config(None, tmp_path / "project")
    assert config.ignores_for(tmp_path / source) == ignores


def test_ignores_for_relative_source_and_relative_config(tmp_path, monkeypatch):
    write(tmp_path / "project" / ".irlint.yaml", PER_FILE)
    monkeypatch.chdir(tmp_path / "project")
    config = load_config(Path(".irlint.yaml"), Path("."))
    assert config.ignores_for(Path("drafts/a.md")) == ("S001",)
    assert config.ignores_for(Path("../project/old/a.md")) == ("S006", "S001")
    assert config.ignores_for(Path("../a.txt")) == ()


def test_ignores_for_without_config_file_matches_path_as_given():
    config = Config(per_file_ignores=(("drafts/*.md", ("S001",)),))
    assert config.ignores_for(Path("drafts/a.md")) == ("S001",)
    assert config.ignores_for(Path("a.md")) == ()


# --- errors -----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "text", "message"),
    [
        pytest.param(".irlint.yaml", "selekt: [S]\n", "unknown key 'selekt'", id="yaml-unknown-key"),
        pytest.param(
            "pyproject.toml", "[tool.irlint]\nselekt = ['S']\n", "[tool.irlint]: unknown key 'selekt'",
            id="toml-unknown-key",
        ),
        pytest.param(
            ".irlint.yaml", "select: [S]\nselect_: [S]\nignore: 3\n", "unknown key 'select_'",
            id="unknown-key-before-wrong-type",
        ),
        pytest.param(".irlint.yaml", "select: S001\n", "'select': must be a list of strings", id="string-not-list"),
        pytest.param(".irlint.yaml", "select:\n", "'select': must be a list of strings", id="null-not-list"),
        pytest.param(
            "pyproject.toml", "[tool.irlint]\ninclude = [1]\n", "[tool.irlint]: 'include' -> item 1: must be a string",
            id="toml-item-type",
        ),
        pytest.param(
            ".irlint.yaml", "exclude: [a, '']\n", "'exclude' -> item 2: must not be empty", id="empty-item"
        ),
        pytest.param(".irlint.yaml", "severity: [S001]\n", "'severity': must be a mapping", id="yaml-not-mapping"),
        pytest.param(
            "pyproject.toml", "[tool.irlint]\nseverity = 'error'\n", "[tool.irlint]: 'severity': must be a table",
            id="toml-not-table",
        ),
        pytest.param(
            ".irlint.yaml", "severity:\n  S001: fatal\n", "'severity' -> 'S001': must be one of error, warning, info",
            id="yaml-bad-severity",
        ),
        pytest.param(
            "pyproject.toml", "[tool.irlint.severity]\nS001 = 'Error'\n",
            "[tool.irlint]: 'severity' -> 'S001': must be one of error, warning, info", id="toml-bad-severity",
        ),
        pytest.param(
            ".irlint.yaml", "severity: {'': info}\n", "'severity' -> key '': must not be empty", id="empty-key"
        ),
        pytest.param(
            ".irlint.yaml",
            "per-file-ignores:\n  '*.md': S001\n",
            "'per-file-ignores' -> '*.md': must be a list of strings",
            id="per-file-ignores-value",
        ),
        pytest.param(".irlint.yaml", "- select\n- ignore\n", "the top level must be a mapping of keys", id="yaml-list"),
        pytest.param(".irlint.yaml", "just text\n", "the top level must be a mapping of keys", id="yaml-scalar"),
        pytest.param("pyproject.toml", "tool.irlint = 3\n", "[tool.irlint] must be a table", id="toml-table-scalar"),
        pytest.param(".irlint.yaml", "select: [S\nignore: [S004]\n", "not valid YAML (line 2)", id="invalid-yaml"),
        pytest.param(".irlint.yaml", "a: b\n\tc: d\n", "not valid YAML (line 2)", id="yaml-tab"),
    ],
)
def test_error_names_file_and_key(tmp_path, name, text, message):
    path = write(tmp_path / name, text)
    with pytest.raises(ConfigError) as caught:
        load_config(path, tmp_path)
    assert str(caught.value) == f"{path}: {message}"
    # The same file found by discovery gives the same message.
    with pytest.raises(ConfigError) as found:
        load_config(None, tmp_path)
    assert str(found.value) == str(caught.value)


@pytest.mark.parametrize(
    ("text", "line"),
    [("[tool.irlint\nselect = []\n", 1), ("[tool.irlint]\nselect = [S001]\n", 2), ("[tool.irlint]\na = 1\na = 2\n", 3)],
)
def test_invalid_toml(tmp_path, text, line):
    path = write(tmp_path / "pyproject.toml", text)
    for explicit in (path, None):
        with pytest.raises(ConfigError) as caught:
            load_config(explicit, tmp_path)
        message = str(caught.value)
        assert message.startswith(f"{path}: not valid TOML: ")
        assert f"line {line}" in message and "\n" not in message


@pytest.mark.parametrize(
    ("name", "setup", "message"),
    [
        pytest.param("missing.yaml", None, "cannot read: No such file or directory", id="missing-yaml"),
        pytest.param("missing.toml", None, "cannot read: No such file or directory", id="missing-toml"),
        pytest.param("folder.yaml", "mkdir", "cannot read: Is a directory", id="folder"),
        pytest.param("pyproject.toml", OTHER_TOOL, "no [tool.irlint] table", id="pyproject-without-table"),
        pytest.param("empty.toml", "", "no [tool.irlint] table", id="empty-toml"),
        pytest.param(".irlint.yaml", b"select: [\xff]\n", "not UTF-8 (byte 9)", id="not-utf-8"),
    ],
)
def test_explicit_file_errors(tmp_path, name, setup, message):
    path = tmp_path / name
    if setup == "mkdir":
        path.mkdir()
    elif isinstance(setup, bytes):
        path.write_bytes(setup)
    elif setup is not None:
        write(path, setup)
    with pytest.raises(ConfigError) as caught:
        load_config(path, tmp_path)
    assert str(caught.value) == f"{path}: {message}"


def test_error_during_discovery_names_the_found_file(tmp_path):
    path = write(tmp_path / "pyproject.toml", "[tool.irlint]\nignore = 'S004'\n")
    (tmp_path / "a" / "b").mkdir(parents=True)
    with pytest.raises(ConfigError) as caught:
        load_config(None, tmp_path / "a" / "b")
    assert str(caught.value) == f"{path}: [tool.irlint]: 'ignore': must be a list of strings"
    assert find_config(tmp_path / "a" / "b") == path


# --- pyproject.toml files met on the way up ---------------------------------------------------------------------


@pytest.fixture
def verdicts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The verdicts on pyproject.toml files kept in the test's own cache folder, none read yet."""
    from linter import config, rule_cache

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    fresh = rule_cache.Derived("pyproject-verdicts", config.__file__, valid=config._PYPROJECT_VERDICTS._valid)
    monkeypatch.setattr(config, "_PYPROJECT_VERDICTS", fresh)
    return tmp_path / "cache" / "irlint"


def test_an_unrelated_pyproject_is_parsed_once_and_a_broken_one_every_time(tmp_path, monkeypatch, verdicts):
    from linter import config

    parsed: list[Path] = []
    parse = config._parse_toml
    monkeypatch.setattr(config, "_parse_toml", lambda path, text=None: parsed.append(path) or parse(path, text))
    project = tmp_path / "project"
    pyproject = write(project / "pyproject.toml", OTHER_TOOL)
    (project / "docs").mkdir()
    for _ in range(2):
        assert find_config(project / "docs") != pyproject
    assert parsed.count(pyproject) == 1  # the same bytes again: their verdict is kept
    # The same file made invalid, with no word of irlint in it: an error on every run, as parsing it says.
    write(pyproject, OTHER_TOOL.replace("]", "", 1))
    for _ in range(2):
        with pytest.raises(ConfigError, match="not valid TOML"):
            find_config(project / "docs")
    assert parsed.count(pyproject) == 3
    # A [tool.irlint] table added is found, and found again without parsing.
    write(pyproject, OTHER_TOOL + IRLINT_TABLE)
    assert find_config(project / "docs") == pyproject == find_config(project / "docs")
    assert parsed.count(pyproject) == 4


def test_kept_verdicts_that_are_not_verdicts_are_parsed_again(tmp_path, monkeypatch, verdicts):
    from linter import config, rule_cache

    pyproject = write(tmp_path / "pyproject.toml", IRLINT_TABLE)
    assert find_config(tmp_path) == pyproject
    (kept,) = verdicts.glob("pyproject-verdicts-*.json")
    stored = json.loads(kept.read_text(encoding="utf-8"))
    kept.write_text(json.dumps({**stored, "values": dict.fromkeys(stored["values"], "no")}), encoding="utf-8")
    monkeypatch.setattr(config, "_PYPROJECT_VERDICTS", rule_cache.Derived(
        "pyproject-verdicts", config.__file__, valid=config._PYPROJECT_VERDICTS._valid))
    assert find_config(tmp_path) == pyproject
