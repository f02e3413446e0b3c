"""The package's copy of the currency codes and their decimals is Babel's."""

from __future__ import annotations

from sphinx_offerings.currencies import decimals, from_babel


def test_currencies_are_babels() -> None:
    # If this fails after a Babel upgrade: python -m sphinx_offerings.currencies
    assert from_babel() == decimals()
