"""Anchor every statement's quote in its source text with W3C Web Annotation selectors, and check them.

A statement's ``wpk:quote`` is a verbatim passage of one of the five texts
(whitespace may differ). :func:`make_selectors` finds it in the text and
records where: a ``oa:TextQuoteSelector`` (prefix, exact, suffix) and a
``oa:TextPositionSelector`` (start, end), both on an ``oa:SpecificResource``
whose ``oa:hasSource`` is the source. The offsets count Unicode code points
of the text file's bytes decoded as UTF-8, with no normalization at all;
``wpk:sha256`` on the source records the SHA-256 of those bytes, so anyone
who holds a text can tell whether the offsets apply to it.

:func:`write_selectors` writes one generated Turtle file per source
(``dataset/selectors/``), never touching the statements' own files; it is
re-run after quotes change. :func:`check` reports every quote, wording or
selector that disagrees with the data or, given the texts, with them.
"""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import Literal, URIRef

from .errors import DataError
from .namespaces import OA, PROV, WPK, compress, turtle_prologue

__all__ = ["Problem", "Quoted", "Selector", "check", "load_graph", "locate",
           "make_selectors", "quoted_statements", "selectors_turtle", "sha256", "write_selectors"]

#: Characters of context kept before and after the exact text (Hypothesis keeps 32).
CONTEXT = 32
_WORDINGS = ("dateText", "nameAsWritten")


@dataclass(frozen=True)
class Quoted:
    """A statement's quote, its source, and the wordings the quote must carry."""

    statement: str
    source: str
    file: str
    quote: str
    wordings: Mapping[str, str]
    date_context: str | None = None


@dataclass(frozen=True)
class Selector:
    """Where a statement's quote is in its source text (W3C Web Annotation)."""

    statement: str
    source: str
    start: int
    end: int
    exact: str
    prefix: str
    suffix: str


@dataclass(frozen=True)
class Problem:
    """One disagreement between a statement, its selector and its source text."""

    node: str
    message: str

    def __str__(self) -> str:
        return f"{self.node}: {self.message}"


def normalize(text: str) -> str:
    """Collapse runs of whitespace, as quotes are compared (docs/model.md, principle 1).

    >>> normalize(" In  1955,\\n Pak ")
    'In 1955, Pak'
    """
    return re.sub(r"\s+", " ", text).strip()


def sha256(path: Path) -> str:
    """Return the SHA-256 of a file's bytes, in lowercase hex."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_text(path: Path) -> str:
    """Return a source text as the offsets count it: its bytes decoded as UTF-8, nothing else.

    ``newline=""`` keeps ``\\r\\n`` as two characters, as in the file.
    """
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def locate(quote: str, text: str) -> tuple[int, int] | None:
    """Return the code-point offsets of the first place the quote is in the text.

    Whitespace in the quote matches any run of whitespace in the text;
    everything else must be the same.

    >>> locate("Pak Hon-yong was", "In 1955, Pak\\n Hon-yong was put on trial")
    (9, 26)
    >>> locate("Park Hun-young", "In 1955, Pak Hon-yong") is None
    True
    """
    words = normalize(quote).split(" ")
    found = re.search(r"\s+".join(re.escape(w) for w in words), text)
    return None if found is None else (found.start(), found.end())


def load_graph(paths: Iterable[Path] | None = None) -> rdflib.Graph:
    """Return a graph of the given Turtle files, or of the bundled dataset.

    :raises DataError: when a file cannot be parsed.
    """
    from . import resources

    graph = rdflib.Graph()
    sources: list[Path] | None = list(paths) if paths is not None else None
    for entry in (sources if sources is not None else resources.dataset_files()):
        try:
            graph.parse(data=entry.read_text(encoding="utf-8"), format="turtle")
        except Exception as exc:  # rdflib raises several unrelated types
            raise DataError(f"cannot parse: {exc}", path=str(entry)) from exc
    return graph


def quoted_statements(graph: rdflib.Graph) -> list[Quoted]:
    """Return every statement with a quote, sorted by IRI, with the file of its source."""
    found = []
    for statement, quote in graph.subject_objects(URIRef(WPK + "quote")):
        source = graph.value(statement, URIRef(PROV + "wasDerivedFrom"))
        file = graph.value(source, URIRef(WPK + "sourceFile")) if source is not None else None
        if source is None or file is None:
            continue  # the shapes report a statement without a source text
        wordings = {name: str(value) for name in _WORDINGS
                    if (value := graph.value(statement, URIRef(WPK + name))) is not None}
        context = graph.value(statement, URIRef(WPK + "dateContext"))
        found.append(Quoted(str(statement), str(source), str(file), str(quote), wordings,
                            None if context is None else str(context)))
    return sorted(found, key=lambda q: q.statement)


def make_selectors(quoted: Iterable[Quoted], texts: Mapping[str, str]) -> tuple[list[Selector], list[Problem]]:
    """Locate each quote in its text (``texts`` by file name).

    :returns: the selectors, and a problem for each quote not found.
    """
    selectors, problems = [], []
    for q in quoted:
        text = texts[q.file]
        span = locate(q.quote, text)
        if span is None:
            problems.append(Problem(q.statement, f"the quote is not in {q.file}: {q.quote!r}"))
            continue
        start, end = span
        selectors.append(Selector(q.statement, q.source, start, end, text[start:end],
                                  text[max(0, start - CONTEXT):start], text[end:end + CONTEXT]))
    return selectors, problems


def _slug(statement: str) -> str:
    """``.../claim/000-x`` -> ``claim-000-x``: unique, since statement kinds differ."""
    return compress(statement).replace(":", "-", 1)


def _string(text: str) -> str:
    """Return a Turtle string literal on one line (ECHAR escapes, Turtle 1.1 section 6.4)."""
    escaped = (text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
               .replace("\r", "\\r").replace("\t", "\\t"))
    return f'"{escaped}"'


def selectors_turtle(selectors: Iterable[Selector], *, source: str, file: str, digest: str) -> str:
    """Return the generated Turtle of one source's selectors, one triple per line, sorted."""
    lines = [
        f"# GENERATED by `wpkld quotes selectors` from {file} (SHA-256 {digest}): do not edit.",
        "# Where each statement's quote is in its source text (docs/model.md, \"Quotes\").",
        "",
        turtle_prologue(["claim", "membership", "oa", "quantity", "selector", "source", "wpk", "xsd"]).rstrip("\n"),
        "",
    ]
    for s in sorted(selectors, key=lambda s: s.statement):
        slug = _slug(s.statement)
        lines += [
            f"{compress(s.statement)} wpk:quoteTarget selector:target-{slug} .",
            f"selector:target-{slug} a oa:SpecificResource ;",
            f"    oa:hasSource {compress(source)} ;",
            f"    oa:hasSelector selector:quote-{slug} ;",
            f"    oa:hasSelector selector:position-{slug} .",
            f"selector:quote-{slug} a oa:TextQuoteSelector ;",
            f"    oa:prefix {_string(s.prefix)} ;",
            f"    oa:exact {_string(s.exact)} ;",
            f"    oa:suffix {_string(s.suffix)} .",
            f"selector:position-{slug} a oa:TextPositionSelector ;",
            f'    oa:start "{s.start}"^^xsd:nonNegativeInteger ;',
            f'    oa:end "{s.end}"^^xsd:nonNegativeInteger .',
            "",
        ]
    return "\n".join(lines)


def _texts(graph: rdflib.Graph, sources_dir: Path) -> tuple[dict[str, str], dict[str, str]]:
    """Return the texts and their SHA-256 by file name, for every source file the data names."""
    texts, digests = {}, {}
    for file in sorted({str(f) for f in graph.objects(None, URIRef(WPK + "sourceFile"))}):
        path = sources_dir / file
        if not path.is_file():
            raise DataError(f"the source text {file} is not in {sources_dir}")
        texts[file], digests[file] = read_text(path), sha256(path)
    return texts, digests


def _write(path: Path, content: str) -> None:
    """Write atomically: a temporary file beside the target, then rename."""
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(content)
        os.chmod(temp, 0o644)  # mkstemp creates 0600; the data files are world-readable
        os.replace(temp, path)
    except BaseException:
        os.unlink(temp)
        raise


def write_selectors(graph: rdflib.Graph, sources_dir: Path, out_dir: Path, *,
                    force: bool = False) -> tuple[list[Path], list[Problem]]:
    """Write one selectors file per source text into ``out_dir``.

    Re-runnable: after quotes change, run it again with ``force=True``.

    :returns: the files written, and the quotes that could not be located.
    :raises DataError: when a source text is missing, or a file exists and
        ``force`` is false.
    """
    texts, digests = _texts(graph, sources_dir)
    quoted = quoted_statements(graph)
    selectors, problems = make_selectors(quoted, texts)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for source in sorted({q.source for q in quoted}):
        file = next(q.file for q in quoted if q.source == source)
        path = out_dir / f"{file[:3]}-{source.rsplit('/', 1)[1]}.ttl"
        if path.exists() and not force:
            raise DataError(f"{path} exists: pass --force to overwrite it")
        _write(path, selectors_turtle([s for s in selectors if s.source == source],
                                      source=source, file=file, digest=digests[file]))
        written.append(path)
    return written, problems


def _stored(graph: rdflib.Graph) -> dict[str, Selector]:
    """Return the selectors the data holds, by statement."""
    stored = {}
    for statement, target in graph.subject_objects(URIRef(WPK + "quoteTarget")):
        parts: dict[str, object] = {}
        for selector in graph.objects(target, URIRef(OA + "hasSelector")):
            for name in ("prefix", "exact", "suffix", "start", "end"):
                value = graph.value(selector, URIRef(OA + name))
                if value is not None:
                    parts[name] = value.toPython() if isinstance(value, Literal) else value
        source = str(graph.value(target, URIRef(OA + "hasSource")))
        if len(parts) < 5:  # an incomplete selector: check() reports offsets that span nothing
            stored[str(statement)] = Selector(str(statement), source, -1, -1, "", "", "")
            continue
        stored[str(statement)] = Selector(
            str(statement), source, int(str(parts["start"])), int(str(parts["end"])),
            str(parts["exact"]), str(parts["prefix"]), str(parts["suffix"]))
    return stored


def check(graph: rdflib.Graph, sources_dir: Path | None = None) -> list[Problem]:
    """Check every quote and selector; without the texts, only what the data itself shows.

    Without ``sources_dir``: each quote carries its date wording and name as
    written; each statement has one selector whose exact text is its quote
    (whitespace aside), on its own source, with ``end - start`` the length of
    the exact text; each source text has a SHA-256. With it, also: the
    texts' SHA-256 match, each quote and date context is in its text, and
    each selector's offsets, prefix, exact and suffix are the text's.

    :returns: the problems found, none when all agree.
    """
    problems: list[Problem] = []
    quoted = quoted_statements(graph)
    stored = _stored(graph)
    recorded = {str(f): str(graph.value(s, URIRef(WPK + "sha256")) or "")
                for s, f in graph.subject_objects(URIRef(WPK + "sourceFile"))}
    for file, digest in sorted(recorded.items()):
        if not re.fullmatch(r"[0-9a-f]{64}", digest):
            problems.append(Problem(file, "the source has no wpk:sha256 (64 lowercase hex digits)"))
    for q in quoted:
        for name, wording in q.wordings.items():
            if normalize(wording) not in normalize(q.quote):
                problems.append(Problem(q.statement, f"the quote does not contain its wpk:{name} {wording!r}"))
        s = stored.get(q.statement)
        if s is None:
            problems.append(Problem(q.statement, "no selector: run `wpkld quotes selectors`"))
            continue
        if s.source != q.source:
            problems.append(Problem(q.statement, f"the selector points into {s.source}, not {q.source}"))
        if normalize(s.exact) != normalize(q.quote):
            problems.append(Problem(q.statement, "the selector's exact text is not the quote "
                                    "(stale: run `wpkld quotes selectors`)"))
        if s.end - s.start != len(s.exact) or s.start < 0:
            problems.append(Problem(q.statement, f"the offsets {s.start}-{s.end} do not span the exact text"))
    for statement in sorted(set(stored) - {q.statement for q in quoted}):
        problems.append(Problem(statement, "a selector for a statement without a quote"))
    if sources_dir is None:
        return problems
    texts, digests = _texts(graph, sources_dir)
    for file, digest in sorted(digests.items()):
        if recorded.get(file) != digest:
            problems.append(Problem(file, f"the text's SHA-256 is {digest}, the data records "
                                    f"{recorded.get(file)!r}: the offsets refer to another text"))
    by_statement = {q.statement: q for q in quoted}
    for q in quoted:
        text = texts[q.file]
        if locate(q.quote, text) is None:
            problems.append(Problem(q.statement, f"the quote is not in {q.file}: {q.quote!r}"))
        if q.date_context is not None and locate(q.date_context, text) is None:
            problems.append(Problem(q.statement, f"the wpk:dateContext is not in {q.file}: {q.date_context!r}"))
    for statement, s in sorted(stored.items()):
        owner = by_statement.get(statement)
        if owner is None or s.start < 0:
            continue
        text = texts[owner.file]
        if (text[s.start:s.end] != s.exact or not text[:s.start].endswith(s.prefix)
                or not text[s.end:].startswith(s.suffix)):
            problems.append(Problem(statement, f"the selector does not match {owner.file} at {s.start}-{s.end}"))
    return problems
