"""Catalogue values as the words and figures readers see, formatted by Babel."""

from __future__ import annotations

import datetime
import gettext
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_day_names, get_timezone, get_timezone_name
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, format_percent, get_currency_symbol

from ..model import (
    Allowance,
    BundleItem,
    BusinessHours,
    Discount,
    Duration,
    Money,
    Purchase,
    Support,
    Term,
    Unit,
)
from ..site import PRICE_FORMATS

_NUMBER_PART = re.compile(r"[#0-9,.\u00a0\u202f ]*[#0][#0-9,.]*")


def translatable(message: str) -> str:
    """Mark a message for extraction; it is translated where it is used."""
    return message


def translatable_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural form for extraction."""
    return singular, plural


#: The extension's messages, ``locale/LANG/LC_MESSAGES/sphinx_offerings.mo`` (``make messages``)
MESSAGE_CATALOGUE = "sphinx_offerings"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"


def formatter_for(
    language: str | None,
    price_format: str,
    units: Mapping[str, Unit] | None = None,
    untranslated: Callable[[], None] | None = None,
) -> Formatter:
    """The formatter of ``language`` (a Sphinx ``language`` setting), with a catalogue's
    own ``units``. Without a translation of the extension's words, they are English, and
    so are the words CLDR gives inside them (day and zone names, lists): no sentence mixes
    two languages; numbers stay the language's. ``untranslated`` is called then, for a
    language other than English."""
    locale, units = parse_locale(language), units or {}
    # looked up afresh: Sphinx keeps one translator per catalogue for the whole process,
    # whatever language a later build in it asks for
    try:
        found = gettext.translation(MESSAGE_CATALOGUE, LOCALE_DIR, [language or "en"])
    except FileNotFoundError:
        if is_english(language):
            return Formatter(locale, price_format, units=units)
        if untranslated is not None:
            untranslated()
        return Formatter(locale, price_format, units=units, words=parse_locale("en"))
    return Formatter(locale, price_format, found, units)


# Spelled out below ten, as the page has always read ("for five incidents").
_NUMBER_WORDS = (
    translatable("zero"),
    translatable("one"),
    translatable("two"),
    translatable("three"),
    translatable("four"),
    translatable("five"),
    translatable("six"),
    translatable("seven"),
    translatable("eight"),
    translatable("nine"),
)


#: Built-in units' words (`model.UNITS`) in English, translated by the message catalogue;
#: time units' are CLDR's (`_CLDR_TIMES`), in every language.
_UNIT_WORDS = {
    "incident": translatable_plural("incident", "incidents"),
    "case": translatable_plural("case", "cases"),
    "ticket": translatable_plural("ticket", "tickets"),
    "developer": translatable_plural("developer", "developers"),
    "user": translatable_plural("user", "users"),
    "seat": translatable_plural("seat", "seats"),
    "server": translatable_plural("server", "servers"),
    "device": translatable_plural("device", "devices"),
    "install": translatable_plural("install", "installs"),
    "site": translatable_plural("site", "sites"),
    "attendee": translatable_plural("attendee", "attendees"),
    "contact": translatable_plural("contact", "contacts"),
    "sprint": translatable_plural("sprint", "sprints"),
    "session": translatable_plural("session", "sessions"),
    "project": translatable_plural("project", "projects"),
}
#: Units whose words, counts ("6 months") and "per" phrases are CLDR's unit patterns.
_CLDR_TIMES = frozenset({"minute", "hour", "day", "week", "month", "year"})
#: "per" phrases of their own; other units read "per {unit}", time units CLDR's "per".
_PER = {
    "incident": translatable("per incident"),
    "developer": translatable("per developer"),
}
_TERM_UNITS = {"years": "year", "months": "month", "weeks": "week", "days": "day"}
_TERM_STARTS = {
    "purchase": translatable("valid for {term} from purchase"),
    "delivery": translatable("valid for {term} from delivery"),
}
_SUPPORT_FROM = {
    "delivery": translatable("{support} for {period} from delivery"),
    "purchase": translatable("{support} for {period} from purchase"),
}
_BILLING = {
    "monthly": translatable("billed monthly"),
    "quarterly": translatable("billed quarterly"),
    "yearly": translatable("billed yearly"),
}
_QUALIFIERS = {
    "from": translatable("from {price}"),
    "starting-at": translatable("starting at {price}"),
}
#: Service times' units: CLDR's time units, and the catalogue's words for the others.
_SERVICE_TIMES = {"minutes": "minute", "hours": "hour", "weeks": "week"}
_TIME_UNITS = {
    "business-hours": translatable_plural("{count} business hour", "{count} business hours"),
    "business-days": translatable_plural("{count} business day", "{count} business days"),
    "calendar-days": translatable_plural("{count} calendar day", "{count} calendar days"),
}
_NAMED_TIMES = {
    "next-business-day": translatable("next business day"),
    "same-business-day": translatable("same business day"),
}
_RANGES = {
    "to": translatable("{low} to {high}"),
    "between": translatable("between {low} and {high}"),
}
_BOUNDS = {
    "within": translatable("within {time}"),
    "less-than": translatable("less than {time}"),
    "up-to": translatable("up to {time}"),
}


def parse_locale(language: str | None) -> Locale:
    """The Babel locale of a Sphinx ``language`` setting, English when unknown."""
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


def is_english(language: str | None) -> bool:
    """Whether a ``language`` setting is English (en, en_GB, en-US): the messages' own."""
    return re.split("[-_]", language or "en")[0].lower() == "en"


@dataclass
class Formatter:
    """Formats values for one language and one price format.

    Numbers, amounts and percentages follow ``locale``; words follow ``words``, the
    language of ``translations``: CLDR's (day and zone names, times of day, time units,
    lists) are taken in the same language as the sentences that hold them.
    """

    locale: Locale = field(default_factory=lambda: Locale.parse("en"))
    price_format: str = "symbol-code"
    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    #: The catalogue's own units, with their words.
    units: Mapping[str, Unit] = field(default_factory=dict)
    #: The language of the words, when the message catalogue has none for ``locale``
    #: (English); None: ``locale``'s.
    words: Locale | None = None
    #: Texts already made, by value: a table states the same prices and hours row after row.
    _made: dict[tuple[object, ...], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _remember(self, key: tuple[object, ...], make: Callable[[], str]) -> str:
        text = self._made.get(key)
        if text is None:
            text = self._made[key] = make()
        return text

    @property
    def _words(self) -> Locale:
        return self.words or self.locale

    def _(self, message: str) -> str:
        return self.translations.gettext(message)

    def _n(self, singular: str, plural: str, count: int) -> str:
        return self.translations.ngettext(singular, plural, count)

    def _symbol(self, currency: str) -> str:
        """A currency sign for "$350 CAD": this language's if it is a bare sign ("€", "¥"),
        else the one the currency's own country writes ("$" for CAD and USD, not "CA$"),
        else none (the code alone says it: "5 CHF")."""
        own = get_currency_symbol(currency, self.locale)
        if not any(c.isalpha() for c in own):
            return own
        try:
            home = get_currency_symbol(currency, Locale.parse(f"und_{currency[:2]}"))
        except (UnknownLocaleError, ValueError):
            return ""
        return "" if any(c.isalpha() for c in home) else home

    def _pattern(self) -> str | None:
        if self.price_format == "symbol-code":
            # The language's currency pattern, without grouping or decimals, then the code:
            # "¤#,##0.00" (en) gives "¤#0 ¤¤", "#,##0.00 ¤" (fr) gives "#0 ¤ ¤¤".
            standard = self.locale.currency_formats["standard"].pattern.split(";")[0]
            return _NUMBER_PART.sub("#0", standard, count=1).strip() + " ¤¤"
        return PRICE_FORMATS.get(self.price_format, self.price_format)

    def money(self, money: Money) -> str:
        if not money.amount:
            return self._("free")
        # by the amount as written: 350 and 350.00 are equal, and may read differently
        return self._remember(
            ("money", money.currency, str(money.amount)), lambda: self._money(money)
        )

    def _money(self, money: Money) -> str:
        amount, currency = money
        pattern = self._pattern()
        if pattern is None:
            return format_currency(amount, currency, locale=self.locale)
        symbol = self._symbol(currency).replace("'", "''")
        literal = pattern.replace("¤¤", "\0")
        if symbol:
            literal = literal.replace("¤", f"'{symbol}'")
        else:  # the sign and the space that sets it apart go
            literal = re.sub("[ \u00a0\u202f]¤|¤[ \u00a0\u202f]?", "", literal, count=1)
        literal = literal.replace("\0", "¤¤")
        whole = amount == amount.to_integral_value()
        return format_currency(
            amount, currency, format=literal, locale=self.locale, currency_digits=not whole
        )

    def incidents(self, count: int) -> str:
        """A number of incidents, in words below ten: "five incidents"."""
        word = format_decimal(count, locale=self.locale)
        if 0 <= count < len(_NUMBER_WORDS):
            word = self._(_NUMBER_WORDS[count])
        return self._n("{count} incident", "{count} incidents", count).format(count=word)

    def days(self, hours: BusinessHours) -> str:
        """ "Monday", "Saturday and Sunday", "Monday, Wednesday, and Friday" (CLDR's names
        and list); three days or more in a row, "Monday through Friday": a phrase of the
        message catalogue, as CLDR's range is a dash between the names, not words."""
        names = get_day_names("wide", locale=self._words)
        days = sorted(hours.days)
        if len(days) == 1:
            return str(names[days[0]])
        if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
            return self._("{first} through {last}").format(
                first=names[days[0]], last=names[days[-1]]
            )
        return format_list([str(names[d]) for d in days], locale=self._words)

    def hours(self, hours: BusinessHours) -> str:
        """The whole statement of business hours, as the page gives it."""
        return self._remember(("hours", hours), lambda: self._hours(hours))

    def _hours(self, hours: BusinessHours) -> str:
        # the window in the catalogue's own time zone, its two ends dash-joined; a time of
        # day may hold words ("7:00 PM"), so it is in the language of the sentence
        start, end = (format_time(t, "short", locale=self._words) for t in (hours.start, hours.end))
        zone = get_timezone_name(get_timezone(hours.time_zone), "long", locale=self._words)
        text = self._("{window} {zone}, {days}").format(
            window=self._("{start} – {end}").format(start=start, end=end),
            zone=self._("{zone} Zone").format(zone=zone),
            days=self.days(hours),
        )
        if hours.public_holidays_excluded:
            text = self._("{hours}, excluding public holidays").format(hours=text)
        return text

    def duration(self, duration: Duration) -> str:
        """A service time: "2 to 8 hours", "between 2 and 8 hours", "within 24 hours"."""
        if not duration.low:  # a time with no count
            return self._(_NAMED_TIMES[duration.unit])
        low, high = (format_decimal(n, locale=self.locale) for n in (duration.low, duration.high))
        if duration.unit in _SERVICE_TIMES:
            shown = self._cldr(_SERVICE_TIMES[duration.unit], duration.high, high)
        else:
            shown = self._n(*_TIME_UNITS[duration.unit], duration.high).format(count=high)
        if duration.low != duration.high:
            shown = self._(_RANGES[duration.range]).format(low=low, high=shown)
        return self._(_BOUNDS[duration.bound]).format(time=shown) if duration.bound else shown

    def _unit_patterns(self, unit: str) -> Mapping[str, str]:
        """CLDR's long patterns of a time unit: by plural form ("{0} hours"), and "per"."""
        # what babel.units.format_unit reads, which has no way to give the "per" pattern
        lengths: Mapping[str, Mapping[str, str]] = self._words._data["unit_patterns"][
            f"duration-{unit}"
        ]
        return lengths["long"]

    def _cldr(self, unit: str, count: int, number: str) -> str:
        """``number`` of a time unit, by CLDR's pattern for ``count``: "6 months"."""
        patterns = self._unit_patterns(unit)
        return str(patterns.get(self._words.plural_form(count), patterns["other"])).format(number)

    def unit_word(self, unit: str, count: int) -> str:
        """The word of a unit for ``count`` of it: "case", "cases"; the catalogue's own
        words, else CLDR's (time units), else the extension's."""
        own = self.units.get(unit)
        if own is not None:
            one, other = own.words.get(self._words.language, own.words[""])
            return one if self._words.plural_form(count) == "one" else other
        if unit in _CLDR_TIMES:
            return self._cldr(unit, count, "").strip()
        singular, plural = _UNIT_WORDS.get(unit, (unit, unit + "s"))
        return self._n(singular, plural, count)

    def count(self, count: int, unit: str) -> str:
        """A count of a unit, in digits: "5 cases", "1 year"."""
        number = format_decimal(count, locale=self.locale)
        if unit in _CLDR_TIMES and unit not in self.units:
            return self._cldr(unit, count, number)
        return self._("{count} {unit}").format(count=number, unit=self.unit_word(unit, count))

    def per(self, units: tuple[str, ...], quantity: int | None = None) -> str:
        """What one price pays for: "per developer", "per user per year", "per 5 cases"."""
        if quantity is not None:
            first = self._("per {quantity}").format(quantity=self.count(quantity, units[0]))
            return " ".join([first, *(self.per((u,)) for u in units[1:])])
        if len(units) > 1:
            return " ".join(self.per((u,)) for u in units)
        unit = units[0]
        if unit in self.units:
            return self._("per {unit}").format(unit=self.unit_word(unit, 1))
        if unit in _PER:
            return self._(_PER[unit])
        if unit in _CLDR_TIMES and "per" in (patterns := self._unit_patterns(unit)):
            return str(patterns["per"]).format("").strip()
        return self._("per {unit}").format(unit=self.unit_word(unit, 1))

    def term(self, term: Term) -> str:
        """ "for 1 year", "valid for 6 months from purchase" """
        length = self.count(term.count, _TERM_UNITS[term.unit])
        if term.start is None:
            return self._("for {term}").format(term=length)
        words = _TERM_STARTS[term.start]
        return self._(words).format(term=length)

    def billing(self, billing: str) -> str:
        return self._(_BILLING[billing])

    def qualifier(self, qualifier: str) -> str:
        """The words around a qualified price: "from {price}", "starting at {price}"."""
        return self._(_QUALIFIERS[qualifier])

    def percent(self, percent: Decimal) -> str:
        # every digit the catalogue gives: the language's pattern has none after the point
        return format_percent(percent / 100, locale=self.locale, decimal_quantization=False)

    def discount(self, discount: Discount) -> str:
        """ "10% off when paid yearly upfront" """
        off = self._("{percent} off").format(percent=self.percent(discount.percent))
        return f"{off} {discount.condition}" if discount.condition else off

    def allowance(self, allowance: Allowance) -> str:
        """ "5 cases", "unlimited incidents", "up to 5 attendees", "1 emergency incident per
        year", "no emergency incidents" (0: not included)"""
        if allowance.quantity is None:
            text = self._("unlimited {units}").format(units=self.unit_word(allowance.unit, 2))
        elif allowance.quantity == 0:
            return self._("no {units}").format(units=self.unit_word(allowance.unit, 0))
        else:
            text = self.count(allowance.quantity, allowance.unit)
            if allowance.up_to:
                text = self._("up to {count}").format(count=text)
        return f"{text} {self.per((allowance.per,))}" if allowance.per else text

    def quantities(self, low: int, high: int | None, unit: str) -> str:
        """ "1-4 seats" (an en dash between), "20 seats or more" """
        if high is None:
            return self._("{count} or more").format(count=self.count(low, unit))
        if low == high:
            return self.count(low, unit)
        low_text = format_decimal(low, locale=self.locale)
        return self._("{low}–{high}").format(low=low_text, high=self.count(high, unit))

    def coverage(self, coverage: str) -> str:
        """ "8x5" and "24x7" as written; "business days" in words"""
        return self._("business days") if coverage == "business-days" else coverage

    def feature(self, value: bool | str) -> str:
        if isinstance(value, str):
            return value
        return self._("included") if value else self._("not included")

    def purchase(self, purchase: Purchase) -> str:
        """The words of the purchase column: an instruction, or the text of a link."""
        if purchase.label:
            return purchase.label
        labels = {
            "contact": translatable("Contact us for purchase link"),
            "mailto": translatable("Buy by e-mail"),
            "checkout": translatable("Buy online"),
        }
        return self._(labels[purchase.channel])

    def tax(self, tax: str) -> str:
        return self._(
            translatable("before tax") if tax == "excluded" else translatable("tax included")
        )

    def date(self, value: datetime.date) -> str:
        return format_date(value, "yyyy-MM-dd", locale=self.locale)

    def support(self, support: Support) -> str:
        """ "e-mail support for 90 calendar days from delivery, first response within 2
        business days" """
        text = self._("e-mail support")
        if support.coverage:
            words = _SUPPORT_FROM[support.coverage_from]
            text = self._(words).format(support=text, period=self.duration(support.coverage))
        if support.response_time:
            text = self._("{support}, first response within {time}").format(
                support=text, time=self.duration(support.response_time)
            )
        return text

    def bundle(self, items: tuple[BundleItem, ...]) -> str:
        """What a bundle contains, as a list in a sentence."""
        parts = []
        for item in items:
            if item.name:
                parts.append(item.name)
            elif item.support:
                parts.append(self.support(item.support))
        return format_list(parts, locale=self._words)
