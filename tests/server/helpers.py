"""Shared steps of the sync tests: accounts, signing a workspace in, one sync cycle."""

from __future__ import annotations

import hashlib
import io
import itertools
import json
import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from desktop import cli
from desktop.app import Application
from desktop.clock import Clock
from desktop.workspace import Workspace
from models.database import schema_version
from server import store

HEADERS = {"X-Lastmile-Protocol": "1", "X-Lastmile-Schema": str(schema_version())}


def password(login: str) -> str:
    """The account's test password: passes the password policy (it does not contain the
    login, nor is it a common one)."""
    return "pw-" + hashlib.sha256(login.encode()).hexdigest()[:16]


def add_user(server: dict[str, Any], login: str, role: str = "agent", team: str = "front") -> str:
    agent_id = str(uuid.uuid4())
    with server["db"].connection_context():
        store.add_user(
            server["db"],
            login,
            password(login),
            role=role,
            team=team,
            display_name=login.split("-")[0].capitalize() + " Tester",
            agent_id=agent_id,
        )
    return agent_id


def login(ws: Path, server: dict[str, Any], user: str, monkeypatch: pytest.MonkeyPatch) -> None:
    """`lastmile login` for this workspace (password on stdin), with its first sync."""
    monkeypatch.setattr("sys.stdin", io.StringIO(password(user) + "\n"))
    out = io.StringIO()
    args = cli.parse_args(
        ["login", "--server", server["url"], "--user", user, "--workspace", str(ws)]
    )
    assert cli.run(args, out=out, err=out) == 0, out.getvalue()


def run_cli(*argv: str) -> tuple[int, str]:
    out = io.StringIO()
    code = cli.run(cli.parse_args(list(argv)), out=out, err=out)
    return code, out.getvalue()


def sync(ws: Path) -> dict[str, Any]:
    """`lastmile sync --json`; it must succeed."""
    code, text = run_cli("sync", "--workspace", str(ws), "--json")
    assert code == 0, text
    result: dict[str, Any] = json.loads(text)
    return result


def contact_record(n: int, **extra: Any) -> tuple[int, dict[str, Any]]:
    record = {
        "type": "contact",
        "channel": "email",
        "external_id": f"sync-{n}-{uuid.uuid4()}",
        "received_at": "2026-11-22T10:00:00Z",
        "from": {"name": "Joan Smith", "email": "joan@example.com"},
        "subject": f"Order {n}",
        "body": "Where is it?",
        "skill": "general",
    }
    record.update(extra)
    return n, record


@contextmanager
def workspace(path: Path, clock: Clock | None = None) -> Iterator[Application]:
    app = Application.open(Workspace(path), clock=clock)
    try:
        yield app
    finally:
        app.close()


def new_team(server: dict[str, Any], *logins: str, role: str = "agent") -> tuple[str, list[str]]:
    """A fresh team with these members; returns (team, their full logins)."""
    team = "team-" + uuid.uuid4().hex[:8]
    users = [f"{name}-{team}" for name in logins]
    for user in users:
        add_user(server, user, role=role, team=team)
    return team, users


ADDRESSES = itertools.count(1)


class Local:
    """The sync app in this process (no socket), asked from one client address: sign-in
    throttling counts per address, so each test can be its own stranger."""

    def __init__(self, app: Any, address: str | None = None) -> None:
        import asyncio

        import httpx

        n = next(ADDRESSES)
        self.address = address or f"10.{n // 250 % 250}.{n % 250}.7"
        self.loop = asyncio.new_event_loop()
        transport = httpx.ASGITransport(
            app=app, raise_app_exceptions=False, client=(self.address, 40000)
        )
        self.client = httpx.AsyncClient(
            transport=transport, base_url="http://lastmile.test", headers=HEADERS, timeout=60
        )

    def request(self, method: str, url: str, **kwargs: Any) -> Any:
        return self.loop.run_until_complete(self.client.request(method, url, **kwargs))

    def get(self, url: str, **kwargs: Any) -> Any:
        return self.request("GET", url, **kwargs)

    def post(self, url: str, **kwargs: Any) -> Any:
        return self.request("POST", url, **kwargs)

    def gather(self, requests: list[tuple[str, str, dict[str, Any]]]) -> list[Any]:
        """These requests at once (the app runs its sync endpoints in threads)."""
        import asyncio

        async def all_of() -> list[Any]:
            return list(
                await asyncio.gather(
                    *(
                        self.client.request(method, url, **kwargs)
                        for method, url, kwargs in requests
                    )
                )
            )

        return self.loop.run_until_complete(all_of())

    def close(self) -> None:
        self.loop.run_until_complete(self.client.aclose())
        self.loop.close()


def raw_json(body: Any, headers: dict[str, str] | None = None) -> dict[str, Any]:
    """Keyword arguments that send this body as JSON with \\uXXXX escapes, so that text
    UTF-8 cannot encode (an unpaired surrogate) still travels as a client could send it."""
    return {
        "content": json.dumps(body).encode(),
        "headers": {**(headers or {}), "Content-Type": "application/json"},
    }


@contextmanager
def server_process(
    postgres: str, port: int, log: Path, **env: str
) -> Iterator[subprocess.Popen[bytes]]:
    """`lastmile-server --database ... --port P` in its own process, healthy; stopped
    (SIGTERM) afterwards. ``env`` adds environment variables (LASTMILE_MAIL_RESCAN, ...);
    what it prints goes to the file ``log``."""
    import httpx

    argv = ["-m", "server.cli", "--database", postgres, "--port", str(port)]
    with log.open("ab") as out:
        process = subprocess.Popen(
            [sys.executable, *argv, "--log-level", "warning"],
            stdout=out,
            stderr=subprocess.STDOUT,
            env={**os.environ, "PYTHONUNBUFFERED": "1", **env},
            cwd=Path(__file__).resolve().parents[2],
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"http://127.0.0.1:{port}/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                process.kill()
                raise AssertionError(f"the server did not start: {log.read_text()}")
            time.sleep(0.1)
        yield process
    finally:
        if process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()


def server_cli(server: dict[str, Any], *argv: str, stdin: str = "") -> tuple[int, str, str]:
    """`lastmile-server ...` in its own process, as the admin runs it (in this process it
    would rebind the running server's tables under its sender threads)."""
    done = subprocess.run(
        [sys.executable, "-m", "server.cli", *argv, "--database", server["postgres"]],
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=Path(__file__).resolve().parents[2],
    )
    return done.returncode, done.stdout, done.stderr


def add_server_mailbox(
    server: dict[str, Any],
    name: str,
    team: str,
    imap: str,
    *,
    smtp: str = "",
    address: str = "",
    password: str = "",
) -> tuple[int, str, str]:
    """`lastmile-server mailbox add NAME --team T --imap URL [--smtp URL] [--address A]`,
    the password on stdin (the mail servers' own, tests/mailservers.PASSWORD, by default)."""
    from tests.mailservers import PASSWORD

    argv = ["mailbox", "add", name, "--team", team, "--imap", imap]
    if smtp:
        argv += ["--smtp", smtp]
    if address:
        argv += ["--address", address]
    return server_cli(server, *argv, stdin=(password or PASSWORD) + "\n")
