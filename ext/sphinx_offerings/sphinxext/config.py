"""The extension's settings, declared once with their types."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from ..render.text import PRICE_FORMATS
from ..resolve import catalogue_date
from ..site import DEFAULT_CATALOGUE, DEFAULT_PRICE_FORMAT

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"
#: The folder of _static/ the extension's stylesheets and script are copied to.
STATIC_FOLDER = "sphinx-offerings"


def catalogue_paths(app: Sphinx) -> list[Path]:
    """The catalogue files; relative paths are read from the folder of ``conf.py``."""
    setting = app.config.offerings_catalogue
    names = [setting] if isinstance(setting, str) else list(setting)
    return [(Path(app.confdir) / str(name)).resolve() for name in names]


def _check(app: Sphinx, config: Config) -> None:
    price_format = config.offerings_price_format
    if price_format not in PRICE_FORMATS and "#" not in price_format and "0" not in price_format:
        raise ConfigError(
            f"offerings_price_format = {price_format!r}: use one of "
            f"{', '.join(PRICE_FORMATS)} or a Babel number pattern such as '¤#,##0 ¤¤'"
        )
    try:  # the setting, else SOURCE_DATE_EPOCH: the date the build shows the prices of
        catalogue_date(config.offerings_date)
    except ValueError as exc:
        if config.offerings_date:
            raise ConfigError(
                f"offerings_date = {config.offerings_date!r}: give a date as 'YYYY-MM-DD'"
            ) from None
        raise ConfigError(str(exc)) from None
    catalogues = config.offerings_catalogue
    names = [catalogues] if isinstance(catalogues, str) else catalogues
    if not names or not all(isinstance(name, str) for name in names):
        raise ConfigError("offerings_catalogue: give a path, or a list of paths")
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
