"""The package version, in one place: pyproject.toml reads it, the modules import it."""

__version__ = "0.2.0.dev0"
