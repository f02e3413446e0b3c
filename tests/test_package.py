"""The extension as a real package, and the site as a real project.

A wheel is built from the tree and installed into a fresh virtual environment, without a
package index: its dependencies are those of the environment under test (the pinned
versions, after ``make``). Another, tiny site uses it with two lines of ``conf.py``. The
hosting files (Read the Docs, the CI workflow, the pre-commit hooks) run what the Makefile
and ``.ci/run`` run, with the same pins.
"""

from __future__ import annotations

import os
import re
import shlex
import shutil
import subprocess
import sys
import sysconfig
import venv
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT
from sphinx_offerings import __version__

PACKAGE = "sphinx_offerings"

# What the package must carry besides its modules, as paths inside the wheel.
PACKAGE_DATA = [
    f"{PACKAGE}/py.typed",
    f"{PACKAGE}/schema/offerings.schema.json",
    f"{PACKAGE}/static/sphinx-offerings/offerings.css",
    *(
        f"{PACKAGE}/locale/{language}/LC_MESSAGES/{PACKAGE}.{kind}"
        for language in ("de", "es", "fr")
        for kind in ("po", "mo")
    ),
]

OTHER_CATALOGUE = """\
currency: EUR
contacts:
  sales:
    email: sales@example.org
    label: our sales team
offerings:
  - id: workshop
    group: training
    name: One-day workshop
    price: 1200
    purchase: {channel: contact, contact: sales}
"""

OTHER_CONF = """\
extensions = ["sphinx_offerings"]
offerings_catalogue = "catalogue/prices.yaml"
"""

OTHER_INDEX = """\
Training
========

A workshop costs :offerings:price:`workshop`; write to :offerings:link:`sales`.

.. offerings:table::
   :group: training

.. offerings:reference:: schema
"""


def _run(*argv: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run a command with a clean environment: nothing from this checkout on the path."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run(
        [str(arg) for arg in argv], cwd=cwd, env=env, capture_output=True, text=True, check=False
    )


def _check(result: subprocess.CompletedProcess[str]) -> subprocess.CompletedProcess[str]:
    assert result.returncode == 0, f"{shlex.join(result.args)}\n{result.stdout}\n{result.stderr}"
    return result


@dataclass
class Installed:
    wheel: Path
    bin: Path


@pytest.fixture(scope="session")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Installed:
    """The wheel of this tree, installed in a new venv that sees this one's dependencies."""
    work = tmp_path_factory.mktemp("package")
    # Built from a copy, so the build leaves nothing in the work tree.
    source = work / "source"
    for name in ("pyproject.toml", "README.md", "LICENSE"):
        source.mkdir(exist_ok=True)
        shutil.copy2(ROOT / name, source / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "ext", source / "ext", ignore=ignore)
    wheels = work / "wheels"
    pip = [sys.executable, "-m", "pip"]
    offline = ["--no-index", "--no-deps"]
    # The build backend is this environment's setuptools (the test extra).
    _check(_run(*pip, "wheel", "-q", *offline, "--no-build-isolation", "-w", wheels, source))
    (wheel,) = wheels.glob("sphinx_offerings-*.whl")
    # A new environment, filled by this pip (faster than bootstrapping one inside it).
    environment = work / "venv"
    venv.EnvBuilder(with_pip=False).create(environment)
    python = environment / "bin" / "python"
    # It finds the dependencies in this environment's site-packages, after its own; the
    # .pth files there (the editable install of this tree) are not read.
    own = _check(_run(python, "-c", "import sysconfig; print(sysconfig.get_path('purelib'))"))
    dependencies = dict.fromkeys(sysconfig.get_path(name) for name in ("purelib", "platlib"))
    (Path(own.stdout.strip()) / "dependencies.pth").write_text("\n".join(dependencies) + "\n")
    in_venv = [*pip, "--python", str(python)]
    _check(_run(*in_venv, "install", "-q", "--no-compile", *offline, wheel))
    _check(_run(*in_venv, "check"))  # the wheel's requirements are met
    return Installed(wheel, environment / "bin")


def test_the_wheel_carries_the_package_data_and_the_metadata(installed: Installed) -> None:
    assert installed.wheel.name.startswith(f"sphinx_offerings-{__version__}-")
    with zipfile.ZipFile(installed.wheel) as wheel:
        names = set(wheel.namelist())
        info = f"sphinx_offerings-{__version__}.dist-info"
        metadata = wheel.read(f"{info}/METADATA").decode()
        entry_points = wheel.read(f"{info}/entry_points.txt").decode()
    assert not [path for path in PACKAGE_DATA if path not in names]
    assert f"{info}/licenses/LICENSE" in names
    assert not [name for name in names if name.startswith(("tests/", "docs/", "data/"))]
    assert "License-Expression: MIT" in metadata
    assert f"Version: {__version__}" in metadata
    assert "offerings = sphinx_offerings.cli:main" in entry_points


def test_another_site_builds_with_the_installed_package(
    installed: Installed, tmp_path: Path
) -> None:
    site = tmp_path / "other-site"
    (site / "catalogue").mkdir(parents=True)
    (site / "catalogue" / "prices.yaml").write_text(OTHER_CATALOGUE, "utf-8")
    (site / "conf.py").write_text(OTHER_CONF, "utf-8")
    (site / "index.rst").write_text(OTHER_INDEX, "utf-8")
    out = tmp_path / "html"
    sphinx = [str(installed.bin / "python"), "-m", "sphinx"]
    build = [*sphinx, "-b", "html", "-n", "-W", "--keep-going", "-q"]
    _check(_run(*build, site, out, cwd=tmp_path))

    where = _check(
        _run(installed.bin / "python", "-c", f"import {PACKAGE}; print({PACKAGE}.__file__)")
    )
    assert Path(where.stdout.strip()).is_relative_to(installed.bin.parent)
    page = BeautifulSoup((out / "index.html").read_text("utf-8"), "html.parser")
    figures = {
        (str(span["data-offerings-ref"]), str(span["data-offerings-field"])): span
        for span in page.select("[data-offerings-ref][data-offerings-field]")
    }
    assert figures["workshop", "price"]["data-offerings-value"] == "1200 EUR"
    assert figures["contact:sales", "email"]["data-offerings-value"] == "sales@example.org"
    assert page.select_one("table.offerings-table tr.offering-workshop")
    # The reference, from the schema the package ships.
    keys = [dt.get_text() for dt in page.select("dl.offerings-schema > dt")]
    assert "offerings[].price.schedule[].effective" in keys
    assert (out / "_static" / "sphinx-offerings" / "offerings.css").is_file()
    assert (out / "offerings.json").is_file()


def test_the_offerings_command_works_from_the_installed_package(
    installed: Installed, tmp_path: Path
) -> None:
    catalogue = tmp_path / "prices.yaml"
    catalogue.write_text(OTHER_CATALOGUE, "utf-8")
    valid = _check(_run(installed.bin / "offerings", "validate", catalogue, cwd=tmp_path))
    assert "valid, 1 offerings" in valid.stdout
    version = _check(_run(installed.bin / "offerings", "--version"))
    assert version.stdout.strip() == f"offerings {__version__}"
    catalogue.write_text(OTHER_CATALOGUE.replace("price: 1200", "prise: 1200"), "utf-8")
    invalid = _run(installed.bin / "offerings", "validate", catalogue, cwd=tmp_path)
    assert invalid.returncode == 1
    assert "did you mean 'price'?" in invalid.stderr


# Hosting: Read the Docs, the CI workflow and the pre-commit hooks.


def _yaml(name: str) -> Any:
    return yaml.safe_load((ROOT / name).read_text("utf-8"))


def _make_variable(name: str) -> str:
    match = re.search(rf"^{name}\s*\??=\s*(.*)$", (ROOT / "Makefile").read_text(), re.M)
    assert match, f"Makefile: no {name}"
    return match.group(1).strip()


def _install_command() -> list[str]:
    """The Makefile's pip install of the project, as words."""
    for line in (ROOT / "Makefile").read_text().splitlines():
        try:
            words = shlex.split(line)
        except ValueError:  # an apostrophe in a comment
            continue
        if words[1:4] == ["-m", "pip", "install"] and "-c" in words:
            return words
    raise AssertionError("Makefile: no pip install with constraints")


def test_read_the_docs_builds_as_make_html_does() -> None:
    config = _yaml(".readthedocs.yaml")
    assert config["version"] == 2
    assert config["sphinx"] == {"configuration": "conf.py", "fail_on_warning": True}
    assert "python" not in config  # build.jobs.install replaces python.install
    build = config["build"]
    assert build["os"].startswith("ubuntu-")
    python = build["tools"]["python"]
    assert re.search(
        rf'requires-python = ">={re.escape(python)}"', (ROOT / "pyproject.toml").read_text()
    )

    make_install = _install_command()
    constraint = make_install[make_install.index("-c") + 1]
    assert constraint == "constraints.txt"
    installs = [shlex.split(command) for command in build["jobs"]["install"]]
    project = [words for words in installs if ".[site]" in words]
    assert project, installs
    assert project[0][:4] == ["python", "-m", "pip", "install"]
    assert project[0][project[0].index("-c") + 1] == constraint

    (html,) = build["jobs"]["build"]["html"]
    words = shlex.split(html)
    assert words[:3] == ["python", "-m", "sphinx"]
    for option in shlex.split(_make_variable("SPHINXOPTS")):
        assert option in words, f"{option} (SPHINXOPTS in the Makefile) missing: {html}"
    assert words[words.index("-c") + 1] == "."  # conf.py at the root, as in the Makefile
    assert words[-2:] == ["docs", "$READTHEDOCS_OUTPUT/html"]


def test_the_workflow_runs_what_ci_runs() -> None:
    workflow = _yaml(".github/workflows/ci.yml")
    triggers = workflow.get("on", workflow.get(True))  # YAML 1.1 reads a bare `on` as true
    assert {"push", "pull_request"} <= set(triggers)
    (job,) = workflow["jobs"].values()
    assert "ubuntu" in job["runs-on"]
    assert re.match(r"python:3\.11-(bookworm|trixie)", job["container"])
    runs = [step.get("run", "") for step in job["steps"]]
    assert any("chromium" in run for run in runs)
    assert runs[-1].strip() == "bash .ci/run"
    ci = (ROOT / ".ci" / "run").read_text()
    assert re.search(r"^make test$", ci, re.M)
    assert "-c constraints.txt" in (ROOT / "Makefile").read_text()


def test_pre_commit_hooks_use_the_pinned_tools_and_the_build_loader() -> None:
    hooks = [hook for repo in _yaml(".pre-commit-config.yaml")["repos"] for hook in repo["hooks"]]
    entries = {hook["id"]: hook["entry"] for hook in hooks}
    assert entries["ruff-check"].startswith(".venv/bin/ruff check")
    assert entries["ruff-format"].startswith(".venv/bin/ruff format --check")
    assert entries["offerings-validate"] == ".venv/bin/offerings validate"
    assert entries["offerings-lint"] == ".venv/bin/offerings lint docs"
    assert {hook["language"] for hook in hooks} == {"system"}


def test_pre_commit_passes_on_the_whole_tree(project: Path, tmp_path: Path) -> None:
    """On a copy of the tree (in a git repository of its own), with this environment's tools."""
    pre_commit = Path(sys.executable).parent / "pre-commit"
    assert pre_commit.is_file(), "pre-commit is in the lint extra: run make"
    assert (project / ".venv" / "bin" / "offerings").is_file(), "the hooks run .venv/bin tools"
    for git in (["init", "-q"], ["add", "."]):
        _check(_run("git", *git, cwd=project))
    env = {**os.environ, "PRE_COMMIT_HOME": str(tmp_path / "pre-commit")}
    result = subprocess.run(
        [str(pre_commit), "run", "--all-files", "--show-diff-on-failure"],
        cwd=project,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_a_closed_output_ends_the_command_quietly(tmp_path: Path) -> None:
    """`offerings export | head -1`: one line, and no traceback when head stops reading."""
    offerings = "".join(
        f"  - {{id: o{i}, group: g, name: Offering {i}, price: {i + 1}, "
        "purchase: {channel: contact, contact: c}}\n"
        for i in range(2000)  # far more JSON than a pipe holds
    )
    catalogue = tmp_path / "catalogue.yaml"
    head = "currency: EUR\ncontacts:\n  c: {email: c@example.com, label: us}\nofferings:\n"
    catalogue.write_text(head + offerings, "utf-8")
    command = f"{sys.executable} -m sphinx_offerings export --catalogue {catalogue} | head -1"
    done = subprocess.run(
        ["bash", "-c", f"set -o pipefail; {command}"], capture_output=True, text=True, check=False
    )
    assert done.stdout.count("\n") == 1
    assert done.stderr == ""
    assert done.returncode == 141


def test_a_quickstart_site_and_the_commands_read_the_same_settings(
    installed: Installed, tmp_path: Path
) -> None:
    """sphinx-quickstart --sep, the installed wheel, the catalogue in source/data/ beside
    an unrelated YAML file: make html, then validate, lint and check pass, run from the
    project root and from source/."""
    python = str(installed.bin / "python")
    project = tmp_path / "site"
    quickstart = [python, "-m", "sphinx.cmd.quickstart", "-q", "--sep", "-p", "Shop"]
    _check(_run(*quickstart, "-a", "Vendor", "--no-batchfile", str(project)))
    source = project / "source"
    (source / "data").mkdir()
    (source / "data" / "prices.yaml").write_text(OTHER_CATALOGUE, "utf-8")
    (source / "data" / "authors.yaml").write_text("- name: Ada\n- name: Grace\n", "utf-8")
    conf = source / "conf.py"
    settings = "extensions = ['sphinx_offerings']\nofferings_catalogue = 'data/prices.yaml'\n"
    conf.write_text(conf.read_text("utf-8").replace("extensions = []\n", settings), "utf-8")
    index = OTHER_INDEX.replace(".. offerings:reference:: schema\n", "")
    (source / "index.rst").write_text(index, "utf-8")
    _check(_run("make", "html", f"SPHINXBUILD={python} -m sphinx", "SPHINXOPTS=-n -W", cwd=project))
    offerings = installed.bin / "offerings"
    for where, built in ((project, "build/html"), (source, "../build/html")):
        valid = _check(_run(offerings, "validate", cwd=where))
        assert valid.stdout.endswith("prices.yaml: valid, 1 offerings\n"), valid.stdout
        _check(_run(offerings, "lint", cwd=where))
        checked = _check(_run(offerings, "check", built, cwd=where))
        assert "the pages agree with" in checked.stdout
