"""`irlint new` and `irlint render` from the command line, including a draft prefilled from a fake Bugzilla bug."""

from __future__ import annotations

from pathlib import Path

import pytest
from bmo_data import bug, comment

import linter.bugzilla.client as client_module
from linter.cli import run


def irlint(capsys, *argv) -> tuple[int, str, str]:
    code = run([str(a) for a in argv])
    out, err = capsys.readouterr()
    assert "Traceback" not in err
    return code, out, err


@pytest.mark.parametrize("kind", ["preliminary", "full", "closure"])
def test_a_new_draft_lints_with_only_blanks_to_fill(capsys, tmp_path: Path, kind: str) -> None:
    draft = tmp_path / "draft.md"
    assert irlint(capsys, "new", "--kind", kind, "-o", draft)[0] == 0
    code, out, _ = irlint(capsys, "check", "--format", "concise", "--select", "C,R,T,D", draft)
    assert code == 0 and out == ""  # no content rule fires on an empty section


def test_render_the_example_and_its_certificates_csv(capsys, tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    assert irlint(capsys, "render", "--example", "-o", facts)[0] == 0
    report, csv = tmp_path / "report.md", tmp_path / "certificates.csv"
    code, _, err = irlint(capsys, "render", facts, "-o", report, "--certificates-csv", csv)
    assert code == 0, err
    assert irlint(capsys, "check", report)[0] == 0
    assert csv.read_text(encoding="utf-8").startswith("Precertificate SHA-256 hash")


def test_render_errors_are_one_line_each_with_the_yaml_line(capsys, tmp_path: Path) -> None:
    facts = tmp_path / "facts.yaml"
    facts.write_text("summary:\n  incident_description: x\nbogus: 1\n", encoding="utf-8")
    code, out, err = irlint(capsys, "render", facts)
    assert code == 2 and out == ""
    assert all(line.startswith(f"irlint: {facts}:") for line in err.splitlines())
    assert f"irlint: {facts}:3: $.bogus: unknown key 'bogus'" in err


def test_render_without_facts_is_a_usage_error(capsys) -> None:
    assert irlint(capsys, "render")[0] == 2


def test_new_prefilled_from_a_bug(capsys, fake_bmo, monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setattr(client_module, "PACE", 0.0)
    fake_bmo.add_bug(bug(1900777, summary="Earlier Trust: CRL served late", creation_time="2025-05-01T08:00:00Z"))
    fake_bmo.add_bug(
        bug(1900778, summary="Harrowgate Certification: OV names not in the registry",
            creation_time="2026-02-04T10:17:00Z", depends_on=[1900777]),
        [comment(1900778, 0, "ops@harrowgate.example", "2026-02-04T10:17:00Z",
                 "Affected: https://crt.sh/?sha256=" + "ab" * 32)])
    code, out, err = irlint(capsys, "new", "--kind", "full", "--bug", "1900778", "--base-url", fake_bmo.url,
                            "--cache-dir", tmp_path / "cache")
    assert code == 0, err
    assert "Harrowgate Certification" in out and "2026-02-04 10:17 UTC" in out
    assert "https://crt.sh/?sha256=" + "ab" * 32 in out
    assert "1900777" in out and "Earlier Trust: CRL served late" in out
