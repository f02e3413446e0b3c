"""HTML pages describe their offerings as JSON-LD; an HTML build writes offerings.json."""

from __future__ import annotations

import functools
import json
import shutil
from pathlib import Path
from typing import Any

from docutils import nodes
from jinja2.utils import htmlsafe_json_dumps
from sphinx.application import Sphinx
from sphinx.builders.html import StandaloneHTMLBuilder

from ..render.data import JSON_FILE, catalogue_json, dumps, offer_catalogue
from ..render.nodes import COMPARE_CLASS
from ..validate.explain import SCHEMA_FILE
from .config import STATIC_FOLDER
from .domain import _domain

_compact = functools.partial(json.dumps, ensure_ascii=False, separators=(",", ":"))


#: The comparison's styles, added to the pages that hold one.
COMPARE_CSS_FILE = f"{STATIC_FOLDER}/offerings-compare.css"


def add_compare_styles(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    if doctree is not None and any(
        COMPARE_CLASS in table["classes"] for table in doctree.findall(nodes.table)
    ):
        app.add_css_file(COMPARE_CSS_FILE)  # in html-page-context: for this page only


def add_structured_data(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Pages that show offerings describe them for search engines too."""
    domain = _domain(app.env)
    used = domain.documents.get(pagename)
    if not used or domain.catalogue is None:
        return
    data = htmlsafe_json_dumps(offer_catalogue(domain.catalogue, used), dumps=_compact)
    script = f'<script type="application/ld+json">{data}</script>'
    context["metatags"] = context.get("metatags", "") + "\n" + script


def write_catalogue_json(app: Sphinx, exception: Exception | None) -> None:
    catalogue = _domain(app.env).catalogue
    if exception is not None or catalogue is None:
        return
    if not isinstance(app.builder, StandaloneHTMLBuilder) or app.builder.name == "epub":
        return
    path = Path(app.outdir) / JSON_FILE
    # on one line: Python writes indented JSON five times slower (a large catalogue)
    path.write_text(dumps(catalogue_json(catalogue), indent=None) + "\n", "utf-8")
    # the catalogue's schema at a stable address of the site, for editors
    shutil.copyfile(SCHEMA_FILE, Path(app.outdir) / "_static" / STATIC_FOLDER / SCHEMA_FILE.name)


def setup_html(app: Sphinx) -> None:
    app.connect("html-page-context", add_structured_data)
    app.connect("html-page-context", add_compare_styles)
    app.connect("build-finished", write_catalogue_json)
