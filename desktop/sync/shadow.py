"""Shadow copies: the last server state of rows that have local changes still pending.

The mutator calls :func:`capture` inside the transaction of a user action, before the
action changes anything: the first pending change to a row copies its synced fields
into ``sync_shadow``. From then on, server changes to those fields go into the shadow,
not into the row, so the user keeps seeing their own (optimistic) change. When no
intent on the row is pending any more, :func:`settle` writes the shadow into the row
and drops it: an accepted change arrives through the server's state, a refused one is
rolled back exactly to what the server has.

No Qt, no network: this module is imported by the mutator.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

from models import protocol
from models.base import to_ms, utcnow
from models.protocol import IntentSpec
from models.schema import (
    Agent,
    AgentSkill,
    AlertRule,
    Contact,
    Customer,
    Intent,
    MergeRecord,
    Rule,
    SyncShadow,
    Task,
    Template,
)

# which synced fields of which rows each action changes optimistically
FIELDS: dict[str, tuple[str, ...]] = {
    "contact": ("assigned_to", "status"),
    "customer": (
        "name",
        "locale",
        "timezone",
        "culture_notes",
        "tags",
        "vip",
        "do_not_contact",
        "merged_into",
    ),
    "task": ("state", "owner_id"),
    "merge": ("undone",),
}


def touched(intent: IntentSpec | str, args: dict[str, Any]) -> Iterator[tuple[str, str]]:
    """The (kind, id) of every row whose synced fields this action changes, as its
    declaration says (models/protocol/intents.py ``touches``)."""
    spec = intent if isinstance(intent, IntentSpec) else protocol.spec_of(intent)
    for kind, key in spec.touches if spec is not None else ():
        if ":" in key:  # the id is a field of another row: "merge:merge_id.duplicate_id"
            model, _, path = key.partition(":")
            arg, _, column = path.partition(".")
            row = _LOOKUPS[model](args.get(arg))
            value = getattr(row, column, None) if row is not None else None
        else:
            value = args.get(key)
        if isinstance(value, str):
            yield kind, value


def _merge_record(merge_id: Any) -> MergeRecord | None:
    return (
        MergeRecord.get_or_none(MergeRecord.id == merge_id) if isinstance(merge_id, str) else None
    )


_LOOKUPS = {"merge": _merge_record}


def shadowed_actions() -> tuple[str, ...]:
    return tuple(name for name, spec in protocol.REGISTRY.items() if spec.touches)


# team settings (models/protocol/settings.py kinds) and the shadow kind each is kept as
SETTING_KINDS = {
    "agent": "agent_settings",
    "template": "template",
    "rule": "rule",
    "alert_rule": "alert_rule",
}
_TEMPLATE_FIELDS = ("name", "body", "channel", "language", "purpose")


def _conn() -> Any:
    return Agent._meta.database.connection()


def write_agent_settings(conn: Any, agent_id: str, data: dict[str, Any]) -> None:
    """An agent's team settings (server terms: skills, capacity.CHANNEL, presence)."""
    if isinstance(data.get("skills"), dict):
        conn.execute("DELETE FROM agent_skill WHERE agent_id = ?", (agent_id,))
        conn.executemany(
            "INSERT INTO agent_skill (id, agent_id, skill, level) VALUES "
            "(lower(hex(randomblob(16))), ?, ?, ?)",
            [(agent_id, skill, int(level)) for skill, level in data["skills"].items()],
        )
    capacity = {k.partition(".")[2]: n for k, n in data.items() if k.startswith("capacity.")}
    if capacity:
        row = conn.execute("SELECT capacity FROM agent WHERE id = ?", (agent_id,)).fetchone()
        merged = {**(json.loads(row[0] or "{}") if row else {}), **capacity}
        conn.execute("UPDATE agent SET capacity = ? WHERE id = ?", (json.dumps(merged), agent_id))
    if isinstance(data.get("presence"), str):
        conn.execute("UPDATE agent SET presence = ? WHERE id = ?", (data["presence"], agent_id))


def write_template(conn: Any, template_id: str, data: dict[str, Any]) -> None:
    conn.execute(
        "INSERT INTO template (id, name, channel, language, body, purpose) VALUES "
        "(?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET name = excluded.name, "
        "channel = excluded.channel, language = excluded.language, body = excluded.body, "
        "purpose = excluded.purpose",
        (
            template_id,
            data.get("name") or "?",
            data.get("channel") or "",
            data.get("language") or "en",
            data.get("body") or "",
            data.get("purpose") or "reply",
        ),
    )


def write_alert_rule(conn: Any, rule_id: str, data: dict[str, Any]) -> None:
    """An alert rule (server terms: kind, channel, keywords, watch, threshold)."""
    conn.execute(
        "INSERT INTO alert_rule (id, kind, channel, keywords, watch, threshold, team, "
        "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
        "kind = excluded.kind, channel = excluded.channel, keywords = excluded.keywords, "
        "watch = excluded.watch, threshold = excluded.threshold, "
        "team = CASE WHEN excluded.team = '' THEN team ELSE excluded.team END",
        (
            rule_id,
            data.get("kind") or "volume_spike",
            data.get("channel") or "",
            json.dumps(data.get("keywords") or []),
            json.dumps(data.get("watch") or []),
            data.get("threshold"),
            data.get("team") or "",
            to_ms(utcnow()),
        ),
    )


def _setting_snapshot(kind: str, entity_id: str) -> dict[str, Any] | None:
    if kind == "agent_settings":
        agent = Agent.get_or_none(Agent.id == entity_id)
        if agent is None:
            return None
        skills = {
            s.skill: s.level for s in AgentSkill.select().where(AgentSkill.agent == entity_id)
        }
        capacity = {f"capacity.{c}": n for c, n in json.loads(agent.capacity or "{}").items()}
        return {"skills": skills, **capacity, "presence": agent.presence}
    if kind == "template":
        template = Template.get_or_none(Template.id == entity_id)
        return (
            {"absent": True}
            if template is None
            else {f: getattr(template, f) for f in _TEMPLATE_FIELDS}
        )
    if kind == "rule":
        rule = Rule.get_or_none(Rule.key == entity_id)
        return {"absent": True} if rule is None else {"value": json.loads(rule.value)}
    if kind == "alert_rule":
        alert_rule = AlertRule.get_or_none(AlertRule.id == entity_id)
        if alert_rule is None:
            return {"absent": True}
        return {
            "kind": alert_rule.kind,
            "channel": alert_rule.channel,
            "keywords": json.loads(alert_rule.keywords),
            "watch": json.loads(alert_rule.watch),
            "threshold": alert_rule.threshold,
        }
    return None


def _setting_restore(kind: str, entity_id: str, data: dict[str, Any]) -> None:
    conn = _conn()
    if kind == "agent_settings":
        write_agent_settings(conn, entity_id, data)
    elif kind == "template":
        if data.get("absent") or data.get("deleted"):  # refused, or deleted for the team
            conn.execute("DELETE FROM template WHERE id = ?", (entity_id,))
        else:
            write_template(conn, entity_id, data)
    elif kind == "alert_rule":
        if data.get("absent") or data.get("deleted"):  # refused, or removed for the team
            conn.execute("DELETE FROM alert_rule WHERE id = ?", (entity_id,))
        else:
            write_alert_rule(conn, entity_id, data)
    elif kind == "rule":
        if data.get("absent"):
            conn.execute("DELETE FROM rule WHERE key = ?", (entity_id,))
        else:
            conn.execute(
                "INSERT OR REPLACE INTO rule (key, value, updated_at) VALUES (?, ?, ?)",
                (entity_id, json.dumps(data.get("value")), to_ms(utcnow())),
            )


def snapshot(kind: str, entity_id: str) -> dict[str, Any] | None:
    """The row's synced fields as they are now, in the server's terms."""
    if kind in SETTING_KINDS.values():
        return _setting_snapshot(kind, entity_id)
    if kind == "contact":
        contact = Contact.get_or_none(Contact.id == entity_id)
        return (
            None
            if contact is None
            else {"assigned_to": contact.assigned_to_id, "status": contact.status}
        )
    if kind == "customer":
        customer = Customer.get_or_none(Customer.id == entity_id)
        return None if customer is None else {f: getattr(customer, f) for f in FIELDS["customer"]}
    if kind == "task":
        task = Task.get_or_none(Task.id == entity_id)
        return None if task is None else {"state": task.state, "owner_id": task.owner_id}
    if kind == "merge":
        record = MergeRecord.get_or_none(MergeRecord.id == entity_id)
        return (
            {"undone": record.undone_at is not None}
            if record
            else {"undone": False, "absent": True}
        )
    return None


def capture(intent: IntentSpec, args: dict[str, Any]) -> None:
    """Before an action changes rows: keep the server state of rows not yet shadowed."""
    for kind, entity_id in touched(intent, args):
        if (
            SyncShadow.get_or_none((SyncShadow.kind == kind) & (SyncShadow.entity_id == entity_id))
            is not None
        ):
            continue  # an earlier pending change already kept the server state
        data = snapshot(kind, entity_id)
        if data is not None:
            SyncShadow.insert(kind=kind, entity_id=entity_id, data=json.dumps(data)).execute()


def pending_rows() -> set[tuple[str, str]]:
    """Rows that still have an unanswered local change."""
    rows: set[tuple[str, str]] = set()
    query = Intent.select(Intent.name, Intent.args).where(
        (Intent.state == "pending") & Intent.name.in_(shadowed_actions())
    )
    for intent in query:
        rows.update(touched(intent.name, json.loads(intent.args)))
    return rows


def absorb(kind: str, entity_id: str, server: dict[str, Any]) -> dict[str, Any]:
    """A server change to a row: the shadowed fields go into its shadow; returned is what
    to write into the row (the server's data with the local values of those fields)."""
    if kind in SETTING_KINDS.values():  # the server's setting, kept until ours is answered
        row = SyncShadow.get_or_none(
            (SyncShadow.kind == kind) & (SyncShadow.entity_id == entity_id)
        )
        if row is not None:
            kept = {k: v for k, v in json.loads(row.data).items() if k != "absent"}
            SyncShadow.update(data=json.dumps({**kept, **server})).where(
                (SyncShadow.kind == kind) & (SyncShadow.entity_id == entity_id)
            ).execute()
        return server
    if kind not in FIELDS:
        return server
    row = SyncShadow.get_or_none((SyncShadow.kind == kind) & (SyncShadow.entity_id == entity_id))
    if row is None:
        return server
    kept = json.loads(row.data)
    kept.pop("absent", None)
    kept.update({f: server[f] for f in FIELDS[kind] if f in server})
    SyncShadow.update(data=json.dumps(kept)).where(
        (SyncShadow.kind == kind) & (SyncShadow.entity_id == entity_id)
    ).execute()
    local = snapshot(kind, entity_id) or {}
    local.pop("absent", None)
    return {**server, **local}


def settle(pending: set[tuple[str, str]]) -> int:
    """Write back and drop the shadows of rows with no pending change left."""
    settled = 0
    for row in list(SyncShadow.select()):
        key = (row.kind, row.entity_id)
        if key in pending:
            continue
        restore(row.kind, row.entity_id, json.loads(row.data))
        SyncShadow.delete().where(
            (SyncShadow.kind == row.kind) & (SyncShadow.entity_id == row.entity_id)
        ).execute()
        settled += 1
    return settled


def restore(kind: str, entity_id: str, data: dict[str, Any]) -> None:
    if kind in SETTING_KINDS.values():
        _setting_restore(kind, entity_id, data)
    elif kind == "contact":
        updates: dict[Any, Any] = {
            Contact.assigned_to: data.get("assigned_to"),
            Contact.status: data.get("status", "open"),
        }
        if data.get("status") != "resolved":
            updates[Contact.resolved_at] = None
        Contact.update(updates).where(Contact.id == entity_id).execute()
    elif kind == "customer":
        Customer.update(
            {getattr(Customer, f): data[f] for f in FIELDS["customer"] if f in data}
        ).where(Customer.id == entity_id).execute()
    elif kind == "task":
        updates = {Task.state: data.get("state", "open")}
        if "owner_id" in data:
            updates[Task.owner] = data["owner_id"]
        Task.update(updates).where(Task.id == entity_id).execute()
    elif kind == "merge":
        if data.get("absent") or data.get("undone"):  # absent: the server never had it
            MergeRecord.update(undone_at=to_ms(utcnow())).where(
                (MergeRecord.id == entity_id) & MergeRecord.undone_at.is_null()
            ).execute()
        else:
            MergeRecord.update(undone_at=None).where(MergeRecord.id == entity_id).execute()
