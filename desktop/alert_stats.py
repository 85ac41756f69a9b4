"""The detectors' statistics and counting for desktop/alerts.py (the method is stated there):
the Poisson and binomial upper tails, the arrival times of a scope and a rule's team from
the index contact_team_arrival and the two verdicts over a seasonal baseline."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from desktop.sentiment import NEGATIVE_AT

MINUTE, HOUR, DAY, WEEK = 60_000, 3_600_000, 86_400_000, 7 * 86_400_000
WINDOWS = (10 * MINUTE, HOUR)
WEEKS, DAYS = 4, 7
MIN_COUNT = 5
ALPHA = 0.001
RATIO = 2.0
LAMBDA_FLOOR = 0.5
SHARE_DAYS = 7
SHARE_MIN_CONTACTS = 20
EVIDENCE_IDS = 50


@dataclass
class Verdict:
    fired: bool
    window_ms: int
    observed: int
    baseline: float
    p_value: float
    extra: dict[str, Any] = field(default_factory=dict)


# -- statistics ------------------------------------------------------------------------------


def poisson_tail(x: int, lam: float) -> float:
    """P(X >= x) for X ~ Poisson(lam), summed in log space from x upwards."""
    if x <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    if x <= lam:
        return 1.0  # at or below the mean: nothing unusual (and the sum would be slow)
    log_term = -lam + x * math.log(lam) - math.lgamma(x + 1)
    if log_term < -700:  # below 1e-304: the sum would underflow term by term
        return 0.0
    total, i = 0.0, x
    while True:
        term = math.exp(log_term)
        total += term
        i += 1
        log_term += math.log(lam) - math.log(i)
        if term <= total * 1e-12 or i > x + 10_000:
            return min(1.0, total)


def binomial_tail(k: int, n: int, p: float) -> float:
    """P(K >= k) for K ~ Binomial(n, p)."""
    if k <= 0:
        return 1.0
    if k > n or p <= 0:
        return 0.0
    if p >= 1:
        return 1.0
    log_p, log_q = math.log(p), math.log1p(-p)
    base = math.lgamma(n + 1)
    return min(
        1.0,
        sum(
            math.exp(
                base - math.lgamma(i + 1) - math.lgamma(n - i + 1) + i * log_p + (n - i) * log_q
            )
            for i in range(k, n + 1)
        ),
    )


# -- counting --------------------------------------------------------------------------------

# one channel and one team per range scan (contact_team_arrival, migration 0033: covering)
VOLUME_SQL = (
    "SELECT received_at FROM contact WHERE channel = ? AND team = ? AND received_at >= ? "
    "AND received_at < ?"
)
NEGATIVE_SQL = (
    "SELECT received_at FROM contact WHERE channel = ? AND team = ? AND received_at >= ? "
    f"AND received_at < ? AND sentiment <= {NEGATIVE_AT}"
)
TEXT_SQL = (
    "SELECT received_at, subject, preview FROM contact WHERE channel = ? AND team = ? "
    "AND received_at >= ? AND received_at < ?"
)
# the teams a channel's contacts belong to: one index seek per team (a loose index scan)
TEAMS_SQL = (
    "WITH RECURSIVE t(team) AS (SELECT (SELECT min(team) FROM contact WHERE channel = ?1) "
    "UNION ALL SELECT (SELECT min(team) FROM contact WHERE channel = ?1 AND team > t.team) "
    "FROM t WHERE t.team IS NOT NULL) SELECT team FROM t WHERE team IS NOT NULL"
)


def word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    alternatives = "|".join(re.escape(w.strip().lstrip("#@").lower()) for w in words if w.strip())
    return re.compile(rf"(?<![\w])[#@]?(?:{alternatives})(?![\w])", re.IGNORECASE)


class Counter:
    """Arrival times in a scope (channels, optionally words) of a rule's team: one range
    scan per channel and team. A team's rule counts that team's contacts and those with no
    team yet (''); a rule of no team (made on a desktop without a server, or not synced
    yet) counts every contact."""

    def __init__(
        self, conn: Any, channels: tuple[str, ...], words: tuple[str, ...] = (), team: str = ""
    ) -> None:
        self.conn = conn
        self.channels = channels
        self.pattern = word_pattern(words) if words else None
        self.team = team
        self._teams: dict[str, tuple[str, ...]] = {}

    def teams(self, channel: str) -> tuple[str, ...]:
        """The teams whose contacts count on this channel."""
        if self.team:
            return (self.team, "")
        if channel not in self._teams:
            self._teams[channel] = tuple(t for (t,) in self.conn.execute(TEAMS_SQL, (channel,)))
        return self._teams[channel]

    def _scopes(self) -> Iterable[tuple[str, str]]:
        return ((c, t) for c in self.channels for t in self.teams(c))

    def times(self, lo: int, hi: int, *, negative: bool = False) -> list[int]:
        out: list[int] = []
        for channel, team in self._scopes():
            if self.pattern is not None:
                out.extend(
                    at
                    for at, subject, preview in self.conn.execute(TEXT_SQL, (channel, team, lo, hi))
                    if self.pattern.search(f"{subject} {preview}")
                )
            else:
                sql = NEGATIVE_SQL if negative else VOLUME_SQL
                out.extend(at for (at,) in self.conn.execute(sql, (channel, team, lo, hi)))
        return out

    def count(self, lo: int, hi: int, *, negative: bool = False) -> int:
        if self.pattern is not None:
            return len(self.times(lo, hi))
        sql = (NEGATIVE_SQL if negative else VOLUME_SQL).replace(
            "SELECT received_at", "SELECT count(*)"
        )
        return sum(self.conn.execute(sql, (c, t, lo, hi)).fetchone()[0] for c, t in self._scopes())

    def first_seen(self) -> int | None:
        found = [
            row[0]
            for c, t in self._scopes()
            if (
                row := self.conn.execute(
                    "SELECT min(received_at) FROM contact WHERE channel = ? AND team = ?", (c, t)
                ).fetchone()
            )[0]
            is not None
        ]
        return min(found) if found else None

    def ids(self, lo: int, hi: int, *, negative: bool = False) -> list[str]:
        """The evidence: the newest contacts of the window first (at most EVIDENCE_IDS)."""
        clause = f" AND sentiment <= {NEGATIVE_AT}" if negative else ""
        out: list[tuple[int, str]] = []
        for channel, team in self._scopes():
            rows = self.conn.execute(
                "SELECT received_at, id, subject, preview FROM contact WHERE channel = ? "
                f"AND team = ? AND received_at >= ? AND received_at < ?{clause}",
                (channel, team, lo, hi),
            )
            out.extend(
                (at, cid)
                for at, cid, subject, preview in rows
                if self.pattern is None or self.pattern.search(f"{subject} {preview}")
            )
        out.sort(reverse=True)
        return [cid for _at, cid in out[:EVIDENCE_IDS]]


# -- detectors -------------------------------------------------------------------------------


def _in(times: list[int], lo: int, hi: int) -> int:
    return sum(1 for t in times if lo <= t < hi)


def volume_verdict(counter: Counter, now: int, ratio: float = RATIO) -> Verdict | None:
    """The most significant window's verdict (None: not enough history to judge)."""
    first = counter.first_seen()
    longest = max(WINDOWS)
    if first is None or first > now - longest - DAY:
        return None
    current = counter.times(now - longest, now)
    weekly = [j * WEEK for j in range(1, WEEKS + 1) if now - j * WEEK - longest >= first]
    offsets = (
        weekly
        if len(weekly) >= 2
        else [j * DAY for j in range(1, DAYS + 1) if now - j * DAY - longest >= first]
    )
    past = [counter.times(now - off - longest, now - off) for off in offsets]
    best: Verdict | None = None
    for window in WINDOWS:
        observed = _in(current, now - window, now)
        lam = max(
            LAMBDA_FLOOR,
            sum(_in(p, now - off - window, now - off) for p, off in zip(past, offsets, strict=True))
            / len(offsets),
        )
        p = poisson_tail(observed, lam)
        verdict = Verdict(
            observed >= MIN_COUNT and observed >= ratio * lam and p < ALPHA,
            window,
            observed,
            round(lam, 3),
            p,
            {
                "baseline_of": "hour of week" if offsets is weekly else "hour of day",
                "periods": len(offsets),
            },
        )
        if best is None or (verdict.fired, -verdict.p_value) > (best.fired, -best.p_value):
            best = verdict
    return best


def negativity_verdict(counter: Counter, now: int, ratio: float = RATIO) -> Verdict | None:
    longest = max(WINDOWS)
    start = now - longest - SHARE_DAYS * DAY
    total = counter.count(start, now - longest)
    if total < SHARE_MIN_CONTACTS:
        return None
    negatives = counter.count(start, now - longest, negative=True)
    p0 = (negatives + 1) / (total + 2)
    everyone = counter.times(now - longest, now)
    negative = counter.times(now - longest, now, negative=True)
    best: Verdict | None = None
    for window in WINDOWS:
        n, k = _in(everyone, now - window, now), _in(negative, now - window, now)
        p = binomial_tail(k, n, p0)
        share = k / n if n else 0.0
        verdict = Verdict(
            k >= MIN_COUNT and share >= min(ratio * p0, (1 + p0) / 2) and p < ALPHA,
            window,
            k,
            round(p0, 4),
            p,
            {"contacts": n, "share": round(share, 4), "baseline_contacts": total},
        )
        if best is None or (verdict.fired, -verdict.p_value) > (best.fired, -best.p_value):
            best = verdict
    return best
