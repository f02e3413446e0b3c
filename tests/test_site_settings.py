"""The site's settings, read from its conf.py as the build reads them (`site.py`)."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import ROOT
from sphinx_offerings.site import Site, SiteError, find_confdir, read_site


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
