"""RDF terms shared by every backend (pyoxigraph's), and their Python values."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TypeVar

from pyoxigraph import BlankNode, Literal, NamedNode

from .namespaces import XSD

if TYPE_CHECKING:  # rdflib is imported lazily: the query path must start fast
    import rdflib

Term = NamedNode | Literal | BlankNode
Row = dict[str, Term]
T = TypeVar("T")

_INTEGERS = {XSD + t for t in ("integer", "int", "long", "short", "nonNegativeInteger",
                              "positiveInteger", "negativeInteger", "nonPositiveInteger")}


def to_python(term: Term) -> Any:
    """Return the native Python value of a term.

    IRIs become strings, integers ``int``, decimals and doubles ``float``,
    ``xsd:date`` a :class:`datetime.date`, ``xsd:gYear`` an ``int`` year,
    booleans ``bool``; other literals their lexical form.

    >>> to_python(Literal("1956", datatype=NamedNode(XSD + "gYear")))
    1956
    >>> to_python(Literal("1956-08-30", datatype=NamedNode(XSD + "date")))
    datetime.date(1956, 8, 30)
    >>> to_python(NamedNode("https://w3id.org/wpkld/person/pak-hon-yong"))
    'https://w3id.org/wpkld/person/pak-hon-yong'
    >>> decimal = NamedNode(XSD + "decimal")
    >>> to_python(Literal("2.50", datatype=decimal)), to_python(Literal("abc", datatype=decimal))
    (2.5, 'abc')
    """
    if isinstance(term, NamedNode):
        return term.value
    if isinstance(term, BlankNode):
        return f"_:{term.value}"
    datatype = term.datatype.value
    value = term.value
    try:
        if datatype in _INTEGERS:
            return int(value)
        if datatype in (XSD + "decimal", XSD + "double", XSD + "float"):
            from decimal import Decimal  # here: the query path does without it

            number = Decimal(value)
            return int(number) if number == number.to_integral_value() and datatype == XSD + "decimal" else float(number)
        if datatype == XSD + "boolean":
            return value in ("true", "1")
        if datatype == XSD + "date":
            return datetime.date.fromisoformat(value)
        if datatype == XSD + "gYear":
            return int(value)
    except (ValueError, ArithmeticError):  # ArithmeticError: Decimal's InvalidOperation
        return value  # an ill-typed literal keeps its lexical form rather than failing
    return value


def from_rdflib(term: rdflib.term.Node) -> Term:
    """Convert an rdflib term to the shared pyoxigraph term."""
    import rdflib

    if isinstance(term, rdflib.URIRef):
        return NamedNode(str(term))
    if isinstance(term, rdflib.BNode):
        return BlankNode(str(term))
    if isinstance(term, rdflib.Literal):
        if term.language:
            return Literal(str(term), language=term.language)
        if term.datatype:
            return Literal(str(term), datatype=NamedNode(str(term.datatype)))
        return Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: Term) -> rdflib.term.Identifier:
    """Convert a shared pyoxigraph term to rdflib."""
    import rdflib

    if isinstance(term, NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == XSD + "string":
        # rdflib keeps "c" and "c"^^xsd:string apart (RDF 1.1 says they are one term):
        # a bound plain string must be a plain literal to match the data.
        return rdflib.Literal(term.value)
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def to_sparql_json(term: Term) -> dict[str, str]:
    """Return the W3C SPARQL 1.1 Query Results JSON object of a term."""
    if isinstance(term, NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, BlankNode):
        return {"type": "bnode", "value": term.value}
    out = {"type": "literal", "value": term.value}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype.value != XSD + "string":
        out["datatype"] = term.datatype.value
    return out


def from_sparql_json(obj: object) -> Term:
    """Parse one term of a SPARQL 1.1 Query Results JSON document.

    :raises ValueError: naming what is wrong, when the object is not a term
        (no string ``value``, an unknown ``type``, a bad IRI or language tag).

    >>> from_sparql_json({"type": "literal", "value": "Kim", "xml:lang": "en"})
    <Literal value=Kim language=en>
    >>> from_sparql_json({"type": "uri", "value": "not an IRI"})
    Traceback (most recent call last):
    ...
    ValueError: not a valid IRI: 'not an IRI'
    """
    if not isinstance(obj, dict) or not isinstance(obj.get("value"), str):
        raise ValueError(f"a term must be an object with a string 'value', not {short(obj)}")
    kind, value = obj.get("type"), obj["value"]
    if kind == "uri":
        return _valid(NamedNode, "IRI", value)
    if kind == "bnode":
        return _valid(BlankNode, "blank node label", value)
    if kind in ("literal", "typed-literal"):  # typed-literal: SPARQL 1.0 JSON, Virtuoso
        if "xml:lang" in obj:
            tag = _valid(lambda t: Literal("", language=t), "language tag", obj["xml:lang"])
            return Literal(value, language=tag.language)
        if "datatype" in obj:
            return Literal(value, datatype=_valid(NamedNode, "datatype IRI", obj["datatype"]))
        return Literal(value)
    raise ValueError(f"unknown term type {short(kind)}")


def _valid(make: Callable[[str], T], what: str, value: object) -> T:
    """Return ``make(value)``, or a ValueError saying the value is not a valid ``what``."""
    try:
        if not isinstance(value, str):
            raise TypeError(value)
        return make(value)
    except (TypeError, ValueError) as exc:
        raise ValueError(f"not a valid {what}: {short(value)}") from exc


def short(value: object, width: int = 60) -> str:
    """Return the repr of a value, cut to ``width`` characters for a one-line message.

    >>> short("x" * 100, 10)
    "'xxxxxxxx…"
    """
    text = repr(value)
    return text if len(text) <= width else text[:width - 1] + "…"
