"""The extension's words in German and Spanish, whole, and in English for a language it
has no translation of.

The words a reader must not meet in a German or Spanish table are the extension's
English ones, listed by hand from its messages; what the vendor writes (names, labels,
conditions: data/*.yaml, read with plain PyYAML) and the page's own headers stay as
written, in English, and are taken out of the text first.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup

from conftest import (
    CATALOGUE,
    DOCS,
    LICENCES,
    Site,
    build_figures,
    build_site,
    stated,
    text_of,
)
from snapshots import catalogue

#: The extension's English words, from its messages (the .pot), by hand. Words German or
#: Spanish write the same way are left out: "Links", "online", "Support", "E-Mail", "am".
ENGLISH_WORDS = frozenset(
    [
        *("for", "per", "from", "to", "between", "and", "or", "within", "up", "less", "than"),
        *("incident", "incidents", "case", "cases", "seat", "seats", "developer", "us"),
        *("hour", "hours", "day", "days", "month", "months", "year", "years", "time", "times"),
        *("business", "calendar", "through", "excluding", "public", "holidays", "zone", "pm"),
        *("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"),
        *("eastern", "central", "european", "one", "two", "three", "five", "more", "same"),
        *("contact", "purchase", "link", "buy", "before", "tax", "included", "includes"),
        *("billed", "yearly", "monthly", "valid", "off", "free", "unlimited", "approx"),
        *("discounted", "quoted", "request", "next", "first", "response", "delivery"),
        *("types", "price", "coverage", "offer", "term", "terms", "conditions", "service"),
        *("submit", "announced", "changes"),
    ]
)
#: Words of the language spelled as English ones, as it writes them: "Per E-Mail kaufen",
#: "hora de Europa central" (the English words read "per month", "Central European").
SAME_WORDS = {"de": {"Per"}, "es": {"central"}}
#: The page's own headers (``:headers:`` in docs/*.rst), written by the site, not by the
#: extension.
HEADERS = re.compile(r"^\s+:headers:(.*)$", re.MULTILINE)


def strings(value: Any) -> Iterator[str]:
    """Every string of a catalogue as PyYAML reads it."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings(item)


def vendor_text(catalogues: Iterable[Path], pages: Iterable[Path] = ()) -> list[str]:
    """What the vendor and the site write themselves, longest first: the catalogues'
    phrases and names (not their keys and values such as ``month`` or ``purchase``, all
    lower case without a space), and the pages' table headers."""
    found = {
        text
        for path in catalogues
        for text in strings(catalogue(path))
        if " " in text or text != text.lower()
    }
    for page in pages:
        for headers in HEADERS.findall(page.read_text("utf-8")):
            found.update(header.strip() for header in headers.split(";"))
    return sorted(found, key=len, reverse=True)


def shown(soup: BeautifulSoup) -> list[str]:
    """The text of every cell of the extension's tables and of every figure."""
    cells = soup.select("table.offerings-table th, table.offerings-table td")
    cells += soup.select("table.offerings-compare th, table.offerings-compare td")
    return [text_of(element) for element in [*cells, *soup.select("[data-offerings-ref]")]]


def english_left(texts: Iterable[str], vendor: list[str], language: str) -> dict[str, set[str]]:
    """The extension's English words in each text, once the vendor's text is taken out."""
    found = {}
    for text in texts:
        rest = text
        for phrase in vendor:
            rest = rest.replace(phrase, " ")
        words = {
            word
            for word in re.findall(r"[^\W\d_]+", rest)
            if word.lower() in ENGLISH_WORDS and word not in SAME_WORDS.get(language, ())
        }
        if words:
            found[text] = words
    return found


def site_soups(site: Site) -> list[BeautifulSoup]:
    return [
        BeautifulSoup(page.read_text("utf-8"), "html.parser") for page in site.out.glob("*.html")
    ]


SHIPPED_VENDOR = vendor_text([CATALOGUE, LICENCES], DOCS.glob("*.rst"))


#: The languages translated here, in the order of the pairs below.
LANGUAGES = ("de", "es")


@pytest.fixture(scope="module", params=LANGUAGES)
def translated(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> tuple[str, Site]:
    """The shipped site, built in German and in Spanish: the language and the site."""
    language = str(request.param)
    built = build_site(tmp_path_factory.mktemp(language), extra=("-D", f"language={language}"))
    assert (built.status, built.warnings) == (0, "")
    return language, built


def test_no_english_word_in_a_translated_table(translated: tuple[str, Site]) -> None:
    language, site = translated
    texts = [text for soup in site_soups(site) for text in shown(soup)]
    assert texts
    assert english_left(texts, SHIPPED_VENDOR, language) == {}


#: The shipped pages' figures, written by hand from the German and Spanish catalogues of
#: the extension's words and CLDR: (page, row's offering, cell) -> (German, Spanish).
PHRASES = {
    ("purchase-options", "single-incident", "price"): (
        "350 $ CAD für einen Vorfall",
        "350 $ CAD por un incidente",
    ),
    ("purchase-options", "five-pack", "price"): (
        "1750 $ CAD für fünf Vorfälle",
        "1750 $ CAD por cinco incidentes",
    ),
    ("purchase-options", "single-incident", "hours"): (
        "19:00 – 22:00 Uhr (Nordamerikanische Ostküstenzeit), Montag bis Freitag, "
        "außer an gesetzlichen Feiertagen",
        "19:00 – 22:00 (hora oriental), de lunes a viernes, excepto días festivos",
    ),
    ("purchase-options", "single-incident", "purchase"): (
        "Kontaktieren Sie uns für den Kauflink",
        "Contáctenos para obtener el enlace de compra",
    ),
    ("licences", "sharpsnmp-pro", "price"): (
        "999 $ USD pro Entwickler, zuzüglich Steuern",
        "999 $ USD por desarrollador, impuestos no incluidos",
    ),
    ("licences", "sharpsnmp-pro", "contents"): (
        "#SNMP Library, #SNMP Browser und E-Mail-Support für 90 Kalendertage ab "
        "Lieferung, Reaktionszeit bis zu 2 Arbeitstage",
        "#SNMP Library, #SNMP Browser y soporte por correo electrónico durante 90 días "
        "naturales desde la entrega, primera respuesta en un plazo de 2 días laborables",
    ),
    ("licences", "sharpsnmp-pro", "changes"): (
        "ab 2027-01-01: 1149 $ USD",
        "a partir del 2027-01-01: 1149 $ USD",
    ),
    ("licences", "sharpsnmp-pro-canada", "price"): (
        "880 $ CAD pro Entwickler (statt 1100 $ CAD), zuzüglich Steuern",
        "880 $ CAD por desarrollador (antes 1100 $ CAD), impuestos no incluidos",
    ),
    ("licences", "sharpsnmp-subscription", "price"): (
        "99 $ USD pro Monat oder 999 $ USD pro Jahr",
        "99 $ USD por mes o 999 $ USD por año",
    ),
    ("licences", "consulting", "price"): ("150 $ USD pro Stunde", "150 $ USD por hora"),
    ("licences", "custom-development", "price"): ("Preis auf Anfrage", "Precio bajo consulta"),
}
#: The headers of the shipped purchase page's table, by column.
TABLE_HEADERS = {
    "name": ("Vertragsarten", "Tipos de contrato"),
    "price": ("Preis", "Precio"),
    "purchase": ("Zum Kauf", "Para comprar"),
    "hours": ("Geschäftszeiten", "Horario de atención"),
    "submit": ("Vorfall melden", "Para notificar un incidente"),
}


def test_translated_prices_hours_and_headers(translated: tuple[str, Site]) -> None:
    language, site = translated
    which = LANGUAGES.index(language)
    for (page, offering, column), words in PHRASES.items():
        cell = site.soup(page).select_one(f"tr.offering-{offering} td.offerings-{column}")
        assert cell is not None, (page, offering, column)
        assert text_of(cell) == words[which]
    table = site.soup().select_one("table.offerings-table")
    assert table is not None
    assert [text_of(th) for th in table.select("thead th")] == [
        words[which] for words in TABLE_HEADERS.values()
    ]


#: Figures of tests/roots/test-figures/catalogue.yaml, written by hand from the German and
#: Spanish catalogues of the extension's words and CLDR: (ref, field) -> (German,
#: Spanish). The catalogue's own phrases ("when paid upfront") stay as it writes them.
FIGURES_IN = {
    ("pack", "price"): ("900 € EUR", "900 € EUR"),
    ("pack", "incidents"): ("drei Vorfälle", "tres incidentes"),
    ("pack", "response_time"): ("2 bis 8 Stunden", "de 2 a 8 horas"),
    ("pack", "delivery_time"): ("3 Arbeitstage", "3 días laborables"),
    ("pack", "hours"): (
        "09:00 – 17:00 Uhr (Mitteleuropäische Zeit), Montag bis Freitag, "
        "außer an gesetzlichen Feiertagen",
        "9:00 – 17:00 (hora de Europa central), de lunes a viernes, excepto días festivos",
    ),
    ("suite", "qualifier"): ("ab 499 € EUR", "desde 499 € EUR"),
    ("suite", "per"): ("je 5 Fälle", "por paquete de 5 casos"),
    ("suite", "term"): ("für 1 Jahr", "durante 1 año"),
    ("suite", "term.2"): ("gültig für 6 Monate ab Kauf", "válido durante 6 meses desde la compra"),
    ("suite", "billing"): ("jährlich abgerechnet", "facturado anualmente"),
    ("suite", "approx"): ("540 $ USD", "540 $ USD"),
    ("suite", "discount"): ("10 % Rabatt when paid upfront", "10 % de descuento when paid upfront"),
    ("suite", "break"): (
        "1–4 Arbeitsplätze: 40 € EUR pro Arbeitsplatz pro Monat",
        "1–4 puestos: 40 € EUR por puesto por mes",
    ),
    ("suite", "break.3"): (
        "20 Arbeitsplätze oder mehr: Preis auf Anfrage",
        "20 puestos o más: Precio bajo consulta",
    ),
    ("suite", "allowance.cases"): ("5 Fälle", "5 casos"),
    ("suite", "allowance.emergency"): (
        "unbegrenzt viele Vorfälle pro Jahr",
        "incidentes sin límite por año",
    ),
    ("suite", "time.priority"): ("maximal 4 Stunden", "en un plazo de 4 horas"),
    ("suite", "time.hotfix"): ("am nächsten Arbeitstag", "el siguiente día laborable"),
    ("suite", "feature.sso"): ("inbegriffen", "incluido"),
    ("trial", "price"): ("kostenlos", "gratis"),
}
#: The comparison's "Cases" row, in each language: the suite alone includes cases.
CASES_ROW = (("Fälle", "5 Fälle"), ("Casos", "5 casos"))


def figures_in(rootdir: Path, workdir: Path, **confoverrides: Any) -> tuple[BeautifulSoup, str]:
    out, warnings = build_figures(rootdir, workdir, **confoverrides)
    return BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser"), warnings


@pytest.mark.parametrize("language", LANGUAGES)
def test_translated_figures(rootdir: Path, tmp_path: Path, language: str) -> None:
    soup, warnings = figures_in(rootdir, tmp_path, language=language)
    assert warnings == ""
    which = LANGUAGES.index(language)
    for (ref, field), words in FIGURES_IN.items():
        assert stated(soup, ref, field) == {words[which]}, field
    vendor = vendor_text([rootdir / "test-figures" / "catalogue.yaml"])
    assert english_left(shown(soup), vendor, language) == {}
    comparison = soup.select_one("table.offerings-compare")
    assert comparison is not None
    rows = {text_of(th): tr for tr in comparison.select("tbody tr") if (th := tr.find("th"))}
    label, cases = CASES_ROW[which]
    assert text_of(rows[label].select("td")[-1]) == cases


def test_an_untranslated_language_reads_english_and_warns_once(tmp_path: Path, site: Site) -> None:
    """Japanese: the extension's words are all English, CLDR's day and zone names, times
    of day and lists with them; Japanese numbers read as English ones do."""
    built = build_site(tmp_path, extra=("-D", "language=ja"))
    assert built.status == 1  # -W: the warning fails the build, which is still written
    assert built.warnings.splitlines() == [
        "WARNING: no translation of the extension's words for language 'ja'; "
        "they are shown in English [offerings.language]"
    ]
    for page in ("purchase-options", "licences"):
        assert shown(built.soup(page)) == shown(site.soup(page)), page


#: tests/roots/test-figures in Russian, which the extension has no translation of: the
#: words English, the amounts and percentages Russian.
RUSSIAN_FIGURES = {
    ("pack", "price"): "900 € EUR",
    ("pack", "hours"): (
        "9:00 AM – 5:00 PM Central European Time Zone, Monday through Friday, "
        "excluding public holidays"
    ),
    ("suite", "qualifier"): "from 499 € EUR",
    ("suite", "term"): "for 1 year",
    ("suite", "discount"): "10 % off when paid upfront",
    ("suite", "break"): "1–4 seats: 40 € EUR per seat per month",
    ("suite", "allowance.emergency"): "unlimited incidents per year",
}


def test_an_untranslated_language_keeps_its_numbers(rootdir: Path, tmp_path: Path) -> None:
    soup, warnings = figures_in(
        rootdir, tmp_path, language="ru", suppress_warnings=["offerings.language"]
    )
    assert warnings == ""  # suppressed
    for (ref, field), words in RUSSIAN_FIGURES.items():
        assert stated(soup, ref, field) == {words}, field
    assert not [text for text in shown(soup) if re.search("[а-яА-ЯёЁ]", text)]


@pytest.mark.parametrize("language", ["en", "en_GB", "en-US"])
def test_english_never_warns(rootdir: Path, tmp_path: Path, language: str) -> None:
    soup, warnings = figures_in(rootdir, tmp_path, language=language)
    assert warnings == ""
    (hours,) = stated(soup, "pack", "hours")
    assert hours.endswith("Monday through Friday, excluding public holidays")
