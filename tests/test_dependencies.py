"""A catalogue edit re-reads the pages whose figures it changes, and only those.

What each page shows is hashed (the domain's digests); the catalogue file is not a
dependency of every page that uses it, which would re-read all of them on any edit.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bs4 import BeautifulSoup
from sphinx.testing.util import SphinxTestApp

from conftest import CATALOGUE, DOCS, LICENCES, text_of

OTHER_PAGES = ("about", "history", "faq")


def make_project(tmp_path: Path) -> tuple[Path, Path]:
    """The shipped catalogue pages plus three that do not use it, and a catalogue copy."""
    src = tmp_path / "src"
    src.mkdir()
    for page in ("purchase-options", "licences"):
        shutil.copy(DOCS / f"{page}.rst", src / f"{page}.rst")
    (src / "index.rst").write_text(
        "Site\n====\n\n.. toctree::\n\n"
        + "".join(f"   {page}\n" for page in ("purchase-options", "licences", *OTHER_PAGES))
    )
    catalogue = tmp_path / "offerings.yaml"
    shutil.copy(CATALOGUE, catalogue)
    for name in OTHER_PAGES:
        (src / f"{name}.rst").write_text(f"{name.title()}\n{'=' * len(name)}\n\nPlain text.\n")
    (src / "conf.py").write_text(
        'extensions = ["sphinx_offerings"]\n'
        f"offerings_catalogue = {[str(catalogue), str(LICENCES)]!r}\n"
        "exclude_patterns = ['_build']\n"
        "suppress_warnings = ['toc.not_included']\n"
        "show_warning_types = True\n"  # as from Sphinx 8 on
    )
    return src, catalogue


def read_docs(make_app: Callable[..., SphinxTestApp], src: Path, **overrides: str) -> list[str]:
    """Build once more (with these settings) and return the documents Sphinx read."""
    read: list[str] = []
    app = make_app("html", srcdir=src, freshenv=False, confoverrides=overrides)

    def note(_app: Any, _env: Any, docnames: list[str]) -> None:
        read.extend(docnames)

    app.connect("env-before-read-docs", note)
    app.build()
    assert app.warning.getvalue() == ""
    app.cleanup()
    return sorted(read)


def test_a_price_edit_re_reads_the_page_that_shows_it(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    src, catalogue = make_project(tmp_path)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    deps = {os.fspath(p) for paths in app.env.dependencies.values() for p in paths}
    assert str(catalogue) not in deps  # the digests decide, not the file's time
    app.cleanup()

    assert read_docs(make_app, src) == []  # nothing changed, nothing read

    catalogue.write_text(catalogue.read_text().replace("price: 350", "price: 360"))
    touch_later(catalogue)
    assert read_docs(make_app, src) == ["purchase-options"]
    html = (app.outdir / "purchase-options.html").read_text("utf-8")
    cells = BeautifulSoup(html, "html.parser").select("td.offerings-price")
    assert text_of(cells[0]) == "$360 CAD for one incident"


def touch_later(path: Path) -> None:
    """Mark a file as changed after the last build, even where mtimes are coarse."""
    time.sleep(0.01)
    os.utime(path)


def test_what_a_page_shows_decides_what_is_read_again(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    src, catalogue = make_project(tmp_path)
    date = {"offerings_date": "2026-11-27"}
    app = make_app("html", srcdir=src, freshenv=True, confoverrides=date)
    app.build()
    app.cleanup()

    # a new offering in a group a table shows: that page, though it named no such id
    text = catalogue.read_text()
    addition = (
        "\n  - id: ten-pack\n    group: professional-support\n    name: Ten-pack\n"
        "    price: 3000\n    purchase: {channel: contact, contact: support}\n"
    )
    catalogue.write_text(text + addition)
    touch_later(catalogue)
    assert read_docs(make_app, src, **date) == ["purchase-options"]

    # an edit that changes no figure (a comment) re-reads nothing
    catalogue.write_text(catalogue.read_text() + "# a note\n")
    touch_later(catalogue)
    assert read_docs(make_app, src, **date) == []

    # the date passes a scheduled price change: only the page that shows it
    assert read_docs(make_app, src, offerings_date="2027-01-01") == ["licences"]

    # a setting that changes how every price reads: every page that shows a price
    changed = read_docs(make_app, src, offerings_date="2027-01-01", offerings_price_format="code")
    assert changed == ["licences", "purchase-options"]


def test_twenty_page_site_re_reads_only_the_catalogue_pages(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    catalogue = tmp_path / "offerings.yaml"
    shutil.copy(CATALOGUE, catalogue)
    shutil.copy(DOCS / "purchase-options.rst", src / "purchase-options.rst")
    (src / "advisory.rst").write_text(
        "Advisory\n========\n\nA request costs :offerings:price:`advisory`.\n"
    )
    plain = [f"page{n:02d}" for n in range(17)]
    for name in plain:
        (src / f"{name}.rst").write_text(f"{name}\n{'=' * len(name)}\n\nNo prices here.\n")
    pages = ["purchase-options", "advisory", *plain]
    (src / "index.rst").write_text(
        "Site\n====\n\n.. toctree::\n\n" + "".join(f"   {p}\n" for p in pages)
    )
    assert len(pages) + 1 == 20

    def configure(price_format: str) -> None:
        (src / "conf.py").write_text(
            'extensions = ["sphinx_offerings"]\n'
            f"offerings_catalogue = {str(catalogue)!r}\n"
            f"offerings_price_format = {price_format!r}\n"
        )

    configure("symbol-code")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    app.cleanup()

    assert read_docs(make_app, src) == []

    catalogue.write_text(catalogue.read_text().replace("price: 350", "price: 360"))
    touch_later(catalogue)
    assert read_docs(make_app, src) == ["advisory", "purchase-options"]

    configure("code")
    assert read_docs(make_app, src) == ["advisory", "purchase-options"]
    html = (app.outdir / "advisory.html").read_text("utf-8")
    assert "360 CAD" in html and "$360" not in html


def test_one_page_per_offering_one_edit_one_page(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    """Pages that each show one offering through roles: a price edit re-reads one page."""
    src = tmp_path / "src"
    src.mkdir()
    catalogue = tmp_path / "offerings.yaml"
    offerings = "".join(
        f"  - id: o{n}\n    group: g\n    name: Offering {n}\n    price: {100 + n}\n"
        "    purchase: {channel: contact, contact: support}\n"
        for n in range(12)
    )
    catalogue.write_text(
        "currency: EUR\ncontacts:\n  support: {email: s@example.com, label: us}\n"
        f"offerings:\n{offerings}"
    )
    for n in range(12):
        (src / f"p{n}.rst").write_text(
            f"Page {n}\n=======\n\n:offerings:name:`o{n}` costs :offerings:price:`o{n}`; "
            f"write to :offerings:link:`o{n}`.\n"
        )
    (src / "index.rst").write_text(
        "Site\n====\n\n.. toctree::\n\n" + "".join(f"   p{n}\n" for n in range(12))
    )
    (src / "conf.py").write_text(
        f'extensions = ["sphinx_offerings"]\nofferings_catalogue = {str(catalogue)!r}\n'
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert app.warning.getvalue() == ""
    app.cleanup()

    catalogue.write_text(catalogue.read_text().replace("price: 107", "price: 170"))
    touch_later(catalogue)
    assert read_docs(make_app, src) == ["p7"]
    page = BeautifulSoup((app.outdir / "p7.html").read_text("utf-8"), "html.parser")
    paragraph = page.select_one("section p")
    assert paragraph is not None and "Offering 7 costs €170 EUR" in text_of(paragraph)


def test_a_fixed_catalogue_brings_its_tables_back(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    """A broken catalogue leaves its pages without figures; once fixed, the next build
    (not a fresh one) reads them again and shows the tables."""
    src, catalogue = make_project(tmp_path)
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    good = catalogue.read_text()

    catalogue.write_text(good.replace("\noffering", "\nofferingz", 1))
    touch_later(catalogue)
    broken = make_app("html", srcdir=src, freshenv=False)
    broken.build()
    assert "offerings.catalogue" in broken.warning.getvalue()
    broken.cleanup()
    page = (app.outdir / "purchase-options.html").read_text("utf-8")
    assert not BeautifulSoup(page, "html.parser").select("td.offerings-price")

    catalogue.write_text(good)
    touch_later(catalogue)
    assert "purchase-options" in read_docs(make_app, src)
    page = (app.outdir / "purchase-options.html").read_text("utf-8")
    cells = BeautifulSoup(page, "html.parser").select("td.offerings-price")
    assert text_of(cells[0]) == "$350 CAD for one incident"


def test_a_page_naming_what_the_catalogue_lacks_is_read_again_once_it_has_it(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    src, catalogue = make_project(tmp_path)
    (src / "about.rst").write_text(
        "About\n=====\n\nTen cost :offerings:price:`ten-pack`.\n\n"
        ".. offerings:table::\n   :group: bulk\n"
    )
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    assert "no offering is called 'ten-pack'" in app.warning.getvalue()
    app.cleanup()

    addition = (
        "\n  - id: ten-pack\n    group: bulk\n    name: Ten-pack\n"
        "    price: 3000\n    purchase: {channel: contact, contact: support}\n"
    )
    catalogue.write_text(catalogue.read_text() + addition)
    touch_later(catalogue)
    assert read_docs(make_app, src) == ["about"]
    page = BeautifulSoup((app.outdir / "about.html").read_text("utf-8"), "html.parser")
    paragraph = page.select_one("section p")
    assert paragraph is not None and "Ten cost $3000 CAD." in text_of(paragraph)
    assert [text_of(td) for td in page.select("td.offerings-name")] == ["Ten-pack"]


def test_a_units_words_edit_re_reads_the_pages_that_count_by_it(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    """A unit's words are the catalogue's, not an offering's: an edit of them re-reads the
    page that counts by that unit."""
    figures = Path(__file__).resolve().parent / "roots" / "test-figures" / "catalogue.yaml"
    src = tmp_path / "src"
    src.mkdir()
    catalogue = src / "catalogue.yaml"
    catalogue.write_text(figures.read_text("utf-8"), "utf-8")
    (src / "conf.py").write_text(
        "extensions = ['sphinx_offerings']\nofferings_catalogue = 'catalogue.yaml'\n"
    )
    (src / "index.rst").write_text("Suite\n=====\n\n:offerings:allowance:`suite.contacts`.\n")
    app = make_app("html", srcdir=src, freshenv=True)
    app.build()
    app.cleanup()
    text = catalogue.read_text("utf-8")
    catalogue.write_text(text.replace("other: named contacts", "other: named people"), "utf-8")
    touch_later(catalogue)
    assert read_docs(make_app, src) == ["index"]
    page = BeautifulSoup((app.outdir / "index.html").read_text("utf-8"), "html.parser")
    assert "2 named people" in text_of(page.select_one("section p") or page)
