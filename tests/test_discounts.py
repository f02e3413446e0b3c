"""A discount reads the percentage the catalogue states, every digit of it."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import build_page, text_of


@pytest.mark.parametrize(
    ("percent", "shown"), [("10", "10% off"), ("12.5", "12.5% off"), ("7.25", "7.25% off")]
)
def test_a_fractional_percentage_is_not_rounded(tmp_path: Path, percent: str, shown: str) -> None:
    catalogue = tmp_path / "catalogue.yaml"
    catalogue.write_text(
        "currency: EUR\n"
        "offerings:\n"
        "  - {id: plan, group: plans, name: Plan,\n"
        f"     price: {{amount: 100, discounts: [{{percent: {percent}}}]}}}}\n",
        "utf-8",
    )
    site, _ = build_page(tmp_path, "Plan\n====\n\n:offerings:discount:`plan`\n", (catalogue,))
    assert site.status == 0, site.warnings
    span = site.soup("index").select_one('[data-offerings-field="discount"]')
    assert span is not None
    assert (span["data-offerings-value"], text_of(span)) == (f"{percent}%", shown)
