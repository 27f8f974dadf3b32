"""The canned queries: read the ``.rq`` headers, bind typed parameters, run them.

Each query is one ``.rq`` file whose stem is its name. A comment header says
what it does, in the spirit of the SIB sparql-examples::

    # title: Leaders of a faction
    # description: The persons the texts name as leaders of a faction ...
    #   (indented lines continue a field)
    # param: faction entity:Faction required -- the faction: IRI, slug or any spelling
    # keywords: faction, leader
    # example: wpkld query faction-leaders -p faction=yanan

A ``param`` line gives the name, the type (``iri``, ``entity`` or
``entity:Class|Class``, ``year-or-date``, ``string``, ``integer``, or
``choice:one|other``), then ``required``, ``optional`` or ``default=VALUE``,
then ``--`` and the meaning.

Binding rules, which keep one query text valid and fast on every store:

* the values reach every store as a VALUES block first in the WHERE group
  (:mod:`wpkld.binding`), so the engine joins from them;
* every parameter is a variable of the SELECT projection and
  :meth:`Query.run` drops it from the results;
* every parameter is always bound: an optional one that is not given is the
  empty string, which the query tests as ``STR(?p) = ""``;
* values are terms (pyoxigraph), never text pasted into the query.

A block between ``#if NAME`` and ``#end`` comment lines is left out when
parameter NAME is not given: a pattern that starts from a parameter then
costs nothing when it is absent, where a ``STR(?p) = ""`` test would make
engines plan the whole query without the start it gives. The file as it
stands, every block kept, is the query with every parameter given.

Answers are deterministic: every query ends in a total ``ORDER BY``, and
since ``GROUP_CONCAT`` has no defined order, :meth:`Query.run` sorts the
items of every concatenated list (:attr:`Query.lists`) and drops empty ones
(a query may concatenate ``""`` for "nothing": engines differ on aggregates
over unbound values, Oxigraph returning no value at all). For the same
reason an empty string the query computes (a variable named by ``AS ?name``,
:attr:`Query.computed`) is no value: :meth:`Query.run` leaves it out of the
row, as it does an unbound variable. A value read from the data stays as it
is, empty or not (a quote at the start of a text has an empty ``oa:prefix``).
"""

from __future__ import annotations

import datetime
import functools
import re
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from pyoxigraph import Literal, NamedNode, Triple

from .. import resources
from ..errors import DataError, ParameterError, QueryNotFound
from ..namespaces import BASE, RDF, RDFS, SCHEMA, SH, SKOS, WPK, XSD
from ..store import Results
from ..terms import Term

if TYPE_CHECKING:
    from pathlib import Path

    from ..store import Store

class Named(Protocol):
    """A resource a name was resolved to."""

    @property
    def iri(self) -> str: ...


class Resolver(Protocol):
    """What binds entity parameters: :class:`wpkld.names.Resolver` is one."""

    def identify(self, value: str, *, classes: Collection[str] = (),
                 parameter: str = "name") -> Named: ...


#: What a parameter value may be given as from Python.
Value = str | int | datetime.date | NamedNode

KINDS = ("iri", "entity", "year-or-date", "string", "integer", "choice")
QUERY_BASE = BASE + "query/"
#: What a query answers where it can leave no value unbound (in an aggregate).
_EMPTY = Literal("")

_FIELDS = ("title", "description", "param", "keywords", "example")
_FIELD = re.compile(r"#\s?(?P<key>[a-z]+):\s*(?P<value>.*)")
_PARAM = re.compile(r"(?P<name>[a-z][A-Za-z0-9]*)\s+(?P<type>\S+)\s+"
                    r"(?P<presence>required|optional|default=\S+)\s+--\s+(?P<meaning>.+)")
_DATE = re.compile(r"\d{4}(?:-\d{2}(?:-\d{2})?)?")
#: ``#if NAME`` ... ``#end``: a part of the query that applies only when NAME is given.
_BLOCK = re.compile(r"^[ \t]*#if (?P<name>[a-z][A-Za-z0-9]*)[ \t]*\n(?P<body>.*?)^[ \t]*#end[ \t]*\n",
                    re.MULTILINE | re.DOTALL)
#: ``... AS ?name``: a variable the query computes (in a projection or a BIND).
_COMPUTED = re.compile(r"\bAS\s+\?(\w+)", re.IGNORECASE)
#: ``GROUP_CONCAT(... ; separator="S") AS ?name``: a list whose items :meth:`Query.run` sorts.
_LIST = re.compile(r'GROUP_CONCAT\s*\(.*?;\s*separator\s*=\s*"([^"]+)"\s*\)\s+AS\s+\?(\w+)',
                   re.IGNORECASE | re.DOTALL)

# The RDF catalogue's vocabularies (SHACL-AF executables, as SIB sparql-examples use them).
_TTL_PREFIXES = {"sh": SH, "rdf": RDF, "rdfs": RDFS, "schema": SCHEMA, "skos": SKOS,
                 "xsd": XSD, "wpk": WPK, "query": QUERY_BASE,
                 "parameter": QUERY_BASE + "parameter#"}
_DATATYPES = {"string": XSD + "string", "integer": XSD + "integer", "year-or-date": XSD + "string",
              "choice": XSD + "string"}
#: The year-or-date rule as an XPath regular expression, for sh:pattern.
_DATE_PATTERN = "^[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?$"


@dataclass(frozen=True)
class Parameter:
    """One typed parameter of a canned query."""

    name: str
    kind: str
    #: For ``entity`` parameters: the classes the resource must be an instance of.
    classes: tuple[str, ...]
    required: bool
    default: str | None
    meaning: str
    #: For ``choice`` parameters: the values it takes.
    choices: tuple[str, ...] = ()

    @property
    def type(self) -> str:
        """The type as the header spells it (``entity:Faction``).

        >>> Parameter("body", "entity", (WPK + "PartyBody", WPK + "StateBody"), True, None, "").type
        'entity:PartyBody|StateBody'
        """
        if self.choices:
            return self.kind + ":" + "|".join(self.choices)
        if not self.classes:
            return self.kind
        return self.kind + ":" + "|".join(c[len(WPK):] for c in self.classes)

    def bind(self, value: Value, resolver: Resolver | None) -> Term:
        """Return the term for a value given by a user.

        :raises ParameterError: when the value is malformed or names nothing.

        >>> Parameter("from", "year-or-date", (), False, None, "").bind("1956-08", None)
        <Literal value=1956-08 datatype=<NamedNode value=http://www.w3.org/2001/XMLSchema#string>>
        >>> Parameter("from", "year-or-date", (), False, None, "").bind("Aug 1956", None)
        Traceback (most recent call last):
        ...
        wpkld.errors.ParameterError: parameter 'from': 'Aug 1956' is not a year or date (use YYYY, YYYY-MM or YYYY-MM-DD)
        """
        if isinstance(value, NamedNode):
            if self.kind in ("iri", "entity"):
                return value  # already identified by the caller
            value = value.value
        elif isinstance(value, (int, datetime.date)) and not isinstance(value, bool):
            value = value.isoformat() if isinstance(value, datetime.date) else str(value)
        if not isinstance(value, str):
            raise ParameterError(self.name, f"expected text, got {type(value).__name__}")
        if self.kind == "string":
            return Literal(value)
        if self.kind == "integer":
            if not re.fullmatch(r"[+-]?\d+", value.strip()):
                raise ParameterError(self.name, f"{value!r} is not an integer")
            return Literal(str(int(value)), datatype=NamedNode(XSD + "integer"))
        if self.kind == "year-or-date":
            return Literal(_year_or_date(self.name, value.strip()))
        if self.kind == "choice":
            if value.strip() not in self.choices:
                raise ParameterError(self.name, f"{value!r} is not one of {', '.join(self.choices)}")
            return Literal(value.strip())
        if self.kind == "iri":
            try:
                return NamedNode(value.strip())
            except ValueError as exc:
                raise ParameterError(self.name, f"{value!r} is not an absolute IRI ({exc})") from None
        if resolver is None:
            raise ParameterError(self.name, "an entity parameter needs a name resolver")
        return NamedNode(resolver.identify(value, classes=self.classes, parameter=self.name).iri)


def _year_or_date(name: str, text: str) -> str:
    """Check a YYYY, YYYY-MM or YYYY-MM-DD value, and return it."""
    if _DATE.fullmatch(text):
        try:
            datetime.date.fromisoformat((text + "-01-01")[:10])
            return text
        except ValueError:
            pass
    raise ParameterError(name, f"{text!r} is not a year or date (use YYYY, YYYY-MM or YYYY-MM-DD)")


@dataclass(frozen=True)
class Query:
    """A canned query: its header and its SPARQL text."""

    name: str
    title: str
    description: str
    parameters: tuple[Parameter, ...]
    keywords: tuple[str, ...]
    example: str
    #: The whole file: the header comments, then the query.
    text: str

    @functools.cached_property
    def sparql(self) -> str:
        """The query without its header comments.

        >>> parse("q", "# title: T\\n# description: D\\nSELECT * WHERE {}").sparql
        'SELECT * WHERE {}'
        """
        lines = self.text.splitlines(keepends=True)
        start = next((i for i, line in enumerate(lines) if not line.startswith("#")), len(lines))
        return "".join(lines[start:])

    def example_parameters(self) -> dict[str, str]:
        """Return the ``-p key=value`` pairs of the example call in the header.

        >>> catalogue()["faction-leaders"].example_parameters()
        {'faction': 'yanan'}
        """
        import shlex  # only for the examples: not on a command's path

        words = shlex.split(self.example)
        pairs = [words[i + 1] for i, w in enumerate(words[:-1]) if w in ("-p", "--param")]
        return dict(pair.split("=", 1) for pair in pairs)

    def text_for(self, given: Collection[str]) -> str:
        """Return the query without the ``#if`` blocks of the parameters not ``given``.

        >>> q = parse("q", "# title: T\\n# description: D\\nSELECT * WHERE {\\n  #if a\\n  ?s ?p ?a .\\n  #end\\n}")
        >>> q.text_for({"a"}).splitlines()[-2], q.text_for(set()).splitlines()[-1]
        ('  ?s ?p ?a .', '}')
        """
        return _choose(self.text, frozenset(given))

    @functools.cached_property
    def lists(self) -> dict[str, str]:
        """The variables that are ``GROUP_CONCAT`` lists, and their separators.

        >>> catalogue()["purges"].lists["charges"]
        '; '
        """
        return {name: sep for sep, name in _LIST.findall(self.sparql)}

    @functools.cached_property
    def computed(self) -> frozenset[str]:
        """The variables the query computes (``AS ?name``): where an empty string means no value.

        >>> sorted(catalogue()["meetings"].computed)
        ['date']
        """
        return frozenset(_COMPUTED.findall(self.sparql))

    def needs_resolver(self, values: Mapping[str, Value]) -> bool:
        """Whether binding these values needs a :class:`Resolver`: an entity is given by name.

        An IRI, a CURIE or a slug is checked by one query instead (:mod:`.entities`).

        >>> q = catalogue()["purges"]
        >>> q.needs_resolver({"faction": "yanan"}), q.needs_resolver({"faction": "Yan'an faction"})
        (False, True)
        """
        from .entities import candidates

        return any(p.kind == "entity" and isinstance(v := values.get(p.name), str) and v
                   and not candidates(v) for p in self.parameters)

    def parameter(self, name: str) -> Parameter:
        """Return a parameter by name.

        :raises ParameterError: when the query has no such parameter.
        """
        for p in self.parameters:
            if p.name == name:
                return p
        takes = ", ".join(p.name for p in self.parameters) or "no parameters"
        raise ParameterError(name, f"unknown parameter of query {self.name!r} (it takes {takes})")

    def bind(self, values: Mapping[str, Value], *, resolver: Resolver | None = None) -> dict[str, Term]:
        """Return a term for every parameter: given, default, or the empty string.

        :raises ParameterError: when a parameter is unknown, missing or malformed.
        """
        for name in values:
            self.parameter(name)
        bound: dict[str, Term] = {}
        for p in self.parameters:
            if p.name in values:
                bound[p.name] = p.bind(values[p.name], resolver)
            elif p.default is not None:
                bound[p.name] = p.bind(p.default, resolver)
            elif p.required:
                raise ParameterError(p.name, f"missing; query {self.name!r} needs it: {p.meaning}"
                                             f" (e.g. {self.example})")
            else:
                bound[p.name] = Literal("")
        return bound

    def run(self, store: Store, values: Mapping[str, Value] | None = None, *,
            resolver: Resolver | None = None, limit: int | None = None,
            offset: int = 0) -> Results:
        """Bind the parameters and run the query; parameters are not in the results.

        :param store: where to run it.
        :param values: parameter values, entities by IRI, CURIE, slug or any spelling.
        :param resolver: names to resolve entities by (built from ``store`` only
            when an entity is given by name, or an identifier names nothing).
        :param limit: return at most this many rows (a page).
        :param offset: skip this many rows first.
        :raises ParameterError: when a parameter is unknown, missing or malformed.
        :raises QueryError: when the store fails.
        """
        values = dict(values or {})
        if resolver is None:
            from .entities import identify

            for p in self.parameters:
                value = values.get(p.name)
                if p.kind == "entity" and isinstance(value, str) and value:
                    found = identify(store, value, p.classes)
                    if found is None:  # a name after all, or a near miss: the resolver words it
                        from ..names import Resolver as Names

                        resolver = Names.from_store(store)
                        break
                    values[p.name] = found
        bindings = self.bind(values, resolver=resolver)
        given = {name for name, term in bindings.items() if term.value}
        return self.tidy(store.select(self.text_for(given) + _page(limit, offset), bindings))

    def tidy(self, results: Results) -> Results:
        """Return a store's answer as wpkld gives it: parameters left out, lists sorted.

        Also leaves out an empty string the query computed (no value, see the
        module's notes). The rows are changed in place (a fresh answer is the
        store's alone): building every row again cost a tenth of a small query.
        """
        hidden = [p.name for p in self.parameters]
        # Only computed values are compared: a comparison per value of a wide answer cost a
        # few percent of the query.
        computed = [v for v in results.variables if v in self.computed and v not in hidden]
        lists = self.lists
        for row in results.rows:
            for name in hidden:
                row.pop(name, None)
            for name in computed:
                if row.get(name) == _EMPTY:
                    del row[name]
            for name, sep in lists.items():
                listed = row.get(name)
                if isinstance(listed, Literal):
                    items = sorted(item for item in listed.value.split(sep) if item)
                    if items:
                        row[name] = Literal(sep.join(items))
                    else:  # an empty list is no value, as an empty OPTIONAL is
                        del row[name]
        return Results([v for v in results.variables if v not in hidden], results.rows)


@functools.lru_cache(maxsize=1024)
def _choose(text: str, given: frozenset[str]) -> str:
    # Cached: every call of a query chooses its blocks again, on a text of several KB.
    return _BLOCK.sub(lambda m: m["body"] if m["name"] in given else "", text)


def _page(limit: int | None, offset: int) -> str:
    """Return the LIMIT/OFFSET clause of a page (integers checked, not text pasted in).

    >>> _page(20, 40)
    '\\nLIMIT 20 OFFSET 40\\n'
    """
    if limit is None and not offset:
        return ""
    for name, number in (("limit", limit), ("offset", offset)):
        if number is not None and (not isinstance(number, int) or number < 0):
            raise ParameterError(name, f"{number!r} is not a whole number (0 or more)")
    clause = "" if limit is None else f"LIMIT {limit} "
    return f"\n{clause}OFFSET {offset}\n"


def parse(name: str, text: str) -> Query:
    """Read a query's header.

    :raises DataError: when the header lacks a title or description, or a
        line is not understood (naming the file and line).

    >>> q = parse("demo", "# title: Demo\\n# description: Shows\\n#   a header.\\n"
    ...           "# param: from year-or-date optional -- first year\\nSELECT ?from WHERE {}")
    >>> q.description, q.parameters[0].type
    ('Shows a header.', 'year-or-date')
    """
    fields: dict[str, list[str]] = {key: [] for key in _FIELDS}
    last: list[str] | None = None
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.startswith("#"):
            break
        field = _FIELD.fullmatch(line.rstrip())
        if field and field["key"] in fields:
            last = fields[field["key"]]
            last.append(field["value"])
        elif line.startswith("#  ") and last:
            last[-1] += " " + line[1:].strip()
        elif line.strip() != "#":
            raise DataError(f"header line not understood: {line!r}", path=f"{name}.rq", line=number)
    for key in ("title", "description"):
        if len(fields[key]) != 1:
            raise DataError(f"the header needs exactly one '# {key}:' line", path=f"{name}.rq")
    return Query(
        name=name, title=fields["title"][0], description=fields["description"][0],
        parameters=tuple(_parameter(name, line) for line in fields["param"]),
        keywords=tuple(k.strip() for line in fields["keywords"] for k in line.split(",") if k.strip()),
        example=fields["example"][0] if fields["example"] else f"wpkld query {name}",
        text=text)


def _parameter(query: str, line: str) -> Parameter:
    found = _PARAM.fullmatch(line.strip())
    kind, _, classes = found["type"].partition(":") if found else ("", "", "")
    if not found or kind not in KINDS or (classes and kind not in ("entity", "choice")) \
            or (kind == "choice" and not classes):
        raise DataError(f"param line not understood: {line!r} (expected NAME TYPE"
                        " required|optional|default=VALUE -- MEANING)", path=f"{query}.rq")
    presence = found["presence"]
    return Parameter(
        name=found["name"], kind=kind,
        classes=tuple(WPK + c for c in classes.split("|")) if classes and kind == "entity" else (),
        choices=tuple(classes.split("|")) if kind == "choice" else (),
        required=presence == "required",
        default=presence[len("default="):] if presence.startswith("default=") else None,
        meaning=found["meaning"])


class Catalogue(Mapping[str, Query]):
    """The canned queries by name; an unknown name raises :class:`QueryNotFound`.

    A query's file is read and its header parsed when the query is first
    asked for: a command runs one query, and parsing all of them would cost
    more than running it.

    >>> catalogue()["purges"].title
    'Purges: who was repressed, when, on what charges'
    >>> catalogue()["purge"]
    Traceback (most recent call last):
    ...
    wpkld.errors.QueryNotFound: no query named 'purge'; did you mean: purges, sources? (wpkld queries lists them)
    """

    def __init__(self, files: Mapping[str, Path]) -> None:
        self._files = dict(files)
        self._parsed: dict[str, Query] = {}

    def __getitem__(self, name: str) -> Query:
        if name in self._parsed:
            return self._parsed[name]
        if name not in self._files:
            import difflib  # only for the error

            close = difflib.get_close_matches(name, self._files, n=3, cutoff=0.5)
            hint = f"; did you mean: {', '.join(close)}?" if close else ""
            raise QueryNotFound(f"no query named {name!r}{hint} (wpkld queries lists them)")
        query = self._parsed[name] = parse(name, self._files[name].read_text(encoding="utf-8"))
        return query

    def __iter__(self) -> Iterator[str]:
        return iter(self._files)

    def __len__(self) -> int:
        return len(self._files)

    def to_turtle(self) -> str:
        """Return the catalogue as RDF in the SIB sparql-examples style (Turtle).

        Each query is an ``sh:SPARQLSelectExecutable`` with ``sh:select``,
        ``rdfs:label``, ``rdfs:comment``, ``schema:keywords``, an example call
        (``skos:example``) and its parameters (``sh:parameter``, described as
        SHACL-AF parameters: ``sh:path``, ``sh:class`` or ``sh:datatype``,
        ``sh:optional``, ``sh:defaultValue``).

        >>> "sh:SPARQLSelectExecutable" in catalogue().to_turtle()
        True
        """
        from pyoxigraph import RdfFormat, serialize

        triples = [t for query in self.values() for t in _describe(query)]
        turtle = serialize(triples, format=RdfFormat.TURTLE, prefixes=_TTL_PREFIXES)
        return (turtle or b"").decode("utf-8")  # bytes, as no output file is given


@functools.cache
def catalogue() -> Catalogue:
    """Return the canned queries users run (``wpkld queries`` lists them; read once)."""
    return Catalogue(resources.query_files())


@functools.cache
def internal_catalogue() -> Catalogue:
    """Return the queries wpkld runs for itself: names, statistics, Wikidata alignment.

    >>> internal_catalogue()["names"].title
    'Names of every resource'
    """
    return Catalogue(resources.query_files("internal"))


def _describe(query: Query) -> list[Triple]:
    """Return the triples that describe one query (no blank nodes: the model forbids them)."""
    node = NamedNode(QUERY_BASE + query.name)

    def t(s: NamedNode, p: str, o: Term) -> Triple:
        return Triple(s, NamedNode(p), o)

    out = [t(node, RDF + "type", NamedNode(SH + "SPARQLExecutable")),
           t(node, RDF + "type", NamedNode(SH + "SPARQLSelectExecutable")),
           t(node, RDFS + "label", Literal(query.title, language="en")),
           t(node, RDFS + "comment", Literal(query.description, language="en")),
           t(node, SH + "select", Literal(query.sparql)),
           t(node, SKOS + "example", Literal(query.example))]
    out += [t(node, SCHEMA + "keywords", Literal(k)) for k in query.keywords]
    params = [(p, NamedNode(f"{QUERY_BASE}{query.name}#{p.name}")) for p in query.parameters]
    out += [t(node, SH + "parameter", param) for _, param in params]
    for p, param in params:
        out += [t(param, RDF + "type", NamedNode(SH + "Parameter")),
                t(param, SH + "path", NamedNode(f"{QUERY_BASE}parameter#{p.name}")),
                t(param, SH + "name", Literal(p.name)),
                t(param, SH + "description", Literal(p.meaning, language="en")),
                t(param, SH + "optional", Literal("false" if p.required else "true",
                                                  datatype=NamedNode(XSD + "boolean")))]
        if p.kind in ("iri", "entity"):
            out.append(t(param, SH + "nodeKind", NamedNode(SH + "IRI")))
            # Several sh:class values would mean all of them; "one of" is schema:rangeIncludes.
            kind = SH + "class" if len(p.classes) == 1 else SCHEMA + "rangeIncludes"
            out += [t(param, kind, NamedNode(c)) for c in p.classes]
        else:
            out.append(t(param, SH + "datatype", NamedNode(_DATATYPES[p.kind])))
        if p.kind == "year-or-date":
            out.append(t(param, SH + "pattern", Literal(_DATE_PATTERN)))
        if p.choices:  # sh:in would need an RDF list, made of blank nodes
            out.append(t(param, SH + "pattern", Literal(f"^({'|'.join(p.choices)})$")))
        if p.default is not None:
            out.append(t(param, SH + "defaultValue", Literal(p.default)))
    return out
