"""The generated page says what the hand-typed page it replaces said."""

from __future__ import annotations

import re

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.cmd.build import build_main

from conftest import FIXTURES, Site, text_of
from snapshots import mailto

FIGURE = re.compile(
    r"\$\d+(?:\.\d+)? [A-Z]{3}"  # money
    r"|\d{1,2}:\d{2} [AP]M"  # clock times
    r"|\d+(?: to \d+)? hours"  # durations
)


@pytest.fixture(scope="module")
def seed(tmp_path_factory: pytest.TempPathFactory) -> BeautifulSoup:
    """The seed page, built as it is (its dead author link warns) in a throwaway project."""
    tmp_path = tmp_path_factory.mktemp("seed")
    src = tmp_path / "src"
    src.mkdir()
    (src / "purchase-options.rst").write_text(
        (FIXTURES / "seed" / "purchase-options.rst").read_text("utf-8"), "utf-8"
    )
    (src / "conf.py").write_text('project = "seed"\nroot_doc = "purchase-options"\n', "utf-8")
    out = tmp_path / "out"
    assert build_main(["-q", "-b", "html", str(src), str(out)]) == 0
    return BeautifulSoup((out / "purchase-options.html").read_text("utf-8"), "html.parser")


def cells(table: Tag) -> list[list[str]]:
    return [[text_of(cell) for cell in row.select("th, td")] for row in table.select("tr")]


def paragraph(soup: BeautifulSoup, opening: str) -> Tag:
    return next(p for p in soup.select("p") if text_of(p).startswith(opening))


def test_table_matches_the_seed_cell_by_cell(seed: BeautifulSoup, site: Site) -> None:
    [seed_table] = seed.select("table")
    [table] = site.soup().select("table.offerings-table")
    assert cells(table) == cells(seed_table)


def test_mailto_targets_match_the_seed(seed: BeautifulSoup, site: Site) -> None:
    def addresses(soup: BeautifulSoup) -> list[str]:
        return [mailto(a)[0] for a in soup.select("a[href^='mailto:']")]

    theirs = addresses(seed)
    assert theirs == ["support@lextudio.com"] * 4
    assert addresses(site.soup()) == theirs


def test_prose_figures_match_the_seed(seed: BeautifulSoup, site: Site) -> None:
    page = site.soup()
    for opening in (
        "Business-critical after-hours support is available",
        "Professional Advisory services are provided",
    ):
        theirs = FIGURE.findall(text_of(paragraph(seed, opening)))
        ours = FIGURE.findall(text_of(paragraph(page, opening)))
        assert theirs, opening
        assert ours == theirs


def test_author_link_is_no_longer_dead(seed: BeautifulSoup, site: Site) -> None:
    [dead] = seed.select("span.problematic")  # the seed's author reference resolves nowhere
    assert text_of(dead) == "`Lex Li`_"
    link = site.soup().find("a", string="Lex Li")
    assert link is not None and link["href"] == "https://github.com/lextm"
