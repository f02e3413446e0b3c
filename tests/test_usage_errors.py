"""The commands' arguments are checked before they are used: a usage error (exit 2)
that names the argument, never a path, a date or a folder taken to mean another."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CATALOGUE
from sphinx_offerings.cli import main

# An empty path would be the current folder (``Path("")``), an empty date today.
EMPTY = {
    "validate PATH": (["validate", ""], "PATH"),
    "validate PATH ...": (["validate", str(CATALOGUE), ""], "PATH"),
    "validate --conf-dir": (["validate", "--conf-dir", ""], "--conf-dir"),
    "check TARGET": (["check", ""], "TARGET"),
    "check --catalogue": (["check", ".", "--catalogue", ""], "--catalogue"),
    "check --conf-dir": (["check", ".", "--conf-dir", ""], "--conf-dir"),
    "lint DOCS_DIR": (["lint", ""], "DOCS_DIR"),
    "export --catalogue": (
        ["export", "--catalogue", str(CATALOGUE), "--catalogue", ""],
        "--catalogue",
    ),
    "export --date": (["export", "--date", ""], "--date"),
    "render --table": (["render", "--table", ""], "--table"),
    "diff OLD": (["diff", ""], "OLD"),
    "diff NEW": (["diff", str(CATALOGUE), ""], "NEW"),
    "diff --date": (["diff", "--date", ""], "--date"),
}


@pytest.mark.parametrize(("argv", "argument"), EMPTY.values(), ids=EMPTY.keys())
def test_an_empty_argument_names_nothing(
    argv: list[str],
    argument: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"offerings {argv[0]}: error: argument {argument}: empty: give a value"
    )
