"""The server's tables on PostgreSQL: the shared domain, accounts, and the sync bookkeeping.

The domain tables mirror models/schema.py (same names, same meanings, times as integer
milliseconds) with one more column, ``space``: the team whose desktops receive the row.
Rows are written only through :class:`server.apply.Tx`, which logs every write in the
space's change log in the same transaction.

Why ~510 lines: one declaration per server table, kept together so that the schema can
be read (and diffed against models/schema.py) in one place; it holds no logic to split.
"""

from __future__ import annotations

import json
from typing import Any

from peewee import (
    BigIntegerField,
    BooleanField,
    CharField,
    CompositeKey,
    DatabaseProxy,
    FloatField,
    IntegerField,
    Model,
    TextField,
)

server_db = DatabaseProxy()


class ServerModel(Model):
    class Meta:
        database = server_db
        legacy_table_names = False


class DomainModel(ServerModel):
    """A row that desktops receive. ``change()`` is what goes into the change log."""

    KIND = ""
    id: Any
    space = CharField(index=True)

    def change(self) -> dict[str, Any]:
        raise NotImplementedError


# -- the shared domain -------------------------------------------------------------------


class Agent(DomainModel):
    KIND = "agent"
    id = CharField(primary_key=True)
    login = CharField(unique=True)
    display_name = CharField()
    role = CharField()

    def change(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "login": self.login,
            "display_name": self.display_name,
            "role": self.role,
            "team": self.space,
        }


CUSTOMER_FIELDS = ("name", "locale", "timezone", "culture_notes", "tags", "vip", "do_not_contact")


class Customer(DomainModel):
    KIND = "customer"
    id = CharField(primary_key=True)
    name = CharField(default="")
    locale = CharField(default="")
    timezone = CharField(default="")
    culture_notes = TextField(default="")
    tags = TextField(default="[]")  # JSON list, as on the desktop
    vip = BooleanField(default=False)
    influencer = BooleanField(default=False)
    reach = BigIntegerField(default=0)
    do_not_contact = BooleanField(default=False)
    merged_into = CharField(null=True)
    keys = TextField(default="[]")  # JSON [[kind, value, network], ...]: identities
    clocks = TextField(default="{}")  # JSON field -> HLC of the value that won

    def change(self) -> dict[str, Any]:
        data = {f: getattr(self, f) for f in CUSTOMER_FIELDS}
        data.update(
            id=self.id,
            influencer=self.influencer,
            reach=self.reach,
            merged_into=self.merged_into,
            keys=json.loads(self.keys),
            clocks=json.loads(self.clocks),
        )
        return data


class Contact(DomainModel):
    KIND = "contact"
    id = CharField(primary_key=True)
    customer_id = CharField(null=True)
    channel = CharField()
    received_at = BigIntegerField()
    subject = TextField(default="")
    preview = TextField(default="")
    external_id = CharField(null=True)
    skill = CharField(default="general")
    priority = IntegerField(default=0)
    status = CharField(default="open")
    assigned_to = CharField(null=True)
    claimed_at = BigIntegerField(null=True)
    outcome = CharField(null=True)
    direction = CharField(default="inbound")
    sentiment = FloatField(null=True)
    thread_id = CharField(null=True)

    class Meta:
        # a message id is unique within a team: two teams may receive the same mail
        indexes = ((("space", "channel", "external_id"), True),)

    def change(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "channel": self.channel,
            "received_at": self.received_at,
            "subject": self.subject,
            "preview": self.preview,
            "team": self.space,
            "external_id": self.external_id,
            "skill": self.skill,
            "priority": self.priority,
            "status": self.status,
            "assigned_to": self.assigned_to,
            "claimed_at": self.claimed_at,
            "outcome": self.outcome,
            "direction": self.direction,
            "sentiment": self.sentiment,
            "thread_id": self.thread_id,
        }


class Event(DomainModel):
    """History that desktops share: inbound messages, replies, notes, call logs."""

    KIND = "event"
    id = CharField(primary_key=True)
    customer_id = CharField(null=True)
    contact_id = CharField(null=True, index=True)
    at = BigIntegerField()
    channel = CharField(default="")
    kind = CharField()
    agent_id = CharField(null=True)
    subject = TextField(default="")
    body = TextField(default="")

    def change(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "contact_id": self.contact_id,
            "at": self.at,
            "channel": self.channel,
            "kind": self.kind,
            "agent_id": self.agent_id,
            "subject": self.subject,
            "body": self.body,
        }


class Task(DomainModel):
    KIND = "task"
    id = CharField(primary_key=True)
    customer_id = CharField(null=True)
    contact_id = CharField(null=True)
    kind = CharField(default="follow_up")
    title = CharField()
    due_at = BigIntegerField()
    owner_id = CharField(null=True)
    state = CharField(default="open")

    def change(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "contact_id": self.contact_id,
            "kind": self.kind,
            "title": self.title,
            "due_at": self.due_at,
            "owner_id": self.owner_id,
            "state": self.state,
        }


class Purchase(DomainModel):
    KIND = "purchase"
    id = CharField(primary_key=True)
    customer_id = CharField()
    external_id = CharField(null=True)
    product = CharField()
    amount_cents = BigIntegerField(default=0)
    currency = CharField(default="USD")
    purchased_at = BigIntegerField()

    def change(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "customer_id": self.customer_id,
            "external_id": self.external_id,
            "product": self.product,
            "amount_cents": self.amount_cents,
            "currency": self.currency,
            "purchased_at": self.purchased_at,
        }


class Invoice(DomainModel):
    KIND = "invoice"
    id = CharField(primary_key=True)
    customer_id = CharField()
    external_id = CharField(null=True)
    number = CharField(default="")
    amount_cents = BigIntegerField(default=0)
    currency = CharField(default="USD")
    issued_at = BigIntegerField()
    due_at = BigIntegerField(null=True)
    sent_at = BigIntegerField(null=True)
    reminded_at = BigIntegerField(null=True)
    paid_at = BigIntegerField(null=True)

    def change(self) -> dict[str, Any]:
        return {
            f: getattr(self, f)
            for f in (
                "id",
                "customer_id",
                "external_id",
                "number",
                "amount_cents",
                "currency",
                "issued_at",
                "due_at",
                "sent_at",
                "reminded_at",
                "paid_at",
            )
        }


class MergeRecord(DomainModel):
    KIND = "merge"
    id = CharField(primary_key=True)
    survivor_id = CharField()
    duplicate_id = CharField()
    evidence = TextField(default="[]")
    undone = BooleanField(default=False)

    def change(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "survivor_id": self.survivor_id,
            "duplicate_id": self.duplicate_id,
            "evidence": json.loads(self.evidence),
            "undone": self.undone,
        }


class TeamSetting(DomainModel):
    """A team setting (models/protocol/settings.py): an agent's skills, capacity and
    presence, a template, a rule, a dismissed merge suggestion. ``data`` holds its fields,
    ``clocks`` the HLC of each field's winning value (last writer wins per field)."""

    KIND = "setting"
    id = CharField(primary_key=True)  # space/kind/key: unique on the server
    kind = CharField()
    key = CharField()
    data = TextField(default="{}")
    clocks = TextField(default="{}")

    def change(self) -> dict[str, Any]:
        return {"id": self.id, "kind": self.kind, "key": self.key, "data": json.loads(self.data)}


class Outbound(DomainModel):
    """A reply the server accepted: queued once for sending, whatever the retries.

    state: queued -> sending (claimed by one sender, committed before the SMTP
    conversation) -> sent | failed; a queued row with a ``reason`` is waiting (for a
    gateway, or for a retry). See server/sender.py for why nothing is sent twice.
    """

    KIND = "outbound"
    id = CharField(primary_key=True)  # the reply's event id
    contact_id = CharField()
    body = TextField()
    state = CharField(default="queued", index=True)
    channel = CharField(default="")
    recipient = CharField(default="")
    subject = TextField(default="")
    in_reply_to = TextField(default="")  # the Message-ID of the message answered
    reason = TextField(default="")  # why it waits or failed, as agents read it
    created_at = BigIntegerField(default=0)
    sent_at = BigIntegerField(null=True)
    message_id = CharField(default="")
    # the sender's bookkeeping (never sent to desktops)
    attempts = IntegerField(default=0)
    permanent_failures = IntegerField(default=0)
    next_attempt_at = BigIntegerField(default=0)
    claimed_by = CharField(null=True)
    lease_until = BigIntegerField(null=True)

    def change(self) -> dict[str, Any]:
        return {
            "event_id": self.id,
            "contact_id": self.contact_id,
            "body": self.body,
            "state": self.state,
            "channel": self.channel,
            "recipient": self.recipient,
            "subject": self.subject,
            "reason": self.reason,
            "sent_at": self.sent_at,
        }


DOMAIN: tuple[type[DomainModel], ...] = (
    Agent,
    TeamSetting,
    Customer,
    Contact,
    Event,
    Task,
    Purchase,
    Invoice,
    MergeRecord,
    Outbound,
)

# -- accounts ------------------------------------------------------------------------------


class Account(ServerModel):
    login = CharField(primary_key=True)
    agent_id = CharField(unique=True)
    display_name = CharField()
    password_hash = TextField()
    role = CharField()
    team = CharField()
    disabled = BooleanField(default=False)
    created_at = BigIntegerField()


class Membership(ServerModel):
    """An account's place in one team, with its role there (issue 16): an account may
    belong to several teams. ``Account.team``/``Account.role`` are its home team (the
    first) and the role there, kept equal to that membership row."""

    login = CharField()
    team = CharField()
    role = CharField()
    position = IntegerField(default=0)  # 0: the home team, then in the order added

    class Meta:
        primary_key = CompositeKey("login", "team")
        indexes = ((("team",), False),)


class Token(ServerModel):
    token_hash = CharField(primary_key=True)  # sha256 of the token: a leaked table is useless
    login = CharField(index=True)
    expires_at = BigIntegerField()
    revoked = BooleanField(default=False)
    created_at = BigIntegerField()


class LoginThrottle(ServerModel):
    """Failed sign-ins per account ("login:ana") and per client address ("addr:10.0.0.7"),
    in the database so that every server process sees the same counts."""

    key = CharField(primary_key=True)
    failures = IntegerField(default=0)
    last_failure_at = BigIntegerField(default=0)
    locked_until = BigIntegerField(default=0)


# -- sync bookkeeping ----------------------------------------------------------------------


class ServerMeta(ServerModel):
    key = CharField(primary_key=True)
    value = TextField()


class SpaceVersion(ServerModel):
    """One row per space; locked FOR UPDATE by every write, so versions are commit-ordered."""

    space = CharField(primary_key=True)
    version = BigIntegerField(default=0)


class ChangeLog(ServerModel):
    space = CharField()
    version = BigIntegerField()
    seq = IntegerField()
    kind = CharField()
    entity_id = CharField()
    data = TextField()  # JSON text: spliced into pull answers as it is

    class Meta:
        primary_key = CompositeKey("space", "version", "seq")


class Client(ServerModel):
    """A desktop database (a copied file is a new client): how far its outbox was applied."""

    client_id = CharField(primary_key=True)
    login = CharField()
    last_mutation_id = BigIntegerField()
    first_seen = BigIntegerField()
    last_seen = BigIntegerField()


class Result(ServerModel):
    """The answer to one intent, kept so that a lost response loses nothing."""

    client_id = CharField()
    mutation_id = BigIntegerField()
    intent_id = CharField(index=True)
    name = CharField()
    state = CharField()  # accepted | rejected
    reason = TextField(default="")
    space = CharField()
    version = BigIntegerField()
    at = BigIntegerField()

    class Meta:
        primary_key = CompositeKey("client_id", "mutation_id")


class LostEdit(ServerModel):
    """A concurrent customer edit that lost to a newer one (last writer wins), for review."""

    kind = CharField()
    entity_id = CharField(index=True)
    field_name = CharField(column_name="field")
    value = TextField()  # JSON
    hlc = CharField()
    winner_hlc = CharField()
    login = CharField()
    space = CharField()
    at = BigIntegerField()


# -- channels (server/intake.py, server/channels/) ---------------------------------------------


class Integration(ServerModel):
    """Who may post to ``POST /v1/intake`` for a team, on which channel, and where our
    replies on that channel leave (an optional webhook). The key is kept as a salted
    SHA-256 (a copied table cannot post); a webhook's signing key is kept sealed
    (server/channels/secrets.py), because signing needs the key itself."""

    name = CharField(primary_key=True)
    team = CharField(index=True)
    channel = CharField()
    key_id = CharField(unique=True)
    key_salt = CharField()
    key_hash = CharField()
    webhook_url = TextField(default="")
    key_sealed = TextField(default="")  # only with a webhook
    created_at = BigIntegerField()
    last_used_at = BigIntegerField(null=True)


class ServerMailbox(ServerModel):
    """A mailbox whose IMAP connector runs in the server (server/channels/mail.py): its
    mail reaches the team's desktops by sync, its replies leave through its SMTP.
    UIDVALIDITY/UID bookkeeping here, so nothing is fetched twice after a restart."""

    name = CharField(primary_key=True)
    team = CharField(index=True)
    imap_url = TextField()
    smtp_url = TextField(default="")
    skill = CharField(default="general")
    address = CharField(default="")
    password_sealed = TextField()
    uidvalidity = BigIntegerField(null=True)
    last_uid = BigIntegerField(default=0)
    state = CharField(default="new")  # new | ok | failing
    last_error = TextField(default="")
    last_fetch_at = BigIntegerField(null=True)
    fetched = BigIntegerField(default=0)
    created_at = BigIntegerField()

    class Meta:
        table_name = "server_mailbox"


class ContactRef(ServerModel):
    """The message ids a contact answers (In-Reply-To, References), so that a reply that
    arrived before its parent joins the parent's thread when the parent comes."""

    space = CharField()
    channel = CharField()
    ref = CharField(max_length=1000)
    contact_id = CharField()

    class Meta:
        primary_key = CompositeKey("space", "channel", "ref", "contact_id")


TABLES: tuple[type[ServerModel], ...] = (
    *DOMAIN,
    Account,
    Membership,
    Token,
    LoginThrottle,
    ServerMeta,
    SpaceVersion,
    ChangeLog,
    Client,
    Result,
    LostEdit,
    Integration,
    ServerMailbox,
    ContactRef,
)
