"""The site a command works for: its ``conf.py`` and the settings the build reads there,
so that the build and the ``offerings`` commands never read different catalogues.

``conf.py`` is run as Sphinx runs it (a Python file, from its own folder, with ``tags``),
without starting Sphinx; what it sets beyond the settings below is not looked at.
"""

from __future__ import annotations

import datetime
import os
import re
import reprlib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONF = "conf.py"
#: The extension's defaults, as `sphinxext.config` declares them.
DEFAULT_CATALOGUE = "data/offerings.yaml"
DEFAULT_PRICE_FORMAT = "symbol-code"
#: Named price formats (the Babel pattern of each, None for the language's own); any
#: other value is read as a Babel number pattern.
PRICE_FORMATS: dict[str, str | None] = {
    # the language's own order, the home symbol and the code: $350 CAD, 350 $ CAD
    "symbol-code": None,
    "code": "#0 ¤¤",  # 350 CAD
    "locale": None,  # the language's own currency format: CA$350.00, 350,00 $CA
}
#: Where a site keeps its pages, when conf.py's own folder does not hold the root page:
#: ``sphinx-quickstart --sep`` puts conf.py in source/; some sites build docs/ with -c .
_SOURCE_FOLDERS = ("docs", "source", "doc")
_SUFFIXES = (".rst", ".md", ".txt")


class SiteError(Exception):
    """The site's conf.py cannot be found or read, or a setting there is not one."""


DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def parse_date(text: str) -> datetime.date:
    """A date written YYYY-MM-DD in ASCII digits, and only that: not the other forms
    `datetime.date.fromisoformat` takes from Python 3.11 on (20200101, 2020-W01-1).
    A `ValueError` otherwise."""
    if not DATE.fullmatch(text):
        raise ValueError(f"{text!r} is not written YYYY-MM-DD")
    return datetime.date.fromisoformat(text)


#: A number pattern as Babel splits it (`babel.numbers.parse_pattern`): text before the
#: number (quoted, or no character of a number), the number, and the text after it.
_PATTERN = re.compile(r"((?:[^'0-9@#.,]|'[^']*')*)([0-9@#.,E+]*)(.*)", re.DOTALL)
#: A number that shows the amount as it is: digits (# or 0), grouped and with decimals,
#: not rounded to significant digits (@), as an exponent (E) or by an increment (1-9).
_AMOUNT = re.compile(r"[#0,.]*[#0][#0,.]*")
PRICE_FORMAT_FORMS = (
    f"use {', '.join(PRICE_FORMATS)}, or a Babel number pattern that shows the amount "
    "in # and 0, such as '¤#,##0 ¤¤' (quotes in pairs; no %, ‰, @ or E)"
)


def price_format_problem(value: object) -> str | None:
    """What is wrong with a price format (``offerings_price_format``, a table's
    ``:price-format:``), in words; None if it is one. A pattern must show the amount:
    Babel formats ``'`` or ``'#0'`` with none, ``#0%`` a hundred times it."""
    if not isinstance(value, str):
        return f"not text: {PRICE_FORMAT_FORMS}"
    if value in PRICE_FORMATS:
        return None
    positive = value.split(";", 1)[0]  # as Babel splits it; a price is never negative
    match = _PATTERN.fullmatch(positive)
    number = match.group(2) if match else ""
    paired = value.count("'") % 2 == 0
    # anywhere in a pattern, Babel reads @ as significant digits, % and ‰ as a scale
    if paired and _AMOUNT.fullmatch(number) and not {"@", "%", "‰"} & set(value):
        return None
    return PRICE_FORMAT_FORMS


def date_problem(value: object) -> str | None:
    """What is wrong with an ``offerings_date``, in words; None if nothing."""
    if not isinstance(value, str):
        return "give a date as 'YYYY-MM-DD', or '' for SOURCE_DATE_EPOCH's date, else today"
    try:
        if value:  # empty: the build's default
            parse_date(value)
    except ValueError:
        return "give a date as 'YYYY-MM-DD'"
    return None


def catalogue_names(value: object) -> list[str] | None:
    """The files an ``offerings_catalogue`` names (a path, or a list or tuple of them,
    none empty); None if it is not one."""
    names = [value] if isinstance(value, str) else value
    if not isinstance(names, list | tuple) or not names:
        return None
    return list(names) if all(isinstance(name, str) and name for name in names) else None


def catalogue_problem(value: object, confdir: Path) -> str | None:
    """What is wrong with an ``offerings_catalogue`` read from ``confdir``, in words;
    None if nothing. A file named twice would be read twice, and each of its ids
    reported as already used, at itself."""
    names = catalogue_names(value)
    if names is None:
        return "give a path, or a list of paths"
    if twice := same_file_twice([confdir / name for name in names]):
        first, second = (names[index] for index in twice)
        return f"names the same file twice: {first!r}" + (
            "" if first == second else f" and {second!r}"
        )
    return None


def same_file_twice(paths: Sequence[str | Path]) -> tuple[int, int] | None:
    """The indexes of the first two of ``paths`` that name one file (as
    `os.path.samefile` tells, else as resolved paths, for a file not there); None if none."""
    seen: dict[object, int] = {}
    for index, path in enumerate(paths):
        try:
            stat = Path(path).stat()
            key: object = (stat.st_dev, stat.st_ino)
        except (OSError, ValueError):
            key = Path(path).resolve()
        if key in seen:
            return seen[key], index
        seen[key] = index
    return None


_REPR = reprlib.Repr()
_REPR.maxstring = _REPR.maxother = 200  # a path in full
_REPR.maxlist = _REPR.maxtuple = _REPR.maxdict = _REPR.maxset = 8


def _shown(value: object) -> str:
    """A setting's value as conf.py would write it, on one line, cut short if long."""
    return _REPR.repr(value)


class _Tags:
    """What conf.py may ask of Sphinx's ``tags``: no tag is set outside a build."""

    def has(self, tag: str) -> bool:
        return False

    def add(self, tag: str) -> None:
        pass

    def remove(self, tag: str) -> None:
        pass


@dataclass(frozen=True)
class Site:
    confdir: Path
    catalogues: tuple[Path, ...]  # relative paths read from conf.py's folder, as the build does
    date: str  # offerings_date; "" for the build's default
    price_format: str
    language: str | None
    source: Path  # the folder of the pages

    @property
    def conf(self) -> Path:
        return self.confdir / CONF


def find_confdir(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds a conf.py; else one of the
    source folders right below ``start`` (the project root of ``sphinx-quickstart --sep``)."""
    start = start.resolve()
    folders = (start, *start.parents, *(start / name for name in _SOURCE_FOLDERS))
    return next((folder for folder in folders if (folder / CONF).is_file()), None)


def _run(conf: Path) -> dict[str, Any]:
    namespace: dict[str, Any] = {"__file__": str(conf), "__name__": "conf", "tags": _Tags()}
    here = Path.cwd()
    os.chdir(conf.parent)  # as Sphinx runs it
    try:
        exec(compile(conf.read_bytes(), str(conf), "exec"), namespace)
    except Exception as exc:  # whatever the site's code raises, said in one line
        raise SiteError(f"{conf}: {type(exc).__name__}: {exc}") from None
    finally:
        os.chdir(here)
    return namespace


def _source(confdir: Path, settings: dict[str, Any]) -> Path:
    root = settings.get("root_doc") or settings.get("master_doc") or "index"
    for folder in (confdir, *(confdir / name for name in _SOURCE_FOLDERS)):
        if any((folder / f"{root}{suffix}").is_file() for suffix in _SUFFIXES):
            return folder
    return confdir


def read_site(confdir: Path) -> Site:
    """The settings of the site whose conf.py is in ``confdir``; a `SiteError` names the
    first that the build would refuse or that cannot be used."""
    confdir = confdir.resolve()
    conf = confdir / CONF
    if not conf.is_file():
        raise SiteError(f"{confdir}: no {CONF} here")
    settings = _run(conf)

    def refuse(name: str, problem: str) -> SiteError:
        return SiteError(f"{conf}: {name} = {_shown(settings[name])}: {problem}")

    catalogue = settings.get("offerings_catalogue", [DEFAULT_CATALOGUE])
    date = settings.get("offerings_date", "")
    price_format = settings.get("offerings_price_format", DEFAULT_PRICE_FORMAT)
    for name, problem in (
        ("offerings_catalogue", catalogue_problem(catalogue, confdir)),
        ("offerings_date", date_problem(date)),
        ("offerings_price_format", price_format_problem(price_format)),
    ):
        if problem:
            raise refuse(name, problem)
    language = settings.get("language")
    if language is not None and not isinstance(language, str):
        raise refuse("language", "give a language code such as 'en' or 'fr_CA', or None")
    for name in ("root_doc", "master_doc"):
        if not isinstance(settings.get(name, ""), str):
            raise refuse(name, "give the name of the root page, such as 'index'")
    return Site(
        confdir=confdir,
        catalogues=tuple(confdir / name for name in catalogue_names(catalogue) or ()),
        date=date,
        price_format=price_format,
        language=language or None,
        source=_source(confdir, settings),
    )
