"""The registry of figures: every kind of catalogue value a page can state, declared once.

Tables, roles and checks all go through `FIGURES`: a figure that is not declared here
cannot reach a page.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from typing import Any

from docutils import nodes

from ..model import BusinessHours, Catalogue, Duration, Money, Offering, Price, Purchase
from .nodes import Column, contact_link, fill, joined, link, stated
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

    ``read`` gives its value (None when the offering states none) or, for a figure an
    offering may state several times, ``each`` gives every (field, value).
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
        value = self.read(offering) if self.read else None
        return {} if value is None else {self.name: value}

    def node(self, offering: Offering, fmt: Formatter, field: str | None = None) -> nodes.Node:
        """The value of ``field`` (the figure's first) as a page states it."""
        field = field or self.name
        value = self.values(offering)[field]
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


def _text(attribute: str) -> Figure:
    return Figure(attribute, str, lambda o, text, fmt: text, read=lambda o: getattr(o, attribute))


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
        _amounts(
            "change",
            lambda o: (
                (key("change", i, c.effective), c.money)
                for i, p in enumerate(o.prices)
                for c in p.upcoming
            ),
        ),
        Figure(
            "incidents",
            str,
            lambda o, count, fmt: fmt.incidents(count),
            read=lambda o: o.incidents,
            words="number of incidents",
            role="incidents",
            role_doc="``:offerings:incidents:`ID``` reads how many incidents the offering "
            "covers, in words below ten.",
        ),
        Figure("purchase", Purchase.canonical, _purchase, read=lambda o: o.purchase),
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
            read=lambda o: o.submit,
        ),
        Figure(
            "contact",
            lambda contact: contact.email,
            lambda o, contact, fmt: contact_link(contact, contact.label, o.name),
            read=lambda o: o.contact,
        ),
        _durations("response_time", "response"),
        _durations("delivery_time", "delivery"),
        _text("covers"),
        _text("availability"),
    )
}
#: The text fields ``:offerings:field:`ID.FIELD``` reads.
TEXT_FIELDS = ("name", "covers", "availability")


def _one(offering: Offering, index: int, fmt: Formatter) -> list[nodes.Node]:
    """One price: "$999 USD per developer (discounted from $1100 USD), before tax"."""
    price = offering.prices[index]
    shown: list[nodes.Node] = [FIGURES["price"].node(offering, fmt, key("price", index))]
    if price.money is None:
        return shown
    if index == 0 and offering.incidents is not None:
        incidents = FIGURES["incidents"].node(offering, fmt)
        shown = fill(fmt._("{price} for {incidents}"), {"price": shown[0], "incidents": incidents})
    if price.per:
        shown.append(nodes.Text(" " + fmt.per(price.per)))
    if price.original:
        original = FIGURES["original"].node(offering, fmt, key("original", index))
        shown += fill(fmt._(" (discounted from {original})"), {"original": original})
    if price.tax:
        shown.append(nodes.Text(fmt._(", {tax}").format(tax=fmt.tax(price.tax))))
    return shown


def _prices(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
    """Every price of an offering, joined by "or"."""
    return joined((_one(offering, i, fmt) for i in range(len(offering.prices))), fmt._(" or "))


def _changes(offering: Offering, fmt: Formatter) -> list[nodes.Node]:
    """Announced price changes: "from 2027-01-01: $1149 USD"."""
    shown: list[nodes.Node] = []
    for index, price in enumerate(offering.prices):
        for change in price.upcoming:
            if shown:
                shown.append(nodes.Text("; "))
            money = FIGURES["change"].node(offering, fmt, key("change", index, change.effective))
            shown += fill(
                fmt._("from {date}: {price}"),
                {"date": nodes.Text(fmt.date(change.effective)), "price": money},
            )
    return shown


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
        Column("changes", translatable("Announced changes"), _changes),
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
