"""Build events: the catalogue is loaded and checked once, before any page is read."""

from __future__ import annotations

import os

from sphinx.application import Sphinx
from sphinx.locale import get_translator

from ..errors import CatalogueInvalid
from ..render.text import Formatter, parse_locale
from ..validate import read_catalogue
from .config import catalogue_path
from .domain import OfferingsWarning, _domain, warn

MESSAGE_CATALOGUE = "sphinx_offerings"


def _shown(path: str) -> str:
    """A path as the maintainer would type it: relative to where the build runs."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


def load_catalogue(app: Sphinx) -> None:
    path = str(catalogue_path(app))
    domain = _domain(app.env)
    domain.catalogue_file = path
    domain.formatter = Formatter(
        parse_locale(app.config.language),
        app.config.offerings_price_format,
        get_translator(MESSAGE_CATALOGUE),
    )
    try:
        domain.catalogue = read_catalogue(_shown(path))
    except CatalogueInvalid as invalid:
        domain.catalogue = None
        for error in invalid.errors:
            warn(error.message, str(error.location), OfferingsWarning.catalogue)


def setup_events(app: Sphinx) -> None:
    app.connect("builder-inited", load_catalogue)
    app.add_css_file("offerings.css")
