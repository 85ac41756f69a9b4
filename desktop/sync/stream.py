"""The server's poke (``GET /v1/events``, Server-Sent Events): "your team's change log
moved, pull now". Runs on its own thread; no Qt (the window turns ``on_poke`` into a
signal). Reconnects with backoff and never raises: while the stream is down the
window's regular polling goes on, so a missing stream only costs latency.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable, Iterable, Iterator
from typing import Any

from desktop.sync.backoff import Backoff
from desktop.sync.transport import PROTOCOL, _tls_context
from desktop.training.guard import ensure_live
from models.database import schema_version

log = logging.getLogger("lastmile.sync")

READ_TIMEOUT_S = 45.0  # the server sends a comment every 15 s


def parse(lines: Iterable[str]) -> Iterator[tuple[str, str]]:
    """(event, data) for each event of an SSE stream (comments and ``retry:`` skipped)."""
    event = ""
    data: list[str] = []
    for line in lines:
        if not line:
            if data or event:
                yield event or "message", "\n".join(data)
            event, data = "", []
            continue
        if line.startswith(":"):
            continue
        name, _, value = line.partition(":")
        value = value.removeprefix(" ")
        if name == "event":
            event = value
        elif name == "data":
            data.append(value)


class EventStream:
    """Keeps ``GET {server}/v1/events`` open and calls ``on_poke`` for each poke (and once
    on every (re)connection: what was committed while it was down)."""

    def __init__(
        self,
        server: str,
        token: Callable[[], str | None],
        on_poke: Callable[[], None],
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
        self._thread: threading.Thread | None = None
        self._response: Any = None
        self.connected = False
        self.backoff = Backoff(interval=0.0, first_retry=1.0, maximum=60.0)

    def start(self) -> None:
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name="lastmile-events", daemon=True)
        self._thread.start()

    def stop(self, wait: float = 2.0) -> None:
        self._stop.set()
        response = self._response
        if response is not None:
            with contextlib.suppress(Exception):  # closing a broken stream
                response.close()  # unblocks the read
        if self._thread is not None:
            self._thread.join(wait)

    def _tell(self, callback: Callable[..., None], *args: Any) -> None:
        """A callback, never after stop() (its receiver may be gone) and never raising."""
        if self._stop.is_set():
            return
        try:
            callback(*args)
        except Exception as exc:  # the window's side went away: not a traceback
            log.debug("events: callback failed: %s", exc)

    def _run(self) -> None:
        import httpx

        timeout = httpx.Timeout(10.0, read=READ_TIMEOUT_S)
        with httpx.Client(timeout=timeout, verify=_tls_context()) as client:
            while not self._stop.is_set():
                delay = self._once(client, httpx)
                if self.connected:
                    self.connected = False
                    self._tell(self.on_state, False)
                if delay is None:
                    return
                self._stop.wait(delay)

    def _once(self, client: Any, httpx: Any) -> float | None:
        """One connection; the seconds to wait before the next (None: stop)."""
        try:
            token = self._token()
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
            with client.stream("GET", self.url, headers=headers) as response:
                self._response = response
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
                for event, _data in parse(response.iter_lines()):
                    if self._stop.is_set():
                        return None
                    if event == "ready":
                        self.backoff.succeeded()
                        self.connected = True
                        self._tell(self.on_state, True)
                        self._tell(self.on_poke)  # changes made while we were not listening
                    elif event == "poke":
                        self._tell(self.on_poke)
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
        finally:
            self._response = None
        # the server ended the stream (its lifetime): reconnect at once
        return None if self._stop.is_set() else 0.0
