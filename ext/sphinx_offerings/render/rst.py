"""The catalogue tables as reStructuredText, for places that show RST without Sphinx.

The page's own table nodes written as list-tables, every character of catalogue text
that RST could read as markup escaped: what the data says is what any RST reader shows.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from docutils import nodes

from ..model import Catalogue
from .figures import COLUMNS, DEFAULT_COLUMNS
from .nodes import offerings_table
from .text import Formatter

INDENT = "   "
_SPACES = re.compile(" +")


def escape(text: str) -> str:
    """RST text that reads back as ``text``: markup escaped, white space as plain spaces."""
    return "".join(" " if c.isspace() else c if c.isalnum() else "\\" + c for c in text)


def inline(children: Iterable[nodes.Node]) -> str:
    """Inline nodes as RST: text escaped, references as anonymous hyperlinks."""
    parts = []
    for child in children:
        if isinstance(child, nodes.Text):
            parts.append(escape(child.astext()))
        elif isinstance(child, nodes.reference) and child.get("refuri"):
            parts.append(f"`{escape(child.astext())} <{child['refuri']}>`__")
        elif isinstance(child, nodes.Element):
            parts.append(inline(child.children))
    return "".join(parts)


def _cell(entry: nodes.Node) -> str:
    # one line per cell: runs of spaces folded, as HTML shows them
    return _SPACES.sub(" ", inline(entry.children[0].children)).strip() if entry.children else ""


def list_table(table: nodes.table) -> str:
    lines = [".. list-table::", f"{INDENT}:header-rows: 1", f"{INDENT}:class: offerings-table", ""]
    for row in table.findall(nodes.row):
        for index, entry in enumerate(row.children):
            marker = "* -" if index == 0 else "  -"
            lines.append(f"{INDENT}{marker} {_cell(entry)}".rstrip())
    return "\n".join(lines) + "\n"


def render_rst(catalogue: Catalogue, fmt: Formatter, group: str | None = None) -> str:
    """One list-table per group of offerings (or only ``group``), in catalogue order."""
    groups = [group] if group else list(dict.fromkeys(o.group for o in catalogue.offerings))
    columns = [COLUMNS[key] for key in DEFAULT_COLUMNS]
    return "\n".join(list_table(offerings_table(catalogue.group(g), fmt, columns)) for g in groups)
