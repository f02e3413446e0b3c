"""The JSON Schema: whether a file is valid, and if not, each error said in words.

`schema_check` says, fast, whether data is valid; jsonschema is imported only to explain
the errors of an invalid file.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Iterator, Mapping
from decimal import Decimal
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
    pairwise = base.VALIDATORS["uniqueItems"]

    def unique_items(validator: Any, unique: Any, instance: Any, part: Any) -> Any:
        """``uniqueItems`` in one pass over plain values: jsonschema compares each pair of
        a list it cannot sort (60,000 tags of text and numbers took minutes)."""
        if not unique or not isinstance(instance, list):
            return
        if not all(item is None or isinstance(item, (str, int, Decimal)) for item in instance):
            yield from pairwise(validator, unique, instance, part)  # lists, mappings
        elif _repeated(instance) is not None:
            yield jsonschema.ValidationError(f"{instance!r} has non-unique elements")

    cls = jsonschema.validators.extend(  # type: ignore[no-untyped-call]
        base, {"uniqueItems": unique_items}, type_checker=checker
    )
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


#: Words an author may write for an allowed one, which spelling alone would not suggest.
_SYNONYMS = {"annually": "yearly", "annual": "yearly", "per-year": "yearly", "CDN": "CAD"}


#: Of more choices than this, a suggestion looks only at the nearest in sorted order (of
#: 50,000 ids, comparing each would take seconds for every mistake).
_COMPARED = 64


def did_you_mean(word: str, choices: list[str]) -> str:
    """A suggestion for a word not among ``choices`` (sorted, if there are many)."""
    import difflib  # for messages only

    close = [_SYNONYMS[word]] if _SYNONYMS.get(word) in choices else []
    if not close and len(choices) <= 16 * _COMPARED:  # a near miss by case: America/toronto
        close = [choice for choice in choices if choice.casefold() == word.casefold()][:1]
    if not close and len(choices) > _COMPARED:
        middle = bisect.bisect_left(choices, word)
        choices = choices[max(0, middle - _COMPARED // 2) : middle + _COMPARED // 2]
    close = close or difflib.get_close_matches(word, choices, n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _forms(error: ValidationError) -> dict[object, list[ValidationError]]:
    """The errors of a value that fits none of several forms, by form."""
    forms: dict[object, list[ValidationError]] = {}
    for sub in error.context or ():
        forms.setdefault(sub.relative_schema_path[0], []).append(sub)
    return forms


def _mismatched(error: ValidationError) -> bool:
    """Whether a value is not of a form's kind at all, rather than wrong inside it (a
    form of several forms is of the value's kind if one of its own is)."""
    if error.path:
        return False
    if error.validator in ("oneOf", "anyOf"):
        return all(any(map(_mismatched, form)) for form in _forms(error).values())
    return error.validator in ("type", "const", "enum")


def _meant(error: ValidationError) -> list[ValidationError]:
    """The errors to report for one schema error.

    For a value that fits none of several forms (a price may be an amount, a mapping of
    either of two kinds, a list or on-request), the errors of the form the author meant,
    looked into in turn: the one form its type fits, or of two mappings the one whose
    required keys are there. Else the error itself, reported as "not one of the forms"; so
    too when the form meant is a pattern with no words of its own (a regular expression
    says nothing to an author). (jsonschema's `best_match` picks one error, the deepest:
    of a mapping with ``same_as`` and ``tax`` it would report the tax's value, not the key
    that is wrong.)
    """
    if error.validator not in ("oneOf", "anyOf") or not error.context:
        return [error]
    meant = [errors for errors in _forms(error).values() if not any(map(_mismatched, errors))]
    if len(meant) > 1:
        meant = [e for e in meant if not any(not s.path and s.validator == "required" for s in e)]
    if len(meant) != 1 or any(_unworded_pattern(sub) for sub in meant[0]):
        return [error]
    return [found for sub in meant[0] for found in _meant(sub)]


def _unworded_pattern(error: ValidationError) -> bool:
    return error.validator == "pattern" and not _part(error).get("description")


def _part(error: ValidationError) -> Mapping[str, Any]:
    return error.schema if isinstance(error.schema, dict) else {}


def resolved(part: Mapping[str, Any]) -> Mapping[str, Any]:
    """A part of the schema, its references followed."""
    while isinstance(ref := part.get("$ref"), str):
        part = schema()["$defs"][ref.rpartition("/")[2]]
    return part


def _words(part: Mapping[str, Any]) -> list[str]:
    """The words a form of several allows (its const and enum values)."""
    found: list[str] = []
    for form in map(resolved, part.get("oneOf", part.get("anyOf", []))):
        found += [str(v) for v in [*form.get("enum", []), form.get("const")] if v is not None]
    return found


def _repeated(items: list[Any]) -> int | None:
    """Where the first item of a list that an earlier one equals is, found in one pass."""
    hashed: set[tuple[bool, Any]] = set()
    unhashable: list[Any] = []
    for index, item in enumerate(items):
        try:
            key = (isinstance(item, bool), item)  # true is not 1
            if key in hashed:
                return index
            hashed.add(key)
        except TypeError:  # a list or a mapping
            if item in unhashable:
                return index
            unhashable.append(item)
    return None


def _listed(description: str) -> str | None:
    """The forms a description lists after its head, if it has one: "How many: a whole
    number or unlimited." lists "a whole number or unlimited"."""
    head, colon, forms = description.rstrip(".").partition(": ")
    return _lower_first(forms) if colon and "(" not in head else None


@cache
def _sections() -> dict[str, tuple[Check | None, bool, bool]] | None:
    """For each top-level key of a file: the compiled check of its value; whether it is
    a list the schema asks only to be a list of items; and whether it is a mapping of
    entries by id, each of one schema (then each item or entry can be checked alone, as
    the only one of its section). None when the top level says more than which keys it
    has (then a file is explained whole)."""
    root = schema()
    keywords = set(root) - {"$schema", "$id", "$comment", "title", "description", "$defs"}
    if keywords != {"type", "additionalProperties", "required", "properties"} or root["required"]:
        return None
    definitions = {"$defs": root.get("$defs", {})}
    sections: dict[str, tuple[Check | None, bool, bool]] = {}
    for key, part in root["properties"].items():
        listed = (
            set(part) <= {"type", "minItems", "items", "description"}
            and part.get("type") == "array"
            and part.get("minItems", 0) <= 1
            and isinstance(part.get("items"), dict)
        )
        keyed = isinstance(part.get("additionalProperties"), dict) and not (
            {"properties", "required", "maxProperties"} & set(part)
        )
        sections[key] = (compile_schema({**part, **definitions}), listed, keyed)
    return sections


def _passes(check: Check | None, value: Any) -> bool:
    if check is None:
        return False
    try:
        return check(value)
    except Undecided:
        return False


def schema_errors(document: Document) -> Iterator[CatalogueError]:
    """The schema's errors in one file, in words.

    jsonschema takes about a millisecond per offering, so it is given only what the
    compiled checks reject: each top-level key alone, and of a list of offerings each
    offering alone; a file of 10,000 offerings with one mistake is explained in the time
    of one.
    """
    data = document.data
    if _passes(_valid(), data):
        return
    sections = _sections()
    if sections is None or not isinstance(data, dict):
        yield from _explain(document, data, ())
        return
    for key, value in data.items():
        whole, listed, keyed = sections.get(key, (None, False, False))
        if _passes(whole, value):
            continue
        if listed and isinstance(value, list) and value:
            for index, item in enumerate(value):
                if not _passes(whole, [item]):
                    # the item as the only one of its list: its errors are at (key, 0, ...)
                    yield from _explain(document, {key: [item]}, (key, index))
        elif (
            keyed
            and isinstance(value, dict)
            and (
                failing := [
                    name for name, entry in value.items() if not _passes(whole, {name: entry})
                ]
            )
        ):
            for name in failing:  # each entry alone, as a list's items: 50,000 features
                yield from _explain(document, {key: {name: value[name]}}, (key,))
        else:
            yield from _explain(document, {key: value}, ())


def _explain(document: Document, instance: Any, prefix: DataPath) -> Iterator[CatalogueError]:
    """The errors of ``instance``, a part of the file's data whose errors' data paths
    begin with ``prefix`` in the file."""
    for raw in _validator().iter_errors(instance):
        for error in _meant(raw):
            where = (*prefix, *tuple(error.absolute_path)[len(prefix) :])
            yield from _explained(document, error, where)


def _explained(
    document: Document, error: ValidationError, where: DataPath
) -> Iterator[CatalogueError]:
    value: Any = error.instance
    part = _part(error)
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
    name = value_name(document, where)
    if error.validator == "required" and isinstance(value, dict):
        required: Any = error.validator_value
        wrong = [f"the required key {key!r} is missing" for key in required if key not in value]
    else:
        wrong = [_wrong(error, value, part)]
    for words in wrong:
        yield CatalogueError(document.locate(where), f"{name}: {words}")


#: The pattern of a text that shows something: a character that is neither white space
#: nor the blank of Braille, which prints as a space.
_BLANK = "\u2800"
_SHOWS = rf"[^\s{_BLANK}]"


def _wrong(error: ValidationError, value: Any, part: Mapping[str, Any]) -> str:
    validator = error.validator
    wanted: Any = error.validator_value
    if validator in ("type", "minLength") or (validator == "pattern" and wanted == _SHOWS):
        if value is None or (isinstance(value, str) and not value.replace(_BLANK, "").strip()):
            return "the value is empty"
        kind = _KINDS.get(str(wanted), str(wanted))
        if wanted == "object" and (keys := [repr(k) for k in part.get("required", [])]):
            keys_named = "the key" if len(keys) == 1 else "the keys"
            return f"{describe(value)} is not {kind} with {keys_named} {_and(keys)}"
        item = resolved(part.get("items", {}))
        if wanted == "array" and not isinstance(value, dict) and item.get("type") != "object":
            written = value if isinstance(value, str) else describe(value)
            return f"{describe(value)} is not {kind}; write it in brackets: [{written}]"
        return f"{describe(value)} is not {kind}"
    if validator in ("minItems", "minProperties"):
        kind = "list" if validator == "minItems" else "mapping"
        forms = _listed(str(part.get("description", "")))
        if wanted != 1:
            return f"the {kind} has fewer than {wanted} items"
        return f"the {kind} is empty" + (f"; give {forms}" if forms else "")
    if validator == "uniqueItems" and isinstance(value, list):
        twice = _repeated(value)
        return f"{describe(None if twice is None else value[twice])} is listed more than once"
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
    if validator in ("maximum", "exclusiveMaximum"):
        bound = "at most" if validator == "maximum" else "less than"
        return f"{describe(value)} is too large; it must be {bound} {wanted}"
    if validator in ("oneOf", "not") and "unit" in part.get("properties", {}):
        return "give either 'value', or both 'min' and 'max'"
    if validator in ("oneOf", "anyOf"):
        described = str(part.get("description", "")).rstrip(".")
        forms = _listed(described) or _lower_first(described)
        close = did_you_mean(str(value), _words(part)) if isinstance(value, str) else ""
        return f"{describe(value)} is not valid; " + (
            f"it must be one of: {forms}{close}" if forms else error.message
        )
    return str(error.message)


def value_name(document: Document, where: DataPath) -> str:
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


def _and(words: list[str]) -> str:
    """ "'a'", "'a' and 'b'", "'a', 'b' and 'c'" """
    return " and ".join([", ".join(words[:-1]), words[-1]] if len(words) > 1 else words)
