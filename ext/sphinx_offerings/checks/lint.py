"""Lint the docs sources (``*.rst``, ``*.md``, ``*.txt``, ``*.html``, see `_sources`): prices,
e-mail addresses and clock times typed by hand, which must come from the catalogue through
the roles, each reported as ``PATH:LINE:COL: error: MESSAGE``. Each line is scanned on its own
for a price (a currency sign or an ISO 4217 code Babel knows beside a number, ``$350 CAD``
one figure), an e-mail address (``mailto:`` links included) and a clock time (``7:00 PM``,
``7pm``, ``10:00 a.m.``; not ``16:9``); the patterns below say exactly what matches.

Not scanned: the text of ``offerings:`` roles, reStructuredText or MyST (other markup,
literal blocks included, is scanned); a line holding ``offerings-lint: allow`` in any comment;
the next non-blank line after one holding ``offerings-lint: allow-next-line``. Before a
reStructuredText paragraph, which cannot hold a comment, put the comment line, a blank line
(docutils requires one), then the paragraph: only its first line is allowed.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path
from typing import NamedTuple

from babel.numbers import list_currencies

ALLOW = "offerings-lint: allow"
ALLOW_NEXT_LINE = "offerings-lint: allow-next-line"
SUFFIXES = frozenset({".rst", ".md", ".txt", ".html"})


class Finding(NamedTuple):
    """A figure typed by hand; line and column count from 1 and point at its first character."""

    path: str
    line: int
    column: int
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}:{self.column}: error: {self.message}"


# Currency signs are Unicode category Sc; the basic plane holds every sign in use.
_SIGNS = re.escape("".join(c for c in map(chr, range(0x10000)) if unicodedata.category(c) == "Sc"))
# Codes as an alternation, so one regex both finds and validates them ("5 PPI" stays prose).
_CODES = "|".join(sorted(list_currencies()))

# A space between the parts of a figure, but never a line break.
_GAP = r"[ \t\u00a0\u202f]?"
# 1,750.00 and 1.750,00 alike; the digits are ASCII so the rule stays predictable.
_NUMBER = r"[0-9]+(?:[.,][0-9]{3})*(?:[.,][0-9]+)?"
# Not in the middle of a word or of a longer number (v2.700 CAD, x700 CAD).
_NUMBER_START = r"(?<![\w.,])"
_CODE = rf"(?<![A-Za-z])(?:{_CODES})(?![A-Za-z0-9])"
# CA$, US$, A$, R$: letters just before a dollar sign name its country.
_SIGN = rf"(?:(?<![A-Za-z])[A-Z]{{1,2}}(?=\$))?[{_SIGNS}]"
_PRICE = (
    rf"{_SIGN}{_GAP}{_NUMBER}(?:{_GAP}{_CODE})?"
    rf"|{_NUMBER_START}{_NUMBER}{_GAP}[{_SIGNS}](?:{_GAP}{_CODE})?"
    rf"|{_NUMBER_START}{_NUMBER}{_GAP}{_CODE}"
)

_EMAIL = r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?!\w)"

# "p.m." keeps its final dot; "pm" must end a word, so "7 pmx" is not a time.
_MERIDIEM = r"(?:[AaPp]\.[Mm]\.|[AaPp]\.?[Mm](?!\w))"
# Not after a word, a colon or a dot, so 10:1:00, file.rst:12:30 and T10:00 are left alone.
_TIME_START = r"(?<![\w:.])"
_TIME = (
    rf"{_TIME_START}(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?![0-9])(?:{_GAP}{_MERIDIEM})?"
    rf"|{_TIME_START}(?:1[0-2]|0?[1-9]){_GAP}{_MERIDIEM}"
)

# One regex, so figures never overlap: "$350 CAD" is one price, not a price and a code.
_FIGURE = re.compile(rf"(?P<email>{_EMAIL})|(?P<price>{_PRICE})|(?P<time>{_TIME})")

#: What each kind of figure is called, and a role that takes it from the catalogue.
_ADVICE = {
    "price": ("price", ":offerings:price:`ID`"),
    "email": ("e-mail address", ":offerings:link:`CONTACT`"),
    "time": ("clock time", ":offerings:hours:`ID`"),
}

# Inline markup cannot cross a blank line, so an unclosed role does not swallow the page.
_ROLE_TEXT = r"`(?:[^`\n]|\n(?![ \t]*\n))*`"
_ROLE = re.compile(
    rf":offerings:[\w.+:-]*:{_ROLE_TEXT}"  # reStructuredText
    rf"|\{{offerings:[\w.+:-]*\}}{_ROLE_TEXT}"  # MyST
)
_NOT_NEWLINE = re.compile(r"[^\n]")
_NEWLINE = re.compile(r"\r\n?")


def _blank_roles(text: str) -> str:
    """The text with each offerings role replaced by spaces, so lines and columns stay."""
    return _ROLE.sub(lambda role: _NOT_NEWLINE.sub(" ", role.group()), text)


def _allowed(lines: list[str]) -> set[int]:
    """Indexes of the lines a marker allows."""
    allowed = {index for index, line in enumerate(lines) if ALLOW in line}
    waiting = False  # an allow-next-line marker still looks for its line
    for index, line in enumerate(lines):
        if waiting and line.strip():
            allowed.add(index)
            waiting = False
        waiting = waiting or ALLOW_NEXT_LINE in line
    return allowed


def lint_text(text: str, path: str) -> list[Finding]:
    """The hand-typed figures in one source text, named by path, in order."""
    text = _NEWLINE.sub("\n", text)
    allowed = _allowed(text.split("\n"))
    findings: list[Finding] = []
    for index, line in enumerate(_blank_roles(text).split("\n")):
        if index in allowed:
            continue
        for match in _FIGURE.finditer(line):
            assert match.lastgroup is not None  # every alternative is a named group
            what, role = _ADVICE[match.lastgroup]
            advice = f"take it from the catalogue with a role such as {role}"
            message = f"hand-typed {what} {match.group()!r}: {advice}"
            findings.append(Finding(path, index + 1, match.start() + 1, message))
    return findings


def _sources(folder: Path) -> Iterator[Path]:
    """The source files under folder, in sorted order, build output and hidden folders left out."""
    for entry in sorted(folder.iterdir()):
        if entry.is_dir():
            # A linked folder may loop back up the tree; the docs do not need one.
            skipped = entry.name == "_build" or entry.name.startswith(".")
            if not skipped and not entry.is_symlink():
                yield from _sources(entry)
        elif entry.suffix in SUFFIXES and entry.is_file():
            yield entry


def _lint_file(file: Path) -> list[Finding]:
    path = str(file)
    try:
        # utf-8-sig: a byte order mark is no character, so it must not shift line 1's columns.
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [Finding(path, 1, 1, f"not UTF-8 (byte {exc.start}): save the file as UTF-8")]
    except OSError as exc:
        return [Finding(path, 1, 1, f"cannot be read: {exc.strerror}")]
    return lint_text(text, path)


def lint(folder: Path) -> list[Finding]:
    """Every hand-typed figure in the docs sources under folder, by path, line and column."""
    # in the walk's order, folder by folder: docs/a/z.rst comes before docs/a.md
    return [finding for file in _sources(folder) for finding in _lint_file(file)]
