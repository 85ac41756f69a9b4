"""Mail threading at intake: which conversation a new contact belongs to, what it
refers to, replies that came before their parent, and bounces of our own mail."""

from __future__ import annotations

import json
import re
from typing import Any

from desktop.intake_lookup import slices
from models.inbound import Item

# what a mail record adds (desktop.channels.mail), kept in its inbound event's data
MAIL_KEYS = (
    "references",
    "auto",
    "new_text",
    "html",
    "attachments",
    "bounce_of",
    "bounce_reason",
    "received_note",
)
# the Message-ID the server's sender puts on our mail: <EVENT_ID.lastmile@DOMAIN>
_OUR_MESSAGE_ID = re.compile(r"^<([^<>@\s]+)\.lastmile@[^<>\s]+>$")


def refs(fields: dict[str, Any]) -> list[str]:
    """The message ids a contact answers: its parent first, then the rest of the thread."""
    found = [fields["in_reply_to"]] if fields.get("in_reply_to") else []
    return found + [r for r in fields.get("references", ()) if r not in found]


def thread_of(threads: dict[tuple[str, str], str], fields: dict[str, Any], own: str) -> str:
    for ref in refs(fields):
        thread = threads.get((fields["channel"], ref))
        if thread is not None:
            return thread
    return own


def link_mail(conn: Any, stored: list[tuple[str, str, dict[str, Any]]], now_ms: int) -> None:
    """After the contacts of a chunk are written: remember what each refers to, move a
    reply that came before its parent into the parent's thread, and mark our own mail
    that bounced as not delivered."""
    conn.executemany(
        "INSERT OR IGNORE INTO contact_ref (channel, ref, contact_id) VALUES (?, ?, ?)",
        [(f["channel"], ref, cid) for cid, _, f in stored for ref in refs(f)],
    )
    # earlier replies to a message just stored that are threads of their own join its
    # thread (one query per channel and 900 ids, on the contact_ref key)
    by_channel: dict[str, dict[str, tuple[str, str]]] = {}
    for contact_id, thread, f in stored:
        by_channel.setdefault(f["channel"], {})[f["external_id"]] = (contact_id, thread)
    for channel, wanted in by_channel.items():
        for part in slices(sorted(wanted), 900):
            marks = ",".join("?" * len(part))
            for ref, orphan in conn.execute(
                "SELECT r.ref, c.id FROM contact_ref r JOIN contact c ON c.id = r.contact_id "
                f"WHERE r.channel = ? AND r.ref IN ({marks}) AND c.thread_id = c.id",
                [channel, *part],
            ).fetchall():
                contact_id, thread = wanted[ref]
                if orphan not in (contact_id, thread):
                    conn.execute(
                        "UPDATE contact SET thread_id = ? WHERE thread_id = ? OR id = ?",
                        (thread, orphan, orphan),
                    )
    for _, _, f in stored:
        if f.get("auto") == "bounce" and f.get("bounce_of"):
            _bounced(conn, f["bounce_of"], f.get("bounce_reason") or "bounced", now_ms)


def _bounced(conn: Any, message_id: str, reason: str, now_ms: int) -> None:
    """A bounce of one of our replies or acknowledgements: it was not delivered."""
    ours = _OUR_MESSAGE_ID.match(message_id)
    rows = conn.execute(
        "SELECT id, event_id, sent_at FROM outbound WHERE message_id = ? OR event_id = ?",
        (message_id, ours.group(1) if ours else message_id),
    ).fetchall()
    for row_id, event_id, sent_at in rows:
        conn.execute("UPDATE outbound SET state = 'failed' WHERE id = ?", (row_id,))
        delivery = json.dumps(
            {
                "state": "failed",
                "reason": f"not delivered: {reason}"[:500],
                "sent_at": sent_at,
                "bounced_at": now_ms,
            }
        )
        conn.execute(
            "UPDATE event SET data = json_set(CASE WHEN json_valid(data) THEN data ELSE '{}' "
            "END, '$.delivery', json(?)) WHERE id = ? AND kind IN ('reply', 'ack')",
            (delivery, event_id),
        )


def find_threads(conn: Any, items: list[Item]) -> dict[tuple[str, str], str]:
    wanted = {
        (i.fields["channel"], ref) for i in items if i.kind == "contact" for ref in refs(i.fields)
    }
    by_channel: dict[str, list[str]] = {}
    for channel, ref in sorted(wanted):
        by_channel.setdefault(channel, []).append(ref)
    threads: dict[tuple[str, str], str] = {}
    # one query per channel and 900 ids (a mail names up to 50), on the external id index
    for channel, named in by_channel.items():
        for part in slices(named, 900):
            marks = ",".join("?" * len(part))
            for ref, thread in conn.execute(
                "SELECT external_id, coalesce(thread_id, id) FROM contact "
                f"WHERE channel = ? AND external_id IN ({marks})",
                [channel, *part],
            ):
                threads[(channel, ref)] = thread
    # an answer to one of OUR messages names its Message-ID: the conversation of the
    # contact we answered (the id names our history event; outbound keeps the rest)
    ours = [(c, r) for c, r in sorted(wanted) if (c, r) not in threads]
    for mine in slices(ours, 400):
        marks = ",".join("?" * len(mine))
        events = {
            m.group(1): (c, r) for c, r in mine if (m := _OUR_MESSAGE_ID.match(r)) is not None
        }
        for ref, event_id, thread in conn.execute(
            "SELECT o.message_id, o.event_id, coalesce(c.thread_id, c.id) FROM outbound o "
            f"JOIN contact c ON c.id = o.contact_id WHERE o.message_id IN ({marks}) "
            f"OR o.event_id IN ({','.join('?' * len(events)) or 'NULL'})",
            [r for _, r in mine] + list(events),
        ):
            for channel, wanted_ref in mine:
                if wanted_ref == ref or events.get(event_id) == (channel, wanted_ref):
                    threads.setdefault((channel, wanted_ref), thread)
    return threads
