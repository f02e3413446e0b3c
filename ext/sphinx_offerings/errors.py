"""Located errors: every problem in a catalogue names its file, line and column."""

from __future__ import annotations

from typing import NamedTuple

#: Errors one run looks for: past these a catalogue is too far from valid for more to
#: help, and looking costs time in proportion.
MAX_ERRORS = 1_000
#: Errors printed, by the command and the build; the others are counted.
SHOWN_ERRORS = 100

# Named tuples rather than dataclasses: a catalogue has one location per value, and
# `offerings validate` starts without the dataclasses machinery.


class Location(NamedTuple):
    """A place in a catalogue file; line and column count from 1."""

    path: str
    line: int
    column: int

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}"


class CatalogueError(NamedTuple):
    """One mistake in a catalogue, at a location, with what to do about it."""

    location: Location
    message: str

    def __str__(self) -> str:
        return f"{self.location}: error: {self.message}"


def printable(text: str) -> str:
    """Text as a message may show it: a character that is not printable (a control, a
    right-to-left override, a zero-width space) written as its escape, ``\\u202e``, so
    that what a catalogue holds cannot reorder or hide the words of an error."""
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


class CatalogueInvalid(Exception):
    """Raised with every error found, so a maintainer fixes them all in one pass."""

    def __init__(self, errors: list[CatalogueError]) -> None:
        said = (CatalogueError(e.location, printable(e.message)) for e in errors)
        self.errors = sorted(said, key=lambda e: e.location)
        super().__init__("\n".join(str(e) for e in self.errors))

    def shown(self) -> tuple[list[CatalogueError], str | None]:
        """The errors to print (the first `SHOWN_ERRORS`), and what to say of the others
        (None when there are none)."""
        hidden = len(self.errors) - SHOWN_ERRORS
        if hidden <= 0:
            return self.errors, None
        rest = f"and {hidden:,} more error{'s' if hidden != 1 else ''}"
        if len(self.errors) >= MAX_ERRORS:
            rest += f" (the check stops after {MAX_ERRORS:,}: fix these and run it again)"
        return self.errors[:SHOWN_ERRORS], rest
