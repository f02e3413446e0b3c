"""How fast a catalogue page builds, against the other ways to write the same table.

Generates catalogues of several sizes and builds one page from each, in one run and
alternating: with this extension, as a hand-written RST list-table, as a csv-table,
with sphinxcontrib-datatemplates (when it installs) and as an empty page (the floor).
Each build is a whole ``sphinx-build -E -b html`` process with the rtd theme; each
figure is a median, and each ratio the median of ratios taken round by round.

Then: a 200-page site where two pages use the catalogue (a full build against the
rebuild after a catalogue edit), and the cold start of the ``offerings`` commands
against ``python -c "import yaml"``.

    make bench                          # writes bench/RESULTS.md
    .venv/bin/python bench/bench.py --quick --out /tmp/results.md
"""

from __future__ import annotations

import argparse
import datetime
import importlib.metadata
import os
import platform
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Mapping, Sequence, Set
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DATE = "2026-11-27"  # prices as in force on this day, whatever day the benchmark runs
#: A catalogue file may hold at most 1 MiB: large catalogues are split into files.
PER_FILE = 2000
EXTENSION, LIST_TABLE, CSV_TABLE, DATATEMPLATES, EMPTY = (
    "extension",
    "list-table",
    "csv-table",
    "datatemplates",
    "empty page",
)
BASELINE = LIST_TABLE
LARGE = 10_000
HEADERS = ("Contract Types", "Price", "To Purchase", "Business hours", "To submit incident")


@dataclass
class Run:
    seconds: float
    peak_kib: int
    round: int = 0


@dataclass
class Series:
    runs: dict[str, list[Run]] = field(default_factory=dict)

    def add(self, name: str, run: Run, round_: int) -> None:
        run.round = round_
        self.runs.setdefault(name, []).append(run)

    def median(self, name: str) -> float:
        return statistics.median(r.seconds for r in self.runs[name])

    def peak_mib(self, name: str) -> float:
        return max(r.peak_kib for r in self.runs[name]) / 1024

    def ratio(self, name: str, baseline: str = BASELINE) -> float:
        """The median of the ratios of runs made in the same round."""
        base = {run.round: run.seconds for run in self.runs[baseline]}
        return statistics.median(
            run.seconds / base[run.round] for run in self.runs[name] if run.round in base
        )


#: Children write bytecode, as Python does by default, so that only the first run of a
#: module compiles it (a warm-up run, not counted, makes it).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
#: GNU time reports the peak memory of the process it runs alone; the process's own
#: rusage, read here, would include this (larger) process, which it starts as a copy.
TIME = shutil.which("time", path="/usr/bin:/bin")


def run(argv: Sequence[str], cwd: Path | None = None) -> Run:
    """Wall time and peak memory of one process; it must succeed."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        command = [TIME, "-f", "%M", "-o", rss.name, *argv] if TIME else list(argv)
        start = time.perf_counter()
        process = subprocess.run(
            command,
            check=False,
            cwd=cwd,
            env=ENV,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
        )
        seconds = time.perf_counter() - start
        if process.returncode != 0:
            raise RuntimeError(f"{' '.join(map(str, argv))} failed:\n{process.stderr.decode()}")
        peak = int(rss.read().split()[-1]) if TIME else 0
    return Run(seconds, peak)


def sphinx_build(project: Path, *options: str) -> Run:
    """A whole ``sphinx-build`` process over a project's ``src`` into its ``html``."""
    argv = [sys.executable, "-m", "sphinx", "-b", "html", "-q", *options]
    argv += ["-d", str(project / "doctrees"), str(project / "src"), str(project / "html")]
    return run(argv)


def fresh_build(project: Path) -> Run:
    shutil.rmtree(project / "html", ignore_errors=True)
    shutil.rmtree(project / "doctrees", ignore_errors=True)
    return sphinx_build(project, "-E")


# -- catalogues ----------------------------------------------------------------------


def offering_yaml(index: int) -> str:
    """One offering; the kinds of price and purchase vary as in a real price list."""
    lines = [
        f"  - id: item-{index:05d}",
        "    group: resale",
        f"    name: Reseller item {index}",
    ]
    amount = 100 + index % 900
    if index % 3 == 1:
        lines.append(f"    price: {{amount: {amount}.50, per: developer, tax: excluded}}")
    else:
        lines += [f"    price: {amount}", "    incidents: 1"]
    if index % 4 == 2:
        lines.append("    purchase: {channel: mailto, contact: sales}")
    elif index % 4 == 3:
        lines.append(
            f"    purchase: {{channel: checkout, url: https://shop.example.com/item-{index:05d}}}"
        )
    else:
        lines.append("    purchase: {channel: contact, contact: support}")
    lines += ["    service_level: standard", "    submit: {contact: support, label: Get Started}"]
    return "\n".join(lines) + "\n"


CATALOGUE_HEAD = """\
currency: CAD

contacts:
  support: {email: support@example.com, label: the support team}
  sales: {email: sales@example.com, label: the sales team}

hours:
  evening:
    days: [monday, tuesday, wednesday, thursday, friday]
    start: "19:00"
    end: "22:00"
    time_zone: America/Toronto
    public_holidays: excluded

service_levels:
  standard:
    hours: evening
    response_time: {min: 2, max: 8, unit: hours}
"""


def write_catalogue(folder: Path, size: int) -> list[Path]:
    """``size`` offerings in files of at most PER_FILE offerings each."""
    folder.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    for first in range(1, size + 1, PER_FILE):
        path = folder / f"catalogue-{len(paths) + 1}.yaml"
        head = CATALOGUE_HEAD if not paths else "currency: CAD\n"
        items = range(first, min(first + PER_FILE, size + 1))
        path.write_text(head + "\nofferings:\n" + "".join(map(offering_yaml, items)), "utf-8")
        paths.append(path)
    return paths


def table_cells(paths: list[Path]) -> list[list[str]]:
    """The table the extension shows, one RST cell per column, as a person would type it."""
    from docutils import nodes

    from sphinx_offerings.pipeline import read_catalogue
    from sphinx_offerings.render.figures import COLUMNS, DEFAULT_COLUMNS
    from sphinx_offerings.render.nodes import offerings_table
    from sphinx_offerings.render.text import Formatter

    catalogue = read_catalogue(paths, datetime.date.fromisoformat(DATE))
    columns = [COLUMNS[key] for key in DEFAULT_COLUMNS]
    table = offerings_table(catalogue.offerings, Formatter(), columns)

    def cell(node: nodes.Node) -> str:
        if isinstance(node, nodes.Text):
            return node.astext()
        if isinstance(node, nodes.reference):
            return f"`{node.astext()} <{node['refuri']}>`__"
        assert isinstance(node, nodes.Element)
        return "".join(cell(child) for child in node.children)

    body = next(table.findall(nodes.tbody))
    return [[" ".join(cell(entry).split()) for entry in row.children] for row in body.children]


# -- the pages -----------------------------------------------------------------------

CONF = """\
project = "Benchmark"
html_theme = "sphinx_rtd_theme"
extensions = {extensions!r}
"""
TITLE = "Catalogue\n=========\n\nEverything for sale.\n\n"


def extension_page(paths: list[Path]) -> tuple[str, str]:
    conf = CONF.format(extensions=["sphinx_offerings"])
    conf += f"offerings_catalogue = {[str(p) for p in paths]!r}\nofferings_date = {DATE!r}\n"
    return conf, TITLE + ".. offerings:table::\n"


def list_table_page(cells: list[list[str]]) -> tuple[str, str]:
    lines = [".. list-table::", "   :header-rows: 1", "   :class: offerings-table", ""]
    for row in [list(HEADERS), *cells]:
        lines += [f"   {'* -' if i == 0 else '  -'} {text}" for i, text in enumerate(row)]
    return CONF.format(extensions=[]), TITLE + "\n".join(lines) + "\n"


def csv_table_page(cells: list[list[str]]) -> tuple[str, str]:
    def csv(row: list[str]) -> str:
        return ", ".join('"' + text.replace('"', '""') + '"' for text in row)

    lines = [".. csv-table::", "   :header-rows: 1", "   :class: offerings-table", ""]
    lines += [f"   {csv(row)}" for row in [list(HEADERS), *cells]]
    return CONF.format(extensions=[]), TITLE + "\n".join(lines) + "\n"


DATATEMPLATE = """\
.. list-table::
   :header-rows: 1
   :class: offerings-table

   * - {{ data.headers | join("\\n     - ") }}
{% for row in data.rows %}
   * - {{ row | join("\\n     - ") }}
{% endfor %}
"""


def datatemplates_page(cells: list[list[str]], project: Path) -> tuple[str, str]:
    import yaml

    src = project / "src"
    (src / "_templates").mkdir(parents=True, exist_ok=True)
    (src / "_templates" / "table.tmpl").write_text(DATATEMPLATE, "utf-8")
    data = {"headers": list(HEADERS), "rows": cells}
    (src / "rows.yaml").write_text(yaml.safe_dump(data, allow_unicode=True), "utf-8")
    conf = f"import sys\nsys.path.insert(0, {str(DEPS)!r})\n"
    conf += CONF.format(extensions=["sphinxcontrib.datatemplates"])
    conf += 'templates_path = ["_templates"]\n'
    return conf, TITLE + ".. datatemplate:yaml:: rows.yaml\n   :template: table.tmpl\n"


def empty_page() -> tuple[str, str]:
    return CONF.format(extensions=[]), TITLE


#: The table's page is not the root document: a theme's sidebar would re-walk the root
#: document's whole doctree for every page it writes, as it would any big root page.
INDEX = "Benchmark\n=========\n\n.. toctree::\n\n   catalogue\n"


def make_project(folder: Path, conf: str, page: str) -> Path:
    src = folder / "src"
    src.mkdir(parents=True, exist_ok=True)
    (src / "conf.py").write_text(conf, "utf-8")
    (src / "index.rst").write_text(INDEX, "utf-8")
    (src / "catalogue.rst").write_text(page, "utf-8")
    return folder


#: sphinxcontrib-datatemplates is installed here, for its builds only: installed into the
#: venv, its dependencies would add a start-up hook to every Python process there.
DEPS = ROOT / "bench" / "_deps"
DATATEMPLATES_DIST = "sphinxcontrib-datatemplates"


def datatemplates_available(install: bool) -> str | None:
    """The version of sphinxcontrib-datatemplates in DEPS; installed first if asked."""

    def installed() -> str | None:
        for found in importlib.metadata.distributions(path=[str(DEPS)]):
            if re.sub(r"[-_.]+", "-", found.metadata["Name"]).lower() == DATATEMPLATES_DIST:
                return found.version
        return None

    if installed() is None and install:
        argv = [sys.executable, "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
        argv += ["--no-deps", "--target", str(DEPS)]
        argv += ["-r", str(ROOT / "bench" / "requirements.txt")]
        subprocess.run(argv, capture_output=True, check=False)
    return installed()


def rounds(
    variants: Mapping[str, Callable[[], Run]],
    repetitions: int,
    series: Series,
    label: str,
    *,
    warm_up: bool,
    once: Set[str] = frozenset(),
) -> None:
    """Each variant once per round (those in ``once`` in the first round only); the order
    turns each round so none always goes first.

    A first round, not counted, warms up (bytecode, file caches) if ``warm_up``.
    """
    names = list(variants)
    for name in names if warm_up else ():
        variants[name]()
    for round_ in range(repetitions):
        shift = round_ % len(names)
        for name in names[shift:] + names[:shift]:
            if round_ == 0 or name not in once:
                series.add(name, variants[name](), round_)
        progress(f"{label}: round {round_ + 1}/{repetitions}")


def progress(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def bench_table(
    work: Path, size: int, repetitions: int, with_datatemplates: bool, *, warm_up: bool
) -> Series:
    folder = work / f"n{size}"
    paths = write_catalogue(folder / "data", size)
    cells = table_cells(paths)
    assert len(cells) == size
    projects = {
        EXTENSION: make_project(folder / "extension", *extension_page(paths)),
        LIST_TABLE: make_project(folder / "list-table", *list_table_page(cells)),
        CSV_TABLE: make_project(folder / "csv-table", *csv_table_page(cells)),
        EMPTY: make_project(folder / "empty", *empty_page()),
    }
    if with_datatemplates:
        project = folder / "datatemplates"
        projects[DATATEMPLATES] = make_project(project, *datatemplates_page(cells, project))
    series = Series()
    variants = {name: partial(fresh_build, project) for name, project in projects.items()}
    # The largest pages of the slower alternatives are built once, to keep within minutes.
    once = {CSV_TABLE, DATATEMPLATES} if size >= LARGE else set()
    rounds(variants, repetitions, series, f"N={size:,}", warm_up=warm_up, once=once)
    # Each way shows every row (what the reader gets is the same table).
    for name, project in projects.items():
        if name == EMPTY:
            continue
        html = (project / "html" / "catalogue.html").read_text("utf-8")
        assert html.count("<tr") == size + 1, (name, html.count("<tr"))
    return series


# -- a site ---------------------------------------------------------------------------

PAGE = """\
{title}
{underline}

This page explains topic {number}: what it is for, how to set it up and what to
check when it does not work. Read it after :doc:`p{previous:03d}`.

Overview
--------

The component reads its settings once, at start-up, and keeps them for the whole
run. A change to a setting takes effect at the next start. *Defaults* suit most
sites; **change them** only when the logs show that you need to.

- Install the package with the package manager of your system.
- Copy the sample configuration and edit the ``server`` and ``port`` entries.
- Start the service and check its status.

.. note::

   The service writes its log to the standard error stream; redirect it when you
   run it in the background.

Configuration
-------------

.. code-block:: python

   settings = {{
       "server": "example.com",
       "port": {port},
       "retries": 3,
   }}

==========  ========  ======================================
Setting     Default   Meaning
==========  ========  ======================================
server      (none)    The host to connect to.
port        {port}      The port on that host.
retries     3         How often to retry a failed request.
==========  ========  ======================================

Troubleshooting
---------------

#. Check that the host name resolves.
#. Check that the port is open: ``nc -z example.com {port}``.
#. Read the log from the last start on.

See also `the project site <https://example.com/topic-{number}>`__.
"""
CATALOGUE_PAGE = """
Purchase options
----------------

Support costs :offerings:price:`single-incident` per incident; write to
:offerings:link:`support`.

.. offerings:table::
   :group: professional-support
"""


def write_site(folder: Path, pages: int, users: Sequence[int]) -> list[Path]:
    """A site of ``pages`` pages under one index; the pages in ``users`` show the
    catalogue (the shipped one, copied). Returns the catalogue files."""
    src = folder / "src"
    src.mkdir(parents=True, exist_ok=True)
    data = folder / "data"
    data.mkdir(exist_ok=True)
    catalogues = [data / "offerings.yaml", data / "licences.yaml"]
    for path in catalogues:
        shutil.copy(ROOT / "data" / path.name, path)
    conf = CONF.format(extensions=["sphinx_offerings"])
    conf += f"offerings_catalogue = {[str(p) for p in catalogues]!r}\nofferings_date = {DATE!r}\n"
    (src / "conf.py").write_text(conf, "utf-8")
    toctree = "\n".join(f"   p{n:03d}" for n in range(pages))
    index = f"Handbook\n========\n\n.. toctree::\n   :maxdepth: 1\n\n{toctree}\n"
    (src / "index.rst").write_text(index, "utf-8")
    for number in range(pages):
        title = f"Topic {number}"
        text = PAGE.format(
            title=title,
            underline="=" * len(title),
            number=number,
            previous=max(number - 1, 0),
            port=8000 + number % 1000,
        )
        if number in users:
            text += CATALOGUE_PAGE
        (src / f"p{number:03d}.rst").write_text(text, "utf-8")
    return catalogues


@dataclass
class SiteResult:
    pages: int
    full: Series
    reread: list[list[str]]


def bench_site(work: Path, pages: int, repetitions: int) -> SiteResult:
    """A full build against the rebuild after one price changes in the catalogue."""
    folder = work / "site"
    users = (pages // 3, 2 * pages // 3)
    catalogues = write_site(folder, pages, users)
    series, reread = Series(), []
    original = catalogues[0].read_text("utf-8")
    for round_ in range(repetitions):
        catalogue = original if round_ % 2 == 0 else original.replace("price: 350", "price: 360")
        catalogues[0].write_text(catalogue, "utf-8")
        series.add(FULL, fresh_build(folder), round_)
        edited = catalogue.replace(
            *(("price: 350", "price: 375") if round_ % 2 == 0 else ("price: 360", "price: 385"))
        )
        assert edited != catalogue
        doctrees = folder / "doctrees"
        before = {p.name: p.stat().st_mtime_ns for p in doctrees.glob("*.doctree")}
        time.sleep(0.01)  # a newer modification time than the build's
        catalogues[0].write_text(edited, "utf-8")
        series.add(REBUILD, sphinx_build(folder), round_)
        after = {p.name: p.stat().st_mtime_ns for p in doctrees.glob("*.doctree")}
        reread.append(
            sorted(n.removesuffix(".doctree") for n in after if after[n] != before.get(n))
        )
        progress(f"site of {pages} pages: round {round_ + 1}/{repetitions}")
    return SiteResult(pages, series, reread)


# -- the command-line tool ------------------------------------------------------------


def bench_commands(work: Path, repetitions: int, warm_up: bool) -> Series:
    """Cold starts of the ``offerings`` commands on the shipped catalogue and docs."""
    site = work / "docs-html"
    argv = [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-c", str(ROOT)]
    run([*argv, "-d", str(work / "docs-doctrees"), str(ROOT / "docs"), str(site)])
    offerings = str(BIN / "offerings")
    commands = {
        'python -c "pass"': [sys.executable, "-c", "pass"],
        'python -c "import yaml"': [sys.executable, "-c", "import yaml"],
        "offerings validate": [offerings, "validate"],
        "offerings lint docs": [offerings, "lint", "docs"],
        "offerings check (built site)": [offerings, "check", str(site)],
    }
    series = Series()
    variants = {name: partial(run, argv, cwd=ROOT) for name, argv in commands.items()}
    rounds(variants, repetitions, series, "offerings commands", warm_up=warm_up)
    return series


# -- the report -----------------------------------------------------------------------


def version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def machine() -> list[str]:
    import yaml

    memory = "unknown"
    meminfo = Path("/proc/meminfo")
    if meminfo.exists():
        found = re.search(r"MemTotal:\s+(\d+) kB", meminfo.read_text())
        memory = f"{int(found.group(1)) / 1024**2:.1f} GiB" if found else memory
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    libyaml = "with libyaml" if yaml.__with_libyaml__ else "pure Python"
    return [
        f"- Date: {datetime.datetime.now().astimezone():%Y-%m-%d %H:%M %Z}",
        f"- Machine: {platform.platform()}, {os.cpu_count()} cores, {memory} of memory "
        f"(load average at the start: {load})",
        f"- Python {platform.python_version()}; Sphinx {version('sphinx')}, "
        f"docutils {version('docutils')}, sphinx-rtd-theme {version('sphinx-rtd-theme')}, "
        f"PyYAML {version('pyyaml')} ({libyaml}), Babel {version('babel')}, "
        f"sphinxcontrib-datatemplates {datatemplates_available(install=False) or 'not installed'}",
    ]


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    return lines + ["| " + " | ".join(row) + " |" for row in rows]


Check = tuple[str, bool, str]  # what is required, whether it is met, the figure


def tables_section(sizes: dict[int, Series], counts: str) -> tuple[list[str], list[Check]]:
    lines = [
        "## One page, one table of N offerings",
        "",
        "Each build is a whole `sphinx-build -E -b html -q` process with the rtd theme, of a "
        "site whose root page links to one page holding one five-column table of N "
        "offerings (name, price, purchase, hours, submit) from a generated catalogue, "
        f"prices as on {DATE}; more than {PER_FILE:,} offerings are split into files of "
        f"{PER_FILE:,}, "
        "as a catalogue file holds at most 1 MiB. Times are medians "
        f"({counts}), taken in rounds that alternate the ways of writing the table (at "
        f"N={LARGE:,} the csv-table and datatemplates pages in the first round only), after "
        "a round of warm-up at the first size; a ratio is the median of the ratios within "
        "each round. Peak memory is the largest resident set of a build process.",
        "",
    ]
    checks: list[Check] = []
    for size, series in sizes.items():
        rows = [
            [
                name,
                f"{series.median(name):.3f} s",
                f"{series.ratio(name):.2f}x",
                f"{series.peak_mib(name):.0f} MiB",
                str(len(series.runs[name])),
            ]
            for name in series.runs
        ]
        lines += [f"### N = {size:,}", ""]
        lines += [*table(["way", "median", "/ list-table", "peak memory", "runs"], rows), ""]
    if 10 in sizes:
        ratio = sizes[10].ratio(EXTENSION)
        checks.append(
            ("N=10 (seed size): at most 1.02x the list-table", ratio <= 1.02, f"{ratio:.3f}x")
        )
    if 10_000 in sizes:
        big = sizes[10_000]
        ratio = big.ratio(EXTENSION)
        checks.append(("N=10,000: at most 0.35x the list-table", ratio <= 0.35, f"{ratio:.2f}x"))
        memory, baseline = big.peak_mib(EXTENSION), big.peak_mib(LIST_TABLE)
        checks.append(
            (
                "N=10,000: peak memory no higher than the list-table's",
                memory <= baseline,
                f"{memory:.0f} MiB against {baseline:.0f} MiB",
            )
        )
    if {10, 1_000, 10_000} <= set(sizes):
        small, middle, big_ = (sizes[n].median(EXTENSION) for n in (10, 1_000, 10_000))
        first, second = (middle - small) / 990, (big_ - middle) / 9_000
        lines += [
            "### Growth",
            "",
            "The extension's time per row, beyond what every build costs: "
            f"{first * 1e3:.3f} ms from N=10 to N=1,000 and {second * 1e3:.3f} ms from "
            "N=1,000 to N=10,000. The same cost per row means linear growth.",
            "",
        ]
        checks.append(
            (
                "linear growth from N=1,000 to N=10,000 (per-row cost within 1.25x)",
                second <= 1.25 * first,
                f"{second * 1e3:.3f} ms a row, against {first * 1e3:.3f} ms",
            )
        )
    return lines, checks


FULL, REBUILD = "full build", "rebuild after a catalogue edit"


def site_section(site: SiteResult) -> tuple[list[str], list[Check]]:
    rows = [
        [
            name,
            f"{site.full.median(name):.3f} s",
            f"{site.full.ratio(name, FULL):.3f}x",
            f"{site.full.peak_mib(name):.0f} MiB",
        ]
        for name in site.full.runs
    ]
    reread = sorted({", ".join(pages) or "none" for pages in site.reread})
    lines = [
        f"## A site of {site.pages} pages, two of which show the catalogue",
        "",
        "The shipped catalogue; each page a few sections, a list, a note, a code block and "
        "a table. The full build is `sphinx-build -E`; the rebuild follows a price change "
        "in the catalogue, in rounds alternating with the full build "
        f"({len(site.full.runs[FULL])} rounds).",
        "",
        *table(["build", "median", "/ full build", "peak memory"], rows),
        "",
        f"Pages the rebuild re-read: {'; '.join(reread)}.",
        "",
    ]
    ratio = site.full.ratio(REBUILD, FULL)
    checks = [
        (
            "a catalogue edit re-reads only the 2 pages that use it",
            all(len(pages) == 2 for pages in site.reread),
            "; ".join(reread),
        ),
        ("that rebuild: at most 0.1x the full build", ratio <= 0.1, f"{ratio:.3f}x"),
    ]
    return lines, checks


YAML = 'python -c "import yaml"'


def commands_section(commands: Series, counts: str) -> tuple[list[str], list[Check]]:
    rows = [
        [
            f"`{name}`",
            f"{commands.median(name) * 1e3:.0f} ms",
            f"{commands.ratio(name, YAML):.2f}x",
            f"{commands.peak_mib(name):.0f} MiB",
        ]
        for name in commands.runs
    ]
    lines = [
        "## Cold start of the `offerings` commands",
        "",
        f"On the shipped catalogue and docs; medians of {counts}, alternating.",
        "",
        *table(["command", "median", "/ import yaml", "peak memory"], rows),
        "",
    ]
    ratio = commands.ratio("offerings validate", YAML)
    checks = [("`offerings validate`: at most 2x `" + YAML + "`", ratio <= 2, f"{ratio:.2f}x")]
    return lines, checks


def report(
    sizes: dict[int, Series],
    site: SiteResult | None,
    commands: Series | None,
    counts: dict[str, str],
    *,
    quick: bool,
    seconds: float,
) -> str:
    """The results as Markdown; ``seconds``: how long the whole run took."""
    lines = ["# Benchmark results", ""]
    if quick:
        lines += ["A quick run (one repetition of each): the figures are indicative only.", ""]
    lines += [
        "Written by `make bench` (`bench/bench.py`).",
        "",
        *machine(),
        f"- The whole run took {seconds // 60:.0f} min {seconds % 60:.0f} s.",
        "",
    ]
    checks: list[Check] = []
    if not quick:
        checks.append(
            (
                "the whole benchmark (`make bench`) in under 10 minutes",
                seconds < 600,
                f"{seconds // 60:.0f} min {seconds % 60:.0f} s",
            )
        )
    sections = []
    if sizes:
        sections.append(tables_section(sizes, counts["tables"]))
    if site is not None:
        sections.append(site_section(site))
    if commands is not None:
        sections.append(commands_section(commands, counts["commands"]))
    for section_lines, section_checks in sections:
        lines += section_lines
        checks += section_checks
    rows = [[name, "met" if met else "**not met**", figure] for name, met, figure in checks]
    lines += ["## Targets", "", *table(["target", "result", "figure"], rows)]
    return "\n".join(lines) + "\n"


def size_plan(text: str) -> tuple[int, int]:
    """``N:REPETITIONS``, such as ``1000:7``."""
    size, _, repetitions = text.partition(":")
    return int(size), int(repetitions or 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick", action="store_true", help="N=10 once, a small site once, each command once"
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument(
        "--sizes", nargs="*", type=size_plan, metavar="N:REPS", help="table sizes to build"
    )
    parser.add_argument("--no-site", action="store_true", help="skip the site")
    parser.add_argument("--no-commands", action="store_true", help="skip the commands")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.quick:
        plan = {10: 1}
        site_pages, site_repetitions, command_repetitions = 4, 1, 1
    else:
        # About eight minutes on two idle cores; the largest sizes have fewer rounds.
        plan = {10: 15, 1_000: 5, LARGE: 2}
        site_pages, site_repetitions, command_repetitions = 200, 3, 21
    if args.sizes is not None:
        plan = dict(args.sizes)
    with_datatemplates = datatemplates_available(install=not args.quick) is not None
    if not with_datatemplates:
        progress("sphinxcontrib-datatemplates is not available: skipped")
    work = args.keep or Path(tempfile.mkdtemp(prefix="offerings-bench-"))
    try:
        sizes = {
            # bytecode and file caches are warm after the first size
            size: bench_table(
                work, size, repetitions, with_datatemplates, warm_up=index == 0 and not args.quick
            )
            for index, (size, repetitions) in enumerate(plan.items())
        }
        site = None if args.no_site else bench_site(work, site_pages, site_repetitions)
        commands = (
            None if args.no_commands else bench_commands(work, command_repetitions, not args.quick)
        )
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    counts = ", ".join(f"{n} runs at N={size:,}" for size, n in plan.items())
    text = report(
        sizes,
        site,
        commands,
        {"tables": counts, "commands": f"{command_repetitions} runs"},
        quick=args.quick,
        seconds=time.perf_counter() - started,
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    progress(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
