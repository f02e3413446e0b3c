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
_DEFS = "#/$defs/"


class Undecided(Exception):
    """The compiled checks cannot judge this value exactly."""


class _Unsupported(Exception):
    """The schema uses a keyword the compiled checks do not know."""


def is_number(value: object) -> bool:
    """JSON numbers as the loader reads them: integers and decimals, not booleans."""
    return isinstance(value, (int, Decimal)) and not isinstance(value, bool)


def _is_integer(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


_TYPES: dict[str, Check] = {
    "object": lambda value: isinstance(value, dict),
    "array": lambda value: isinstance(value, list),
    "string": lambda value: isinstance(value, str),
    "integer": _is_integer,
    "number": is_number,
    "boolean": lambda value: isinstance(value, bool),
    "null": lambda value: value is None,
}


def _all(checks: list[Check]) -> Check:
    if len(checks) == 1:
        return checks[0]

    def check(value: Any) -> bool:
        return all(each(value) for each in checks)

    return check


def _texts(values: object) -> frozenset[str]:
    """The values of an ``enum`` or ``const`` made only of text; anything else is not
    compiled (jsonschema compares other values with rules of its own)."""
    if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
        raise _Unsupported("enum or const with values other than text")
    return frozenset(values)


def _unique_texts(value: Any) -> bool:
    if not isinstance(value, list):
        return True
    if not all(isinstance(item, str) for item in value):
        raise Undecided("uniqueItems of values other than text")
    return len(set(value)) == len(value)


class _Compiler:
    def __init__(self, root: dict[str, Any]) -> None:
        self.root = root
        self.refs: dict[str, Check] = {}

    def ref(self, pointer: object) -> Check:
        if pointer not in self.refs:
            name = pointer.removeprefix(_DEFS) if isinstance(pointer, str) else ""
            if not isinstance(pointer, str) or not pointer.startswith(_DEFS) or "/" in name:
                raise _Unsupported(f"$ref {pointer!r}")
            definitions = self.root.get("$defs", {})
            if "~" in name or name not in definitions:
                raise _Unsupported(f"$ref {pointer!r}")
            compiled: list[Check] = []

            def deferred(value: Any) -> bool:  # a definition may refer to itself
                return compiled[0](value)

            self.refs[pointer] = deferred
            compiled.append(self.compile(definitions[name]))
            self.refs[pointer] = compiled[0]
        return self.refs[pointer]

    def compile(self, schema: Any) -> Check:
        if schema is True:
            return lambda value: True
        if schema is False:
            return lambda value: False
        if not isinstance(schema, dict):
            raise _Unsupported(f"schema {schema!r}")
        unknown = set(schema) - _ANNOTATIONS - set(_KEYWORDS) - {"then", "else"}
        if unknown:
            raise _Unsupported(", ".join(sorted(unknown)))
        checks = [
            _KEYWORDS[keyword](self, schema[keyword], schema)
            for keyword in schema
            if keyword in _KEYWORDS and keyword != "additionalProperties"
        ]
        if "additionalProperties" in schema and "properties" not in schema:
            checks.append(self.properties({}, schema))
        return _all(checks) if checks else (lambda value: True)

    def type(self, value: Any, schema: dict[str, Any]) -> Check:
        names = [value] if isinstance(value, str) else value
        if not isinstance(names, list) or not all(name in _TYPES for name in names):
            raise _Unsupported(f"type {value!r}")
        tests = [_TYPES[name] for name in names]
        return lambda instance: any(test(instance) for test in tests)

    def properties(self, value: Any, schema: dict[str, Any]) -> Check:
        """``properties`` with ``additionalProperties``, which depends on it."""
        known = {key: self.compile(sub) for key, sub in value.items()}
        additional = schema.get("additionalProperties", True)
        other = None if additional is True else self.compile(additional)

        def check(instance: Any) -> bool:
            if not isinstance(instance, dict):
                return True
            for key, item in instance.items():
                test = known.get(key, other)
                if test is not None and not test(item):
                    return False
            return True

        return check

    def required(self, value: Any, schema: dict[str, Any]) -> Check:
        keys = tuple(value)
        return lambda instance: not isinstance(instance, dict) or all(k in instance for k in keys)

    def property_names(self, value: Any, schema: dict[str, Any]) -> Check:
        test = self.compile(value)
        return lambda instance: not isinstance(instance, dict) or all(map(test, instance))

    def min_properties(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda instance: not isinstance(instance, dict) or len(instance) >= value

    def max_properties(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda instance: not isinstance(instance, dict) or len(instance) <= value

    def items(self, value: Any, schema: dict[str, Any]) -> Check:
        test = self.compile(value)
        return lambda instance: not isinstance(instance, list) or all(map(test, instance))

    def min_items(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda instance: not isinstance(instance, list) or len(instance) >= value

    def unique_items(self, value: Any, schema: dict[str, Any]) -> Check:
        return _unique_texts if value is True else (lambda instance: True)

    def min_length(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda instance: not isinstance(instance, str) or len(instance) >= value

    def pattern(self, value: Any, schema: dict[str, Any]) -> Check:
        search = re.compile(value).search
        return lambda instance: not isinstance(instance, str) or search(instance) is not None

    def minimum(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda instance: not is_number(instance) or instance >= value

    def exclusive_minimum(self, value: Any, schema: dict[str, Any]) -> Check:
        return lambda instance: not is_number(instance) or instance > value

    def enum(self, value: Any, schema: dict[str, Any]) -> Check:
        allowed = _texts(value)
        return lambda instance: isinstance(instance, str) and instance in allowed

    def const(self, value: Any, schema: dict[str, Any]) -> Check:
        allowed = _texts([value])
        return lambda instance: isinstance(instance, str) and instance in allowed

    def one_of(self, value: Any, schema: dict[str, Any]) -> Check:
        tests = [self.compile(sub) for sub in value]
        return lambda instance: sum(1 for test in tests if test(instance)) == 1

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

    def ref_(self, value: Any, schema: dict[str, Any]) -> Check:
        return self.ref(value)


_KEYWORDS: dict[str, Callable[[_Compiler, Any, dict[str, Any]], Check]] = {
    "$ref": _Compiler.ref_,
    "type": _Compiler.type,
    "properties": _Compiler.properties,
    "additionalProperties": _Compiler.properties,
    "required": _Compiler.required,
    "propertyNames": _Compiler.property_names,
    "minProperties": _Compiler.min_properties,
    "maxProperties": _Compiler.max_properties,
    "items": _Compiler.items,
    "minItems": _Compiler.min_items,
    "uniqueItems": _Compiler.unique_items,
    "minLength": _Compiler.min_length,
    "pattern": _Compiler.pattern,
    "minimum": _Compiler.minimum,
    "exclusiveMinimum": _Compiler.exclusive_minimum,
    "enum": _Compiler.enum,
    "const": _Compiler.const,
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
