"""The poke: ``GET /v1/events`` tells a signed-in desktop that its team's change log moved.

Server-Sent Events over plain HTTP (works through nginx/Caddy: no upgrade, buffering off
by ``X-Accel-Buffering: no``). The stream carries no change, only "pull now" and the
heads the change logs moved to (``{"heads": {team: version}}``): the desktop pulls as
usual, so nothing here can leak or lose a change, and one whose last pull already reached
those heads (the poke of its own push) skips it; when the stream is not there the
desktop's 15-second polling goes on as before.

Every write transaction of a space calls ``pg_notify('lastmile_changes', '{"space": ...,
"head": version}')`` as it locks the space (server/store.py ``lock_space``); PostgreSQL
delivers it after the commit to every listener, so a push handled by one uvicorn worker
pokes the streams held by the others. Each worker process has one listening connection
(a thread) and wakes the streams of that space on the event loop. A stream sends a
comment every 15 s (proxies and the desktop's read timeout keep it open), checks its
token every minute (a revoked sign-in ends it) and ends after 5 minutes (the desktop
reconnects at once; a server shutting down does not wait for streams held open for ever).
"""

# no "from __future__ import annotations": FastAPI must see the dependencies themselves
import asyncio
import contextlib
import json
import logging
import threading
import time
from collections.abc import AsyncIterator, Callable
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, Request
from fastapi.responses import StreamingResponse
from peewee import Database
from starlette.concurrency import run_in_threadpool

from server import store
from server.accounts import spaces_of

log = logging.getLogger("lastmile.server.events")

CHANNEL = "lastmile_changes"
HEARTBEAT_S = 15.0
RECHECK_S = 60.0
LIFETIME_S = 300.0
RETRY_MS = 2000  # what an EventSource waits before reconnecting


class _Subscriber:
    __slots__ = ("event", "heads", "loop", "spaces")

    def __init__(self, spaces: tuple[str, ...], loop: asyncio.AbstractEventLoop) -> None:
        self.spaces = spaces  # every team the account pulls (server/accounts.py spaces_of)
        self.loop = loop
        self.event = asyncio.Event()
        # the heads of the pokes not sent yet; None: one came without (pull whatever)
        self.heads: dict[str, int] | None = {}

    def wake(self, space: str | None, head: int | None) -> None:
        """On its loop: one more poke to send, with the head its space moved to."""
        if self.heads is not None and space is not None and head is not None:
            self.heads[space] = max(head, self.heads.get(space, 0))
        else:
            self.heads = None
        self.event.set()

    def take(self) -> dict[str, Any]:
        """The frame's data for the pokes waiting (their heads, if all said one)."""
        heads, self.heads = self.heads, {}
        self.event.clear()
        return {"heads": heads} if heads else {}


def parse_note(payload: str) -> tuple[str, int | None]:
    """(space, head) of a notification: JSON from lock_space, or a bare space name (a
    worker of the version before)."""
    try:
        note = json.loads(payload)
    except ValueError:
        return payload, None
    if isinstance(note, dict) and isinstance(note.get("space"), str):
        head = note.get("head")
        return note["space"], head if type(head) is int else None
    return payload, None


class Hub:
    """This process's listening connection and the streams waiting on it."""

    def __init__(self, db: Database) -> None:
        self.db = db
        self._subs: dict[str, set[_Subscriber]] = {}
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self.listening = threading.Event()
        self.notified = 0  # notifications received (for tests and the benchmark)

    def subscribe(self, *spaces: str) -> _Subscriber:
        sub = _Subscriber(spaces, asyncio.get_running_loop())
        with self._lock:
            for space in spaces:
                self._subs.setdefault(space, set()).add(sub)
            if self._thread is None or not self._thread.is_alive():
                self._stop.clear()
                self._thread = threading.Thread(
                    target=self._run, name="lastmile-listen", daemon=True
                )
                self._thread.start()
        return sub

    def unsubscribe(self, sub: _Subscriber) -> None:
        with self._lock:
            for space in sub.spaces:
                subs = self._subs.get(space)
                if subs is not None:
                    subs.discard(sub)
                    if not subs:
                        del self._subs[space]

    def streams(self) -> int:
        with self._lock:
            return sum(len(s) for s in self._subs.values())

    def poke(self, space: str | None, head: int | None = None) -> None:
        """Wake the streams of ``space`` (None: all of them), whose log is at ``head``."""
        with self._lock:
            if space is None:
                subs = list({s for group in self._subs.values() for s in group})
            else:
                subs = list(self._subs.get(space, ()))
        for sub in subs:
            with contextlib.suppress(RuntimeError):  # that loop is closed (worker stopping)
                sub.loop.call_soon_threadsafe(sub.wake, space, head)

    def close(self) -> None:
        self._stop.set()
        thread = self._thread
        if thread is not None and thread is not threading.current_thread():
            thread.join(3.0)

    def _connect(self) -> Any:
        import psycopg

        params = {
            k: v
            for k, v in dict(self.db.connect_params).items()
            if k
            in ("host", "port", "user", "password", "sslmode", "sslrootcert", "connect_timeout")
        }
        return psycopg.connect(dbname=self.db.database, autocommit=True, **params)

    def _run(self) -> None:
        delay = 1.0
        while not self._stop.is_set():
            try:
                conn = self._connect()
            except Exception as exc:  # the database is down: try again, streams keep beating
                if self._stop.is_set():
                    return
                log.warning("events: cannot listen (%s); retrying in %.0f s", exc, delay)
                self._stop.wait(delay)
                delay = min(30.0, delay * 2)
                continue
            try:
                conn.execute(f"LISTEN {CHANNEL}")
                self.listening.set()
                delay = 1.0
                self.poke(None)  # what was committed while not listening: pull once
                while not self._stop.is_set():
                    for note in conn.notifies(timeout=1.0):
                        self.notified += 1
                        self.poke(*parse_note(note.payload))
            except Exception as exc:  # connection lost: listen again
                if not self._stop.is_set():
                    log.warning("events: listening connection lost (%s)", exc)
                self._stop.wait(delay)
            finally:
                self.listening.clear()
                with contextlib.suppress(Exception):  # already broken
                    conn.close()


def _frame(event: str, data: dict[str, Any]) -> str:
    return f"event: {event}\ndata: {json.dumps(data)}\n\n"


def install(
    app: FastAPI, db: Database, account: Callable[..., dict[str, Any]], versions: list[Any]
) -> Hub:
    """``GET /v1/events`` on the app; the hub is in ``app.state.events``."""
    hub = Hub(db)
    app.state.events = hub

    def still_signed_in(token: str) -> bool:
        with db.connection_context():
            return store.account_for_token(token) is not None

    @app.get("/v1/events", dependencies=versions)
    async def events(
        request: Request,
        who: Annotated[dict[str, Any], Depends(account)],
        authorization: Annotated[str | None, Header()] = None,
    ) -> StreamingResponse:
        space = str(who["team"])  # the home team: its head goes in the "ready" frame
        spaces = tuple(spaces_of(who)) or (space,)  # every team the pull reads
        token = (authorization or "").removeprefix("Bearer ").strip()

        async def stream() -> AsyncIterator[str]:
            sub = hub.subscribe(*spaces)
            started = checked = time.monotonic()
            try:
                yield f"retry: {RETRY_MS}\n\n"
                heads = await run_in_threadpool(_heads, db, spaces)
                yield _frame("ready", {"head": heads.get(space, 0), "heads": heads})
                while True:
                    try:
                        await asyncio.wait_for(sub.event.wait(), HEARTBEAT_S)
                    except TimeoutError:
                        yield ": keep-alive\n\n"
                    else:
                        yield _frame("poke", sub.take())
                    now = time.monotonic()
                    if now - started > LIFETIME_S or await request.is_disconnected():
                        return
                    if now - checked > RECHECK_S:
                        checked = now
                        if not await run_in_threadpool(still_signed_in, token):
                            yield _frame("signed-out", {})
                            return
            finally:
                hub.unsubscribe(sub)

        return StreamingResponse(
            stream(),
            media_type="text/event-stream",
            headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"},
        )

    return hub


def _heads(db: Database, spaces: tuple[str, ...]) -> dict[str, int]:
    with db.connection_context():
        return {space: store.space_head(space) for space in spaces}
