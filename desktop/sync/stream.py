"""The server's poke (``GET /v1/events``, Server-Sent Events): "your team's change log
moved, pull now". A coroutine with no Qt: the window runs it on its qasync loop on the UI
thread (ui/aio.py), a script on any asyncio loop. Reconnects with backoff, reads the
token again for every connection, and never raises: while the stream is down the window's
regular polling goes on, so a missing stream only costs latency.

A poke carries the heads of the change logs that moved (``{"heads": {team: version}}``,
server/events.py): :func:`behind` tells whether this desktop's last pull already reached
them (its own push pokes it too), so that poke costs no pull.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import threading
from collections.abc import AsyncIterator, Callable, Iterable, Iterator
from concurrent.futures import Future
from typing import Any

from desktop.sync.backoff import Backoff
from desktop.sync.transport import PROTOCOL, _tls_context
from desktop.training.guard import ensure_live
from models.database import get_meta, schema_version

log = logging.getLogger("lastmile.sync")

READ_TIMEOUT_S = 45.0  # the server sends a comment every 15 s

Heads = dict[str, int]  # team -> the newest version of its change log


class _Parser:
    """Lines of an SSE stream in, (event, data) out (comments and ``retry:`` skipped)."""

    def __init__(self) -> None:
        self.event = ""
        self.data: list[str] = []

    def feed(self, line: str) -> tuple[str, str] | None:
        if not line:
            found = (
                (self.event or "message", "\n".join(self.data)) if self.data or self.event else None
            )
            self.event, self.data = "", []
            return found
        if line.startswith(":"):
            return None
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            self.event = value
        elif name == "data":
            self.data.append(value)
        return None


def parse(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(event, data) for each event of an SSE stream (comments and ``retry:`` skipped)."""
    parser = _Parser()
    for line in lines:
        found = parser.feed(line)
        if found is not None:
            yield found


async def _parse(lines: AsyncIterator[str]) -> AsyncIterator[tuple[str, str]]:
    parser = _Parser()
    async for line in lines:
        found = parser.feed(line)
        if found is not None:
            yield found


def heads_of(data: str) -> Heads | None:
    """The heads a poke or ready frame carries (None: not said, an older server)."""
    try:
        value = json.loads(data) if data else None
    except ValueError:
        return None
    heads = value.get("heads") if isinstance(value, dict) else None
    if not isinstance(heads, dict):
        return None
    found = {
        str(team): version
        for team, version in heads.items()
        if type(version) is int and version >= 0
    }
    return found or None


def pulled_heads() -> Heads:
    """How far this desktop's last complete pull reached in each team's change log: its
    cursor, or the heads the server said with it (a version that logged nothing, such as
    a refused change, moves the head but leaves no row to move the cursor)."""
    known: Heads = {}
    for key in ("sync_cursor", "sync_heads"):
        try:
            value = json.loads(get_meta(key) or "{}")
        except ValueError:
            continue
        if not isinstance(value, dict):
            continue
        for team, position in value.items():
            version = position[0] if isinstance(position, list) and position else position
            if type(version) is int:
                known[str(team)] = max(known.get(str(team), 0), version)
    return known


def behind(heads: Heads | None) -> bool:
    """Whether a poke with these heads needs a pull here (None: heads unknown, pull)."""
    if not heads:
        return True
    known = pulled_heads()
    return any(known.get(team, -1) < version for team, version in heads.items())


def merged(wanted: Heads | None, more: Heads | None) -> Heads | None:
    """Pokes waiting for one pull, taken together (None once one of them said no heads)."""
    if wanted is None or more is None:
        return None
    return {team: max(wanted.get(team, 0), more.get(team, 0)) for team in {*wanted, *more}}


class EventStream:
    """Keeps ``GET {server}/v1/events`` open and calls ``on_poke(heads)`` for each poke
    (and once on every (re)connection: what was committed while it was down), on the loop
    it runs on."""

    def __init__(
        self,
        server: str,
        token: Callable[[], str | None],
        on_poke: Callable[[Heads | None], None],
        on_state: Callable[[bool], None] | None = None,
        *,
        kind: str = "live",
    ) -> None:
        ensure_live(kind, "the realtime stream")  # trainees never reach the server
        self.url = server.rstrip("/") + "/v1/events"
        self._token = token
        self.on_poke = on_poke
        self.on_state = on_state or (lambda _up: None)
        self._stop = threading.Event()
        self._future: Future[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.connected = False
        self.backoff = Backoff(interval=0.0, first_retry=1.0, maximum=60.0)

    def start(self, loop: asyncio.AbstractEventLoop) -> None:
        """Run on ``loop`` (from its own thread or any other)."""
        if self._future is not None and not self._future.done():
            return
        self._stop.clear()
        self._loop = loop
        self._future = asyncio.run_coroutine_threadsafe(self.run(), loop)

    @property
    def running(self) -> bool:
        return self._future is not None and not self._future.done()

    def stop(self, wait: float = 0.0) -> None:
        """Cancel it; no callback comes after this. ``wait``: seconds to wait for its end,
        from another thread than the loop's (the loop's own thread cannot wait on it)."""
        self._stop.set()
        future = self._future
        if future is None:
            return
        future.cancel()
        if wait > 0 and self._loop is not None and asyncio._get_running_loop() is not self._loop:
            with contextlib.suppress(Exception):
                future.exception(timeout=wait)

    def _tell(self, callback: Callable[..., None], *args: Any) -> None:
        """A callback, never after stop() (its receiver may be gone) and never raising."""
        if self._stop.is_set():
            return
        try:
            callback(*args)
        except Exception as exc:  # the window's side went away: not a traceback
            log.debug("events: callback failed: %s", exc)

    async def run(self) -> None:
        import httpx

        timeout = httpx.Timeout(10.0, read=READ_TIMEOUT_S)
        async with httpx.AsyncClient(timeout=timeout, verify=_tls_context()) as client:
            while not self._stop.is_set():
                delay = await self._once(client, httpx)
                if self.connected:
                    self.connected = False
                    self._tell(self.on_state, False)
                if delay is None:
                    return
                await asyncio.sleep(delay)

    async def _once(self, client: Any, httpx: Any) -> float | None:
        """One connection; the seconds to wait before the next (None: stop)."""
        try:
            token = self._token()  # every connection: a new sign-in is used at once
        except Exception as exc:  # the keychain: try again later
            log.info("events: no token (%s)", exc)
            token = None
        if not token:
            return None if self._stop.is_set() else self.backoff.refused()
        headers = {
            "Authorization": f"Bearer {token}",
            "Accept": "text/event-stream",
            "X-Lastmile-Protocol": str(PROTOCOL),
            "X-Lastmile-Schema": str(schema_version()),
        }
        try:
            async with client.stream("GET", self.url, headers=headers) as response:
                if response.status_code in (404, 405):  # an older server: polling only
                    log.info("events: the server has no event stream; polling")
                    return self.backoff.refused()
                if response.status_code != 200:
                    log.info("events: server answered %s", response.status_code)
                    return (
                        self.backoff.refused()
                        if response.status_code in (401, 403, 426)
                        else self.backoff.failed()
                    )
                async with contextlib.aclosing(response.aiter_lines()) as lines:
                    async for event, data in _parse(lines):
                        if self._stop.is_set():
                            return None
                        if event == "ready":
                            self.backoff.succeeded()
                            self.connected = True
                            self._tell(self.on_state, True)
                            # what was committed while we were not listening
                            self._tell(self.on_poke, heads_of(data))
                        elif event == "poke":
                            self._tell(self.on_poke, heads_of(data))
                        elif event == "signed-out":
                            return self.backoff.refused()
        except (httpx.HTTPError, OSError) as exc:
            if self._stop.is_set():
                return None
            log.info("events: stream lost (%s)", exc.__class__.__name__)
            return self.backoff.failed()
        except Exception as exc:  # never a traceback: polling goes on
            if self._stop.is_set():
                return None
            log.warning("events: %s", exc)
            return self.backoff.failed()
        # the server ended the stream (its lifetime): reconnect at once
        return None if self._stop.is_set() else 0.0
