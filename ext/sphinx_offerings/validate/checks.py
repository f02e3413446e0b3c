"""The checks a schema cannot make: references, currencies and their decimals, e-mail
addresses, time zones, clock times and dates, ids used twice, loops of prices."""

from __future__ import annotations

import datetime
import importlib.util
import re
import zoneinfo
from collections.abc import Callable
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from ..currencies import decimals as currency_decimals
from ..errors import CatalogueError
from ..load import DataPath, Document
from ..model import EXACT, UNITS
from ..schema_check import is_number
from .explain import did_you_mean, resolved, schema, value_name

#: A plain address, nothing a mail client would read as a second header: dot-separated
#: words before the @ (no dot at either end, none doubled), a host name of two labels or
#: more after it, none beginning or ending in "-".
_ATOM = r"[A-Za-z0-9!#$%'*+/=^_`{|}~-]+"
_LABEL = r"[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?"
_EMAIL = re.compile(rf"{_ATOM}(?:\.{_ATOM})*@{_LABEL}(?:\.{_LABEL})+")
ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")  # as the schema's id

#: How many offerings a price may follow (`same_as`) to reach one with an amount.
MAX_CHAIN = 100
#: The significant digits of a factor (`times`): 0.333333 has six. So bounded, a price
#: times the factors of a chain has a few thousand digits at most, not millions.
MAX_FACTOR_DIGITS = 12
#: The decimals of a percent off: 12.5 is a discount, 33.3333 a ratio.
MAX_PERCENT_DECIMALS = 2
#: Zone files the zone tree holds that name no IANA time zone: a page that used one
#: would read "Unknown Region (localtime) Time Zone".
_NOT_ZONES = frozenset({"localtime", "posixrules", "Factory"})
_NOT_A_REFERENCE, _NO_TARGET = -1, -2


@cache
def _time_zones() -> frozenset[str]:
    """The IANA time-zone names (and their links, US/Eastern): those the tzdata
    package lists, else those of the zone tree (read file by file, a tenth of a second)."""
    spec = importlib.util.find_spec("tzdata")
    try:
        assert spec is not None and spec.origin is not None
        listed = (Path(spec.origin).parent / "zones").read_text("utf-8").split()
    except (AssertionError, OSError):
        listed = sorted(zoneinfo.available_timezones())
    return frozenset(name for name in listed if name not in _NOT_ZONES)


@cache
def _zone_names() -> list[str]:
    return sorted(_time_zones())


@cache
def _zones_by_place() -> dict[str, str]:
    """Each zone by its place, the last part of its name (paris: Europe/Paris)."""
    return {name.rpartition("/")[2].casefold(): name for name in reversed(_zone_names())}


@cache
def _zone_hint(zone: str) -> str:
    """What to write instead of a name that is not a zone's: the name without its spaces,
    a near miss of the name or of its place (Eruope/Paris), never another offset."""
    if zone.strip() in _time_zones():
        return f" (did you mean {zone.strip()!r}, without the spaces?)"
    if any(character.isdigit() for character in zone):  # UTC+1, GMT-5, Etc/GMT+1
        return ": name the zone of the place (Europe/Paris, America/Toronto), not an offset"
    if close := did_you_mean(zone, _zone_names()):
        return close
    import difflib  # for messages only

    places = _zones_by_place()
    found = difflib.get_close_matches(zone.rpartition("/")[2].casefold(), list(places), n=1)
    return f" (did you mean {places[found[0]]!r}?)" if found else ""


def check_currency(document: Document) -> list[CatalogueError]:
    """The error of the currency a file sets at its top, if any."""
    checker = Checker(document)
    if isinstance(currency := checker.data.get("currency"), str):
        checker.currency(("currency",), currency)
    return checker.errors


class Checker:
    """The checks of files merged; each error goes to ``report`` (which may raise to
    stop the checks), or by default to `errors`."""

    def __init__(
        self, document: Document, report: Callable[[CatalogueError], None] | None = None
    ) -> None:
        self.document = document
        self.data: dict[str, Any] = document.data
        self.errors: list[CatalogueError] = []
        self.report = report or self.errors.append
        self.known: dict[str, list[str]] = {}  # the ids of a table, sorted, by table

    def fail(self, where: DataPath, message: str, *, key: bool = False) -> None:
        """An error at a value, or (``key``) at the key that names it."""
        locate = self.document.locate_key if key else self.document.locate
        self.report(CatalogueError(locate(where), message))

    def ids(self, table: str) -> list[str]:
        """The ids a table declares, sorted (worked out once)."""
        if table not in self.known:
            self.known[table] = sorted(_mapping(self.data.get(table)))
        return self.known[table]

    def attempt(self, check: Callable[..., None], *args: Any, **options: Any) -> None:
        """Run a check, skipped where the schema already reported its data as malformed
        (an amount written as text makes Decimal raise an ArithmeticError)."""
        # (try, not contextlib.suppress: this runs ten times an offering)
        try:
            check(*args, **options)
        except (KeyError, TypeError, AttributeError, ValueError, IndexError, ArithmeticError):
            return

    def refer(self, where: DataPath, table: str, what: str, *, key: bool = False) -> None:
        """The id at ``where`` (with ``key``, the key that names it) is declared in ``table``."""
        target = where[-1] if key else self.document.value(where)
        if target not in _mapping(self.data.get(table)):
            name = value_name(self.document, where[:-1] if key else where)
            self.fail(where, _undeclared(name, what, target, table, self.ids(table)), key=key)

    def run(self) -> list[CatalogueError]:
        """The errors in files merged, where the schema accepted their data."""
        # The schema has reported what is malformed; check what is well-formed.
        for contact_id in _mapping(self.data.get("contacts")):
            self.attempt(self.email, ("contacts", contact_id, "email"))
        for hours_id in _mapping(self.data.get("hours")):
            self.attempt(self.hours, ("hours", hours_id))
        for level_id, spec in _mapping(self.data.get("service_levels")).items():
            level: DataPath = ("service_levels", level_id)
            if "hours" in _mapping(spec):
                self.attempt(self.refer, (*level, "hours"), "hours", "hours")
            for key in ("response_time", "delivery_time"):
                if key in _mapping(spec):
                    self.attempt(self.duration_range, (*level, key))
            for time_id in _mapping(_mapping(spec).get("times")):
                self.attempt(self.duration_range, (*level, "times", time_id))
        self.attempt(self.offerings)
        return self.errors

    def unit(self, where: DataPath) -> None:
        """A unit is built in or declared under ``units``."""
        unit = self.document.value(where)
        if unit not in UNITS and unit not in _mapping(self.data.get("units")):
            if "units:" not in self.known:
                self.known["units:"] = sorted({*UNITS, *self.ids("units")})
            name = value_name(self.document, where)
            self.fail(where, _undeclared(name, "unit", unit, "units", self.known["units:"]))

    def units(self, where: DataPath) -> None:
        per = self.document.value(where)
        for index in range(len(per)) if isinstance(per, list) else [None]:
            self.unit(where if index is None else (*where, index))

    def term(self, where: DataPath) -> None:
        term = self.document.value(where)
        lengths = ("years", "months", "weeks", "days")
        given = [k for k in lengths if k in term]
        if len(given) > 1:
            self.fail(
                where,
                "term: give one of years, months, weeks or days, not "
                f"{' and '.join(given)} together (a year and a half: {{months: 18}})",
            )
        elif not given and set(term) <= {*lengths, "from"}:  # else the schema names the key
            self.fail(where, "term: say how long: give one of years, months, weeks or days")

    def duration_range(self, where: DataPath) -> None:
        span = self.document.value(where)
        if "value" in span and "range" in span:
            message = "range: says how a range from min to max reads; one value has none"
            self.fail((*where, "range"), f"{message}: remove it")
        if span["min"] >= span["max"]:
            self.fail(
                where,
                f"{where[-1]}: min ({span['min']}) must be less than max ({span['max']}); "
                "for one value write 'value'",
            )

    def email(self, where: DataPath) -> None:
        address = self.document.value(where)
        if any(c.isspace() for c in address):
            problem = "contains white space or a line break"
        elif "?" in address or "&" in address:
            problem = "has a query part; give a plain address such as support@example.com"
        elif not _EMAIL.fullmatch(address):
            problem = "is not a plain e-mail address such as support@example.com"
        else:
            return
        self.fail(where, f"email: {address!r} {problem}")

    def hours(self, where: DataPath) -> None:
        hours = self.document.value(where)
        zone = hours["time_zone"]
        if zone not in _time_zones():
            self.fail(
                (*where, "time_zone"),
                f"time_zone: {zone!r} is not an IANA time-zone name{_zone_hint(zone)}",
            )
        if datetime.time.fromisoformat(hours["end"]) <= datetime.time.fromisoformat(hours["start"]):
            self.fail((*where, "end"), f"end: {hours['end']} is not after start {hours['start']}")

    def offerings(self) -> None:
        items = [o if isinstance(o, dict) else {} for o in self.data["offerings"]]
        seen: dict[str, int] = {}
        for index, offering in enumerate(items):
            offering_id = offering.get("id")
            if not isinstance(offering_id, str) or seen.setdefault(offering_id, index) == index:
                continue  # no id, or the first offering of its id
            where: DataPath = ("offerings", index, "id")
            first = self.document.locate(("offerings", seen[offering_id], "id"))
            place = f"at line {first.line}"
            if first.path != self.document.locate(where).path:
                place = f"in {first.path} {place}"
            self.fail(where, f"id: {offering_id!r} is already used {place}: ids must be unique")
        # Each check only where its key is (a missing key is the schema's to report).
        for index, item in enumerate(items):
            at: DataPath = ("offerings", index)
            price = _mapping(item.get("price"))
            if "price" in item:
                self.attempt(self.price, (*at, "price"))
            if "purchase" in item:
                self.attempt(self.purchase, (*at, "purchase"))
            if "contact" in _mapping(item.get("submit")):
                self.attempt(self.refer, (*at, "submit", "contact"), "contacts", "contact")
            if "service_level" in item:
                self.attempt(self.refer, (*at, "service_level"), "service_levels", "service level")
            if "same_as" in price:
                self.attempt(self.same_as, (*at, "price", "same_as"), seen)
                if "per" in price:
                    self.attempt(self.units, (*at, "price", "per"))
            if "term" in item:
                self.attempt(self.term, (*at, "term"))
            for number, bundled in enumerate(_list(item.get("includes"))):
                if "response_time" in _mapping(_mapping(bundled).get("support")):
                    where = (*at, "includes", number, "support", "response_time")
                    self.attempt(self.duration_range, where)
            for key, allowance in _mapping(item.get("allowances")).items():
                for counted in ("unit", "per"):
                    if counted in _mapping(allowance):
                        self.attempt(self.unit, (*at, "allowances", key, counted))
            for key in _mapping(item.get("features")):
                self.attempt(self.refer, (*at, "features", key), "features", "feature", key=True)
        self.references(items, seen)

    def purchase(self, where: DataPath) -> None:
        """A checkout is bought at its url; the other channels, by writing to a contact."""
        channel, spec = self.document.value((*where, "channel")), self.document.value(where)
        if channel == "checkout":
            if "contact" in spec:
                message = "contact: a checkout is bought at its url, with no contact: remove it"
                self.fail((*where, "contact"), message)
            return
        if "url" in spec:
            self.fail(
                (*where, "url"),
                f"url: a purchase by {channel} is made by writing to its contact, at no url: "
                "remove it, or make the channel checkout",
            )
        self.refer((*where, "contact"), "contacts", "contact")

    def same_as(self, where: DataPath, seen: dict[str, int]) -> None:
        target = self.document.value(where)
        if target not in seen:
            if "offerings:" not in self.known:  # of the ids that are ids: none to fix first
                self.known["offerings:"] = sorted(filter(ID.fullmatch, seen))
            self.fail(
                where,
                f"same_as: no offering is called {target!r}"
                f"{did_you_mean(str(target), self.known['offerings:'])}",
            )

    def currency(self, where: DataPath, currency: str) -> bool:
        if currency in currency_decimals():
            return True
        self.fail(
            where,
            f"currency: {currency!r} is not the ISO 4217 code of a currency in use"
            f"{did_you_mean(currency, _currency_codes())}",
        )
        return False

    def price(self, where: DataPath) -> None:
        price = self.document.value(where)
        if isinstance(price, list):
            for index, option in enumerate(price):
                self.attempt(self.money, (*where, index), option)
        elif isinstance(price, dict) and "amount" in price:
            self.money(where, price)
        elif is_number(price):
            self.money(where, {"amount": price})  # no currency: the file sets none

    def money(self, where: DataPath, price: dict[str, Any]) -> None:
        currency = price.get("currency")
        if currency is None:
            self.fail(
                where,
                "price: no currency: give the price as {amount: ..., currency: ...}, "
                "or set the catalogue's currency at the top (currency: CAD)",
            )
            return
        # A currency inherited from the top of its file was checked there.
        if self.document.written((*where, "currency")):
            if not self.currency((*where, "currency"), currency):
                return
        elif currency not in currency_decimals():
            return
        self.amounts(where, price, currency)
        for key, check in (("per", self.units), ("term", self.term)):
            if key in price:
                self.attempt(check, (*where, key))
        if "approx" in price:
            self.attempt(self.approx, (*where, "approx"), currency)
        for counted in ("quantity", "breaks"):
            if counted in price and "per" not in price:
                self.fail(
                    (*where, counted),
                    f"{counted}: say what is counted: give the price a unit (per: seat)",
                )
        if "breaks" in price:
            self.attempt(self.breaks, (*where, "breaks"), currency)
        for index in range(len(_list(price.get("discounts")))):
            self.attempt(self.percent, (*where, "discounts", index, "percent"))
        previous: datetime.date | None = None
        for index, entry in enumerate(price.get("schedule", [])):
            at: DataPath = (*where, "schedule", index)
            self.amounts(at, entry, currency)
            try:
                effective = datetime.date.fromisoformat(entry["effective"])
            except ValueError:
                self.fail(
                    (*at, "effective"),
                    f"effective: {entry['effective']!r} is not a date (YYYY-MM-DD)",
                )
                continue
            if previous is not None and effective <= previous:
                self.fail(
                    (*at, "effective"),
                    f"effective: {effective} is not after {previous}: "
                    "list scheduled prices in date order",
                )
            previous = effective

    def approx(self, where: DataPath, currency: str) -> None:
        approx = self.document.value(where)
        if approx["currency"] == currency:
            self.fail(
                (*where, "currency"),
                f"currency: the approximate amount is in {currency}, the price's own currency; "
                "give it in another currency, or leave approx out",
            )
        elif self.currency((*where, "currency"), approx["currency"]):
            self.decimals((*where, "amount"), approx["amount"], approx["currency"])

    def percent(self, where: DataPath) -> None:
        percent = self.document.value(where)
        exponent = Decimal(percent).as_tuple().exponent
        if isinstance(exponent, int) and -exponent > MAX_PERCENT_DECIMALS:
            self.fail(
                where,
                f"percent: {percent} has {-exponent} decimals; a percent may have at most "
                f"{MAX_PERCENT_DECIMALS} (12.5 for 12.5% off)",
            )

    def breaks(self, where: DataPath, currency: str) -> None:
        low = 1
        for index, entry in enumerate(self.document.value(where)):
            if entry["min"] <= low:
                self.fail(
                    (*where, index, "min"),
                    f"min: {entry['min']} is not more than 1: the price's amount is for 1 up to "
                    "the first break, which starts at 2 or more"
                    if index == 0
                    else f"min: {entry['min']} is not more than {low}, the min of a break "
                    "before it: list breaks by increasing quantity",
                )
            low = max(low, entry["min"])
            if entry["amount"] != "on-request":
                self.decimals((*where, index, "amount"), entry["amount"], currency)

    def decimals(self, where: DataPath, amount: Decimal | int, currency: str) -> None:
        digits = currency_decimals()[currency]
        exponent = Decimal(amount).as_tuple().exponent
        if isinstance(exponent, int) and -exponent > digits:
            self.fail(
                where, f"{where[-1]}: {amount} has {-exponent} decimals; {currency} has {digits}"
            )

    def amounts(self, where: DataPath, price: dict[str, Any], currency: str) -> None:
        self.decimals((*where, "amount"), price["amount"], currency)
        if "original" not in price:
            return
        self.decimals((*where, "original"), price["original"], currency)
        if price["original"] <= price["amount"]:
            self.fail(
                (*where, "original"),
                f"original: {price['original']} is not more than the amount {price['amount']}; "
                "the original is the price before the discount",
            )

    def references(self, items: list[dict[str, Any]], index_of: dict[str, int]) -> None:
        """Prices that follow others (``same_as``): no loop, at most `MAX_CHAIN` steps to a
        price with an amount, in the currency of the offering's file, and with no more
        decimals than that currency has. Each offering is visited once."""

        def target(index: int) -> int:
            price = items[index].get("price")
            if not isinstance(price, dict) or "same_as" not in price:
                return _NOT_A_REFERENCE
            found = index_of.get(price["same_as"]) if isinstance(price["same_as"], str) else None
            return _NO_TARGET if found is None else found

        targets = [target(index) for index in range(len(items))]
        # Steps to the price with an amount (-1: none, for a loop or a missing offering on
        # the way), that price's offering, and the factor of the prices on the way.
        steps: list[int | None] = [None] * len(items)
        base = [-1] * len(items)
        factor = [Decimal(1)] * len(items)
        for start in range(len(items)):
            path: list[int] = []
            on_path: dict[int, int] = {}
            node = start
            while steps[node] is None and node not in on_path:
                if targets[node] < 0:
                    steps[node] = 0 if targets[node] == _NOT_A_REFERENCE else -1
                    base[node] = node if targets[node] == _NOT_A_REFERENCE else -1
                    break
                on_path[node] = len(path)
                path.append(node)
                node = targets[node]
            if steps[node] is None:  # a loop, from `node` back to it
                loop = path[on_path[node] :]
                self.loop([items[i]["id"] for i in loop], min(loop), loop)
                for index in loop:
                    steps[index] = -1
            for index in reversed(path):
                if steps[index] is None:
                    followed = targets[index]
                    before = steps[followed]
                    steps[index] = -1 if before is None or before < 0 else before + 1
                    base[index] = base[followed]
                    factor[index] = self.attempted_factor(items, index, factor[followed])
        for index, count in enumerate(steps):
            if count == MAX_CHAIN + 1:
                self.too_long(items, targets, base, index)
        followed_bases = {
            base[i] for i, count in enumerate(steps) if count is not None and count > 0
        }
        amounts = {i: self.base_amounts(i) for i in followed_bases}
        for index, count in enumerate(steps):
            if count is not None and count > 0:
                followed = targets[index]
                self.attempt(self.followed, items, index, base[index], followed, amounts)
                self.attempt(self.derived, items[index], index, amounts[base[index]], factor)

    def loop(self, ids: list[str], first: int, loop: list[int]) -> None:
        """A loop of prices, reported at its offering first in the catalogue."""
        at = loop.index(first)
        ids = [*ids[at:], *ids[:at]]
        self.fail(
            ("offerings", first, "price", "same_as"),
            "same_as: the prices refer to each other in a loop: "
            f"{_chain([*ids, ids[0]])}; give one of them an amount",
        )

    def too_long(
        self, items: list[dict[str, Any]], targets: list[int], base: list[int], index: int
    ) -> None:
        chain = [index]
        while chain[-1] != base[index]:
            chain.append(targets[chain[-1]])
        ids = [items[i]["id"] for i in chain]
        self.fail(
            ("offerings", index, "price", "same_as"),
            f"same_as: this price follows {MAX_CHAIN + 1} others to reach one with an amount: "
            f"{_chain(ids)}; at most {MAX_CHAIN} are followed: follow {ids[-1]!r} "
            "directly, or give it an amount",
        )

    def attempted_factor(
        self, items: list[dict[str, Any]], index: int, followed: Decimal
    ) -> Decimal:
        """The factor of a price to the price it reaches: its own times the next one's
        (NaN where a factor on the way is reported)."""
        times = items[index]["price"].get("times", 1)
        if not is_number(times):
            return Decimal("NaN")  # the schema reports it
        digits = len(Decimal(times).as_tuple().digits)
        if digits > MAX_FACTOR_DIGITS:
            self.fail(
                ("offerings", index, "price", "times"),
                f"times: a factor of {digits:,} digits; it may have at most "
                f"{MAX_FACTOR_DIGITS} (0.333333 has six)",
            )
            return Decimal("NaN")
        return followed if followed.is_nan() else EXACT.multiply(Decimal(times), followed)

    def base_amounts(self, index: int) -> list[tuple[Decimal, str]]:
        """Every amount a price with amounts states, with its currency, on any date:
        today's, scheduled, before a discount, of volume breaks."""
        price = self.data["offerings"][index].get("price")
        found = []
        for option in price if isinstance(price, list) else [price]:
            currency = option.get("currency") if isinstance(option, dict) else None
            if not isinstance(currency, str) or currency not in currency_decimals():
                continue  # malformed, reported
            entries = [option, *_list(option.get("schedule")), *_list(option.get("breaks"))]
            for entry in entries:
                for key in ("amount", "original"):
                    value: Any = _mapping(entry).get(key)
                    if is_number(value) and _within(Decimal(value), currency):
                        found.append((Decimal(value), currency))
        return found

    def file_currency(self, index: int) -> Any:
        """The currency the file of an offering sets, if any."""
        sources = self.document.sources or {}
        document = sources.get(("offerings", index), (self.document, ()))[0]
        return _mapping(document.data).get("currency")

    def followed(
        self,
        items: list[dict[str, Any]],
        index: int,
        base: int,
        followed: int,
        amounts: dict[int, list[tuple[Decimal, str]]],
    ) -> None:
        """A price that follows another is in the currency of its file (where the file
        sets one); said where the currency changes, not at each offering after."""
        currency = self.file_currency(index)
        theirs = sorted({code for _amount, code in amounts[base]})
        if not isinstance(currency, str) or not theirs or theirs == [currency]:
            return
        if followed != base and self.file_currency(followed) == currency:
            return  # the offering it follows says so
        named = items[followed]["id"]
        through = "" if followed == base else f" (through {items[base]['id']!r})"
        self.fail(
            ("offerings", index, "price", "same_as"),
            f"same_as: {named!r} is priced in {' and '.join(theirs)}{through}, and this "
            f"offering's file states its prices in {currency}: a price can only follow one "
            f"in its own currency, as none is converted; give it an amount in {currency}",
        )

    def derived(
        self,
        item: dict[str, Any],
        index: int,
        amounts: list[tuple[Decimal, str]],
        factor: list[Decimal],
    ) -> None:
        """A price another's times a factor has no more decimals than its currency, and is
        no larger than a price may be; said at the factor that makes it so."""
        spec = item["price"]
        if "times" not in spec or factor[index].is_nan():
            return
        largest = _largest_amount()
        for amount, currency in amounts:
            derived = EXACT.multiply(amount, factor[index])
            digits = currency_decimals()[currency]
            exponent = EXACT.normalize(derived).as_tuple().exponent
            said = f"times: {spec['times']} x the price of {spec['same_as']!r} is"
            if derived >= largest:
                self.fail(
                    ("offerings", index, "price", "times"),
                    f"{said} {_short(derived)}, more than a price may be (less than "
                    f"{largest:,}); choose a smaller factor",
                )
                return
            if isinstance(exponent, int) and -exponent > digits:
                self.fail(
                    ("offerings", index, "price", "times"),
                    f"{said} {derived}, which has more decimals than {currency} has "
                    f"({digits}); choose a factor that gives a whole number of cents",
                )
                return


def _within(amount: Decimal, currency: str) -> bool:
    """Whether an amount is below the bound and has no more decimals than its currency
    (else it is reported where it is written)."""
    exponent = amount.as_tuple().exponent
    decimals = -exponent if isinstance(exponent, int) else 0
    return amount < _largest_amount() and decimals <= currency_decimals()[currency]


def _short(number: Decimal) -> str:
    """A number as a message gives it: in full, or how many digits it has."""
    written = str(number)
    return (
        written if len(written) <= 40 else f"a number of {len(number.as_tuple().digits):,} digits"
    )


def _chain(ids: list[str]) -> str:
    """ "a -> b -> c", with the middle of a long chain left out."""
    shown = ids if len(ids) <= 8 else [*ids[:4], "...", *ids[-3:]]
    return " -> ".join(shown) + (f" ({len(ids):,} prices)" if len(ids) > 8 else "")


@cache
def _currency_codes() -> list[str]:
    return sorted(currency_decimals())


@cache
def _largest_amount() -> Decimal:
    """The bound the schema sets on amounts, which a price times a factor keeps too."""
    return Decimal(schema()["$defs"]["amount"]["exclusiveMaximum"])


def _mapping(value: object) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _list(value: object) -> list[Any]:
    return value if isinstance(value, list) else []


#: How many ids an error about an undeclared one lists.
_LISTED = 40


def _undeclared(name: str, what: str, target: Any, table: str, known: list[str]) -> str:
    """An id no table declares: the nearest, how to declare it (the entry's required keys,
    from the schema), the ids there are."""
    entry = resolved(schema()["properties"][table].get("additionalProperties", {}))
    keys = ", ".join(f"{key}: ..." for key in entry.get("required", []))
    nearest = did_you_mean(str(target), known)  # among them all, before the list is cut
    if len(known) > _LISTED:
        known = [*known[:_LISTED], f"... ({len(known):,} in all)"]
    return (
        f"{name}: no {what} is called {target!r}{nearest}; "
        f"declare it in the catalogue's {table}"
        + (f" ({target}: {{{keys}}})" if keys else "")
        + (f", or use one of: {', '.join(known)}" if known else "")
    )
