"""Several files used together as one catalogue, each offering's prices in its currency."""

from __future__ import annotations

from typing import Any

from ..errors import CatalogueError
from ..load import DataPath, Document
from ..schema_check import is_number

SECTIONS = ("contacts", "units", "hours", "service_levels", "features", "conditions")


def _with_currency(item: Any, currency: Any) -> Any:
    """An offering whose prices name their currency: the top of its own file's, if unnamed."""
    if not isinstance(item, dict) or not isinstance(currency, str):
        return item
    price = item.get("price")

    def named(option: Any) -> Any:
        if isinstance(option, dict) and "amount" in option and "currency" not in option:
            return {**option, "currency": currency}
        return option

    if is_number(price):
        price = {"amount": price}
    return {**item, "price": [named(o) for o in price] if isinstance(price, list) else named(price)}


def merge(documents: list[Document]) -> tuple[Document, list[CatalogueError]]:
    """One catalogue from several files; an id defined twice is an error at the second.

    The merged document locates each value in the file it comes from (`Document.sources`).
    """
    data: dict[str, Any] = {section: {} for section in SECTIONS}
    data["offerings"] = []
    sources: dict[DataPath, tuple[Document, DataPath]] = {}
    merged = Document(", ".join(d.path for d in documents), data, {}, sources=sources)
    if documents:
        sources[()] = (documents[0], ())
    errors: list[CatalogueError] = []
    for document in documents:
        for section in SECTIONS:
            entries = document.data.get(section)
            for key, value in entries.items() if isinstance(entries, dict) else ():
                if key in data[section]:
                    first = merged.locate_key((section, key))
                    message = (
                        f"{section}: {key!r} is already defined in {first}: ids must be unique"
                    )
                    errors.append(CatalogueError(document.locate_key((section, key)), message))
                    continue
                data[section][key] = value
                sources[(section, key)] = (document, (section, key))
        if "author" in document.data:
            if "author" in data:
                message = f"author: already set in {merged.locate_key(('author',))}; set it once"
                errors.append(CatalogueError(document.locate_key(("author",)), message))
            else:
                data["author"] = document.data["author"]
                sources[("author",)] = (document, ("author",))
        offerings = document.data.get("offerings")
        if "offerings" in document.data:
            sources.setdefault(("offerings",), (document, ("offerings",)))
        for index, item in enumerate(offerings if isinstance(offerings, list) else []):
            sources[("offerings", len(data["offerings"]))] = (document, ("offerings", index))
            data["offerings"].append(_with_currency(item, document.data.get("currency")))
    if documents and not data["offerings"] and ("offerings",) not in sources:
        message = "no offering: add a list 'offerings' to the catalogue"
        errors.append(CatalogueError(documents[0].locate(()), message))
    return merged, errors
