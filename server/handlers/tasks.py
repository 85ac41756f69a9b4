"""Follow-ups: the tasks desktops' rules make, created, completed, assigned, deleted.

Moved from server/apply.py (issue 16); the dispatch and the Context stay there."""

from __future__ import annotations

from models.base import derived_id
from models.protocol import intents
from models.protocol.vocabulary import TASK_KINDS
from server.apply import Context, RejectedError, handles, time_ms
from server.models import Agent, Contact, Customer, Invoice, Task
from server.store import get_row


@handles(intents.RULES_RUN)
def run_rules(ctx: Context) -> None:
    """Invoice reminders a desktop's rules made: the same tasks here, for the whole team."""
    allowed: dict[str, Contact | Invoice] = {}
    for spec in ctx.objects("tasks", 1000):
        invoice_id = spec.get("invoice_id")
        invoice = ctx.get(Invoice, invoice_id) if isinstance(invoice_id, str) else None
        if invoice is not None:
            allowed[derived_id(invoice.id, "reminder")] = invoice
    made_tasks(ctx, allowed)


def made_tasks(ctx: Context, allowed: dict[str, Contact | Invoice]) -> None:
    """Keep the tasks a desktop's rules made (``tasks``: ids derived from the contact or
    invoice, so each is made once whoever runs the rules), for the row they belong to."""
    for spec in ctx.objects("tasks", 1000):
        task_id = str(spec.get("task_id"))
        row = allowed.get(task_id)
        if row is None:
            continue  # not one the rules make here
        made = ctx.get(Task, task_id, lock=True)
        if made is not None:  # made before: a team follow-up becomes its handler's
            owner = spec.get("owner_id")
            agent = get_row(Agent, owner) if isinstance(owner, str) else None
            if (
                made.owner_id is None
                and made.state == "open"
                and agent is not None
                and ctx.in_team(agent)
                and agent.role != "trainee"
            ):
                made.owner_id = owner
                ctx.save(made)
            continue
        kind, title, due = spec.get("kind"), spec.get("title"), spec.get("due_at")
        if (
            kind not in TASK_KINDS
            or not isinstance(title, str)
            or not title.strip()
            or not isinstance(due, int)
        ):
            raise RejectedError("a task needs a known kind, a title and a due_at time")
        owner = spec.get("owner_id")
        agent = get_row(Agent, owner) if isinstance(owner, str) else None
        if agent is None or not ctx.in_team(agent):
            owner = None  # nobody of this team by that id: the team's task
        ctx.save(
            Task(
                id=task_id,
                customer_id=row.customer_id,
                contact_id=row.id if isinstance(row, Contact) else None,
                kind=kind,
                title=title[:255],
                due_at=due,
                owner_id=owner,
                state="open",
            )
        )


# -- follow-ups ------------------------------------------------------------------------------


@handles(intents.TASK_CREATE)
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
    if agent is None or not ctx.in_team(agent):
        raise RejectedError("the follow-up's owner is not an agent of this team")
    ctx.save(
        Task(
            id=task_id,
            customer_id=customer_id,
            contact_id=contact_id,
            kind=kind,
            title=title,
            due_at=time_ms(ctx.args.get("due_at"), "due_at"),
            owner_id=owner,
            state="open",
        )
    )


@handles(intents.TASK_COMPLETE)
def complete_task(ctx: Context) -> None:
    task = ctx.need(Task, ctx.id("task_id"), lock=True)
    if task.state == "open":  # a deleted follow-up stays deleted: deletes win over edits
        task.state = "done"
        ctx.save(task)


@handles(intents.TASK_ASSIGN)
def assign_task(ctx: Context) -> None:
    """A supervisor or admin gives a task to an agent of the team (or back to the team);
    an agent may take a team task for themselves or hand their own back."""
    task = ctx.need(Task, ctx.id("task_id"), lock=True)
    owner = ctx.id("owner_id", optional=True) or None
    if owner is not None:
        agent = get_row(Agent, owner)
        if agent is None or not ctx.in_team(agent):
            raise RejectedError("the new owner is not an agent of this team")
        if agent.role == "trainee":
            raise RejectedError("trainees get no live tasks")
    own_move = (task.owner_id is None and owner == ctx.agent) or (
        task.owner_id == ctx.agent and owner is None
    )
    if not ctx.is_lead and not own_move:
        raise RejectedError("only a supervisor or an admin assigns tasks to others")
    if task.state != "open":
        raise RejectedError(f"that task is {task.state}")
    if task.owner_id != owner:
        task.owner_id = owner
        ctx.save(task)


@handles(intents.TASK_DELETE)
def delete_task(ctx: Context) -> None:
    task = ctx.need(Task, ctx.id("task_id"), lock=True)
    if task.state != "deleted":  # also after it was completed elsewhere: the delete wins
        task.state = "deleted"
        ctx.save(task)
