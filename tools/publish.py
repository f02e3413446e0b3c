"""Build a Sphinx site beside the published one, then publish it in one step.

    python tools/publish.py SOURCEDIR BUILDDIR [-- SPHINX-BUILD OPTIONS]

`make html` runs it with the environment's python, which has sphinx-build beside it.
BUILDDIR then holds:

    html -> site/html, doctrees -> site/doctrees    links, made once
    site -> site.N                                   the published version
    site.N/html, site.N/doctrees                     what one sphinx-build wrote
    publish.lock                                     held while a run works here

A run takes the lock (a second run says it waits, and waits); copies the published
version to site.N+1, so the build is incremental; runs sphinx-build -b html there; and
when that succeeds, points `site` at it with one rename(2): whoever reads BUILDDIR/html
finds the old site or the new one, whole. Whatever else is named site.* (a version not
published, the one replaced, a link not yet renamed) is then removed: after a success,
a failure, SIGINT, SIGTERM or SIGHUP, and after a SIGKILL by the next run. sphinx-build
inherits the lock, so one left running by a SIGKILL holds it until it ends.

Exit status: 0 when the new site is published; sphinx-build's own when it fails (the
published site is then unchanged); 2 on a usage error; interrupted, the run ends by the
same signal, once it has cleaned up.

For tests only: OFFERINGS_PUBLISH_TEST_SIGNAL=STEP:SIGNAL (SIGINT, SIGKILL...) makes the
run send itself SIGNAL at STEP: `built` (sphinx-build succeeded), `linked` (the new
link made, not yet renamed over `site`) or `swapped` (renamed, the version it replaced
not yet removed).
"""

from __future__ import annotations

import argparse
import contextlib
import ctypes
import errno
import fcntl
import os
import shutil
import signal
import stat
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from types import FrameType

LINKS = ("html", "doctrees")
# What the Makefile left before this script: built and swapped folders.
OLD_LEFTOVERS = frozenset({"html.next", "doctrees.next", "html.old", "doctrees.old"})
STOPPING = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
PID_WIDTH = 12  # the lock file holds the pid of the run holding it, padded to this
TEST_SIGNAL = "OFFERINGS_PUBLISH_TEST_SIGNAL"
STEPS = ("built", "linked", "swapped")


class Stopped(Exception):
    """A signal asked the run to stop (SIGINT as KeyboardInterrupt, the others as this)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _stop(signum: int, _frame: FrameType | None) -> None:
    raise Stopped(signum)


@contextlib.contextmanager
def deferred() -> Iterator[None]:
    """Signals held back until the block ends: a step that must finish once begun."""
    before = signal.pthread_sigmask(signal.SIG_BLOCK, STOPPING)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def checkpoint(step: str) -> None:
    """For tests: the signal OFFERINGS_PUBLISH_TEST_SIGNAL names for this step."""
    at, _, name = os.environ.get(TEST_SIGNAL, "").partition(":")
    if at == step:
        os.kill(os.getpid(), signal.Signals[name])


@contextlib.contextmanager
def locked(build: Path) -> Iterator[int]:
    """The build folder's lock, held until the block ends; its file descriptor."""
    descriptor = os.open(build / "publish.lock", os.O_RDWR | os.O_CREAT, 0o644)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            holder = os.pread(descriptor, PID_WIDTH, 0).decode().strip()
            print(
                f"publish: {build} is being built by another run"
                f"{f' (pid {holder})' if holder else ''}; waiting for it to finish",
                file=sys.stderr,
                flush=True,
            )
            fcntl.flock(descriptor, fcntl.LOCK_EX)
        # One write of a fixed width: a waiting run reads this pid or the one before.
        os.pwrite(descriptor, f"{os.getpid():<{PID_WIDTH - 1}}\n".encode(), 0)
        yield descriptor
    finally:
        os.close(descriptor)


def published(build: Path) -> Path | None:
    """The version `site` points at, if there is one."""
    link = build / "site"
    return build / link.readlink() if link.is_symlink() else None


def remove(path: Path) -> None:
    if path.is_symlink() or path.is_file():
        path.unlink()
    elif path.exists():
        shutil.rmtree(path)


def point(link: Path, target: str, step: str = "") -> None:
    """Make link a symlink to target by one rename of a new link over it. A folder in its
    place (the layout before this script) is moved aside first, the one time."""
    if link.is_symlink() and link.readlink() == Path(target):
        return
    new = link.with_name(f"site.{link.name}-link")
    remove(new)
    new.symlink_to(target)
    if step:
        checkpoint(step)
    if link.is_dir() and not link.is_symlink():
        if exchange(new, link):  # the folder is now named site.*, for the sweep
            return
        aside = link.with_name(f"site.{link.name}-old")  # a moment with neither
        remove(aside)
        link.rename(aside)
    new.replace(link)


def exchange(first: Path, second: Path) -> bool:
    """Swap two names in one step (Linux's renameat2 with RENAME_EXCHANGE), as rename(2)
    cannot put a link in a folder's place; False where the system cannot."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_cwd, rename_exchange = -100, 2
    names = (os.fsencode(first.absolute()), os.fsencode(second.absolute()))
    if renameat2(at_cwd, names[0], at_cwd, names[1], rename_exchange) == 0:
        return True
    if (code := ctypes.get_errno()) in (errno.EINVAL, errno.ENOSYS, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(second))


def link_site(build: Path) -> None:
    """BUILDDIR/html and doctrees: links into whatever `site` points at."""
    for name in LINKS:
        point(build / name, f"site/{name}")


def sweep(build: Path) -> None:
    """Keep the published version and its links; remove every other site.* and what the
    Makefile used to leave."""
    current = published(build)
    if current is not None:
        link_site(build)
    for entry in build.iterdir():
        if entry.name in OLD_LEFTOVERS or (entry.name.startswith("site.") and entry != current):
            remove(entry)


def state(build: Path) -> str:
    current = published(build)
    if current is not None:
        return f"{build / 'html'} is {current.name}"
    if (build / "html").is_dir():
        return f"{build / 'html'} is unchanged"
    return "nothing is published"


def sphinx_build(source: Path, version: Path, options: Sequence[str], lock: int) -> int:
    """sphinx-build -b html into version/, with the lock; stopped if this run is."""
    command = [str(Path(sys.executable).with_name("sphinx-build")), "-b", "html"]
    command += ["-d", str(version / "doctrees"), *options, str(source), str(version / "html")]
    process = subprocess.Popen(command, pass_fds=(lock,))
    try:
        return process.wait()
    finally:
        with deferred():
            if process.poll() is None:
                process.terminate()
            process.wait()


def publish(source: Path, build: Path, options: Sequence[str], lock: int) -> int:
    with deferred():
        sweep(build)
    current = published(build)
    version = build / f"site.{int(current.suffix[1:]) + 1 if current else 1}"
    try:
        version.mkdir()
        # A copy, so the build is incremental. Before this script, the site and its
        # doctrees were the folders BUILDDIR/html and BUILDDIR/doctrees themselves.
        base = build if current is None else current
        for name in LINKS:
            if (base / name).is_dir():
                shutil.copytree(base / name, version / name, symlinks=True)
        for walked, _folders, _files in os.walk(version):  # not into links
            folder = Path(walked)
            folder.chmod(folder.stat().st_mode | stat.S_IRWXU)  # the build writes in each
        status = sphinx_build(source, version, options, lock)
        if status != 0:
            print(f"publish: sphinx-build failed (exit {status}); {state(build)}", file=sys.stderr)
            return status if status > 0 else 1
        checkpoint("built")
        with deferred():
            point(build / "site", version.name, step="linked")
            link_site(build)
        checkpoint("swapped")
    finally:
        with deferred():
            sweep(build)
    print(f"publish: {state(build)}")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="publish.py", description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("source", type=Path, help="the Sphinx source folder")
    parser.add_argument("build", type=Path, help="the build folder: BUILDDIR/html is the site")
    parser.add_argument("options", nargs="*", help="sphinx-build options, after --")
    args = parser.parse_args(argv)
    at, _, name = os.environ.get(TEST_SIGNAL, "").partition(":")
    if at and (at not in STEPS or name not in signal.Signals.__members__):
        parser.error(f"{TEST_SIGNAL}={at}:{name}: give STEP:SIGNAL, STEP one of {STEPS}")

    for other in (signal.SIGTERM, signal.SIGHUP):  # SIGINT raises KeyboardInterrupt
        signal.signal(other, _stop)
    try:
        args.build.mkdir(parents=True, exist_ok=True)
        with locked(args.build) as lock:
            return publish(args.source, args.build, args.options, lock)
    except KeyboardInterrupt:
        return _end(signal.SIGINT, args.build)
    except Stopped as stop:
        return _end(stop.signum, args.build)
    except OSError as exc:  # a read-only or full _build: the published site is untouched
        where = f": {exc.filename}" if exc.filename else ""
        print(f"publish: {exc.strerror or exc}{where}; {_said(args.build)}", file=sys.stderr)
        return 1


def _said(build: Path) -> str:
    try:
        return state(build)
    except OSError:
        return "nothing is published"


def _end(signum: int, build: Path) -> int:
    """End as the signal would have (make and the shell see it), once cleaned up."""
    print(f"publish: stopped by {signal.Signals(signum).name}; {state(build)}", file=sys.stderr)
    signal.signal(signum, signal.SIG_DFL)
    os.kill(os.getpid(), signum)
    return 128 + signum


if __name__ == "__main__":
    sys.exit(main())
