"""Render the HTML page of any IRI of the site: a resource, a list, the home, search, queries, pictures.

One function, :func:`render_page`, serves the static build and the server:
it dispatches on the IRI and fills a Jinja2 template (autoescaped) from the
resource's description (:mod:`wpkld.web.pages`) or from canned queries.
Figures computed once per dataset (stats, resource lists, pictures) are kept
on a per-dataset cache, so building ~1,900 pages runs each such query once.
"""

from __future__ import annotations

from typing import Any

from .._version import __version__
from ..api import Dataset
from ..errors import ParameterError
from ..namespaces import BASE
from . import catalogue, paths
from .conneg import MEDIA_TYPES
from .describe import description
from .environment import environment
from .memo import cached
from .pages import page as build_page

#: Pictures of the site, by name: their page is ``pictures/NAME.html``.
PICTURES = {
    "timeline": "Purges by faction, 1945–1970s",
    "network": "Factions, their members and the bodies they sat on",
    "composition": "Faction composition of party bodies over time",
}

def render_page(ds: Dataset, iri: str, *, base_url: str = BASE) -> str:
    """Return the HTML page of an IRI of the site.

    :param ds: the dataset (on an embedded store).
    :param iri: a resource (``.../person/pak-hon-yong``), a list (``.../person/``),
        the home (the base), ``.../search``, ``.../query/``, ``.../query/NAME``,
        ``.../pictures/NAME`` or ``.../ontology``.
    :param base_url: where the site is published (its canonical links).
    :raises ParameterError: when the IRI has no page.

    >>> import wpkld
    >>> html = render_page(wpkld.open(), "https://w3id.org/wpkld/person/pak-hon-yong")
    >>> "Pak Hon-yong" in html and "<blockquote" in html
    True
    """
    here = paths.page_path(iri)
    if here is None or "#" in iri:
        raise ParameterError("iri", f"{iri!r} has no page (pages are under {BASE})")
    rest = iri[len(BASE):]
    context: dict[str, Any] = {"base_url": paths.check_base_url(base_url), "here": here,
                               "iri": iri, "version": __version__}
    if rest == "":
        return _render("home.html", ds, context, catalogue.home(ds))
    if rest == "search":
        return _render("search.html", ds, context, {"title": "Search"})
    if rest == "ontology":
        return _render("ontology.html", ds, context, catalogue.ontology(ds))
    if rest == "query/":
        return _render("queries.html", ds, context, catalogue.queries(ds))
    if rest.startswith("query/"):
        return _render("query.html", ds, context, catalogue.query(ds, rest[len("query/"):]))
    if rest == "pictures/":
        return _render("pictures.html", ds, context, {"title": "Pictures", "pictures": PICTURES})
    if rest.startswith("pictures/") and rest[len("pictures/"):] in PICTURES:
        name = rest[len("pictures/"):]
        from . import pictures

        svg, table = cached(ds, f"picture:{name}:{here}", lambda: pictures.picture(ds, name, here))
        return _render("picture.html", ds, context,
                       {"title": PICTURES[name], "name": name, "svg": svg, "table": table})
    if rest.endswith("/"):
        return _render("list.html", ds, context, catalogue.listing(ds, rest[:-1]))
    triples = cached(ds, "description:" + iri, lambda: description(ds, iri)).triples
    if not triples:
        raise ParameterError("iri", f"{iri!r} is not in the data")
    view = build_page(iri, triples)
    extra: dict[str, Any] = {"title": view.label, "page": view,
                             "files": {ext: paths.relative(here, paths.file_path(iri, ext))
                                       for ext in MEDIA_TYPES if ext != "html"},
                             "career": None}
    if rest.startswith("person/"):
        from . import pictures

        extra["career"] = pictures.career(ds, iri, here)
    return _render("resource.html", ds, context, extra)


def _render(template: str, ds: Dataset, context: dict[str, Any], extra: dict[str, Any]) -> str:
    here = context["here"]
    env = environment()
    values = {**context, **extra,
              "link": lambda iri: paths.href(here, iri),
              "asset": lambda path: paths.relative(here, path),
              "kinds": cached(ds, "kinds", lambda: catalogue.kinds(ds))}
    return env.get_template(template).render(values)
