"""The pipeline, one way: load -> validate -> resolve. The only module that runs them all."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CatalogueInvalid
from .load import Document, load_file
from .validate import validate

if TYPE_CHECKING:
    from .model import Catalogue

#: A valid catalogue needs only the files of its offerings, contacts and hours (at this
#: depth) located; the location of every value is found again for errors only.
LOCATED_DEPTH = 2


def read_catalogue(paths: Sequence[str | Path], on: datetime.date) -> Catalogue:
    """The model of catalogue files used together, with the prices in force on ``on``.
    Raises `CatalogueInvalid` with every error."""
    try:
        return _model(_load(paths, LOCATED_DEPTH), on)
    except CatalogueInvalid:
        # To say where each error is, go again with every value located.
        return _model(_load(paths), on)


def validate_files(paths: Sequence[str | Path]) -> int:
    """How many offerings catalogue files used together hold, checked as `read_catalogue`
    does; the model is built only when a price is another's times a fraction, the one check
    that needs prices resolved. Raises `CatalogueInvalid` with every error."""
    errors, merged = validate(_load(paths, LOCATED_DEPTH))
    if errors or merged is None or any(map(_scaled_by_fraction, merged.data["offerings"])):
        from .resolve import catalogue_date

        return len(read_catalogue(paths, catalogue_date()).offerings)
    return len(merged.data["offerings"])


def _load(paths: Sequence[str | Path], depth: int | None = None) -> list[Document]:
    documents, errors = [], []
    for path in paths:
        try:
            documents.append(load_file(path, depth))
        except CatalogueInvalid as invalid:
            errors.extend(invalid.errors)
    if errors:
        raise CatalogueInvalid(errors)
    return documents


def _model(documents: list[Document], on: datetime.date) -> Catalogue:
    from .resolve import derived_price_errors, resolve  # the model, only when it is needed

    errors, merged = validate(documents)
    if errors or merged is None:
        raise CatalogueInvalid(errors)
    catalogue = resolve(merged, on)
    if errors := derived_price_errors(merged, catalogue):
        raise CatalogueInvalid(errors)
    return catalogue


def _scaled_by_fraction(offering: dict[str, Any]) -> bool:
    """Whether a valid offering's price is another's times a fraction: only then can
    it have fractions of a cent (a whole factor keeps an amount's decimals)."""
    price = offering.get("price")
    times = price.get("times", 1) if isinstance(price, dict) else 1
    return bool(Decimal(times) != Decimal(times).to_integral_value())
