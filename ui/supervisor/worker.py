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


class FiguresWorker(QObject):
    ready = Signal(object)  # the snapshot (a dict of plain data)
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
                    figures.cache.clear()
                    self._emit(self.failed, f"cannot read the figures: {exc}")
                    continue
                self.last_ms = (time.perf_counter() - started) * 1000
                snapshot["read_ms"] = self.last_ms
                self._emit(self.ready, snapshot)
        finally:
            figures.close()

    @staticmethod
    def _emit(signal: SignalInstance, value: object) -> None:
        with contextlib.suppress(RuntimeError):  # the window closed meanwhile
            signal.emit(value)
