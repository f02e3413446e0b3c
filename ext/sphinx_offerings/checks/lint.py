"""Lint the docs sources (``*.rst``, ``*.md``, ``*.txt``, ``*.html``, see `_sources`): figures
typed by hand that state or resemble a catalogue fact, which must come from the catalogue
through the roles. Each is reported once, whole, as ``PATH:LINE:COL: error: MESSAGE`` at its
first character, with advice naming the role to use in the page's own syntax (MyST's
``{offerings:price}`ID``` in ``*.md``, reStructuredText's ``:offerings:price:`ID``` elsewhere
and in a MyST ``{eval-rst}`` block). The patterns below say exactly what matches:

- a price: a currency sign or an ISO 4217 code Babel knows beside a number (``$350 CAD``,
  ``1.500,00 €``, ``700 CAD``), a code of a currency in use before a number (``EUR 1500``;
  not the codes that are English words or names, such as ``ALL``, ``TOP`` or ``PHP``), a
  number before the English name of a currency in use (``300 dollars``, ``5 Swiss francs``,
  any case; not the names that are also common words: mark, real, won, sol, gold); ranges,
  thousands and a unit are part of it (``$120-200k/year``, ``EUR 100 to 200``);
- a percentage: ``10%``, ``10 %``, ``10 percent`` (not ``5 % 3``, nor a width, height or
  scale such as ``:width: 50%`` or ``width="50%"``, which is markup);
- coverage, hours a day by days a week: ``8x5``, ``24x7``, also with ``X`` or a multiplication
  sign (hours 1 to 24 by days 1 to 7, so ``1920x1080`` is a size), ``24/7`` (a slash only
  after 24: ``12/5`` may be a date);
- a duration: a number of hours, business hours, or business, working or calendar days
  (``24 hours``, ``24-hour``, ``7 business days``; plain days and weeks are left to prose),
  a range of them (``2 to 8 hours``, ``2-3 business days``, ``between 2 and 8 hours``), or
  ``next business day`` (or working day; or same);
- an hours range: two clock times, or an hour and a clock time, joined by a hyphen, an en or
  em dash or "to" (``9:00-17:00``, ``9am-5pm``, ``7:00 PM to 10:00 PM``), or two bare hours
  with a time zone (``9-5 EST``); a zone after it (``EST``, ``UTC+2``, ``Eastern Time Zone``)
  is part of it;
- an e-mail address (``mailto:`` links included);
- a clock time: ``7:00 PM``, ``7pm``, ``10:00 a.m.``, ``19:00`` (not ``16:9``, ``file:12:30``);
- with a catalogue (`catalogue_amounts`): a bare number that equals one of its amounts right
  after price wording (cost, costs, costing, price, priced, priced at, price of, pay, pays,
  paid, charge, charges, charged, fee, fee of, for) and followed by no word but per, a, an,
  each or plus: "costs 350", "for 1,750 a year"; not "for 350 developers", "Python 3.11".

The parts of a figure are one space apart at most, or a line break before or after a word, as
prose wraps (``between 2 and`` / ``8 hours``, ``300`` / ``dollars``); a sign, a code or a per
cent sign stays on its number's line. Digits are ASCII.

Not scanned: the text of ``offerings:`` roles, reStructuredText or MyST (other markup,
literal blocks included, is scanned); a line holding ``offerings-lint: allow`` in any comment;
the next non-blank line after one holding ``offerings-lint: allow-next-line``; the paragraph
after an allow comment on its own line (``.. offerings-lint: allow`` in reStructuredText,
``% offerings-lint: allow`` in MyST): every line of the next block of non-blank lines, with
what a directive or a "::" paragraph indents under it or a MyST fence holds, after
the blank line that reStructuredText needs after a comment (MyST needs none). A figure is
allowed when the line it starts on is.
"""

from __future__ import annotations

import re
import unicodedata
from bisect import bisect_right
from collections.abc import Collection, Iterator
from decimal import Decimal
from functools import cache
from itertools import accumulate
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from babel.core import get_global
from babel.numbers import get_currency_name, get_territory_currencies, list_currencies

from ..render.figures import facts

if TYPE_CHECKING:
    from ..model import Catalogue

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


# One space between the parts of a figure ("350 €"), or none, but never a line break.
_GAP = r"[ \t\u00a0\u202f]?"
# The space between words: one space, or a line break where the prose wraps (no blank line).
_SPACE = r"(?:[ \t\u00a0\u202f]|[ \t]*\n[ \t]*)"
# 1,750.00 and 1.750,00 alike.
_NUMBER = r"[0-9]+(?:[.,][0-9]{3})*(?:[.,][0-9]+)?"
# Not in the middle of a word or of a longer number (v2.700 CAD, x700 CAD).
_NUMBER_START = r"(?<![\w.,])"
# Nor of a date, a path or a range: the 01 of 2027-01-01, of 1/01.
_START = r"(?<![\w.,:/-])"
# The second end of a range: 120-200, 2 to 8; a hyphen, an en dash or an em dash.
_TO = rf"(?:{_GAP}[-–—]{_GAP}|{_SPACE}to{_SPACE})"

# Thousands and millions: $120k, €1.5M.
_AMOUNT = rf"{_NUMBER}(?:[kKmM](?![A-Za-z]))?"
# What one price pays for: $99/month.
_PER = r"(?:/[A-Za-z]+)?"

_PERCENTAGE = (
    rf"{_NUMBER_START}{_NUMBER}(?:{_TO}{_NUMBER})?"
    # "5 % 3" is a remainder, "%(name)s" a format.
    rf"(?:{_GAP}%(?![ \t]*[0-9(])|{_SPACE}?(?i:per[ \t]?cent)(?!\w))"
)

_COVERAGE = rf"{_START}(?:(?:2[0-4]|1[0-9]|[1-9])[x×X][1-7]|24/[1-7])(?![\w/]|[.,][0-9])"

_COUNT = r"[0-9]+(?:\.[0-9]+)?"
_DURATION_UNIT = (
    rf"(?i:(?:(?:business|working){_SPACE})?(?:hours?|hrs?)"
    rf"|(?:business|working|calendar){_SPACE}days?)(?!\w)"
)
_DURATION = (
    rf"\b(?i:between){_SPACE}{_COUNT}{_SPACE}(?i:and){_SPACE}{_COUNT}{_SPACE}{_DURATION_UNIT}"
    rf"|{_NUMBER_START}{_COUNT}(?:{_TO}{_COUNT})?(?:-|{_SPACE})?{_DURATION_UNIT}"
    rf"|\b(?i:next|same){_SPACE}(?i:business|working){_SPACE}(?i:day)(?!\w)"
)

# "p.m." keeps its final dot; "pm" must end a word, so "7 pmx" is not a time.
_MERIDIEM = r"(?:[AaPp]\.[Mm]\.|[AaPp]\.?[Mm](?!\w))"
# Not after a word, a colon or a dot, so 10:1:00, file.rst:12:30 and T10:00 are left alone.
_TIME_START = r"(?<![\w:.])"
_TIME = (
    rf"(?:{_TIME_START}(?:[01]?[0-9]|2[0-3]):[0-5][0-9](?::[0-5][0-9])?(?![0-9])"
    rf"(?:{_GAP}{_MERIDIEM})?"
    rf"|{_TIME_START}(?:1[0-2]|0?[1-9]){_GAP}{_MERIDIEM})"
)
# A bare hour, as an end of a range: the 9 of 9-5pm.
_HOUR = r"(?:2[0-4]|[01]?[0-9])(?![0-9:])"
# EST, CEST, PT, UTC+2, GMT-05:00; or a zone's name: Eastern Time (Zone).
_ZONE = (
    r"(?:(?:UTC|GMT)(?:[+−-][0-9]{1,2}(?::?[0-9]{2})?)?(?!\w)|[A-Z]{1,4}T(?!\w)"
    rf"|(?:[A-Z][a-z]+{_SPACE})+Time(?:{_SPACE}Zone)?(?!\w))"
)
_HOURS_RANGE = (
    rf"(?:{_TIME}|{_START}{_HOUR}){_TO}{_TIME}(?:{_SPACE}{_ZONE})?"
    # Bare hours are a range of hours only with a zone: 9-5 may be a score, a page range.
    rf"|{_START}{_HOUR}{_TO}{_HOUR}{_SPACE}{_ZONE}"
)

_EMAIL = r"(?<![\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?!\w)"

# A bare number right after price wording; only a catalogue amount is reported (lint_text).
# Each word its own lookbehind, as a lookbehind has a fixed width.
_PRICE_WORDS = (
    *("cost", "costs", "costing", "price", "priced", "priced at", "price of", "pay", "pays"),
    *("paid", "charge", "charges", "charged", "fee", "fee of", "for"),
)
_AFTER_PRICE_WORD = "|".join(rf"(?<=\b{word}\s)" for word in _PRICE_WORDS)
_BARE_AMOUNT = (
    rf"(?=[0-9])(?i:{_AFTER_PRICE_WORD}){_NUMBER}"  # the lookbehinds only before a digit
    # then the end of the text, a sign ("350." "350,") or a word that prices take
    rf"(?=\s*(?:\Z|[^\w\s]|(?i:per|a|an|each|plus)\b))"
)

# Codes that are also English words or names in technical prose ("ALL 5", "PHP 8.2"):
# before a number they are not prices.
_WORD_CODES = frozenset(
    {"ALL", "AMD", "BOB", "COP", "CUP", "GEL", "MAD", "MOP", "PEN", "PHP", "SOS", "TOP", "TRY"}
)
# Last words of currency names that are common English words ("2 real numbers").
_WORD_NAMES = frozenset({"gold", "mark", "marks", "real", "reals", "won", "sol", "soles"})


@cache
def _pattern() -> re.Pattern[str]:
    """Every notation in one regex, so figures never overlap ("9am-5pm" is one hours
    range, "$350 CAD" one price); the first alternative that matches at a place wins.
    Made on first use: Babel's currency data takes a while to read."""
    # Currency signs are Unicode category Sc; the basic plane holds every sign in use.
    signs = re.escape(
        "".join(c for c in map(chr, range(0x10000)) if unicodedata.category(c) == "Sc")
    )
    regions = get_global("territory_currencies")
    in_use = {code for region in regions for code in get_territory_currencies(region)}
    names = {get_currency_name(code, count, "en") for code in in_use for count in (1, 2)}
    words = {name.split()[-1].lower() for name in names} - _WORD_NAMES
    # Longest first, so "Canadian dollars" is preferred to "dollars" (and "dollars" to "dollar").
    currency_names = "|".join(map(re.escape, sorted(names | words, key=len, reverse=True)))
    # Codes as an alternation, so one regex both finds and validates them ("5 PPI" stays prose).
    code = rf"(?<![A-Za-z])(?:{'|'.join(sorted(list_currencies()))})(?![A-Za-z0-9])"
    code_before = rf"(?=[A-Z]{{3}})(?<![\w-])(?:{'|'.join(sorted(in_use - _WORD_CODES))})"
    # CA$, US$, A$, R$: letters just before a dollar sign name its country.
    sign = rf"(?:(?<![A-Za-z])[A-Z]{{1,2}}(?=\$))?[{signs}]"
    price = (
        rf"(?:{sign}{_GAP}{_AMOUNT}(?:{_TO}(?:{sign}{_GAP})?{_AMOUNT})?(?:{_GAP}{code})?"
        rf"|{_NUMBER_START}{_AMOUNT}(?:{_TO}{_AMOUNT})?"
        # a sign, a code or both ("350 € EUR"); the code written once, as it is long
        rf"(?:(?:{_GAP}[{signs}])?{_GAP}{code}|{_GAP}[{signs}]|{_SPACE}?(?i:{currency_names})(?!\w))"
        rf"|{code_before}{_GAP}{_AMOUNT}(?:{_TO}{_AMOUNT})?(?!\w)){_PER}"
    )
    return re.compile(
        rf"(?P<email>{_EMAIL})|(?P<range>{_HOURS_RANGE})|(?P<price>{price})"
        rf"|(?P<percentage>{_PERCENTAGE})|(?P<coverage>{_COVERAGE})|(?P<duration>{_DURATION})"
        rf"|(?P<time>{_TIME})|(?P<amount>{_BARE_AMOUNT})"
    )


class _Notation(NamedTuple):
    words: str  # what the figure is
    advice: str  # what to write instead; {price} and the like name a role


_TAKE = "take it from the catalogue with a role such as "
_PRICE = _Notation("price", _TAKE + "{price}")
_NOTATIONS = {
    "email": _Notation("e-mail address", _TAKE + "{link}"),
    "range": _Notation("hours range", _TAKE + "{hours}"),
    "price": _PRICE,
    "percentage": _Notation("percentage", _TAKE + "{discount}"),
    "coverage": _Notation("coverage", _TAKE + "{coverage}"),
    "duration": _Notation("duration", _TAKE + "{response}, {delivery} or {time}"),
    "time": _Notation("clock time", _TAKE + "{hours}"),
    "amount": _PRICE,  # a bare catalogue amount is a price too
}
# The roles the advice names, and what each takes.
_ROLE_TARGETS = {
    "price": "ID",
    "discount": "ID",
    "hours": "ID",
    "coverage": "ID",
    "response": "ID",
    "delivery": "ID",
    "time": "ID.KEY",
    "link": "CONTACT",
}
# A role in each syntax.
_ROLE_SYNTAX = {"rst": ":offerings:{}:`{}`", "md": "{{offerings:{}}}`{}`"}


def _message(kind: str, figure: str, syntax: str) -> str:
    notation = _NOTATIONS[kind]
    roles = {
        name: _ROLE_SYNTAX[syntax].format(name, target) for name, target in _ROLE_TARGETS.items()
    }
    return f"hand-typed {notation.words} {figure!r}: {notation.advice.format(**roles)}"


# Inline markup cannot cross a blank line, so an unclosed role does not swallow the page.
_ROLE_TEXT = r"`(?:[^`\n]|\n(?![ \t]*\n))*`"
_NOT_PROSE = re.compile(
    rf":offerings:[\w.+:-]*:{_ROLE_TEXT}"  # a reStructuredText role
    rf"|\{{offerings:[\w.+:-]*\}}{_ROLE_TEXT}"  # a MyST role
    # a size: :width: 50%, width="50%", max-width: 50%
    r"""|\b(?:width|height|scale)["']?[ \t]*[:=][ \t]*["']?[0-9.]+[ \t]*%"""
)
_NOT_NEWLINE = re.compile(r"[^\n]")
_NEWLINE = re.compile(r"\r\n?")

# The allow comment before a paragraph, alone on its line, in each syntax.
_ALLOW_PARAGRAPH = {
    "rst": re.compile(rf"[ \t]*\.\.[ \t]+{ALLOW}[ \t]*"),
    "md": re.compile(rf"[ \t]*%[ \t]*{ALLOW}[ \t]*"),
}
# A MyST fence, ``` or ~~~ or :::; one whose content is reStructuredText: ```{eval-rst}.
_FENCE = r"[ \t]*(`{3,}|~{3,}|:{3,})"
_EVAL_RST = re.compile(rf"{_FENCE}[ \t]*\{{eval-rst\}}")


def _closes(line: str, fence: str) -> bool:
    """Whether ``line`` closes the block the MyST ``fence`` opened."""
    mark = line.strip()
    return len(mark) >= len(fence) and set(mark) == {fence[0]}


def _blank(text: str) -> str:
    """The text with roles and sizes replaced by spaces, so lines and columns stay."""
    return _NOT_PROSE.sub(lambda part: _NOT_NEWLINE.sub(" ", part.group()), text)


def _syntaxes(lines: list[str], markdown: bool) -> list[str]:
    """The syntax of each line: "md" in a MyST file outside its {eval-rst} blocks, else "rst"."""
    if not markdown:
        return ["rst"] * len(lines)
    syntaxes = []
    fence = ""  # the opening fence of the {eval-rst} block the line is in
    for line in lines:
        closing = fence and _closes(line, fence)
        syntaxes.append("rst" if fence and not closing else "md")
        if closing:
            fence = ""
        elif not fence and (opening := _EVAL_RST.match(line)):
            fence = opening.group(1)
    return syntaxes


# What opens a block set apart: a MyST fence (`_FENCE`); a reStructuredText directive, or a
# paragraph ending in "::" (a literal block follows, indented).
_DIRECTIVE = re.compile(r"[ \t]*\.\.[ \t]+[\w:-]+::")


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


def _element(lines: list[str], start: int, syntax: str) -> range:
    """The lines of the element that starts at ``start``: its paragraph (up to a blank
    line), with what an rst directive or "::" indents under it, or a MyST fence's block."""
    if syntax == "md" and (fence := re.match(_FENCE, lines[start])):
        for end in range(start + 1, len(lines)):
            if _closes(lines[end], fence.group(1)):
                return range(start, end + 1)
        return range(start, len(lines))
    end = start
    while end + 1 < len(lines) and lines[end + 1].strip():
        end += 1
    if _DIRECTIVE.match(lines[start]) or lines[end].rstrip().endswith("::"):
        indent = _indent(lines[start])
        while end + 1 < len(lines) and (
            not lines[end + 1].strip() or _indent(lines[end + 1]) > indent
        ):
            end += 1
    return range(start, end + 1)


def _allowed(lines: list[str], syntaxes: list[str]) -> set[int]:
    """Indexes of the lines a marker allows."""
    allowed = {index for index, line in enumerate(lines) if ALLOW in line}
    waiting = False  # an allow-next-line marker still looks for its line
    for index, (line, syntax) in enumerate(zip(lines, syntaxes, strict=True)):
        if _ALLOW_PARAGRAPH[syntax].fullmatch(line):
            after = (i for i in range(index + 1, len(lines)) if lines[i].strip())
            if (start := next(after, None)) is not None:
                allowed.update(_element(lines, start, syntaxes[start]))
        if waiting and line.strip():
            allowed.add(index)
            waiting = False
        waiting = waiting or ALLOW_NEXT_LINE in line
    return allowed


# An amount in the registry's canonical form (`Money.canonical`), ending a figure's value:
# "350 CAD", "99.50 USD", a volume break's "1-4 40 EUR".
_CANONICAL_MONEY = re.compile(r"(?<![^ ])([0-9]+(?:\.[0-9]+)?) [A-Z]{3}\Z")


def catalogue_amounts(catalogue: Catalogue) -> frozenset[Decimal]:
    """Every amount the catalogue states (prices in force, originals, announced changes,
    approximations, volume breaks), read through the registry of figures."""
    return frozenset(
        Decimal(money.group(1))
        for offering in catalogue.offerings
        for value in facts(offering).values()
        if (money := _CANONICAL_MONEY.search(value))
    )


# How a number may group its thousands, and the mark its decimals then take:
# 1,750.00 or 1.750,00.
_READINGS = (
    (",", ".", re.compile(r"[0-9]{1,3}(?:,[0-9]{3})*(?:\.[0-9]+)?|[0-9]+(?:\.[0-9]+)?")),
    (".", ",", re.compile(r"[0-9]{1,3}(?:\.[0-9]{3})*(?:,[0-9]+)?|[0-9]+(?:,[0-9]+)?")),
)


def _values(number: str) -> set[Decimal]:
    """What a number may mean: 1,750 is 1750, or 1.75 where a comma marks decimals."""
    return {
        Decimal(number.replace(group, "").replace(decimal, "."))
        for group, decimal, grammar in _READINGS
        if grammar.fullmatch(number)
    }


def lint_text(text: str, path: str, amounts: Collection[Decimal] = frozenset()) -> list[Finding]:
    """The hand-typed figures in one source text, named by path, in order; ``amounts`` are
    the catalogue's, which a bare number after price wording must not state."""
    text = _NEWLINE.sub("\n", text)
    lines = text.split("\n")
    syntaxes = _syntaxes(lines, path.endswith(".md"))
    allowed = _allowed(lines, syntaxes)
    starts = list(accumulate((len(line) + 1 for line in lines), initial=0))
    findings: list[Finding] = []
    for match in _pattern().finditer(_blank(text)):
        kind = match.lastgroup
        assert kind is not None  # every alternative is a named group
        index = bisect_right(starts, match.start()) - 1
        if index in allowed or (kind == "amount" and _values(match.group()).isdisjoint(amounts)):
            continue
        figure = " ".join(match.group().split())  # a wrapped figure quoted on one line
        message = _message(kind, figure, syntaxes[index])
        findings.append(Finding(path, index + 1, match.start() - starts[index] + 1, message))
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


def _lint_file(file: Path, amounts: Collection[Decimal]) -> list[Finding]:
    path = str(file)
    try:
        # utf-8-sig: a byte order mark is no character, so it must not shift line 1's columns.
        text = file.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return [Finding(path, 1, 1, f"not UTF-8 (byte {exc.start}): save the file as UTF-8")]
    except OSError as exc:
        return [Finding(path, 1, 1, f"cannot be read: {exc.strerror}")]
    return lint_text(text, path, amounts)


def lint(folder: Path, amounts: Collection[Decimal] = frozenset()) -> list[Finding]:
    """Every hand-typed figure in the docs sources under folder, by path, line and column;
    ``amounts`` as for `lint_text`."""
    # in the walk's order, folder by folder: docs/a/z.rst comes before docs/a.md
    return [finding for file in _sources(folder) for finding in _lint_file(file, amounts)]
