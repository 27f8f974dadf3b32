"""``wpkld wikidata``: check, find, export and map the links to Wikidata."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import CheckFailed, DataError
from .options import DataSource, data_source, timeout_option

if TYPE_CHECKING:
    from ..terms import Row
    from ..wikidata.verify import Verification

_links_option = click.option(
    "--links", "links_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The link records (Turtle) [default: the bundled dataset/alignment/wikidata.ttl].")


@click.group()
def wikidata() -> None:
    """Check, find, export and map the dataset's links to Wikidata.

    \b
    Commands that talk to Wikidata (verify, suggest) need the network; the
    others work offline. Exit status 1 when verify finds a link that does
    not match, 3 when Wikidata cannot be reached (results so far are shown).
    """


@wikidata.command()
@click.option("--only", multiple=True, metavar="IRI",
              help="Check only this resource or link record (IRI or CURIE, e.g. "
                   "person:kim-il-sung); repeatable.")
@click.option("--write", is_flag=True,
              help="Record each match in the link file: status verified, today's date and "
                   "the Wikidata label that matched.")
@click.option("--cache-dir", type=click.Path(file_okay=False, path_type=Path), default=None,
              help="Where Wikidata's answers are kept between runs "
                   "[default: the user cache directory, .../wpkld/wikidata].")
@_links_option
@data_source
def verify(source: DataSource, only: tuple[str, ...], write: bool, cache_dir: Path | None,
           links_path: Path | None) -> None:
    """Check every link against live Wikidata: names, kind, death year, merges.

    Items are fetched in batches of at most 50 with wbgetentities (retries
    with backoff, Retry-After honoured) and kept in the cache directory.

    \b
    Examples:
      wpkld wikidata verify
      wpkld wikidata verify --only person:kim-il-sung --write
    """
    from ..wikidata.client import Client, default_cache_dir
    from ..wikidata.links import read_links, write_links
    from ..wikidata.verify import apply
    from ..wikidata.verify import verify as run

    links = read_links(links_path)
    client = Client(cache_dir=cache_dir or default_cache_dir(), timeout=source.timeout)
    report = run(source.dataset().store, links, client, only=only)
    click.echo(_table(report))
    if write:
        target = links_path or _bundled_links()
        write_links(apply(links, report, dt.date.today()), target)
        click.echo(f"wrote {target}", err=True)
    if report.error is not None:
        raise report.error
    if report.failed:
        failed = sum(c.status != "match" for c in report.checks)
        raise CheckFailed(f"{failed} of {len(report.checks)} links did not match (see the table above)")


@wikidata.command()
@click.argument("name")
@click.option("--language", default="en", show_default=True, help="Language of the search.")
@click.option("--limit", type=click.IntRange(1, 50), default=10, show_default=True)
@timeout_option()
def suggest(name: str, language: str, limit: int, timeout: float) -> None:
    """List Wikidata items whose label or alias matches NAME, for a curator.

    A suggestion is not evidence: record a link only with a stored Wikidata
    output that pairs the item with the resource, or after verify.

    \b
    Example:
      wpkld wikidata suggest "Pak Hon-yong"
    """
    from pyoxigraph import Literal

    from ..output import to_table
    from ..store import Results
    from ..wikidata.client import Client

    hits = Client(timeout=timeout).search(name, language=language, limit=limit)
    rows: list[Row] = [{"id": Literal(h.id), "label": Literal(h.label),
                        "description": Literal(h.description), "iri": Literal(h.iri)}
                       for h in hits]
    click.echo(to_table(Results(["id", "label", "description", "iri"], rows)))


@wikidata.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write [default: standard output].")
@data_source
def quickstatements(source: DataSource, out: Path | None) -> None:
    """Write facts our texts state, for Wikidata, as QuickStatements v1 (for review).

    Member of political party (P102), significant event (P793) and convicted
    of (P1399), where both ends have a published link, each with the text's
    quotation (S1683) and the source URL (S854) where there is one.

    \b
    Example:
      wpkld wikidata quickstatements --out wpk.qs.tsv
    """
    from ..wikidata.quickstatements import as_text

    _write(as_text(source.dataset().store), out)


@wikidata.command()
@click.option("--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
              help="File to write [default: standard output].")
@_links_option
@data_source
def sssom(source: DataSource, out: Path | None, links_path: Path | None) -> None:
    """Write the published links as an SSSOM mapping set (TSV).

    \b
    Example:
      wpkld wikidata sssom --out dataset/mappings/wikidata.sssom.tsv
    """
    from ..wikidata.links import read_links
    from ..wikidata.sssom import labels, mapping_set

    _write(mapping_set(read_links(links_path), labels(source.dataset().store)), out)


def _table(report: Verification) -> str:
    from pyoxigraph import Literal, NamedNode

    from ..output import to_table
    from ..store import Results

    rows: list[Row] = [
        {"resource": NamedNode(c.link.resource), "item": Literal(c.link.item),
         "status": Literal(c.status), "label": Literal(c.label),
         "detail": Literal("; ".join(c.problems) or f"matched {c.matched_label!r}")}
        for c in report.checks]
    return to_table(Results(["resource", "item", "status", "label", "detail"], rows), width=60)


def _bundled_links() -> Path:
    from ..wikidata.links import links_file

    found = links_file()
    if not isinstance(found, Path):
        raise DataError("the bundled link file is not a plain file here: give --links FILE")
    return found


def _write(text: str, out: Path | None) -> None:
    if out is None:
        click.echo(text, nl=False)
        return
    try:
        out.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise DataError(exc.strerror or str(exc), path=str(out)) from exc
