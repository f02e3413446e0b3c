"""`offerings validate` on large catalogues, valid and not: time and peak memory.

Catalogues of 10,000 and 50,000 of bench.py's generated offerings (files of 2,000, as a
file holds at most 1 MiB), valid; the same with a mistake in every offering (an amount
written as text: each file's schema check finds them), with a mistake only the checks of
all files together find (every offering refers to a contact no file declares: every
file is read and checked first), and as empty offerings (`{}`, files of 10,000, the most a
file may hold); a chain of 2,500 offerings each priced as the next, and a loop of 2,500.
Each is a whole `offerings validate` process, timed as bench.py times builds (GNU time for
the peak memory); figures are medians.

    .venv/bin/python bench/validate_sizes.py             # replaces its section in RESULTS.md
    .venv/bin/python bench/validate_sizes.py --quick --out /tmp/results.md

bench.py runs it too, as a section of the whole report.
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from bench import BIN, ROOT, Check, Run, progress, run, section, table, write_catalogue

HEADING = "## `offerings validate` on large catalogues"
SIZES, QUICK_SIZES = (10_000, 50_000), (1_000, 5_000)
CHAIN = 2_500
#: The targets: a catalogue of 50,000 invalid offerings checked in under 5 s and 500 MB.
SECONDS, MIB = 5.0, 500


@dataclass
class Case:
    name: str
    offerings: int
    paths: list[Path]
    returncode: int  # 0 valid, 1 invalid
    runs: list[Run]

    def median(self, *, cpu: bool = False) -> float:
        return statistics.median(r.cpu if cpu else r.seconds for r in self.runs)

    def least_cpu(self) -> float:
        """The least CPU time of the runs: the least swayed by what else the machine runs."""
        return min(r.cpu for r in self.runs)

    def peak_mib(self) -> float:
        return max(r.peak_kib for r in self.runs) / 1024


def edited(paths: list[Path], folder: Path, edit: Callable[[str], str]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    copies = []
    for path in paths:
        copy = folder / path.name
        copy.write_text(edit(path.read_text("utf-8")), "utf-8")
        copies.append(copy)
    return copies


def empty_offerings(folder: Path, size: int, per_file: int = 10_000) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for first in range(0, size, per_file):
        path = folder / f"empty-{first // per_file + 1}.yaml"
        path.write_text("offerings:\n" + "- {}\n" * min(per_file, size - first), "utf-8")
        paths.append(path)
    return paths


def chain(folder: Path, length: int, *, loop: bool) -> list[Path]:
    """``length`` offerings, each priced as the next; the last as the first (a loop) or
    with an amount."""
    lines = ["currency: CAD", "contacts:", "  support: {email: s@example.com, label: us}"]
    lines.append("offerings:")
    for index in range(length):
        following = (index + 1) % length if loop or index + 1 < length else None
        price = f"{{same_as: o{following}}}" if following is not None else "350"
        lines.append(f"- {{id: o{index}, group: all, name: Offering {index}, price: {price}}}")
    path = folder / ("loop.yaml" if loop else "chain.yaml")
    folder.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return [path]


MINIMAL = ROOT / "tests" / "catalogues" / "minimal.yaml"
FLOOR = "two offerings (the start-up)"
#: Mistakes in one file of values that are not offerings: each found in about a second.
LONG = 60_000
#: Features in one file: as many as its 1 MiB holds.
FEATURES = 45_000
ONE_FILE_SECONDS = 2.0


def one_file(folder: Path, name: str, addition: str) -> list[Path]:
    """minimal.yaml with ``addition`` put after the name of its second offering (a line
    of its own, at its indent) or, for a top-level key, at the end."""
    text = MINIMAL.read_text("utf-8")
    if addition.startswith("    "):
        text = text.replace("    name: Advisory\n", f"    name: Advisory\n{addition}\n")
    else:
        text += addition
    folder.mkdir(parents=True, exist_ok=True)
    (path := folder / f"{name}.yaml").write_text(text, "utf-8")
    return [path]


def long_lists(work: Path, length: int) -> list[Case]:
    mixed = ", ".join(f"x{i}" if i % 2 else str(i) for i in range(length))
    repeated = ", ".join(f"x{i % (length // 2)}" for i in range(length))
    features = "".join(f"  f{i}: {{name: F}}\n" for i in range(length * FEATURES // LONG))
    return [
        Case(
            f"tags: {length:,} of text and numbers, one file",
            2,
            one_file(work, "tags-mixed", f"    tags: [{mixed}]"),
            1,
            [],
        ),
        Case(
            f"tags: {length:,} of text, one repeated, one file",
            2,
            one_file(work, "tags-repeated", f"    tags: [{repeated}]"),
            1,
            [],
        ),
        Case(
            f"features: {length * FEATURES // LONG:,}, the last one wrong, one file",
            2,
            one_file(work, "features", f"features:\n{features}  zz: {{name: 5}}\n"),
            1,
            [],
        ),
    ]


def cases(work: Path, sizes: Sequence[int], chain_length: int) -> list[Case]:
    found = [Case(FLOOR, 2, [MINIMAL], 0, [])]
    for size in sizes:
        valid = write_catalogue(work / f"valid-{size}", size)
        found += [
            Case(f"valid, {size:,}", size, valid, 0, []),
            Case(
                f"a mistake in every offering, {size:,}",
                size,
                edited(valid, work / f"amounts-{size}", _amounts_as_text),
                1,
                [],
            ),
            Case(
                f"a mistake found with all files, {size:,}",
                size,
                edited(valid, work / f"contacts-{size}", _undeclared_contact),
                1,
                [],
            ),
            Case(
                f"empty offerings, {size:,}",
                size,
                empty_offerings(work / f"empty-{size}", size),
                1,
                [],
            ),
        ]
    found += [
        Case(
            f"a chain of {chain_length:,}",
            chain_length,
            chain(work, chain_length, loop=False),
            1,
            [],
        ),
        Case(
            f"a loop of {chain_length:,}", chain_length, chain(work, chain_length, loop=True), 1, []
        ),
        *long_lists(work / "one-file", LONG if chain_length == CHAIN else LONG // 10),
    ]
    return found


def _amounts_as_text(text: str) -> str:
    return text.replace("    price: {amount: ", "    price: {amount: x").replace(
        "    price: 1", "    price: x1"
    )


def _undeclared_contact(text: str) -> str:
    return text.replace("submit: {contact: support,", "submit: {contact: helpdesk,")


def measure(found: list[Case], repetitions: int) -> None:
    offerings = str(BIN / "offerings")
    for round_ in range(repetitions):
        for case in found:
            progress(f"offerings validate: {case.name} ({round_ + 1}/{repetitions})")
            argv = [offerings, "validate", *map(str, case.paths)]
            case.runs.append(run(argv, cwd=ROOT, returncode=case.returncode))


def validate_section(found: list[Case], repetitions: int) -> tuple[list[str], list[Check]]:
    rows = [
        [
            case.name,
            str(len(case.paths)),
            f"{sum(p.stat().st_size for p in case.paths) / 1024**2:.1f} MiB",
            "valid" if case.returncode == 0 else "invalid",
            f"{case.median():.2f} s",
            f"{case.median(cpu=True):.2f} s",
            f"{case.least_cpu():.2f} s",
            f"{case.peak_mib():.0f} MiB",
        ]
        for case in found
    ]
    by_name = {case.name: case for case in found}
    sizes = sorted({case.offerings for case in found if case.name.startswith("valid")})
    small, large = sizes[0], sizes[-1]
    floor = by_name[FLOOR].least_cpu()
    growth = []
    for kind in ("valid", "a mistake found with all files"):
        per_offering = [
            (by_name[f"{kind}, {size:,}"].least_cpu() - floor) / size for size in (small, large)
        ]
        growth.append((kind, per_offering[1] / per_offering[0]))
    chain_length = max(c.offerings for c in found if c.name.startswith("a chain"))
    invalid = [c for c in found if c.offerings == large and c.returncode == 1]
    slowest = max(invalid, key=lambda c: c.median())
    one_files = [c for c in found if c.name.endswith("one file")]
    slowest_file = max(one_files, key=lambda c: c.median())
    checks: list[Check] = [
        (
            f"{large:,} invalid offerings (each kind): under {SECONDS:.0f} s",
            slowest.median() < SECONDS,
            f"{slowest.median():.2f} s at most ({slowest.name})",
        ),
        (
            "one file of a long list of tags or a large map of features, with mistakes: "
            f"under {ONE_FILE_SECONDS:.0f} s",
            slowest_file.median() < ONE_FILE_SECONDS,
            f"{slowest_file.median():.2f} s at most ({slowest_file.name})",
        ),
        (
            f"{large:,} invalid offerings (each kind): under {MIB} MiB",
            max(c.peak_mib() for c in invalid) < MIB,
            f"{max(c.peak_mib() for c in invalid):.0f} MiB at most",
        ),
        *(
            (
                f"{kind}: least CPU time per offering (beyond the start-up) at {large:,} "
                f"within 1.25x of that at {small:,}",
                ratio <= 1.25,
                f"{ratio:.2f}x",
            )
            for kind, ratio in growth
        ),
    ]
    lines = [
        HEADING,
        "",
        f"Whole `offerings validate` processes, {repetitions} "
        f"run{'s' if repetitions != 1 else ''} of each, in rounds; "
        "medians of wall and CPU time (user and system), and the largest resident set; the "
        "growth figures compare the least CPU time of each, the least swayed by the "
        "machine's other work. "
        "Generated by `bench/validate_sizes.py` (bench.py's offerings, files of 2,000; empty "
        "offerings in files of 10,000). A mistake in every offering: each amount written as "
        "text, found file by file (the check stops after 1,000 errors); found with all "
        "files: every offering's incidents go to a contact no file declares; a chain: each "
        f"price the next one's, {chain_length:,} long (a price may follow at most 100); a loop: "
        "the same, the last priced as the first. One file: `tests/catalogues/minimal.yaml` "
        "with a long list of tags (numbers among them, or one repeated), or a map of "
        "features whose last one is wrong. The start-up: the two offerings of "
        "`tests/catalogues/minimal.yaml`, whose CPU time the growth figures leave out.",
        "",
        *table(
            [
                "catalogue",
                "files",
                "size",
                "verdict",
                "median",
                "CPU time",
                "least CPU time",
                "peak memory",
            ],
            rows,
        ),
        "",
        *table(
            ["target", "result", "figure"],
            [[name, "met" if met else "**not met**", figure] for name, met, figure in checks],
        ),
        "",
    ]
    return lines, checks


def bench_validate(work: Path, *, quick: bool) -> tuple[list[str], list[Check]]:
    """The section for bench.py's report."""
    repetitions = 1 if quick else 5
    found = cases(work / "validate", QUICK_SIZES if quick else SIZES, 250 if quick else CHAIN)
    measure(found, repetitions)
    return validate_section(found, repetitions)


def replace_section(text: str, lines: list[str]) -> str:
    """``text`` (a report) with this section replaced, or added before the targets."""
    old = section(text, HEADING)
    new = "\n".join(lines).rstrip("\n") + "\n"
    if old:
        return text.replace("\n".join(old).rstrip("\n") + "\n", new, 1)
    at = text.find("\n## Targets\n")
    return text + "\n" + new if at < 0 else text[: at + 1] + new + "\n" + text[at + 1 :]


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="smaller sizes, one run each")
    parser.add_argument("--out", type=Path, default=ROOT / "bench" / "RESULTS.md")
    args = parser.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="offerings-validate-"))
    try:
        lines, _checks = bench_validate(work, quick=args.quick)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    earlier = args.out.read_text("utf-8") if args.out.exists() else "# Benchmark results\n"
    args.out.write_text(replace_section(earlier, lines), "utf-8")
    progress(f"wrote {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
