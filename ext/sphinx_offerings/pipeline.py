"""The pipeline, one way: load -> validate -> resolve. The only module that runs them all."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import CatalogueError, CatalogueInvalid
from .load import Document, load_file
from .validate import validate

if TYPE_CHECKING:
    from .model import Catalogue


def read_catalogue(paths: Sequence[str | Path], on: datetime.date) -> Catalogue:
    """The model of catalogue files used together, with the prices in force on ``on``.
    Raises `CatalogueInvalid` with every error."""
    return _model(_checked(paths), on)


def validate_files(paths: Sequence[str | Path]) -> int:
    """How many offerings catalogue files used together hold, checked as `read_catalogue`
    does; the model is built only when a price is another's times a fraction, the one check
    that needs prices resolved. Raises `CatalogueInvalid` with every error."""
    merged = _checked(paths)
    if any(map(_scaled_by_fraction, merged.data["offerings"])):
        from .resolve import catalogue_date

        return len(_model(merged, catalogue_date()).offerings)
    return len(merged.data["offerings"])


def _checked(paths: Sequence[str | Path]) -> Document:
    """The files merged, each read once, every value located, and checked once: each file
    as it is read (reading stops once enough errors are found), then all together."""

    def documents() -> Iterator[Document | list[CatalogueError]]:
        for path in paths:
            try:
                yield load_file(path)
            except CatalogueInvalid as invalid:
                yield invalid.errors

    errors, merged = validate(documents())
    if errors or merged is None:
        raise CatalogueInvalid(errors)
    return merged


def _model(merged: Document, on: datetime.date) -> Catalogue:
    from .resolve import derived_price_errors, resolve  # the model, only when it is needed

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
