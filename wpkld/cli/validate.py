"""Placeholder until the command is written."""
import click
@click.command()
def validate() -> None:
    """Not yet written."""
