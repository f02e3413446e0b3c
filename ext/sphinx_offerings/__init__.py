"""Sphinx extension: purchase options generated from one YAML catalogue."""

from __future__ import annotations

from typing import TYPE_CHECKING

__version__ = "0.1.0"

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    from .sphinxext import a11y, config, domain, events, html, reference, writers

    config.setup_config(app)
    domain.setup_domain(app)
    events.setup_events(app)
    html.setup_html(app)
    reference.setup_reference(app)
    writers.setup_writers(app)
    a11y.setup_a11y(app)
    return {
        "version": __version__,
        "env_version": 5,  # the figures pages record, and the reference read at every build
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
