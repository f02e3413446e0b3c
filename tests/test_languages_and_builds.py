"""Languages, parallel builds and reproducible output."""

from __future__ import annotations

from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import Site, build_figures, build_site, stated, text_of

# Written by hand from the French catalogue of the extension's words.
FRENCH_HEADERS = [
    "Types de contrat",
    "Prix",
    "Pour acheter",
    "Heures d’ouverture",
    "Pour soumettre un incident",
]


@pytest.fixture(scope="module")
def french(tmp_path_factory: pytest.TempPathFactory) -> Site:
    built = build_site(tmp_path_factory.mktemp("fr"), extra=("-D", "language=fr"))
    assert built.status == 0, built.warnings
    return built


def test_french_headers_money_and_times(french: Site) -> None:
    soup = french.soup()
    table = soup.select_one("table.offerings-table")
    assert table is not None
    assert [text_of(th) for th in table.select("thead th")] == FRENCH_HEADERS
    prices = [text_of(td) for td in table.select("td.offerings-price")]
    # Babel's French: the amount, a no-break space, the sign, then the code (350 CAD and
    # 1750 CAD in data/offerings.yaml); the hours 19:00 to 22:00 on a 24-hour clock
    assert prices[0] == "350 $ CAD pour un incident"
    assert prices[1] == "1750 $ CAD pour cinq incidents"
    assert text_of(table.select("td.offerings-hours")[0]) == (
        "19:00 – 22:00 (heure de l’Est nord-américain), du lundi au vendredi, hors jours fériés"
    )
    raw_cell = table.select_one("td.offerings-price")
    assert raw_cell is not None and "\u00a0$" in raw_cell.get_text()


def test_english_build_unchanged_by_french(french: Site, site: Site) -> None:
    table = site.soup().select_one("table.offerings-table")
    assert table is not None
    assert text_of(table.select("thead th")[0]) == "Contract Types"
    assert text_of(table.select("td.offerings-price")[0]).endswith("for one incident")


#: The headers of the table's columns for the new figures, in French.
FRENCH_NEW_HEADERS = [
    "Offre",
    "Durée",
    "Inclus",
    "Couverture",
    "Délais de service",
    "Conditions commerciales",
    "Liens",
]
#: Figures of tests/roots/test-figures/catalogue.yaml in French, written by hand from the
#: French catalogue of the extension's words: (ref, field) -> the text a reader sees.
#: The catalogue's own phrases ("when paid upfront") stay as the catalogue writes them.
FRENCH_FIGURES = {
    ("suite", "qualifier"): "à partir de 499 € EUR",
    ("suite", "per"): "par lot de 5 dossiers",
    ("suite", "term"): "pour 1 an",
    ("suite", "term.2"): "valable 6 mois à compter de l’achat",
    ("suite", "billing"): "facturé annuellement",
    ("suite", "discount"): "10 % de remise when paid upfront",
    ("suite", "break"): "1–4 postes : 40 € EUR par poste par mois",
    ("suite", "break.3"): "20 postes ou plus : Sur devis",
    ("suite", "allowance.cases"): "5 dossiers",
    ("suite", "allowance.emergency"): "incidents en nombre illimité par an",
    ("suite", "time.priority"): "sous 4 heures",
    ("suite", "time.hotfix"): "jour ouvrable suivant",
    ("suite", "feature.sso"): "inclus",
    ("pack", "response_time"): "de 2 à 8 heures",
    ("trial", "price"): "gratuit",
}


@pytest.fixture(scope="module")
def french_figures(rootdir: Path, tmp_path_factory: pytest.TempPathFactory) -> BeautifulSoup:
    """tests/roots/test-figures built in French, its table with every column."""
    out, warnings = build_figures(rootdir, tmp_path_factory.mktemp("figures-fr"), language="fr")
    assert warnings == ""
    return BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")


def test_french_terms_units_and_service_times(french_figures: BeautifulSoup) -> None:
    for (ref, field), words in FRENCH_FIGURES.items():
        assert stated(french_figures, ref, field) == {words}, field


def test_french_table_and_comparison(french_figures: BeautifulSoup) -> None:
    table = french_figures.select_one("table.offerings-table")
    assert table is not None
    headers = {text_of(th) for th in table.select("thead th")}
    assert set(FRENCH_NEW_HEADERS) <= headers
    # the approximate amount is stated inside the whole offer
    assert "(env. 540 $ USD)" in text_of(table)
    comparison = french_figures.select_one("table.offerings-compare")
    assert comparison is not None
    rows = {text_of(th): tr for tr in comparison.select("tbody tr") if (th := tr.find("th"))}
    assert [text_of(td) for td in rows["Dossiers"].select("td")] == [
        "non inclus",
        "non inclus",
        "5 dossiers",
    ]


def page_bytes(site: Site) -> dict[str, bytes]:
    return {
        name: (site.out / name).read_bytes()
        for name in ("index.html", "purchase-options.html", "licences.html", "offerings.json")
    }


@pytest.fixture
def source_date_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795000000")  # 2026-11-18


@pytest.mark.usefixtures("source_date_epoch")
def test_parallel_build_gives_the_same_html(tmp_path: Path) -> None:
    serial = build_site(tmp_path / "j1", extra=("-j", "1"))
    parallel = build_site(tmp_path / "j2", extra=("-j", "2"))
    assert (serial.status, serial.warnings) == (0, "")
    assert (parallel.status, parallel.warnings) == (0, "")
    assert page_bytes(parallel) == page_bytes(serial)


@pytest.mark.usefixtures("source_date_epoch")
def test_two_clean_builds_are_byte_identical(tmp_path: Path) -> None:
    first = build_site(tmp_path / "first")
    second = build_site(tmp_path / "second")
    assert first.status == second.status == 0
    assert page_bytes(first) == page_bytes(second)
