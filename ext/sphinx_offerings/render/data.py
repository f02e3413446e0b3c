"""The catalogue as data for other systems: resolved JSON, and schema.org JSON-LD."""

from __future__ import annotations

import datetime
import json
from typing import Any

from ..model import (
    WEEKDAYS,
    BundleItem,
    Catalogue,
    Contact,
    Duration,
    Money,
    Offering,
    Price,
    Term,
)

#: The resolved catalogue an HTML build writes beside its pages.
JSON_FILE = "offerings.json"


def _present(item: dict[str, Any]) -> dict[str, Any]:
    """Only what the catalogue states: a key without a value is left out."""
    return {key: value for key, value in item.items() if value is not None}


def _money(money: Money) -> dict[str, str]:
    return {"amount": money.decimal_text(), "currency": money.currency}


def _contact(contact: Contact | None) -> dict[str, str] | None:
    return contact._asdict() if contact else None


def _per(units: tuple[str, ...]) -> str | list[str] | None:
    return None if not units else units[0] if len(units) == 1 else list(units)


def _term(term: Term | None) -> dict[str, Any] | None:
    return _present({term.unit: term.count, "from": term.start}) if term else None


def _price(price: Price) -> dict[str, Any]:
    if price.money is None:
        return {"on_request": True}
    upcoming, past = (
        [{"effective": c.effective.isoformat(), **_money(c.money)} for c in changes]
        for changes in (price.upcoming, price.past)
    )
    breaks = [
        _present(
            {"min": b.low, "max": b.high, **(_money(b.money) if b.money else {"on_request": True})}
        )
        for b in price.breaks
    ]
    discounts = [
        _present({"percent": str(d.percent), "condition": d.condition}) for d in price.discounts
    ]
    return _present(
        {
            **_money(price.money),
            "per": _per(price.per),
            "quantity": price.quantity,
            "original": _money(price.original) if price.original else None,
            "tax": price.tax,
            "upcoming": upcoming or None,
            "past": past or None,
            "term": _term(price.term),
            "billing": price.billing,
            "qualifier": price.qualifier,
            "approx": _money(price.approx) if price.approx else None,
            "plus": list(price.plus) or None,
            "discounts": discounts or None,
            "breaks": breaks or None,
        }
    )


def _duration(duration: Duration | None) -> dict[str, Any] | None:
    if duration is None:
        return None
    if not duration.low:
        return {"unit": duration.unit}
    span = {"min": duration.low, "max": duration.high, "unit": duration.unit}
    return _present({**span, "bound": duration.bound, "label": duration.label}) | (
        {"range": duration.range} if duration.range != "to" else {}
    )


def _offering(offering: Offering) -> dict[str, Any]:
    level, basis, purchase = offering.service_level, offering.price_basis, offering.purchase
    submit = offering.submit
    item: dict[str, Any] = {
        "id": offering.id,
        "group": offering.group,
        "name": offering.name,
        "prices": [_price(price) for price in offering.prices],
        "incidents": offering.incidents,
        "term": _term(offering.term),
        "purchase": _present({**purchase._asdict(), "contact": _contact(purchase.contact)})
        if purchase
        else None,
        "submit": {"label": submit.label, "contact": _contact(submit.contact)} if submit else None,
        "covers": offering.covers,
        "availability": offering.availability,
        "price_basis": {"same_as": basis.same_as, "times": str(basis.times)} if basis else None,
        "tags": list(offering.tags) or None,
        "includes": [_bundle_item(i) for i in offering.includes] or None,
        "allowances": {
            key: _present(
                {
                    "quantity": "unlimited" if a.quantity is None else a.quantity,
                    "unit": a.unit,
                    "per": a.per,
                    "up_to": a.up_to or None,
                    "label": a.label,
                }
            )
            for key, a in offering.allowances.items()
        }
        or None,
        "links": {k: {"url": li.url, "label": li.label} for k, li in offering.links.items()}
        or None,
        "conditions": offering.conditions or None,
        "features": offering.features or None,
    }
    if level:
        hours = level.hours
        item["service_level"] = {
            "id": level.id,
            "hours": {
                **hours._asdict(),
                "days": [WEEKDAYS[day] for day in hours.days],
                "start": f"{hours.start:%H:%M}",
                "end": f"{hours.end:%H:%M}",
            }
            if hours
            else None,
            "response_time": _duration(level.response_time),
            "response_note": level.response_note,
            "delivery_time": _duration(level.delivery_time),
        } | _present(
            {
                "coverage": level.coverage,
                "times": {k: _duration(d) for k, d in level.times.items()} or None,
            }
        )
    return _present(item)


def _bundle_item(item: BundleItem) -> dict[str, Any]:
    if (support := item.support) is None:
        return {"name": item.name}
    coverage, response = _duration(support.coverage), _duration(support.response_time)
    if coverage is not None:
        coverage["from"] = support.coverage_from
    shown = {"channel": support.channel, "coverage": coverage, "response_time": response}
    return {"support": shown}


def catalogue_json(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue resolved: references followed, prices in force on its date computed,
    amounts as decimal strings."""
    return {
        "date": catalogue.date.isoformat(),
        "author": catalogue.author._asdict() if catalogue.author else None,
        "contacts": {key: _contact(contact) for key, contact in catalogue.contacts.items()},
        "offerings": [_offering(offering) for offering in catalogue.offerings],
        **_present(
            {
                "units": {
                    key: {language or "en": list(words) for language, words in unit.words.items()}
                    for key, unit in catalogue.units.items()
                }
                or None,
                "features": catalogue.features or None,
            }
        ),
    }


# UN/CEFACT codes, as schema.org asks; a unit's id is its unitText (IE: person, C62: one)
_UNIT_CODES = {"years": "ANN", "months": "MON", "weeks": "WEE", "days": "DAY"}
_PER = {"minute": "MIN", "hour": "HUR", "day": "DAY", "week": "WEE", "month": "MON", "year": "ANN"}
_TIMES = frozenset(_PER)
_PER |= dict.fromkeys(("developer", "user", "seat", "attendee", "contact"), "IE")


def ref_data(catalogue: Catalogue, ref: str) -> Any:
    """What a page shows for one thing it names: an offering id, ``contact:ID``,
    ``hours:ID``, ``author``, or a selection (``group:ID``, ``tag:ID``, ``all``).

    A selection is the ids of its members: a page names each offering it shows too.
    """
    kind, _, key = ref.partition(":")
    if ref == "author":
        return catalogue.author._asdict() if catalogue.author else None
    if kind == "contact":
        return _contact(catalogue.contacts.get(key))
    if kind == "hours":
        hours = catalogue.hours.get(key)
        return hours.canonical() if hours else None
    if kind in ("group", "tag", "all"):
        if kind == "all":
            return [o.id for o in catalogue.offerings]
        return [o.id for o in (catalogue.group(key) if kind == "group" else catalogue.tagged(key))]
    offering = catalogue.offering(ref)
    return _offering(offering) if offering else None


def _quantity(value: int, **fields: str) -> dict[str, Any]:
    return {"@type": "QuantitativeValue", "value": value, **fields}


def _unit_price(offering: Offering, price: Price) -> list[dict[str, Any]]:
    """The price as schema.org's UnitPriceSpecification: one per volume break."""
    assert price.money is not None
    spec: dict[str, Any] = {
        "@type": "UnitPriceSpecification",
        "price": price.money.decimal_text(),
        "priceCurrency": price.money.currency,
    }
    if price.tax:
        spec["valueAddedTaxIncluded"] = price.tax == "included"
    units, term = list(price.per), price.term or offering.term
    if offering.incidents is not None:
        spec["referenceQuantity"] = _quantity(offering.incidents, unitText="incident")
    elif units:
        unit = units[0]
        spec["referenceQuantity"] = _quantity(
            price.quantity or 1, unitCode=_PER.get(unit, "C62"), unitText=unit
        )
    if len(units) > 1 and units[-1] in _TIMES:  # per user per year: billed by the year
        spec["billingDuration"] = _quantity(1, unitCode=_PER[units[-1]])
    elif term is not None:
        spec["billingDuration"] = _quantity(term.count, unitCode=_UNIT_CODES[term.unit])
    if not price.breaks:
        return [spec]
    return [
        _present(
            {
                **spec,
                "price": b.money.decimal_text(),
                "eligibleQuantity": _present(
                    {
                        "@type": "QuantitativeValue",
                        "minValue": b.low,
                        "maxValue": b.high,
                        "unitText": units[0],
                    }
                ),
            }
        )
        for b in price.breaks
        if b.money is not None  # a break on request has no price to state
    ]


def offer_catalogue(catalogue: Catalogue, ids: list[str] | None = None) -> dict[str, Any]:
    """A schema.org OfferCatalog of the offerings (all, or those named in ``ids``)."""
    wanted = None if ids is None else set(ids)
    chosen = [o for o in catalogue.offerings if wanted is None or o.id in wanted]
    author = catalogue.author
    offers = []
    for offering in chosen:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "identifier": offering.id,
            "name": offering.name,
            "itemOffered": {"@type": "Service", "name": offering.name},
        }
        priced = [p for p in offering.prices if p.money is not None]
        if priced and priced[0].money is not None:
            offer["price"] = priced[0].money.decimal_text()
            offer["priceCurrency"] = priced[0].money.currency
            specs = [spec for p in priced for spec in _unit_price(offering, p)]
            offer["priceSpecification"] = specs[0] if len(specs) == 1 else specs
            if changes := [c.effective for p in priced for c in p.upcoming]:
                valid_until = min(changes) - datetime.timedelta(days=1)
                offer["priceValidUntil"] = valid_until.isoformat()
        if author and author.url:
            offer["seller"] = {"@type": "Person", "name": author.name, "url": author.url}
        offers.append(offer)
    return {
        "@context": "https://schema.org",
        "@type": "OfferCatalog",
        "name": "Purchase options",
        "itemListElement": offers,
    }


def dumps(data: Any, indent: int | None = 2) -> str:
    return json.dumps(data, indent=indent, ensure_ascii=False)
