"""Shared test helpers: build the real site, read the built HTML, edit catalogue copies,
copy the project, serve a build and open it in a browser."""

from __future__ import annotations

import contextlib
import functools
import hashlib
import http.server
import os
import re
import shutil
import subprocess
import sys
import tempfile
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

import pytest
from bs4 import BeautifulSoup, Tag
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir
from sphinx.cmd.build import build_main
from sphinx.locale import translators
from sphinx.testing.util import SphinxTestApp

from sphinx_offerings.render.figures import COLUMNS

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytest_plugins = ["sphinx.testing.fixtures"]

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "docs"
CATALOGUE = ROOT / "data" / "offerings.yaml"
LICENCES = ROOT / "data" / "licences.yaml"
FIXTURES = Path(__file__).resolve().parent / "fixtures"


def skip_unless_pinned(distribution: str, why: str) -> None:
    """Skip where ``distribution`` is not the version constraints.txt pins (the lowest
    versions' session, say): ``why`` says what depends on that version."""
    from importlib.metadata import version

    text = (ROOT / "constraints.txt").read_text("utf-8")
    pinned = re.search(rf"^{re.escape(distribution)}==(\S+)$", text, re.MULTILINE | re.IGNORECASE)
    assert pinned is not None, f"constraints.txt pins no {distribution}"
    if version(distribution) != pinned[1]:
        pytest.skip(
            f"{why}: {distribution} {pinned[1]}, the pinned one; this is {version(distribution)}"
        )


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return Path(__file__).resolve().parent / "roots"


def text_of(element: Tag) -> str:
    """Visible text with white space folded (narrow and no-break spaces included)."""
    return " ".join(element.get_text().split())


def stated(soup: BeautifulSoup, ref: str, field: str) -> set[str]:
    """The texts a page shows for one figure, wherever it states it."""
    selector = f'[data-offerings-ref="{ref}"][data-offerings-field="{field}"]'
    return {text_of(span) for span in soup.select(selector)}


@dataclass
class Site:
    out: Path
    status: int
    warnings: str

    def soup(self, page: str = "purchase-options") -> BeautifulSoup:
        return BeautifulSoup((self.out / f"{page}.html").read_text("utf-8"), "html.parser")


def build_site(
    workdir: Path,
    *,
    catalogue: Path | None = None,
    srcdir: Path = DOCS,
    confdir: Path = ROOT,
    extra: tuple[str, ...] = (),
    own_process: bool = False,
) -> Site:
    """Build like `make html` (-n -W --keep-going) into workdir; warnings are returned.

    ``catalogue`` replaces data/offerings.yaml; the licences catalogue stays beside it.
    ``own_process`` builds in a sphinx-build process of its own, for what changes Sphinx
    for every later build in this one.
    """
    out, warnings = workdir / "html", workdir / "warnings.txt"
    argv = ["-b", "html", "-n", "-W", "--keep-going", "-q", "-c", str(confdir)]
    argv += ["-d", str(workdir / "doctrees"), "-w", str(warnings)]
    if catalogue is not None:
        argv += ["-D", f"offerings_catalogue={catalogue},{LICENCES}"]
    argv += [*extra, str(srcdir), str(out)]
    if own_process:
        command = [sys.executable, "-m", "sphinx", *argv]
        built = subprocess.run(command, capture_output=True, check=False)
        status, errors = built.returncode, built.stderr.decode()
    else:
        status, errors = build_main(argv), ""
        # Sphinx keeps the build's message catalogues (French, say) for the next app in
        # this process, which would read its config defaults in that language: forget
        # them, as sphinx.testing's apps do on cleanup.
        translators.clear()
    return Site(out, status, (warnings.read_text("utf-8") if warnings.exists() else "") + errors)


def build_page(
    workdir: Path, page: str, catalogues: tuple[Path, ...] = (CATALOGUE,)
) -> tuple[Site, Path]:
    """A one-page project using ``catalogues``, built as `build_site` does; the built
    site and the page's source, which warnings name."""
    src = workdir / "src"
    src.mkdir(parents=True)
    (src / "conf.py").write_text(
        "extensions = ['sphinx_offerings']\n"
        f"offerings_catalogue = {[str(path) for path in catalogues]!r}\n"
        "show_warning_types = True\n"  # as from Sphinx 8 on
    )
    (src / "index.rst").write_text(page)
    return build_site(workdir / "build", srcdir=src, confdir=src), src / "index.rst"


def build_figures(rootdir: Path, workdir: Path, **confoverrides: Any) -> tuple[Path, str]:
    """tests/roots/test-figures built as HTML into workdir, its table with every column
    there is, with ``confoverrides`` (``language="fr"``): the output folder and the
    warnings."""
    srcdir = workdir / "src"
    shutil.copytree(rootdir / "test-figures", srcdir)
    page = srcdir / "index.rst"
    page.write_text(page.read_text("utf-8").replace("EVERY", ", ".join(COLUMNS)), "utf-8")
    app = SphinxTestApp("html", srcdir=srcdir, confoverrides=confoverrides)
    try:
        app.build()
        return Path(app.outdir), app.warning.getvalue()
    finally:
        app.cleanup()


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Site:
    """The shipped site, built once for the session."""
    built = build_site(tmp_path_factory.mktemp("site"))
    assert built.status == 0, built.warnings
    return built


@pytest.fixture
def edited_catalogue(tmp_path: Path) -> Callable[[str, str], Path]:
    """A copy of the shipped catalogue with one textual edit (which must apply once)."""

    def edit(old: str, new: str) -> Path:
        text = CATALOGUE.read_text("utf-8")
        assert len(re.findall(re.escape(old), text)) == 1, f"{old!r} must occur once"
        copy = tmp_path / "offerings.yaml"
        copy.write_text(text.replace(old, new), "utf-8")
        return copy

    return edit


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves files without logging each request to stderr."""

    def log_message(self, format: str, *args: Any) -> None:
        pass


@contextlib.contextmanager
def serve(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on 127.0.0.1 (loopback, as pytest-socket allows): its URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def pytest_configure(config: pytest.Config) -> None:
    """The suite writes nothing into the tree (nor does pytest: ``-p no:cacheprovider``)."""
    sys.dont_write_bytecode = True
    os.environ["PYTHONDONTWRITEBYTECODE"] = "1"  # nor do the processes it starts
    settings.register_profile("hermetic", database=None)
    settings.load_profile("hermetic")
    home = tempfile.mkdtemp(prefix="hypothesis-")
    set_hypothesis_home_dir(home)  # what else Hypothesis keeps (its Unicode tables)
    config.add_cleanup(lambda: shutil.rmtree(home, ignore_errors=True))


def copy_project(dest: Path) -> Path:
    """The project's files (those git tracks, and new ones it does not ignore) in dest.

    Its ``.venv`` is the environment under test, stamped as made, so ``make`` there
    installs nothing; the pre-commit hooks run its tools too.
    """
    listed = subprocess.run(
        ["git", "ls-files", "-z", "--cached", "--others", "--exclude-standard"],
        cwd=ROOT,
        capture_output=True,
        check=True,
    )
    for name in listed.stdout.decode().split("\0"):
        if name and (ROOT / name).is_file():  # not a file deleted from the work tree
            (dest / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(ROOT / name, dest / name)
    environment = dest / ".venv"
    environment.mkdir()
    (environment / "bin").symlink_to(Path(sys.executable).parent, target_is_directory=True)
    (environment / ".installed").touch()  # newer than the copied files it depends on
    return dest


def tree_digest(folder: Path) -> dict[str, str]:
    """Each file below folder (a link to a folder followed), by path, as its SHA-256."""
    return {
        os.fspath(path.relative_to(folder)): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(folder.rglob("*"))
        if path.is_file()
    }


@pytest.fixture
def project(tmp_path: Path) -> Path:
    """A copy of the project, in a scratch folder, ready for ``make``."""
    return copy_project(tmp_path / "project")


CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
DESKTOP, PHONE = (1280, 800), (375, 812)
VIEWPORTS = {"desktop": DESKTOP, "phone": PHONE}
# A winter day: Toronto on standard time; the screenshots show this day too.
WINTER = "2026-01-15T12:00:00Z"


def unavailable(reason: str) -> NoReturn:
    """Skip, or fail where the browser tests must run (CI sets OFFERINGS_REQUIRE_BROWSER=1)."""
    if os.environ.get("OFFERINGS_REQUIRE_BROWSER") == "1":
        pytest.fail(f"{reason} (OFFERINGS_REQUIRE_BROWSER=1: the browser tests must run)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One chromium for the whole session."""
    if not CHROMIUM.exists():
        unavailable(f"no browser at {CHROMIUM}: install it with `apt-get install -y chromium`")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        unavailable("playwright is not installed: run `make` (it installs the test extra)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def serious_violations(page: Page, include: list[str] | None = None) -> list[str]:
    """What axe-core finds serious or critical on the page, or only in the elements
    ``include`` selects; one line each."""
    if not AXE.exists():
        unavailable(f"no {AXE.relative_to(ROOT)}: run `npm ci` (make does)")
    page.add_script_tag(path=AXE)
    context = {"include": [[selector] for selector in include]} if include else None
    results = page.evaluate(
        "([context]) => axe.run(context || document, {resultTypes: ['violations']})", [context]
    )
    assert results["testEngine"]["name"] == "axe-core"
    return [
        f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']]}"
        for v in results["violations"]
        if v["impact"] in {"serious", "critical"}
    ]
