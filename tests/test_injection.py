"""Catalogue text reaches the page as text: markup in the data shows literally."""

from __future__ import annotations

import datetime
import io
import json
import string
import unicodedata
from dataclasses import replace
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from bs4 import BeautifulSoup
from docutils import nodes
from docutils.core import publish_doctree
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from conftest import CATALOGUE, Site, build_page, build_site, text_of
from snapshots import mailto
from sphinx_offerings.cli import main
from sphinx_offerings.model import Catalogue, Contact, Purchase, Submit
from sphinx_offerings.pipeline import read_catalogue
from sphinx_offerings.render.nodes import mailto as mailto_uri
from sphinx_offerings.render.rst import render_rst
from sphinx_offerings.render.text import Formatter

HOSTILE = [
    "*x*",
    "<script>alert(1)</script>",
    "`x <javascript:alert(1)>`__",
    ".. raw:: html",
    "|release|",
]


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory: pytest.TempPathFactory) -> tuple[Site, dict[str, str]]:
    """The shipped site built from a catalogue whose texts are all markup."""
    tmp = tmp_path_factory.mktemp("hostile")
    data = yaml.safe_load(CATALOGUE.read_text("utf-8"))
    placed: dict[str, str] = {}
    for index, offering in enumerate(data["offerings"]):
        offering["name"] = f"{HOSTILE[index % len(HOSTILE)]} {index}"
        placed[offering["id"]] = offering["name"]
        if "submit" in offering:
            offering["submit"]["label"] = HOSTILE[(index + 1) % len(HOSTILE)]
    after = next(o for o in data["offerings"] if o["id"] == "after-hours")
    after["covers"], after["availability"] = HOSTILE[2], HOSTILE[3]
    data["contacts"]["support"]["label"] = HOSTILE[1]
    data["author"]["name"] = HOSTILE[4]
    path = tmp / "offerings.yaml"
    # safe_dump quotes what YAML 1.1 would misread, so the strict loader reads it back as is.
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    built = build_site(tmp / "out", catalogue=path)
    assert built.status == 0, built.warnings
    return built, placed


def test_no_script_or_javascript_link_from_data(hostile_site: tuple[Site, dict[str, str]]) -> None:
    soup = hostile_site[0].soup()
    main = soup.select_one("div[role=main]")
    assert main is not None
    assert main.find("script") is None
    for script in soup.find_all("script"):
        if script.get("type") == "application/ld+json":
            # data, not code: it parses as JSON and no "<" in it can close the element
            assert "<" not in (script.string or "")
            json.loads(script.string or "")
        else:
            assert "alert" not in (script.string or "")
    hrefs = [str(a.get("href", "")) for a in soup.find_all("a")]
    assert not [h for h in hrefs if h.strip().lower().startswith("javascript:")]
    assert main.find("em") is None  # *x* was not read as emphasis


def test_text_shows_as_typed(hostile_site: tuple[Site, dict[str, str]]) -> None:
    site, placed = hostile_site
    soup = site.soup()
    names = [text_of(td) for td in soup.select("td.offerings-name")]
    assert names == [placed["single-incident"], placed["five-pack"]]
    labels = [text_of(a) for a in soup.select("td.offerings-submit a")]
    assert labels == [HOSTILE[1], HOSTILE[2]]
    main = soup.select_one("div[role=main]") or BeautifulSoup()
    text = text_of(main)
    for value in (HOSTILE[2], HOSTILE[3], HOSTILE[4], f"contact {HOSTILE[1]} directly"):
        assert value in text
    assert f"stating that you want {placed['advisory']}." in text
    # the raw HTML escapes what a browser would otherwise parse
    html = (site.out / "purchase-options.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_release_substitution_is_not_expanded(hostile_site: tuple[Site, dict[str, str]]) -> None:
    author = hostile_site[0].soup().find("a", class_="offerings-author")
    assert author is not None and text_of(author) == "|release|"


def test_a_mail_subject_is_one_line() -> None:
    """CR/LF (and every other control character) in an offering's name could add a
    header to the mail; the page and the RST both state the subject as one line."""
    contact = Contact("support", "help@example.com", "us")
    uri = mailto_uri(contact, "Support\r\nBcc: attacker@example.com\r\n\r\nBody\x00\t")
    assert uri == "mailto:help@example.com?subject=Support%20Bcc%3A%20attacker%40example.com%20Body"
    assert mailto_uri(contact, "\r\n") == "mailto:help@example.com"


# `offerings render --format rst`: every value escaped for where it lands, read back by
# docutils as it would be shown anywhere RST is.

CHECKOUT = "https://shop.example.com/buy>`__-javascript:alert(1)>"
NAME = "Support\r\nBcc: attacker@example.com\r\n\r\nBody"
#: The nodes a table in RST may hold: no raw HTML, no target, no system message.
TABLE_NODES = {"document", "table", "tgroup", "colspec", "thead", "tbody", "row", "entry"}
TABLE_NODES |= {"paragraph", "reference", "Text"}
#: What RFC 3986 allows in a URI.
URI_CHARACTERS = set(string.ascii_letters + string.digits + "-._~:/?#[]@!$&'()*+,;=%")


def read_back(rst: str) -> nodes.document:
    """The RST as docutils reads it, holding nothing but a table; every message kept."""
    settings = {"report_level": 1, "halt_level": 5, "warning_stream": io.StringIO()}
    doctree = publish_doctree(rst, settings_overrides=settings)
    assert {type(node).__name__ for node in doctree.findall()} <= TABLE_NODES, rst
    return doctree


def one_line(text: str) -> str:
    """A subject as the page and the RST both state it: controls as spaces, folded."""
    return " ".join("".join(" " if unicodedata.category(c) == "Cc" else c for c in text).split())


def assert_uri_of(refuri: str, url: str) -> None:
    """``refuri`` leads where ``url`` does: the same, but for what a URI cannot hold,
    percent-encoded (a browser encodes it so too)."""
    assert unquote(refuri) == unquote(url)
    assert all(c in URI_CHARACTERS or (ord(c) > 127 and c.isprintable()) for c in refuri)
    assert not any(c.isspace() for c in refuri)
    if all(c in URI_CHARACTERS for c in url):
        assert refuri == url


def test_rendered_rst_keeps_a_hostile_checkout_and_name_in_their_place(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Through the schema and the command: a checkout URL that closes the link and opens
    a javascript: one, markup as its label, CR/LF in the name that makes the subject."""
    data = yaml.safe_load(CATALOGUE.read_text("utf-8"))
    offering = data["offerings"][0]
    label = "`Buy <javascript:alert(1)>`__ *now*"
    offering["name"] = NAME
    offering["purchase"] = {"channel": "checkout", "url": CHECKOUT, "label": label}
    path = tmp_path / "offerings.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), "utf-8")
    assert main(["validate", str(path)]) == 0
    capsys.readouterr()
    argv = ["render", "--table", offering["group"], "--catalogue", str(path)]
    assert main(argv) == 0
    doctree = read_back(capsys.readouterr().out)
    row = list(doctree.findall(nodes.row))[1]
    checkout, submit = row.findall(nodes.reference)
    assert_uri_of(checkout["refuri"], CHECKOUT)
    assert checkout["refuri"] == "https://shop.example.com/buy%3E%60__-javascript:alert(1)%3E"
    assert checkout.astext() == label
    assert mailto(str(submit["refuri"])) == (
        "support@lextudio.com",
        "Support Bcc: attacker@example.com Body",
    )
    assert "%0D" not in submit["refuri"] and "%0A" not in submit["refuri"]
    assert " ".join(row.children[0].astext().split()) == one_line(NAME)
    for reference in doctree.findall(nodes.reference):
        assert str(reference["refuri"]).startswith(("https://", "mailto:"))

    # The page links where the RST does, with the same subject.
    table = f".. offerings:table::\n   :group: {offering['group']}\n"
    built, _source = build_page(tmp_path, f"Title\n=====\n\n{table}", (path,))
    assert built.status == 0, built.warnings
    html = BeautifulSoup((built.out / "index.html").read_text("utf-8"), "html.parser")
    buy, write = html.select("tbody tr")[0].select("a")
    assert buy["href"] == CHECKOUT
    assert text_of(buy) == label
    assert mailto(write) == mailto(str(submit["refuri"]))


@pytest.fixture(scope="module")
def shipped() -> Catalogue:
    return read_catalogue([CATALOGUE], datetime.date(2026, 12, 1))


# All of Unicode but lone surrogates, with RST's own characters often.
MARKUP = "`*|<>_:\\[]#-.=+~^\"'(){}/@ $%&!?;,•‣⁃\n\r\t\x00\x0b\x1c\x85\u2028\u202e\u200b"
texts = st.text(st.sampled_from(MARKUP) | st.characters(exclude_categories=["Cs"]), max_size=30)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=texts, label=texts, submit=texts, path=texts)
def test_any_text_and_url_read_back_from_rst_as_the_catalogue_states_them(
    shipped: Catalogue, name: str, label: str, submit: str, path: str
) -> None:
    """Values the schema would refuse too (white space in a URL, an empty name), put
    straight into the model."""
    assume(nodes.Text(label).astext().strip() and nodes.Text(submit).astext().strip())
    url = "https://shop.example/" + path
    first = shipped.offerings[0]
    assert first.submit is not None
    offering = replace(
        first,
        name=name,
        purchase=Purchase("checkout", url=url, label=label),
        submit=Submit(first.submit.contact, submit),
    )
    catalogue = replace(shipped, offerings=(offering,))
    rst = render_rst(catalogue, Formatter(units=catalogue.units), offering.group)
    row = list(read_back(rst).findall(nodes.row))[1]
    cells = [" ".join(entry.astext().split()) for entry in row.children]

    def shown(text: str) -> str:  # as the page shows it: docutils drops NUL and what it escapes
        return " ".join(nodes.Text(text).astext().split())

    assert cells[0] == shown(name)
    checkout, mail = row.findall(nodes.reference)
    assert_uri_of(checkout["refuri"], url)
    assert " ".join(checkout.astext().split()) == shown(label)
    assert mailto(str(mail["refuri"])) == (first.submit.contact.email, one_line(name))
    assert " ".join(mail.astext().split()) == shown(submit)
