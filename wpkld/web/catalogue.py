"""The data of the site's index pages: home, one list per kind, the query catalogue, the ontology.

Every figure comes from a query: the home page's from ``wpkld stats``, the
lists from ``queries/resources.rq``, the catalogue's example output from
running each canned query's own example.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import TYPE_CHECKING, Any

from ..namespaces import BASE, WPK
from ..output import readable
from ..terms import to_python
from .describe import query_text
from .pages import short

if TYPE_CHECKING:
    from ..api import Dataset

#: Queries whose example needs the network (a SERVICE call to Wikidata): shown, not run.
_NEEDS_NETWORK = ("wikidata-birth-death", "wikidata-labels")
#: Rows of example output shown per query.
EXAMPLE_ROWS = 12
#: Readable names of the kinds (IRI folders), for the lists and the navigation.
KIND_NAMES = {
    "person": "Persons", "faction": "Factions", "organization": "Organizations",
    "event": "Events", "place": "Places", "source": "Sources", "claim": "Claims",
    "membership": "Memberships", "quantity": "Quantities", "conflict": "Conflicts",
    "link": "Wikidata links", "vocabulary": "Vocabularies", "event-kind": "Event kinds",
    "charge": "Charges", "fate": "Fates", "sentence": "Sentences", "role": "Roles",
    "quantity-kind": "Quantity kinds", "unit": "Units", "link-status": "Link statuses",
}


def resources(ds: Dataset) -> list[dict[str, Any]]:
    """Return every resource that gets a page: IRI, class, class label, label (sorted by IRI)."""
    from .memo import cached

    return cached(ds, "resources", lambda: _rows(ds, "resources"))


def _rows(ds: Dataset, name: str) -> list[dict[str, Any]]:
    """Run one of the web layer's internal SELECT queries; rows of native values."""
    rows = ds.store.select(query_text(name)).rows
    return [{k: to_python(v) for k, v in row.items()} for row in rows]


def kind_of(iri: str) -> str:
    """Return the kind (IRI folder) of a resource.

    >>> kind_of("https://w3id.org/wpkld/person/pak-hon-yong")
    'person'
    """
    return iri[len(BASE):].split("/", 1)[0]


def kinds(ds: Dataset) -> list[tuple[str, str, int]]:
    """Return (folder, readable name, count) of every kind that has resources, in a fixed order."""
    counts = Counter(kind_of(r["resource"]) for r in resources(ds))
    order = list(KIND_NAMES)
    return [(k, KIND_NAMES.get(k, k), n) for k, n in
            sorted(counts.items(), key=lambda kv: (order.index(kv[0]) if kv[0] in order else 99, kv[0]))]


def listing(ds: Dataset, kind: str) -> dict[str, Any]:
    """Return the list page of one kind: every resource, its label and class."""
    from ..errors import ParameterError

    rows = [{"resource": r["resource"], "type": r.get("typeLabel") or short(r["type"]),
             "label": r.get("label") or short(r["resource"])}
            for r in resources(ds) if kind_of(r["resource"]) == kind]
    if not rows:
        raise ParameterError("iri", f"no resources of kind {kind!r}")
    types = sorted({r["type"] for r in rows})
    items = sorted(rows, key=lambda r: (r["label"].casefold(), r["resource"]))
    return {"title": KIND_NAMES.get(kind, kind), "kind": kind, "items": items, "types": types}


def home(ds: Dataset) -> dict[str, Any]:
    """Return the home page's figures (``wpkld stats``) and downloads."""
    from .._version import __version__
    from ..stats import compute
    from .memo import cached

    stats = cached(ds, "stats", lambda: compute(ds.store))
    found = _rows(ds, "about")
    about = {k: str(v) for k, v in (found[0] if found else {}).items()}
    about.setdefault("modified", about.get("issued", ""))
    # schema.org's Dataset, for search engines; the same fields as the VoID/DCAT description.
    schema = {"@context": "https://schema.org/", "@type": "Dataset", "@id": BASE + "dataset",
              "name": "wpkld: linked data on the history of the Workers' Party of Korea",
              "url": BASE, "version": __version__, "license": about.get("license"),
              "datePublished": about.get("issued"), "dateModified": about.get("modified"),
              "creator": {"@type": "Organization", "name": about.get("creator")},
              "isAccessibleForFree": True}
    return {"title": "wpkld: linked data on the history of the Workers' Party of Korea",
            "stats": stats, "downloads": cached(ds, "downloads", list), "about": about,
            "schema": {k: v for k, v in schema.items() if v}}


def queries(ds: Dataset) -> dict[str, Any]:
    """Return the query catalogue page: every canned query's title and description."""
    from ..queries import catalogue

    return {"title": "Query catalogue", "queries": list(catalogue().values())}


def query(ds: Dataset, name: str) -> dict[str, Any]:
    """Return one query's page: its text, parameters and example output (first rows)."""
    from ..errors import ParameterError
    from ..queries import catalogue

    found = catalogue()
    if name not in found:
        raise ParameterError("iri", f"no canned query {name!r}")
    q = found[name]
    variables: list[str] = []
    rows: list[list[tuple[str, str | None]]] = []
    total = 0
    if name not in _NEEDS_NETWORK:
        results = ds.results(name, q.example_parameters())
        variables = [v for v in results.variables if not v.endswith("Label")]
        total = len(results.rows)
        # A total order (by the cells as shown): ties of the query's ORDER BY come back
        # from the engine in any order, and the page must be the same bytes on every run.
        shown = []
        for row in results.rows:
            cells = []
            for var in variables:
                term, label = row.get(var), row.get(var + "Label")
                text = readable(label) if label is not None else readable(term) if term is not None else ""
                iri = term.value if term is not None and type(term).__name__ == "NamedNode" else None
                cells.append((text, iri))
            shown.append(cells)
        rows = sorted(shown, key=lambda cells: [(text, iri or "") for text, iri in cells])[:EXAMPLE_ROWS]
    return {"title": q.title, "query": q, "variables": variables, "rows": rows, "total": total,
            "offline": name not in _NEEDS_NETWORK}


def ontology(ds: Dataset) -> dict[str, Any]:
    """Return the ontology page: every term with its English label and comment."""
    rows = _rows(ds, "ontology")
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in rows:
        kind = row["type"].rsplit("#", 1)[-1]
        groups[kind].append({**row, "name": row["term"][len(WPK):]})
    return {"title": "The wpkld ontology", "groups": sorted(groups.items())}
