"""Validation: each file against the JSON Schema, then the files merged, then the checks
a schema cannot make. Every error is collected and located, so one run reports them all.
"""

from __future__ import annotations

from ..errors import CatalogueError, Location
from ..load import Document
from .checks import Checker, check_currency
from .explain import describe, schema, schema_errors
from .merge import merge

__all__ = ["schema", "validate"]


def validate(documents: list[Document]) -> tuple[list[CatalogueError], Document | None]:
    """Every error in catalogue files used together, in file order, and the files merged
    (None when no file is a mapping)."""
    usable = [document for document in documents if isinstance(document.data, dict)]
    errors = {
        CatalogueError(
            Location(document.path, 1, 1),
            f"the catalogue is {describe(document.data)}; its top level must be a "
            "mapping with 'contacts' and 'offerings'",
        )
        for document in documents
        if not isinstance(document.data, dict)
    }
    for document in usable:
        errors.update(schema_errors(document), check_currency(document))
    if not usable:
        return sorted(errors), None
    merged, clashes = merge(usable)
    errors.update(clashes)
    reported = {e.location for e in errors}
    errors.update(e for e in Checker(merged).run() if e.location not in reported)
    return sorted(errors), merged
