"""Rules that never let anything go silent.

- Every asynchronous contact (email, fax, web form, SMS, social) is acknowledged
  at once with the realistic promise its SLA makes; not for phone or chat, not
  twice in a thread, not twice to one address within ``ack_window_minutes``, not to
  do-not-contact customers, never to mail that must not be answered automatically
  (``auto``: bounces, auto-replies, list and noreply mail). The acknowledgement is a
  history event plus an outbound message on the same path as agent replies
  (a training workspace marks it simulated, so nobody real receives it).
- Every session or call that ended (completed, failed or dropped) gets a
  follow-up task due within 24 hours.
- Every unpaid invoice past its due date gets a reminder task, once.

Ids are derived from the contact or invoice id, so replaying the same intake
(or the same intent on the server) creates the same rows, never doubles.

Why ~550 lines: the rules that never let anything go silent (acknowledgements,
follow-ups, reminders, the SLA and task sweeps) share their SQL helpers and the intake's
transaction; splitting them by rule is the next step.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from peewee import OperationalError

from desktop import alerts
from desktop.resolution import real_name
from desktop.rules import Rules
from desktop.templates import render
from models import ack
from models.base import derived_id, from_ms, to_ms
from models.schema import ASYNC_CHANNELS

log = logging.getLogger("lastmile.automation")

FRESH_MS = 24 * 3_600_000
FALLBACK_ACK = "Hello {customer.first_name}, we received your message and will answer {promise}."


@dataclass(frozen=True)
class Received:
    contact_id: str
    customer_id: str
    channel: str
    priority: int
    received_ms: int
    thread_id: str
    subject: str
    outcome: str | None
    recipient: str
    auto: str | None = None  # why it must never be answered automatically (mail: bounce...)


def _ack_templates(conn: Any) -> list[tuple[str, str, str]]:
    return [
        (str(language), str(channel), str(body))
        for language, channel, body in conn.execute(
            "SELECT language, channel, body FROM template WHERE purpose = 'ack' ORDER BY channel"
        ).fetchall()
    ]


def on_received(
    conn: Any,
    items: list[Received],
    *,
    rules: Rules,
    kind: str,
    now_ms: int,
    made: dict[str, dict[str, Any]] | None = None,
) -> dict[str, int]:
    """Acknowledge and schedule follow-ups for freshly stored contacts (same transaction).

    ``made``, when given, receives per contact id the arguments its sync intent carries
    (``automatic``: the acknowledgement's subject, body, recipient; ``tasks``: the
    follow-up's spec, see ``task_spec``), so that the server queues the same
    acknowledgement for sending and keeps the same task."""
    counts = {"acknowledged": 0, "follow_ups": 0}
    if not items:
        return counts
    templates = _ack_templates(conn) if rules.acknowledge else []
    customer_ids = sorted({i.customer_id for i in items})
    info: dict[str, tuple[str, str, bool]] = {}
    for start in range(0, len(customer_ids), 900):
        part = customer_ids[start : start + 900]
        marks = ",".join("?" * len(part))
        for cid, name, locale, dnc in conn.execute(
            f"SELECT id, name, locale, do_not_contact FROM customer WHERE id IN ({marks})", part
        ):
            # nobody is greeted by their phone number or email address
            info[cid] = (real_name(name), locale, bool(dnc))
    events: list[tuple[Any, ...]] = []
    outbound: list[tuple[Any, ...]] = []
    tasks: list[dict[str, Any]] = []
    acked_threads: set[str] = set()
    acked_recipients: set[str] = set()
    window_start = now_ms - rules.ack_window_minutes * 60_000
    state = "simulated" if kind == "training" else "queued"
    # importing last year's mail must not answer it now: only fresh contacts are
    # acknowledged and get an automatic follow-up; older ones are history
    fresh_after = now_ms - FRESH_MS
    for item in items:
        if item.received_ms < fresh_after:
            continue
        name, locale, dnc = info.get(item.customer_id, ("", "", False))
        if (
            rules.acknowledge
            and item.channel in ASYNC_CHANNELS
            and not dnc
            and not item.auto  # never answer a bounce, auto-reply, list or noreply mail
            and item.thread_id not in acked_threads
            and not _thread_acked(conn, item)
            and item.recipient not in acked_recipients
            and not _recipient_acked(conn, item.recipient, window_start)
        ):
            acked_threads.add(item.thread_id)
            if item.recipient:
                acked_recipients.add(item.recipient)
            language = (locale or "en").split("-")[0]
            body = ack.choose(templates, language, item.channel) or FALLBACK_ACK
            first = name.split()[0] if name.split() else "there"
            text = render(
                body,
                ack.values(
                    first_name=first,
                    name=name,
                    promise_text=rules.promise(item.channel, item.priority),
                ),
            )
            event_id = derived_id(item.contact_id, "ack")
            subject = f"Re: {item.subject}" if item.subject else "We received your message"
            events.append(
                (
                    event_id,
                    item.customer_id,
                    item.contact_id,
                    item.received_ms,
                    item.channel,
                    "ack",
                    subject,
                    text.text,
                    json.dumps({"automatic": True}),
                )
            )
            outbound.append(
                (
                    derived_id(item.contact_id, "ack-out"),
                    item.contact_id,
                    event_id,
                    item.channel,
                    item.recipient,
                    subject[:255],
                    text.text,
                    state,
                    now_ms,
                )
            )
            counts["acknowledged"] += 1
            if made is not None:
                made.setdefault(item.contact_id, {})["automatic"] = {
                    "ack": {
                        "subject": subject[:255],
                        "body": text.text,
                        "recipient": item.recipient,
                    }
                }
        if item.channel == "session" or (item.channel == "phone" and item.outcome):
            what = (
                "the failed online session"
                if item.outcome == "failed"
                else "the online session"
                if item.channel == "session"
                else "the call"
            )
            spec = {
                "task_id": derived_id(item.contact_id, "follow-up"),
                "customer_id": item.customer_id,
                "contact_id": item.contact_id,
                "kind": "follow_up",
                "title": f"Follow up on {what}",
                "due_at": item.received_ms + rules.follow_up_hours * 3_600_000,
                "owner_id": None,
            }
            tasks.append(spec)
            counts["follow_ups"] += 1
            if made is not None:
                made.setdefault(item.contact_id, {})["tasks"] = [spec]
    conn.executemany(
        "INSERT OR IGNORE INTO event (id, customer_id, contact_id, at, channel, kind, subject, "
        "body, data) VALUES (?,?,?,?,?,?,?,?,?)",
        events,
    )
    conn.executemany(
        "INSERT OR IGNORE INTO outbound (id, contact_id, event_id, channel, recipient, subject, "
        "body, state, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        outbound,
    )
    make_tasks(conn, tasks, now_ms=now_ms)
    return counts


def _thread_acked(conn: Any, item: Received) -> bool:
    if item.thread_id == item.contact_id:
        return False  # a new thread: nothing was acknowledged in it yet
    row = conn.execute(
        "SELECT 1 FROM contact c JOIN event e ON e.contact_id = c.id "
        "WHERE c.thread_id = ? AND e.kind = 'ack' LIMIT 1",
        (item.thread_id,),
    ).fetchone()
    return row is not None


def _recipient_acked(conn: Any, recipient: str, since_ms: int) -> bool:
    """At most one acknowledgement per recipient and window (two mails, or a loop with
    another robot, get one answer)."""
    if not recipient:
        return False
    row = conn.execute(
        "SELECT 1 FROM outbound o JOIN event e ON e.id = o.event_id "
        "WHERE o.recipient = ? AND o.created_at >= ? AND e.kind = 'ack' LIMIT 1",
        (recipient, since_ms),
    ).fetchone()
    return row is not None


def follow_up_after_session(
    conn: Any,
    *,
    contact_id: str,
    customer_id: str | None,
    channel: str,
    agent_id: str | None,
    now: datetime,
    rules: Rules,
) -> bool:
    """A session, call or chat ended: make sure a follow-up exists and belongs to the agent
    who handled it (idempotent)."""
    if channel not in ("session", "phone", "chat"):
        return False
    what = {"session": "the online session", "phone": "the call", "chat": "the chat"}[channel]
    cursor = conn.execute(
        "INSERT OR IGNORE INTO task (id, customer_id, contact_id, kind, title, due_at, owner_id, "
        "state, created_at) VALUES (?,?,?,?,?,?,?,?,?)",
        (
            derived_id(contact_id, "follow-up"),
            customer_id,
            contact_id,
            "follow_up",
            f"Follow up on {what}",
            to_ms(now + timedelta(hours=rules.follow_up_hours)),
            agent_id,
            "open",
            to_ms(now),
        ),
    )
    # made at intake for the team (nobody had handled it yet): now it is the handler's
    adopted = adopt_follow_up(conn, derived_id(contact_id, "follow-up"), agent_id)
    return bool(cursor.rowcount) or adopted


def due_invoice_reminders(conn: Any, *, now: datetime, rules: Rules) -> list[dict[str, Any]]:
    """The reminder tasks to make: one per unpaid invoice past due, never reminded, that
    has none yet (as task specs, see ``task_spec``)."""
    cutoff = to_ms(now - timedelta(days=rules.invoice_reminder_after_days))
    rows = conn.execute(
        "SELECT i.id, i.customer_id, i.number, i.due_at FROM invoice i WHERE i.paid_at IS NULL "
        "AND i.due_at IS NOT NULL AND i.due_at <= ? AND i.reminded_at IS NULL",
        (cutoff,),
    ).fetchall()
    wanted = {derived_id(row[0], "reminder"): row for row in rows}
    existing: set[str] = set()
    ids = list(wanted)
    for start in range(0, len(ids), 900):  # one query per 900, not one per invoice
        part = ids[start : start + 900]
        existing.update(
            r[0]
            for r in conn.execute(
                f"SELECT id FROM task WHERE id IN ({','.join('?' * len(part))})", part
            )
        )
    specs = []
    for task_id, (invoice_id, customer_id, number, due) in wanted.items():
        if task_id in existing:
            continue
        specs.append(
            {
                "task_id": task_id,
                "invoice_id": invoice_id,
                "customer_id": customer_id,
                "contact_id": None,
                "kind": "invoice_reminder",
                "owner_id": None,
                "title": f"Remind about invoice {number} (due {from_ms(due):%d %b})",
                "due_at": to_ms(now),
            }
        )
    return specs


def make_tasks(conn: Any, specs: list[dict[str, Any]], *, now_ms: int) -> int:
    """Insert the tasks these specs describe, if absent (idempotent); returns how many."""
    cursor = conn.executemany(
        "INSERT OR IGNORE INTO task (id, customer_id, contact_id, kind, title, due_at, "
        "owner_id, state, created_at) VALUES (?,?,?,?,?,?,?,'open',?)",
        [
            (
                spec["task_id"],
                spec["customer_id"],
                spec["contact_id"],
                spec["kind"],
                spec["title"],
                spec["due_at"],
                spec["owner_id"],
                now_ms,
            )
            for spec in specs
        ],
    )
    return max(0, int(cursor.rowcount))


def invoice_reminders(conn: Any, *, now: datetime, rules: Rules) -> int:
    """Reminder tasks for unpaid invoices past due that were never reminded (idempotent).
    Without an outbox: for a live workspace use ``desktop.ops.tasks.run_rules``."""
    return make_tasks(conn, due_invoice_reminders(conn, now=now, rules=rules), now_ms=to_ms(now))


def task_spec(task: Any) -> dict[str, Any]:
    """A task row as sync carries it, so that the server keeps the same task."""
    return {
        "task_id": task.id,
        "customer_id": task.customer_id,
        "contact_id": task.contact_id,
        "kind": task.kind,
        "title": task.title,
        "due_at": to_ms(task.due_at),
        "owner_id": task.owner_id,
    }


def sla_sweep(conn: Any, *, now: datetime, rules: Rules) -> dict[str, int]:
    """Warn before a breach and escalate on breach (to the team's supervisor). Idempotent:
    alert ids are derived from the contact, so each fires once per contact."""
    now_ms = to_ms(now)
    warn_ms = to_ms(now + timedelta(minutes=rules.warn_before_breach_minutes))
    # breaches older than the lookback were alerted when they happened (or before this
    # workspace existed): they show as late in the queue instead of flooding supervisors
    lookback_ms = 60 * 60_000
    supervisors: dict[str, str] = {
        team: aid
        for aid, team in conn.execute(
            "SELECT id, team FROM agent WHERE role = 'supervisor' ORDER BY login DESC"
        )
    }
    any_supervisor = next(iter(supervisors.values()), None)
    rows = conn.execute(
        "SELECT c.id, c.due_at, c.channel, c.subject, c.assigned_to_id, a.team, a.display_name, "
        "cu.name FROM contact c LEFT JOIN agent a ON a.id = c.assigned_to_id "
        "LEFT JOIN customer cu ON cu.id = c.customer_id "
        "WHERE c.status = 'open' AND c.due_at > ? AND c.due_at <= ? ORDER BY c.due_at LIMIT 2000",
        (now_ms - lookback_ms, warn_ms),
    ).fetchall()
    counts = {"sla_warning": 0, "sla_breach": 0}
    for cid, due, channel, subject, assignee, team, agent_name, customer in rows:
        kind = "sla_breach" if due <= now_ms else "sla_warning"
        holder = agent_name or "nobody"
        if kind == "sla_breach":
            summary = (
                f"SLA breached: {channel} from {customer or 'unknown'} "
                f"“{subject}”, held by {holder}"
            )
            notify = supervisors.get(team or "", any_supervisor)
        else:
            minutes = max(0, (due - now_ms) // 60_000)
            summary = (
                f"SLA breach in {minutes} min: {channel} from {customer or 'unknown'} "
                f"“{subject}”, held by {holder}"
            )
            notify = assignee or supervisors.get(team or "", any_supervisor)
        cursor = conn.execute(
            "INSERT OR IGNORE INTO alert (id, kind, contact_id, at, summary, detail, notify_id, "
            "state) VALUES (?,?,?,?,?,?,?, 'open')",
            (
                derived_id(cid, kind),
                kind,
                cid,
                now_ms,
                summary,
                json.dumps({"due_at": due, "assigned_to": assignee}),
                notify,
            ),
        )
        counts[kind] += cursor.rowcount
    # resolution: unresolved past its resolve-by time, escalated to the supervisor
    counts["resolution_breach"] = 0
    for cid, channel, subject, _assignee, team, agent_name, customer in conn.execute(
        "SELECT c.id, c.channel, c.subject, c.assigned_to_id, a.team, a.display_name, cu.name "
        "FROM contact c LEFT JOIN agent a ON a.id = c.assigned_to_id "
        "LEFT JOIN customer cu ON cu.id = c.customer_id WHERE c.status <> 'resolved' "
        "AND c.resolve_by IS NOT NULL AND c.resolve_by > ? AND c.resolve_by <= ? LIMIT 2000",
        (now_ms - lookback_ms, now_ms),
    ).fetchall():
        cursor = conn.execute(
            "INSERT OR IGNORE INTO alert (id, kind, contact_id, at, summary, detail, notify_id, "
            "state) VALUES (?, 'resolution_breach', ?, ?, ?, '{}', ?, 'open')",
            (
                derived_id(cid, "resolution_breach"),
                cid,
                now_ms,
                f"Not resolved in time: {channel} from {customer or 'unknown'} “{subject}”, "
                f"held by {agent_name or 'nobody'}",
                supervisors.get(team or "", any_supervisor),
            ),
        )
        counts["resolution_breach"] += cursor.rowcount
    return counts


def _supervisors(conn: Any) -> tuple[dict[str, str], str | None]:
    """Each team's supervisor (the first by login), and one for tasks of no known team."""
    supervisors: dict[str, str] = {}
    for aid, team in conn.execute(
        "SELECT id, team FROM agent WHERE role = 'supervisor' ORDER BY login"
    ):
        supervisors.setdefault(team, aid)
    return supervisors, next(iter(supervisors.values()), None)


def task_sweep(conn: Any, *, now: datetime, rules: Rules) -> dict[str, int]:
    """Overdue follow-ups, reminders and check-backs raise an alert (kind ``task_overdue``)
    for their owner at once and, ``task_overdue_grace_minutes`` later, for the owner's
    supervisor; a team task (no owner) goes to the supervisor at once. Idempotent: alert
    ids are derived from the task, so each fires once per task and person."""
    now_ms = to_ms(now)
    grace_ms = rules.task_overdue_grace_minutes * 60_000
    supervisors, any_supervisor = _supervisors(conn)
    rows = conn.execute(
        "SELECT t.id, t.kind, t.title, t.due_at, t.owner_id, t.contact_id, a.team, a.role, "
        "a.display_name, c.assigned_to_id FROM task t LEFT JOIN agent a ON a.id = t.owner_id "
        "LEFT JOIN contact c ON c.id = t.contact_id "
        "WHERE t.state = 'open' AND t.due_at <= ? ORDER BY t.due_at DESC LIMIT 5000",
        (now_ms,),
    ).fetchall()
    team_of = {aid: team for aid, team in conn.execute("SELECT id, team FROM agent")}
    alerts: list[tuple[Any, ...]] = []
    for task_id, kind, title, due, owner, contact_id, team, role, name, holder in rows:
        late_min = max(0, (now_ms - due) // 60_000)
        what = kind.replace("_", "-")
        detail = json.dumps({"task_id": task_id, "due_at": due, "owner_id": owner})
        if owner and role != "trainee":
            alerts.append(
                (
                    derived_id(task_id, "task_overdue"),
                    contact_id,
                    now_ms,
                    f"Overdue {what} ({late_min} min): {title}",
                    detail,
                    owner,
                )
            )
        team = team if owner else team_of.get(holder or "", "")
        supervisor = supervisors.get(team or "", any_supervisor)
        if supervisor and supervisor != owner and (not owner or now_ms - due >= grace_ms):
            whose = f"{name}'s" if owner else "the team's"
            alerts.append(
                (
                    derived_id(task_id, "task_overdue_lead"),
                    contact_id,
                    now_ms,
                    f"Overdue {what} ({late_min} min), {whose}: {title}",
                    detail,
                    supervisor,
                )
            )
    before = conn.total_changes
    conn.executemany(
        "INSERT OR IGNORE INTO alert (id, kind, contact_id, at, summary, detail, notify_id, "
        "state) VALUES (?, 'task_overdue', ?, ?, ?, ?, ?, 'open')",
        alerts,
    )
    return {"task_overdue": conn.total_changes - before}


def adopt_follow_up(conn: Any, task_id: str, agent_id: str | None) -> bool:
    """A team follow-up (made at intake, before anyone handled the contact) belongs to the
    agent who handled it, once someone did."""
    if agent_id is None:
        return False
    cursor = conn.execute(
        "UPDATE task SET owner_id = ? WHERE id = ? AND owner_id IS NULL AND state = 'open' "
        "AND EXISTS (SELECT 1 FROM agent WHERE id = ? AND role <> 'trainee')",
        (agent_id, task_id, agent_id),
    )
    return bool(cursor.rowcount)


def assignment_alerts(conn: Any, *, now: datetime, hours: int = 24) -> int:
    """Tell agents about contacts a supervisor gave them (``contact.assign``, here or on
    another desktop and pulled): one ``contact_assigned`` alert per assignment line, for
    the contact's holder, if it is still theirs. Bounded by the held open contacts."""
    since = to_ms(now - timedelta(hours=hours))
    before = conn.total_changes
    conn.execute(
        "INSERT OR IGNORE INTO alert (id, kind, contact_id, at, summary, detail, notify_id, "
        "state) SELECT e.id || ':assigned', 'contact_assigned', c.id, ?, "
        "e.subject || ': ' || c.channel || ' “' || c.subject || '”', '{}', c.assigned_to_id, "
        "'open' FROM contact c JOIN event e ON e.contact_id = c.id "
        "WHERE c.status <> 'resolved' AND c.assigned_to_id IS NOT NULL AND e.kind = 'claim' "
        "AND e.at >= ? AND e.agent_id IS NOT c.assigned_to_id AND e.subject LIKE 'Assigned to %' "
        "AND e.subject LIKE 'Assigned to ' || (SELECT display_name FROM agent "
        "WHERE id = c.assigned_to_id) || ' by %'",
        (to_ms(now), since),
    )
    return conn.total_changes - before


def minute_sweep(db: Any, *, now: datetime, rules: Rules) -> bool:
    """The window's sweep once a minute: SLA warnings and breaches, overdue tasks, contacts
    a supervisor assigned, the alert rules (desktop/alerts.py). False (nothing written) when
    the database stayed busy: an import beside held the write lock past the busy timeout;
    the next minute catches up.

    IMMEDIATE: the sweep reads before it writes; with the write lock taken first it waits
    its turn instead of failing at once (a deferred transaction cannot wait once another
    process has committed after its read)."""
    try:
        with db.atomic("IMMEDIATE"):
            sla_sweep(db.connection(), now=now, rules=rules)
            task_sweep(db.connection(), now=now, rules=rules)
            assignment_alerts(db.connection(), now=now)
            alerts.sweep(db.connection(), now_ms=to_ms(now))
    except OperationalError as exc:
        if "locked" not in str(exc) and "busy" not in str(exc):
            raise
        log.info("sweep skipped, the database stayed busy: %s", exc)
        return False
    return True
