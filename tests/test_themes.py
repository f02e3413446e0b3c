"""The extension's output in the themes sites use, light and, where a theme has one,
dark: the purchase page (docs/ with the root conf.py) and a page of every figure with a
comparison (tests/roots/test-figures), each built once per theme and read in Chromium
at laptop and phone width.

Nothing the extension shows reaches past the page's width or makes a table scroll
sideways, every mail link shows, axe-core finds nothing serious in the extension's
output, and every text in it (tables, local hours, figures in running text) has WCAG AA
contrast against what is behind it, as tests/measure.js computes it.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from conftest import VIEWPORTS, WINTER, Site, build_site, serious_violations, serve
from sphinx_offerings.render.figures import COLUMNS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, BrowserContext, Page

MEASURE = (Path(__file__).resolve().parent / "measure.js").read_text("utf-8")
#: conf.py's theme: the session's site is the purchase page built in it.
SITE_THEME = "sphinx_rtd_theme"
PAGES = ("purchase-options", "figures")
# The PyData themes add their templates to Sphinx's default templates_path, a list
# every later build in the process would read (their breadcrumbs.html and searchbox.html
# in place of the Read the Docs theme's): they build in a process of their own.
OWN_PROCESS = {"pydata_sphinx_theme", "sphinx_book_theme"}
# What axe reads: the extension's output. The themes have serious findings of their
# own elsewhere on the page (alabaster's footer and furo's topic titles lack contrast,
# the PyData themes' search button is named otherwise than it reads); test_browser.py
# runs axe on the whole page in the Read the Docs theme.
OUTPUT = ["table.offerings-table", "[data-offerings-ref]"]

pytestmark = [
    pytest.mark.browser,
    # sphinx-book-theme reads a transform's ``app``, which Sphinx 11 is to remove
    pytest.mark.filterwarnings("ignore:'sphinx_book_theme._transforms"),
]


@dataclass(frozen=True)
class Look:
    """A theme in one of its modes.

    ``switch`` names, in JavaScript, the element whose ``data-theme`` the theme reads:
    furo's body, the PyData themes' html. ``light`` and ``dark`` are set there on a
    system that prefers light; ``auto`` (furo's) follows the system, here one that
    prefers dark.
    """

    theme: str
    mode: str = "light"
    switch: str | None = None

    @property
    def scheme(self) -> str:
        return "dark" if self.mode == "auto" else "light"

    def __str__(self) -> str:
        return f"{self.theme}-{self.mode}"


LOOKS = [
    Look(SITE_THEME),
    Look("alabaster"),
    *(Look("furo", mode, "document.body") for mode in ("light", "dark", "auto")),
    *(
        Look(theme, mode, "document.documentElement")
        for theme in ("pydata_sphinx_theme", "sphinx_book_theme")
        for mode in ("light", "dark")
    ),
]
#: Each look at each width on each page.
CASES = [
    pytest.param((look, viewport, page), id=f"{look}-{viewport}-{page}")
    for look in LOOKS
    for viewport in VIEWPORTS
    for page in PAGES
]


def figures_source(rootdir: Path, srcdir: Path) -> Path:
    """tests/roots/test-figures with its table's columns over three tables, each narrow
    enough for a laptop screen (all of them in one is not)."""
    shutil.copytree(rootdir / "test-figures", srcdir)
    others = [column for column in COLUMNS if column != "name"]
    tables = "\n".join(
        f".. offerings:table::\n   :columns: {', '.join(['name', *others[start : start + 5]])}\n"
        for start in range(0, len(others), 5)
    )
    page = srcdir / "index.rst"
    text = page.read_text("utf-8")
    every = ".. offerings:table::\n   :columns: EVERY\n"
    assert text.count(every) == 1, "the figures page has one table of every column"
    page.write_text(text.replace(every, tables), "utf-8")
    return srcdir


@pytest.fixture(scope="module")
def theme_url(
    site: Site, rootdir: Path, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str, str], str]]:
    """The URL of a page of PAGES built in a theme; a theme's sites are built, once,
    when a test first asks for one, and served on 127.0.0.1."""
    workdir = tmp_path_factory.mktemp("themes")
    figures = figures_source(rootdir, workdir / "figures-src")
    urls: dict[tuple[str, str], str] = {}
    with ExitStack() as stack:

        def build(theme: str, page: str) -> Site:
            out, extra = workdir / theme / page, ("-D", f"html_theme={theme}")
            own_process = theme in OWN_PROCESS
            if page == "figures":
                return build_site(
                    out, srcdir=figures, confdir=figures, extra=extra, own_process=own_process
                )
            if theme == SITE_THEME:
                return site
            return build_site(out, extra=extra, own_process=own_process)

        def url(theme: str, page: str) -> str:
            if (theme, page) not in urls:
                built = build(theme, page)
                assert built.status == 0, built.warnings
                name = "index" if page == "figures" else page
                urls[theme, page] = f"{stack.enter_context(serve(built.out))}/{name}.html"
            return urls[theme, page]

        yield url


@dataclass
class Shown:
    look: Look
    page: Page
    measured: dict[str, Any]


@pytest.fixture(scope="module")
def shown(
    browser: Browser, theme_url: Callable[[str, str], str]
) -> Iterator[Callable[[Look, str, str], Shown]]:
    """A page in a look at a width, as a reader in Vancouver sees it on a winter day (the
    hours of both pages are in other zones), and what tests/measure.js finds in it.

    Each page is opened once in its theme, in one browser context for each width, and
    switched to the look asked for, as a reader switches the theme's mode.
    """
    contexts: dict[str, BrowserContext] = {}
    pages: dict[tuple[str, str, str], Page] = {}
    measured: dict[tuple[Look, str, str], dict[str, Any]] = {}

    def show(look: Look, viewport: str, page_name: str) -> Shown:
        if viewport not in contexts:
            width, height = VIEWPORTS[viewport]
            contexts[viewport] = browser.new_context(
                viewport={"width": width, "height": height}, timezone_id="America/Vancouver"
            )
            contexts[viewport].clock.set_fixed_time(WINTER)
        if (look.theme, viewport, page_name) not in pages:
            page = contexts[viewport].new_page()
            page.goto(theme_url(look.theme, page_name), wait_until="load")
            pages[look.theme, viewport, page_name] = page
        page = pages[look.theme, viewport, page_name]
        if look.switch is not None:
            page.emulate_media(color_scheme="dark" if look.scheme == "dark" else "light")
            page.evaluate(f"mode => {{ {look.switch}.dataset.theme = mode; }}", look.mode)
            # the colours as they end, not half-way through a theme's transition
            page.evaluate("document.getAnimations().forEach(a => a.finish())")
        if (look, viewport, page_name) not in measured:
            measured[look, viewport, page_name] = page.evaluate(MEASURE)
        return Shown(look, page, measured[look, viewport, page_name])

    try:
        yield show
    finally:
        for context in contexts.values():
            context.close()


@pytest.fixture(params=CASES)
def seen(request: pytest.FixtureRequest, shown: Callable[[Look, str, str], Shown]) -> Shown:
    """A page of a case of CASES."""
    look, viewport, page = request.param
    return shown(look, viewport, page)


@pytest.mark.parametrize("look", LOOKS, ids=str)
def test_each_theme_shows_its_mode(shown: Callable[[Look, str, str], Shown], look: Look) -> None:
    body = shown(look, "desktop", "purchase-options").measured["body"]
    # the relative luminance of the page's background: white is 1, black 0
    if look.mode == "light":
        assert body > 0.8, f"{look}: the page is not light ({body:.3f})"
    else:
        assert body < 0.05, f"{look}: the page is not dark ({body:.3f})"


def test_nothing_the_extension_shows_scrolls_sideways(seen: Shown) -> None:
    # The PyData themes' own header is wider than a phone: the whole page scrolls
    # there, whatever the extension does, so its boxes are measured, not the page.
    assert seen.measured["scrolling"] == [], f"{seen.look}: scrolls sideways"
    assert seen.measured["outside"] == [], f"{seen.look}: beyond {seen.measured['width']} px"


def test_every_mail_link_is_shown(seen: Shown) -> None:
    links, width = seen.measured["mail"], seen.measured["width"]
    assert links, f"{seen.look}: no mail link"
    for link in links:
        assert link["width"] > 0 and link["height"] > 0, f"{seen.look}: not shown: {link}"
        assert link["left"] >= 0 and link["right"] <= width, f"{seen.look}: {link}"


def test_axe_finds_nothing_serious_in_the_extensions_output(seen: Shown) -> None:
    serious = serious_violations(seen.page, include=OUTPUT)
    assert not serious, f"{seen.look}:\n" + "\n".join(serious)


def test_every_text_has_aa_contrast(seen: Shown) -> None:
    texts = seen.measured["texts"]
    assert any(text["local"] for text in texts), f"{seen.look}: no local hours measured"
    low = [text for text in texts if text["ratio"] < (3.0 if text["large"] else 4.5)]
    assert not low, f"{seen.look}: " + "\n".join(
        f"{t['ratio']:.2f}:1 {t['colour']} on {t['background']} {t['element']} {t['text']!r}"
        for t in low
    )
