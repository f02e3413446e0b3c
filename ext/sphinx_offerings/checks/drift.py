"""Drift: do built or published pages still say what the catalogue says?

Pages are read by the marks left on every figure (``data-offerings-ref``, ``-field``,
``-value``), never rendered here, so a page built from an older catalogue cannot agree
by accident.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

from bs4 import BeautifulSoup, Tag

from ..commands import CHECK_MAX_BYTES, CHECK_REDIRECTS, CHECK_TIMEOUT
from ..model import Catalogue
from ..render.data import JSON_FILE, catalogue_json, dumps, offer_catalogue
from ..render.figures import fact
from ..render.nodes import address
from .fetch import FetchFailed, fetch, one_line

_SKIPPED_FOLDERS = frozenset({"_static", "_sources", "_images", "_downloads"})


def _shown(element: Tag) -> str:
    """What a reader sees of a figure; for a link, where it leads."""
    link = element.find("a", href=True)
    if isinstance(link, Tag):
        return address(str(link["href"]))
    return " ".join(element.get_text().split())


def _page_differences(page: str, html: str, catalogue: Catalogue) -> Iterator[str]:
    soup = BeautifulSoup(html, "html.parser")
    for element in soup.select("[data-offerings-ref][data-offerings-field]"):
        ref, field = str(element["data-offerings-ref"]), str(element["data-offerings-field"])
        stated = str(element.get("data-offerings-value", ""))
        expected = fact(catalogue, ref, field)
        if expected is None:
            if catalogue.offering(ref) is None and ":" not in ref and ref != "author":
                yield f"{page}: {ref}: the page names an offering the catalogue does not have"
            else:
                yield f"{page}: {ref}: {field}: the catalogue no longer states this field"
        elif stated != expected:
            yield f'{page}: {ref}: {field}: page "{_shown(element)}", catalogue "{expected}"'
    for script in soup.select('script[type="application/ld+json"]'):
        yield from _structured_differences(page, script.get_text(), catalogue)


def _structured_differences(page: str, text: str, catalogue: Catalogue) -> Iterator[str]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        yield f"{page}: structured data: not valid JSON"
        return
    if not isinstance(data, dict) or data.get("@type") != "OfferCatalog":
        return
    for offer in data.get("itemListElement", []):
        ref = str(offer.get("identifier", ""))
        expected = fact(catalogue, ref, "price")
        has_price = "price" in offer
        stated = f"{offer.get('price')} {offer.get('priceCurrency')}" if has_price else "on request"
        if expected is None:
            yield f"{page}: {ref}: the structured data names an offering the catalogue lacks"
        elif stated != expected:
            yield f'{page}: {ref}: structured data price: page "{stated}", catalogue "{expected}"'
        else:  # what the price is for: its unit, term, tax, breaks
            (ours,) = offer_catalogue(catalogue, [ref])["itemListElement"]
            page_spec = _flatten(offer.get("priceSpecification"), "priceSpecification")
            our_spec = _flatten(ours.get("priceSpecification"), "priceSpecification")
            for key in sorted(page_spec.keys() | our_spec.keys()):
                if page_spec.get(key) != our_spec.get(key):
                    theirs, wanted = (dumps(spec.get(key), None) for spec in (page_spec, our_spec))
                    yield f"{page}: {ref}: structured data {key}: page {theirs}, catalogue {wanted}"


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Every value by its path: ``offerings[advisory].prices[0].amount`` (items by id)."""
    if isinstance(value, dict):
        paths = [(f"{prefix}.{key}" if prefix else str(key), item) for key, item in value.items()]
    elif isinstance(value, list):
        ids = (item.get("id", i) if isinstance(item, dict) else i for i, item in enumerate(value))
        paths = [(f"{prefix}[{name}]", item) for name, item in zip(ids, value, strict=True)]
    else:
        return {prefix: value}
    return {path: leaf for key, item in paths for path, leaf in _flatten(item, key).items()}


class Unreadable(Exception):
    """The target cannot be read at all: ``TARGET: WHAT``, on one line."""

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(one_line(f"{target}: {reason}"))


class Findings(NamedTuple):
    """What a check found: differences from the catalogue, and the files of a build
    folder that could not be read (``PATH: error: WHAT``); one line each."""

    differences: list[str]
    unreadable: list[str]


def _unreadable(path: Path, exc: Exception) -> str:
    if isinstance(exc, UnicodeDecodeError):
        byte = exc.object[exc.start : exc.start + 1].hex()
        reason = f"not UTF-8: byte 0x{byte} at offset {exc.start}"
    elif isinstance(exc, OSError):
        reason = f"cannot be read: {exc.strerror or exc}"
    else:
        reason = f"not valid JSON: {exc}"
    return one_line(f"{path}: error: {reason}")


def _json_differences(published: Any, catalogue: Catalogue) -> Iterator[str]:
    flat, current = _flatten(published), _flatten(catalogue_json(catalogue))
    for key in sorted(flat.keys() | current.keys()):
        page, ours = flat.get(key), current.get(key)
        if page != ours:
            yield f"{JSON_FILE}: {key}: page {dumps(page, None)}, catalogue {dumps(ours, None)}"


def _read(path: Path, unreadable: list[str]) -> str | None:
    """The file's text, or None with a line about it added to ``unreadable``."""
    try:
        return path.read_bytes().decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        unreadable.append(_unreadable(path, exc))
        return None


def _folder_pages(folder: Path, unreadable: list[str]) -> Iterator[tuple[str, str]]:
    for path in sorted(folder.rglob("*.html")):
        relative = path.relative_to(folder)
        if not _SKIPPED_FOLDERS.intersection(relative.parts[:-1]):
            html = _read(path, unreadable)
            if html is not None:
                yield relative.as_posix(), html


def check_target(target: str, catalogue: Catalogue, timeout: float = CHECK_TIMEOUT) -> Findings:
    """What differs between the pages at ``target`` and the catalogue.

    ``target`` is a build folder (every page in it, and its offerings.json) or the
    http(s) URL of one published page, read in ``timeout`` seconds at the most. Raises
    Unreadable when there is nothing to compare: the URL cannot be read, or every page
    was read and none shows anything from a catalogue.
    """
    unreadable: list[str] = []
    json_text = None
    if target.startswith(("http://", "https://")):
        try:
            pages = [(target, fetch(target, timeout, CHECK_MAX_BYTES, CHECK_REDIRECTS))]
        except FetchFailed as failed:
            raise Unreadable(target, str(failed)) from None
    else:
        folder = Path(target)
        if not folder.is_dir():
            raise Unreadable(target, "not a build folder or an http(s) URL")
        pages = list(_folder_pages(folder, unreadable))
        if (folder / JSON_FILE).is_file():
            json_text = _read(folder / JSON_FILE, unreadable)
    if not unreadable and not any("data-offerings-ref" in html for _page, html in pages):
        raise Unreadable(target, "no page there shows anything from an offerings catalogue")
    found = (line for page, html in pages for line in _page_differences(page, html, catalogue))
    differences = list(dict.fromkeys(found))  # once each, in order
    if json_text is not None:
        try:
            differences.extend(_json_differences(json.loads(json_text), catalogue))
        except json.JSONDecodeError as exc:
            unreadable.append(_unreadable(Path(target, JSON_FILE), exc))
    return Findings(differences, unreadable)
