"""Social listening alarms (issue 13): negativity spikes, volume and keyword buzz, influencers.

Alert rules are team data (table ``alert_rule``, synced as team settings, desktop/ops/alerts.py).
This module evaluates them over the local contacts; no Qt, no network.

Method
- Windows: each spike rule looks at two windows ending at the evaluation time t, 10 and 60
  minutes (a sharp burst shows in the short one within a minute, a slow rise in the long one).
- Volume (``volume_spike``; ``keyword``, and ``volume_spike --keyword``: the contacts whose
  subject or opening text, as stored in the contact's preview, holds one of the words, as a
  word, case-insensitive, with or without # and @): x = contacts in [t - W, t). Seasonal
  baseline: the same window on the same weekday of each of the 4 previous weeks (hour of
  week: Monday 09:00 is compared with earlier Mondays 09:00, so the daily and the weekly
  cycle are in the baseline); with fewer than 2 of those weeks inside the scope's history,
  the same window on each of the 7 previous days (hour of day). lambda = the mean of those
  counts, at least 0.5. It fires when x >= 5 (one angry message never fires), x >= ratio *
  lambda (``threshold``, default 2: "well above") and the Poisson upper tail
  P(X >= x | lambda) < 0.001. With less than a day of history in the scope there is no
  verdict: the first import of a new workspace is not a spike.
- Negativity (``negativity_spike``): n contacts in the window, k negative (sentiment <= -0.05,
  desktop/sentiment.py). Its own baseline: the share p0 = (negatives + 1) / (contacts + 2)
  over the 7 days before the 60-minute window (at least 20 contacts, else no verdict). It
  fires when k >= 5, k / n >= min(ratio * p0, (1 + p0) / 2) and the binomial upper tail
  P(K >= k | n, p0) < 0.001.
- Influencer: a contact whose author's reach (the record's followers or the customer's kept
  reach) is >= ``threshold`` (default models/protocol/vocabulary.INFLUENCER_FOLLOWERS) or whose
  handle is on the rule's watch list ("joan" any network, "twitter:joan" one): one alert per
  contact, and it is routed ahead (priority 3, 90 minutes ahead in the blended queue; set
  at intake, so the server and every desktop have it).
- Scopes: a rule with a channel watches that channel; without one, ``negativity_spike`` and
  ``volume_spike`` watch each channel on its own and ``keyword`` all channels together.
- Teams: a rule belongs to a team (``alert_rule.team``) and counts that team's contacts
  (``contact.team``; an account in several teams has every team's contacts here) and those
  with no team yet ('' : received here and not synced yet, or a desktop without a server),
  its baseline included; an influencer rule fires on its team's contacts the same way. A
  rule of no team ('' : made here and not synced yet, or no server) counts every contact.

Alert ids are derived from (rule, scope, hour of t): one alert per rule, scope and hour, and
an episode going on past the hour fires again only 60 minutes after its last alert. Each
alert's ``detail`` holds its evidence: the rule, the scope, the window, the observed figure,
the baseline, the p-value and the contact ids. Alerts are for the team's supervisors and
admins (``notify_id`` NULL); the contact an alert points at gets a history line.

Acknowledging (desktop/ops/alerts.py ``acknowledge``, intent ``alert.ack``) is kept for the
team by the server and pulled by every desktop of it (:func:`write_ack`): since the same
alert has the same id everywhere, an acknowledgement that arrives before this desktop raised
the alert is kept in ``alert_ack``, and the alert is born acknowledged (migration 0033's
trigger, whichever code inserts it).

When: on arrival (desktop/intake.py's chunk, in its transaction, for the scopes that got a
contact received in the last hour, ``lastmile import`` included) and in the minute sweep
(desktop/automation.minute_sweep: every rule, every scope; it catches contacts that came by
sync). Both run off the UI thread. Each evaluation is a few index range scans per scope
and team (contact_team_arrival, migration 0033, covering: channel, team, arrival time,
sentiment); benchmarks/alerts_bench.py measures them at 1M.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from desktop.alert_stats import (
    ALPHA,
    DAY,
    HOUR,
    MIN_COUNT,
    MINUTE,
    NEGATIVE_SQL,
    RATIO,
    SHARE_DAYS,
    TEXT_SQL,
    VOLUME_SQL,
    WEEK,
    WEEKS,
    WINDOWS,
    Counter,
    Verdict,
    binomial_tail,
    negativity_verdict,
    poisson_tail,
    volume_verdict,
)
from models.base import derived_id
from models.protocol.vocabulary import CHANNELS, INFLUENCER_FOLLOWERS

INFLUENCER_PRIORITY = 3
SPIKES = ("negativity_spike", "volume_spike", "keyword")
__all__ = [
    "ALPHA",
    "DAY",
    "HOUR",
    "MINUTE",
    "MIN_COUNT",
    "NEGATIVE_SQL",
    "RATIO",
    "SHARE_DAYS",
    "TEXT_SQL",
    "VOLUME_SQL",
    "WEEK",
    "WEEKS",
    "WINDOWS",
    "AlertRuleSpec",
    "Arrival",
    "binomial_tail",
    "check_spike",
    "evaluate",
    "load_rules",
    "poisson_tail",
    "sweep",
    "write_ack",
]


@dataclass(frozen=True)
class AlertRuleSpec:
    id: str
    kind: str
    channel: str = ""
    keywords: tuple[str, ...] = ()
    watch: tuple[str, ...] = ()
    threshold: float | None = None
    team: str = ""

    @property
    def ratio(self) -> float:
        return float(self.threshold) if self.threshold else RATIO

    @property
    def followers(self) -> int:
        return int(self.threshold) if self.threshold else INFLUENCER_FOLLOWERS

    def scopes(self, channels: Iterable[str] | None = None) -> list[tuple[str, tuple[str, ...]]]:
        """(scope name, its channels) this rule watches, limited to ``channels`` if given."""
        wanted = set(CHANNELS if channels is None else channels)
        if self.channel:
            return [(self.channel, (self.channel,))] if self.channel in wanted else []
        if self.kind == "keyword" or (self.kind == "volume_spike" and self.keywords):
            return [("all", CHANNELS)] if wanted else []
        return [(c, (c,)) for c in CHANNELS if c in wanted]

    def summary(self) -> str:
        """The rule in one line (lastmile alert-rule list)."""
        parts = [self.kind, f"on {self.channel}" if self.channel else "on every channel"]
        if self.keywords:
            parts.append("words: " + ", ".join(self.keywords))
        if self.watch:
            parts.append("watching: " + ", ".join(self.watch))
        if self.kind == "influencer":
            parts.append(f"reach >= {self.followers:,}")
        else:
            parts.append(f"{self.ratio:g}x the baseline")
        return "; ".join(parts)


@dataclass(frozen=True)
class Arrival:
    """A contact just stored, as the influencer check reads it."""

    contact_id: str
    customer_id: str
    channel: str
    received_ms: int
    followers: int = 0
    handles: tuple[str, ...] = ()  # normalized: network:handle
    team: str = ""  # the contact's team ('' : none yet, counts for every rule)


def load_rules(conn: Any) -> list[AlertRuleSpec]:
    return [
        AlertRuleSpec(
            rid,
            kind,
            channel or "",
            tuple(json.loads(words or "[]")),
            tuple(json.loads(watch or "[]")),
            threshold,
            team or "",
        )
        for rid, kind, channel, words, watch, threshold, team in conn.execute(
            "SELECT id, kind, channel, keywords, watch, threshold, team FROM alert_rule "
            "ORDER BY created_at, id"
        )
    ]


# -- raising alerts --------------------------------------------------------------------------


def _say(rule: AlertRuleSpec, scope: str, v: Verdict) -> str:
    minutes = v.window_ms // MINUTE
    where = "all channels" if scope == "all" else scope
    if rule.kind == "negativity_spike":
        return (
            f"Negativity spike on {where}: {v.observed} of {v.extra['contacts']} negative in "
            f"{minutes} min ({v.extra['share']:.0%}; usually {v.baseline:.0%})"
        )
    words = f" mentioning {', '.join(rule.keywords)}" if rule.keywords else ""
    what = "Keyword chatter" if rule.kind == "keyword" else "Volume spike"
    return (
        f"{what} on {where}{words}: {v.observed} in {minutes} min "
        f"(usually {v.baseline:g} at this hour)"
    )


def _insert(
    conn: Any,
    alert_id: str,
    kind: str,
    contact_id: str | None,
    now: int,
    summary: str,
    detail: dict[str, Any],
) -> int:
    cursor = conn.execute(
        "INSERT OR IGNORE INTO alert (id, kind, contact_id, at, summary, detail, notify_id, state) "
        "SELECT ?, ?, ?, ?, ?, ?, NULL, 'open' WHERE ? IS NULL OR EXISTS "
        "(SELECT 1 FROM contact WHERE id = ?)",
        (alert_id, kind, contact_id, now, summary, json.dumps(detail), contact_id, contact_id),
    )
    if cursor.rowcount and contact_id:
        conn.execute(
            "INSERT OR IGNORE INTO event (id, customer_id, contact_id, at, channel, kind, "
            "subject, body, data) SELECT ?, customer_id, id, ?, channel, 'alert', ?, '', ? "
            "FROM contact WHERE id = ?",
            (
                derived_id(alert_id, "history"),
                now,
                summary[:255],
                json.dumps({"alert_id": alert_id, "kind": kind}),
                contact_id,
            ),
        )
    return int(cursor.rowcount > 0)


def check_spike(
    conn: Any, rule: AlertRuleSpec, scope: str, channels: tuple[str, ...], now: int
) -> int:
    bucket = now // HOUR
    alert_id = derived_id(rule.id, f"{scope}:{bucket}")
    # alerted already in this hour, or less than an hour ago: the same episode, and no
    # need to count again (while a spike lasts, every arrival would recount it)
    # An acknowledgement pulled from the team counts as that alert: a colleague's desktop
    # may have raised the episode in the hour before this one (ids are per hour of
    # detection, and contacts reach desktops at different times) and acknowledged it.
    for (at,) in conn.execute(
        "SELECT at FROM alert WHERE id IN (?, ?) UNION ALL "
        "SELECT at FROM alert_ack WHERE alert_id IN (?, ?)",
        (alert_id, previous := derived_id(rule.id, f"{scope}:{bucket - 1}"), alert_id, previous),
    ):
        if at > now - HOUR:
            return 0
    counter = Counter(
        conn, channels, rule.keywords if rule.kind != "negativity_spike" else (), rule.team
    )
    if rule.kind == "negativity_spike":
        verdict = negativity_verdict(counter, now, rule.ratio)
    else:
        verdict = volume_verdict(counter, now, rule.ratio)
    if verdict is None or not verdict.fired:
        return 0
    negative = rule.kind == "negativity_spike"
    ids = counter.ids(now - verdict.window_ms, now, negative=negative)
    detail = {
        "rule_id": rule.id,
        "scope": scope,
        "window_minutes": verdict.window_ms // MINUTE,
        "from": now - verdict.window_ms,
        "to": now,
        "observed": verdict.observed,
        "baseline": verdict.baseline,
        "p_value": float(f"{verdict.p_value:.3g}"),
        "threshold": rule.ratio,
        "method": "binomial tail over the 7-day negative share"
        if negative
        else "Poisson tail over a seasonal baseline",
        **verdict.extra,
        "contact_ids": ids,
    }
    if rule.keywords:
        detail["keywords"] = list(rule.keywords)
    return _insert(
        conn, alert_id, rule.kind, ids[0] if ids else None, now, _say(rule, scope, verdict), detail
    )


def watched(rule: AlertRuleSpec, handles: Iterable[str]) -> str | None:
    """The watch-list entry an author's handle matches, if any."""
    for entry in rule.watch:
        wanted = entry.strip().lstrip("@").lower()
        for handle in handles:
            network, _, name = handle.partition(":")
            if wanted in (handle, name) or wanted == f"{network}:{name}":
                return entry
    return None


def counts_for(rule: AlertRuleSpec, team: str) -> bool:
    """Whether a contact of ``team`` counts for this rule (module docstring: Teams)."""
    return not rule.team or not team or rule.team == team


def influencer_rule(
    rules: list[AlertRuleSpec],
    followers: int,
    handles: Iterable[str],
    channel: str,
    team: str = "",
) -> AlertRuleSpec | None:
    """The first influencer rule this author matches (the intake routes them ahead)."""
    handles = tuple(handles)
    for rule in rules:
        if (
            rule.kind == "influencer"
            and (not rule.channel or rule.channel == channel)
            and counts_for(rule, team)
            and (followers >= rule.followers or watched(rule, handles))
        ):
            return rule
    return None


def check_influencers(
    conn: Any, rules: list[AlertRuleSpec], arrivals: list[Arrival], now: int
) -> int:
    made = 0
    for arrival in arrivals:
        rule = influencer_rule(
            rules, arrival.followers, arrival.handles, arrival.channel, arrival.team
        )
        if rule is None:
            continue
        entry = watched(rule, arrival.handles)
        who = ", ".join(arrival.handles) or "an author"
        why = f"on the watch list ({entry})" if entry else f"{arrival.followers:,} followers"
        made += _insert(
            conn,
            derived_id(rule.id, arrival.contact_id),
            "influencer",
            arrival.contact_id,
            now,
            f"Influencer on {arrival.channel}: {who}, {why}",
            {
                "rule_id": rule.id,
                "followers": arrival.followers,
                "threshold": rule.followers,
                "watch": entry,
                "handles": list(arrival.handles),
                "contact_ids": [arrival.contact_id],
                "received_at": arrival.received_ms,
            },
        )
    return made


def evaluate(
    conn: Any,
    *,
    now_ms: int,
    arrivals: list[Arrival] | None = None,
    rules: list[AlertRuleSpec] | None = None,
) -> dict[str, int]:
    """Raise the alerts the rules call for at ``now_ms``; returns how many per kind.

    With ``arrivals`` (on arrival): the influencer check for them and the spike rules for
    the scopes they touched, if they arrived within the last hour. Without (the sweep):
    every spike rule in every scope."""
    rules = load_rules(conn) if rules is None else rules
    counts = dict.fromkeys((*SPIKES, "influencer"), 0)
    if not rules:
        return counts
    channels: set[str] | None = None
    if arrivals is not None:
        counts["influencer"] = check_influencers(conn, rules, arrivals, now_ms)
        channels = {a.channel for a in arrivals if a.received_ms > now_ms - HOUR}
        if not channels:
            return counts
    for rule in rules:
        if rule.kind in SPIKES:
            for scope, scoped in rule.scopes(channels):
                counts[rule.kind] += check_spike(conn, rule, scope, scoped, now_ms)
    return counts


def arrivals_of(conn: Any, contact_ids: list[str]) -> list[Arrival]:
    """Arrivals read back from the database (the reach kept, the customer's handles). The
    handles by customer (identity_customer_id): '+kind' keeps SQLite off the (kind, value)
    index, which would scan every handle of the workspace per contact."""
    out: list[Arrival] = []
    for start in range(0, len(contact_ids), 900):
        part = contact_ids[start : start + 900]
        marks = ",".join("?" * len(part))
        rows = conn.execute(
            "SELECT c.id, c.customer_id, c.channel, c.received_at, cu.reach, c.team, "
            "(SELECT group_concat(i.value, ' ') FROM identity i WHERE i.customer_id = "
            "c.customer_id AND +i.kind = 'handle') FROM contact c "
            f"LEFT JOIN customer cu ON cu.id = c.customer_id WHERE c.id IN ({marks})",
            part,
        )
        out.extend(
            Arrival(
                cid,
                cust or "",
                channel,
                at,
                int(reach or 0),
                tuple((handles or "").split()),
                team or "",
            )
            for cid, cust, channel, at, reach, team, handles in rows
        )
    return out


def sweep(conn: Any, *, now_ms: int) -> dict[str, int]:
    """The minute sweep: every spike rule in every scope, and the influencer check for the
    contacts received in the last hour (those that came by sync had no intake here)."""
    rules = load_rules(conn)
    if not rules:
        return dict.fromkeys((*SPIKES, "influencer"), 0)
    counts = evaluate(conn, now_ms=now_ms, rules=rules)
    if any(r.kind == "influencer" for r in rules):
        marks = ",".join("?" * len(CHANNELS))
        recent = [
            cid
            for (cid,) in conn.execute(
                f"SELECT id FROM contact WHERE channel IN ({marks}) AND received_at >= ? "
                "AND received_at <= ? LIMIT 5000",
                (*CHANNELS, now_ms - HOUR, now_ms),
            )
        ]
        counts["influencer"] = check_influencers(conn, rules, arrivals_of(conn, recent), now_ms)
    return counts


# -- acknowledgements --------------------------------------------------------------------------

ACKED_DETAIL = (
    "json_set(CASE WHEN json_valid(detail) THEN detail ELSE '{}' END, '$.acknowledged_by', ?, "
    "'$.acknowledged_by_id', ?, '$.acknowledged_at', ?)"
)


def write_ack(conn: Any, alert_id: str, *, by_id: str | None, by: str, at: int) -> None:
    """An alert acknowledged (here, or for the team and pulled): who and when go into its
    detail. Kept in ``alert_ack`` too, so that an alert this desktop raises only later is
    born acknowledged; the latest written wins (the server's order: last writer by HLC)."""
    conn.execute(
        "INSERT INTO alert_ack (alert_id, by_id, by_name, at) VALUES (?, ?, ?, ?) "
        "ON CONFLICT(alert_id) DO UPDATE SET by_id = excluded.by_id, "
        "by_name = excluded.by_name, at = excluded.at",
        (alert_id, by_id, by, at),
    )
    conn.execute(
        f"UPDATE alert SET state = 'acknowledged', detail = {ACKED_DETAIL} WHERE id = ?",
        (by, by_id, at, alert_id),
    )
