"""Validation: the JSON Schema first, then what a schema cannot say; then the model.

Every error is collected and located, so one run reports them all.
"""

from __future__ import annotations

import datetime
import json
import re
import zoneinfo
from collections.abc import Iterator, Mapping, Sequence
from contextlib import AbstractContextManager, suppress
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from .currencies import decimals as currency_decimals
from .errors import CatalogueError, CatalogueInvalid, Location
from .load import DataPath, Document, load_file
from .schema_check import Check, Undecided, compile_schema, is_number

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.exceptions import ValidationError

    from .model import Catalogue

SCHEMA_FILE = Path(__file__).resolve().parent / "schema" / "offerings.schema.json"

# A plain address: no display name, no query, no white space, nothing a mail
# client would read as a second header.
_EMAIL = re.compile(r"[A-Za-z0-9.!#$%'*+/=^_`{|}~-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+")


@cache
def schema() -> dict[str, Any]:
    """The catalogue's JSON Schema, as shipped in the package."""
    loaded: dict[str, Any] = json.loads(SCHEMA_FILE.read_text("utf-8"))
    return loaded


@cache
def _valid() -> Check | None:
    """Whether data is valid against the schema, fast (see `schema_check`)."""
    return compile_schema(schema())


@cache
def _validator() -> jsonschema.protocols.Validator:
    """The schema's validator, which explains each error (imported only for errors)."""
    import jsonschema

    base = jsonschema.Draft202012Validator
    checker = base.TYPE_CHECKER.redefine("number", lambda _checker, value: is_number(value))
    cls = jsonschema.validators.extend(base, type_checker=checker)  # type: ignore[no-untyped-call]
    return cls(schema())  # type: ignore[no-any-return]


def _describe(value: Any) -> str:
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return repr(value) if isinstance(value, str) else str(value)


def _did_you_mean(word: str, choices: list[str]) -> str:
    import difflib  # for messages only

    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


_MISMATCH = frozenset({"type", "const", "enum", "oneOf", "anyOf"})


def _meant(error: ValidationError) -> list[ValidationError]:
    """The errors to report for one schema error.

    For a value that fits none of several forms (a price may be an amount, an object,
    a reference, a list or on-request), the form its type shows the author meant: the
    errors of that branch, looked into in turn. When no branch takes its type, the
    error itself, reported as "not one of the forms".
    """
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    by_branch: dict[object, list[ValidationError]] = {}
    for sub in error.context:
        by_branch.setdefault(sub.relative_schema_path[0], []).append(sub)
    meant = [
        errors
        for errors in by_branch.values()
        if not any(not e.path and e.validator in _MISMATCH for e in errors)
    ]
    if len(meant) > 1:  # of two mappings, the one whose required keys are there
        meant = [m for m in meant if not any(not e.path and e.validator == "required" for e in m)]
    if len(meant) != 1:
        return [error]
    return [found for sub in meant[0] for found in _meant(sub)]


def _forms(error: ValidationError) -> str:
    schema = error.schema if isinstance(error.schema, dict) else {}
    described = str(schema.get("description", "")).rstrip(".")
    return f"it must be one of: {_lower_first(described)}" if described else error.message


def _schema_errors(document: Document) -> Iterator[CatalogueError]:
    valid = _valid()
    with suppress(Undecided):
        if valid is not None and valid(document.data):
            return
    for raw in _validator().iter_errors(document.data):
        for error in _meant(raw):
            yield from _located(document, error)


def _located(document: Document, error: ValidationError) -> Iterator[CatalogueError]:
    where: DataPath = tuple(error.absolute_path)
    value = error.instance
    schema_part: Mapping[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    name = _name(document, where)
    if error.validator == "additionalProperties" and isinstance(value, dict):
        known = sorted(schema_part.get("properties", {}))
        for key in sorted(set(value) - set(known)) if known else ():
            yield CatalogueError(
                document.locate_key((*where, key)),
                f"unknown key {key!r}{_did_you_mean(key, known)}; "
                f"expected one of: {', '.join(known)}",
            )
        if not known:
            yield CatalogueError(document.locate(where), error.message)
    elif error.validator == "required":
        missing = re.findall(r"'([^']+)' is a required property", error.message)
        key = missing[0] if missing else error.message
        yield CatalogueError(document.locate(where), f"{name}: the required key {key!r} is missing")
    elif error.validator in ("type", "minLength") or (
        error.validator == "pattern" and error.validator_value == r"\S"
    ):
        if value is None or value == "" or (isinstance(value, str) and not value.strip()):
            yield CatalogueError(document.locate(where), f"{name}: the value is empty")
        else:
            wanted = error.validator_value
            yield CatalogueError(
                document.locate(where),
                f"{name}: {_describe(value)} is not {_article(wanted)}",
            )
    elif error.validator == "enum":
        choices = [str(c) for c in cast("list[object]", error.validator_value)]
        yield CatalogueError(
            document.locate(where),
            f"{name}: {_describe(value)} is not one of: {', '.join(choices)}"
            f"{_did_you_mean(str(value), choices)}",
        )
    elif error.validator == "pattern":
        description = schema_part.get("description", f"of the form {error.validator_value}")
        yield CatalogueError(
            document.locate(where),
            f"{name}: {_describe(value)} is not {_lower_first(description.rstrip('.'))}",
        )
    elif error.validator in ("minimum", "exclusiveMinimum"):
        yield CatalogueError(
            document.locate(where),
            f"{name}: {_describe(value)} is too small; it must be "
            f"{'at least' if error.validator == 'minimum' else 'more than'} "
            f"{error.validator_value}",
        )
    elif error.validator in ("oneOf", "anyOf") and "unit" not in schema_part.get("properties", {}):
        yield CatalogueError(
            document.locate(where), f"{name}: {_describe(value)} is not valid; {_forms(error)}"
        )
    elif error.validator in ("oneOf", "not") and "unit" in schema_part.get("properties", {}):
        yield CatalogueError(
            document.locate(where),
            f"{name}: give either 'value', or both 'min' and 'max'",
        )
    elif error.validator == "propertyNames":
        yield CatalogueError(document.locate(where), f"{name}: {error.message}")
    else:
        yield CatalogueError(document.locate(where), f"{name}: {error.message}")


def _name(document: Document, where: DataPath) -> str:
    """How a message names a value: its key, or the list item it is."""
    if not where:
        return "the catalogue"
    if isinstance(where[-1], str):
        return where[-1]
    item: Any = document.data
    for step in where:
        item = item[step]
    label = item.get("id") if isinstance(item, dict) else None
    parent = str(where[-2]) if len(where) > 1 else "list"
    return f"{parent} item {where[-1] + 1}" + (f" ({label!r})" if isinstance(label, str) else "")


def _article(kind: object) -> str:
    names = {
        "string": "text",
        "object": "a mapping",
        "array": "a list",
        "integer": "a whole number",
        "number": "a number",
        "boolean": "true or false",
    }
    return names.get(str(kind), str(kind))


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]


@cache
def _currencies() -> frozenset[str]:
    return frozenset(currency_decimals())


@cache
def _time_zones() -> frozenset[str]:
    return frozenset(zoneinfo.available_timezones())


def _is_time_zone(name: str) -> bool:
    # Loading the one zone is quick; listing them all reads every file of the zone tree.
    try:
        zoneinfo.ZoneInfo(name)
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        return name in _time_zones()
    return True


def _clock(text: str) -> datetime.time:
    hour, minute = text.split(":")
    return datetime.time(int(hour), int(minute))


class _Checker:
    """The checks a schema cannot express, on data the schema accepted."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.data: dict[str, Any] = document.data
        self.errors: list[CatalogueError] = []

    def fail(self, where: DataPath, message: str) -> None:
        self.errors.append(CatalogueError(self.document.locate(where), message))

    def refer(self, where: DataPath, table: str, what: str) -> None:
        target = self._get(where)
        known = sorted(self.data.get(table, {}))
        if target not in known:
            self.fail(
                where,
                f"{where[-1]}: no {what} is called {target!r}{_did_you_mean(str(target), known)}; "
                f"known: {', '.join(known) or 'none'}",
            )

    def _get(self, where: DataPath) -> Any:
        value: Any = self.data
        for step in where:
            value = value[step]
        return value

    def run(self) -> list[CatalogueError]:
        # The schema has reported what is malformed; check what is well-formed.
        for contact_id, contact in _items(self.data.get("contacts")):
            with _tolerant():
                self.email(("contacts", contact_id, "email"), contact["email"])
        for hours_id, hours in _items(self.data.get("hours")):
            with _tolerant():
                self.hours(("hours", hours_id), hours)
        for level_id, level in _items(self.data.get("service_levels")):
            with _tolerant():
                self.refer(("service_levels", level_id, "hours"), "hours", "hours")
            for key in ("response_time", "delivery_time"):
                with _tolerant():
                    if level[key]["min"] >= level[key]["max"]:
                        self.fail(
                            ("service_levels", level_id, key),
                            f"{key}: min ({level[key]['min']}) must be less than max "
                            f"({level[key]['max']}); for one value write 'value'",
                        )
        with _tolerant():
            self.offerings()
        return self.errors

    def email(self, where: DataPath, address: str) -> None:
        if any(c.isspace() for c in address):
            self.fail(where, f"email: {address!r} contains white space or a line break")
        elif "?" in address or "&" in address:
            self.fail(
                where,
                f"email: {address!r} has a query part; give a plain address such as "
                "support@example.com",
            )
        elif not _EMAIL.fullmatch(address):
            self.fail(
                where,
                f"email: {address!r} is not a plain e-mail address such as support@example.com",
            )

    def hours(self, where: DataPath, hours: dict[str, Any]) -> None:
        zone = hours["time_zone"]
        if not _is_time_zone(zone):
            self.fail(
                (*where, "time_zone"),
                f"time_zone: {zone!r} is not an IANA time-zone name"
                f"{_did_you_mean(zone, sorted(_time_zones()))}",
            )
        if _clock(hours["end"]) <= _clock(hours["start"]):
            self.fail(
                (*where, "end"),
                f"end: {hours['end']} is not after start {hours['start']}",
            )

    def offerings(self) -> None:
        items = [o if isinstance(o, dict) else {} for o in self.data["offerings"]]
        seen: dict[str, int] = {}
        for index, offering in enumerate(items):
            where: DataPath = ("offerings", index)
            offering_id = offering.get("id")
            if not isinstance(offering_id, str):
                continue
            if offering_id in seen:
                first = self.document.locate(("offerings", seen[offering_id], "id"))
                place = f"at line {first.line}"
                if first.path != self.document.locate((*where, "id")).path:
                    place = f"in {first.path} {place}"
                self.fail(
                    (*where, "id"),
                    f"id: {offering_id!r} is already used {place}: ids must be unique",
                )
            else:
                seen[offering_id] = index
        for index, offering in enumerate(items):
            where = ("offerings", index)
            with _tolerant():
                self.price((*where, "price"), offering["price"])
            with _tolerant():
                if offering["purchase"]["channel"] != "checkout":
                    self.refer((*where, "purchase", "contact"), "contacts", "contact")
            with _tolerant():
                self.refer((*where, "submit", "contact"), "contacts", "contact")
            with _tolerant():
                self.refer((*where, "service_level"), "service_levels", "service level")
            with _tolerant():
                target = offering["price"]["same_as"]
                if target not in seen:
                    self.fail(
                        (*where, "price", "same_as"),
                        f"same_as: no offering is called {target!r}"
                        f"{_did_you_mean(str(target), sorted(seen))}",
                    )
        self.cycles(items, seen)

    def currency(self, where: DataPath, currency: str) -> bool:
        if currency in _currencies():
            return True
        self.fail(
            where,
            f"currency: {currency!r} is not an ISO 4217 currency code"
            f"{_did_you_mean(currency, sorted(_currencies()))}",
        )
        return False

    def price(self, where: DataPath, price: Any) -> None:
        if isinstance(price, list):
            for index, option in enumerate(price):
                with _tolerant():
                    self.money((*where, index), option)
        elif isinstance(price, dict) and "amount" in price:
            self.money(where, price)
        elif isinstance(price, (int, Decimal)) and not isinstance(price, bool):
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
        # A currency inherited from the top of its file was checked there. (Where not
        # every value is located, every currency is checked: an error only sends the
        # catalogue to be checked again with locations, see `read_catalogue`.)
        if self.document.depth is not None or (*where, "currency") in self.document.locations:
            if not self.currency((*where, "currency"), currency):
                return
        elif currency not in _currencies():
            return
        self.decimals((*where, "amount"), price["amount"], currency)
        self.discount(where, price, currency)
        previous: datetime.date | None = None
        for index, entry in enumerate(price.get("schedule", [])):
            at: DataPath = (*where, "schedule", index)
            self.decimals((*at, "amount"), entry["amount"], currency)
            self.discount(at, entry, currency)
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

    def decimals(self, where: DataPath, amount: Decimal | int, currency: str) -> None:
        digits = currency_decimals()[currency]
        exponent = Decimal(amount).as_tuple().exponent
        if isinstance(exponent, int) and -exponent > digits:
            self.fail(
                where, f"{where[-1]}: {amount} has {-exponent} decimals; {currency} has {digits}"
            )

    def discount(self, where: DataPath, price: dict[str, Any], currency: str) -> None:
        if "original" not in price:
            return
        self.decimals((*where, "original"), price["original"], currency)
        if price["original"] <= price["amount"]:
            self.fail(
                (*where, "original"),
                f"original: {price['original']} is not more than the amount {price['amount']}; "
                "the original is the price before the discount",
            )

    def cycles(self, items: list[dict[str, Any]], index_of: dict[str, int]) -> None:
        def target(offering_id: str) -> Any:
            price = items[index_of[offering_id]].get("price")
            return price.get("same_as") if isinstance(price, dict) else None

        reported: set[str] = set()
        for start, index in index_of.items():
            chain = [start]
            current = target(start)
            while current in index_of and current not in chain:
                chain.append(current)
                current = target(current)
            if current == start and start not in reported:
                reported.update(chain)
                self.fail(
                    ("offerings", index, "price", "same_as"),
                    "same_as: the prices refer to each other in a loop: "
                    f"{' -> '.join([*chain, start])}; give one of them an amount",
                )


def _items(mapping: object) -> list[tuple[str, Any]]:
    return list(mapping.items()) if isinstance(mapping, dict) else []


def _tolerant() -> AbstractContextManager[None]:
    """Skip a check whose data the schema already reported as malformed."""
    return suppress(KeyError, TypeError, AttributeError, ValueError, IndexError)


SECTIONS = ("contacts", "hours", "service_levels")
#: A valid catalogue needs only the files of its offerings, contacts and hours (at this
#: depth) located; the location of every value is found again for errors only.
LOCATED_DEPTH = 2


def _with_currency(item: Any, currency: Any) -> Any:
    """An offering whose prices name their currency: the top of its own file's, if unnamed."""
    if not isinstance(item, dict) or not isinstance(currency, str):
        return item
    price = item.get("price")

    def named(option: Any) -> Any:
        if isinstance(option, dict) and "amount" in option and "currency" not in option:
            return {**option, "currency": currency}
        return option

    if isinstance(price, (int, Decimal)) and not isinstance(price, bool):
        price = {"amount": price, "currency": currency}
    elif isinstance(price, list):
        price = [named(option) for option in price]
    else:
        price = named(price)
    return {**item, "price": price}


def merge(documents: list[Document]) -> tuple[Document, list[CatalogueError]]:
    """One catalogue from several files; an id defined twice is an error at the second."""
    data: dict[str, Any] = {section: {} for section in SECTIONS}
    data["offerings"] = []
    depths = [d.depth for d in documents if d.depth is not None]
    merged = Document(", ".join(d.path for d in documents), data, depth=min(depths, default=None))
    errors: list[CatalogueError] = []
    for document in documents:
        source = document.data if isinstance(document.data, dict) else {}
        merged.locations.setdefault((), document.locate(()))
        moved: dict[DataPath, DataPath] = {}
        for section in SECTIONS:
            for key, value in _items(source.get(section)):
                if key in data[section]:
                    errors.append(
                        CatalogueError(
                            document.locate_key((section, key)),
                            f"{section}: {key!r} is already defined in "
                            f"{merged.locate_key((section, key))}: ids must be unique",
                        )
                    )
                    continue
                data[section][key] = value
                moved[(section, key)] = (section, key)
        if "author" in source:
            if "author" in data:
                errors.append(
                    CatalogueError(
                        document.locate_key(("author",)),
                        f"author: already set in {merged.locate_key(('author',))}; set it once",
                    )
                )
            else:
                data["author"] = source["author"]
                moved[("author",)] = ("author",)
        offerings = source.get("offerings")
        for index, item in enumerate(offerings if isinstance(offerings, list) else []):
            moved[("offerings", index)] = ("offerings", len(data["offerings"]))
            data["offerings"].append(_with_currency(item, source.get("currency")))
        for table, target in (
            (document.locations, merged.locations),
            (document.key_locations, merged.key_locations),
        ):
            for path, location in table.items():
                for prefix in ((*path[:2],), (*path[:1],)):
                    if prefix in moved:
                        target[(*moved[prefix], *path[len(prefix) :])] = location
                        break
        if document.locate(("offerings",)) != document.locate(()):
            merged.locations.setdefault(("offerings",), document.locate(("offerings",)))
    if documents and not data["offerings"]:
        errors.append(
            CatalogueError(
                documents[0].locate(()),
                "no offering: add a list 'offerings' to the catalogue",
            )
        )
    return merged, errors


def check_documents(documents: list[Document]) -> list[CatalogueError]:
    """Every error in loaded catalogue files, in file order."""
    return _checked(documents)[0]


def _checked(documents: list[Document]) -> tuple[list[CatalogueError], Document | None]:
    """Every error, and the files merged (None when none is a mapping)."""
    errors: set[CatalogueError] = set()
    merged = None
    usable = []
    for document in documents:
        if not isinstance(document.data, dict):
            errors.add(
                CatalogueError(
                    Location(document.path, 1, 1),
                    f"the catalogue is {_describe(document.data)}; its top level must be a "
                    "mapping with 'contacts' and 'offerings'",
                )
            )
            continue
        usable.append(document)
        errors.update(_schema_errors(document))
        currency = document.data.get("currency")
        if isinstance(currency, str) and currency not in _currencies():
            errors.add(
                CatalogueError(
                    document.locate(("currency",)),
                    f"currency: {currency!r} is not an ISO 4217 currency code"
                    f"{_did_you_mean(currency, sorted(_currencies()))}",
                )
            )
    if usable:
        merged, clashes = merge(usable)
        errors.update(clashes)
        reported = {e.location for e in errors}
        errors.update(e for e in _Checker(merged).run() if e.location not in reported)
    return sorted(errors, key=lambda e: (e.location, e.message)), merged


def check(document: Document) -> list[CatalogueError]:
    """Every error in one loaded catalogue file."""
    return check_documents([document])


def catalogue_from(
    documents: Document | list[Document], on: datetime.date | None = None
) -> Catalogue:
    """The model of loaded catalogue files, with the prices in force on ``on`` (today).

    Raises `CatalogueInvalid` with every error.
    """
    from .resolve import derived_price_errors, resolve

    documents = documents if isinstance(documents, list) else [documents]
    errors, merged = _checked(documents)
    if errors or merged is None:
        raise CatalogueInvalid(errors)
    catalogue = resolve(merged, on or datetime.date.today())
    errors = derived_price_errors(merged, catalogue)
    if errors:
        raise CatalogueInvalid(errors)
    return catalogue


def read_catalogue(
    paths: str | Path | Sequence[str | Path], on: datetime.date | None = None
) -> Catalogue:
    """Load, validate and model one catalogue file or several used together."""
    if isinstance(paths, (str, Path)):
        paths = [paths]
    try:
        return catalogue_from(_load_all(paths), on)
    except CatalogueInvalid:
        # To say where each error is, check again with every value located.
        return catalogue_from([load_file(path) for path in paths], on)


def validate_files(paths: Sequence[str | Path]) -> int:
    """Check catalogue files used together, as `read_catalogue` does, and return how
    many offerings they hold; raise `CatalogueInvalid` with every error.

    The model is built only when a price is another's times a fraction, the one check
    that needs prices resolved: `offerings validate` starts in a fraction of the time.
    """
    errors, merged = _checked(_load_all(paths))
    if errors or merged is None or any(map(_scaled_by_fraction, merged.data["offerings"])):
        from .resolve import catalogue_date

        return len(read_catalogue(paths, catalogue_date()).offerings)
    return len(merged.data["offerings"])


def _load_all(paths: Sequence[str | Path]) -> list[Document]:
    """The files loaded with their top-level entries located (see `LOCATED_DEPTH`)."""
    documents, errors = [], []
    for path in paths:
        try:
            documents.append(load_file(path, depth=LOCATED_DEPTH))
        except CatalogueInvalid as invalid:
            errors.extend(invalid.errors)
    if errors:
        raise CatalogueInvalid(errors)
    return documents


def _scaled_by_fraction(offering: dict[str, Any]) -> bool:
    """Whether a valid offering's price is another's times a fraction: only then can
    it have fractions of a cent (a whole factor keeps an amount's decimals)."""
    price = offering.get("price")
    times = price.get("times", 1) if isinstance(price, dict) else 1
    return bool(Decimal(times) != Decimal(times).to_integral_value())
