"""Cost in proportion: a catalogue is read and checked once, every check is linear, and
what is too large gets a located error, not minutes of work or a traceback.

The limits (README, "Limits"): 1 MiB and 32 levels of nesting per file (`load`), 10,000
offerings per file (`validate.MAX_OFFERINGS`), 100 prices followed by `same_as`
(`validate.checks.MAX_CHAIN`), 1,000 errors looked for and 100 printed (`errors`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from sphinx_offerings import pipeline
from sphinx_offerings.cli import main
from sphinx_offerings.errors import MAX_ERRORS, SHOWN_ERRORS
from sphinx_offerings.load import Document, load_file
from sphinx_offerings.validate import MAX_OFFERINGS
from sphinx_offerings.validate import validate as validate_files
from sphinx_offerings.validate.checks import MAX_CHAIN

HEAD = """\
currency: CAD
contacts:
  support: {email: support@example.com, label: the support team}
offerings:
"""


def offering(index: int, price: str) -> str:
    return f"- {{id: o{index}, group: all, name: Offering {index}, price: {price}}}\n"


def chain(length: int, *, loop: bool = False) -> str:
    """Offerings o0 .. o{length}: each price the next one's, the last an amount (or, with
    ``loop``, the first one's)."""
    text = "".join(offering(i, f"{{same_as: o{i + 1}}}") for i in range(length))
    return HEAD + text + offering(length, "{same_as: o0}" if loop else "5")


def write(tmp_path: Path, text: str, name: str = "offerings.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, "utf-8")
    return path


def validate(*paths: Path, capsys: pytest.CaptureFixture[str]) -> tuple[int, list[str]]:
    status = main(["validate", *map(str, paths)])
    captured = capsys.readouterr()
    return status, (captured.err or captured.out).splitlines()


def test_an_invalid_catalogue_is_read_and_checked_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[str] = []

    def counting(name: str, real: Callable[..., Any]) -> Callable[..., Any]:
        def call(*args: Any) -> Any:
            calls.append(name)
            return real(*args)

        return call

    monkeypatch.setattr(pipeline, "load_file", counting("load", load_file))
    monkeypatch.setattr(pipeline, "validate", counting("validate", validate_files))
    path = write(tmp_path, HEAD + offering(1, "{amount: abc}") + offering(2, "{same_as: o9}"))
    status, lines = validate(path, capsys=capsys)
    assert status == 1
    assert len([line for line in lines if ": error: " in line]) == 2
    assert sorted(calls) == ["load", "validate"]


def test_errors_past_the_limit_are_counted_not_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # 3,000 offerings with four keys missing each: 12,000 errors, looked for up to 1,000
    path = write(tmp_path, HEAD + "- {}\n" * 3000)
    started = time.perf_counter()
    status, lines = validate(path, capsys=capsys)
    assert time.perf_counter() - started < 20
    assert status == 1
    errors = [line for line in lines if ": error: " in line]
    assert len(errors) == SHOWN_ERRORS
    assert lines[-2] == (
        f"{path}: and {MAX_ERRORS - SHOWN_ERRORS:,} more errors "
        f"(the check stops after {MAX_ERRORS:,}: fix these and run it again)"
    )
    assert lines[-1] == f"{path}: {MAX_ERRORS} errors"
    assert len(lines) == SHOWN_ERRORS + 2


def test_loading_stops_once_enough_errors_are_found(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    loaded: list[str] = []

    def loading(path: str) -> Document:
        loaded.append(path)
        return load_file(path)

    monkeypatch.setattr(pipeline, "load_file", loading)
    paths = [write(tmp_path, HEAD + "- {}\n" * 2000, f"part-{n}.yaml") for n in range(5)]
    status, lines = validate(*paths, capsys=capsys)
    assert (status, lines[-1]) == (1, f"{', '.join(map(str, paths))}: {MAX_ERRORS} errors")
    assert loaded == [str(paths[0])]  # 2,000 offerings of 4 errors each: enough in the first


def test_a_few_errors_past_those_printed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text = HEAD + "".join(offering(i, f"{{same_as: nowhere-{i}}}") for i in range(105))
    status, lines = validate(write(tmp_path, text), capsys=capsys)
    assert status == 1
    assert lines[-2].endswith(": and 5 more errors")
    assert lines[-1].endswith(": 105 errors")


def test_offerings_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # 300,000 `{}` would be 900 KB, under the size cap; one error says what to do
    path = write(tmp_path, HEAD + "- {}\n" * (MAX_OFFERINGS + 1))
    started = time.perf_counter()
    status, lines = validate(path, capsys=capsys)
    assert time.perf_counter() - started < 10
    assert status == 1
    assert lines == [
        f"{path}:4:1: error: offerings: {MAX_OFFERINGS + 1:,} offerings in one file; a file "
        f"may hold at most {MAX_OFFERINGS:,}: split it into several catalogue files",
        f"{path}: 1 error",
    ]


def test_many_files_of_offerings_are_one_catalogue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    paths = [
        write(
            tmp_path,
            (HEAD if part == 0 else "currency: CAD\nofferings:\n")
            + "".join(offering(part * 5000 + i, "5") for i in range(5000)),
            f"part-{part}.yaml",
        )
        for part in range(3)
    ]
    status, lines = validate(*paths, capsys=capsys)
    assert status == 0
    assert lines[-1].endswith(": valid, 15000 offerings")


def test_a_chain_of_prices_longer_than_the_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status, lines = validate(write(tmp_path, chain(1000)), capsys=capsys)
    assert status == 1
    [error] = [line for line in lines if ": error: " in line]
    # o899 is 101 steps from o1000, the price with an amount; o0 is on line 5
    assert error.startswith(
        f"{tmp_path / 'offerings.yaml'}:904:63: error: same_as: this price follows "
        f"{MAX_CHAIN + 1} others to reach one with an amount: o899 -> o900 -> o901 -> o902 "
        "-> ... -> o998 -> o999 -> o1000 (102 prices); at most 100 are followed: follow "
        "'o1000' directly"
    ), error


def test_the_longest_chain_allowed_resolves(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write(tmp_path, chain(MAX_CHAIN))
    assert validate(path, capsys=capsys)[0] == 0
    assert main(["export", "--catalogue", str(path), "--date", "2026-12-01"]) == 0
    assert '"amount": "5"' in capsys.readouterr().out


def test_a_long_loop_is_found_in_linear_time(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    started = time.perf_counter()
    status, lines = validate(write(tmp_path, chain(2500, loop=True)), capsys=capsys)
    assert time.perf_counter() - started < 10  # 3 min 11 s, walking each chain with a list
    assert status == 1
    [error] = [line for line in lines if ": error: " in line]
    assert (
        "same_as: the prices refer to each other in a loop: o0 -> o1 -> o2 -> o3 -> ... -> "
        "o2499 -> o2500 -> o0 (2,502 prices); give one of them an amount"
    ) in error


def test_resolving_a_chain_is_linear_and_not_recursive() -> None:
    import datetime
    import sys

    from sphinx_offerings.load import load_text
    from sphinx_offerings.resolve import resolve
    from sphinx_offerings.validate.merge import merge

    # A chain longer than the recursion limit, which the checks refuse; resolve itself
    # follows it in a loop (the model of data already checked).
    text = chain(sys.getrecursionlimit() + 100)
    merged, _ = merge([load_text(text, "chain.yaml")])
    catalogue = resolve(merged, datetime.date(2026, 12, 1))
    [price] = catalogue.offerings[0].prices
    assert price.money is not None and price.money.amount == 5
