"""Every builder: no warning, and the catalogue's prices and contacts in the output."""

from __future__ import annotations

import json
import re
import zipfile
from pathlib import Path

import pytest
import sphinx
import yaml

from conftest import CATALOGUE, LICENCES, ROOT, build_site
from snapshots import catalogue

STATIC = ROOT / "ext" / "sphinx_offerings" / "static" / "sphinx-offerings"
SCHEMA = ROOT / "ext" / "sphinx_offerings" / "schema" / "offerings.schema.json"
DATA = catalogue(CATALOGUE)
# Each offering's price as the page states it, worked out by hand from data/offerings.yaml:
# the after-hours price is twice the single incident's, the advisory one the same.
PRICES = {
    "single-incident": "$350 CAD",
    "five-pack": "$1750 CAD",
    "after-hours": "$700 CAD",
    "advisory": "$350 CAD",
}
CONTACT = DATA["contacts"]["support"]["email"]


def test_every_offering_has_its_price_here() -> None:
    assert list(PRICES) == [o["id"] for o in DATA["offerings"]]


def output(out: Path, builder: str) -> str:
    """The built purchase page (or the whole book) as text, markup left in."""
    if builder == "html":
        return (out / "purchase-options.html").read_text("utf-8")
    if builder == "dirhtml":
        return (out / "purchase-options" / "index.html").read_text("utf-8")
    if builder == "singlehtml":
        return (out / "index.html").read_text("utf-8")
    if builder == "epub":
        [book] = out.glob("*.epub")
        with zipfile.ZipFile(book) as archive:
            return archive.read("purchase-options.xhtml").decode("utf-8")
    if builder == "latex":
        [tex] = out.glob("*.tex")
        # LaTeX escapes the dollar sign; undo it to compare with the catalogue
        return tex.read_text("utf-8").replace("\\$", "$")
    if builder == "text":
        return (out / "purchase-options.txt").read_text("utf-8")
    if builder == "man":
        [page] = out.glob("*.1")
        # roff breaks and escapes: \: (break point), \& (zero width), \- (minus)
        return re.sub(r"\\[:&%]", "", page.read_text("utf-8")).replace("\\-", "-")
    raise AssertionError(builder)


@pytest.mark.parametrize(
    "builder", ["html", "dirhtml", "singlehtml", "epub", "latex", "text", "man"]
)
def test_builder_shows_prices_and_contacts(builder: str, tmp_path: Path) -> None:
    built = build_site(tmp_path, extra=("-b", builder))
    assert built.status == 0, built.warnings
    assert built.warnings == ""
    text = output(built.out, builder)
    for price in PRICES.values():
        assert price in text, price
    # HTML writers cloak the @ of a mailto address
    assert (
        CONTACT in text
        or CONTACT.replace("@", "&#64;") in text
        or (CONTACT.replace("@", "%40") in text)
    )


def test_text_builder_holds_the_table_rows(tmp_path: Path) -> None:
    built = build_site(tmp_path, extra=("-b", "text"))
    lines = (built.out / "purchase-options.txt").read_text("utf-8").splitlines()
    for item in (o for o in DATA["offerings"] if o["group"] == "professional-support"):
        # a long name wraps inside its cell: its first words start the row
        [row] = [line for line in lines if line.startswith("| " + item["name"][:25])]
        assert PRICES[item["id"]] in row
        assert f"<{CONTACT}" in "\n".join(lines)


def test_gettext_extracts_the_prose_not_the_catalogue(tmp_path: Path) -> None:
    built = build_site(tmp_path, extra=("-b", "gettext"))
    assert built.status == 0, built.warnings
    pot = (built.out / "purchase-options.pot").read_text("utf-8")
    msgids = re.findall(r'^msgid "(.*)"', pot, flags=re.MULTILINE)
    assert any("Professional Advisory services are designed" in m for m in msgids)
    leaked = [o["name"] for o in DATA["offerings"] if any(m == o["name"] for m in msgids)]
    assert leaked == []
    for price in PRICES.values():
        assert price not in pot
    assert "Contact us for purchase link" not in pot  # the extension translates its own words


def test_linkcheck_does_not_fetch_mailto(tmp_path: Path) -> None:
    # https links are ignored here so that nothing reaches the network
    built = build_site(tmp_path, extra=("-b", "linkcheck", "-D", "linkcheck_ignore=https://.*"))
    assert built.status == 0, built.warnings
    results = [json.loads(line) for line in (built.out / "output.json").read_text().splitlines()]
    mailto = [r for r in results if r["uri"].startswith("mailto:")]
    assert mailto and {r["status"] for r in mailto} == {"unchecked"}
    assert {r["status"] for r in results} <= {"unchecked", "ignored"}
    # the links in the tables' rows are among those seen: checkout pages, and e-mail
    # addresses (with a subject) on the pages that show them in a table only
    seen = {r["uri"] for r in results if r["filename"] == "licences.rst"}
    licences = catalogue(LICENCES)
    checkout = {o["purchase"]["url"] for o in licences["offerings"] if "url" in o["purchase"]}
    assert checkout and checkout <= seen
    assert any(uri.startswith("mailto:") and "?subject=" in uri for uri in seen)


def test_latex_footnotes_show_the_addresses_of_table_links(tmp_path: Path) -> None:
    """``latex_show_urls`` (a post-transform) sees the links in the tables' rows."""
    built = build_site(tmp_path, extra=("-b", "latex", "-D", "latex_show_urls=footnote"))
    assert built.status == 0, built.warnings
    [tex] = built.out.glob("*.tex")
    text = tex.read_text("utf-8")
    licences = catalogue(LICENCES)
    checkout = [o["purchase"]["url"] for o in licences["offerings"] if "url" in o["purchase"]]
    for url in checkout:
        assert f"\\sphinxnolinkurl{{{url}}}" in text, url


def test_stored_pages_leave_out_the_rows_that_every_output_has(tmp_path: Path) -> None:
    """Sphinx walks and pickles each page as read; a table's rows are added as it is
    written, so the stored page (``.doctree``) does not hold them, whatever the builder."""
    built = build_site(tmp_path, extra=("-b", "html"))
    assert built.status == 0, built.warnings
    stored = (tmp_path / "doctrees" / "purchase-options.doctree").read_bytes()
    rows = built.soup().select("table.offerings-table > tbody > tr")
    ids = {o["id"] for o in DATA["offerings"]}
    shown = [c for row in rows for c in row["class"] if c.removeprefix("offering-") in ids]
    assert rows and len(shown) == len(rows)  # one row per offering
    for row_class in shown:
        assert row_class.encode() not in stored


def test_search_index_holds_the_words_of_the_rows(tmp_path: Path) -> None:
    """Rows are made as an HTML page is written; the search index still reads their text
    (offering names, labels) on a page that shows them in a table only."""
    from sphinx.cmd.build import build_main
    from sphinx.search.en import SearchEnglish

    data = catalogue(Path(__file__).parent / "catalogues" / "minimal.yaml")
    words = {"single": "Zanzibarite", "advisory": "Quokkaplan"}
    for offering in data["offerings"]:
        offering["name"] = f"{words[offering['id']]} Support"
    data["offerings"][0]["submit"]["label"] = "Marmaladeflow"
    src = tmp_path / "src"
    src.mkdir()
    (tmp_path / "offerings.yaml").write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    (src / "conf.py").write_text(
        f'extensions = ["sphinx_offerings"]\nofferings_catalogue = "{tmp_path}/offerings.yaml"\n'
    )
    (src / "index.rst").write_text("Prices\n======\n\n.. offerings:table::\n")
    assert build_main(["-b", "html", "-n", "-W", "-q", str(src), str(tmp_path / "out")]) == 0
    script = (tmp_path / "out" / "searchindex.js").read_text("utf-8")
    index = json.loads(script[script.index("(") + 1 : script.rindex(")")])
    page = index["docnames"].index("index")
    stem = SearchEnglish({}).stem
    for word in [*words.values(), "Marmaladeflow"]:
        found = index["terms"].get(stem(word.lower()))
        assert page == found or page in (found or []), word


def test_a_sites_static_files_survive(tmp_path: Path) -> None:
    """A tuple html_static_path and a site's own _static/offerings.css: the extension adds
    its folder without changing the setting's type, and its files never replace the site's."""
    src = tmp_path / "src"
    (src / "_static").mkdir(parents=True)
    own = "/* the site's own */\n"
    (src / "_static" / "offerings.css").write_text(own, "utf-8")
    (src / "conf.py").write_text(
        "extensions = ['sphinx_offerings']\n"
        f"offerings_catalogue = {str(CATALOGUE)!r}\n"
        # Sphinx 7.4 itself cannot add a tuple to its html_extra_path (a TypeError)
        f"html_static_path = {('_static',) if sphinx.version_info >= (8,) else ['_static']!r}\n"
        "html_css_files = ['offerings.css']\n",
        "utf-8",
    )
    (src / "index.rst").write_text("Prices\n======\n\n:offerings:price:`single-incident`\n")
    site = build_site(tmp_path / "out", srcdir=src, confdir=src)
    assert site.status == 0, site.warnings
    assert (site.out / "_static" / "offerings.css").read_text("utf-8") == own
    ours = site.out / "_static" / "sphinx-offerings" / "offerings.css"
    assert ours.read_text("utf-8") == (STATIC / "offerings.css").read_text("utf-8")
    links = {
        str(link["href"]).split("?")[0]
        for link in site.soup("index").select("link[rel=stylesheet]")
    }
    assert {"_static/offerings.css", "_static/sphinx-offerings/offerings.css"} <= links


def test_the_schema_is_published_and_exported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """An editor finds the catalogue's schema on the site, or where export writes it."""
    from sphinx_offerings.cli import main

    shipped = json.loads(SCHEMA.read_text("utf-8"))
    site = build_site(tmp_path / "out")
    published = site.out / "_static" / "sphinx-offerings" / "offerings.schema.json"
    assert json.loads(published.read_text("utf-8")) == shipped
    assert main(["export", "--format", "schema"]) == 0
    assert json.loads(capsys.readouterr().out) == shipped
