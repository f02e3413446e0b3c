"""The catalogue as typed values: money is `Decimal`, references are resolved.

Values are named tuples, cheap to define (which a build does at each start) as their
annotations are evaluated here, not left as strings for typing to compile one by one.
An offering and the catalogue are frozen dataclasses."""

import datetime
from dataclasses import dataclass, field
from decimal import (
    MAX_EMAX,
    MAX_PREC,
    MIN_EMIN,
    Context,
    Decimal,
    DivisionByZero,
    Inexact,
    InvalidOperation,
    Overflow,
)
from functools import cached_property
from typing import NamedTuple

#: Units a catalogue can count and price by without declaring them (its `units` add more).
UNITS = (
    *("incident", "case", "ticket", "developer", "user", "seat", "server", "device"),
    *("install", "site", "attendee", "contact", "sprint", "session", "project"),
    *("minute", "hour", "day", "week", "month", "year"),
)
WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


#: Money is multiplied in a context of its own, not the default one, which keeps 28 digits
#: and rounds the rest away: this one keeps every digit of a product (its factors' digits
#: together) and raises rather than round.
EXACT = Context(
    prec=MAX_PREC,
    Emax=MAX_EMAX,
    Emin=MIN_EMIN,
    traps=[InvalidOperation, DivisionByZero, Inexact, Overflow],
)


class Money(NamedTuple):
    amount: Decimal
    currency: str

    def times(self, factor: Decimal) -> "Money":
        return Money(EXACT.multiply(self.amount, factor), self.currency)

    def decimal_text(self) -> str:
        """The amount as a plain decimal string: "350", "350.50"."""
        if self.amount == self.amount.to_integral_value():
            return f"{self.amount:.0f}"
        exponent = EXACT.normalize(self.amount).as_tuple().exponent
        decimals = max(2, -exponent) if isinstance(exponent, int) else 2
        return f"{self.amount:.{decimals}f}"

    def canonical(self) -> str:
        """The price in one fixed form, whatever the page's format: "350 CAD"."""
        return f"{self.decimal_text()} {self.currency}"


class Contact(NamedTuple):
    id: str
    email: str
    label: str


class Author(NamedTuple):
    name: str
    url: str | None


class BusinessHours(NamedTuple):
    id: str
    days: tuple[int, ...]  # 0 is Monday, as in `datetime.date.weekday`
    start: datetime.time
    end: datetime.time
    time_zone: str
    public_holidays_excluded: bool

    def canonical(self) -> str:
        """ "monday,friday 09:00-17:00 America/Toronto, public holidays excluded" """
        days = ",".join(WEEKDAYS[d] for d in self.days)
        text = f"{days} {self.start:%H:%M}-{self.end:%H:%M} {self.time_zone}"
        return text + (", public holidays excluded" if self.public_holidays_excluded else "")


class Duration(NamedTuple):
    """A time, or a range of times when ``low < high``; with ``low`` 0, ``unit`` is a time
    that has no count ("next-business-day")."""

    low: int
    high: int
    unit: str  # "hours", "business-days", "calendar-days", ... (the schema's `duration`)
    bound: str | None = None  # "within", "less-than" or "up-to"
    range: str = "to"  # how a range reads: "2 to 8 hours" or "between 2 and 8 hours"
    label: str | None = None

    def canonical(self) -> str:
        if not self.low:
            return self.unit
        span = str(self.low) if self.low == self.high else f"{self.low}-{self.high}"
        return " ".join(filter(None, (self.bound, span, self.unit)))


class ServiceLevel(NamedTuple):
    id: str
    hours: BusinessHours | None
    response_time: Duration | None
    response_note: str | None
    delivery_time: Duration | None
    coverage: str | None = None  # "8x5", "24x7" or "business-days"
    times: dict[str, Duration] = {}  # noqa: RUF012 (never changed) more service times, by id


class PriceReference(NamedTuple):
    """A price stated as another offering's price, times a factor."""

    same_as: str
    times: Decimal


class PriceChange(NamedTuple):
    """An announced price: in force from ``effective`` on."""

    effective: datetime.date
    money: Money


class Discount(NamedTuple):
    percent: Decimal
    condition: str | None

    def canonical(self) -> str:
        return " ".join(filter(None, (f"{self.percent}%", self.condition)))


class PriceBreak(NamedTuple):
    """From ``low`` units to ``high`` (None: and more), each at ``money`` (None: on request)."""

    low: int
    high: int | None
    money: Money | None

    def canonical(self) -> str:
        span = f"{self.low}-{self.high}" if self.high else f"{self.low}+"
        return f"{span} {self.money.canonical() if self.money else 'on request'}"


@dataclass(frozen=True)
class Term:  # not a named tuple: a tuple has a count() of its own
    """How long a contract or a price runs: ``count`` ``unit``, from ``start`` if said."""

    count: int
    unit: str  # "years", "months", "weeks" or "days"
    start: str | None = None  # "purchase" or "delivery"

    def canonical(self) -> str:
        return f"{self.count} {self.unit}" + (f" from {self.start}" if self.start else "")


class Price(NamedTuple):
    """One way to pay for an offering, as in force on the catalogue's date.

    ``money`` is None for a price quoted on request.
    """

    money: Money | None
    per: tuple[str, ...] = ()  # unit ids: ("user", "year") reads "per user per year"
    original: Money | None = None  # the price before a discount
    tax: str | None = None  # "excluded" (before tax) or "included"
    upcoming: tuple[PriceChange, ...] = ()  # announced changes after the date
    quantity: int | None = None  # "per 5 cases"
    term: Term | None = None
    billing: str | None = None  # "monthly", "quarterly" or "yearly"
    qualifier: str | None = None  # "from" or "starting-at"
    approx: Money | None = None  # an indicative amount in another currency, as stated
    plus: tuple[str, ...] = ()  # "travel expenses" reads "+ travel expenses"
    discounts: tuple[Discount, ...] = ()
    breaks: tuple[PriceBreak, ...] = ()  # the first is the price's own range
    past: tuple[PriceChange, ...] = ()  # the schedule's changes in force by the date

    def canonical(self) -> str:
        return self.money.canonical() if self.money else "on request"

    def per_canonical(self) -> str:
        """What one price pays for: "5 case", "user/year"."""
        units = "/".join(self.per)
        return f"{self.quantity} {units}" if self.quantity else units


class Unit(NamedTuple):
    """A unit of the catalogue's own: its words, (one, other), by language ("" English)."""

    id: str
    words: dict[str, tuple[str, str]]


class Allowance(NamedTuple):
    """A quantity an offering includes: ``quantity`` None is unlimited, 0 not included."""

    quantity: int | None
    unit: str
    per: str | None = None  # the period it renews over: "year"
    up_to: bool = False
    label: str | None = None

    def canonical(self) -> str:
        count = "unlimited" if self.quantity is None else str(self.quantity)
        text = f"{'up to ' if self.up_to else ''}{count} {self.unit}"
        return text + (f"/{self.per}" if self.per else "")


class Link(NamedTuple):
    url: str
    label: str


class Purchase(NamedTuple):
    """How to buy: write to a contact for a link ("contact"), buy by e-mail
    ("mailto") or through an https checkout page ("checkout")."""

    channel: str
    contact: Contact | None = None
    url: str | None = None
    label: str | None = None

    def canonical(self) -> str:
        if self.channel == "checkout":
            return f"checkout {self.url}"
        return f"{self.channel} {self.contact.email if self.contact else ''}"


class Support(NamedTuple):
    channel: str  # "email"
    coverage: Duration | None
    response_time: Duration | None
    coverage_from: str = "delivery"  # when the coverage starts: "delivery" or "purchase"


class BundleItem(NamedTuple):
    """One thing a bundle contains: a named product, or a support period."""

    name: str | None = None
    support: Support | None = None


class Submit(NamedTuple):
    contact: Contact
    label: str


@dataclass(frozen=True)
class Offering:
    """One thing for sale, with its prices in force and what it comes with."""

    id: str
    group: str
    name: str
    prices: tuple[Price, ...]  # in force on the catalogue's date; references followed
    price_basis: PriceReference | None
    incidents: int | None
    term: Term | None
    purchase: Purchase | None
    service_level: ServiceLevel | None
    submit: Submit | None
    covers: str | None
    availability: str | None
    tags: tuple[str, ...] = ()
    includes: tuple[BundleItem, ...] = ()
    allowances: dict[str, Allowance] = field(default_factory=dict)
    links: dict[str, Link] = field(default_factory=dict)
    conditions: dict[str, str] = field(default_factory=dict)  # the catalogue's included
    features: dict[str, bool | str] = field(default_factory=dict)

    @property
    def contact(self) -> Contact | None:
        own = self.purchase.contact if self.purchase else None
        return own or (self.submit.contact if self.submit else None)


@dataclass(frozen=True)
class Catalogue:
    """Everything the catalogue files hold, as in force on ``date``."""

    path: str  # the catalogue files, separated by ", " when there are several
    date: datetime.date  # prices are those in force on this date
    author: Author | None
    contacts: dict[str, Contact]
    hours: dict[str, BusinessHours]
    offerings: tuple[Offering, ...]
    units: dict[str, Unit] = field(default_factory=dict)
    features: dict[str, str] = field(default_factory=dict)  # id: name

    @cached_property
    def _by_id(self) -> dict[str, Offering]:
        # the first of an id wins, as a search in order would find it
        return {offering.id: offering for offering in reversed(self.offerings)}

    def offering(self, offering_id: str) -> Offering | None:
        return self._by_id.get(offering_id)

    def group(self, group: str) -> tuple[Offering, ...]:
        return tuple(o for o in self.offerings if o.group == group)

    def tagged(self, tag: str) -> tuple[Offering, ...]:
        return tuple(o for o in self.offerings if tag in o.tags)
