"""Deterministic demo and benchmark data.

The same --seed and --now give the same database, row for row. Rows are written
with executemany in large transactions (no ORM objects), so a million contacts
take minutes. Seeding is an admin tool: it writes no sync intents.

The generator is one pass over one random stream (order matters for reproducible
benchmark data); what it draws from is in desktop/seed_data.py.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from peewee import Database

from desktop.ops.agents import DEFAULT_CAPACITY
from desktop.rules import Rules
from desktop.seed_data import (  # the vocabulary it draws from
    CHANNEL_WEIGHTS,
    DEMO_AGENTS,
    DEMO_TEMPLATES,
    FIRST,
    LAST,
    LOCALES,
    NETWORKS,
    NOTES,
    PRODUCTS,
    REPLIES,
    SKILLS,
    TIMEZONES,
    TOPICS,
)
from models.base import to_ms, uuid7_from
from models.schema import CHANNELS


@dataclass
class SeedReport:
    customers: int
    contacts: int
    events: int
    agents: int
    purchases: int
    invoices: int

    def as_json(self) -> dict[str, int]:
        return self.__dict__.copy()


class _Ids:
    def __init__(self, rng: random.Random) -> None:
        self.rng = rng

    def at(self, when_ms: int) -> str:
        return uuid7_from(when_ms, self.rng.getrandbits(74))


# complexity: one pass over the generated data, a branch per kind of row
# (split, the pass would be repeated)
def seed(  # noqa: C901
    db: Database,
    *,
    customers: int,
    contacts: int,
    seed_value: int = 1,
    now: datetime,
    events_per_contact: float = 1.6,
    open_share: float = 0.1,
    progress: Callable[[int, int], None] | None = None,
) -> SeedReport:
    """Fill the database with deterministic data anchored at ``now``."""
    if customers < 1 or contacts < 0:
        raise ValueError("need at least one customer and a non-negative contact count")
    rng = random.Random(seed_value)
    rules = Rules()
    ids = _Ids(rng)
    now_ms = to_ms(now)
    conn = db.connection()
    report = SeedReport(customers, contacts, 0, 0, 0, 0)

    agent_count = max(len(DEMO_AGENTS), min(50, customers // 1000))
    with db.atomic():
        agent_ids = _seed_agents(conn, ids, now_ms, agent_count)
        # every account, not only those who work contacts (the admin and trainee too)
        report.agents = agent_count
        _seed_templates(conn, ids, now_ms)

    customer_ids: list[str] = []
    customer_names: list[str] = []
    span_ms = 400 * 86_400_000
    for start in range(0, customers, 50_000):
        rows, idents = [], []
        for n in range(start, min(customers, start + 50_000)):
            created = now_ms - rng.randrange(span_ms)
            cid = ids.at(created)
            first, last = rng.choice(FIRST), rng.choice(LAST)
            name = f"{first} {last}"
            tz_index = rng.randrange(len(TIMEZONES))
            influencer = rng.random() < 0.01
            reach = rng.randrange(10_000, 400_000) if influencer else rng.randrange(0, 2_000)
            tags = ["vip"] if n % 97 == 0 else []
            notes = ""
            if n % 53 == 0:
                notes = (
                    "Extended family lives together: calls may come from grandparents, "
                    "treat them as the account holder's household."
                )
            rows.append(
                (
                    cid,
                    name,
                    LOCALES[tz_index],
                    TIMEZONES[tz_index],
                    notes,
                    json.dumps(tags),
                    int(n % 97 == 0),
                    int(influencer),
                    reach,
                    int(n % 211 == 0),
                    created,
                    created,
                )
            )
            slug = f"{first}.{last}".lower().replace("'", "").replace("ü", "ue")
            idents.append((ids.at(created), cid, "email", f"{slug}.{n}@example.com", ""))
            if rng.random() < 0.7:
                idents.append((ids.at(created), cid, "phone", f"+1555{n:07d}", ""))
            if influencer or rng.random() < 0.15:
                network = rng.choice(NETWORKS)
                idents.append(
                    (
                        ids.at(created),
                        cid,
                        "handle",
                        f"{network}:{first.lower()}{last.lower()[:3]}{n}",
                        network,
                    )
                )
            customer_ids.append(cid)
            customer_names.append(name)
        with db.atomic():
            conn.executemany(
                "INSERT INTO customer (id, name, locale, timezone, culture_notes, tags, vip, "
                "influencer, reach, do_not_contact, created_at, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?)",
                rows,
            )
            conn.executemany(
                "INSERT INTO identity (id, customer_id, kind, value, network) VALUES (?,?,?,?,?)",
                idents,
            )

    with db.atomic():
        report.purchases, report.invoices = _seed_commerce(conn, ids, rng, customer_ids, now_ms)
    report.events = report.purchases + report.invoices  # one history event each

    channels = [c for c, w in CHANNEL_WEIGHTS for _ in range(w)]
    assert set(channels) == set(CHANNELS)
    big_every = contacts // 1000 if contacts >= 20_000 else 0
    history_span = 365 * 86_400_000
    open_count = max(1, int(contacts * open_share)) if contacts else 0
    open_span = 8 * 3_600_000
    extra_kinds = ("claim", "reply", "note", "status", "reply", "call")
    workers = [a for a in agent_ids]
    for start in range(0, contacts, 20_000):
        crow: list[tuple[Any, ...]] = []
        erow: list[tuple[Any, ...]] = []
        for n in range(start, min(contacts, start + 20_000)):
            is_open = n >= contacts - open_count
            if is_open:
                # open work arrived over the last eight hours, oldest first
                position = (n - (contacts - open_count)) / open_count
                received = now_ms - open_span + int(position * open_span) - rng.randrange(60_000)
            else:
                received = (
                    now_ms - history_span + int(n / max(1, contacts) * (history_span - open_span))
                )
            c_index = 0 if big_every and n % big_every == 0 else rng.randrange(len(customer_ids))
            cid = customer_ids[c_index]
            channel = rng.choice(channels)
            subject, body, skill = rng.choice(TOPICS[channel])
            product = PRODUCTS[(c_index + n) % len(PRODUCTS)]
            body = body.format(product=product)
            contact_id = ids.at(received)
            priority = 1 if rng.random() < 0.08 else 0
            received_dt = datetime.fromtimestamp(received / 1000, tz=now.tzinfo)
            due = to_ms(rules.due_at(channel, received_dt, priority))
            assigned = None
            status = "open"
            first_response = None
            resolved = None
            outcome = None
            if channel == "session":
                outcome = "failed"
            elif channel in ("phone", "chat"):
                outcome = rng.choice(("completed", "completed", "dropped"))
            if not is_open:
                status = "resolved"
                assigned = rng.choice(workers)
                first_response = received + rng.randrange(60_000, 4 * 3_600_000)
                resolved = first_response + rng.randrange(60_000, 86_400_000)
            elif n >= contacts - 3 * len(workers) and rng.random() < 0.5:
                # the newest few are being worked on right now (within capacity)
                assigned = rng.choice(workers)
                status = "waiting" if rng.random() < 0.3 else "open"
            sentiment = -0.7 if "Never again" in body or "fail" in body else 0.1
            crow.append(
                (
                    contact_id,
                    channel,
                    "inbound",
                    received,
                    cid,
                    subject,
                    body[:160],
                    f"seed-{seed_value}-{n}",
                    contact_id,
                    skill,
                    priority,
                    status,
                    assigned,
                    due,
                    first_response,
                    resolved,
                    sentiment,
                    outcome,
                    received,
                )
            )
            erow.append(
                (
                    ids.at(received),
                    cid,
                    contact_id,
                    received,
                    channel,
                    "inbound",
                    subject,
                    body,
                    "{}",
                    None,
                )
            )
            # further history on this contact
            extra = int(events_per_contact - 1)
            if rng.random() < (events_per_contact - 1) - extra:
                extra += 1
            if is_open and assigned is None:
                extra = 0
            t = received
            for k in range(extra):
                t += rng.randrange(60_000, 3_600_000)
                kind = extra_kinds[k % len(extra_kinds)]
                agent = assigned or rng.choice(workers)
                if kind == "reply":
                    text, subj = rng.choice(REPLIES), f"Re: {subject}"
                elif kind == "note":
                    text, subj = rng.choice(NOTES), "Internal note"
                elif kind == "call":
                    text, subj = "Talked it through, customer satisfied.", "Outbound call, 4 min"
                elif kind == "claim":
                    text, subj = "", "Taken"
                else:
                    text, subj = "", "Status: open → resolved"
                erow.append(
                    (
                        ids.at(t),
                        cid,
                        contact_id,
                        min(t, now_ms),
                        channel,
                        kind,
                        subj,
                        text,
                        "{}",
                        agent,
                    )
                )
        with db.atomic():
            conn.executemany(
                "INSERT INTO contact (id, channel, direction, received_at, customer_id, subject, "
                "preview, external_id, thread_id, skill, priority, status, assigned_to_id, due_at, "
                "first_response_at, resolved_at, sentiment, outcome, updated_at) "
                "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                crow,
            )
            conn.executemany(
                "INSERT INTO event (id, customer_id, contact_id, at, channel, kind, subject, "
                "body, data, agent_id) VALUES (?,?,?,?,?,?,?,?,?,?)",
                erow,
            )
        report.events += len(erow)
        if progress is not None:
            progress(min(contacts, start + 20_000), contacts)

    with db.atomic():
        _seed_tasks(conn, ids, rng, customer_ids, agent_ids, now_ms)
    return report


def _seed_agents(conn: Any, ids: _Ids, now_ms: int, count: int) -> list[str]:
    agent_ids = []
    capacity = json.dumps(DEFAULT_CAPACITY)
    for login, name, role, skills, _ in DEMO_AGENTS:
        aid = ids.at(now_ms)
        presence = "available" if role in ("agent", "supervisor") else "offline"
        conn.execute(
            "INSERT INTO agent (id, login, display_name, role, presence, team, capacity, "
            "created_at) VALUES (?,?,?,?,?,?,?,?)",
            (aid, login, name, role, presence, "front", capacity, now_ms),
        )
        for part in filter(None, skills.split(",")):
            skill, level = part.split(":")
            conn.execute(
                "INSERT INTO agent_skill (id, agent_id, skill, level) VALUES (?,?,?,?)",
                (ids.at(now_ms), aid, skill, int(level)),
            )
        if role in ("agent", "supervisor"):
            agent_ids.append(aid)
    for n in range(count - len(DEMO_AGENTS)):
        aid = ids.at(now_ms)
        first, last = FIRST[n % len(FIRST)], LAST[(n * 7) % len(LAST)]
        conn.execute(
            "INSERT INTO agent (id, login, display_name, role, presence, team, capacity, "
            "created_at) VALUES (?,?,?,?,?,?,?,?)",
            (
                aid,
                f"agent{n + 1}",
                f"{first} {last}",
                "agent",
                "available" if n % 3 else "away",
                f"team{n % 4}",
                capacity,
                now_ms,
            ),
        )
        for skill in (SKILLS[n % len(SKILLS)], SKILLS[(n + 2) % len(SKILLS)], "general"):
            conn.execute(
                "INSERT OR IGNORE INTO agent_skill (id, agent_id, skill, level) VALUES (?,?,?,?)",
                (ids.at(now_ms), aid, skill, 1 + n % 3),
            )
        agent_ids.append(aid)
    return agent_ids


def _seed_templates(conn: Any, ids: _Ids, now_ms: int) -> None:
    for name, channel, language, purpose, body in DEMO_TEMPLATES:
        conn.execute(
            "INSERT INTO template (id, name, channel, language, body, purpose) "
            "VALUES (?,?,?,?,?,?)",
            (ids.at(now_ms), name, channel, language, body, purpose),
        )


def _seed_commerce(
    conn: Any, ids: _Ids, rng: random.Random, customer_ids: list[str], now_ms: int
) -> tuple[int, int]:
    purchases, invoices, events = [], [], []
    day = 86_400_000
    for n, cid in enumerate(customer_ids):
        if rng.random() > 0.6 and n != 0:
            continue
        for k in range(1 if n else 3):
            at = now_ms - rng.randrange(5 * day, 300 * day)
            product = PRODUCTS[(n + k) % len(PRODUCTS)]
            cents = rng.randrange(30, 4000) * 100 - 1
            pid = ids.at(at)
            purchases.append((pid, cid, f"order-{n}-{k}", product, cents, "EUR", at))
            events.append(
                (
                    ids.at(at),
                    cid,
                    at,
                    "commerce",
                    "purchase",
                    product,
                    f"{cents / 100:,.2f} EUR",
                    json.dumps({"purchase_id": pid}),
                )
            )
            iid = ids.at(at)
            roll = rng.random()
            sent = at if roll > 0.05 else None  # a few invoices were never sent
            paid = at + rng.randrange(day, 20 * day) if roll > 0.25 else None
            reminded = at + 20 * day if paid is None and sent and roll > 0.15 else None
            number = f"INV-{2026}{n:06d}{k}"
            invoices.append(
                (iid, cid, number, number, cents, "EUR", at, at + 14 * day, sent, reminded, paid)
            )
            events.append(
                (
                    ids.at(at),
                    cid,
                    at,
                    "commerce",
                    "invoice",
                    f"Invoice {number}",
                    f"{cents / 100:,.2f} EUR",
                    json.dumps({"invoice_id": iid}),
                )
            )
    conn.executemany(
        "INSERT INTO purchase (id, customer_id, external_id, product, amount_cents, currency, "
        "purchased_at) VALUES (?,?,?,?,?,?,?)",
        purchases,
    )
    conn.executemany(
        "INSERT INTO invoice (id, customer_id, external_id, number, amount_cents, currency, "
        "issued_at, due_at, sent_at, reminded_at, paid_at) VALUES (?,?,?,?,?,?,?,?,?,?,?)",
        invoices,
    )
    conn.executemany(
        "INSERT INTO event (id, customer_id, at, channel, kind, subject, body, data) "
        "VALUES (?,?,?,?,?,?,?,?)",
        events,
    )
    return len(purchases), len(invoices)


def _seed_tasks(
    conn: Any,
    ids: _Ids,
    rng: random.Random,
    customer_ids: list[str],
    agent_ids: list[str],
    now_ms: int,
) -> None:
    rows = conn.execute(
        "SELECT id, customer_id, assigned_to_id, channel, subject FROM contact "
        "WHERE status <> 'resolved' AND assigned_to_id IS NOT NULL ORDER BY received_at LIMIT 200"
    ).fetchall()
    for contact_id, cid, agent, channel, subject in rows[::3]:
        due = now_ms + rng.randrange(-2 * 3_600_000, 24 * 3_600_000)
        title = "Call back about the delivery" if channel == "phone" else f"Follow up: {subject}"
        if channel == "session":
            title = "Follow up on the failed online session"
        conn.execute(
            "INSERT INTO task (id, customer_id, contact_id, kind, title, due_at, owner_id, state, "
            "created_at) VALUES (?,?,?,?,?,?,?,?,?)",
            (
                ids.at(now_ms),
                cid,
                contact_id,
                "follow_up",
                title,
                due,
                agent,
                "open",
                now_ms - 3_600_000,
            ),
        )
