"""The extension's settings, declared once with their types."""

from __future__ import annotations

from pathlib import Path

from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from ..resolve import catalogue_date
from ..site import (
    DEFAULT_CATALOGUE,
    DEFAULT_PRICE_FORMAT,
    catalogue_problem,
    date_problem,
    price_format_problem,
)

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
#: The folder of _static/ the extension's stylesheets and script are copied to.
STATIC_FOLDER = "sphinx-offerings"


def catalogue_paths(app: Sphinx) -> list[Path]:
    """The catalogue files; relative paths are read from the folder of ``conf.py``."""
    setting = app.config.offerings_catalogue
    names = [setting] if isinstance(setting, str) else list(setting)
    return [(Path(app.confdir) / str(name)).resolve() for name in names]


def price_format_option(argument: str) -> str:
    """A table's ``:price-format:`` option, held to what ``offerings_price_format`` is."""
    value = directives.unchanged_required(argument)
    if problem := price_format_problem(value):
        raise ValueError(problem)
    return value


def _check(app: Sphinx, config: Config) -> None:
    # Before Sphinx's own check of the settings' types, which only warns: a value of
    # another type is refused here, before it is used.
    for name, problem in (
        ("offerings_price_format", price_format_problem(config.offerings_price_format)),
        ("offerings_date", date_problem(config.offerings_date)),
        ("offerings_catalogue", catalogue_problem(config.offerings_catalogue, Path(app.confdir))),
    ):
        if problem:
            raise ConfigError(f"{name} = {getattr(config, name)!r}: {problem}")
    try:  # the setting, else SOURCE_DATE_EPOCH: the date the build shows the prices of
        catalogue_date(config.offerings_date)
    except ValueError as exc:  # SOURCE_DATE_EPOCH's: the setting is a date
        raise ConfigError(str(exc)) from None
    if "html_static_path" in config:
        # A new list, of the site's type: a tuple stays usable. Our files are copied into
        # _static/sphinx-offerings/, beside the site's own, never over them.
        config.html_static_path = type(config.html_static_path)(
            [*config.html_static_path, str(STATIC_DIR)]
        )


def setup_config(app: Sphinx) -> None:
    # Pages that use the catalogue are re-read when a setting changes what they show
    # (see events.py), so a change here need not re-read the whole site: rebuild "".
    app.add_config_value(
        "offerings_catalogue",
        [DEFAULT_CATALOGUE],
        "",
        types=frozenset({str, list, tuple}),
        description="The YAML catalogue, or a list of catalogues used together (one per "
        "product line), relative to the folder of conf.py.",
    )
    app.add_config_value(
        "offerings_date",
        "",
        "",
        types=frozenset({str}),
        description="Show the prices in force on this date (YYYY-MM-DD). Empty: the date of "
        "SOURCE_DATE_EPOCH if set, else the day of the build.",
    )
    app.add_config_value(
        "offerings_price_format",
        DEFAULT_PRICE_FORMAT,
        "",
        types=frozenset({str}),
        description="How prices read: 'symbol-code' ($350 CAD), 'code' (350 CAD), "
        "'locale' (the language's own format) or a Babel number pattern.",
    )
    app.connect("config-inited", _check)
