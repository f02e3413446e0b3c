"""The site a command works for: its ``conf.py`` and the settings the build reads there,
so that the build and the ``offerings`` commands never read different catalogues.

``conf.py`` is run as Sphinx runs it (a Python file, from its own folder, with ``tags``),
without starting Sphinx; what it sets beyond the settings below is not looked at.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

CONF = "conf.py"
#: The extension's defaults, as `sphinxext.config` declares them.
DEFAULT_CATALOGUE = "data/offerings.yaml"
DEFAULT_PRICE_FORMAT = "symbol-code"
#: Where a site keeps its pages, when conf.py's own folder does not hold the root page:
#: ``sphinx-quickstart --sep`` puts conf.py in source/; some sites build docs/ with -c .
_SOURCE_FOLDERS = ("docs", "source", "doc")
_SUFFIXES = (".rst", ".md", ".txt")


class SiteError(Exception):
    """The site's conf.py cannot be found or read."""


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
    root = str(settings.get("root_doc") or settings.get("master_doc") or "index")
    for folder in (confdir, *(confdir / name for name in _SOURCE_FOLDERS)):
        if any((folder / f"{root}{suffix}").is_file() for suffix in _SUFFIXES):
            return folder
    return confdir


def read_site(confdir: Path) -> Site:
    """The settings of the site whose conf.py is in ``confdir``."""
    confdir = confdir.resolve()
    conf = confdir / CONF
    if not conf.is_file():
        raise SiteError(f"{confdir}: no {CONF} here")
    settings = _run(conf)
    setting = settings.get("offerings_catalogue", [DEFAULT_CATALOGUE])
    names = [setting] if isinstance(setting, str) else list(setting)
    return Site(
        confdir=confdir,
        catalogues=tuple(confdir / str(name) for name in names),
        date=str(settings.get("offerings_date") or ""),
        price_format=str(settings.get("offerings_price_format") or DEFAULT_PRICE_FORMAT),
        language=settings.get("language") or None,
        source=_source(confdir, settings),
    )
