"""Placeholder until the command is written."""
import click
@click.command()
def stats() -> None:
    """Not yet written."""
