"""Follow-ups and reminders."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from desktop.automation import due_invoice_reminders, make_tasks
from desktop.changes import Changes
from desktop.mutator import Mutator
from desktop.ops import Actor, team_of
from desktop.rules import Rules
from models.base import iso, new_id, to_ms
from models.errors import NotFoundError, UserFacingError
from models.protocol import intents
from models.protocol.vocabulary import LEADS, TASK_KINDS
from models.schema import Agent, Contact, Event, Task


def run_rules(mut: Mutator, rules: Rules) -> int:
    """Make the invoice reminders that are due, as one recorded action (``rules.run``)
    carrying the tasks, so that the server and every teammate get the same ones. Nothing
    due: nothing recorded."""
    conn = mut.db.connection()
    now = mut.clock.now()
    if not due_invoice_reminders(conn, now=now, rules=rules):
        return 0
    args: dict[str, Any] = {"at": iso(now)}

    def apply() -> int:  # looked up again inside the write transaction
        specs = due_invoice_reminders(conn, now=now, rules=rules)
        args["tasks"] = specs
        return make_tasks(conn, specs, now_ms=to_ms(now))

    return mut.run(intents.RULES_RUN, args, apply, agent_id=None, entity="rules")


def create_task(
    mut: Mutator,
    actor: Actor,
    *,
    title: str,
    due_at: datetime,
    contact_id: str | None = None,
    customer_id: str | None = None,
    kind: str = "follow_up",
    owner_id: str | None = None,
    task_id: str | None = None,
    team: str | None = None,
) -> Changes:
    """Set a follow-up (or callback, reminder) with a due time; it shows in the history.

    Its team: the contact's when it is about one, the customer's when about a customer
    (the server follows the row), else ``team`` (the one chosen in the window)."""
    title = title.strip()
    if not title:
        raise UserFacingError.said("a follow-up needs a short description")
    if kind not in TASK_KINDS:
        raise UserFacingError.said("task kind must be one of: {kinds}", kinds=", ".join(TASK_KINDS))
    if due_at.tzinfo is None:
        raise UserFacingError.said("the due time needs a time zone")
    task_id = task_id or new_id()
    owner_id = owner_id or actor.id
    team = team_of(contact_id) if contact_id else (None if customer_id else team)

    def apply() -> str | None:
        customer = customer_id
        channel = ""
        if contact_id is not None:
            contact = Contact.get_or_none(Contact.id == contact_id)
            if contact is None:
                raise NotFoundError.said(
                    "contact {contact_id} does not exist", contact_id=contact_id
                )
            customer = customer or contact.customer_id
            channel = contact.channel
        now = mut.clock.now()
        Task.create(
            id=task_id,
            customer=customer,
            contact=contact_id,
            kind=kind,
            title=title[:255],
            due_at=due_at,
            owner=owner_id,
            state="open",
            created_at=now,
        )
        Event.create(
            customer=customer,
            contact=contact_id,
            at=now,
            channel=channel,
            kind="task",
            agent=actor.id,
            subject=f"Follow-up set: {title[:200]}",
            body=f"Due {iso(due_at)}",
        )
        return customer

    customer = mut.run(
        intents.TASK_CREATE,
        {
            "task_id": task_id,
            "title": title,
            "due_at": iso(due_at),
            "contact_id": contact_id,
            "customer_id": customer_id,
            "kind": kind,
            "owner_id": owner_id,
        },
        apply,
        agent_id=actor.id,
        entity="task",
        entity_id=task_id,
        team=team,
    )
    return Changes(
        tasks={task_id},
        contacts={contact_id} if contact_id else set(),
        customers={customer} if customer else set(),
    )


def complete_task(mut: Mutator, actor: Actor, task_id: str) -> Changes:
    def apply() -> Task:
        task = Task.get_or_none(Task.id == task_id)
        if task is None:
            raise NotFoundError.said("task {task_id} does not exist", task_id=task_id)
        if task.state != "open":
            return task
        now = mut.clock.now()
        Task.update(state="done", done_at=now).where(Task.id == task_id).execute()
        Event.create(
            customer=task.customer_id,
            contact=task.contact_id,
            at=now,
            kind="task",
            agent=actor.id,
            subject=f"Follow-up done: {task.title}",
        )
        return task

    task = mut.run(
        intents.TASK_COMPLETE,
        {"task_id": task_id},
        apply,
        agent_id=actor.id,
        entity="task",
        entity_id=task_id,
    )
    return Changes(tasks={task_id}, customers={task.customer_id} if task.customer_id else set())


def delete_task(mut: Mutator, actor: Actor, task_id: str) -> Changes:
    """Delete a follow-up that is no longer needed. The row stays as a tombstone (state
    ``deleted``) so that the deletion syncs and wins over a concurrent edit elsewhere."""

    def apply() -> Task:
        task = Task.get_or_none(Task.id == task_id)
        if task is None:
            raise NotFoundError.said("task {task_id} does not exist", task_id=task_id)
        if task.state == "deleted":
            return task
        now = mut.clock.now()
        Task.update(state="deleted", done_at=now).where(Task.id == task_id).execute()
        Event.create(
            customer=task.customer_id,
            contact=task.contact_id,
            at=now,
            kind="task",
            agent=actor.id,
            subject=f"Follow-up deleted: {task.title}",
        )
        return task

    task = mut.run(
        intents.TASK_DELETE,
        {"task_id": task_id},
        apply,
        agent_id=actor.id,
        entity="task",
        entity_id=task_id,
    )
    return Changes(tasks={task_id}, customers={task.customer_id} if task.customer_id else set())


def assign_task(mut: Mutator, actor: Actor, task_id: str, owner_id: str | None) -> Changes:
    """Give a follow-up or reminder to an agent (``None``: back to the team's tasks).

    Supervisors and admins assign anything; an agent may take a team task (one without an
    owner) for themselves, or hand their own back to the team."""
    task = Task.get_or_none(Task.id == task_id)
    if task is None:
        raise NotFoundError.said("task {task_id} does not exist", task_id=task_id)
    if task.state != "open":
        raise UserFacingError.said(
            "that task is {state}: only open tasks are assigned", state=task.state
        )
    owner = Agent.get_or_none(Agent.id == owner_id) if owner_id else None
    if owner_id and owner is None:
        raise NotFoundError.said("no agent {owner_id}", owner_id=owner_id)
    if owner is not None and owner.role == "trainee":
        raise UserFacingError.said("trainees practise in training mode; they get no live tasks")
    own_move = (task.owner_id is None and owner_id == actor.id) or (
        task.owner_id == actor.id and owner_id is None
    )
    if actor.role not in LEADS and not own_move:
        raise UserFacingError.said(
            "only a supervisor or an admin assigns tasks to others; "
            "you can take a team task for yourself"
        )

    def apply() -> Task:
        now = mut.clock.now()
        Task.update(owner=owner_id).where(Task.id == task_id).execute()
        who = owner.display_name if owner is not None else "the team"
        Event.create(
            customer=task.customer_id,
            contact=task.contact_id,
            at=now,
            kind="task",
            agent=actor.id,
            subject=f"Follow-up for {who}: {task.title}"[:255],
        )
        return task

    mut.run(
        intents.TASK_ASSIGN,
        {"task_id": task_id, "owner_id": owner_id},
        apply,
        agent_id=actor.id,
        entity="task",
        entity_id=task_id,
    )
    return Changes(tasks={task_id}, customers={task.customer_id} if task.customer_id else set())
