"""Placeholder until the command is written."""
import click
@click.command()
def load() -> None:
    """Not yet written."""
