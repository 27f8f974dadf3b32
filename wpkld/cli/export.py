"""``wpkld export`` and ``wpkld release``: the bundled graph as files."""

from __future__ import annotations

import sys
from pathlib import Path

import click

FORMAT_NAMES = ["ttl", "nt", "nq", "trig", "jsonld", "xml"]


@click.command()
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), default="ttl", show_default=True,
              help="ttl (project prefixes), nt (sorted, byte-identical across runs), nq and trig "
                   "(in the named graph https://w3id.org/wpkld/dataset), jsonld (compact, with "
                   "the project's prefixes as context), xml (RDF/XML).")
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write [default: standard output].")
@click.option("--data", "data", multiple=True, type=click.Path(exists=True, dir_okay=False, path_type=Path),
              help="Export these files (with the ontology) instead of the bundled dataset; repeatable.")
def export(fmt: str, out: Path | None, data: tuple[Path, ...]) -> None:
    """Write the bundled graph: ontology, dataset and derived direct triples.

    \b
    Examples:
      wpkld export --format nt --out wpkld.nt
      wpkld export --format jsonld | head
    """
    from ..export import export as run

    text = run(fmt, out, data=list(data) or None)
    if out is None:
        sys.stdout.buffer.write(text)
        sys.stdout.flush()


@click.command()
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), required=True,
              help="An empty or new directory.")
@click.option("--base-url", metavar="URL", default=None,
              help="Where the release is published, for the download URLs in void.ttl "
                   "[default: https://w3id.org/wpkld/release/VERSION/].")
@click.option("--sparql-endpoint", metavar="URL", default=None,
              help="A public SPARQL endpoint serving the data, for void.ttl (none by default).")
def release(out: Path, base_url: str | None, sparql_endpoint: str | None) -> None:
    """Write a release: every export format, the ontology, shapes, SSSOM mappings,
    a VoID/DCAT description (void.ttl) and SHA256SUMS.

    \b
    Example:
      wpkld release --out dist/ && (cd dist && sha256sum -c SHA256SUMS)
    """
    from ..release import release as run

    for path in run(out, base_url=base_url, endpoint=sparql_endpoint):
        click.echo(path)
