"""The ``offerings`` domain: the catalogue of this build, its roles and its table directive."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from collections.abc import Iterable, Set
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import ReferenceRole, SphinxDirective, SphinxRole
from sphinx.writers.html5 import HTML5Translator

from ..bulk import freeze, gc_paused
from ..model import Catalogue, Offering
from ..render.data import ref_data
from ..render.nodes import (
    COLUMNS,
    DEFAULT_COLUMNS,
    contact_link,
    fact_text,
    figure,
    fit_columns,
    holding,
    link,
    release,
    row_text,
    table_body,
    table_group,
    table_head,
    table_row,
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
    initial_data: ClassVar[dict[str, Any]] = {"documents": {}, "digests": {}}
    data_version = 2

    #: Set once per build, before any document is read; None when it failed to load.
    catalogue: Catalogue | None = None
    formatter: Formatter = Formatter()
    #: The catalogue files as shown in messages, and each one's absolute path.
    catalogue_files: dict[str, str] = {}  # noqa: RUF012 - replaced per build, never mutated
    #: The name of this build's builder: tables are made for it (`add_table_rows`).
    builder: str = ""
    #: Whether a large table has left the objects alive out of collections (`bulk.freeze`).
    frozen: bool = False

    @property
    def documents(self) -> dict[str, list[str]]:
        """For each document that uses the catalogue, what it names from it: offering
        ids, ``contact:ID``, ``hours:ID``, ``author``, ``group:ID``, ``tag:ID``, ``all``."""
        documents: dict[str, list[str]] = self.data["documents"]
        return documents

    def note_use(self, docname: str, refs: Iterable[str]) -> None:
        """Record what a document shows, and depend on the files it comes from."""
        used = self.documents.setdefault(docname, [])
        known = set(used)
        used.extend(ref for ref in dict.fromkeys(refs) if ref not in known)
        # A selection (group, tag, all) also names its members; what a file may add to it
        # later is caught by the page's digest (see events.outdated_pages).
        sources = self.catalogue.sources if self.catalogue else {}
        files = {sources[ref] for ref in used if ref in sources} or set(self.catalogue_files)
        for shown in sorted(files):
            self.env.note_dependency(self.catalogue_files.get(shown, shown))

    def digest(self, refs: Iterable[str]) -> str:
        """A hash of what ``refs`` make a page show: when it changes, the page is re-read."""
        fmt = self.formatter
        shown: dict[str, Any] = {"format": [str(fmt.locale), fmt.price_format]}
        if self.catalogue is None:
            shown["catalogue"] = None
        else:
            with gc_paused():
                shown.update({ref: ref_data(self.catalogue, ref) for ref in refs})
        return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()

    @property
    def digests(self) -> dict[str, str]:
        digests: dict[str, str] = self.data["digests"]
        return digests

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)
        self.digests.pop(docname, None)

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
            domain.note_use(self.env.current_document.docname, [])
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
    """``:offerings:price:`ID``` reads the offering's price in force, in the site's price
    format (the first price, if it has several)."""

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        offering = _offering(catalogue, self.text)
        price = offering.price
        text = fmt.money(price.money) if price.money else fmt.quote()
        return _fact(offering, "price", text), [offering.id]


class NameRole(_CatalogueRole):
    """``:offerings:name:`advisory``` reads the offering's name."""

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        offering = _offering(catalogue, self.text)
        return _fact(offering, "name", offering.name), [offering.id]


class IncidentsRole(_CatalogueRole):
    """``:offerings:incidents:`ID``` reads how many incidents the offering covers, in words
    below ten."""

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
            return fact_text(ref, "hours", catalogue.fact(ref, "hours"), text), [ref]
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
    """``:offerings:response:`ID``` reads the response time of the offering's service level."""

    field = "response_time"


class DeliveryRole(_DurationRole):
    """``:offerings:delivery:`ID``` reads the delivery time of the offering's service level."""

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
            domain.note_use(self.env.current_document.docname, [])
            return [nodes.inline(self.title, self.title)], []
        target = self.target
        used: list[str] = []
        node: nodes.Node
        if target == "author" and catalogue.author is not None:
            author = catalogue.author
            title = self.title if self.has_explicit_title else author.name
            shown = link(title, author.url, "author") if author.url else figure(title, "author")
            node = value("author", "url", catalogue.fact("author", "url"), shown)
            used.append("author")
        elif (offering := catalogue.offering(target)) is not None:
            contact = offering.contact
            if contact is None:
                warn(
                    f":{self.name}: the offering {target!r} has no contact to link to",
                    self.get_location(),
                    OfferingsWarning.reference,
                )
                return [nodes.inline(self.title, self.title)], []
            title = self.title if self.has_explicit_title else contact.label
            shown = contact_link(contact, title, offering.name)
            node = value(offering.id, "contact", offering.fact("contact"), shown)
            used.append(offering.id)
        elif target in catalogue.contacts:
            contact = catalogue.contacts[target]
            title = self.title if self.has_explicit_title else contact.label
            ref = f"contact:{target}"
            node = value(ref, "email", catalogue.fact(ref, "email"), contact_link(contact, title))
            used.append(ref)
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
    """``.. offerings:table::``: a table of offerings.

    Which: ``:group:``, ``:tag:`` and ``:offerings:`` (ids), all of them by default.
    How: ``:columns:`` (their keys, in order), ``:headers:`` (separated by ``;``),
    ``:caption:`` and ``:price-format:`` (as the ``offerings_price_format`` setting).
    """

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        "group": directives.unchanged_required,
        "tag": directives.unchanged_required,
        "offerings": lambda argument: argument.replace(",", " ").split(),
        "columns": _columns,
        "headers": lambda argument: [h.strip() for h in argument.split(";")],
        "caption": directives.unchanged_required,
        "price-format": directives.unchanged_required,
    }

    def run(self) -> list[nodes.Node]:
        domain = _domain(self.env)
        catalogue = domain.catalogue
        if catalogue is None:
            domain.note_use(self.env.current_document.docname, [])
            return []
        group = self.options.get("group")
        offerings = catalogue.group(group) if group else catalogue.offerings
        if "tag" in self.options:
            offerings = tuple(o for o in offerings if self.options["tag"] in o.tags)
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
            tags = sorted({t for o in catalogue.offerings for t in o.tags})
            wanted = ", ".join(
                f"{k} {self.options[k]!r}" for k in ("group", "tag") if k in self.options
            )
            warn(
                f"offerings:table: no offering matches {wanted}; "
                f"groups: {', '.join(groups)}; tags: {', '.join(tags) or 'none'}",
                self.get_location(),
                OfferingsWarning.reference,
            )
            return []
        columns = self.options.get("columns", DEFAULT_COLUMNS)
        headers = self.options.get("headers")
        if headers is not None and len(headers) != len(columns):
            warn(
                f"offerings:table: {len(headers)} headers for {len(columns)} columns; "
                "separate headers with ';'",
                self.get_location(),
                OfferingsWarning.reference,
            )
            return []
        selection = [f"{k}:{self.options[k]}" for k in ("group", "tag") if k in self.options]
        if not selection and "offerings" not in self.options:
            selection = ["all"]
        domain.note_use(self.env.current_document.docname, [*selection, *(o.id for o in offerings)])
        fmt = _table_format(domain, self.options.get("price-format"))
        table = table_head(fmt, columns, self.options.get("caption"), headers)
        self.set_source_info(table)
        rows = table_rows(
            offerings=[o.id for o in offerings],
            columns=list(columns),
            price_format=self.options.get("price-format"),
        )
        table_group(table).append(nodes.tbody("", rows))
        return [table]


def _table_format(domain: OfferingsDomain, price_format: str | None) -> Formatter:
    fmt = domain.formatter
    if price_format is None or price_format == fmt.price_format:
        return fmt
    return dataclasses.replace(fmt, price_format=price_format)


class table_rows(nodes.Invisible, nodes.Element):
    """Where a catalogue table's rows go, in its body: its offerings (ids), columns and
    price format.

    The rows are added as each page is written (`add_table_rows`), not as it is read.
    Sphinx walks every node of a page some forty times while reading it (transforms,
    ``doctree-read``), pickles it, and walks it again while resolving it for a builder;
    none of that work has anything to do in the rows of a table of offerings (their text
    is kept as typed, their links are complete). Added as the page is resolved, the
    rows are in what every builder writes, the search index reads and link checks see,
    and the stored page stays small however long the table.
    """


#: Rows from which a table's page, held whole (not `written_rows`), is kept out of
#: collections until the build ends.
LARGE_TABLE = 1000


class written_rows(nodes.tbody):
    """The body of a table in an HTML build: each row is made as it is written, and let go.

    A page becomes HTML as a list of strings several times its size, joined several
    times over, while the whole page is held; a table of thousands of offerings held as
    nodes besides would take more memory than the same table typed as a list-table.
    Here the body holds the text of each row (as a search index reads it), and the
    writer makes the row itself, writes it and lets it go.
    """


def visit_written_rows(self: HTML5Translator, node: written_rows) -> None:
    domain = _domain(self.builder.env)
    assert domain.catalogue is not None  # else the table was left out when resolved
    offering = domain.catalogue.offering
    fmt = _table_format(domain, node["price_format"])
    self.visit_tbody(node)
    with gc_paused():
        for offering_id in node["offerings"]:
            row = table_row(offering(offering_id), fmt, node["columns"])  # type: ignore[arg-type]
            row.parent = node  # as the writer expects, though the body does not hold it
            row.walkabout(self)
            release(row)
    self.depart_tbody(node)
    raise nodes.SkipNode


def add_table_rows(env: Any, doctree: nodes.Node, builder: str = "") -> None:
    """Puts each table's rows in place of its `table_rows`: the rows themselves, or,
    for the HTML builders, the text of each row in a `written_rows` body."""
    domain = _domain(env)
    catalogue = domain.catalogue
    for rows in list(doctree.findall(table_rows)):
        placeholder = rows.parent
        assert isinstance(placeholder, nodes.tbody)
        group = placeholder.parent
        assert isinstance(group, nodes.tgroup)
        table = group.parent
        assert table is not None and table.parent is not None
        offerings = [catalogue.offering(i) for i in rows["offerings"]] if catalogue else [None]
        if not all(offerings):  # the page was read from another catalogue: left empty
            table.parent.remove(table)
            continue
        fmt = _table_format(domain, rows["price_format"])
        columns = rows["columns"]
        written = builder in WRITTEN_ROWS_BUILDERS
        with gc_paused():
            if written:
                texts = [nodes.Text(row_text(o, fmt, columns)) for o in offerings]  # type: ignore[arg-type]
                placeholder.replace_self(holding(written_rows(**rows.attributes), texts))
            else:
                placeholder.replace_self(table_body(offerings, fmt, columns))  # type: ignore[arg-type]
                fit_columns(group)  # text and man lay tables out by these widths
        if len(offerings) >= LARGE_TABLE and not written:
            freeze()
            domain.frozen = True


#: The builders that write a table's rows as they make them (`written_rows`); not epub,
#: which adds each link's address to the page before writing it.
WRITTEN_ROWS_BUILDERS = frozenset({"html", "dirhtml", "singlehtml"})


class TableRows(SphinxPostTransform):
    """Adds the tables' rows as a page is resolved for a builder (`add_table_rows`).

    After references are resolved and ``only`` blocks pruned (50), before the
    post-transforms that read a page's links: LaTeX's address footnotes
    (``latex_show_urls``, 400) and ``linkcheck``'s collector (800).
    """

    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        add_table_rows(self.env, self.document, _domain(self.env).builder)


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
    app.add_node(table_rows)
    app.add_node(written_rows, html=(visit_written_rows, lambda self, node: None))
    app.add_post_transform(TableRows)
