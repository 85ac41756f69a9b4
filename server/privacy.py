"""``customer.erase``: a person erased for the whole team (supervisors and admins only).

The server's rows of the person (the customer and every duplicate merged into it, their
contacts, history, tasks, purchases, invoices, merges) get the same anonymised shape the
desktops give them (desktop/privacy.py), and every change-log row that carried them is
rewritten to that shape, so a desktop pulling from scratch never receives the original
text. Their outgoing messages are deleted (with their change-log rows), as are lost edits
kept for review and any refusal reason that named them. Last comes one ``erasure`` change:
each desktop of the team runs the same erase when it pulls it.
"""

from __future__ import annotations

import json
from typing import Any

from peewee import fn

from models.protocol import intents
from server import attachments
from server.apply import Context, RejectedError, handles
from server.models import (
    ChangeLog,
    Contact,
    Customer,
    DomainModel,
    Event,
    Invoice,
    LostEdit,
    MergeRecord,
    Outbound,
    Purchase,
    Result,
    Task,
    server_db,
)
from server.store import CHANGE_SQL

ERASED_NAME = "Erased customer"


def _group(space: str, root_id: str) -> list[str]:
    ids = [root_id]
    frontier = [root_id]
    while frontier and len(ids) < 10_000:
        found = [
            c.id
            for c in Customer.select(Customer.id).where(
                (Customer.space == space) & Customer.merged_into.in_(frontier)
            )
        ]
        frontier = [f for f in found if f not in ids]
        ids += frontier
    return ids


@handles(intents.CUSTOMER_ERASE)
def erase(ctx: Context) -> None:
    if not ctx.is_lead:
        raise RejectedError("only a supervisor or an admin may erase a customer")
    customer = ctx.get(Customer, ctx.id("customer_id"), lock=True)
    if customer is None:
        return  # never reached the server: nothing to erase here
    space = ctx.tx.space
    root, seen = customer, set()
    while root.merged_into and root.id not in seen:  # the whole merged person
        seen.add(root.id)
        parent = ctx.get(Customer, root.merged_into)
        if parent is None:
            break
        root = parent
    ids = _group(space, root.id)
    customers = list(Customer.select().where((Customer.space == space) & Customer.id.in_(ids)))
    words = {n for c in customers for n in [c.name] if len(n.strip()) >= 4}
    words |= {
        str(k[1])
        for c in customers
        for k in json.loads(c.keys or "[]")
        if len(k) > 1 and len(str(k[1])) >= 4
    }
    written: list[DomainModel] = []
    for c in customers:
        c.name, c.locale, c.timezone, c.culture_notes, c.tags = ERASED_NAME, "", "", "", "[]"
        c.vip = c.influencer = False
        c.reach, c.do_not_contact, c.keys, c.clocks = 0, True, "[]", "{}"
        written.append(c)
    contacts = list(Contact.select().where((Contact.space == space) & Contact.customer_id.in_(ids)))
    contact_ids = [c.id for c in contacts]
    for contact in contacts:
        words |= {contact.external_id} if contact.external_id else set()
        contact.subject, contact.preview, contact.external_id = "", "", None
        written.append(contact)
    for event in Event.select().where(
        (Event.space == space)
        & (Event.customer_id.in_(ids) | Event.contact_id.in_(contact_ids or [""]))
    ):
        event.subject, event.body = "", ""
        written.append(event)
    for task in Task.select().where(
        (Task.space == space)
        & (Task.customer_id.in_(ids) | Task.contact_id.in_(contact_ids or [""]))
    ):
        task.title = ""
        written.append(task)
    for purchase in Purchase.select().where(
        (Purchase.space == space) & Purchase.customer_id.in_(ids)
    ):
        purchase.product, purchase.external_id = "", None
        written.append(purchase)
    for invoice in Invoice.select().where((Invoice.space == space) & Invoice.customer_id.in_(ids)):
        invoice.number, invoice.external_id = "", None
        written.append(invoice)
    for record in MergeRecord.select().where(
        (MergeRecord.space == space)
        & (MergeRecord.survivor_id.in_(ids) | MergeRecord.duplicate_id.in_(ids))
    ):
        record.evidence = "[]"
        written.append(record)
    outbound = [
        o.id
        for o in Outbound.select(Outbound.id).where(
            (Outbound.space == space) & Outbound.contact_id.in_(contact_ids or [""])
        )
    ]
    for row in written:
        ctx.save(row)
        # what the team's change log said about this row before: the anonymised shape now
        ChangeLog.update(data=json.dumps(row.change())).where(
            (ChangeLog.space == space)
            & (ChangeLog.kind == row.KIND)
            & (ChangeLog.entity_id == row.id)
        ).execute()
    if outbound:
        Outbound.delete().where(Outbound.id.in_(outbound)).execute()
        ChangeLog.delete().where(
            (ChangeLog.space == space)
            & (ChangeLog.kind == "outbound")
            & ChangeLog.entity_id.in_(outbound)
        ).execute()
    attachments.forget(space, contact_ids)  # rows, their change-log lines, unshared bytes
    LostEdit.delete().where((LostEdit.space == space) & LostEdit.entity_id.in_(ids)).execute()
    for word in words:
        Result.update(reason="about an erased customer").where(
            (Result.space == space) & (fn.strpos(fn.lower(Result.reason), word.lower()) > 0)
        ).execute()
    _erasure(ctx, root.id, ids)


def _erasure(ctx: Context, customer_id: str, ids: list[str]) -> None:
    """The change every desktop of the team applies: erase these customers there too."""
    data: dict[str, Any] = {"customer_ids": ids, "by": ctx.agent, "at": ctx.now}
    ctx.tx.seq += 1
    server_db.execute_sql(
        CHANGE_SQL,
        (ctx.tx.space, ctx.tx.version, ctx.tx.seq, "erasure", customer_id, json.dumps(data)),
    )
