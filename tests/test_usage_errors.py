"""The commands' arguments are checked before they are used: a usage error (exit 2)
that names the argument, never a path, a date or a folder taken to mean another."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import CATALOGUE
from sphinx_offerings.cli import main

# An empty path would be the current folder (``Path("")``), an empty date today.
EMPTY = {
    "validate PATH": (["validate", ""], "PATH"),
    "validate PATH ...": (["validate", str(CATALOGUE), ""], "PATH"),
    "validate --conf-dir": (["validate", "--conf-dir", ""], "--conf-dir"),
    "check TARGET": (["check", ""], "TARGET"),
    "check --catalogue": (["check", ".", "--catalogue", ""], "--catalogue"),
    "check --conf-dir": (["check", ".", "--conf-dir", ""], "--conf-dir"),
    "lint DOCS_DIR": (["lint", ""], "DOCS_DIR"),
    "export --catalogue": (
        ["export", "--catalogue", str(CATALOGUE), "--catalogue", ""],
        "--catalogue",
    ),
    "export --date": (["export", "--date", ""], "--date"),
    "render --table": (["render", "--table", ""], "--table"),
    "diff OLD": (["diff", ""], "OLD"),
    "diff NEW": (["diff", str(CATALOGUE), ""], "NEW"),
    "diff --date": (["diff", "--date", ""], "--date"),
}


@pytest.mark.parametrize(("argv", "argument"), EMPTY.values(), ids=EMPTY.keys())
def test_an_empty_argument_names_nothing(
    argv: list[str],
    argument: str,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    assert main(argv) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        f"offerings {argv[0]}: error: argument {argument}: empty: give a value"
    )


def test_a_catalogue_file_given_twice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Read twice, a file's ids would each be "already used" at themselves."""
    monkeypatch.chdir(tmp_path)
    Path("a.yaml").write_bytes(CATALOGUE.read_bytes())
    Path("b.yaml").hardlink_to("a.yaml")
    Path("c.yaml").symlink_to("a.yaml")
    for names, error in [
        (["a.yaml", "a.yaml"], "a.yaml: the same catalogue file, given twice"),
        (["a.yaml", "./a.yaml"], "a.yaml and ./a.yaml: the same catalogue file, given twice"),
        (
            ["a.yaml", str(tmp_path / "a.yaml")],
            f"a.yaml and {tmp_path / 'a.yaml'}: the same catalogue file, given twice",
        ),
        (["a.yaml", "b.yaml"], "a.yaml and b.yaml: the same catalogue file, given twice"),
        (["c.yaml", "a.yaml"], "c.yaml and a.yaml: the same catalogue file, given twice"),
    ]:
        assert main(["validate", *names]) == 2
        assert capsys.readouterr().err == f"offerings: error: {error}\n"
        options = [f"--catalogue={name}" for name in names]
        assert main(["export", *options]) == 2
        assert capsys.readouterr().err == f"offerings: error: {error}\n"
    Path("d.yaml").write_bytes(CATALOGUE.read_bytes())  # the same text is another file
    assert main(["validate", "a.yaml", "d.yaml"]) == 1


@pytest.mark.parametrize("command", ["check", "diff"])
def test_interrupted_by_ctrl_c(command: str, tmp_path: Path) -> None:
    """Ctrl-C while a page is read: exit 130 and no traceback, as a shell reports it."""
    import os
    import signal
    import socket
    import subprocess
    import sys
    import time

    with socket.socket() as listening:
        listening.bind(("127.0.0.1", 0))
        listening.listen()
        url = f"http://127.0.0.1:{listening.getsockname()[1]}/page.html"
        argv = [command, url, *(["--catalogue", str(CATALOGUE)] if command == "check" else [url])]
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)}
        process = subprocess.Popen(
            [sys.executable, "-m", "sphinx_offerings", *argv],
            cwd=tmp_path,
            env=environment,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        try:
            listening.settimeout(60)
            accepted, _address = listening.accept()  # the command is waiting for an answer
            with accepted:
                time.sleep(0.2)
                process.send_signal(signal.SIGINT)
                out, err = process.communicate(timeout=60)
        finally:
            process.kill()
            process.wait()
    assert (process.returncode, out, err) == (130, b"", b"")
