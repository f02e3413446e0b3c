"""From validated data to the model: references followed, prices as in force on a date."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal
from typing import Any

from . import model
from .currencies import decimals as currency_decimals
from .errors import CatalogueError
from .load import Document


def catalogue_date(setting: str | None = None) -> datetime.date:
    """The date whose prices to show: ``setting`` (YYYY-MM-DD) if given, else the date of
    SOURCE_DATE_EPOCH if set (reproducible builds), else today."""
    if setting:
        return datetime.date.fromisoformat(setting)
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):
        return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
    return datetime.date.today()


def _duration(data: dict[str, Any] | None) -> model.Duration | None:
    if data is None:
        return None
    if "value" in data:
        return model.Duration(data["value"], data["value"], data["unit"])
    return model.Duration(data["min"], data["max"], data["unit"])


def _money_price(spec: dict[str, Any], on: datetime.date) -> model.Price:
    """A price object as in force on ``on``: the last scheduled price already effective."""
    currency = spec["currency"]
    amount, original = spec["amount"], spec.get("original")
    upcoming = []
    for entry in spec.get("schedule", []):
        effective = datetime.date.fromisoformat(entry["effective"])
        if effective <= on:
            amount, original = entry["amount"], entry.get("original")
        else:
            upcoming.append(
                model.PriceChange(effective, model.Money(Decimal(entry["amount"]), currency))
            )
    return model.Price(
        model.Money(Decimal(amount), currency),
        spec.get("per"),
        model.Money(Decimal(original), currency) if original is not None else None,
        spec.get("tax"),
        tuple(upcoming),
    )


def _scaled(price: model.Price, factor: Decimal, per: str | None) -> model.Price:
    def times(money: model.Money | None) -> model.Money | None:
        return money.times(factor) if money else None

    return model.Price(
        times(price.money),
        per or price.per,
        times(price.original),
        price.tax,
        tuple(model.PriceChange(c.effective, c.money.times(factor)) for c in price.upcoming),
    )


def _bundle_item(item: Any) -> model.BundleItem:
    if isinstance(item, str):
        return model.BundleItem(name=item)
    spec = item["support"]
    coverage, response = _duration(spec["coverage"]), _duration(spec.get("response_time"))
    return model.BundleItem(support=model.Support(spec["channel"], coverage, response))


def resolve(document: Document, on: datetime.date) -> model.Catalogue:
    """The catalogue of merged, valid data, with the prices in force on ``on``."""
    data = document.data
    contacts = {
        key: model.Contact(key, value["email"], value["label"])
        for key, value in data["contacts"].items()
    }
    hours = {
        key: model.BusinessHours(
            key,
            tuple(model.WEEKDAYS.index(day) for day in value["days"]),
            datetime.time.fromisoformat(value["start"]),
            datetime.time.fromisoformat(value["end"]),
            value["time_zone"],
            value.get("public_holidays", "excluded") == "excluded",
        )
        for key, value in data["hours"].items()
    }
    levels = {
        key: model.ServiceLevel(
            key,
            hours[value["hours"]],
            _duration(value.get("response_time")),
            value.get("response_note"),
            _duration(value.get("delivery_time")),
        )
        for key, value in data["service_levels"].items()
    }
    raw = {o["id"]: o for o in data["offerings"]}

    def prices(offering_id: str) -> tuple[model.Price, ...]:
        spec = raw[offering_id]["price"]
        if spec == "on-request":
            return (model.Price(None),)
        if isinstance(spec, list):
            return tuple(_money_price(option, on) for option in spec)
        if "same_as" in spec:
            factor = Decimal(spec.get("times", 1))
            return tuple(_scaled(p, factor, spec.get("per")) for p in prices(spec["same_as"]))
        return (_money_price(spec, on),)

    def purchase(spec: dict[str, Any]) -> model.Purchase:
        contact = contacts[spec["contact"]] if "contact" in spec else None
        return model.Purchase(spec["channel"], contact, spec.get("url"), spec.get("label"))

    offerings = []
    for item in data["offerings"]:
        spec = item["price"]
        term = next(iter(item["term"].items())) if "term" in item else None
        offerings.append(
            model.Offering(
                id=item["id"],
                group=item["group"],
                name=item["name"],
                prices=prices(item["id"]),
                price_basis=model.PriceReference(spec["same_as"], Decimal(spec.get("times", 1)))
                if isinstance(spec, dict) and "same_as" in spec
                else None,
                incidents=item.get("incidents"),
                term=model.Term(term[1], term[0]) if term else None,
                purchase=purchase(item["purchase"]),
                service_level=levels[item["service_level"]] if "service_level" in item else None,
                submit=model.Submit(contacts[item["submit"]["contact"]], item["submit"]["label"])
                if "submit" in item
                else None,
                covers=item.get("covers"),
                availability=item.get("availability"),
                tags=tuple(item.get("tags", ())),
                includes=tuple(_bundle_item(i) for i in item.get("includes", ())),
            )
        )
    author = data.get("author")
    return model.Catalogue(
        path=document.path,
        date=on,
        author=model.Author(author["name"], author.get("url")) if author else None,
        contacts=contacts,
        hours=hours,
        offerings=tuple(offerings),
    )


def derived_price_errors(document: Document, catalogue: model.Catalogue) -> list[CatalogueError]:
    """A factor that makes a price with fractions of a cent is an error at the factor."""
    errors = []
    for index, offering in enumerate(catalogue.offerings):
        if (basis := offering.price_basis) is None:
            continue
        amounts = [
            m
            for p in offering.prices
            for m in (p.money, p.original, *(c.money for c in p.upcoming))
            if m is not None
        ]
        for money in amounts:
            digits = currency_decimals()[money.currency]
            exponent = money.amount.normalize().as_tuple().exponent
            if isinstance(exponent, int) and -exponent > digits:
                errors.append(
                    CatalogueError(
                        document.locate(("offerings", index, "price", "times")),
                        f"times: {basis.times} x the price of {basis.same_as!r} is "
                        f"{money.amount}, which has more decimals than {money.currency} has "
                        f"({digits}); choose a factor that gives a whole number of cents",
                    )
                )
                break
    return errors
