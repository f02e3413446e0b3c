"""The package's copy of the currency codes and their decimals is Babel's, as pinned."""

from __future__ import annotations

from conftest import skip_unless_pinned
from sphinx_offerings.currencies import decimals, from_babel


def test_currencies_are_babels() -> None:
    # CLDR changes a currency's decimals now and then (COP: 2, then 0)
    skip_unless_pinned("babel", "the copy is of the pinned Babel's data")
    # If this fails after a Babel upgrade: python -m sphinx_offerings.currencies
    assert from_babel() == decimals()
