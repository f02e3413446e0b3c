"""The JSON Schema: whether a file is valid, and if not, each error said in words.

`schema_check` says, fast, whether data is valid; jsonschema is imported only to explain
the errors of an invalid file.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import suppress
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast

from ..errors import CatalogueError
from ..load import DataPath, Document
from ..schema_check import Check, Undecided, compile_schema, is_number

if TYPE_CHECKING:
    import jsonschema
    from jsonschema.exceptions import ValidationError

SCHEMA_FILE = Path(__file__).resolve().parent.parent / "schema" / "offerings.schema.json"

_KINDS = {
    "string": "text",
    "object": "a mapping",
    "array": "a list",
    "integer": "a whole number",
    "number": "a number",
    "boolean": "true or false",
}


@cache
def schema() -> dict[str, Any]:
    return cast("dict[str, Any]", json.loads(SCHEMA_FILE.read_text("utf-8")))


@cache
def _valid() -> Check | None:
    return compile_schema(schema())


@cache
def _validator() -> jsonschema.protocols.Validator:
    """The schema's validator, which explains each error (imported only for errors)."""
    import jsonschema

    base = jsonschema.Draft202012Validator
    checker = base.TYPE_CHECKER.redefine("number", lambda _checker, value: is_number(value))
    cls = jsonschema.validators.extend(base, type_checker=checker)  # type: ignore[no-untyped-call]
    return cls(schema())  # type: ignore[no-any-return]


def describe(value: Any) -> str:
    """A value as a message names it."""
    if value is None:
        return "an empty value"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (dict, list)):
        return _KINDS["object" if isinstance(value, dict) else "array"]
    return repr(value) if isinstance(value, str) else str(value)


def did_you_mean(word: str, choices: list[str]) -> str:
    import difflib  # for messages only

    close = difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


_MISMATCH = frozenset({"type", "const", "enum", "oneOf", "anyOf"})


def _meant(error: ValidationError) -> list[ValidationError]:
    """The errors to report for one schema error.

    For a value that fits none of several forms (a price may be an amount, a mapping of
    either of two kinds, a list or on-request), the errors of the form the author meant,
    looked into in turn: the one form its type fits, or of two mappings the one whose
    required keys are there. Else the error itself, reported as "not one of the forms".
    (jsonschema's `best_match` picks one error, the deepest: of a mapping with
    ``same_as`` and ``tax`` it would report the tax's value, not the key that is wrong.)
    """
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    forms: dict[object, list[ValidationError]] = {}
    for sub in error.context:
        forms.setdefault(sub.relative_schema_path[0], []).append(sub)

    def fits(errors: list[ValidationError], wrong: frozenset[str]) -> bool:
        return not any(not e.path and e.validator in wrong for e in errors)

    meant = [errors for errors in forms.values() if fits(errors, _MISMATCH)]
    if len(meant) > 1:
        meant = [errors for errors in meant if fits(errors, frozenset({"required"}))]
    return [found for sub in meant[0] for found in _meant(sub)] if len(meant) == 1 else [error]


def schema_errors(document: Document) -> Iterator[CatalogueError]:
    """The schema's errors in one file, in words."""
    valid = _valid()
    with suppress(Undecided):
        if valid is not None and valid(document.data):
            return
    for raw in _validator().iter_errors(document.data):
        for error in _meant(raw):
            yield from _explained(document, error)


def _explained(document: Document, error: ValidationError) -> Iterator[CatalogueError]:
    where: DataPath = tuple(error.absolute_path)
    value: Any = error.instance
    part: Mapping[str, Any] = error.schema if isinstance(error.schema, dict) else {}
    if error.validator == "additionalProperties" and isinstance(value, dict):
        known = sorted(part.get("properties", {}))
        for key in sorted(set(value) - set(known)) if known else ():
            yield CatalogueError(
                document.locate_key((*where, key)),
                f"unknown key {key!r}{did_you_mean(key, known)}; "
                f"expected one of: {', '.join(known)}",
            )
        if not known:
            yield CatalogueError(document.locate(where), error.message)
        return
    name = _name(document, where)
    if error.validator == "required" and isinstance(value, dict):
        required: Any = error.validator_value
        wrong = [f"the required key {key!r} is missing" for key in required if key not in value]
    else:
        wrong = [_wrong(error, value, part)]
    for words in wrong:
        yield CatalogueError(document.locate(where), f"{name}: {words}")


def _wrong(error: ValidationError, value: Any, part: Mapping[str, Any]) -> str:
    validator = error.validator
    wanted: Any = error.validator_value
    if validator in ("type", "minLength") or (validator == "pattern" and wanted == r"\S"):
        if value is None or (isinstance(value, str) and not value.strip()):
            return "the value is empty"
        return f"{describe(value)} is not {_KINDS.get(str(wanted), str(wanted))}"
    if validator == "enum":
        choices = [str(c) for c in wanted]
        return (
            f"{describe(value)} is not one of: {', '.join(choices)}"
            f"{did_you_mean(str(value), choices)}"
        )
    if validator == "pattern":
        form = part.get("description", f"of the form {wanted}").rstrip(".")
        return f"{describe(value)} is not {_lower_first(form)}"
    if validator in ("minimum", "exclusiveMinimum"):
        bound = "at least" if validator == "minimum" else "more than"
        return f"{describe(value)} is too small; it must be {bound} {wanted}"
    if validator in ("oneOf", "not") and "unit" in part.get("properties", {}):
        return "give either 'value', or both 'min' and 'max'"
    if validator in ("oneOf", "anyOf"):
        forms = str(part.get("description", "")).rstrip(".")
        return f"{describe(value)} is not valid; " + (
            f"it must be one of: {_lower_first(forms)}" if forms else error.message
        )
    return str(error.message)


def _name(document: Document, where: DataPath) -> str:
    """How a message names a value: its key, or the list item it is."""
    if not where:
        return "the catalogue"
    if isinstance(where[-1], str):
        return where[-1]
    item = document.value(where)
    label = item.get("id") if isinstance(item, dict) else None
    parent = str(where[-2]) if len(where) > 1 else "list"
    return f"{parent} item {where[-1] + 1}" + (f" ({label!r})" if isinstance(label, str) else "")


def _lower_first(text: str) -> str:
    return text[:1].lower() + text[1:]
