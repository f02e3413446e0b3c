"""The compiled schema checks give jsonschema's verdict, on catalogues valid and not."""

from __future__ import annotations

import copy
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CATALOGUE, LICENCES
from sphinx_offerings.load import load_file
from sphinx_offerings.schema_check import Undecided, compile_schema
from sphinx_offerings.validate.explain import _validator, schema

MINIMAL = Path(__file__).resolve().parent / "catalogues" / "minimal.yaml"
SOURCES = [load_file(path).data for path in (CATALOGUE, LICENCES, MINIMAL)]

# Values as the loader gives them, including near misses of what the schema asks for.
values = st.one_of(
    st.sampled_from(
        [
            None,
            True,
            False,
            0,
            1,
            -1,
            350,
            Decimal("0.5"),
            Decimal("-1.00"),
            "",
            " ",
            "x",
            "on-request",
            "single-incident",
            "Bad Id",
            "support",
            "email",
            "contact",
            "mailto",
            "checkout",
            "https://example.com/buy",
            "http://example.com",
            "hours",
            "business-days",
            "19:00",
            "24:00",
            "2027-01-01",
            "2027-1-1",
            "CAD",
            "cad",
            "monday",
            "excluded",
            "delivery",
            [],
            ["licence", "licence"],
            ["monday", "friday"],
            {},
            {"value": 2, "unit": "hours"},
            {"min": 2, "max": 8, "unit": "hours"},
            {"amount": 5},
            {"same_as": "single-incident"},
        ]
    ),
    st.integers(-5, 5),
    st.text(max_size=5),
)


def _places(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """The path of every value in the data, the root included."""
    found = [path]
    if isinstance(data, dict):
        for key, value in data.items():
            found += _places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            found += _places(value, (*path, index))
    return found


@st.composite
def mutated(draw: st.DrawFn) -> Any:
    """A catalogue with a few values replaced, keys removed or added, or lists changed.

    Drawn values are copied: a later change must not alter the strategy's own.
    """
    data = copy.deepcopy(draw(st.sampled_from(SOURCES)))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(_places(data)))
        if not path:
            continue
        parent = data
        for step in path[:-1]:
            parent = parent[step]
        action = draw(st.sampled_from(["replace", "remove", "add", "duplicate"]))
        if action == "replace":
            parent[path[-1]] = copy.deepcopy(draw(values))
        elif action == "remove":
            del parent[path[-1]]
        elif action == "add" and isinstance(parent, dict):
            key = draw(st.sampled_from(["extra", "id", "per", "tax", "min", "value"]))
            parent[key] = copy.deepcopy(draw(values))
        elif action == "duplicate" and isinstance(parent, list):
            parent.append(copy.deepcopy(parent[path[-1]]))
    return data


CHECK = compile_schema(schema())


def test_the_schema_compiles() -> None:
    assert CHECK is not None


@pytest.mark.parametrize("data", SOURCES, ids=["offerings", "licences", "minimal"])
def test_shipped_catalogues_are_valid(data: Any) -> None:
    assert CHECK is not None and CHECK(data)
    assert _validator().is_valid(data)


@settings(
    max_examples=400,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_same_verdict_as_jsonschema(data: Any) -> None:
    assert CHECK is not None
    try:
        verdict = CHECK(data)
    except Undecided:
        return  # left to jsonschema
    assert verdict == _validator().is_valid(data)


def test_unknown_keywords_are_left_to_jsonschema() -> None:
    assert compile_schema({"type": "object", "patternProperties": {}}) is None
    assert compile_schema({"$ref": "https://example.com/other.json"}) is None
    assert compile_schema({"enum": [1, "one"]}) is None


def test_values_it_cannot_judge_are_undecided() -> None:
    check = compile_schema({"type": "array", "uniqueItems": True})
    assert check is not None
    assert check(["a", "b"]) and not check(["a", "a"])
    with pytest.raises(Undecided):
        check([1, True])


def _patterns(part: Any) -> list[dict[str, Any]]:
    """Every part of the schema that has a pattern."""
    if isinstance(part, list):
        return [found for item in part for found in _patterns(item)]
    if not isinstance(part, dict):
        return []
    own = [part] if isinstance(part.get("pattern"), str) else []
    return own + [found for value in part.values() for found in _patterns(value)]


#: A value each whole-text pattern accepts.
WHOLE_TEXTS = ["single-incident", "https://example.com/buy", "09:00", "8x5", "CAD", "2027-01-01"]


def test_whole_text_patterns_refuse_a_final_line_break() -> None:
    """A pattern anchored at both ends means the whole text, in ECMA-262 as the schema's
    readers (editors) take it, and in Python's `re`, where `$` also matches before a final
    line break: the compiled checks and jsonschema both refuse "single\\n"."""
    anchored = [part for part in _patterns(schema()) if part["pattern"].startswith("^")]
    assert len(anchored) >= 6
    for part in anchored:
        text = next(text for text in WHOLE_TEXTS if re.fullmatch(part["pattern"], text))
        check = compile_schema({"type": "string", "pattern": part["pattern"]})
        assert check is not None and check(text)
        validator = _validator().evolve(schema={"type": "string", "pattern": part["pattern"]})
        for wrong in (f"{text}\n", f"{text}\r\n", f"\n{text}", f"{text}\nmore"):
            assert not check(wrong), (part["pattern"], wrong)
            assert not validator.is_valid(wrong), (part["pattern"], wrong)
