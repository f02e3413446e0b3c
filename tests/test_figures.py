"""The registry of figures: every figure a page states is declared, and each declared
figure reads as expected.

tests/roots/test-figures states each kind of figure once, with every role and, in its
table, every column; `EXPECTED` is what each reads, worked out by hand.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import Site, text_of
from sphinx_offerings.render.figures import COLUMNS, FIGURES

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
    name = re.sub(r"(\.[0-9]+)?(\.[0-9]{4}-[0-9]{2}-[0-9]{2})?$", "", field)
    return name in FIGURES


@pytest.fixture(scope="module")
def figures_page(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    srcdir = tmp_path_factory.mktemp("figures") / "src"
    shutil.copytree(rootdir / "test-figures", srcdir)
    page = srcdir / "index.rst"  # its table shows every column there is
    page.write_text(page.read_text("utf-8").replace("EVERY", ", ".join(COLUMNS)), "utf-8")
    app = SphinxTestApp("html", srcdir=srcdir)
    try:
        app.build()
        assert app.warning.getvalue() == ""
        return (app.outdir / "index.html").read_text("utf-8")
    finally:
        app.cleanup()


def test_each_figure_reads_as_expected(figures_page: str) -> None:
    found = figures_on(figures_page)
    assert set(found) == set(EXPECTED)
    for place, stated in found.items():
        assert stated == {EXPECTED[place]}, place


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
