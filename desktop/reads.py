"""What the window reads: one function per question the UI asks of the workspace.

ui/ never imports models.schema, models.queries, models.database or peewee
(tests/test_layers.py): it asks here, so a change of schema, of how a query is written or of
how the database is bound to the application touches desktop/ and not the widgets. Writes
go through desktop/ops (the Mutator), never through this module.

The rows handed back are the models' records (``Customer``, ``Template``, ...), read-only
by convention; their types are re-exported here so that the UI can name them in
annotations without importing the schema.
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta
from typing import Any

from peewee import Database

from models.database import get_meta, storage_error
from models.protocol.vocabulary import ALERT_RULE_KINDS, is_lead
from models.queries import (
    QueueFilter,
    QueueKey,
    history_page,
    queue_count,
    queue_membership,
    queue_page,
    queue_page_before,
    queue_rows,
    search_customers,
    search_messages,
)
from models.schema import (
    CHANNELS,
    PRESENCES,
    ROLES,
    Agent,
    AgentSkill,
    Alert,
    Contact,
    Customer,
    Event,
    Intent,
    Mailbox,
    Outbound,
    Task,
    Template,
    TrainingArrival,
)

__all__ = [
    "CHANNELS",
    "PRESENCES",
    "ROLES",
    "Agent",
    "Alert",
    "Contact",
    "ContactView",
    "Customer",
    "Database",
    "Mailbox",
    "Outbound",
    "QueueFilter",
    "QueueKey",
    "Task",
    "Template",
    "agent_by_login",
    "agent_profile",
    "agents",
    "any_contact_of",
    "attention",
    "contact",
    "contact_view",
    "customer",
    "first_inbound_body",
    "has_agents",
    "has_data",
    "history_page",
    "mailboxes",
    "meta",
    "newest_open_contact",
    "pending_intents",
    "presence_of",
    "queue_count",
    "queue_membership",
    "queue_page",
    "queue_page_before",
    "queue_rows",
    "reply_templates",
    "search_customers",
    "search_messages",
    "sent_in_training",
    "skills_in_use",
    "storage_error",
    "template",
    "templates",
    "training_arrivals",
    "working_login",
]


# -- agents -------------------------------------------------------------------------------


def agent_by_login(login: str) -> Agent | None:
    return Agent.get_or_none(Agent.login == login)


def presence_of(agent_id: str) -> str:
    agent = Agent.get_or_none(Agent.id == agent_id)
    return str(agent.presence) if agent is not None else "offline"


def skills_in_use() -> list[str]:
    """Every skill some agent has, sorted (the window's skill filter)."""
    rows = AgentSkill.select(AgentSkill.skill).distinct().order_by(AgentSkill.skill)
    return [str(row.skill) for row in rows]


def has_agents() -> bool:
    return bool(Agent.select().limit(1).exists())


def has_data() -> bool:
    """Anything in the workspace yet (contacts or agents)?"""
    return bool(Contact.select().limit(1).exists()) or has_agents()


def working_login(signed_in_login: str | None) -> str | None:
    """Who works in this window: the server's account when its agent row is here, else the
    first agent or supervisor by login."""
    if signed_in_login is not None and agent_by_login(signed_in_login) is not None:
        return signed_in_login
    agent = (
        Agent.select().where(Agent.role.in_(("agent", "supervisor"))).order_by(Agent.login).first()
    )
    return str(agent.login) if agent else None


# -- contacts and customers -----------------------------------------------------------------


def contact(contact_id: str) -> Contact | None:
    return Contact.get_or_none(Contact.id == contact_id)


def any_contact_of(contact_ids: list[str], customer_id: str) -> bool:
    """Whether any of these contacts belongs to this customer or one merged into them."""
    from desktop.card import merged_ids

    customers = [customer_id, *merged_ids(customer_id)]
    return (
        bool(customer_id)
        and Contact.select()
        .where(Contact.id.in_(contact_ids) & Contact.customer.in_(customers))
        .exists()
    )


def customer(customer_id: str) -> Customer | None:
    return Customer.get_or_none(Customer.id == customer_id)


def first_inbound_body(contact_id: str) -> str | None:
    """The text the customer first wrote on this contact (the panel's opening message)."""
    first = (
        Event.select(Event.body)
        .where((Event.contact == contact_id) & (Event.kind == "inbound"))
        .order_by(Event.at)
        .first()
    )
    return first.body if first else None


def newest_open_contact(customer_id: str, *, unless: str | None = None) -> str | None:
    """The customer's newest open or waiting contact; ``unless`` (a contact id) is returned
    as is when it already belongs to the customer (a call pop keeps what is selected)."""
    if unless and Contact.get_or_none((Contact.id == unless) & (Contact.customer == customer_id)):
        return unless
    newest = (
        Contact.select(Contact.id)
        .where((Contact.customer == customer_id) & Contact.status.in_(("open", "waiting")))
        .order_by(Contact.received_at.desc())
        .first()
    )
    return str(newest.id) if newest is not None else None


def attention(
    agent_id: str, now: datetime, *, within: timedelta = timedelta(hours=2), limit: int = 200
) -> tuple[list[Alert], list[Task]]:
    """Open alerts for the agent (newest first) and their open follow-ups due within
    ``within`` (soonest first). A supervisor or an admin also gets the team's alerts of the
    alert rules (desktop/alerts.py: for nobody in particular, ``notify_id`` NULL)."""
    soon = now + within
    mine = Alert.notify == agent_id
    agent = Agent.get_or_none(Agent.id == agent_id)
    if agent is not None and is_lead(agent.role):
        mine = mine | (Alert.notify.is_null() & Alert.kind.in_(ALERT_RULE_KINDS))
    alerts = list(
        Alert.select().where(mine & (Alert.state == "open")).order_by(Alert.at.desc()).limit(limit)
    )
    tasks = list(
        Task.select()
        .where((Task.owner == agent_id) & (Task.state == "open") & (Task.due_at <= soon))
        .order_by(Task.due_at)
        .limit(limit)
    )
    return alerts, tasks


def reply_templates(channel: str) -> list[Template]:
    """Reply templates for a channel (and those for every channel), by language and name."""
    return list(
        Template.select()
        .where(
            (Template.purpose == "reply")
            & ((Template.channel == "") | (Template.channel == channel))
        )
        .order_by(Template.language, Template.name)
    )


# -- services ---------------------------------------------------------------------------------


def mailboxes() -> list[Mailbox]:
    return list(Mailbox.select().order_by(Mailbox.name))


def meta(key: str) -> str | None:
    """A workspace setting kept in the meta table (sync_last, server_url, ...)."""
    return get_meta(key)


def signed_in_teams() -> dict[str, str]:
    """{team: role} of the account this workspace is signed in with, home team first
    (kept at sign-in; empty when never signed in or the stored value is damaged)."""
    try:
        teams = json.loads(get_meta("sync_teams") or "{}")
    except ValueError:
        return {}
    if not isinstance(teams, dict):
        return {}
    return {str(k): str(v) for k, v in teams.items() if k and v != "trainee"}


def pending_intents() -> int:
    """Changes made here and not yet accepted by the server."""
    return int(Intent.select().where(Intent.state == "pending").count())


def training_arrivals() -> tuple[int, int]:
    """(scenario contacts in all, those still to arrive) of a training workspace."""
    total = TrainingArrival.select().count()
    waiting = TrainingArrival.select().where(TrainingArrival.contact_id.is_null()).count()
    return int(total), int(waiting)


def sent_in_training(limit: int = 200) -> tuple[tuple[int, str | None], list[Outbound]]:
    """What a practice window would have sent, newest first, with a fingerprint
    (count, newest id) to tell whether anything changed."""
    newest = Outbound.select().order_by(Outbound.created_at.desc()).first()
    seen = (int(Outbound.select().count()), str(newest.id) if newest else None)
    return seen, list(Outbound.select().order_by(Outbound.created_at.desc()).limit(limit))


# -- issue 15: search results, merge question, tray, self-test ---------------------------


def reach(customer_ids: list[str]) -> dict[str, str]:
    """One email (else phone, else handle) per customer, to tell namesakes apart."""
    from desktop.identity import display_phone
    from models.schema import Identity

    if not customer_ids:
        return {}
    rank = {"email": 0, "phone": 1, "handle": 2, "visitor": 3}
    best: dict[str, tuple[int, str]] = {}
    query = Identity.select(Identity.customer, Identity.kind, Identity.value).where(
        Identity.customer.in_(customer_ids)
    )
    for ident in query:
        customer_id, kind = str(ident.customer_id), str(ident.kind)
        text = display_phone(str(ident.value)) if kind == "phone" else str(ident.value)
        candidate = (rank.get(kind, 9), text)
        if customer_id not in best or candidate < best[customer_id]:
            best[customer_id] = candidate
    return {cid: text for cid, (_r, text) in best.items()}


def customer_names(customer_ids: list[str]) -> dict[str, str]:
    if not customer_ids:
        return {}
    query = Customer.select(Customer.id, Customer.name).where(Customer.id.in_(customer_ids))
    return {str(c.id): str(c.name) for c in query}


def customer_summary(customer_id: str) -> tuple[Customer, list[str], int] | None:
    """The customer, their identities as people read them, and how many contacts."""
    from desktop.identity import display_phone
    from models.schema import Identity

    found = Customer.get_or_none(Customer.id == customer_id)
    if found is None:
        return None
    idents = []
    for ident in (
        Identity.select(Identity.kind, Identity.value)
        .where(Identity.customer == customer_id)
        .order_by(Identity.kind)
    ):
        value = str(ident.value)
        idents.append(display_phone(value) if ident.kind == "phone" else value)
    contacts = Contact.select().where(Contact.customer == customer_id).count()
    return found, idents, contacts


def has_event(contact_id: str, kind: str) -> bool:
    return bool(Event.select().where((Event.contact == contact_id) & (Event.kind == kind)).exists())


def fts_rows(db: Database) -> int:
    return int(db.execute_sql("SELECT count(*) FROM message_fts").fetchone()[0])


# -- team settings (the admin screens) ---------------------------------------------------


def agents() -> list[Agent]:
    return list(Agent.select().order_by(Agent.login))


def agent_profile(agent_id: str) -> dict[str, Any]:
    """An agent's settings as the admin screen edits them."""
    agent = Agent.get_by_id(agent_id)
    skills = {s.skill: s.level for s in AgentSkill.select().where(AgentSkill.agent == agent_id)}
    try:
        capacity = json.loads(agent.capacity or "{}")
    except ValueError:
        capacity = {}
    return {
        "id": agent.id,
        "login": agent.login,
        "display_name": agent.display_name,
        "role": agent.role,
        "team": agent.team,
        "skills": dict(sorted(skills.items())),
        "capacity": capacity if isinstance(capacity, dict) else {},
    }


def templates() -> list[Template]:
    return list(Template.select().order_by(Template.purpose, Template.language, Template.name))


def template(template_id: str) -> Template | None:
    return Template.get_or_none(Template.id == template_id)


# -- the selected contact ------------------------------------------------------------------


class ContactView:
    """What the contact panel shows for one contact, read off the UI thread in one go:
    its queue row, the first message, the template values for its customer, the reply
    templates of its channel and its attachments."""

    __slots__ = ("attachments", "body", "customer_id", "html", "row", "templates", "values")

    def __init__(
        self,
        row: dict[str, Any],
        body: str | None,
        values: dict[str, str],
        templates: list[Template],
        attachments: list[dict[str, Any]],
        html: str,
    ) -> None:
        self.row = row
        self.customer_id: str = row["customer_id"]
        self.body = body
        self.values = values
        self.templates = templates
        self.attachments = attachments
        self.html = html


def contact_view(db: Database, actor: Any, contact_id: str) -> ContactView | None:
    """The contact as the panel shows it (None: gone since it was listed)."""
    from desktop.attachments import of_contact
    from desktop.templates import template_values

    row = queue_rows(db, [contact_id]).get(contact_id)
    if row is None:
        return None
    found, html = of_contact(contact_id)
    return ContactView(
        row,
        first_inbound_body(contact_id),
        template_values(actor, customer(row["customer_id"])),
        reply_templates(row["channel"]),
        found,
        html,
    )
