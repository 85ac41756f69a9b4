"""Writing server rows into the local tables, and rolling back what the server refused.

Runs inside the checkpoint transaction of :class:`desktop.sync.client.SyncClient`.
History is insert-if-absent; rows with pending local changes go through their shadow
(:mod:`desktop.sync.shadow`).

Why ~560 lines: one applier per change-log row kind, in one place so that the
order of a pull and the undo of a refused change stay visible together.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from desktop import privacy
from desktop.alerts import write_ack
from desktop.changes import Changes
from desktop.ops.agents import DEFAULT_CAPACITY
from desktop.rules import Rules
from desktop.sync import shadow
from models.base import derived_id, from_ms, parse_iso, to_ms
from models.protocol import IntentSpec, intents, settings
from models.schema import Intent

log = logging.getLogger("lastmile.sync")


def _ms(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return int(value)
    return to_ms(parse_iso(str(value)))


class Deferred(Exception):  # noqa: N818 - a signal to wait, not an error
    """This change cannot be applied yet (it waits for a local change's answer)."""


class Applier:
    """Upserts server rows (agents, customers, contacts, history, tasks, commerce)."""

    def __init__(self, conn: Any, rules: Rules, now_ms: int) -> None:
        self.conn = conn
        self.rules = rules
        self.now = now_ms
        self.newest_clock = ""  # the newest HLC seen on customer fields
        self._agents: set[str] = set()
        # rows with a shadow (pending local changes), read once: shadows are only added by
        # user actions, never while a checkpoint is applied, so a row not in here has none
        self._shadowed = set(conn.execute("SELECT kind, entity_id FROM sync_shadow"))
        self._pending: set[str] | None = None
        self.erased: list[str] = []  # customers erased in this checkpoint (files to scrub)
        self.rules_changed = False  # a rule came: the app's rules and due times follow
        self.changes = Changes()  # what this checkpoint touched (the window shows just that)

    @property
    def _pending_ids(self) -> set[str]:
        """Every id named by a pending intent (read once per checkpoint, when needed)."""
        if self._pending is None:
            self._pending = set()
            for (args,) in self.conn.execute("SELECT args FROM outbox WHERE state = 'pending'"):
                try:
                    parsed = json.loads(args)
                except ValueError:
                    continue
                if isinstance(parsed, dict):
                    self._pending.update(v for v in parsed.values() if isinstance(v, str))
        return self._pending

    def has_shadow(self, kind: str) -> bool:
        """Whether a row of this kind had a pending local change at the checkpoint's start."""
        return any(k == kind for k, _ in self._shadowed)

    def forget_cached(self) -> None:
        """After a rolled-back savepoint: rows remembered as written may not be there."""
        self._agents.clear()

    def apply(self, kind: str, entity_id: str, data: dict[str, Any]) -> None:
        handler = getattr(self, f"_{kind}", None)
        if handler is None:
            log.debug("ignoring %s %s", kind, entity_id)
            return
        if (kind, entity_id) in self._shadowed:
            data = shadow.absorb(kind, entity_id, data)
        handler(entity_id, data)

    def _ensure_agent(self, agent_id: str | None) -> None:
        """A row may name an agent this desktop has not received (another team's)."""
        if not agent_id or agent_id in self._agents:
            return
        self.conn.execute(
            "INSERT OR IGNORE INTO agent (id, login, display_name, role, presence, team, "
            "capacity, created_at) VALUES (?, ?, 'another agent', 'agent', 'offline', '', "
            "'{}', ?)",
            (agent_id, f"agent-{agent_id}", self.now),
        )
        self._agents.add(agent_id)

    def _touch(self, customer_id: Any = None, contact_id: Any = None, task_id: Any = None) -> None:
        if isinstance(customer_id, str) and customer_id:
            self.changes.customers.add(customer_id)
        if isinstance(contact_id, str) and contact_id:
            self.changes.contacts.add(contact_id)
        if isinstance(task_id, str) and task_id:
            self.changes.tasks.add(task_id)

    def _agent(self, entity_id: str, d: dict[str, Any]) -> None:
        self.changes.agents = True
        self.conn.execute(
            "INSERT INTO agent (id, login, display_name, role, presence, team, capacity, "
            "created_at) VALUES (?, ?, ?, ?, 'offline', ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "login = excluded.login, display_name = excluded.display_name, "
            "role = excluded.role, team = excluded.team",
            (
                entity_id,
                d["login"],
                d["display_name"],
                d["role"],
                d.get("team", ""),
                json.dumps(DEFAULT_CAPACITY),
                self.now,
            ),
        )
        self._agents.add(entity_id)

    def _setting(self, entity_id: str, d: dict[str, Any]) -> None:
        """A team setting (server/handlers/settings.py): in force here from this checkpoint.
        A setting with a change of this desktop still unanswered keeps the local value;
        the server's goes into its shadow (restored if the local change is refused)."""
        kind, key, data = d.get("kind"), d.get("key"), d.get("data")
        if not isinstance(key, str) or not isinstance(data, dict):
            raise ValueError("a setting needs a key and its data")
        self.changes.agents = self.changes.agents or kind == settings.AGENT
        local = shadow.SETTING_KINDS.get(str(kind))
        if local is not None and (local, key) in self._shadowed:
            shadow.absorb(local, key, data)
            return
        if kind == settings.AGENT:
            self._ensure_agent(key)
            shadow.write_agent_settings(self.conn, key, data)
        elif kind == settings.TEMPLATE:
            if data.get("deleted"):
                self.conn.execute("DELETE FROM template WHERE id = ?", (key,))
            else:
                shadow.write_template(self.conn, key, data)
        elif kind == settings.RULE:
            self.conn.execute(
                "INSERT OR REPLACE INTO rule (key, value, updated_at) VALUES (?, ?, ?)",
                (key, json.dumps(data.get("value")), self.now),
            )
            self.rules_changed = True
        elif kind == settings.ALERT_RULE:
            if data.get("deleted"):
                self.conn.execute("DELETE FROM alert_rule WHERE id = ?", (key,))
            else:  # the row's id is space/kind/key: the team it belongs to
                shadow.write_alert_rule(self.conn, key, {**data, "team": entity_id.split("/")[0]})
        elif kind == settings.ALERT_ACK:
            # the team's acknowledgement (server/handlers/alerts.py): also of an alert not
            # raised here yet, which is then born acknowledged (desktop/alerts.py)
            at = data.get("at")
            write_ack(
                self.conn,
                key,
                by_id=data.get("by_id") if isinstance(data.get("by_id"), str) else None,
                by=str(data.get("by") or ""),
                at=at if isinstance(at, int) and not isinstance(at, bool) else self.now,
            )
        elif kind == settings.SUGGESTION and data.get("dismissed"):
            a, _, b = key.partition("|")
            self.conn.execute(
                "UPDATE merge_suggestion SET state = 'dismissed' WHERE state = 'open' AND "
                "((customer_a = ? AND customer_b = ?) OR (customer_a = ? AND customer_b = ?))",
                (a, b, b, a),
            )

    def _customer(self, entity_id: str, d: dict[str, Any]) -> None:
        self._touch(customer_id=entity_id)
        if d.get("merged_into"):
            self.changes.queue = True  # its contacts show under the survivor
        tags = d.get("tags", "[]")
        self.conn.execute(
            "INSERT INTO customer (id, name, locale, timezone, culture_notes, tags, vip, "
            "influencer, reach, do_not_contact, merged_into, created_at, updated_at) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "name = excluded.name, locale = excluded.locale, timezone = excluded.timezone, "
            "culture_notes = excluded.culture_notes, tags = excluded.tags, vip = excluded.vip, "
            "do_not_contact = excluded.do_not_contact, merged_into = excluded.merged_into, "
            "influencer = max(influencer, excluded.influencer), "
            "reach = max(reach, excluded.reach), updated_at = excluded.updated_at",
            (
                entity_id,
                d.get("name") or "?",
                d.get("locale", ""),
                d.get("timezone", ""),
                d.get("culture_notes", ""),
                tags if isinstance(tags, str) else json.dumps(tags),
                bool(d.get("vip")),
                bool(d.get("influencer")),
                int(d.get("reach") or 0),
                bool(d.get("do_not_contact")),
                d.get("merged_into"),
                self.now,
                self.now,
            ),
        )
        keys = [k for k in d.get("keys", []) if isinstance(k, list) and len(k) >= 2]
        for key in keys:
            kind, value = key[0], key[1]
            network = key[2] if len(key) > 2 else ""
            self.conn.execute(
                "INSERT OR IGNORE INTO identity (id, customer_id, kind, value, network) "
                "VALUES (lower(hex(randomblob(16))), ?, ?, ?, ?)",
                (entity_id, kind, value, network),
            )
        if "keys" in d and keys:
            self._drop_removed_identities(entity_id, {(k[0], k[1]) for k in keys})
        for stamp in (d.get("clocks") or {}).values():
            self.newest_clock = max(self.newest_clock, str(stamp))

    def _drop_removed_identities(self, customer_id: str, keys: set[tuple[str, str]]) -> None:
        """An identity someone removed on another desktop goes here too: the server's keys
        are the customer's identities. Not while this desktop has changes of its own to
        this customer waiting (one of them may add the identity the server has not seen
        yet); the customer's next change brings the removal then."""
        if customer_id in self._pending_ids:
            return
        for identity_id, kind, value in self.conn.execute(
            "SELECT id, kind, value FROM identity WHERE customer_id = ?", (customer_id,)
        ).fetchall():
            if (kind, value) not in keys:
                self.conn.execute("DELETE FROM identity WHERE id = ?", (identity_id,))

    def _contact(self, entity_id: str, d: dict[str, Any]) -> None:
        other = self.conn.execute(
            "SELECT id FROM contact WHERE channel = ? AND external_id = ? AND id <> ?",
            (d["channel"], d.get("external_id"), entity_id),
        ).fetchone()
        if other is not None:
            # the same message received here under another id: the server's copy wins
            # once our own copy's answer has arrived
            if (
                Intent.select()
                .where(
                    (Intent.state == "pending")
                    & (Intent.name == intents.CONTACT_RECEIVE.name)
                    & Intent.args.contains(other[0])
                )
                .exists()
            ):
                raise Deferred(entity_id)
            drop_contact(self.conn, other[0])
            self._touch(contact_id=other[0])
        self._touch(customer_id=d.get("customer_id"), contact_id=entity_id)
        received = _ms(d["received_at"]) or 0
        due = to_ms(
            self.rules.due_at(
                d["channel"], from_ms(received), d.get("priority", 0), d.get("skill", "general")
            )
        )
        self._ensure_agent(d.get("assigned_to"))
        self.conn.execute(
            "INSERT INTO contact (id, channel, direction, received_at, customer_id, subject, "
            "preview, external_id, thread_id, skill, priority, status, assigned_to_id, due_at, "
            "outcome, sentiment, updated_at, team) VALUES "
            "(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "status = excluded.status, assigned_to_id = excluded.assigned_to_id, "
            "thread_id = excluded.thread_id, "  # the server threads late parents too
            "updated_at = excluded.updated_at, team = excluded.team",
            (
                entity_id,
                d["channel"],
                d.get("direction") or "inbound",
                received,
                d.get("customer_id"),
                d.get("subject", ""),
                d.get("preview", ""),
                d.get("external_id"),
                d.get("thread_id") or entity_id,
                d.get("skill", "general"),
                d.get("priority", 0),
                d.get("status", "open"),
                d.get("assigned_to"),
                due,
                d.get("outcome"),
                d.get("sentiment"),
                self.now,
                d.get("team") or "",
            ),
        )

    def _event(self, entity_id: str, d: dict[str, Any]) -> None:
        self._touch(customer_id=d.get("customer_id"), contact_id=d.get("contact_id"))
        self._ensure_agent(d.get("agent_id"))
        self.conn.execute(
            "INSERT OR IGNORE INTO event (id, customer_id, contact_id, at, channel, kind, "
            "agent_id, subject, body, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')",
            (
                entity_id,
                d.get("customer_id"),
                d.get("contact_id"),
                _ms(d.get("at")) or 0,
                d.get("channel", ""),
                d.get("kind", "note"),
                d.get("agent_id"),
                d.get("subject", ""),
                d.get("body", ""),
            ),
        )

    def _attachment(self, entity_id: str, d: dict[str, Any]) -> None:
        size = d.get("size")
        self.conn.execute(
            "INSERT OR REPLACE INTO attachment (id, contact_id, event_id, sha256, name, type, "
            "size, too_big) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entity_id,
                d.get("contact_id") or "",
                d.get("event_id") or "",
                str(d.get("sha256") or ""),
                str(d.get("name") or "attachment")[:255],
                str(d.get("type") or "application/octet-stream")[:255],
                size if isinstance(size, int) else 0,
                1 if d.get("too_big") else 0,
            ),
        )

    def _task(self, entity_id: str, d: dict[str, Any]) -> None:
        self._touch(
            customer_id=d.get("customer_id"), contact_id=d.get("contact_id"), task_id=entity_id
        )
        self._ensure_agent(d.get("owner_id"))
        self.conn.execute(
            "INSERT INTO task (id, customer_id, contact_id, kind, title, due_at, owner_id, state, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "state = excluded.state, owner_id = excluded.owner_id",
            (
                entity_id,
                d.get("customer_id"),
                d.get("contact_id"),
                d.get("kind", "follow_up"),
                d.get("title", "Follow up"),
                _ms(d.get("due_at")) or self.now,
                d.get("owner_id"),
                d.get("state", "open"),
                self.now,
            ),
        )

    def _merge(self, entity_id: str, d: dict[str, Any]) -> None:
        self._touch(customer_id=d.get("survivor_id"))
        self._touch(customer_id=d.get("duplicate_id"))
        self.changes.queue = self.changes.external = True  # contacts move between customers
        self.conn.execute(
            "INSERT INTO merge_record (id, survivor_id, duplicate_id, evidence, at, undone_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET undone_at = "
            "CASE WHEN excluded.undone_at IS NULL THEN NULL "
            "ELSE coalesce(undone_at, excluded.undone_at) END",
            (
                entity_id,
                d["survivor_id"],
                d["duplicate_id"],
                json.dumps(d.get("evidence", [])),
                self.now,
                self.now if d.get("undone") else None,
            ),
        )

    def _purchase(self, entity_id: str, d: dict[str, Any]) -> None:
        self._touch(customer_id=d.get("customer_id"))
        self.conn.execute(
            "INSERT OR IGNORE INTO purchase (id, customer_id, external_id, product, amount_cents, "
            "currency, purchased_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (
                entity_id,
                d["customer_id"],
                d.get("external_id"),
                d.get("product", ""),
                d.get("amount_cents", 0),
                d.get("currency", "USD"),
                _ms(d.get("purchased_at")),
            ),
        )

    def _invoice(self, entity_id: str, d: dict[str, Any]) -> None:
        self._touch(customer_id=d.get("customer_id"))
        times = [
            _ms(d.get(k)) for k in ("issued_at", "due_at", "sent_at", "reminded_at", "paid_at")
        ]
        self.conn.execute(
            "INSERT OR IGNORE INTO invoice (id, customer_id, external_id, number, amount_cents, "
            "currency, issued_at, due_at, sent_at, reminded_at, paid_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                entity_id,
                d["customer_id"],
                d.get("external_id"),
                d.get("number", ""),
                d.get("amount_cents", 0),
                d.get("currency", "USD"),
                *times,
            ),
        )
        self.conn.execute(
            "UPDATE invoice SET sent_at = coalesce(sent_at, ?), "
            "reminded_at = coalesce(reminded_at, ?), paid_at = coalesce(paid_at, ?) "
            "WHERE id = ?",
            (*times[2:], entity_id),
        )

    def _erasure(self, entity_id: str, d: dict[str, Any]) -> None:
        """A person erased by a supervisor (``customer.erase``): the same erase as on the
        desktop it was made on, with its one audit record (who, when, which customer)."""
        ids = [i for i in d.get("customer_ids") or [entity_id] if isinstance(i, str)]
        self.conn.execute("PRAGMA secure_delete = ON")
        main = [r for r in self.conn.execute("PRAGMA database_list") if r[1] == "main"]
        folder = Path(main[0][2]).parent if main and main[0][2] else None  # drafts.json
        erased = privacy.erase_rows(self.conn, ids, folder)
        self.changes.customers.update(ids)
        self.changes.queue = self.changes.external = True  # their contacts are gone
        self.conn.execute(
            "INSERT INTO audit (at, agent_id, action, entity, entity_id, detail) "
            "VALUES (?, ?, ?, 'customer', ?, ?)",
            (
                _ms(d.get("at")) or self.now,
                d.get("by"),
                intents.CUSTOMER_ERASE.name,
                entity_id,
                json.dumps({"customer_id": entity_id, "via": "sync"}),
            ),
        )
        self.erased += erased

    def _outbound(self, entity_id: str, d: dict[str, Any]) -> None:
        """What the server's sender did: 'sent' (final, with its time) or 'failed'; while
        the server has it queued or sending it stays 'queued' here. The reply's history
        line keeps the server's latest word in its data (``delivery``: state, reason such
        as "waiting for a gateway", sent_at), on every desktop of the team."""
        self._touch(contact_id=d.get("contact_id"))
        state = d.get("state", "queued")
        sent_at = _ms(d.get("sent_at"))
        local = state if state in ("sent", "failed") else "queued"
        # a colleague's reply (or another desktop's acknowledgement) has no local outbox
        # row yet: it gets one, so every desktop shows where each message stands
        self.conn.execute(
            "INSERT OR IGNORE INTO outbound (id, contact_id, event_id, channel, recipient, "
            "subject, body, state, created_at, sent_at) SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ? "
            "WHERE EXISTS (SELECT 1 FROM contact WHERE id = ?)",
            (
                entity_id,
                d.get("contact_id"),
                entity_id,
                d.get("channel") or "",
                d.get("recipient") or "",
                d.get("subject") or "",
                d.get("body") or "",
                local,
                self.now,
                sent_at,
                d.get("contact_id"),
            ),
        )
        self.conn.execute(
            "UPDATE outbound SET state = ?, sent_at = coalesce(?, sent_at) WHERE event_id = ? "
            "AND state IN ('queued', 'failed')",  # an admin may resend a failed one
            (local, sent_at, entity_id),
        )
        if d.get("message_id"):  # the Message-ID it left with: a bounce names it
            self.conn.execute(
                "UPDATE outbound SET message_id = ? WHERE event_id = ?",
                (str(d["message_id"])[:255], entity_id),
            )
        delivery = json.dumps({"state": state, "reason": d.get("reason") or "", "sent_at": sent_at})
        self.conn.execute(
            "UPDATE event SET data = json_set(CASE WHEN json_valid(data) THEN data ELSE '{}' "
            "END, '$.delivery', json(?)) WHERE id = ? AND kind IN ('reply', 'ack')",
            (delivery, entity_id),
        )


def drop_contact(conn: Any, contact_id: str) -> None:
    """Remove a local contact the server does not have (a duplicate of one it has)."""
    for table in ("outbound", "task", "alert", "event", "attachment"):
        conn.execute(f'DELETE FROM "{table}" WHERE contact_id = ?', (contact_id,))
    conn.execute("DELETE FROM sync_shadow WHERE kind = 'contact' AND entity_id = ?", (contact_id,))
    conn.execute("DELETE FROM contact WHERE id = ?", (contact_id,))


def undo_rejected(
    conn: Any, intent: Intent, reason: str, record: Callable[[IntentSpec, dict[str, Any]], None]
) -> None:
    """What the server refused, undone locally (the shadow restores the synced fields):
    a refused reply becomes an internal note (synced as one) and its message is never
    sent; a refused claim leaves a line saying so; an import the server already had is
    dropped here. ``record`` appends a new intent to the outbox."""
    args = json.loads(intent.args)
    if intent.name == intents.CONTACT_REPLY.name:
        conn.execute(
            "UPDATE event SET kind = 'note', subject = ? WHERE id = ?",
            ("Reply not sent (refused by the server)", args.get("event_id")),
        )
        conn.execute(
            "UPDATE outbound SET state = 'cancelled' WHERE event_id = ? AND state = 'queued'",
            (args.get("event_id"),),
        )
        if isinstance(args.get("contact_id"), str) and isinstance(args.get("body"), str):
            # the text is not lost: every desktop gets it as an internal note
            record(
                intents.CONTACT_NOTE,
                {
                    "contact_id": args["contact_id"],
                    "event_id": args.get("event_id"),
                    "body": args["body"],
                },
            )
    elif intent.name == intents.CONTACT_CLAIM.name:
        made = to_ms(intent.created_at)
        conn.execute(
            "UPDATE event SET subject = ? WHERE contact_id = ? AND kind = 'claim' AND "
            "agent_id = ? AND at BETWEEN ? AND ?",
            (
                f"Not taken: {reason}"[:255],
                args.get("contact_id"),
                intent.agent_id,
                made - 2000,
                made + 2000,
            ),
        )
    elif intent.name == intents.CONTACT_RECEIVE.name and isinstance(args.get("contact_id"), str):
        if reason.startswith(DUPLICATE_CONTACT):
            # the server has the same message from another desktop: its copy comes with
            # the pull (and replaces this one there); ours would be a second copy
            drop_contact(conn, args["contact_id"])
        else:
            # any other refusal never deletes what the user has: the contact stays here,
            # with a line saying that it did not reach the team and why
            keep_refused(conn, args["contact_id"], reason)
    elif intent.name in (intents.PURCHASE_RECORD.name, intents.INVOICE_RECORD.name):
        table = intent.name.split(".")[0]
        row_id = args.get(f"{table}_id")
        if "already recorded" not in reason:
            return  # kept here (the refusal is in the sync notices); only a copy is dropped
        conn.execute("DELETE FROM event WHERE kind = ? AND data LIKE ?", (table, f'%"{row_id}"%'))
        conn.execute(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))


DUPLICATE_CONTACT = "already received as contact"


def keep_refused(conn: Any, contact_id: str, reason: str) -> None:
    """A received contact the server refused for another reason than being a copy: kept
    on this desktop with a visible history line (only here: it is not synced)."""
    row = conn.execute(
        "SELECT customer_id, channel FROM contact WHERE id = ?", (contact_id,)
    ).fetchone()
    if row is None:
        return
    conn.execute(
        "INSERT OR IGNORE INTO event (id, customer_id, contact_id, at, channel, kind, subject, "
        "body, data) VALUES (?, ?, ?, ?, ?, 'note', ?, ?, '{}')",
        (
            derived_id(contact_id, "refused"),
            row[0],
            contact_id,
            int(time.time() * 1000),
            row[1],
            "Not synced: only on this desktop"[:255],
            f"The server refused this contact: {reason}. It stays here; your colleagues do "
            "not see it.",
        ),
    )
