"""Text as the schema accepts it, the page shows it and `offerings check` reads it back:
the same. White space in a text value (a YAML block, a tab) is folded to single spaces
when the catalogue is resolved, as HTML would fold it, so nothing drifts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import build_page, text_of
from sphinx_offerings.cli import main

MINIMAL = Path(__file__).resolve().parent / "catalogues" / "minimal.yaml"
#: Text values written with line breaks, a tab, runs of spaces, ideographic and no-break
#: spaces, and spaces at the ends.
EDITS = [
    ("    name: Single Incident\n", "    name: >\n      Single\n      Incident\n"),
    ("label: Get Started", 'label: "Get\\t\\u3000\\u00a0Started\\u00a0"'),
    ("label: the support team", 'label: "the   support\\nteam"'),
    ("    name: Advisory\n", "    name: |\n      Advisory\n        services\n"),
]
PAGE = """\
Offerings
=========

.. offerings:table::
   :columns: name price purchase submit

:offerings:name:`single` and :offerings:name:`advisory`; :offerings:link:`support`.
"""


@pytest.fixture
def catalogue(tmp_path: Path) -> Path:
    text = MINIMAL.read_text("utf-8")
    for old, new in EDITS:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    path = tmp_path / "catalogue.yaml"
    path.write_text(text, "utf-8")
    return path


def test_a_fresh_build_agrees_with_its_catalogue(
    catalogue: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    site, _page = build_page(tmp_path, PAGE, (catalogue,))
    assert site.status == 0, site.warnings
    soup = site.soup("index")
    assert [text_of(td) for td in soup.select("table td")][:1] == ["Single Incident"]
    assert "Single Incident and Advisory services; the support team." in text_of(soup)
    capsys.readouterr()
    assert main(["check", str(site.out), "--catalogue", str(catalogue)]) == 0, capsys.readouterr()


def test_the_resolved_catalogue_holds_the_folded_text(
    catalogue: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "--catalogue", str(catalogue), "--date", "2026-12-01"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [o["name"] for o in data["offerings"]] == ["Single Incident", "Advisory services"]
    text = json.dumps(data)
    assert "Get Started" in text and "the support team" in text
    assert not any(mark in text for mark in ("\\t", "\\n", "  "))
