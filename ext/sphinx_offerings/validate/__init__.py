"""Validation: each file against the JSON Schema, then the files merged, then the checks
a schema cannot make. Errors are collected and located, so one run reports them all, up
to `MAX_ERRORS`: past it a catalogue is too far from valid for more to help.
"""

from __future__ import annotations

from collections.abc import Iterable, Set

from ..errors import MAX_ERRORS, CatalogueError, Location
from ..load import Document
from .checks import Checker, check_currency
from .explain import describe, schema, schema_errors
from .merge import merge
from .text import text_errors

__all__ = ["MAX_OFFERINGS", "schema", "validate"]

#: Offerings one file may hold: more than a price list typed by hand needs; a larger
#: catalogue is several files, used together.
MAX_OFFERINGS = 10_000


class Enough(Exception):
    """`MAX_ERRORS` errors are found: the rest is not looked for."""


class Found:
    """The errors found so far, each once; `Enough` is raised at `MAX_ERRORS`."""

    def __init__(self) -> None:
        self.errors: dict[CatalogueError, None] = {}
        self.locations: set[Location] = set()

    def add(self, errors: Iterable[CatalogueError], skip: Set[Location] = frozenset()) -> None:
        """Errors found, but those at a location in ``skip`` (where an earlier check
        found the value wrong, a later one need not say so again)."""
        for error in errors:
            if error.location in skip:
                continue
            self.errors[error] = None
            self.locations.add(error.location)
            if len(self.errors) >= MAX_ERRORS:
                raise Enough


def validate(
    documents: Iterable[Document | list[CatalogueError]],
) -> tuple[list[CatalogueError], Document | None]:
    """The errors (at most `MAX_ERRORS`) in catalogue files used together, and the files
    merged (None unless all were checked together).

    Each file is checked as it comes, so that ``documents`` may load them one by one and
    loading stops once `MAX_ERRORS` are found; an item that is a list of errors is a file
    that could not be loaded (then the files are not checked together: references into
    it would all be reported missing).
    """
    found = Found()
    usable: list[Document] = []
    complete = True
    try:
        for document in documents:
            if isinstance(document, list):
                found.add(document)
                complete = False
            elif _check_file(document, found):
                usable.append(document)
            else:
                complete = False
        if not usable or not complete:
            return sorted(found.errors), None
        merged, clashes = merge(usable)
        found.add(clashes)
        reported = frozenset(found.locations)
        Checker(merged, lambda error: found.add([error], skip=reported)).run()
    except Enough:
        return sorted(found.errors), None
    return sorted(found.errors), merged


def _check_file(document: Document, found: Found) -> bool:
    """Check one file alone; whether it can be checked with the others."""
    if not isinstance(document.data, dict):
        message = (
            f"the catalogue is {describe(document.data)}; its top level must be a "
            "mapping with 'contacts' and 'offerings'"
        )
        found.add([CatalogueError(Location(document.path, 1, 1), message)])
        return False
    offerings = document.data.get("offerings")
    count = len(offerings) if isinstance(offerings, list) else 0
    if count > MAX_OFFERINGS:  # split before anything else is said
        message = (
            f"offerings: {count:,} offerings in one file; a file may hold at most "
            f"{MAX_OFFERINGS:,}: split it into several catalogue files"
        )
        found.add([CatalogueError(document.locate_key(("offerings",)), message)])
        return False
    found.add(text_errors(document))
    found.add(schema_errors(document), skip=frozenset(found.locations))
    found.add(check_currency(document), skip=frozenset(found.locations))
    return True
