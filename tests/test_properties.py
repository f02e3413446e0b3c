"""Property: every catalogue the schema accepts builds without a warning, and the table
read back from the HTML equals the catalogue's values.

A generated catalogue has no reviewed page to compare with, so the cells it should show
are worked out here by the formatting rules, written out for this test alone."""

from __future__ import annotations

import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import build_page, text_of
from snapshots import mailto
from sphinx_offerings.load import load_text
from sphinx_offerings.validate import validate

WEEKDAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"]
ZONES = {
    "America/Toronto": "Eastern Time Zone",
    "Europe/Paris": "Central European Time Zone",
    "America/Los_Angeles": "Pacific Time Zone",
}
SYMBOLS = {"CAD": "$", "USD": "$", "EUR": "€", "GBP": "£"}
NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]

texts = st.text(
    st.characters(codec="utf-8", categories=["L", "N", "P", "S", "Zs"]), min_size=1, max_size=30
).filter(lambda s: s.strip() != "")
amounts = st.one_of(
    st.integers(0, 99_999).map(Decimal),
    st.integers(0, 9_999_999).map(lambda cents: Decimal(cents) / 100),
)


@st.composite
def hours(draw: st.DrawFn) -> dict[str, Any]:
    start = draw(st.integers(0, 23 * 60 - 1))
    end = draw(st.integers(start + 1, 23 * 60 + 59))
    days = draw(st.lists(st.sampled_from(WEEKDAYS), min_size=1, max_size=7, unique=True))
    return {
        "days": sorted(days, key=WEEKDAYS.index),
        "start": f"{start // 60:02d}:{start % 60:02d}",
        "end": f"{end // 60:02d}:{end % 60:02d}",
        "time_zone": draw(st.sampled_from(sorted(ZONES))),
        "public_holidays": draw(st.sampled_from(["excluded", "included"])),
    }


@st.composite
def catalogues(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 6))
    currency = draw(st.sampled_from(sorted(SYMBOLS)))
    offerings = []
    in_currency: list[int] = []  # the offerings priced in the catalogue's currency
    for index in range(count):
        follows = draw(st.booleans())
        if in_currency and follows:
            # a price follows one in its own currency: the catalogue's, as it names none
            price: Any = {"same_as": f"o{draw(st.sampled_from(in_currency))}"}
            times = draw(st.sampled_from([None, 1, 2, 3]))
            if times:
                price["times"] = times
        elif draw(st.booleans()):
            price = {"amount": draw(amounts), "currency": draw(st.sampled_from(sorted(SYMBOLS)))}
        else:
            price = draw(amounts)
        if not isinstance(price, dict) or price.get("currency", currency) == currency:
            in_currency.append(index)
        offerings.append(
            {
                "id": f"o{index}",
                "group": "all",
                "name": draw(texts),
                "price": price,
                "incidents": draw(st.integers(1, 12)),
                "purchase": {"channel": "contact", "contact": "support"},
                "service_level": "level",
                "submit": {"contact": "support", "label": draw(texts)},
            }
        )
    return {
        "currency": currency,
        "contacts": {"support": {"email": "help@example.com", "label": draw(texts)}},
        "hours": {"main": draw(hours())},
        "service_levels": {"level": {"hours": "main"}},
        "offerings": offerings,
    }


def dump(data: dict[str, Any]) -> str:
    def plain(value: Any) -> Any:
        if isinstance(value, Decimal):
            return float(value) if value != value.to_integral_value() else int(value)
        if isinstance(value, dict):
            return {k: plain(v) for k, v in value.items()}
        if isinstance(value, list):
            return [plain(v) for v in value]
        return value

    return yaml.safe_dump(plain(data), allow_unicode=True, sort_keys=False)


def price(data: dict[str, Any], offering_id: str) -> tuple[Decimal, str]:
    """An offering's amount and currency; a price given as another's, times a factor."""
    spec = next(o for o in data["offerings"] if o["id"] == offering_id)["price"]
    if isinstance(spec, dict) and "same_as" in spec:
        amount, currency = price(data, spec["same_as"])
        return amount * Decimal(str(spec.get("times", 1))), currency
    if isinstance(spec, dict):
        return Decimal(str(spec["amount"])), spec.get("currency", data["currency"])
    return Decimal(str(spec)), data["currency"]


def money(data: dict[str, Any], offering_id: str) -> str:
    amount, currency = price(data, offering_id)
    if not amount:
        return "free"
    figure = f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"
    return f"{SYMBOLS[currency]}{figure} {currency}"


def days(names: list[str]) -> str:
    names = [n.capitalize() for n in names]
    indexes = [WEEKDAYS.index(n.lower()) for n in names]
    if len(names) == 1:
        return names[0]
    if len(names) > 2 and indexes == list(range(indexes[0], indexes[-1] + 1)):
        return f"{names[0]} through {names[-1]}"
    if len(names) == 2:
        return f"{names[0]} and {names[1]}"
    return ", ".join(names[:-1]) + f", and {names[-1]}"


def clock(hhmm: str) -> str:
    hour, minute = (int(part) for part in hhmm.split(":"))
    return f"{(hour - 1) % 12 + 1}:{minute:02d} {'AM' if hour < 12 else 'PM'}"


def hours_text(spec: dict[str, Any]) -> str:
    text = (
        f"{clock(spec['start'])} – {clock(spec['end'])} {ZONES[spec['time_zone']]}, "
        f"{days(spec['days'])}"
    )
    return text + (", excluding public holidays" if spec["public_holidays"] == "excluded" else "")


def fold(text: str) -> str:
    return " ".join(text.split())


@settings(
    max_examples=20,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(catalogues())
def test_accepted_catalogues_build_and_read_back(data: dict[str, Any]) -> None:
    text = dump(data)
    assert validate([load_text(text, "generated.yaml")])[0] == []
    raw = yaml.safe_load(text)
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        (work / "catalogue.yaml").write_text(text, "utf-8")
        page = "Offerings\n=========\n\n.. offerings:table::\n"
        built, _page = build_page(work, page, (work / "catalogue.yaml",))
        assert built.status == 0, built.warnings
        assert built.warnings == ""
        soup = BeautifulSoup((built.out / "index.html").read_text("utf-8"), "html.parser")
    rows = soup.select("table.offerings-table tbody tr")
    assert len(rows) == len(raw["offerings"])
    for row, item in zip(rows, raw["offerings"], strict=True):
        count = item["incidents"]
        unit = "incident" if count == 1 else "incidents"
        number = NUMBERS[count] if count < len(NUMBERS) else str(count)
        assert [text_of(td) for td in row.select("td")] == [
            fold(item["name"]),
            f"{money(raw, item['id'])} for {number} {unit}",
            "Contact us for purchase link",
            hours_text(raw["hours"]["main"]),
            fold(item["submit"]["label"]),
        ]
        assert mailto(row.select_one("a") or BeautifulSoup())[0] == "help@example.com"
