"""Contacts: intake (receive, with its acknowledgement), claim, release, reply, notes and
call logs, status changes.

Moved from server/apply.py (issue 16); the dispatch and the Context stay there."""

from __future__ import annotations

import json

from models.base import derived_id
from models.protocol import intents
from models.protocol.vocabulary import (
    CHANNELS,
    FOLLOW_UP_HOURS,
    STATUSES,
    may_reply,
    reply_subject,
    status_after_reply,
)
from server import attachments
from server.apply import (
    Context,
    RejectedError,
    handles,
    hhmm,
    time_ms,
)
from server.channels import threads as mail_threads
from server.handlers.customers import customer_for
from server.handlers.tasks import made_tasks
from server.models import Agent, Contact, Customer, Event, Outbound, Task
from server.store import get_row


@handles(intents.CONTACT_RECEIVE)
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
        other = Contact.get_or_none(
            (Contact.channel == channel)
            & (Contact.external_id == external_id)
            & (Contact.space == ctx.tx.space)
        )
        if other is not None:
            # the same message fetched by two desktops: the first one counts
            raise RejectedError(f"already received as contact {other.id}")
    received = time_ms(record.get("received_at"), "received_at")
    customer_for(ctx, customer_id)
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
        id=contact_id,
        customer_id=customer_id,
        channel=channel,
        received_at=received,
        subject=subject[:1000],
        preview=body[:160],
        external_id=external_id or None,
        skill=skill[:100] if isinstance(skill, str) and skill else "general",
        priority=priority,
        status="resolved" if bounce_of_ours else "open",
        assigned_to=None,
        claimed_at=None,
        outcome=outcome if outcome in ("completed", "failed", "dropped") else None,
        direction="outbound" if record.get("direction") == "outbound" else "inbound",
        sentiment=float(sentiment) if isinstance(sentiment, int | float) else None,
        thread_id=thread_id,
    )
    ctx.save(contact)
    mail_threads.link(ctx.tx, contact, refs)
    event_id = derived_id(contact_id, "inbound")  # the desktop derived the same id
    if get_row(Event, event_id) is None:
        ctx.save(
            Event(
                id=event_id,
                contact_id=contact_id,
                customer_id=customer_id,
                at=received,
                channel=channel,
                kind="inbound",
                agent_id=None,
                subject=subject[:1000],
                body=body,
            )
        )
    for row in attachments.rows_for(contact_id, event_id, record):  # bytes: PUT beforehand
        ctx.save(row)
    # what the receiving desktop's rules made for it, only for the copy accepted here (a
    # duplicate is refused above, and its desktop drops its own copies)
    acknowledgement(ctx, contact)
    made_tasks(ctx, {derived_id(contact_id, "follow-up"): contact})


def acknowledgement(ctx: Context, contact: Contact) -> None:
    """The acknowledgement the desktop sent the customer, queued here like a reply so that
    the sender sends it once."""
    ack = ctx.mapping("automatic").get("ack")
    if isinstance(ack, dict):
        body, subject = ack.get("body"), ack.get("subject") or ""
        recipient = ack.get("recipient") or ""
        if (
            not (isinstance(body, str) and isinstance(subject, str) and isinstance(recipient, str))
            or not body.strip()
            or len(body) > 20_000
        ):
            raise RejectedError("'automatic.ack' needs a text body (at most 20,000 characters)")
        event_id = derived_id(contact.id, "ack")  # the desktop derived the same id
        if get_row(Event, event_id) is None:
            ctx.save(
                Event(
                    id=event_id,
                    contact_id=contact.id,
                    customer_id=contact.customer_id,
                    at=contact.received_at,
                    channel=contact.channel,
                    kind="ack",
                    agent_id=None,
                    subject=subject[:255],
                    body=body,
                )
            )
            ctx.save(outbound_for(ctx, contact, event_id, subject[:255], body, recipient[:320]))


# -- working a contact ----------------------------------------------------------------------


@handles(intents.CONTACT_CLAIM)
def claim(ctx: Context) -> None:
    contact = ctx.need(Contact, ctx.id("contact_id"), lock=True)
    holder = contact.assigned_to
    if holder and holder != ctx.agent:
        raise RejectedError(
            f"already taken by {ctx.agent_name(holder)} at {hhmm(contact.claimed_at)}"
        )
    if holder != ctx.agent:
        contact.assigned_to, contact.claimed_at = ctx.agent, ctx.now
        ctx.save(contact)


@handles(intents.CONTACT_RELEASE)
def release(ctx: Context) -> None:
    contact = ctx.need(Contact, ctx.id("contact_id"), lock=True)
    if contact.assigned_to is None:
        return
    if contact.assigned_to != ctx.agent and not ctx.is_lead:
        raise RejectedError(
            f"you can only hand back contacts that you hold (held by "
            f"{ctx.agent_name(contact.assigned_to)})"
        )
    contact.assigned_to, contact.claimed_at = None, None
    ctx.save(contact)


@handles(intents.CONTACT_ASSIGN)
def assign(ctx: Context) -> None:
    """A supervisor or admin gives a contact to an agent of the team (or back to the queue,
    or takes it from an agent who is away). ``from_id`` is the holder the supervisor saw:
    a claim that reached the server meanwhile wins, and the reassignment is refused
    saying who has it."""
    if not ctx.is_lead:
        raise RejectedError("only a supervisor or an admin assigns contacts to others")
    contact = ctx.need(Contact, ctx.id("contact_id"), lock=True)
    owner = ctx.id("agent_id", optional=True) or None
    if owner is not None:
        agent = get_row(Agent, owner)
        if agent is None or not ctx.in_team(agent):
            raise RejectedError("the new owner is not an agent of this team")
        if agent.role == "trainee":
            raise RejectedError("trainees get no live contacts")
    seen = ctx.id("from_id", optional=True) or None
    if contact.assigned_to != seen and contact.assigned_to != owner:
        raise RejectedError(
            f"meanwhile {ctx.agent_name(contact.assigned_to)} took it at "
            f"{hhmm(contact.claimed_at)}; it was not reassigned"
        )
    if contact.assigned_to != owner:
        contact.assigned_to = owner
        contact.claimed_at = ctx.now if owner else None
        ctx.save(contact)


@handles(intents.CONTACT_REPLY)
def reply(ctx: Context) -> None:
    event_id = ctx.id("event_id")
    body = ctx.text("body")
    if get_row(Event, event_id) is not None:
        return  # the same reply again: it was queued once and is never sent twice
    contact = ctx.need(Contact, ctx.id("contact_id"), lock=True)
    holder = contact.assigned_to
    if not may_reply(holder, ctx.agent):
        raise RejectedError(
            f"not sent: the contact is held by {ctx.agent_name(holder)}; "
            "your text was kept as an internal note"
        )
    if not holder:
        contact.assigned_to, contact.claimed_at = ctx.agent, ctx.now
    contact.status = status_after_reply(contact.status)
    ctx.save(contact)
    subject = reply_subject(contact.subject)
    agent_line(ctx, contact, event_id, "reply", subject, body)
    ctx.save(outbound_for(ctx, contact, event_id, subject, body, ctx.text("recipient", 320)))


# channels the server can send on; the others wait, saying so (server/sender.py)
GATEWAYS = frozenset({"email"})


def outbound_for(
    ctx: Context, contact: Contact, event_id: str, subject: str, body: str, desktop_recipient: str
) -> Outbound:
    """The message to send: to the customer's email address as the server knows it (the
    desktop's own recipient, when it says one, only if the server knows none)."""
    recipient = email_of(contact.customer_id) or desktop_recipient.strip()
    state, reason = "queued", ""
    if contact.channel not in GATEWAYS:
        reason = f"waiting for a gateway: this server sends no {contact.channel} messages"
    elif not recipient:
        state, reason = "failed", "not sent: no email address is known for this customer"
    in_reply_to = (contact.external_id or "") if contact.channel == "email" else ""
    return Outbound(
        id=event_id,
        contact_id=contact.id,
        body=body,
        state=state,
        channel=contact.channel,
        recipient=recipient[:255],
        subject=subject,
        in_reply_to=in_reply_to,
        reason=reason,
        created_at=ctx.now,
        next_attempt_at=ctx.now,
    )


def email_of(customer_id: str | None) -> str:
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


@handles(intents.CONTACT_NOTE, intents.CONTACT_LOG_CALL)
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
        subject = f"{direction.capitalize()} call, {minutes:g} min, {outcome}"
        summary = ctx.text("summary").strip()
        agent_line(ctx, contact, event_id, "call", subject, summary, channel="phone")
        if outcome in ("completed", "failed", "dropped"):
            task_id = derived_id(event_id, "follow-up")  # the desktop derived the same id
            if get_row(Task, task_id) is None:
                ctx.save(
                    Task(
                        id=task_id,
                        customer_id=contact.customer_id,
                        contact_id=contact.id,
                        kind="follow_up",
                        title=f"Follow up on the {outcome} call",
                        due_at=ctx.now + FOLLOW_UP_HOURS * 3_600_000,
                        owner_id=ctx.agent,
                        state="open",
                    )
                )
        return
    agent_line(ctx, contact, event_id, "note", "Internal note", ctx.text("body").strip())


def agent_line(
    ctx: Context,
    contact: Contact,
    event_id: str,
    kind: str,
    subject: str,
    body: str,
    *,
    channel: str | None = None,
) -> None:
    """A history line the agent wrote on the contact now (a reply, a note, a call log): on
    the contact's customer, on its channel unless said otherwise."""
    ctx.save(
        Event(
            id=event_id,
            contact_id=contact.id,
            customer_id=contact.customer_id,
            at=ctx.now,
            channel=contact.channel if channel is None else channel,
            kind=kind,
            agent_id=ctx.agent,
            subject=subject,
            body=body,
        )
    )


@handles(intents.CONTACT_SET_STATUS)
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
    made_tasks(
        ctx,
        {
            derived_id(contact.id, "follow-up"): contact,
            derived_id(contact.id, "check-back"): contact,
        },
    )
