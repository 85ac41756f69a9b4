"""Clocks: wall time for the application, fixed time for tests, and a hybrid logical clock."""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class FixedClock:
    """A clock that only moves when told to; for tests and demos."""

    def __init__(self, start: datetime) -> None:
        self._now = start

    def now(self) -> datetime:
        return self._now

    def advance(self, **delta: float) -> None:
        self._now += timedelta(**delta)

    def set(self, value: datetime) -> None:
        self._now = value


class HybridLogicalClock:
    """Hybrid logical clock (Kulkarni et al.): wall milliseconds plus a counter.

    Timestamps are strings that sort in causal order:
    ``<13-digit ms>-<5-digit counter>-<node>``.
    """

    def __init__(self, node: str, wall: Callable[[], datetime], last: str | None = None) -> None:
        self.node = node
        self._wall = wall
        self._lock = threading.Lock()
        self._ms = 0
        self._counter = 0
        if last:
            self._ms, self._counter = self.parse(last)[:2]

    @staticmethod
    def parse(stamp: str) -> tuple[int, int, str]:
        ms, counter, node = stamp.split("-", 2)
        return int(ms), int(counter), node

    def _format(self) -> str:
        return f"{self._ms:013d}-{self._counter:05d}-{self.node}"

    def tick(self) -> str:
        """A timestamp for a local event."""
        with self._lock:
            wall = int(self._wall().timestamp() * 1000)
            if wall > self._ms:
                self._ms, self._counter = wall, 0
            else:
                self._counter += 1
            return self._format()

    def observe(self, remote: str) -> str:
        """Merge a timestamp received from elsewhere; returns the new local timestamp."""
        r_ms, r_counter, _ = self.parse(remote)
        with self._lock:
            wall = int(self._wall().timestamp() * 1000)
            top = max(wall, self._ms, r_ms)
            if top == self._ms == r_ms:
                self._counter = max(self._counter, r_counter) + 1
            elif top == self._ms:
                self._counter += 1
            elif top == r_ms:
                self._counter = r_counter + 1
            else:
                self._counter = 0
            self._ms = top
            return self._format()
