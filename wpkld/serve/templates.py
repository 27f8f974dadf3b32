"""Render the server's few HTML pages (catalogue, reconciliation preview) with Jinja templates."""

from __future__ import annotations

import functools
from typing import Any

import jinja2


@functools.cache
def _environment() -> jinja2.Environment:
    return jinja2.Environment(loader=jinja2.PackageLoader("wpkld.serve", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render(name: str, **context: Any) -> str:
    """Render ``templates/NAME`` with the context; every value is HTML-escaped."""
    return _environment().get_template(name).render(**context)
