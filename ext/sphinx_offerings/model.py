"""The catalogue as typed values: money is `Decimal`, references are resolved."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str

    def times(self, factor: Decimal) -> Money:
        return Money(self.amount * factor, self.currency)

    def decimal_text(self) -> str:
        """The amount as a plain decimal string: "350", "350.50"."""
        if self.amount == self.amount.to_integral_value():
            return f"{self.amount:.0f}"
        exponent = self.amount.normalize().as_tuple().exponent
        decimals = max(2, -exponent) if isinstance(exponent, int) else 2
        return f"{self.amount:.{decimals}f}"

    def canonical(self) -> str:
        """The price in one fixed form, whatever the page's format: "350 CAD"."""
        return f"{self.decimal_text()} {self.currency}"


@dataclass(frozen=True)
class Contact:
    id: str
    email: str
    label: str


@dataclass(frozen=True)
class Author:
    name: str
    url: str | None


@dataclass(frozen=True)
class BusinessHours:
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


@dataclass(frozen=True)
class Duration:
    """A time, or a range of times when ``low < high``."""

    low: int
    high: int
    unit: str  # "hours", "business-days" or "calendar-days"

    def canonical(self) -> str:
        span = str(self.low) if self.low == self.high else f"{self.low}-{self.high}"
        return f"{span} {self.unit}"


@dataclass(frozen=True)
class ServiceLevel:
    id: str
    hours: BusinessHours
    response_time: Duration | None
    response_note: str | None
    delivery_time: Duration | None


@dataclass(frozen=True)
class PriceReference:
    """A price stated as another offering's price, times a factor."""

    same_as: str
    times: Decimal


@dataclass(frozen=True)
class Term:
    count: int
    unit: str  # "years", "months" or "days"


@dataclass(frozen=True)
class Purchase:
    channel: str  # "contact": readers write to the contact for a purchase link
    contact: Contact


@dataclass(frozen=True)
class Submit:
    contact: Contact
    label: str


@dataclass(frozen=True)
class Offering:
    id: str
    group: str
    name: str
    price: Money  # resolved: a reference is followed and its factor applied
    price_basis: PriceReference | None
    incidents: int | None
    term: Term | None
    purchase: Purchase
    service_level: ServiceLevel | None
    submit: Submit | None
    covers: str | None
    availability: str | None

    def fact(self, field: str) -> str | None:
        """One field in canonical form (see `Catalogue.fact`)."""
        level = self.service_level
        values: dict[str, object] = {
            "name": self.name,
            "price": self.price.canonical(),
            "incidents": self.incidents,
            "purchase": f"{self.purchase.channel} {self.purchase.contact.email}",
            "contact": self.purchase.contact.email,
            "submit": self.submit.contact.email if self.submit else None,
            "hours": level.hours.canonical() if level else None,
            "response_time": level.response_time.canonical()
            if level and level.response_time
            else None,
            "delivery_time": level.delivery_time.canonical()
            if level and level.delivery_time
            else None,
            "covers": self.covers,
            "availability": self.availability,
        }
        value = values.get(field)
        return None if value is None else str(value)


@dataclass(frozen=True)
class Catalogue:
    path: str
    author: Author | None
    contacts: dict[str, Contact]
    hours: dict[str, BusinessHours]
    service_levels: dict[str, ServiceLevel]
    offerings: tuple[Offering, ...]

    def offering(self, offering_id: str) -> Offering | None:
        for offering in self.offerings:
            if offering.id == offering_id:
                return offering
        return None

    def group(self, group: str) -> tuple[Offering, ...]:
        return tuple(o for o in self.offerings if o.group == group)

    def fact(self, ref: str, field: str) -> str | None:
        """A value in canonical form, as generated pages carry it for checks.

        ``ref`` is an offering id, ``contact:ID``, ``hours:ID`` or ``author``;
        None when the catalogue has no such thing or field.
        """
        kind, _, key = ref.rpartition(":")
        if kind == "contact":
            contact = self.contacts.get(key)
            return contact.email if contact and field == "email" else None
        if kind == "hours":
            hours = self.hours.get(key)
            return hours.canonical() if hours and field == "hours" else None
        if ref == "author":
            return (self.author.url or self.author.name) if self.author else None
        offering = self.offering(ref)
        return offering.fact(field) if offering else None
