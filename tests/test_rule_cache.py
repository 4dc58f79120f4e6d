"""The shipped rules' data kept across runs: the same data as the YAML, named by what it was made from, written
whole, ignored when damaged, and never holding a user's rule pack."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from linter import rule_cache, yaml_input
from linter.resources import resource_dir

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted(f for f in Path(str(resource_dir("rules"))).iterdir() if f.suffix == ".yaml")

PROBE = """
import contextlib, io, json, sys
from linter.cli import run
with contextlib.redirect_stdout(io.StringIO()) as out:
    code = run(sys.argv[1:])
print(json.dumps([code, "yaml" in sys.modules, out.getvalue()]))
"""


@pytest.fixture
def cache_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A cache folder of the test's own, and the process's reading of it forgotten before and after."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    rule_cache._shipped_json.cache_clear()
    yield tmp_path / "cache" / "irlint"
    rule_cache._shipped_json.cache_clear()


def _check(draft: Path, home: Path) -> tuple[int, bool, str]:
    """irlint check of the draft in a fresh process: exit code, whether PyYAML was imported, the output."""
    env = {**os.environ, "PYTHONPATH": str(REPO) + os.pathsep + os.environ.get("PYTHONPATH", ""),
           "XDG_CACHE_HOME": str(home.parent)}
    done = subprocess.run([sys.executable, "-c", PROBE, "check", "--exit-zero", str(draft)], cwd=draft.parent,
                          env=env, capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    code, loaded_yaml, output = json.loads(done.stdout.splitlines()[-1])
    return code, loaded_yaml, output


def test_every_shipped_file_reads_as_its_yaml(cache_home: Path) -> None:
    for file in SHIPPED:
        assert rule_cache.rule_file_data(resource_dir("rules") / file.name) == yaml_input.load(
            file.read_text(encoding="utf-8")), file.name
    (written,) = cache_home.glob("rules-*.json")
    assert set(json.loads(written.read_text(encoding="utf-8"))["files"]) == {f.name for f in SHIPPED}


def test_each_call_hands_out_its_own_copy(cache_home: Path) -> None:
    first = rule_cache.rule_file_data(resource_dir("rules") / "_evidence.yaml")
    first.clear()
    assert rule_cache.rule_file_data(resource_dir("rules") / "_evidence.yaml")


def test_the_name_changes_with_every_file_and_byte() -> None:
    files = {"a.yaml": b"x: 1\n", "b.yaml": b"y: 2\n"}
    key = rule_cache.rules_key(files)
    assert rule_cache.rules_key({**files, "b.yaml": b"y: 3\n"}) != key
    assert rule_cache.rules_key({"a.yaml": b"x: 1\nb.yaml", "b.yaml": b": 2\n"}) != key  # no two files run together
    assert rule_cache.rules_key({**files, "a.yaml": b"x: 2\n"}) != key
    assert rule_cache.rules_key({**files, "c.yaml": b""}) != key
    assert rule_cache.rules_key(dict(reversed(files.items()))) == key


def test_a_damaged_or_foreign_cache_file_is_read_as_absent_and_written_again(cache_home: Path) -> None:
    rule_cache.rule_file_data(resource_dir("rules") / "_evidence.yaml")
    (written,) = cache_home.glob("rules-*.json")
    good = written.read_text(encoding="utf-8")
    stored = json.loads(good)
    for damage in ("", "{not json", "[]", json.dumps({**stored, "key": "0" * 64}),
                   json.dumps({**stored, "files": {**stored["files"], "_evidence.yaml": 3}}),
                   json.dumps({**stored, "files": {}}),
                   json.dumps({**stored, "files": {**stored["files"], "_evidence.yaml": '{"other": []}'}}),
                   json.dumps({**stored, "files": {**stored["files"], "_evidence.yaml": "{not json"}})):
        written.write_text(damage, encoding="utf-8")
        rule_cache._shipped_json.cache_clear()
        assert rule_cache.rule_file_data(resource_dir("rules") / "_evidence.yaml") == yaml_input.load(
            (resource_dir("rules") / "_evidence.yaml").read_text(encoding="utf-8"))
        assert written.read_text(encoding="utf-8") == good
    assert not list(cache_home.glob(".rules-*"))  # no temporary file left behind


def test_a_folder_that_cannot_be_written_is_no_error(cache_home: Path) -> None:
    cache_home.parent.mkdir(parents=True)
    cache_home.write_text("a file where the folder should be", encoding="utf-8")
    assert rule_cache.rule_file_data(resource_dir("rules") / "_wording.yaml")["classes"]


def test_a_user_pack_is_read_from_its_files(cache_home: Path, tmp_path: Path) -> None:
    own = tmp_path / "pack" / "_evidence.yaml"
    own.parent.mkdir()
    own.write_text("mine: ['a b']\n", encoding="utf-8")
    assert rule_cache.rule_file_data(own) == {"mine": ["a b"]}
    own.write_text("mine: ['c']\n", encoding="utf-8")
    assert rule_cache.rule_file_data(own) == {"mine": ["c"]}
    assert not any("mine" in f.read_text(encoding="utf-8") for f in cache_home.glob("rules-*.json"))


def test_a_check_reads_the_cache_without_pyyaml_and_finds_the_same(tmp_path: Path) -> None:
    draft = tmp_path / "draft.md"
    draft.write_text("## Incident Report\n\n### Root Cause Analysis\n\nThe outage was caused by human error.\n",
                     encoding="utf-8")
    home = tmp_path / "cache" / "irlint"
    cold = _check(draft, home)
    assert cold[1] and list(home.glob("rules-*.json"))  # the first run reads the YAML and writes the cache
    warm = _check(draft, home)
    assert not warm[1] and warm[::2] == cold[::2] and "C001" in warm[2]


def test_derived_values_are_computed_once_and_named_by_their_code(cache_home: Path, tmp_path: Path) -> None:
    code = tmp_path / "deriving.py"
    code.write_text("# version 1\n", encoding="utf-8")
    computed: list[str] = []

    def value(argument: str):
        return lambda: computed.append(argument) or [[argument.upper()]]

    def valid(value) -> bool:
        return isinstance(value, list)

    first = rule_cache.Derived("test-values", str(code), valid=valid)
    assert first.get("a", value("a")) == [["A"]] and first.get("a", value("a")) == [["A"]]
    first.keep()
    second = rule_cache.Derived("test-values", str(code), valid=valid)
    assert second.get("a", value("a")) == [["A"]] and computed == ["a"]  # read from the file the first wrote
    code.write_text("# version 2\n", encoding="utf-8")
    third = rule_cache.Derived("test-values", str(code), valid=valid)
    assert third.get("a", value("a")) == [["A"]] and computed == ["a", "a"]  # other code: computed afresh
    third.keep()
    (kept,) = [f for f in cache_home.glob("test-values-*.json") if f.stat().st_mtime >= code.stat().st_mtime]
    stored = json.loads(kept.read_text(encoding="utf-8"))
    kept.write_text(json.dumps({**stored, "values": {"a": "not a list"}}), encoding="utf-8")
    fourth = rule_cache.Derived("test-values", str(code), valid=valid)
    assert fourth.get("a", value("a")) == [["A"]] and computed == ["a", "a", "a"]  # a value it could not give


def test_only_the_shipped_rules_phrases_are_kept(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from linter import regex_analysis
    from linter.checks.phrases import kinds

    monkeypatch.setattr(kinds, "_REQUIRED_STRINGS", rule_cache.Derived(
        "required-strings", regex_analysis.__file__, valid=kinds._REQUIRED_STRINGS._valid))
    monkeypatch.setattr(kinds, "_LOWERCASE_EQUIVALENT", rule_cache.Derived(
        "lowercase-equivalent", kinds.casing.__file__, regex_analysis.__file__,
        valid=kinds._LOWERCASE_EQUIVALENT._valid))
    user = kinds.KINDS["existence"]({"message": "m", "tokens": ["a user's own phrase"]})
    shipped = kinds.KINDS["existence"]({"message": "m", "tokens": ["a shipped phrase"]}, checked=True)
    # Each rule's strings and case read (and kept, for the shipped one).
    assert user._required and shipped._required and user._lowercase and shipped._lowercase
    for kind in ("required-strings", "lowercase-equivalent"):
        (kept,) = cache_home.glob(f"{kind}-*.json")
        text = kept.read_text(encoding="utf-8")
        assert "shipped" in text and "own phrase" not in text


@pytest.fixture
def class_words(cache_home: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """The classes' words kept in the test's cache folder, none read yet in this process."""
    from linter import wording

    monkeypatch.setattr(wording, "_CLASS_WORDS", rule_cache.Derived(
        "class-words", wording.__file__, valid=wording._CLASS_WORDS._valid))
    wording._shipped_class.cache_clear()
    yield cache_home
    wording._shipped_class.cache_clear()


def _classes_data(phrases: list[str]) -> dict:
    return {"classes": {"doer": phrases, "act": ["revoke*"]}, "families": [{"name": "acted", "sequences": [["doer",
            "act"]]}]}


def test_the_shipped_classes_words_are_kept_and_read_back_the_same(class_words: Path) -> None:
    from linter import wording

    phrases = ["the CA", "our re-issuance team", "İstanbul office", "monitor*"]
    cut = wording.build(_classes_data(phrases)).classes
    assert wording.build(_classes_data(phrases), trusted=True).classes == cut
    (kept,) = class_words.glob("class-words-*.json")
    assert "re-issuance team" in kept.read_text(encoding="utf-8")
    wording._shipped_class.cache_clear()  # as a later run: the words read from the file
    wording._CLASS_WORDS._entries = None
    read = wording.build(_classes_data(phrases), trusted=True)
    assert read.classes == cut and read.found("Our re-issuance team revoked it.") == [("acted", 0, 28)]


def test_a_users_classes_are_never_kept(class_words: Path) -> None:
    from linter import wording

    wording.build(_classes_data(["a user's own doer"]))
    assert not list(class_words.glob("class-words-*.json"))


def test_kept_words_that_do_not_fit_the_phrases_are_cut_again(class_words: Path) -> None:
    from linter import wording

    phrases = ["the first doer", "the second doer"]
    wording.build(_classes_data(phrases), trusted=True)
    (kept,) = class_words.glob("class-words-*.json")
    stored = json.loads(kept.read_text(encoding="utf-8"))
    stored["values"] = {key: "the first doer" for key in stored["values"]}  # one line where two belong
    kept.write_text(json.dumps(stored), encoding="utf-8")
    wording._shipped_class.cache_clear()
    wording._CLASS_WORDS._entries = None
    built = wording.build(_classes_data(phrases), trusted=True)
    assert list(built.classes["doer"]) == [("the", "first", "doer"), ("the", "second", "doer")]


def test_a_class_whose_phrases_hold_a_line_break_is_cut_each_time(class_words: Path) -> None:
    from linter import wording

    phrases = ["the first\ndoer", "the second doer"]  # joined, they would read as three phrases
    built = wording.build(_classes_data(phrases), trusted=True)
    assert built.classes == wording.build(_classes_data(phrases)).classes
    assert not any("second" in f.read_text(encoding="utf-8") for f in class_words.glob("class-words-*.json"))
