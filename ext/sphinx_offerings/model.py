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


@dataclass(frozen=True)
class Duration:
    """A time, or a range of times when ``low < high``."""

    low: int
    high: int
    unit: str  # "hours", "business-days" or "calendar-days"


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
