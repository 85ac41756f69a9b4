"""When to try a server again (the sync server, or a mail server): a steady interval
while it answers, exponential backoff with jitter while it does not (so fifty desktops
coming back online do not knock at the same instant). No Qt: the window's timer asks this
object for its next delay; the mail connectors of the desktop and of the sync server
(models/imap.py) use it too."""

from __future__ import annotations

import random
from collections.abc import Callable


class Backoff:
    def __init__(
        self,
        *,
        interval: float = 15.0,
        first_retry: float = 2.0,
        maximum: float = 300.0,
        jitter: float = 0.2,
        rng: Callable[[], float] = random.random,
    ) -> None:
        self.interval = interval
        self.first_retry = first_retry
        self.maximum = maximum
        self.jitter = jitter
        self.failures = 0
        self._rng = rng

    def _spread(self, delay: float) -> float:
        return delay * (1 - self.jitter + 2 * self.jitter * self._rng())

    def succeeded(self) -> float:
        """Seconds until the next regular sync."""
        self.failures = 0
        return self.interval

    def failed(self) -> float:
        """Seconds until the next attempt after the server could not be reached."""
        self.failures += 1
        delay = min(self.maximum, self.first_retry * 2 ** min(self.failures - 1, 30))
        return min(self.maximum, self._spread(delay))

    def refused(self) -> float:
        """Signed out or the program must be updated: only try again rarely."""
        self.failures += 1
        return self.maximum
