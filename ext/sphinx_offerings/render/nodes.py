"""Catalogue values as docutils nodes, built directly: data is never parsed as markup."""

from __future__ import annotations

import re
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import TypeVar
from urllib.parse import quote

from docutils import nodes

from ..model import Contact, Offering
from .text import Formatter, translatable

N = TypeVar("N", bound=nodes.Element)

#: Classes the generated HTML carries, so checks can find it without this code.
TABLE_CLASS = "offerings-table"
MIN_WIDTH, MAX_WIDTH = 8, 30
ROW_CLASS = "offerings-row"


def mailto(contact: Contact, subject: str | None = None) -> str:
    """A mailto URI (RFC 6068): the plain address, and a percent-encoded subject."""
    uri = "mailto:" + quote(contact.email, safe="@!$'*+=^_`{|}~-.")
    if subject:
        uri += "?subject=" + quote(subject, safe="")
    return uri


def as_typed(node: N) -> N:
    """Keep catalogue text as typed: no curly quotes or dashes made from it."""
    node["support_smartquotes"] = False
    return node


def contact_link(contact: Contact, text: str, subject: str | None = None) -> nodes.reference:
    return as_typed(
        nodes.reference(
            "", text, refuri=mailto(contact, subject), internal=False, classes=["offerings-contact"]
        )
    )


def link(text: str, url: str, kind: str) -> nodes.reference:
    return as_typed(nodes.reference("", text, refuri=url, classes=[f"offerings-{kind}"]))


def figure(text: str, kind: str) -> nodes.inline:
    """A figure in running text, marked with its kind (price, hours, ...)."""
    return as_typed(nodes.inline(text, text, classes=[f"offerings-{kind}"]))


class offering_value(nodes.inline):  # docutils names node classes in lower case
    """Catalogue text that says which value it shows: ``ref``, ``field`` and canonical ``value``.

    HTML carries these as ``data-`` attributes, so a check can compare a published page
    with the catalogue without this code; other builders render it as plain inline text.
    """


def holding(node: N, children: Sequence[nodes.Node]) -> N:
    """``node`` with ``children``. For each child docutils' ``append`` looks for the
    document of a node that has none yet while it is built, raising and catching an
    error; a table of thousands of offerings has hundreds of thousands of children."""
    node.children = list(children)
    for child in children:
        child.parent = node
    return node


def value(ref: str, field: str, fact: str | None, *children: nodes.Node) -> offering_value:
    classes = [sys.intern(f"offerings-{field}")]  # one string for the many cells of a field
    node = as_typed(holding(offering_value(classes=classes), children))
    node["ref"], node["field"], node["value"] = ref, field, fact or ""
    return node


def fact_text(ref: str, field: str, fact: str | None, text: str) -> offering_value:
    return value(ref, field, fact, nodes.Text(text))


_PLACEHOLDER = re.compile(r"\{(\w+)\}")


def fill(template: str, parts: dict[str, nodes.Node]) -> list[nodes.Node]:
    """A translated sentence template with nodes in place of its ``{names}``."""
    result: list[nodes.Node] = []
    position = 0
    for match in _PLACEHOLDER.finditer(template):
        if match.start() > position:
            result.append(nodes.Text(template[position : match.start()]))
        result.append(parts[match.group(1)])
        position = match.end()
    if position < len(template):
        result.append(nodes.Text(template[position:]))
    return result


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    cell: Callable[[Offering, Formatter], list[nodes.Node]]


def _text(text: str) -> list[nodes.Node]:
    return [nodes.Text(text)] if text else []


def _fact(offering: Offering, field: str, text: str) -> list[nodes.Node]:
    return [fact_text(offering.id, field, offering.fact(field), text)]


def _option_nodes(offering: Offering, index: int, fmt: Formatter) -> list[nodes.Node]:
    """One price: "$999 USD per developer (discounted from $1100 USD), before tax"."""
    price = offering.prices[index]
    suffix = "" if index == 0 else f".{index + 1}"
    if price.money is None:
        return [fact_text(offering.id, f"price{suffix}", price.canonical(), fmt.quote())]
    result: list[nodes.Node] = [
        fact_text(offering.id, f"price{suffix}", price.canonical(), fmt.money(price.money))
    ]
    if index == 0 and offering.incidents is not None:
        incidents = _fact(offering, "incidents", fmt.incidents(offering.incidents))[0]
        result = fill(
            fmt._("{price} for {incidents}"), {"price": result[0], "incidents": incidents}
        )
    if price.per:
        result.append(nodes.Text(" " + fmt.per(price.per)))
    if price.original:
        original = fact_text(
            offering.id, f"original{suffix}", price.original.canonical(), fmt.money(price.original)
        )
        result += fill(fmt._(" (discounted from {original})"), {"original": original})
    if price.tax:
        result.append(nodes.Text(fmt._(", {tax}").format(tax=fmt.tax(price.tax))))
    return result


def price_nodes(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
    """Every price of an offering, each figure marked as a fact, joined by "or"."""
    result: list[nodes.Node] = []
    for index in range(len(offering.prices)):
        if index:
            result.append(nodes.Text(fmt._(" or ")))
        result += _option_nodes(offering, index, fmt)
    return result


def change_nodes(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
    """Announced price changes: "from 2027-01-01: $1149 USD"."""
    result: list[nodes.Node] = []
    for index, price in enumerate(offering.prices):
        suffix = "" if index == 0 else f".{index + 1}"
        for change in price.upcoming:
            if result:
                result.append(nodes.Text("; "))
            money = fact_text(
                offering.id,
                f"change{suffix}.{change.effective.isoformat()}",
                change.money.canonical(),
                fmt.money(change.money),
            )
            result += fill(
                fmt._("from {date}: {price}"),
                {"date": nodes.Text(fmt.date(change.effective)), "price": money},
            )
    return result


def purchase_nodes(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
    purchase = offering.purchase
    text = fmt.purchase(purchase)
    shown: nodes.Node
    if purchase.channel == "checkout" and purchase.url:
        shown = link(text, purchase.url, "checkout")
    elif purchase.channel == "mailto" and purchase.contact:
        shown = contact_link(purchase.contact, text, offering.name)
    else:
        shown = nodes.Text(text)
    return [value(offering.id, "purchase", offering.fact("purchase"), shown)]


def _hours(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
    level = offering.service_level
    return _fact(offering, "hours", fmt.hours(level.hours)) if level else []


def _response(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
    level = offering.service_level
    if level is None or level.response_time is None:
        return []
    return _fact(offering, "response_time", fmt.duration(level.response_time))


def _submit(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
    submit = offering.submit
    if submit is None:
        return []
    shown = contact_link(submit.contact, submit.label, offering.name)
    return [value(offering.id, "submit", offering.fact("submit"), shown)]


COLUMNS: dict[str, Column] = {
    column.key: column
    for column in (
        Column("name", translatable("Contract Types"), lambda o, fmt: _fact(o, "name", o.name)),
        Column("price", translatable("Price"), price_nodes),
        Column("purchase", translatable("To Purchase"), purchase_nodes),
        Column("hours", translatable("Business hours"), _hours),
        Column("submit", translatable("To submit incident"), _submit),
        Column("response", translatable("Response time"), _response),
        Column("contents", translatable("Includes"), lambda o, fmt: _text(fmt.bundle(o.includes))),
        Column("changes", translatable("Announced changes"), change_nodes),
    )
}
DEFAULT_COLUMNS = ("name", "price", "purchase", "hours", "submit")


def _entry(children: list[nodes.Node], key: str) -> nodes.entry:
    entry = nodes.entry(classes=[sys.intern(f"offerings-{key}")])
    return holding(entry, [holding(nodes.paragraph(), children)]) if children else entry


def _text_width(entry: nodes.Node) -> int:
    """A cell's width in plain text, where a link is followed by its <address>."""
    targets = [str(r.get("refuri", "")) for r in entry.findall(nodes.reference)]
    return len(entry.astext()) + sum(len(t.partition("?")[0]) + 3 for t in targets)


def table_head(
    fmt: Formatter,
    columns: Sequence[str] = DEFAULT_COLUMNS,
    caption: str | None = None,
    headers: Sequence[str] | None = None,
) -> nodes.table:
    """A table's caption, columns and header row; `table_body` adds its rows.

    ``headers`` replace the columns' own (translated) headers, in order.
    """
    chosen = [COLUMNS[key] for key in columns]
    titles = list(headers) if headers else [fmt._(column.header) for column in chosen]
    table = as_typed(nodes.table(classes=[TABLE_CLASS]))
    if caption:
        table += nodes.title(caption, caption)
    header_row = nodes.row()
    for column, title in zip(chosen, titles, strict=True):
        header_row += _entry(_text(title), column.key)
    colspecs = [nodes.colspec(colwidth=1) for _ in chosen]
    table += nodes.tgroup("", *colspecs, nodes.thead("", header_row), cols=len(chosen))
    return table


def table_group(table: nodes.table) -> nodes.tgroup:
    """The group of a table made by `table_head`: its columns, header and rows."""
    group = table.children[-1]
    assert isinstance(group, nodes.tgroup)
    return group


def table_row(offering: Offering, fmt: Formatter, columns: Sequence[str]) -> nodes.row:
    """One offering's row: one cell per column, built bottom-up."""
    cells = [_entry(COLUMNS[key].cell(offering, fmt), key) for key in columns]
    return holding(nodes.row(classes=[ROW_CLASS, f"offering-{offering.id}"]), cells)


def row_text(offering: Offering, fmt: Formatter, columns: Sequence[str]) -> str:
    """The text of an offering's row (`table_row`), its cells separated by a space."""
    texts = []
    for key in columns:
        cell = COLUMNS[key].cell(offering, fmt)
        texts.append("".join(node.astext() for node in cell))
        release(*cell)
    return " ".join(texts)


def release(*made: nodes.Node) -> None:
    """Unlink nodes from their parents, so that they are freed as soon as they are let
    go, not at the garbage collector's next full walk (a node and its children are a
    cycle)."""
    for node in made:
        for held in node.findall():
            held.parent = None


def table_body(
    offerings: Sequence[Offering], fmt: Formatter, columns: Sequence[str] = DEFAULT_COLUMNS
) -> nodes.tbody:
    """One row per offering (`table_row`)."""
    return holding(nodes.tbody(), [table_row(o, fmt, columns) for o in offerings])


def fit_columns(group: nodes.tgroup) -> None:
    """Widths in characters, for the builders that lay tables out themselves (text, man);
    HTML and LaTeX size columns to their content."""
    colspecs = [child for child in group.children if isinstance(child, nodes.colspec)]
    parts = [part for part in group.children if isinstance(part, (nodes.thead, nodes.tbody))]
    rows = [row for part in parts for row in part.children]
    longest = [0] * len(colspecs)
    for row in rows:
        for index, entry in enumerate(row.children):
            if longest[index] < MAX_WIDTH:  # a column as wide as it can be stays so
                longest[index] = max(longest[index], _text_width(entry))
    for colspec, width in zip(colspecs, longest, strict=True):
        colspec["colwidth"] = max(MIN_WIDTH, min(MAX_WIDTH, width))


def offerings_table(
    offerings: Sequence[Offering],
    fmt: Formatter,
    columns: Sequence[str] = DEFAULT_COLUMNS,
    caption: str | None = None,
    headers: Sequence[str] | None = None,
) -> nodes.table:
    """A table with one row per offering and one column per field (see `table_head`)."""
    table = table_head(fmt, columns, caption, headers)
    group = table_group(table)
    group += table_body(offerings, fmt, columns)
    fit_columns(group)
    return table
