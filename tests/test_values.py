"""Values as written reach every output with their meaning: a zero is a zero, and each
of a price's additions is one addition, whatever it says."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from docutils.core import publish_doctree

from sphinx_offerings.cli import main

MINIMAL = Path(__file__).resolve().parent / "catalogues" / "minimal.yaml"


def _catalogue(tmp_path: Path, old: str, new: str) -> Path:
    text = MINIMAL.read_text("utf-8")
    assert text.count(old) == 1
    path = tmp_path / "offerings.yaml"
    path.write_text(text.replace(old, new), "utf-8")
    return path


def test_a_negative_zero_is_zero(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _catalogue(tmp_path, "price: 350", "price: -0.0")
    assert main(["export", "--catalogue", str(path), "--date", "2026-12-01"]) == 0
    single = json.loads(capsys.readouterr().out)["offerings"][0]
    assert [p["amount"] for p in single["prices"]] == ["0"]


def test_an_addition_with_a_semicolon_is_one_addition(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _catalogue(
        tmp_path, "price: 350", 'price: {amount: 350, plus: ["travel; lodging", "taxes"]}'
    )
    assert main(["render", "--catalogue", str(path), "--date", "2026-12-01"]) == 0
    text = publish_doctree(capsys.readouterr().out).astext()
    assert "+ travel; lodging + taxes" in text
