"""Colleagues' work in real time: the server pokes the team's event streams (SSE, through
PostgreSQL LISTEN/NOTIFY, so another server process's push reaches them too), the window
pulls at once and shows the reply in the card's history beside the contact."""

from __future__ import annotations

import asyncio
import json
import os
import subprocess
import sys
import threading
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from desktop.app import Application
from desktop.sync.stream import EventStream, parse
from desktop.sync.transport import load_token
from desktop.workspace import Workspace
from models.schema import Contact
from server import events
from tests.server.conftest import free_port
from tests.server.helpers import HEADERS, add_user, contact_record, login, password, sync, workspace
from ui.executor import DbExecutor
from ui.main_window import MainWindow

ROOT = Path(__file__).resolve().parents[2]


def test_sse_parser_reads_events_and_skips_comments() -> None:
    lines = [
        "retry: 2000",
        "",
        ": keep-alive",
        "",
        "event: ready",
        'data: {"head": 3}',
        "",
        "event: poke",
        "data: {}",
        "",
        "data: a",
        "data: b",
        "",
    ]
    assert list(parse(lines)) == [("ready", '{"head": 3}'), ("poke", "{}"), ("message", "a\nb")]


def _token(server: dict[str, Any], user: str) -> str:
    answer = httpx.post(
        server["url"] + "/v1/login",
        headers=HEADERS,
        json={"login": user, "password": password(user)},
    )
    assert answer.status_code == 200, answer.text
    return str(answer.json()["token"])


class Reader:
    """One open event stream, read on a thread: the events as they come, with their time."""

    def __init__(self, url: str, token: str) -> None:
        self.events: list[tuple[float, str]] = []
        self.comments = 0
        self.status = 0
        self._client = httpx.Client(timeout=httpx.Timeout(10.0, read=30.0))
        self._thread = threading.Thread(target=self._run, args=(url, token), daemon=True)
        self._thread.start()

    def _run(self, url: str, token: str) -> None:
        try:
            with self._client.stream(
                "GET", url + "/v1/events", headers={**HEADERS, "Authorization": f"Bearer {token}"}
            ) as response:
                self.status = response.status_code
                for line in response.iter_lines():
                    if line.startswith(":"):
                        self.comments += 1
                    elif line.startswith("event:"):
                        self.events.append((time.monotonic(), line.split(":", 1)[1].strip()))
        except httpx.HTTPError:
            pass

    def names(self) -> list[str]:
        return [name for _t, name in self.events]

    def close(self) -> None:
        self._client.close()


@pytest.fixture()
def second_worker(sync_server: dict[str, Any]) -> Iterator[str]:
    """Another server process's app (its own listening connection) on the same
    PostgreSQL: what a second uvicorn worker is."""
    import uvicorn

    from server.app import create_app

    app = create_app(sync_server["db"])
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(
            app, host="127.0.0.1", port=port, log_level="warning", timeout_graceful_shutdown=1
        )
    )
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        app.state.events.close()
        server.should_exit = True
        thread.join(timeout=10)


def test_a_push_on_one_worker_pokes_the_teams_streams_on_another(
    tmp_path: Path, sync_server: dict[str, Any], second_worker: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    team = "rt-" + os.urandom(3).hex()
    ana, ben, zed = f"ana-{team}", f"ben-{team}", f"zed-{team}"
    add_user(sync_server, ana, team=team)
    add_user(sync_server, ben, team=team)
    add_user(sync_server, zed, team="other-" + team)
    monkeypatch.setattr(events, "HEARTBEAT_S", 0.3)
    ben_stream = Reader(second_worker, _token(sync_server, ben))
    zed_stream = Reader(second_worker, _token(sync_server, zed))
    try:
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not (
            "ready" in ben_stream.names() and "ready" in zed_stream.names()
        ):
            time.sleep(0.02)
        assert ben_stream.status == 200 and "ready" in ben_stream.names()
        time.sleep(0.5)  # the worker's listening connection is up, the first pokes went
        ben_seen, zed_seen = len(ben_stream.events), len(zed_stream.events)

        a = tmp_path / "a"
        login(a, sync_server, ana, monkeypatch)  # pushes nothing yet
        with workspace(a) as app:
            app.intake.ingest([contact_record(1)])
        pushed = time.monotonic()
        sync(a)  # the push goes to the first worker
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline and "poke" not in ben_stream.names()[ben_seen:]:
            time.sleep(0.01)
        pokes = [t for t, name in ben_stream.events[ben_seen:] if name == "poke"]
        assert pokes, ben_stream.events
        assert pokes[0] - pushed < 2.0
        time.sleep(0.3)
        # another team hears nothing of it; idle streams carry comments (heartbeats)
        assert "poke" not in zed_stream.names()[zed_seen:]
        assert ben_stream.comments >= 2 and zed_stream.comments >= 2
    finally:
        ben_stream.close()
        zed_stream.close()


def test_the_event_stream_needs_a_valid_sign_in(sync_server: dict[str, Any]) -> None:
    url = sync_server["url"] + "/v1/events"
    assert httpx.get(url, headers=HEADERS, timeout=5).status_code == 401
    bad = {**HEADERS, "Authorization": "Bearer " + "x" * 40}
    assert httpx.get(url, headers=bad, timeout=5).status_code == 401


def test_the_desktop_stream_backs_off_quietly_without_a_server(
    capfd: pytest.CaptureFixture[str],
) -> None:
    states: list[bool] = []
    pokes: list[int] = []
    stream = EventStream(
        f"http://127.0.0.1:{free_port()}",
        lambda: "t" * 40,
        lambda _heads: pokes.append(1),
        states.append,
    )

    async def scenario() -> float:
        stream.start(asyncio.get_running_loop())  # a coroutine on this loop, no thread
        await asyncio.sleep(1.5)
        started = time.monotonic()
        stream.stop()
        while stream.running and time.monotonic() - started < 5:
            await asyncio.sleep(0.01)
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 0.5  # cancelled, not waited for
    assert not stream.running
    assert not states and not pokes and stream.backoff.failures >= 1
    assert "Traceback" not in capfd.readouterr().err


def test_a_poke_says_the_heads_and_a_desktop_that_pulled_them_skips_it(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The poke of a desktop's own push names the head its pull already reached: no pull
    for it; a colleague's desktop, behind that head, pulls."""
    from desktop.sync.stream import behind, heads_of, pulled_heads

    team = "rth-" + os.urandom(3).hex()
    ana, ben = f"ana-{team}", f"ben-{team}"
    add_user(sync_server, ana, team=team)
    add_user(sync_server, ben, team=team)
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    login(b, sync_server, ben, monkeypatch)
    sync(b)
    pokes: list[dict[str, int] | None] = []
    ready = threading.Event()
    loop = asyncio.new_event_loop()
    runner = threading.Thread(target=loop.run_forever, daemon=True)
    runner.start()
    ana_token = load_token(sync_server["url"], ana)
    stream = EventStream(
        sync_server["url"], lambda: ana_token, pokes.append, lambda up: up and ready.set()
    )
    stream.start(loop)  # from another thread than the loop's
    try:
        assert ready.wait(10)
        deadline = time.monotonic() + 5
        while not pokes and time.monotonic() < deadline:
            time.sleep(0.01)
        assert pokes and pokes[0] is not None  # the ready frame's heads
        with workspace(a) as app:
            app.intake.ingest([contact_record(1)])
        seen = len(pokes)
        sync(a)  # push, then pull: its own contact is in
        deadline = time.monotonic() + 5
        while len(pokes) == seen and time.monotonic() < deadline:
            time.sleep(0.01)
        heads = pokes[-1]
        assert heads is not None and team in heads
        with workspace(a):
            assert pulled_heads()[team] >= heads[team]
            assert not behind(heads)  # Ana's own push: nothing to pull
        with workspace(b):
            assert behind(heads)  # Ben has not pulled it yet
        sync(b)
        with workspace(b):
            assert not behind(heads)
    finally:
        stream.stop(wait=5)
        loop.call_soon_threadsafe(loop.stop)
        runner.join(5)
        loop.close()
    assert heads_of('{"heads": {"x": 3, "y": true, "z": -1}}') == {"x": 3}
    assert heads_of("{}") is None and heads_of("not json") is None
    assert events.parse_note('{"space": "front", "head": 7}') == ("front", 7)
    assert events.parse_note("front") == ("front", None)  # a worker of the version before


def _peer(workspace_path: Path, token: str) -> subprocess.Popen[str]:
    peer = subprocess.Popen(
        [sys.executable, "-m", "benchmarks.realtime_peer", str(workspace_path)],
        cwd=ROOT,
        env={**os.environ, "LASTMILE_PEER_TOKEN": token},
        text=True,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
    )
    assert peer.stdout is not None
    assert json.loads(peer.stdout.readline()) == {"ready": True}
    return peer


def _ask(peer: subprocess.Popen[str], **order: Any) -> dict[str, Any]:
    assert peer.stdin is not None and peer.stdout is not None
    peer.stdin.write(json.dumps(order) + "\n")
    peer.stdin.flush()
    answer: dict[str, Any] = json.loads(peer.stdout.readline())
    return answer


def test_a_colleagues_reply_shows_beside_the_contact_within_a_second(  # type: ignore[no-untyped-def]
    qtbot, tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    team = "rtw-" + os.urandom(3).hex()
    ana, ben = f"ana-{team}", f"ben-{team}"
    add_user(sync_server, ana, team=team)
    add_user(sync_server, ben, team=team)
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(1)])
    sync(a)
    ana_token = load_token(sync_server["url"], ana)
    assert ana_token
    login(b, sync_server, ben, monkeypatch)

    app = Application.open(Workspace(b))
    app.sign_in(ben)
    contact_id = Contact.get().id
    executor = DbExecutor(app.db)
    window = MainWindow(app, executor)
    qtbot.addWidget(window)
    window.show()
    peer = _peer(a, ana_token)  # Ana's desktop, in its own process
    try:
        assert window.sync is not None
        qtbot.waitUntil(lambda: window.sync_label.text().endswith("· live"), timeout=10_000)
        qtbot.waitUntil(lambda: window.queue.selected_contact_id() == contact_id, timeout=10_000)
        card = window.card
        qtbot.waitUntil(lambda: card.history_model.rowCount() > 0, timeout=10_000)
        before = card.history_model.rowCount()

        def bodies() -> list[str]:
            return [
                str((card.history_model.item(n) or {}).get("body", ""))
                for n in range(card.history_model.rowCount())
            ]

        assert not any("on its way" in text for text in bodies())
        done = _ask(
            peer, op="reply", contact_id=contact_id, body="Your parcel is on its way, Joan."
        )
        # the regular pull is 15 s away: only the poke brings it this fast
        qtbot.waitUntil(lambda: any("on its way" in text for text in bodies()), timeout=3_000)
        seen = time.time()
        assert seen - done["at"] < 3.0, seen - done["at"]
        print(f"reply made -> shown beside the contact: {seen - done['at']:.3f} s")
        assert card.history_model.rowCount() > before
        assert window.queue.selected_contact_id() == contact_id
        shot = window.grab()
        shot.save(str(tmp_path / "realtime.png"))
    finally:
        assert peer.stdin is not None
        peer.stdin.write(json.dumps({"op": "quit"}) + "\n")
        peer.stdin.flush()
        peer.wait(timeout=20)
        peer.stdin.close()
        assert peer.stdout is not None
        peer.stdout.close()
        window.close()
        executor.shutdown()
        app.close()


def test_a_pull_names_the_contacts_and_customers_it_changed(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop.ops import Actor
    from desktop.ops import contacts as contact_ops
    from desktop.sync.client import SyncClient
    from models.schema import Agent

    team = "rtc-" + os.urandom(3).hex()
    ana, ben = f"ana-{team}", f"ben-{team}"
    add_user(sync_server, ana, team=team)
    add_user(sync_server, ben, team=team)
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(1), contact_record(2)])
    sync(a)
    login(b, sync_server, ben, monkeypatch)
    with workspace(a) as app:
        first = Contact.select().order_by(Contact.subject).first()
        contact_id, customer_id = first.id, first.customer_id
        contact_ops.reply(
            app.mutator, Actor.of(Agent.get(Agent.login == ana)), contact_id, "On its way."
        )
    sync(a)
    with workspace(b) as app:
        client = SyncClient(app)
        try:
            report = client.sync_once()
        finally:
            client.close()
    assert report.pulled >= 1
    changes = report.changes
    assert contact_id in changes.contacts and customer_id in changes.customers
    assert len(changes.contacts) == 1  # the other contact did not change
    assert not changes.external  # the window updates just these rows
