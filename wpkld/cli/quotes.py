"""``wpkld quotes``: anchor the quotes in the source texts (W3C selectors) and check them."""

from __future__ import annotations

from pathlib import Path

import click

_data_option = click.option(
    "--data", "data", multiple=True, type=click.Path(dir_okay=False, exists=True, path_type=Path),
    metavar="FILE", help="Check these Turtle files instead of the bundled dataset (repeatable).")


@click.group()
def quotes() -> None:
    """Anchor every statement's quote in its source text, and check the quotes.

    Each quote gets W3C Web Annotation selectors (a TextQuoteSelector and a
    TextPositionSelector) into its text; each source records the SHA-256 of
    the text the offsets refer to. The project does not ship the texts:
    whoever holds them checks every quote with `wpkld quotes check`.
    """


@quotes.command()
@click.option("--sources", "sources_dir", type=click.Path(file_okay=False, exists=True, path_type=Path),
              metavar="DIR", default=None,
              help="The folder of the source texts; without it only the checks that need no "
                   "text run.")
@_data_option
def check(sources_dir: Path | None, data: tuple[Path, ...]) -> None:
    """Check every quote, date wording, name as written and selector.

    Without --sources: each quote holds its date wording and name as written,
    and each statement has a selector whose exact text is its quote. With
    --sources also: each text's SHA-256 is the one recorded, each quote and
    date context is in its text, each selector matches the text.

    \b
    Exit status:
      0  everything agrees
      1  a problem was found (one line each)
      2  a text or file is missing or unreadable

    \b
    Examples:
      wpkld quotes check --sources ../shared/sources
      wpkld quotes check
    """
    from ..quotes import check as run
    from ..quotes import load_graph

    problems = run(load_graph(data or None), sources_dir)
    for problem in problems:
        click.echo(str(problem))
    click.echo(f"{len(problems)} problem(s)" + ("" if sources_dir else " (texts not checked: no --sources)"),
               err=True)
    if problems:
        click.get_current_context().exit(1)


@quotes.command()
@click.option("--sources", "sources_dir", required=True,
              type=click.Path(file_okay=False, exists=True, path_type=Path), metavar="DIR",
              help="The folder that holds the source texts.")
@click.option("--out", "out_dir", required=True, type=click.Path(file_okay=False, path_type=Path),
              metavar="DIR", help="Where to write one selectors file per source (dataset/selectors).")
@click.option("--force", is_flag=True, help="Overwrite the selectors files that exist.")
@_data_option
def selectors(sources_dir: Path, out_dir: Path, force: bool, data: tuple[Path, ...]) -> None:
    """Write the selectors of every quote, one generated Turtle file per source.

    Run it again, with --force, whenever a quote changes: the files are
    generated whole and never edited by hand. Quotes that are not in their
    text are listed and get no selector (exit status 1).

    \b
    Example:
      wpkld quotes selectors --sources ../shared/sources --out dataset/selectors --force
    """
    from ..quotes import load_graph, write_selectors

    written, problems = write_selectors(load_graph(data or None), sources_dir, out_dir, force=force)
    for path in written:
        click.echo(f"wrote {path}")
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.get_current_context().exit(1)
