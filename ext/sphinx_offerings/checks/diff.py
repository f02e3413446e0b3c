"""`offerings diff`: what readers will see change between two sides of a site (`sides`),
offering by offering and figure by figure, through the registry of figures.

A figure whose canonical value changes is a change; one whose value stays and whose words
change (another price format or language) is a change of wording only. Announced price
changes are paired across the sides: announced, moved, withdrawn or in force.
"""

from __future__ import annotations

import datetime
import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, NamedTuple

from ..commands import CHECK_TIMEOUT
from ..model import Offering
from ..render.figures import FIGURES, Figure
from .sides import Side, SideInvalid, read_side

#: Figures whose amounts a price stated as another's (``same_as``) takes from it.
_FOLLOWING = frozenset({"price", "original", "change", "past", "break", "qualifier"})
#: Announced changes, paired across the sides.
_SCHEDULE = frozenset({"announced", "moved", "withdrawn", "in-force"})
_MONEY = re.compile(r"(-?[0-9]+(?:\.[0-9]+)?) ([A-Z]{3})$")


class Fact(NamedTuple):
    value: str  # canonical, as `render.figures.facts` states it
    words: str | None  # what a reader sees; None when the side does not say

    @property
    def shown(self) -> str:
        return self.words or self.value


class Change(NamedTuple):
    """One thing readers will see change. ``kind``: changed, wording (the value stays),
    added or removed (``fact`` empty: the whole offering), or an announced price change
    (``fact`` ``change.DATE``): announced, moved (to the field ``to``), withdrawn, in-force.
    """

    offering: str
    kind: str
    fact: str = ""
    old: Fact | None = None
    new: Fact | None = None
    follows: str | None = None  # the offering whose price this one is stated as
    to: str = ""


@dataclass(frozen=True)
class Comparison:
    old: Side
    new: Side
    changes: list[Change]


def diff(
    old: str | None,
    new: str | None,
    on: datetime.date | None = None,
    timeout: float = CHECK_TIMEOUT,
) -> Comparison:
    """The changes from side ``old`` to side ``new`` (see `sides.read_side`; ``timeout``:
    the seconds each side read from a URL may take, all its requests told). Raises
    `SideError` for a side that cannot be read and `SideInvalid` (its ``role`` said) for
    one whose catalogue has errors."""
    sides = []
    for role, spec in (("old", old), ("new", new)):
        try:
            sides.append(read_side(spec, old=role == "old", on=on, timeout=timeout))
        except SideInvalid as invalid:
            invalid.role = role
            raise
    before, after = sides
    return Comparison(before, after, compare(before, after))


def compare(old: Side, new: Side) -> list[Change]:
    """Every change from ``old`` to ``new``, in the order of their offerings."""
    # Words are made from a figure's value and the settings: where both are the same on
    # either side, so are the words, and they need not be made.
    same_words = (
        old.settings is not None
        and (old.settings, old.catalogue.units) == (new.settings, new.catalogue.units)
        and not old.shown
        and not new.shown
    )
    before = {o.id: o for o in old.catalogue.offerings}
    after = {o.id: o for o in new.catalogue.offerings}
    changes: list[Change] = []
    for ref in dict.fromkeys([*before, *after]):
        if (a := before.get(ref)) is None:
            changes.append(Change(ref, "added", new=_whole(new, after[ref])))
        elif (b := after.get(ref)) is None:
            changes.append(Change(ref, "removed", old=_whole(old, a)))
        elif not (same_words and a == b):  # an offering as it was reads as it did
            changes += _offering(old, new, a, b, same_words)
    return changes


def _values(offering: Offering) -> dict[str, tuple[Figure, Any]]:
    return {
        field: (figure, value)
        for figure in FIGURES.values()
        for field, value in figure.values(offering).items()
    }


def _whole(side: Side, offering: Offering) -> Fact:
    """An offering added or removed: its name and its first price."""
    price = FIGURES["price"].canonical(offering.prices[0])
    words = side.words(offering, "price")
    return Fact(f"{offering.name}, {price}", words and f"{offering.name}, {words}")


def _offering(old: Side, new: Side, a: Offering, b: Offering, same_words: bool) -> list[Change]:
    before, after = _values(a), _values(b)
    basis = b.price_basis or a.price_basis
    follows = basis.same_as if basis else None
    changes: list[Change] = []
    # Announced changes one side lists and the other does not, and changes in force on
    # the new side only: paired by `_schedule`.
    gone: dict[str, Fact] = {}
    announced: dict[str, Fact] = {}
    in_force: dict[str, Fact] = {}
    pending = {("change", "removed"): gone, ("change", "added"): announced}
    pending[("past", "added")] = in_force
    for field in dict.fromkeys([*before, *after]):
        name = field.partition(".")[0]
        following = follows if name in _FOLLOWING else None
        if field not in after or field not in before:
            side, offering, stated = (old, a, before) if field in before else (new, b, after)
            kind = "removed" if field in before else "added"
            figure, value = stated[field]
            fact = Fact(figure.canonical(value), side.words(offering, field))
            if (held := pending.get((name, kind))) is not None:
                held[field] = fact
            else:
                facts = (fact, None) if kind == "removed" else (None, fact)
                changes.append(Change(a.id, kind, field, facts[0], facts[1], following))
            continue
        (figure, was), (_, now) = before[field], after[field]
        values = figure.canonical(was), figure.canonical(now)
        if values[0] == values[1] and same_words and was == now:
            continue
        words = old.words(a, field), new.words(b, field)
        if values[0] != values[1]:
            kind = "changed"
        elif None not in words and words[0] != words[1]:
            kind = "wording"
        else:
            continue
        old_fact, new_fact = Fact(values[0], words[0]), Fact(values[1], words[1])
        changes.append(Change(a.id, kind, field, old_fact, new_fact, following))
    return changes + _schedule(a.id, (gone, announced, in_force), new.catalogue.date, follows)


def _dated(field: str) -> tuple[str, str]:
    """``change.2.2027-01-01``: which price's change (``change.2``), and its date."""
    head, _, date = field.rpartition(".")
    return head, date


def _schedule(
    ref: str,
    held: tuple[dict[str, Fact], dict[str, Fact], dict[str, Fact]],
    on: datetime.date,
    follows: str | None,
) -> list[Change]:
    """Pairs announced changes the old side lists and the new does not (``gone``) with
    those the new side lists (``announced``) or has in force (``in_force``, the figures
    ``past``): in force, or moved (the same amount on another date), else withdrawn; then
    the announced and in force left over."""
    gone, announced, in_force = held
    changes = []
    for field, fact in gone.items():
        head, date = _dated(field)
        past = f"past{head.removeprefix('change')}.{date}"
        same = (f for f, new in announced.items() if _dated(f)[0] == head and new[0] == fact[0])
        if in_force.pop(past, None) is not None:
            changes.append(Change(ref, "in-force", field, old=fact, follows=follows))
        elif (to := next(same, None)) is not None:
            changes.append(Change(ref, "moved", field, fact, announced.pop(to), follows, to))
        else:  # a build written before its data named the changes in force: by the date
            kind = "in-force" if date <= on.isoformat() else "withdrawn"
            changes.append(Change(ref, kind, field, old=fact, follows=follows))
    changes += [
        Change(ref, "announced", f, new=fact, follows=follows) for f, fact in announced.items()
    ]
    return changes + [
        Change(ref, "added", f, new=fact, follows=follows) for f, fact in in_force.items()
    ]


# -- rules for CI -----------------------------------------------------------------------


def _amounts(change: Change) -> tuple[tuple[Decimal, str], tuple[Decimal, str]] | None:
    """The amounts and currencies a change of a money figure goes from and to."""
    if change.kind != "changed" or change.old is None or change.new is None:
        return None
    was, now = _MONEY.search(change.old.value), _MONEY.search(change.new.value)
    if was is None or now is None:
        return None
    return (Decimal(was[1]), was[2]), (Decimal(now[1]), now[2])


def _rise(change: Change) -> Decimal:
    """How much an in-force price rises (below 0: falls) in its own currency."""
    amounts = _amounts(change) if change.fact.partition(".")[0] in ("price", "break") else None
    if amounts is None or amounts[0][1] != amounts[1][1]:
        return Decimal(0)
    return amounts[1][0] - amounts[0][0]


def _currency(change: Change) -> bool:
    amounts = _amounts(change)
    return amounts is not None and amounts[0][1] != amounts[1][1]


def _scheduled(change: Change) -> bool:
    return change.kind in _SCHEDULE or change.fact.partition(".")[0] in ("change", "past")


#: ``--fail-on RULE``: which changes fail a CI job.
RULES: dict[str, Callable[[Change], bool]] = {
    "any": lambda change: True,
    "price-increase": lambda change: _rise(change) > 0,
    "price-decrease": lambda change: _rise(change) < 0,
    "removed": lambda change: change.kind == "removed",
    "currency": _currency,
    "schedule": _scheduled,
}


def failed(changes: Iterable[Change], rules: Iterable[str]) -> list[str]:
    """The rules, of those given, that some change breaks."""
    changes = list(changes)
    return [rule for rule in dict.fromkeys(rules) if any(map(RULES[rule], changes))]


# -- output -----------------------------------------------------------------------------

#: The kinds of change said by a verb, "in-force" as "in force"; the others by a new value.
_VERBS = _SCHEDULE | {"added", "removed"}


class Row(NamedTuple):
    """A change as the text and the table state it."""

    what: str  # the figure's field, "offering", or "price change"
    before: str | None
    after: str | None
    verb: str  # what happened, for a change that is not a new value: "added", "moved"
    notes: tuple[str, ...]


def _row(change: Change) -> Row:
    notes: tuple[str, ...] = ("wording only",) if change.kind == "wording" else ()
    notes += (f"follows {change.follows}",) if change.follows else ()
    verb = change.kind.replace("-", " ") if change.kind in _VERBS else ""
    before = change.old.shown if change.old else None
    after = change.new.shown if change.new else None
    what = change.fact or "offering"
    if change.kind in _SCHEDULE:
        head, date = _dated(change.fact)
        what = "price" + head.removeprefix("change") + " change"
        before = before and f"from {date}: {before}"
        after = after and f"from {_dated(change.to or change.fact)[1]}: {after}"
    return Row(what, before, after, verb, notes)


def _summary(comparison: Comparison) -> str:
    changes = comparison.changes
    sides = f"from {comparison.old.label} to {comparison.new.label}"
    if not changes:
        return f"no change readers will see {sides}"
    wording = sum(change.kind == "wording" for change in changes)
    counted = f"{len(changes)} change{'s' if len(changes) != 1 else ''} readers will see {sides}"
    return counted + (f", {wording} in wording only" if wording else "")


def as_text(comparison: Comparison, broken: Sequence[str] = ()) -> str:
    lines = []
    for change in comparison.changes:
        row = _row(change)
        notes = f" ({'; '.join(row.notes)})" if row.notes else ""
        values = " -> ".join(v for v in (row.before, row.after) if v is not None)
        verb = f" {row.verb}" if row.verb else ""
        lines.append(f"{change.offering}: {row.what}{verb}: {values}{notes}")
    lines.append(_summary(comparison))
    lines += [f"fails --fail-on {rule}" for rule in broken]
    return "\n".join(lines) + "\n"


_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|$~#!&])")


def _cell(text: str | None) -> str:
    """Text as a table cell shows it: no character of it read as markup ($ included,
    which GitHub reads as the start of a formula)."""
    return "—" if text is None else _MARKDOWN_SPECIAL.sub(r"\\\1", " ".join(text.split()))


def as_markdown(comparison: Comparison, broken: Sequence[str] = ()) -> str:
    """For a pull request's comment or a GitHub job summary: a table of the changes."""
    lines = ["### Prices readers will see change", ""]
    dates = {side.catalogue.date for side in (comparison.old, comparison.new)}
    on = f" (prices as on {', '.join(sorted(d.isoformat() for d in dates))})"
    summary = _summary(comparison)
    lines += [_cell(summary[:1].upper() + summary[1:] + on) + ".", ""]
    if comparison.changes:
        lines += ["| Offering | What | Before | After | Note |", "| --- | --- | --- | --- | --- |"]
        for change in comparison.changes:
            row = _row(change)
            note = "; ".join(filter(None, (row.verb, *row.notes)))
            cells = (change.offering, row.what, row.before, row.after, note)
            lines.append("| " + " | ".join(map(_cell, cells)) + " |")
        lines.append("")
    lines += [f"**Fails** `--fail-on {rule}`." for rule in broken]
    return "\n".join(lines).rstrip("\n") + "\n"


def _fact(fact: Fact | None) -> dict[str, str | None] | None:
    return fact._asdict() if fact else None


def as_json(comparison: Comparison, broken: Sequence[str] = ()) -> str:
    def side(side: Side) -> dict[str, str]:
        return {"side": side.label, "kind": side.kind, "date": side.catalogue.date.isoformat()}

    changes = [
        {
            "offering": change.offering,
            "fact": change.fact or None,
            "kind": change.kind,
            "old": _fact(change.old),
            "new": _fact(change.new),
            "follows": change.follows,
            **({"to": change.to} if change.to else {}),
        }
        for change in comparison.changes
    ]
    data = {
        "old": side(comparison.old),
        "new": side(comparison.new),
        "changes": changes,
        "failed": list(broken),
    }
    return json.dumps(data, indent=2, ensure_ascii=False) + "\n"


FORMATS: dict[str, Callable[[Comparison, Sequence[str]], str]] = {
    "text": as_text,
    "markdown": as_markdown,
    "json": as_json,
}
