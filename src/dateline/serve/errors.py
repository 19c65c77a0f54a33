"""Every error answer of the API: `{"error": {"code": "E0xx", "message": "..."}}`, never a bare 500.

Why one shape: a client (the web app, a script, schemathesis) reads one field to know what
went wrong, and the codes are dateline's own (`dateline.errors`), so a bad published date
says E010 over HTTP as it does on the command line. The few cases dateline's library has
no code for (unknown id, missing token, wrong method) get codes of the API's own E06x range.
"""

from __future__ import annotations

import logging
from typing import Any, TypeVar

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from dateline.errors import DatelineError, InputTooLarge, ModelNotFound, StoreError

__all__ = ["NOT_FOUND", "UNAUTHORIZED", "ApiError", "ErrorBody", "error_response", "found", "install_handlers"]

NOT_FOUND = "E060"
UNAUTHORIZED = "E061"
_HTTP_CODES = {401: UNAUTHORIZED, 404: NOT_FOUND, 405: "E063", 413: InputTooLarge.code}
_log = logging.getLogger("dateline.serve")
T = TypeVar("T")


class ErrorDetail(BaseModel):
    code: str
    message: str


class ErrorBody(BaseModel):
    """The body of every 4xx/5xx answer."""

    error: ErrorDetail


class ApiError(Exception):
    """An HTTP answer that is not a library error: unknown id, missing token."""

    def __init__(self, status: int, code: str, message: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers


def found(value: T | None, message: str) -> T:
    """`value`, or a 404 (E060) saying `message` when the store has no such row."""
    if value is None:
        raise ApiError(404, NOT_FOUND, message)
    return value


def error_response(status: int, code: str, message: str, headers: dict[str, str] | None = None) -> JSONResponse:
    return JSONResponse({"error": {"code": code, "message": message}}, status_code=status, headers=headers)


def _status(error: DatelineError) -> int:
    """Bad input is the client's (4xx); a store or model that is not there is the server's (503)."""
    if isinstance(error, InputTooLarge):
        return 413
    if isinstance(error, StoreError | ModelNotFound):
        return 503
    return 422 if error.exit_code == 2 else 500


def _where(loc: tuple[Any, ...]) -> str:
    return ".".join(str(p) for p in loc if p != "body") or "body"


def install_handlers(app: FastAPI) -> None:
    """Map library errors, HTTP errors and validation errors onto the one error shape."""

    @app.exception_handler(DatelineError)
    async def _dateline(_request: Request, exc: DatelineError) -> JSONResponse:
        return error_response(_status(exc), exc.code, exc.message)

    @app.exception_handler(ApiError)
    async def _api(_request: Request, exc: ApiError) -> JSONResponse:
        return error_response(exc.status, exc.code, exc.message, exc.headers)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_request: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = _HTTP_CODES.get(exc.status_code, "E069")
        return error_response(exc.status_code, code, str(exc.detail), getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def _invalid(_request: Request, exc: RequestValidationError) -> JSONResponse:
        problems = [f"{_where(tuple(e.get('loc', ())))}: {e.get('msg', 'invalid')}" for e in exc.errors()]
        return error_response(422, "E010", "; ".join(problems) or "invalid request")

    @app.exception_handler(Exception)
    async def _bug(_request: Request, exc: Exception) -> JSONResponse:
        _log.exception("unhandled error")
        return error_response(500, "E000", f"internal error: {exc.__class__.__name__}")
