"""The package's copy of the currency codes and their decimals is Babel's, as pinned."""

from __future__ import annotations

import re
from importlib.metadata import version
from pathlib import Path

import pytest

from sphinx_offerings.currencies import decimals, from_babel

CONSTRAINTS = Path(__file__).resolve().parent.parent / "constraints.txt"


def test_currencies_are_babels() -> None:
    pinned = re.search(r"^babel==(\S+)$", CONSTRAINTS.read_text("utf-8"), re.MULTILINE | re.I)
    assert pinned is not None
    if version("babel") != pinned[1]:
        # CLDR changes a currency's decimals now and then (COP: 2, then 0)
        pytest.skip(f"the copy is of Babel {pinned[1]}, the pinned one; this is {version('babel')}")
    # If this fails after a Babel upgrade: python -m sphinx_offerings.currencies
    assert from_babel() == decimals()
