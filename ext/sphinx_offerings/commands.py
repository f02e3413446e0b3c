"""The ``offerings`` command's arguments: read by the command, and by the reference page."""

from __future__ import annotations

import argparse

from . import __version__

#: Where the catalogues are looked for when no site (conf.py) is found and none is named.
DEFAULT_CATALOGUES = "data/*.yaml"
_FROM_SITE = (
    "the site's offerings_catalogue, read from its conf.py; without a conf.py, every "
    f"{DEFAULT_CATALOGUES}"
)


def _given(text: str) -> str:
    """A path, URL, date or name as given: an empty one names nothing (and ``Path("")``
    would be the current folder)."""
    if not text:
        raise argparse.ArgumentTypeError("empty: give a value")
    return text


def _with_site(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--conf-dir",
        type=_given,
        metavar="DIR",
        help="the folder of the site's conf.py, whose offerings_catalogue, offerings_date, "
        "language, price format and source folder are used (default: the nearest conf.py "
        "at or above the current folder, else one in its source/ or docs/)",
    )


#: `offerings check URL`: the whole request's seconds by default, the largest page, and
#: the most redirects followed.
CHECK_TIMEOUT = 30.0
CHECK_MAX_BYTES = 10 * 1024 * 1024
CHECK_REDIRECTS = 5
_LONGEST_TIMEOUT = 86_400.0  # a day: more does not fit every platform's socket timeout


def _seconds(text: str) -> float:
    try:
        seconds = float(text)
    except ValueError:
        seconds = 0.0
    if not 0 < seconds <= _LONGEST_TIMEOUT:  # NaN too
        raise argparse.ArgumentTypeError(
            f"{text!r}: give seconds above 0, at most {_LONGEST_TIMEOUT:g}"
        )
    return seconds


def _with_timeout(command: argparse.ArgumentParser, what: str) -> None:
    command.add_argument(
        "--timeout",
        type=_seconds,
        default=CHECK_TIMEOUT,
        metavar="SECONDS",
        help=f"the seconds {what}",
    )


DIFF_FORMATS = ("text", "markdown", "json")
DIFF_RULES = ("any", "price-increase", "price-decrease", "removed", "currency", "schedule")


def build_parser() -> argparse.ArgumentParser:
    """The parser of the ``offerings`` command; each sub-command's name is ``command``."""
    parser = argparse.ArgumentParser(
        prog="offerings", description="Check and use an offerings catalogue."
    )
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
        type=_given,
        metavar="PATH",
        help=f"catalogue files, checked together (default: {_FROM_SITE})",
    )
    _with_site(validate)

    def with_catalogue(command: argparse.ArgumentParser) -> None:
        command.add_argument(
            "--catalogue",
            action="append",
            type=_given,
            metavar="PATH",
            help=f"a catalogue file; repeat for several (default: {_FROM_SITE})",
        )
        command.add_argument(
            "--date",
            type=_given,
            metavar="YYYY-MM-DD",
            help="use the prices in force on this date (default: the site's offerings_date, "
            "else today)",
        )
        _with_site(command)

    check = commands.add_parser(
        "check",
        help="compare a built site or a published page with the catalogue",
        description=(
            "Read the generated tables and figures of a build folder or of the http(s) URL "
            "of a published page, and print each difference from the catalogue on one line. "
            f"A URL is read in {CHECK_TIMEOUT:g} seconds at the most (or SECONDS), "
            f"redirects included (http(s) only, {CHECK_REDIRECTS} at the most), and up to "
            f"{CHECK_MAX_BYTES // 1024 // 1024} MiB. Exit 1 when a page differs, or when a "
            "page of the folder cannot be read (PATH: error: WHAT, on stderr; the others are "
            "checked); exit 2 when the target cannot be read at all "
            "(offerings check: error: TARGET: WHAT)."
        ),
    )
    check.add_argument(
        "target", type=_given, metavar="TARGET", help="a build folder or an http(s) URL"
    )
    _with_timeout(check, "a URL may take in all: connecting, redirects, headers and body")
    with_catalogue(check)

    lint = commands.add_parser(
        "lint",
        help="find prices, hours, durations, e-mail addresses and other figures typed by hand "
        "into the docs",
        description=(
            "Report figures typed into the docs sources instead of taken from the catalogue. "
            "With a catalogue (by default the site's, if there is one), also a bare "
            "number after price wording that is one of its amounts. A line holding the marker "
            "'offerings-lint: allow' is allowed, and so is the paragraph after that marker "
            "alone in a comment."
        ),
    )
    lint.add_argument(
        "docs",
        nargs="?",
        type=_given,
        metavar="DOCS_DIR",
        help="the docs folder (default: the site's source folder, that of its root page)",
    )
    with_catalogue(lint)

    export = commands.add_parser(
        "export", help="print the resolved catalogue as JSON, or as schema.org JSON-LD"
    )
    export.add_argument(
        "--format",
        choices=("json", "jsonld", "schema"),
        default="json",
        help="json: the resolved catalogue (as offerings.json); jsonld: a schema.org "
        "OfferCatalog; schema: the catalogue's JSON Schema, for an editor",
    )
    with_catalogue(export)

    render = commands.add_parser(
        "render", help="print the catalogue tables as reStructuredText list-tables"
    )
    render.add_argument("--table", type=_given, metavar="ID", help="only the table of this group")
    render.add_argument(
        "--format",
        choices=("rst",),
        default="rst",
        help="rst: reStructuredText list-tables, every catalogue value escaped",
    )
    with_catalogue(render)

    diff = commands.add_parser(
        "diff",
        help="list what readers will see change between two versions of the site",
        description=(
            "List what readers will see change from OLD to NEW, offering by offering and "
            "figure by figure: prices (derived ones included), announced changes added, "
            "moved or withdrawn, offerings added and removed, and figures that change only "
            "in wording (another price format or language). Each side is read with its own "
            "site's settings (conf.py). It exits 1 when a change matches a fail-on RULE or a "
            "side's catalogue is invalid, and 2 when a side cannot be read (an unknown "
            "revision, a URL that fails)."
        ),
    )
    side = (
        "a git revision (main, HEAD~1, a tag), a catalogue file, a site's folder (conf.py), "
        "a build folder or its offerings.json, or the http(s) URL of a published site or page"
    )
    diff.add_argument(
        "old",
        nargs="?",
        type=_given,
        metavar="OLD",
        help=f"{side} (default: the merge base of HEAD with the default branch)",
    )
    diff.add_argument(
        "new", nargs="?", type=_given, metavar="NEW", help="as OLD (default: the working tree)"
    )
    diff.add_argument(
        "--format",
        choices=DIFF_FORMATS,
        default="text",
        help="text: a line per change; markdown: a table, for a pull request comment or a "
        "GitHub job summary; json: the changes as data",
    )
    diff.add_argument(
        "--fail-on",
        action="append",
        choices=DIFF_RULES,
        metavar="RULE",
        help="exit 1 if a change matches RULE (repeat for several): any change; "
        "price-increase or price-decrease, of a price in force in its currency; removed, "
        "an offering or a figure of one; currency, a price in another currency; schedule, "
        "an announced price change added, moved, withdrawn or in force",
    )
    diff.add_argument(
        "--date",
        type=_given,
        metavar="YYYY-MM-DD",
        help="read catalogues with the prices in force on this date (default: each site's "
        "offerings_date, else today); a build states the prices of its own date",
    )
    _with_timeout(
        diff,
        "a side read from a URL may take in all, its page and its offerings.json: "
        "connecting, redirects, headers and bodies",
    )
    return parser
