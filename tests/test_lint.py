"""`offerings lint`: figures typed by hand into the docs are found, located and explained.

Every expected line and column below was counted by hand in the test text.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from conftest import CATALOGUE, LICENCES, build_page, build_site
from sphinx_offerings.checks.lint import lint_text
from sphinx_offerings.cli import main

ROOT = Path(__file__).resolve().parent.parent

PRICE_ADVICE = "take it from the catalogue with a role such as :offerings:price:`ID`"
EMAIL_ADVICE = "take it from the catalogue with a role such as :offerings:link:`CONTACT`"
TIME_ADVICE = "take it from the catalogue with a role such as :offerings:hours:`ID`"
# The same, on a MyST page.
MYST_PRICE_ADVICE = "take it from the catalogue with a role such as {offerings:price}`ID`"
MYST_EMAIL_ADVICE = "take it from the catalogue with a role such as {offerings:link}`CONTACT`"
MYST_TIME_ADVICE = "take it from the catalogue with a role such as {offerings:hours}`ID`"

# The advice of each kind of figure, in reStructuredText and in MyST.
ADVICE = {
    "price": (PRICE_ADVICE, MYST_PRICE_ADVICE),
    "e-mail address": (EMAIL_ADVICE, MYST_EMAIL_ADVICE),
    "clock time": (TIME_ADVICE, MYST_TIME_ADVICE),
    "hours range": (TIME_ADVICE, MYST_TIME_ADVICE),
    "coverage": (
        "take it from the catalogue with a role such as :offerings:coverage:`ID`",
        "take it from the catalogue with a role such as {offerings:coverage}`ID`",
    ),
    "duration": (
        "take it from the catalogue with a role such as :offerings:response:`ID`, "
        ":offerings:delivery:`ID` or :offerings:time:`ID.KEY`",
        "take it from the catalogue with a role such as {offerings:response}`ID`, "
        "{offerings:delivery}`ID` or {offerings:time}`ID.KEY`",
    ),
    "percentage": (
        "take it from the catalogue with a role such as :offerings:discount:`ID`",
        "take it from the catalogue with a role such as {offerings:discount}`ID`",
    ),
}
SYNTAX = {".rst": 0, ".md": 1}  # which advice each kind of source is given


@pytest.fixture(autouse=True)
def no_catalogue_found(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where no data/*.yaml is, so a test reads a catalogue only when it names one."""
    monkeypatch.chdir(tmp_path)


def write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def lint(folder: Path, capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, list[str]]:
    """Run `offerings lint FOLDER [OPTIONS]`: the exit code and the printed lines."""
    code = main(["lint", str(folder), *options])
    return code, capsys.readouterr().out.splitlines()


def locations(lines: list[str]) -> list[str]:
    """PATH:LINE:COL of each finding."""
    return [line.split(": error: ")[0] for line in lines]


def test_hand_typed_price_is_flagged(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = write(
        tmp_path,
        "purchase-options.rst",
        "Purchase Options\n================\n\nAfter-hours support costs $700 CAD per incident.\n",
    )
    code, lines = lint(tmp_path, capsys)
    assert code == 1
    assert lines == [f"{page}:4:27: error: hand-typed price '$700 CAD': {PRICE_ADVICE}"]


def test_shipped_docs_pass(capsys: pytest.CaptureFixture[str]) -> None:
    catalogues = ("--catalogue", str(CATALOGUE), "--catalogue", str(LICENCES))
    code, lines = lint(ROOT / "docs", capsys, *catalogues)
    assert lines == []
    assert code == 0


def test_the_seed_page_is_flagged_everywhere(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The hand-written page the catalogue replaced: every figure of it is found."""
    seed = ROOT / "tests" / "fixtures" / "seed" / "purchase-options.rst"
    page = write(tmp_path, "purchase-options.rst", seed.read_text("utf-8"))
    code, lines = lint(tmp_path, capsys)
    assert code == 1
    assert locations(lines) == [
        f"{page}:19:41",  # "submitted online. Response time will be " is 40 characters
        f"{page}:25:54",  # $350 CAD, in the table's Price column (col 54)
        f"{page}:25:114",  # the hours range, in the Business hours column (col 114)
        f"{page}:26:54",
        f"{page}:26:114",
        f"{page}:29:56",  # "...is available for $700 CAD per incident"
        f"{page}:46:31",  # "a support incident, typically 2 to 3 hours"
        f"{page}:48:54",  # "services are available during normal business hours: 7:00 PM"
        f"{page}:49:78",  # "Response time will be 8", "hours" on the next line
        f"{page}:53:25",  # ".. _Get Started: mailto:" is 24 characters
        f"{page}:54:31",  # ".. _the support team:  mailto:" is 30 characters
    ]
    # A figure that wraps is quoted on one line, its zone included.
    assert "'7:00 PM – 10:00 PM Eastern Time Zone'" in lines[7]
    assert "'8 hours'" in lines[8]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Prices: a sign before a number, with or without a space.
        ("Costs $700 today.", [(7, "price", "$700")]),
        ("Costs $ 700 today.", [(7, "price", "$ 700")]),
        ("Costs €350.50 today.", [(7, "price", "€350.50")]),
        ("Costs £1,200.", [(7, "price", "£1,200")]),
        ("Costs ¥1000.", [(7, "price", "¥1000")]),
        ("Costs CA$350 or US$399.", [(7, "price", "CA$350"), (17, "price", "US$399")]),
        # A number before a sign or an ISO 4217 code.
        ("Costs 350 € today.", [(7, "price", "350 €")]),
        ("Costs 700 CAD today.", [(7, "price", "700 CAD")]),
        ("Costs 399 USD.", [(7, "price", "399 USD")]),
        ("Costs 1,750.00 EUR.", [(7, "price", "1,750.00 EUR")]),
        # A sign and a code on one amount are one figure.
        ("Costs $350 CAD today.", [(7, "price", "$350 CAD")]),
        ("Costs $1750 CAD, $350 CAD.", [(7, "price", "$1750 CAD"), (18, "price", "$350 CAD")]),
        # E-mail addresses, also inside a mailto link.
        ("Write to support@example.com today.", [(10, "e-mail address", "support@example.com")]),
        (
            "Write to `us <mailto:support@example.com>`_.",
            [(22, "e-mail address", "support@example.com")],
        ),
        # A code before a number, a number before a currency's name, any case.
        ("Costs EUR 1500 a year.", [(7, "price", "EUR 1500")]),
        ("Costs USD 300.", [(7, "price", "USD 300")]),
        ("Costs 1.500,00 € a year.", [(7, "price", "1.500,00 €")]),
        (
            "Costs 300 dollars, 300 Euros or 5 Swiss francs.",
            [
                (7, "price", "300 dollars"),
                (20, "price", "300 Euros"),
                (33, "price", "5 Swiss francs"),
            ],
        ),
        ("Costs 1 pound or 90 yen.", [(7, "price", "1 pound"), (18, "price", "90 yen")]),
        # A range of money with thousands and a unit is one price.
        ("Earns $120-200k/year.", [(7, "price", "$120-200k/year")]),
        # Percentages.
        ("A 10% discount.", [(3, "percentage", "10%")]),
        ("A 10 % discount.", [(3, "percentage", "10 %")]),
        ("A 10 percent discount.", [(3, "percentage", "10 percent")]),
        # Coverage.
        ("Support 8x5 or 24x7.", [(9, "coverage", "8x5"), (16, "coverage", "24x7")]),
        ("Support 24/7.", [(9, "coverage", "24/7")]),
        # Durations, a range of them whole.
        ("A 24-hour line.", [(3, "duration", "24-hour")]),
        ("Answered in 24 hours.", [(13, "duration", "24 hours")]),
        ("Delivered in 7 business days.", [(14, "duration", "7 business days")]),
        ("Answered the next business day.", [(14, "duration", "next business day")]),
        ("Answered in 2 to 8 hours.", [(13, "duration", "2 to 8 hours")]),
        ("Answered between 2 and 8 hours.", [(10, "duration", "between 2 and 8 hours")]),
        # Hours ranges, with their zone.
        ("Open 9-5 EST daily.", [(6, "hours range", "9-5 EST")]),
        ("Open 9am-5pm daily.", [(6, "hours range", "9am-5pm")]),
        ("Open 9:00–17:00 daily.", [(6, "hours range", "9:00–17:00")]),
        ("Open 19:00 to 23:59.", [(6, "hours range", "19:00 to 23:59")]),
        ("Open 7:00 PM – 10:00 PM.", [(6, "hours range", "7:00 PM – 10:00 PM")]),
        # Clock times.
        ("Open 7:00 daily.", [(6, "clock time", "7:00")]),
        ("Open 7:00 PM daily.", [(6, "clock time", "7:00 PM")]),
        ("Open 10:00 a.m. daily.", [(6, "clock time", "10:00 a.m.")]),
        ("Open 7 PM daily.", [(6, "clock time", "7 PM")]),
        ("Open 7pm daily.", [(6, "clock time", "7pm")]),
        ("Open 7 p.m. daily.", [(6, "clock time", "7 p.m.")]),
    ],
)
@pytest.mark.parametrize("suffix", [".rst", ".md"])
def test_each_kind_of_figure_is_flagged(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    suffix: str,
    text: str,
    expected: list[tuple[int, str, str]],
) -> None:
    """In each syntax, with the advice written in it ("Title" over "=====" is a heading in both)."""
    page = write(tmp_path, f"page{suffix}", f"Title\n=====\n\n{text}\n")
    code, lines = lint(tmp_path, capsys)
    assert code == 1
    assert lines == [
        f"{page}:4:{column}: error: hand-typed {kind} {figure!r}: {ADVICE[kind][SYNTAX[suffix]]}"
        for column, kind, figure in expected
    ]


def test_each_message_names_the_role_to_use(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = write(tmp_path, "page.md", "Costs 5 EUR.\nMail a@b.org\nAt 9 AM\n")
    _, lines = lint(tmp_path, capsys)
    assert lines == [
        f"{page}:1:7: error: hand-typed price '5 EUR': {MYST_PRICE_ADVICE}",
        f"{page}:2:6: error: hand-typed e-mail address 'a@b.org': {MYST_EMAIL_ADVICE}",
        f"{page}:3:4: error: hand-typed clock time '9 AM': {MYST_TIME_ADVICE}",
    ]


def test_a_figure_may_wrap_where_words_part(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = write(
        tmp_path,
        "page.rst",
        "Title\n=====\n\nAnswered between 2 and\n8 hours, for 300\ndollars; $700\nCAD.\n",
    )
    _, lines = lint(tmp_path, capsys)
    assert [line.split(": ")[:3] for line in lines] == [
        [f"{page}:4:10", "error", "hand-typed duration 'between 2 and 8 hours'"],
        [f"{page}:5:14", "error", "hand-typed price '300 dollars'"],
        # a sign or code sits beside its number: "$700" ends its line
        [f"{page}:6:10", "error", "hand-typed price '$700'"],
    ]


@pytest.mark.parametrize(
    "text",
    [
        'A single "pay-per-incident" (5 PPI) contract.',  # PPI is no ISO 4217 code
        "See the 2 FAQ entries.",
        "Costs 25 cad.",  # codes are upper case
        "ALL 5 options, TOP 10, PHP 8.2.",  # codes that are words are no price before a number
        "Requires version 1.2 or Python 3.11, see chapter 5 and section 3.2.1.",
        "The ratio 16:9 and the scale 1:100.",  # minutes have two digits; 100 is no minute
        "Hours 24:00 and 7:60 do not exist.",
        "We have 13 PMs.",
        "Set $PATH, or user@localhost.",
        "See purchase-options.rst:12:30 and 2024-05-01T10:00.",  # a location, a timestamp
        "In 7 ampoules.",
        "Released 2027-01-01, valid until 2027-12-31 UTC.",  # no 01-01 UTC hours range
        "Screens of 1920x1080 or 3840×2160, and 16x9 tiles.",  # no coverage: days 1 to 7
        "HTTP 404 and HTTP 503, or 5 % 3 in Python.",
        "Rated 4/5 on 12/5, pages 9-15, a score of 3-2.",
        "Notice is given 30 days ahead; logs are kept 2 weeks, jobs take 5 minutes.",
        "Use 2 real numbers and 3 question marks.",
    ],
)
@pytest.mark.parametrize("suffix", [".rst", ".md"])
def test_non_figures_are_not_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], suffix: str, text: str
) -> None:
    write(tmp_path, f"page{suffix}", f"{text}\n")
    assert lint(tmp_path, capsys) == (0, [])


def test_sizes_are_markup(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path, "page.rst", ".. image:: a.png\n   :width: 50%\n   :scale: 50 %\n")
    write(tmp_path, "page.md", "```{image} a.png\n:height: 50%\n```\n")
    write(tmp_path, "page.html", '<img width="50%" style="max-width: 80%">\n')
    assert lint(tmp_path, capsys) == (0, [])


def test_a_catalogue_amount_after_price_wording_is_flagged(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The shipped catalogue's amounts are 350 (single incident, advisory), 1750 (five-pack)
    and 700 (after-hours, twice the single incident)."""
    page = write(
        tmp_path,
        "page.rst",
        "It costs 350 per incident.\n"
        "Five are for 1,750.\n"
        "After hours, PAY 700 a time.\n"
        "It costs 351, for 350 developers, for 1750 users; version 350, chapter 700.\n",
    )
    code, lines = lint(tmp_path, capsys, "--catalogue", str(CATALOGUE))
    assert code == 1
    assert lines == [
        f"{page}:1:10: error: hand-typed price '350': {PRICE_ADVICE}",
        f"{page}:2:14: error: hand-typed price '1,750': {PRICE_ADVICE}",
        f"{page}:3:18: error: hand-typed price '700': {PRICE_ADVICE}",
    ]


def test_every_amount_of_the_catalogue_counts(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The figures test's catalogue states 35 and 40 EUR a seat as volume breaks and about
    540 USD as an approximation."""
    page = write(tmp_path, "page.rst", "Seats cost 35 each.\nRoughly priced at 540.\n")
    catalogue = ROOT / "tests" / "roots" / "test-figures" / "catalogue.yaml"
    code, lines = lint(tmp_path, capsys, "--catalogue", str(catalogue))
    assert code == 1
    assert locations(lines) == [f"{page}:1:12", f"{page}:2:19"]


@pytest.mark.parametrize(
    "text",
    [
        "Requires Python 3.11.",
        "See chapter 5, section 3.2.1, HTTP 404.",
        "Released on 2027-01-01.",
        "Support for Python 3.11 and for 5 in a row.",  # a word after the number
        "Wait for 350 developers, or for 30 days.",
        "Costs rose in 2027.",  # not right after the price wording
    ],
)
def test_catalogue_amounts_need_price_wording(text: str) -> None:
    """Even a catalogue stating every number of the text: none is after price wording."""
    amounts = {Decimal(n) for n in ("3.11", "5", "3.2", "404", "2027", "350", "30", "1", "11")}
    assert lint_text(f"{text}\n", "page.rst", amounts) == []


def test_the_catalogue_is_found_as_the_other_commands_find_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    docs = tmp_path / "docs"
    page = write(docs, "page.rst", "It costs 350.\n")
    assert lint(docs, capsys) == (0, [])  # no data/*.yaml: the notations alone
    write(tmp_path, "data/offerings.yaml", CATALOGUE.read_text("utf-8"))
    assert lint(docs, capsys) == (
        1,
        [f"{page}:1:10: error: hand-typed price '350': {PRICE_ADVICE}"],
    )
    assert main(["lint", str(docs), "--catalogue", str(tmp_path / "missing.yaml")]) == 2
    assert "missing.yaml: no such catalogue file" in capsys.readouterr().err


def test_offerings_role_text_is_skipped(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rst = write(
        tmp_path,
        "page.rst",
        "Write to :offerings:link:`Mail support@example.com at 7 PM <support>` now.\n"
        "Costs :offerings:price:`$700 CAD` or $5.\n"
        "A role over two lines, :offerings:field:`$700\n"
        "CAD per 19:00` ends here.\n"
        "Other roles are scanned: :guilabel:`$5`.\n",
    )
    md = write(tmp_path, "page.md", "Costs {offerings:price}`$700 CAD`, not $9.\n")
    code, lines = lint(tmp_path, capsys)
    assert code == 1
    assert locations(lines) == [
        f"{md}:1:40",  # the figure after the MyST role
        f"{rst}:2:38",  # the figure after the role is still found, at its column
        f"{rst}:5:37",  # :guilabel: is not an offerings role
    ]


def test_allow_marker_on_the_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    md = write(
        tmp_path,
        "page.md",
        "Example: $700 CAD <!-- offerings-lint: allow -->\nNot this one: $800.\n",
    )
    rst = write(
        tmp_path,
        "page.rst",
        ".. code-block:: text\n\n   price: $700 CAD  # offerings-lint: allow\n   price: $800\n",
    )
    code, lines = lint(tmp_path, capsys)
    assert code == 1
    assert locations(lines) == [f"{md}:2:15", f"{rst}:4:11"]


def test_allow_next_line_comment(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    page = write(
        tmp_path,
        "page.rst",
        ".. offerings-lint: allow-next-line\n"
        "\n"
        "An example price: $700 CAD,\n"
        "and $800 on the next line.\n"
        "\n"
        ".. offerings-lint: allow-next-line\n"
        "At 7 PM.\n"
        "At 8 PM.\n",
    )
    code, lines = lint(tmp_path, capsys)
    assert code == 1
    # Only the first non-blank line after each marker is allowed.
    assert locations(lines) == [f"{page}:4:5", f"{page}:8:4"]


def test_allow_comment_before_a_paragraph(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The paragraph after the comment, every line of it; a comment of the other syntax is
    text on the page, and allows only its own line."""
    rst = write(
        tmp_path,
        "page.rst",
        ".. offerings-lint: allow\n"
        "\n"
        "Example: $700 CAD,\n"
        "at 7 PM and 10% off.\n"
        "\n"
        "Not this: $800.\n"
        "\n"
        "% offerings-lint: allow\n"
        "\n"
        "Nor this: $900.\n",
    )
    md = write(
        tmp_path,
        "page.md",
        "% offerings-lint: allow\n"
        "Example: $700 CAD,\n"
        "at 7 PM.\n"
        "\n"
        "Not this: $800.\n"
        "\n"
        "% offerings-lint: allow\n"
        "\n"
        "Example: $1 and\n"
        "$2.\n"
        "\n"
        ".. offerings-lint: allow\n"
        "\n"
        "Nor this: $900.\n",
    )
    code, lines = lint(tmp_path, capsys)
    assert code == 1
    assert locations(lines) == [f"{md}:5:11", f"{md}:14:11", f"{rst}:6:11", f"{rst}:10:11"]


def test_allow_comment_before_a_block(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Before a directive or a "::" paragraph, the comment allows the block indented under
    it, blank lines included; before a MyST fence, the fenced block."""
    rst = write(
        tmp_path,
        "page.rst",
        ".. offerings-lint: allow\n"
        "\n"
        ".. code-block:: yaml\n"
        "   :caption: catalogue.yaml\n"
        "\n"
        "   price: {amount: 350, currency: CAD}  # $350 CAD\n"
        "\n"
        "   coverage: 24x7\n"
        "\n"
        "After it: $800.\n"
        "\n"
        ".. offerings-lint: allow\n"
        "\n"
        "For example::\n"
        "\n"
        "    $1 CAD\n"
        "\n"
        "    8x5\n"
        "Then $900.\n",
    )
    md = write(
        tmp_path,
        "page.md",
        "% offerings-lint: allow\n"
        "```yaml\n"
        "price: $350 CAD\n"
        "\n"
        "coverage: 24x7\n"
        "```\n"
        "After it: $800.\n",
    )
    code, lines = lint(tmp_path, capsys)
    assert code == 1
    assert locations(lines) == [f"{md}:7:11", f"{rst}:10:11", f"{rst}:19:6"]


def test_eval_rst_blocks_are_restructuredtext(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """In a MyST {eval-rst} block the advice, roles and allow comment are reStructuredText's."""
    page = write(
        tmp_path,
        "page.md",
        "Costs $5.\n"
        "```{eval-rst}\n"
        "Costs $6, not :offerings:price:`$7`.\n"
        ".. offerings-lint: allow\n"
        "\n"
        "Costs $8.\n"
        "```\n"
        "% offerings-lint: allow\n"
        "Costs $9,\n"
        "and $10.\n"
        "\n"
        "Costs $11.\n",
    )
    _, lines = lint(tmp_path, capsys)
    assert lines == [
        f"{page}:1:7: error: hand-typed price '$5': {MYST_PRICE_ADVICE}",
        f"{page}:3:7: error: hand-typed price '$6': {PRICE_ADVICE}",
        f"{page}:12:7: error: hand-typed price '$11': {MYST_PRICE_ADVICE}",
    ]


def test_the_allow_comment_never_shows_on_the_page(tmp_path: Path) -> None:
    page = "Title\n=====\n\n.. offerings-lint: allow\n\nAn example: $700 CAD,\nat 7 PM.\n\nAfter.\n"
    site, source = build_page(tmp_path, page)
    assert site.status == 0, site.warnings
    assert main(["lint", str(source.parent)]) == 0
    html = (site.out / "index.html").read_text("utf-8")
    assert "offerings-lint" not in html  # neither as text nor as an HTML comment
    assert "An example: $700 CAD,\nat 7 PM." in html


def test_the_myst_allow_comment_never_shows_on_the_page(tmp_path: Path) -> None:
    pytest.importorskip("myst_parser")
    src = tmp_path / "src"
    write(src, "conf.py", "extensions = ['myst_parser']\n")
    write(src, "index.md", "# Title\n\n% offerings-lint: allow\nAn example: $700 CAD.\n")
    assert main(["lint", str(src)]) == 0
    site = build_site(tmp_path / "build", srcdir=src, confdir=src)
    assert site.status == 0, site.warnings
    html = (site.out / "index.html").read_text("utf-8")
    assert "offerings-lint" not in html
    assert "An example: $700 CAD." in html


def test_build_output_hidden_folders_and_other_files_are_skipped(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path, "index.rst", "Nothing to see.\n")
    write(tmp_path, "_build/html/index.html", "<p>$700 CAD</p>\n")
    write(tmp_path, "guide/_build/page.rst", "$700 CAD\n")
    write(tmp_path, ".cache/page.md", "$700 CAD\n")
    write(tmp_path, "conf.py", "PRICE = '$700 CAD'\n")
    write(tmp_path, "data.yaml", "price: $700 CAD\n")
    found = write(tmp_path, "guide/deep/notes.txt", "$1\n")
    assert lint(tmp_path, capsys) == (
        1,
        [f"{found}:1:1: error: hand-typed price '$1': {PRICE_ADVICE}"],
    )


def test_findings_are_sorted_by_path_line_and_column(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    b = write(tmp_path, "b.rst", "$1 and $2\n$3\n")
    a_md = write(tmp_path, "a.md", "$4\n")
    a_html = write(tmp_path, "a/z.html", "$5\n")
    code, lines = lint(tmp_path, capsys)
    assert code == 1
    # Folder by folder: a/z.html comes before a.md.
    assert locations(lines) == [f"{a_html}:1:1", f"{a_md}:1:1", f"{b}:1:1", f"{b}:1:8", f"{b}:2:1"]


def test_line_endings_and_byte_order_mark(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    crlf = tmp_path / "crlf.rst"
    crlf.write_bytes(b"Title\r\n\r\nCosts $5.\r\n")
    cr = tmp_path / "cr.rst"  # old Mac line ends: a lone CR ends a line too
    cr.write_bytes(b"Title\r\rCosts $7.\r")
    bom = tmp_path / "bom.rst"
    bom.write_bytes("\ufeffCosts $6.\n".encode())
    _, lines = lint(tmp_path, capsys)
    assert locations(lines) == [f"{bom}:1:7", f"{cr}:3:7", f"{crlf}:3:7"]


def test_a_file_that_is_not_utf8_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.rst"
    page.write_bytes(b"Caf\xe9 menu\n")
    code, lines = lint(tmp_path, capsys)
    assert code == 1
    assert len(lines) == 1
    assert lines[0].startswith(f"{page}:1:1: error: not UTF-8")


def test_a_missing_folder_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["lint", str(tmp_path / "missing")]) == 2
    assert "no such folder" in capsys.readouterr().err
    page = write(tmp_path, "page.rst", "$700\n")
    assert main(["lint", str(page)]) == 2
