"""Located errors: every problem in a catalogue names its file, line and column."""

from __future__ import annotations

import re
import unicodedata
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


#: Control characters have no Unicode name: the aliases of those most often met.
_CONTROL_NAMES = {
    0x00: "NULL",
    0x07: "BELL",
    0x08: "BACKSPACE",
    0x09: "CHARACTER TABULATION",
    0x0A: "LINE FEED",
    0x0B: "LINE TABULATION",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESCAPE",
    0x7F: "DELETE",
    0x85: "NEXT LINE",
}


#: Letters and marks that show nothing (Unicode's default ignorable code points outside
#: the format category): the combining grapheme joiner, the Hangul fillers, Khmer's
#: inherent vowels, Mongolian's variation selectors.
INVISIBLE = re.compile("[\u034f\u115f\u1160\u17b4\u17b5\u180b-\u180d\u180f\u3164\uffa0]")


def noncharacter(code: int) -> bool:
    """Whether a code point is one of Unicode's 66 noncharacters (U+FDD0, U+FFFE, ...)."""
    return 0xFDD0 <= code <= 0xFDEF or code & 0xFFFE == 0xFFFE


def character_name(character: str) -> str:
    """ "U+202E RIGHT-TO-LEFT OVERRIDE" """
    code = ord(character)
    name = unicodedata.name(character, "") or _CONTROL_NAMES.get(code, "")
    if not name:
        if 0xD800 <= code <= 0xDFFF:
            name = "a surrogate"
        elif noncharacter(code):
            name = "a noncharacter"
        elif unicodedata.category(character) == "Co":
            name = "a private-use character"
        else:
            name = "a control character"
    return f"U+{code:04X} {name}"


#: A run of text in a message longer than this is cut in the middle: a value of 500,000
#: digits, or a time zone of 200 KB, is named by its ends.
_LONGEST_WORD = 100
_LONG_WORD = re.compile(rf"\S{{{_LONGEST_WORD + 1},}}")


def _cut(match: re.Match[str]) -> str:
    word = match[0]
    return f"{word[:60]}...({len(word) - 80:,} characters)...{word[-20:]}"


def escaped(character: str) -> str:
    """A character as a message shows it: itself if it prints and shows, else its escape
    (``\\x1b``, ``\\u202e``, a lone surrogate's ``\\ud800``)."""
    if not character.isprintable():
        return repr(character)[1:-1]
    return f"\\u{ord(character):04x}" if INVISIBLE.match(character) else character


def printable(text: str) -> str:
    """Text as a message may show it: a character that is not printable (a control, a
    right-to-left override, a zero-width space) written as its escape, ``\\u202e``, so
    that what a catalogue holds cannot reorder or hide the words of an error; a run of
    over 100 characters without a space cut to its ends."""
    if not text.isprintable() or INVISIBLE.search(text):
        text = "".join(map(escaped, text))
    return _LONG_WORD.sub(_cut, text)


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
