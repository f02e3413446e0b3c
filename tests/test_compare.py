"""`.. offerings:compare::`: plans as columns, a row per fact, in every builder.

The catalogue is tests/roots/test-figures/catalogue.yaml; every expected label and cell
below was worked out by hand from it.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.cmd.build import build_main

from conftest import build_page, text_of

CATALOGUE = Path(__file__).resolve().parent / "roots" / "test-figures" / "catalogue.yaml"

#: The default rows for pack, plan and suite: (row header, each plan's cell).
DEFAULT_ROWS = [
    (
        "Price",
        [
            "€900 EUR for three incidents (discounted from €1000 EUR)",
            "€50 EUR per month or €500 EUR per year",
            "from €499 EUR per 5 cases for 1 year, billed yearly (approx. $540 USD) "
            "+ travel expenses, 10% off when paid upfront or 1–4 seats: €40 EUR per seat "
            "per month; 5–19 seats: €35 EUR per seat per month; 20 seats or more: "
            "Quoted on request",
        ],
    ),
    ("Term", ["", "", "for 1 year"]),
    ("Cases", ["not included", "not included", "5 cases"]),
    ("Named contacts", ["not included", "not included", "2 named contacts"]),
    ("Incidents", ["not included", "not included", "unlimited incidents per year"]),
    ("Coverage", ["", "", "24x7"]),
    ("Priority response", ["", "", "within 4 hours"]),
    ("Hotfix", ["", "", "next business day"]),
    ("Single sign-on", ["not included", "not included", "included"]),
]
PLANS = ["Support pack", "Monthly plan", "Suite"]


def compare_page(tmp_path: Path, options: str) -> tuple[BeautifulSoup, str]:
    site, _ = build_page(
        tmp_path, f"Plans\n=====\n\n.. offerings:compare::\n{options}", (CATALOGUE,)
    )
    return site.soup("index"), site.warnings


def table(soup: BeautifulSoup) -> Tag:
    found = soup.select_one("table.offerings-compare")
    assert found is not None
    return found


def test_plans_are_columns_and_facts_rows(tmp_path: Path) -> None:
    soup, warnings = compare_page(tmp_path, "   :offerings: pack, plan, suite\n")
    assert warnings == ""
    compared = table(soup)
    heads = compared.select("thead th")
    assert [text_of(th) for th in heads] == ["", *PLANS]
    assert {th["scope"] for th in heads} == {"col"}
    rows = []
    for row in compared.select("tbody tr"):
        header = row.find("th")
        assert header is not None and header["scope"] == "row"
        cells = row.find_all("td")
        assert [cell["data-label"] for cell in cells] == PLANS  # a phone card names each plan
        rows.append((text_of(header), [text_of(cell) for cell in cells]))
    assert rows == DEFAULT_ROWS


def test_rows_are_chosen_in_order(tmp_path: Path) -> None:
    options = "   :offerings: suite, pack\n   :rows: feature.sso, allowance.contacts, offer\n"
    soup, warnings = compare_page(tmp_path, options)
    assert warnings == ""
    rows = [
        [text_of(cell) for cell in row.find_all(["th", "td"])]
        for row in table(soup).select("tbody tr")
    ]
    assert rows == [
        ["Single sign-on", "included", "not included"],
        ["Named contacts", "2 named contacts", "not included"],
        ["Offer", DEFAULT_ROWS[0][1][2], DEFAULT_ROWS[0][1][0]],
    ]


def test_a_group_is_compared(tmp_path: Path) -> None:
    soup, _ = compare_page(tmp_path, "   :group: plans\n   :rows: price\n")
    assert [text_of(th) for th in table(soup).select("thead th")] == ["", "Suite", "Trial"]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ("   :offerings: suite, nothing\n", "no offering is called 'nothing'"),
        ("   :group: none-such\n", "no plan to compare"),
        ("   :rows: price, colour\n", "unknown row colour"),
    ],
)
def test_a_wrong_choice_is_a_located_warning(tmp_path: Path, options: str, message: str) -> None:
    page = f"Plans\n=====\n\n.. offerings:compare::\n{options}"
    site, source = build_page(tmp_path, page, (CATALOGUE,))
    assert site.status != 0
    assert f"{source}:4:" in site.warnings and message in site.warnings, site.warnings


@pytest.mark.parametrize("builder", ["text", "latex", "man"])
def test_every_builder_writes_the_comparison(tmp_path: Path, builder: str) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"extensions = ['sphinx_offerings']\nofferings_catalogue = {str(CATALOGUE)!r}\n"
    )
    (src / "index.rst").write_text(
        "Plans\n=====\n\n.. offerings:compare::\n   :offerings: pack, suite\n", "utf-8"
    )
    assert build_main(["-q", "-W", "-b", builder, str(src), str(tmp_path / "out")]) == 0
    written = "\n".join(
        path.read_text("utf-8")
        for path in (tmp_path / "out").rglob("*")
        if path.suffix in {".txt", ".tex", ".1"}
    )
    for text in ("Named contacts", "not included", "2 named contacts", "within 4 hours"):
        assert text in " ".join(written.split()), (builder, text)


def test_each_price_a_row_named_by_its_term(tmp_path: Path) -> None:
    soup, warnings = compare_page(
        tmp_path, "   :offerings: pack, plan, suite\n   :rows: price.1, price.2\n"
    )
    assert warnings == ""
    rows = [
        [text_of(cell) for cell in row.find_all(["th", "td"])]
        for row in table(soup).select("tbody tr")
    ]
    # the suite's first price runs for a year; no plan's second price has a term
    assert rows == [
        ["Price for 1 year", "€900 EUR", "€50 EUR", "€499 EUR"],
        ["Price 2", "", "€500 EUR", "€40 EUR"],
    ]


def test_only_a_page_that_compares_loads_the_comparisons_styles(tmp_path: Path) -> None:
    soup, _ = compare_page(tmp_path, "   :offerings: pack, suite\n")
    assert soup.select('link[rel="stylesheet"][href*="offerings-compare.css"]')
    site, _ = build_page(tmp_path / "plain", "Plain\n=====\n\nText.\n", (CATALOGUE,))
    assert not site.soup("index").select('link[href*="offerings-compare.css"]')
