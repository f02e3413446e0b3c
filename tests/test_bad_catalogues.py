"""Bad catalogues: each mistake is caught, located at line:col and explained.

Each case edits a small valid catalogue (tests/catalogues/minimal.yaml), or, for the keys
minimal.yaml does not use (units, terms, allowances, discounts, breaks, links, features,
service times), the catalogue of every kind of figure (tests/roots/test-figures); the
expected lines and columns were counted by hand against that file.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from sphinx_offerings.cli import main

MINIMAL = Path(__file__).resolve().parent / "catalogues" / "minimal.yaml"
TEXT = MINIMAL.read_text("utf-8")
EVERY_FIGURE = Path(__file__).resolve().parent / "roots" / "test-figures" / "catalogue.yaml"


def replace(old: str, new: str) -> Callable[[str], str]:
    def edit(text: str) -> str:
        assert text.count(old) == 1, old
        return text.replace(old, new)

    return edit


def whole(new: str) -> Callable[[str], str]:
    return lambda _text: new


@dataclass
class Case:
    id: str
    edit: Callable[[str], str] | None
    errors: list[tuple[str, str]]  # (line:col, words the message must contain)
    raw: bytes | None = None
    catalogue: Path = MINIMAL


CASES = [
    Case(
        "syntax-error",
        replace("name: Single Incident", "name: [Single Incident"),
        [("20:10", "YAML syntax")],
    ),
    Case(
        "tab-indentation",
        replace("    group: support", "\tgroup: support"),
        [("18:1", "tab character that violates indentation")],
    ),
    Case(
        "duplicate-key",
        replace("    name: Single Incident\n", "    name: Single Incident\n    name: Again\n"),
        [("20:5", "duplicate key 'name'; it is first set at line 19, column 5")],
    ),
    Case("yes", replace("incidents: 1", "incidents: yes"), [("21:16", "'yes' is ambiguous")]),
    Case("on", replace("name: Single Incident", "name: on"), [("19:11", "'on' is ambiguous")]),
    Case("no", replace("label: the support team", "label: no"), [("5:12", "'no' is ambiguous")]),
    Case(
        "unquoted-time",
        replace('start: "09:00"', "start: 19:00"),
        [("9:12", "'19:00' is ambiguous: quote it (\"19:00\")")],
    ),
    Case("octal", replace("incidents: 1", "incidents: 010"), [("21:16", "leading zero")]),
    Case(
        "three-decimals",
        replace("price: 350", "price: 350.125"),
        [("20:12", "350.125 has 3 decimals; CAD has 2")],
    ),
    Case("negative-price", replace("price: 350", "price: -5"), [("20:12", "-5 is too small")]),
    Case(
        "amount-as-text",
        replace("price: 350", "price: {amount: abc}"),
        [("20:21", "amount: 'abc' is not a number")],
    ),
    Case(
        "unknown-currency",
        replace("currency: CAD", "currency: XYZ"),
        [("1:11", "'XYZ' is not the ISO 4217 code of a currency in use")],
    ),
    Case(
        "currency-form",
        replace("price: 350", "price: {amount: 5, currency: cad}"),
        [("20:34", "'cad' is not an ISO 4217 code")],
    ),
    Case(
        "unknown-key-typo",
        replace("    name: Single Incident", "    nmae: Single Incident"),
        [
            ("17:5", "the required key 'name' is missing"),
            ("19:5", "unknown key 'nmae' (did you mean 'name'?)"),
        ],
    ),
    Case(
        "missing-required",
        replace("    group: support\n", ""),
        [("17:5", "the required key 'group' is missing")],
    ),
    Case("empty-value", replace("name: Single Incident", "name:"), [("19:10", "value is empty")]),
    Case(
        "empty-text",
        replace("name: Single Incident", 'name: "  "'),
        [("19:11", "value is empty")],
    ),
    Case(
        "duplicate-id",
        replace("- id: advisory", "- id: single"),
        [("25:9", "'single' is already used at line 17")],
    ),
    Case(
        "dangling-reference",
        replace("{same_as: single}", "{same_as: singel}"),
        [("28:22", "no offering is called 'singel' (did you mean 'single'?)")],
    ),
    Case(
        "reference-cycle",
        replace("price: 350", "price: {same_as: advisory}"),
        [("20:22", "loop: single -> advisory -> single")],
    ),
    Case(
        "unknown-contact",
        replace(
            "    purchase: {channel: contact, contact: support}\n    service_level",
            "    purchase: {channel: contact, contact: sales}\n    service_level",
        ),
        [("22:43", "no contact is called 'sales'")],
    ),
    Case(
        "malformed-email",
        replace("email: support@example.com", "email: support.example.com"),
        [("4:12", "'support.example.com' is not a plain e-mail address")],
    ),
    Case(
        "email-bcc",
        replace("email: support@example.com", "email: support@example.com?bcc=x@evil.example"),
        [("4:12", "has a query part")],
    ),
    Case(
        "email-line-break",
        replace("email: support@example.com", 'email: "support@example.com\\nBcc: x@evil.example"'),
        [("4:12", "contains white space or a line break")],
    ),
    Case(
        "javascript-url",
        replace("url: https://example.com/lex", 'url: "javascript:alert(1)"'),
        [("32:8", "'javascript:alert(1)' is not an https link")],
    ),
    Case(
        "python-tag",
        replace("name: Single Incident", 'name: !!python/object/apply:os.system ["ls"]'),
        [("19:11", "python/object/apply:os.system' is not allowed")],
    ),
    Case(
        "custom-tag",
        replace("name: Single Incident", "name: !secret hello"),
        [("19:11", "the tag '!secret' is not allowed")],
    ),
    Case(
        "alias-bomb",
        lambda text: 'lol: &a ["lol", "lol"]\nlol2: [*a, *a, *a, *a]\n' + text,
        [("1:6", "anchors (&a) are not allowed")],
    ),
    Case(
        "merge-key",
        replace("    label: the support team", "    <<: {label: x}"),
        [("5:5", "merge keys (<<) are not allowed")],
    ),
    Case(
        "deep-nesting",
        replace("name: Single Incident", "name: " + "[" * 100 + "]" * 100),
        [("19:40", "nesting is deeper than 32 levels")],
    ),
    Case(
        "two-documents",
        lambda text: text + "---\nmore: 1\n",
        [("33:1", "only one YAML document is allowed")],
    ),
    Case(
        "key-not-text",
        replace("    label: the support team", "    label: the support team\n    1: x"),
        [("6:5", "the key 1 is not text")],
    ),
    Case(
        "unknown-unit",
        replace("unit: hours", "unit: hour"),
        [
            (
                "15:37",
                "'hour' is not one of: minutes, hours, business-hours, business-days, "
                "calendar-days, weeks (did you mean 'hours'?)",
            )
        ],
    ),
    Case(
        "no-currency",
        replace("currency: CAD\n", ""),
        [("19:12", "no currency")],
    ),
    Case(
        "end-before-start",
        replace('end: "17:00"', 'end: "08:00"'),
        [("10:10", "end: 08:00 is not after start 09:00")],
    ),
    Case(
        "unknown-time-zone",
        replace("time_zone: America/Toronto", "time_zone: America/Torronto"),
        [
            (
                "11:16",
                "'America/Torronto' is not an IANA time-zone name "
                "(did you mean 'America/Toronto'?)",
            )
        ],
    ),
    Case(
        "two-mib-file",
        lambda text: text + "# " + "x" * (2 * 1024 * 1024) + "\n",
        [("1:1", "a catalogue may be at most 1,048,576 bytes")],
    ),
    Case(
        "latin-1-bytes",
        None,
        [("19:14", "byte 0xe9 is not UTF-8")],
        raw=TEXT.replace("name: Single Incident", "name: Café").encode("latin-1"),
    ),
    Case(
        "nul-byte",
        replace("name: Single Incident", "name: Single\0Incident"),
        [("19:17", "NUL byte")],
    ),
    Case(
        "huge-numeral",
        replace("incidents: 1", "incidents: " + "9" * 5000),
        [("21:16", "cannot be read")],
    ),
    # lines and columns as an editor counts them, whatever the line breaks and characters
    Case(
        "duplicate-key-with-crlf-line-breaks",
        None,
        [("20:5", "duplicate key 'name'; it is first set at line 19, column 5")],
        raw=replace("    name: Single Incident\n", "    name: Single Incident\n    name: Again\n")(
            TEXT
        )
        .replace("\n", "\r\n")
        .encode(),
    ),
    Case(
        "unknown-time-zone-with-cr-line-breaks",
        None,
        [("11:16", "'Eastern'")],
        raw=TEXT.replace("America/Toronto", "Eastern").replace("\n", "\r").encode(),
    ),
    Case(
        "undeclared-contact-after-an-emoji",
        replace(
            "submit: {contact: support, label: Get Started}",
            'submit: {label: "Get \U0001f600 Started", contact: helpdesk}',
        ),
        [("24:47", "no contact is called 'helpdesk'")],
    ),
    Case(
        "discount-not-lower",
        replace("price: 350", "price: {amount: 350, original: 300}"),
        [("20:36", "original: 300 is not more than the amount 350")],
    ),
    Case(
        "schedule-out-of-order",
        replace(
            "price: 350",
            "price: {amount: 350, schedule: [{effective: 2027-06-01, amount: 400}, "
            "{effective: 2027-01-01, amount: 380}]}",
        ),
        [("20:87", "effective: 2027-01-01 is not after 2027-06-01")],
    ),
    Case(
        "schedule-impossible-date",
        replace(
            "price: 350", "price: {amount: 350, schedule: [{effective: 2027-02-30, amount: 1}]}"
        ),
        [("20:49", "effective: '2027-02-30' is not a date")],
    ),
    Case(
        "checkout-without-url",
        replace(
            "    purchase: {channel: contact, contact: support}\n    service_level",
            "    purchase: {channel: checkout}\n    service_level",
        ),
        [("22:15", "the required key 'url' is missing")],
    ),
    Case(
        "checkout-http-url",
        replace(
            "    purchase: {channel: contact, contact: support}\n    service_level",
            "    purchase: {channel: checkout, url: http://shop.example.com}\n    service_level",
        ),
        [("22:40", "'http://shop.example.com' is not an https link")],
    ),
    Case(
        "unknown-unit-per",
        replace("price: 350", "price: {amount: 350, per: fortnight}"),
        [
            (
                "20:31",
                "per: no unit is called 'fortnight'; declare it in the catalogue's units "
                "(fortnight: {one: ..., other: ...}), or use one of: attendee, case,",
            )
        ],
    ),
    Case(
        "weekday-twice",
        replace("days: [monday, friday]", "days: [monday, monday]"),
        [("8:11", "days: 'monday' is listed more than once")],
    ),
    Case(
        "weekday-not-a-list",
        replace("days: [monday, friday]", "days: monday"),
        [("8:11", "days: 'monday' is not a list; write it in brackets: [monday]")],
    ),
    Case("empty-file", whole(""), [("1:1", "the catalogue is empty")]),
    Case("only-comments", whole("# nothing yet\n"), [("1:1", "the catalogue is empty")]),
    Case(
        "top-level-list",
        whole("- single\n- advisory\n"),
        [("1:1", "its top level must be a mapping")],
    ),
]


def figures(id: str, old: str, new: str, errors: list[tuple[str, str]]) -> Case:
    """A case that edits the catalogue of every kind of figure."""
    return Case(id, replace(old, new), errors, catalogue=EVERY_FIGURE)


#: Mistakes with the keys of units, terms, allowances, price qualifiers, discounts, breaks,
#: links, features and service times; line:col counted in tests/roots/test-figures.
NEW_KEY_CASES = [
    figures(
        "term-of-two-lengths",
        "term: {months: 6, from: purchase}",
        "term: {years: 1, months: 6}",
        [("76:11", "term: give one of years, months, weeks or days, not years and months")],
    ),
    figures(
        "term-without-length",
        "term: {months: 6, from: purchase}",
        "term: {from: purchase}",
        [("76:11", "term: say how long: give one of years, months, weeks or days")],
    ),
    figures(
        "term-empty",
        "term: {months: 6, from: purchase}",
        "term: {}",
        [("76:11", "term: the mapping is empty; give one of years, months, weeks or days")],
    ),
    # one error, of the key: not a second one saying the term has no length
    figures(
        "term-length-misspelt",
        "term: {years: 1}",
        "term: {year: 1}",
        [("68:16", "unknown key 'year' (did you mean 'years'?)")],
    ),
    figures(
        "term-start-misspelt",
        "term: {months: 6, from: purchase}",
        "term: {months: 6, from: purchse}",
        [("76:29", "from: 'purchse' is not one of: purchase, delivery (did you mean 'purchase'?)")],
    ),
    figures(
        "unknown-unit-in-per",
        "per: case",
        "per: cse",
        [
            (
                "65:14",
                "per: no unit is called 'cse' (did you mean 'case'?); declare it in the "
                "catalogue's units (cse: {one: ..., other: ...}), or use one of: attendee,",
            )
        ],
    ),
    figures(
        "unknown-unit-in-per-list",
        "per: [seat, month]",
        "per: [seat, monht]",
        [("74:21", "per item 2: no unit is called 'monht' (did you mean 'month'?)")],
    ),
    figures("per-empty", "per: case", "per: []", [("65:14", "per: the list is empty")]),
    figures(
        "unknown-unit-of-allowance",
        "unit: named-contact}",
        "unit: named-contacts}",
        [
            (
                "80:37",
                "unit: no unit is called 'named-contacts' (did you mean 'named-contact'?); "
                "declare it in the catalogue's units (named-contacts: {one: ..., other: ...})",
            )
        ],
    ),
    figures(
        "unknown-period-of-allowance",
        "incident, per: year}",
        "incident, per: yaer}",
        [("81:61", "per: no unit is called 'yaer' (did you mean 'year'?); declare it in")],
    ),
    figures(
        "unlimited-misspelt",
        "quantity: unlimited",
        "quantity: unlimted",
        [
            (
                "81:29",
                "quantity: 'unlimted' is not valid; it must be one of: a whole number "
                "(0: not included) or unlimited (did you mean 'unlimited'?)",
            )
        ],
    ),
    figures(
        "allowance-key-misspelt",
        "unit: named-contact}",
        "unit: named-contact, upto: true}",
        [("80:52", "unknown key 'upto' (did you mean 'up_to'?)")],
    ),
    figures(
        "price-quantity-unlimited",
        "quantity: 5\n",
        "quantity: unlimited\n",
        [("66:19", "quantity: 'unlimited' is not a whole number")],
    ),
    figures(
        "quantity-without-per",
        "        per: case\n",
        "",
        [("65:19", "quantity: say what is counted: give the price a unit (per: seat)")],
    ),
    figures(
        "discount-over-100",
        "percent: 10",
        "percent: 150",
        [("72:31", "percent: 150 is too large; it must be at most 100")],
    ),
    figures(
        "discount-of-0",
        "percent: 10",
        "percent: 0",
        [("72:31", "percent: 0 is too small; it must be more than 0")],
    ),
    figures(
        "breaks-out-of-order",
        "[{min: 5, amount: 35}, {min: 20,",
        "[{min: 20, amount: 35}, {min: 5,",
        [("75:47", "min: 5 is not more than 20, the min of a break before it: list breaks by")],
    ),
    figures(
        "first-break-at-1",
        "{min: 5, amount: 35}",
        "{min: 1, amount: 35}",
        [("75:24", "min: 1 is not more than 1: the price's amount is for 1 up to the first")],
    ),
    figures(
        "breaks-without-per",
        "        per: [seat, month]\n",
        "",
        [("74:17", "breaks: say what is counted: give the price a unit (per: seat)")],
    ),
    figures(
        "break-on-request-misspelt",
        "amount: on-request}",
        "amount: on request}",
        [("75:58", "amount: 'on request' is not valid; it must be one of: the price per unit")],
    ),
    figures(
        "approx-in-own-currency",
        "currency: USD}",
        "currency: EUR}",
        [("70:41", "currency: the approximate amount is in EUR, the price's own currency")],
    ),
    figures(
        "approx-code-in-lower-case",
        "currency: USD}",
        "currency: usd}",
        [("70:41", "currency: 'usd' is not an ISO 4217 code, such as CAD or USD")],
    ),
    figures(
        "approx-unknown-currency",
        "currency: USD}",
        "currency: XYZ}",
        [("70:41", "currency: 'XYZ' is not the ISO 4217 code of a currency in use")],
    ),
    figures(
        "approx-without-currency",
        "approx: {amount: 540, currency: USD}",
        "approx: 540",
        [("70:17", "approx: 540 is not a mapping with the keys 'amount' and 'currency'")],
    ),
    figures(
        "billing-annually",
        "billing: yearly",
        "billing: annually",
        [
            (
                "69:18",
                "billing: 'annually' is not one of: monthly, quarterly, yearly "
                "(did you mean 'yearly'?)",
            )
        ],
    ),
    figures(
        "qualifier-misspelt",
        "qualifier: from",
        "qualifier: starting",
        [("67:20", "'starting' is not one of: from, starting-at (did you mean 'starting-at'?)")],
    ),
    figures(
        "plus-not-a-list",
        "plus: [travel expenses]",
        "plus: travel expenses",
        [("71:15", "plus: 'travel expenses' is not a list; write it in brackets: [travel")],
    ),
    figures(
        "undeclared-feature",
        "sso: true",
        "saml: true",
        [
            (
                "87:7",
                "features: no feature is called 'saml'; declare it in the catalogue's features "
                "(saml: {name: ...}), or use one of: sso",
            )
        ],
    ),
    figures(
        "coverage-25-hours",
        "coverage: 24x7",
        "coverage: 25x7",
        [
            (
                "31:15",
                "coverage: '25x7' is not valid; it must be one of: 8x5, 24x7 "
                "(hours a day x days a week), or business-days",
            )
        ],
    ),
    figures(
        "coverage-misspelt",
        "coverage: 24x7",
        "coverage: business-day",
        [("31:15", "or business-days (did you mean 'business-days'?)")],
    ),
    figures(
        "time-min-not-below-max",
        "priority: {value: 4, unit: hours, bound: within, label: Priority response}",
        "priority: {min: 8, max: 4, unit: hours}",
        [("33:17", "priority: min (8) must be less than max (4); for one value write 'value'")],
    ),
    figures(
        "time-min-without-max",
        "priority: {value: 4, unit: hours, bound: within, label: Priority response}",
        "priority: {min: 4, unit: hours}",
        [("33:17", "priority: give either 'value', or both 'min' and 'max'")],
    ),
    figures(
        "named-time-misspelt",
        "hotfix: next-business-day",
        "hotfix: next-busines-day",
        [
            (
                "34:15",
                "hotfix: 'next-busines-day' is not valid; it must be one of: a duration, or "
                "next-business-day or same-business-day (did you mean 'next-business-day'?)",
            )
        ],
    ),
    figures(
        "unit-without-plural",
        "named-contact: {one: named contact, other: named contacts}",
        "named-contact: {one: named contact}",
        [("10:18", "named-contact: the required key 'other' is missing")],
    ),
    figures(
        "unit-translation-without-plural",
        "other: named contacts}",
        "other: named contacts, translations: {fr: {one: contact nommé}}}",
        [("10:81", "fr: the required key 'other' is missing")],
    ),
    figures(
        "http-link",
        'url: "https://example.com/terms"',
        "url: http://example.com/terms",
        [("83:20", "url: 'http://example.com/terms' is not an https link")],
    ),
    figures(
        "link-without-label",
        'terms: {url: "https://example.com/terms", label: Terms of service}',
        'terms: "https://example.com/terms"',
        [("83:14", "is not a mapping with the keys 'url' and 'label'")],
    ),
    figures(
        "condition-as-list",
        "refunds: non-refundable, not pro rata",
        "refunds: [non-refundable]",
        [("85:16", "refunds: a list is not text")],
    ),
]


#: Wrong data the checks once let through.
REFUSED_CASES = [
    # a pattern anchored with $ meant the whole text but a final line break
    Case(
        "id-with-final-line-break",
        replace("- id: single\n", '- id: "single\\n"\n'),
        [
            ("17:9", "id: 'single\\n' is not a short name"),
            ("28:22", "same_as: no offering is called 'single'"),
        ],
    ),
    Case(
        "url-with-final-line-break",
        replace("url: https://example.com/lex", 'url: "https://example.com/lex\\n"'),
        [("32:8", "url: 'https://example.com/lex\\n' is not an https link")],
    ),
    Case(
        "time-with-final-line-break",
        replace('start: "09:00"', 'start: "09:00\\n"'),
        [("9:12", "start: '09:00\\n' is not a 24-hour time")],
    ),
    Case(
        "currency-with-final-line-break",
        replace("currency: CAD", 'currency: "CAD\\n"'),
        [("1:11", "currency: 'CAD\\n' is not an ISO 4217 code")],
    ),
    # characters a reader cannot see, which the page, offerings.json and a subject carry
    Case(
        "escaped-nul-in-name",
        replace("name: Single Incident", 'name: "Single\\0Incident"'),
        [("19:11", "name: the text holds U+0000 NULL, an invisible or control character")],
    ),
    Case(
        "right-to-left-override-in-name",
        replace("name: Single Incident", 'name: "Single\\u202eIncident"'),
        [("19:11", "name: the text holds U+202E RIGHT-TO-LEFT OVERRIDE")],
    ),
    Case(
        "zero-width-space-in-label",
        replace("label: Get Started", 'label: "Get\\u200bStarted"'),
        [("24:39", "label: the text holds U+200B ZERO WIDTH SPACE")],
    ),
    Case(
        "byte-order-mark-in-email",
        replace("email: support@example.com", 'email: "\\ufeffsupport@example.com"'),
        [("4:12", "email: the text holds U+FEFF ZERO WIDTH NO-BREAK SPACE")],
    ),
    Case(
        "bell-in-label",
        replace("label: the support team", 'label: "the support\\a team"'),
        [("5:12", "label: the text holds U+0007 BELL")],
    ),
    Case(
        "line-separator-in-label",
        replace("label: the support team", 'label: "the support\\u2028team"'),
        [("5:12", "label: the text holds U+2028 LINE SEPARATOR")],
    ),
    Case(
        "left-to-right-mark-in-id",
        replace("- id: advisory", '- id: "advisory\\u200e"'),
        [("25:9", "id: the text holds U+200E LEFT-TO-RIGHT MARK")],
    ),
    # a key with one, and the references to it: the messages escape it, never print it
    Case(
        "word-joiner-in-key",
        replace("  support:\n    email", '  "sup\\u2060port":\n    email'),
        [
            ("3:3", "the key 'sup\\u2060port' holds U+2060 WORD JOINER"),
            ("22:43", "(did you mean 'sup\\u2060port'?)"),
            ("24:23", "or use one of: sup\\u2060port"),
            ("29:43", "no contact is called 'support'"),
        ],
    ),
    # IANA names only: the zone tree also holds localtime, posixrules, posix/ and right/
    Case(
        "time-zone-localtime",
        replace("time_zone: America/Toronto", "time_zone: localtime"),
        [("11:16", "time_zone: 'localtime' is not an IANA time-zone name")],
    ),
    Case(
        "time-zone-posix-path",
        replace("time_zone: America/Toronto", "time_zone: posix/America/Toronto"),
        [("11:16", "time_zone: 'posix/America/Toronto' is not an IANA time-zone name")],
    ),
    Case(
        "time-zone-factory",
        replace("time_zone: America/Toronto", "time_zone: Factory"),
        [("11:16", "time_zone: 'Factory' is not an IANA time-zone name")],
    ),
    Case(
        "time-zone-in-lower-case",
        replace("time_zone: America/Toronto", "time_zone: america/toronto"),
        [
            (
                "11:16",
                "'america/toronto' is not an IANA time-zone name (did you mean 'America/Toronto'?)",
            )
        ],
    ),
    # a price follows one in its own currency: none is converted
    Case(
        "same-as-across-currencies",
        replace("price: 350", "price: {amount: 350, currency: USD}"),
        [
            (
                "28:22",
                "same_as: 'single' is priced in USD, and this offering's file states its "
                "prices in CAD: a price can only follow one in its own currency",
            )
        ],
    ),
    # money exact at every size: amounts below 10^12, products never rounded
    Case(
        "amount-of-32-digits",
        replace("price: 350", "price: " + "9" * 32),
        [("20:12", "price: " + "9" * 32 + " is too large; it must be less than 1000000000000")],
    ),
    Case(
        "twice-the-largest-amount",
        lambda text: replace("{same_as: single}", "{same_as: single, times: 2}")(
            replace("price: 350", "price: 999999999999")(text)
        ),
        [("28:37", "times: 2 x the price of 'single' is 1999999999998, more than a price may be")],
    ),
    # a count the page writes out, of any size the schema allows
    Case(
        "incidents-past-a-million",
        replace("incidents: 1", "incidents: " + "1" + "0" * 27),
        [("21:16", "incidents: " + "1" + "0" * 27 + " is too large; it must be at most 1000000")],
    ),
    Case(
        "factor-of-13-digits",
        replace("{same_as: single}", "{same_as: single, times: 1.000000000001}"),
        [("28:37", "times: a factor of 13 digits; it may have at most 12")],
    ),
    # the factors of a chain multiplied: 35 digits, the default context's 28 cut short
    Case(
        "product-of-a-chain-past-28-digits",
        lambda text: replace(
            "author:",
            "  - {id: c, group: g, name: C, price: {same_as: advisory, times: 1.00000000001}}\n"
            "  - {id: d, group: g, name: D, price: {same_as: c, times: 1.00000000001}}\n"
            "author:",
        )(
            replace("{same_as: single}", "{same_as: single, times: 1.00000000001}")(
                replace("price: 350", "price: 1")(text)
            )
        ),
        [
            ("28:37", "times: 1.00000000001 x the price of 'single' is 1.00000000001, which"),
            ("30:66", "x the price of 'advisory' is 1.0000000000200000000001, which has more"),
            ("31:59", "x the price of 'c' is 1.000000000030000000000300000000001, which has"),
        ],
    ),
    # a character YAML cannot read, or counts as a line break where an editor shows none,
    # anywhere in the file: located at itself, and named
    Case(
        "delete-in-a-label",
        None,
        [("5:23", "the file holds U+007F DELETE")],
        raw=TEXT.replace("the support team", "the support\x7fteam").encode(),
    ),
    Case(
        "escape-in-a-comment",
        None,
        [("1:18", "the file holds U+001B ESCAPE")],
        raw=TEXT.replace("currency: CAD", "currency: CAD  # \x1b[2J").encode(),
    ),
    Case(
        "next-line-in-quotes",
        None,
        [("5:24", "the file holds U+0085 NEXT LINE, a line break YAML counts")],
        raw=TEXT.replace("label: the support team", 'label: "the support\x85team"').encode(),
    ),
    Case(
        "line-separator-in-a-name",
        None,
        [("19:17", "the file holds U+2028 LINE SEPARATOR")],
        raw=TEXT.replace("name: Single Incident", "name: Single\u2028Incident").encode(),
    ),
    Case(
        "two-byte-order-marks",
        None,
        [("1:1", "(a byte order mark) past its start")],
        raw=b"\xef\xbb\xbf" * 2 + TEXT.encode(),
    ),
    Case(
        "noncharacter-in-a-name",
        replace("name: Advisory", 'name: "A\\ufdd0B"'),
        [("27:11", "U+FDD0 a noncharacter")],
    ),
    Case(
        "name-of-a-braille-blank",
        replace("name: Advisory", 'name: "\\u2800"'),
        [("27:11", "name: the value is empty")],
    ),
    # a message names a value of any length by its ends
    Case(
        "amount-of-half-a-million-decimals",
        replace("price: 350", "price: 1." + "0" * 500_000),
        [("20:12", "amount: 1." + "0" * 58 + "...(499,922 characters)..." + "0" * 20 + " has")],
    ),
    # keys a purchase's channel does not use
    Case(
        "checkout-with-a-contact",
        replace(
            "purchase: {channel: contact, contact: support}\n    service_level",
            'purchase: {channel: checkout, url: "https://example.com/buy", contact: support}'
            "\n    service_level",
        ),
        [("22:76", "contact: a checkout is bought at its url, with no contact: remove it")],
    ),
    Case(
        "mailto-with-a-url",
        replace(
            "purchase: {channel: contact, contact: support}\nauthor",
            'purchase: {channel: mailto, contact: support, url: "https://example.com/x"}\nauthor',
        ),
        [("29:56", "url: a purchase by mailto is made by writing to its contact, at no url")],
    ),
    # durations: a range's words without a range; a range backwards wherever it is
    Case(
        "one-value-with-range-words",
        replace("{value: 8, unit: hours}", "{value: 8, unit: hours, range: between}"),
        [("15:51", "range: says how a range from min to max reads; one value has none")],
    ),
    Case(
        "inverted-range-in-a-bundle",
        replace(
            "    name: Advisory\n",
            "    name: Advisory\n    includes:\n      - support:\n          channel: email\n"
            "          coverage: {value: 30, unit: calendar-days, from: purchase}\n"
            "          response_time: {min: 8, max: 2, unit: hours}\n",
        ),
        [("32:26", "response_time: min (8) must be less than max (2)")],
    ),
    Case(
        "percent-of-three-decimals",
        replace("price: 350", "price: {amount: 350, discounts: [{percent: 12.345}]}"),
        [("20:48", "percent: 12.345 has 3 decimals; a percent may have at most 2")],
    ),
    # currencies in use only
    Case(
        "withdrawn-currency",
        replace("currency: CAD", "currency: DEM"),
        [("1:11", "currency: 'DEM' is not the ISO 4217 code of a currency in use")],
    ),
    Case(
        "metal-as-currency",
        replace("currency: CAD", "currency: XAU"),
        [("1:11", "currency: 'XAU' is not the ISO 4217 code of a currency in use")],
    ),
    Case(
        "empty-list-of-offerings",
        lambda text: text.split("offerings:\n")[0] + "offerings: []\n",
        [("16:12", "offerings: the list is empty")],
    ),
    # time zones: a suggestion that means the same zone, never another offset
    Case(
        "time-zone-with-a-space",
        replace("time_zone: America/Toronto", 'time_zone: " America/Toronto"'),
        [("11:16", "(did you mean 'America/Toronto', without the spaces?)")],
    ),
    Case(
        "time-zone-as-an-offset",
        replace("time_zone: America/Toronto", "time_zone: GMT+1"),
        [("11:16", "name the zone of the place (Europe/Paris, America/Toronto), not an offset")],
    ),
    # links and addresses that only look like one
    Case(
        "link-without-a-host",
        replace("url: https://example.com/lex", 'url: "https:///lex"'),
        [("32:8", "url: 'https:///lex' is not an https link")],
    ),
    Case(
        "link-with-a-user-before-its-host",
        replace("url: https://example.com/lex", 'url: "https://evil.example@example.com/"'),
        [("32:8", "url: 'https://evil.example@example.com/' is not an https link")],
    ),
    Case(
        "address-with-dots-only-before-the-at",
        replace("email: support@example.com", 'email: "..@example.com"'),
        [("4:12", "email: '..@example.com' is not a plain e-mail address")],
    ),
    Case(
        "address-with-a-host-of-hyphens",
        replace("email: support@example.com", 'email: "a@-.-"'),
        [("4:12", "email: 'a@-.-' is not a plain e-mail address")],
    ),
    Case(
        "time-zone-misspelt-region",
        replace("time_zone: America/Toronto", "time_zone: Eruope/Paris"),
        [("11:16", "(did you mean 'Europe/Paris'?)")],
    ),
]


ALL_CASES = CASES + NEW_KEY_CASES + REFUSED_CASES


@pytest.mark.parametrize("case", ALL_CASES, ids=[c.id for c in ALL_CASES])
def test_bad_catalogue(case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "offerings.yaml"
    if case.raw is not None:
        path.write_bytes(case.raw)
    else:
        assert case.edit is not None
        path.write_text(case.edit(case.catalogue.read_text("utf-8")), "utf-8")
    assert main(["validate", str(path)]) == 1
    lines = capsys.readouterr().err.splitlines()
    assert lines[-1].endswith(" error" if len(case.errors) == 1 else " errors"), lines
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == len(case.errors), errors
    for line, (position, words) in zip(errors, case.errors, strict=True):
        assert line.startswith(f"{path}:{position}: error: "), line
        assert words in line, line


def test_at_least_thirty_cases() -> None:
    assert len(CASES) >= 30


def test_minimal_catalogue_is_valid(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["validate", str(MINIMAL)]) == 0
    assert "valid, 2 offerings" in capsys.readouterr().out


def test_five_mistakes_five_errors(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    text = TEXT
    for old, new in (
        ("currency: CAD", "currency: XYZ"),
        ("email: support@example.com", "email: support@example.com?bcc=x@evil.example"),
        ("time_zone: America/Toronto", "time_zone: Eastern"),
        ("{same_as: single}", "{same_as: nobody}"),
        ("url: https://example.com/lex", "url: http://example.com/lex"),
    ):
        text = replace(old, new)(text)
    path = tmp_path / "offerings.yaml"
    path.write_text(text, "utf-8")
    assert main(["validate", str(path)]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert [line.split(": error: ")[0] for line in errors] == [
        f"{path}:{position}" for position in ("1:11", "4:12", "11:16", "28:22", "32:8")
    ]


def test_usage_errors_exit_2(tmp_path: Path) -> None:
    assert main(["validate", str(tmp_path / "missing.yaml")]) == 2
    assert main(["no-such-command"]) == 2
    assert main([]) == 2


def test_derived_price_with_fractions_of_a_cent(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "offerings.yaml"
    text = replace("price: 350", "price: 350.25")(TEXT)
    path.write_text(replace("{same_as: single}", "{same_as: single, times: 0.5}")(text))
    assert main(["validate", str(path)]) == 1
    [error] = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    # line 28 is "    price: {same_as: single, times: 0.5}"; the factor starts at column 37
    assert error.startswith(f"{path}:28:37: error: times: 0.5 x the price of 'single' is 175.125")


@pytest.mark.parametrize(
    ("price", "position", "words"),
    [
        ('"on request"', "20:12", "'on request' is not valid; it must be one of: an amount"),
        ("{amount: 5, curency: USD}", "20:24", "unknown key 'curency' (did you mean 'currency'?)"),
        ("{same_as: advisory, tims: 2}", "20:32", "unknown key 'tims' (did you mean 'times'?)"),
        ("[{amount: -1, per: month}]", "20:22", "amount: -1 is too small"),
        # every error of the form meant, not only the deepest
        ("{amount: -1, curency: USD}", "20:21", "amount: -1 is too small"),
        ("{amount: -1, curency: USD}", "20:25", "unknown key 'curency'"),
        # a reference to another price takes no tax: the key is wrong, not its value
        ("{same_as: advisory, tax: nil}", "20:32", "unknown key 'tax'"),
    ],
)
def test_a_price_error_names_the_form_meant(
    price: str, position: str, words: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # column 12 of line 20 is where the price starts: "    price: 350"
    path = tmp_path / "offerings.yaml"
    path.write_text(replace("    price: 350", f"    price: {price}")(TEXT), "utf-8")
    assert main(["validate", str(path)]) == 1
    errors = [line for line in capsys.readouterr().err.splitlines() if ": error: " in line]
    assert any(line.startswith(f"{path}:{position}: error: ") and words in line for line in errors)


def test_the_time_zones_accepted_are_the_iana_names() -> None:
    import zoneinfo

    from sphinx_offerings.validate.checks import _time_zones

    zones = _time_zones()
    assert {"America/Toronto", "Europe/Paris", "UTC", "US/Eastern"} <= zones
    # what the zone tree holds beside them: its default zone, a rules file, a placeholder
    assert not zones & {"localtime", "posixrules", "Factory"}
    assert not [zone for zone in zones if zone.startswith(("posix/", "right/", "/"))]
    for zone in zones:
        zoneinfo.ZoneInfo(zone)  # each one a page can show


#: One of each kind no value may hold: controls (C0, DEL, C1), bidi controls and marks,
#: zero-width characters, the byte order mark, tags, separators, non-characters, and
#: letters and marks that show nothing (the combining grapheme joiner, Hangul fillers).
INVISIBLE = (
    "\0\a\x1b\x7f\x85\xad\u061c\u200b\u200c\u200d\u200e\u200f\u202a\u202d\u202e\u2028"
    "\u2029\u2060\u2066\u2069\ufeff\ufff9\U000e0001\ufdd0\ufffe\u034f\u3164\uffa0"
)
#: Characters a text may hold that a page shows: no-break and ideographic spaces, a
#: combining accent, Hebrew and Arabic letters, an emoji.
VISIBLE = "\xa0\u3000e\u0301\u05d0\u0627\U0001f600"


def _escaped(character: str) -> str:
    return f"\\U{ord(character):08x}"  # as YAML writes it in double quotes


@pytest.mark.parametrize("character", INVISIBLE, ids=[f"U+{ord(c):04X}" for c in INVISIBLE])
@pytest.mark.parametrize(
    "place",
    [
        ("name: Single Incident", 'name: "Single{}Incident"', "19:11"),
        ("email: support@example.com", 'email: "support@example.com{}"', "4:12"),
        ("group: support", 'group: "support{}"', "18:12"),
        ("  support:\n    email", '  "support{}":\n    email', "3:3"),
    ],
    ids=["name", "email", "id", "key"],
)
def test_invisible_characters_are_refused_and_named(
    character: str, place: tuple[str, str, str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    old, new, position = place
    path = tmp_path / "offerings.yaml"
    path.write_text(replace(old, new.format(_escaped(character)))(TEXT), "utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert f"{path}:{position}: error: " in err
    assert f"U+{ord(character):04X}" in err
    assert character not in err  # written as an escape, never as itself


@pytest.mark.parametrize("character", VISIBLE, ids=[f"U+{ord(c):04X}" for c in VISIBLE])
def test_visible_characters_are_text(character: str, tmp_path: Path) -> None:
    path = tmp_path / "offerings.yaml"
    edit = replace("name: Single Incident", f'name: "Single{_escaped(character)}Incident"')
    path.write_text(edit(TEXT), "utf-8")
    assert main(["validate", str(path)]) == 0


def test_no_suggestion_of_an_id_that_is_not_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "offerings.yaml"
    path.write_text(replace("- id: single\n", '- id: "single\\n"\n')(TEXT), "utf-8")
    assert main(["validate", str(path)]) == 1
    same_as = [line for line in capsys.readouterr().err.splitlines() if "same_as" in line]
    assert same_as == [f"{path}:28:22: error: same_as: no offering is called 'single'"]


def test_a_suggestion_looks_at_every_id_not_only_those_listed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    contacts = "".join(
        f"  contact-{n:02d}:\n    email: c{n}@example.com\n    label: team {n}\n" for n in range(50)
    )
    edit = replace("submit: {contact: support,", "submit: {contact: contact-49x,")
    text = edit(TEXT).replace("contacts:\n", "contacts:\n" + contacts, 1)
    path = tmp_path / "offerings.yaml"
    path.write_text(text, "utf-8")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr().err
    assert "no contact is called 'contact-49x' (did you mean 'contact-49'?)" in err
    assert "... (51 in all)" in err
