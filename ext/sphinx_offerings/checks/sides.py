"""The sides `offerings diff` compares: what readers of a site see, read from a git
revision, a catalogue file, a site's folder, a build (its folder or its offerings.json)
or a published URL.

A catalogue is read with its own site's settings (``conf.py``: catalogues, date, price
format, language), so the words of each figure are those its pages would show. A build
states values (offerings.json) and, on its pages, words; offerings.json alone has no
words.
"""

from __future__ import annotations

import datetime
import json
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

from .. import model
from ..commands import CHECK_MAX_BYTES, CHECK_REDIRECTS, CHECK_TIMEOUT, DEFAULT_CATALOGUES
from ..errors import CatalogueError, CatalogueInvalid, Location
from ..pipeline import read_catalogue
from ..render.data import JSON_FILE
from ..render.figures import FIGURES
from ..render.text import Formatter, formatter_for
from ..resolve import allowance, catalogue_date, duration, term
from ..site import CONF, DEFAULT_PRICE_FORMAT, Site, SiteError, find_confdir, read_site

if TYPE_CHECKING:
    from .fetch import Page

#: Folders of an HTML build that hold no pages.
_NOT_PAGES = frozenset({"_static", "_sources", "_images", "_downloads"})


class SideError(Exception):
    """A side that cannot be read (no such revision, file or page): one line."""


class SideInvalid(Exception):
    """A side whose catalogue has errors, located as the side names its files."""

    def __init__(self, label: str, errors: list[CatalogueError]) -> None:
        self.label, self.errors = label, errors
        self.role = ""  # "old" or "new", as the comparison calls the side
        super().__init__(label)

    def lines(self) -> list[str]:
        """Each error, saying which side it is on, then how many there are."""
        side = f"{self.role} side".lstrip()
        count = f"{len(self.errors)} error{'s' if len(self.errors) != 1 else ''}"
        return [*(f"{side}: {error}" for error in self.errors), f"{side} ({self.label}): {count}"]


@dataclass
class Side:
    """One side of a comparison: its catalogue, and how each figure reads there."""

    label: str  # "main", "the working tree", "_build/html", a URL
    kind: str  # revision, file, site, build, json or url
    catalogue: model.Catalogue
    #: The words of figures, made with the side's settings; None: not made here.
    formatter: Formatter | None = None
    #: The words of figures as the side's pages show them: (offering, field) -> words.
    shown: dict[tuple[str, str], str] = field(default_factory=dict)
    #: The settings words are made with: equal settings and values make equal words.
    settings: tuple[str | None, str] | None = None

    def words(self, offering: model.Offering, field: str) -> str | None:
        """What a reader sees of a figure, white space folded; None if the side does
        not say."""
        if (offering.id, field) in self.shown:
            return self.shown[offering.id, field]
        if self.formatter is None:
            return None
        node = FIGURES[field.partition(".")[0]].node(offering, self.formatter, field)
        return " ".join(node.astext().split())


def read_side(spec: str | None, *, old: bool, on: datetime.date | None = None) -> Side:
    """The side ``spec`` names; by default (None) the merge base of HEAD with the
    default branch for the old side, the working tree for the new. ``on``: the date of
    the prices of a catalogue (else its site's ``offerings_date``, else today)."""
    if spec is None:
        return _merge_base(on) if old else _site(_working_site(), "the working tree", on)
    if spec.startswith(("http://", "https://")):
        return _url(spec)
    path = Path(spec)
    if path.is_dir():
        if (path / JSON_FILE).is_file():
            return _build(path, spec)
        if (path / CONF).is_file():
            return _site(_read_site(path), spec, on)
        raise SideError(f"{spec}: neither a build ({JSON_FILE}) nor a site ({CONF}) is here")
    if path.is_file():
        if path.suffix == ".json":
            return _from_json(path.read_bytes(), spec, "json")
        confdir = find_confdir(path.parent)
        settings = _read_site(confdir) if confdir else _defaults(path.parent, [])
        return _read(settings, [spec], spec, "file", on)
    return _revision(spec, spec, on)


# -- catalogues, with their site's settings ----------------------------------------------


def _read_site(confdir: Path) -> Site:
    try:
        return read_site(confdir)
    except SiteError as exc:
        raise SideError(str(exc)) from None


def _defaults(folder: Path, catalogues: Iterable[Path]) -> Site:
    """A site without conf.py: the extension's settings."""
    return Site(folder, tuple(catalogues), "", DEFAULT_PRICE_FORMAT, None, folder)


def _working_site() -> Site:
    """The site of the current folder: its conf.py, else every data/*.yaml here."""
    confdir = find_confdir(Path())
    if confdir is not None:
        return _read_site(confdir)
    found = sorted(Path().glob(DEFAULT_CATALOGUES))
    if not found:
        raise SideError(f"no {CONF} here or above, and no catalogue as {DEFAULT_CATALOGUES}")
    return _defaults(Path().resolve(), (p.resolve() for p in found))


def _shown(path: Path) -> str:
    """A path as the maintainer would type it: relative to the current folder if inside."""
    try:
        return str(path.resolve().relative_to(Path.cwd().resolve()))
    except ValueError:
        return str(path)


def _site(site: Site, label: str, on: datetime.date | None) -> Side:
    return _read(site, [_shown(p) for p in site.catalogues], label, "site", on)


def _read(
    site: Site,
    paths: list[str],
    label: str,
    kind: str,
    on: datetime.date | None,
    *,
    located: Path | None = None,
    revision: str = "",
) -> Side:
    """The side of catalogue files read with ``site``'s settings. ``located``, ``revision``:
    files written out from a git revision in that folder, named REV:PATH in errors."""
    try:
        date = on or catalogue_date(site.date or None)
    except ValueError:
        raise SideError(f"{site.conf}: offerings_date {site.date!r}: not YYYY-MM-DD") from None
    try:
        catalogue = read_catalogue(paths, date)
    except CatalogueInvalid as invalid:
        errors = invalid.errors
        if located is not None:
            errors = [
                e._replace(location=e.location._replace(path=_in(revision, located, e.location)))
                for e in errors
            ]
        raise SideInvalid(label, errors) from None
    fmt = formatter_for(site.language, site.price_format, catalogue.units)
    return Side(label, kind, catalogue, fmt, settings=(site.language, site.price_format))


def _in(revision: str, folder: Path, location: Location) -> str:
    return f"{revision}:{Path(location.path).relative_to(folder).as_posix()}"


# -- git revisions, read without a checkout ----------------------------------------------


def _git(*args: str) -> str | None:
    """What git prints (None when it fails)."""
    try:
        done = subprocess.run(["git", *args], capture_output=True, check=False)
    except FileNotFoundError:
        raise SideError("git is not installed: a revision cannot be read") from None
    return done.stdout.decode("utf-8").strip() if done.returncode == 0 else None


def _show(revision: str, path: str) -> bytes | None:
    done = subprocess.run(["git", "show", f"{revision}:{path}"], capture_output=True, check=False)
    return done.stdout if done.returncode == 0 else None


def _fetch_hint(revision: str) -> str:
    """How a shallow clone gets ``revision``: more history for HEAD~3, else its ref."""
    if "~" in revision or "^" in revision:
        fetch = "git fetch --deepen=50"
    else:
        fetch = f"git fetch --no-tags --depth=50 origin {revision.removeprefix('origin/')}"
    return f"this clone is shallow: fetch it ({fetch}) or the whole history (git fetch --unshallow)"


def _commit(revision: str) -> str:
    if _git("rev-parse", "--is-inside-work-tree") != "true":
        raise SideError(f"{revision}: no such file, folder or URL, and no git repository here")
    commit = _git("rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    if commit is not None:
        return commit
    if _git("rev-parse", "--is-shallow-repository") == "true":
        raise SideError(f"{revision}: no such revision here; {_fetch_hint(revision)}")
    raise SideError(f"{revision}: no such file, folder, URL or git revision")


def _default_branch() -> str:
    """origin's HEAD (origin/main), else the first of main, master here."""
    found = _git("symbolic-ref", "--quiet", "--short", "refs/remotes/origin/HEAD")
    candidates = [found] if found else []
    candidates += ["main", "master", "origin/main", "origin/master"]
    for branch in candidates:
        if _git("rev-parse", "--verify", "--quiet", f"{branch}^{{commit}}") is not None:
            return branch
    message = "no default branch (origin/HEAD, main or master) to compare with: name OLD"
    if _git("rev-parse", "--is-shallow-repository") == "true":
        message += f"; {_fetch_hint(found or 'main')}"
    raise SideError(message)


def _merge_base(on: datetime.date | None) -> Side:
    _commit("HEAD")
    branch = _default_branch()
    base = _git("merge-base", "HEAD", branch)
    if base is None:
        hint = _fetch_hint(branch) if _git("rev-parse", "--is-shallow-repository") == "true" else ""
        raise SideError(f"HEAD and {branch} have no merge base" + (f"; {hint}" if hint else ""))
    return _revision(base[:12], f"the merge base of HEAD and {branch} ({base[:12]})", on)


def _revision(revision: str, label: str, on: datetime.date | None) -> Side:
    """The site as committed at ``revision``: its conf.py, then the catalogues it names."""
    commit = _commit(revision)
    top = Path(_git("rev-parse", "--show-toplevel") or ".").resolve()
    here = Path.cwd().resolve().relative_to(top)
    confdir = find_confdir(Path())
    if confdir is not None and top not in (confdir, *confdir.parents):
        confdir = None  # a conf.py above the repository is not its site's
    with tempfile.TemporaryDirectory(prefix="offerings-diff-") as scratch:
        root = Path(scratch).resolve()
        if confdir is not None:
            conf = (confdir.relative_to(top) / CONF).as_posix()
            if (text := _show(commit, conf)) is None:
                raise SideError(f"{revision}:{conf}: no such file at that revision")
            (root / conf).parent.mkdir(parents=True, exist_ok=True)
            (root / conf).write_bytes(text)
            site = _read_site((root / conf).parent)
        else:
            folder = f"{(here / 'data').as_posix()}/"
            listed = _git("ls-tree", "--full-tree", "--name-only", commit, folder)
            names = [name for name in (listed or "").splitlines() if name.endswith(".yaml")]
            site = _defaults(root / here, (root / name for name in names))
        for path in site.catalogues:
            try:
                name = path.relative_to(root).as_posix()
            except ValueError:
                raise SideError(f"{revision}: {path} is outside the repository") from None
            if (text := _show(commit, name)) is None:
                raise SideError(f"{revision}:{name}: no such file at that revision")
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(text)
        paths = [str(path) for path in site.catalogues]
        return _read(site, paths, label, "revision", on, located=root, revision=revision)


# -- builds: offerings.json, and the words of their pages ---------------------------------


def _words(pages: Iterable[str]) -> dict[tuple[str, str], str]:
    """The words of each figure on the pages (the first, if several show it)."""
    from bs4 import BeautifulSoup  # only for a build's pages: the catalogues start faster

    shown: dict[tuple[str, str], str] = {}
    for html in pages:
        if "data-offerings-ref" not in html:
            continue
        soup = BeautifulSoup(html, "html.parser")
        for element in soup.select("[data-offerings-ref][data-offerings-field]"):
            place = (str(element["data-offerings-ref"]), str(element["data-offerings-field"]))
            shown.setdefault(place, " ".join(element.get_text().split()))
    return shown


def _pages(folder: Path) -> Iterator[str]:
    for path in sorted(folder.rglob("*.html")):
        if not _NOT_PAGES.intersection(path.relative_to(folder).parts[:-1]):
            yield path.read_text("utf-8")


def _build(folder: Path, label: str) -> Side:
    side = _from_json((folder / JSON_FILE).read_bytes(), label, "build")
    side.shown = _words(_pages(folder))
    return side


def _get(url: str) -> Page:
    """The page at a URL, read as `offerings check` reads one, or a SideError that says
    why not."""
    from .fetch import FetchFailed, fetch_page

    try:
        return fetch_page(url, CHECK_TIMEOUT, CHECK_MAX_BYTES, CHECK_REDIRECTS)
    except FetchFailed as exc:
        why = str(exc) if str(exc).startswith("HTTP ") else f"cannot be read: {exc}"
        raise SideError(f"{url}: {why}") from None


def _url(url: str) -> Side:
    """A published site: offerings.json at a URL, beside a page's site root, or in the
    folder the URL names; a page's own words as it shows them."""
    html, kind, where = _get(url)
    if kind == "application/json" or where.endswith(".json"):
        return _from_json(html, url, "url")
    if kind != "text/html":
        raise SideError(f"{url}: neither a page nor {JSON_FILE} ({kind})")
    from bs4 import BeautifulSoup, Tag

    page = BeautifulSoup(html, "html.parser").find("html")
    root = page.get("data-content_root") if isinstance(page, Tag) else None  # Sphinx 7.2+
    base = where if where.endswith("/") or root is not None else f"{where}/"
    side = _from_json(_get(urljoin(base, f"{root or ''}{JSON_FILE}"))[0], url, "url")
    side.shown = _words([html])
    return side


def _from_json(text: str | bytes, label: str, kind: str) -> Side:
    try:
        return Side(label, kind, _catalogue(json.loads(text), label))
    except (ValueError, KeyError, TypeError, AttributeError, ArithmeticError) as exc:
        why = f"{type(exc).__name__}: {exc}"
        raise SideError(f"{label}: not an {JSON_FILE} as a build writes it ({why})") from None


# -- a catalogue read back from offerings.json (`render.data.catalogue_json`) -------------


def _money(data: dict[str, Any] | None) -> model.Money | None:
    return model.Money(Decimal(data["amount"]), data["currency"]) if data else None


def _duration(data: dict[str, Any] | None) -> model.Duration | None:
    """A duration as offerings.json writes it: a time without a count by its unit alone."""
    return duration(data if not data or "min" in data else data["unit"])


def _changes(data: list[dict[str, Any]] | None, currency: str) -> tuple[model.PriceChange, ...]:
    return tuple(
        model.PriceChange(
            datetime.date.fromisoformat(c["effective"]),
            model.Money(Decimal(c["amount"]), c.get("currency", currency)),
        )
        for c in data or ()
    )


def _price(data: dict[str, Any]) -> model.Price:
    if data.get("on_request"):
        return model.Price(None)
    money = _money(data)
    assert money is not None
    per = data.get("per")
    return model.Price(
        money,
        () if per is None else (per,) if isinstance(per, str) else tuple(per),
        _money(data.get("original")),
        data.get("tax"),
        _changes(data.get("upcoming"), money.currency),
        quantity=data.get("quantity"),
        term=term(data.get("term")),
        billing=data.get("billing"),
        qualifier=data.get("qualifier"),
        approx=_money(data.get("approx")),
        plus=tuple(data.get("plus", ())),
        discounts=tuple(
            model.Discount(Decimal(d["percent"]), d.get("condition"))
            for d in data.get("discounts", ())
        ),
        breaks=tuple(
            model.PriceBreak(b["min"], b.get("max"), None if b.get("on_request") else _money(b))
            for b in data.get("breaks", ())
        ),
        past=_changes(data.get("past"), money.currency),
    )


def _contact(data: dict[str, Any] | None) -> model.Contact | None:
    return model.Contact(data["id"], data["email"], data["label"]) if data else None


def _level(data: dict[str, Any] | None) -> model.ServiceLevel | None:
    if not data:
        return None
    hours = data.get("hours")
    return model.ServiceLevel(
        data["id"],
        model.BusinessHours(
            hours["id"],
            tuple(model.WEEKDAYS.index(day) for day in hours["days"]),
            datetime.time.fromisoformat(hours["start"]),
            datetime.time.fromisoformat(hours["end"]),
            hours["time_zone"],
            hours["public_holidays_excluded"],
        )
        if hours
        else None,
        _duration(data.get("response_time")),
        data.get("response_note"),
        _duration(data.get("delivery_time")),
        data.get("coverage"),
        {key: d for key, value in data.get("times", {}).items() if (d := _duration(value))},
    )


def _offering(data: dict[str, Any]) -> model.Offering:
    purchase, submit, basis = data.get("purchase"), data.get("submit"), data.get("price_basis")
    return model.Offering(
        id=data["id"],
        group=data["group"],
        name=data["name"],
        prices=tuple(_price(price) for price in data["prices"]),
        price_basis=model.PriceReference(basis["same_as"], Decimal(basis["times"]))
        if basis
        else None,
        incidents=data.get("incidents"),
        term=term(data.get("term")),
        purchase=model.Purchase(
            purchase["channel"],
            _contact(purchase.get("contact")),
            purchase.get("url"),
            purchase.get("label"),
        )
        if purchase
        else None,
        service_level=_level(data.get("service_level")),
        submit=model.Submit(_contact(submit["contact"]), submit["label"])  # type: ignore[arg-type]
        if submit
        else None,
        covers=data.get("covers"),
        availability=data.get("availability"),
        tags=tuple(data.get("tags", ())),
        allowances={key: allowance(a) for key, a in data.get("allowances", {}).items()},
        links={k: model.Link(v["url"], v["label"]) for k, v in data.get("links", {}).items()},
        conditions=dict(data.get("conditions", {})),
        features=dict(data.get("features", {})),
    )


def _catalogue(data: dict[str, Any], path: str) -> model.Catalogue:
    """The model of offerings.json, as far as figures read it (bundles and unused hours
    are left out)."""
    author = data.get("author")
    return model.Catalogue(
        path=path,
        date=datetime.date.fromisoformat(data["date"]),
        author=model.Author(author["name"], author.get("url")) if author else None,
        contacts={key: c for key, value in data["contacts"].items() if (c := _contact(value))},
        hours={},
        offerings=tuple(_offering(item) for item in data["offerings"]),
        units={
            key: model.Unit(
                key, {("" if lang == "en" else lang): (w[0], w[1]) for lang, w in words.items()}
            )
            for key, words in data.get("units", {}).items()
        },
        features=dict(data.get("features", {})),
    )
