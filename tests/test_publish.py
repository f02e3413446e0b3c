"""Publishing: whatever happens to a build, `_build/html` is one whole site.

`make html` runs tools/publish.py, which builds beside the published site and swaps the
new one in with one rename, one run at a time. These tests run it while another run
works, and stop it at each of its steps: the build is held mid-write by a gate in the
project's conf.py (until the test opens it), and the script's own steps are reached with
OFFERINGS_PUBLISH_TEST_SIGNAL, which makes it signal itself there. Nothing is timed.
"""

from __future__ import annotations

import contextlib
import importlib.util
import os
import re
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from conftest import ROOT, tree_digest

PUBLISH = ROOT / "tools" / "publish.py"
SPHINX_BUILD = Path(sys.executable).with_name("sphinx-build")
OPTIONS = ("-q", "-n", "-W", "--keep-going")
MAKE_HTML = ("make", "-s", "html", "PYTHON=false")  # PYTHON=false: nothing is installed
TIMEOUT = 60  # seconds any one wait may take before the test fails
SIGINT, SIGTERM, SIGKILL = signal.SIGINT, signal.SIGTERM, signal.SIGKILL

# Appended to a conf.py. With PUBLISH_GATE set, the build stops as it writes the search
# page (every build writes it, even when no page changed), adds a line to
# PUBLISH_GATE/builds, writes PUBLISH_GATE/held with the pid of the process that started
# sphinx-build, and goes on once PUBLISH_GATE/open exists.
GATE = """

def setup(app):
    import os
    import time
    from pathlib import Path

    def hold(app, pagename, *args):
        gate = os.environ.get("PUBLISH_GATE")
        if gate and pagename == "search":
            with Path(gate, "builds").open("a") as builds:
                builds.write("held\\n")
            Path(gate, "held.part").write_text(str(os.getppid()))
            Path(gate, "held.part").replace(Path(gate, "held"))
            deadline = time.monotonic() + 300
            while not Path(gate, "open").exists() and time.monotonic() < deadline:
                time.sleep(0.01)

    app.connect("html-page-context", hold)
"""


def wait_for(condition: Callable[[], bool], what: str) -> None:
    deadline = time.monotonic() + TIMEOUT
    while not condition():
        assert time.monotonic() < deadline, f"no {what} after {TIMEOUT} s"
        time.sleep(0.01)


@dataclass
class Gate:
    folder: Path

    def env(self) -> dict[str, str]:
        return {**os.environ, "PUBLISH_GATE": str(self.folder)}

    def held(self) -> int:
        """Once a build waits at the gate: the pid of the process that runs sphinx-build."""
        wait_for((self.folder / "held").exists, "build at the gate")
        return int((self.folder / "held").read_text())

    def builds(self) -> int:
        """How many builds have come to the gate."""
        path = self.folder / "builds"
        return len(path.read_text().splitlines()) if path.exists() else 0

    def open(self) -> None:
        (self.folder / "open").touch()


@pytest.fixture
def gate(tmp_path: Path) -> Gate:
    (tmp_path / "gate").mkdir()
    return Gate(tmp_path / "gate")


@dataclass
class Run:
    process: subprocess.Popen[bytes]
    log: Path

    def output(self) -> str:
        return self.log.read_text("utf-8")

    def finish(self) -> int:
        return self.process.wait(timeout=TIMEOUT)


@pytest.fixture(autouse=True)
def interruptible() -> Iterator[None]:
    """The commands started here get SIGINT as from a terminal, whatever ran the tests: a
    job a shell puts in the background without job control (nohup ... &) has it ignored,
    and its children inherit that; a handler here is reset to the default in them."""
    before = signal.getsignal(SIGINT)
    if before == signal.SIG_IGN:
        signal.signal(SIGINT, signal.default_int_handler)
    yield
    signal.signal(SIGINT, before)


@pytest.fixture
def start(tmp_path: Path) -> Iterator[Callable[..., Run]]:
    """Starts a command in a session of its own (so a signal can go to all it runs, as
    Ctrl-C does), its output in a file; whatever is left of the session is killed after."""
    runs: list[Run] = []

    def run(argv: tuple[str, ...] | list[str], cwd: Path, env: dict[str, str] | None = None) -> Run:
        log = tmp_path / f"run-{len(runs)}.log"
        with log.open("wb") as out:
            process = subprocess.Popen(
                argv,
                cwd=cwd,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        runs.append(Run(process, log))
        return runs[-1]

    yield run
    for each in runs:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(each.process.pid, SIGKILL)  # a sphinx-build orphaned by a test's SIGKILL
        each.process.wait()


def leftovers(build: Path) -> list[str]:
    """What the build folder holds besides the published site, its links and the lock."""
    kept = {"html", "doctrees", "site", "publish.lock"}
    if (build / "site").is_symlink():
        kept.add(str((build / "site").readlink()))
    return sorted(entry.name for entry in build.iterdir() if entry.name not in kept)


@dataclass
class Tiny:
    """A two-page project, each page saying which edition of the sources it was built from."""

    src: Path
    build: Path
    files: list[str]  # what a whole build of it holds

    def write(self, edition: str) -> None:
        (self.src / "index.rst").write_text(
            f"Edition {edition}\n=========\n\n.. toctree::\n\n   page\n", "utf-8"
        )
        (self.src / "page.rst").write_text(f"Page\n====\n\nThis is edition {edition}.\n", "utf-8")

    def command(self) -> list[str]:
        return [sys.executable, str(PUBLISH), str(self.src), str(self.build), "--", *OPTIONS]

    def publish(self, **env: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            self.command(),
            env={**os.environ, **env},
            capture_output=True,
            text=True,
            timeout=TIMEOUT,
            check=False,
        )

    def published(self) -> None:
        result = self.publish()
        assert result.returncode == 0, result.stdout + result.stderr

    def shown(self) -> str:
        """The edition `_build/html` shows, after checking it is whole and one build's."""
        html = self.build / "html"
        assert sorted(tree_digest(html)) == self.files
        assert (self.build / "doctrees" / "environment.pickle").is_file()
        editions: set[str] = {
            found
            for page in ("index", "page")
            for found in re.findall(r"[Ee]dition (\w)\b", (html / f"{page}.html").read_text())
        }
        assert len(editions) == 1, editions
        return editions.pop()


@pytest.fixture(scope="session")
def tiny_files(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The files of a whole build of the tiny project, built by sphinx-build alone."""
    work = tmp_path_factory.mktemp("tiny-reference")
    tiny = Tiny(work / "src", work / "build", [])
    tiny.src.mkdir()
    (tiny.src / "conf.py").write_text('project = "Tiny"\n', "utf-8")
    tiny.write("A")
    argv = [str(SPHINX_BUILD), *OPTIONS, "-d", str(work / "doctrees"), str(tiny.src)]
    subprocess.run([*argv, str(work / "html")], check=True, timeout=TIMEOUT)
    return sorted(tree_digest(work / "html"))


@pytest.fixture
def tiny(tmp_path: Path, tiny_files: list[str]) -> Tiny:
    """The tiny project, edition A, not yet built; its conf.py has the gate."""
    project = Tiny(tmp_path / "src", tmp_path / "_build", tiny_files)
    project.src.mkdir()
    (project.src / "conf.py").write_text('project = "Tiny"\n' + GATE, "utf-8")
    project.write("A")
    return project


def complete_site(html: Path, docs: Path) -> list[str]:
    """What a built copy of the real site lacks: a page of docs/, the index, offerings.json."""
    wanted = [f"{page.stem}.html" for page in docs.glob("*.rst")]
    wanted += [
        "index.html",
        "offerings.json",
        "searchindex.js",
        "_static/sphinx-offerings/offerings.css",
    ]
    return sorted(name for name in wanted if not (html / name).is_file())


def test_two_make_html_at_once_take_turns(
    project: Path, gate: Gate, start: Callable[..., Run]
) -> None:
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(GATE)
    first = start(MAKE_HTML, project, gate.env())
    gate.held()  # the first run is writing the site
    second = start(MAKE_HTML, project, gate.env())
    waits = "waiting for it to finish"
    wait_for(lambda: waits in second.output() or gate.builds() == 2, "wait nor second build")
    gate.open()
    assert first.finish() == 0, first.output()
    assert second.finish() == 0, second.output()
    assert waits in second.output()
    build = project / "_build"
    assert complete_site(build / "html", project / "docs") == []
    assert (build / "doctrees" / "environment.pickle").is_file()
    assert leftovers(build) == []


def test_ctrl_c_during_make_html_leaves_the_last_site_alone(
    project: Path, gate: Gate, start: Callable[..., Run]
) -> None:
    with (project / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write(GATE)
    assert start(MAKE_HTML, project).finish() == 0
    build = project / "_build"
    before = tree_digest(build / "html")
    interrupted = start(MAKE_HTML, project, gate.env())
    gate.held()
    os.killpg(interrupted.process.pid, SIGINT)  # as Ctrl-C does: make and all it runs
    assert interrupted.finish() != 0
    assert tree_digest(build / "html") == before
    assert leftovers(build) == []
    assert "stopped by SIGINT" in interrupted.output()


def test_publishes_started_together_leave_one_whole_site(
    tiny: Tiny, start: Callable[..., Run]
) -> None:
    runs = [start(tiny.command(), tiny.src) for _ in range(3)]
    assert [run.finish() for run in runs] == [0, 0, 0], [run.output() for run in runs]
    assert tiny.shown() == "A"
    assert leftovers(tiny.build) == []


@pytest.mark.parametrize(
    ("step", "signum", "shown"),
    [
        ("built", SIGINT, "A"),
        ("built", SIGKILL, "A"),
        # The swap, once begun, finishes: an interrupt takes effect after it.
        ("linked", SIGINT, "B"),
        ("linked", SIGKILL, "A"),
        ("swapped", SIGTERM, "B"),
        ("swapped", SIGKILL, "B"),
    ],
    ids=lambda value: value.name if isinstance(value, signal.Signals) else value,
)
def test_a_signal_at_each_step_leaves_a_whole_site(
    tiny: Tiny, step: str, signum: signal.Signals, shown: str
) -> None:
    tiny.published()
    tiny.write("B")
    stopped = tiny.publish(OFFERINGS_PUBLISH_TEST_SIGNAL=f"{step}:{signum.name}")
    assert stopped.returncode == -signum, stopped.stderr
    assert tiny.shown() == shown
    if signum == SIGKILL:
        assert leftovers(tiny.build)  # nothing ran to remove them
    else:
        assert f"stopped by {signum.name}" in stopped.stderr
        assert leftovers(tiny.build) == []
    tiny.published()
    assert tiny.shown() == "B"
    assert leftovers(tiny.build) == []


@pytest.mark.parametrize(
    ("signum", "everything"),
    [(SIGINT, True), (SIGTERM, False), (SIGKILL, True), (SIGKILL, False)],
    ids=["SIGINT-all", "SIGTERM-publish", "SIGKILL-all", "SIGKILL-publish"],
)
def test_a_signal_during_the_build_leaves_the_last_site(
    tiny: Tiny, gate: Gate, start: Callable[..., Run], signum: signal.Signals, everything: bool
) -> None:
    """Sent to the publish step alone, or to it and its sphinx-build (as Ctrl-C is)."""
    tiny.published()
    before = tree_digest(tiny.build / "html")
    tiny.write("B")
    run = start(tiny.command(), tiny.src, gate.env())
    assert gate.held() == run.process.pid
    (os.killpg if everything else os.kill)(run.process.pid, signum)
    assert run.finish() == -signum, run.output()
    assert tree_digest(tiny.build / "html") == before
    if signum != SIGKILL:
        assert leftovers(tiny.build) == []

    after = start(tiny.command(), tiny.src)
    if signum == SIGKILL and not everything:
        # sphinx-build, orphaned at the gate, still holds the lock: the next run waits.
        wait_for(lambda: "waiting for it to finish" in after.output(), "word that it waits")
        gate.open()
    assert after.finish() == 0, after.output()
    assert tiny.shown() == "B"
    assert leftovers(tiny.build) == []


def test_the_folders_make_html_used_to_leave_are_taken_over(tiny: Tiny) -> None:
    """A site built before publish.py (html and doctrees as folders), with the leftovers of
    an interrupted build then, is replaced by a site published in one step."""
    argv = [str(SPHINX_BUILD), *OPTIONS, "-d", str(tiny.build / "doctrees"), str(tiny.src)]
    subprocess.run([*argv, str(tiny.build / "html")], check=True, timeout=TIMEOUT)
    for leftover in ("html.next", "doctrees.next", "html.old", "doctrees.old"):
        (tiny.build / leftover).mkdir()
    tiny.write("B")
    tiny.published()
    assert tiny.shown() == "B"
    assert (tiny.build / "html").is_symlink()
    assert leftovers(tiny.build) == []


def test_an_unknown_test_step_is_refused(tiny: Tiny) -> None:
    refused = tiny.publish(OFFERINGS_PUBLISH_TEST_SIGNAL="nowhere:SIGINT")
    assert refused.returncode == 2
    assert "OFFERINGS_PUBLISH_TEST_SIGNAL" in refused.stderr
    assert not tiny.build.exists()


def test_a_folder_is_taken_over_in_one_step(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where BUILDDIR/html is still a folder, the link takes its place in one step: a run
    killed after any rename finds BUILDDIR/html whole, the old folder or the new site."""
    publish = _module()
    (tmp_path / "site.1" / "html").mkdir(parents=True)
    (tmp_path / "site.1" / "html" / "index.html").write_text("new")
    (tmp_path / "site").symlink_to("site.1")
    (tmp_path / "html").mkdir()
    (tmp_path / "html" / "index.html").write_text("old")
    seen: list[str] = []

    def observed(move: Callable[[Path, Path], Path]) -> Callable[[Path, Path], Path]:
        def moved(self: Path, target: Path) -> Path:
            result = move(self, target)
            page = tmp_path / "html" / "index.html"
            seen.append(page.read_text() if page.exists() else "nothing")
            return result

        return moved

    monkeypatch.setattr(Path, "rename", observed(Path.rename))
    monkeypatch.setattr(Path, "replace", observed(Path.replace))
    publish.link_site(tmp_path)
    assert (tmp_path / "html").is_symlink()
    assert (tmp_path / "html" / "index.html").read_text() == "new"
    assert "nothing" not in seen, seen


def _module() -> Any:
    spec = importlib.util.spec_from_file_location("publish", PUBLISH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_a_build_folder_it_cannot_write_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    publish = _module()

    def refused(self: Path, *args: Any, **kwargs: Any) -> None:
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "mkdir", refused)
    assert publish.main([str(tmp_path / "src"), str(tmp_path / "build")]) == 1
    err = capsys.readouterr().err
    assert err == f"publish: Permission denied: {tmp_path / 'build'}; nothing is published\n"


def test_a_folder_made_read_only_in_the_site_is_writable_in_the_next_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    publish = _module()
    (tmp_path / "site.1" / "html" / "_static").mkdir(parents=True)
    (tmp_path / "site.1" / "html" / "_static").chmod(0o555)
    (tmp_path / "site").symlink_to("site.1")
    modes: list[int] = []

    def built(source: Path, version: Path, options: Any, lock: int) -> int:
        modes.append((version / "html" / "_static").stat().st_mode & 0o700)
        return 0

    monkeypatch.setattr(publish, "sphinx_build", built)
    assert publish.publish(tmp_path / "src", tmp_path, [], -1) == 0
    assert modes == [0o700]
