"""The desk's figures are read in a thread of their own, on a connection of their own
(desktop/supervisor.py): the window never waits for them. Requests that pile up while a
snapshot is being read are merged into one.

When sections read from the counters (``FIRST``: open work, agents, tasks, volume) and
others are stale together, a first snapshot of those few is sent at once (``partial``:
True) and the whole one follows from the same thread: the desk shows its counts in
milliseconds at any size, and the percentiles, ages and lists a moment later."""

from __future__ import annotations

import contextlib
import logging
import queue
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from desktop.changes import Changes
from desktop.errors import UserFacingError
from desktop.supervisor import FIRST, SECTIONS, FloorFigures, db_errors

log = logging.getLogger("lastmile.supervisor")
CLOCK_SECTIONS = ("backlog", "today", "complaints", "unanswered", "tasks", "volume")


@dataclass
class Request:
    changes: Changes | None = None
    period: str | None = None
    clock: bool = False  # time moved on: ages, SLA states and "today" are recounted
    # a read of the desk's other views (audit, influencers): (key, fn(connection) -> rows)
    read: tuple[str, Callable[[Any], Any]] | None = None


class FiguresWorker(QObject):
    POLL_MS = 10  # how often the UI thread looks for results while requests are out
    ready = Signal(object)  # the snapshot (a dict of plain data)
    read_ready = Signal(str, object)  # a read's key and its result
    failed = Signal(str)

    def __init__(
        self,
        path: Path,
        now_ms: Callable[[], int],
        timezone: str = "UTC",
        period: str = "7 days",
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.path = path
        self.now_ms = now_ms
        self.timezone = timezone
        self.period = period
        self.last_ms: float | None = None  # how long the last snapshot took
        self._queue: queue.Queue[Request | None] = queue.Queue()
        # (signal name, arguments) for the UI thread, and how many requests are not yet
        # answered: the drain timer runs while there are
        self._out: queue.SimpleQueue[tuple[str, tuple[Any, ...]]] = queue.SimpleQueue()
        self._lock = threading.Lock()
        self._in_flight = 0
        self._poll = QTimer(self)
        self._poll.setInterval(self.POLL_MS)
        self._poll.timeout.connect(self._drain)
        self._thread = threading.Thread(target=self._run, name="supervisor-figures", daemon=True)
        self._thread.start()
        # the desk is deleted with the main window: the thread ends and closes its connection
        pending = self._queue
        self.destroyed.connect(lambda: pending.put(None))

    def request(
        self, changes: Changes | None = None, *, period: str | None = None, clock: bool = False
    ) -> None:
        self._send(Request(changes, period, clock))

    def read(self, key: str, fn: Callable[[Any], Any]) -> None:
        """Run ``fn(connection)`` in the figures' thread; ``read_ready(key, result)``."""
        self._send(Request(read=(key, fn)))

    def _send(self, request: Request) -> None:  # UI thread
        with self._lock:
            self._in_flight += 1
        if not self._poll.isActive():
            self._poll.start()
        self._queue.put(request)

    def _drain(self) -> None:
        """Emit what the figures' thread answered (UI thread), in order."""
        with self._lock:
            idle = self._in_flight == 0  # then every answer is in the queue already
        while True:
            try:
                name, args = self._out.get_nowait()
            except queue.Empty:
                break
            with contextlib.suppress(RuntimeError):  # the window closed meanwhile
                getattr(self, name).emit(*args)
        if idle:
            self._poll.stop()

    def _answered(self, n: int) -> None:  # the figures' thread, after its answers are out
        with self._lock:
            self._in_flight -= n

    def stop(self) -> None:
        self._queue.put(None)
        self._thread.join(timeout=5)

    def _run(self) -> None:
        figures = FloorFigures(self.path, timezone=self.timezone, period=self.period)
        try:
            while True:
                item = self._queue.get()
                items = [item]
                while True:  # everything that came meanwhile, in one snapshot
                    try:
                        items.append(self._queue.get_nowait())
                    except queue.Empty:
                        break
                if any(i is None for i in items):
                    return
                try:
                    self._answer(figures, [i for i in items if i is not None])
                finally:
                    self._answered(len(items))
        finally:
            figures.close()

    def _answer(self, figures: FloorFigures, items: list[Request]) -> None:
        """One batch of requests: the reads, then one snapshot for the rest."""
        reads = [i.read for i in items if i.read is not None]
        items = [i for i in items if i.read is None]
        for key, fn in reads:
            self._read(figures, key, fn)
        if not items:
            return
        started = time.perf_counter()
        try:
            now = self.now_ms()
            for req in items:
                if req.period:
                    figures.set_period(req.period, now)
                if req.changes is not None:
                    figures.invalidate(req.changes)
                if req.clock:
                    for name in CLOCK_SECTIONS:
                        figures.cache.pop(name, None)
            stale = {n for n in SECTIONS if n not in figures.cache}
            if stale & set(FIRST) and stale - set(FIRST):
                first = figures.snapshot(now, FIRST)
                first["partial"] = True
                first["read_ms"] = (time.perf_counter() - started) * 1000
                self._emit("ready", first)
            snapshot = figures.snapshot(now)
        except UserFacingError as exc:
            self._emit("failed", str(exc))
            return
        except db_errors() as exc:  # locked, damaged, gone: said, and tried again
            figures.close()
            figures.clear()
            self._emit("failed", f"cannot read the figures: {exc}")
            return
        self.last_ms = (time.perf_counter() - started) * 1000
        snapshot["read_ms"] = self.last_ms
        self._emit("ready", snapshot)

    def _read(self, figures: FloorFigures, key: str, fn: Callable[[Any], Any]) -> None:
        try:
            result = fn(figures.conn)
        except UserFacingError as exc:
            self._emit("failed", str(exc))
            return
        except db_errors() as exc:
            figures.close()
            self._emit("failed", f"cannot read {key}: {exc}")
            return
        self._emit("read_ready", key, result)

    def _emit(self, signal: str, *args: Any) -> None:
        """For the UI thread's drain (the figures' thread emits nothing itself)."""
        self._out.put((signal, args))
