"""The catalogue as data for other systems: resolved JSON, and schema.org JSON-LD."""

from __future__ import annotations

import json
from typing import Any

from ..model import WEEKDAYS, Catalogue, Contact, Duration, Money, Offering

SCHEMA_ORG = "https://schema.org"


def _money(money: Money) -> dict[str, str]:
    return {"amount": money.decimal_text(), "currency": money.currency}


def _contact(contact: Contact) -> dict[str, str]:
    return {"id": contact.id, "email": contact.email, "label": contact.label}


def _duration(duration: Duration | None) -> dict[str, Any] | None:
    if duration is None:
        return None
    return {"min": duration.low, "max": duration.high, "unit": duration.unit}


def _offering(offering: Offering) -> dict[str, Any]:
    level = offering.service_level
    item: dict[str, Any] = {
        "id": offering.id,
        "group": offering.group,
        "name": offering.name,
        "price": _money(offering.price),
        "incidents": offering.incidents,
        "term": {offering.term.unit: offering.term.count} if offering.term else None,
        "purchase": {
            "channel": offering.purchase.channel,
            "contact": _contact(offering.purchase.contact),
        },
        "submit": {"label": offering.submit.label, "contact": _contact(offering.submit.contact)}
        if offering.submit
        else None,
        "covers": offering.covers,
        "availability": offering.availability,
    }
    if offering.price_basis:
        item["price"]["same_as"] = offering.price_basis.same_as
        item["price"]["times"] = str(offering.price_basis.times)
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
    return {key: value for key, value in item.items() if value is not None}


def catalogue_json(catalogue: Catalogue) -> dict[str, Any]:
    """The catalogue resolved: references followed, prices computed, amounts as strings."""
    author = catalogue.author
    return {
        "author": {"name": author.name, "url": author.url} if author else None,
        "contacts": {key: _contact(contact) for key, contact in catalogue.contacts.items()},
        "offerings": [_offering(offering) for offering in catalogue.offerings],
    }


def _unit_price(offering: Offering) -> dict[str, Any]:
    spec: dict[str, Any] = {
        "@type": "UnitPriceSpecification",
        "price": offering.price.decimal_text(),
        "priceCurrency": offering.price.currency,
    }
    if offering.incidents is not None:
        spec["referenceQuantity"] = {
            "@type": "QuantitativeValue",
            "value": offering.incidents,
            "unitText": "incident",
        }
    if offering.term is not None:
        # UN/CEFACT codes, as schema.org asks: ANN year, MON month, DAY day
        code = {"years": "ANN", "months": "MON", "days": "DAY"}[offering.term.unit]
        spec["billingDuration"] = {
            "@type": "QuantitativeValue",
            "value": offering.term.count,
            "unitCode": code,
        }
    return spec


def offer_catalogue(catalogue: Catalogue, ids: list[str] | None = None) -> dict[str, Any]:
    """A schema.org OfferCatalog of the offerings (all, or those named in ``ids``)."""
    chosen = [o for o in catalogue.offerings if ids is None or o.id in ids]
    offers = []
    for offering in chosen:
        offer: dict[str, Any] = {
            "@type": "Offer",
            "identifier": offering.id,
            "name": offering.name,
            "price": offering.price.decimal_text(),
            "priceCurrency": offering.price.currency,
            "itemOffered": {"@type": "Service", "name": offering.name},
            "priceSpecification": _unit_price(offering),
        }
        if catalogue.author and catalogue.author.url:
            offer["seller"] = {
                "@type": "Person",
                "name": catalogue.author.name,
                "url": catalogue.author.url,
            }
        offers.append(offer)
    return {
        "@context": SCHEMA_ORG,
        "@type": "OfferCatalog",
        "name": "Purchase options",
        "itemListElement": offers,
    }


def dumps(data: dict[str, Any]) -> str:
    return json.dumps(data, indent=2, ensure_ascii=False)


def script_json(data: dict[str, Any]) -> str:
    """JSON safe inside an HTML ``<script>``: no ``</`` can close it early."""
    return (
        json.dumps(data, ensure_ascii=False, separators=(",", ":"))
        .replace("<", "\\u003c")
        .replace(">", "\\u003e")
        .replace("&", "\\u0026")
    )
