"""The domain tables of DESIGN.md.

Foreign-key id accessors (``customer_id`` ...) are created by peewee; the bare
annotations in each class only tell the type checker about them.

Keys are UUIDv7 strings made where the row is created. Times are aware UTC
datetimes stored as integer milliseconds. The tables are created by the
numbered migrations in models/migrations; these classes must match them
(tests/test_models.py compares the two).

Why ~515 lines: one declaration per workspace table, kept together so that the schema can
be read (and diffed against server/models.py and the migrations) in one place; no logic.
"""

from __future__ import annotations

from peewee import (
    AutoField,
    BooleanField,
    CharField,
    CompositeKey,
    FloatField,
    ForeignKeyField,
    IntegerField,
    TextField,
)
from playhouse.sqlite_ext import FTS5Model, SearchField

from models.base import BaseModel, UtcTimestampField, database_proxy, new_id

# the vocabulary desktop and server share is declared once, in models/protocol
from models.protocol.vocabulary import (
    ASYNC_CHANNELS,
    CHANNELS,
    OPEN_STATUSES,
    OUTCOMES,
    PRESENCES,
    ROLES,
    STATUSES,
    TASK_STATES,
)

__all__ = [
    "ASYNC_CHANNELS",
    "CHANNELS",
    "OPEN_STATUSES",
    "OUTCOMES",
    "PRESENCES",
    "ROLES",
    "STATUSES",
    "TASK_STATES",
]
IDENTITY_KINDS = ("email", "phone", "handle", "visitor")
EVENT_KINDS = (
    "inbound",
    "reply",
    "note",
    "call",
    "status",
    "claim",
    "ack",
    "task",
    "merge",
    "reminder",
    "purchase",
    "invoice",
    "alert",
)


class Meta(BaseModel):
    """Key/value facts about the workspace database: kind, schema version, client id."""

    key = CharField(primary_key=True)
    value = TextField()

    class Meta:
        table_name = "workspace_meta"


class Agent(BaseModel):
    id = CharField(primary_key=True, default=new_id)
    login = CharField(unique=True)
    display_name = CharField()
    role = CharField(default="agent")
    presence = CharField(default="offline")
    team = CharField(default="")
    capacity = TextField(default="{}")  # JSON: channel -> max concurrent contacts
    created_at = UtcTimestampField()

    @property
    def first_name(self) -> str:
        return self.display_name.split()[0] if self.display_name.strip() else self.login


class AgentSkill(BaseModel):
    agent_id: str

    id = CharField(primary_key=True, default=new_id)
    agent = ForeignKeyField(Agent, backref="skills", on_delete="CASCADE")
    skill = CharField()
    level = IntegerField(default=1)

    class Meta:
        indexes = ((("agent", "skill"), True), (("skill", "level"), False))


class Customer(BaseModel):
    id = CharField(primary_key=True, default=new_id)
    name = CharField(default="")
    locale = CharField(default="")
    timezone = CharField(default="")
    culture_notes = TextField(default="")
    tags = TextField(default="[]")  # JSON list of strings
    vip = BooleanField(default=False)
    influencer = BooleanField(default=False)
    reach = IntegerField(default=0)
    do_not_contact = BooleanField(default=False)
    merged_into = CharField(null=True, index=True)
    created_at = UtcTimestampField()
    updated_at = UtcTimestampField()

    @property
    def first_name(self) -> str:
        parts = self.name.split()
        return parts[0] if parts else ""


class Identity(BaseModel):
    customer_id: str

    id = CharField(primary_key=True, default=new_id)
    customer = ForeignKeyField(Customer, backref="identities", on_delete="CASCADE")
    kind = CharField()
    value = CharField()
    network = CharField(default="")  # for handles: twitter, instagram, ...

    class Meta:
        indexes = ((("kind", "value"), True),)


class Contact(BaseModel):
    """One queue item: whatever arrived on whichever channel."""

    customer_id: str | None
    assigned_to_id: str | None

    id = CharField(primary_key=True, default=new_id)
    channel = CharField()
    direction = CharField(default="inbound")
    received_at = UtcTimestampField()
    customer = ForeignKeyField(Customer, backref="contacts", null=True)
    subject = CharField(default="")
    preview = CharField(default="")
    external_id = CharField(null=True)
    thread_id = CharField(null=True, index=True)
    skill = CharField(default="general")
    priority = IntegerField(default=0)
    status = CharField(default="open")
    assigned_to = ForeignKeyField(Agent, null=True, backref="contacts")
    due_at = UtcTimestampField(null=True)
    first_response_at = UtcTimestampField(null=True)
    resolved_at = UtcTimestampField(null=True)
    sentiment = FloatField(null=True)
    outcome = CharField(null=True)
    updated_at = UtcTimestampField()
    sla_paused_at = UtcTimestampField(null=True)  # migration 0003
    resolve_by = UtcTimestampField(null=True)  # migration 0010
    team = CharField(default="")  # migration 0022: its team on the server ('' until synced)

    class Meta:
        indexes = ((("channel", "external_id"), True),)


class Event(BaseModel):
    """One line of history on a customer (and usually a contact)."""

    customer_id: str | None
    contact_id: str | None
    agent_id: str | None

    seq = AutoField()  # local rowid, feeds the full-text index; never synced
    id = CharField(unique=True, default=new_id)
    customer = ForeignKeyField(Customer, backref="events", null=True)
    contact = ForeignKeyField(Contact, backref="events", null=True)
    at = UtcTimestampField()
    channel = CharField(default="")
    kind = CharField()
    agent = ForeignKeyField(Agent, null=True)
    subject = TextField(default="")
    body = TextField(default="")
    data = TextField(default="{}")  # JSON details


class MessageIndex(FTS5Model):
    """Full-text index over event subjects and bodies (external content)."""

    subject = SearchField()
    body = SearchField()

    class Meta:
        database = database_proxy
        table_name = "message_fts"
        options = {
            "content": "event",
            "content_rowid": "seq",
            "tokenize": "unicode61 remove_diacritics 2",
        }


class Purchase(BaseModel):
    customer_id: str

    id = CharField(primary_key=True, default=new_id)
    customer = ForeignKeyField(Customer, backref="purchases")
    external_id = CharField(unique=True, null=True)
    product = CharField()
    amount_cents = IntegerField(default=0)
    currency = CharField(default="USD")
    purchased_at = UtcTimestampField()


class Invoice(BaseModel):
    customer_id: str

    id = CharField(primary_key=True, default=new_id)
    customer = ForeignKeyField(Customer, backref="invoices")
    external_id = CharField(unique=True, null=True)
    number = CharField(default="")
    amount_cents = IntegerField(default=0)
    currency = CharField(default="USD")
    issued_at = UtcTimestampField()
    due_at = UtcTimestampField(null=True)
    sent_at = UtcTimestampField(null=True)
    reminded_at = UtcTimestampField(null=True)
    paid_at = UtcTimestampField(null=True)

    @property
    def state(self) -> str:
        if self.paid_at is not None:
            return "paid"
        if self.sent_at is None:
            return "not sent"
        if self.reminded_at is not None:
            return "reminded"
        return "sent"


class Task(BaseModel):
    customer_id: str | None
    contact_id: str | None
    owner_id: str | None

    id = CharField(primary_key=True, default=new_id)
    customer = ForeignKeyField(Customer, backref="tasks", null=True)
    contact = ForeignKeyField(Contact, backref="tasks", null=True)
    kind = CharField(default="follow_up")
    title = CharField()
    due_at = UtcTimestampField()
    owner = ForeignKeyField(Agent, null=True, backref="tasks")
    state = CharField(default="open")
    created_at = UtcTimestampField()
    done_at = UtcTimestampField(null=True)


class Template(BaseModel):
    id = CharField(primary_key=True, default=new_id)
    name = CharField()
    channel = CharField(default="")  # empty: any channel
    language = CharField(default="en")
    body = TextField()
    purpose = CharField(default="reply")  # reply | ack


class Outbound(BaseModel):
    """A message to leave the building: queued, sent, or (training) simulated."""

    contact_id: str | None

    id = CharField(primary_key=True, default=new_id)
    contact = ForeignKeyField(Contact, backref="outbound", null=True)
    event_id = CharField(unique=True)
    channel = CharField()
    recipient = CharField(default="")
    subject = CharField(default="")
    body = TextField()
    state = CharField(default="queued")  # queued | sending | sent | failed | simulated
    created_at = UtcTimestampField()
    sent_at = UtcTimestampField(null=True)
    # a desktop alone sends itself (migration 0014): tries, when to try again, why not yet
    attempts = IntegerField(default=0)
    next_attempt_at = UtcTimestampField(null=True)
    reason = TextField(default="")
    message_id = CharField(null=True)  # the Message-ID it left with, when known (0012)


class Mailbox(BaseModel):
    """A mailbox this desktop fetches by IMAP and sends through by SMTP (migration 0014).

    The password is in the system keychain, never here."""

    name = CharField(primary_key=True)
    imap_url = CharField()
    smtp_url = CharField(default="")
    skill = CharField(default="general")
    address = CharField(default="")
    uidvalidity = IntegerField(null=True)
    last_uid = IntegerField(default=0)
    state = CharField(default="new")  # new | ok | failing
    last_error = TextField(default="")
    checked_at = UtcTimestampField(null=True)
    fetched = IntegerField(default=0)
    created_at = UtcTimestampField()


class Integration(BaseModel):
    """An outside system that posts to the HTTP intake and takes our replies on its
    channel (migration 0015): an SMS gateway, a chat widget, a social tool, a PBX.

    Only a salted SHA-256 hash of its key is kept here; the key itself is shown once
    (and kept in the system keychain when replies are signed with it)."""

    name = CharField(primary_key=True)
    channel = CharField()
    webhook_url = CharField(default="")
    key_id = CharField(unique=True)  # the public part of the key: finds the row
    key_salt = CharField()
    key_hash = CharField()
    created_at = UtcTimestampField()
    last_used_at = UtcTimestampField(null=True)


class Intent(BaseModel):
    """The sync outbox: one row per user action in a live workspace."""

    mutation_id = AutoField()
    id = CharField(unique=True, default=new_id)
    name = CharField()
    version = IntegerField(default=1)
    args = TextField()  # JSON
    agent_id = CharField(null=True)
    hlc = CharField()
    created_at = UtcTimestampField()
    state = CharField(default="pending")  # pending | accepted | rejected
    reason = TextField(default="")
    # migration 0031: the team its new rows belong to ('' : the server decides)
    team = CharField(default="")

    class Meta:
        table_name = "outbox"


class MergeRecord(BaseModel):
    """A merge of two customers, with its evidence; undone by setting undone_at.

    Rows are never moved: the duplicate keeps its identities and history and
    points at the survivor through customer.merged_into, so a split restores
    the exact prior state, including contacts that arrived in between.
    """

    id = CharField(primary_key=True, default=new_id)
    survivor_id = CharField()
    duplicate_id = CharField()
    evidence = TextField(default="[]")
    at = UtcTimestampField()
    agent_id = CharField(null=True)
    undone_at = UtcTimestampField(null=True)


class MergeSuggestion(BaseModel):
    id = CharField(primary_key=True, default=new_id)
    customer_a = CharField()
    customer_b = CharField()
    evidence = TextField(default="[]")
    confidence = FloatField()
    state = CharField(default="open")  # open | merged | dismissed
    created_at = UtcTimestampField()


class Alert(BaseModel):
    """A fired rule with its evidence, for supervisors (migration 0005)."""

    contact_id: str | None
    notify_id: str | None

    id = CharField(primary_key=True)
    kind = CharField()  # sla_*, task_overdue, contact_assigned, alert-rule kinds
    contact = ForeignKeyField(Contact, null=True)
    at = UtcTimestampField()
    summary = TextField()
    detail = TextField(default="{}")
    notify = ForeignKeyField(Agent, null=True)
    state = CharField(default="open")  # open | acknowledged


class AlertRule(BaseModel):
    """An alert rule, team data synced like templates (migration 0024, desktop/alerts.py)."""

    id = CharField(primary_key=True)
    kind = CharField()  # negativity_spike | volume_spike | keyword | influencer
    channel = CharField(default="")  # '' = each channel (keyword: all channels)
    keywords = TextField(default="[]")  # JSON list of words
    watch = TextField(default="[]")  # JSON list of handles (influencer)
    threshold = FloatField(null=True)  # ratio over the baseline, or followers
    team = CharField(default="")
    created_at = UtcTimestampField()


class TrainingArrival(BaseModel):
    """A scenario contact of a training workspace, arriving at its offset (migration 0007)."""

    position = IntegerField(primary_key=True)
    key = CharField()
    offset_minutes = FloatField()
    record = TextField()
    practices = TextField(default="[]")
    why = TextField(default="")
    contact_id = CharField(null=True)


class SyncStaging(BaseModel):
    """A pulled change waiting for its checkpoint to be complete (migration 0008)."""

    n = AutoField()
    space = CharField()
    version = IntegerField()
    seq = IntegerField()
    kind = CharField()
    entity_id = CharField()
    data = TextField()
    deferred = IntegerField(default=0)


class SyncQuarantine(BaseModel):
    """A pulled change this desktop could not apply (migration 0013): kept with the reason,
    reported, retried at later checkpoints; it never stops the rest."""

    space = CharField()
    version = IntegerField()
    seq = IntegerField()
    kind = CharField()
    entity_id = CharField()
    data = TextField()
    reason = TextField()
    at = IntegerField()
    attempts = IntegerField(default=1)

    class Meta:
        table_name = "sync_quarantine"
        primary_key = CompositeKey("space", "version", "seq")


class SyncShadow(BaseModel):
    """The last server state of a row with local changes still pending (migration 0011)."""

    kind = CharField()
    entity_id = CharField()
    data = TextField()  # JSON: the synced fields as the server last had them

    class Meta:
        primary_key = CompositeKey("kind", "entity_id")


class ContactRef(BaseModel):
    """A message id an inbound contact refers to (In-Reply-To, References; migration 0012),
    so that a reply stored before its parent joins the parent's thread when it comes. No
    foreign key: a contact dropped by sync leaves harmless rows."""

    channel = CharField()
    ref = CharField()
    contact_id = CharField()

    class Meta:
        table_name = "contact_ref"
        primary_key = CompositeKey("channel", "ref", "contact_id")


class Attachment(BaseModel):
    """A file of a message as the team's server lists it (migration 0022; the bytes are in
    the workspace's attachments folder, fetched from the server when missing)."""

    id = CharField(primary_key=True)
    contact_id = CharField(index=True)
    event_id = CharField()
    sha256 = CharField(max_length=64, index=True)
    name = CharField()
    type = CharField()
    size = IntegerField()
    too_big = BooleanField(default=False)


class Rule(BaseModel):
    """Admin configuration: routing, SLA targets, business hours, automation (JSON values)."""

    key = CharField(primary_key=True)
    value = TextField()
    updated_at = UtcTimestampField()


class Audit(BaseModel):
    seq = AutoField()
    at = UtcTimestampField()
    agent_id = CharField(null=True)
    action = CharField()
    entity = CharField(default="")
    entity_id = CharField(default="")
    detail = TextField(default="{}")


ALL_TABLES: tuple[type[BaseModel], ...] = (
    Meta,
    Agent,
    AgentSkill,
    Customer,
    Identity,
    Contact,
    Event,
    Purchase,
    Invoice,
    Task,
    Template,
    Outbound,
    Intent,
    Audit,
    Rule,
    MergeRecord,
    MergeSuggestion,
    Alert,
    AlertRule,
    TrainingArrival,
    SyncStaging,
    SyncQuarantine,
    SyncShadow,
    ContactRef,
    Mailbox,
    Integration,
    Attachment,
)
