"""The registry of figures: every figure a page states is declared, and each declared
figure reads as expected.

tests/roots/test-figures states each kind of figure once, with every role and, in its
table, every column; `EXPECTED` is what each reads, worked out by hand.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import Site, build_figures, text_of
from sphinx_offerings.cli import main
from sphinx_offerings.render.figures import FIGURES

#: The office hours of tests/roots/test-figures/catalogue.yaml, shown through an offering's
#: service level and by their own id: (canonical value, text).
OFFICE_HOURS = (
    "monday,tuesday,wednesday,thursday,friday 09:00-17:00 Europe/Paris, public holidays excluded",
    "9:00 AM – 5:00 PM Central European Time Zone, Monday through Friday, "
    "excluding public holidays",
)
#: What each figure of tests/roots/test-figures/catalogue.yaml states, worked out by hand:
#: (ref, field) -> (canonical value, the text a reader sees).
EXPECTED = {
    ("author", "url"): ("https://example.com/ada", "Ada Vendor"),
    ("pack", "name"): ("Support pack", "Support pack"),
    ("pack", "price"): ("900 EUR", "€900 EUR"),
    ("pack", "original"): ("1000 EUR", "€1000 EUR"),
    ("pack", "change.2030-01-01"): ("950 EUR", "€950 EUR"),
    ("pack", "past.2020-01-01"): ("900 EUR", "€900 EUR"),
    ("pack", "incidents"): ("3", "three incidents"),
    ("pack", "purchase"): ("mailto sales@example.com", "Buy by e-mail"),
    ("pack", "hours"): OFFICE_HOURS,
    ("pack", "submit"): ("sales@example.com", "Open a case"),
    ("pack", "contact"): ("sales@example.com", "the sales team"),
    ("pack", "response_time"): ("2-8 hours", "2 to 8 hours"),
    ("pack", "delivery_time"): ("3 business-days", "3 business days"),
    ("pack", "covers"): ("production systems", "production systems"),
    ("pack", "availability"): ("on weekdays", "on weekdays"),
    ("plan", "name"): ("Monthly plan", "Monthly plan"),
    ("plan", "price"): ("50 EUR", "€50 EUR"),
    ("plan", "price.2"): ("500 EUR", "€500 EUR"),
    ("plan", "purchase"): ("checkout https://example.com/buy/plan", "Buy online"),
    ("suite", "name"): ("Suite", "Suite"),
    ("suite", "price"): ("499 EUR", "€499 EUR"),
    ("suite", "qualifier"): ("from", "from €499 EUR"),
    ("suite", "per"): ("5 case", "per 5 cases"),
    ("suite", "term"): ("1 years", "for 1 year"),
    ("suite", "term.2"): ("6 months from purchase", "valid for 6 months from purchase"),
    ("suite", "billing"): ("yearly", "billed yearly"),
    ("suite", "approx"): ("540 USD", "$540 USD"),
    ("suite", "plus"): ("travel expenses", "+ travel expenses"),
    ("suite", "discount"): ("10% when paid upfront", "10% off when paid upfront"),
    ("suite", "price.2"): ("40 EUR", "€40 EUR"),
    ("suite", "break"): ("1-4 40 EUR", "1–4 seats: €40 EUR per seat per month"),
    ("suite", "break.2"): ("5-19 35 EUR", "5–19 seats: €35 EUR per seat per month"),
    ("suite", "break.3"): ("20+ on request", "20 seats or more: Quoted on request"),
    ("suite", "allowance.cases"): ("5 case", "5 cases"),
    ("suite", "allowance.contacts"): ("2 named-contact", "2 named contacts"),
    ("suite", "allowance.emergency"): ("unlimited incident/year", "unlimited incidents per year"),
    ("suite", "coverage"): ("24x7", "24x7"),
    ("suite", "time.priority"): ("within 4 hours", "within 4 hours"),
    ("suite", "time.hotfix"): ("next-business-day", "next business day"),
    ("suite", "condition.payment"): ("half up front, half on completion",) * 2,
    ("suite", "condition.refunds"): ("non-refundable, not pro rata",) * 2,
    ("suite", "link.terms"): ("https://example.com/terms", "Terms of service"),
    ("suite", "feature.sso"): ("true", "included"),
    ("trial", "name"): ("Trial", "Trial"),
    ("trial", "price"): ("0 EUR", "free"),
    ("pack", "condition.payment"): ("half up front, half on completion",) * 2,
    ("plan", "condition.payment"): ("half up front, half on completion",) * 2,
    ("trial", "condition.payment"): ("half up front, half on completion",) * 2,
    ("hours:office", "hours"): OFFICE_HOURS,
    ("contact:sales", "email"): ("sales@example.com", "the sales team"),
}
#: Figures of what is not an offering: (the ref's kind, its field).
OTHER_FIELDS = {("author", "url"), ("contact", "email"), ("hours", "hours")}


def figures_on(html: str) -> dict[tuple[str, str], set[tuple[str, str]]]:
    """Every figure a page states: (ref, field) -> {(canonical value, text shown)}."""
    found: dict[tuple[str, str], set[tuple[str, str]]] = {}
    for span in BeautifulSoup(html, "html.parser").select("[data-offerings-field]"):
        ref, field = str(span["data-offerings-ref"]), str(span["data-offerings-field"])
        found.setdefault((ref, field), set()).add(
            (str(span["data-offerings-value"]), text_of(span))
        )
    return found


def declared(ref: str, field: str) -> bool:
    """Whether a figure on a page is one the registry declares."""
    kind = ref.partition(":")[0]
    if (kind, field) in OTHER_FIELDS:
        return True
    # a figure's field is its name, then which of several: price.2, allowance.cases
    return field.partition(".")[0] in FIGURES


@pytest.fixture(scope="module")
def figures_site(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """tests/roots/test-figures built as HTML: the output folder."""
    out, warnings = build_figures(rootdir, tmp_path_factory.mktemp("figures"))
    assert warnings == ""
    return out


@pytest.fixture(scope="module")
def figures_page(figures_site: Path) -> str:
    return (figures_site / "index.html").read_text("utf-8")


def test_each_figure_reads_as_expected(figures_page: str) -> None:
    found = figures_on(figures_page)
    assert set(found) == set(EXPECTED)
    for place, stated in found.items():
        assert stated == {EXPECTED[place]}, place


def test_a_bundle_says_when_its_support_starts(figures_page: str) -> None:
    row = BeautifulSoup(figures_page, "html.parser").select_one("tr.offering-suite")
    assert row is not None
    cell = row.select_one("td.offerings-contents")
    assert cell is not None
    assert text_of(cell) == "Suite app and e-mail support for 30 calendar days from purchase"


def test_every_declared_figure_is_tested(figures_page: str) -> None:
    fields = {field.split(".")[0] for _ref, field in figures_on(figures_page)}
    assert set(FIGURES) <= fields, "declare each figure's expected text in EXPECTED"


def test_every_figure_on_the_shipped_site_is_declared(site: Site) -> None:
    for page in ("purchase-options", "licences"):
        html = (site.out / f"{page}.html").read_text("utf-8")
        undeclared = [place for place in figures_on(html) if not declared(*place)]
        assert undeclared == [], f"{page}: figures missing from render/figures.py"


def test_an_undeclared_figure_is_found() -> None:
    html = (
        '<span data-offerings-ref="pack" data-offerings-field="price.2" '
        'data-offerings-value="1 EUR">x</span>'
        '<span data-offerings-ref="pack" data-offerings-field="tax" '
        'data-offerings-value="excluded">y</span>'
    )
    assert [place for place in figures_on(html) if not declared(*place)] == [("pack", "tax")]


CATALOGUE = Path(__file__).resolve().parent / "roots" / "test-figures" / "catalogue.yaml"


def check(folder: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["check", "--catalogue", str(CATALOGUE), "--date", "2026-11-27", str(folder)])
    return code, capsys.readouterr().out


def test_check_finds_the_page_as_built_agrees(
    figures_page: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "index.html").write_text(figures_page, "utf-8")
    code, out = check(tmp_path, capsys)
    assert (code, out) == (0, f"{tmp_path}: the pages agree with {CATALOGUE}\n")


@pytest.mark.parametrize("place", sorted(EXPECTED), ids="{0[0]}:{0[1]}".format)
def test_check_compares_every_figure(
    figures_page: str, tmp_path: Path, capsys: pytest.CaptureFixture[str], place: tuple[str, str]
) -> None:
    """A page that states any one figure differently from the catalogue fails the check."""
    ref, field = place
    soup = BeautifulSoup(figures_page, "html.parser")
    spans = soup.select(f'[data-offerings-ref="{ref}"][data-offerings-field="{field}"]')
    assert spans
    for span in spans:
        span["data-offerings-value"] = "a figure from an older catalogue"
    (tmp_path / "index.html").write_text(str(soup), "utf-8")
    code, out = check(tmp_path, capsys)
    assert code == 1
    assert f"index.html: {ref}: {field}: page " in out, out
    assert f'catalogue "{EXPECTED[place][0]}"' in out, out


def _offer(html: str, offering_id: str) -> dict[str, Any]:
    script = BeautifulSoup(html, "html.parser").find("script", type="application/ld+json")
    assert script is not None
    offers = json.loads(script.get_text())["itemListElement"]
    (offer,) = [o for o in offers if o["identifier"] == offering_id]
    return dict(offer)


def _quantity(**fields: Any) -> dict[str, Any]:
    return {"@type": "QuantitativeValue", **fields}


def test_structured_data_states_units_terms_and_breaks(figures_page: str) -> None:
    """schema.org: 499 EUR per 5 cases for a year; 40 EUR per seat per month for 1 to 4
    seats, 35 EUR for 5 to 19 (20 and more, on request, states no price)."""
    per_seat = {
        "@type": "UnitPriceSpecification",
        "priceCurrency": "EUR",
        "referenceQuantity": _quantity(value=1, unitCode="IE", unitText="seat"),
        "billingDuration": _quantity(value=1, unitCode="MON"),
    }
    assert _offer(figures_page, "suite")["priceSpecification"] == [
        {
            "@type": "UnitPriceSpecification",
            "price": "499",
            "priceCurrency": "EUR",
            "referenceQuantity": _quantity(value=5, unitCode="C62", unitText="case"),
            "billingDuration": _quantity(value=1, unitCode="ANN"),
        },
        {
            **per_seat,
            "price": "40",
            "eligibleQuantity": _quantity(minValue=1, maxValue=4, unitText="seat"),
        },
        {
            **per_seat,
            "price": "35",
            "eligibleQuantity": _quantity(minValue=5, maxValue=19, unitText="seat"),
        },
    ]
    # the pack's price changes on 2030-01-01: the price in force is valid until the day before
    assert _offer(figures_page, "pack")["priceValidUntil"] == "2029-12-31"
    assert _offer(figures_page, "trial")["price"] == "0"


def test_offerings_json_holds_every_fact(figures_site: Path) -> None:
    """Each new fact of the suite, as tests/roots/test-figures/catalogue.yaml states it."""
    data = json.loads((figures_site / "offerings.json").read_text("utf-8"))
    (suite,) = [o for o in data["offerings"] if o["id"] == "suite"]
    first, second = suite["prices"]
    assert first == {
        "amount": "499",
        "currency": "EUR",
        "per": "case",
        "quantity": 5,
        "term": {"years": 1},
        "billing": "yearly",
        "qualifier": "from",
        "approx": {"amount": "540", "currency": "USD"},
        "plus": ["travel expenses"],
        "discounts": [{"percent": "10", "condition": "when paid upfront"}],
    }
    assert second["per"] == ["seat", "month"]
    assert second["breaks"] == [
        {"min": 1, "max": 4, "amount": "40", "currency": "EUR"},
        {"min": 5, "max": 19, "amount": "35", "currency": "EUR"},
        {"min": 20, "on_request": True},
    ]
    assert suite["term"] == {"months": 6, "from": "purchase"}
    assert suite["allowances"] == {
        "cases": {"quantity": 5, "unit": "case"},
        "contacts": {"quantity": 2, "unit": "named-contact"},
        "emergency": {"quantity": "unlimited", "unit": "incident", "per": "year"},
    }
    assert suite["links"] == {
        "terms": {"url": "https://example.com/terms", "label": "Terms of service"}
    }
    assert suite["conditions"] == {
        "payment": "half up front, half on completion",
        "refunds": "non-refundable, not pro rata",
    }
    assert suite["features"] == {"sso": True}
    level = suite["service_level"]
    assert (level["hours"], level["coverage"]) == (None, "24x7")
    assert level["times"] == {
        "priority": {
            "min": 4,
            "max": 4,
            "unit": "hours",
            "bound": "within",
            "label": "Priority response",
        },
        "hotfix": {"unit": "next-business-day"},
    }
    assert data["units"] == {"named-contact": {"en": ["named contact", "named contacts"]}}
    assert data["features"] == {"sso": "Single sign-on"}


def test_check_reads_what_a_price_is_for_in_the_structured_data(
    figures_page: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A unit, like a tax, is words on the page, not a figure: the structured data states
    it, and the check compares it there."""
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "index.html").write_text(figures_page, "utf-8")
    edited = tmp_path / "catalogue.yaml"
    text = CATALOGUE.read_text("utf-8")
    assert text.count("per: [seat, month]") == 1
    edited.write_text(text.replace("per: [seat, month]", "per: [user, month]"), "utf-8")
    code = main(
        ["check", "--catalogue", str(edited), "--date", "2026-11-27", str(tmp_path / "site")]
    )
    lines = capsys.readouterr().out.splitlines()
    assert code == 1
    spec = "structured data priceSpecification"
    assert lines == [
        f'index.html: suite: {spec}[{n}].{key}: page "seat", catalogue "user"'
        for n in (1, 2)
        for key in ("eligibleQuantity.unitText", "referenceQuantity.unitText")
    ]
