"""Drift: `offerings check` proves the built or published pages agree with the catalogue."""

from __future__ import annotations

import functools
import http.server
import json
import threading
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from docutils.core import publish_string

import expected as ex
from conftest import CATALOGUE, LICENCES, Site, build_site, text_of
from sphinx_offerings.cli import main

WITH_LICENCES = ["--catalogue", str(LICENCES)]  # the site's second catalogue
BOTH = ["--catalogue", str(CATALOGUE), *WITH_LICENCES]
PRICE_LINE = 'purchase-options.html: single-incident: price: page "$350 CAD", catalogue "399 CAD"'


def check(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str]]:
    code = main(["check", *argv])
    return code, capsys.readouterr().out.splitlines()


def test_stale_build_is_caught_then_passes_after_rebuild(
    tmp_path: Path,
    edited_catalogue: Callable[[str, str], Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    site = build_site(tmp_path / "site")
    assert site.status == 0
    assert check(capsys, str(site.out), *BOTH) == (
        0,
        [f"{site.out}: the pages agree with {CATALOGUE}, {LICENCES}"],
    )

    newer = edited_catalogue("price: 350", "price: 399")
    code, lines = check(capsys, str(site.out), "--catalogue", str(newer), *WITH_LICENCES)
    assert code == 1
    assert PRICE_LINE in lines
    assert all(line.count(": ") >= 2 for line in lines)

    rebuilt = build_site(tmp_path / "site", catalogue=newer)
    assert rebuilt.status == 0
    assert check(capsys, str(rebuilt.out), "--catalogue", str(newer), *WITH_LICENCES)[0] == 0


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1, and its base URL."""
    folder = tmp_path / "site"
    handler = functools.partial(QuietHandler, directory=str(folder / "html"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield folder, f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def test_published_page_over_http(
    served: tuple[Path, str],
    edited_catalogue: Callable[[str, str], Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    folder, base = served
    assert build_site(folder).status == 0
    url = f"{base}/purchase-options.html"
    newer = edited_catalogue("price: 350", "price: 399")
    code, lines = check(capsys, url, "--catalogue", str(newer), *WITH_LICENCES)
    assert code == 1
    assert f"{base}/{PRICE_LINE}" in lines

    assert build_site(folder, catalogue=newer).status == 0
    code, lines = check(capsys, url, "--catalogue", str(newer), *WITH_LICENCES)
    assert (code, lines) == (0, [f"{url}: the pages agree with {newer}, {LICENCES}"])


def test_page_naming_a_removed_offering(
    site: Site, edited_catalogue: Callable[[str, str], Path], capsys: pytest.CaptureFixture[str]
) -> None:
    renamed = edited_catalogue("- id: advisory", "- id: advice")
    code, lines = check(capsys, str(site.out), "--catalogue", str(renamed), *WITH_LICENCES)
    assert code == 1
    assert (
        "purchase-options.html: advisory: the page names an offering the catalogue does not have"
        in lines
    )


def test_check_usage_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(tmp_path / "nothing")]) == 2
    (tmp_path / "page.html").write_text("<p>No catalogue here.</p>")
    assert main(["check", str(tmp_path)]) == 2
    assert main(["check"]) == 2


def test_unknown_offering_in_directive_fails_build(tmp_path: Path) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"extensions = ['sphinx_offerings']\nofferings_catalogue = {str(CATALOGUE)!r}\n"
    )
    (src / "index.rst").write_text(
        "Title\n=====\n\nText.\n\n.. offerings:table::\n   :offerings: single-incident, nope\n\n"
        "Price :offerings:price:`single-incident` and :offerings:field:`advisory.colour`.\n"
    )
    built = build_site(tmp_path / "out", srcdir=src, confdir=src)
    assert built.status != 0
    assert f"{src / 'index.rst'}:6: WARNING: offerings:table: no offering is called 'nope'" in (
        built.warnings
    )
    assert f"{src / 'index.rst'}:9: WARNING: :offerings:field: 'colour'" in built.warnings
    assert "[offerings.reference]" in built.warnings


def table_of(soup: BeautifulSoup, css: str) -> list[list[str]]:
    table = soup.select_one(css)
    assert table is not None
    return [[text_of(cell) for cell in row.select("th, td")] for row in table.select("tr")]


def links_of(soup: BeautifulSoup, css: str) -> list[tuple[str, str, str]]:
    table = soup.select_one(css)
    assert table is not None
    return [(text_of(a), *ex.mailto(a)) for a in table.select("tbody a")]


@pytest.mark.parametrize("hostile", [False, True], ids=["shipped", "markup-in-values"])
def test_rendered_rst_matches_the_page(
    hostile: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    catalogue = CATALOGUE
    if hostile:
        text = CATALOGUE.read_text("utf-8")
        for old, new in (
            ("name: Professional Support Single Incident", 'name: "*x* `y <z>`_ |release| - 1."'),
            ("label: Get Started", 'label: "Get `Started` <now>_ \\\\ :role:`x`"'),
            ("name: Professional Support 5-Pack", 'name: "- .. raw:: html 5-Pack'),
        ):
            text = text.replace(old, new, 1)
        text = text.replace("5-Pack Annual Support Contract\n", '5-Pack [1]_ Contract"\n', 1)
        catalogue = tmp_path / "offerings.yaml"
        catalogue.write_text(text, "utf-8")
    built = build_site(tmp_path / "site", catalogue=catalogue)
    assert built.status == 0, built.warnings

    assert main(["render", "--table", "professional-support", "--catalogue", str(catalogue)]) == 0
    rst = capsys.readouterr().out
    html = publish_string(rst, writer="html5", settings_overrides={"report_level": 2})
    from_rst = BeautifulSoup(html, "html.parser")
    assert from_rst.select_one(".system-message") is None
    page = built.soup()
    assert table_of(from_rst, "table") == table_of(page, "table.offerings-table")
    assert links_of(from_rst, "table") == links_of(page, "table.offerings-table")
    if hostile:
        assert table_of(page, "table.offerings-table")[1][0] == "*x* `y <z>`_ |release| - 1."


def test_render_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--table", "nope", "--catalogue", str(CATALOGUE)]) == 2
    assert main(["render", "--format", "md"]) == 2
    assert main(["render", "--catalogue", str(CATALOGUE)]) == 0
    assert capsys.readouterr().out.count(".. list-table::") == 3  # one per group


def test_structured_data_states_the_catalogue(site: Site) -> None:
    data = ex.raw(CATALOGUE)
    [script] = site.soup().select('script[type="application/ld+json"]')
    ld = json.loads(script.get_text())
    assert ld["@context"] == "https://schema.org"
    assert ld["@type"] == "OfferCatalog"
    offers = {offer["identifier"]: offer for offer in ld["itemListElement"]}
    assert sorted(offers) == sorted(o["id"] for o in data["offerings"])
    for offering_id, offer in offers.items():
        amount, currency = ex.price(data, offering_id)
        assert offer["@type"] == "Offer"
        assert isinstance(offer["price"], str) and Decimal(offer["price"]) == amount
        assert offer["priceCurrency"] == currency
        assert offer["itemOffered"]["@type"] == "Service"
        spec = offer["priceSpecification"]
        assert spec["@type"] == "UnitPriceSpecification"
        assert (Decimal(spec["price"]), spec["priceCurrency"]) == (amount, currency)
    incidents = offers["five-pack"]["priceSpecification"]["referenceQuantity"]
    assert (incidents["value"], incidents["unitText"]) == (5, "incident")
    term = offers["five-pack"]["priceSpecification"]["billingDuration"]
    assert (term["value"], term["unitCode"]) == (1, "ANN")


def test_offerings_json_matches_export(site: Site, capsys: pytest.CaptureFixture[str]) -> None:
    published = json.loads((site.out / "offerings.json").read_text("utf-8"))
    assert main(["export", "--format", "json", *BOTH]) == 0
    assert json.loads(capsys.readouterr().out) == published
    data = ex.raw(CATALOGUE)
    ids = [o["id"] for o in data["offerings"]]
    for item in (o for o in published["offerings"] if o["id"] in ids):
        amount, currency = ex.price(data, item["id"])
        price = item["prices"][0]
        assert (Decimal(price["amount"]), price["currency"]) == (amount, currency)
    assert main(["export", "--format", "jsonld", "--catalogue", str(CATALOGUE)]) == 0
    assert json.loads(capsys.readouterr().out)["@type"] == "OfferCatalog"
