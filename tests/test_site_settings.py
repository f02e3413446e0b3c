"""The site's settings, read from its conf.py as the build reads them (`site.py`)."""

from __future__ import annotations

import dataclasses
import re
import shutil
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest
from babel import Locale
from sphinx.errors import ConfigError
from sphinx.testing.util import SphinxTestApp

from conftest import CATALOGUE, ROOT, build_page
from sphinx_offerings.cli import main
from sphinx_offerings.model import Money
from sphinx_offerings.render.text import formatter_for
from sphinx_offerings.site import (
    PRICE_FORMATS,
    Site,
    SiteError,
    find_confdir,
    price_format_problem,
    read_site,
)
from sphinx_offerings.sphinxext.config import price_format_option


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def test_a_separate_source_folder(tmp_path: Path) -> None:
    """sphinx-quickstart --sep: conf.py and the pages in source/, catalogues beside them."""
    write(
        tmp_path / "source" / "conf.py",
        "import os\n"
        "language = 'de'\n"
        "offerings_catalogue = 'data/prices.yaml'\n"
        "offerings_price_format = 'code'\n"
        "offerings_date = '2027-01-01' if tags.has('future') else ''\n",
    )
    write(tmp_path / "source" / "index.rst", "Home\n====\n")
    (tmp_path / "source" / "data").mkdir()
    for start in (tmp_path, tmp_path / "source", tmp_path / "source" / "data"):
        assert find_confdir(start) == tmp_path / "source"
    assert find_confdir(tmp_path / "source" / "data" / "nothing") == tmp_path / "source"
    assert read_site(tmp_path / "source") == Site(
        confdir=tmp_path / "source",
        catalogues=(tmp_path / "source" / "data" / "prices.yaml",),
        date="",
        price_format="code",
        language="de",
        source=tmp_path / "source",
    )


def test_this_site_builds_docs_with_the_conf_at_the_root() -> None:
    site = read_site(ROOT)
    assert site.catalogues == (ROOT / "data" / "offerings.yaml", ROOT / "data" / "licences.yaml")
    assert site.source == ROOT / "docs"
    assert (site.price_format, site.language, site.date) == ("symbol-code", None, "")


def test_the_defaults_are_the_extensions(tmp_path: Path) -> None:
    write(tmp_path / "conf.py", "project = 'x'\nroot_doc = 'start'\n")
    write(tmp_path / "doc" / "start.md", "# Start\n")
    site = read_site(tmp_path)
    assert site.catalogues == (tmp_path / "data" / "offerings.yaml",)
    assert (site.price_format, site.source) == ("symbol-code", tmp_path / "doc")


def test_conf_py_runs_from_its_folder(tmp_path: Path) -> None:
    write(
        tmp_path / "conf.py",
        "from pathlib import Path\nofferings_catalogue = Path('x.yaml').resolve().name\n",
    )
    assert read_site(tmp_path).catalogues == (tmp_path / "x.yaml",)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("import no_such_module\n", "ModuleNotFoundError: No module named 'no_such_module'"),
        ("offerings_catalogue = [\n", "SyntaxError: "),
    ],
)
def test_a_broken_conf_is_one_line(tmp_path: Path, text: str, message: str) -> None:
    write(tmp_path / "conf.py", text)
    with pytest.raises(SiteError) as raised:
        read_site(tmp_path)
    assert str(raised.value).startswith(f"{tmp_path / 'conf.py'}: {message}")
    assert "\n" not in str(raised.value)


def test_no_site_found(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    assert find_confdir(tmp_path / "data") is None


def test_no_conf_py(tmp_path: Path) -> None:
    with pytest.raises(SiteError, match=r"no conf\.py here"):
        read_site(tmp_path)


# Every setting read from conf.py is checked, as the build checks it: a value of another
# type or form is one line naming the setting and the file, and a usage error (exit 2)
# for the commands, never a traceback.
CAD_1234 = Money(Decimal(1234), "CAD")
PRICE_FORMAT_FORMS = (
    "use symbol-code, code, locale, or a Babel number pattern that shows the amount in # and "
    "0, such as '¤#,##0 ¤¤' (quotes in pairs; no %, ‰, @ or E)"
)
BAD_SETTINGS = [
    ("offerings_catalogue = 5", "offerings_catalogue = 5: give a path, or a list of paths"),
    ("offerings_catalogue = []", "offerings_catalogue = []: give a path, or a list of paths"),
    ("offerings_catalogue = ''", "offerings_catalogue = '': give a path, or a list of paths"),
    (
        "offerings_catalogue = [CATALOGUE, None]",
        "offerings_catalogue = [CATALOGUE, None]: give a path, or a list of paths",
    ),
    (
        "offerings_catalogue = {CATALOGUE: 1}",
        "offerings_catalogue = {CATALOGUE: 1}: give a path, or a list of paths",
    ),
    ("language = 5", "language = 5: give a language code such as 'en' or 'fr_CA', or None"),
    (
        "language = ['fr']",
        "language = ['fr']: give a language code such as 'en' or 'fr_CA', or None",
    ),
    ("offerings_date = 'bogus'", "offerings_date = 'bogus': give a date as 'YYYY-MM-DD'"),
    ("offerings_date = '20200101'", "offerings_date = '20200101': give a date as 'YYYY-MM-DD'"),
    ("offerings_date = '2020-W01-1'", "offerings_date = '2020-W01-1': give a date as 'YYYY-MM-DD'"),
    (
        "offerings_date = 20200101",
        "offerings_date = 20200101: give a date as 'YYYY-MM-DD', or '' for SOURCE_DATE_EPOCH's "
        "date, else today",
    ),
    ('offerings_price_format = "\'"', f'offerings_price_format = "\'": {PRICE_FORMAT_FORMS}'),
    (
        "offerings_price_format = \"'#0'\"",
        f"offerings_price_format = \"'#0'\": {PRICE_FORMAT_FORMS}",
    ),
    ("offerings_price_format = '#0%'", f"offerings_price_format = '#0%': {PRICE_FORMAT_FORMS}"),
    ("offerings_price_format = ''", f"offerings_price_format = '': {PRICE_FORMAT_FORMS}"),
    (
        "offerings_price_format = None",
        f"offerings_price_format = None: not text: {PRICE_FORMAT_FORMS}",
    ),
    ("root_doc = 5", "root_doc = 5: give the name of the root page, such as 'index'"),
]


@pytest.mark.parametrize(("line", "message"), BAD_SETTINGS, ids=[b[0] for b in BAD_SETTINGS])
@pytest.mark.parametrize("command", ["validate", "render", "export", "check", "lint"])
def test_a_bad_setting_is_one_line_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str, line: str, message: str
) -> None:
    site = tmp_path / "site"
    conf = write(
        site / "conf.py",
        f"CATALOGUE = {str(CATALOGUE)!r}\nofferings_catalogue = [CATALOGUE]\n{line}\n",
    )
    (site / "index.rst").write_text("Home\n====\n", "utf-8")
    with pytest.raises(SiteError) as raised:
        read_site(site)
    shown = message.replace("CATALOGUE", repr(str(CATALOGUE)))
    assert str(raised.value) == f"{conf}: {shown}"
    argv = [command, "--conf-dir", str(site)]
    assert main([*argv, str(tmp_path)] if command == "check" else argv) == 2
    assert capsys.readouterr().err == f"offerings: error: {conf}: {shown}\n"


def test_a_catalogue_named_twice_in_conf_py(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Read twice, a file's ids would each be "already used" at themselves."""
    site = tmp_path / "site"
    site.mkdir()
    shutil.copy(CATALOGUE, site / "prices.yaml")
    (site / "same.yaml").hardlink_to(site / "prices.yaml")
    for names, twice in [
        ("'prices.yaml', 'prices.yaml'", "'prices.yaml'"),
        ("'prices.yaml', './prices.yaml'", "'prices.yaml' and './prices.yaml'"),
        (
            f"'prices.yaml', {str(site / 'prices.yaml')!r}",
            f"'prices.yaml' and {str(site / 'prices.yaml')!r}",
        ),
        ("'prices.yaml', '../site/same.yaml'", "'prices.yaml' and '../site/same.yaml'"),
    ]:
        conf = write(site / "conf.py", f"offerings_catalogue = [{names}]\n")
        error = f"{conf}: offerings_catalogue = [{names}]: names the same file twice: {twice}"
        with pytest.raises(SiteError) as raised:
            read_site(site)
        assert str(raised.value) == error
        assert main(["validate", "--conf-dir", str(site)]) == 2
        assert capsys.readouterr().err == f"offerings: error: {error}\n"


BUILD_CHECKS = [b for b in BAD_SETTINGS if b[0].startswith("offerings_")]


@pytest.mark.parametrize(("line", "message"), BUILD_CHECKS, ids=[b[0] for b in BUILD_CHECKS])
def test_the_build_refuses_the_same_settings(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp], line: str, message: str
) -> None:
    """In the words of the commands, as a configuration error: not a traceback."""
    write(
        tmp_path / "conf.py",
        f"extensions = ['sphinx_offerings']\nCATALOGUE = {str(CATALOGUE)!r}\n"
        f"offerings_catalogue = [CATALOGUE]\n{line}\n",
    )
    write(tmp_path / "index.rst", "Home\n====\n")
    with pytest.raises(ConfigError) as raised:
        make_app("html", srcdir=tmp_path)
    assert str(raised.value) == message.replace("CATALOGUE", repr(str(CATALOGUE)))


def test_the_build_refuses_a_catalogue_named_twice(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp]
) -> None:
    shutil.copy(CATALOGUE, tmp_path / "prices.yaml")
    names = "['prices.yaml', './prices.yaml']"
    write(
        tmp_path / "conf.py", f"extensions = ['sphinx_offerings']\nofferings_catalogue = {names}\n"
    )
    write(tmp_path / "index.rst", "Home\n====\n")
    with pytest.raises(ConfigError) as raised:
        make_app("html", srcdir=tmp_path)
    assert str(raised.value) == (
        f"offerings_catalogue = {names}: names the same file twice: 'prices.yaml' and "
        "'./prices.yaml'"
    )


#: Price formats Babel formats without the amount, or with another one (x100, rounded,
#: as an exponent), and what it shows of 1234 CAD.
NO_AMOUNT = {
    "'": "'",
    "'#0'": "#0",
    "¤": "$",
    ";#0 ¤¤": "",
    "#0%": "123400%",
    "#0‰": "1234000‰",
    "@@ ¤¤": "1200 CAD",
    "#0 ¤¤ @": "1200 CAD @",
    "0E0": "1.234E3",
    "#0 '": "1234 '",  # a quote left open
}
SHOWS_AMOUNT = ["#0 ¤¤", "¤#,##0.00", "#,##0.00 ¤", "'EUR' #0", "#0 ¤¤ (net)", ".00 ¤¤"]


def test_a_price_format_that_does_not_show_the_amount() -> None:
    fmt = formatter_for(None, "symbol-code")
    for pattern, shown in NO_AMOUNT.items():
        assert dataclasses.replace(fmt, price_format=pattern).money(CAD_1234) == shown
        assert price_format_problem(pattern) == PRICE_FORMAT_FORMS
        with pytest.raises(ValueError, match=re.escape(PRICE_FORMAT_FORMS)):
            price_format_option(pattern)
    for pattern in [*PRICE_FORMATS, *SHOWS_AMOUNT]:
        assert "1234" in re.sub(
            "[^0-9]", "", dataclasses.replace(fmt, price_format=pattern).money(CAD_1234)
        )
        assert price_format_problem(pattern) is None
        assert price_format_option(pattern) == pattern
    # every language's own currency format is one
    for language in ("en", "fr", "de_CH", "hi", "ar", "ja", "fa", "he"):
        for pattern in Locale.parse(language).currency_formats.values():
            assert price_format_problem(pattern.pattern) is None
    # each name the setting accepts, the formatter reads as a name, not as a pattern
    for name in PRICE_FORMATS:
        assert dataclasses.replace(fmt, price_format=name)._pattern() != name


def test_a_table_refuses_a_price_format_that_does_not_show_the_amount(tmp_path: Path) -> None:
    page = "Prices\n======\n\n.. offerings:table::\n   :price-format: '\n"
    site, source = build_page(tmp_path, page)
    assert site.status != 0
    assert f'{source}:4: ERROR: Error in "offerings:table" directive' in site.warnings
    assert PRICE_FORMAT_FORMS in site.warnings
