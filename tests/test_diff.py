"""`offerings diff`: what readers will see change, between sides of every kind.

Each expected list below is written out by hand from the catalogues the test writes,
derived prices worked out (times 2 of the price they follow). Every side lives in a
temporary git repository and its builds; a URL side is served on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import fnmatch
import http.server
import json
import shlex
import shutil
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from markdown_it import MarkdownIt

from conftest import ROOT, build_site, serve, text_of
from snapshots import replaced
from sphinx_offerings.checks.diff import RULES
from sphinx_offerings.cli import main
from sphinx_offerings.commands import DIFF_RULES
from sphinx_offerings.site import read_site

ON = "2026-11-27"  # before the announced licence price change


def git(repo: Path, *args: str) -> str:
    command = ["git", "-c", "user.name=Test", "-c", "user.email=test@example.com", *args]
    done = subprocess.run(command, cwd=repo, capture_output=True, text=True, check=True)
    return done.stdout.strip()


def commit(repo: Path, message: str) -> None:
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", message)


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, list[str], list[str]]:
    code = main(["diff", *argv])
    out, err = capsys.readouterr()
    return code, out.splitlines(), err.splitlines()


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Path, str]]:
    """A folder served over HTTP on 127.0.0.1, and its URL."""
    folder = tmp_path_factory.mktemp("served")
    with serve(folder) as url:
        yield folder, url


# -- the 2025 switch from CAD to USD, on a copy of the shipped site -----------------------

#: data/offerings.yaml and data/licences.yaml as on ON, after the switch (currency USD, the
#: single incident 399, price format "code"): every price on both pages reads anew.
SWITCH = [
    "single-incident: price: $350 CAD -> 399 USD",
    "five-pack: price: $1750 CAD -> 1750 USD",
    "after-hours: price: $700 CAD -> 798 USD (follows single-incident)",
    "advisory: price: $350 CAD -> 399 USD (follows single-incident)",
    "sharpsnmp-pro: price: $999 USD -> 999 USD (wording only)",
    "sharpsnmp-pro: change.2027-01-01: $1149 USD -> 1149 USD (wording only)",
    "sharpsnmp-pro-canada: price: $880 CAD -> 880 CAD (wording only)",
    "sharpsnmp-pro-canada: original: $1100 CAD -> 1100 CAD (wording only)",
    "sharpsnmp-subscription: price: $99 USD -> 99 USD (wording only)",
    "sharpsnmp-subscription: price.2: $999 USD -> 999 USD (wording only)",
    "consulting: price: $150 USD -> 150 USD (wording only)",
]
#: The price format alone: every price, in wording only (on request reads the same).
FORMAT_ONLY = [
    "single-incident: price: $350 CAD -> 350 CAD (wording only)",
    "five-pack: price: $1750 CAD -> 1750 CAD (wording only)",
    "after-hours: price: $700 CAD -> 700 CAD (wording only; follows single-incident)",
    "advisory: price: $350 CAD -> 350 CAD (wording only; follows single-incident)",
    *SWITCH[4:],
]


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert text.count(old) == 1, old
    path.write_text(text.replace(old, new), "utf-8")


@pytest.fixture
def shipped(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A git repository holding a copy of the shipped site (conf.py and data/) on main,
    with the branch ``switch`` checked out; the current folder."""
    repo = tmp_path / "shipped"
    (repo / "data").mkdir(parents=True)
    shutil.copy(ROOT / "conf.py", repo / "conf.py")
    for name in ("offerings.yaml", "licences.yaml"):
        shutil.copy(ROOT / "data" / name, repo / "data" / name)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "The shipped catalogue")
    git(repo, "checkout", "-q", "-b", "switch")
    monkeypatch.chdir(repo)
    return repo


def switch_currency(repo: Path, *, price_format: bool = True) -> None:
    edit(repo / "data" / "offerings.yaml", "currency: CAD", "currency: USD")
    edit(repo / "data" / "offerings.yaml", "price: 350", "price: 399")
    if price_format:
        set_price_format(repo)


def set_price_format(repo: Path) -> None:
    edit(
        repo / "conf.py",
        'offerings_price_format = "symbol-code"',
        'offerings_price_format = "code"',
    )


def test_the_switch_to_usd_lists_what_readers_see(
    shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    switch_currency(shipped)
    base = git(shipped, "merge-base", "HEAD", "main")[:12]
    code, out, err = run(capsys, "--date", ON)  # the merge base with main, the working tree
    summary = f"11 changes readers will see from the merge base of HEAD and main ({base}) to "
    assert (code, out, err) == (0, [*SWITCH, summary + "the working tree, 7 in wording only"], [])

    commit(shipped, "Switch to USD")
    code, out, _ = run(capsys, "main", "HEAD", "--date", ON)
    assert out == [*SWITCH, "11 changes readers will see from main to HEAD, 7 in wording only"]


def test_the_guide_quotes_the_switch() -> None:
    lines = (ROOT / "docs" / "guide.rst").read_text("utf-8").splitlines()
    start = lines.index("   :name: guide-example-diff") + 2
    end = lines.index("", start)
    quoted = [line.strip() for line in lines[start:end]]
    assert quoted
    assert set(quoted) <= set(SWITCH)


def test_pull_requests_get_the_table_in_their_job_summary() -> None:
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "prices.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    paths = triggers["pull_request"]["paths"]
    assert "conf.py" in paths
    for catalogue in read_site(ROOT).catalogues:
        name = catalogue.relative_to(ROOT).as_posix()
        assert any(fnmatch.fnmatch(name, pattern.replace("**", "*")) for pattern in paths)
    (job,) = workflow["jobs"].values()
    checkout, *_, last = job["steps"]
    assert checkout["uses"].startswith("actions/checkout@")
    assert checkout["with"]["fetch-depth"] == 0  # the base branch, for its merge base
    words = shlex.split(last["run"])
    assert words[:2] == ["offerings", "diff"]
    assert words[-4:] == ["--format", "markdown", ">>", "$GITHUB_STEP_SUMMARY"]


def test_a_price_format_alone_changes_every_price_in_wording(
    shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    set_price_format(shipped)
    code, out, _ = run(capsys, "main", "--date", ON)
    assert out == [
        *FORMAT_ONLY,
        "11 changes readers will see from main to the working tree, 11 in wording only",
    ]
    assert code == 0


def test_a_language_alone_changes_the_words(
    shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (shipped / "conf.py").write_text((shipped / "conf.py").read_text() + 'language = "fr"\n')
    _code, out, _ = run(capsys, "main", "--date", ON, "--format", "json")
    changes = json.loads("\n".join(out))["changes"]
    assert {c["kind"] for c in changes} == {"wording"}
    single = next(c for c in changes if (c["offering"], c["fact"]) == ("single-incident", "price"))
    assert single["old"] == {"value": "350 CAD", "words": "$350 CAD"}
    assert single["new"] == {"value": "350 CAD", "words": "350 $ CAD"}
    incidents = next(c for c in changes if c["fact"] == "incidents")
    assert (incidents["old"]["words"], incidents["new"]["words"]) == ("one incident", "un incident")


def test_fail_on_currency_fails_the_switch(
    shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    switch_currency(shipped)
    code, out, _ = run(capsys, "main", "--date", ON, "--fail-on", "currency")
    assert (code, out[-1]) == (1, "fails --fail-on currency")
    # across currencies a price neither rises nor falls
    assert run(capsys, "main", "--date", ON, "--fail-on", "price-increase")[0] == 0


# -- each kind of side against each other kind -------------------------------------------

CONF = f"""\
extensions = ["sphinx_offerings"]
offerings_catalogue = "data/plans.yaml"
offerings_date = "{ON}"
show_warning_types = True
"""
PAGE = """\
Plans
=====

.. offerings:table::
   :columns: name, price, changes, past, purchase

.. offerings:changes::
"""
BEFORE = """\
currency: EUR
contacts:
  sales: {email: sales@example.com, label: the sales team}
offerings:
  - id: basic
    group: plans
    name: Basic
    price:
      amount: 100
      original: 150
      schedule:
        - {effective: 2030-01-01, amount: 110}
    purchase: {channel: mailto, contact: sales}
  - id: double
    group: plans
    name: Double
    price: {same_as: basic, times: 2}
    purchase: {channel: mailto, contact: sales}
  - id: support
    group: plans
    name: Support
    price:
      amount: 50
      schedule:
        - {effective: 2030-03-01, amount: 60}
    purchase: {channel: mailto, contact: sales}
  - id: legacy
    group: plans
    name: Legacy
    price: 40
    purchase: {channel: mailto, contact: sales}
"""
#: BEFORE with a higher price and no discount for basic (and so for double), its change
#: moved, the change of support withdrawn and another announced, legacy replaced.
AFTER = replaced(
    BEFORE,
    [
        ("      amount: 100\n      original: 150\n", "      amount: 120\n", 1),
        ("{effective: 2030-01-01, amount: 110}", "{effective: 2030-06-01, amount: 110}", 1),
        ("{effective: 2030-03-01, amount: 60}", "{effective: 2031-01-01, amount: 70}", 1),
        (
            "id: legacy\n    group: plans\n    name: Legacy\n    price: 40",
            'id: premium\n    group: plans\n    name: "Premium | *VIP*"\n    price: 500',
            1,
        ),
    ],
)
#: From BEFORE to AFTER, by hand: (offering, kind, fact, old value, new value, follows, to).
CHANGES = [
    ("basic", "changed", "price", "100 EUR", "120 EUR", None, ""),
    ("basic", "removed", "original", "150 EUR", None, None, ""),
    ("basic", "moved", "change.2030-01-01", "110 EUR", "110 EUR", None, "change.2030-06-01"),
    ("double", "changed", "price", "200 EUR", "240 EUR", "basic", ""),
    ("double", "removed", "original", "300 EUR", None, "basic", ""),
    ("double", "moved", "change.2030-01-01", "220 EUR", "220 EUR", "basic", "change.2030-06-01"),
    ("support", "withdrawn", "change.2030-03-01", "60 EUR", None, None, ""),
    ("support", "announced", "change.2031-01-01", None, "70 EUR", None, ""),
    ("legacy", "removed", None, "Legacy, 40 EUR", None, None, ""),
    ("premium", "added", None, None, "Premium | *VIP*, 500 EUR", None, ""),
]
#: The same as a reader reads it, from two sides that have words.
TEXT = [
    "basic: price: €100 EUR -> €120 EUR",
    "basic: original removed: €150 EUR",
    "basic: price change moved: from 2030-01-01: €110 EUR -> from 2030-06-01: €110 EUR",
    "double: price: €200 EUR -> €240 EUR (follows basic)",
    "double: original removed: €300 EUR (follows basic)",
    "double: price change moved: from 2030-01-01: €220 EUR -> from 2030-06-01: €220 EUR"
    " (follows basic)",
    "support: price change withdrawn: from 2030-03-01: €60 EUR",
    "support: price change announced: from 2031-01-01: €70 EUR",
    "legacy: offering removed: Legacy, €40 EUR",
    "premium: offering added: Premium | *VIP*, €500 EUR",
]


@dataclass(frozen=True)
class Sides:
    repo: Path  # AFTER in the working tree and at the tag "after"; BEFORE at "before"
    specs: dict[str, tuple[str, str]]  # kind: (the side of BEFORE, the side of AFTER)


def write_site(folder: Path, catalogue: str) -> Path:
    (folder / "data").mkdir(parents=True)
    (folder / "conf.py").write_text(CONF, "utf-8")
    (folder / "index.rst").write_text(PAGE, "utf-8")
    (folder / "data" / "plans.yaml").write_text(catalogue, "utf-8")
    return folder


@pytest.fixture(scope="module")
def sides(tmp_path_factory: pytest.TempPathFactory, served: tuple[Path, str]) -> Sides:
    """BEFORE and AFTER as every kind of side: git revisions, catalogue files, site
    folders, builds, their offerings.json and their pages served over HTTP."""
    work = tmp_path_factory.mktemp("sides")
    repo = write_site(work / "repo", BEFORE)
    git(repo, "init", "-q", "-b", "main")
    commit(repo, "Before")
    git(repo, "tag", "before")
    (repo / "data" / "plans.yaml").write_text(AFTER, "utf-8")
    commit(repo, "After")
    git(repo, "tag", "after")
    before = write_site(work / "before", BEFORE)
    folder, url = served
    builds = {}
    for name, site in (("before", before), ("after", repo)):
        built = build_site(folder / name, srcdir=site, confdir=site)
        assert built.status == 0, built.warnings
        builds[name] = built.out
    specs = {
        "revision": ("before", "after"),
        "file": (str(before / "data" / "plans.yaml"), str(repo / "data" / "plans.yaml")),
        "site": (str(before), str(repo)),
        "build": (str(builds["before"]), str(builds["after"])),
        "json": tuple(str(builds[name] / "offerings.json") for name in ("before", "after")),
        "url": tuple(f"{url}/{name}/html/index.html" for name in ("before", "after")),
    }
    return Sides(repo, specs)  # type: ignore[arg-type]


@pytest.fixture
def at(sides: Sides, monkeypatch: pytest.MonkeyPatch) -> Sides:
    """The sides, with their repository as the current folder."""
    monkeypatch.chdir(sides.repo)
    return sides


def normal(changes: list[dict[str, Any]]) -> list[tuple[Any, ...]]:
    return [
        (
            c["offering"],
            c["kind"],
            c["fact"],
            c["old"] and c["old"]["value"],
            c["new"] and c["new"]["value"],
            c["follows"],
            c.get("to", ""),
        )
        for c in changes
    ]


KINDS = ("revision", "file", "site", "build", "json", "url")


@pytest.mark.parametrize("new", KINDS)
@pytest.mark.parametrize("old", KINDS)
def test_each_kind_of_side_against_each_other(
    at: Sides, old: str, new: str, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = [at.specs[old][0], at.specs[new][1], "--format", "json"]
    code, out, err = run(capsys, *argv)
    assert (code, err) == (0, [])
    data = json.loads("\n".join(out))
    assert normal(data["changes"]) == CHANGES
    assert (data["old"]["kind"], data["new"]["kind"]) == (old, new)
    assert data["old"]["date"] == data["new"]["date"] == ON
    # Pages and catalogues word each figure alike: nothing changes in wording only.
    worded = {"revision", "file", "site", "build", "url"}
    if old in worded and new in worded:
        text = run(capsys, *argv[:2])[1]
        assert text[:-1] == TEXT


def test_the_sides_say_what_they_are(sides: Sides, capsys: pytest.CaptureFixture[str]) -> None:
    """offerings.json has no words: its figures read as their values."""
    _code, out, _ = run(capsys, sides.specs["json"][0], sides.specs["json"][1])
    assert out[0] == "basic: price: 100 EUR -> 120 EUR"
    assert out[-1] == (
        f"10 changes readers will see from {sides.specs['json'][0]} to {sides.specs['json'][1]}"
    )


def test_a_published_site_by_its_folder_url(
    at: Sides, served: tuple[Path, str], capsys: pytest.CaptureFixture[str]
) -> None:
    url = served[1]
    for published in (
        f"{url}/before/html/",
        f"{url}/before/html",
        f"{url}/before/html/offerings.json",
    ):
        _code, out, _ = run(capsys, published, "--format", "json")
        assert normal(json.loads("\n".join(out))["changes"]) == CHANGES, published


def test_the_same_side_twice_is_no_change(at: Sides, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "after") == (
        0,
        ["no change readers will see from after to the working tree"],
        [],
    )


@pytest.mark.parametrize(
    ("rules", "code", "broken"),
    [
        (["any"], 1, ["any"]),
        (["price-increase"], 1, ["price-increase"]),
        (["price-decrease"], 0, []),
        (["removed"], 1, ["removed"]),
        (["currency"], 0, []),
        (["schedule"], 1, ["schedule"]),
        (["currency", "removed", "price-decrease", "schedule"], 1, ["removed", "schedule"]),
    ],
)
def test_fail_on(
    at: Sides, rules: list[str], code: int, broken: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["before", "--format", "json", *(f"--fail-on={rule}" for rule in rules)]
    result, out, _ = run(capsys, *argv)
    assert (result, json.loads("\n".join(out))["failed"]) == (code, broken)


def test_every_rule_is_an_option() -> None:
    assert tuple(RULES) == DIFF_RULES


def test_a_decrease_and_a_change_coming_into_force(
    at: Sides, capsys: pytest.CaptureFixture[str]
) -> None:
    """The old build as on ON, the catalogue as on a day after its first change."""
    code, out, _ = run(capsys, at.specs["build"][0], "before", "--date", "2030-02-01")
    assert out[:4] == [
        "basic: price: €100 EUR -> €110 EUR",
        "basic: original removed: €150 EUR",
        "basic: price change in force: from 2030-01-01: €110 EUR",
        "double: price: €200 EUR -> €220 EUR (follows basic)",
    ]
    assert (
        run(
            capsys,
            at.specs["build"][0],
            "before",
            "--date",
            "2030-02-01",
            "--fail-on",
            "price-decrease",
        )[0]
        == 0
    )
    code, *_ = run(
        capsys, "before", at.specs["json"][0], "--date", "2030-02-01", "--fail-on=price-decrease"
    )
    assert code == 1


# -- the Markdown, as GitHub shows a job summary -----------------------------------------


def table_of(markdown: str) -> tuple[list[str], list[list[str]]]:
    """The table a CommonMark renderer with GitHub's table extension makes of it."""
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    page = BeautifulSoup(html, "html.parser")
    table = page.find("table")
    assert isinstance(table, Tag), html
    header = [text_of(th) for th in table.select("thead th")]
    rows = [[text_of(td) for td in tr.find_all("td")] for tr in table.select("tbody tr")]
    return header, rows


def test_the_markdown_is_one_table_row_per_change(
    at: Sides, capsys: pytest.CaptureFixture[str]
) -> None:
    _code, out, _ = run(capsys, "before", "after", "--format", "markdown", "--fail-on", "removed")
    markdown = "\n".join(out) + "\n"
    header, rows = table_of(markdown)
    assert header == ["Offering", "What", "Before", "After", "Note"]
    assert rows == [
        ["basic", "price", "€100 EUR", "€120 EUR", ""],
        ["basic", "original", "€150 EUR", "—", "removed"],
        [
            "basic",
            "price change",
            "from 2030-01-01: €110 EUR",
            "from 2030-06-01: €110 EUR",
            "moved",
        ],
        ["double", "price", "€200 EUR", "€240 EUR", "follows basic"],
        ["double", "original", "€300 EUR", "—", "removed; follows basic"],
        [
            "double",
            "price change",
            "from 2030-01-01: €220 EUR",
            "from 2030-06-01: €220 EUR",
            "moved; follows basic",
        ],
        ["support", "price change", "from 2030-03-01: €60 EUR", "—", "withdrawn"],
        ["support", "price change", "—", "from 2031-01-01: €70 EUR", "announced"],
        ["legacy", "offering", "Legacy, €40 EUR", "—", "removed"],
        # a | and * in a name are text, not a column or emphasis
        ["premium", "offering", "—", "Premium | *VIP*, €500 EUR", "added"],
    ]
    html = MarkdownIt("commonmark").enable("table").render(markdown)
    assert "<em>" not in html
    assert "10 changes readers will see from before to after (prices as on 2026-11-27)." in html
    assert "<strong>Fails</strong> <code>--fail-on removed</code>." in html


def test_the_markdown_of_the_switch(shipped: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Dollar signs stay dollar signs (GitHub would read $...$ as a formula)."""
    switch_currency(shipped)
    _code, out, _ = run(capsys, "main", "--date", ON, "--format", "markdown")
    _header, rows = table_of("\n".join(out) + "\n")
    assert rows[2] == ["after-hours", "price", "$700 CAD", "798 USD", "follows single-incident"]
    assert len(rows) == len(SWITCH)
    assert "\\$700 CAD" in "\n".join(out)


def test_no_change_is_said_in_markdown_without_a_table(
    shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "main", "--format", "markdown")
    assert code == 0
    html = MarkdownIt("commonmark").enable("table").render("\n".join(out))
    assert "<table>" not in html
    assert "No change readers will see from main to the working tree" in html


# -- bad input: one line each ------------------------------------------------------------


def test_an_unknown_revision(shipped: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "no-such-branch") == (
        2,
        [],
        ["offerings: error: no-such-branch: no such file, folder, URL or git revision"],
    )


def test_a_revision_a_shallow_clone_lacks(
    shipped: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    switch_currency(shipped)
    commit(shipped, "Switch")
    git(shipped, "tag", "v1", "main")
    git(shipped, "checkout", "-q", "main")  # the default branch, as a forge's
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth=1", "--branch=switch", shipped.as_uri(), str(clone))
    monkeypatch.chdir(clone)
    hint = "or the whole history (git fetch --unshallow)"
    assert run(capsys, "v1")[::2] == (
        2,
        [
            "offerings: error: v1: no such revision here; this clone is shallow: fetch it "
            f"(git fetch --no-tags --depth=50 origin v1) {hint}"
        ],
    )
    assert run(capsys, "HEAD~1")[::2] == (
        2,
        [
            "offerings: error: HEAD~1: no such revision here; this clone is shallow: fetch it "
            f"(git fetch --deepen=50) {hint}"
        ],
    )
    code, _, err = run(capsys)  # the default branch: not fetched
    assert code == 2
    assert err == [
        "offerings: error: no default branch (origin/HEAD, main or master) to compare with: "
        "name OLD; this clone is shallow: fetch it (git fetch --no-tags --depth=50 origin main) "
        + hint
    ]


def test_an_invalid_side_says_which(shipped: Path, capsys: pytest.CaptureFixture[str]) -> None:
    catalogue = shipped / "data" / "offerings.yaml"
    lines = catalogue.read_text("utf-8").splitlines()
    line = lines.index("    price: 350") + 1
    edit(catalogue, "    price: 350", "    price: cheap")
    code, out, err = run(capsys, "main")
    assert (code, out) == (1, [])
    assert len(err) == 2
    assert err[0].startswith(f"new side: data/offerings.yaml:{line}:12: error: ")
    assert err[1] == "new side (the working tree): 1 error"

    commit(shipped, "A mistake")
    git(shipped, "tag", "broken")
    git(shipped, "checkout", "-q", "main")
    code, out, err = run(capsys, "broken")
    assert code == 1
    assert err[0].startswith(f"old side: broken:data/offerings.yaml:{line}:12: error: ")
    assert err[1] == "old side (broken): 1 error"


def test_a_url_that_fails(
    served: tuple[Path, str], shipped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder, url = served
    assert run(capsys, f"{url}/nothing/offerings.json") == (
        2,
        [],
        [f"offerings: error: {url}/nothing/offerings.json: HTTP 404 File not found"],
    )
    (folder / "bare").mkdir(exist_ok=True)
    (folder / "bare" / "index.html").write_text("<html><p>Not built by Sphinx</p></html>")
    code, _, err = run(capsys, f"{url}/bare/")
    assert (code, err) == (
        2,
        [f"offerings: error: {url}/bare/offerings.json: HTTP 404 File not found"],
    )
    (folder / "bare" / "offerings.json").write_text('{"offerings": 3}')
    code, _, err = run(capsys, f"{url}/bare/offerings.json")
    assert code == 2
    assert err[0].startswith(f"offerings: error: {url}/bare/offerings.json: not an offerings.json")
    assert len(err) == 1


def test_a_url_nothing_answers(shipped: Path, capsys: pytest.CaptureFixture[str]) -> None:
    server = http.server.HTTPServer(("127.0.0.1", 0), http.server.BaseHTTPRequestHandler)
    port = server.server_address[1]
    server.server_close()  # the port is free again: nothing listens there
    code, _, err = run(capsys, f"http://127.0.0.1:{port}/")
    assert code == 2
    assert len(err) == 1
    assert err[0].startswith(f"offerings: error: http://127.0.0.1:{port}/: cannot be read: ")


def test_usage_errors(shipped: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, "main", "--date", "soon")[::2] == (
        2,
        ["offerings: error: --date soon: give a date as YYYY-MM-DD"],
    )
    assert run(capsys, str(tmp_path))[::2] == (
        2,
        [
            f"offerings: error: {tmp_path}: neither a build (offerings.json) nor a site "
            "(conf.py) is here"
        ],
    )
    assert run(capsys, "main", "--fail-on", "everything")[0] == 2


def test_outside_a_repository(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "main", str(ROOT / "data" / "offerings.yaml"))[::2] == (
        2,
        ["offerings: error: main: no such file, folder or URL, and no git repository here"],
    )


def test_a_url_side_within_one_timeout(shipped: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """--timeout covers all of a side's requests: a page and its offerings.json, each
    answered after 1.5 s, do not fit in 2 s, though each alone would."""
    import threading
    import time

    class Slow(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            time.sleep(1.5)
            body = b"<html><p>a page</p></html>" if self.path == "/" else b"{}"
            with contextlib.suppress(OSError):  # the client has left, in time
                self.send_response(200)
                self.send_header("Content-Type", "text/html" if self.path == "/" else "text/json")
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

        def log_message(self, format: str, *args: Any) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Slow)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/"
        late = "cannot be read: no complete answer within 2 s"
        assert run(capsys, url, url, "--timeout", "2") == (
            2,
            [],
            [f"offerings: error: {url}offerings.json: {late}"],
        )
        code, _, err = run(capsys, url, url, "--timeout", "0")
        assert code == 2
        assert "argument --timeout: '0': give seconds above 0, at most 86400" in err[-1]
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
