"""Catalogue values as the words and figures readers see, formatted by Babel."""

from __future__ import annotations

import datetime
import gettext
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_time, get_day_names, get_timezone, get_timezone_name
from babel.lists import format_list
from babel.numbers import format_currency, format_decimal, get_currency_symbol

from ..model import BundleItem, BusinessHours, Duration, Money, Purchase, Support

#: Named price formats; any other value is read as a Babel number pattern.
PRICE_FORMATS: dict[str, str | None] = {
    # the language's own order, the home symbol and the code: $350 CAD, 350 $ CAD
    "symbol-code": None,
    "code": "#0 ¤¤",  # 350 CAD
    "locale": None,  # the language's own currency format: CA$350.00, 350,00 $CA
}
_NUMBER_PART = re.compile(r"[#0-9,.\u00a0\u202f ]*[#0][#0-9,.]*")


def translatable(message: str) -> str:
    """Mark a message for extraction; it is translated where it is used."""
    return message


def translatable_plural(singular: str, plural: str) -> tuple[str, str]:
    """Mark a message with a plural form for extraction."""
    return singular, plural


#: The extension's messages, ``locale/LANG/LC_MESSAGES/sphinx_offerings.mo`` (``make messages``)
MESSAGE_CATALOGUE = "sphinx_offerings"


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


def parse_locale(language: str | None) -> Locale:
    """The Babel locale of a Sphinx ``language`` setting, English when unknown."""
    try:
        return Locale.parse((language or "en").replace("-", "_"))
    except (UnknownLocaleError, ValueError):
        return Locale.parse("en")


@dataclass
class Formatter:
    """Formats values for one language and one price format."""

    locale: Locale = field(default_factory=lambda: Locale.parse("en"))
    price_format: str = "symbol-code"
    translations: gettext.NullTranslations = field(default_factory=gettext.NullTranslations)
    #: Texts already made, by value: a table states the same prices and hours row after row.
    _made: dict[tuple[object, ...], str] = field(
        default_factory=dict, init=False, repr=False, compare=False
    )

    def _remember(self, key: tuple[object, ...], make: Callable[[], str]) -> str:
        text = self._made.get(key)
        if text is None:
            text = self._made[key] = make()
        return text

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
        # by the amount as written: 350 and 350.00 are equal, and may read differently
        return self._remember(
            ("money", money.currency, str(money.amount)), lambda: self._money(money)
        )

    def _money(self, money: Money) -> str:
        pattern = self._pattern()
        whole = money.amount == money.amount.to_integral_value()
        if pattern is None:
            return format_currency(money.amount, money.currency, locale=self.locale)
        symbol = self._symbol(money.currency).replace("'", "''")
        literal = pattern.replace("¤¤", "\0")
        if symbol:
            literal = literal.replace("¤", f"'{symbol}'")
        else:  # the sign and the space that sets it apart go
            literal = re.sub("[ \u00a0\u202f]¤|¤[ \u00a0\u202f]?", "", literal, count=1)
        literal = literal.replace("\0", "¤¤")
        return format_currency(
            money.amount,
            money.currency,
            format=literal,
            locale=self.locale,
            currency_digits=not whole,
        )

    def incidents(self, count: int) -> str:
        """A number of incidents, in words below ten: "five incidents"."""
        word = format_decimal(count, locale=self.locale)
        if 0 <= count < len(_NUMBER_WORDS):
            word = self._(_NUMBER_WORDS[count])
        return self._n("{count} incident", "{count} incidents", count).format(count=word)

    def days(self, hours: BusinessHours) -> str:
        names = get_day_names("wide", locale=self.locale)
        days = sorted(hours.days)
        if len(days) == 1:
            return str(names[days[0]])
        if len(days) > 2 and days == list(range(days[0], days[-1] + 1)):
            return self._("{first} through {last}").format(
                first=names[days[0]], last=names[days[-1]]
            )
        return format_list([str(names[d]) for d in days], locale=self.locale)

    def hours(self, hours: BusinessHours) -> str:
        """The whole statement of business hours, as the page gives it."""
        return self._remember(("hours", hours), lambda: self._hours(hours))

    def _hours(self, hours: BusinessHours) -> str:
        # the window in the catalogue's own time zone, its two ends dash-joined
        start, end = (format_time(t, "short", locale=self.locale) for t in (hours.start, hours.end))
        zone = get_timezone_name(get_timezone(hours.time_zone), "long", locale=self.locale)
        text = self._("{window} {zone}, {days}").format(
            window=self._("{start} – {end}").format(start=start, end=end),
            zone=self._("{zone} Zone").format(zone=zone),
            days=self.days(hours),
        )
        if hours.public_holidays_excluded:
            text = self._("{hours}, excluding public holidays").format(hours=text)
        return text

    def duration(self, duration: Duration) -> str:
        units = {
            "hours": translatable_plural("{count} hour", "{count} hours"),
            "business-days": translatable_plural("{count} business day", "{count} business days"),
            "calendar-days": translatable_plural("{count} calendar day", "{count} calendar days"),
        }
        singular, plural = units[duration.unit]
        low, high = (format_decimal(n, locale=self.locale) for n in (duration.low, duration.high))
        shown = self._n(singular, plural, duration.high).format(count=high)
        if duration.low == duration.high:
            return shown
        return self._("{low} to {high}").format(low=low, high=shown)

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

    def per(self, unit: str) -> str:
        """What one price pays for: "per developer"."""
        units = {
            "incident": translatable("per incident"),
            "developer": translatable("per developer"),
            "month": translatable("per month"),
            "year": translatable("per year"),
            "hour": translatable("per hour"),
        }
        return self._(units[unit])

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
            text = self._("{support} for {period} from delivery").format(
                support=text, period=self.duration(support.coverage)
            )
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
        return format_list(parts, locale=self.locale)
