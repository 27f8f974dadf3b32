"""The Jinja2 environment of the site's templates, shared by pages and pictures."""

from __future__ import annotations

import functools

import jinja2


@functools.cache
def environment() -> jinja2.Environment:
    """Return the Jinja2 environment of the site's templates (autoescaping on)."""
    return jinja2.Environment(loader=jinja2.PackageLoader("wpkld.web", "templates"),
                              autoescape=True, trim_blocks=True, lstrip_blocks=True,
                              undefined=jinja2.StrictUndefined, keep_trailing_newline=True)
