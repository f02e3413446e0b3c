"""What the speed-up code that 4ac6702 removed paid, piece by piece.

The extension as of 44eac28 (everything in), that tree with one piece switched off
(patched in a copy), and 4ac6702 (everything removed), each building bench.py's one-page
table, against its list-table, in alternating rounds; writes its section of RESULTS.md,
which bench.py keeps.

    .venv/bin/python bench/removals.py [--sizes 50:9 1000:7 10000:4] [--out FILE]
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Sequence
from functools import partial
from pathlib import Path

from bench import (
    LIST_TABLE,
    REMOVALS_HEADING,
    ROOT,
    Series,
    extension_page,
    fresh_build,
    html_page,
    list_table_page,
    make_project,
    progress,
    rounds,
    section,
    size_plan,
    table,
    table_cells,
    write_catalogue,
)

BEFORE, AFTER = "44eac28", "4ac6702"
EVERYTHING, REMOVED = f"everything ({BEFORE})", f"everything removed ({AFTER})"
STARTTAG = """def visit_html(self: HTML5Translator, node: offering_value) -> None:
    attributes = {f"data-offerings-{name}": node[name] for name in ("ref", "field", "value")}
    self.body.append(self.starttag(node, "span", "", **attributes))


"""
Patch = tuple[str, str, str, int]  # file under ext/sphinx_offerings, pattern, replacement, count
#: Each piece, switched off: the changes to 44eac28's tree.
PIECES: dict[str, list[Patch]] = {
    "gc paused while building (`bulk.gc_paused` a no-op)": [
        ("bulk.py", r"    enabled = gc\.isenabled\(\)\n.*?gc\.enable\(\)\n", "    yield\n", 1)
    ],
    "gc.freeze on pages of 1,000 rows or more (`bulk.freeze` a no-op)": [
        ("bulk.py", r"\n    gc\.freeze\(\)\n", "\n    pass\n", 1)
    ],
    "no collection at exit (`bulk.skip_last_collection` a no-op)": [
        (
            "bulk.py",
            r"    atexit\.unregister\(gc\.freeze\)\n    atexit\.register\(gc\.freeze\)\n",
            "    pass\n",
            1,
        )
    ],
    "HTML rows made while writing (`WRITTEN_ROWS_BUILDERS = frozenset()`)": [
        (
            "sphinxext/domain.py",
            r"WRITTEN_ROWS_BUILDERS = frozenset\(\{.*?\}\)",
            "WRITTEN_ROWS_BUILDERS: frozenset[str] = frozenset()",
            1,
        )
    ],
    "hand-made span tags (`self.starttag` in `visit_html`)": [
        ("sphinxext/writers.py", r"def visit_html\(.*?\n\n\n", STARTTAG, 1)
    ],
    "`holding` and `sys.intern` (plain `append`, plain strings)": [
        (
            "render/nodes.py",
            r"    node\.children = list\(children\)\n    for child in children:\n"
            r"        child\.parent = node\n",
            "    for child in children:\n        node.append(child)\n",
            1,
        ),
        ("render/nodes.py", r'sys\.intern\((f"offerings-\{\w+\}")\)', r"\1", 2),
    ],
}


def tree(folder: Path, commit: str, patches: Sequence[Patch] = ()) -> Path:
    """The extension's folder (``ext``) at ``commit``, copied into ``folder`` and patched."""
    folder.mkdir(parents=True)
    archive = subprocess.run(
        ["git", "-C", str(ROOT), "archive", commit, "ext"], capture_output=True, check=True
    )
    subprocess.run(["tar", "-x", "-C", str(folder)], input=archive.stdout, check=True)
    for name, pattern, replacement, count in patches:
        path = folder / "ext" / "sphinx_offerings" / name
        text, made = re.subn(pattern, replacement, path.read_text("utf-8"), flags=re.DOTALL)
        assert made == count, (name, pattern, made)
        path.write_text(text, "utf-8")
    return folder / "ext"


def bench_size(
    work: Path, trees: dict[str, Path], size: int, repetitions: int, *, warm_up: bool
) -> Series:
    folder = work / f"n{size}"
    paths = write_catalogue(folder / "data", size)
    projects = {
        LIST_TABLE: make_project(folder / "list-table", *list_table_page(table_cells(paths)))
    }
    for index, (name, ext) in enumerate(trees.items()):
        projects[name] = make_project(folder / f"v{index}", *extension_page(paths, ext))
    series = Series()
    variants = {name: partial(fresh_build, project) for name, project in projects.items()}
    rounds(variants, repetitions, series, f"N={size:,}", warm_up=warm_up)
    for name, project in projects.items():
        assert html_page(project, "catalogue").count("<tr") == size + 1, name
    return series


SIZES: dict[int, int] = {50: 9, 1_000: 7, 10_000: 4}


def removals_section(sizes: dict[int, Series], argv: Sequence[str]) -> list[str]:
    counts = ", ".join(f"{len(s.runs[LIST_TABLE])} at N={n:,}" for n, s in sizes.items())
    lines = [
        REMOVALS_HEADING,
        "",
        f"`{' '.join(['.venv/bin/python bench/removals.py', *argv])}` (`bench/removals.py`): "
        f"the extension at {BEFORE} with everything, the same tree with one piece switched "
        f"off (a copy, patched as the script says), and {AFTER}, which removed them all "
        "(and declares its figures in one registry). Each builds bench.py's one-page "
        "table (rtd theme, whole `sphinx-build -E -b html -q` processes) beside the same "
        f"table as a list-table, in alternating rounds ({counts}, after a round of warm-up); "
        "times are medians, and each ratio the median of the ratios within a round, of "
        "wall times or of CPU times (user and system). Where *off / everything* is above "
        "1.00x, the piece made the build faster.",
        "",
        "Each cell: median wall time, / list-table, CPU time / list-table's, peak memory.",
        "",
        "| N | list-table | " + " | ".join(["everything", REMOVED]) + " |",
        "|---|---|---|---|",
    ]
    for size, series in sizes.items():
        cells = [f"{series.median(LIST_TABLE):.2f} s"] + [
            f"{series.median(name):.2f} s, {series.ratio(name):.2f}x, "
            f"{series.ratio(name, cpu=True):.2f}x, {series.peak_mib(name):.0f} MiB"
            for name in (EVERYTHING, REMOVED)
        ]
        lines.append(f"| {size:,} | " + " | ".join(cells) + " |")
    lines.append("")
    for piece in PIECES:
        rows = [
            [
                f"{size:,}",
                f"{series.ratio(EVERYTHING):.2f}x",
                f"{series.ratio(piece):.2f}x",
                f"{series.ratio(piece, EVERYTHING):.3f}x",
                f"{series.ratio(piece, EVERYTHING, cpu=True):.3f}x",
                f"{series.peak_mib(EVERYTHING):.0f} MiB → {series.peak_mib(piece):.0f} MiB",
            ]
            for size, series in sizes.items()
        ]
        header = ["N", "everything / list-table", "piece off / list-table"]
        header += ["off / everything", "the same, CPU", "peak memory (everything → off)"]
        lines += [f"### {piece}", "", *table(header, rows), ""]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    parser.add_argument("--sizes", nargs="*", type=size_plan, metavar="N:REPS")
    args = parser.parse_args(argv)
    plan = dict(args.sizes) if args.sizes else SIZES
    work = Path(tempfile.mkdtemp(prefix="offerings-removals-"))
    try:
        trees = {EVERYTHING: tree(work / "everything", BEFORE)}
        for index, (piece, patches) in enumerate(PIECES.items()):
            trees[piece] = tree(work / f"off-{index}", BEFORE, patches)
        trees[REMOVED] = tree(work / "removed", AFTER)
        sizes = {
            size: bench_size(work, trees, size, n, warm_up=index == 0)
            for index, (size, n) in enumerate(plan.items())
        }
    finally:
        shutil.rmtree(work, ignore_errors=True)
    lines = removals_section(sizes, sys.argv[1:] if argv is None else argv)
    text = args.out.read_text("utf-8") if args.out.exists() else ""
    old = "\n".join(section(text, REMOVALS_HEADING))
    text = (
        text.replace(old, "\n".join(lines))
        if old
        else text.rstrip("\n") + "\n\n" + "\n".join(lines)
    )
    args.out.write_text(text.rstrip("\n") + "\n", "utf-8")
    progress(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
