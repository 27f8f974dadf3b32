"""Bind entity parameters given as IRIs, CURIEs or slugs with one query, without the name resolver.

Building the :class:`~wpkld.names.Resolver` reads every name of the data (a
query over every label, ~30 ms at start-up, a round trip on an endpoint). A
value that is already an identifier needs only a check that it names a
resource of the right class; names and near misses still go to the resolver,
which also words the errors.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection
from typing import TYPE_CHECKING

from pyoxigraph import NamedNode

from .. import resources
from ..binding import inline_values
from ..namespaces import BASE, expand

if TYPE_CHECKING:
    from ..store import Store

#: The kinds of resource IRI, ``{BASE}{kind}/{slug}`` (docs/model.md, "IRIs").
KINDS = ("person", "faction", "organization", "place", "event", "source", "charge", "fate",
         "sentence", "role", "event-kind", "quantity-kind", "unit", "link-status", "vocabulary")
_SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
_IRI = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*://\S+|urn:\S+")


@functools.cache
def _lookup() -> str:
    """The lookup query, wpkld/queries/internal/entity-by-slug.rq (read once)."""
    return resources.query_files("internal")["entity-by-slug"].read_text(encoding="utf-8")


def candidates(value: str) -> list[str]:
    """Return the IRIs a value can stand for as an identifier; [] for a name.

    >>> candidates("faction:yanan")
    ['https://w3id.org/wpkld/faction/yanan']
    >>> len(candidates("yanan")), candidates("Yan'an faction"), candidates("WPK")
    (15, [], [])
    """
    text = value.strip()
    if _IRI.fullmatch(text):
        return [text]
    curie = expand(text) if ":" in text else None
    if curie:
        return [curie]
    return [f"{BASE}{kind}/{text}" for kind in KINDS] if _SLUG.fullmatch(text) else []


def identify(store: Store, value: str, classes: Collection[str]) -> NamedNode | None:
    """Return the one resource of ``classes`` the identifier ``value`` names, else None.

    None also when ``value`` is a name, not an identifier: the caller then asks
    the resolver.
    """
    found = candidates(value)
    if not found:
        return None
    text = _lookup()
    try:
        nodes = [NamedNode(iri) for iri in found]
    except ValueError:  # not a valid IRI after all: the resolver words the error
        return None
    text = inline_values(text, ["candidate"], [[node] for node in nodes])
    if classes:
        text = inline_values(text, ["wanted"], [[NamedNode(c)] for c in classes])
    rows = store.select(text).rows
    found_node = rows[0].get("candidate") if len(rows) == 1 else None
    return found_node if isinstance(found_node, NamedNode) else None
