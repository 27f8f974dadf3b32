"""Bind query variables to terms with a VALUES block, the one binding every store receives.

A VALUES block placed first in the WHERE group (or on the line after a
``#bind`` comment line, which a query whose parameters are used in a
subquery must have, and which spares finding the WHERE group with the
lexer) narrows the query on every engine: Oxigraph joins from it (its ``substitutions`` do not narrow the join,
docs/benchmarks.md measures the difference), and a remote endpoint has no
other way to receive bindings. Values are written in N-Triples form by
pyoxigraph, which validates and escapes them: never raw text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping, Sequence

from .errors import QueryError
from .sparql_scan import first_brace
from .terms import Term

#: A ``#bind`` comment line: the parameters' VALUES block goes on the next line.
_BIND = re.compile(r"^[ \t]*#bind[ \t]*\n", re.MULTILINE)


def inline_values(query: str, names: Sequence[str], rows: Iterable[Sequence[Term | None]]) -> str:
    """Put a VALUES block of several rows first in the WHERE group; ``None`` is UNDEF.

    A query whose parameters are used inside a subquery marks the place with
    a ``#bind`` line: a block outside the subquery would be joined after it
    is computed for every value, which costs what the whole store costs.

    >>> from pyoxigraph import NamedNode
    >>> inline_values("SELECT ?x WHERE { ?x ?p ?o }", ["x"], [[NamedNode("urn:a")], [None]])
    'SELECT ?x WHERE { VALUES (?x) { (<urn:a>) (UNDEF) } ?x ?p ?o }'
    >>> inline_values("SELECT * WHERE { { SELECT ?x WHERE {\\n#bind\\n?x ?p ?o } } }", ["x"], [[NamedNode("urn:a")]])
    'SELECT * WHERE { { SELECT ?x WHERE {\\n#bind\\n VALUES (?x) { (<urn:a>) }\\n?x ?p ?o } } }'
    """
    head = " ".join(f"?{n}" for n in names)
    body = " ".join("(" + " ".join("UNDEF" if v is None else str(v) for v in row) + ")" for row in rows)
    at, marked = _place(query)
    after = "\n" if marked else ""  # the marked place starts a line; the block keeps it one
    return f"{query[:at]} VALUES ({head}) {{ {body} }}{after}{query[at:]}"


@functools.lru_cache(maxsize=1024)  # found again at every call of a query otherwise, on a text of several KB
def _place(query: str) -> tuple[int, bool]:
    """Return where the VALUES block goes, and whether a ``#bind`` line marks the place."""
    marked = _BIND.search(query)
    if marked:
        return marked.end(), True
    brace = first_brace(query)  # the WHERE group
    if brace is None:
        raise QueryError("the query has no WHERE group to bind parameters in")
    return brace + 1, False


def inline_bindings(query: str, bindings: Mapping[str, Term]) -> str:
    """Bind variables by a VALUES block placed first in the WHERE group.

    The block is built from terms pyoxigraph has validated and escaped (their
    N-Triples form), never from raw strings.

    >>> from pyoxigraph import Literal
    >>> inline_bindings("SELECT ?x WHERE { ?x ?p ?name }", {"name": Literal('a" } DROP ALL #')})
    'SELECT ?x WHERE { VALUES (?name) { ("a\\\\" } DROP ALL #") } ?x ?p ?name }'
    """
    if not bindings:
        return query
    return inline_values(query, list(bindings), [list(bindings.values())])
