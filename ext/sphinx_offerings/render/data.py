"""The catalogue as data for other systems: resolved JSON, and schema.org JSON-LD."""

from __future__ import annotations

import json
from typing import Any

from ..model import WEEKDAYS, BundleItem, Catalogue, Contact, Duration, Money, Offering, Price

#: The resolved catalogue an HTML build writes beside its pages.
JSON_FILE = "offerings.json"


def _present(item: dict[str, Any]) -> dict[str, Any]:
    """Only what the catalogue states: a key without a value is left out."""
    return {key: value for key, value in item.items() if value is not None}


def _money(money: Money) -> dict[str, str]:
    return {"amount": money.decimal_text(), "currency": money.currency}


def _contact(contact: Contact | None) -> dict[str, str] | None:
    return {"id": contact.id, "email": contact.email, "label": contact.label} if contact else None


def _price(price: Price) -> dict[str, Any]:
    if price.money is None:
        return {"on_request": True}
    upcoming = [{"effective": c.effective.isoformat(), **_money(c.money)} for c in price.upcoming]
    return _present(
        {
            **_money(price.money),
            "per": price.per,
            "original": _money(price.original) if price.original else None,
            "tax": price.tax,
            "upcoming": upcoming or None,
        }
    )


def _duration(duration: Duration | None) -> dict[str, Any] | None:
    return {"min": duration.low, "max": duration.high, "unit": duration.unit} if duration else None


def _offering(offering: Offering) -> dict[str, Any]:
    level, basis = offering.service_level, offering.price_basis
    item: dict[str, Any] = {
        "id": offering.id,
        "group": offering.group,
        "name": offering.name,
        "prices": [_price(price) for price in offering.prices],
        "incidents": offering.incidents,
        "term": {offering.term.unit: offering.term.count} if offering.term else None,
        "purchase": _present(
            {
                "channel": offering.purchase.channel,
                "contact": _contact(offering.purchase.contact),
                "url": offering.purchase.url,
                "label": offering.purchase.label,
            }
        ),
        "submit": {"label": offering.submit.label, "contact": _contact(offering.submit.contact)}
        if offering.submit
        else None,
        "covers": offering.covers,
        "availability": offering.availability,
        "price_basis": {"same_as": basis.same_as, "times": str(basis.times)} if basis else None,
        "tags": list(offering.tags) or None,
        "includes": [_bundle_item(i) for i in offering.includes] or None,
    }
    if level:
        hours = level.hours
        item["service_level"] = {
            "id": level.id,
            "hours": {
                "id": hours.id,
                "days": [WEEKDAYS[day] for day in hours.days],
                "start": f"{hours.start:%H:%M}",
                "end": f"{hours.end:%H:%M}",
                "time_zone": hours.time_zone,
                "public_holidays_excluded": hours.public_holidays_excluded,
            },
            "response_time": _duration(level.response_time),
            "response_note": level.response_note,
            "delivery_time": _duration(level.delivery_time),
        }
    return _present(item)


def _bundle_item(item: BundleItem) -> dict[str, Any]:
    if (support := item.support) is None:
        return {"name": item.name}
    coverage, response = _duration(support.coverage), _duration(support.response_time)
    return {
        "support": {"channel": support.channel, "coverage": coverage, "response_time": response}
    }


def catalogue_json(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue resolved: references followed, prices in force on its date computed,
    amounts as decimal strings."""
    author = catalogue.author
    return {
        "date": catalogue.date.isoformat(),
        "author": {"name": author.name, "url": author.url} if author else None,
        "contacts": {key: _contact(contact) for key, contact in catalogue.contacts.items()},
        "offerings": [_offering(offering) for offering in catalogue.offerings],
    }


# UN/CEFACT codes, as schema.org asks; a price's ``per`` is its unitText (IE: person, C62: one)
_UNIT_CODES = {"years": "ANN", "months": "MON", "days": "DAY"}
_PER = {"month": "MON", "year": "ANN", "hour": "HUR", "developer": "IE", "incident": "C62"}


def ref_data(catalogue: Catalogue, ref: str) -> Any:
    """What a page shows for one thing it names: an offering id, ``contact:ID``,
    ``hours:ID``, ``author``, or a selection (``group:ID``, ``tag:ID``, ``all``).

    A selection is the ids of its members: a page names each offering it shows too.
    """
    kind, _, key = ref.partition(":")
    if ref == "author":
        author = catalogue.author
        return {"name": author.name, "url": author.url} if author else None
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


def _unit_price(offering: Offering, price: Price) -> dict[str, Any]:
    assert price.money is not None
    spec: dict[str, Any] = {
        "@type": "UnitPriceSpecification",
        "price": price.money.decimal_text(),
        "priceCurrency": price.money.currency,
    }
    if price.tax:
        spec["valueAddedTaxIncluded"] = price.tax == "included"
    if offering.incidents is not None:
        spec["referenceQuantity"] = _quantity(offering.incidents, unitText="incident")
    elif price.per:
        spec["referenceQuantity"] = _quantity(1, unitCode=_PER[price.per], unitText=price.per)
    if offering.term is not None:
        term = offering.term
        spec["billingDuration"] = _quantity(term.count, unitCode=_UNIT_CODES[term.unit])
    return spec


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
            specs = [_unit_price(offering, p) for p in priced]
            offer["priceSpecification"] = specs[0] if len(specs) == 1 else specs
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
