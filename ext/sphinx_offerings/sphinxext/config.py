"""The extension's settings, declared once with their types."""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ConfigError

from ..render.text import PRICE_FORMATS

STATIC_DIR = Path(__file__).resolve().parent.parent / "static"


def catalogue_path(app: Sphinx) -> Path:
    """The catalogue file, relative paths read from the folder of ``conf.py``."""
    return (Path(app.confdir) / str(app.config.offerings_catalogue)).resolve()


def _check(app: Sphinx, config: Config) -> None:
    price_format = config.offerings_price_format
    if price_format not in PRICE_FORMATS and "#" not in price_format and "0" not in price_format:
        raise ConfigError(
            f"offerings_price_format = {price_format!r}: use one of "
            f"{', '.join(PRICE_FORMATS)} or a Babel number pattern such as '¤#,##0 ¤¤'"
        )
    if "html_static_path" in config:
        config.html_static_path.append(str(STATIC_DIR))


def setup_config(app: Sphinx) -> None:
    app.add_config_value(
        "offerings_catalogue",
        "data/offerings.yaml",
        "env",
        types=frozenset({str}),
        description="The YAML catalogue, relative to the folder of conf.py.",
    )
    app.add_config_value(
        "offerings_price_format",
        "symbol-code",
        "env",
        types=frozenset({str}),
        description=(
            "How prices read: 'symbol-code' ($350 CAD), 'code' (350 CAD), "
            "'locale' (the language's own format) or a Babel number pattern."
        ),
    )
    app.connect("config-inited", _check)
