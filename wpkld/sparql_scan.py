"""Read the keywords of a SPARQL text without running it: its form, and whether it reaches out.

A query that names ``SERVICE`` makes the engine send a request to another
host (pyoxigraph and rdflib both do; pyoxigraph 0.5 has no option to turn
that off), and an update's ``LOAD`` fetches a URL. wpkld refuses both unless
the caller allows the network (:func:`check_network`).

The check runs the SPARQL 1.1 lexer's rules (§19.8 of the recommendation):
comments, IRIs, strings, language tags, prefixed names and variables are
whole tokens, so ``# SERVICE``, ``"SERVICE"``, ``<http://x/SERVICE>``,
``ex:service`` or ``?service`` do not count, and a keyword does whatever its
case or spacing. A keyword token ``SERVICE`` can only start a
ServiceGraphPattern; ``tests/test_faults.py`` checks the verdict against
rdflib's full SPARQL parser on every canned query and on tricky ones. The
lexer is used rather than that parser on every call because importing rdflib
costs a third of a second on the fast query path.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator

from .errors import NetworkRefused

_LOCAL_CHAR = r"(?:[\w:\-\u00B7]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
#: One token of the SPARQL lexer, in the order the alternatives must be tried.
_TOKEN = rf"""
    (?P<space>\s+)
  | (?P<comment>\#[^\n]*)
  | (?P<iri><[^<>"{{}}|^`\\\x00-\x20]*>)
  | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"|'''(?:[^'\\]|\\.|'(?!''))*'''
                |"(?:[^"\\\n\r]|\\.)*"|'(?:[^'\\\n\r]|\\.)*')
  | (?P<langtag>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
  | (?P<var>[?$][\w\u00B7]+)
  | (?P<pname>(?:\w(?:[\w.\-\u00B7]*[\w\-\u00B7])?)?:(?:{_LOCAL_CHAR}(?:(?:{_LOCAL_CHAR}|\.)*{_LOCAL_CHAR})?)?)
  | (?P<word>[A-Za-z]+)
  | (?P<other>.)
"""


@functools.cache
def _lexer() -> re.Pattern[str]:
    # Compiled on first use (1 ms): a command whose texts name no keyword to look for never needs it.
    return re.compile(_TOKEN, re.VERBOSE | re.DOTALL)


#: Keywords that open a query or an update operation.
FORMS = frozenset({"SELECT", "ASK", "CONSTRUCT", "DESCRIBE", "INSERT", "DELETE", "LOAD",
                   "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH"})

#: Keywords that make the engine fetch something from elsewhere.
OUTBOUND = frozenset({"SERVICE", "LOAD"})


def keywords(text: str) -> Iterator[str]:
    """Yield the bare words of a SPARQL text, upper-cased, outside comments, IRIs and strings.

    >>> list(keywords('SELECT ?s # SERVICE\\nWHERE { ?s ex:service "SERVICE" }'))
    ['SELECT', 'WHERE']
    """
    for match in _lexer().finditer(text):
        if match.lastgroup == "word":
            yield match.group().upper()


def first_brace(text: str) -> int | None:
    """Return where the first ``{`` outside comments, IRIs and strings is, if any.

    >>> first_brace('SELECT (GROUP_CONCAT(?x; separator="{") AS ?y) WHERE { ?x ?p ?o }')
    53
    """
    return next((m.start() for m in _lexer().finditer(text) if m.group() == "{" and m.lastgroup == "other"), None)


def form(text: str) -> str | None:
    """Return the keyword that opens the query (``SELECT``, ``CONSTRUCT``, ...), if any.

    >>> form("PREFIX ex: <http://x/> construct { ?s ?p ?o } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    return next((word for word in keywords(text) if word in FORMS), None)


def outbound(text: str) -> list[str]:
    """Return the keywords of the text that would make the engine fetch from elsewhere.

    >>> outbound("SELECT * WHERE { SeRvIcE <http://127.0.0.1:1/x> { ?s ?p ?o } }")
    ['SERVICE']
    >>> outbound('SELECT * WHERE { ?s ?p "SERVICE" } # SERVICE <http://x/>')
    []
    """
    return list(_outbound(text))


@functools.lru_cache(maxsize=256)
def _outbound(text: str) -> tuple[str, ...]:
    # A canned query's text comes again at every call: scanning it costs 0.2 ms. A keyword is
    # a piece of the text, so a text without the letters of one anywhere needs no scan.
    upper = text.upper()
    if not any(word in upper for word in OUTBOUND):
        return ()
    return tuple(sorted({word for word in keywords(text) if word in OUTBOUND}))


def check_network(text: str, *, allow_network: bool) -> None:
    """Refuse a query or update that would send requests elsewhere, unless allowed.

    :raises NetworkRefused: when the text uses ``SERVICE`` or ``LOAD`` and
        ``allow_network`` is false.
    """
    if allow_network:
        return
    found = outbound(text)
    if found:
        raise NetworkRefused(
            f"the query uses {' and '.join(found)}, which sends requests to other hosts; "
            "give --allow-network (allow_network=True) to let it")
