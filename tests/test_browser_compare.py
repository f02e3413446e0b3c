"""A comparison of plans in a real browser, at laptop and phone width: nothing scrolls
sideways, every plan's value is on screen, and axe-core finds no serious violation.

The page compares the three plans of tests/roots/test-figures/catalogue.yaml, built with
the Read the Docs theme and served on 127.0.0.1 (see test_browser.py for the browser).
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import ThreadingHTTPServer
from pathlib import Path

import pytest
from test_browser import (  # the session's chromium, and how a page is opened and checked
    AXE,
    DESKTOP,
    PHONE,
    QuietHandler,
    browser,
    check_tables_fit,
    opened,
    unavailable,
)

from conftest import ROOT, build_site

__all__ = ["browser"]  # a fixture, used by name

CATALOGUE = Path(__file__).resolve().parent / "roots" / "test-figures" / "catalogue.yaml"
PAGE = """\
Plans
=====

.. offerings:compare::
   :offerings: pack, plan, suite
   :caption: Plans compared
"""

CELLS = """() => [...document.querySelectorAll("table.offerings-compare tbody :is(th, td)")]
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
        f"offerings_catalogue = {str(CATALOGUE)!r}\n",
        "utf-8",
    )
    (src / "index.rst").write_text(PAGE, "utf-8")
    site = build_site(workdir / "build", srcdir=src, confdir=src)
    assert site.status == 0, site.warnings
    handler = functools.partial(QuietHandler, directory=str(site.out))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/index.html"
    server.shutdown()
    server.server_close()


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["desktop", "phone"])
@pytest.mark.browser
def test_the_comparison_reads_in_full_without_scrolling_sideways(
    browser: object, compare_url: str, viewport: tuple[int, int]
) -> None:
    with opened(browser, compare_url, viewport) as page:  # type: ignore[arg-type]
        overflow = page.evaluate(
            "[document.documentElement.scrollWidth, document.documentElement.clientWidth]"
        )
        assert overflow[0] <= overflow[1], f"the page scrolls sideways: {overflow}"
        check_tables_fit(page)
        cells = page.evaluate(CELLS)
        assert len(cells) >= 9 * 2  # every row's header, and at least one value each
        for cell in cells:
            assert cell["width"] > 0, f"{cell['text']!r} is not shown"
            assert cell["left"] >= 0 and cell["right"] <= viewport[0], cell
        if not AXE.exists():
            unavailable(f"no {AXE.relative_to(ROOT)}: run `npm ci` (make does)")
        page.add_script_tag(path=AXE)
        results = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
        serious = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
            for v in results["violations"]
            if v["impact"] in {"serious", "critical"}
        ]
        assert not serious, "\n".join(serious)
