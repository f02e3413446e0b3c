"""The ``offerings`` command: check a catalogue without building the site.

Exit codes: 0 all good, 1 the catalogue (or the site) has problems, 2 usage error.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from . import __version__
from .errors import CatalogueInvalid

DEFAULT_CATALOGUE = "data/offerings.yaml"


def _validate(args: argparse.Namespace) -> int:
    from .validate import read_catalogue

    if not Path(args.path).is_file():
        print(f"offerings: error: {args.path}: no such catalogue file", file=sys.stderr)
        return 2
    try:
        catalogue = read_catalogue(args.path)
    except CatalogueInvalid as invalid:
        for error in invalid.errors:
            print(error, file=sys.stderr)
        count = len(invalid.errors)
        print(f"{args.path}: {count} error{'s' if count != 1 else ''}", file=sys.stderr)
        return 1
    print(f"{args.path}: valid, {len(catalogue.offerings)} offerings")
    return 0


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="offerings", description="Check and use an offerings catalogue."
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    validate = commands.add_parser(
        "validate",
        help="report every error in a catalogue as PATH:LINE:COL: error: MESSAGE",
        description="Report every error in a catalogue, located; exit 1 if there is any.",
    )
    validate.add_argument(
        "path", nargs="?", default=DEFAULT_CATALOGUE, metavar="PATH", help="the catalogue file"
    )
    validate.set_defaults(run=_validate)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exit_:  # argparse exits 2 on usage errors and 0 on --help
        return int(exit_.code or 0)
    result: int = args.run(args)
    return result


if __name__ == "__main__":
    sys.exit(main())
