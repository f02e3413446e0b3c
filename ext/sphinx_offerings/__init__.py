"""Sphinx extension: purchase options generated from one YAML catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    from .sphinxext.a11y import setup_a11y
    from .sphinxext.config import setup_config
    from .sphinxext.domain import setup_domain
    from .sphinxext.events import setup_events
    from .sphinxext.html import setup_html
    from .sphinxext.reference import setup_reference
    from .sphinxext.writers import setup_writers

    setup_config(app)
    setup_domain(app)
    setup_events(app)
    setup_html(app)
    setup_reference(app)
    setup_writers(app)
    setup_a11y(app)
    return {
        "version": __version__,
        "env_version": 4,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
