"""The pipeline, one way: load -> validate -> resolve. The only module that runs them all."""

from __future__ import annotations

import datetime
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from .errors import CatalogueError, CatalogueInvalid
from .load import Document, load_file
from .validate import validate

if TYPE_CHECKING:
    from .model import Catalogue


def read_catalogue(paths: Sequence[str | Path], on: datetime.date) -> Catalogue:
    """The model of catalogue files used together, with the prices in force on ``on``.
    Raises `CatalogueInvalid` with every error."""
    from .resolve import resolve  # the model, only when it is needed

    return resolve(_checked(paths), on)


def validate_files(paths: Sequence[str | Path]) -> int:
    """How many offerings catalogue files used together hold, checked as `read_catalogue`
    checks them. Raises `CatalogueInvalid` with every error."""
    return len(_checked(paths).data["offerings"])


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
