"""What the page should say, worked out from the raw YAML by rules written here by hand.

Nothing here imports the extension: these are the test's own, independent readings.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import yaml
from bs4 import Tag

SYMBOLS = {"CAD": "$", "USD": "$", "EUR": "€", "GBP": "£"}
WORDS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six", 7: "seven"}
ZONES = {"America/Toronto": "Eastern Time Zone", "Europe/Paris": "Central European Time Zone"}


def raw(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


def offering(data: dict[str, Any], offering_id: str) -> dict[str, Any]:
    return next(o for o in data["offerings"] if o["id"] == offering_id)


def price(data: dict[str, Any], offering_id: str) -> tuple[Decimal, str]:
    spec = offering(data, offering_id)["price"]
    if isinstance(spec, dict) and "same_as" in spec:
        amount, currency = price(data, spec["same_as"])
        return amount * Decimal(str(spec.get("times", 1))), currency
    if isinstance(spec, dict):
        return Decimal(str(spec["amount"])), spec.get("currency") or data["currency"]
    return Decimal(str(spec)), data["currency"]


def money(data: dict[str, Any], offering_id: str) -> str:
    amount, currency = price(data, offering_id)
    figure = f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"
    return f"{SYMBOLS[currency]}{figure} {currency}"


def clock(hhmm: str) -> str:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def hours(data: dict[str, Any], hours_id: str) -> str:
    spec = data["hours"][hours_id]
    days = [d.capitalize() for d in spec["days"]]
    text = (
        f"{clock(spec['start'])} – {clock(spec['end'])} {ZONES[spec['time_zone']]}, "
        f"{days[0]} through {days[-1]}"
    )
    if spec.get("public_holidays", "excluded") == "excluded":
        text += ", excluding public holidays"
    return text


def duration(spec: dict[str, Any]) -> str:
    unit = spec["unit"].replace("-", " ")
    if "value" in spec:
        return f"{spec['value']} {unit if spec['value'] != 1 else unit.rstrip('s')}"
    return f"{spec['min']} to {spec['max']} {unit}"


def level(data: dict[str, Any], offering_id: str) -> dict[str, Any]:
    level: dict[str, Any] = data["service_levels"][offering(data, offering_id)["service_level"]]
    return level


def mailto(link: Tag) -> tuple[str, str]:
    """The decoded address and subject of a mailto link."""
    href = str(link["href"])
    assert href.startswith("mailto:"), href
    parts = urlsplit(href)
    subject = parse_qs(parts.query).get("subject", [""])[0]
    return unquote(parts.path), subject
