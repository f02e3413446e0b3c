"""The date whose prices a build shows: a SOURCE_DATE_EPOCH that is not one is named as
such, by the commands and the build, never a traceback or "--date None"."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from conftest import CATALOGUE, build_page
from sphinx_offerings.cli import main
from sphinx_offerings.resolve import catalogue_date

NOT_DATES = ["yesterday", "99999999999999999999", "1764547200.5", "-99999999999999", " ", "0x10"]


@pytest.mark.parametrize("epoch", NOT_DATES)
def test_a_source_date_epoch_that_is_not_a_date(
    epoch: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    with pytest.raises(ValueError, match=r"^SOURCE_DATE_EPOCH=.* is not a date: set it to"):
        catalogue_date()
    assert main(["export", "--catalogue", str(CATALOGUE)]) == 2
    assert capsys.readouterr().err == (
        f"offerings: error: SOURCE_DATE_EPOCH={epoch!r} is not a date: set it to the seconds "
        "since 1970-01-01 UTC (as `git log -1 --format=%ct` gives them), or unset it\n"
    )
    # the date is not needed to check a catalogue
    assert main(["validate", str(CATALOGUE)]) == 0


def test_a_date_given_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "yesterday")
    assert catalogue_date("2027-01-01") == datetime.date(2027, 1, 1)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200")
    assert catalogue_date() == datetime.date(2025, 12, 1)


def test_the_build_fails_with_the_same_words(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Sphinx reads SOURCE_DATE_EPOCH as a float for the copyright year; this one it takes
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1764547200.5")
    site, _page = build_page(tmp_path, "Page\n====\n\n:offerings:price:`advisory`\n")
    assert site.status != 0
    assert "SOURCE_DATE_EPOCH='1764547200.5' is not a date" in capsys.readouterr().err
