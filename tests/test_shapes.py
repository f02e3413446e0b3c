"""Shapes of real vendors' pricing pages, each a small project in tests/shapes/NAME/: a
catalogue and a page that states every figure through the extension's roles and
directives, once in reStructuredText (index.rst) and once in MyST Markdown (index.md).

Each figure on a built page is checked against the project's YAML, read here with plain
PyYAML: its value (``data-offerings-value``) from the YAML by the canonical forms
`yaml_value` spells out, and the text a reader sees, written out by hand in `SHAPES`.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from sphinx.cmd.build import build_main
from sphinx.locale import translators

from conftest import DOCS, ROOT, text_of
from sphinx_offerings.cli import main

SHAPES_DIR = Path(__file__).resolve().parent / "shapes"
#: The build date: the catalogues schedule no change, but offerings.json states its date.
ON = "2027-03-01"

Place = tuple[str, str]  # (data-offerings-ref, data-offerings-field)


@dataclass(frozen=True)
class Shape:
    """One test project: what its page shows, worked out by hand from its catalogue."""

    name: str
    #: Every figure on the page: its text, as a reader sees it.
    figures: dict[Place, str]
    #: Sentences the text build says, white space folded.
    phrases: tuple[str, ...]
    #: A figure (ref, field) and a value other than the catalogue's: `offerings check` must
    #: catch a built page that states it.
    edited: tuple[str, str, str]
    #: The entries of the page's table of contents, roles read.
    contents: tuple[str, ...] = ()
    #: The comparison's rows: (row header, each plan's cell).
    compared: tuple[tuple[str, tuple[str, ...]], ...] = ()

    @property
    def folder(self) -> Path:
        return SHAPES_DIR / self.name

    def catalogue(self) -> dict[str, Any]:
        data: dict[str, Any] = yaml.safe_load((self.folder / "catalogue.yaml").read_text())
        return data


def _each(places: dict[str, tuple[str, ...]], *refs: str) -> dict[Place, str]:
    """Figures several offerings state, by field: each's text, in the order of ``refs``."""
    return {
        (ref, name): text
        for name, texts in places.items()
        for ref, text in zip(refs, texts, strict=True)
    }


#: Packs of cases valid for a year from purchase, with emergency incidents and named
#: contacts (allowances), 8x5 or 24x7 coverage, and response and workaround times.
PACKS = ("pack-5", "pack-10", "pack-25")
SUPPORT_PACKS = Shape(
    "support_packs",
    figures={
        **_each(
            {
                "name": ("Starter pack", "Team pack", "Enterprise pack"),
                "price": ("$1250 USD", "$2300 USD", "$5000 USD"),
                "per": ("per 5 cases", "per 10 cases", "per 25 cases"),
                "term": ("valid for 1 year from purchase",) * 3,
                "allowance.cases": ("5 cases", "10 cases", "25 cases"),
                "allowance.emergency": (
                    "no emergency incidents",
                    "2 emergency incidents per year",
                    "unlimited emergency incidents per year",
                ),
                "allowance.contacts": (
                    "2 named contacts",
                    "4 named contacts",
                    "up to 10 named contacts",
                ),
                "coverage": ("8x5", "8x5", "24x7"),
                "time.response": ("within 8 business hours",) * 2 + ("within 4 hours",),
                "time.workaround": ("next business day",) * 2 + ("same business day",),
            },
            *PACKS,
        ),
        ("pack-25", "time.emergency"): "within 1 hour",
        ("contact:support", "email"): "the support desk",
    },
    phrases=(
        "* Starter pack, $1250 USD",
        "* Enterprise pack, $5000 USD",
        "Each pack is valid for 1 year from purchase; cases not used by then lapse.",
        "$1250 USD per 5 cases, valid for 1 year from purchase: 5 cases for 2 named "
        "contacts, answered within 8 business hours (8x5), with a workaround by the next "
        "business day. It includes no emergency incidents.",
        "25 cases for up to 10 named contacts, 24x7: a first response within 4 hours, and "
        "an emergency answered within 1 hour, a workaround the same business day, with "
        "unlimited emergency incidents per year.",
    ),
    edited=("pack-10", "allowance.emergency", "3 emergency/year"),
    contents=("Starter pack, $1250 USD", "Enterprise pack, $5000 USD"),
    compared=(
        ("Price", ("$1250 USD per 5 cases", "$2300 USD per 10 cases", "$5000 USD per 25 cases")),
        ("Term", ("valid for 1 year from purchase",) * 3),
        ("Cases", ("5 cases", "10 cases", "25 cases")),
        (
            "Emergency incidents",
            (
                "no emergency incidents",
                "2 emergency incidents per year",
                "unlimited emergency incidents per year",
            ),
        ),
        ("Named contacts", ("2 named contacts", "4 named contacts", "up to 10 named contacts")),
        ("Coverage", ("8x5", "8x5", "24x7")),
        ("First response", ("within 8 business hours",) * 2 + ("within 4 hours",)),
        ("Workaround", ("next business day",) * 2 + ("same business day",)),
        ("Emergency response", ("", "", "within 1 hour")),
    ),
)

#: Plans each sold for a month, a year or two years, billed monthly or yearly, from a
#: lowest price, compared feature by feature.
PLANS = ("solo", "team", "business")
#: Each plan's price for a month, a year and two years, as the comparison states it.
PLAN_PRICES = tuple(
    f"{month} per month for 1 month, billed monthly or {year} per month for 1 year, billed "
    f"yearly or from {two_years} per month for 2 years, billed yearly"
    for month, year, two_years in (
        ("€14.90 EUR", "€11.90 EUR", "€9.90 EUR"),
        ("€39 EUR", "€32 EUR", "€27 EUR"),
        ("€99 EUR", "€84 EUR", "€72 EUR"),
    )
)
PLAN_FEATURES = {
    "feature.projects": ("3 projects", "unlimited", "unlimited"),
    "feature.sso": ("not included", "included", "included"),
    "feature.audit-log": ("not included", "not included", "included"),
    "feature.support": (
        "community forum",
        "e-mail, next business day",
        "phone and e-mail, within 4 hours",
    ),
}
PLAN_TERMS = Shape(
    "plan_terms",
    figures={
        **_each(
            {
                "name": ("Solo", "Team", "Business"),
                "price": ("€14.90 EUR", "€39 EUR", "€99 EUR"),
                "price.2": ("€11.90 EUR", "€32 EUR", "€84 EUR"),
                "price.3": ("€9.90 EUR", "€27 EUR", "€72 EUR"),
                "qualifier.3": ("from €9.90 EUR", "from €27 EUR", "from €72 EUR"),
                "term": ("for 1 month",) * 3,
                "term.2": ("for 1 year",) * 3,
                "term.3": ("for 2 years",) * 3,
                "billing": ("billed monthly",) * 3,
                "billing.2": ("billed yearly",) * 3,
                "billing.3": ("billed yearly",) * 3,
                "purchase": ("Buy online", "Buy online", "Contact us for purchase link"),
                **PLAN_FEATURES,
            },
            *PLANS,
        ),
        ("contact:sales", "email"): "our sales team",
    },
    phrases=(
        "Solo starts from €9.90 EUR, Team from €27 EUR and Business from €72 EUR, each for "
        "2 years, billed yearly.",
        "A month of Team costs €39 EUR, billed monthly; a year of it €32 EUR a month, "
        "billed yearly.",
        "| Single sign-on | not included | included | included |",
    ),
    edited=("team", "price.3", "25 EUR"),
    compared=(
        ("Price", PLAN_PRICES),
        ("Projects", PLAN_FEATURES["feature.projects"]),
        ("Single sign-on", PLAN_FEATURES["feature.sso"]),
        ("Audit log", PLAN_FEATURES["feature.audit-log"]),
        ("Support", PLAN_FEATURES["feature.support"]),
        ("To Purchase", ("Buy online", "Buy online", "Contact us for purchase link")),
    ),
)

#: A price per seat per year with volume breaks, before tax, and a discount for open
#: source projects.
SEAT_LICENCES = Shape(
    "seat_licences",
    figures={
        ("developer", "name"): "Developer licence",
        ("developer", "price"): "$395 USD",
        ("developer", "break"): "1–4 seats: $395 USD per seat per year",
        ("developer", "break.2"): "5–19 seats: $345 USD per seat per year",
        ("developer", "break.3"): "20 seats or more: Quoted on request",
        ("developer", "discount"): "10% off for projects released as open source",
        ("developer", "purchase"): "Buy online",
        ("build-server", "name"): "Build server licence",
        ("build-server", "price"): "$990 USD",
        ("build-server", "purchase"): "Contact us for purchase link",
        ("contact:sales", "email"): "the licensing team",
    },
    phrases=(
        "* Build server licence: $990 USD",
        "The Developer licence is sold per seat and per year, at $395 USD a seat for a "
        "small team and less for more seats. Open source projects pay less: 10% off for "
        "projects released as open source.",
        "* 1–4 seats: $395 USD per seat per year",
        "* 5–19 seats: $345 USD per seat per year",
        "* 20 seats or more: Quoted on request: write to the licensing team <sales@example.com>.",
        "One licence per build server: $990 USD per server per year, before tax.",
    ),
    edited=("developer", "break.2", "5-19 325 USD"),
    contents=("Volume pricing", "Build server licence: $990 USD"),
)

#: Consulting by the hour, day or week, remote or on site "+ travel expenses", and a
#: workshop, a unit of the catalogue's own.
RATE_CARD = Shape(
    "rate_card",
    figures={
        **_each(
            {
                "name": (
                    "Remote, by the hour",
                    "Remote, by the day",
                    "On site, by the day",
                    "On site, by the week",
                    "Architecture workshop",
                ),
                "price": ("$180 CAD", "$1350 CAD", "$1600 CAD", "$7200 CAD", "$4800 CAD"),
            },
            "remote-hour",
            "remote-day",
            "onsite-day",
            "onsite-week",
            "workshop",
        ),
        ("onsite-day", "plus"): "+ travel expenses",
        ("onsite-week", "plus"): "+ travel expenses",
        ("workshop", "plus"): "+ travel expenses + venue hire",
        ("workshop", "allowance.days"): "2 days",
        ("workshop", "allowance.attendees"): "up to 12 attendees",
        ("contact:bookings", "email"): "our bookings desk",
    },
    phrases=(
        "Remote work is billed by the hour, $180 CAD per hour, or by the day; on site, "
        "travel is billed on top: $1600 CAD per day + travel expenses.",
        "| Remote, by the day | $1350 CAD per day |",
        "| On site, by the week | $7200 CAD per week + travel |",
        "The Architecture workshop lasts 2 days for up to 12 attendees: $4800 CAD per "
        "workshop + travel expenses + venue hire.",
    ),
    edited=("onsite-week", "price", "6900 CAD"),
)

#: A licence in pounds sterling with an approximate dollar figure, commercial terms
#: (payment, refunds, indexation) and links placed in the text.
GBP_LICENCE = Shape(
    "gbp_licence",
    figures={
        **_each(
            {
                "name": ("Site licence", "Implementation project"),
                "price": ("£12000 GBP", "£8500 GBP"),
                "approx": ("$15200 USD", "$10800 USD"),
                "link.terms": ("licence terms", "services terms"),
                "condition.payment": ("half up front, half on completion",) * 2,
                "condition.refunds": (
                    "non-refundable, not pro rata",
                    "refundable until work starts",
                ),
                "condition.indexation": ("indexed to inflation each year",) * 2,
            },
            "site-licence",
            "implementation",
        ),
        ("site-licence", "term"): "for 1 year",
        ("site-licence", "link.datasheet"): "datasheet (PDF)",
        ("implementation", "qualifier"): "from £8500 GBP",
        ("contact:sales", "email"): "our sales office",
    },
    phrases=(
        "The Site licence costs £12000 GBP per site per year (approx. $15200 USD), before "
        "tax, for 1 year.",
        "Read the licence terms <https://example.co.uk/legal/site-licence-terms> before you order",
        "* Payment: half up front, half on completion.",
        "* Refunds: non-refundable, not pro rata.",
        "* Price changes: indexed to inflation each year.",
        "from £8500 GBP (about $10800 USD); its refunds differ: refundable until work starts",
    ),
    edited=("site-licence", "approx", "14800 USD"),
)

SHAPES = {
    shape.name: shape
    for shape in (SUPPORT_PACKS, PLAN_TERMS, SEAT_LICENCES, RATE_CARD, GBP_LICENCE)
}


# The canonical forms a page states, read from the YAML.


def _money(amount: Any, currency: str) -> str:
    """ "1250 USD", "14.90 EUR": a whole amount without decimals, any other with two."""
    return f"{Decimal(str(amount)):.2f}".removesuffix(".00") + f" {currency}"


def _term(term: dict[str, Any]) -> str:
    """ "1 years from purchase" """
    unit = next(unit for unit in ("years", "months", "weeks", "days") if unit in term)
    return f"{term[unit]} {unit}" + (f" from {term['from']}" if "from" in term else "")


def _breaks(price: dict[str, Any], currency: str) -> Iterator[str]:
    """Each volume break of a price: "1-4 395 USD", "20+ on request"."""
    if "breaks" not in price:
        return
    lows = [1, *(each["min"] for each in price["breaks"])]
    amounts = [price["amount"], *(each["amount"] for each in price["breaks"])]
    for low, after, amount in zip(lows, [*lows[1:], None], amounts, strict=True):
        span = f"{low}-{after - 1}" if after else f"{low}+"
        yield f"{span} {'on request' if amount == 'on-request' else _money(amount, currency)}"


def _allowance(allowance: dict[str, Any]) -> str:
    """ "up to 10 named-contact", "unlimited emergency/year" """
    text = (
        f"{'up to ' if allowance.get('up_to') else ''}{allowance['quantity']} {allowance['unit']}"
    )
    return text + (f"/{allowance['per']}" if "per" in allowance else "")


def _time(time: str | dict[str, Any]) -> str:
    """ "within 8 business-hours", "next-business-day" """
    if isinstance(time, str):
        return time
    return " ".join(filter(None, (time.get("bound"), str(time["value"]), time["unit"])))


def _numbered(items: list[Any], number: str) -> Any:
    """The item a field's number names: none the first, ``2`` the second."""
    return items[int(number or 1) - 1]


#: Figures each price states: ``term.2`` is the second price's term.
PRICE_FIGURES = frozenset({"price", "term", "per", "billing", "qualifier", "approx", "plus"})


def yaml_value(catalogue: dict[str, Any], ref: str, field: str) -> str:
    """What the page must state for a figure, in canonical form, from the YAML alone."""
    if ref.startswith("contact:"):
        return str(catalogue["contacts"][ref.removeprefix("contact:")]["email"])
    offering = next(o for o in catalogue["offerings"] if o["id"] == ref)
    prices = offering["price"] if isinstance(offering["price"], list) else [offering["price"]]
    kind, _, part = field.partition(".")
    price = _numbered(prices, part) if kind in PRICE_FIGURES else prices[0]
    currency = price.get("currency", catalogue["currency"])
    level = catalogue.get("service_levels", {}).get(offering.get("service_level"), {})
    conditions = {**catalogue.get("conditions", {}), **offering.get("conditions", {})}
    purchase = offering.get("purchase", {})
    contact = catalogue["contacts"].get(purchase.get("contact"), {})
    value: Callable[[], Any] = {
        "name": lambda: offering["name"],
        "price": lambda: _money(price["amount"], currency),
        "term": lambda: _term(price.get("term") or offering["term"]),
        "per": lambda: f"{price['quantity']} {price['per']}",
        "billing": lambda: price["billing"],
        "qualifier": lambda: price["qualifier"],
        "approx": lambda: _money(price["approx"]["amount"], price["approx"]["currency"]),
        "plus": lambda: "; ".join(price["plus"]),
        # discounts and breaks are numbered across the offering's prices
        "discount": lambda: "{percent}% {condition}".format(
            **_numbered([d for p in prices for d in p.get("discounts", [])], part)
        ),
        "break": lambda: _numbered([b for p in prices for b in _breaks(p, currency)], part),
        "allowance": lambda: _allowance(offering["allowances"][part]),
        "time": lambda: _time(level["times"][part]),
        "coverage": lambda: level["coverage"],
        "condition": lambda: conditions[part],
        "link": lambda: offering["links"][part]["url"],
        "feature": lambda: str(offering["features"][part]).lower(),  # true, false, a note
        "purchase": lambda: f"{purchase['channel']} {purchase.get('url') or contact['email']}",
    }[kind]
    return str(value())


def yaml_target(catalogue: dict[str, Any], ref: str, field: str) -> str | None:
    """Where a figure's link leads, from the YAML: a link's URL, a contact's address, a
    checkout page; None for a figure that is no link."""
    value = yaml_value(catalogue, ref, field)
    if field.startswith("link.") or field == "email":
        return value
    return value.removeprefix("checkout ") if value.startswith("checkout ") else None


# Building the projects.


def build(source: Path, out: Path, builder: str, *options: str) -> None:
    """Build like `make html` does (-n -W), dated `ON`; fail with the warnings if any."""
    warnings = out.parent / f"{out.name}-warnings.txt"
    argv = ["-q", "-n", "-W", "-b", builder, "-d", str(out.parent / f"{out.name}-doctrees")]
    argv += ["-w", str(warnings), "-D", f"offerings_date={ON}", *options, str(source), str(out)]
    status = build_main(argv)
    translators.clear()  # as conftest.build_site does: no language kept for the next build
    assert status == 0, warnings.read_text("utf-8")


#: The MyST page of a project instead of its reStructuredText one (see the shapes' conf.py).
MYST = ("-D", "exclude_patterns=index.rst")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., Path]:
    """The output folder of a shape built by ``builder`` from its RST page (``myst``: its
    MyST page), built once for the module."""
    made: dict[tuple[str, str, bool], Path] = {}

    def get(shape: Shape, builder: str = "html", myst: bool = False) -> Path:
        key = (shape.name, builder, myst)
        if key not in made:
            out = tmp_path_factory.mktemp(shape.name) / builder
            build(shape.folder, out, builder, *(MYST if myst else ()))
            made[key] = out
        return made[key]

    return get


def figures_on(page: BeautifulSoup) -> dict[Place, list[Tag]]:
    """Every figure on a page, by (ref, field), each place it is stated."""
    found: dict[Place, list[Tag]] = {}
    for span in page.select("[data-offerings-ref][data-offerings-field]"):
        place = (str(span["data-offerings-ref"]), str(span["data-offerings-field"]))
        found.setdefault(place, []).append(span)
    return found


def html_page(out: Path) -> BeautifulSoup:
    return BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")


def folded(text: str) -> str:
    return " ".join(text.split())


each_shape = pytest.mark.parametrize("shape", SHAPES.values(), ids=SHAPES.keys())


@each_shape
def test_every_figure_matches_the_catalogue(shape: Shape, built: Callable[..., Path]) -> None:
    catalogue = shape.catalogue()
    found = figures_on(html_page(built(shape)))
    assert sorted(found) == sorted(shape.figures)
    for (ref, name), spans in found.items():
        value = yaml_value(catalogue, ref, name)
        target = yaml_target(catalogue, ref, name)
        for span in spans:
            assert (span["data-offerings-value"], text_of(span)) == (
                value,
                shape.figures[ref, name],
            ), (ref, name)
            link = span.find("a", href=True)
            href = str(link["href"]) if isinstance(link, Tag) else None
            where = unquote(href.removeprefix("mailto:")) if href else None
            assert where == target, (ref, name)


@each_shape
def test_every_price_in_the_catalogue_is_on_the_page(
    shape: Shape, built: Callable[..., Path]
) -> None:
    found = figures_on(html_page(built(shape)))
    for offering in shape.catalogue()["offerings"]:
        prices = offering["price"] if isinstance(offering["price"], list) else [offering["price"]]
        for number in range(len(prices)):
            field = "price" if number == 0 else f"price.{number + 1}"
            assert (offering["id"], field) in found


@pytest.mark.parametrize(
    "shape", [s for s in SHAPES.values() if s.contents], ids=lambda shape: shape.name
)
def test_a_role_in_a_title_reads_in_the_contents(shape: Shape, built: Callable[..., Path]) -> None:
    page = html_page(built(shape))
    entries = page.select("nav.contents li a")
    assert [text_of(entry) for entry in entries] == list(shape.contents)
    headings = [text_of(h).removesuffix("¶").strip() for h in page.select("section h2")]
    assert headings == list(shape.contents)


@pytest.mark.parametrize(
    "shape", [s for s in SHAPES.values() if s.compared], ids=lambda shape: shape.name
)
def test_the_comparison_reads_plan_by_plan(shape: Shape, built: Callable[..., Path]) -> None:
    table = html_page(built(shape)).select_one("table.offerings-compare")
    assert table is not None
    plans = [o["name"] for o in shape.catalogue()["offerings"]]
    assert [text_of(th) for th in table.select("thead th")] == ["", *plans]
    rows = []
    for row in table.select("tbody tr"):
        header = row.find("th")
        assert isinstance(header, Tag) and header["scope"] == "row"
        rows.append((text_of(header), tuple(text_of(cell) for cell in row.find_all("td"))))
    assert rows == list(shape.compared)


@each_shape
def test_the_page_types_no_figure(shape: Shape, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["lint", str(shape.folder)]) == 0
    assert capsys.readouterr().out == ""


@each_shape
def test_check_agrees_then_catches_an_edited_value(
    shape: Shape,
    built: Callable[..., Path],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    catalogue = shape.folder / "catalogue.yaml"
    site = shutil.copytree(built(shape), tmp_path / "html")
    argv = ["check", "--catalogue", str(catalogue), "--date", ON, str(site)]
    assert main(argv) == 0
    assert capsys.readouterr().out == f"{site}: the pages agree with {catalogue}\n"

    page = html_page(site)
    ref, name, other = shape.edited
    span = page.select_one(f'[data-offerings-ref="{ref}"][data-offerings-field="{name}"]')
    assert span is not None
    value = yaml_value(shape.catalogue(), ref, name)
    assert other != value
    span["data-offerings-value"] = other
    (site / "index.html").write_text(str(page), "utf-8")
    assert main(argv) == 1
    shown = shape.figures[ref, name]
    assert capsys.readouterr().out == (
        f'index.html: {ref}: {name}: page "{shown}", catalogue "{value}"\n'
    )


@each_shape
def test_text_and_latex_builds_say_it(shape: Shape, built: Callable[..., Path]) -> None:
    text = folded((built(shape, "text") / "index.txt").read_text("utf-8"))
    for phrase in shape.phrases:
        assert phrase in text
    (tex,) = built(shape, "latex").glob("*.tex")
    latex = folded(tex.read_text("utf-8"))
    for offering in shape.catalogue()["offerings"]:
        assert offering["name"] in latex


@each_shape
def test_the_myst_page_reads_as_the_rst_page(shape: Shape, built: Callable[..., Path]) -> None:
    rst = (built(shape, "text") / "index.txt").read_text("utf-8")
    myst = (built(shape, "text", myst=True) / "index.txt").read_text("utf-8")
    assert myst == rst


#: A code block of the guide quoting a shape's file, which its caption names.
_EXCERPT = re.compile(
    r"^\.\. code-block:: \w+\n   :caption: (tests/shapes/\S+)\n\n((?:(?:   .*)?\n)+)", re.M
)


def test_the_guide_quotes_the_shapes_as_they_are() -> None:
    excerpts = _EXCERPT.findall((DOCS / "guide.rst").read_text("utf-8"))
    assert {path.split("/")[2] for path, _ in excerpts} == set(SHAPES)  # a recipe each
    for path, block in excerpts:
        excerpt = textwrap.dedent(block).strip("\n")
        lines = (ROOT / path).read_text("utf-8").splitlines()
        size = excerpt.count("\n") + 1
        runs = (textwrap.dedent("\n".join(lines[i : i + size])) for i in range(len(lines)))
        assert excerpt in runs, f"{path}: the guide quotes what the file no longer says"
