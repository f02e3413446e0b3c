"""ISO 4217 currency codes and the decimals of each, as CLDR states them.

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
    """The decimals of each currency Babel knows, by code."""
    from babel.numbers import get_currency_precision, list_currencies

    return {code: get_currency_precision(code) for code in sorted(list_currencies())}


if __name__ == "__main__":
    FILE.write_text(json.dumps(from_babel(), indent=0) + "\n", "utf-8")
