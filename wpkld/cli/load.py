"""``wpkld load``: upload the bundled graph to a triple store and check the count."""

from __future__ import annotations

from pathlib import Path

import click

from ..errors import ParameterError
from .options import timeout_option


@click.command()
@click.option("--store", "store_url", metavar="URL", required=True,
              help="The Graph Store Protocol endpoint: Oxigraph .../store, Fuseki .../ds/data, "
                   "Virtuoso .../sparql-graph-crud-auth, GraphDB .../repositories/ID/rdf-graphs/service.")
@click.option("--endpoint", metavar="URL", required=True,
              help="The same store's SPARQL query endpoint, to count what arrived.")
@click.option("--graph", metavar="IRI", default=None, help="Write this named graph.")
@click.option("--default", "default", is_flag=True, help="Write the default graph (not on Virtuoso).")
@click.option("--replace", is_flag=True,
              help="Replace the graph (HTTP PUT) instead of merging into it (HTTP POST).")
@click.option("--auth", metavar="HEADER", default=None,
              help='HTTP Authorization header for both URLs, e.g. "Bearer TOKEN" or "Basic ...".')
@click.option("--user", metavar="NAME:PASSWORD", default=None,
              help="HTTP Basic credentials (or Digest with --digest, as Virtuoso needs).")
@click.option("--digest", is_flag=True, help="Send --user by HTTP Digest authentication.")
@click.option("--data", "data", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Upload these files (with the ontology) instead of the bundled dataset; repeatable.")
@timeout_option("Seconds to wait for each request to the store.")
def load(store_url: str, endpoint: str, graph: str | None, default: bool,
         replace: bool, auth: str | None, user: str | None, digest: bool,
         data: tuple[Path, ...], timeout: float) -> None:
    """Upload the bundled graph by the SPARQL 1.1 Graph Store Protocol, then check
    through the query endpoint that the store holds every triple.

    Name the target exactly once: --graph IRI or --default. (A bare POST to
    Oxigraph's /store would create a new named graph that default-graph
    queries do not see.)

    \b
    Examples:
      wpkld load --store http://localhost:7878/store --endpoint http://localhost:7878/query --default --replace
      wpkld load --store http://localhost:8890/sparql-graph-crud-auth --endpoint http://localhost:8890/sparql \\
          --graph https://w3id.org/wpkld/dataset --replace --user dba:dba --digest
    """
    from ..load import load as run

    credentials = None
    if user is not None:
        name, colon, password = user.partition(":")
        if not colon:
            raise ParameterError("user", "expected NAME:PASSWORD")
        import requests.auth

        credentials = (requests.auth.HTTPDigestAuth(name, password) if digest
                       else requests.auth.HTTPBasicAuth(name, password))
    elif digest:
        raise ParameterError("digest", "--digest needs --user NAME:PASSWORD")
    report = run(store_url, endpoint=endpoint, graph=graph, default=default, replace=replace,
                 data=list(data) or None, headers={"Authorization": auth} if auth else None,
                 auth=credentials, timeout=timeout)
    click.echo(str(report))
