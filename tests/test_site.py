"""The shipped site: every figure on the purchase page comes from the catalogue."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag

from conftest import CATALOGUE, Site, build_site, text_of
from snapshots import article_text, catalogue, expect, mailto, offering, replaced, stored

HEADERS = ["Contract Types", "Price", "To Purchase", "Business hours", "To submit incident"]
PAGE = "purchase-options.txt"  # the shipped page, checked by hand against the YAML


def paragraph(soup: BeautifulSoup, opening: str) -> Tag:
    for p in soup.select("section p"):
        if text_of(p).startswith(opening):
            return p
    raise AssertionError(f"no paragraph starts with {opening!r}")


def support_table(soup: BeautifulSoup) -> Tag:
    tables = soup.select("table.offerings-table")
    assert len(tables) == 1
    return tables[0]


def check_links_and_names(soup: BeautifulSoup, data: dict[str, Any]) -> None:
    """The values that reach the page unformatted, against the catalogue read by PyYAML."""
    table = support_table(soup)
    assert [text_of(th) for th in table.select("thead th")] == HEADERS
    rows = table.select("tbody tr")
    contracts = [o for o in data["offerings"] if o["group"] == "professional-support"]
    assert len(rows) == len(contracts)
    for row, item in zip(rows, contracts, strict=True):
        cells = [text_of(td) for td in row.select("td")]
        assert (cells[0], cells[4]) == (item["name"], item["submit"]["label"])
        links = row.select("a")
        assert len(links) == 1
        address, subject = mailto(links[0])
        assert address == data["contacts"][item["submit"]["contact"]]["email"]
        assert subject == item["name"]

    author = soup.find("a", string=data["author"]["name"])
    assert author is not None and author["href"] == data["author"]["url"]

    after = paragraph(soup, "Business-critical after-hours support")
    after_hours = offering(data, "after-hours")
    assert f"only for {after_hours['covers']}." in text_of(after)
    assert f"Service is available {after_hours['availability']}." in text_of(after)
    [contact] = after.select("a")
    address, subject = mailto(contact)
    contact_id = after_hours["purchase"]["contact"]
    assert (address, subject) == (data["contacts"][contact_id]["email"], after_hours["name"])
    assert text_of(contact) == data["contacts"][contact_id]["label"]

    advisory = paragraph(soup, "Professional Advisory services are provided")
    assert f"stating that you want {offering(data, 'advisory')['name']}." in text_of(advisory)
    [contact] = advisory.select("a")
    assert mailto(contact)[0] == data["contacts"]["support"]["email"]


def test_build_has_no_warning(site: Site) -> None:
    assert site.status == 0
    assert site.warnings == ""
    assert (site.out / "purchase-options.html").is_file()
    assert "purchase-options.html" in (site.out / "index.html").read_text("utf-8")


def test_page_states_the_catalogue(site: Site) -> None:
    expect(PAGE, article_text(site.soup()))
    check_links_and_names(site.soup(), catalogue(CATALOGUE))


def test_table_is_real_markup_with_no_hand_typed_figure() -> None:
    source = (CATALOGUE.parent.parent / "docs" / "purchase-options.rst").read_text("utf-8")
    data = catalogue(CATALOGUE)
    for figure in (
        "$350 CAD",
        "350",
        "CAD",
        "7:00",
        "PM",
        data["contacts"]["support"]["email"],
        "2 to 3",
        "8 hours",
    ):
        assert figure not in source


@dataclass(frozen=True)
class Edit:
    """One edit of the catalogue, and the words of the reviewed page it changes, worked
    out by hand: (old text, new text, how many times the page states it)."""

    old: str
    new: str
    gone: str  # no longer anywhere on the page
    changes: list[tuple[str, str, int]]


NNBSP = "\\u202f"  # the narrow no-break space before AM and PM, as the stored page writes it
EDITS = {
    "price": Edit(
        "price: 350",
        "price: 399",
        "$350 CAD",
        [
            ("$350 CAD for one incident", "$399 CAD for one incident", 1),
            ("available for $700 CAD per incident", "available for $798 CAD per incident", 1),
            ("request costs $350 CAD.", "request costs $399 CAD.", 1),
        ],
    ),
    "currency": Edit(
        "currency: CAD",
        "currency: USD",
        "CAD",
        [
            ("$350 CAD for one incident", "$350 USD for one incident", 1),
            ("$1750 CAD for five incidents", "$1750 USD for five incidents", 1),
            ("available for $700 CAD per incident", "available for $700 USD per incident", 1),
            ("request costs $350 CAD.", "request costs $350 USD.", 1),
        ],
    ),
    "hours-start": Edit(
        'start: "19:00"',
        'start: "18:30"',
        "7:00 PM",
        [(f"7:00{NNBSP}PM – 10:00{NNBSP}PM", f"6:30{NNBSP}PM – 10:00{NNBSP}PM", 3)],
    ),
    "hours-days": Edit(
        "days: [monday, tuesday, wednesday, thursday, friday]",
        "days: [tuesday, wednesday, thursday]",
        "Monday",
        [("Monday through Friday", "Tuesday through Thursday", 3)],
    ),
}


@pytest.mark.parametrize("edit", EDITS.values(), ids=EDITS.keys())
def test_one_edit_changes_every_statement(
    tmp_path: Path, edited_catalogue: Callable[[str, str], Path], edit: Edit
) -> None:
    copy = edited_catalogue(edit.old, edit.new)
    built = build_site(tmp_path / "build", catalogue=copy)
    assert built.status == 0, built.warnings
    soup = built.soup()
    assert article_text(soup) == replaced(stored(PAGE), edit.changes)
    check_links_and_names(soup, catalogue(copy))
    assert edit.gone not in text_of(soup.select_one("div[role=main]") or soup)


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
