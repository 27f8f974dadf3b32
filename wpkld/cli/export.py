"""Placeholder until the command is written."""
import click
@click.command()
def export() -> None:
    """Not yet written."""
@click.command()
def release() -> None:
    """Not yet written."""
