"""The catalogue tables as reStructuredText, for places that show RST without Sphinx.

The page's own table nodes written as list-tables, every character of catalogue text
that RST could read as markup escaped, and in a link's URL every character that could
end it percent-encoded: what the data says is what any RST reader shows.
"""

from __future__ import annotations

import re
import string
from collections.abc import Iterable, Iterator
from urllib.parse import quote

from docutils import nodes

from ..model import Catalogue
from .figures import COLUMNS, DEFAULT_COLUMNS
from .nodes import offerings_table
from .text import Formatter

INDENT = "   "
_SPACES = re.compile(" +")
#: What RFC 3986 allows in a URI, and no character RST reads in ``<...>``.
_URI_CHARACTERS = frozenset(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")


def escape(text: str) -> str:
    """RST text that reads back as ``text``: markup escaped, white space as plain spaces."""
    return "".join(" " if c.isspace() else c if c.isalnum() else "\\" + c for c in text)


def uri(url: str) -> str:
    """``url`` as the target of an RST hyperlink: what RFC 3986 does not allow in a URI
    (white space, ``<>`` and backquotes, backslashes, control and invisible characters)
    percent-encoded, as a browser sends it; a valid URI, or a printable IRI, unchanged."""
    return "".join(
        c
        if c in _URI_CHARACTERS or (ord(c) > 127 and c.isprintable() and not c.isspace())
        else quote(c, safe="")
        for c in url
    )


def _link(reference: nodes.reference) -> str:
    text, target = escape(reference.astext()).strip(), uri(reference["refuri"])
    return f"`{text} <{target}>`__" if text else f"`<{target}>`__"  # "` x" starts nothing


def _parts(children: Iterable[nodes.Node]) -> Iterator[tuple[str, bool]]:
    """Each piece of RST, and whether it is a link."""
    for child in children:
        if isinstance(child, nodes.Text):
            yield escape(child.astext()), False
        elif isinstance(child, nodes.reference) and child.get("refuri"):
            yield _link(child), True
        elif isinstance(child, nodes.Element):
            yield from _parts(child.children)


def inline(children: Iterable[nodes.Node]) -> str:
    """Inline nodes as RST: text escaped, references as anonymous hyperlinks.

    RST sees a link only with a space (or some punctuation) on each side: where a
    link touches other text, an escaped space, which reads as nothing, sets it apart."""
    written, after_link = "", False
    for text, is_link in _parts(children):
        if not text:
            continue
        touches = written[-1:] != " " if is_link else after_link and text[0] != " "
        if written and touches:
            written += "\\ "
        written, after_link = written + text, is_link
    return written


def _cell(entry: nodes.Node) -> str:
    # one line per cell: runs of spaces folded, as HTML shows them
    text = _SPACES.sub(" ", inline(entry.children[0].children)).strip() if entry.children else ""
    # a line of backslashes alone reads as a transition: an escaped space, nothing, first
    return "\\ " + text if text and not text.strip("\\") else text


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
