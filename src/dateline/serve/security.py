"""Who may write, and where the server may listen.

Why: an ingest writes to the analyst's store, so a server reachable from other machines must
ask for a bearer token; on loopback only the local user can reach it, and a token is optional
there. Reads and `/analyze` (which stores nothing) stay open.
"""

from __future__ import annotations

import hmac
import ipaddress

from fastapi import Request

from dateline.errors import UsageError
from dateline.serve.errors import UNAUTHORIZED, ApiError

__all__ = ["check_bind", "is_loopback", "require_token"]


def is_loopback(host: str) -> bool:
    """True for `localhost` and loopback addresses (127.0.0.0/8, ::1); a name that resolves elsewhere is not."""
    name = host.strip().strip("[]")
    if name.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_bind(host: str, token: str | None) -> None:
    """Refuse (UsageError) to listen on anything but loopback without a token for the write routes."""
    if not token and not is_loopback(host):
        raise UsageError(f"--host {host} is not loopback: set DATELINE_TOKEN so that writes need a bearer token")


def require_token(request: Request) -> None:
    """FastAPI dependency of the write routes: `Authorization: Bearer <token>` when a token is set."""
    token: str | None = request.app.state.token
    if not token:
        return
    scheme, _, given = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        raise ApiError(401, UNAUTHORIZED, "this route needs 'Authorization: Bearer <token>' (DATELINE_TOKEN)",
                       headers={"WWW-Authenticate": "Bearer"})
