"""`offerings diff` on sides made by hand or by an attacker: an offerings.json that is
not as a build writes it, a build whose pages cannot be read or hold control characters.

Each is one line, ``offerings: error: SIDE: WHAT``, and exit 2; never a traceback, never a
comparison of what no build could have written. The offerings.json edited here is the
export of the figures' catalogue, read back with plain `json`; every expected line is
written out by hand from the edit.
"""

from __future__ import annotations

import contextlib
import io
import json
import re
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any, NamedTuple

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from test_mutations import mutated

from sphinx_offerings.cli import main

FIGURES = Path(__file__).resolve().parent / "roots" / "test-figures" / "catalogue.yaml"
ON = "2026-12-01"
NOT_AS_BUILT = "not an offerings.json as a build writes it"


def run(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        status = main(list(argv))
    return status, out.getvalue(), err.getvalue()


@pytest.fixture
def exported(tmp_path: Path) -> Path:
    """offerings.json of the figures' catalogue, as `export` (and a build) writes it."""
    status, out, err = run("export", "--format", "json", "--catalogue", str(FIGURES), "--date", ON)
    assert (status, err) == (0, "")
    path = tmp_path / "fig.json"
    path.write_text(out, "utf-8")
    return path


Edit = Callable[[dict[str, Any]], object]


def _first(data: dict[str, Any]) -> dict[str, Any]:
    offering: dict[str, Any] = data["offerings"][0]
    assert offering["id"] == "pack"  # the catalogue's first offering, as exported
    return offering


def _set(*path: str | int, to: Any) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        place: Any = _first(data)
        for step in path[:-1]:
            place = place[step]
        place[path[-1]] = to

    return edit


def _duplicate(data: dict[str, Any]) -> None:
    data["offerings"][1]["id"] = "pack"


def _remove(*path: str | int) -> Edit:
    def edit(data: dict[str, Any]) -> None:
        place: Any = _first(data)
        for step in path[:-1]:
            place = place[step]
        del place[path[-1]]

    return edit


#: An edit of the first offering (pack), and the line it makes, by hand.
SPOILED: list[tuple[Edit, str]] = [
    (_set("prices", to=[{}]), "offerings[0].prices[0]: no amount"),
    (_set("term", to={"x": 1}), 'offerings[0].term: unknown key "x"'),
    (_set("term", to={}), "offerings[0].term: 0 of years, months, weeks, days, not one"),
    (
        _set("term", to={"years": 1, "months": 2}),
        "offerings[0].term: 2 of years, months, weeks, days, not one",
    ),
    (
        _set("prices", 0, "amount", to="sNaN"),
        'offerings[0].prices[0].amount: "sNaN" is not a decimal amount below 10^12',
    ),
    (
        _set("prices", 0, "amount", to="NaN"),
        'offerings[0].prices[0].amount: "NaN" is not a decimal amount below 10^12',
    ),
    (
        _set("prices", 0, "amount", to="1E+3"),
        'offerings[0].prices[0].amount: "1E+3" is not a decimal amount below 10^12',
    ),
    (
        _set("prices", 0, "amount", to="1000000000000"),
        'offerings[0].prices[0].amount: "1000000000000" is not a decimal amount below 10^12',
    ),
    (
        _set("prices", 0, "amount", to=900),
        "offerings[0].prices[0].amount: 900 is not a decimal amount below 10^12",
    ),
    (
        _set("prices", 0, "currency", to="eur"),
        'offerings[0].prices[0].currency: "eur" is not a currency code',
    ),
    (
        _set("prices", 0, "upcoming", 0, "effective", to="2030-02-30"),
        'offerings[0].prices[0].upcoming[0].effective: "2030-02-30" is not a day of the calendar',
    ),
    (_set("prices", to=[]), "offerings[0].prices: an empty list"),
    (_set("prices", to={"amount": "1"}), "offerings[0].prices: an object is not a list"),
    (_set("id", to=7), "offerings[0].id: 7 is not an id"),
    (_set("id", to="Pack"), 'offerings[0].id: "Pack" is not an id'),
    (_set("name", to=5), "offerings[0].name: 5 is not text"),
    (_set("name", to=" "), 'offerings[0].name: " " is not text'),
    (
        _set("name", to="\u202epack"),
        r'offerings[0].name: "\u202epack" holds U+202E RIGHT-TO-LEFT OVERRIDE',
    ),
    (
        _set("name", to="Support\x1b[2Jpack"),
        r'offerings[0].name: "Support\u001b[2Jpack" holds U+001B ESCAPE',
    ),
    (
        _set("name", to="Support\npack"),
        r'offerings[0].name: "Support\npack" holds U+000A LINE FEED',
    ),
    (
        _set("name", to="Support  pack"),
        'offerings[0].name: "Support  pack" has white space a build folds',
    ),
    (
        _set("incidents", to=True),
        "offerings[0].incidents: true is not a whole number from 1 to 1,000,000",
    ),
    (
        _set("incidents", to=10**7),
        "offerings[0].incidents: 10000000 is not a whole number from 1 to 1,000,000",
    ),
    (
        _set("incidents", to=3.0),
        "offerings[0].incidents: 3.0 is not a whole number from 1 to 1,000,000",
    ),
    (_set("submit", "contact", to=None), "offerings[0].submit.contact: null is not an object"),
    (_remove("submit", "contact"), "offerings[0].submit: no contact"),
    (
        _set("purchase", to={"channel": "checkout"}),
        "offerings[0].purchase: no url, which the channel checkout needs",
    ),
    (
        _set("service_level", "hours", "days", to=["monday", "monday"]),
        "offerings[0].service_level.hours.days: a day twice",
    ),
    (
        _set("service_level", "hours", "start", to="9:00"),
        'offerings[0].service_level.hours.start: "9:00" is not a time of day (HH:MM)',
    ),
    (
        _set("service_level", "response_time", "max", to=1),
        "offerings[0].service_level.response_time.max: 1 is less than min, 2",
    ),
    # a long key shortened to 40 characters: its quote, 38 of its own, an ellipsis
    (_set("x" * 100, to=1), 'offerings[0]: unknown key "' + "x" * 38 + "…"),
    (_duplicate, 'offerings[1].id: "pack" again (offerings[0])'),
]


@pytest.mark.parametrize(("edit", "line"), SPOILED, ids=[line for _edit, line in SPOILED])
@pytest.mark.parametrize("form", ["text", "markdown", "json"])
def test_an_offerings_json_not_as_a_build_writes_it(
    exported: Path, tmp_path: Path, edit: Edit, line: str, form: str
) -> None:
    data = json.loads(exported.read_text("utf-8"))
    edit(data)
    side = tmp_path / "side.json"
    side.write_text(json.dumps(data), "utf-8")
    for argv in ([str(exported), str(side)], [str(side), str(exported)]):
        status, out, err = run("diff", *argv, "--format", form, "--fail-on", "price-increase")
        assert (status, out) == (2, "")
        assert err == f"offerings: error: {side}: {NOT_AS_BUILT}: {line}\n"


#: JSON text no build writes, and the line it makes.
NOT_JSON = [
    ("[" * 100_000 + "]" * 100_000, "not valid JSON: nested too deeply"),
    ('{"date": NaN}', "not valid JSON: NaN is not a JSON value"),
    ('{"date": -Infinity}', "not valid JSON: -Infinity is not a JSON value"),
    ("1" * 5000, "not valid JSON: a number of more than 4300 digits"),
    (
        "{",
        "not valid JSON: Expecting property name enclosed in double quotes: "
        "line 1 column 2 (char 1)",
    ),
    ("[" * 600 + "]" * 600, "a list is not an object"),
    ('{"offerings": 3}', "no date"),
    (
        '{"date": "2026-12-01", "author": null, "contacts": {}, "offerings": 3}',
        "offerings: 3 is not a list",
    ),
    (
        '{"date": "2026-12-01", "author": null, "contacts": {"Sales": {}}, "offerings": []}',
        'contacts: the key "Sales" is not an id',
    ),
]


@pytest.mark.parametrize(("text", "line"), NOT_JSON, ids=[line for _text, line in NOT_JSON])
def test_a_file_that_is_not_an_offerings_json(
    exported: Path, tmp_path: Path, text: str, line: str
) -> None:
    side = tmp_path / "side.json"
    side.write_text(text, "utf-8")
    assert run("diff", str(exported), str(side)) == (
        2,
        "",
        f"offerings: error: {side}: {NOT_AS_BUILT}: {line}\n",
    )


def _build(folder: Path, exported: Path, page: bytes) -> Path:
    folder.mkdir()
    (folder / "offerings.json").write_bytes(exported.read_bytes())
    (folder / "index.html").write_bytes(page)
    return folder


def _figure(words: str) -> bytes:
    """A page showing pack's price, 900 EUR (its price in force on ON), in ``words``."""
    span = '<span data-offerings-ref="pack" data-offerings-field="price" '
    return f'<p>{span}data-offerings-value="900 EUR">{words}</span></p>'.encode()


def test_a_build_whose_page_cannot_be_read(exported: Path, tmp_path: Path) -> None:
    good = _build(tmp_path / "good", exported, _figure("900 EUR"))
    latin = _build(tmp_path / "latin", exported, b"<p>caf\xe9</p>")
    assert run("diff", str(good), str(latin)) == (
        2,
        "",
        f"offerings: error: {latin / 'index.html'}: not UTF-8: byte 0xe9 at offset 6\n",
    )
    (good / "folder.html").mkdir()
    assert run("diff", str(latin), str(good))[0::2] == (
        2,
        f"offerings: error: {latin / 'index.html'}: not UTF-8: byte 0xe9 at offset 6\n",
    )
    assert run("diff", str(exported), str(good)) == (
        2,
        "",
        f"offerings: error: {good / 'folder.html'}: cannot be read: not a file\n",
    )


def test_control_characters_on_a_page_print_as_escapes(exported: Path, tmp_path: Path) -> None:
    """A figure's words on a page, with a terminal's escape sequence and a C1 control in
    them: the change prints on one line, the characters as escapes."""
    plain = _build(tmp_path / "plain", exported, _figure("900 EUR"))
    spoiled = _build(tmp_path / "spoiled", exported, _figure("900\x1b[2J\x9b EUR"))
    status, out, err = run("diff", str(plain), str(spoiled))
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        r"pack: price: 900 EUR -> 900\x1b[2J\x9b EUR (wording only)",
        f"1 change readers will see from {plain} to {spoiled}, 1 in wording only",
    ]
    status, out, err = run("diff", str(plain), str(spoiled), "--format", "json")
    (change,) = json.loads(out)["changes"]
    assert change["new"] == {"value": "900 EUR", "words": r"900\x1b[2J\x9b EUR"}


def test_a_build_folder_nested_deep(exported: Path, tmp_path: Path) -> None:
    """A page 1,200 folders down, past the recursion Path.rglob takes, is read: its words
    are a change of wording. The folders are removed here, from the bottom up."""
    plain = _build(tmp_path / "plain", exported, _figure("900 EUR"))
    deep = _build(tmp_path / "deep", exported, b"<p>No figure here</p>")
    bottom = deep
    for _level in range(1200):
        bottom /= "a"
        bottom.mkdir()
    (bottom / "page.html").write_bytes(_figure("EUR 900"))
    try:
        status, out, err = run("diff", str(plain), str(deep))
    finally:
        (bottom / "page.html").unlink()
        while bottom != deep:
            bottom.rmdir()
            bottom = bottom.parent
    assert (status, err) == (0, "")
    assert out.splitlines() == [
        "pack: price: 900 EUR -> EUR 900 (wording only)",
        f"1 change readers will see from {plain} to {deep}, 1 in wording only",
    ]


Step = str | int


class Place(NamedTuple):
    path: tuple[Step, ...]
    where: str
    value: Any


def _places(value: Any, where: str = "", path: tuple[Step, ...] = ()) -> list[Place]:
    """Every value of offerings.json data: its path, and where a message names it
    (``offerings[0].prices[1].per[0]``)."""
    places = [Place(path, where, value)]
    if isinstance(value, dict):
        for key, item in value.items():
            places += _places(item, f"{where}.{key}" if where else key, (*path, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            places += _places(item, f"{where}[{index}]", (*path, index))
    return places


def _wrong(value: Any) -> Any:
    """A value of another type than ``value``, which no field of that type takes."""
    if isinstance(value, int):  # a count, or true or false
        return "x"
    return 5  # for text, and for null where a build writes null


def _spoiled(data: Any, path: tuple[Step, ...], value: Any) -> Any:
    spoiled = json.loads(json.dumps(data))
    place = spoiled
    for step in path[:-1]:
        place = place[step]
    place[path[-1]] = value
    return spoiled


#: Objects whose keys are ids (contacts, allowances, a service level's times...).
MAPPINGS = frozenset({"contacts", "units", "features", "allowances", "links", "conditions"})


def _unknown(place: Place) -> str:
    """What a reader says of the key "z z" added to the object at ``place``."""
    path, where = place.path, place.where
    if len(path) == 2 and path[0] == "units":  # a unit's words by language
        return f"{where}.z z: not a language code"
    top = len(path) == 1 and path[0] in MAPPINGS
    offering = len(path) == 3 and path[0] == "offerings" and path[2] in MAPPINGS
    if top or offering or path[-2:] == ("service_level", "times"):
        return f'{where}: the key "z z" is not an id'
    return f'{where}: unknown key "z z"' if where else 'unknown key "z z"'


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(mutated(), st.data())
def test_what_a_valid_catalogue_exports_reads_back(text: str, data: st.DataObject) -> None:
    """Whatever a catalogue states, within what validates, its offerings.json is read back
    as a build wrote it: against the catalogue itself, no change but in wording. Any one
    value of it of another type, or an unknown key in any object, is named where it is."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "catalogue.yaml"
        path.write_text(text, "utf-8", errors="surrogatepass")
        if run("validate", str(path))[0] != 0:
            return
        status, out, err = run("export", "--format", "json", "--catalogue", str(path), "--date", ON)
        assert (status, err) == (0, "")
        exported = Path(folder) / "offerings.json"
        exported.write_text(out, "utf-8")
        status, out, err = run("diff", str(path), str(exported), "--date", ON, "--fail-on", "any")
        assert (status, err) == (0, ""), err
        assert re.fullmatch(r"no change readers will see from .*\n", out), out

        written = json.loads(exported.read_text("utf-8"))
        places = _places(written)
        leaves = [place for place in places if not isinstance(place.value, dict | list)]
        leaf = data.draw(st.sampled_from(leaves))
        spoiled = _spoiled(written, leaf.path, _wrong(leaf.value))
        known = data.draw(st.sampled_from([p for p in places if isinstance(p.value, dict)]))
        unknown = {**known.value, "z z": 1}
        added = _spoiled(written, known.path, unknown) if known.path else unknown
        side = Path(folder) / "side.json"
        for wrong, line in ((spoiled, f"{leaf.where}: "), (added, _unknown(known))):
            side.write_text(json.dumps(wrong), "utf-8")
            status, out, err = run("diff", str(exported), str(side))
            assert (status, out) == (2, ""), err
            assert err.startswith(f"offerings: error: {side}: {NOT_AS_BUILT}: {line}"), err
            assert err.count("\n") == 1, err
