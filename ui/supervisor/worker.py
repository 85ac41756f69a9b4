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

from PySide6.QtCore import QObject, Signal, SignalInstance

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
        self._thread = threading.Thread(target=self._run, name="supervisor-figures", daemon=True)
        self._thread.start()
        # the desk is deleted with the main window: the thread ends and closes its connection
        pending = self._queue
        self.destroyed.connect(lambda: pending.put(None))

    def request(
        self, changes: Changes | None = None, *, period: str | None = None, clock: bool = False
    ) -> None:
        self._queue.put(Request(changes, period, clock))

    def read(self, key: str, fn: Callable[[Any], Any]) -> None:
        """Run ``fn(connection)`` in the figures' thread; ``read_ready(key, result)``."""
        self._queue.put(Request(read=(key, fn)))

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
                reads = [i.read for i in items if i is not None and i.read is not None]
                items = [i for i in items if i is not None and i.read is None]
                for key, fn in reads:
                    self._read(figures, key, fn)
                if not items:
                    continue
                started = time.perf_counter()
                try:
                    now = self.now_ms()
                    for req in items:
                        assert req is not None
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
                        self._emit(self.ready, first)
                    snapshot = figures.snapshot(now)
                except UserFacingError as exc:
                    self._emit(self.failed, str(exc))
                    continue
                except db_errors() as exc:  # locked, damaged, gone: said, and tried again
                    figures.close()
                    figures.clear()
                    self._emit(self.failed, f"cannot read the figures: {exc}")
                    continue
                self.last_ms = (time.perf_counter() - started) * 1000
                snapshot["read_ms"] = self.last_ms
                self._emit(self.ready, snapshot)
        finally:
            figures.close()

    def _read(self, figures: FloorFigures, key: str, fn: Callable[[Any], Any]) -> None:
        try:
            result = fn(figures.conn)
        except UserFacingError as exc:
            self._emit(self.failed, str(exc))
            return
        except db_errors() as exc:
            figures.close()
            self._emit(self.failed, f"cannot read {key}: {exc}")
            return
        with contextlib.suppress(RuntimeError):
            self.read_ready.emit(key, result)

    @staticmethod
    def _emit(signal: SignalInstance, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            signal.emit(value)
