"""Several server processes on one PostgreSQL (`lastmile-server --workers 2`), many desktops
at once: claims are still first-wins, and a desktop pulling while others write never misses
a change (versions are commit-ordered, not a sequence that a slow transaction can leave
behind)."""

from __future__ import annotations

import os
import random
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from models.schema import Contact
from server import models as srv
from tests.server.conftest import free_port
from tests.server.helpers import HEADERS, contact_record, login, new_team, password, sync, workspace

AGENTS = 8


@pytest.fixture(scope="module")
def two_workers(postgres: str) -> Iterator[str]:
    port = free_port()
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "server.cli",
            "--database",
            postgres,
            "--port",
            str(port),
            "--workers",
            "2",
            "--log-level",
            "warning",
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 120
        while True:
            try:
                if httpx.get(url + "/v1/health", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                # stop it first: reading the pipe of a live server never ends (terminate,
                # not kill: uvicorn's parent then stops the workers that share the pipe)
                process.terminate()
                output, _ = process.communicate(timeout=30)
                raise AssertionError(f"the server did not start: {output.decode()}")
            time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        if process.stdout:
            process.stdout.close()


def hlc() -> str:
    return f"{int(time.time() * 1000):013d}-00000-test"


def test_many_desktops_through_two_server_processes(
    tmp_path: Path, sync_server: dict[str, Any], two_workers: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    team, users = new_team(sync_server, *(f"a{n}" for n in range(AGENTS)))
    server = {**sync_server, "url": two_workers}
    a = tmp_path / "a"
    login(a, server, users[0], monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(n) for n in range(1, 11)])
    sync(a)
    with workspace(a) as app:
        contacts = [c.id for c in Contact.select()]
    assert len(contacts) == 10

    sessions = []
    with httpx.Client(base_url=two_workers, headers=HEADERS, timeout=30) as http:
        for user in users:
            answer = http.post("/v1/login", json={"login": user, "password": password(user)})
            assert answer.status_code == 200, answer.text
            sessions.append(answer.json())

    accepted: dict[str, list[str]] = {c: [] for c in contacts}
    errors: list[str] = []
    lock = threading.Lock()
    writers_done = threading.Event()

    def agent(session: dict[str, Any]) -> None:
        order = contacts[:]
        random.Random(session["agent_id"]).shuffle(order)
        client_id = "c-" + uuid.uuid4().hex
        auth = {"Authorization": f"Bearer {session['token']}"}
        with httpx.Client(base_url=two_workers, headers=HEADERS, timeout=30) as http:
            for n, contact_id in enumerate(order, start=1):
                mutations = [
                    {
                        "mutation_id": 2 * n - 1,
                        "id": str(uuid.uuid4()),
                        "name": "contact.claim",
                        "agent_id": session["agent_id"],
                        "hlc": hlc(),
                        "args": {"contact_id": contact_id},
                    },
                    {
                        "mutation_id": 2 * n,
                        "id": str(uuid.uuid4()),
                        "name": "contact.note",
                        "agent_id": session["agent_id"],
                        "hlc": hlc(),
                        "args": {
                            "contact_id": contact_id,
                            "event_id": str(uuid.uuid4()),
                            "body": f"note by {session['login']}",
                        },
                    },
                ]
                answer = http.post(
                    "/v1/push", headers=auth, json={"client_id": client_id, "mutations": mutations}
                )
                with lock:
                    if answer.status_code != 200:
                        errors.append(f"{answer.status_code} {answer.text}")
                        continue
                    claim, note = answer.json()["results"]
                    if claim["state"] == "accepted":
                        accepted[contact_id].append(session["login"])
                    elif "already taken by" not in claim["reason"]:
                        errors.append(claim["reason"])
                    if note["state"] != "accepted":
                        errors.append(note["reason"])

    seen: set[tuple[int, int]] = set()

    def puller() -> None:
        """Pulls over and over while the agents write; must end with every change."""
        session = sessions[0]
        auth = {"Authorization": f"Bearer {session['token']}"}
        cursor = "{}"
        with httpx.Client(base_url=two_workers, headers=HEADERS, timeout=30) as http:
            while True:
                finished = writers_done.is_set()
                page = http.get(
                    "/v1/pull", headers=auth, params={"cursor": cursor, "limit": 50}
                ).json()
                for change in page["changes"]:
                    key = (change["version"], change["seq"])
                    assert key not in seen, f"change {key} delivered twice"
                    seen.add(key)
                cursor = page["cursor"]
                if finished and not page["more"]:
                    return

    threads = [threading.Thread(target=agent, args=(s,)) for s in sessions]
    reader = threading.Thread(target=puller)
    reader.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    writers_done.set()
    reader.join(timeout=120)

    assert errors == []
    assert all(len(winners) == 1 for winners in accepted.values()), accepted
    with sync_server["db"].connection_context():
        holders = {
            c.id: c.assigned_to for c in srv.Contact.select().where(srv.Contact.id.in_(contacts))
        }
        by_login = {s["login"]: s["agent_id"] for s in sessions}
        assert holders == {c: by_login[w[0]] for c, w in accepted.items()}
        notes = (
            srv.Event.select().where((srv.Event.space == team) & (srv.Event.kind == "note")).count()
        )
        logged = {
            (r.version, r.seq) for r in srv.ChangeLog.select().where(srv.ChangeLog.space == team)
        }
    assert notes == AGENTS * len(contacts)
    assert seen == logged  # the reader missed nothing that was committed while it read
