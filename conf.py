"""Sphinx configuration of the site; the sources are in docs/."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "ext"))

from sphinx_offerings import __version__  # noqa: E402 - after the path is set

project = "Purchase Options"
version = release = __version__
author = "Lex Li"
copyright = "2026, Lex Li"

extensions = ["sphinx_offerings"]

offerings_catalogue = ["data/offerings.yaml", "data/licences.yaml"]
offerings_price_format = "symbol-code"

# Translations of the site's own text (make gettext, then sphinx-intl); the
# extension's words come with it.
locale_dirs = ["locale/"]
gettext_compact = False

html_theme = "sphinx_rtd_theme"
html_static_path: list[str] = []
exclude_patterns = ["_build"]
# A warning names its type (offerings.catalogue), as Sphinx 8 and later do by default.
show_warning_types = True
