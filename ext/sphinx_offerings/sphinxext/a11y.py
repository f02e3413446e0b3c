"""HTML for readers: header cells with a scope (a column's, or a comparison row's), cells
that name their column, local hours.

Body cells of catalogue tables get ``data-label`` (their column's header): the stylesheet
shows it before each cell when a narrow screen stacks a row into a card.
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from ..render.nodes import TABLE_CLASS
from .config import STATIC_FOLDER

#: The Read the Docs theme's colours, raised to WCAG AA contrast.
RTD_CSS_FILE = f"{STATIC_FOLDER}/offerings-rtd.css"


def visit_entry(self: HTML5Translator, node: nodes.entry) -> None:
    type(self).visit_entry(self, node)
    tgroup = node.parent.parent.parent  # entry < row < thead or tbody < tgroup < table
    if TABLE_CLASS not in tgroup.parent["classes"]:
        return
    # each header's text, kept as it is written: the cells below it are written later
    found = self.__dict__.setdefault("_offerings_headers", {})
    headers: list[str | None] = found.setdefault(tgroup, [])
    tag = self.body[-1]
    if isinstance(node.parent.parent, nodes.thead) and tag.startswith("<th"):
        headers.append(" ".join(node.astext().split()) or None)
        self.body[-1] = '<th scope="col"' + tag[len("<th") :]
        return
    if tag.startswith("<th"):  # a row's header: a comparison names its fact first
        self.body[-1] = '<th scope="row"' + tag[len("<th") :]
        return
    column = node.parent.index(node)
    label = headers[column] if column < len(headers) else None
    if label is not None and tag.startswith("<td"):
        self.body[-1] = f'<td data-label="{self.attval(label)}"' + tag[len("<td") :]


def add_theme_contrast(app: Sphinx) -> None:
    theme = getattr(app.builder, "theme", None)
    if getattr(theme, "name", None) == "sphinx_rtd_theme":
        app.add_css_file(RTD_CSS_FILE)


def setup_a11y(app: Sphinx) -> None:
    app.add_node(nodes.entry, override=True, html=(visit_entry, None))  # the translator's depart
    # hours in the reader's time zone
    app.add_js_file(f"{STATIC_FOLDER}/offerings.js", loading_method="defer")
    app.connect("builder-inited", add_theme_contrast)
