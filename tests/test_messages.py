"""The extension's message catalogues (``locale/``): ``make messages`` leaves them as they
are but for its dates, and each translation gives every message, all its plural forms,
with the placeholders of the English."""

from __future__ import annotations

import re
import subprocess
from collections.abc import Sequence
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import read_mo
from babel.messages.pofile import read_po

from conftest import ROOT, skip_unless_pinned

LOCALE = ROOT / "ext" / "sphinx_offerings" / "locale"
TEMPLATE = LOCALE / "sphinx_offerings.pot"
LANGUAGES = sorted(path.parent.parent.name for path in LOCALE.glob("*/LC_MESSAGES/*.po"))
PLACEHOLDER = re.compile(r"\{[^{}]*\}")
#: The header lines `pybabel` writes afresh each time.
DATED = re.compile(r'^"POT-Creation-Date: .*\n', re.MULTILINE)


def po(path: Path) -> Catalog:
    with path.open("rb") as file:
        return read_po(file)


def texts(value: str | Sequence[str] | None) -> tuple[str, ...]:
    """A message's id or string as its forms: one, or one per plural form."""
    return (value,) if isinstance(value, str) else tuple(value or ())


def mo(path: Path) -> dict[tuple[str, ...], tuple[str, ...]]:
    """A compiled catalogue's messages, without its header (which holds the date)."""
    with path.open("rb") as file:
        return {texts(m.id): texts(m.string) for m in read_mo(file) if m.id}


def test_french_german_and_spanish() -> None:
    assert LANGUAGES == ["de", "es", "fr"]


def test_make_messages_changes_nothing_but_dates(project: Path) -> None:
    skip_unless_pinned("babel", "the message files are written by the pinned pybabel")
    subprocess.run(["make", "-s", "messages"], cwd=project, check=True, capture_output=True)
    made = project / LOCALE.relative_to(ROOT)
    files = sorted(path.relative_to(LOCALE) for path in LOCALE.rglob("*") if path.is_file())
    assert files == sorted(path.relative_to(made) for path in made.rglob("*") if path.is_file())
    for name in files:
        if name.suffix == ".mo":
            assert mo(made / name) == mo(LOCALE / name), name
        else:
            before, after = ((d / name).read_text("utf-8") for d in (LOCALE, made))
            assert DATED.sub("", after) == DATED.sub("", before), name


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_is_translated_with_its_placeholders(language: str) -> None:
    template = po(TEMPLATE)
    translated = po(LOCALE / language / "LC_MESSAGES" / "sphinx_offerings.po")
    assert {m.id for m in translated if m.id} == {m.id for m in template if m.id}
    for message in template:
        if not message.id:
            continue
        ids = texts(message.id)
        found = translated[ids[0]]
        assert found is not None and not found.fuzzy, ids
        forms = texts(found.string)
        assert len(forms) == (translated.num_plurals if len(ids) > 1 else 1), ids
        expected = {p for text in ids for p in PLACEHOLDER.findall(text)}
        for form in forms:
            assert form, ids
            assert set(PLACEHOLDER.findall(form)) == expected, (ids, form)
