"""The one intake: every inbound contact, purchase and invoice comes through here.

A channel adapter (file import, IMAP, HTTP endpoint, PBX event) turns what it
receives into the inbound format of DESIGN.md and hands the records to
:func:`Intake.ingest`. Intake validates each record, deduplicates by
(channel, external id), resolves the customer by identity, stores the contact
with its first history event, and reports every rejected record with its
position and reason. Records are written in chunks, one transaction each, with
executemany: a crash leaves whole chunks, and re-running skips what is there.

The module is the chunk's flow; what it reads first is in :mod:`desktop.intake_lookup`,
mail threading in :mod:`desktop.intake_threads`, the rows and their SQL in
:mod:`desktop.intake_rows`. What runs on arrival goes in :meth:`Intake._after_stored`.
Intents go through :meth:`desktop.mutator.Mutator.bulk` (real clock stamps, audit).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterable, Iterator
from typing import Any

from peewee import Database

from desktop import alerts
from desktop.automation import Received, on_received
from desktop.clock import Clock
from desktop.intake_lookup import existing_keys, known_identities
from desktop.intake_rows import jsonable, money, ms, recipient, write_rows
from desktop.intake_threads import MAIL_KEYS, find_threads, link_mail, thread_of
from desktop.mutator import OUTBOX_INSERT, Mutator
from desktop.resolution import Known, resolve
from desktop.rules import Rules
from models.base import derived_id, new_id, to_ms
from models.inbound import (  # the inbound format, validated (shared with the server)
    IntakeReport,
    Item,
    RecordError,
    Rejected,
    parse_record,
)
from models.protocol import IntentSpec
from models.protocol.intents import CONTACT_RECEIVE, INVOICE_RECORD, PURCHASE_RECORD
from models.protocol.vocabulary import INFLUENCER_FOLLOWERS
from models.text import clean

__all__ = ["Intake", "IntakeReport", "RecordError", "Rejected", "parse_record"]

log = logging.getLogger("lastmile.intake")

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
        mutator: Mutator | None = None,
    ) -> None:
        self.db = db
        self.clock = clock
        self.kind = kind
        self.agent_id = agent_id
        self.rules = rules or Rules()
        # the application's own (one clock for every intent); a fresh one for a bare Intake
        self.mutator = mutator or Mutator(db, kind=kind, clock=clock)

    def ingest(
        self, records: Iterable[tuple[int, Any]], source: str = "", team: str | None = None
    ) -> IntakeReport:
        """Ingest (position, record-or-RecordError) pairs; returns the report. ``team``:
        the team the new rows belong to on the server (an account in several teams; None:
        the account's home team)."""
        report = IntakeReport()
        # bulk writes touch every index of big tables: a larger page cache for the duration
        previous = self.db.execute_sql("PRAGMA cache_size").fetchone()[0]
        self.db.execute_sql(f"PRAGMA cache_size = {BULK_CACHE_KIB}")
        try:
            self._ingest_chunks(records, source, report, team)
        finally:
            self.db.execute_sql(f"PRAGMA cache_size = {int(previous)}")
        return report

    def _ingest_chunks(
        self,
        records: Iterable[tuple[int, Any]],
        source: str,
        report: IntakeReport,
        team: str | None,
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
                report.merge(self._store(items, team))

    # -- storage ---------------------------------------------------------------

    # complexity: one record kind per branch; splitting it per kind is the next step
    def _store(self, items: list[Item], team: str | None) -> IntakeReport:  # noqa: C901 (see above)
        report = IntakeReport()
        now = self.clock.now()
        now_ms = to_ms(now)
        # IMMEDIATE: it reads before it writes; a writer beside waits its turn, no failure
        with self.db.atomic("IMMEDIATE"):
            conn = self.db.connection()
            existing = existing_keys(conn, items)
            known = known_identities(conn, items)
            customers: list[tuple[Any, ...]] = []
            identities: list[tuple[Any, ...]] = []
            contacts: list[tuple[Any, ...]] = []
            events: list[tuple[Any, ...]] = []
            purchases: list[tuple[Any, ...]] = []
            invoices: list[tuple[Any, ...]] = []
            intents: list[tuple[IntentSpec, dict[str, Any]]] = []
            reach_updates: list[tuple[int, str]] = []
            threads = find_threads(conn, items)
            stored: list[tuple[str, str, dict[str, Any]]] = []  # contact id, thread, fields
            received: list[Received] = []
            arrivals: list[alerts.Arrival] = []
            alert_rules = alerts.load_rules(conn) if self.kind == "live" else []
            influencers = [r for r in alert_rules if r.kind == "influencer"]
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
                    handles = tuple(k[1] for k in item.person.keys if k[0] == "handle")
                    followers = item.person.followers
                    if influencers and alerts.influencer_rule(
                        influencers, followers, handles, f["channel"]
                    ):  # an influencer is routed ahead (here, on the server, everywhere)
                        f["priority"] = max(f["priority"], alerts.INFLUENCER_PRIORITY)
                    arrivals.append(
                        alerts.Arrival(
                            contact_id, customer_id, f["channel"], received_ms, followers, handles
                        )
                    )
                    thread = thread_of(threads, f, contact_id)
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
                            recipient(f["channel"], item.person),
                            f.get("auto"),
                        )
                    )
                    if self.kind == "live":
                        intents.append(
                            (
                                CONTACT_RECEIVE,
                                {
                                    "contact_id": contact_id,
                                    "customer_id": customer_id,
                                    "record": jsonable(f),
                                    "person": {"name": name, "keys": item.person.keys},
                                },
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
                            money(f["amount_cents"], f["currency"]),
                            json.dumps({"purchase_id": pid}),
                        )
                    )
                    if self.kind == "live":
                        intents.append(
                            (
                                PURCHASE_RECORD,
                                {
                                    "purchase_id": pid,
                                    "customer_id": customer_id,
                                    "record": jsonable(f),
                                    "person": {"name": name, "keys": item.person.keys},
                                },
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
                            ms(f["due_at"]),
                            ms(f["sent_at"]),
                            ms(f["reminded_at"]),
                            ms(f["paid_at"]),
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
                            money(f["amount_cents"], f["currency"]),
                            json.dumps({"invoice_id": iid}),
                        )
                    )
                    if self.kind == "live":
                        intents.append(
                            (
                                INVOICE_RECORD,
                                {
                                    "invoice_id": iid,
                                    "customer_id": customer_id,
                                    "record": jsonable(f),
                                    "person": {"name": name, "keys": item.person.keys},
                                },
                            )
                        )
                report.imported += 1
            write_rows(
                conn,
                customers,
                identities,
                contacts,
                events,
                purchases,
                invoices,
                reach_updates,
            )
            link_mail(conn, stored, now_ms)
            conn.executemany(
                "INSERT OR IGNORE INTO merge_suggestion (id, customer_a, customer_b, evidence, "
                "confidence, state, created_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
                suggestions,
            )
            made = self._after_stored(conn, received, now_ms)
            if alert_rules:  # the alert rules, on arrival (desktop/alerts.py)
                alerts.evaluate(conn, now_ms=now_ms, arrivals=arrivals, rules=alert_rules)
            for spec, args in intents:  # the server makes the same acknowledgement and task
                if spec is CONTACT_RECEIVE and args["contact_id"] in made:
                    args.update(made[args["contact_id"]])
            if report.imported:
                # the one door: every intent checked and stamped with the real clock, one
                # audit record for the chunk (nothing at all when the chunk held only
                # duplicates, so that importing a file again changes nothing)
                conn.executemany(
                    OUTBOX_INSERT,
                    self.mutator.bulk(
                        intents,
                        agent_id=self.agent_id,
                        now_ms=now_ms,
                        action="intake",
                        detail={"imported": report.imported, "duplicates": report.duplicates},
                        team=team,
                    ),
                )
        return report

    def _after_stored(
        self, conn: Any, received: list[Received], now_ms: int
    ) -> dict[str, dict[str, Any]]:
        """THE place for what runs on arrival, once the records of a chunk are stored, in
        the chunk's transaction: automation (acknowledgements, tasks, rules; the alert
        rules run right after it, desktop/alerts.py). Returns what
        it made per contact id, which travels with that contact's intent."""
        made: dict[str, dict[str, Any]] = {}
        on_received(conn, received, rules=self.rules, kind=self.kind, now_ms=now_ms, made=made)
        return made


def _chunks(records: Iterable[tuple[int, Any]], size: int) -> Iterator[list[tuple[int, Any]]]:
    chunk: list[tuple[int, Any]] = []
    for record in records:
        chunk.append(record)
        if len(chunk) >= size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _sentiment_of(f: dict[str, Any]) -> float | None:
    """The record's own sentiment if it brought one, else an offline score of an inbound
    text (desktop/sentiment.py); None when the language is not scored."""
    if f["sentiment"] is not None or f["direction"] != "inbound":
        own: float | None = f["sentiment"]
        return own
    from desktop.sentiment import score

    return score(f"{f['subject']} {f['body']}").score
