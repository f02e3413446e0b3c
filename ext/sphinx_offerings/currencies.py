"""ISO 4217 codes of the currencies in use and the decimals of each, as CLDR states them:
legal tender in a territory, not withdrawn (DEM), not a fund or metal (XAU, XXX).

Babel has them too, but loading its data takes as long as the rest of ``offerings
validate``; ``schema/currencies.json`` is a copy, which ``tests/test_currencies.py``
holds to the installed Babel. After a Babel upgrade, write it anew with
``python -m sphinx_offerings.currencies``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

FILE = Path(__file__).resolve().parent / "schema" / "currencies.json"


@cache
def decimals() -> dict[str, int]:
    """The decimals of each currency, by code."""
    loaded: dict[str, int] = json.loads(FILE.read_text("utf-8"))
    return loaded


def from_babel() -> dict[str, int]:
    """The decimals of each currency in use that Babel knows, by code."""
    from babel.core import get_global
    from babel.numbers import get_currency_precision

    territories = get_global("territory_currencies")
    in_use = {
        code
        for spans in territories.values()
        for code, _start, end, tender in spans
        if end is None and tender
    }
    return {code: get_currency_precision(code) for code in sorted(in_use)}


if __name__ == "__main__":
    FILE.write_text(json.dumps(from_babel(), indent=0) + "\n", "utf-8")
