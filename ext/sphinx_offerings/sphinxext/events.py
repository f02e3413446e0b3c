"""Build events: the catalogue is loaded and checked once, before any page is read."""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.environment import BuildEnvironment

from ..errors import CatalogueInvalid
from ..pipeline import read_catalogue
from ..render.text import LOCALE_DIR, MESSAGE_CATALOGUE, formatter_for
from ..resolve import catalogue_date
from .config import STATIC_FOLDER, catalogue_paths
from .domain import OfferingsWarning, _domain, warn


def _shown(path: Path) -> str:
    """A path as the maintainer would type it: relative to where the build runs."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _untranslated(language: str | None) -> None:
    warn(
        f"no translation of the extension's words for language {language!r}; "
        "they are shown in English",
        None,
        OfferingsWarning.language,
    )


def load_catalogue(app: Sphinx) -> None:
    domain = _domain(app.env)
    try:
        paths = [_shown(path) for path in catalogue_paths(app)]
        domain.catalogue = read_catalogue(paths, catalogue_date(app.config.offerings_date))
    except CatalogueInvalid as invalid:
        domain.catalogue = None
        shown, rest = invalid.shown()
        for error in shown:
            warn(error.message, str(error.location), OfferingsWarning.catalogue)
        if rest:
            warn(f"the catalogue: {rest}", None, OfferingsWarning.catalogue)
    language = app.config.language
    domain.formatter = formatter_for(
        language,
        app.config.offerings_price_format,
        domain.catalogue.units if domain.catalogue else None,
        lambda: _untranslated(language),
    )


def outdated_pages(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Pages whose figures the catalogue, the date or the settings have changed, by each
    page's digest: the settings are declared with rebuild "" and compared here."""
    domain = _domain(env)
    return [
        docname
        for docname, refs in domain.documents.items()
        if docname not in removed and domain.digests.get(docname) != domain.digest(refs)
    ]


def store_digests(app: Sphinx, env: BuildEnvironment) -> None:
    """The digests of the pages read in this build (reading a page clears its digest);
    the others' are as `outdated_pages` found them."""
    domain = _domain(env)
    for docname, refs in domain.documents.items():
        if docname not in domain.digests:
            domain.digests[docname] = domain.digest(refs)


def setup_events(app: Sphinx) -> None:
    app.add_message_catalog(MESSAGE_CATALOGUE, str(LOCALE_DIR))
    app.connect("builder-inited", load_catalogue)
    app.connect("env-get-outdated", outdated_pages)
    app.connect("env-updated", store_digests)
    app.add_css_file(f"{STATIC_FOLDER}/offerings.css")
