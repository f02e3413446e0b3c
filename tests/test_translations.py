"""A language the extension has no translation of reads its words in English, whole,
and the build says so once."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import Site, build_figures, build_site, stated, text_of


def shown(soup: BeautifulSoup) -> list[str]:
    """The text of every cell of the extension's tables and of every figure."""
    cells = soup.select("table.offerings-table th, table.offerings-table td")
    cells += soup.select("table.offerings-compare th, table.offerings-compare td")
    return [text_of(element) for element in [*cells, *soup.select("[data-offerings-ref]")]]


def figures_in(rootdir: Path, workdir: Path, **confoverrides: Any) -> tuple[BeautifulSoup, str]:
    out, warnings = build_figures(rootdir, workdir, **confoverrides)
    return BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser"), warnings


def test_an_untranslated_language_reads_english_and_warns_once(tmp_path: Path, site: Site) -> None:
    """Japanese: the extension's words are all English, CLDR's day and zone names, times
    of day and lists with them; Japanese numbers read as English ones do."""
    built = build_site(tmp_path, extra=("-D", "language=ja"))
    assert built.status == 1  # -W: the warning fails the build, which is still written
    assert built.warnings.splitlines() == [
        "WARNING: no translation of the extension's words for language 'ja'; "
        "they are shown in English [offerings.language]"
    ]
    for page in ("purchase-options", "licences"):
        assert shown(built.soup(page)) == shown(site.soup(page)), page


#: tests/roots/test-figures in Russian, which the extension has no translation of: the
#: words English, the amounts and percentages Russian.
RUSSIAN_FIGURES = {
    ("pack", "price"): "900 € EUR",
    ("pack", "hours"): (
        "9:00 AM – 5:00 PM Central European Time Zone, Monday through Friday, "
        "excluding public holidays"
    ),
    ("suite", "qualifier"): "from 499 € EUR",
    ("suite", "term"): "for 1 year",
    ("suite", "discount"): "10 % off when paid upfront",
    ("suite", "break"): "1–4 seats: 40 € EUR per seat per month",
    ("suite", "allowance.emergency"): "unlimited incidents per year",
}


def test_an_untranslated_language_keeps_its_numbers(rootdir: Path, tmp_path: Path) -> None:
    soup, warnings = figures_in(
        rootdir, tmp_path, language="ru", suppress_warnings=["offerings.language"]
    )
    assert warnings == ""  # suppressed
    for (ref, field), words in RUSSIAN_FIGURES.items():
        assert stated(soup, ref, field) == {words}, field
    assert not [text for text in shown(soup) if re.search("[а-яА-ЯёЁ]", text)]


@pytest.mark.parametrize("language", ["en", "en_GB", "en-US"])
def test_english_never_warns(rootdir: Path, tmp_path: Path, language: str) -> None:
    soup, warnings = figures_in(rootdir, tmp_path, language=language)
    assert warnings == ""
    (hours,) = stated(soup, "pack", "hours")
    assert hours.endswith("Monday through Friday, excluding public holidays")
