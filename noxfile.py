"""The supported range, tested at both ends: ``nox`` (``make versions``).

``lowest``: the oldest Python, Sphinx, docutils and libraries `pyproject.toml` allows;
``latest``: the newest Python with the versions pinned in `constraints.txt`. The
package is installed editable, as `make` does, so the suite tests this tree. The
Pythons are the machine's own (pyenv's, or ``python3.11`` and ``python3.13`` on the
PATH), never downloaded. Each session installs the package with its test extra and runs the suite.
"""

from __future__ import annotations

import os
from pathlib import Path

import nox

nox.options.sessions = ["lowest", "latest"]
nox.options.download_python = "never"
nox.options.reuse_existing_virtualenvs = True
nox.options.error_on_missing_interpreters = True

#: The lowest version of each runtime dependency `pyproject.toml` allows.
LOWEST = [
    "sphinx==7.4.0",
    "docutils==0.20",
    "PyYAML==6.0.1",  # 6.0 does not build with Cython 3
    "jsonschema==4.18.0",
    "babel==2.13.0",
    "beautifulsoup4==4.12.0",
    "sphinx-rtd-theme==3.0.0",  # the tests build the site with its theme
]


def machine_python(version: str) -> str:
    """The machine's own Python ``version``: pyenv's if it holds one (its shims run only
    the version it is set to), else whatever the PATH has."""
    root = Path(os.environ.get("PYENV_ROOT", Path.home() / ".pyenv"))
    found = sorted(root.glob(f"versions/{version}.*/bin/python{version}"))
    return str(found[-1]) if found else version


def _suite(session: nox.Session) -> None:
    session.run("pytest", *session.posargs, env={"PYTHONDONTWRITEBYTECODE": "1"})


@nox.session(python=machine_python("3.11"))
def lowest(session: nox.Session) -> None:
    session.install(*LOWEST, "-e", ".[test,lint]")
    _suite(session)


@nox.session(python=machine_python("3.13"))
def latest(session: nox.Session) -> None:
    session.install("-c", "constraints.txt", "-e", ".[test,lint,site]")
    _suite(session)
