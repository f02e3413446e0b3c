"""The ``offerings`` command: check a catalogue, a site or the docs without building.

Exit codes: 0 all good, 1 problems found (each printed on one line), 2 usage error or,
for `check`, a target that cannot be read at all, 141 when the output is closed before
the command is done (``offerings export | head``), 130 when it is interrupted (Ctrl-C).
``diff`` exits 1 when a change matches a ``--fail-on`` rule or a side's catalogue is
invalid, 2 when a side cannot be read (an unknown revision, a URL that fails).
Each command imports only what it needs, so the quick ones start fast.
"""

from __future__ import annotations

import argparse
import datetime
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from .commands import DEFAULT_CATALOGUES, build_parser
from .errors import CatalogueInvalid

if TYPE_CHECKING:
    from .model import Catalogue
    from .site import Site


class UsageError(Exception):
    """A command was called in a way it cannot work: exit 2."""


def _site(args: argparse.Namespace) -> Site | None:
    """The site the command is for: ``--conf-dir``, else the nearest conf.py at or above
    the current folder; None when there is none."""
    from .site import SiteError, find_confdir, read_site

    given = getattr(args, "conf_dir", None)
    confdir = Path(given) if given else find_confdir(Path.cwd())
    if confdir is None:
        return None
    try:
        return read_site(confdir)
    except SiteError as exc:
        raise UsageError(str(exc)) from None


def _shown(path: Path) -> str:
    """A path as typed: relative to the current folder when it is below it."""
    relative = os.path.relpath(path)
    return str(path) if relative.startswith("..") else relative


def _paths(given: Sequence[str] | None, site: Site | None) -> list[str]:
    """The catalogue files named; else the site's; else, with no site, every data/*.yaml."""
    from .site import same_file_twice

    if given:
        paths = list(given)
    elif site is not None:
        paths = [_shown(path) for path in site.catalogues]
        for path in paths:
            if not Path(path).is_file():
                raise UsageError(
                    f"{site.conf}: offerings_catalogue names {path}, which is not a file"
                )
    else:
        paths = sorted(str(p) for p in Path().glob(DEFAULT_CATALOGUES))
        if not paths:
            raise UsageError(
                f"no catalogue given, no conf.py at or above {Path.cwd()}, and none found as "
                f"{DEFAULT_CATALOGUES}"
            )
    for path in paths:
        if not Path(path).is_file():
            raise UsageError(f"{path}: no such catalogue file")
    if twice := same_file_twice(paths):
        # read twice, each of its ids would be reported as already used, at itself
        first, second = (paths[index] for index in twice)
        named = first if first == second else f"{first} and {second}"
        raise UsageError(f"{named}: the same catalogue file, given twice")
    return paths


def _date(given: str) -> datetime.date:
    """The date of ``--date``: YYYY-MM-DD, as the help says, and only that."""
    from .site import parse_date

    try:
        return parse_date(given)
    except ValueError:
        raise UsageError(f"--date {given}: give a date as YYYY-MM-DD") from None


def _catalogue(args: argparse.Namespace, site: Site | None) -> Catalogue:
    """Read catalogues used together, or print their errors and raise SystemExit(1)."""
    from .pipeline import read_catalogue
    from .resolve import catalogue_date

    paths = _paths(args.catalogue, site)
    if args.date is not None:
        date = _date(args.date)
    else:
        try:  # the site's offerings_date, read_site has checked; else SOURCE_DATE_EPOCH
            date = catalogue_date(site.date if site else None)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
    try:
        return read_catalogue(paths, date)
    except CatalogueInvalid as invalid:
        _report(paths, invalid)


def _report(paths: Sequence[str], invalid: CatalogueInvalid) -> NoReturn:
    shown, rest = invalid.shown()
    for error in shown:
        print(error, file=sys.stderr)
    if rest:
        print(f"{', '.join(paths)}: {rest}", file=sys.stderr)
    count = len(invalid.errors)
    print(f"{', '.join(paths)}: {count} error{'s' if count != 1 else ''}", file=sys.stderr)
    raise SystemExit(1) from None


def _validate(args: argparse.Namespace) -> int:
    from .pipeline import validate_files

    paths = _paths(args.paths, _site(args))
    try:
        count = validate_files(paths)
    except CatalogueInvalid as invalid:
        _report(paths, invalid)
    print(f"{', '.join(paths)}: valid, {count} offerings")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .checks.drift import Unreadable, check_target
    from .checks.sides import one_line

    catalogue = _catalogue(args, _site(args))
    try:
        found = check_target(args.target, catalogue, args.timeout)
    except Unreadable as exc:
        print(f"offerings check: error: {exc}", file=sys.stderr)
        return 2
    for line in found.unreadable:
        print(line, file=sys.stderr)
    for difference in found.differences:
        print(difference)
    if found.differences or found.unreadable:
        return 1
    print(one_line(f"{args.target}: the pages agree with {catalogue.path}"))
    return 0


def _lint(args: argparse.Namespace) -> int:
    from .checks.lint import catalogue_amounts, lint

    site = _site(args)
    folder = Path(args.docs) if args.docs else Path(_shown(site.source)) if site else Path("docs")
    if not folder.is_dir():
        raise UsageError(f"{folder}: no such folder")
    # Without a catalogue given or found, the notations alone are looked for.
    if site is not None:  # a site's catalogue that is not there yet is not looked for
        found = args.catalogue or all(path.is_file() for path in site.catalogues)
    else:
        found = args.catalogue or any(Path().glob(DEFAULT_CATALOGUES))
    amounts = catalogue_amounts(_catalogue(args, site)) if found else frozenset()
    findings = lint(folder, amounts)
    for finding in findings:
        print(finding)
    return 1 if findings else 0


def _export(args: argparse.Namespace) -> int:
    from .render.data import catalogue_json, dumps, offer_catalogue

    if args.format == "schema":  # what any catalogue follows: none is read
        from .validate.explain import SCHEMA_FILE

        print(SCHEMA_FILE.read_text("utf-8"), end="")
        return 0
    catalogue = _catalogue(args, _site(args))
    data = catalogue_json(catalogue) if args.format == "json" else offer_catalogue(catalogue)
    print(dumps(data))
    return 0


def _render(args: argparse.Namespace) -> int:
    from .render.rst import render_rst
    from .render.text import formatter_for
    from .site import DEFAULT_PRICE_FORMAT

    site = _site(args)
    catalogue = _catalogue(args, site)
    if args.table is not None and not catalogue.group(args.table):
        groups = ", ".join(sorted({o.group for o in catalogue.offerings}))
        raise UsageError(f"--table {args.table}: no such group; groups: {groups}")
    settings = (site.language, site.price_format) if site else (None, DEFAULT_PRICE_FORMAT)
    print(render_rst(catalogue, formatter_for(*settings, catalogue.units), args.table), end="")
    return 0


def _diff(args: argparse.Namespace) -> int:
    from .checks.diff import FORMATS, diff, failed
    from .checks.sides import SideError, SideInvalid

    on = _date(args.date) if args.date is not None else None
    try:
        comparison = diff(args.old, args.new, on, args.timeout)
    except SideError as exc:
        raise UsageError(str(exc)) from None
    except SideInvalid as invalid:
        print(*invalid.lines(), sep="\n", file=sys.stderr)
        return 1
    broken = failed(comparison.changes, args.fail_on or ())
    print(FORMATS[args.format](comparison, broken), end="")
    return 1 if broken else 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {
    "validate": _validate,
    "check": _check,
    "lint": _lint,
    "export": _export,
    "render": _render,
    "diff": _diff,
}


def main(argv: Sequence[str] | None = None) -> int:
    try:
        args = build_parser().parse_args(argv)
        return COMMANDS[args.command](args)
    except UsageError as exc:
        print(f"offerings: error: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exit_:  # argparse exits 2 on usage errors and 0 on --help
        return int(exit_.code or 0)
    except BrokenPipeError:  # the reader stopped reading: `offerings export | head`
        # what is left unwritten goes nowhere, not to a closed pipe at exit
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # as a shell reports a command ended by SIGPIPE
    except KeyboardInterrupt:  # Ctrl-C: the reader knows why it stopped
        return 130  # as a shell reports a command ended by SIGINT
