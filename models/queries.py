"""Read queries on the hot paths, written against the indexes of migration 0001.

Every query here is keyset-paged or bounded by LIMIT: nothing loads a whole
table. Rows come back as plain dicts so that the UI can cache them cheaply.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING, Any, NamedTuple

from models.times import from_ms

if TYPE_CHECKING:
    from typing import TypeAlias

    from peewee import Database as PeeweeDatabase

    from models.reader import Reader

    # the command line runs these on a plain sqlite3 reader (models/reader.py)
    Database: TypeAlias = PeeweeDatabase | Reader


class QueueFilter(NamedTuple):  # not a dataclass: the command line skips importing inspect
    channel: str | None = None
    skill: str | None = None
    status: str | None = None  # None: everything not resolved
    assignee: str | None = None  # agent id, or "unassigned"
    team: str | None = None  # a team of a workspace signed in to several (issue 16)

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        if self.status is None:
            clauses.append("c.status <> 'resolved'")
        else:
            clauses.append("c.status = ?")
            params.append(self.status)
        if self.channel:
            clauses.append("c.channel = ?")
            params.append(self.channel)
        if self.skill:
            clauses.append("c.skill = ?")
            params.append(self.skill)
        if self.team:
            clauses.append("c.team = ?")
            params.append(self.team)
        if self.assignee == "unassigned":
            clauses.append("c.assigned_to_id IS NULL")
        elif self.assignee:
            clauses.append("c.assigned_to_id = ?")
            params.append(self.assignee)
        return " AND ".join(clauses), params


QueueKey = tuple[int, str]  # (received_at ms, id): the queue's total order


def queue_page(
    db: Database, flt: QueueFilter, *, after: QueueKey | None = None, limit: int = 200
) -> list[tuple[int, str]]:
    """Keys of the next ``limit`` queue items after ``after``, in arrival order."""
    where, params = flt.where()
    if after is not None:
        where += " AND (c.received_at > ? OR (c.received_at = ? AND c.id > ?))"
        params += [after[0], after[0], after[1]]
    sql = (
        f"SELECT c.received_at, c.id FROM contact c WHERE {where} "
        "ORDER BY c.received_at, c.id LIMIT ?"
    )
    return [(r[0], r[1]) for r in db.execute_sql(sql, [*params, limit]).fetchall()]


def queue_page_before(
    db: Database, flt: QueueFilter, before: QueueKey, limit: int = 40
) -> list[tuple[int, str]]:
    """Keys of the ``limit`` queue items just before ``before``, in arrival order (the
    rows above a contact the window jumps to)."""
    where, params = flt.where()
    where += " AND (c.received_at < ? OR (c.received_at = ? AND c.id < ?))"
    params += [before[0], before[0], before[1]]
    sql = (
        f"SELECT c.received_at, c.id FROM contact c WHERE {where} "
        "ORDER BY c.received_at DESC, c.id DESC LIMIT ?"
    )
    rows = db.execute_sql(sql, [*params, limit]).fetchall()
    return [(r[0], r[1]) for r in reversed(rows)]


def queue_membership(db: Database, flt: QueueFilter, ids: list[str]) -> dict[str, QueueKey]:
    """The queue keys of those of ``ids`` that the filter shows now (by primary key)."""
    if not ids:
        return {}
    where, params = flt.where()
    marks = ",".join("?" * len(ids))
    sql = f"SELECT c.received_at, c.id FROM contact c WHERE c.id IN ({marks}) AND {where}"
    return {r[1]: (r[0], r[1]) for r in db.execute_sql(sql, [*ids, *params]).fetchall()}


def queue_count(db: Database, flt: QueueFilter) -> int:
    where, params = flt.where()
    row = db.execute_sql(f"SELECT count(*) FROM contact c WHERE {where}", params).fetchone()
    return int(row[0])


QUEUE_COLUMNS = (
    "id",
    "channel",
    "received_at",
    "customer_id",
    "customer_name",
    "subject",
    "preview",
    "skill",
    "status",
    "assigned_to",
    "assignee_name",
    "due_at",
    "priority",
    "outcome",
    "sentiment",
    "vip",
    "influencer",
)


def queue_rows(db: Database, ids: list[str]) -> dict[str, dict[str, Any]]:
    """Display data for the given contact ids (one indexed lookup each)."""
    if not ids:
        return {}
    marks = ",".join("?" * len(ids))
    sql = (
        # a merged duplicate's contacts show the survivor (one level of merge is resolved
        # here; deeper chains are resolved by the card)
        "SELECT c.id, c.channel, c.received_at, coalesce(cu.merged_into, c.customer_id), "
        "coalesce(su.name, cu.name), c.subject, c.preview, "
        "c.skill, c.status, c.assigned_to_id, a.display_name, c.due_at, c.priority, c.outcome, "
        "c.sentiment, coalesce(su.vip, cu.vip), coalesce(su.influencer, cu.influencer) "
        "FROM contact c LEFT JOIN customer cu ON cu.id = c.customer_id "
        "LEFT JOIN customer su ON su.id = cu.merged_into "
        f"LEFT JOIN agent a ON a.id = c.assigned_to_id WHERE c.id IN ({marks})"
    )
    out: dict[str, dict[str, Any]] = {}
    for row in db.execute_sql(sql, ids).fetchall():
        item = dict(zip(QUEUE_COLUMNS, row, strict=True))
        item["received_at"] = from_ms(item["received_at"])
        item["due_at"] = from_ms(item["due_at"]) if item["due_at"] is not None else None
        out[item["id"]] = item
    return out


HistoryKey = tuple[int, int]  # (at ms, seq), newest first


def history_page(
    db: Database,
    customer_ids: list[str],
    *,
    before: HistoryKey | None = None,
    limit: int = 100,
    kinds: tuple[str, ...] = (),
    channels: tuple[str, ...] = (),
) -> list[dict[str, Any]]:
    """One page of a customer's timeline, newest first (keyset on (at, seq))."""
    marks = ",".join("?" * len(customer_ids))
    where = [f"e.customer_id IN ({marks})"]
    params: list[Any] = list(customer_ids)
    if before is not None:
        where.append("(e.at < ? OR (e.at = ? AND e.seq < ?))")
        params += [before[0], before[0], before[1]]
    if kinds:
        where.append(f"e.kind IN ({','.join('?' * len(kinds))})")
        params += list(kinds)
    if channels:
        where.append(f"e.channel IN ({','.join('?' * len(channels))})")
        params += list(channels)
    sql = (
        "SELECT e.seq, e.id, e.at, e.channel, e.kind, e.subject, e.body, e.contact_id, "
        "e.data, a.display_name, o.state FROM event e LEFT JOIN agent a ON a.id = e.agent_id "
        "LEFT JOIN outbound o ON o.event_id = e.id "
        f"WHERE {' AND '.join(where)} ORDER BY e.at DESC, e.seq DESC LIMIT ?"
    )
    rows = db.execute_sql(sql, [*params, limit]).fetchall()
    keys = (
        "seq",
        "id",
        "at_ms",
        "channel",
        "kind",
        "subject",
        "body",
        "contact_id",
        "data",
        "agent_name",
        "outbound_state",
    )
    out = []
    for row in rows:
        item = dict(zip(keys, row, strict=True))
        item["at"] = from_ms(item["at_ms"])
        item["delivery"] = delivery(item.pop("outbound_state"), item["data"])
        out.append(item)
    return out


def delivery(state: str | None, data: str | None) -> str | None:
    """Where an outgoing message stands, in words, or None for what never leaves.

    ``state`` is the local outbox row's; ``data`` the event's JSON, where sync keeps the
    server's latest word (``delivery``: state, reason, sent_at)."""
    if state is None:
        return None
    if state == "simulated":
        return "simulated (training, never sent)"
    server: dict[str, Any] = {}
    if data:
        try:
            parsed = json.loads(data)
        except ValueError:
            parsed = {}
        if isinstance(parsed, dict) and isinstance(parsed.get("delivery"), dict):
            server = parsed["delivery"]
    reason = str(server.get("reason") or "")
    if state == "sent":
        done = server.get("delivered_at")
        if server.get("state") == "delivered" and isinstance(done, int):
            return f"delivered {from_ms(done).astimezone():%d %b %H:%M}"
        sent = server.get("sent_at")
        return f"sent {from_ms(sent).astimezone():%d %b %H:%M}" if isinstance(sent, int) else "sent"
    if state == "failed":
        return f"not sent: {reason}" if reason else "not sent"
    if server.get("state") == "sending":
        return "sending"
    if server:
        return f"queued on the server: {reason}" if reason else "queued on the server"
    return "queued"


_TOKEN = re.compile(r"\w+", re.UNICODE)


def fts_query(text: str) -> str | None:
    """Turn anything a user types into a safe FTS5 query: each word a quoted prefix.

    FTS5 syntax characters (quotes, *, ^, :, parentheses, AND/OR/NOT) are never
    passed through, so no input can raise a syntax error.
    """
    words = _TOKEN.findall(text)
    if not words:
        return None
    # a one-letter prefix matches half the index and narrows nothing: leave it out
    longer = [w for w in words if len(w) > 1]
    words = longer or words[:1]
    return " ".join(f'"{w}"*' for w in words[:16])


def search_words(text: str) -> list[str]:
    """The words a search looks for (fts_query's): one-letter ones left out."""
    words = _TOKEN.findall(text)
    longer = [w for w in words if len(w) > 1]
    return (longer or words[:1])[:16]


def search_messages(db: Database, text: str, *, limit: int = 50) -> list[dict[str, Any]]:
    """Newest matching messages first.

    Very common words are found by reading the newest messages (models/recent_search.py:
    FTS5 merges a prefix's whole doclist before its first row); the rest by the index."""
    query = fts_query(text)
    if query is None:
        return []
    from models.recent_search import newest_hits, scan_words

    words = scan_words(search_words(text))
    if words is not None:
        hits = newest_hits(db, words, limit)
        if hits is not None:
            for item in hits:
                item["at"] = from_ms(item["at"])
            return hits
    sql = (
        "SELECT e.id, e.contact_id, e.customer_id, e.at, e.channel, e.kind, e.subject, "
        "snippet(message_fts, 1, '[', ']', '…', 12) "
        "FROM message_fts JOIN event e ON e.seq = message_fts.rowid "
        "WHERE message_fts MATCH ? ORDER BY message_fts.rowid DESC LIMIT ?"
    )
    keys = ("event_id", "contact_id", "customer_id", "at", "channel", "kind", "subject", "snippet")
    out = []
    for row in db.execute_sql(sql, [query, limit]).fetchall():
        item = dict(zip(keys, row, strict=True))
        item["at"] = from_ms(item["at"])
        out.append(item)
    return out


def search_customers(db: Database, text: str, *, limit: int = 20) -> list[dict[str, Any]]:
    """Customers whose name or any identity starts with the text."""
    needle = text.strip()
    if not needle:
        return []
    ids: list[str] = []
    # a name prefix uses the NOCASE name index; ESCAPE would switch that optimisation off,
    # so it is only added when the text holds LIKE wildcards
    if any(c in needle for c in "%_\\"):
        escaped = needle.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        sql = (
            "SELECT id FROM customer WHERE name LIKE ? ESCAPE '\\' "
            "AND merged_into IS NULL ORDER BY name LIMIT ?"
        )
    else:
        escaped = needle
        sql = (
            "SELECT id FROM customer WHERE name LIKE ? AND merged_into IS NULL "
            "ORDER BY name LIMIT ?"
        )
    for (cid,) in db.execute_sql(sql, [escaped + "%", limit]):
        ids.append(cid)
    lowered = needle.lower().lstrip("@")
    digits = re.sub(r"[^\d+]", "", needle)
    probes = [("email", lowered), ("visitor", needle)]
    if len(digits) >= 3:
        probes.append(("phone", digits if digits.startswith("+") else "+" + digits))
    for network_value in ("twitter:", "instagram:", "facebook:", "tiktok:", "linkedin:"):
        probes.append(("handle", network_value + lowered))
    for kind, prefix in probes:
        for (cid,) in db.execute_sql(
            "SELECT customer_id FROM identity WHERE kind = ? AND value >= ? AND value < ? LIMIT ?",
            [kind, prefix, prefix + "\U0010ffff", limit],
        ):
            if cid not in ids:
                ids.append(cid)
    if not ids:
        return []
    ids = ids[:limit]
    marks = ",".join("?" * len(ids))
    rows = db.execute_sql(
        f"SELECT id, name, vip, influencer FROM customer WHERE id IN ({marks})", ids
    ).fetchall()
    by_id = {
        r[0]: {"id": r[0], "name": r[1], "vip": bool(r[2]), "influencer": bool(r[3])} for r in rows
    }
    return [by_id[i] for i in ids if i in by_id]


def customer_by_identity(db: Database, kind: str, value: str) -> tuple[str, str] | None:
    """(id, name) of the customer holding this normalized identity, merged customers
    leading to their survivor (desktop.card.find_customer's answer, by SQL alone)."""
    row = db.execute_sql(
        "SELECT cu.id, cu.name, cu.merged_into FROM identity i "
        "JOIN customer cu ON cu.id = i.customer_id WHERE i.kind = ? AND i.value = ?",
        [kind, value],
    ).fetchone()
    if row is None:
        return None
    seen: set[str] = set()
    while row[2] and row[0] not in seen:
        seen.add(row[0])
        survivor = db.execute_sql(
            "SELECT id, name, merged_into FROM customer WHERE id = ?", [row[2]]
        ).fetchone()
        if survivor is None:
            break
        row = survivor
    return str(row[0]), str(row[1])
