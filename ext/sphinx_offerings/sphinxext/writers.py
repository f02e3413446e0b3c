"""How builders write catalogue figures (`offering_value`); others treat them as inline text.

HTML carries its ref, field and canonical value for `offerings check`; plain text adds
the address of a link, which it cannot show."""

from __future__ import annotations

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.writers.html5 import HTML5Translator
from sphinx.writers.text import TextTranslator

from ..render.nodes import address, offering_value


def visit_html(self: HTML5Translator, node: offering_value) -> None:
    attributes = {f"data-offerings-{name}": node[name] for name in ("ref", "field", "value")}
    self.body.append(self.starttag(node, "span", "", **attributes))


def depart_html(self: HTML5Translator, node: offering_value) -> None:
    self.body.append("</span>")


def visit_text(self: TextTranslator, node: offering_value) -> None:
    pass


def depart_text(self: TextTranslator, node: offering_value) -> None:
    for reference in node.findall(nodes.reference):
        if uri := str(reference.get("refuri", "")):
            self.add_text(f" <{address(uri)}>")


def setup_writers(app: Sphinx) -> None:
    app.add_node(offering_value, html=(visit_html, depart_html), text=(visit_text, depart_text))
