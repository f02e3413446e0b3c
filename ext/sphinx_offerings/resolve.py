"""From validated data to the model: references followed, prices as in force on a date."""

from __future__ import annotations

import datetime
import os
from decimal import Decimal
from typing import Any

from . import model
from .load import Document


def catalogue_date(setting: str | None = None) -> datetime.date:
    """The date whose prices to show: ``setting`` (YYYY-MM-DD) if given, else the date of
    SOURCE_DATE_EPOCH if set (reproducible builds), else today. A `ValueError` says what
    is wrong with the one given: a date written otherwise, or an epoch that is not ASCII
    digits alone (`int` would take other scripts' digits, signs and spaces)."""
    from .site import parse_date

    if setting:
        try:
            return parse_date(setting)
        except ValueError:
            raise ValueError(f"{setting!r} is not a date: give one as YYYY-MM-DD") from None
    if epoch := os.environ.get("SOURCE_DATE_EPOCH"):  # set and not empty
        try:
            if not (epoch.isascii() and epoch.isdigit()):
                raise ValueError(epoch)
            return datetime.datetime.fromtimestamp(int(epoch), datetime.UTC).date()
        except (ValueError, OverflowError, OSError):
            raise ValueError(
                f"SOURCE_DATE_EPOCH={epoch!r} is not a date: set it to the seconds since "
                "1970-01-01 UTC (as `git log -1 --format=%ct` gives them), or unset it"
            ) from None
    return datetime.date.today()


def _folded(data: Any) -> Any:
    """Valid data with its text as a page shows it: each run of white space (tabs, line
    breaks, no-break and ideographic spaces) one space, and none at either end, so that
    the model, the page, offerings.json, a mail subject and `offerings check` all read the
    same text. (Ids, addresses and links hold no white space.)"""

    def fold(value: Any) -> Any:
        return " ".join(value.split()) if isinstance(value, str) else value

    root: list[Any] = [fold(data)]
    pending: list[Any] = [root]
    while pending:
        container = pending.pop()
        keys = container.keys() if isinstance(container, dict) else range(len(container))
        for key in keys:
            value = container[key]
            if isinstance(value, dict):
                value = dict(value)
            elif isinstance(value, list):
                value = list(value)
            else:
                container[key] = fold(value)
                continue
            container[key] = value
            pending.append(value)
    return root[0]


def duration(data: Any) -> model.Duration | None:
    if data is None:
        return None
    if isinstance(data, str):  # "next-business-day"
        return model.Duration(0, 0, data)
    low, high = (data["value"],) * 2 if "value" in data else (data["min"], data["max"])
    extra = (data.get("bound"), data.get("range", "to"), data.get("label"))
    return model.Duration(low, high, data["unit"], *extra)


def term(data: dict[str, Any] | None) -> model.Term | None:
    if data is None:
        return None
    unit = next(key for key in ("years", "months", "weeks", "days") if key in data)
    return model.Term(data[unit], unit, data.get("from"))


def allowance(data: dict[str, Any]) -> model.Allowance:
    """An allowance as a catalogue (or offerings.json) states it."""
    quantity = data["quantity"]
    return model.Allowance(
        None if quantity == "unlimited" else quantity,
        data["unit"],
        data.get("per"),
        data.get("up_to", False),
        data.get("label"),
    )


def _units(per: Any) -> tuple[str, ...]:
    return () if per is None else (per,) if isinstance(per, str) else tuple(per)


def _money_price(spec: dict[str, Any], on: datetime.date) -> model.Price:
    """A price object as in force on ``on``: the last scheduled price already effective."""
    currency = spec["currency"]

    def money(amount: Any) -> model.Money | None:
        return None if amount in (None, "on-request") else model.Money(Decimal(amount), currency)

    amount, original = spec["amount"], spec.get("original")
    past, upcoming = [], []
    for entry in spec.get("schedule", []):
        effective = datetime.date.fromisoformat(entry["effective"])
        change = model.PriceChange(effective, model.Money(Decimal(entry["amount"]), currency))
        if effective <= on:
            amount, original = entry["amount"], entry.get("original")
            past.append(change)
        else:
            upcoming.append(change)
    breaks = spec.get("breaks", [])
    lows = [1, *(b["min"] for b in breaks)]
    amounts = [amount, *(b["amount"] for b in breaks)]
    approx = spec.get("approx")
    return model.Price(
        money(amount),
        _units(spec.get("per")),
        money(original),
        spec.get("tax"),
        tuple(upcoming),
        quantity=spec.get("quantity"),
        term=term(spec.get("term")),
        billing=spec.get("billing"),
        qualifier=spec.get("qualifier"),
        approx=model.Money(Decimal(approx["amount"]), approx["currency"]) if approx else None,
        plus=tuple(spec.get("plus", ())),
        discounts=tuple(
            model.Discount(Decimal(d["percent"]), d.get("condition"))
            for d in spec.get("discounts", ())
        ),
        breaks=tuple(
            model.PriceBreak(low, next_low - 1 if next_low else None, money(each))
            for low, next_low, each in zip(lows, [*lows[1:], None], amounts, strict=True)
        )
        if breaks
        else (),
        past=tuple(past),
    )


def _scaled(price: model.Price, factor: Decimal, per: Any) -> model.Price:
    def times(money: model.Money | None) -> model.Money | None:
        return money.times(factor) if money else None

    return price._replace(
        money=times(price.money),
        per=_units(per) or price.per,
        original=times(price.original),
        upcoming=tuple(c._replace(money=c.money.times(factor)) for c in price.upcoming),
        past=tuple(c._replace(money=c.money.times(factor)) for c in price.past),
        breaks=tuple(b._replace(money=times(b.money)) for b in price.breaks),
    )


def _bundle_item(item: Any) -> model.BundleItem:
    if isinstance(item, str):
        return model.BundleItem(name=item)
    spec = item["support"]
    coverage, response = duration(spec["coverage"]), duration(spec.get("response_time"))
    start = spec["coverage"].get("from", "delivery")
    return model.BundleItem(support=model.Support(spec["channel"], coverage, response, start))


def resolve(document: Document, on: datetime.date) -> model.Catalogue:
    """The catalogue of merged, valid data, with the prices in force on ``on``."""
    data = _folded(document.data)
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
            hours[value["hours"]] if "hours" in value else None,
            duration(value.get("response_time")),
            value.get("response_note"),
            duration(value.get("delivery_time")),
            value.get("coverage"),
            {k: d for k, v in value.get("times", {}).items() if (d := duration(v))},
        )
        for key, value in data["service_levels"].items()
    }
    raw = {o["id"]: o for o in data["offerings"]}
    resolved: dict[str, tuple[model.Price, ...]] = {}

    def prices(offering_id: str) -> tuple[model.Price, ...]:
        # Without recursion: the chain of prices followed, then each scaled in turn.
        chain: list[str] = []
        while offering_id not in resolved:
            spec = raw[offering_id]["price"]
            if isinstance(spec, dict) and "same_as" in spec:
                if len(chain) > len(raw):
                    raise ValueError(f"the prices of {offering_id!r} refer to each other")
                chain.append(offering_id)
                offering_id = spec["same_as"]
            elif spec == "on-request":
                resolved[offering_id] = (model.Price(None),)
            elif isinstance(spec, list):
                resolved[offering_id] = tuple(_money_price(option, on) for option in spec)
            else:
                resolved[offering_id] = (_money_price(spec, on),)
        for follower in reversed(chain):
            spec = raw[follower]["price"]
            factor = Decimal(spec.get("times", 1))
            followed = resolved[spec["same_as"]]
            resolved[follower] = tuple(_scaled(p, factor, spec.get("per")) for p in followed)
        return resolved[chain[0] if chain else offering_id]

    def purchase(spec: dict[str, Any] | None) -> model.Purchase | None:
        if spec is None:
            return None
        contact = contacts[spec["contact"]] if "contact" in spec else None
        return model.Purchase(spec["channel"], contact, spec.get("url"), spec.get("label"))

    offerings = []
    for item in data["offerings"]:
        spec = item["price"]
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
                term=term(item.get("term")),
                purchase=purchase(item.get("purchase")),
                service_level=levels[item["service_level"]] if "service_level" in item else None,
                submit=model.Submit(contacts[item["submit"]["contact"]], item["submit"]["label"])
                if "submit" in item
                else None,
                covers=item.get("covers"),
                availability=item.get("availability"),
                tags=tuple(item.get("tags", ())),
                includes=tuple(_bundle_item(i) for i in item.get("includes", ())),
                allowances={k: allowance(a) for k, a in item.get("allowances", {}).items()},
                links={
                    k: model.Link(v["url"], v["label"]) for k, v in item.get("links", {}).items()
                },
                conditions={**data["conditions"], **item.get("conditions", {})},
                features=dict(item.get("features", {})),
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
        units={
            key: model.Unit(
                key,
                {
                    "": (value["one"], value["other"]),
                    **{
                        language: (words["one"], words["other"])
                        for language, words in value.get("translations", {}).items()
                    },
                },
            )
            for key, value in data["units"].items()
        },
        features={key: value["name"] for key, value in data["features"].items()},
    )
