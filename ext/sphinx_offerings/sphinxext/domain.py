"""The ``offerings`` domain: the catalogue of this build, its roles and its table directive."""

from __future__ import annotations

import enum
from collections.abc import Iterable, Set
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.util import logging
from sphinx.util.docutils import ReferenceRole, SphinxDirective, SphinxRole

from ..model import Catalogue, Offering
from ..render.nodes import (
    COLUMNS,
    DEFAULT_COLUMNS,
    contact_link,
    fact_text,
    figure,
    link,
    offerings_table,
    value,
)
from ..render.text import Formatter

logger = logging.getLogger(__name__)


class OfferingsWarning(enum.Enum):
    """The warnings this extension logs, as ``offerings.<subtype>``."""

    catalogue = "the catalogue has an error (located in the catalogue file)"
    reference = "a role or directive names an offering, contact or field that does not exist"


def warn(message: str, location: str | nodes.Node | None, subtype: OfferingsWarning) -> None:
    logger.warning(message, location=location, type="offerings", subtype=subtype.name)


class OfferingsDomain(Domain):
    """Holds the build's catalogue and which documents use it."""

    name = "offerings"
    label = "Offerings"
    initial_data: ClassVar[dict[str, Any]] = {"documents": {}}
    data_version = 1

    #: Set once per build, before any document is read; None when it failed to load.
    catalogue: Catalogue | None = None
    formatter: Formatter = Formatter()
    catalogue_file: str = ""

    @property
    def documents(self) -> dict[str, list[str]]:
        """For each document that uses the catalogue, the offering ids it names."""
        documents: dict[str, list[str]] = self.data["documents"]
        return documents

    def note_use(self, docname: str, offering_ids: Iterable[str]) -> None:
        used = self.documents.setdefault(docname, [])
        used.extend(i for i in offering_ids if i not in used)
        if self.catalogue_file:
            self.env.note_dependency(self.catalogue_file)

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for docname in docnames:
            if docname in otherdata["documents"]:
                self.documents[docname] = otherdata["documents"][docname]


def _domain(env: Any) -> OfferingsDomain:
    domain = env.get_domain("offerings")
    assert isinstance(domain, OfferingsDomain)
    return domain


class _LookupError(Exception):
    pass


def _fact(offering: Offering, field: str, text: str) -> nodes.Node:
    return fact_text(offering.id, field, offering.fact(field), text)


def _offering(catalogue: Catalogue, offering_id: str) -> Offering:
    offering = catalogue.offering(offering_id)
    if offering is None:
        known = ", ".join(o.id for o in catalogue.offerings)
        raise _LookupError(f"no offering is called {offering_id!r}; known: {known}")
    return offering


class _CatalogueRole(SphinxRole):
    """A figure from the catalogue; the role's text names where it comes from."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        domain = _domain(self.env)
        if domain.catalogue is None:  # already reported as a catalogue error
            return [nodes.inline(self.text, self.text)], []
        try:
            node, used = self.render(domain.catalogue, domain.formatter)
        except _LookupError as exc:
            warn(f":{self.name}: {exc}", self.get_location(), OfferingsWarning.reference)
            return [nodes.inline(self.text, self.text, classes=["offerings-unknown"])], []
        domain.note_use(self.env.current_document.docname, used)
        return [node], []

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        raise NotImplementedError


class PriceRole(_CatalogueRole):
    """``:offerings:price:`after-hours``` reads "$700 CAD"."""

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        offering = _offering(catalogue, self.text)
        return _fact(offering, "price", fmt.money(offering.price)), [offering.id]


class NameRole(_CatalogueRole):
    """``:offerings:name:`advisory``` reads the offering's name."""

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        offering = _offering(catalogue, self.text)
        return _fact(offering, "name", offering.name), [offering.id]


class IncidentsRole(_CatalogueRole):
    """``:offerings:incidents:`five-pack``` reads "five incidents"."""

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        offering = _offering(catalogue, self.text)
        if offering.incidents is None:
            raise _LookupError(f"the offering {offering.id!r} states no number of incidents")
        return _fact(offering, "incidents", fmt.incidents(offering.incidents)), [offering.id]


class HoursRole(_CatalogueRole):
    """``:offerings:hours:`advisory``` reads the offering's business hours."""

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        if self.text in catalogue.hours:
            ref = f"hours:{self.text}"
            text = fmt.hours(catalogue.hours[self.text])
            return fact_text(ref, "hours", catalogue.fact(ref, "hours"), text), []
        offering = _offering(catalogue, self.text)
        if offering.service_level is None:
            raise _LookupError(f"the offering {offering.id!r} states no business hours")
        return _fact(offering, "hours", fmt.hours(offering.service_level.hours)), [offering.id]


class _DurationRole(_CatalogueRole):
    field: ClassVar[str]

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        offering = _offering(catalogue, self.text)
        level = offering.service_level
        duration = getattr(level, self.field, None)
        if duration is None:
            raise _LookupError(f"the offering {offering.id!r} states no {self.field}")
        return _fact(offering, self.field, fmt.duration(duration)), [offering.id]


class ResponseRole(_DurationRole):
    """``:offerings:response:`single-incident``` reads "2 to 8 hours"."""

    field = "response_time"


class DeliveryRole(_DurationRole):
    """``:offerings:delivery:`advisory``` reads "2 to 3 hours"."""

    field = "delivery_time"


class FieldRole(_CatalogueRole):
    """``:offerings:field:`after-hours.covers``` reads a text field of an offering."""

    fields: ClassVar[tuple[str, ...]] = ("name", "covers", "availability")

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        offering_id, _, field = self.text.partition(".")
        offering = _offering(catalogue, offering_id)
        if field not in self.fields:
            raise _LookupError(
                f"{field!r} is not a text field of an offering; "
                f"use one of: {', '.join(self.fields)}"
            )
        value = getattr(offering, field)
        if value is None:
            raise _LookupError(f"the offering {offering.id!r} states no {field}")
        return _fact(offering, field, value), [offering.id]


class LinkRole(ReferenceRole):
    """A link: ``author``, a contact id, or an offering id (its contact, subject its name)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        domain = _domain(self.env)
        catalogue = domain.catalogue
        if catalogue is None:
            return [nodes.inline(self.title, self.title)], []
        target = self.target
        used: list[str] = []
        node: nodes.Node
        if target == "author" and catalogue.author is not None:
            author = catalogue.author
            title = self.title if self.has_explicit_title else author.name
            shown = link(title, author.url, "author") if author.url else figure(title, "author")
            node = value("author", "url", catalogue.fact("author", "url"), shown)
        elif (offering := catalogue.offering(target)) is not None:
            contact = offering.purchase.contact
            title = self.title if self.has_explicit_title else contact.label
            shown = contact_link(contact, title, offering.name)
            node = value(offering.id, "contact", offering.fact("contact"), shown)
            used.append(offering.id)
        elif target in catalogue.contacts:
            contact = catalogue.contacts[target]
            title = self.title if self.has_explicit_title else contact.label
            ref = f"contact:{target}"
            node = value(ref, "email", catalogue.fact(ref, "email"), contact_link(contact, title))
        else:
            known = ", ".join(["author", *catalogue.contacts, *(o.id for o in catalogue.offerings)])
            warn(
                f":{self.name}: nothing to link is called {target!r}; known: {known}",
                self.get_location(),
                OfferingsWarning.reference,
            )
            return [nodes.inline(self.title, self.title, classes=["offerings-unknown"])], []
        domain.note_use(self.env.current_document.docname, used)
        return [node], []


def _columns(argument: str) -> list[str]:
    keys = argument.replace(",", " ").split()
    unknown = [key for key in keys if key not in COLUMNS]
    if unknown or not keys:
        raise ValueError(
            f"unknown column {', '.join(unknown) or '(none given)'}; use: {', '.join(COLUMNS)}"
        )
    return keys


class OfferingsTable(SphinxDirective):
    """``.. offerings:table::``: the offerings of a ``:group:``, or those named in
    ``:offerings:``, with ``:columns:`` and a ``:caption:``."""

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "group": directives.unchanged_required,
        "offerings": lambda argument: argument.replace(",", " ").split(),
        "columns": _columns,
        "caption": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        domain = _domain(self.env)
        catalogue = domain.catalogue
        if catalogue is None:
            return []
        group = self.options.get("group")
        offerings = catalogue.group(group) if group else catalogue.offerings
        if "offerings" in self.options:
            wanted = self.options["offerings"]
            unknown = [i for i in wanted if catalogue.offering(i) is None]
            if unknown:
                known = ", ".join(o.id for o in catalogue.offerings)
                warn(
                    f"offerings:table: no offering is called {', '.join(map(repr, unknown))}; "
                    f"known: {known}",
                    self.get_location(),
                    OfferingsWarning.reference,
                )
                return []
            offerings = tuple(o for o in offerings if o.id in wanted)
        if not offerings:
            groups = sorted({o.group for o in catalogue.offerings})
            warn(
                f"offerings:table: no offering is in the group {group!r}; "
                f"groups: {', '.join(groups)}",
                self.get_location(),
                OfferingsWarning.reference,
            )
            return []
        domain.note_use(self.env.current_document.docname, [o.id for o in offerings])
        table = offerings_table(
            offerings,
            domain.formatter,
            self.options.get("columns", DEFAULT_COLUMNS),
            self.options.get("caption"),
        )
        self.set_source_info(table)
        return [table]


OfferingsDomain.roles = {
    "price": PriceRole(),
    "name": NameRole(),
    "incidents": IncidentsRole(),
    "hours": HoursRole(),
    "response": ResponseRole(),
    "delivery": DeliveryRole(),
    "field": FieldRole(),
    "link": LinkRole(),
}
OfferingsDomain.directives = {"table": OfferingsTable}


def setup_domain(app: Sphinx) -> None:
    app.add_domain(OfferingsDomain)
