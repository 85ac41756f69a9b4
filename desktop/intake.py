"""The one intake: every inbound contact, purchase and invoice comes through here.

A channel adapter (file import, IMAP, HTTP endpoint, PBX event) turns what it
receives into the inbound format of DESIGN.md and hands the records to
:func:`Intake.ingest`. Intake validates each record, deduplicates by
(channel, external id), resolves the customer by identity, stores the contact
with its first history event, and reports every rejected record with its
position and reason. Records are written in chunks, one transaction each, with
executemany: a crash leaves whole chunks, and re-running skips what is there.

Why ~900 lines in one module: validation, identity resolution, threading and the chunked
bulk write share the ``Item`` shape and one transaction per chunk. The split by record kind
(contacts, commerce, mail threading) comes with the protocol package of issue 16, which
will own the intents these rows travel with; splitting before that would split twice.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any, TypeVar

from peewee import Database

from desktop.automation import Received, on_received
from desktop.clock import Clock
from desktop.resolution import Known, resolve
from desktop.rules import Rules
from models.base import derived_id, iso, new_id, to_ms
from models.inbound import (  # the inbound format, validated (shared with the server)
    IntakeReport,
    Item,
    Person,
    RecordError,
    Rejected,
    parse_record,
)
from models.protocol.intents import CONTACT_RECEIVE, INVOICE_RECORD, PURCHASE_RECORD
from models.protocol.vocabulary import INFLUENCER_FOLLOWERS
from models.text import clean

log = logging.getLogger("lastmile.intake")
T = TypeVar("T")

CHUNK = 5000
BULK_CACHE_KIB = -262_144  # 256 MB while importing

class Intake:
    def __init__(
        self,
        db: Database,
        *,
        clock: Clock,
        kind: str,
        agent_id: str | None = None,
        rules: Rules | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.kind = kind
        self.agent_id = agent_id
        self.rules = rules or Rules()

    def ingest(self, records: Iterable[tuple[int, Any]], source: str = "") -> IntakeReport:
        """Ingest (position, record-or-RecordError) pairs; returns the report."""
        report = IntakeReport()
        # bulk writes touch every index of big tables: a larger page cache for the duration
        previous = self.db.execute_sql("PRAGMA cache_size").fetchone()[0]
        self.db.execute_sql(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
        try:
            self._ingest_chunks(records, source, report)
        finally:
            self.db.execute_sql(f"PRAGMA cache_size = {int(previous)}")
        return report

    def _ingest_chunks(
        self, records: Iterable[tuple[int, Any]], source: str, report: IntakeReport
    ) -> None:
        for chunk in _chunks(records, CHUNK):
            items: list[Item] = []
            for position, obj in chunk:
                if isinstance(obj, RecordError):
                    report.rejected.append(Rejected(position, str(obj), source))
                    continue
                try:
                    # made storable at the door: what is accepted here can always travel
                    items.append(parse_record(clean(obj), position, source))
                except RecordError as exc:
                    report.rejected.append(Rejected(position, str(exc), source))
            if items:
                report.merge(self._store(items))

    # -- storage ---------------------------------------------------------------

    def _store(self, items: list[Item]) -> IntakeReport:
        report = IntakeReport()
        now = self.clock.now()
        now_ms = to_ms(now)
        # IMMEDIATE: it reads before it writes; a writer beside waits its turn, no failure
        with self.db.atomic("IMMEDIATE"):
            conn = self.db.connection()
            existing = self._existing_keys(conn, items)
            known = self._known_identities(conn, items)
            customers: list[tuple[Any, ...]] = []
            identities: list[tuple[Any, ...]] = []
            contacts: list[tuple[Any, ...]] = []
            events: list[tuple[Any, ...]] = []
            purchases: list[tuple[Any, ...]] = []
            invoices: list[tuple[Any, ...]] = []
            intents: list[tuple[Any, ...]] = []
            reach_updates: list[tuple[int, str]] = []
            threads = self._threads(conn, items)
            stored: list[tuple[str, str, dict[str, Any]]] = []  # contact id, thread, fields
            received: list[Received] = []
            suggestions: list[tuple[Any, ...]] = []
            for item in items:
                if item.dedupe in existing:
                    report.duplicates += 1
                    continue
                existing.add(item.dedupe)
                resolution = resolve(item.person.keys, item.person.name, known)
                customer_id = resolution.customer_id
                name = item.person.name
                if customer_id is None:
                    customer_id = new_id()
                    name = item.person.name or item.person.keys[0][1].split(":")[-1]
                    customers.append(
                        (
                            customer_id,
                            name,
                            item.person.followers >= INFLUENCER_FOLLOWERS,
                            item.person.followers,
                            now_ms,
                            now_ms,
                        )
                    )
                elif item.person.followers:
                    reach_updates.append((item.person.followers, customer_id))
                for suggestion in resolution.suggestions:
                    a, b = sorted((customer_id, suggestion.customer_id))
                    suggestions.append(
                        (
                            new_id(),
                            a,
                            b,
                            json.dumps([suggestion.evidence]),
                            suggestion.confidence,
                            "open",
                            now_ms,
                        )
                    )
                for kind, value, network in item.person.keys:
                    if (kind, value) not in known:
                        known[(kind, value)] = Known(customer_id, name)
                        identities.append((new_id(), customer_id, kind, value, network))
                f = item.fields
                if item.kind == "contact":
                    contact_id = new_id()
                    received_ms = to_ms(f["received_at"])
                    thread = _thread_of(threads, f, contact_id)
                    # a message in an existing conversation is due on the next-response
                    # target; everything must be resolved by the resolution target
                    due = self.rules.due_at(
                        f["channel"],
                        f["received_at"],
                        f["priority"],
                        f["skill"],
                        "first" if thread == contact_id else "next",
                    )
                    resolve_by = self.rules.due_at(
                        f["channel"], f["received_at"], f["priority"], f["skill"], "resolution"
                    )
                    # later messages in this chunk may answer this one
                    threads[(f["channel"], f["external_id"])] = thread
                    status = "open"
                    preview = " ".join(f["body"].split())[:160]
                    contacts.append(
                        (
                            contact_id,
                            f["channel"],
                            f["direction"],
                            received_ms,
                            customer_id,
                            f["subject"][:255],
                            preview,
                            f["external_id"],
                            thread,
                            f["skill"],
                            f["priority"],
                            status,
                            to_ms(due),
                            _sentiment_of(f),
                            f["outcome"],
                            now_ms,
                            to_ms(resolve_by),
                        )
                    )
                    data = {"external_id": f["external_id"]}
                    if f["outcome"]:
                        data["outcome"] = f["outcome"]
                    if f["in_reply_to"]:
                        data["in_reply_to"] = f["in_reply_to"]
                    data.update({k: f[k] for k in MAIL_KEYS if k in f})
                    stored.append((contact_id, thread, f))
                    events.append(
                        (
                            derived_id(contact_id, "inbound"),  # the server derives the same
                            customer_id,
                            contact_id,
                            received_ms,
                            f["channel"],
                            "inbound",
                            f["subject"],
                            f["body"],
                            json.dumps(data),
                        )
                    )
                    report.contact_ids.append(contact_id)
                    received.append(
                        Received(
                            contact_id,
                            customer_id,
                            f["channel"],
                            f["priority"],
                            received_ms,
                            thread,
                            f["subject"],
                            f["outcome"],
                            _recipient(f["channel"], item.person),
                            f.get("auto"),
                        )
                    )
                    if self.kind == "live":
                        intents.append(
                            self._intent(
                                CONTACT_RECEIVE.name,
                                {
                                    "contact_id": contact_id,
                                    "customer_id": customer_id,
                                    "record": _jsonable(f),
                                    "person": {"name": name, "keys": item.person.keys},
                                },
                                now_ms,
                            )
                        )
                elif item.kind == "purchase":
                    pid = new_id()
                    at = to_ms(f["purchased_at"])
                    purchases.append(
                        (
                            pid,
                            customer_id,
                            f["external_id"],
                            f["product"],
                            f["amount_cents"],
                            f["currency"],
                            at,
                        )
                    )
                    events.append(
                        (
                            new_id(),
                            customer_id,
                            None,
                            at,
                            "commerce",
                            "purchase",
                            f["product"],
                            _money(f["amount_cents"], f["currency"]),
                            json.dumps({"purchase_id": pid}),
                        )
                    )
                    if self.kind == "live":
                        intents.append(
                            self._intent(
                                PURCHASE_RECORD.name,
                                {
                                    "purchase_id": pid,
                                    "customer_id": customer_id,
                                    "record": _jsonable(f),
                                    "person": {"name": name, "keys": item.person.keys},
                                },
                                now_ms,
                            )
                        )
                else:
                    iid = new_id()
                    at = to_ms(f["issued_at"])
                    invoices.append(
                        (
                            iid,
                            customer_id,
                            f["external_id"],
                            f["number"],
                            f["amount_cents"],
                            f["currency"],
                            at,
                            _ms(f["due_at"]),
                            _ms(f["sent_at"]),
                            _ms(f["reminded_at"]),
                            _ms(f["paid_at"]),
                        )
                    )
                    events.append(
                        (
                            new_id(),
                            customer_id,
                            None,
                            at,
                            "commerce",
                            "invoice",
                            f"Invoice {f['number']}".strip(),
                            _money(f["amount_cents"], f["currency"]),
                            json.dumps({"invoice_id": iid}),
                        )
                    )
                    if self.kind == "live":
                        intents.append(
                            self._intent(
                                INVOICE_RECORD.name,
                                {
                                    "invoice_id": iid,
                                    "customer_id": customer_id,
                                    "record": _jsonable(f),
                                    "person": {"name": name, "keys": item.person.keys},
                                },
                                now_ms,
                            )
                        )
                report.imported += 1
            self._write(
                conn,
                customers,
                identities,
                contacts,
                events,
                purchases,
                invoices,
                reach_updates,
            )
            _link_mail(conn, stored, now_ms)
            conn.executemany(
                "INSERT OR IGNORE INTO merge_suggestion (id, customer_a, customer_b, evidence, "
                "confidence, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                suggestions,
            )
            made: dict[str, dict[str, Any]] = {}
            on_received(conn, received, rules=self.rules, kind=self.kind, now_ms=now_ms,
                        made=made)
            for intent in intents:  # the server makes the same acknowledgement and task
                args = intent[3]
                if intent[1] == CONTACT_RECEIVE.name and args["contact_id"] in made:
                    args.update(made[args["contact_id"]])
            conn.executemany(
                "INSERT INTO outbox (id, name, version, args, agent_id, hlc, created_at, state, "
                "reason) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                [(i[0], i[1], i[2], json.dumps(i[3], sort_keys=True), *i[4:]) for i in intents],
            )
            if report.imported:
                conn.execute(
                    "INSERT INTO audit (at, agent_id, action, entity, entity_id, detail) "
                    "VALUES (?, ?, 'intake', 'batch', '', ?)",
                    (
                        now_ms,
                        self.agent_id,
                        json.dumps({"imported": report.imported, "duplicates": report.duplicates}),
                    ),
                )
        return report

    def _intent(self, name: str, args: dict[str, Any], now_ms: int) -> tuple[Any, ...]:
        stamp = f"{now_ms:013d}-00000-intake"
        return (
            new_id(),
            name,
            1,
            args,  # encoded when written, after automation added what it made
            self.agent_id,
            stamp,
            now_ms,
            "pending",
            "",
        )

    @staticmethod
    def _write(
        conn: Any,
        customers: list[tuple[Any, ...]],
        identities: list[tuple[Any, ...]],
        contacts: list[tuple[Any, ...]],
        events: list[tuple[Any, ...]],
        purchases: list[tuple[Any, ...]],
        invoices: list[tuple[Any, ...]],
        reach_updates: list[tuple[int, str]],
    ) -> None:
        conn.executemany(
            "INSERT INTO customer (id, name, locale, timezone, culture_notes, tags, vip, "
            "influencer, reach, do_not_contact, created_at, updated_at) "
            "VALUES (?, ?, '', '', '', '[]', 0, ?, ?, 0, ?, ?)",
            customers,
        )
        conn.executemany(
            "INSERT INTO identity (id, customer_id, kind, value, network) VALUES (?, ?, ?, ?, ?)",
            identities,
        )
        conn.executemany(
            "INSERT INTO contact (id, channel, direction, received_at, customer_id, subject, "
            "preview, external_id, thread_id, skill, priority, status, due_at, sentiment, "
            "outcome, updated_at, resolve_by) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            contacts,
        )
        conn.executemany(
            "INSERT INTO event (id, customer_id, contact_id, at, channel, kind, subject, body, "
            "data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            events,
        )
        conn.executemany(
            "INSERT INTO purchase (id, customer_id, external_id, product, amount_cents, "
            "currency, purchased_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            purchases,
        )
        conn.executemany(
            "INSERT INTO invoice (id, customer_id, external_id, number, amount_cents, currency, "
            "issued_at, due_at, sent_at, reminded_at, paid_at) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            invoices,
        )
        conn.executemany(
            "UPDATE customer SET reach = max(reach, ?), "
            f"influencer = (max(reach, ?) >= {INFLUENCER_FOLLOWERS}) WHERE id = ?",
            [(r, r, cid) for r, cid in reach_updates],
        )

    @staticmethod
    def _existing_keys(conn: Any, items: list[Item]) -> set[tuple[str, str]]:
        found: set[tuple[str, str]] = set()
        # one query per channel so that the (channel, external_id) index is used
        by_channel: dict[str, list[str]] = {}
        for item in items:
            if item.kind == "contact":
                by_channel.setdefault(item.dedupe[0], []).append(item.dedupe[1])
        for channel, ids in by_channel.items():
            for part in _slices(ids, 900):
                marks = ",".join("?" * len(part))
                for (ext,) in conn.execute(
                    f"SELECT external_id FROM contact WHERE channel = ? AND external_id IN "
                    f"({marks})",
                    [channel, *part],
                ):
                    found.add((channel, ext))
        for kind in ("purchase", "invoice"):
            ids = [i.dedupe[1] for i in items if i.kind == kind]
            for part in _slices(ids, 900):
                marks = ",".join("?" * len(part))
                for (ext,) in conn.execute(
                    f"SELECT external_id FROM {kind} WHERE external_id IN ({marks})", part
                ):
                    found.add((kind, ext))
        return found

    @staticmethod
    def _known_identities(conn: Any, items: list[Item]) -> dict[tuple[str, str], Known]:
        # the identity's own customer, not the merge survivor: a merged duplicate keeps
        # what arrives through its identities, so that a split gives it back exactly
        # one query per kind so that the (kind, value) index is used
        by_kind: dict[str, set[str]] = {}
        for item in items:
            for kind, value, _ in item.person.keys:
                by_kind.setdefault(kind, set()).add(value)
        known: dict[tuple[str, str], Known] = {}
        for kind, values in by_kind.items():
            for part in _slices(sorted(values), 900):
                marks = ",".join("?" * len(part))
                for value, cid, name in conn.execute(
                    "SELECT i.value, i.customer_id, c.name FROM identity i "
                    "JOIN customer c ON c.id = i.customer_id "
                    f"WHERE i.kind = ? AND i.value IN ({marks})",
                    [kind, *part],
                ):
                    known[(kind, value)] = Known(cid, name)
        return known

    @staticmethod
    def _threads(conn: Any, items: list[Item]) -> dict[tuple[str, str], str]:
        wanted = {
            (i.fields["channel"], ref)
            for i in items
            if i.kind == "contact"
            for ref in _refs(i.fields)
        }
        by_channel: dict[str, list[str]] = {}
        for channel, ref in sorted(wanted):
            by_channel.setdefault(channel, []).append(ref)
        threads: dict[tuple[str, str], str] = {}
        # one query per channel and 900 ids (a mail names up to 50), on the external id index
        for channel, refs in by_channel.items():
            for part in _slices(refs, 900):
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
        for mine in _slices(ours, 400):
            marks = ",".join("?" * len(mine))
            events = {m.group(1): (c, r) for c, r in mine
                      if (m := _OUR_MESSAGE_ID.match(r)) is not None}
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


# what a mail record adds (desktop.channels.mail), kept in its inbound event's data
MAIL_KEYS = ("references", "auto", "new_text", "html", "attachments", "bounce_of",
             "bounce_reason", "received_note")
# the Message-ID the server's sender puts on our mail: <EVENT_ID.lastmile@DOMAIN>
_OUR_MESSAGE_ID = re.compile(r"^<([^<>@\s]+)\.lastmile@[^<>\s]+>$")


def _refs(fields: dict[str, Any]) -> list[str]:
    """The message ids a contact answers: its parent first, then the rest of the thread."""
    refs = [fields["in_reply_to"]] if fields.get("in_reply_to") else []
    return refs + [r for r in fields.get("references", ()) if r not in refs]


def _thread_of(threads: dict[tuple[str, str], str], fields: dict[str, Any], own: str) -> str:
    for ref in _refs(fields):
        thread = threads.get((fields["channel"], ref))
        if thread is not None:
            return thread
    return own


def _link_mail(conn: Any, stored: list[tuple[str, str, dict[str, Any]]], now_ms: int) -> None:
    """After the contacts of a chunk are written: remember what each refers to, move a
    reply that came before its parent into the parent's thread, and mark our own mail
    that bounced as not delivered."""
    conn.executemany(
        "INSERT OR IGNORE INTO contact_ref (channel, ref, contact_id) VALUES (?, ?, ?)",
        [(f["channel"], ref, cid) for cid, _, f in stored for ref in _refs(f)],
    )
    # earlier replies to a message just stored that are threads of their own join its
    # thread (one query per channel and 900 ids, on the contact_ref key)
    by_channel: dict[str, dict[str, tuple[str, str]]] = {}
    for contact_id, thread, f in stored:
        by_channel.setdefault(f["channel"], {})[f["external_id"]] = (contact_id, thread)
    for channel, wanted in by_channel.items():
        for part in _slices(sorted(wanted), 900):
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
                        (thread, orphan, orphan))
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
        delivery = json.dumps({"state": "failed", "reason": f"not delivered: {reason}"[:500],
                               "sent_at": sent_at, "bounced_at": now_ms})
        conn.execute(
            "UPDATE event SET data = json_set(CASE WHEN json_valid(data) THEN data ELSE '{}' "
            "END, '$.delivery', json(?)) WHERE id = ? AND kind IN ('reply', 'ack')",
            (delivery, event_id))


_RECIPIENT_KIND = {
    "email": "email",
    "fax": "email",
    "webform": "email",
    "session": "email",
    "sms": "phone",
    "phone": "phone",
    "social": "handle",
    "chat": "visitor",
}


def _recipient(channel: str, person: Person) -> str:
    wanted = _RECIPIENT_KIND.get(channel, "email")
    for kind in (wanted, "email", "phone"):
        for key_kind, value, _ in person.keys:
            if key_kind == kind:
                return value
    return ""


def _ms(value: datetime | None) -> int | None:
    return None if value is None else to_ms(value)


def _money(cents: int, currency: str) -> str:
    return f"{cents / 100:,.2f} {currency}"


# kept on the desktop that took the mail in: the original HTML (up to 500 kB, for the safe
# view on request) and the cut new text do not travel; the server keeps the body
LOCAL_ONLY_FIELDS = frozenset({"html", "new_text"})


def _jsonable(fields: dict[str, Any]) -> dict[str, Any]:
    return {k: (iso(v) if isinstance(v, datetime) else v) for k, v in fields.items()
            if k not in LOCAL_ONLY_FIELDS}


def _chunks(records: Iterable[tuple[int, Any]], size: int) -> Iterator[list[tuple[int, Any]]]:
    chunk: list[tuple[int, Any]] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _slices(values: list[T], size: int) -> Iterator[list[T]]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


def _sentiment_of(f: dict[str, Any]) -> float | None:
    """The record's own sentiment if it brought one, else an offline score of an inbound
    text (desktop/sentiment.py); None when the language is not scored."""
    if f["sentiment"] is not None or f["direction"] != "inbound":
        return f["sentiment"]
    from desktop.sentiment import score

    return score(f"{f['subject']} {f['body']}").score
