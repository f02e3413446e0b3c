"""The benchmark still runs: once, at the smallest sizes, into a scratch file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOT


def test_benchmark_runs(tmp_path: Path) -> None:
    out = tmp_path / "RESULTS.md"
    argv = [sys.executable, str(ROOT / "bench" / "bench.py"), "--quick", "--out", str(out)]
    # The runs it times write bytecode, as Python does by default: here, not into the tree.
    env = {**os.environ, "PYTHONPYCACHEPREFIX": str(tmp_path / "pycache")}
    done = subprocess.run(argv, env=env, capture_output=True, text=True, check=False, timeout=600)
    assert done.returncode == 0, done.stderr
    results = out.read_text("utf-8")
    parts = (
        "The shipped site",
        "hand-typed seed page",
        "### N = 10",
        "list-table",
        "extension",
        "A site of 20 pages",
        "figures typed by hand",
        "Pages the rebuild read: p010.",
        "offerings validate",
        "## `offerings validate` on large catalogues",
        "a loop of 250",
    )
    for part in parts:
        assert part in results, part
    assert "## Targets" in results
