"""The ``offerings`` command: check a catalogue, a site or the docs without building.

Exit codes: 0 all good, 1 problems found (each printed on one line), 2 usage error.
Each command imports only what it needs, so the quick ones start fast.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from . import __version__
from .errors import CatalogueInvalid

if TYPE_CHECKING:
    from .model import Catalogue

DEFAULT_CATALOGUES = "data/*.yaml"
DEFAULT_DOCS = "docs"


class UsageError(Exception):
    """A command was called in a way it cannot work: exit 2."""


def _paths(given: Sequence[str] | None) -> list[str]:
    """The catalogue files named, or by default every data/*.yaml."""
    paths = list(given or []) or sorted(str(p) for p in Path().glob(DEFAULT_CATALOGUES))
    if not paths:
        raise UsageError(f"no catalogue given and none found as {DEFAULT_CATALOGUES}")
    for path in paths:
        if not Path(path).is_file():
            raise UsageError(f"{path}: no such catalogue file")
    return paths


def _catalogue(given: Sequence[str] | None, on: str | None = None) -> Catalogue:
    """Read catalogues used together, or print their errors and raise SystemExit(1)."""
    from .pipeline import read_catalogue

    paths = _paths(given)
    from .resolve import catalogue_date

    try:
        date = catalogue_date(on)
    except ValueError:
        raise UsageError(f"--date {on}: give a date as YYYY-MM-DD") from None
    try:
        return read_catalogue(paths, date)
    except CatalogueInvalid as invalid:
        _report(paths, invalid)


def _report(paths: Sequence[str], invalid: CatalogueInvalid) -> NoReturn:
    """Print every error, then raise SystemExit(1)."""
    for error in invalid.errors:
        print(error, file=sys.stderr)
    count = len(invalid.errors)
    print(f"{', '.join(paths)}: {count} error{'s' if count != 1 else ''}", file=sys.stderr)
    raise SystemExit(1) from None


def _validate(args: argparse.Namespace) -> int:
    from .pipeline import validate_files

    paths = _paths(args.paths)
    try:
        count = validate_files(paths)
    except CatalogueInvalid as invalid:
        _report(paths, invalid)
    print(f"{', '.join(paths)}: valid, {count} offerings")
    return 0


def _check(args: argparse.Namespace) -> int:
    from .checks.drift import check_target

    catalogue = _catalogue(args.catalogue, args.date)
    try:
        differences = check_target(args.target, catalogue)
    except (OSError, ValueError) as exc:
        raise UsageError(f"{args.target}: {exc}") from None
    for difference in differences:
        print(difference)
    if differences:
        return 1
    print(f"{args.target}: the pages agree with {catalogue.path}")
    return 0


def _lint(args: argparse.Namespace) -> int:
    from .checks.lint import lint

    folder = Path(args.docs)
    if not folder.is_dir():
        raise UsageError(f"{args.docs}: no such folder")
    findings = lint(folder)
    for finding in findings:
        print(finding)
    return 1 if findings else 0


def _export(args: argparse.Namespace) -> int:
    from .render.data import catalogue_json, dumps, offer_catalogue

    catalogue = _catalogue(args.catalogue, args.date)
    data = catalogue_json(catalogue) if args.format == "json" else offer_catalogue(catalogue)
    print(dumps(data))
    return 0


def _render(args: argparse.Namespace) -> int:
    from .render.rst import render_rst
    from .render.text import Formatter

    catalogue = _catalogue(args.catalogue, args.date)
    if args.table is not None and not catalogue.group(args.table):
        groups = ", ".join(sorted({o.group for o in catalogue.offerings}))
        raise UsageError(f"--table {args.table}: no such group; groups: {groups}")
    print(render_rst(catalogue, Formatter(), args.table), end="")
    return 0


class _Parser(argparse.ArgumentParser):
    """An argument parser whose help is as wide as the terminal, measured without
    importing shutil: argparse makes a help formatter for every argument it adds, and
    that import was a twentieth of the start-up of ``offerings validate``."""

    def _get_formatter(self) -> argparse.HelpFormatter:
        try:
            columns = int(os.environ["COLUMNS"])
        except (KeyError, ValueError):
            try:
                columns = os.get_terminal_size(sys.__stdout__.fileno()).columns  # type: ignore[union-attr]
            except (AttributeError, ValueError, OSError):  # no terminal, or no stdout
                columns = 80
        return argparse.HelpFormatter(prog=self.prog, width=columns - 2)


def _parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="offerings", description="Check and use an offerings catalogue.")
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    # prog given: argparse would otherwise make a help formatter to find it
    commands = parser.add_subparsers(
        dest="command", required=True, metavar="COMMAND", prog=parser.prog
    )

    validate = commands.add_parser(
        "validate",
        help="report every error in a catalogue as PATH:LINE:COL: error: MESSAGE",
        description="Report every error in a catalogue, located; exit 1 if there is any.",
    )
    validate.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help=f"catalogue files, checked together (default: every {DEFAULT_CATALOGUES})",
    )
    validate.set_defaults(run=_validate)

    def with_catalogue(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--catalogue",
            action="append",
            metavar="PATH",
            help=f"a catalogue file; repeat for several (default: every {DEFAULT_CATALOGUES})",
        )
        command.add_argument(
            "--date",
            metavar="YYYY-MM-DD",
            help="use the prices in force on this date (default: today)",
        )

    check = commands.add_parser(
        "check",
        help="compare a built site or a published page with the catalogue",
        description=(
            "Read the generated tables and figures of a build folder or of the http(s) URL "
            "of a published page, and print each difference from the catalogue on one line."
        ),
    )
    check.add_argument("target", metavar="TARGET", help="a build folder or an http(s) URL")
    with_catalogue(check)
    check.set_defaults(run=_check)

    lint_ = commands.add_parser(
        "lint",
        help="find prices, e-mail addresses and clock times typed by hand into the docs",
        description=(
            "Report figures typed into the docs sources instead of taken from the catalogue. "
            "A line holding the marker 'offerings-lint: allow' is allowed."
        ),
    )
    lint_.add_argument(
        "docs", nargs="?", default=DEFAULT_DOCS, metavar="DOCS_DIR", help="the docs folder"
    )
    lint_.set_defaults(run=_lint)

    export = commands.add_parser(
        "export",
        help="print the resolved catalogue as JSON, or as schema.org JSON-LD",
    )
    export.add_argument(
        "--format",
        choices=("json", "jsonld"),
        default="json",
        help="json: the resolved catalogue (as offerings.json); jsonld: a schema.org OfferCatalog",
    )
    with_catalogue(export)
    export.set_defaults(run=_export)

    render = commands.add_parser(
        "render",
        help="print the catalogue tables as reStructuredText list-tables",
    )
    render.add_argument("--table", metavar="ID", help="only the table of this group")
    render.add_argument(
        "--format",
        choices=("rst",),
        default="rst",
        help="rst: reStructuredText list-tables, every catalogue value escaped",
    )
    with_catalogue(render)
    render.set_defaults(run=_render)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors and 0 on --help
        return int(exit_.code or 0)
    try:
        result: int = args.run(args)
    except UsageError as exc:
        print(f"offerings: error: {exc}", file=sys.stderr)
        return 2
    except SystemExit as exit_:
        return int(exit_.code or 0)
    return result


if __name__ == "__main__":
    sys.exit(main())
