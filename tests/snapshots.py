"""What the tests compare with: stored expectations, and the catalogue as PyYAML reads it.

Each file under tests/expectations/ is the whole text of one page or output, checked
figure by figure against data/*.yaml and the hand-typed seed page when it was written.
A test compares the output with it to the byte. After a deliberate change of wording,
``OFFERINGS_REGEN=1 pytest`` rewrites the files the change touches (those tests then
fail once, saying so); the new files are reviewed in the diff like any other change.
"""

from __future__ import annotations

import copy
import os
import re
import unicodedata
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit

import pytest
import yaml
from bs4 import BeautifulSoup, Tag
from bs4.element import Comment, NavigableString

EXPECTATIONS = Path(__file__).resolve().parent / "expectations"
REGEN = "OFFERINGS_REGEN"

# Elements whose children are blocks; any other element is one line of text.
CONTAINERS = {"section", "div", "nav", "dl", "ul", "ol", "blockquote", "aside", "figure"}
INDENTED = {"dd", "li"}  # containers too, their lines indented under the term or bullet
HEADINGS = {"h1": "#", "h2": "##", "h3": "###", "h4": "####"}
INVISIBLE = {"Zs", "Zl", "Zp", "Cf", "Cc"}  # spaces other than " ", controls, format marks
BLOCKS = [*CONTAINERS, *INDENTED, "p", "dt", "table", "pre", *HEADINGS]


def stored(name: str) -> str:
    """A stored expectation, as its bytes read (no newline translation)."""
    path = EXPECTATIONS / name
    if not path.is_file():
        pytest.fail(f"no expectation {path}: write it with {REGEN}=1, then review it")
    return path.read_bytes().decode("utf-8")


def expect(name: str, actual: str) -> None:
    """``actual`` is, to the byte, the stored expectation ``name``."""
    if os.environ.get(REGEN) == "1":
        path = EXPECTATIONS / name
        if not path.is_file() or path.read_bytes() != actual.encode("utf-8"):
            path.parent.mkdir(exist_ok=True)
            path.write_bytes(actual.encode("utf-8"))
            pytest.fail(f"rewrote {path}: review the diff, then run again without {REGEN}")
    assert actual == stored(name)


def replaced(text: str, changes: Sequence[tuple[str, str, int]]) -> str:
    """``text`` with each (old, new, count) applied; ``old`` must occur exactly count times."""
    for old, new, count in changes:
        assert text.count(old) == count, f"{old!r} occurs {text.count(old)} times, not {count}"
        text = text.replace(old, new)
    return text


def catalogue(path: Path) -> dict[str, Any]:
    """A catalogue file as plain PyYAML reads it: the values that reach the page unformatted
    (ids, names, labels, addresses, URLs, counts) are compared with these."""
    data: dict[str, Any] = yaml.safe_load(path.read_text("utf-8"))
    return data


def offering(data: dict[str, Any], offering_id: str) -> dict[str, Any]:
    found: dict[str, Any] = next(o for o in data["offerings"] if o["id"] == offering_id)
    return found


def mailto(link: Tag | str) -> tuple[str, str]:
    """The decoded address and subject of a mailto link (or of its address)."""
    href = link if isinstance(link, str) else str(link["href"])
    assert href.startswith("mailto:"), href
    parts = urlsplit(href)
    subject = parse_qs(parts.query).get("subject", [""])[0]
    return unquote(parts.path), subject


def _escaped(text: str) -> str:
    return "".join(
        f"\\u{ord(c):04x}" if c != " " and unicodedata.category(c) in INVISIBLE else c for c in text
    )


def shown(text: str) -> str:
    """Text as a stored page writes it: runs of spaces, tabs and line ends folded to one
    space, as a reader sees them; any other space or invisible character (a narrow
    no-break space between a time and PM, say) kept, written as its escape (\\u202f)."""
    return _escaped(" ".join(re.split(r"[ \t\n\r\f\v]+", text)).strip())


def _links(block: Tag, indent: str) -> Iterator[str]:
    for link in block.find_all("a", href=True):
        yield f"{indent}  -> {shown(link.get_text())} <{link['href']}>"


def _rows(table: Tag, indent: str) -> Iterator[str]:
    caption = table.find("caption")
    yield f"{indent}table: {shown(caption.get_text()) if caption else ''}".rstrip()
    for row in table.select("tr"):
        cells = [shown(cell.get_text()) for cell in row.find_all(["th", "td"], recursive=False)]
        yield f"{indent}  | {' | '.join(cells)} |"
        yield from _links(row, indent + "  ")


def _lines(element: Tag, indent: str) -> Iterator[str]:
    for child in element.children:
        if isinstance(child, NavigableString):
            if shown(child) and not isinstance(child, Comment):  # text between blocks
                yield f"{indent}{shown(child)}"
            continue
        if not isinstance(child, Tag) or child.name in {"script", "style"}:
            continue
        inner = indent + "  " if child.name in INDENTED else indent
        if child.name == "table":
            yield from _rows(child, indent)
        elif child.name == "pre":
            lines = child.get_text().strip("\n").split("\n")
            yield from (f"{inner}  {_escaped(line)}".rstrip() for line in lines)
        elif child.name in CONTAINERS | INDENTED and child.find(BLOCKS, recursive=False):
            yield from _lines(child, inner)
        else:
            mark = HEADINGS.get(child.name)
            text = shown(child.get_text())
            yield f"{inner}{mark} {text}" if mark else f"{inner}{text}"
            yield from _links(child, inner)


def page_text(element: Tag) -> str:
    """The text of a page, one line per block: headings marked with #, a table's rows as
    ``| cell | cell |``, each link as ``-> text <href>`` under its block, a definition or
    a list item indented, text as :func:`shown` writes it. The links that only show a
    heading's anchor are left out."""
    element = copy.copy(element)
    for anchor in element.select("a.headerlink"):
        anchor.decompose()
    return "\n".join(_lines(element, "")) + "\n"


def article_text(soup: BeautifulSoup) -> str:
    """:func:`page_text` of a built page's article, the theme's frame left out."""
    body = soup.select_one("div[itemprop=articleBody]")
    assert body is not None, "no article on the page"
    return page_text(body)
