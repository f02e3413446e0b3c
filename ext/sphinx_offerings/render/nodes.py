"""Catalogue values as docutils nodes, built directly: data is never parsed as markup."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple, TypeVar
from urllib.parse import quote, unquote, urlsplit

from docutils import nodes

from ..model import Contact, Offering
from .text import Formatter

N = TypeVar("N", bound=nodes.Element)

#: Classes the generated HTML carries, so checks can find it without this code.
TABLE_CLASS = "offerings-table"
MIN_WIDTH, MAX_WIDTH = 8, 30
ROW_CLASS = "offerings-row"
COMPARE_CLASS = "offerings-compare"


def subject_line(text: str) -> str:
    """``text`` as a mail subject, which is one header line: each control character
    (CR, LF, tab, NUL ...) and each run of white space made one space."""
    shown = (" " if unicodedata.category(c) == "Cc" else c for c in text)
    return " ".join("".join(shown).split())


def mailto(contact: Contact, subject: str | None = None) -> str:
    """A mailto URI (RFC 6068): the plain address, and a percent-encoded subject."""
    uri = "mailto:" + quote(contact.email, safe="@!$'*+=^_`{|}~-.")
    line = subject_line(subject or "")
    if line:
        uri += "?subject=" + quote(line, safe="")
    return uri


def address(uri: str) -> str:
    """Where a link leads, as a reader writes it: the plain address of a mailto URI."""
    return unquote(urlsplit(uri).path) if uri.startswith("mailto:") else uri


def as_typed(node: N) -> N:
    """Keep catalogue text as typed: no curly quotes or dashes made from it."""
    node["support_smartquotes"] = False
    return node


def contact_link(contact: Contact, text: str, subject: str | None = None) -> nodes.reference:
    node = link(text, mailto(contact, subject), "contact")
    node["internal"] = False
    return node


def link(text: str, url: str, kind: str) -> nodes.reference:
    return as_typed(nodes.reference("", text, refuri=url, classes=[f"offerings-{kind}"]))


def figure(text: str, kind: str) -> nodes.inline:
    """A figure in running text, marked with its kind (price, hours, ...)."""
    return as_typed(nodes.inline(text, text, classes=[f"offerings-{kind}"]))


class offering_value(nodes.inline):  # docutils names node classes in lower case
    """Catalogue text that says which value it shows: ``ref``, ``field`` and canonical ``value``
    (in HTML, ``data-`` attributes: a check reads a published page without this code)."""


def stated(ref: str, field: str, canonical: str, *children: nodes.Node) -> offering_value:
    """A figure of ``ref`` (see `figures.FIGURES`), stating its canonical value."""
    node = as_typed(offering_value("", "", *children, classes=[f"offerings-{field}"]))
    node["ref"], node["field"], node["value"] = ref, field, canonical
    return node


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def split(
    pattern: re.Pattern[str], text: str, make: Callable[[str], nodes.Node]
) -> list[nodes.Node]:
    """``text`` as nodes: what ``pattern`` captures made by ``make``, the rest plain text."""
    pieces = pattern.split(text)  # text, captured, text, captured, ..., text
    return [make(p) if i % 2 else nodes.Text(p) for i, p in enumerate(pieces) if i % 2 or p]


def fill(template: str, parts: dict[str, nodes.Node]) -> list[nodes.Node]:
    """A translated sentence template with nodes in place of its ``{names}``."""
    return split(_PLACEHOLDER, template, lambda name: parts[name])


def joined(parts: Iterable[Sequence[nodes.Node]], separator: str) -> list[nodes.Node]:
    """The parts one after another, ``separator`` between each two."""
    shown: list[nodes.Node] = []
    for part in parts:
        shown += [nodes.Text(separator), *part] if shown else part
    return shown


class Column(NamedTuple):
    """A table column: its key (``:columns:``), its header and how it fills a cell."""

    key: str
    header: str
    cell: Callable[[Offering, Formatter], list[nodes.Node]]


def entry(children: list[nodes.Node], key: str) -> nodes.entry:
    entry = nodes.entry(classes=[f"offerings-{key}"])
    if children:
        entry += nodes.paragraph("", "", *children)
    return entry


def _text_width(entry: nodes.Node) -> int:
    """A cell's width in plain text, where a link is followed by its <address>."""
    targets = [str(r.get("refuri", "")) for r in entry.findall(nodes.reference)]
    return len(entry.astext()) + sum(len(t.partition("?")[0]) + 3 for t in targets)


def table_around(
    body: nodes.Element,
    fmt: Formatter,
    columns: Sequence[Column],
    caption: str | None = None,
    headers: Sequence[str] | None = None,
) -> nodes.table:
    """A table's caption, columns and header row around its ``body`` (`table_body`);
    ``headers`` replace the columns' own (translated) headers, in order."""
    titles = list(headers) if headers else [fmt._(column.header) for column in columns]
    table = as_typed(nodes.table(classes=[TABLE_CLASS]))
    if caption:
        table += nodes.title(caption, caption)
    header_row = nodes.row()
    for column, title in zip(columns, titles, strict=True):
        header_row += entry([nodes.Text(title)] if title else [], column.key)
    colspecs = [nodes.colspec(colwidth=1) for _ in columns]
    table += nodes.tgroup("", *colspecs, nodes.thead("", header_row), body, cols=len(columns))
    return table


def table_body(
    offerings: Sequence[Offering], fmt: Formatter, columns: Sequence[Column]
) -> nodes.tbody:
    """One row per offering, one cell per column."""
    body = nodes.tbody()
    for offering in offerings:
        cells = [entry(column.cell(offering, fmt), column.key) for column in columns]
        body += nodes.row("", *cells, classes=[ROW_CLASS, f"offering-{offering.id}"])
    return body


def fit_columns(table: nodes.Element) -> None:
    """Widths in characters, for the builders that lay tables out themselves (text, man);
    HTML and LaTeX size columns to their content."""
    colspecs = list(table.findall(nodes.colspec))
    longest = [0] * len(colspecs)
    for row in table.findall(nodes.row):
        for index, entry in enumerate(row.children):
            if longest[index] < MAX_WIDTH:  # a column as wide as it can be stays so
                longest[index] = max(longest[index], _text_width(entry))
    for colspec, width in zip(colspecs, longest, strict=True):
        colspec["colwidth"] = max(MIN_WIDTH, min(MAX_WIDTH, width))


def offerings_table(
    offerings: Sequence[Offering], fmt: Formatter, columns: Sequence[Column]
) -> nodes.table:
    """A table with one row per offering and one column per field (see `table_around`)."""
    table = table_around(table_body(offerings, fmt, columns), fmt, columns)
    fit_columns(table)
    return table
