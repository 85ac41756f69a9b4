"""A real PostgreSQL and the real sync server over HTTP on 127.0.0.1.

PostgreSQL comes from $LASTMILE_TEST_DATABASE_URL when set (an external server, e.g. in
CI), else the suite starts its own with pgserver (PostgreSQL shipped as a wheel).
"""

from __future__ import annotations

import os
import socket
import tempfile
import threading
import time
from collections.abc import Iterator
from typing import Any

import pytest

os.environ.setdefault("XDG_RUNTIME_DIR", tempfile.mkdtemp(prefix="xdg-"))
# the key that seals server-run mailbox passwords (server/channels/secrets.py): never ~/.config
os.environ.setdefault(
    "LASTMILE_SERVER_KEY_FILE", os.path.join(tempfile.mkdtemp(prefix="lm-key-"), "secret.key")
)

import keyring

from server import store
from tests.memory_keyring import MemoryKeyring


@pytest.fixture(scope="session")
def postgres() -> Iterator[str]:
    external = os.environ.get("LASTMILE_TEST_DATABASE_URL")
    if external:
        yield external
        return
    pgserver = pytest.importorskip("pgserver")
    folder = tempfile.mkdtemp(prefix="lastmile-pg-")
    server = pgserver.get_server(folder, cleanup_mode="delete")
    try:
        yield server.get_uri()
    finally:
        server.cleanup()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def sync_server(postgres: str) -> Iterator[dict[str, Any]]:
    """The FastAPI app served by uvicorn in a thread: real HTTP, real PostgreSQL."""
    import uvicorn

    from server.app import create_app

    db = store.open_store(postgres)
    app = create_app(db)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    assert server.started
    try:
        yield {"url": f"http://127.0.0.1:{port}", "db": db, "postgres": postgres}
    finally:
        app.state.events.close()  # its listening connection (server/events.py)
        server.should_exit = True
        thread.join(timeout=10)
        db.close_all()  # type: ignore[attr-defined]  # a pooled database (playhouse: untyped)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    ring = MemoryKeyring()
    keyring.set_keyring(ring)
    yield ring
    keyring.set_keyring(previous)


@pytest.fixture(scope="session", autouse=True)
def cheap_password_hashing() -> Iterator[None]:
    """Argon2 with test parameters: the suite makes hundreds of accounts. Production keeps
    argon2-cffi's defaults (tests/server/test_accounts.py checks them)."""
    from argon2 import PasswordHasher

    previous = store.hasher
    store.hasher = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
    yield
    store.hasher = previous
