"""A second desktop in its own process (the colleague), for tests/server/test_realtime.py and
benchmarks/realtime_bench.py: opens its signed-in workspace, then for each JSON line on
stdin does one action and syncs it, and answers one JSON line.

    {"op": "reply", "contact_id": ID, "body": TEXT}   ->  {"at": T0, "synced": T1}
    {"op": "claim" | "release", "contact_id": ID}       ->  {"at": T0, "synced": T1}
    {"op": "sync"}                                      ->  {"at": T0, "synced": T1}

T0 is the wall time (time.time()) just before the action, T1 when the push came back.

With ``--own-stream skip|noskip`` the acting desktop also listens to its own event stream,
as the window does, and pulls when poked: ``skip`` leaves out a poke its last pull already
covered (desktop/sync/stream.py ``behind``, what the window does), ``noskip`` pulls for
every poke (what the window did before). At the end it prints
{"pokes": N, "poke_pulls": M, "skipped": K}.

With ``--listen stream|poll:SECONDS`` it is the receiving desktop instead: it syncs when
the server pokes (the real SyncClient + desktop/sync/stream.py, as the window does) or
every SECONDS, and prints {"body": B, "seen": T} for every history line whose body starts
with "rt-" as soon as it is in its database.
The sign-in token comes in $LASTMILE_PEER_TOKEN (the keychain of the process that signed
in is not this one's).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path


def main() -> int:
    import keyring
    from keyring.backend import KeyringBackend

    class Memory(KeyringBackend):
        priority = 1  # type: ignore[assignment]
        data: dict[tuple[str, str], str] = {}

        def set_password(self, s: str, u: str, p: str) -> None:
            self.data[(s, u)] = p

        def get_password(self, s: str, u: str) -> str | None:
            return self.data.get((s, u))

        def delete_password(self, s: str, u: str) -> None:
            self.data.pop((s, u), None)

    keyring.set_keyring(Memory())
    from desktop.app import Application
    from desktop.ops import Actor
    from desktop.ops import contacts as contact_ops
    from desktop.sync.client import SyncClient, store_token
    from desktop.workspace import Workspace
    from models.database import get_meta
    from models.schema import Agent

    app = Application.open(Workspace(Path(sys.argv[1])))
    login = get_meta("sync_login") or ""
    store_token(get_meta("server_url") or "", login, os.environ["LASTMILE_PEER_TOKEN"])
    actor = Actor.of(Agent.get(Agent.login == login))
    client = SyncClient(app)
    client.sync_once()
    if len(sys.argv) > 3 and sys.argv[2] == "--listen":
        listen(app, client, sys.argv[3])
        return 0
    import threading

    lock = threading.Lock()  # one sync cycle at a time, as the window's sync thread
    own = OwnStream(client, lock, sys.argv[3]) if sys.argv[2:3] == ["--own-stream"] else None
    print(json.dumps({"ready": True}), flush=True)
    for line in sys.stdin:
        order = json.loads(line)
        op = order.get("op")
        if op == "quit":
            break
        at = time.time()
        with lock:
            if op == "reply":
                contact_ops.reply(app.mutator, actor, order["contact_id"], order["body"])
            elif op == "claim":
                contact_ops.claim(app.mutator, actor, order["contact_id"])
            elif op == "release":
                contact_ops.release(app.mutator, actor, order["contact_id"])
            client.sync_once()
        print(json.dumps({"at": at, "synced": time.time()}), flush=True)
    if own is not None:
        time.sleep(1.0)  # the last poke
        print(json.dumps(own.stop()), flush=True)
    client.close()
    app.close()
    return 0


class OwnStream:
    """The acting desktop's own event stream, pulling when poked (the window's way)."""

    def __init__(self, client: object, lock: object, mode: str) -> None:
        import asyncio
        import threading

        from desktop.sync.client import load_token
        from desktop.sync.stream import EventStream
        from models.database import get_meta

        self.client, self.lock, self.skip = client, lock, mode == "skip"
        self.pokes = self.pulls = self.skipped = 0
        self.wake = threading.Event()
        self.waiting: list[dict[str, int] | None] = []
        self.done = False
        self.loop = asyncio.new_event_loop()
        threading.Thread(target=self.loop.run_forever, daemon=True).start()
        threading.Thread(target=self._pull, daemon=True).start()
        server, login = get_meta("server_url") or "", get_meta("sync_login") or ""
        up = threading.Event()
        self.stream = EventStream(
            server, lambda: load_token(server, login), self._poked, lambda s: s and up.set()
        )
        self.stream.start(self.loop)
        up.wait(10)
        time.sleep(0.3)  # the ready frame's poke
        self.pokes = self.pulls = self.skipped = 0

    def _poked(self, heads: dict[str, int] | None) -> None:
        from desktop.sync.stream import behind

        self.pokes += 1
        if self.skip and not behind(heads):
            self.skipped += 1
            return
        self.waiting.append(heads)
        self.wake.set()

    def _pull(self) -> None:
        from desktop.sync.stream import behind

        while not self.done:
            self.wake.wait(0.5)
            self.wake.clear()
            while self.waiting:
                heads = self.waiting.pop(0)
                with self.lock:  # type: ignore[attr-defined]
                    if self.skip and not behind(heads):  # the cycle under way covered it
                        self.skipped += 1
                        continue
                    self.client.sync_once()  # type: ignore[attr-defined]
                    self.pulls += 1

    def stop(self) -> dict[str, int]:
        self.stream.stop(wait=5)
        self.done = True
        self.loop.call_soon_threadsafe(self.loop.stop)
        return {"pokes": self.pokes, "poke_pulls": self.pulls, "skipped": self.skipped}


def listen(app: object, client: object, how: str) -> None:
    import logging
    import threading

    from desktop.sync.client import load_token
    from desktop.sync.stream import EventStream
    from models.database import get_meta

    logging.basicConfig(level=logging.INFO, format="listener: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    wake = threading.Event()
    stream = None
    interval = 3600.0
    if how == "stream":
        import asyncio

        server, login = get_meta("server_url") or "", get_meta("sync_login") or ""
        up = threading.Event()
        loop = asyncio.new_event_loop()
        threading.Thread(target=loop.run_forever, daemon=True).start()
        stream = EventStream(
            server,
            lambda: load_token(server, login),
            lambda _heads: wake.set(),
            lambda state: up.set() if state else None,
        )
        stream.start(loop)
        up.wait(10)
    else:
        interval = float(how.split(":")[1])
    seen: set[str] = set()
    db = app.db  # type: ignore[attr-defined]
    print(json.dumps({"ready": True}), flush=True)
    stop = threading.Event()
    threading.Thread(target=lambda: (sys.stdin.read(), stop.set(), wake.set()), daemon=True).start()
    while not stop.is_set():
        wake.wait(interval)
        wake.clear()
        if stop.is_set():
            break
        client.sync_once()  # type: ignore[attr-defined]
        now = time.time()
        for (body,) in db.execute_sql("SELECT body FROM event WHERE body LIKE 'rt-%'"):
            if body not in seen:
                seen.add(body)
                print(json.dumps({"body": body, "seen": now}), flush=True)
    if stream is not None:
        stream.stop(wait=5)
    client.close()  # type: ignore[attr-defined]


if __name__ == "__main__":
    sys.exit(main())
