"""What the HTTP intake and gateway tests share: an in-memory keychain, a running intake
server on a free port, and a way to post to it."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import httpx
import keyring
import pytest
from keyring.backend import KeyringBackend

from desktop import integrations
from desktop.app import Application
from desktop.channels.intake_http import IntakeServer


class MemoryKeyring(KeyringBackend):
    priority = 1

    def __init__(self) -> None:
        self.store: dict[tuple[str, str], str] = {}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.store[(service, username)] = password

    def get_password(self, service: str, username: str) -> str | None:
        return self.store.get((service, username))

    def delete_password(self, service: str, username: str) -> None:
        self.store.pop((service, username), None)


@pytest.fixture(autouse=True)
def memory_keyring() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    yield backend
    keyring.set_keyring(previous)


@pytest.fixture
def server(live_app: Application) -> Iterator[IntakeServer]:
    running = IntakeServer(live_app, "127.0.0.1", 0)
    running.start()
    yield running
    running.stop()


@pytest.fixture
def http(server: IntakeServer) -> Iterator[httpx.Client]:
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def key_for(app: Application, name: str, channel: str, webhook: str = "") -> str:
    return integrations.add(
        name, channel=channel, webhook=webhook, kind=app.workspace.kind, clock=app.clock
    ).key


def post(
    client: httpx.Client, key: str | None, body: Any, *, content_type: str = "application/json"
) -> httpx.Response:
    data = body if isinstance(body, bytes) else json.dumps(body).encode()
    headers = {"Content-Type": content_type}
    if key is not None:
        headers["Authorization"] = f"Bearer {key}"
    answer = client.post("/v1/intake", content=data, headers=headers)
    assert answer.status_code < 500, answer.text
    assert "Traceback" not in answer.text
    assert answer.headers["content-type"] == "application/json"
    return answer
