"""Refuse SPARQL requests the server must not run: updates, and federation unless allowed.

pyoxigraph offers no parsed algebra to inspect and, built with an HTTP
client, follows ``SERVICE <url>`` wherever it points. So the query is read
token by token with the SPARQL 1.1 lexical rules (section 19.8 of the
Recommendation): strings, IRIs and comments are skipped as the grammar skips
them, and a keyword is a whole word that is not part of a variable, a
prefixed name, a blank node label or a language tag. A keyword hidden in a
string or an IRI is not a keyword; a keyword next to punctuation
(``.SERVICE``) still is. rdflib's parser would give the algebra, but takes
close to a second for a long query.
"""

from __future__ import annotations

import re

from ..errors import QueryError

#: The operations of SPARQL 1.1 Update (its grammar's ``Update1``).
UPDATE_KEYWORDS = frozenset({"insert", "delete", "load", "clear", "drop", "create",
                             "add", "move", "copy", "with"})
_QUERY_FORMS = frozenset({"select", "ask", "construct", "describe"})

# Order matters: the long string forms before the short ones.
_SKIP = re.compile(r"""
    '''(?:'{0,2}(?:[^'\\]|\\.))*'''
  | \"\"\"(?:"{0,2}(?:[^"\\]|\\.))*\"\"\"
  | '(?:[^'\\\n\r]|\\.)*'
  | "(?:[^"\\\n\r]|\\.)*"
  | <[^<>"{}|^`\\\x00-\x20]*>
  | \#[^\n\r]*
""", re.VERBOSE | re.DOTALL)
# A name-like run: variables (?x, $x), blank node labels (_:x), language tags
# (@en), prefixed names (ex:x, with dots inside the local part) and bare words.
_WORD = re.compile(r"[?$@]?(?:_:)?[\w\-.]*(?::[\w\-.:%\\]*)?", re.UNICODE)


class Refused(QueryError):
    """A SPARQL request that is well-formed enough to read but not allowed here."""

    def __init__(self, message: str, *, status: int) -> None:
        self.status = status
        super().__init__(message)


def keywords(query: str) -> list[str]:
    """Return the bare words of a query, lower-cased, outside strings, IRIs and comments.

    >>> keywords('SELECT * WHERE { ?service <urn:SERVICE> "SERVICE" . ex:service ?o } # SERVICE')
    ['select', 'where']
    >>> keywords("ASK { ?s ?p ?o .SERVICE <http://x/> { } }")
    ['ask', 'service']
    """
    words: list[str] = []
    i = 0
    while i < len(query):
        skipped = _SKIP.match(query, i)
        if skipped and skipped.end() > i:
            i = skipped.end()
            continue
        word = _WORD.match(query, i)
        if word and word.end() > i:
            token = word.group().strip(".")
            if token and token[0] not in "?$@" and ":" not in token:
                words.extend(part.lower() for part in token.split(".") if part)
            i = word.end()
        else:
            i += 1
    return words


def check(query: str, *, allow_federation: bool) -> None:
    """Raise :class:`Refused` for an update, or a ``SERVICE`` call when federation is off.

    >>> check("SELECT * WHERE { ?s ?p ?o }", allow_federation=False)
    >>> check("INSERT DATA { <urn:a> <urn:b> <urn:c> }", allow_federation=False)
    Traceback (most recent call last):
    ...
    wpkld.serve.guard.Refused: SPARQL updates are refused: this endpoint is read-only
    >>> check("SELECT * { SERVICE <http://169.254.169.254/> { ?s ?p ?o } }", allow_federation=False)
    Traceback (most recent call last):
    ...
    wpkld.serve.guard.Refused: SERVICE (federated query) is refused: start the server with --allow-federation to allow it
    """
    words = keywords(query)
    form = next((w for w in words if w in _QUERY_FORMS or w in UPDATE_KEYWORDS), None)
    if form in UPDATE_KEYWORDS:
        raise Refused("SPARQL updates are refused: this endpoint is read-only", status=403)
    if not allow_federation and "service" in words:
        raise Refused("SERVICE (federated query) is refused: start the server with"
                      " --allow-federation to allow it", status=403)
