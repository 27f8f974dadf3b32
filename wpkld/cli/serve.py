"""The ``serve`` command: the read-only Linked Data server, SPARQL endpoint and reconciliation service."""

from __future__ import annotations

import os
from pathlib import Path

import click


@click.command()
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (0.0.0.0 for every interface; put a reverse proxy in front).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True)
@click.option("--data", "data", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Serve these RDF files instead of the bundled dataset (repeatable; the ontology is always loaded).")
@click.option("--base-url", metavar="URL",
              help="The public URL of the server behind a proxy (default: the URL each request used).")
@click.option("--workers", type=click.IntRange(1, 64), default=1, show_default=True,
              help="Server processes; each loads the data into its own memory.")
@click.option("--timeout", type=click.FloatRange(0.1, 600), default=10.0, show_default=True,
              help="Seconds a SPARQL or canned query may run.")
@click.option("--max-rows", type=click.IntRange(1), default=10_000, show_default=True,
              help="Most solutions or triples one query returns (the answer is flagged when cut).")
@click.option("--max-body", type=click.IntRange(1024), default=1_000_000, show_default=True,
              help="Largest request body accepted, in bytes.")
@click.option("--query-workers", type=click.IntRange(1, 64), default=4, show_default=True,
              help="SPARQL queries one process runs at once (more wait with 503).")
@click.option("--allow-federation", is_flag=True,
              help="Let SPARQL queries call other endpoints with SERVICE (off: no server-side requests).")
def serve(host: str, port: int, data: tuple[Path, ...], base_url: str | None, workers: int,
          timeout: float, max_rows: int, max_body: int, query_workers: int,
          allow_federation: bool) -> None:
    """Serve the data over HTTP: pages, SPARQL, canned queries, reconciliation.

    \b
    Routes:
      /sparql                SPARQL 1.1 Protocol (read-only) and service description
      /queries, /queries/N   the canned queries (?param=value)
      /reconcile             reconciliation API 0.2, for OpenRefine
      /reconcile/v1          reconciliation API 1.0 draft
      /health                liveness and the number of triples

    \b
    Examples:
      wpkld serve
      wpkld serve --host 0.0.0.0 --port 8080 --base-url https://wpkld.example.org --workers 2
      curl -H 'Accept: text/csv' 'http://127.0.0.1:8000/queries/purges?faction=yanan'
    """
    try:
        import uvicorn

        from ..serve.app import SETTINGS_ENV, Settings, configure_logging
    except ImportError as exc:  # the server's libraries are an extra
        raise click.UsageError(f"wpkld serve needs the 'serve' extra ({exc.name} is missing):"
                               " pip install 'wpkld[serve]'") from exc

    settings = Settings(data=tuple(str(p.resolve()) for p in data), base_url=base_url,
                        allow_federation=allow_federation, timeout=timeout, max_rows=max_rows,
                        max_body=max_body, query_workers=query_workers)
    configure_logging()
    os.environ[SETTINGS_ENV] = settings.to_env()
    click.echo(f"wpkld: serving on http://{host}:{port}/ (SPARQL /sparql, reconciliation /reconcile)",
               err=True)
    uvicorn.run("wpkld.serve.app:create_from_env", factory=True, host=host, port=port,
                workers=workers, access_log=False, log_level="warning",
                timeout_graceful_shutdown=10, timeout_keep_alive=30, proxy_headers=True)
