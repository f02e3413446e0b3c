"""Catalogue text reaches the page as text: markup in the data shows literally."""

from __future__ import annotations

import json

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import CATALOGUE, Site, build_site, text_of
from sphinx_offerings.model import Contact
from sphinx_offerings.render.nodes import mailto as mailto_uri

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
