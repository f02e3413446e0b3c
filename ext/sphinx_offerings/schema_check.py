"""A JSON Schema compiled into plain Python checks that say whether data is valid.

jsonschema explains each error, but takes a tenth of a second to import and about a
millisecond per offering to run. A valid catalogue, the usual case, needs no
explanation: `compile_schema` turns the schema into checks that only answer valid or
not, and only data they reject is run through jsonschema for its errors.

The checks give jsonschema's verdict (draft 2020-12) for the keywords they know; a
schema with any other keyword is not compiled (None), and a value they cannot judge
exactly raises `Undecided`: either way the verdict is left to jsonschema.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal
from typing import Any

Check = Callable[[Any], bool]

#: Keywords that only describe: they never make data invalid.
_ANNOTATIONS = frozenset(
    {"$schema", "$id", "$comment", "$defs", "title", "description", "default", "examples"}
)
#: Read with ``if``.
_BRANCHES = frozenset({"then", "else"})
_DEFS = "#/$defs/"


class Undecided(Exception):
    """The compiled checks cannot judge this value exactly."""


class _Unsupported(Exception):
    """The schema uses a keyword the compiled checks do not know."""


def is_number(value: object) -> bool:
    """JSON numbers as the loader reads them: integers and decimals, not booleans."""
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "integer": lambda value: isinstance(value, int) and not isinstance(value, bool),
    "number": is_number,
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
}


def _unique_texts(items: list[Any], unique: object) -> bool:
    if unique is not True:
        return True
    if not all(isinstance(item, str) for item in items):
        raise Undecided("uniqueItems of values other than text")
    return len(set(items)) == len(items)


# The checks are closures with plain loops: a catalogue of 50,000 offerings has a million
# values, and a generator given to all() or any() costs twice the loop.


def _has_keys(instance: dict[str, Any], keys: list[str]) -> bool:
    for key in keys:  # noqa: SIM110 (a loop, see above)
        if key not in instance:
            return False
    return True


#: Keywords that test one type of value against the keyword's value: (whether a value is
#: of that type, the test); a value of any other type passes.
_TESTS: dict[str, tuple[Check, Callable[[Any, Any], bool]]] = {
    "required": (_TYPES["object"], _has_keys),
    "minProperties": (_TYPES["object"], lambda instance, count: len(instance) >= count),
    "maxProperties": (_TYPES["object"], lambda instance, count: len(instance) <= count),
    "minItems": (_TYPES["array"], lambda instance, count: len(instance) >= count),
    "uniqueItems": (_TYPES["array"], _unique_texts),
    "minLength": (_TYPES["string"], lambda instance, count: len(instance) >= count),
    "minimum": (is_number, lambda instance, bound: instance >= bound),
    "exclusiveMinimum": (is_number, lambda instance, bound: instance > bound),
    "maximum": (is_number, lambda instance, bound: instance <= bound),
    "exclusiveMaximum": (is_number, lambda instance, bound: instance < bound),
}


def _all(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def every(value: Any) -> bool:
        for each in checks:  # noqa: SIM110 (a loop, see above)
            if not each(value):
                return False
        return True

    return every


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def compile(self, schema: Any) -> Check:
        if isinstance(schema, bool):  # true accepts every value, false none
            return lambda value: schema
        if not isinstance(schema, dict):
            raise _Unsupported(f"schema {schema!r}")
        if unknown := schema.keys() - _ANNOTATIONS - _BRANCHES - _KEYWORDS.keys() - _TESTS.keys():
            raise _Unsupported(", ".join(sorted(unknown)))
        checks = [
            self.keyword(keyword, value, schema)
            for keyword, value in schema.items()
            if keyword not in _ANNOTATIONS | _BRANCHES and keyword != "additionalProperties"
        ]
        if "additionalProperties" in schema and "properties" not in schema:
            checks.append(self.properties({}, schema))
        return _all(checks)

    def keyword(self, keyword: str, value: Any, schema: dict[str, Any]) -> Check:
        if keyword not in _TESTS:
            return _KEYWORDS[keyword](self, value, schema)
        applies, test = _TESTS[keyword]
        return lambda instance: not applies(instance) or test(instance, value)

    def ref(self, pointer: Any, schema: dict[str, Any]) -> Check:
        if pointer not in self.refs:
            name = pointer.removeprefix(_DEFS) if isinstance(pointer, str) else ""
            definitions = self.root.get("$defs", {})
            local = isinstance(pointer, str) and pointer.startswith(_DEFS)
            if not local or "/" in name or "~" in name or name not in definitions:
                raise _Unsupported(f"$ref {pointer!r}")
            compiled: list[Check] = []

            def deferred(value: Any) -> bool:  # a definition may refer to itself
                return compiled[0](value)

            self.refs[pointer] = deferred
            compiled.append(self.compile(definitions[name]))
            self.refs[pointer] = compiled[0]
        return self.refs[pointer]

    def type(self, value: Any, schema: dict[str, Any]) -> Check:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(name in _TYPES for name in names):
            raise _Unsupported(f"type {value!r}")
        tests = [_TYPES[name] for name in names]
        if len(tests) == 1:
            return tests[0]
        return lambda instance: any(test(instance) for test in tests)

    def properties(self, value: Any, schema: dict[str, Any]) -> Check:
        """``properties`` with ``additionalProperties``, which depends on it."""
        known = {key: self.compile(sub) for key, sub in value.items()}
        other = self.compile(schema.get("additionalProperties", True))
        find = known.get

        def each_property(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            for key, item in instance.items():  # noqa: SIM110 (a loop, see above)
                if not find(key, other)(item):
                    return False
            return True

        return each_property

    def each(self, value: Any, applies: Check) -> Check:
        """``propertyNames`` (the keys of a mapping) and ``items`` (of a list)."""
        test = self.compile(value)

        def each_item(instance: Any) -> bool:
            if not applies(instance):
                return True
            for item in instance:  # noqa: SIM110 (a loop, see above)
                if not test(item):
                    return False
            return True

        return each_item

    def pattern(self, value: Any, schema: dict[str, Any]) -> Check:
        search = re.compile(value).search
        return lambda instance: not isinstance(instance, str) or search(instance) is not None

    def enum(self, value: Any, schema: dict[str, Any]) -> Check:
        # Only text is compiled: jsonschema compares other values with rules of its own.
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise _Unsupported("enum or const with values other than text")
        allowed = frozenset(value)
        return lambda instance: isinstance(instance, str) and instance in allowed

    def one_of(self, value: Any, schema: dict[str, Any]) -> Check:
        tests = [self.compile(sub) for sub in value]

        def exactly_one(instance: Any) -> bool:
            matched = False
            for test in tests:
                if test(instance):
                    if matched:
                        return False
                    matched = True
            return matched

        return exactly_one

    def any_of(self, value: Any, schema: dict[str, Any]) -> Check:
        tests = [self.compile(sub) for sub in value]
        return lambda instance: any(test(instance) for test in tests)

    def not_(self, value: Any, schema: dict[str, Any]) -> Check:
        test = self.compile(value)
        return lambda instance: not test(instance)

    def if_(self, value: Any, schema: dict[str, Any]) -> Check:
        condition = self.compile(value)
        then = self.compile(schema.get("then", True))
        otherwise = self.compile(schema.get("else", True))
        return lambda instance: then(instance) if condition(instance) else otherwise(instance)


_KEYWORDS: dict[str, Callable[[_Compiler, Any, dict[str, Any]], Check]] = {
    "$ref": _Compiler.ref,
    "type": _Compiler.type,
    "properties": _Compiler.properties,
    "additionalProperties": _Compiler.properties,
    "propertyNames": lambda compiler, value, schema: compiler.each(value, _TYPES["object"]),
    "items": lambda compiler, value, schema: compiler.each(value, _TYPES["array"]),
    "pattern": _Compiler.pattern,
    "enum": _Compiler.enum,
    "const": lambda compiler, value, schema: compiler.enum([value], schema),
    "oneOf": _Compiler.one_of,
    "anyOf": _Compiler.any_of,
    "not": _Compiler.not_,
    "if": _Compiler.if_,
}


def compile_schema(schema: dict[str, Any]) -> Check | None:
    """A check that is true when data is valid against ``schema``; None when the schema
    uses a keyword it does not know. The check may raise `Undecided`."""
    try:
        return _Compiler(schema).compile(schema)
    except (_Unsupported, re.error, TypeError, AttributeError):  # not a schema it knows
        return None
