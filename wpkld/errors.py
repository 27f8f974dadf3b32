"""The one error hierarchy of wpkld; the CLI catches :class:`WpkldError` once."""

from __future__ import annotations


class WpkldError(Exception):
    """Base class of every error wpkld raises on purpose."""

    exit_code = 2


class CheckFailed(WpkldError):
    """A check ran and found a problem: the data does not conform, a link does not match.

    The command has already printed what it found; this says so in one line
    and makes the exit status 1.
    """

    exit_code = 1


class DataError(WpkldError, ValueError):
    """An input file could not be read or parsed.

    Like pyoxigraph's ``SyntaxError`` it names the file and, when the parser
    reports it, the line and column.
    """

    def __init__(self, message: str, *, path: str | None = None,
                 line: int | None = None, column: int | None = None) -> None:
        self.path, self.line, self.column = path, line, column
        where = ":".join(str(p) for p in (path, line, column) if p is not None)
        super().__init__(f"{where}: {message}" if where else message)


class QueryNotFound(WpkldError, KeyError):
    """No canned query has this name."""

    def __str__(self) -> str:  # KeyError quotes its argument; we want the message
        return str(self.args[0])


class ParameterError(WpkldError, ValueError):
    """A query parameter is missing, unknown or malformed; names the parameter."""

    def __init__(self, parameter: str, message: str) -> None:
        self.parameter = parameter
        super().__init__(f"parameter {parameter!r}: {message}")


class QueryError(WpkldError, ValueError):
    """A SPARQL query is malformed or failed in the store."""


class RemoteError(WpkldError, OSError):
    """A remote service failed after retries; carries the URL and HTTP status."""

    exit_code = 3

    def __init__(self, message: str, *, url: str, status: int | None = None) -> None:
        self.url, self.status = url, status
        super().__init__(f"{message} ({url}" + (f", HTTP {status})" if status else ")"))


class EndpointError(RemoteError):
    """A SPARQL endpoint or Graph Store failed."""


class WikidataError(RemoteError):
    """Wikidata's API failed."""
