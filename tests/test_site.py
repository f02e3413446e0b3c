"""The shipped site: every figure on the purchase page comes from the catalogue."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

import expected as ex
from conftest import CATALOGUE, Site, build_site, text_of

HEADERS = ["Contract Types", "Price", "To Purchase", "Business hours", "To submit incident"]


def paragraph(soup: BeautifulSoup, opening: str) -> Tag:
    for p in soup.select("section p"):
        if text_of(p).startswith(opening):
            return p
    raise AssertionError(f"no paragraph starts with {opening!r}")


def support_table(soup: BeautifulSoup) -> Tag:
    tables = soup.select("table.offerings-table")
    assert len(tables) == 1
    return tables[0]


def expected_row(data: dict[str, Any], offering_id: str) -> list[str]:
    item = ex.offering(data, offering_id)
    count = item["incidents"]
    unit = "incident" if count == 1 else "incidents"
    return [
        item["name"],
        f"{ex.money(data, offering_id)} for {ex.WORDS[count]} {unit}",
        "Contact us for purchase link",
        ex.hours(data, ex.level(data, offering_id)["hours"]),
        item["submit"]["label"],
    ]


def check_page(soup: BeautifulSoup, data: dict[str, Any]) -> None:
    """Every cell, link and prose figure of the page against the raw catalogue."""
    table = support_table(soup)
    assert [text_of(th) for th in table.select("thead th")] == HEADERS
    rows = table.select("tbody tr")
    contracts = [o for o in data["offerings"] if o["group"] == "professional-support"]
    assert len(rows) == len(contracts)
    for row, item in zip(rows, contracts, strict=True):
        assert [text_of(td) for td in row.select("td")] == expected_row(data, item["id"])
        links = row.select("a")
        assert len(links) == 1
        address, subject = ex.mailto(links[0])
        assert address == data["contacts"][item["submit"]["contact"]]["email"]
        assert subject == item["name"]

    author = soup.find("a", string=data["author"]["name"])
    assert author is not None and author["href"] == data["author"]["url"]

    first = text_of(paragraph(soup, "Professional Support is available"))
    support = ex.level(data, "single-incident")
    assert f"with {ex.WORDS[ex.offering(data, 'five-pack')['incidents']]} incidents" in first
    assert f"Response time will be {ex.duration(support['response_time'])}, " in first

    after = paragraph(soup, "Business-critical after-hours support")
    after_hours = ex.offering(data, "after-hours")
    assert f"available for {ex.money(data, 'after-hours')} per incident" in text_of(after)
    assert f"only for {after_hours['covers']}." in text_of(after)
    assert f"Service is available {after_hours['availability']}." in text_of(after)
    [contact] = after.select("a")
    address, subject = ex.mailto(contact)
    contact_id = after_hours["purchase"]["contact"]
    assert (address, subject) == (data["contacts"][contact_id]["email"], after_hours["name"])
    assert text_of(contact) == data["contacts"][contact_id]["label"]

    advisory = paragraph(soup, "Professional Advisory services are provided")
    level = ex.level(data, "advisory")
    text = text_of(advisory)
    assert f"typically {ex.duration(level['delivery_time'])}." in text
    assert f"business hours: {ex.hours(data, level['hours'])}." in text
    assert f"Response time will be {ex.duration(level['response_time'])}." in text
    assert f"stating that you want {ex.offering(data, 'advisory')['name']}." in text
    [contact] = advisory.select("a")
    assert ex.mailto(contact)[0] == data["contacts"]["support"]["email"]
    cost = text_of(paragraph(soup, "A Professional Advisory request costs"))
    assert cost == f"A Professional Advisory request costs {ex.money(data, 'advisory')}."


def test_build_has_no_warning(site: Site) -> None:
    assert site.status == 0
    assert site.warnings == ""
    assert (site.out / "purchase-options.html").is_file()
    assert "purchase-options.html" in (site.out / "index.html").read_text("utf-8")


def test_page_states_the_catalogue(site: Site) -> None:
    check_page(site.soup(), ex.raw(CATALOGUE))


def test_table_is_real_markup_with_no_hand_typed_figure() -> None:
    source = (CATALOGUE.parent.parent / "docs" / "purchase-options.rst").read_text("utf-8")
    data = ex.raw(CATALOGUE)
    for figure in (
        ex.money(data, "single-incident"),
        "350",
        "CAD",
        "7:00",
        "PM",
        data["contacts"]["support"]["email"],
        "2 to 3",
        "8 hours",
    ):
        assert figure not in source


@pytest.mark.parametrize(
    ("old", "new", "gone"),
    [
        ("price: 350", "price: 399", "$350 CAD"),
        ("currency: CAD", "currency: USD", "CAD"),
        ('start: "19:00"', 'start: "18:30"', "7:00 PM"),
        (
            "days: [monday, tuesday, wednesday, thursday, friday]",
            "days: [tuesday, wednesday, thursday]",
            "Monday",
        ),
    ],
    ids=["price", "currency", "hours-start", "hours-days"],
)
def test_one_edit_changes_every_statement(
    tmp_path: Path,
    edited_catalogue: Callable[[str, str], Path],
    old: str,
    new: str,
    gone: str,
) -> None:
    copy = edited_catalogue(old, new)
    built = build_site(tmp_path / "build", catalogue=copy)
    assert built.status == 0, built.warnings
    soup = built.soup()
    check_page(soup, ex.raw(copy))
    assert gone not in text_of(soup.select_one("div[role=main]") or soup)


def test_single_price_edit_moves_derived_prices(
    tmp_path: Path, edited_catalogue: Callable[[str, str], Path]
) -> None:
    built = build_site(tmp_path / "build", catalogue=edited_catalogue("price: 350", "price: 399"))
    main = text_of(built.soup().select_one("div[role=main]") or BeautifulSoup())
    assert "$399 CAD for one incident" in main  # the single incident
    assert "available for $798 CAD per incident" in main  # after-hours: twice it
    assert "request costs $399 CAD." in main  # advisory: the same
    assert "$1750 CAD for five incidents" in main  # the 5-pack has its own price


def test_price_format_setting(tmp_path: Path) -> None:
    """One setting gives the format the page later moved to: "399 USD for one incident"."""
    copy = tmp_path / "offerings.yaml"
    text = CATALOGUE.read_text("utf-8")
    copy.write_text(
        text.replace("currency: CAD", "currency: USD").replace("price: 350", "price: 399")
    )
    built = build_site(tmp_path, catalogue=copy, extra=("-D", "offerings_price_format=code"))
    assert built.status == 0, built.warnings
    cells = [text_of(td) for td in built.soup().select("td.offerings-price")]
    assert cells == ["399 USD for one incident", "1750 USD for five incidents"]
