"""The ``queries``, ``query``, ``sparql`` and ``resolve`` commands."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CheckFailed, DataError, ParameterError, QueryError
from .options import DataSource, data_source, query_limits, result_format


@click.command()
@click.option("--format", "fmt", type=click.Choice(["table", "ttl"]), default="table",
              show_default=True,
              help="table for people; ttl is the catalogue as RDF (SHACL SPARQL executables).")
@click.option("--internal", is_flag=True,
              help="List the queries wpkld runs for itself (names, statistics, Wikidata) instead.")
def queries(fmt: str, internal: bool) -> None:
    """List the canned queries: name, title and parameters (* = required).

    \b
    Examples:
      wpkld queries
      wpkld queries --format ttl > catalogue.ttl
      wpkld queries --internal
    """
    from pyoxigraph import Literal

    from ..output import to_table
    from ..queries import catalogue, internal_catalogue
    from ..store import Results
    from ..terms import Row

    listed = internal_catalogue() if internal else catalogue()
    if fmt == "ttl":
        click.echo(listed.to_turtle(), nl=False)
        return
    rows: list[Row] = [{"name": Literal(q.name), "title": Literal(q.title),
                        "parameters": Literal(", ".join(p.name + ("*" if p.required else "")
                                                        for p in q.parameters))}
                       for q in listed.values()]
    click.echo(to_table(Results(["name", "title", "parameters"], rows), width=70))


@click.command()
@click.argument("name")
@click.option("-p", "--param", "params", multiple=True, metavar="KEY=VALUE",
              help="A parameter, repeatable: -p faction=yanan -p from=1956. Entities by IRI, "
                   "CURIE, slug or any spelling; dates as YYYY, YYYY-MM or YYYY-MM-DD.")
@click.option("--limit", type=click.IntRange(min=0), help="Print at most this many rows (a page).")
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Skip this many rows first.")
@result_format
@data_source
@query_limits
def query(source: DataSource, name: str, params: tuple[str, ...], limit: int | None, offset: int,
          fmt: str) -> None:
    """Run the canned query NAME (see wpkld queries).

    \b
    Examples:
      wpkld query purges -p faction=yanan -p from=1956 -p to=1960
      wpkld query person -p person="Park Hun-young" --format json
      wpkld query body-composition -p body=nwpk-politburo --format csv
      wpkld query timeline --limit 20 --offset 40
    """
    from ..output import format_results
    from ..queries import catalogue

    canned = catalogue()[name]  # unknown names and parameters fail before the data loads
    values = parse_params(params)
    for key in values:
        canned.parameter(key)
    results = source.dataset().results(name, values, limit=limit, offset=offset)
    click.echo(_text(format_results(results, fmt)), nl=False)


def parse_params(params: tuple[str, ...]) -> dict[str, str]:
    """Split ``KEY=VALUE`` options; a key given twice or no ``=`` is an error.

    >>> parse_params(("faction=yanan", "from=1956"))
    {'faction': 'yanan', 'from': '1956'}
    >>> parse_params(("faction",))
    Traceback (most recent call last):
    ...
    wpkld.errors.ParameterError: parameter 'faction': expected KEY=VALUE, e.g. -p faction=yanan
    """
    values: dict[str, str] = {}
    for param in params:
        key, sep, value = param.partition("=")
        key = key.strip()
        if not sep or not key:
            raise ParameterError(key or param, "expected KEY=VALUE, e.g. -p faction=yanan")
        if key in values:
            raise ParameterError(key, "given more than once")
        values[key] = value
    return values


@click.command()
@click.argument("text", metavar="[QUERY]", required=False)
@click.option("--file", "path", type=click.Path(dir_okay=False, path_type=Path),
              help="Read the SELECT query from this file instead of QUERY.")
@result_format
@data_source
@query_limits
def sparql(source: DataSource, text: str | None, path: Path | None, fmt: str) -> None:
    """Run an ad-hoc SPARQL SELECT query.

    QUERY is the query text itself, or - to read it from standard input; a
    file is read only with --file (a path is never guessed from the text).

    \b
    Examples:
      wpkld sparql 'SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }'
      wpkld sparql --file my-query.rq --format csv
      cat my-query.rq | wpkld sparql -
    """
    from ..output import format_results

    text = _query_text(text, path)
    try:
        results = source.dataset().sparql_results(text)
    except QueryError as exc:
        # Parsers' messages span lines (pyoxigraph lists the expected tokens): keep one.
        message = " ".join(str(exc).split())
        if path is None and "\n" not in text and Path(text).is_file():
            message += f" (to run the file {text!r}, use --file {text})"
        raise QueryError(message) from exc
    click.echo(_text(format_results(results, fmt)), nl=False)


def _query_text(text: str | None, path: Path | None) -> str:
    """Return the query from exactly one of: the text, ``-`` (stdin), a file."""
    if (text is None) == (path is None):
        raise click.UsageError("give the query as QUERY text, '-' for standard input, or --file PATH")
    if path is not None:
        try:
            return path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise DataError(getattr(exc, "strerror", None) or str(exc), path=str(path)) from exc
    return sys.stdin.read() if text == "-" else str(text)


@click.command()
@click.argument("name")
@click.option("--limit", type=click.IntRange(1, 100), default=5, show_default=True,
              help="The most matches to show.")
@click.option("--type", "kind", metavar="CLASS",
              help="Only resources of this wpk class (or its subclasses), e.g. Person, Faction.")
@click.option("--format", "fmt", type=click.Choice(["table", "json"]), default="table",
              show_default=True, help="table for people; json for programs.")
@data_source
def resolve(source: DataSource, name: str, limit: int, kind: str | None, fmt: str) -> None:
    """Find the resources a name means: ranked matches over labels and spellings.

    Case, hyphens, spaces, apostrophes and diacritics do not matter (Chŏng =
    Chong). Prints the IRI, the label, the spelling that matched and a score
    (1 = the same name). Exits 1 when nothing matches.

    \b
    Examples:
      wpkld resolve "Park Hun-young"
      wpkld resolve "Mu Chng" --format json
      wpkld resolve kapsan --type Faction
    """
    from pyoxigraph import Literal

    from ..namespaces import WPK
    from ..output import to_table
    from ..store import Results
    from ..terms import Row

    resolver = source.dataset().resolver
    classes = (WPK + kind,) if kind else ()
    if kind and WPK + kind not in resolver.classes:
        known = ", ".join(sorted(c[len(WPK):] for c in resolver.classes if c.startswith(WPK)))
        raise ParameterError("type", f"no class wpk:{kind} among the named resources (use one of: {known})")
    matches = resolver.resolve(name, limit=limit, classes=classes)
    if fmt == "json":
        import json  # here: `wpkld query` starts without it

        click.echo(json.dumps([{"iri": m.iri, "label": m.label, "matched": m.matched,
                                "score": m.score, "class": m.cls} for m in matches],
                              ensure_ascii=False, indent=2))
    elif matches:
        rows: list[Row] = [{"score": Literal(f"{m.score:.2f}"), "iri": Literal(m.iri),
                            "label": Literal(m.label), "matched": Literal(m.matched)}
                           for m in matches]
        click.echo(to_table(Results(["score", "iri", "label", "matched"], rows)))
    if not matches:
        raise CheckFailed(f"no resource matches {name!r}")


def _text(rendered: str) -> str:
    """Return output that ends with exactly one newline."""
    return rendered if rendered.endswith("\n") else rendered + "\n"
