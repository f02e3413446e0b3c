"""The date whose prices a build shows: a SOURCE_DATE_EPOCH that is not one is named as
such, by the commands and the build, never a traceback or "--date None"."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from conftest import CATALOGUE, build_page, build_site
from sphinx_offerings.cli import main
from sphinx_offerings.resolve import catalogue_date

NOT_DATES = ["yesterday", "99999999999999999999", "1764547200.5", "-99999999999999", " ", "0x10"]
# what int() takes besides ASCII digits: other scripts' digits, a sign, underscores, spaces
NOT_DATES += [
    "１７６４５４７２００",
    "١٧٦٤٥٤٧٢٠٠",
    "+1764547200",
    "1_764_547_200",
    " 1764547200",
    "1764547200\n",
]


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


@pytest.mark.parametrize("epoch", ["1764547200.5", "１７６４５４７２００", "+1764547200"])
def test_the_build_fails_with_the_same_words(
    epoch: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # Sphinx reads SOURCE_DATE_EPOCH as a float for the copyright year; these it takes
    monkeypatch.setenv("SOURCE_DATE_EPOCH", epoch)
    site, _page = build_page(tmp_path, "Page\n====\n\n:offerings:price:`advisory`\n")
    assert site.status == 2
    assert f"SOURCE_DATE_EPOCH={epoch!r} is not a date" in capsys.readouterr().err


#: What date.fromisoformat takes from Python 3.11 on, and the help's YYYY-MM-DD does not.
NOT_YYYY_MM_DD = [
    "20200101",
    "2020-W01-1",
    "2020W011",
    "2020-001",
    "2020-01-01T00:00",
    "２０２０-01-01",
]


@pytest.mark.parametrize("given", [*NOT_YYYY_MM_DD, "2020-02-30", "2020-1-1", "soon"])
@pytest.mark.parametrize("command", ["export", "render", "check", "lint", "diff"])
def test_a_date_option_is_yyyy_mm_dd(
    given: str,
    command: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)  # no site around
    with pytest.raises(ValueError, match=r" is not a date: give one as YYYY-MM-DD$"):
        catalogue_date(given)
    if command == "diff":
        argv = ["diff", str(CATALOGUE), str(CATALOGUE)]
    else:
        folder = [str(tmp_path)] if command in ("check", "lint") else []
        argv = [command, "--catalogue", str(CATALOGUE), *folder]
    assert main([*argv, "--date", given]) == 2
    assert (
        capsys.readouterr().err == f"offerings: error: --date {given}: give a date as YYYY-MM-DD\n"
    )


@pytest.mark.parametrize("command", ["export", "diff"])
def test_an_empty_date_option_is_not_today(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert (
        main([command, *(["--catalogue"] * (command == "export")), str(CATALOGUE), "--date", ""])
        == 2
    )
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"offerings {command}: error: argument --date: empty: give a value"
    )


def test_what_is_still_a_date(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "0001764547200")  # leading zeros are digits
    assert catalogue_date() == datetime.date(2025, 12, 1)
    assert catalogue_date("2024-02-29") == datetime.date(2024, 2, 29)
    assert catalogue_date("") == datetime.date(2025, 12, 1)  # the setting's default


@pytest.mark.parametrize("given", NOT_YYYY_MM_DD)
def test_the_build_refuses_an_offerings_date_not_yyyy_mm_dd(
    given: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        f"extensions = ['sphinx_offerings']\nofferings_catalogue = {str(CATALOGUE)!r}\n"
    )
    (src / "index.rst").write_text("Page\n====\n")
    site = build_site(
        tmp_path / "build", srcdir=src, confdir=src, extra=("-D", f"offerings_date={given}")
    )
    assert site.status == 2
    assert f"offerings_date = {given!r}: give a date as 'YYYY-MM-DD'" in capsys.readouterr().err
