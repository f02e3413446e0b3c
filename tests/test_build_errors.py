"""A bad catalogue fails the build with located warnings, and never replaces a good site."""

from __future__ import annotations

import re
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import CATALOGUE, LICENCES, ROOT, build_site, tree_digest

BROKEN = [
    ("currency: CAD", "currency: XYZ"),
    ("email: support@lextudio.com", "email: support@lextudio.com?bcc=x@evil.example"),
]


def broken_catalogue(path: Path) -> Path:
    text = CATALOGUE.read_text("utf-8")
    for old, new in BROKEN:
        assert text.count(old) == 1
        text = text.replace(old, new)
    path.write_text(text, "utf-8")
    return path


def located(text: str, path: Path) -> list[str]:
    """The catalogue's line:col pairs named in build output."""
    return sorted(set(re.findall(re.escape(str(path)) + r":(\d+:\d+): ", text)))


def catalogue_positions() -> list[str]:
    lines = CATALOGUE.read_text("utf-8").splitlines()
    found = []
    for old, _new in BROKEN:
        [number] = [i for i, line in enumerate(lines, 1) if old in line]
        found.append(f"{number}:{lines[number - 1].index(old.split(': ')[1]) + 1}")
    return sorted(found)


def test_build_reports_each_error_located_and_fails(tmp_path: Path) -> None:
    bad = broken_catalogue(tmp_path / "offerings.yaml")
    built = build_site(tmp_path / "out", catalogue=bad)
    assert built.status != 0
    assert located(built.warnings, bad) == catalogue_positions()
    assert "[offerings.catalogue]" in built.warnings


def test_catalogue_warnings_can_be_suppressed(tmp_path: Path) -> None:
    bad = broken_catalogue(tmp_path / "offerings.yaml")
    built = build_site(
        tmp_path / "out",
        catalogue=bad,
        extra=("-D", "suppress_warnings=offerings.catalogue,offerings.reference"),
    )
    assert "offerings.catalogue" not in built.warnings


def test_catalogue_is_loaded_once_per_build(
    tmp_path: Path, make_app: Callable[..., SphinxTestApp], monkeypatch: pytest.MonkeyPatch
) -> None:
    from sphinx_offerings.pipeline import read_catalogue as real
    from sphinx_offerings.sphinxext import events

    calls: list[Any] = []

    def counting(*args: Any) -> Any:
        calls.append(args)
        return real(*args)

    monkeypatch.setattr(events, "read_catalogue", counting)
    src = tmp_path / "src"
    shutil.copytree(ROOT / "docs", src)
    (src / "second.rst").write_text(":orphan:\n\nSecond\n======\n\n:offerings:price:`advisory`\n")
    (src / "conf.py").write_text(
        f"extensions = ['sphinx_offerings']\n"
        f"offerings_catalogue = {[str(CATALOGUE), str(LICENCES)]!r}\n"
    )
    app = make_app("html", srcdir=src)
    app.build()
    assert app.warning.getvalue() == ""
    assert len(calls) == 1


def make_html(project: Path, *variables: str) -> subprocess.CompletedProcess[str]:
    """``make html`` in the copy. PYTHON=false: should make set about making the environment
    (it must find it made), it fails at once instead of installing anything."""
    return subprocess.run(
        ["make", "-s", "html", "PYTHON=false", *variables],
        cwd=project,
        capture_output=True,
        text=True,
        check=False,
    )


def test_make_html_keeps_the_last_good_site(project: Path, tmp_path: Path) -> None:
    build = project / "_build"
    good = make_html(project)
    assert good.returncode == 0, good.stderr
    before = tree_digest(build / "html")
    assert "purchase-options.html" in before

    bad = broken_catalogue(tmp_path / "offerings.yaml")
    options = f"SPHINXOPTS=-n -W --keep-going -D offerings_catalogue={bad},{LICENCES}"
    failed = make_html(project, options)
    assert failed.returncode != 0
    assert located(failed.stderr, bad) == catalogue_positions()
    assert tree_digest(build / "html") == before
    assert "sphinx-build failed" in failed.stderr
    # The published version and its links; the failed build's own version is gone.
    assert sorted(p.name for p in build.iterdir()) == [
        "doctrees",
        "html",
        "publish.lock",
        "site",
        "site.1",
    ]
