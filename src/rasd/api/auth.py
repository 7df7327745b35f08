"""Bearer-token check for the write endpoints.

Tokens come from ``Settings.api_tokens`` (``RASD_API_TOKENS``, comma separated). A token written
``name:secret`` names who uses it, so corrections are logged under ``name``; a bare token is logged under a
short hash of itself, never under the token. Every configured token is compared with
``hmac.compare_digest`` and the loop never stops early, so the time taken does not tell which token nearly
matched.
"""

from __future__ import annotations

import hashlib
import hmac
from typing import Annotated

from fastapi import Depends, HTTPException, Request, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

# Declared so the OpenAPI spec (and Swagger UI's Authorize button) knows the write endpoints take a bearer
# token; the checks below are ours, so auto_error is off.
bearer_scheme = HTTPBearer(auto_error=False, description="A token from RASD_API_TOKENS, e.g. alice:secret")


def token_identity(token: str) -> str:
    """Who a token stands for in the correction log."""
    name, sep, _secret = token.partition(":")
    if sep and name:
        return name
    return "token-" + hashlib.sha256(token.encode("utf-8")).hexdigest()[:8]


def check_token(presented: str, allowed: tuple[str, ...]) -> str | None:
    """The identity of ``presented`` if it is one of ``allowed``; ``None`` otherwise."""
    got = presented.encode("utf-8")
    found: str | None = None
    for tok in allowed:
        if hmac.compare_digest(got, tok.encode("utf-8")) and found is None:
            found = token_identity(tok)
    return found


def require_writer(
    request: Request, _creds: Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)] = None
) -> str:
    """FastAPI dependency: the caller's identity, or 401/403. With no tokens configured, writes are off."""
    allowed: tuple[str, ...] = request.app.state.settings.api_tokens
    if not allowed:
        raise HTTPException(status.HTTP_403_FORBIDDEN, "write endpoints are disabled: no API token is configured")
    header = request.headers.get("authorization", "")
    scheme, _, presented = header.partition(" ")
    if scheme.lower() != "bearer" or not presented.strip():
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED,
            "a bearer token is required",
            headers={"WWW-Authenticate": "Bearer"},
        )
    who = check_token(presented.strip(), allowed)
    if who is None:
        raise HTTPException(
            status.HTTP_401_UNAUTHORIZED, "invalid token", headers={"WWW-Authenticate": 'Bearer error="invalid_token"'}
        )
    return who
