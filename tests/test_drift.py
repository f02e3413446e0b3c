"""Drift: `offerings check` proves the built or published pages agree with the catalogue."""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.core import publish_doctree

from conftest import CATALOGUE, LICENCES, Site, build_page, build_site, serve, text_of
from snapshots import catalogue, expect, mailto, stored
from sphinx_offerings.cli import main

WITH_LICENCES = ["--catalogue", str(LICENCES)]  # the site's second catalogue
BOTH = ["--catalogue", str(CATALOGUE), *WITH_LICENCES]
PRICE_LINE = 'purchase-options.html: single-incident: price: page "$350 CAD", catalogue "399 CAD"'
# Each offering of data/offerings.yaml: its amount and currency, worked out by hand (the
# after-hours price is twice the single incident's, the advisory price the same).
PRICES = {
    "single-incident": (Decimal(350), "CAD"),
    "five-pack": (Decimal(1750), "CAD"),
    "after-hours": (Decimal(700), "CAD"),
    "advisory": (Decimal(350), "CAD"),
}
ON = "2026-11-27"  # a day before the announced licence price change: offerings.json lists it


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


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1, and its base URL."""
    folder = tmp_path / "site"
    with serve(folder / "html") as url:
        yield folder, url


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


@pytest.fixture
def folder(site: Site, tmp_path: Path) -> Path:
    """A copy of the built site, to spoil."""
    return Path(shutil.copytree(site.out, tmp_path / "html"))


def test_a_page_that_cannot_be_read_is_named_and_the_rest_checked(
    folder: Path,
    edited_catalogue: Callable[[str, str], Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    (folder / "latin-1.html").write_bytes(b"<p>caf\xe9</p>")
    (folder / "folder.html").mkdir()
    unreadable = [
        f"{folder / 'folder.html'}: error: cannot be read: Is a directory",
        f"{folder / 'latin-1.html'}: error: not UTF-8: byte 0xe9 at offset 6",
    ]
    assert main(["check", str(folder), *BOTH]) == 1
    assert capsys.readouterr() == ("", "\n".join(unreadable) + "\n")

    newer = edited_catalogue("price: 350", "price: 399")
    assert main(["check", str(folder), "--catalogue", str(newer), *WITH_LICENCES]) == 1
    out, err = capsys.readouterr()
    assert PRICE_LINE in out.splitlines()
    assert err.splitlines() == unreadable


def test_an_offerings_json_that_cannot_be_read(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "offerings.json").write_text("{", "utf-8")
    assert main(["check", str(folder), *BOTH]) == 1
    assert capsys.readouterr() == (
        "",
        f"{folder / 'offerings.json'}: error: not valid JSON: Expecting property name "
        "enclosed in double quotes: line 1 column 2 (char 1)\n",
    )


def test_a_folder_whose_only_page_cannot_be_read(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "index.html").write_bytes(b"\xff")
    assert main(["check", str(tmp_path), *BOTH]) == 1
    assert capsys.readouterr() == (
        "",
        f"{tmp_path / 'index.html'}: error: not UTF-8: byte 0xff at offset 0\n",
    )


def test_unknown_offering_in_directive_fails_build(tmp_path: Path) -> None:
    built, page = build_page(
        tmp_path,
        "Title\n=====\n\nText.\n\n.. offerings:table::\n   :offerings: single-incident, nope\n\n"
        "Price :offerings:price:`single-incident` and :offerings:field:`advisory.colour`.\n",
    )
    assert built.status != 0
    assert f"{page}:6: WARNING: offerings:table: no offering is called 'nope'" in built.warnings
    assert f"{page}:9: WARNING: :offerings:field: 'colour'" in built.warnings
    assert "[offerings.reference]" in built.warnings


def test_a_link_to_an_offering_without_a_contact_fails_build(tmp_path: Path) -> None:
    built, page = build_page(
        tmp_path,
        "Title\n=====\n\nWrite to :offerings:link:`sharpsnmp-pro`.\n",
        (CATALOGUE, LICENCES),
    )
    assert built.status != 0
    assert (
        f"{page}:4: WARNING: :offerings:link: the offering 'sharpsnmp-pro' has no "
        "contact to link to" in built.warnings
    )


def test_empty_columns_option_fails_build(tmp_path: Path) -> None:
    built, _page = build_page(tmp_path, "Title\n=====\n\n.. offerings:table::\n   :columns:\n")
    assert built.status != 0
    assert "unknown column (none given); use: name, price" in built.warnings
    assert "AttributeError" not in built.warnings


def fold(text: str) -> str:
    return " ".join(text.split())


def table_of(soup: BeautifulSoup, css: str) -> dict[str, list[list[str]]]:
    """The cells of a table of a page, and its links: text, address and subject."""
    table = soup.select_one(css)
    assert table is not None
    return {
        "rows": [[text_of(cell) for cell in row.select("th, td")] for row in table.select("tr")],
        "links": [[text_of(a), *mailto(a)] for a in table.select("tbody a")],
    }


def rst_table_of(rst: str) -> dict[str, list[list[str]]]:
    """The same of the one table in RST text, as docutils reads it."""
    doctree = publish_doctree(rst, settings_overrides={"report_level": 2})
    assert list(doctree.findall(nodes.system_message)) == []
    [table] = doctree.findall(nodes.table)
    return {
        "rows": [
            [fold(entry.astext()) for entry in row.children] for row in table.findall(nodes.row)
        ],
        "links": [
            [fold(ref.astext()), *mailto(str(ref["refuri"]))]
            for ref in table.findall(nodes.reference)
        ],
    }


@pytest.mark.parametrize("hostile", [False, True], ids=["shipped", "markup-in-values"])
def test_rendered_rst_reads_back_as_reviewed(
    hostile: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The RST tables, read back by docutils, and the page's tables say what the reviewed
    cells say; values that look like RST markup stay text."""
    catalogue_path = CATALOGUE
    if hostile:
        text = CATALOGUE.read_text("utf-8")
        for old, new in (
            ("name: Professional Support Single Incident", 'name: "*x* `y <z>`_ |release| - 1."'),
            ("label: Get Started", 'label: "Get `Started` <now>_ \\\\ :role:`x`"'),
            ("name: Professional Support 5-Pack", 'name: "- .. raw:: html 5-Pack'),
        ):
            text = text.replace(old, new, 1)
        text = text.replace("5-Pack Annual Support Contract\n", '5-Pack [1]_ Contract"\n', 1)
        catalogue_path = tmp_path / "offerings.yaml"
        catalogue_path.write_text(text, "utf-8")
    built = build_site(tmp_path / "site", catalogue=catalogue_path)
    assert built.status == 0, built.warnings

    argv = ["render", "--table", "professional-support", "--catalogue", str(catalogue_path)]
    assert main(argv) == 0
    rst = capsys.readouterr().out
    if not hostile:
        expect("render-professional-support.rst", rst)
    reviewed = json.loads(
        stored(f"render-{'markup-in-values' if hostile else 'professional-support'}.json")
    )
    assert rst_table_of(rst) == reviewed
    page = built.soup()
    assert table_of(page, "table.offerings-table") == reviewed
    if hostile:
        assert (
            table_of(page, "table.offerings-table")["rows"][1][0] == "*x* `y <z>`_ |release| - 1."
        )


def test_render_usage(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["render", "--table", "nope", "--catalogue", str(CATALOGUE)]) == 2
    assert main(["render", "--format", "md"]) == 2
    assert main(["render", "--catalogue", str(CATALOGUE)]) == 0
    assert capsys.readouterr().out.count(".. list-table::") == 3  # one per group


def test_structured_data_states_the_catalogue(site: Site) -> None:
    data = catalogue(CATALOGUE)
    [script] = site.soup().select('script[type="application/ld+json"]')
    ld = json.loads(script.get_text())
    assert ld["@context"] == "https://schema.org"
    assert ld["@type"] == "OfferCatalog"
    offers = {offer["identifier"]: offer for offer in ld["itemListElement"]}
    assert sorted(offers) == sorted(o["id"] for o in data["offerings"]) == sorted(PRICES)
    for offering_id, offer in offers.items():
        amount, currency = PRICES[offering_id]
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


@pytest.fixture(scope="module")
def dated(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The shipped site, built as on the day ON."""
    built = build_site(tmp_path_factory.mktemp("dated"), extra=("-D", f"offerings_date={ON}"))
    assert built.status == 0, built.warnings
    return built


def test_offerings_json_is_as_reviewed(dated: Site, capsys: pytest.CaptureFixture[str]) -> None:
    """offerings.json, on one line, says what the reviewed file says; so does `export`."""
    assert main(["export", "--format", "json", *BOTH, "--date", ON]) == 0
    expect("offerings.json", capsys.readouterr().out)
    reviewed = json.loads(stored("offerings.json"))
    published = (dated.out / "offerings.json").read_text("utf-8")
    assert published == json.dumps(reviewed, ensure_ascii=False) + "\n"
    assert main(["export", "--format", "jsonld", "--catalogue", str(CATALOGUE)]) == 0
    assert json.loads(capsys.readouterr().out)["@type"] == "OfferCatalog"


def test_offerings_json_states_the_catalogue(dated: Site) -> None:
    """The values that pass through unformatted, against both files read by PyYAML; the
    amounts against the ones worked out by hand."""
    published = json.loads((dated.out / "offerings.json").read_text("utf-8"))
    shipped, licences = catalogue(CATALOGUE), catalogue(LICENCES)
    items = [*shipped["offerings"], *licences["offerings"]]
    assert published["date"] == ON
    assert published["author"] == shipped["author"]
    contacts = {**shipped["contacts"], **licences["contacts"]}
    assert published["contacts"] == {key: {"id": key, **value} for key, value in contacts.items()}
    assert [o["id"] for o in published["offerings"]] == [o["id"] for o in items]
    for item, raw in zip(published["offerings"], items, strict=True):
        for key in ("group", "name", "incidents", "covers", "availability", "tags"):
            assert item.get(key) == raw.get(key), (raw["id"], key)
        if raw["id"] in PRICES:
            amount, currency = PRICES[raw["id"]]
            price = item["prices"][0]
            assert (Decimal(price["amount"]), price["currency"]) == (amount, currency)
        if "url" in raw["purchase"]:
            assert item["purchase"]["url"] == raw["purchase"]["url"]
        elif "contact" in raw["purchase"]:
            assert (
                item["purchase"]["contact"]["email"]
                == contacts[raw["purchase"]["contact"]]["email"]
            )


# -- hostile pages and offerings.json: one line each, the rest checked, never a traceback --

MINIMAL = ["--catalogue", str(Path(__file__).resolve().parent / "catalogues" / "minimal.yaml")]
# single's price in minimal.yaml, 350 CAD, shown as a page would show it; and as it is not
FIGURE = '<span data-offerings-ref="single" data-offerings-field="price" data-offerings-value='
AGREES = f'<p>{FIGURE}"350 CAD">$350 CAD</span></p>'
STALE = f'<p>{FIGURE}"399 CAD">$399 CAD</span></p>'
STALE_LINE = 'stale.html: single: price: page "$399 CAD", catalogue "350 CAD"'


def _ld(body: str) -> str:
    return f'<script type="application/ld+json">{body}</script>'


def pages(folder: Path, index: str | bytes) -> Path:
    """A build folder of two pages: ``index.html``, and one built from an older catalogue."""
    folder.mkdir()
    (folder / "index.html").write_bytes(index.encode() if isinstance(index, str) else index)
    (folder / "stale.html").write_text(STALE, "utf-8")
    return folder


OFFER = '{"identifier": "single", "price": "350", "priceCurrency": "CAD"}'
#: Structured data no build writes, and what is said of it, by hand.
STRUCTURED = [
    (
        '{"@type": "OfferCatalog", "itemListElement": ["x"]}',
        'not an OfferCatalog as a build writes it: itemListElement[0]: "x" is not an object',
    ),
    (
        '{"@type": "OfferCatalog", "itemListElement": 5}',
        "not an OfferCatalog as a build writes it: itemListElement: 5 is not a list",
    ),
    ('{"@type": "OfferCatalog"}', "not an OfferCatalog as a build writes it: no itemListElement"),
    (
        '{"@type": "OfferCatalog", "itemListElement": [{"identifier": 5}]}',
        "not an OfferCatalog as a build writes it: itemListElement[0].identifier: 5 is not text",
    ),
    (
        f'{{"@type": "OfferCatalog", "itemListElement": [{OFFER}, {{"identifier": "advisory", '
        '"price": 350, "priceCurrency": "CAD"}]}',
        "not an OfferCatalog as a build writes it: itemListElement[1].price: 350 is not text",
    ),
    (
        '{"@type": "OfferCatalog", "itemListElement": [{"identifier": "single", "price": "350"}]}',
        "not an OfferCatalog as a build writes it: itemListElement[0]: no priceCurrency",
    ),
    ("[" * 100_000 + "]" * 100_000, "not valid JSON: nested too deeply"),
    ("1" * 5000, "not valid JSON: a number of more than 4300 digits"),
    (
        '{"@type": "OfferCatalog", "itemListElement": [{"identifier": "single", "price": NaN}]}',
        "not valid JSON: NaN is not a JSON value",
    ),
    (
        "{",
        "not valid JSON: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)",
    ),
]


@pytest.mark.parametrize(("body", "reason"), STRUCTURED, ids=[r for _b, r in STRUCTURED])
def test_structured_data_not_as_a_build_writes_it(
    tmp_path: Path, body: str, reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = pages(tmp_path / "html", AGREES + _ld(body))
    assert main(["check", str(folder), *MINIMAL]) == 1
    assert capsys.readouterr() == (
        f"{STALE_LINE}\n",
        f"{folder / 'index.html'}: error: structured data: {reason}\n",
    )


def test_structured_data_of_a_published_page(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "site"
    folder.mkdir()
    (folder / "page.html").write_text(AGREES + _ld("[" * 100_000), "utf-8")
    with serve(folder) as base:
        assert main(["check", f"{base}/page.html", *MINIMAL]) == 1
    assert capsys.readouterr() == (
        "",
        f"{base}/page.html: error: structured data: not valid JSON: nested too deeply\n",
    )


@pytest.fixture
def exported(capsys: pytest.CaptureFixture[str]) -> dict[str, Any]:
    """minimal.yaml as offerings.json, read with plain json."""
    assert main(["export", "--format", "json", *MINIMAL]) == 0
    data: dict[str, Any] = json.loads(capsys.readouterr().out)
    assert data["offerings"][0]["id"] == "single"
    return data


#: offerings.json no build writes (None: minimal.yaml's, its first price emptied), and
#: what is said of it, by hand.
PUBLISHED = [
    ("[" * 600 + "]" * 600, "not an offerings.json as a build writes it: a list is not an object"),
    ("[" * 100_000 + "]" * 100_000, "not valid JSON: nested too deeply"),
    ("1" * 5000, "not valid JSON: a number of more than 4300 digits"),
    ('{"offerings": 5}', "not an offerings.json as a build writes it: no date"),
    (None, "not an offerings.json as a build writes it: offerings[0].prices[0]: no amount"),
]


@pytest.mark.parametrize(("text", "reason"), PUBLISHED, ids=[r for _t, r in PUBLISHED])
def test_an_offerings_json_not_as_a_build_writes_it(
    tmp_path: Path,
    exported: dict[str, Any],
    text: str | None,
    reason: str,
    capsys: pytest.CaptureFixture[str],
) -> None:
    exported["offerings"][0]["prices"] = [{}]
    folder = pages(tmp_path / "html", AGREES)
    (folder / "offerings.json").write_text(text or json.dumps(exported), "utf-8")
    assert main(["check", str(folder), *MINIMAL]) == 1
    assert capsys.readouterr() == (
        f"{STALE_LINE}\n",
        f"{folder / 'offerings.json'}: error: {reason}\n",
    )


def test_a_price_specification_whose_paths_meet(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A key that reads as a path hides no value of the same path, nor does an empty
    object go unseen: single's specification, worked out by hand from data.py, with its
    reference quantity 9 (the catalogue's is 1 incident), that path again as one key, 1,
    and an empty eligibleQuantity."""
    spec = (
        '{"@type": "UnitPriceSpecification", "price": "350", "priceCurrency": "CAD", '
        '"eligibleQuantity": {}, "referenceQuantity": {"@type": "QuantitativeValue", '
        '"value": 9, "unitText": "incident"}, "referenceQuantity.value": 1}'
    )
    offer = f'{OFFER[:-1]}, "priceSpecification": {spec}}}'
    catalog = f'{{"@type": "OfferCatalog", "itemListElement": [{offer}]}}'
    folder = pages(tmp_path / "html", AGREES + _ld(catalog))
    assert main(["check", str(folder), *MINIMAL]) == 1
    structured = "index.html: single: structured data priceSpecification"
    assert capsys.readouterr() == (
        f"{structured}.eligibleQuantity: page {{}}, catalogue null\n"
        f"{structured}.referenceQuantity.value: page 9, catalogue 1\n"
        f"{structured}.referenceQuantity.value#2: page 1, catalogue null\n"
        f"{STALE_LINE}\n",
        "",
    )


def test_what_a_page_holds_prints_on_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A line break in a page's attribute, a terminal's escape in its attribute or its
    text, a link that is no URL: each difference on one line, invisible characters as
    escapes."""
    index = (
        '<span data-offerings-ref="sin\ngle" data-offerings-field="price">x</span>'
        '<span data-offerings-ref="x&#13;&#10;y: the pages agree" data-offerings-field="price">'
        "x</span>"
        '<span data-offerings-ref="single" data-offerings-field="price\x1b[31m">x</span>'
        f'{FIGURE}"1 CAD">$1\x1b[2J CAD</span>'
        f'{FIGURE}"2 CAD"><a href="mailto://[x">write</a></span>'
    )
    folder = pages(tmp_path / "html", index)
    assert main(["check", str(folder), *MINIMAL]) == 1
    out, err = capsys.readouterr()
    assert (out.splitlines(), err) == (
        [
            r"index.html: sin\ngle: the page names an offering the catalogue does not have",
            r"index.html: x\r\ny: the pages agree: price: the catalogue no longer states "
            "this field",
            r"index.html: single: price\x1b[31m: the catalogue no longer states this field",
            r'index.html: single: price: page "$1\x1b[2J CAD", catalogue "350 CAD"',
            'index.html: single: price: page "mailto://[x", catalogue "350 CAD"',
            STALE_LINE,
        ],
        "",
    )


def test_a_page_that_is_a_device(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A link to a device (here /dev/null, which is empty) is not read: a pipe or a disk
    would not end."""
    folder = pages(tmp_path / "html", AGREES)
    (folder / "null.html").symlink_to(os.devnull)
    assert main(["check", str(folder), *MINIMAL]) == 1
    assert capsys.readouterr() == (
        f"{STALE_LINE}\n",
        f"{folder / 'null.html'}: error: cannot be read: not a file\n",
    )


@pytest.fixture
def deep(tmp_path: Path) -> Iterator[Path]:
    """A build folder whose last page lies 1,200 folders down: past the recursion a walk
    by Path.rglob takes. Removed here, from the bottom up, as shutil.rmtree recurses."""
    folder = pages(tmp_path / "html", AGREES)
    bottom = folder
    for _level in range(1200):
        bottom /= "a"
        bottom.mkdir()
    (bottom / "deep.html").write_text(STALE, "utf-8")
    yield folder
    (bottom / "deep.html").unlink()
    while bottom != folder:
        bottom.rmdir()
        bottom = bottom.parent


def test_a_build_folder_nested_deep(deep: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check", str(deep), *MINIMAL]) == 1
    out, err = capsys.readouterr()
    assert (out.splitlines(), err) == (
        [STALE_LINE.replace("stale", "a/" * 1200 + "deep"), STALE_LINE],
        "",
    )


def test_a_page_name_that_moves_the_cursor(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A file's name is printed on one line, a carriage return and a terminal's escape
    in it escaped: it cannot overwrite a line with its own words."""
    NOT_UTF8 = "not UTF-8: byte 0xe9 at offset 0"
    folder = pages(tmp_path / "html", AGREES)
    (folder / "a\rb: the pages agree\x1b[8m.html").write_bytes(b"\xe9")
    (folder / "c\udce9\u202e.html").write_bytes(b"\xe9")  # not UTF-8: the name as found
    assert main(["check", str(folder), *MINIMAL]) == 1
    out, err = capsys.readouterr()
    assert (out, err.splitlines()) == (
        f"{STALE_LINE}\n",
        [
            f"{folder}/a\\rb: the pages agree\\x1b[8m.html: error: {NOT_UTF8}",
            f"{folder}/c\\udce9\\u202e.html: error: {NOT_UTF8}",
        ],
    )


def test_a_page_beyond_the_size_cap(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """A page is read up to 10 MiB, as over http(s): a larger one is named, not parsed."""
    folder = pages(tmp_path / "html", AGREES)
    (folder / "huge.html").write_bytes(b"<p>" + b"x" * (10 * 1024 * 1024))
    assert main(["check", str(folder), *MINIMAL]) == 1
    assert capsys.readouterr() == (
        f"{STALE_LINE}\n",
        f"{folder / 'huge.html'}: error: cannot be read: the page is more than 10 MiB\n",
    )


def test_a_folder_that_cannot_be_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A folder of the build that cannot be listed (chmod 000) is named: its pages are not
    said to agree."""
    folder = tmp_path / "html"
    folder.mkdir()
    (folder / "index.html").write_text(AGREES, "utf-8")
    (folder / "locked").mkdir()
    (folder / "locked" / "stale.html").write_text(STALE, "utf-8")
    listed = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == folder / "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return listed(path)

    monkeypatch.setattr(os, "scandir", scandir)
    assert main(["check", str(folder), *MINIMAL]) == 1
    assert capsys.readouterr() == (
        "",
        f"{folder / 'locked'}: error: cannot be read: Permission denied\n",
    )


@pytest.mark.parametrize(
    "page",
    [
        "<!-- data-offerings-ref -->",
        "<p>Each figure has a data-offerings-ref attribute.</p>",
        '<p data-offerings-ref="single">no field</p>',
    ],
)
def test_a_mark_that_is_no_figure(
    page: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A page that names the mark in a comment or in words shows no figure: nothing was
    compared, so the pages are not said to agree."""
    (tmp_path / "index.html").write_text(page, "utf-8")
    assert main(["check", str(tmp_path), *MINIMAL]) == 2
    assert capsys.readouterr() == (
        "",
        f"offerings check: error: {tmp_path}: no page there shows anything from an "
        "offerings catalogue\n",
    )
