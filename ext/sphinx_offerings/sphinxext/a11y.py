"""HTML for readers: header cells with a scope, cells that name their column, local hours.

Catalogue tables' header cells get ``scope="col"``; their body cells get
``data-label`` (their column's header), which the stylesheet shows before each
cell when a narrow screen stacks a row into a card. ``offerings.js`` shows the
business hours in the reader's own time zone too. Other tables are unchanged. Sites on
the Read the Docs theme get its colours at WCAG AA contrast (``offerings-rtd.css``).
"""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator

from ..render.nodes import TABLE_CLASS

JS_FILE = "offerings.js"
#: The Read the Docs theme's colours, raised to WCAG AA contrast.
RTD_CSS_FILE = "offerings-rtd.css"
RTD_THEME = "sphinx_rtd_theme"


def _offerings_tgroup(entry: nodes.entry) -> nodes.tgroup | None:
    """The tgroup of an entry in a catalogue table, else None."""
    row = entry.parent
    section = row.parent if row is not None else None
    tgroup = section.parent if section is not None else None
    table = tgroup.parent if tgroup is not None else None
    if not isinstance(tgroup, nodes.tgroup) or not isinstance(table, nodes.table):
        return None
    return tgroup if TABLE_CLASS in table["classes"] else None


def _column_headers(tgroup: nodes.tgroup) -> list[str | None]:
    """The text of each header cell (tables without spans, as generated)."""
    heads = [child for child in tgroup.children if isinstance(child, nodes.thead)]
    if not heads or not heads[0].children or not isinstance(heads[0].children[0], nodes.row):
        return []
    return [" ".join(cell.astext().split()) or None for cell in heads[0].children[0].children]


def _column_header(self: HTML5Translator, tgroup: nodes.tgroup, entry: nodes.entry) -> str | None:
    """The text of the header cell above an entry; each table's headers are read once
    per page, not once per cell."""
    found: dict[nodes.tgroup, list[str | None]] = self.__dict__.setdefault("_offerings_headers", {})
    if tgroup not in found:
        found[tgroup] = _column_headers(tgroup)
    headers = found[tgroup]
    column = entry.parent.index(entry)
    return headers[column] if column < len(headers) else None


def visit_entry(self: HTML5Translator, node: nodes.entry) -> None:
    type(self).visit_entry(self, node)
    tgroup = _offerings_tgroup(node)
    if tgroup is None:
        return
    tag = self.body[-1]
    if isinstance(node.parent.parent, nodes.thead) and tag.startswith("<th"):
        self.body[-1] = '<th scope="col"' + tag[len("<th") :]
        return
    label = _column_header(self, tgroup, node)
    if label is not None and tag.startswith("<td"):
        self.body[-1] = f'<td data-label="{self.attval(label)}"' + tag[len("<td") :]


def depart_entry(self: HTML5Translator, node: nodes.entry) -> None:
    type(self).depart_entry(self, node)


def add_theme_contrast(app: Sphinx) -> None:
    """HTML builders on the Read the Docs theme get its colours at AA contrast."""
    theme = getattr(app.builder, "theme", None)
    if getattr(theme, "name", None) == RTD_THEME:
        app.add_css_file(RTD_CSS_FILE)


def setup_a11y(app: Sphinx) -> None:
    app.add_node(nodes.entry, override=True, html=(visit_entry, depart_entry))
    app.add_js_file(JS_FILE, loading_method="defer")
    app.connect("builder-inited", add_theme_contrast)
