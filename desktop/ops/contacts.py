"""Working a contact: claim, release, reply, note, call log, status."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from desktop.automation import follow_up_after_session, task_spec
from desktop.changes import Changes
from desktop.identity import social_limit
from desktop.mutator import Mutator
from desktop.ops import Actor, team_of
from desktop.rules import Rules
from models.base import derived_id, new_id
from models.errors import ConflictError, NotFoundError, UserFacingError
from models.protocol import intents
from models.protocol.vocabulary import reply_subject, status_after_reply
from models.schema import STATUSES, Agent, Contact, Event, Identity, Outbound, Task

MAX_BODY = 100_000


def _contact(contact_id: str) -> Contact:
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        raise NotFoundError.said("contact {contact_id} does not exist", contact_id=contact_id)
    return contact


def _owner_name(agent_id: str | None) -> str:
    if agent_id is None:
        return "nobody"
    agent = Agent.get_or_none(Agent.id == agent_id)
    return agent.display_name if agent else "another agent"


def _line(contact: Contact, actor: Actor, at: datetime, kind: str, subject: str) -> None:
    """A history line about what the agent did to the contact (taken, assigned, returned,
    a status), on its channel."""
    Event.create(
        customer=contact.customer_id,
        contact=contact.id,
        at=at,
        channel=contact.channel,
        kind=kind,
        agent=actor.id,
        subject=subject[:255],
    )


def _claim_in_tx(mut: Mutator, actor: Actor, contact_id: str) -> bool:
    """Compare-and-set; True if this call took it, False if actor already had it."""
    now = mut.clock.now()
    taken = (
        Contact.update(assigned_to=actor.id, updated_at=now)
        .where((Contact.id == contact_id) & (Contact.assigned_to.is_null()))
        .execute()
    )
    contact = _contact(contact_id)
    if taken:
        _line(contact, actor, now, "claim", f"Taken by {actor.display_name}")
        return True
    if contact.assigned_to_id == actor.id:
        return False
    raise ConflictError.said(
        "this contact was already taken by {owner}", owner=_owner_name(contact.assigned_to_id)
    )


def claim(mut: Mutator, actor: Actor, contact_id: str) -> Changes:
    """Take a contact. Two agents can never own the same one (compare-and-set)."""
    mut.run(
        intents.CONTACT_CLAIM,
        {"contact_id": contact_id},
        lambda: _claim_in_tx(mut, actor, contact_id),
        agent_id=actor.id,
        entity="contact",
        entity_id=contact_id,
    )
    return Changes(contacts={contact_id}, queue=True)


def release(mut: Mutator, actor: Actor, contact_id: str) -> Changes:
    def apply() -> None:
        contact = _contact(contact_id)
        if contact.assigned_to_id != actor.id:
            raise ConflictError.said("you can only hand back contacts that you hold")
        now = mut.clock.now()
        Contact.update(assigned_to=None, updated_at=now).where(Contact.id == contact_id).execute()
        _line(contact, actor, now, "status", "Returned to the queue")

    mut.run(
        intents.CONTACT_RELEASE,
        {"contact_id": contact_id},
        apply,
        agent_id=actor.id,
        entity="contact",
        entity_id=contact_id,
    )
    return Changes(contacts={contact_id}, queue=True)


def assign(mut: Mutator, actor: Actor, contact_id: str, agent_id: str | None) -> Changes:
    """A supervisor or admin gives a contact to an agent, takes it from one (an agent who
    is away) for another, or back to the queue (``agent_id`` None). The intent carries the
    holder the supervisor saw (``from_id``): if someone claimed it meanwhile, the server
    refuses the reassignment and says who has it. The new owner is told by the history
    line (and an alert, ``automation.assignment_alerts``)."""
    if actor.role not in ("supervisor", "admin"):
        raise UserFacingError.said("only a supervisor or an admin assigns contacts to others")
    contact = _contact(contact_id)
    if contact.status == "resolved":
        raise UserFacingError.said("that contact is resolved: reopen it before assigning it")
    owner = Agent.get_or_none(Agent.id == agent_id) if agent_id else None
    if agent_id and owner is None:
        raise NotFoundError.said("no agent {agent_id}", agent_id=agent_id)
    if owner is not None and owner.role == "trainee":
        raise UserFacingError.said("trainees practise in training mode; they get no live contacts")
    from_id = contact.assigned_to_id

    def apply() -> None:
        now = mut.clock.now()
        taken = (
            Contact.update(assigned_to=agent_id, updated_at=now)
            .where(
                (Contact.id == contact_id)
                & (Contact.assigned_to == from_id if from_id else Contact.assigned_to.is_null())
            )
            .execute()
        )
        if not taken:
            raise ConflictError.said(
                "meanwhile {owner} took it; nothing was changed",
                owner=_owner_name(_contact(contact_id).assigned_to_id),
            )
        who = owner.display_name if owner is not None else "the queue"
        before = f" (was {_owner_name(from_id)}'s)" if from_id else ""
        _line(contact, actor, now, "claim", f"Assigned to {who} by {actor.display_name}{before}")

    mut.run(
        intents.CONTACT_ASSIGN,
        {"contact_id": contact_id, "agent_id": agent_id, "from_id": from_id},
        apply,
        agent_id=actor.id,
        entity="contact",
        entity_id=contact_id,
    )
    return Changes(contacts={contact_id}, queue=True, customers=_customer_of(contact_id))


def take_back(mut: Mutator, actor: Actor, agent_id: str) -> Changes:
    """Every contact an agent holds (one who is away) back to the queue, each a
    ``contact.assign``."""
    changes = Changes()
    held = [
        c.id
        for c in Contact.select(Contact.id).where(
            (Contact.assigned_to == agent_id) & (Contact.status != "resolved")
        )
    ]
    for contact_id in held:
        changes.merge(assign(mut, actor, contact_id, None))
    return changes


def recipient_for(contact: Contact) -> str:
    """Where a reply on this contact's channel goes: the customer's matching identity."""
    wanted = {
        "email": "email",
        "fax": "email",
        "webform": "email",
        "sms": "phone",
        "phone": "phone",
        "social": "handle",
        "chat": "visitor",
        "session": "email",
    }
    kind = wanted.get(contact.channel, "email")
    if contact.customer_id is None:
        return ""
    identity = (
        Identity.select()
        .where((Identity.customer == contact.customer_id) & (Identity.kind == kind))
        .first()
    )
    if identity is None and kind != "email":
        identity = (
            Identity.select()
            .where((Identity.customer == contact.customer_id) & (Identity.kind == "email"))
            .first()
        )
    return identity.value if identity else ""


def reply(
    mut: Mutator, actor: Actor, contact_id: str, body: str, *, event_id: str | None = None
) -> Changes:
    """Send a reply on the contact's own channel.

    The reply is stored as history and queued as an outbound message in the same
    transaction; a training workspace marks it 'simulated' so that it lands in
    the local "would have been sent" view and no sender ever sees it.
    """
    text = body.strip()
    if not text:
        raise UserFacingError.said("the reply is empty")
    if len(text) > MAX_BODY:
        raise UserFacingError.said("the reply is longer than {limit} characters", limit=MAX_BODY)
    if actor.role == "trainee" and mut.kind == "live":
        raise UserFacingError.said("trainees cannot send replies to customers; use training mode")
    event_id = event_id or new_id()

    def apply() -> None:
        _claim_in_tx(mut, actor, contact_id)
        contact = _contact(contact_id)
        now = mut.clock.now()
        subject = reply_subject(contact.subject)
        Event.create(
            id=event_id,
            customer=contact.customer_id,
            contact=contact_id,
            at=now,
            channel=contact.channel,
            kind="reply",
            agent=actor.id,
            subject=subject,
            body=text,
        )
        recipient = recipient_for(contact)
        if contact.channel == "social":
            _check_social_length(recipient, text)
        Outbound.create(
            contact=contact_id,
            event_id=event_id,
            channel=contact.channel,
            recipient=recipient,
            subject=subject,
            body=text,
            state="simulated" if mut.kind == "training" else "queued",
            created_at=now,
        )
        updates: dict[str, object] = {"updated_at": now}
        if contact.first_response_at is None:
            updates["first_response_at"] = now
        if status_after_reply(contact.status) != contact.status:
            updates["status"] = status_after_reply(contact.status)
        Contact.update(**updates).where(Contact.id == contact_id).execute()

    mut.run(
        intents.CONTACT_REPLY,
        {"contact_id": contact_id, "event_id": event_id, "body": text},
        apply,
        agent_id=actor.id,
        entity="contact",
        entity_id=contact_id,
    )
    return Changes(contacts={contact_id}, queue=True, customers=_customer_of(contact_id))


def _check_social_length(handle: str, text: str) -> None:
    found = social_limit(handle)
    if found is not None and len(text) > found[1]:
        network, limit = found
        raise UserFacingError.said(
            "the reply is {length} characters; {network} takes at most {limit}: "
            "shorten it by {excess}",
            length=len(text),
            network=network,
            limit=limit,
            excess=len(text) - limit,
        )


def _customer_of(contact_id: str) -> set[str]:
    contact = Contact.get_or_none(Contact.id == contact_id)
    return {contact.customer_id} if contact and contact.customer_id else set()


def add_note(
    mut: Mutator, actor: Actor, contact_id: str, text: str, *, event_id: str | None = None
) -> Changes:
    """An internal note: history only, never leaves the building."""
    text = text.strip()
    if not text:
        raise UserFacingError.said("the note is empty")
    event_id = event_id or new_id()

    def apply() -> None:
        contact = _contact(contact_id)
        Event.create(
            id=event_id,
            customer=contact.customer_id,
            contact=contact_id,
            at=mut.clock.now(),
            channel=contact.channel,
            kind="note",
            agent=actor.id,
            subject="Internal note",
            body=text[:MAX_BODY],
        )

    mut.run(
        intents.CONTACT_NOTE,
        {"contact_id": contact_id, "event_id": event_id, "body": text},
        apply,
        agent_id=actor.id,
        entity="contact",
        entity_id=contact_id,
    )
    return Changes(contacts={contact_id}, customers=_customer_of(contact_id))


CALL_OUTCOMES = ("completed", "failed", "dropped", "voicemail", "no answer")


def log_call(
    mut: Mutator,
    actor: Actor,
    contact_id: str,
    *,
    direction: str,
    minutes: float,
    outcome: str,
    summary: str,
    event_id: str | None = None,
) -> Changes:
    if direction not in ("inbound", "outbound"):
        raise UserFacingError.said("a call is inbound or outbound")
    if outcome not in CALL_OUTCOMES:
        raise UserFacingError.said(
            "call outcome must be one of: {outcomes}", outcomes=", ".join(CALL_OUTCOMES)
        )
    if not 0 <= minutes <= 24 * 60:
        raise UserFacingError.said("call length must be between 0 and 1440 minutes")
    event_id = event_id or new_id()

    def apply() -> None:
        contact = _contact(contact_id)
        now = mut.clock.now()
        Event.create(
            id=event_id,
            customer=contact.customer_id,
            contact=contact_id,
            at=now,
            channel="phone",
            kind="call",
            agent=actor.id,
            subject=f"{direction.capitalize()} call, {minutes:g} min, {outcome}",
            body=summary.strip()[:MAX_BODY],
            data=json.dumps({"direction": direction, "minutes": minutes, "outcome": outcome}),
        )
        if contact.first_response_at is None and outcome == "completed":
            Contact.update(first_response_at=now, updated_at=now).where(
                Contact.id == contact_id
            ).execute()
        if outcome in ("completed", "failed", "dropped"):
            # every call that ended gets its follow-up within 24 hours
            Task.insert(
                id=derived_id(event_id, "follow-up"),
                customer=contact.customer_id,
                contact=contact_id,
                kind="follow_up",
                title=f"Follow up on the {outcome} call",
                owner=actor.id,
                state="open",
                due_at=now + timedelta(hours=Rules().follow_up_hours),
                created_at=now,
            ).on_conflict_ignore().execute()

    mut.run(
        intents.CONTACT_LOG_CALL,
        {
            "contact_id": contact_id,
            "event_id": event_id,
            "direction": direction,
            "minutes": minutes,
            "outcome": outcome,
            "summary": summary,
        },
        apply,
        agent_id=actor.id,
        entity="contact",
        entity_id=contact_id,
        team=team_of(contact_id),
    )
    return Changes(contacts={contact_id}, customers=_customer_of(contact_id))


COMPLAINT_SENTIMENT = -0.3


def is_complaint(contact: Contact) -> bool:
    """Negative sentiment, or an inbound message that reads like a complaint."""
    if contact.sentiment is not None and contact.sentiment <= COMPLAINT_SENTIMENT:
        return True
    text = f"{contact.subject} {contact.preview}".lower()
    return any(
        word in text
        for word in ("complain", "refund", "never again", "unacceptable", "disappointed", "#fail")
    )


def set_status(
    mut: Mutator, actor: Actor, contact_id: str, status: str, rules: Rules | None = None
) -> Changes:
    """Change the status. Waiting on the customer pauses the SLA clock; reopening resumes
    it with the business time that was left; ending a session or call schedules its
    follow-up."""
    rules = rules or Rules()
    if status not in STATUSES:
        raise UserFacingError.said(
            "status must be one of: {statuses}", statuses=", ".join(STATUSES)
        )

    def apply() -> None:
        contact = _contact(contact_id)
        if contact.status == status:
            return
        if contact.assigned_to_id not in (None, actor.id) and actor.role not in (
            "supervisor",
            "admin",
        ):
            raise ConflictError.said(
                "this contact is held by {owner}", owner=_owner_name(contact.assigned_to_id)
            )
        now = mut.clock.now()
        updates: dict[str, object] = {"status": status, "updated_at": now}
        updates["resolved_at"] = now if status == "resolved" else None
        if status == "waiting":
            updates["sla_paused_at"] = now
            if is_complaint(contact):
                # a complaint waiting on a promise is checked back, never left to go silent
                Task.insert(
                    id=derived_id(contact_id, "check-back"),
                    customer=contact.customer_id,
                    contact=contact_id,
                    kind="check_back",
                    title=f"Check back: did we keep our promise? ({contact.subject})"[:255],
                    owner=contact.assigned_to_id or actor.id,
                    state="open",
                    due_at=rules.calendar(contact.channel).add_minutes(
                        now, rules.first_response(contact.channel)
                    ),
                    created_at=now,
                ).on_conflict_ignore().execute()
        elif contact.sla_paused_at is not None:
            updates["sla_paused_at"] = None
            if contact.due_at is not None and status == "open":
                calendar = rules.calendar(contact.channel, contact.skill)
                left = calendar.minutes_between(contact.sla_paused_at, contact.due_at)
                updates["due_at"] = calendar.add_minutes(now, left) if left > 0 else contact.due_at
        Contact.update(**updates).where(Contact.id == contact_id).execute()
        if status == "resolved":
            follow_up_after_session(
                mut.db.connection(),
                contact_id=contact_id,
                customer_id=contact.customer_id,
                channel=contact.channel,
                agent_id=contact.assigned_to_id or actor.id,
                now=now,
                rules=rules,
            )
        _line(contact, actor, now, "status", f"Status: {contact.status} → {status}")
        # the follow-up or check-back made here goes with the intent: the server keeps
        # the same task, so a teammate sees it and completing it anywhere is accepted
        made = [
            task_spec(t)
            for t in Task.select().where(
                Task.id.in_(
                    (derived_id(contact_id, "follow-up"), derived_id(contact_id, "check-back"))
                )
            )
        ]
        if made:
            args["tasks"] = made
            tasks.update(t["task_id"] for t in made)

    args: dict[str, object] = {"contact_id": contact_id, "status": status}
    tasks: set[str] = set()  # the follow-up or check-back made: the desk's task list shows it
    mut.run(
        intents.CONTACT_SET_STATUS,
        args,
        apply,
        agent_id=actor.id,
        entity="contact",
        entity_id=contact_id,
    )
    return Changes(
        contacts={contact_id}, queue=True, customers=_customer_of(contact_id), tasks=tasks
    )
