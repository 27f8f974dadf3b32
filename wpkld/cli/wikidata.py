"""Placeholder until the command is written."""
import click
@click.group()
def wikidata() -> None:
    """Not yet written."""
