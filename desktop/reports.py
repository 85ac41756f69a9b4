"""`lastmile report`: the supervisor desk's figures for a period, as CSV or a one-page PDF
(issue 13). The figures are desktop.supervisor's (trainees' work is never counted; a
training workspace gets no report). The PDF is painted by ui/report_pdf.py: this module
never imports Qt, so the command line hands it a writer (see ui/main.py)."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any, TextIO

from desktop.supervisor import FloorFigures

FORMATS = ("csv", "pdf")
# one row per figure: section, key, channel/agent, value
Row = tuple[str, str, str, Any]


def report_data(path: Path, period: str, now_ms: int, timezone: str = "UTC") -> dict[str, Any]:
    """Every section of the desk with ``period`` (``YYYY-MM-DD..YYYY-MM-DD``) as the period."""
    figures = FloorFigures(Path(path), timezone=timezone)
    try:
        figures.set_period(period, now_ms)
        return figures.snapshot(now_ms)
    finally:
        figures.close()


def _fmt(value: Any) -> Any:
    return round(value, 2) if isinstance(value, float) else ("" if value is None else value)


def rows(snap: dict[str, Any]) -> list[Row]:
    """The figures as flat rows (what the CSV holds)."""
    out: list[Row] = []
    b = snap["backlog"]
    for key in ("total", "unassigned", "breached", "waiting_on_customer", "oldest_minutes"):
        out.append(("backlog", key, "", _fmt(b[key])))
    for channel, n in b["by_channel"].items():
        out.append(("backlog", "by_channel", channel, n))
    for label, n in b["by_age"]:
        out.append(("backlog", "by_age", label, n))
    p = snap["period"]
    for key in ("met", "breached", "pending", "compliance"):
        out.append(("period", f"sla_{key}", "", _fmt(p["sla"][key])))
    for scope, table in (
        ("all", {"": p["all"]}),
        ("channel", p["by_channel"]),
        ("agent", p["by_agent"]),
    ):
        for name, entry in table.items():
            for measure in ("first_response", "resolution"):
                for stat in ("n", "median", "p90"):
                    out.append(
                        ("period", f"{scope}_{measure}_{stat}", name, _fmt(entry[measure][stat]))
                    )
    c = snap["complaints"]
    out.append(("complaints", "open", "", c["total"]))
    for row in c["oldest"]:
        out.append(
            (
                "complaints",
                "open_contact",
                row["id"],
                f"{row['age_minutes']:.0f} min, {row['assigned_to'] or 'unowned'}",
            )
        )
    t = snap["tasks"]
    for key in ("open", "overdue", "team", "team_overdue"):
        out.append(("tasks", key, "", t[key]))
    out.append(("unanswered", "unacknowledged", "", snap["unanswered"]["unacknowledged"]))
    return out


def write_csv(out: TextIO, header: Sequence[str], table: Iterable[Sequence[Any]]) -> int:
    """Any table of the desk as CSV (the header, then the rows); returns the rows written."""
    writer = csv.writer(out)
    writer.writerow(header)
    n = 0
    for row in table:
        writer.writerow([_fmt(v) for v in row])
        n += 1
    return n


# set by ui/main.py for the program (Qt is there); tests set it too
PdfWriter = Callable[[dict[str, Any], Path, str], None]
PDF_WRITER: PdfWriter | None = None


AUDIT_HEADER = ("at", "agent", "action", "entity", "entity_id", "detail")


def audit_rows(
    conn: Any,
    *,
    agent: str | None = None,
    kind: str | None = None,
    start_ms: int | None = None,
    end_ms: int | None = None,
    text: str | None = None,
    limit: int = 1000,
) -> list[tuple[Any, ...]]:
    """The audit log newest first, filtered by agent login, kind (a word of the action, e.g.
    ``claim``, ``reply``, ``assign``, ``merge``, ``export``), period [start, end) and text
    (in the entity id or the detail). Trainees' lines never appear. A data layer for the
    desk's audit view (ui/supervisor/audit.py)."""
    where = ["(a.role IS NULL OR a.role <> 'trainee')"]
    params: list[Any] = []
    if agent:
        where.append("a.login = ?")
        params.append(agent.strip().lower())
    if kind:
        where.append("instr(u.action, ?) > 0")
        params.append(kind.strip().lower())
    if start_ms is not None:
        where.append("u.at >= ?")
        params.append(start_ms)
    if end_ms is not None:
        where.append("u.at < ?")
        params.append(end_ms)
    if text:
        where.append("(instr(lower(u.detail), ?) > 0 OR instr(u.entity_id, ?) > 0)")
        params += [text.lower(), text]
    params.append(limit)
    return list(
        conn.execute(
            "SELECT u.at, coalesce(a.login, ''), u.action, u.entity, u.entity_id, u.detail "
            "FROM audit u LEFT JOIN agent a ON a.id = u.agent_id WHERE "
            + " AND ".join(where)
            + " ORDER BY u.seq DESC LIMIT ?",
            params,
        )
    )


AUDIT_ACTIONS = (
    "claim",
    "reply",
    "assign",
    "release",
    "set_status",
    "merge",
    "erase",
    "export",
    "update",
    "note",
)

INFLUENCER_HEADER = (
    "customer_id",
    "name",
    "reach",
    "networks",
    "watched",
    "posts_30d",
    "negative_30d",
    "mean_sentiment_30d",
    "last_post_at",
)


def influencer_rows(
    conn: Any, now_ms: int, *, min_reach: int = 1000, limit: int = 200
) -> list[tuple[Any, ...]]:
    """Customers by reach (the watched ones, marked influencer, whatever their reach; the
    others from ``min_reach``), each with their social networks and their last 30 days:
    posts, negative posts, mean sentiment (of the scored ones), the last post's time.
    Merged-away customers are left out (their contacts are the survivor's)."""
    people = conn.execute(
        "SELECT id, name, reach, influencer FROM customer WHERE merged_into IS NULL AND "
        "(influencer = 1 OR reach >= ?) ORDER BY reach DESC, name LIMIT ?",
        (min_reach, limit),
    ).fetchall()
    if not people:
        return []
    ids = [p[0] for p in people]
    marks = ",".join("?" * len(ids))
    networks: dict[str, set[str]] = {}
    for cid, network in conn.execute(
        f"SELECT customer_id, network FROM identity WHERE customer_id IN ({marks}) AND "
        "kind = 'handle'",
        ids,
    ):
        networks.setdefault(cid, set()).add(network or "social")
    since = now_ms - 30 * 86_400_000
    recent = {
        r[0]: r[1:]
        for r in conn.execute(
            "SELECT customer_id, count(*), sum(sentiment < -0.05), avg(sentiment), "
            f"max(received_at) FROM contact WHERE customer_id IN ({marks}) AND "
            "received_at >= ? AND direction = 'inbound' GROUP BY customer_id",
            (*ids, since),
        )
    }
    out = []
    for cid, name, reach, watched in people:
        n, negative, mean, last = recent.get(cid, (0, 0, None, None))
        out.append(
            (
                cid,
                name,
                int(reach or 0),
                ", ".join(sorted(networks.get(cid, ()))),
                bool(watched),
                int(n or 0),
                int(negative or 0),
                None if mean is None else round(float(mean), 3),
                last,
            )
        )
    return out


def influencer_posts(conn: Any, customer_id: str, limit: int = 20) -> list[tuple[Any, ...]]:
    """One customer's latest inbound contacts: (id, received_at, channel, subject, preview,
    sentiment), newest first."""
    return list(
        conn.execute(
            "SELECT id, received_at, channel, subject, preview, sentiment FROM contact "
            "WHERE customer_id = ? AND direction = 'inbound' ORDER BY received_at DESC LIMIT ?",
            (customer_id, limit),
        )
    )
