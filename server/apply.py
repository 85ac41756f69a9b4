"""Applying pushed intents on the server, with the conflict rules of DESIGN.md.

- claim: first to reach the server wins; the loser is told who has it and since when;
- replies: only from the current owner, idempotent by event id (never queued twice);
- notes, calls, history: insert-if-absent by id;
- customer fields: last writer wins per field by HLC, clocks from the future clamped,
  lost concurrent edits recorded for review;
- merges happen here and reach every desktop; counters and SLA figures are never synced.

Every intent runs in its pusher's space (their team): rows of another space are refused,
so an agent can neither read nor change another team's work.

Why ~800 lines: every intent handler and the Context they share are here so the registry
is complete in one import; the split by domain (contacts, customers, tasks, commerce) is
planned with the protocol package of issue 16 (privacy already lives in server/privacy.py).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from models.base import derived_id, parse_iso, to_ms
from models.text import problem
from server.channels import threads as mail_threads
from server.models import (
    CUSTOMER_FIELDS,
    Account,
    Agent,
    Contact,
    Customer,
    DomainModel,
    Event,
    Invoice,
    LostEdit,
    MergeRecord,
    Outbound,
    Purchase,
    Task,
)
from server.store import Tx, get_row, now_ms

MAX_SKEW_MS = 60_000
FOLLOW_UP_HOURS = 24
CHANNELS = ("email", "phone", "fax", "chat", "webform", "sms", "social", "session")
STATUSES = ("open", "waiting", "resolved")
TASK_KINDS = ("follow_up", "callback", "invoice_reminder", "check_back")
HLC_PATTERN = re.compile(r"^\d{13}-\d{5}-[A-Za-z0-9_.:-]{1,64}$")
# actions that only change the desktop they were made on (presence, local rules, templates)
LOCAL_ONLY = frozenset({"agent.presence", "rule.set", "template.add",
                        "customer.dismiss_suggestion"})

M = TypeVar("M", bound=DomainModel)


class RejectedError(Exception):
    """A permanent rejection, acknowledged to the client with its reason."""


def clamp_hlc(stamp: str, now: int) -> str:
    """Clocks from the future are clamped to the server's now (plus a minute of skew)."""
    if not HLC_PATTERN.match(stamp):
        return f"{now:013d}-00000-invalid"
    ms, counter, node = stamp.split("-", 2)
    limit = now + MAX_SKEW_MS
    return f"{limit:013d}-{counter}-{node}" if int(ms) > limit else stamp


def _hhmm(ms: int | None) -> str:
    if not ms:
        return "?"
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%H:%M UTC")


class Context:
    """What one intent may see and change: its pusher, its space, the server's clock."""

    def __init__(self, tx: Tx, account: dict[str, Any], args: dict[str, Any], hlc: str) -> None:
        self.tx = tx
        self.account = account
        self.agent = account["agent_id"]
        self.args = args
        self.now = now_ms()
        self.hlc = clamp_hlc(hlc, self.now)
        self.note = ""  # said with an accepted answer (e.g. an edit that lost)

    @property
    def is_lead(self) -> bool:
        return self.account["role"] in ("supervisor", "admin")

    # -- arguments --------------------------------------------------------------------

    def id(self, key: str, *, optional: bool = False, uuid: bool = False) -> str:
        """An id argument; ``uuid``: one other ids are derived from (as desktops do)."""
        value = self.args.get(key)
        if value is None and optional:
            return ""
        if not isinstance(value, str) or not 1 <= len(value) <= 64:
            raise RejectedError(f"'{key}' must be an id")
        if uuid:
            try:
                UUID(value)
            except ValueError:
                raise RejectedError(f"'{key}' must be a UUID") from None
        return value

    def text(self, key: str, limit: int = 100_000, default: str = "") -> str:
        value = self.args.get(key, default)
        if value is None:
            value = default
        if not isinstance(value, str) or len(value) > limit:
            raise RejectedError(f"'{key}' must be text of at most {limit} characters")
        found = problem(value, f"'{key}'")
        if found:  # PostgreSQL stores no NUL: refused with a reason, never a 5xx
            raise RejectedError(found)
        return value

    def objects(self, key: str, limit: int) -> list[dict[str, Any]]:
        """A list of at most ``limit`` objects (none when absent)."""
        value = self.args.get(key)
        if value is None:
            return []
        if not isinstance(value, list) or len(value) > limit \
                or not all(isinstance(item, dict) for item in value):
            raise RejectedError(f"'{key}' must be a list of at most {limit:,} objects")
        return value

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.args.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise RejectedError(f"'{key}' must be an object")
        return value

    # -- rows -------------------------------------------------------------------------

    def get(self, model: type[M], row_id: str, *, lock: bool = False) -> M | None:
        row = get_row(model, row_id, lock=lock)
        if row is not None and row.space != self.tx.space:
            raise RejectedError(f"that {model.KIND} belongs to another team")
        return row

    def need(self, model: type[M], row_id: str, *, lock: bool = False) -> M:
        row = self.get(model, row_id, lock=lock)
        if row is None:
            raise RejectedError(f"{model.KIND} {row_id} is not known to the server")
        return row

    def save(self, row: DomainModel) -> None:
        self.tx.save(row)

    def agent_name(self, agent_id: str | None) -> str:
        if not agent_id:
            return "nobody"
        agent = get_row(Agent, agent_id)
        return agent.display_name if agent else "another agent"


Handler = Callable[[Context], None]
HANDLERS: dict[str, Handler] = {}


def handles(*names: str) -> Callable[[Handler], Handler]:
    def register(fn: Handler) -> Handler:
        for name in names:
            HANDLERS[name] = fn
        return fn
    return register


def apply_intent(tx: Tx, account: dict[str, Any], name: str, args: dict[str, Any],
                 hlc: str) -> str:
    """Apply one intent; returns a note for the user (usually empty).

    Raises RejectedError for a permanent, explained refusal."""
    if name in LOCAL_ONLY:
        return ""
    handler = HANDLERS.get(name)
    if handler is None:
        raise RejectedError(f"this server does not know the action {name!r}")
    if args == {"erased": True}:
        return ""  # a change about a person erased on its desktop before it was pushed
    found = problem(args)
    if found:  # PostgreSQL stores no NUL: refused with its reason, never half-applied
        raise RejectedError(f"{found} that cannot be stored")
    ctx = Context(tx, account, args, hlc)
    handler(ctx)
    _lines(ctx)
    return ctx.note


SHARED_LINES = frozenset({"claim", "status", "task", "merge", "reminder"})
ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def _lines(ctx: Context) -> None:
    """The history lines the desktop wrote for an action the server accepted ("Taken by
    Ana", "Status: open → resolved", "Follow-up done: ..."), kept for the whole team;
    insert-if-absent by id, written by the account that pushed them, never later than now."""
    for line in ctx.objects("lines", 50):
        line_id, kind = line.get("id"), line.get("kind")
        subject, body = line.get("subject") or "", line.get("body") or ""
        at, channel = line.get("at"), line.get("channel") or ""
        if not (isinstance(line_id, str) and ID_PATTERN.match(line_id)) \
                or kind not in SHARED_LINES or not isinstance(subject, str) \
                or not isinstance(body, str) or not isinstance(channel, str) \
                or not isinstance(at, int) or len(subject) > 1000 or len(body) > 20_000:
            raise RejectedError("a history line needs an id, a known kind, a time and text")
        contact_id, customer_id = line.get("contact_id"), line.get("customer_id")
        contact = ctx.get(Contact, contact_id) if isinstance(contact_id, str) else None
        customer = ctx.get(Customer, customer_id) if isinstance(customer_id, str) else None
        if (contact is None and customer is None) or get_row(Event, line_id) is not None:
            continue  # about nothing the team has, or kept before
        if customer is None and contact is not None:
            customer_id = contact.customer_id
        ctx.save(Event(id=line_id, contact_id=contact.id if contact else None,
                       customer_id=customer_id, at=max(0, min(at, ctx.now)),
                       channel=channel[:50], kind=kind, agent_id=ctx.agent, subject=subject,
                       body=body))


# -- intake --------------------------------------------------------------------------------


def _ms(value: Any, what: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return to_ms(parse_iso(value))
        except ValueError:
            pass
    raise RejectedError(f"'{what}' must be a time with a time zone")


def _keys(value: Any) -> list[list[str]]:
    if not isinstance(value, list):
        return []
    keys = []
    for key in value[:100]:
        if (isinstance(key, list) and 2 <= len(key) <= 3
                and all(isinstance(k, str) and len(k) <= 500 for k in key)):
            keys.append([*key, ""][:3])
    return keys


def _customer_for(ctx: Context, customer_id: str) -> Customer:
    """The customer of an imported record: created here the first time it is mentioned,
    and every identity the desktop learned is added."""
    person = ctx.mapping("person")
    keys = _keys(person.get("keys"))
    customer = ctx.get(Customer, customer_id, lock=True)
    if customer is None:
        name = person.get("name")
        customer = Customer(id=customer_id, name=name[:255] if isinstance(name, str) and name
                            else "?", keys=json.dumps(keys))
        ctx.save(customer)
        return customer
    known = json.loads(customer.keys)
    fresh = [k for k in keys if k[:2] not in [old[:2] for old in known]]
    if fresh:
        customer.keys = json.dumps(known + fresh)
        ctx.save(customer)
    return customer


@handles("contact.receive")
def receive(ctx: Context) -> None:
    contact_id, customer_id = ctx.id("contact_id", uuid=True), ctx.id("customer_id")
    record = ctx.mapping("record")
    if ctx.get(Contact, contact_id) is not None:
        return  # received before: nothing changes
    channel = record.get("channel")
    if channel not in CHANNELS:
        raise RejectedError(f"unknown channel {channel!r}")
    external_id = record.get("external_id")
    if external_id is not None and not isinstance(external_id, str):
        raise RejectedError("'external_id' must be text")
    if external_id:
        other = Contact.get_or_none((Contact.channel == channel)
                                    & (Contact.external_id == external_id)
                                    & (Contact.space == ctx.tx.space))
        if other is not None:
            # the same message fetched by two desktops: the first one counts
            raise RejectedError(f"already received as contact {other.id}")
    received = _ms(record.get("received_at"), "received_at")
    _customer_for(ctx, customer_id)
    subject, body = record.get("subject") or "", record.get("body") or ""
    if not isinstance(subject, str) or not isinstance(body, str):
        raise RejectedError("subject and body must be text")
    priority = record.get("priority", 0)
    if not isinstance(priority, int) or not 0 <= priority <= 3:
        priority = 0
    sentiment = record.get("sentiment")
    refs = mail_threads.refs_of(record)  # In-Reply-To, References, our own Message-IDs
    thread_id = mail_threads.thread_for(ctx.tx.space, channel, refs, contact_id)
    # a bounce of one of our messages marks it not delivered and is no customer request
    bounce_of_ours = mail_threads.mark_bounced(ctx.tx, record, ctx.now)
    skill = record.get("skill")
    outcome = record.get("outcome")
    contact = Contact(
        id=contact_id, customer_id=customer_id, channel=channel, received_at=received,
        subject=subject[:1000], preview=body[:160], external_id=external_id or None,
        skill=skill[:100] if isinstance(skill, str) and skill else "general",
        priority=priority, status="resolved" if bounce_of_ours else "open",
        assigned_to=None, claimed_at=None,
        outcome=outcome if outcome in ("completed", "failed", "dropped") else None,
        direction="outbound" if record.get("direction") == "outbound" else "inbound",
        sentiment=float(sentiment) if isinstance(sentiment, int | float) else None,
        thread_id=thread_id)
    ctx.save(contact)
    mail_threads.link(ctx.tx, contact, refs)
    event_id = derived_id(contact_id, "inbound")  # the desktop derived the same id
    if get_row(Event, event_id) is None:
        ctx.save(Event(id=event_id, contact_id=contact_id, customer_id=customer_id,
                       at=received, channel=channel, kind="inbound", agent_id=None,
                       subject=subject[:1000], body=body))
    # what the receiving desktop's rules made for it, only for the copy accepted here (a
    # duplicate is refused above, and its desktop drops its own copies)
    _acknowledgement(ctx, contact)
    _made_tasks(ctx, {derived_id(contact_id, "follow-up"): contact})


def _acknowledgement(ctx: Context, contact: Contact) -> None:
    """The acknowledgement the desktop sent the customer, queued here like a reply so that
    the sender sends it once."""
    ack = ctx.mapping("automatic").get("ack")
    if isinstance(ack, dict):
        body, subject = ack.get("body"), ack.get("subject") or ""
        recipient = ack.get("recipient") or ""
        if not (isinstance(body, str) and isinstance(subject, str)
                and isinstance(recipient, str)) or not body.strip() or len(body) > 20_000:
            raise RejectedError("'automatic.ack' needs a text body (at most 20,000 characters)")
        event_id = derived_id(contact.id, "ack")  # the desktop derived the same id
        if get_row(Event, event_id) is None:
            ctx.save(Event(id=event_id, contact_id=contact.id, customer_id=contact.customer_id,
                           at=contact.received_at, channel=contact.channel, kind="ack",
                           agent_id=None, subject=subject[:255], body=body))
            ctx.save(_outbound_for(ctx, contact, event_id, subject[:255], body,
                                   recipient[:320]))


@handles("purchase.record", "invoice.record")
def record_commerce(ctx: Context) -> None:
    customer_id = ctx.id("customer_id")
    record = ctx.mapping("record")
    model: type[Purchase] | type[Invoice] = (Purchase if "purchase_id" in ctx.args
                                             else Invoice)
    row_id = ctx.id("purchase_id" if model is Purchase else "invoice_id",
                    uuid=model is Invoice)  # its reminder's id derives from it
    if ctx.get(model, row_id) is not None:
        return
    external_id = record.get("external_id")
    if not isinstance(external_id, str | None):
        raise RejectedError("'external_id' must be text")
    if external_id and model.get_or_none(model.external_id == external_id) is not None:
        raise RejectedError(f"{model.KIND} {external_id} was already recorded")
    amount = record.get("amount_cents", 0)
    currency = record.get("currency") or "USD"
    if not isinstance(amount, int) or not isinstance(currency, str):
        raise RejectedError("amount_cents is a whole number and currency a code")
    _customer_for(ctx, customer_id)
    row: Purchase | Invoice
    if model is Purchase:
        product = record.get("product")
        if not isinstance(product, str) or not product:
            raise RejectedError("a purchase needs a product")
        row = Purchase(id=row_id, customer_id=customer_id, external_id=external_id,
                       product=product[:500], amount_cents=amount, currency=currency[:3],
                       purchased_at=_ms(record.get("purchased_at"), "purchased_at"))
    else:
        number = record.get("number") or ""
        if not isinstance(number, str):
            raise RejectedError("an invoice number is text")

        def when(key: str) -> int | None:
            return None if record.get(key) is None else _ms(record[key], key)

        row = Invoice(id=row_id, customer_id=customer_id, external_id=external_id,
                      number=number[:100], amount_cents=amount, currency=currency[:3],
                      issued_at=_ms(record.get("issued_at"), "issued_at"),
                      due_at=when("due_at"), sent_at=when("sent_at"),
                      reminded_at=when("reminded_at"), paid_at=when("paid_at"))
    ctx.save(row)


# -- working a contact ----------------------------------------------------------------------


@handles("contact.claim")
def claim(ctx: Context) -> None:
    contact = ctx.need(Contact, ctx.id("contact_id"), lock=True)
    holder = contact.assigned_to
    if holder and holder != ctx.agent:
        raise RejectedError(f"already taken by {ctx.agent_name(holder)} at "
                            f"{_hhmm(contact.claimed_at)}")
    if holder != ctx.agent:
        contact.assigned_to, contact.claimed_at = ctx.agent, ctx.now
        ctx.save(contact)


@handles("contact.release")
def release(ctx: Context) -> None:
    contact = ctx.need(Contact, ctx.id("contact_id"), lock=True)
    if contact.assigned_to is None:
        return
    if contact.assigned_to != ctx.agent and not ctx.is_lead:
        raise RejectedError(f"you can only hand back contacts that you hold (held by "
                            f"{ctx.agent_name(contact.assigned_to)})")
    contact.assigned_to, contact.claimed_at = None, None
    ctx.save(contact)


@handles("contact.reply")
def reply(ctx: Context) -> None:
    event_id = ctx.id("event_id")
    body = ctx.text("body")
    if get_row(Event, event_id) is not None:
        return  # the same reply again: it was queued once and is never sent twice
    contact = ctx.need(Contact, ctx.id("contact_id"), lock=True)
    holder = contact.assigned_to
    if holder and holder != ctx.agent:
        raise RejectedError(f"not sent: the contact is held by {ctx.agent_name(holder)}; "
                            "your text was kept as an internal note")
    if not holder:
        contact.assigned_to, contact.claimed_at = ctx.agent, ctx.now
    if contact.status == "open":
        contact.status = "waiting"
    ctx.save(contact)
    subject = contact.subject if contact.subject.lower().startswith("re:") else (
        f"Re: {contact.subject}" if contact.subject else "")
    ctx.save(Event(id=event_id, contact_id=contact.id, customer_id=contact.customer_id,
                   at=ctx.now, channel=contact.channel, kind="reply", agent_id=ctx.agent,
                   subject=subject, body=body))
    ctx.save(_outbound_for(ctx, contact, event_id, subject, body, ctx.text("recipient", 320)))


# channels the server can send on; the others wait, saying so (server/sender.py)
GATEWAYS = frozenset({"email"})


def _outbound_for(ctx: Context, contact: Contact, event_id: str, subject: str,
                  body: str, desktop_recipient: str) -> Outbound:
    """The message to send: to the customer's email address as the server knows it (the
    desktop's own recipient, when it says one, only if the server knows none)."""
    recipient = _email_of(contact.customer_id) or desktop_recipient.strip()
    state, reason = "queued", ""
    if contact.channel not in GATEWAYS:
        reason = f"waiting for a gateway: this server sends no {contact.channel} messages"
    elif not recipient:
        state, reason = "failed", "not sent: no email address is known for this customer"
    in_reply_to = (contact.external_id or "") if contact.channel == "email" else ""
    return Outbound(id=event_id, contact_id=contact.id, body=body, state=state,
                    channel=contact.channel, recipient=recipient[:255], subject=subject,
                    in_reply_to=in_reply_to, reason=reason, created_at=ctx.now,
                    next_attempt_at=ctx.now)


def _email_of(customer_id: str | None) -> str:
    seen: set[str] = set()
    while customer_id and customer_id not in seen:  # a merged customer: the survivor's too
        seen.add(customer_id)
        customer = get_row(Customer, customer_id)
        if customer is None:
            return ""
        for key in json.loads(customer.keys):
            if key[0] == "email" and "@" in key[1]:
                return str(key[1])
        customer_id = customer.merged_into
    return ""


@handles("contact.note", "contact.log_call")
def history(ctx: Context) -> None:
    event_id = ctx.id("event_id", uuid="summary" in ctx.args)  # a call's follow-up derives
    if get_row(Event, event_id) is not None:
        return
    contact = ctx.need(Contact, ctx.id("contact_id"))
    if "summary" in ctx.args:  # a call log
        outcome = ctx.text("outcome", 20)
        direction = ctx.text("direction", 20)
        minutes = ctx.args.get("minutes")
        minutes = minutes if isinstance(minutes, int | float) else 0
        ctx.save(Event(id=event_id, contact_id=contact.id, customer_id=contact.customer_id,
                       at=ctx.now, channel="phone", kind="call", agent_id=ctx.agent,
                       subject=f"{direction.capitalize()} call, {minutes:g} min, {outcome}",
                       body=ctx.text("summary").strip()))
        if outcome in ("completed", "failed", "dropped"):
            task_id = derived_id(event_id, "follow-up")  # the desktop derived the same id
            if get_row(Task, task_id) is None:
                ctx.save(Task(id=task_id, customer_id=contact.customer_id,
                              contact_id=contact.id, kind="follow_up",
                              title=f"Follow up on the {outcome} call",
                              due_at=ctx.now + FOLLOW_UP_HOURS * 3_600_000,
                              owner_id=ctx.agent, state="open"))
        return
    ctx.save(Event(id=event_id, contact_id=contact.id, customer_id=contact.customer_id,
                   at=ctx.now, channel=contact.channel, kind="note", agent_id=ctx.agent,
                   subject="Internal note", body=ctx.text("body").strip()))


@handles("contact.set_status")
def set_status(ctx: Context) -> None:
    status = ctx.args.get("status")
    if status not in STATUSES:
        raise RejectedError(f"status must be one of {', '.join(STATUSES)}")
    contact = ctx.need(Contact, ctx.id("contact_id"), lock=True)
    holder = contact.assigned_to
    if holder and holder != ctx.agent and not ctx.is_lead:
        raise RejectedError(f"the contact is held by {ctx.agent_name(holder)}")
    if contact.status != status:
        contact.status = status
        ctx.save(contact)
    # the follow-up (an ended session, call or chat) or check-back (a parked complaint)
    # the desktop's rules made
    _made_tasks(ctx, {derived_id(contact.id, "follow-up"): contact,
                      derived_id(contact.id, "check-back"): contact})


@handles("rules.run")
def run_rules(ctx: Context) -> None:
    """Invoice reminders a desktop's rules made: the same tasks here, for the whole team."""
    allowed: dict[str, Contact | Invoice] = {}
    for spec in ctx.objects("tasks", 1000):
        invoice_id = spec.get("invoice_id")
        invoice = ctx.get(Invoice, invoice_id) if isinstance(invoice_id, str) else None
        if invoice is not None:
            allowed[derived_id(invoice.id, "reminder")] = invoice
    _made_tasks(ctx, allowed)


def _made_tasks(ctx: Context, allowed: dict[str, Contact | Invoice]) -> None:
    """Keep the tasks a desktop's rules made (``tasks``: ids derived from the contact or
    invoice, so each is made once whoever runs the rules), for the row they belong to."""
    for spec in ctx.objects("tasks", 1000):
        task_id = str(spec.get("task_id"))
        row = allowed.get(task_id)
        if row is None or ctx.get(Task, task_id) is not None:
            continue  # not one the rules make here, or made before
        kind, title, due = spec.get("kind"), spec.get("title"), spec.get("due_at")
        if kind not in TASK_KINDS or not isinstance(title, str) or not title.strip() \
                or not isinstance(due, int):
            raise RejectedError("a task needs a known kind, a title and a due_at time")
        owner = spec.get("owner_id")
        agent = get_row(Agent, owner) if isinstance(owner, str) else None
        if agent is None or agent.space != ctx.tx.space:
            owner = None  # nobody of this team by that id: the team's task
        ctx.save(Task(id=task_id, customer_id=row.customer_id,
                      contact_id=row.id if isinstance(row, Contact) else None, kind=kind,
                      title=title[:255], due_at=due, owner_id=owner, state="open"))


# -- follow-ups ------------------------------------------------------------------------------


@handles("task.create")
def create_task(ctx: Context) -> None:
    task_id = ctx.id("task_id")
    if ctx.get(Task, task_id) is not None:
        return
    kind = ctx.args.get("kind") or "follow_up"
    if kind not in TASK_KINDS:
        raise RejectedError(f"task kind must be one of {', '.join(TASK_KINDS)}")
    contact_id = ctx.id("contact_id", optional=True) or None
    customer_id = ctx.id("customer_id", optional=True) or None
    # every reference is checked (exists, same team): a task about a row the team's
    # desktops do not have would stop every one of them from applying the change log
    if contact_id:
        contact = ctx.need(Contact, contact_id)
        if customer_id and customer_id != contact.customer_id:
            raise RejectedError("that contact belongs to another customer")
        customer_id = contact.customer_id
    elif customer_id:
        ctx.need(Customer, customer_id)
    else:
        raise RejectedError("a follow-up is about a contact or a customer")
    title = ctx.text("title", 255).strip()
    if not title:
        raise RejectedError("a follow-up needs a short description")
    owner = ctx.id("owner_id", optional=True) or ctx.agent
    agent = get_row(Agent, owner)
    if agent is None or agent.space != ctx.tx.space:
        raise RejectedError("the follow-up's owner is not an agent of this team")
    ctx.save(Task(id=task_id, customer_id=customer_id, contact_id=contact_id, kind=kind,
                  title=title, due_at=_ms(ctx.args.get("due_at"), "due_at"),
                  owner_id=owner, state="open"))


@handles("task.complete")
def complete_task(ctx: Context) -> None:
    task = ctx.need(Task, ctx.id("task_id"), lock=True)
    if task.state == "open":  # a deleted follow-up stays deleted: deletes win over edits
        task.state = "done"
        ctx.save(task)


@handles("task.assign")
def assign_task(ctx: Context) -> None:
    """A supervisor or admin gives a task to an agent of the team (or back to the team);
    an agent may take a team task for themselves or hand their own back."""
    task = ctx.need(Task, ctx.id("task_id"), lock=True)
    owner = ctx.id("owner_id", optional=True) or None
    if owner is not None:
        agent = get_row(Agent, owner)
        if agent is None or agent.space != ctx.tx.space:
            raise RejectedError("the new owner is not an agent of this team")
        if agent.role == "trainee":
            raise RejectedError("trainees get no live tasks")
    own_move = (task.owner_id is None and owner == ctx.agent) or (
        task.owner_id == ctx.agent and owner is None)
    if not ctx.is_lead and not own_move:
        raise RejectedError("only a supervisor or an admin assigns tasks to others")
    if task.state != "open":
        raise RejectedError(f"that task is {task.state}")
    if task.owner_id != owner:
        task.owner_id = owner
        ctx.save(task)


@handles("task.delete")
def delete_task(ctx: Context) -> None:
    task = ctx.need(Task, ctx.id("task_id"), lock=True)
    if task.state != "deleted":  # also after it was completed elsewhere: the delete wins
        task.state = "deleted"
        ctx.save(task)


# -- customers -----------------------------------------------------------------------------


def _field_value(name: str, value: Any) -> Any:
    if name in ("vip", "do_not_contact"):
        if not isinstance(value, bool):
            raise RejectedError(f"{name} is yes or no")
        return value
    if name == "tags" and isinstance(value, list):
        value = json.dumps(value)
    if not isinstance(value, str) or len(value) > 5000:
        raise RejectedError(f"{name} must be text of at most 5000 characters")
    if name == "name" and not value.strip():
        raise RejectedError("a customer needs a name")
    return value


@handles("customer.update")
def update_customer(ctx: Context) -> None:
    fields = ctx.mapping("fields")
    unknown = set(fields) - set(CUSTOMER_FIELDS)
    if unknown:
        raise RejectedError(f"cannot edit {', '.join(sorted(unknown))}")
    values = {name: _field_value(name, value) for name, value in fields.items()}
    customer = ctx.need(Customer, ctx.id("customer_id"), lock=True)
    clocks = json.loads(customer.clocks)
    changed = False
    lost = []
    for name, value in values.items():
        winner = clocks.get(name, "")
        if winner < ctx.hlc:
            setattr(customer, name, value)
            clocks[name] = ctx.hlc
            changed = True
        elif value != getattr(customer, name):
            # a concurrent edit that lost: kept for review, not silently dropped
            LostEdit.create(kind="customer", entity_id=customer.id, field_name=name,
                            value=json.dumps(value), hlc=ctx.hlc, winner_hlc=winner,
                            login=ctx.account["login"], space=ctx.tx.space, at=ctx.now)
            lost.append(name)
    if lost:
        ctx.note = (f"{', '.join(lost)} kept the value set later on another desktop; "
                    "yours is kept for review")
    if changed:
        customer.clocks = json.dumps(clocks)
        ctx.save(customer)


@handles("customer.create")
def create_customer(ctx: Context) -> None:
    customer_id = ctx.id("customer_id")
    if ctx.get(Customer, customer_id) is not None:
        return
    name = ctx.text("name", 255).strip()
    if not name:
        raise RejectedError("a customer needs a name")
    ctx.save(Customer(id=customer_id, name=name, keys=json.dumps(_keys(ctx.args.get(
        "identities")))))


@handles("customer.add_identity")
def add_identity(ctx: Context) -> None:
    customer = ctx.need(Customer, ctx.id("customer_id"), lock=True)
    key = [ctx.text("kind", 20), ctx.text("value", 500), ctx.text("network", 50)]
    known = json.loads(customer.keys)
    if key[:2] not in [k[:2] for k in known]:
        customer.keys = json.dumps([*known, key])
        ctx.save(customer)


@handles("customer.remove_identity")
def remove_identity(ctx: Context) -> None:
    """A wrong identity taken off a customer (a shared family phone, a typo): gone for the
    whole team, so future contacts from it are not filed under this customer."""
    if "customer_id" not in ctx.args:
        return  # from a desktop before this version: it stays local there
    customer = ctx.need(Customer, ctx.id("customer_id"), lock=True)
    gone = [ctx.text("kind", 20), ctx.text("value", 500)]
    known = json.loads(customer.keys)
    left = [k for k in known if k[:2] != gone]
    if len(left) == len(known):
        return  # removed already
    if not left:
        raise RejectedError("a customer keeps at least one way to reach them")
    customer.keys = json.dumps(left)
    ctx.save(customer)


@handles("customer.merge")
def merge(ctx: Context) -> None:
    merge_id = ctx.id("merge_id")
    if ctx.get(MergeRecord, merge_id) is not None:
        return
    survivor = ctx.need(Customer, ctx.id("survivor_id"), lock=True)
    duplicate = ctx.need(Customer, ctx.id("duplicate_id"), lock=True)
    if survivor.id == duplicate.id:
        raise RejectedError("a customer cannot be merged with itself")
    if duplicate.merged_into:
        raise RejectedError("that customer is already merged into another one")
    root, seen = survivor, set()
    while root.merged_into and root.id not in seen:
        seen.add(root.id)
        root = ctx.need(Customer, root.merged_into)
    if root.id == duplicate.id:
        raise RejectedError("the survivor is already merged into that customer")
    evidence = ctx.args.get("evidence")
    ctx.save(MergeRecord(id=merge_id, survivor_id=survivor.id, duplicate_id=duplicate.id,
                         evidence=json.dumps(evidence if isinstance(evidence, list) else []),
                         undone=False))
    duplicate.merged_into = survivor.id
    ctx.save(duplicate)


@handles("customer.unmerge")
def unmerge(ctx: Context) -> None:
    record = ctx.need(MergeRecord, ctx.id("merge_id"), lock=True)
    if record.undone:
        raise RejectedError("that merge was already split")
    record.undone = True
    ctx.save(record)
    duplicate = ctx.get(Customer, record.duplicate_id, lock=True)
    if duplicate is not None and duplicate.merged_into == record.survivor_id:
        duplicate.merged_into = None
        ctx.save(duplicate)


# -- invoices --------------------------------------------------------------------------------


def _invoice_mark(field: str) -> Handler:
    def mark(ctx: Context) -> None:
        invoice = ctx.need(Invoice, ctx.id("invoice_id"), lock=True)
        if getattr(invoice, field) is None:
            setattr(invoice, field, ctx.now)
            ctx.save(invoice)
    return mark


HANDLERS["invoice.send"] = _invoice_mark("sent_at")
HANDLERS["invoice.remind"] = _invoice_mark("reminded_at")


@handles("invoice.escalate")
def escalate(ctx: Context) -> None:
    invoice = ctx.need(Invoice, ctx.id("invoice_id"))
    if invoice.reminded_at is None:
        raise RejectedError("no reminder is recorded for this invoice: remind first")


# -- agents ----------------------------------------------------------------------------------


@handles("agent.add", "agent.update")
def agents(ctx: Context) -> None:
    """Skills and capacities are each desktop's own; accounts, roles and teams are the
    server's, changed only by an admin."""
    agent_id = ctx.id("agent_id")
    current = get_row(Agent, agent_id)
    wanted = {k: ctx.args.get(k) for k in ("role", "display_name", "team")
              if ctx.args.get(k) is not None}
    if current is None:
        if "login" in ctx.args:  # agent.add
            raise RejectedError("accounts are created on the server: lastmile-server user add")
        raise RejectedError("that agent has no account on the server")
    have = {"role": current.role, "display_name": current.display_name,
            "team": current.space}
    changes = {k: v for k, v in wanted.items() if have[k] != v}
    if not changes:
        return
    if ctx.account["role"] != "admin":
        raise RejectedError("only an admin changes roles, teams and names")
    if "team" in changes:
        raise RejectedError("teams are changed on the server: lastmile-server user set")
    if current.space != ctx.tx.space:
        raise RejectedError("that agent belongs to another team")
    account = Account.get(Account.agent_id == agent_id)
    if "role" in changes:
        if changes["role"] not in ("agent", "supervisor", "admin", "trainee"):
            raise RejectedError("unknown role")
        account.role = current.role = changes["role"]
    if "display_name" in changes:
        name = str(changes["display_name"])[:255]
        account.display_name = current.display_name = name
    account.save()
    ctx.save(current)


# the handlers kept in their own modules register themselves when imported
from server import privacy as _privacy  # noqa: E402,F401
