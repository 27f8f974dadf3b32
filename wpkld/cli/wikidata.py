"""``wpkld wikidata``: check, find, export and map the links to Wikidata."""

from __future__ import annotations

import datetime as dt
import sys
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING

import click

from ..errors import CheckFailed
from .options import DataSource, data_source

if TYPE_CHECKING:
    from ..terms import Row
    from ..wikidata.verify import Verification

_links_option = click.option(
    "--links", "links_path", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="The link records (Turtle) [default: the bundled dataset/alignment/wikidata.ttl].")

_out_option = click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=None,
    help="File to write, atomically [default: standard output].")
_force_option = click.option("--force", is_flag=True, help="Replace --out if it exists.")


@click.group()
def wikidata() -> None:
    """Check, find, export and map the dataset's links to Wikidata.

    \b
    Commands that talk to Wikidata (verify, suggest) need the network; the
    others, and suggest --offline, work offline on the stored candidate table. Exit status 1 when verify finds a link that does
    not match, 3 when Wikidata cannot be reached (results so far are shown).
    """


@wikidata.command()
@click.option("--only", multiple=True, metavar="IRI",
              help="Check only this resource or link record (IRI or CURIE, e.g. "
                   "person:kim-il-sung); repeatable.")
@click.option("--write", is_flag=True,
              help="Record each match in the --links file (required): status verified, "
                   "today's date and the Wikidata label that matched.")
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
    from ..wikidata.verify import apply, select
    from ..wikidata.verify import verify as run

    _writable_links(write, links_path)
    links = read_links(links_path)
    client = Client(cache_dir=cache_dir or default_cache_dir(), timeout=source.timeout)
    store = source.dataset().store
    items = len({link.item for link in links})
    # A bar on a terminal only: piped or logged output stays clean.
    with click.progressbar(length=items, label="Wikidata items", file=sys.stderr,
                           hidden=not sys.stderr.isatty()) as bar:
        report = run(store, links, client, only=only, progress=bar.update)
    click.echo(_table(report))
    changed = 0
    if write and links_path is not None:
        updated = apply(links, report, dt.date.today())
        changed = sum(new != old for new, old in zip(updated, links, strict=True))
        write_links(updated, links_path)
        click.echo(f"wrote {links_path}", err=True)
    statuses = Counter(c.status for c in report.checks)
    skipped = len(select(links, only)) - len(report.checks)
    click.echo(f"checked {len(report.checks)} links: "
               + ", ".join(f"{n} {s}" for s, n in sorted(statuses.items()))
               + f"; changed {changed}; skipped {skipped} (not answered)", err=True)
    if report.error is not None:
        raise report.error
    if report.failed:
        failed = sum(c.status != "match" for c in report.checks)
        raise CheckFailed(f"{failed} of {len(report.checks)} links did not match (see the table above)")


@wikidata.command()
@click.argument("name")
@click.option("--offline", is_flag=True,
              help="Match against the stored candidate table instead of live Wikidata "
                   "(dataset/alignment/evidence/wikidata-candidates.tsv, no network).")
@click.option("--language", default="en", show_default=True, help="Language of the search.")
@click.option("--limit", type=click.IntRange(1, 50), default=10, show_default=True)
@data_source
def suggest(source: DataSource, name: str, offline: bool, language: str, limit: int) -> None:
    """List Wikidata items whose label or alias matches NAME, for a curator.

    Online, Wikidata's search answers. With --offline the items of the stored
    candidate table are compared with NAME by the matcher of `wpkld wikidata
    match`: when NAME is a resource of the dataset (any spelling), with all its
    signals (Hangul name, dates, role), else by name alone.

    A suggestion is not evidence: record a link only with a stored Wikidata
    output that pairs the item with the resource, or after verify.

    \b
    Examples:
      wpkld wikidata suggest "Pak Hon-yong"
      wpkld wikidata suggest --offline "Park Hun-young"
      wpkld wikidata suggest --offline 김일
    """
    from pyoxigraph import Literal

    from ..output import to_table
    from ..store import Results

    if offline:
        click.echo(to_table(Results(["id", "label", "status", "confidence", "signals"],
                                    _offline_suggestions(source, name, limit)), width=60))
        return
    from ..wikidata.client import Client

    hits = Client(timeout=source.timeout).search(name, language=language, limit=limit)
    rows: list[Row] = [{"id": Literal(h.id), "label": Literal(h.label),
                        "description": Literal(h.description), "iri": Literal(h.iri)}
                       for h in hits]
    click.echo(to_table(Results(["id", "label", "description", "iri"], rows)))


def _offline_suggestions(source: DataSource, name: str, limit: int) -> list[Row]:
    from pyoxigraph import Literal

    from ..wikidata.evidence import read_items
    from ..wikidata.match import candidates, name_profile, profiles

    dataset = source.dataset()
    hits = [m for m in dataset.resolve(name, limit=1) if m.score == 1.0]
    profile = profiles(dataset.store).get(hits[0].iri) if hits else None
    items = read_items()
    found = candidates(profile or name_profile(name), items)[:limit]
    return [{"id": Literal(m.qid),
             "label": Literal("/".join(sorted(items[m.qid].labels("ko") | items[m.qid].labels("en")))),
             "status": Literal("rejected: " + m.veto if m.veto else
                               "evidenced" if m.evidenced else "candidate"),
             "confidence": Literal(str(m.confidence)),
             "signals": Literal("; ".join(f"{s.group}/{s.name}{'' if s.agrees else ' (disagrees)'}"
                                          for s in m.signals))}
            for m in found]


@wikidata.command()
@click.option("--write", is_flag=True,
              help="Rewrite the link file with the new records (evidenced, candidate, downgraded).")
@_links_option
@data_source
def match(source: DataSource, write: bool, links_path: Path | None) -> None:
    """Match every resource with the stored candidate table and judge every link.

    Signals: Hangul or English name, birth and death years against the texts'
    dates, role (description, nationality), kind of thing. A link is evidenced
    when a name and one more independent signal agree, else it is a candidate
    (never published); existing links are judged by the same rules. Works
    offline.

    \b
    Examples:
      wpkld wikidata match
      wpkld wikidata match --write
    """
    from pyoxigraph import Literal, NamedNode

    from ..output import to_table
    from ..store import Results
    from ..wikidata.align import align
    from ..wikidata.evidence import read_items
    from ..wikidata.links import read_links, write_links
    from ..wikidata.match import decide, profiles

    _writable_links(write, links_path)
    old = read_links(links_path)
    items = read_items()
    decisions = decide(profiles(source.dataset().store).values(), items,
                       {link.resource: link.item for link in old})
    outcomes = align(decisions, items, old, dt.date.today())
    rows: list[Row] = [
        {"resource": NamedNode(o.resource), "item": Literal(o.new.item),
         "status": Literal(o.new.status.rsplit("/", 1)[1]),
         "confidence": Literal(str(o.new.confidence)), "change": Literal(o.change)}
        for o in outcomes if o.new is not None]
    click.echo(to_table(Results(["resource", "item", "status", "confidence", "change"], rows)))
    counts = {c: sum(o.change == c for o in outcomes) for c in
              ("new", "kept", "upgraded", "downgraded", "changed")}
    click.echo(f"checked {len(decisions)} resources: "
               + ", ".join(f"{n} {c}" for c, n in counts.items()), err=True)
    if write:
        assert links_path is not None  # checked above
        target = links_path
        judged = {o.resource for o in outcomes}
        records = [o.new for o in outcomes if o.new is not None]
        records += [link for link in old if link.resource not in judged]
        write_links(records, target)
        click.echo(f"wrote {target}", err=True)


@wikidata.command()
@_out_option
@_force_option
@data_source
def quickstatements(source: DataSource, out: Path | None, force: bool) -> None:
    """Write facts our texts state, for Wikidata, as QuickStatements v1 (for review).

    Member of political party (P102), significant event (P793) and convicted
    of (P1399), where both ends have a published link, each with the text's
    quotation (S1683) and the source URL (S854) where there is one.

    \b
    Example:
      wpkld wikidata quickstatements --out wpk.qs.tsv
    """
    from ..wikidata.quickstatements import as_text

    _write(as_text(source.dataset().store), out, force=force)


@wikidata.command()
@_out_option
@_force_option
@_links_option
@data_source
def sssom(source: DataSource, out: Path | None, force: bool, links_path: Path | None) -> None:
    """Write the published links as an SSSOM mapping set (TSV).

    \b
    Example:
      wpkld wikidata sssom --out dataset/mappings/wikidata.sssom.tsv
    """
    from ..wikidata.links import read_links
    from ..wikidata.sssom import labels, mapping_set

    _write(mapping_set(read_links(links_path), labels(source.dataset().store)), out, force=force)


@wikidata.command()
@_out_option
@_force_option
@_links_option
def facts(out: Path | None, force: bool, links_path: Path | None) -> None:
    """Write the stored facts of the linked Wikidata items (labels, P569, P570) as Turtle.

    Only items with a published link; the rows come from the candidate table
    (stored outputs of real Wikidata queries). The bundled copy is
    dataset/alignment/evidence/wikidata-facts.ttl, which wikidata-dates-check reads.

    \b
    Example:
      wpkld wikidata facts --out dataset/alignment/evidence/wikidata-facts.ttl
    """
    from ..wikidata.evidence import facts_turtle
    from ..wikidata.links import read_links

    _write(facts_turtle(items=[x.item for x in read_links(links_path) if x.published]), out, force=force)


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


def _write(text: str, out: Path | None, *, force: bool) -> None:
    from ..atomic import write_text

    if out is None:
        click.echo(text, nl=False)
        return
    write_text(out, text, force=force)


def _writable_links(write: bool, links_path: Path | None) -> None:
    """Refuse --write without --links: the installed package's files are data, not a working copy."""
    if write and links_path is None:
        raise click.UsageError("--write needs --links FILE: the link file installed with wpkld "
                               "is never rewritten (in a checkout: --links dataset/alignment/wikidata.ttl)")
