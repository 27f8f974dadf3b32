"""Pick the media type of a response from the request's Accept header or its ``?format=``."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import mimeparse  # type: ignore[import-untyped]


class NotAcceptable(Exception):
    """No offered media type fits the Accept header; carries the offer."""

    def __init__(self, offered: Sequence[str]) -> None:
        self.offered = list(offered)
        super().__init__("none of the requested media types is offered; offered: "
                         + ", ".join(self.offered))


def choose(accept: str | None, offered: Sequence[str], *, override: str | None = None,
           short_names: Mapping[str, str] | None = None) -> str:
    """Return the offered media type that fits best; the first one offered wins ties and ``*/*``.

    :param accept: the Accept header (absent or empty means anything).
    :param offered: media types the response can take, the default first.
    :param override: a ``?format=`` value: a short name or a media type.
    :raises NotAcceptable: when nothing offered fits.

    >>> choose("text/turtle;q=0.9, text/html", ["text/html", "text/turtle"])
    'text/html'
    >>> choose("*/*", ["text/html", "text/turtle"])
    'text/html'
    >>> choose(None, ["text/html", "text/turtle"], override="ttl", short_names={"ttl": "text/turtle"})
    'text/turtle'
    >>> choose("image/png", ["text/html"])
    Traceback (most recent call last):
    ...
    wpkld.serve.negotiate.NotAcceptable: none of the requested media types is offered; offered: text/html
    """
    if override:
        wanted = (short_names or {}).get(override.lower(), override.lower())
        if wanted in offered:
            return wanted
        raise NotAcceptable(offered)
    if not accept or not accept.strip():
        return offered[0]
    try:
        # mimeparse prefers the last of equally good types: offer them in reverse.
        best: str = mimeparse.best_match(list(reversed(offered)), accept)
    except (ValueError, mimeparse.MimeTypeParseException):
        best = ""
    if not best:
        raise NotAcceptable(offered)
    return best
