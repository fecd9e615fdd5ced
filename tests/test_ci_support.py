"""A test missing what it needs (../shared, LibreOffice, Chromium) skips with the reason, and fails under CI."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests import ci_support
from tests.ci_support import shared_path, unavailable

SKIP = pytest.skip.Exception
FAIL = pytest.fail.Exception


@pytest.mark.parametrize(("value", "outcome"), [("true", FAIL), ("1", FAIL), ("false", SKIP), ("0", SKIP), ("", SKIP)])
def test_the_ci_variable_decides_between_failing_and_skipping(monkeypatch, value: str, outcome) -> None:
    monkeypatch.setenv("CI", value)
    with pytest.raises(outcome, match="LibreOffice is not installed"):
        unavailable("LibreOffice is not installed")


def test_without_the_ci_variable_a_missing_requirement_skips(monkeypatch) -> None:
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(SKIP, match="the reason"):
        unavailable("the reason")


@pytest.mark.parametrize(("ci", "outcome"), [("true", FAIL), (None, SKIP)])
def test_a_missing_shared_file_names_its_path(monkeypatch, tmp_path: Path, ci: str | None, outcome) -> None:
    if ci is None:
        monkeypatch.delenv("CI", raising=False)
    else:
        monkeypatch.setenv("CI", ci)
    monkeypatch.setattr(ci_support, "SHARED", tmp_path)
    with pytest.raises(outcome, match=re.escape(f"{tmp_path / 'eval' / 'dev_qa.jsonl'} not found")):
        shared_path("eval", "dev_qa.jsonl")


def test_a_present_shared_file_is_returned(monkeypatch, tmp_path: Path) -> None:
    monkeypatch.setenv("CI", "true")
    monkeypatch.setattr(ci_support, "SHARED", tmp_path)
    (tmp_path / "seed").mkdir()
    (tmp_path / "seed" / "x.txt").write_text("x", encoding="utf-8")
    assert shared_path("seed", "x.txt") == tmp_path / "seed" / "x.txt"
