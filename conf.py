"""Sphinx configuration of the site; the sources are in docs/."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent
sys.path.insert(0, str(ROOT / "ext"))

project = "Purchase Options"
author = "Lex Li"
copyright = "2026, Lex Li"

extensions = ["sphinx_offerings"]

offerings_catalogue = ["data/offerings.yaml", "data/licences.yaml"]
offerings_price_format = "symbol-code"

html_theme = "sphinx_rtd_theme"
html_static_path: list[str] = []
exclude_patterns = ["_build"]
