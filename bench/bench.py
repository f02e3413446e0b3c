"""How fast a catalogue page builds, against the other ways to write the same page.

First the shipped site (``docs/``, ``conf.py``, ``data/``) as it is, against the same
site with the purchase page as it was first typed by hand. Then catalogues of several
sizes, one page built from each, in one run and alternating: with this extension, as a
hand-written RST list-table, as a csv-table, with sphinxcontrib-datatemplates (when it
installs) and as an empty page (the floor). Each build is a whole
``sphinx-build -E -b html`` process with the rtd theme; each figure is a median, and
each ratio the median of ratios taken round by round.

Then: a 500-page site, each page showing its own offering through roles, against the
same site with the figures typed by hand, and the rebuild after one price changes; the
cold start of the ``offerings`` commands against ``python -c "import yaml"``; and
``offerings validate`` on catalogues of 10,000 and 50,000 offerings, valid and not
(``bench/validate_sizes.py``, which also runs alone and replaces just its section).

The report keeps the target figures of the last three full runs, the section that
``bench/removals.py`` writes and the notes on the targets not met (KEPT_SECTIONS).

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
import resource
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
from typing import Any

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
MIDDLE, LARGE = 1_000, 10_000
HEADERS = ("Contract Types", "Price", "To Purchase", "Business hours", "To submit incident")


@dataclass
class Run:
    seconds: float
    peak_kib: int
    #: User and system time: less swayed than wall time by what else the machine runs.
    cpu: float = 0.0
    round: int = 0


@dataclass
class Series:
    runs: dict[str, list[Run]] = field(default_factory=dict)

    def add(self, name: str, run: Run, round_: int) -> None:
        run.round = round_
        self.runs.setdefault(name, []).append(run)

    def median(self, name: str, *, cpu: bool = False) -> float:
        return statistics.median(r.cpu if cpu else r.seconds for r in self.runs[name])

    def peak_mib(self, name: str) -> float:
        return max(r.peak_kib for r in self.runs[name]) / 1024

    def ratio(self, name: str, baseline: str = BASELINE, *, cpu: bool = False) -> float:
        """The median of the ratios of runs made in the same round (of their wall
        times, or of their CPU times)."""

        def time_(run: Run) -> float:
            return run.cpu if cpu else run.seconds

        base = {run.round: time_(run) for run in self.runs[baseline]}
        return statistics.median(
            time_(run) / base[run.round] for run in self.runs[name] if run.round in base
        )


#: Children write bytecode, as Python does by default, so that only the first run of a
#: module compiles it (a warm-up run, not counted, makes it).
ENV = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
#: GNU time reports the peak memory of the process it runs alone; the process's own
#: rusage, read here, would include this (larger) process, which it starts as a copy.
TIME = shutil.which("time", path="/usr/bin:/bin")


def run(argv: Sequence[str], cwd: Path | None = None, returncode: int = 0) -> Run:
    """Wall time, peak memory and CPU time of one process; it must exit with
    ``returncode`` (succeed, by default)."""
    with tempfile.NamedTemporaryFile("r", suffix=".rss") as rss:
        command = [TIME, "-f", "%M", "-o", rss.name, *argv] if TIME else list(argv)
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
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
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        if process.returncode != returncode:
            raise RuntimeError(f"{' '.join(map(str, argv))} failed:\n{process.stderr.decode()}")
        peak = int(rss.read().split()[-1]) if TIME else 0
    cpu = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return Run(seconds, peak, cpu)


def sphinx_build(project: Path, *options: str) -> Run:
    """A whole ``sphinx-build`` process over a project's ``src`` into its ``html``."""
    argv = [sys.executable, "-m", "sphinx", "-b", "html", "-q", *options]
    argv += ["-d", str(project / "doctrees"), str(project / "src"), str(project / "html")]
    return run(argv)


def fresh_build(project: Path, *options: str) -> Run:
    shutil.rmtree(project / "html", ignore_errors=True)
    shutil.rmtree(project / "doctrees", ignore_errors=True)
    return sphinx_build(project, "-E", *options)


# -- catalogues ----------------------------------------------------------------------


def offering_id(index: int) -> str:
    return f"item-{index:05d}"


def offering_yaml(index: int, raise_by: int = 0) -> str:
    """One offering; the kinds of price and purchase vary as in a real price list."""
    lines = [
        f"  - id: {offering_id(index)}",
        "    group: resale",
        f"    name: Reseller item {index}",
    ]
    amount = price_amount(index, raise_by)
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


def price_amount(index: int, raise_by: int = 0) -> int:
    return 100 + index % 900 + raise_by


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


def write_catalogue(folder: Path, size: int, raised: Mapping[int, int] | None = None) -> list[Path]:
    """``size`` offerings in files of at most PER_FILE offerings each; ``raised``: the
    offerings (by index) whose price is raised, and by how much."""
    folder.mkdir(parents=True, exist_ok=True)
    raised = raised or {}
    paths: list[Path] = []
    for first in range(1, size + 1, PER_FILE):
        path = folder / f"catalogue-{len(paths) + 1}.yaml"
        head = CATALOGUE_HEAD if not paths else "currency: CAD\n"
        items = range(first, min(first + PER_FILE, size + 1))
        text = "".join(offering_yaml(index, raised.get(index, 0)) for index in items)
        path.write_text(head + "\nofferings:\n" + text, "utf-8")
        paths.append(path)
    return paths


def as_rst(node: Any) -> str:
    """Text and links of a docutils node as a person would type them in RST."""
    from docutils import nodes

    if isinstance(node, nodes.Text):
        return node.astext()
    if isinstance(node, nodes.reference):
        return f"`{node.astext()} <{node['refuri']}>`__"
    assert isinstance(node, nodes.Element)
    return "".join(as_rst(child) for child in node.children)


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
    body = next(table.findall(nodes.tbody))
    return [[" ".join(as_rst(entry).split()) for entry in row.children] for row in body.children]


# -- the pages -----------------------------------------------------------------------

CONF = """\
project = "Benchmark"
html_theme = "sphinx_rtd_theme"
extensions = {extensions!r}
"""
TITLE = "Catalogue\n=========\n\nEverything for sale.\n\n"


def extension_conf(paths: Sequence[Path], ext: Path | None = None) -> str:
    """A conf.py that loads the extension, from ``ext`` if given (a folder holding a
    ``sphinx_offerings`` package) rather than from the installed one."""
    conf = f"import sys\nsys.path.insert(0, {str(ext)!r})\n" if ext else ""
    conf += CONF.format(extensions=["sphinx_offerings"])
    return conf + f"offerings_catalogue = {[str(p) for p in paths]!r}\nofferings_date = {DATE!r}\n"


def extension_page(paths: Sequence[Path], ext: Path | None = None) -> tuple[str, str]:
    return extension_conf(paths, ext), TITLE + ".. offerings:table::\n"


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
    # To keep within minutes, the slower alternatives are built once at the larger sizes
    # (datatemplates, the slowest, not at all at the largest).
    if with_datatemplates and size < LARGE:
        project = folder / "datatemplates"
        projects[DATATEMPLATES] = make_project(project, *datatemplates_page(cells, project))
    series = Series()
    variants = {name: partial(fresh_build, project) for name, project in projects.items()}
    once = {CSV_TABLE} if size >= LARGE else {DATATEMPLATES} if size >= MIDDLE else set()
    rounds(variants, repetitions, series, f"N={size:,}", warm_up=warm_up, once=once)
    # Each way shows every row (what the reader gets is the same table).
    for name, project in projects.items():
        if name == EMPTY:
            continue
        html = html_page(project, "catalogue")
        assert html.count("<tr") == size + 1, (name, html.count("<tr"))
    return series


# -- the shipped site ----------------------------------------------------------------

SEED = ROOT / "tests" / "fixtures" / "seed" / "purchase-options.rst"
GENERATED, TYPED_SEED = "generated purchase page", "hand-typed seed page"


def bench_seed(work: Path, repetitions: int, *, warm_up: bool) -> Series:
    """The shipped site against the same site with the purchase page as it was first
    typed by hand (the extension loaded in both: the other pages use it)."""
    folders = {GENERATED: work / "shipped", TYPED_SEED: work / "seed"}
    for folder in folders.values():
        shutil.copytree(ROOT / "docs", folder / "src")
    shutil.copy(SEED, folders[TYPED_SEED] / "src" / "purchase-options.rst")
    series = Series()
    variants = {
        name: partial(fresh_build, folder, "-c", str(ROOT)) for name, folder in folders.items()
    }
    rounds(variants, repetitions, series, "shipped site", warm_up=warm_up)
    return series


# -- a site of pages that each show an offering ----------------------------------------

SITE_PAGE = """\
{title}
{underline}

This page is about {name}, one of the items we resell for the makers who publish
them. It costs {price}. To buy it, or to ask about it before you do, write to
{link}; say which item you mean and what you want to use it for.

Support for {name} is available at these hours: {hours}. A request sent within
them is answered within {response}; one sent outside them waits for the next day.

What you get is what the maker sells: the same releases, on the same days, under
the same licence. Read :doc:`p{previous:03d}` for the item before this one, and the
index for all of them.

Keep the message that confirms your purchase: it holds the number that support
asks for when you write, and the address from which to download the item.
"""
#: The roles that show the page's figures (each fills the page's field of its name).
SITE_ROLES = ("name", "price", "link", "hours", "response")
#: Each build of a site notes here the pages it reads (``env-before-read-docs``).
READ_LOG = "pages-read.txt"
SITE_CONF = """
def setup(app):
    def note(app, env, docnames):
        with open({log!r}, "a", encoding="utf-8") as log:
            log.writelines(name + "\\n" for name in sorted(docnames))

    app.connect("env-before-read-docs", note)
"""
ROLES_SITE, TYPED_SITE = "figures through roles", "figures typed by hand"
SITE_REBUILD = "rebuild after one price edit"


def typed_figures(paths: Sequence[Path]) -> dict[str, dict[str, str]]:
    """For each offering, the text of the figures a site page shows, in RST, as the
    extension's roles show them."""
    from sphinx_offerings.pipeline import read_catalogue
    from sphinx_offerings.render.figures import FIGURES
    from sphinx_offerings.render.nodes import contact_link
    from sphinx_offerings.render.text import Formatter

    catalogue = read_catalogue(list(paths), datetime.date.fromisoformat(DATE))
    fmt = Formatter()
    by_role = {figure.role: figure for figure in FIGURES.values() if figure.role}
    typed = {}
    for offering in catalogue.offerings:
        contact = offering.contact
        assert contact is not None
        shown = {role: by_role[role].node(offering, fmt) for role in SITE_ROLES if role != "link"}
        shown["link"] = contact_link(contact, contact.label, offering.name)
        typed[offering.id] = {key: as_rst(node) for key, node in shown.items()}
    return typed


#: Pages in each section of the site. The rtd theme's menu, on every page, lists every
#: page of one flat toctree: a flat 500-page site spends four fifths of its build on
#: those menus (500 links on each page), whichever way its figures are written.
SECTION = 25


def toctree_page(title: str, entries: Sequence[str]) -> str:
    toctree = "".join(f"   {entry}\n" for entry in entries)
    return f"{title}\n{'=' * len(title)}\n\n.. toctree::\n   :maxdepth: 1\n\n{toctree}"


def write_site(folder: Path, pages: int, paths: Sequence[Path], by_hand: bool) -> Path:
    """A site of ``pages`` pages in sections of SECTION under one index, page N about
    offering N + 1: its figures through the extension's roles, or typed by hand (then
    with no extension loaded)."""
    src = folder / "src"
    src.mkdir(parents=True, exist_ok=True)
    conf = CONF.format(extensions=[]) if by_hand else extension_conf(paths)
    conf += SITE_CONF.format(log=str(folder / READ_LOG))
    (src / "conf.py").write_text(conf, "utf-8")
    sections = range(0, pages, SECTION)
    (src / "index.rst").write_text(
        toctree_page("Catalogue", [f"s{first:03d}" for first in sections]), "utf-8"
    )
    for first in sections:
        last = min(first + SECTION, pages)
        title = f"Items {first + 1} to {last}"
        entries = [f"p{n:03d}" for n in range(first, last)]
        (src / f"s{first:03d}.rst").write_text(toctree_page(title, entries), "utf-8")
    typed = typed_figures(paths) if by_hand else {}
    for number in range(pages):
        ref = offering_id(number + 1)
        if by_hand:
            figures = typed[ref]
        else:
            figures = {role: f":offerings:{role}:`{ref}`" for role in SITE_ROLES}
        title = f"Item {number + 1}"
        text = SITE_PAGE.format(
            title=title, underline="=" * len(title), previous=max(number - 1, 0), **figures
        )
        (src / f"p{number:03d}.rst").write_text(text, "utf-8")
    return folder


def pages_read(folder: Path) -> list[str]:
    """The pages the last build read (and forgets them)."""
    log = folder / READ_LOG
    read = log.read_text("utf-8").split() if log.exists() else []
    log.unlink(missing_ok=True)
    return read


def html_page(project: Path, name: str) -> str:
    return (project / "html" / f"{name}.html").read_text("utf-8")


def article_text(html: str) -> str:
    """A page's article as a reader sees it, without tags or spacing."""
    article = html.partition('itemprop="articleBody"')[2].partition("<footer")[0]
    return " ".join(re.sub(r"<[^>]+>", "", article).split())


@dataclass
class SiteResult:
    pages: int
    series: Series
    #: For each rebuild, the pages it read.
    reread: list[list[str]]
    #: The page whose offering's price each rebuild follows.
    edited: str


def bench_site(work: Path, pages: int, repetitions: int, *, warm_up: bool) -> SiteResult:
    """The site with its figures through roles against the same site with the figures
    typed by hand, both built whole (``-E``); and the rebuild after one price changes."""
    folder = work / "site"
    paths = write_catalogue(folder / "data", pages)
    sites = {
        ROLES_SITE: write_site(folder / "roles", pages, paths, by_hand=False),
        TYPED_SITE: write_site(folder / "typed", pages, paths, by_hand=True),
    }
    edited = pages // 2  # its page shows offering edited + 1
    page, index = f"p{edited:03d}", edited + 1
    series, reread = Series(), []
    for round_ in range(-1 if warm_up else 0, repetitions):
        order = list(sites) if round_ % 2 == 0 else list(sites)[::-1]
        write_catalogue(folder / "data", pages)
        built = {name: fresh_build(sites[name]) for name in order}
        pages_read(sites[ROLES_SITE])
        if round_ <= 0:  # both ways show readers the same pages
            for number in range(pages):
                shown = {article_text(html_page(f, f"p{number:03d}")) for f in sites.values()}
                assert len(shown) == 1, f"p{number:03d} differs"
        write_catalogue(folder / "data", pages, {index: 1})
        rebuilt = sphinx_build(sites[ROLES_SITE])
        read = pages_read(sites[ROLES_SITE])
        price = f"${price_amount(index, 1)}"
        assert price in html_page(sites[ROLES_SITE], page), "the rebuild shows the old price"
        if round_ < 0:
            continue
        for name, run_ in built.items():
            series.add(name, run_, round_)
        series.add(SITE_REBUILD, rebuilt, round_)
        reread.append(read)
        progress(f"site of {pages} pages: round {round_ + 1}/{repetitions}")
    return SiteResult(pages, series, reread, page)


# -- the command-line tool ------------------------------------------------------------


DIFF = f"offerings diff (two catalogues of {MIDDLE:,} offerings)"


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
    # Two catalogues of MIDDLE offerings, a tenth of the prices raised: a review's diff.
    (old,) = write_catalogue(work / "diff-old", MIDDLE)
    (new,) = write_catalogue(work / "diff-new", MIDDLE, dict.fromkeys(range(1, MIDDLE, 10), 10))
    commands[DIFF] = [offerings, "diff", str(old), str(new), "--date", DATE]
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


def summary(series: Series, baselines: Sequence[str], digits: int = 3) -> list[list[str]]:
    """For each way: its median, its ratio to each baseline, the same two of its CPU
    time (against the first baseline), peak memory and runs."""
    return [
        [
            name,
            f"{series.median(name):.3f} s",
            *(f"{series.ratio(name, baseline):.{digits}f}x" for baseline in baselines),
            f"{series.median(name, cpu=True):.3f} s",
            f"{series.ratio(name, baselines[0], cpu=True):.{digits}f}x",
            f"{series.peak_mib(name):.0f} MiB",
            str(len(series.runs[name])),
        ]
        for name in series.runs
    ]


def seed_section(seed: Series, counts: str) -> tuple[list[str], list[Check]]:
    rows = summary(seed, [TYPED_SEED])
    lines = [
        "## The shipped site, at the seed's size",
        "",
        "`docs/`, built with the root `conf.py` (its catalogues in `data/`, the rtd theme) "
        "as shipped, against the same site with `docs/purchase-options.rst` replaced by "
        "the page as it was first typed by hand (`tests/fixtures/seed/purchase-options.rst`: "
        "the same text, its figures and table typed out). The extension is loaded in both, "
        "as the site's other pages use it; so the difference is what the generated page "
        "costs, against typing it. Whole `sphinx-build -E -b html -q` processes, "
        f"alternating ({counts}); the ratio is the median of "
        "the ratios within each round.",
        "",
        *table(
            [
                "purchase page",
                "median",
                "/ seed page",
                "CPU time",
                "CPU / seed page",
                "peak memory",
                "runs",
            ],
            rows,
        ),
        "",
    ]
    ratio = seed.ratio(GENERATED, TYPED_SEED)
    checks = [
        (
            "seed size: the shipped site with its generated purchase page at most 1.05x the "
            "same site with the hand-typed seed page",
            ratio <= 1.05,
            f"{ratio:.3f}x",
        )
    ]
    return lines, checks


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
        f"({counts}), taken in rounds that alternate the ways of writing the table (from "
        f"N={MIDDLE:,} the datatemplates page in the first round only, at N={LARGE:,} the "
        "csv-table in the first round only and no datatemplates page), after a round of "
        "warm-up at the first size; a ratio is the median of the ratios within each round. "
        "Peak memory is the largest resident set of a build process.",
        "",
    ]
    checks: list[Check] = []
    for size, series in sizes.items():
        rows = summary(series, [LIST_TABLE], digits=2)
        lines += [f"### N = {size:,}", ""]
        header = [
            "way",
            "median",
            "/ list-table",
            "CPU time",
            "CPU / list-table",
            "peak memory",
            "runs",
        ]
        lines += [*table(header, rows), ""]
    for size in (MIDDLE, LARGE):
        if size not in sizes:
            continue
        series = sizes[size]
        ratio = series.ratio(EXTENSION)
        checks.append((f"N={size:,}: at most 0.65x the list-table", ratio <= 0.65, f"{ratio:.2f}x"))
        memory, baseline = series.peak_mib(EXTENSION), series.peak_mib(LIST_TABLE)
        checks.append(
            (
                f"N={size:,}: peak memory no higher than the list-table's",
                memory <= baseline,
                f"{memory:.0f} MiB against {baseline:.0f} MiB",
            )
        )
    if {10, MIDDLE, LARGE} <= set(sizes):
        small, middle, big = (sizes[n].median(EXTENSION) for n in (10, MIDDLE, LARGE))
        first, second = (middle - small) / (MIDDLE - 10), (big - middle) / (LARGE - MIDDLE)
        lines += [
            "### Growth",
            "",
            "The extension's time per row, beyond what every build costs: "
            f"{first * 1e3:.3f} ms from N=10 to N={MIDDLE:,} and {second * 1e3:.3f} ms from "
            f"N={MIDDLE:,} to N={LARGE:,}. The same cost per row means linear growth.",
            "",
        ]
        checks.append(
            (
                f"linear growth from N={MIDDLE:,} to N={LARGE:,} (per-row cost within 1.25x "
                f"of N=10 to N={MIDDLE:,})",
                second <= 1.25 * first,
                f"{second * 1e3:.3f} ms a row, against {first * 1e3:.3f} ms",
            )
        )
    return lines, checks


def site_section(site: SiteResult) -> tuple[list[str], list[Check]]:
    series = site.series
    rows = summary(series, [TYPED_SITE, ROLES_SITE])
    reread = sorted({", ".join(pages) or "none" for pages in site.reread})
    lines = [
        f"## A site of {site.pages} pages, each showing its own offering",
        "",
        f"A catalogue of {site.pages} generated offerings in one file; an index, sections "
        f"of {SECTION} pages, and one page per offering: a title and four paragraphs that "
        "give its name (twice), price, contact link, business hours and response time "
        "through the extension's roles (`:offerings:name:`, `price`, `link`, `hours`, "
        "`response`). Against it, the same site with those figures typed by hand, as the "
        "roles show them (the text of every page is checked to be the same), and no "
        "extension loaded: the figure is what using the extension costs a site, its "
        "loading and the catalogue's included. The rtd theme; full builds are "
        "`sphinx-build -E`, alternating. The rebuild follows a change to the price of the "
        f"offering on {site.edited}, after each full build with roles "
        f"({len(series.runs[SITE_REBUILD])} rounds); a conf.py hook "
        "(`env-before-read-docs`) notes the pages each build reads.",
        "",
        *table(
            [
                "build",
                "median",
                "/ typed by hand",
                "/ full build, roles",
                "CPU time",
                "CPU / typed by hand",
                "peak memory",
                "runs",
            ],
            rows,
        ),
        "",
        f"Pages the rebuild read: {'; '.join(reread)}.",
        "",
    ]
    full = series.ratio(ROLES_SITE, TYPED_SITE)
    rebuild = series.ratio(SITE_REBUILD, ROLES_SITE)
    checks = [
        (
            f"{site.pages}-page site, full build: figures through roles at most 1.10x the same "
            "site with the figures typed by hand",
            full <= 1.10,
            f"{full:.3f}x",
        ),
        (
            "a one-price edit re-reads exactly one page (the page showing that offering)",
            all(pages == [site.edited] for pages in site.reread),
            "; ".join(reread),
        ),
        ("that rebuild: at most 0.05x the full build", rebuild <= 0.05, f"{rebuild:.3f}x"),
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
        f"On the shipped catalogue and docs (`offerings diff`: on two generated catalogues, "
        f"a tenth of the prices raised); medians of {counts}, alternating.",
        "",
        *table(["command", "median", "/ import yaml", "peak memory"], rows),
        "",
    ]
    ratio = commands.ratio("offerings validate", YAML)
    checks = [("`offerings validate`: at most 2x `" + YAML + "`", ratio <= 2, f"{ratio:.2f}x")]
    seconds = commands.median(DIFF)
    checks.append((f"`{DIFF}` in under 1 s", seconds < 1, f"{seconds * 1e3:.0f} ms"))
    return lines, checks


RUNS_HEADING = "## Targets, run by run"
REMOVALS_HEADING = "## What the removed speed-up code paid"
#: Sections a run keeps from the report it replaces: bench/removals.py's, and notes on
#: what the targets that are not met cost (written by hand, with the commit measured).
KEPT_SECTIONS = ("## What the targets not met cost", REMOVALS_HEADING)
#: How many full runs the run-by-run table shows: this one and the ones before it.
KEPT_RUNS = 3


def section(text: str, heading: str) -> list[str]:
    """The lines of a report's section under ``heading``, up to the next; [] if none."""
    start = text.find(f"\n{heading}\n")
    if start < 0:
        return []
    body = text[start + 1 :]
    end = body.find("\n## ", len(heading))
    return [*(body if end < 0 else body[:end]).rstrip("\n").splitlines(), ""]


def run_by_run(checks: Sequence[Check], earlier: str, label: str) -> list[str]:
    """The figures of this run's targets beside those of the runs before it, as the
    earlier report ``earlier`` lists them (KEPT_RUNS runs in all)."""

    def cells(line: str) -> list[str]:
        return [cell.strip() for cell in line.strip().strip("|").split("|")]

    rows = [line for line in section(earlier, RUNS_HEADING) if line.startswith("|")]
    labels = cells(rows[0])[1:][1 - KEPT_RUNS :] if rows else []
    before = {row[0]: row[1:][1 - KEPT_RUNS :] for row in map(cells, rows[2:])}
    lines = [
        RUNS_HEADING,
        "",
        f"The figures of the last {KEPT_RUNS} full runs of `make bench` (each run adds its "
        "own; `--fresh` starts again), as they depend on the load of the machine.",
        "",
    ]
    table_rows = []
    for name, met, figure in checks:
        earlier_cells = before.get(name, [])
        if len(earlier_cells) != len(labels):
            earlier_cells = ["–"] * len(labels)
        table_rows.append([name, *earlier_cells, figure if met else f"{figure}, **not met**"])
    return [*lines, *table(["target", *labels, label], table_rows), ""]


def report(
    sections: Sequence[tuple[list[str], list[Check]]],
    *,
    quick: bool,
    seconds: float,
    earlier: str = "",
    fresh: bool = False,
) -> str:
    """The results as Markdown; ``seconds``: how long the whole run took; ``earlier``:
    the report this one replaces (its KEPT_SECTIONS are kept, and its run-by-run figures
    unless ``fresh``)."""
    lines = ["# Benchmark results", ""]
    if quick:
        lines += ["A quick run (one repetition of each): the figures are indicative only.", ""]
    lines += [
        "Written by `make bench` (`bench/bench.py`). The targets are on wall times; "
        "CPU time (user and system, of the build process) is shown beside them, as it "
        "is less swayed by whatever else the machine runs.",
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
    for section_lines, section_checks in sections:
        lines += section_lines
        checks += section_checks
    rows = [[name, "met" if met else "**not met**", figure] for name, met, figure in checks]
    lines += ["## Targets", "", *table(["target", "result", "figure"], rows), ""]
    if not quick:
        label = f"{datetime.datetime.now():%Y-%m-%d %H:%M}"
        lines += run_by_run(checks, "" if fresh else earlier, label)
    for heading in KEPT_SECTIONS:
        lines += section(earlier, heading)
    return "\n".join(lines).rstrip("\n") + "\n"


def size_plan(text: str) -> tuple[int, int]:
    """``N:REPETITIONS``, such as ``1000:7``."""
    size, _, repetitions = text.partition(":")
    return int(size), int(repetitions or 1)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--quick",
        action="store_true",
        help="each build once: the shipped site, N=10, a 20-page site, each command",
    )
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--fresh", action="store_true", help="start the run-by-run figures again")
    parser.add_argument("--keep", type=Path, help="build in this folder and keep it")
    parser.add_argument(
        "--sizes", nargs="*", type=size_plan, metavar="N:REPS", help="table sizes to build"
    )
    parser.add_argument("--site", type=size_plan, metavar="PAGES:REPS", help="the site's size")
    parser.add_argument("--no-seed", action="store_true", help="skip the shipped site")
    parser.add_argument("--no-site", action="store_true", help="skip the site")
    parser.add_argument("--no-commands", action="store_true", help="skip the commands")
    parser.add_argument(
        "--no-validate", action="store_true", help="skip offerings validate on large catalogues"
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if args.quick:
        seed_repetitions, plan, site_plan, command_repetitions = 1, {10: 1}, (20, 1), 1
    else:
        # About eight minutes on two idle cores; the largest sizes have fewer rounds.
        seed_repetitions, plan, site_plan = 11, {10: 5, MIDDLE: 5, LARGE: 2}, (500, 3)
        command_repetitions = 15
    if args.sizes is not None:
        plan = dict(args.sizes)
    site_plan = args.site or site_plan
    with_datatemplates = datatemplates_available(install=not args.quick) is not None
    if not with_datatemplates:
        progress("sphinxcontrib-datatemplates is not available: skipped")
    work = args.keep or Path(tempfile.mkdtemp(prefix="offerings-bench-"))
    warm = not args.quick
    sections = []
    try:
        if not args.no_seed:
            seed = bench_seed(work, seed_repetitions, warm_up=warm)
            counts = f"{seed_repetitions} runs each" + (
                ", after a round of warm-up" if warm else ""
            )
            sections.append(seed_section(seed, counts))
        sizes = {
            # bytecode and file caches are warm after the first size
            size: bench_table(
                work, size, repetitions, with_datatemplates, warm_up=index == 0 and warm
            )
            for index, (size, repetitions) in enumerate(plan.items())
        }
        if sizes:
            counts = ", ".join(f"{n} runs at N={size:,}" for size, n in plan.items())
            sections.append(tables_section(sizes, counts))
        if not args.no_site:
            sections.append(site_section(bench_site(work, *site_plan, warm_up=False)))
        if not args.no_commands:
            commands = bench_commands(work, command_repetitions, warm)
            sections.append(commands_section(commands, f"{command_repetitions} runs"))
        if not args.no_validate:
            from validate_sizes import bench_validate  # it imports this module

            sections.append(bench_validate(work, quick=args.quick))
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    earlier = args.out.read_text("utf-8") if args.out.exists() else ""
    seconds = time.perf_counter() - started
    text = report(sections, quick=args.quick, seconds=seconds, earlier=earlier, fresh=args.fresh)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, "utf-8")
    progress(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
