"""Placeholder until the command is written."""
import click
@click.command()
def queries() -> None:
    """Not yet written."""
@click.command()
def query() -> None:
    """Not yet written."""
@click.command()
def sparql() -> None:
    """Not yet written."""
@click.command()
def resolve() -> None:
    """Not yet written."""
