"""A real PostgreSQL (pgserver) and the real sync server over HTTP on 127.0.0.1."""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-"))

import keyring
from keyring.backend import KeyringBackend

from desktop.app import Application
from desktop.workspace import Workspace


class MemoryKeyring(KeyringBackend):
    """The system keychain stand-in for tests (production uses the platform's keychain)."""

    priority = 1  # type: ignore[assignment]

    def __init__(self) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.secrets.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.secrets.pop((service, username), None)


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    pgserver = pytest.importorskip("pgserver")
    folder = tempfile.mkdtemp(prefix="lastmile-pg-")
    server = pgserver.get_server(folder, cleanup_mode="delete")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def sync_server(postgres: str) -> Iterator[dict[str, Any]]:
    import uvicorn

    from server import store
    from server.app import create_app

    db = store.connect(postgres)
    app = create_app(db)
    port = _free_port()
    config = uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    assert server.started
    try:
        yield {"url": f"http://127.0.0.1:{port}", "db": db}
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        db.close()


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@contextmanager
def workspace(path: Path) -> Iterator[Application]:
    app = Application.open(Workspace(path))
    try:
        yield app
    finally:
        app.close()
