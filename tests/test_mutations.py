"""Property: whatever a catalogue holds, `offerings validate` says so in located lines.

Valid catalogues (the project's own, and the catalogue of every kind of figure) are
mutated as a careless or hostile author would: types swapped, text where a number goes,
numbers of thousands of digits, deep nesting, long chains and loops of prices, unusual
Unicode, keys dropped or unknown, the YAML text itself cut or spliced. Every run exits 0
or 1, never with a traceback, and each line it prints is ``PATH:LINE:COL: error: MESSAGE``
but the count at the end; what it accepts, `export` and `render` turn into output.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from decimal import Decimal
from pathlib import Path
from typing import Any

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import CATALOGUE, LICENCES
from sphinx_offerings.cli import main
from sphinx_offerings.load import load_file

TESTS = Path(__file__).resolve().parent
SOURCES = [
    TESTS / "catalogues" / "minimal.yaml",
    CATALOGUE,
    LICENCES,
    TESTS / "roots" / "test-figures" / "catalogue.yaml",
]
DATA = [load_file(path).data for path in SOURCES]

Path_ = tuple[Any, ...]


class _Dumper(yaml.SafeDumper):
    """Writes an amount as the number it is: 350.50, never 350.5 or a float's digits."""


_Dumper.add_representer(
    Decimal,
    lambda dumper, value: dumper.represent_scalar("tag:yaml.org,2002:float", str(value)),
)


def paths(data: Any) -> list[Path_]:
    """Every data path in ``data``, the root's included."""
    found: list[Path_] = []
    pending: list[tuple[Path_, Any]] = [((), data)]
    while pending:
        path, value = pending.pop()
        found.append(path)
        if isinstance(value, dict):
            pending += [((*path, key), item) for key, item in value.items()]
        elif isinstance(value, list):
            pending += [((*path, index), item) for index, item in enumerate(value)]
    return sorted(found, key=repr)


def replaced(data: Any, path: Path_, value: Any) -> Any:
    """A copy of ``data`` with the value at ``path`` replaced (or, for a missing key of a
    mapping, added)."""
    if not path:
        return value
    copy: Any = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = replaced(data[path[0]], path[1:], value) if len(path) > 1 else value
    return copy


def removed(data: Any, path: Path_) -> Any:
    if len(path) == 1:
        copy: Any = dict(data) if isinstance(data, dict) else list(data)
        del copy[path[0]]
        return copy
    return replaced(data, path[:1], removed(data[path[0]], path[1:]))


#: Characters a careless or hostile author might write: controls, bidi and zero-width
#: characters, separators, combining marks, right-to-left letters, emoji, non-characters.
odd_characters = st.one_of(
    st.sampled_from(
        "\0\a\b\t\n\v\f\r\x1b\x7f\x85\xa0\xad\u200b\u200c\u200d\u200e\u200f\u202a\u202e"
        "\u2028\u2029\u2060\u2066\u2069\ufeff\ufffe\uffff\U000e0001\u0301\u05d0\u0627"
        "\U0001f600\u3000\ufdd0"
    ),
    st.characters(codec="utf-8", exclude_categories=["Cs"]),
)
odd_text = st.text(odd_characters, max_size=12)
huge_numbers = st.one_of(
    st.integers(-(10**40), 10**40),
    # an integral Decimal is written as its digits: past 4,300, more than int() reads
    st.integers(1, 6000).map(lambda digits: Decimal("9" * digits)),
    st.tuples(st.integers(0, 60), st.integers(1, 60)).map(
        lambda shape: Decimal(f"{'9' * max(shape[0], 1)}.{'1' * shape[1]}")
    ),
    st.sampled_from([Decimal("0.000001"), Decimal("1E+30"), 10**12, 10**12 - 1, 0, -1]),
)
counts_of_any_size = st.one_of(
    st.integers(0, 10**7), st.sampled_from([10**6, 10**6 + 1, 10**28, 10**40, int("9" * 400)])
)
scalars = st.one_of(
    st.none(),
    st.booleans(),
    huge_numbers,
    odd_text,
    st.sampled_from(["", " ", "abc", "350", "on-request", "2027-02-30", "24:00", "USD", "x" * 300]),
)
values = st.recursive(
    scalars,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["id", "amount", "x"]), inner)
    ),
    max_leaves=6,
)


#: Text values a page shows, where any visible character may go.
TEXT_KEYS = frozenset({"name", "label", "covers", "availability", "condition", "one", "other"})
#: Characters a page may show: accents, combining marks, right-to-left letters, CJK, emoji,
#: no-break spaces.
visible_text = st.text(
    st.characters(codec="utf-8", categories=["L", "M", "N", "P", "S", "Zs"]), min_size=1
)


@st.composite
def mutated(draw: st.DrawFn) -> str:
    """A valid catalogue, mutated; as YAML text. Half are mutated roughly (most then
    invalid), half gently: within what the schema allows (large counts and amounts,
    visible text, chains of prices), so that what is valid is also exported and rendered.
    """
    data = draw(st.sampled_from(DATA))
    gentle = draw(st.booleans())
    rough = ["value", "swap", "number", "text", "nest", "drop", "key", "chain", "whitespace"]
    kinds = ["count", "amount", "visible", "chain", "whitespace"] if gentle else rough
    for _ in range(draw(st.integers(1, 3))):
        where = draw(st.sampled_from(paths(data)))
        kind = draw(st.sampled_from(kinds))
        current: Any = data
        for step in where:
            current = current[step]
        if kind == "value":
            data = replaced(data, where, draw(values))
        elif kind == "swap":  # another type, keeping what it holds where it can
            data = replaced(data, where, swapped(current))
        elif kind == "number":
            data = replaced(data, where, draw(huge_numbers))
        elif kind == "count":  # a count (incidents, a term, a duration) of any size
            counts = [path for path in paths(data) if type(value_at(data, path)) is int]
            if counts:
                data = replaced(data, draw(st.sampled_from(counts)), draw(counts_of_any_size))
        elif kind == "amount":
            amounts = [path for path in paths(data) if path[-1:] in (("amount",), ("price",))]
            amount = draw(st.decimals(0, 10**12, places=draw(st.sampled_from([0, 2]))))
            if amounts and amount.is_finite():
                data = replaced(data, draw(st.sampled_from(amounts)), amount)
        elif kind == "visible":
            texts = [path for path in paths(data) if path[-1:] and path[-1] in TEXT_KEYS]
            if texts:
                data = replaced(data, draw(st.sampled_from(texts)), draw(visible_text))
        elif kind == "text":
            text = current if isinstance(current, str) else "x"
            at = draw(st.integers(0, len(text)))
            data = replaced(data, where, text[:at] + draw(odd_text) + text[at:])
        elif kind == "nest":
            for _level in range(draw(st.integers(1, 40))):
                current = [current]
            data = replaced(data, where, current)
        elif kind == "drop" and where:
            data = removed(data, where)
        elif kind == "key" and isinstance(current, dict):
            data = replaced(data, (*where, draw(odd_text) or "extra"), draw(values))
        elif kind == "chain":
            length = draw(st.integers(1, 100 if gentle else 300))
            data = with_chain(data, length, loop=not gentle and draw(st.booleans()))
        elif kind == "whitespace" and isinstance(current, str) and where[-1] in TEXT_KEYS:
            data = replaced(data, where, f"\t{current}\n  {current} ")
    text = yaml.dump(data, Dumper=_Dumper, allow_unicode=draw(st.booleans()), sort_keys=False)
    if not gentle and draw(st.integers(0, 9)) == 0:  # the text cut short, or spliced
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(st.sampled_from(["", ": [", "\t", "- &a x", "*a", "'", "\n---\n"]))
        text += text[at:] if draw(st.booleans()) else ""
    if not gentle and draw(st.integers(0, 4)) == 0:  # a character typed as is, anywhere
        at = draw(st.integers(0, len(text)))
        text = text[:at] + draw(odd_characters) + text[at:]
    return text


#: What no file may hold as itself, anywhere: the controls YAML does not read, the line
#: breaks editors do not show, a byte order mark past the start, U+FFFE and U+FFFF.
UNREADABLE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\ufeff\ufffe\uffff]")


def editor_position(text: str, offset: int) -> str:
    """LINE:COL of an offset as an editor counts: lines end at LF, CR or CR LF."""
    before = text[:offset].replace("\r\n", "\n").replace("\r", "\n")
    return f"{before.count(chr(10)) + 1}:{len(before) - before.rfind(chr(10))}"


def value_at(data: Any, path: Path_) -> Any:
    for step in path:
        data = data[step]
    return data


def swapped(value: Any) -> Any:
    """A value of another type: text for a number, a list for text, and so on."""
    if isinstance(value, (bool, int, Decimal)):
        return str(value)
    if isinstance(value, str):
        return [value]
    if isinstance(value, list):
        return {"x": value}
    if isinstance(value, dict):
        return list(value.values())
    return 0


def with_chain(data: Any, length: int, *, loop: bool) -> Any:
    """``data`` with ``length`` offerings added, each priced as the next one; the last as
    the first offering's (or, with ``loop``, as the first added)."""
    offerings = data.get("offerings") if isinstance(data, dict) else None
    if not isinstance(offerings, list) or not offerings or not isinstance(offerings[0], dict):
        return data
    first = offerings[0].get("id")
    added = [
        {
            "id": f"chain-{i}",
            "group": "chain",
            "name": f"Chain {i}",
            "price": {"same_as": f"chain-{i + 1}" if i + 1 < length else first},
        }
        for i in range(length)
    ]
    if loop:
        added[-1]["price"] = {"same_as": "chain-0"}
    return {**data, "offerings": [*offerings, *added]}


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@settings(
    max_examples=300,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated())
def test_every_catalogue_gets_located_errors_or_output(text: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalogue.yaml"
        path.write_text(text, "utf-8", errors="surrogatepass")
        status, out, err = run("validate", str(path))
        assert status in (0, 1), (status, err)
        if found := UNREADABLE.search(text.removeprefix("\ufeff")):
            where = editor_position(text.removeprefix("\ufeff"), found.start())
            assert err.startswith(f"{path}:{where}: error: the file "), (where, err)
        if status == 1:
            lines = err.splitlines()
            assert re.fullmatch(rf"{re.escape(str(path))}: \d+ errors?", lines[-1]), lines[-1]
            located = re.compile(rf"{re.escape(str(path))}:\d+:\d+: error: \S.*")
            for line in lines[:-1]:
                assert located.fullmatch(line) or line.startswith(f"{path}: and "), line
            assert out == ""
            return
        assert err == ""
        assert re.fullmatch(rf"{re.escape(str(path))}: valid, \d+ offerings\n", out), out
        for argv in (
            ["export", "--format", "json"],
            ["export", "--format", "jsonld"],
            ["render", "--format", "rst"],
        ):
            status, out, err = run(*argv, "--catalogue", str(path), "--date", "2026-12-01")
            assert (status, err) == (0, ""), argv
            if argv[0] == "export":
                json.loads(out)
