"""``wpkld site``: build the static website of the data (a page and RDF files for every IRI)."""

from __future__ import annotations

from pathlib import Path

import click


@click.command()
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="The folder to build (new or empty; see --force).")
@click.option("--data", "data", multiple=True, type=click.Path(path_type=Path, dir_okay=False),
              help="Build from these RDF files (with the ontology) instead of the bundled data; repeatable.")
@click.option("--base-url", metavar="URL", default="https://w3id.org/wpkld/", show_default=True,
              help="Where the site is published: its canonical links, and the target of the w3id "
                   "redirect rules (written to w3id/.htaccess when it is another host).")
@click.option("--force", is_flag=True, help="Replace --out if it exists and is not empty.")
@click.option("--backend", type=click.Choice(["oxigraph", "rdflib"]), default="oxigraph", show_default=True,
              help="Embedded store to build from (the site needs one: every page is a CONSTRUCT query).")
def site(out: Path, data: tuple[Path, ...], base_url: str, force: bool, backend: str) -> None:
    """Build the static site: a page at the path of every IRI (person/pak-hon-yong.html) beside
    its .ttl, .jsonld and .nt, claim cards with sources and quotes, lists, search, the query
    catalogue, pictures, downloads and the Apache rules for content negotiation.

    The build goes to a temporary folder beside --out and is moved into place when complete;
    the same data gives the same bytes on every run.

    \b
    Examples:
      wpkld site --out site/
      python -m http.server --directory site/ 8000     # then open http://localhost:8000/
      wpkld site --out site/ --force --base-url https://example.org/wpkld/
    """
    from ..api import open as open_data
    from ..web.paths import check_base_url
    from ..web.site import build_site

    check_base_url(base_url)  # before the data is loaded: a typo fails at once
    ds = open_data(backend="rdflib" if backend == "rdflib" else "oxigraph", data=list(data) or None)
    report = build_site(ds, out, base_url=base_url, force=force)
    click.echo(f"{report.out}: {report.resources} resources, {report.pages} pages, "
               f"{report.files} files in {report.seconds:.1f} s")
    for note in report.notes:
        click.echo(f"note: {note}", err=True)
