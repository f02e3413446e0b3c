"""The registry of figures: every kind of catalogue value a page can state, declared once.

Tables, roles and checks all go through `FIGURES`: a figure that is not declared here
cannot reach a page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from docutils import nodes

from ..model import (
    BusinessHours,
    Catalogue,
    Duration,
    Money,
    Offering,
    Price,
    PriceBreak,
    Purchase,
)
from .nodes import (
    COMPARE_CLASS,
    ROW_CLASS,
    TABLE_CLASS,
    Column,
    as_typed,
    contact_link,
    entry,
    fill,
    fit_columns,
    joined,
    link,
    stated,
)
from .text import Formatter, translatable


def key(name: str, option: int = 0, effective: datetime.date | None = None) -> str:
    """A figure's field on a page: ``price``; ``price.2`` for the second price (``option``
    counts from 0); ``change.2027-01-01`` for a change effective on that date."""
    field = name if option == 0 else f"{name}.{option + 1}"
    return f"{field}.{effective.isoformat()}" if effective else field


Shown = str | nodes.Node


@dataclass(frozen=True)
class Figure:
    """One kind of figure of an offering: how it is read, stated in canonical form (what a
    page carries in ``data-offerings-value`` and ``offerings check`` compares) and shown.

    ``read`` gives its value (None when the offering states none; by default the offering's
    attribute of the figure's name) or, for a figure an offering may state several times,
    ``each`` gives every (field, value).
    """

    name: str
    canonical: Callable[[Any], str]
    show: Callable[[Offering, Any, Formatter], Shown]
    read: Callable[[Offering], Any] | None = None
    each: Callable[[Offering], Iterable[tuple[str, Any]]] | None = None
    #: What messages call it, when not its name: "number of incidents".
    words: str = ""
    #: The role ``:offerings:ROLE:`ID``` that shows the figure alone, and its description.
    role: str | None = None
    role_doc: str = ""

    def values(self, offering: Offering) -> dict[str, Any]:
        """Every value the offering states, by field."""
        if self.each is not None:
            return dict(self.each(offering))
        value = self.read(offering) if self.read else getattr(offering, self.name)
        return {} if value is None else {self.name: value}

    def node(self, offering: Offering, fmt: Formatter, field: str | None = None) -> nodes.Node:
        """The value of ``field`` (the figure's first) as a page states it."""
        values = self.values(offering)
        field = field or next(iter(values))
        value = values[field]
        shown = self.show(offering, value, fmt)
        child = nodes.Text(shown) if isinstance(shown, str) else shown
        return stated(offering.id, field, self.canonical(value), child)

    def cell(self, offering: Offering, fmt: Formatter) -> list[nodes.Node]:
        return [self.node(offering, fmt)] if self.values(offering) else []


def _level(attribute: str) -> Callable[[Offering], Any]:
    return lambda offering: getattr(offering.service_level, attribute, None)


def _purchase(offering: Offering, purchase: Any, fmt: Formatter) -> Shown:
    text = fmt.purchase(purchase)
    if purchase.channel == "checkout" and purchase.url:
        return link(text, purchase.url, "checkout")
    if purchase.channel == "mailto" and purchase.contact:
        return contact_link(purchase.contact, text, offering.name)
    return text


def _durations(attribute: str, role: str) -> Figure:
    return Figure(
        attribute,
        Duration.canonical,
        lambda o, duration, fmt: fmt.duration(duration),
        read=_level(attribute),
        role=role,
        role_doc=f"``:offerings:{role}:`ID``` reads the {attribute.replace('_', ' ')} of "
        "the offering's service level.",
    )


def _amounts(name: str, each: Callable[[Offering], Iterable[tuple[str, Money]]]) -> Figure:
    return Figure(name, Money.canonical, lambda o, money, fmt: fmt.money(money), each=each)


def _scheduled(name: str, attribute: str) -> Figure:
    """The changes of a price's schedule (``upcoming``: announced, ``past``: in force by the
    date), each by its effective date."""
    return _amounts(
        name,
        lambda o: (
            (key(name, i, c.effective), c.money)
            for i, p in enumerate(o.prices)
            for c in getattr(p, attribute)
        ),
    )


def _text(attribute: str) -> Figure:
    return Figure(attribute, str, lambda o, text, fmt: text)


def _each_price(name: str, read: Callable[[Offering, int, Price], Any]) -> Figure:
    """A figure each price may state (``term``, ``term.2``), read by ``read``."""

    def each(offering: Offering) -> Iterator[tuple[str, Any]]:
        for index, price in enumerate(offering.prices):
            if (value := read(offering, index, price)) is not None:
                yield key(name, index), value

    return Figure(name, str, lambda o, v, fmt: str(v), each=each)


def _listed(name: str, read: Callable[[Price], Iterable[Any]], show: Any, doc: str) -> Figure:
    """A figure prices list (discounts, breaks), numbered across the offering's prices."""

    def each(offering: Offering) -> Iterator[tuple[str, Any]]:
        listed = ((p, v) for p in offering.prices for v in read(p))
        return ((key(name, index), value) for index, value in enumerate(listed))

    role_doc = f"``:offerings:{name}:`ID``` reads {doc}; ``ID.2`` its second."
    return Figure(
        name, lambda pair: str(pair[1].canonical()), show, each=each, role=name, role_doc=role_doc
    )


def _keyed(name: str, read: Callable[[Offering], Mapping[str, Any]], show: Any) -> Figure:
    """A figure an offering states by key (``allowance.incidents``); the role reads
    ``ID.KEY``, or the first without a key."""
    return Figure(
        name,
        lambda value: value if isinstance(value, str) else str(value.canonical()),
        show,
        each=lambda o: ((f"{name}.{k}", v) for k, v in read(o).items()),
        role=name,
        role_doc=f"``:offerings:{name}:`ID.KEY``` reads the {name} KEY of the offering "
        "(without a key, its first).",
    )


def _qualified(offering: Offering, value: tuple[int, Price], fmt: Formatter) -> Shown:
    index, price = value
    money = FIGURES["price"].node(offering, fmt, key("price", index))
    return nodes.inline("", "", *fill(fmt.qualifier(str(price.qualifier)), {"price": money}))


def _break(offering: Offering, pair: tuple[Price, PriceBreak], fmt: Formatter) -> Shown:
    price, each = pair
    amount = fmt.money(each.money) if each.money else fmt._("Quoted on request")
    if each.money and price.per:
        amount = f"{amount} {fmt.per(price.per, price.quantity)}"
    quantities = fmt.quantities(each.low, each.high, price.per[0])
    return fmt._("{quantities}: {price}").format(quantities=quantities, price=amount)


def _times(offering: Offering) -> dict[str, Duration]:
    return getattr(offering.service_level, "times", {})


FIGURES: dict[str, Figure] = {
    figure.name: figure
    for figure in (
        Figure(
            "price",
            Price.canonical,
            lambda o, price, fmt: (
                fmt.money(price.money) if price.money else fmt._("Quoted on request")
            ),
            each=lambda o: ((key("price", i), p) for i, p in enumerate(o.prices)),
            role="price",
            role_doc="``:offerings:price:`ID``` reads the offering's price in force, in the "
            "site's price format (the first price, if it has several).",
        ),
        replace(
            _text("name"),
            role="name",
            role_doc="``:offerings:name:`advisory``` reads the offering's name.",
        ),
        _amounts(
            "original",
            lambda o: (
                (key("original", i), p.original) for i, p in enumerate(o.prices) if p.original
            ),
        ),
        _scheduled("change", "upcoming"),
        _scheduled("past", "past"),
        Figure(
            "incidents",
            str,
            lambda o, count, fmt: fmt.incidents(count),
            words="number of incidents",
            role="incidents",
            role_doc="``:offerings:incidents:`ID``` reads how many incidents the offering "
            "covers, in words below ten.",
        ),
        Figure("purchase", Purchase.canonical, _purchase),
        Figure(
            "hours",
            BusinessHours.canonical,
            lambda o, hours, fmt: fmt.hours(hours),
            read=_level("hours"),
            words="business hours",
            role="hours",
            role_doc="``:offerings:hours:`advisory``` reads the offering's business hours.",
        ),
        Figure(
            "submit",
            lambda submit: submit.contact.email,
            lambda o, submit, fmt: contact_link(submit.contact, submit.label, o.name),
        ),
        Figure(
            "contact",
            lambda contact: contact.email,
            lambda o, contact, fmt: contact_link(contact, contact.label, o.name),
        ),
        _durations("response_time", "response"),
        _durations("delivery_time", "delivery"),
        _text("covers"),
        _text("availability"),
        replace(
            _each_price("term", lambda o, i, p: p.term or o.term),
            canonical=lambda term: term.canonical(),
            show=lambda o, term, fmt: fmt.term(term),
            role="term",
            role_doc="``:offerings:term:`ID``` reads how long the offering (or its price) runs: "
            '"for 1 year"; ``ID.2`` the term of its second price.',
        ),
        replace(
            _each_price("billing", lambda o, i, p: p.billing),
            show=lambda o, billing, fmt: fmt.billing(billing),
            role="billing",
            role_doc='``:offerings:billing:`ID``` reads how its price is billed: "billed yearly".',
        ),
        replace(
            _each_price("qualifier", lambda o, i, p: (i, p) if p.qualifier else None),
            canonical=lambda value: value[1].qualifier,
            show=_qualified,
            role="qualifier",
            role_doc='``:offerings:qualifier:`ID``` reads its price with its qualifier: "from '
            '$499 USD".',
        ),
        replace(
            _each_price("approx", lambda o, i, p: p.approx),
            canonical=Money.canonical,
            show=lambda o, money, fmt: fmt.money(money),
            role="approx",
            role_doc="``:offerings:approx:`ID``` reads the approximate amount its price states "
            "in a second currency.",
        ),
        replace(
            _each_price("plus", lambda o, i, p: p.plus or None),
            canonical="; ".join,
            show=lambda o, plus, fmt: " ".join(f"+ {text}" for text in plus),
        ),
        replace(
            _each_price("per", lambda o, i, p: p if p.quantity else None),
            canonical=Price.per_canonical,
            show=lambda o, price, fmt: fmt.per(price.per, price.quantity),
        ),
        _listed(
            "discount",
            lambda p: p.discounts,
            lambda o, pair, fmt: fmt.discount(pair[1]),
            'its discount: "10% off when paid yearly upfront"',
        ),
        _listed("break", lambda p: p.breaks, _break, 'its volume break: "1-4 seats: $100 USD"'),
        _keyed("allowance", lambda o: o.allowances, lambda o, a, fmt: fmt.allowance(a)),
        _keyed("time", _times, lambda o, duration, fmt: fmt.duration(duration)),
        _keyed("condition", lambda o: o.conditions, lambda o, text, fmt: text),
        replace(
            _keyed("link", lambda o: o.links, lambda o, li, fmt: link(li.label, li.url, "link")),
            canonical=lambda li: li.url,
            role="url",
            role_doc="``:offerings:url:`ID.KEY``` places the offering's link KEY (terms, "
            "details, ...).",
        ),
        replace(
            _keyed("feature", lambda o: o.features, lambda o, v, fmt: fmt.feature(v)),
            canonical=lambda value: value if isinstance(value, str) else str(value).lower(),
        ),
        Figure(
            "coverage",
            str,
            lambda o, coverage, fmt: fmt.coverage(coverage),
            read=_level("coverage"),
            role="coverage",
            role_doc='``:offerings:coverage:`ID``` reads when support is given: "8x5", "24x7".',
        ),
    )
}
#: The text fields ``:offerings:field:`ID.FIELD``` reads.
TEXT_FIELDS = ("name", "covers", "availability")


def _one(offering: Offering, index: int, fmt: Formatter) -> list[nodes.Node]:
    """One price, with all it states: "from $999 USD per developer for 1 year, billed
    yearly (discounted from $1100 USD) (approx. 800 EUR) + travel expenses, before tax,
    10% off when paid upfront"; with volume breaks, each break's price."""
    price = offering.prices[index]

    def node(name: str, number: int = index) -> nodes.Node:
        return FIGURES[name].node(offering, fmt, key(name, number))

    def before(name: str) -> int:
        """How many of the figures ``name`` the offering's earlier prices list."""
        return sum(len(getattr(p, name)) for p in offering.prices[:index])

    if price.breaks:
        first = before("breaks")
        shown = joined(([node("break", first + n)] for n in range(len(price.breaks))), "; ")
    else:
        shown = [node("qualifier" if price.qualifier else "price")]
        if price.money is None:
            return shown
        if index == 0 and offering.incidents is not None:
            incidents = FIGURES["incidents"].node(offering, fmt)
            shown = fill(
                fmt._("{price} for {incidents}"), {"price": shown[0], "incidents": incidents}
            )
        if price.quantity:
            shown += [nodes.Text(" "), node("per")]
        elif price.per:
            shown.append(nodes.Text(" " + fmt.per(price.per)))
    if price.term:
        shown += [nodes.Text(" "), node("term")]
    if price.billing:
        shown += [nodes.Text(", "), node("billing")]
    if price.original:
        shown += fill(fmt._(" (discounted from {original})"), {"original": node("original")})
    if price.approx:
        shown += fill(fmt._(" (approx. {approx})"), {"approx": node("approx")})
    if price.plus:
        shown += [nodes.Text(" "), node("plus")]
    if price.tax:
        shown.append(nodes.Text(fmt._(", {tax}").format(tax=fmt.tax(price.tax))))
    first = before("discounts")
    for number in range(first, first + len(price.discounts)):
        shown += [nodes.Text(", "), node("discount", number)]
    return shown


def _prices(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
    """Every price of an offering, joined by "or"."""
    return joined((_one(offering, i, fmt) for i in range(len(offering.prices))), fmt._(" or "))


def _changes(name: str, attribute: str) -> Callable[[Offering, Formatter], list[nodes.Node]]:
    """A price schedule's changes (the figure ``name``, read from ``attribute``, as in
    `_scheduled`): "from 2027-01-01: $1149 USD"."""

    def cell(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
        shown: list[nodes.Node] = []
        for index, price in enumerate(offering.prices):
            for change in getattr(price, attribute):
                if shown:
                    shown.append(nodes.Text("; "))
                money = FIGURES[name].node(offering, fmt, key(name, index, change.effective))
                date = nodes.Text(fmt.date(change.effective))
                shown += fill(fmt._("from {date}: {price}"), {"date": date, "price": money})
        return shown

    return cell


def offer(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
    """The whole offer as a phrase: "499 EUR per 5 cases, for 1 year"."""
    shown = _prices(offering, fmt)
    if offering.term and not any(price.term for price in offering.prices):
        shown += [nodes.Text(", "), FIGURES["term"].node(offering, fmt)]
    return shown


def _keyed_cell(
    name: str, separator: str = ", "
) -> Callable[[Offering, Formatter], list[nodes.Node]]:
    """Every figure ``name`` of an offering, one after the other (allowances, links)."""

    def cell(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
        figure = FIGURES[name]
        fields = figure.values(offering)
        return joined(([figure.node(offering, fmt, field)] for field in fields), fmt._(separator))

    return cell


def _contents(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
    text = fmt.bundle(offering.includes)
    return [nodes.Text(text)] if text else []


def _alone(name: str, header: str) -> Column:
    return Column(name, header, FIGURES[name].cell)


#: The table columns by key (``:columns:``), each with its header and cell.
COLUMNS: dict[str, Column] = {
    column.key: column
    for column in (
        _alone("name", translatable("Contract Types")),
        Column("price", translatable("Price"), _prices),
        _alone("purchase", translatable("To Purchase")),
        _alone("hours", translatable("Business hours")),
        _alone("submit", translatable("To submit incident")),
        Column("response", translatable("Response time"), FIGURES["response_time"].cell),
        Column("contents", translatable("Includes"), _contents),
        Column("changes", translatable("Announced changes"), _changes("change", "upcoming")),
        Column("past", translatable("Past changes"), _changes("past", "past")),
        Column("offer", translatable("Offer"), offer),
        _alone("term", translatable("Term")),
        Column("allowances", translatable("Included"), _keyed_cell("allowance")),
        _alone("coverage", translatable("Coverage")),
        Column("times", translatable("Service times"), _keyed_cell("time")),
        Column("conditions", translatable("Terms and conditions"), _keyed_cell("condition", "; ")),
        Column("links", translatable("Links"), _keyed_cell("link")),
    )
}
DEFAULT_COLUMNS = ("name", "price", "purchase", "hours", "submit")


def facts(offering: Offering) -> dict[str, str]:
    """Every figure of an offering in canonical form, by field."""
    return {
        field: figure.canonical(value)
        for figure in FIGURES.values()
        for field, value in figure.values(offering).items()
    }


def fact(catalogue: Catalogue, ref: str, field: str) -> str | None:
    """A value in canonical form, as generated pages carry it for checks; None when the
    catalogue has no such ``ref`` (an offering id, ``contact:ID``, ``hours:ID``, ``author``)
    or field."""
    kind, _, name = ref.rpartition(":")
    if kind == "contact":
        contact = catalogue.contacts.get(name)
        return contact.email if contact and field == "email" else None
    if kind == "hours":
        hours = catalogue.hours.get(name)
        return hours.canonical() if hours and field == "hours" else None
    if ref == "author":
        author = catalogue.author
        return (author.url or author.name) if author and field == "url" else None
    offering = catalogue.offering(ref)
    return facts(offering).get(field) if offering else None


#: Rows a comparison can show besides the figures: ``price`` (every price, as the price
#: column states it) and ``offer`` (the whole offer).
COMPARE_ROWS = {"price": _prices, "offer": offer}
#: Figures a plan that does not state them lacks: the comparison says "not included".
_INCLUDED_OR_NOT = ("allowance", "feature")


def compare_rows(offerings: Sequence[Offering], catalogue: Catalogue) -> list[str]:
    """The rows a comparison shows unless told: the prices, the term (of a plan that has
    one of its own), then each allowance, coverage and service time any plan states, and
    the features, in the catalogue's order."""
    rows = ["price", *(["term"] if any(o.term for o in offerings) else [])]
    for name in ("allowance", "coverage", "time", "feature"):
        for offering in offerings:
            rows += [field for field in FIGURES[name].values(offering) if field not in rows]
    features = [f"feature.{key}" for key in catalogue.features]
    return [r for r in rows if r not in features] + [f for f in features if f in rows]


def _humane(text: str) -> str:
    return text.replace("-", " ").replace("_", " ").capitalize()


def row_label(row: str, offerings: Sequence[Offering], catalogue: Catalogue, fmt: Formatter) -> str:
    """What a comparison row is called: a feature's or allowance's name, a time's label,
    a column's header, else its key in words."""
    name, _, part = row.partition(".")
    if name == "feature" and part in catalogue.features:
        return catalogue.features[part]
    for offering in offerings:
        value = FIGURES[name].values(offering).get(row) if name in FIGURES else None
        if name == "allowance" and value is not None:
            return value.label or fmt.unit_word(value.unit, 2).capitalize()
        if name == "time" and value is not None and value.label:
            return str(value.label)
        if name == "link" and value is not None:
            return str(value.label)
    header = fmt._(column.header) if (column := COLUMNS.get(name)) else _humane(name)
    if part.isdigit():  # price.2: the second price of each plan, named by its term
        index = int(part) - 1
        terms = [o.prices[index].term for o in offerings if index < len(o.prices)]
        term = next((term for term in terms if term), None)
        return f"{header} {fmt.term(term)}" if term else f"{header} {part}"
    if not part and column is not None:
        return header
    return _humane(part or FIGURES[name].words or name) if name in FIGURES else header


def compare_cell(offering: Offering, row: str, fmt: Formatter) -> list[nodes.Node]:
    """What a plan states for a row: the figure, "not included" for an allowance or a
    feature it lacks, else nothing."""
    if row in COMPARE_ROWS:
        return COMPARE_ROWS[row](offering, fmt)
    name, _, part = row.partition(".")
    if part == "1":  # price.1: the first price, alone
        row = name
    figure = FIGURES[name]
    values = figure.values(offering)
    field = row if row in values else (next(iter(values)) if values and row == name else None)
    if field is not None:
        return [figure.node(offering, fmt, field)]
    if name in _INCLUDED_OR_NOT:
        return [nodes.inline("", fmt.feature(False), classes=["offerings-not-included"])]
    return []


def compare_table(
    offerings: Sequence[Offering],
    rows: Sequence[str],
    catalogue: Catalogue,
    fmt: Formatter,
    caption: str | None = None,
) -> nodes.table:
    """Plans as columns, a row per fact; each row's first cell names it (a row header)."""
    table = as_typed(nodes.table(classes=[TABLE_CLASS, COMPARE_CLASS]))
    if caption:
        table += nodes.title(caption, caption)
    names = [[FIGURES["name"].node(o, fmt)] for o in offerings]
    head = nodes.row("", entry([], "plan"), *(entry(name, "plan") for name in names))
    body = nodes.tbody()
    for row in rows:
        label = row_label(row, offerings, catalogue, fmt)
        cells = [entry(compare_cell(o, row, fmt), "plan") for o in offerings]
        body += nodes.row("", entry([nodes.Text(label)], "fact"), *cells, classes=[ROW_CLASS])
    colspecs = [nodes.colspec(colwidth=1, stub=1), *(nodes.colspec(colwidth=1) for _ in offerings)]
    table += nodes.tgroup("", *colspecs, nodes.thead("", head), body, cols=len(colspecs))
    fit_columns(table)
    return table
