"""Turn wpkld's errors into HTTP answers: a status and one line saying what is wrong."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response

from ..errors import DataError, ParameterError, QueryError, QueryNotFound, WpkldError
from .engine import Busy, TimedOut
from .guard import Refused
from .negotiate import NotAcceptable


def failure(status: int, message: str, *, headers: dict[str, str] | None = None) -> Response:
    """Return a plain-text error: one line, no trace."""
    line = " ".join(message.split())
    return PlainTextResponse(line + "\n", status_code=status, headers=headers)


def status_of(exc: Exception) -> int:
    """The HTTP status for an error raised while answering.

    >>> status_of(QueryNotFound("no query named 'x'")), status_of(Busy("busy"))
    (404, 503)
    """
    if isinstance(exc, Refused):
        return exc.status
    if isinstance(exc, Busy):
        return 503
    if isinstance(exc, QueryNotFound):
        return 404
    if isinstance(exc, NotAcceptable):
        return 406
    if isinstance(exc, (TimedOut, QueryError, ParameterError, DataError, WpkldError)):
        return 400
    return 500


async def handle(request: Request, exc: Exception) -> Response:
    """Starlette exception handler for :class:`WpkldError` and :class:`NotAcceptable`."""
    status = status_of(exc)
    headers = {"Retry-After": "1"} if status == 503 else None
    if isinstance(exc, NotAcceptable):
        headers = {"Vary": "Accept"}
    return failure(status, str(exc), headers=headers)
