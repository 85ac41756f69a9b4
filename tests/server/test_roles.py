"""Every endpoint of the app × every kind of caller → the status it gets.

One app in this process, one PostgreSQL. A new endpoint fails the test until it has its
row in the table."""

from __future__ import annotations

import hashlib
import secrets
import uuid
from typing import Any

import httpx
import pytest

from server import models as srv
from server import store
from tests.server.helpers import HEADERS, Local, add_user, password

# who asks: an account of each role with a valid token, and the ways a token is not one
CALLERS = (
    "agent",
    "supervisor",
    "admin",
    "trainee",
    "no token",
    "garbage token",
    "revoked token",
    "expired token",
    "disabled account",
)
ROLES = ("agent", "supervisor", "admin", "trainee")
SIGNED_OUT = {
    "no token": "sign in first",
    "garbage token": "not a Lastmile token",
    "revoked token": "your session expired or was revoked; sign in again",
    "expired token": "your session expired or was revoked; sign in again",
    "disabled account": "your session expired or was revoked; sign in again",
}


def synced(ok: int = 200) -> dict[str, int]:
    """Push and pull: accounts of every role but trainee; no valid token: 401."""
    return {
        "agent": ok,
        "supervisor": ok,
        "admin": ok,
        "trainee": 403,
        **dict.fromkeys(SIGNED_OUT, 401),
    }


OPEN = dict.fromkeys(CALLERS, 200)

# (method, path) -> caller -> status
TABLE: dict[tuple[str, str], dict[str, int]] = {
    ("GET", "/v1/health"): OPEN,
    # signing in looks at the body, never at a token: each caller's account and password
    ("POST", "/v1/login"): {
        **OPEN,
        "trainee": 403,
        "disabled account": 401,
        "no token": 401,
        "garbage token": 401,
    },
    ("POST", "/v1/push"): synced(),
    ("GET", "/v1/pull"): synced(),
    ("POST", "/v1/logout"): OPEN,  # signing out is always fine (and idempotent)
    # integrations post with their own keys (server/intake.py): no account's token will do
    ("POST", "/v1/intake"): dict.fromkeys(CALLERS, 401),
    # attachment bytes (server/attachments.py): put first, so the get finds them
    ("PUT", "/v1/attachments/{sha256}"): synced(201),
    ("GET", "/v1/attachments/{sha256}"): synced(),
    # the realtime poke (server/events.py): a stream for whoever may pull
    ("GET", "/v1/events"): synced(),
    # FastAPI's own pages: the API's description, nothing of anyone's data
    ("GET", "/openapi.json"): OPEN,
    ("GET", "/docs"): OPEN,
    ("GET", "/docs/oauth2-redirect"): OPEN,
    ("GET", "/redoc"): OPEN,
}


def token_for(login: str, **changes: Any) -> str:
    """A token stored as the server stores them (trainees can never get one by signing
    in; an expired or revoked one is an old one)."""
    token = secrets.token_urlsafe(32)
    now = store.now_ms()
    srv.Token.create(
        token_hash=store._hash(token),
        login=login,
        created_at=now,
        expires_at=changes.get("expires_at", now + 3_600_000),
        revoked=changes.get("revoked", False),
    )
    return token


@pytest.fixture(scope="module")
def callers(sync_server: dict[str, Any]) -> dict[str, dict[str, Any]]:
    """caller -> its headers and the login body it would send."""
    team = "roles-" + uuid.uuid4().hex[:8]
    made: dict[str, dict[str, Any]] = {}
    with sync_server["db"].connection_context():
        for caller in CALLERS:
            role = caller if caller in ROLES else "agent"
            user = f"{caller.split()[0]}-{team}"
            add_user(sync_server, user, role=role, team=team)
            body = {"login": user, "password": password(user)}
            if caller in ROLES:
                headers = {"Authorization": f"Bearer {token_for(user)}"}
            elif caller == "no token":
                headers, body = {}, {"login": user, "password": "not the password"}
            elif caller == "garbage token":
                headers = {"Authorization": "Bearer " + "x" * 10}
                body = {"login": "nobody-" + user, "password": "whatever it is"}
            elif caller == "revoked token":
                headers = {"Authorization": f"Bearer {token_for(user, revoked=True)}"}
            elif caller == "expired token":
                headers = {"Authorization": f"Bearer {token_for(user, expires_at=1)}"}
            else:
                headers = {"Authorization": f"Bearer {token_for(user)}"}
                store.set_user(sync_server["db"], user, disabled=True)
            made[caller] = {"headers": headers, "body": body, "login": user}
    return made


def ask(local: Local, method: str, path: str, caller: dict[str, Any], url: str = "") -> Any:
    headers = {**HEADERS, **caller["headers"]}
    if path == "/v1/events":  # a stream that never ends: its status, through real HTTP
        with httpx.stream(method, url + path, headers=headers, timeout=20) as answer:
            if answer.status_code >= 400:
                answer.read()
            return answer
    if path == "/v1/login":
        return local.post(path, headers=headers, json=caller["body"])
    if path == "/v1/intake":
        return local.post(path, headers=headers, json={"channel": "chat"})
    if path == "/v1/push":
        return local.post(
            path, headers=headers, json={"client_id": "roles-" + uuid.uuid4().hex, "mutations": []}
        )
    if path.startswith("/v1/attachments/"):
        blob = b"roles: an attachment"
        path = path.format(sha256=hashlib.sha256(blob).hexdigest())
        if method == "PUT":
            return local.request(method, path, headers=headers, content=blob)
    return local.request(method, path, headers=headers)


def test_every_endpoint_answers_every_caller_as_the_table_says(
    sync_server: dict[str, Any], callers: dict[str, dict[str, Any]]
) -> None:
    from fastapi.routing import APIRoute
    from starlette.routing import Route

    from server.app import create_app

    app = create_app(sync_server["db"])
    routes = {
        (method, route.path)
        for route in app.routes
        if isinstance(route, APIRoute | Route)
        for method in (route.methods or ())
        if method != "HEAD"
    }
    assert routes == set(TABLE), "every endpoint needs its row in TABLE"
    local = Local(app)
    try:
        got: dict[tuple[str, str], dict[str, int]] = {}
        failures = []
        # signing out last: it revokes the caller's token
        for method, path in sorted(TABLE, key=lambda key: key[1] == "/v1/logout"):
            got[(method, path)] = {}
            for name in CALLERS:
                answer = ask(local, method, path, callers[name], sync_server["url"])
                got[(method, path)][name] = answer.status_code
                if answer.status_code != TABLE[(method, path)][name]:
                    failures.append(
                        f"{method} {path} as {name}: {answer.status_code} {answer.text[:200]}"
                    )
                if answer.status_code == 401 and path == "/v1/intake":
                    assert "a valid integration key is needed" in answer.text
                elif answer.status_code == 401 and path != "/v1/login":
                    assert SIGNED_OUT[name] in answer.text, (path, name, answer.text)
                if answer.status_code == 403:
                    assert "trainee accounts never sync" in answer.text
        assert not failures, "\n".join(failures)
    finally:
        local.close()
