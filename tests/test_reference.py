"""The maintainers' guide and the generated reference.

The reference page is compared with a stored text, tests/expectations/reference.txt,
reviewed by hand. What it documents is compared with that text too, or with the names
written here, each read its own way: the settings and markup from a Sphinx application,
the keys from the schema file read as plain JSON, the commands from their ``--help``.
The guide's examples are catalogue entries that must validate.
"""

from __future__ import annotations

import datetime
import json
import re
import textwrap
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from bs4 import BeautifulSoup, Tag
from sphinx.application import Sphinx
from sphinx.util.docutils import docutils_namespace

from conftest import CATALOGUE, DOCS, LICENCES, ROOT, Site, build_site, text_of
from snapshots import article_text, expect, stored
from sphinx_offerings.checks.lint import lint
from sphinx_offerings.cli import main
from sphinx_offerings.errors import CatalogueInvalid
from sphinx_offerings.pipeline import read_catalogue

SCHEMA_FILE = ROOT / "ext" / "sphinx_offerings" / "schema" / "offerings.schema.json"
GUIDE = DOCS / "guide.rst"
QUOTES = str.maketrans("‘’“”", "''\"\"")
REVIEWED = "reference.txt"

# What the extension offers, written out by hand: the settings with their defaults as
# the reference shows them, the roles, and the directives with their options.
SETTINGS = {
    "offerings_catalogue": "['data/offerings.yaml']",
    "offerings_date": "''",
    "offerings_price_format": "'symbol-code'",
}
ROLES = [
    *("price", "name", "incidents", "hours", "response", "delivery", "term", "billing"),
    *("qualifier", "approx", "discount", "break", "allowance", "time", "condition", "url"),
    *("feature", "coverage", "field", "link", "offer"),
]
DIRECTIVES = {
    "table": ["group", "tag", "offerings", "columns", "headers", "caption", "price-format"],
    "compare": ["group", "tag", "offerings", "rows", "caption", "price-format"],
    "changes": ["group", "tag", "offerings", "columns", "headers", "caption", "price-format"],
    "reference": [],
}


@dataclass(frozen=True)
class Registered:
    """What the site's Sphinx application holds, read from the application itself."""

    settings: dict[str, tuple[Any, str]]  # name: default, description
    roles: dict[str, Any]
    directives: dict[str, Any]


@pytest.fixture(scope="module")
def registered(tmp_path_factory: pytest.TempPathFactory) -> Registered:
    """The site's settings and markup, from its application set up but not built."""
    out = tmp_path_factory.mktemp("app")
    # Sphinx registers its markup with docutils for the whole process: undone on leaving.
    with docutils_namespace():
        app = Sphinx(DOCS, ROOT, out / "html", out / "doctrees", "html", status=None, warning=None)
        settings = {
            value.name: (
                app.config.values[value.name].default,
                app.config.values[value.name].description,
            )
            for value in app.config
            if value.name.startswith("offerings_")
        }
        domain = app.env.get_domain("offerings")
        return Registered(settings, dict(domain.roles), dict(domain.directives))


@pytest.fixture(scope="module")
def reference(site: Site) -> BeautifulSoup:
    return site.soup("reference")


def _flat(text: str) -> str:
    """Text as compared: white space folded, typographic quotes made plain."""
    return " ".join(text.translate(QUOTES).split())


def _terms(page: BeautifulSoup, part: str) -> dict[str, Tag]:
    """The terms a part of the reference lists, each with its definition."""
    listed = page.select_one(f"dl.offerings-{part}")
    assert listed is not None, f"the reference has no part {part}"
    terms = listed.find_all("dt", recursive=False)
    definitions = listed.find_all("dd", recursive=False)
    return {text_of(dt): dd for dt, dd in zip(terms, definitions, strict=True)}


def _reviewed(heading: str) -> dict[str, str]:
    """The terms of one section of the reviewed page, each with its definition (folded)."""
    lines = stored(REVIEWED).splitlines()
    start = lines.index(f"## {heading}") + 1
    end = next((n for n in range(start, len(lines)) if lines[n].startswith("## ")), len(lines))
    section = lines[start:end]
    terms: dict[str, list[str]] = {}
    current: list[str] | None = None
    for line, following in zip(section, [*section[1:], ""], strict=True):
        if not line.startswith(" "):  # a term has its definition indented under it
            defined = following.startswith("  ") and not following.lstrip().startswith("-> ")
            current = terms.setdefault(line, []) if defined else None
        elif current is not None:
            current.append(line.strip())
    return {term: _flat(" ".join(definition)) for term, definition in terms.items()}


def _schema_properties(node: Any) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every property at every depth of a JSON Schema: its name and its schema."""
    if isinstance(node, dict):
        for name, child in node.get("properties", {}).items():
            yield name, child
        for child in node.values():
            yield from _schema_properties(child)
    elif isinstance(node, list):
        for child in node:
            yield from _schema_properties(child)


def _help(capsys: pytest.CaptureFixture[str], *command: str) -> str:
    assert main([*command, "--help"]) == 0
    return capsys.readouterr().out


def _arguments(help_text: str) -> list[tuple[str, str]]:
    """Each argument a ``--help`` lists under its headings: how it is written, its help."""
    entries: list[list[str]] = []
    listing = False
    for line in help_text.splitlines():
        if line.endswith(":") and not line.startswith(" "):  # options:, positional arguments:
            listing = True
        elif listing and line.startswith("  ") and not line.startswith("   "):
            written, _, text = line.strip().partition("  ")
            entries.append([written, text.strip()])
        elif listing and line.startswith("     ") and entries:  # the help, continued below
            entries[-1][1] = f"{entries[-1][1]} {line.strip()}".strip()
    return [(written, text) for written, text in entries]


def test_the_guide_and_the_reference_build_nitpicky_without_warnings(site: Site) -> None:
    assert site.status == 0, site.warnings
    assert (site.out / "guide.html").is_file()
    assert (site.out / "reference.html").is_file()


def test_the_reference_is_as_reviewed(reference: BeautifulSoup) -> None:
    expect(REVIEWED, article_text(reference))


def test_every_setting_is_in_the_reference(
    registered: Registered, reference: BeautifulSoup
) -> None:
    declared = {name: repr(default) for name, (default, _) in registered.settings.items()}
    assert declared == SETTINGS
    assert set(_terms(reference, "config")) == set(SETTINGS)
    reviewed = _reviewed("Settings")
    assert list(reviewed) == list(SETTINGS)
    for name, (_, description) in registered.settings.items():
        assert description
        assert _flat(description) in reviewed[name]
        assert f"Default: {SETTINGS[name]}" in reviewed[name]


def test_every_catalogue_key_is_in_the_reference() -> None:
    schema = json.loads(SCHEMA_FILE.read_text("utf-8"))
    properties = list(_schema_properties(schema))
    reviewed = _reviewed("Catalogue keys")
    last_names = {re.sub(r"\[\]$", "", path.rsplit(".", 1)[-1]) for path in reviewed}
    assert last_names - {"ID"} == {name for name, _ in properties}
    # Deep keys, reached through $ref, oneOf and lists.
    for path in (
        "contacts.ID.email",
        "offerings[].price.schedule[].effective",
        "offerings[].price.same_as",
        "offerings[].includes[].support.coverage.from",
    ):
        assert path in reviewed
    shown = " ".join(reviewed.values())
    for name, property_schema in properties:
        if "description" in property_schema:
            assert _flat(property_schema["description"]) in shown, name


def test_every_role_and_directive_is_in_the_reference(
    registered: Registered, reference: BeautifulSoup
) -> None:
    assert list(registered.roles) == ROLES
    assert {name: list(d.option_spec or {}) for name, d in registered.directives.items()} == (
        DIRECTIVES
    )
    roles = [f":offerings:{name}:" for name in ROLES]
    assert list(_terms(reference, "roles")) == list(_reviewed("Roles")) == roles
    directives = _reviewed("Directives")
    assert [term.split("::")[0] for term in directives] == [
        f".. offerings:{name}" for name in DIRECTIVES
    ]
    assert list(_terms(reference, "directives")) == list(directives)
    for name, options in DIRECTIVES.items():
        (definition,) = [
            d for term, d in directives.items() if term.startswith(f".. offerings:{name}::")
        ]
        for option in options:
            assert f":{option}:" in definition


def test_every_command_and_argument_is_in_the_reference(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "1000")  # one line per argument
    names = re.findall(r"^    (\S+)  ", _help(capsys), flags=re.MULTILINE)
    assert names == ["validate", "check", "lint", "export", "render", "diff"]
    commands = _reviewed("The offerings command")
    assert list(commands) == ["offerings", *(f"offerings {name}" for name in names)]
    for command in ["", *names]:
        shown = commands[f"offerings {command}".strip()]
        for written, text in _arguments(_help(capsys, *command.split())):
            if written == "-h, --help":
                continue
            assert written.split()[0] in shown, (command, written)
            assert _flat(text) in shown, (command, text)


def test_the_guide_links_into_the_reference(site: Site) -> None:
    guide = site.soup("guide")
    targets = {str(a["href"]) for a in guide.select("a[href^='reference.html#']")}
    for expected in (
        "#confval-offerings_date",
        "#role-offerings-price",
        "#directive-offerings-table",
        "#cmdoption-offerings-validate",
    ):
        assert f"reference.html{expected}" in targets
    reference = site.soup("reference")
    for target in targets:
        assert reference.find(id=target.partition("#")[2]), target


def test_the_guide_states_no_figure_by_hand() -> None:
    assert [str(finding) for finding in lint(DOCS) if finding.path == str(GUIDE)] == []


def test_the_guide_states_figures_with_the_roles(site: Site) -> None:
    guide = site.soup("guide")
    prices = guide.select("[data-offerings-field='price']")
    assert {str(span["data-offerings-ref"]) for span in prices} >= {"single-incident", "five-pack"}


def _example(name: str) -> str:
    """The YAML of a code block in the guide, by its ``:name:``."""
    lines = GUIDE.read_text("utf-8").splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == f":name: {name}")
    block = []
    for line in lines[start + 1 :]:
        if line.strip() and not line.startswith("   "):
            break
        block.append(line)
    return textwrap.dedent("\n".join(block)).strip() + "\n"


def _valid(catalogue: Path) -> None:
    try:
        read_catalogue([str(catalogue), str(LICENCES)], datetime.date(2026, 6, 1))
    except CatalogueInvalid as invalid:
        pytest.fail("\n".join(map(str, invalid.errors)))


def test_the_guide_example_of_a_new_contract_validates(tmp_path: Path) -> None:
    example = _example("guide-example-offering")
    assert example.startswith("- id: ")
    catalogue = tmp_path / "offerings.yaml"
    text = CATALOGUE.read_text("utf-8").rstrip("\n") + "\n\n"
    catalogue.write_text(text + textwrap.indent(example, "  "), "utf-8")
    _valid(catalogue)


def test_the_guide_example_of_a_scheduled_price_validates(tmp_path: Path) -> None:
    example = _example("guide-example-schedule")
    assert example.startswith("price:")
    # In place of the first plain price of the catalogue.
    text, found = re.subn(
        r"^    price: [0-9.]+\n",
        textwrap.indent(example, "    "),
        CATALOGUE.read_text("utf-8"),
        count=1,
        flags=re.M,
    )
    assert found == 1
    catalogue = tmp_path / "offerings.yaml"
    catalogue.write_text(text, "utf-8")
    _valid(catalogue)


def test_an_unknown_part_fails_the_build(tmp_path: Path) -> None:
    source = tmp_path / "source"
    source.mkdir()
    conf = f"extensions = ['sphinx_offerings']\nofferings_catalogue = {str(CATALOGUE)!r}\n"
    (source / "conf.py").write_text(conf, "utf-8")
    (source / "index.rst").write_text("Index\n=====\n\n.. offerings:reference:: nothing\n")
    built = build_site(tmp_path, srcdir=source, confdir=source)
    assert built.status != 0
    assert "no part is called 'nothing'; use one of: config, schema" in built.warnings
