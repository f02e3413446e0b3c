"""The ``offerings`` domain: the catalogue of this build, its roles and its table directive."""

from __future__ import annotations

import dataclasses
import enum
import hashlib
import json
from collections.abc import Iterable, Sequence, Set
from typing import Any, ClassVar, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.domains import Domain
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx.util.docutils import ReferenceRole, SphinxDirective, SphinxRole

from ..model import Catalogue, Offering
from ..render.data import ref_data
from ..render.figures import (
    COLUMNS,
    COMPARE_ROWS,
    DEFAULT_COLUMNS,
    FIGURES,
    TEXT_FIELDS,
    Figure,
    compare_rows,
    compare_table,
    fact,
    offer,
)
from ..render.nodes import contact_link, figure, fit_columns, link, stated, table_around, table_body
from ..render.text import Formatter
from .config import price_format_option

logger = logging.getLogger(__name__)

RoleResult = tuple[list[nodes.Node], list[nodes.system_message]]


class OfferingsWarning(enum.Enum):
    """The warnings this extension logs, as ``offerings.<subtype>``."""

    catalogue = "the catalogue has an error (located in the catalogue file)"
    reference = "a role or directive names an offering, contact or field that does not exist"
    language = (
        "the extension has no translation of its words for the build's language: "
        "they are shown in English"
    )


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

    @property
    def documents(self) -> dict[str, list[str]]:
        """For each document that uses the catalogue, what it names from it (`ref_data`)."""
        return cast("dict[str, list[str]]", self.data["documents"])

    def note_use(self, docname: str, refs: Iterable[str]) -> None:
        """Record what a document shows. Its digest (`digest`), not the catalogue file's
        time, decides when it is read again: an edit re-reads only the pages it changes."""
        self.documents[docname] = list(dict.fromkeys([*self.documents.get(docname, []), *refs]))

    def digest(self, refs: Iterable[str]) -> str:
        """A hash of what ``refs`` make a page show: when it changes, the page is re-read."""
        fmt = self.formatter
        shown: dict[str, Any] = {"format": [str(fmt.locale), fmt.price_format]}
        if self.catalogue is None:
            shown["catalogue"] = None
        else:  # what each ref states, and the words of the catalogue's units and features
            shown.update({ref: ref_data(self.catalogue, ref) for ref in refs})
            catalogue = self.catalogue
            shown["words"] = [{k: u.words for k, u in catalogue.units.items()}, catalogue.features]
        return hashlib.sha256(json.dumps(shown, sort_keys=True).encode()).hexdigest()

    @property
    def digests(self) -> dict[str, str]:
        return cast("dict[str, str]", self.data["digests"])

    def clear_doc(self, docname: str) -> None:
        self.documents.pop(docname, None)
        self.digests.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        theirs = otherdata["documents"]
        self.documents.update({name: theirs[name] for name in docnames if name in theirs})


def _domain(env: Any) -> OfferingsDomain:
    domain = env.get_domain("offerings")
    assert isinstance(domain, OfferingsDomain)
    return domain


def _note_use(markup: SphinxRole | SphinxDirective, refs: Iterable[str]) -> None:
    _domain(markup.env).note_use(markup.env.docname, refs)


class _LookupError(Exception):
    pass


def _unknown(role: SphinxRole, text: str, message: str, ref: str) -> RoleResult:
    warn(f":{role.name}: {message}", role.get_location(), OfferingsWarning.reference)
    _note_use(role, [ref])  # read again once the catalogue has what the page names
    return [nodes.inline(text, text, classes=["offerings-unknown"])], []


def _offering(catalogue: Catalogue, offering_id: str) -> Offering:
    if (offering := catalogue.offering(offering_id)) is None:
        known = ", ".join(o.id for o in catalogue.offerings)
        raise _LookupError(f"no offering is called {offering_id!r}; known: {known}")
    return offering


def _stated(
    figure: Figure, offering: Offering, fmt: Formatter, part: str = ""
) -> tuple[nodes.Node, list[str]]:
    """The figure of an offering; ``part``: which of several (``2``, a key), else the first."""
    values = figure.values(offering)
    what = figure.words or figure.name.replace("_", " ")
    if not values:
        raise _LookupError(f"the offering {offering.id!r} states no {what}")
    field = f"{figure.name}.{part}" if part else None
    if field is not None and field not in values:
        # a figure stated once has the figure's name as its one field
        known = ", ".join(f.partition(".")[2] or "(none)" for f in values)
        raise _LookupError(
            f"the offering {offering.id!r} states no {what} {part!r}; known: {known}"
        )
    return figure.node(offering, fmt, field), [offering.id]


class _CatalogueRole(SphinxRole):
    """A figure from the catalogue; the role's text names where it comes from."""

    def run(self) -> RoleResult:
        domain = _domain(self.env)
        if domain.catalogue is None:  # already reported as a catalogue error
            _note_use(self, [])
            return [nodes.inline(self.text, self.text)], []
        try:
            node, used = self.render(domain.catalogue, domain.formatter)
        except _LookupError as exc:
            return _unknown(self, self.text, str(exc), self.text.partition(".")[0])
        _note_use(self, used)
        return [node], []

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        raise NotImplementedError


class FigureRole(_CatalogueRole):
    """Shows one figure of the offering the role's text names (see `figures.FIGURES`)."""

    def __init__(self, figure: Figure) -> None:
        super().__init__()
        self.figure = figure
        self.__doc__ = figure.role_doc

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        offering_id, _, part = self.text.partition(".")
        return _stated(self.figure, _offering(catalogue, offering_id), fmt, part)


class HoursRole(FigureRole):
    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        if self.text not in catalogue.hours:
            return super().render(catalogue, fmt)
        ref, hours = f"hours:{self.text}", catalogue.hours[self.text]
        return stated(ref, "hours", hours.canonical(), nodes.Text(fmt.hours(hours))), [ref]


class FieldRole(_CatalogueRole):
    """``:offerings:field:`after-hours.covers``` reads a text field of an offering."""

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        offering_id, _, field = self.text.partition(".")
        offering = _offering(catalogue, offering_id)
        if field not in TEXT_FIELDS:
            raise _LookupError(
                f"{field!r} is not a text field of an offering; "
                f"use one of: {', '.join(TEXT_FIELDS)}"
            )
        return _stated(FIGURES[field], offering, fmt)


class OfferRole(_CatalogueRole):
    """``:offerings:offer:`ID``` writes the whole offer as a phrase: its prices with all they
    state, and its term ("499 EUR per 5 cases, for 1 year")."""

    def render(self, catalogue: Catalogue, fmt: Formatter) -> tuple[nodes.Node, list[str]]:
        offering = _offering(catalogue, self.text)
        return nodes.inline("", "", *offer(offering, fmt), classes=["offerings-offer"]), [
            offering.id
        ]


class LinkRole(ReferenceRole):
    """A link: ``author``, a contact id, or an offering id (its contact, subject its name)."""

    def run(self) -> RoleResult:
        catalogue = _domain(self.env).catalogue
        if catalogue is None:
            _note_use(self, [])
            return [nodes.inline(self.title, self.title)], []
        target = self.target
        title = self.title if self.has_explicit_title else None
        if target == "author" and (author := catalogue.author) is not None:
            ref, field, title = "author", "url", title or author.name
            shown = link(title, author.url, "author") if author.url else figure(title, "author")
        elif (offering := catalogue.offering(target)) is not None:
            if (contact := offering.contact) is None:
                message = f"the offering {target!r} has no contact to link to"
                return _unknown(self, self.title, message, target)
            ref, field = offering.id, "contact"
            shown = contact_link(contact, title or contact.label, offering.name)
        elif (contact := catalogue.contacts.get(target)) is not None:
            ref, field = f"contact:{target}", "email"
            shown = contact_link(contact, title or contact.label)
        else:
            known = ", ".join(["author", *catalogue.contacts, *(o.id for o in catalogue.offerings)])
            message = f"nothing to link is called {target!r}; known: {known}"
            return _unknown(self, self.title, message, target)
        _note_use(self, [ref])
        return [stated(ref, field, fact(catalogue, ref, field) or "", shown)], []


def _columns(argument: str | None) -> list[str]:
    keys = (argument or "").replace(",", " ").split()
    unknown = [key for key in keys if key not in COLUMNS]
    if unknown or not keys:
        named = ", ".join(unknown) or "(none given)"
        raise ValueError(f"unknown column {named}; use: {', '.join(COLUMNS)}")
    return keys


#: Options of the table and the comparison: which offerings, then caption and format.
_CHOOSE: dict[str, Any] = {
    "group": directives.unchanged_required,
    "tag": directives.unchanged_required,
    "offerings": lambda argument: argument.replace(",", " ").split(),
}
_SHOWN: dict[str, Any] = {
    "caption": directives.unchanged_required,
    "price-format": price_format_option,
}


def _choose(
    catalogue: Catalogue, options: dict[str, Any]
) -> tuple[dict[str, str], tuple[Offering, ...]]:
    """The ``:group:`` and ``:tag:`` options given, and the offerings they choose (all of
    them without either)."""
    chosen: dict[str, str] = {k: options[k] for k in ("group", "tag") if k in options}
    offerings = catalogue.group(chosen["group"]) if "group" in chosen else catalogue.offerings
    if "tag" in chosen:
        offerings = tuple(o for o in offerings if chosen["tag"] in o.tags)
    return chosen, offerings


class OfferingsTable(SphinxDirective):
    """``.. offerings:table::``: a table of offerings.

    Which: ``:group:``, ``:tag:`` and ``:offerings:`` (ids), all of them by default.
    How: ``:columns:`` (their keys, in order), ``:headers:`` (separated by ``;``),
    ``:caption:`` and ``:price-format:`` (as the ``offerings_price_format`` setting).
    """

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {
        **_CHOOSE,
        "columns": _columns,
        "headers": lambda argument: [h.strip() for h in argument.split(";")],
        **_SHOWN,
    }
    #: The columns unless ``:columns:`` names them.
    columns: ClassVar[Sequence[str]] = DEFAULT_COLUMNS

    def shown(self, offerings: tuple[Offering, ...]) -> tuple[Offering, ...]:
        """Which of the offerings chosen the table lists: all of them."""
        return offerings

    def run(self) -> list[nodes.Node]:
        domain = _domain(self.env)
        catalogue, fmt = domain.catalogue, domain.formatter
        if catalogue is None:
            _note_use(self, [])
            return []
        chosen, offerings = _choose(catalogue, self.options)
        selection = [f"{k}:{value}" for k, value in chosen.items()]
        if not selection and "offerings" not in self.options:
            selection = ["all"]
        if "offerings" in self.options:
            wanted = self.options["offerings"]
            if unknown := [i for i in wanted if catalogue.offering(i) is None]:
                known = ", ".join(o.id for o in catalogue.offerings)
                named = ", ".join(map(repr, unknown))
                return self._warn(f"no offering is called {named}; known: {known}", unknown)
            offerings = tuple(o for o in offerings if o.id in wanted)
        if not offerings:
            groups = sorted({o.group for o in catalogue.offerings})
            tags = sorted({t for o in catalogue.offerings for t in o.tags})
            named = ", ".join(f"{k} {v!r}" for k, v in chosen.items())
            return self._warn(
                f"no offering matches {named}; "
                f"groups: {', '.join(groups)}; tags: {', '.join(tags) or 'none'}",
                selection,
            )
        columns = self.options.get("columns", self.columns)
        headers = self.options.get("headers")
        if headers is not None and len(headers) != len(columns):
            counts = f"{len(headers)} headers for {len(columns)} columns"
            return self._warn(f"{counts}; separate headers with ';'")
        _note_use(self, [*selection, *(o.id for o in offerings)])
        if not (offerings := self.shown(offerings)):
            return [nodes.paragraph("", fmt._("No price change has been made or announced."))]
        ids, price_format = [o.id for o in offerings], self.options.get("price-format")
        rows = table_rows(offerings=ids, columns=list(columns), price_format=price_format)
        body, caption = nodes.tbody("", rows), self.options.get("caption")
        # the rows come later (`TableRows`): the headers need only the formatter's language
        table = table_around(body, fmt, [COLUMNS[k] for k in columns], caption, headers)
        self.set_source_info(table)
        return [table]

    def _warn(self, message: str, refs: list[str] | None = None) -> list[nodes.Node]:
        """No table; ``refs``: what to read the page again for, once the catalogue has it."""
        warn(f"offerings:table: {message}", self.get_location(), OfferingsWarning.reference)
        if refs is not None:
            _note_use(self, refs)
        return []


class OfferingsChanges(OfferingsTable):
    """``.. offerings:changes::``: the price changes readers are told of, as a table of
    the offerings whose price has a schedule: each one's name, price today, the changes in
    force by the build's date and those announced (the columns ``name, price, past,
    changes``). Without any, a sentence says so. Options as for ``offerings:table``;
    every offering by default.
    """

    columns = ("name", "price", "past", "changes")

    def shown(self, offerings: tuple[Offering, ...]) -> tuple[Offering, ...]:
        return tuple(o for o in offerings if any(p.past or p.upcoming for p in o.prices))


def _rows(argument: str | None) -> list[str]:
    rows = (argument or "").replace(",", " ").split()
    known = [*COMPARE_ROWS, *FIGURES]
    unknown = [row for row in rows if row.partition(".")[0] not in known]
    if unknown or not rows:
        named = ", ".join(unknown) or "(none given)"
        raise ValueError(
            f"unknown row {named}; use: {', '.join(known)} (a figure stated by key or number "
            "as allowance.KEY, feature.KEY, price.2)"
        )
    return rows


class OfferingsCompare(SphinxDirective):
    """``.. offerings:compare::``: plans side by side, one column each, one row per fact.

    Which plans: ``:offerings:`` (ids, in the order given), ``:group:`` or ``:tag:``. Which
    rows: ``:rows:`` (``price``, ``offer``, ``term``, ``allowance.KEY``, ``time.KEY``,
    ``coverage``, ``feature.KEY``, ``condition.KEY``, ... any figure), by default the
    prices, term, allowances, coverage, service times and features the plans state. A
    plan that lacks an allowance or feature reads "not included". ``:caption:`` and
    ``:price-format:`` as for ``offerings:table``.
    """

    has_content = False
    option_spec: ClassVar[dict[str, Any]] = {**_CHOOSE, "rows": _rows, **_SHOWN}

    def run(self) -> list[nodes.Node]:
        domain = _domain(self.env)
        catalogue = domain.catalogue
        if catalogue is None:
            _note_use(self, [])
            return []
        wanted = self.options.get("offerings")
        if wanted is not None:
            plans = [catalogue.offering(i) for i in wanted]
            refs = list(wanted)
        else:
            given, found = _choose(catalogue, self.options)
            plans = list(found)
            refs = [f"{k}:{value}" for k, value in given.items()] or ["all"]
        if None in plans or not plans:
            missing = [i for i, p in zip(wanted or [], plans, strict=False) if p is None]
            known = ", ".join(o.id for o in catalogue.offerings)
            what = (
                f"no offering is called {', '.join(map(repr, missing))}"
                if missing
                else "no plan to compare"
            )
            warn(
                f"offerings:compare: {what}; known: {known}",
                self.get_location(),
                OfferingsWarning.reference,
            )
            _note_use(self, refs)
            return []
        chosen = [p for p in plans if p is not None]
        _note_use(self, [*refs, *(o.id for o in chosen)])
        fmt = _table_format(domain, self.options.get("price-format"))
        rows = self.options.get("rows") or compare_rows(chosen, catalogue)
        table = compare_table(chosen, rows, catalogue, fmt, self.options.get("caption"))
        self.set_source_info(table)
        return [table]


def _table_format(domain: OfferingsDomain, price_format: str | None) -> Formatter:
    fmt = domain.formatter
    if price_format is None or price_format == fmt.price_format:
        return fmt
    return dataclasses.replace(fmt, price_format=price_format)


class table_rows(nodes.Invisible, nodes.Element):
    """Where a catalogue table's rows go: its offerings (ids), columns and price format.

    The rows are added as each page is resolved for a builder (`TableRows`), not as it is
    read: Sphinx walks, pickles and reads back every node of a page it reads, work the rows
    need not take part in. Added after references are resolved, the rows are in what every
    builder writes, the search index reads and link checks see.
    """


class TableRows(SphinxPostTransform):
    """Puts each table's rows in place of its `table_rows`.

    After references are resolved and ``only`` blocks pruned (50), before the
    post-transforms that read a page's links: LaTeX's address footnotes
    (``latex_show_urls``, 400) and ``linkcheck``'s collector (800).
    """

    default_priority = 100

    def run(self, **kwargs: Any) -> None:
        domain = _domain(self.env)
        catalogue = domain.catalogue
        for rows in list(self.document.findall(table_rows)):
            body = rows.parent
            table = body.parent.parent  # rows < tbody < tgroup < table
            offerings = [catalogue.offering(i) for i in rows["offerings"]] if catalogue else []
            if not offerings or None in offerings:  # read from another catalogue: left out
                table.parent.remove(table)
                continue
            fmt = _table_format(domain, rows["price_format"])
            columns = [COLUMNS[key] for key in rows["columns"]]
            body.replace_self(table_body(offerings, fmt, columns))  # type: ignore[arg-type]
            fit_columns(table)  # text and man lay tables out by these widths


OfferingsDomain.roles = {f.role: FigureRole(f) for f in FIGURES.values() if f.role}
OfferingsDomain.roles["hours"] = HoursRole(FIGURES["hours"])  # an hours id, or an offering's
OfferingsDomain.roles |= {"field": FieldRole(), "link": LinkRole(), "offer": OfferRole()}
OfferingsDomain.directives = {
    "table": OfferingsTable,
    "compare": OfferingsCompare,
    "changes": OfferingsChanges,
}


def setup_domain(app: Sphinx) -> None:
    app.add_domain(OfferingsDomain)
    app.add_node(table_rows)
    app.add_post_transform(TableRows)
