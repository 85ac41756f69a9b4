"""Talking to the sync server over HTTP, and keeping the sign-in in the system keychain.

Errors are sorted by what the user (or the retry loop) should do about them:
``SyncUnavailable`` (network or server trouble: retry with backoff), ``UpdateRequired``
(426: update the program; the outbox is kept), ``SignedOut`` (401: sign in again),
anything else the server refused as a ``UserFacingError`` with its reason.
"""

from __future__ import annotations

import errno
import functools
import logging
import re
import socket
import ssl
from typing import Any, Protocol
from urllib.parse import urlsplit

from desktop.secrets import delete_secret, get_secret, set_secret
from desktop.training.guard import ensure_live
from models.database import schema_version
from models.errors import UserFacingError

log = logging.getLogger("lastmile.sync")

PROTOCOL = 1
KEYRING_SERVICE = "lastmile"


class SyncUnavailable(UserFacingError):  # noqa: N818 - reads better at call sites
    """The server could not be reached or is in trouble; the outbox is kept and retried.
    ``busy_for``: seconds the server asked to wait (503 with Retry-After), else None.
    When the network failed, ``where`` is the server's host:port and ``cause`` one of
    NETWORK_CAUSES (what the status line says in words); both empty otherwise."""

    busy_for: float | None = None
    where: str = ""
    cause: str = ""


# why a server could not be reached, in words (the status line words them in its language)
NETWORK_CAUSES = {
    "refused": "connection refused",
    "dns": "name not found (DNS)",
    "tls": "secure connection (TLS) failed",
    "timeout": "no answer in time",
    "reset": "connection cut",
    "unreachable": "no network route",
    "other": "network failed",
}


def _cause(exc: BaseException) -> tuple[str, str]:
    """(kind, detail) of a network failure: the OS/TLS error under httpx's wrappers."""
    import httpx

    if isinstance(exc, httpx.TimeoutException):
        return "timeout", ""
    seen: BaseException | None = exc
    for _depth in range(8):
        if seen is None:
            break
        if isinstance(seen, ssl.SSLCertVerificationError):
            return "tls", seen.verify_message or "certificate not trusted"
        if isinstance(seen, ssl.SSLError):
            return "tls", seen.reason or str(seen)
        if isinstance(seen, socket.gaierror):
            return "dns", ""
        if isinstance(seen, ConnectionRefusedError):
            return "refused", ""
        if isinstance(seen, ConnectionResetError | BrokenPipeError):
            return "reset", ""
        if isinstance(seen, TimeoutError):
            return "timeout", ""
        if isinstance(seen, OSError) and seen.errno in (errno.ENETUNREACH, errno.EHOSTUNREACH):
            return "unreachable", ""
        seen = seen.__cause__ or seen.__context__
    text = str(exc)
    # httpx keeps the OS's words only as text at times ("[Errno 111] Connection refused")
    for kind, marks in (
        ("refused", ("Connection refused", "Errno 111", "WinError 10061")),
        ("dns", ("Name or service not known", "nodename nor servname", "getaddrinfo")),
        ("tls", ("SSL", "CERTIFICATE")),
        ("reset", ("Connection reset", "Errno 104")),
        ("unreachable", ("Network is unreachable", "No route to host")),
    ):
        if any(m in text for m in marks):
            return kind, ""
    return "other", re.sub(r"^\[Errno -?\d+\]\s*", "", text)


def unreachable(base_url: str, exc: BaseException) -> SyncUnavailable:
    """The network failed on the way to the server: one line in words, no errno."""
    parts = urlsplit(base_url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    where = f"{parts.hostname}:{port}"
    kind, detail = _cause(exc)
    words = NETWORK_CAUSES[kind] + (f": {detail}" if detail else "")
    error = SyncUnavailable(f"server not reachable at {where}: {words}")
    error.where, error.cause = where, kind
    return error


class UpdateRequired(UserFacingError):  # noqa: N818 - says what to do, like SyncUnavailable
    """The server speaks another protocol version: update Lastmile. Nothing is lost."""


class SignedOut(UserFacingError):  # noqa: N818 - a state, like SyncUnavailable
    """The token expired or was revoked: sign in again. Nothing is lost."""


class OutOfOrder(UserFacingError):  # noqa: N818 - a state, like SyncUnavailable
    """409: the server expects an earlier change than the oldest one still pending."""


class Transport(Protocol):
    def post(self, path: str, body: dict[str, Any], token: str | None) -> dict[str, Any]: ...

    def get(self, path: str, params: dict[str, Any], token: str | None) -> dict[str, Any]: ...

    def close(self) -> None: ...


@functools.cache
def _tls_context() -> ssl.SSLContext:
    """One TLS context per process: loading the certificate store costs ~45 ms, and a
    connection is opened for every sync cycle."""
    import httpx

    return httpx.create_ssl_context()


class HttpTransport:
    """JSON over HTTP(S) with the protocol and schema headers on every request."""

    def __init__(self, base_url: str, *, kind: str, timeout: float = 30.0) -> None:
        ensure_live(kind, "the sync connection")
        import httpx

        self.base_url = base_url.rstrip("/")
        if not self.base_url.startswith(("http://", "https://")):
            raise UserFacingError(
                f"the server address must start with https:// "
                f"(or http:// on a trusted network): {base_url}"
            )
        self._httpx = httpx
        self._client = httpx.Client(timeout=timeout, verify=_tls_context())
        self._headers = {
            "X-Lastmile-Protocol": str(PROTOCOL),
            "X-Lastmile-Schema": str(schema_version()),
        }

    def headers(self, token: str | None) -> dict[str, str]:
        if token:
            return {**self._headers, "Authorization": f"Bearer {token}"}
        return dict(self._headers)

    def _answer(self, response: Any) -> dict[str, Any]:
        status = response.status_code
        if status < 400:
            result: dict[str, Any] = response.json()
            return result
        try:
            detail = response.json().get("detail", response.text)
        except ValueError:
            detail = response.text
        if not isinstance(detail, str):  # pydantic's list of problems
            detail = "; ".join(
                f"{'.'.join(str(p) for p in d.get('loc', []))}: {d.get('msg')}"
                if isinstance(d, dict)
                else str(d)
                for d in detail
            )
        if status == 426:
            raise UpdateRequired(f"server: {detail}")
        if status == 401:
            raise SignedOut(f"server: {detail}")
        if status == 409:
            raise OutOfOrder(f"server: {detail}")
        if status >= 500 or status in (408, 429):
            error = SyncUnavailable(f"server answered {status}: {detail}")
            wait = response.headers.get("Retry-After", "")
            if status == 503 and wait.isdigit():
                error.busy_for = float(wait)
            raise error
        raise UserFacingError(f"server refused ({status}): {detail}")

    def post(self, path: str, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        try:
            response = self._client.post(
                self.base_url + path, json=body, headers=self.headers(token)
            )
        except self._httpx.HTTPError as exc:
            raise unreachable(self.base_url, exc) from None
        return self._answer(response)

    def get(self, path: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        try:
            response = self._client.get(
                self.base_url + path, params=params, headers=self.headers(token)
            )
        except self._httpx.HTTPError as exc:
            raise unreachable(self.base_url, exc) from None
        return self._answer(response)

    def close(self) -> None:
        self._client.close()


def _keyring_key(server: str, login: str) -> str:
    return f"{server.rstrip('/')}|{login}"


def store_token(server: str, login: str, token: str) -> None:
    """Keep the token in the operating system's keychain (never in the workspace)."""
    set_secret(KEYRING_SERVICE, _keyring_key(server, login), token)


def load_token(server: str, login: str) -> str | None:
    return get_secret(KEYRING_SERVICE, _keyring_key(server, login))


def forget_token(server: str, login: str) -> None:
    delete_secret(KEYRING_SERVICE, _keyring_key(server, login))
