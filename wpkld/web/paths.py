"""Where each IRI's page and files live in the site, and links between pages.

A resource ``https://w3id.org/wpkld/{kind}/{slug}`` has its page at
``{kind}/{slug}.html`` beside ``.ttl``, ``.jsonld`` and ``.nt`` files; a
folder IRI (ending in ``/``) is a list at ``{folder}/index.html``; ontology
terms (``ontology#Term``) are anchors of ``ontology.html``. Links are
relative, so the site works from any host, any folder and ``file://``.
"""

from __future__ import annotations

import posixpath

from ..errors import ParameterError
from ..namespaces import BASE


def page_path(iri: str) -> str | None:
    """Return the site path of an IRI's page (with any ``#fragment``), or ``None`` outside the base.

    >>> page_path("https://w3id.org/wpkld/person/pak-hon-yong")
    'person/pak-hon-yong.html'
    >>> page_path("https://w3id.org/wpkld/"), page_path("https://w3id.org/wpkld/person/")
    ('index.html', 'person/index.html')
    >>> page_path("https://w3id.org/wpkld/ontology#Person")
    'ontology.html#Person'
    >>> page_path("http://www.wikidata.org/entity/Q5") is None
    True
    """
    if not iri.startswith(BASE):
        return None
    rest, hash_, fragment = iri[len(BASE):].partition("#")
    if rest == "" or rest.endswith("/"):
        path = rest + "index.html"
    else:
        path = rest + ".html"
    return path + (hash_ + fragment if hash_ else "")


def file_path(iri: str, ext: str) -> str:
    """Return the site path of a resource's file with an extension (``ttl``, ``jsonld``, ``nt``).

    >>> file_path("https://w3id.org/wpkld/faction/yanan", "ttl")
    'faction/yanan.ttl'
    """
    path = page_path(iri)
    if path is None or not path.endswith(".html") or path.endswith("index.html"):
        raise ParameterError("iri", f"{iri!r} is not a resource of the site")
    return path[:-len(".html")] + "." + ext


def href(here: str, iri: str) -> str:
    """Return the link from the page at site path ``here`` to an IRI (relative inside the site).

    >>> href("person/pak-hon-yong.html", "https://w3id.org/wpkld/faction/yanan")
    '../faction/yanan.html'
    >>> href("index.html", "https://w3id.org/wpkld/ontology#Person")
    'ontology.html#Person'
    >>> href("index.html", "http://www.wikidata.org/entity/Q5")
    'http://www.wikidata.org/entity/Q5'
    """
    target = page_path(iri)
    if target is None:
        return iri
    return relative(here, target)


def relative(here: str, target: str) -> str:
    """Return a relative link from one site path to another.

    >>> relative("person/a.html", "static/site.css")
    '../static/site.css'
    """
    path, hash_, fragment = target.partition("#")
    link = posixpath.relpath(path, posixpath.dirname(here) or ".")
    return link + hash_ + fragment


def check_base_url(base_url: str) -> str:
    """Return a base URL with a trailing slash, or fail on one that is not http(s).

    :raises ParameterError: when it is not an absolute http or https URL.

    >>> check_base_url("https://example.org/wpkld")
    'https://example.org/wpkld/'
    >>> check_base_url("example.org")
    Traceback (most recent call last):
    ...
    wpkld.errors.ParameterError: parameter 'base-url': 'example.org' is not an http(s) URL (e.g. https://w3id.org/wpkld/)
    """
    from urllib.parse import urlsplit

    parts = urlsplit(base_url)
    if parts.scheme not in ("http", "https") or not parts.netloc or parts.query or parts.fragment \
            or any(c.isspace() for c in base_url):
        raise ParameterError("base-url", f"{base_url!r} is not an http(s) URL (e.g. {BASE})")
    return base_url if base_url.endswith("/") else base_url + "/"
