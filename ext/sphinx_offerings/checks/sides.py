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
import functools
import json
import os
import re
import stat
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn, TypeVar
from urllib.parse import urljoin

from .. import model
from ..commands import CHECK_MAX_BYTES, CHECK_REDIRECTS, CHECK_TIMEOUT, DEFAULT_CATALOGUES
from ..errors import (
    CatalogueError,
    CatalogueInvalid,
    Location,
    character_name,
    escaped,
    printable,
)
from ..pipeline import read_catalogue
from ..render.data import JSON_FILE
from ..render.figures import FIGURES
from ..render.text import Formatter, formatter_for
from ..resolve import catalogue_date
from ..site import CONF, DATE, DEFAULT_PRICE_FORMAT, Site, SiteError, find_confdir, read_site
from ..validate.checks import ID
from ..validate.text import refused

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


def read_side(
    spec: str | None,
    *,
    old: bool,
    on: datetime.date | None = None,
    timeout: float = CHECK_TIMEOUT,
) -> Side:
    """The side ``spec`` names; by default (None) the merge base of HEAD with the
    default branch for the old side, the working tree for the new. ``on``: the date of
    the prices of a catalogue (else its site's ``offerings_date``, else today);
    ``timeout``: the seconds a URL side may take, all its requests told."""
    if spec is None:
        return _merge_base(on) if old else _site(_working_site(), "the working tree", on)
    if is_url(spec):
        return _url(spec, timeout)
    path = Path(spec)
    if path.is_dir():
        if (path / JSON_FILE).is_file():
            return _build(path, spec)
        if (path / CONF).is_file():
            return _site(_read_site(path), spec, on)
        raise SideError(f"{spec}: neither a build ({JSON_FILE}) nor a site ({CONF}) is here")
    if path.is_file():
        if path.suffix == ".json":
            return _from_json(_file(path), spec, "json")
        confdir = find_confdir(path.parent)
        settings = _read_site(confdir) if confdir else _defaults(path.parent, [])
        return _read(settings, [spec], spec, "file", on)
    return _revision(spec, spec, on)


def _printed(character: str) -> str:
    if unicodedata.category(character) == "Zs":  # a no-break space: a space to a reader
        return " "
    return escaped(character)  # a line break, an escape, a surrogate: \n, \x1b, \ud800


def one_line(text: str) -> str:
    """``text`` on one line, as a terminal cannot take it for more: spaces folded, every
    other character that is not printable escaped, line breaks and terminal escapes
    included (``\\r``, ``\\n``, ``\\x1b``), and lone surrogates, which would not print."""
    return " ".join("".join(map(_printed, text)).split())


def is_url(text: str) -> bool:
    """Whether ``text`` is an http(s) URL: its scheme in any case, ``HTTP://``."""
    return text[:8].lower().startswith(("http://", "https://"))


def shown_url(url: str) -> str:
    """A URL as a message shows it: a password in it left out (``user:***@host``)."""
    head, at, rest = url.partition("@")
    scheme, slashes, user = head.partition("//")
    if not at or not slashes or "/" in user:
        return url
    return f"{scheme}//{user.partition(':')[0]}{':***' if ':' in user else ''}@{rest}"


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


def _parsed(pages: Iterable[str]) -> Iterator[Any]:
    """The pages that show a figure, parsed."""
    from bs4 import BeautifulSoup  # only for a build's pages: the catalogues start faster

    return (BeautifulSoup(html, "html.parser") for html in pages if "data-offerings-ref" in html)


def _words(soups: Iterable[Any]) -> dict[tuple[str, str], str]:
    """The words of each figure on the parsed pages (the first, if several show it), white
    space folded and characters that do not print escaped, so that they print as one
    line (`one_line`)."""
    shown: dict[tuple[str, str], str] = {}
    for soup in soups:
        for element in soup.select("[data-offerings-ref][data-offerings-field]"):
            place = (str(element["data-offerings-ref"]), str(element["data-offerings-field"]))
            words = " ".join(element.get_text().split())
            shown.setdefault(place, one_line(words))
    return shown


def read_file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a regular file, or OSError: a pipe or a device, whose reading might
    never end, is "not a file"; one of more than ``limit`` bytes is "more than N MiB"."""
    if not stat.S_ISREG(mode := path.stat().st_mode) and not stat.S_ISDIR(mode):
        raise OSError("not a file")  # opened, a pipe would wait for a writer
    with path.open("rb") as file:  # a folder: "Is a directory"
        data = file.read() if limit is None else file.read(limit + 1)
    if limit is not None and len(data) > limit:
        raise OSError(f"the page is more than {limit / 1024 / 1024:g} MiB")
    return data


def read_error(exc: OSError | UnicodeDecodeError) -> str:
    """Why a file was not read: ``cannot be read: WHY`` or ``not UTF-8: ...``."""
    if isinstance(exc, UnicodeDecodeError):
        byte = exc.object[exc.start : exc.start + 1].hex()
        return f"not UTF-8: byte 0x{byte} at offset {exc.start}"
    return f"cannot be read: {exc.strerror or exc}"


def _file(path: Path, limit: int | None = None) -> bytes:
    """The bytes of a file of a side, or a SideError saying why they cannot be read."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):  # a folder too
            raise SideError(f"{path}: cannot be read: not a file")
        return read_file(path, limit)
    except OSError as exc:
        raise SideError(f"{path}: {read_error(exc)}") from None


def build_pages(folder: Path, unlisted: list[tuple[Path, OSError]]) -> list[Path]:
    """The pages of an HTML build, in order: what is called ``*.html`` in the folder and
    below, but in the folders that hold none (``_static``...). Found without recursion,
    as `Path.rglob` is not, so that a folder nested however deep is read; a link to a
    folder is not followed. A folder that cannot be listed is added to ``unlisted``,
    with why."""
    found, pending = [], [folder]
    while pending:
        try:
            with os.scandir(below := pending.pop()) as entries:
                for entry in entries:
                    if entry.name.endswith(".html"):
                        found.append(Path(entry.path))
                    if entry.is_dir(follow_symlinks=False) and entry.name not in _NOT_PAGES:
                        pending.append(Path(entry.path))
        except OSError as exc:
            unlisted.append((below, exc))
    return sorted(found)


def _pages(folder: Path) -> Iterator[str]:
    unlisted: list[tuple[Path, OSError]] = []
    pages = build_pages(folder, unlisted)
    for path, exc in unlisted:
        raise SideError(f"{path}: {read_error(exc)}")
    for path in pages:
        try:
            yield _file(path, CHECK_MAX_BYTES).decode("utf-8")
        except UnicodeDecodeError as exc:
            raise SideError(f"{path}: {read_error(exc)}") from None


def _build(folder: Path, label: str) -> Side:
    side = _from_json(_file(folder / JSON_FILE), label, "build")
    side.shown = _words(_parsed(_pages(folder)))
    return side


def _get(url: str, timeout: float, started: float) -> Page:
    """The page at a URL, read as `offerings check` reads one, or a SideError that says
    why not: by ``timeout`` seconds after ``started`` (`time.monotonic`)."""
    from .fetch import FetchFailed, fetch_page

    try:
        return fetch_page(url, timeout, CHECK_MAX_BYTES, CHECK_REDIRECTS, started)
    except FetchFailed as exc:
        why = str(exc) if str(exc).startswith("HTTP ") else f"cannot be read: {exc}"
        raise SideError(f"{shown_url(url)}: {why}") from None


def _url(url: str, timeout: float) -> Side:
    """A published site: offerings.json at a URL, beside a page's site root, or in the
    folder the URL names; a page's own words as it shows them. Both requests are made
    within the one ``timeout``."""
    started = time.monotonic()
    html, kind, where = _get(url, timeout, started)
    if kind == "application/json" or where.endswith(".json"):
        return _from_json(html, url, "url")
    if kind != "text/html":
        raise SideError(f"{url}: neither a page nor {JSON_FILE} ({kind})")
    from bs4 import BeautifulSoup, Tag

    soup = BeautifulSoup(html, "html.parser")
    page = soup.find("html")
    root = page.get("data-content_root") if isinstance(page, Tag) else None  # Sphinx 7.2+
    base = where if where.endswith("/") or root is not None else f"{where}/"
    published = _get(urljoin(base, f"{root or ''}{JSON_FILE}"), timeout, started)
    side = _from_json(published.text, url, "url")
    side.shown = _words([soup])
    return side


def _from_json(text: str | bytes, label: str, kind: str) -> Side:
    try:
        return Side(label, kind, catalogue_from_json(json_data(text), label))
    except (NotJSON, NotAsBuilt) as exc:
        raise SideError(f"{label}: not an {JSON_FILE} as a build writes it: {exc}") from None


# -- JSON as a page, a file or a server holds it -----------------------------------------


class NotJSON(ValueError):
    """Text that is not JSON: ``not valid JSON: WHY``."""


def _constant(name: str) -> Any:
    raise NotJSON(f"not valid JSON: {name} is not a JSON value")


def json_data(text: str | bytes) -> Any:
    """The value of a JSON text, or NotJSON: as `json.loads`, but NaN and Infinity are not
    JSON, and nesting deeper than the parser goes (it recurses), a number of too many
    digits and bytes in no Unicode encoding are each a NotJSON too."""
    try:
        return json.loads(text, parse_constant=_constant)
    except RecursionError:
        raise NotJSON("not valid JSON: nested too deeply") from None
    except NotJSON:
        raise
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:  # bytes: UTF-8, -16 or -32
        raise NotJSON(f"not valid JSON: {exc}") from None
    except ValueError:  # what int() refuses
        digits = sys.get_int_max_str_digits()
        raise NotJSON(f"not valid JSON: a number of more than {digits} digits") from None


def described(value: Any) -> str:
    """A JSON value as a message names it: an object or a list by its kind (it may nest
    deeper than a writer could go), anything else as JSON, shortened, on one line."""
    if isinstance(value, dict | list):
        return "an object" if isinstance(value, dict) else "a list"
    text = json.dumps(value[:40] if isinstance(value, str) else value, ensure_ascii=False)
    text = printable(text)
    return text if len(text) <= 40 else f"{text[:39]}…"


# -- offerings.json read back (`render.data.catalogue_json`), each field checked ----------


class NotAsBuilt(ValueError):
    """Data that is not an offerings.json as a build writes it: where in it, and what is
    wrong there, ``offerings[0].prices[0]: no amount``."""

    def __init__(self, where: str, what: str) -> None:
        super().__init__(f"{where}: {what}" if where else what)


_CLOCK = re.compile(r"(?:[01][0-9]|2[0-3]):[0-5][0-9]")
_CURRENCY = re.compile(r"[A-Z]{3}")
#: `model.Money.decimal_text` of an amount below 10^12, as the catalogue's are.
_AMOUNT = re.compile(r"(?:0|[1-9][0-9]{0,11})(?:\.[0-9]{1,12})?")
#: A Decimal as str() writes it, as factors and percentages are: "2", "0.5", "1E-7".
_NUMBER = re.compile(r"[0-9]{1,40}(?:\.[0-9]{1,40})?(?:E[+-]?[0-9]{1,4})?")
_URL = re.compile(r"https://\S+")
_NO_SPACE = re.compile(r"\S+")
_LANGUAGE = re.compile(r"[A-Za-z]{2,8}(?:[_-][A-Za-z0-9]{1,8})*")
_COVERAGE = re.compile(r"(?:[1-9]|1[0-9]|2[0-4])x[1-7]|business-days")
_TERMS = ("years", "months", "weeks", "days")
_TIMES = ("minutes", "hours", "business-hours", "business-days", "calendar-days", "weeks")
_NAMED_TIMES = ("next-business-day", "same-business-day")
_SPAN = "bound range label"  # what a duration may add to its min, max and unit
#: What a price may state besides its amount and currency.
_PRICE = (
    "per quantity original tax upcoming past term billing qualifier approx plus discounts breaks"
)
_MOST = 1_000_000  # the largest count a catalogue may state

T = TypeVar("T")


@functools.cache
def _names(names: str) -> tuple[str, ...]:
    return tuple(names.split())


@functools.cache
def _known(required: str, optional: str) -> frozenset[str]:
    return frozenset((*_names(required), *_names(optional)))


class _At:
    """A value of offerings.json, and where it is: ``offerings[0].term``. Each reader
    gives the value as the model holds it, or raises NotAsBuilt saying what is wrong."""

    __slots__ = ("_parent", "_step", "value")

    def __init__(self, value: Any, parent: _At | None = None, step: str | int = "") -> None:
        self.value, self._parent, self._step = value, parent, step

    @property
    def where(self) -> str:
        """The path to the value, made only for a message: ``offerings[0].term``."""
        steps: list[str | int] = []
        at = self
        while at._parent is not None:
            steps.append(at._step)
            at = at._parent
        where = ""
        for step in reversed(steps):
            where += f"[{step}]" if isinstance(step, int) else f".{step}" if where else step
        return where

    def wrong(self, what: str) -> NoReturn:
        raise NotAsBuilt(self.where, what)

    def fields(self, required: str, optional: str = "", nullable: str = "") -> dict[str, _At]:
        """An object's values by key: each of ``required`` there, the others among
        ``optional`` (names separated by spaces). Null is wrong but for the keys in
        ``nullable``, which a build writes as null when the catalogue does not say: those
        are left out."""
        if not isinstance(self.value, dict):
            self.wrong(f"{described(self.value)} is not an object")
        needed, nulls, known = _names(required), _names(nullable), _known(required, optional)
        for key in self.value:
            if key not in known:
                self.wrong(f"unknown key {described(key)}")
        for key in needed:
            if key not in self.value:
                self.wrong(f"no {key}")
        return {
            key: _At(value, self, key)
            for key, value in self.value.items()
            if value is not None or key not in nulls
        }

    def entries(self) -> dict[str, _At]:
        """An object's values by id: ``contacts.sales``."""
        if not isinstance(self.value, dict):
            self.wrong(f"{described(self.value)} is not an object")
        for key in self.value:
            if not ID.fullmatch(key):
                self.wrong(f"the key {described(key)} is not an id")
        return {key: _At(value, self, key) for key, value in self.value.items()}

    def items(self) -> list[_At]:
        """A list's items, one at least: ``prices[0]``."""
        if not isinstance(self.value, list):
            self.wrong(f"{described(self.value)} is not a list")
        if not self.value:
            self.wrong("an empty list")
        return [_At(value, self, i) for i, value in enumerate(self.value)]

    def text(self) -> str:
        """Text as a catalogue's is resolved: visible, its white space folded."""
        value = self.value
        if not isinstance(value, str) or not value.strip():
            self.wrong(f"{described(value)} is not text")
        if character := refused(value, white_space=False):
            self.wrong(f"{described(value)} holds {character_name(character)}")
        if value != value.strip() or "  " in value:
            self.wrong(f"{described(value)} has white space a build folds")
        return value

    def matching(self, pattern: re.Pattern[str], what: str) -> str:
        if not isinstance(self.value, str) or not pattern.fullmatch(self.value):
            self.wrong(f"{described(self.value)} is not {what}")
        return self.value

    def id(self) -> str:
        return self.matching(ID, "an id")

    def choice(self, *values: str) -> str:
        if not isinstance(self.value, str) or self.value not in values:
            self.wrong(f"{described(self.value)} is not one of {', '.join(values)}")
        return self.value

    def true(self) -> bool:
        if self.value is not True:
            self.wrong(f"{described(self.value)} is not true")
        return True

    def flag(self) -> bool:
        if not isinstance(self.value, bool):
            self.wrong(f"{described(self.value)} is not true or false")
        return self.value

    def count(self, least: int = 1) -> int:
        value = self.value
        if isinstance(value, bool) or not isinstance(value, int) or not least <= value <= _MOST:
            self.wrong(f"{described(value)} is not a whole number from {least} to {_MOST:,}")
        return value

    def amount(self) -> Decimal:
        return Decimal(self.matching(_AMOUNT, "a decimal amount below 10^12"))

    def number(self, most: int | None = None) -> Decimal:
        """A decimal above 0 (and at most ``most``): a factor, a percentage."""
        number = Decimal(self.matching(_NUMBER, "a decimal number"))
        if not number > 0 or (most is not None and number > most):
            bound = "above 0" + (f" and at most {most}" if most is not None else "")
            self.wrong(f"{described(self.value)} is not {bound}")
        return number

    def date(self) -> datetime.date:
        text = self.matching(DATE, "a date (YYYY-MM-DD)")
        try:
            return datetime.date.fromisoformat(text)
        except ValueError:
            self.wrong(f"{described(self.value)} is not a day of the calendar")

    def clock(self) -> datetime.time:
        return datetime.time.fromisoformat(self.matching(_CLOCK, "a time of day (HH:MM)"))


def _optional(fields: dict[str, _At], key: str, read: Callable[[_At], T]) -> T | None:
    return read(fields[key]) if key in fields else None


def _each(fields: dict[str, _At], key: str, read: Callable[[_At], T]) -> tuple[T, ...]:
    return tuple(read(item) for item in fields[key].items()) if key in fields else ()


def _by_id(fields: dict[str, _At], key: str, read: Callable[[_At], T]) -> dict[str, T]:
    return {k: read(item) for k, item in fields[key].entries().items()} if key in fields else {}


def _money(at: _At, fields: dict[str, _At] | None = None) -> model.Money:
    """Money: an object of its own, or the amount and currency among ``fields``."""
    fields = at.fields("amount currency") if fields is None else fields
    currency = fields["currency"].matching(_CURRENCY, "a currency code")
    return model.Money(fields["amount"].amount(), currency)


def _contact(at: _At) -> model.Contact:
    fields = at.fields("id email label")
    email = fields["email"].matching(_NO_SPACE, "an e-mail address")
    return model.Contact(fields["id"].id(), email, fields["label"].text())


def _term(at: _At) -> model.Term:
    fields = at.fields("", " ".join((*_TERMS, "from")))
    units = [unit for unit in _TERMS if unit in fields]
    if len(units) != 1:
        at.wrong(f"{len(units)} of {', '.join(_TERMS)}, not one")
    start = _optional(fields, "from", lambda at: at.choice("purchase", "delivery"))
    return model.Term(fields[units[0]].count(), units[0], start)


def _span(fields: dict[str, _At]) -> model.Duration:
    low, high = fields["min"].count(), fields["max"].count()
    if high < low:
        fields["max"].wrong(f"{high} is less than min, {low}")
    return model.Duration(
        low,
        high,
        fields["unit"].choice(*_TIMES),
        _optional(fields, "bound", lambda at: at.choice("within", "less-than", "up-to")),
        _optional(fields, "range", lambda at: at.choice("between")) or "to",
        _optional(fields, "label", _At.text),
    )


def _duration(at: _At) -> model.Duration:
    """A duration: a time that has no count by its unit alone, else a count or a range."""
    if isinstance(at.value, dict) and at.value.keys() == {"unit"}:
        return model.Duration(0, 0, at.fields("unit")["unit"].choice(*_NAMED_TIMES))
    return _span(at.fields("min max unit", _SPAN))


def _changes(at: _At) -> tuple[model.PriceChange, ...]:
    def change(at: _At) -> model.PriceChange:
        fields = at.fields("effective amount currency")
        return model.PriceChange(fields["effective"].date(), _money(at, fields))

    return tuple(map(change, at.items()))


def _break(at: _At) -> model.PriceBreak:
    money = None
    if isinstance(at.value, dict) and "on_request" in at.value:
        fields = at.fields("min on_request", "max")
        fields["on_request"].true()
    else:
        fields = at.fields("min amount currency", "max")
        money = _money(at, fields)
    low, high = fields["min"].count(), _optional(fields, "max", _At.count)
    if high is not None and high < low:
        fields["max"].wrong(f"{high} is less than min, {low}")
    return model.PriceBreak(low, high, money)


def _discount(at: _At) -> model.Discount:
    fields = at.fields("percent", "condition")
    return model.Discount(fields["percent"].number(100), _optional(fields, "condition", _At.text))


def _per(at: _At) -> tuple[str, ...]:
    return (at.id(),) if isinstance(at.value, str) else tuple(unit.id() for unit in at.items())


def _price(at: _At) -> model.Price:
    if isinstance(at.value, dict) and "on_request" in at.value:
        at.fields("on_request")["on_request"].true()
        return model.Price(None)
    fields = at.fields("amount currency", _PRICE)
    return model.Price(
        _money(at, fields),
        _optional(fields, "per", _per) or (),
        _optional(fields, "original", _money),
        _optional(fields, "tax", lambda at: at.choice("excluded", "included")),
        _optional(fields, "upcoming", _changes) or (),
        _optional(fields, "quantity", _At.count),
        _optional(fields, "term", _term),
        _optional(fields, "billing", lambda at: at.choice("monthly", "quarterly", "yearly")),
        _optional(fields, "qualifier", lambda at: at.choice("from", "starting-at")),
        _optional(fields, "approx", _money),
        _each(fields, "plus", _At.text),
        _each(fields, "discounts", _discount),
        _each(fields, "breaks", _break),
        _optional(fields, "past", _changes) or (),
    )


def _hours(at: _At) -> model.BusinessHours:
    fields = at.fields("id days start end time_zone public_holidays_excluded")
    days = [day.choice(*model.WEEKDAYS) for day in fields["days"].items()]
    if len(set(days)) != len(days):
        fields["days"].wrong("a day twice")
    return model.BusinessHours(
        fields["id"].id(),
        tuple(map(model.WEEKDAYS.index, days)),
        fields["start"].clock(),
        fields["end"].clock(),
        fields["time_zone"].matching(_NO_SPACE, "a time zone"),
        fields["public_holidays_excluded"].flag(),
    )


def _level(at: _At) -> model.ServiceLevel:
    stated = "hours response_time response_note delivery_time"  # null when not
    fields = at.fields(f"id {stated}", "coverage times", nullable=stated)
    return model.ServiceLevel(
        fields["id"].id(),
        _optional(fields, "hours", _hours),
        _optional(fields, "response_time", _duration),
        _optional(fields, "response_note", _At.text),
        _optional(fields, "delivery_time", _duration),
        _optional(fields, "coverage", lambda at: at.matching(_COVERAGE, "a coverage (8x5)")),
        _by_id(fields, "times", _duration),
    )


def _purchase(at: _At) -> model.Purchase:
    fields = at.fields("channel", "contact url label")
    channel = fields["channel"].choice("contact", "mailto", "checkout")
    if (needed := "url" if channel == "checkout" else "contact") not in fields:
        at.wrong(f"no {needed}, which the channel {channel} needs")
    return model.Purchase(
        channel,
        _optional(fields, "contact", _contact),
        _optional(fields, "url", lambda at: at.matching(_URL, "an https URL")),
        _optional(fields, "label", _At.text),
    )


def _submit(at: _At) -> model.Submit:
    fields = at.fields("label contact")
    return model.Submit(_contact(fields["contact"]), fields["label"].text())


def _bundle_item(at: _At) -> model.BundleItem:
    if isinstance(at.value, dict) and "name" in at.value:
        return model.BundleItem(at.fields("name")["name"].text())
    support = at.fields("support")["support"]
    stated = "coverage response_time"  # null when not
    fields = support.fields(f"channel {stated}", nullable=stated)
    coverage, start = None, "delivery"
    if "coverage" in fields:  # a duration, and when it starts
        spans = fields["coverage"].fields("min max unit from", _SPAN)
        coverage, start = _span(spans), spans["from"].choice("delivery", "purchase")
    return model.BundleItem(
        support=model.Support(
            fields["channel"].choice("email"),
            coverage,
            _optional(fields, "response_time", _duration),
            start,
        )
    )


def _link(at: _At) -> model.Link:
    fields = at.fields("url label")
    return model.Link(fields["url"].matching(_URL, "an https URL"), fields["label"].text())


def _allowance(at: _At) -> model.Allowance:
    fields = at.fields("quantity unit", "per up_to label")
    quantity = fields["quantity"]
    return model.Allowance(
        None if quantity.value == "unlimited" else quantity.count(least=0),
        fields["unit"].id(),
        _optional(fields, "per", _At.id),
        _optional(fields, "up_to", _At.flag) or False,
        _optional(fields, "label", _At.text),
    )


def _feature(at: _At) -> bool | str:
    return at.value if isinstance(at.value, bool) else at.text()


_OFFERING = (
    "incidents term purchase submit covers availability price_basis tags includes "
    "allowances links conditions features service_level"
)


def _offering(at: _At) -> model.Offering:
    fields = at.fields("id group name prices", _OFFERING)
    basis = _optional(fields, "price_basis", lambda at: at.fields("same_as times"))
    return model.Offering(
        id=fields["id"].id(),
        group=fields["group"].id(),
        name=fields["name"].text(),
        prices=_each(fields, "prices", _price),
        price_basis=model.PriceReference(basis["same_as"].id(), basis["times"].number())
        if basis
        else None,
        incidents=_optional(fields, "incidents", _At.count),
        term=_optional(fields, "term", _term),
        purchase=_optional(fields, "purchase", _purchase),
        service_level=_optional(fields, "service_level", _level),
        submit=_optional(fields, "submit", _submit),
        covers=_optional(fields, "covers", _At.text),
        availability=_optional(fields, "availability", _At.text),
        tags=_each(fields, "tags", _At.id),
        includes=_each(fields, "includes", _bundle_item),
        allowances=_by_id(fields, "allowances", _allowance),
        links=_by_id(fields, "links", _link),
        conditions=_by_id(fields, "conditions", _At.text),
        features=_by_id(fields, "features", _feature),
    )


def _author(at: _At) -> model.Author:
    fields = at.fields("name url", nullable="url")
    url = _optional(fields, "url", lambda at: at.matching(_URL, "an https URL"))
    return model.Author(fields["name"].text(), url)


def _unit(at: _At) -> dict[str, tuple[str, str]]:
    """A unit's words, (one, other), by language ("" English, "en" in offerings.json)."""
    if not isinstance(at.value, dict):
        at.wrong(f"{described(at.value)} is not an object")
    words = {}
    for language, value in at.value.items():
        pair = _At(value, at, language)
        if not _LANGUAGE.fullmatch(language):
            pair.wrong("not a language code")
        items = pair.items()
        if len(items) != 2:
            pair.wrong(f"{len(items)} words, not two (one and other)")
        words["" if language == "en" else language] = (items[0].text(), items[1].text())
    return words


def catalogue_from_json(data: Any, path: str) -> model.Catalogue:
    """The model of an offerings.json, as far as figures read it (the hours no offering
    uses are left out), or NotAsBuilt naming the first field that is not as a build
    writes it: an unknown key, a type, a decimal, a count, an id, a date, text."""
    fields = _At(data).fields("date author contacts offerings", "units features", "author")
    date = fields["date"].date()
    author = _optional(fields, "author", _author)
    contacts = _by_id(fields, "contacts", _contact)
    offerings = _each(fields, "offerings", _offering)
    first: dict[str, int] = {}
    for index, offering in enumerate(offerings):
        if (seen := first.setdefault(offering.id, index)) != index:
            where = f"offerings[{index}].id"
            raise NotAsBuilt(where, f"{described(offering.id)} again (offerings[{seen}])")
    return model.Catalogue(
        path=path,
        date=date,
        author=author,
        contacts=contacts,
        hours={},
        offerings=offerings,
        units={key: model.Unit(key, w) for key, w in _by_id(fields, "units", _unit).items()},
        features=_by_id(fields, "features", _At.text),
    )
