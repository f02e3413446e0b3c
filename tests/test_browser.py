"""The published page, and a comparison of plans, in a real browser: layout, links,
accessibility, local hours.

Chromium (Debian's, /usr/bin/chromium) is driven by Playwright on a fresh build
served on 127.0.0.1. Without chromium the tests marked ``browser`` are skipped,
unless OFFERINGS_REQUIRE_BROWSER=1 (CI), where that is a failure. Screenshots at
laptop and phone width are written to _build/screenshots/. The markup they rely
on (captions, header scopes, cell labels) is checked without a browser first.
"""

from __future__ import annotations

import re
import struct
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import unquote, urlsplit

import pytest

from conftest import (
    CATALOGUE,
    DESKTOP,
    LICENCES,
    PHONE,
    ROOT,
    VIEWPORTS,
    WINTER,
    Site,
    build_site,
    serious_violations,
    serve,
    text_of,
)
from snapshots import catalogue, offering

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page
    from sphinx.testing.util import SphinxTestApp

SCREENSHOTS = ROOT / "_build" / "screenshots"
PAGES = ("purchase-options", "licences")


@pytest.fixture(scope="session")
def base_url(site: Site) -> Iterator[str]:
    """The session's fresh build, served over HTTP on 127.0.0.1."""
    with serve(site.out) as url:
        yield f"{url}/"


@contextmanager
def opened(
    browser: Browser,
    url: str,
    viewport: tuple[int, int] = DESKTOP,
    *,
    timezone_id: str = "Europe/Paris",
    now: str = WINTER,
    javascript: bool = True,
) -> Iterator[Page]:
    """A page in a context of its own: this viewport, time zone and fixed clock."""
    width, height = viewport
    context = browser.new_context(
        viewport={"width": width, "height": height},
        timezone_id=timezone_id,
        java_script_enabled=javascript,
    )
    try:
        page = context.new_page()
        if javascript:
            page.clock.set_fixed_time(now)
        page.goto(url, wait_until="load")
        yield page
    finally:
        context.close()


@pytest.fixture(scope="session")
def shown(browser: Browser, base_url: str) -> Iterator[Callable[[str, str], Page]]:
    """A page as a reader in Paris sees it on a winter day, at "desktop" or "phone" width.

    Each is opened once for the session; tests that only read it share it.
    """
    pages: dict[tuple[str, str], Page] = {}
    with ExitStack() as stack:

        def show(page_name: str, viewport: str) -> Page:
            if (page_name, viewport) not in pages:
                url = f"{base_url}{page_name}.html"
                page = stack.enter_context(opened(browser, url, VIEWPORTS[viewport]))
                pages[page_name, viewport] = page
            return pages[page_name, viewport]

        yield show


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    return width, height


@pytest.fixture(scope="session")
def screenshots(shown: Callable[[str, str], Page]) -> dict[str, Path]:
    """Each page at laptop and phone width, whole, in _build/screenshots/."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    written: dict[str, Path] = {}
    for page_name in PAGES:
        for viewport in VIEWPORTS:
            path = SCREENSHOTS / f"{page_name}-{viewport}.png"
            shown(page_name, viewport).screenshot(path=path, full_page=True)
            written[f"{page_name}-{viewport}"] = path
    return written


@pytest.mark.browser
def test_screenshots_are_written(screenshots: dict[str, Path]) -> None:
    assert sorted(screenshots) == sorted(f"{p}-{v}" for p in PAGES for v in VIEWPORTS)
    for key, path in screenshots.items():
        width, height = png_size(path)
        # A whole-page shot is as wide as the page: a page wider than the screen shows.
        assert width == VIEWPORTS[key.rsplit("-", 1)[1]][0], f"{path}: {width} px wide"
        assert height > 0


def test_catalogue_tables_have_captions_headers_and_labelled_cells(site: Site) -> None:
    for page in PAGES:
        tables = site.soup(page).select("table.offerings-table")
        assert tables, page
        for table in tables:
            caption = table.find("caption")
            assert caption is not None and text_of(caption), f"{page}: a table has no caption"
            headers = table.select("thead th")
            assert [th.get("scope") for th in headers] == ["col"] * len(headers), page
            titles = [text_of(th) for th in headers]
            for row in table.select("tbody tr"):
                assert [td.get("data-label") for td in row.find_all("td")] == titles


PLAIN_TABLE = """Page
====

.. list-table:: A table of the page's own
   :header-rows: 1

   * - Name
     - Value
   * - one
     - 1
"""


def test_other_tables_are_written_as_without_the_extension(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    written = []
    for extensions in ([], ["sphinx_offerings"]):
        src = tmp_path / f"with-{len(extensions)}"
        src.mkdir()
        (src / "index.rst").write_text(PLAIN_TABLE, "utf-8")
        (src / "conf.py").write_text(
            f"extensions = {extensions!r}\n"
            f"offerings_catalogue = {[str(CATALOGUE), str(LICENCES)]!r}\n",
            "utf-8",
        )
        app = make_app("html", srcdir=src, freshenv=True)
        app.build()
        assert app.warning.getvalue() == ""
        html = (Path(app.outdir) / "index.html").read_text("utf-8")
        written.append(html[html.index("<table") : html.index("</table>")])
        app.cleanup()
    assert "<th" in written[0]
    assert written[1] == written[0]


TABLE_WIDTHS = """() => [...document.querySelectorAll("table.offerings-table")].map(t => ({
    caption: t.caption ? t.caption.querySelector(".caption-text").textContent : null,
    table: [t.scrollWidth, t.clientWidth],
    wrapper: t.parentElement.matches(".wy-table-responsive")
        ? [t.parentElement.scrollWidth, t.parentElement.clientWidth] : null,
}))"""


def check_tables_fit(page: Page) -> None:
    tables = page.evaluate(TABLE_WIDTHS)
    assert tables, "no catalogue table on the page"
    for table in tables:
        scroll, visible = table["table"]
        assert scroll == visible, f"table {table['caption']!r} scrolls sideways: {table}"
        # The theme's script wraps each table in a box that scrolls: it must not have to.
        assert table["wrapper"] is not None, f"table {table['caption']!r} is not wrapped"
        scroll, visible = table["wrapper"]
        assert scroll == visible, f"table {table['caption']!r} scrolls in its wrapper: {table}"


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.browser
def test_tables_fit_a_laptop_screen(shown: Callable[[str, str], Page], page_name: str) -> None:
    check_tables_fit(shown(page_name, "desktop"))


ROWS = """() => [...document.querySelectorAll("table.offerings-table tbody tr")].map(row => {
    const box = element => {
        const r = element.getBoundingClientRect();
        return {text: element.textContent.trim(), left: r.left, right: r.right, width: r.width};
    };
    return {
        row: row.className,
        prices: [...row.querySelectorAll("span.offerings-price")].map(box),
        hours: [...row.querySelectorAll("span.offerings-hours")].map(box),
        actions: [...row.querySelectorAll("a[href]")].map(box),
    };
})"""


@pytest.mark.parametrize("page_name", PAGES)
@pytest.mark.browser
def test_a_phone_shows_every_price_and_action(
    shown: Callable[[str, str], Page], page_name: str
) -> None:
    width = PHONE[0]
    page = shown(page_name, "phone")
    overflow = page.evaluate(
        "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
    )
    assert overflow[0] <= overflow[1], f"the page scrolls sideways: {overflow}"
    check_tables_fit(page)
    rows = page.evaluate(ROWS)
    assert rows
    for row in rows:
        assert row["prices"], f"{row['row']}: no price"
        assert row["actions"], f"{row['row']}: no link to act on"
        for item in row["prices"] + row["hours"] + row["actions"]:
            assert item["width"] > 0, f"{row['row']}: {item['text']!r} is not shown"
            assert item["left"] >= 0 and item["right"] <= width, f"{row['row']}: {item}"


MAILTO_LINKS = """() => [...document.querySelectorAll('a[href^="mailto:"]')].map(a => {
    const figure = a.closest("[data-offerings-ref]");
    return {
        href: a.getAttribute("href"),
        text: a.textContent.trim(),
        ref: figure ? figure.dataset.offeringsRef : null,
        field: figure ? figure.dataset.offeringsField : null,
    };
})"""


def decoded_mailto(href: str) -> tuple[str, str]:
    """Address and subject of an RFC 6068 mailto URL, which encodes a space as %20."""
    parts = urlsplit(href)
    assert parts.scheme == "mailto", href
    (name, _, raw_subject) = parts.query.partition("=")
    assert name == "subject", f"{href}: no subject"
    assert not re.search(r"[ +]", raw_subject), f"{href}: a space is not written %20"
    return unquote(parts.path), unquote(raw_subject)


@pytest.mark.browser
def test_every_mail_link_writes_to_the_contact_about_its_offering(
    shown: Callable[[str, str], Page],
) -> None:
    data = catalogue(CATALOGUE)
    page = shown("purchase-options", "desktop")
    links = page.evaluate(MAILTO_LINKS)
    rows = page.locator("table.offerings-table tbody tr").count()
    assert len(links) >= rows > 0, links
    named = set()
    for link in links:
        assert link["ref"] is not None, f"{link}: names no offering"
        item = offering(data, link["ref"])
        contact = (item["submit"] if link["field"] == "submit" else item["purchase"])["contact"]
        address, subject = decoded_mailto(link["href"])
        assert address == data["contacts"][contact]["email"], link
        assert item["name"] in subject, link
        named.add(item["id"])
    in_table = {o["id"] for o in data["offerings"] if o["group"] == "professional-support"}
    assert in_table <= named


@pytest.mark.parametrize("viewport", VIEWPORTS)
@pytest.mark.browser
def test_axe_finds_no_serious_violation(shown: Callable[[str, str], Page], viewport: str) -> None:
    serious = serious_violations(shown("purchase-options", viewport))
    assert not serious, "\n".join(serious)


LOCAL_HOURS = """() => [...document.querySelectorAll("span.offerings-hours")].map(span => {
    const next = span.nextElementSibling;
    const local = next && next.matches(".offerings-local-hours") ? next : null;
    return {
        published: span.textContent.trim(),
        shown: local ? local.querySelector("[aria-hidden=true]").textContent : null,
        heard: local ? local.querySelector(".offerings-visually-hidden").textContent : null,
    };
})"""


@pytest.mark.parametrize(
    ("timezone_id", "now", "shown"),
    [
        # Toronto on standard time (UTC-5), Paris too (UTC+1).
        ("Europe/Paris", WINTER, "(your time: 01:00 – 04:00, next day)"),
        # Both on summer time (UTC-4, UTC+2).
        ("Europe/Paris", "2026-07-15T12:00:00Z", "(your time: 01:00 – 04:00, next day)"),
        # Toronto on summer time, Paris not yet: the difference is an hour shorter.
        ("Europe/Paris", "2026-03-20T12:00:00Z", "(your time: 00:00 – 03:00, next day)"),
        # The day Toronto changes (at 2:00): the evening is on summer time, the morning not.
        ("Europe/Paris", "2026-03-08T06:00:00Z", "(your time: 00:00 – 03:00, next day)"),
        ("Asia/Tokyo", WINTER, "(your time: 09:00 – 12:00, next day)"),
        ("America/Vancouver", WINTER, "(your time: 16:00 – 19:00)"),
    ],
)
@pytest.mark.browser
def test_hours_are_shown_in_the_readers_time_zone(
    browser: Browser, base_url: str, timezone_id: str, now: str, shown: str
) -> None:
    with opened(
        browser, f"{base_url}purchase-options.html", timezone_id=timezone_id, now=now
    ) as page:
        hours = page.evaluate(LOCAL_HOURS)
    assert len(hours) == 3
    for figure in hours:
        published = " ".join(figure["published"].split())  # narrow no-break spaces too
        assert published.startswith("7:00 PM – 10:00 PM Eastern Time Zone"), published
        assert figure["shown"] == shown
        assert figure["heard"].startswith(f"In your time zone, {timezone_id}: ")


@pytest.mark.parametrize(
    ("timezone_id", "javascript"), [("America/Toronto", True), ("Asia/Tokyo", False)]
)
@pytest.mark.browser
def test_only_the_published_hours_where_nothing_differs_or_without_javascript(
    browser: Browser, base_url: str, timezone_id: str, javascript: bool
) -> None:
    with opened(
        browser, f"{base_url}purchase-options.html", timezone_id=timezone_id, javascript=javascript
    ) as page:
        assert page.locator("span.offerings-hours").count() == 3
        assert page.locator(".offerings-local-hours").count() == 0


# A comparison of plans: the three plans of tests/roots/test-figures, with the rtd theme.
FIGURES_CATALOGUE = ROOT / "tests" / "roots" / "test-figures" / "catalogue.yaml"
COMPARE_PAGE = """\
Plans
=====

.. offerings:compare::
   :offerings: pack, plan, suite
   :caption: Plans compared
"""

COMPARE_CELLS = """() => [...document.querySelectorAll("table.offerings-compare tbody :is(th, td)")]
    .filter(cell => cell.textContent.trim())
    .map(cell => {
        const r = cell.getBoundingClientRect();
        return {text: cell.textContent.trim().slice(0, 40), left: r.left, right: r.right,
                width: r.width};
    })"""


@pytest.fixture(scope="module")
def compare_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    workdir = tmp_path_factory.mktemp("compare")
    src = workdir / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "extensions = ['sphinx_offerings']\nhtml_theme = 'sphinx_rtd_theme'\n"
        f"offerings_catalogue = {str(FIGURES_CATALOGUE)!r}\n",
        "utf-8",
    )
    (src / "index.rst").write_text(COMPARE_PAGE, "utf-8")
    site = build_site(workdir / "build", srcdir=src, confdir=src)
    assert site.status == 0, site.warnings
    with serve(site.out) as url:
        yield f"{url}/index.html"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.browser
def test_the_comparison_reads_in_full_without_scrolling_sideways(
    browser: Browser, compare_url: str, viewport: tuple[int, int]
) -> None:
    with opened(browser, compare_url, viewport) as page:
        overflow = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert overflow[0] <= overflow[1], f"the page scrolls sideways: {overflow}"
        check_tables_fit(page)
        cells = page.evaluate(COMPARE_CELLS)
        assert len(cells) >= 9 * 2  # every row's header, and at least one value each
        for cell in cells:
            assert cell["width"] > 0, f"{cell['text']!r} is not shown"
            assert cell["left"] >= 0 and cell["right"] <= viewport[0], cell
        serious = serious_violations(page)
        assert not serious, "\n".join(serious)
