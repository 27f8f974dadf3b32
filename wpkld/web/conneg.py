"""Content negotiation: pick a resource's representation from an HTTP Accept header.

One table of media types serves the server (``wpkld serve``) and the Apache
rules the static site ships (``.htaccess``, type maps), so both answer alike:
``text/html`` (and ``*/*``, or no header) gives the page, ``text/turtle`` the
``.ttl`` file, ``application/ld+json`` the ``.jsonld`` file,
``application/n-triples`` the ``.nt`` file, anything else nothing (HTTP 406).
"""

from __future__ import annotations

#: Representations by file extension, in order of preference when the client
#: rates several equally (the page first: ``*/*`` is a browser or a curious human).
MEDIA_TYPES: dict[str, str] = {
    "html": "text/html",
    "ttl": "text/turtle",
    "jsonld": "application/ld+json",
    "nt": "application/n-triples",
}

#: Server-side quality of each representation (RFC 7231 §5.3 "qs", as Apache
#: type maps spell it): the page wins a tie such as ``*/*``.
QUALITY: dict[str, float] = {"html": 1.0, "ttl": 0.9, "jsonld": 0.8, "nt": 0.7}

#: Types a browser sends that mean "a page" (application/xhtml+xml is served the HTML).
_ALIASES = {"application/xhtml+xml": "html"}


def _ranges(accept: str) -> list[tuple[str, float]]:
    """Parse an Accept header into (media range, q) pairs; malformed q counts as 0."""
    ranges = []
    for part in accept.split(","):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q))
    return ranges


def _client_quality(ext: str, ranges: list[tuple[str, float]]) -> float:
    """Return the q the client gives a representation: the most specific range that matches."""
    media = MEDIA_TYPES[ext]
    major = media.split("/")[0]
    best: tuple[int, float] | None = None  # (specificity, q)
    for media_range, q in ranges:
        if media_range == media or _ALIASES.get(media_range) == ext:
            specificity = 2
        elif media_range == f"{major}/*":
            specificity = 1
        elif media_range == "*/*":
            specificity = 0
        else:
            continue
        if best is None or specificity > best[0] or (specificity == best[0] and q > best[1]):
            best = (specificity, q)
    return best[1] if best else 0.0


def negotiate(accept: str | None) -> str | None:
    """Return the extension of the representation to send, or ``None`` for 406.

    :param accept: the Accept header, or ``None`` when the request has none.

    >>> negotiate("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")
    'html'
    >>> negotiate("text/turtle")
    'ttl'
    >>> negotiate("application/ld+json, text/turtle;q=0.5")
    'jsonld'
    >>> negotiate("*/*"), negotiate(None), negotiate("")
    ('html', 'html', 'html')
    >>> negotiate("image/png") is None
    True
    """
    if accept is None or not accept.strip():
        return "html"
    ranges = _ranges(accept)
    scored = [(_client_quality(ext, ranges) * QUALITY[ext], ext) for ext in MEDIA_TYPES]
    score, ext = max(scored, key=lambda item: item[0])  # max keeps the first of equals
    return ext if score > 0 else None
