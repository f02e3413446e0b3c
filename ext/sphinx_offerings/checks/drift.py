"""Drift: do built or published pages still say what the catalogue says?

Pages are read by the marks left on every figure (``data-offerings-ref``, ``-field``,
``-value``), never rendered here, so a page built from an older catalogue cannot agree
by accident.
"""

from __future__ import annotations

from collections.abc import Collection, Iterator
from pathlib import Path
from typing import Any, NamedTuple

from bs4 import BeautifulSoup, Tag

from ..commands import CHECK_MAX_BYTES, CHECK_REDIRECTS, CHECK_TIMEOUT
from ..model import Catalogue
from ..render.data import JSON_FILE, catalogue_json, dumps, offer_catalogue
from ..render.figures import fact
from ..render.nodes import address
from .fetch import FetchFailed, fetch_page
from .sides import (
    NotAsBuilt,
    NotJSON,
    build_pages,
    catalogue_from_json,
    described,
    is_url,
    json_data,
    one_line,
    read_error,
    read_file,
    shown_url,
)


def _shown(element: Tag) -> str:
    """What a reader sees of a figure; for a link, where it leads."""
    link = element.find("a", href=True)
    if isinstance(link, Tag):
        href = str(link["href"])
        try:
            return address(href)
        except ValueError:  # no URL at all (mailto://[): as it is written
            return href
    return " ".join(element.get_text().split())


class _Malformed(ValueError):
    """A page's structured data that is not an OfferCatalog as a build writes it: the
    message says where in it and what is wrong, ``itemListElement[0]: "x" is not an
    object``."""


def _page_differences(
    page: str,
    html: str,
    catalogue: Catalogue,
    where: Path | str,
    unreadable: list[str],
    *,
    compared: list[str],
) -> Iterator[str]:
    """Each difference between the page and the catalogue. Structured data that is not
    JSON, or not an OfferCatalog as a build writes it, is a line added to ``unreadable``,
    naming the page as ``where``; the page is added to ``compared`` if it shows any
    figure or offer."""
    if "data-offerings-ref" not in html and "application/ld+json" not in html:
        return  # nothing to compare: not parsed
    soup = BeautifulSoup(html, "html.parser")
    figures = soup.select("[data-offerings-ref][data-offerings-field]")
    if figures:
        compared.append(page)
    for element in figures:
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
        try:
            offers = _offers(json_data(script.get_text()))
        except NotJSON as exc:
            reason = f"structured data: {exc}"
            unreadable.append(_unreadable(where, reason))
        except _Malformed as exc:
            reason = f"structured data: not an OfferCatalog as a build writes it: {exc}"
            unreadable.append(_unreadable(where, reason))
        else:
            if offers:
                compared.append(page)
            yield from _structured_differences(page, offers, catalogue)


class _Offer(NamedTuple):
    """An offer of a page's OfferCatalog, as far as it is compared."""

    ref: str  # its identifier
    stated: str  # its price: "350 CAD", or "on request"
    spec: Any  # its priceSpecification, any JSON: compared value by value


def _offers(data: Any) -> list[_Offer]:
    """The offers of a page's structured data, if it is an OfferCatalog (other JSON-LD:
    none); each field's type checked."""
    if not isinstance(data, dict) or data.get("@type") != "OfferCatalog":
        return []
    if "itemListElement" not in data:
        raise _Malformed("no itemListElement")
    items = data["itemListElement"]
    if not isinstance(items, list):
        raise _Malformed(f"itemListElement: {described(items)} is not a list")
    offers = []
    for index, offer in enumerate(items):
        where = f"itemListElement[{index}]"
        if not isinstance(offer, dict):
            raise _Malformed(f"{where}: {described(offer)} is not an object")
        ref = offer.get("identifier")
        if not isinstance(ref, str):
            raise _Malformed(f"{where}.identifier: {described(ref)} is not text")
        stated = "on request"
        if "price" in offer or "priceCurrency" in offer:
            for key in ("price", "priceCurrency"):
                if key not in offer:
                    raise _Malformed(f"{where}: no {key}")
                if not isinstance(offer[key], str):
                    raise _Malformed(f"{where}.{key}: {described(offer[key])} is not text")
            stated = f"{offer['price']} {offer['priceCurrency']}"
        offers.append(_Offer(ref, stated, offer.get("priceSpecification")))
    return offers


def _structured_differences(page: str, offers: list[_Offer], catalogue: Catalogue) -> Iterator[str]:
    for offer in offers:
        ref, stated = offer.ref, offer.stated
        expected = fact(catalogue, ref, "price")
        if expected is None:
            yield f"{page}: {ref}: the structured data names an offering the catalogue lacks"
        elif stated != expected:
            yield f'{page}: {ref}: structured data price: page "{stated}", catalogue "{expected}"'
        else:  # what the price is for: its unit, term, tax, breaks
            (ours,) = offer_catalogue(catalogue, [ref])["itemListElement"]
            page_spec = _flatten(offer.spec, "priceSpecification")
            our_spec = _flatten(ours.get("priceSpecification"), "priceSpecification")
            for key in sorted(page_spec.keys() | our_spec.keys()):
                if page_spec.get(key) != our_spec.get(key):
                    theirs, wanted = (dumps(spec.get(key), None) for spec in (page_spec, our_spec))
                    yield f"{page}: {ref}: structured data {key}: page {theirs}, catalogue {wanted}"


def _flatten(value: Any, prefix: str = "") -> dict[str, Any]:
    """Every value by its path: ``offerings[advisory].prices[0].amount`` (items by id), an
    empty object or list a value of its own. Read without recursion: a page's data nests
    as deep as the JSON parser goes. A path met again (an id repeated, a key that reads
    as a path) is numbered, ``offerings[advisory#2].name``, so that neither hides the other.
    """
    flat: dict[str, Any] = {}
    pending: list[tuple[str, Any]] = [(prefix, value)]
    while pending:
        path, item = pending.pop()
        if isinstance(item, dict) and item:
            paths = [(f"{path}.{key}" if path else str(key), child) for key, child in item.items()]
        elif isinstance(item, list) and item:
            names: set[str] = set()
            paths = []
            for index, child in enumerate(item):
                name = child.get("id") if isinstance(child, dict) else None
                name = _unused(name if isinstance(name, str) else str(index), names)
                names.add(name)
                paths.append((f"{path}[{name}]", child))
        else:
            flat[_unused(path, flat)] = item
            continue
        pending += reversed(paths)  # in order: the first of a path met twice keeps it
    return flat


def _unused(name: str, used: Collection[str]) -> str:
    """``name``, or if it is used, the first of ``name#2``, ``name#3``... that is not."""
    number, unused = 1, name
    while unused in used:
        number += 1
        unused = f"{name}#{number}"
    return unused


class Unreadable(Exception):
    """The target cannot be read at all: ``TARGET: WHAT``, on one line."""

    def __init__(self, target: str, reason: str) -> None:
        super().__init__(one_line(f"{target}: {reason}"))


class Findings(NamedTuple):
    """What a check found: differences from the catalogue, and what could not be read
    (``PATH: error: WHAT``): the files of a build folder, and a page's structured data or
    offerings.json that is not as a build writes it; one line each."""

    differences: list[str]
    unreadable: list[str]


def _unreadable(path: Path | str, exc: Exception | str) -> str:
    reason = read_error(exc) if isinstance(exc, OSError | UnicodeDecodeError) else str(exc)
    return one_line(f"{path}: error: {reason}")


def _json_differences(published: Any, catalogue: Catalogue) -> Iterator[str]:
    flat, current = _flatten(published), _flatten(catalogue_json(catalogue))
    for key in sorted(flat.keys() | current.keys()):
        page, ours = flat.get(key), current.get(key)
        if page != ours:
            yield f"{JSON_FILE}: {key}: page {dumps(page, None)}, catalogue {dumps(ours, None)}"


def _read(path: Path, unreadable: list[str], limit: int | None = None) -> str | None:
    """The file's text, or None with a line about it added to ``unreadable``: a pipe or
    a device is not read, nor a page of more than ``limit`` bytes."""
    try:
        return read_file(path, limit).decode("utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        unreadable.append(_unreadable(path, exc))
        return None


def _folder_pages(folder: Path, unreadable: list[str]) -> Iterator[tuple[str, str]]:
    unlisted: list[tuple[Path, OSError]] = []
    found = build_pages(folder, unlisted)
    unreadable += (_unreadable(path, exc) for path, exc in unlisted)
    for path in found:
        html = _read(path, unreadable, CHECK_MAX_BYTES)
        if html is not None:
            yield path.relative_to(folder).as_posix(), html


def check_target(target: str, catalogue: Catalogue, timeout: float = CHECK_TIMEOUT) -> Findings:
    """What differs between the pages at ``target`` and the catalogue.

    ``target`` is a build folder (every page in it, and its offerings.json) or the
    http(s) URL of one published page, read in ``timeout`` seconds at the most. Raises
    Unreadable when there is nothing to compare: the URL cannot be read, or every page
    was read and none shows anything from a catalogue.
    """
    unreadable: list[str] = []
    json_text = None
    url = is_url(target)
    if url:
        try:
            pages = [(target, fetch_page(target, timeout, CHECK_MAX_BYTES, CHECK_REDIRECTS).text)]
        except FetchFailed as failed:
            raise Unreadable(shown_url(target), str(failed)) from None
    else:
        folder = Path(target)
        if not folder.is_dir():
            raise Unreadable(target, "not a build folder or an http(s) URL")
        pages = list(_folder_pages(folder, unreadable))
        if (folder / JSON_FILE).is_file():
            json_text = _read(folder / JSON_FILE, unreadable)
    found: list[str] = []
    compared: list[str] = []  # the pages that show a figure or an offer
    for page, html in pages:
        where = page if url else Path(target, page)  # as a file that cannot be read is named
        found += _page_differences(page, html, catalogue, where, unreadable, compared=compared)
    if not compared and not unreadable:  # the mark in a comment or in words is no figure
        raise Unreadable(target, "no page there shows anything from an offerings catalogue")
    if json_text is not None:
        path = Path(target, JSON_FILE)
        try:
            published = json_data(json_text)
            catalogue_from_json(published, str(path))  # each field's type, before use
        except NotJSON as exc:
            unreadable.append(_unreadable(path, exc))
        except NotAsBuilt as exc:
            unreadable.append(_unreadable(path, f"not an {JSON_FILE} as a build writes it: {exc}"))
        else:
            found += _json_differences(published, catalogue)
    # once each, in order, and each on one line: a page's text may hold line breaks
    return Findings(list(dict.fromkeys(map(one_line, found))), unreadable)
