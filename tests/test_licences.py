"""Licences, subscriptions and services: every kind of price, read back from the built HTML."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import CATALOGUE, ROOT, Site, build_site, text_of
from snapshots import article_text, catalogue, expect, mailto, offering
from sphinx_offerings.cli import main

LICENCES = ROOT / "data" / "licences.yaml"


def site_on(workdir: Path, date: str) -> Site:
    built = build_site(workdir, extra=("-D", f"offerings_date={date}"))
    assert built.status == 0, built.warnings
    return built


@pytest.fixture(scope="module")
def licences(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The shipped site, built as on a day before the announced change."""
    return site_on(tmp_path_factory.mktemp("licences"), "2026-11-27")


def rows(soup: BeautifulSoup) -> dict[str, Tag]:
    """Each offering's table row, by offering id (rows carry the class offering-ID)."""
    found = {}
    for row in soup.select("tr.offerings-row"):
        [name] = [c[len("offering-") :] for c in row["class"] if c.startswith("offering-")]
        found[name] = row
    return found


def cell(row: Tag, column: str) -> str:
    found = row.select_one(f"td.offerings-{column}")
    assert found is not None, column
    return text_of(found)


@pytest.fixture(scope="module")
def data() -> dict[str, Any]:
    return catalogue(LICENCES)


def test_page_is_as_reviewed(licences: Site) -> None:
    """The whole page, checked by hand against data/licences.yaml."""
    expect("licences.txt", article_text(licences.soup("licences")))


# The prices below are data/licences.yaml's, written out by hand.
def test_per_developer_with_tax_note_and_bundle(licences: Site, data: dict[str, Any]) -> None:
    row = rows(licences.soup("licences"))["sharpsnmp-pro"]
    item = offering(data, "sharpsnmp-pro")
    assert cell(row, "price") == "$999 USD per developer, before tax"
    support = item["includes"][2]["support"]
    assert cell(row, "contents") == (
        f"{item['includes'][0]}, {item['includes'][1]}, and e-mail support for "
        f"{support['coverage']['value']} calendar days from delivery, first response within "
        f"{support['response_time']['value']} business days"
    )


def test_checkout_link(licences: Site, data: dict[str, Any]) -> None:
    row = rows(licences.soup("licences"))["sharpsnmp-pro"]
    purchase = offering(data, "sharpsnmp-pro")["purchase"]
    [link] = row.select("td.offerings-purchase a")
    assert (link["href"], text_of(link)) == (purchase["url"], purchase["label"])
    assert str(link["href"]).startswith("https://")


def test_discount_with_original_price(licences: Site, data: dict[str, Any]) -> None:
    row = rows(licences.soup("licences"))["sharpsnmp-pro-canada"]
    assert cell(row, "price") == "$880 CAD per developer (discounted from $1100 CAD), before tax"
    [link] = row.select("td.offerings-purchase a")
    address, subject = mailto(link)
    assert address == data["contacts"]["sales"]["email"]
    assert subject == offering(data, "sharpsnmp-pro-canada")["name"]


def test_monthly_and_yearly_prices(licences: Site, data: dict[str, Any]) -> None:
    row = rows(licences.soup("licences"))["sharpsnmp-subscription"]
    assert cell(row, "price") == "$99 USD per month or $999 USD per year"


def test_per_hour_and_quote_on_request(licences: Site, data: dict[str, Any]) -> None:
    found = rows(licences.soup("licences"))
    assert cell(found["consulting"], "price") == "$150 USD per hour"
    assert offering(data, "custom-development")["price"] == "on-request"
    assert cell(found["custom-development"], "price") == "Quoted on request"


def test_per_incident_and_incidents_per_term(site: Site) -> None:
    shipped = catalogue(CATALOGUE)
    found = rows(site.soup())
    assert cell(found["single-incident"], "price").endswith(" for one incident")
    five = offering(shipped, "five-pack")
    assert five["term"] == {"years": 1}
    assert cell(found["five-pack"], "price") == "$1750 CAD for five incidents"


def test_licences_page_has_no_hand_typed_figure_and_agrees(
    licences: Site, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(ROOT / "docs")]) == 0
    argv = ["check", str(licences.out), "--catalogue", str(CATALOGUE)]
    argv += ["--catalogue", str(LICENCES), "--date", "2026-11-27"]
    assert main(argv) == 0, capsys.readouterr().out
    assert licences.soup("licences").select('script[type="application/ld+json"]')


@pytest.mark.parametrize(
    ("date", "shown", "announced"),
    [
        ("2026-12-31", "999", "from 2027-01-01: $1149 USD"),
        ("2027-01-01", "1149", ""),  # the boundary day: the new price is in force
        ("2027-03-01", "1149", ""),
    ],
)
def test_scheduled_price(tmp_path: Path, date: str, shown: str, announced: str) -> None:
    row = rows(site_on(tmp_path, date).soup("licences"))["sharpsnmp-pro"]
    assert cell(row, "price") == f"${shown} USD per developer, before tax"
    assert cell(row, "changes") == announced


@pytest.fixture
def source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1798761600")  # 2027-01-01T00:00:00Z


@pytest.mark.usefixtures("source_date_epoch")
def test_source_date_epoch_sets_the_date(tmp_path: Path) -> None:
    built = build_site(tmp_path)
    assert built.status == 0, built.warnings
    row = rows(built.soup("licences"))["sharpsnmp-pro"]
    assert cell(row, "price") == "$1149 USD per developer, before tax"


def test_id_clash_between_two_catalogues(tmp_path: Path) -> None:
    second = tmp_path / "second.yaml"
    second.write_text(
        "currency: EUR\n"
        "offerings:\n"
        "  - id: five-pack\n"  # line 3: also an id in the first file
        "    group: x\n"
        "    name: Clash\n"
        "    price: 5\n"
        "    purchase: {channel: contact, contact: support}\n",
        "utf-8",
    )
    built = build_site(tmp_path / "out", extra=("-D", f"offerings_catalogue={CATALOGUE},{second}"))
    assert built.status != 0
    first_line = next(
        number
        for number, line in enumerate(CATALOGUE.read_text("utf-8").splitlines(), 1)
        if line.strip() == "- id: five-pack"
    )
    shown = os.path.relpath(CATALOGUE)  # paths in messages are as typed from the build folder
    assert (
        f"{second}:3:9: WARNING: id: 'five-pack' is already used in {shown} at line "
        f"{first_line}: ids must be unique" in built.warnings
    )


def test_catalogues_share_contacts_and_currency_stays_per_file(
    licences: Site, data: dict[str, Any]
) -> None:
    # the licences file's currency (USD) does not leak into the other file's prices (CAD)
    assert data["currency"] == "USD"
    purchase = rows(licences.soup())
    assert cell(purchase["single-incident"], "price").startswith("$350 CAD")
