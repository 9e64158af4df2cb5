"""Errors as a person or a script can read them: JSON `{"error": {"status", "message"}}` under
/api, an HTML page elsewhere. Bad parameters are 400 with the parameter named, never a 500."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException

from storyline.errors import StoreError
from storyline.service_queries import BadQuery

log = logging.getLogger("storyline.web")
T = TypeVar("T")


class WebError(Exception):
    """Raised by handlers: a status and one clear message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.message, self.headers = status, message, headers


def not_found(what: str) -> WebError:
    return WebError(404, what)


def found_or_404(value: T | None, what: str) -> T:
    """The value a handler looked up, or a 404 saying what was not there."""
    if value is None:
        raise not_found(what)
    return value


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for error in exc.errors()[:3]:
        loc = [str(x) for x in error.get("loc", ()) if x not in ("query", "path", "body", "header")]
        where = error.get("loc", ("",))[0]
        name = ".".join(loc) or str(where)
        parts.append(f"{where} parameter {name!r}: {error.get('msg', 'invalid')}")
    return "; ".join(parts) or "invalid request"


def install(app: FastAPI, render_error: Callable[[Request, int, str], Response]) -> None:
    """Register the handlers; `render_error` draws the HTML page for non-API paths."""

    def respond(request: Request, status: int, message: str,
                headers: dict[str, str] | None = None) -> Response:  # fmt: skip
        if request.url.path.startswith("/api/"):
            body = {"error": {"status": status, "message": message}}
            return JSONResponse(body, status_code=status, headers=headers)
        response = render_error(request, status, message)
        response.headers.update(headers or {})
        return response

    async def web_error(request: Request, exc: Any) -> Response:
        return respond(request, exc.status, exc.message, exc.headers)

    async def http_error(request: Request, exc: Any) -> Response:
        message = exc.detail if isinstance(exc.detail, str) else "request failed"
        if exc.status_code == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}"
        return respond(request, exc.status_code, message, getattr(exc, "headers", None))

    async def invalid(request: Request, exc: Any) -> Response:
        return respond(request, 400, _validation_message(exc))

    async def bad_query(request: Request, exc: Any) -> Response:
        return respond(request, 400, str(exc))

    async def store_error(request: Request, exc: Any) -> Response:
        log.error("database unavailable: %s", exc)
        return respond(request, 503, f"database unavailable: {exc}")

    async def crashed(request: Request, exc: Any) -> Response:
        log.exception("internal error on %s", request.url.path, exc_info=exc)
        return respond(request, 500, "internal error (a bug in storyline; it has been logged)")

    app.add_exception_handler(WebError, web_error)
    app.add_exception_handler(StarletteHTTPException, http_error)
    app.add_exception_handler(RequestValidationError, invalid)
    app.add_exception_handler(BadQuery, bad_query)
    app.add_exception_handler(StoreError, store_error)
    app.add_exception_handler(Exception, crashed)
