"""Mail threading and bounces on the server, as desktops do them (desktop/intake.py):

- a contact joins the thread of the first message it answers that the team has: its
  In-Reply-To, then its References, our own sent Message-IDs included
  (``<EVENT_ID.lastmile@domain>``, server/sender.py);
- a reply that arrived before its parent joins the parent's thread when the parent comes;
- a bounce of one of our messages marks that message "not delivered" with the reason (and
  a "Reply not delivered" line), on every desktop of the team.
"""

from __future__ import annotations

import re
from typing import Any

from models.base import derived_id
from server.models import Contact, ContactRef, Event, Outbound, server_db
from server.store import Tx

OUR_MESSAGE_ID = re.compile(r"^<([^<>@\s]+)\.lastmile@[^<>\s]+>$")
MAX_REFS = 50


def refs_of(record: dict[str, Any]) -> list[str]:
    """The message ids a record answers: its parent first, then the rest of the thread."""
    parent = record.get("in_reply_to")
    refs = [parent] if isinstance(parent, str) and parent else []
    more = record.get("references")
    if isinstance(more, list):
        refs += [r for r in more if isinstance(r, str) and r and r not in refs]
    return [r[:1000] for r in refs[:MAX_REFS]]


def thread_for(space: str, channel: str, refs: list[str], own: str) -> str:
    for ref in refs:
        parent = Contact.get_or_none(
            (Contact.space == space) & (Contact.channel == channel) & (Contact.external_id == ref)
        )
        if parent is None:
            ours = OUR_MESSAGE_ID.match(ref)
            sent = Outbound.get_or_none(
                (Outbound.space == space)
                & ((Outbound.message_id == ref) | (Outbound.id == (ours.group(1) if ours else ref)))
            )
            parent = Contact.get_or_none(Contact.id == sent.contact_id) if sent else None
        if parent is not None:
            return str(parent.thread_id or parent.id)
    return own


def link(tx: Tx, contact: Contact, refs: list[str]) -> None:
    """Remember what the contact answers; earlier replies to it join its thread."""
    if refs:
        ContactRef.insert_many(
            [
                {"space": tx.space, "channel": contact.channel, "ref": r, "contact_id": contact.id}
                for r in refs
            ]
        ).on_conflict_ignore().execute()
    if not contact.external_id:
        return
    thread = contact.thread_id or contact.id
    orphans = [
        str(r[0])
        for r in server_db.execute_sql(
            'SELECT c."id" FROM "contact_ref" r JOIN "contact" c ON c."id" = r."contact_id" '
            'WHERE r."space" = %s AND r."channel" = %s AND r."ref" = %s '
            'AND c."thread_id" = c."id" AND c."id" <> %s',
            (tx.space, contact.channel, contact.external_id, contact.id),
        ).fetchall()
    ]
    for orphan in orphans:
        for row in Contact.select().where(
            (Contact.space == tx.space) & ((Contact.thread_id == orphan) | (Contact.id == orphan))
        ):
            row.thread_id = thread
            tx.save(row)


def mark_bounced(tx: Tx, record: dict[str, Any], now: int) -> bool:
    """A bounce of one of our messages: that message was not delivered. True if it was
    ours."""
    bounced = record.get("bounce_of")
    if record.get("auto") != "bounce" or not isinstance(bounced, str) or not bounced:
        return False
    reason = record.get("bounce_reason") if isinstance(record.get("bounce_reason"), str) else ""
    ours = OUR_MESSAGE_ID.match(bounced)
    rows = list(
        Outbound.select()
        .where(
            (Outbound.space == tx.space)
            & (
                (Outbound.message_id == bounced)
                | (Outbound.id == (ours.group(1) if ours else bounced))
            )
        )
        .for_update()
    )
    for row in rows:
        not_delivered(tx, row, f"not delivered: {reason or 'bounced'}"[:500], now)
    return bool(rows)


def not_delivered(tx: Tx, row: Outbound, text: str, now: int) -> None:
    """One of our messages did not reach the customer (a bounce, a gateway's report): the
    message says so, and its contact gets one history line about it (once, however often
    it is reported)."""
    if row.state == "failed" and row.reason == text:
        return
    row.state, row.reason = "failed", text
    tx.save(row)
    line_id = (
        derived_id(row.id, "delivery-failed") if _uuid(row.id) else f"{row.id[:40]}-delivery-failed"
    )
    if Event.get_or_none(Event.id == line_id) is not None:
        return
    contact = Contact.get_or_none(Contact.id == row.contact_id)
    tx.save(
        Event(
            id=line_id,
            contact_id=row.contact_id,
            customer_id=contact.customer_id if contact else None,
            at=now,
            channel=row.channel,
            kind="status",
            agent_id=None,
            subject="Reply not delivered",
            body=text,
        )
    )


def _uuid(value: str) -> bool:
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True
