"""Characters no catalogue value may hold: control, format and separator characters.

A reader cannot see a NUL, a right-to-left override (U+202E) or a zero-width space, but
the page, offerings.json and a mail subject would all carry them: an id that looks like
another, a name that reads backwards, a header cut short. Tab, line feed and carriage
return are allowed in values, where a YAML block writes them: the page shows a text's
white space folded (`resolve`), and ids, addresses and links refuse white space.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from typing import Any

from ..errors import INVISIBLE, CatalogueError, character_name, noncharacter
from ..load import DataPath, Document
from .explain import value_name

#: Categories refused: control, format (bidi controls, zero-width characters, U+FEFF),
#: surrogates, line and paragraph separators.
_REFUSED = frozenset({"Cc", "Cf", "Cs", "Zl", "Zp"})
_WHITE_SPACE = frozenset("\t\n\r")


def refused(text: str, *, white_space: bool) -> str | None:
    """The first character of ``text`` a catalogue may not hold, if any; ``white_space``:
    whether tab, line feed and carriage return are allowed."""
    if text.isprintable() and not INVISIBLE.search(text):
        return None  # no control, format, separator or invisible character but the space
    for character in text:
        if white_space and character in _WHITE_SPACE:
            continue
        if (
            unicodedata.category(character) in _REFUSED
            or noncharacter(ord(character))
            or INVISIBLE.match(character)
        ):
            return character
    return None


def text_errors(document: Document) -> Iterator[CatalogueError]:
    """An error at each key and each text value of a file that holds a character no
    catalogue may hold, naming the character."""
    if document.printable:  # as the loader found every key and value
        return
    pending: list[tuple[DataPath, Any]] = [((), document.data)]
    while pending:
        path, container = pending.pop()
        items = container.items() if isinstance(container, dict) else enumerate(container)
        for key, value in items:
            if isinstance(key, str) and (character := refused(key, white_space=False)):
                yield CatalogueError(
                    document.locate_key((*path, key)),
                    f"the key {key!r} holds {character_name(character)}, which a key "
                    "may not hold: write it without",
                )
            if isinstance(value, str):
                if character := refused(value, white_space=True):
                    yield CatalogueError(
                        document.locate((*path, key)),
                        f"{value_name(document, (*path, key))}: the text holds "
                        f"{character_name(character)}, an invisible or control character "
                        "that a page would carry: remove it",
                    )
            elif isinstance(value, (dict, list)) and value:
                pending.append(((*path, key), value))
