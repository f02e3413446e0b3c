"""The readers' page of price changes (docs/price-changes.rst, `offerings:changes`): every
offering whose price has a schedule, its changes in force and those announced.

The figures are data/licences.yaml's, written out by hand: #SNMP Pro costs 999 USD per
developer until 2027-01-01, then 1149 USD.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CATALOGUE, DOCS, LICENCES, Site, build_site, text_of
from sphinx_offerings.cli import main

ROW = "tr.offerings-row"


def build(workdir: Path, page: str, date: str, catalogues: tuple[Path, ...]) -> Site:
    src = workdir / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        "extensions = ['sphinx_offerings']\n"
        f"offerings_catalogue = {[str(path) for path in catalogues]!r}\n"
        f"offerings_date = {date!r}\n"
    )
    (src / "index.rst").write_text(page, "utf-8")
    built = build_site(workdir, srcdir=src, confdir=src)
    assert built.status == 0, built.warnings
    return built


def shipped_page(workdir: Path, date: str) -> Site:
    """docs/price-changes.rst as shipped, with both catalogues, as on ``date``."""
    page = (DOCS / "price-changes.rst").read_text("utf-8").replace(":doc:", "")
    return build(workdir, page, date, (CATALOGUE, LICENCES))


def cells(site: Site) -> list[list[str]]:
    return [[text_of(td) for td in row.find_all("td")] for row in site.soup("index").select(ROW)]


def test_an_announced_change(tmp_path: Path) -> None:
    site = shipped_page(tmp_path, "2026-11-27")
    headers = [text_of(th) for th in site.soup("index").select("thead th")]
    assert headers == ["Offering", "Price today", "Changes made", "Changes announced"]
    assert cells(site) == [
        ["#SNMP Pro", "$999 USD per developer, before tax", "", "from 2027-01-01: $1149 USD"]
    ]


def test_a_change_in_force(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    site = shipped_page(tmp_path, "2027-06-01")
    assert cells(site) == [
        ["#SNMP Pro", "$1149 USD per developer, before tax", "from 2027-01-01: $1149 USD", ""]
    ]
    [past] = site.soup("index").select('[data-offerings-field="past.2027-01-01"]')
    assert past["data-offerings-value"] == "1149 USD"
    # the built page, and its offerings.json, agree with the catalogue on that date
    argv = ["check", str(site.out), "--catalogue", str(CATALOGUE), "--catalogue", str(LICENCES)]
    assert main([*argv, "--date", "2027-06-01"]) == 0, capsys.readouterr().out


def test_a_derived_price_follows_its_schedule(tmp_path: Path) -> None:
    """After-hours support costs twice the single incident, scheduled changes included."""
    catalogue = tmp_path / "offerings.yaml"
    text = CATALOGUE.read_text("utf-8")
    scheduled = "price:\n      amount: 350\n      schedule:\n        - {effective: 2026-06-01, "
    catalogue.write_text(text.replace("price: 350", scheduled + "amount: 380}"), "utf-8")
    site = build(tmp_path / "site", ".. offerings:changes::\n", "2026-11-27", (catalogue,))
    single, after_hours, advisory = cells(site)
    assert single[1:] == ["$380 CAD for one incident", "from 2026-06-01: $380 CAD", ""]
    assert after_hours[1:] == ["$760 CAD for one incident", "from 2026-06-01: $760 CAD", ""]
    assert advisory[1:] == ["$380 CAD", "from 2026-06-01: $380 CAD", ""]


def test_without_any_schedule_a_sentence_says_so(tmp_path: Path) -> None:
    site = build(
        tmp_path, "Changes\n=======\n\n.. offerings:changes::\n", "2026-11-27", (CATALOGUE,)
    )
    article = site.soup("index").select_one("[role=main]") or site.soup("index")
    assert "No price change has been made or announced." in text_of(article)
    assert not site.soup("index").select("table")


def test_the_page_is_in_the_shipped_site() -> None:
    index = (DOCS / "index.rst").read_text("utf-8")
    assert "   price-changes\n" in index
    assert ".. offerings:changes::" in (DOCS / "price-changes.rst").read_text("utf-8")
