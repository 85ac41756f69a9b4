"""The customer card: everything known about one person, assembled for display or JSON."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from peewee import Database

from desktop.identity import InvalidIdentityError, normalize
from models.base import iso, to_ms
from models.errors import NotFoundError, UserFacingError, said
from models.queries import history_page
from models.schema import (
    Contact,
    Customer,
    Identity,
    Invoice,
    MergeRecord,
    MergeSuggestion,
    Purchase,
    Task,
)


@dataclass
class Card:
    customer: Customer
    identities: list[Identity]
    purchases: list[Purchase]
    invoices: list[Invoice]
    tasks: list[Task]
    merged_ids: list[str]

    @property
    def history_ids(self) -> list[str]:
        return [self.customer.id, *self.merged_ids]

    @property
    def tags(self) -> list[str]:
        try:
            value = json.loads(self.customer.tags or "[]")
        except ValueError:
            return []
        return [str(t) for t in value] if isinstance(value, list) else []


def find_customer(
    *,
    customer_id: str | None = None,
    email: str | None = None,
    phone: str | None = None,
    handle: str | None = None,
) -> Customer:
    """Find a customer by id or by one identity; merged customers lead to the survivor."""
    customer: Customer | None = None
    if customer_id:
        customer = Customer.get_or_none(Customer.id == customer_id)
    else:
        try:
            if email:
                key = ("email", normalize("email", email))
            elif phone:
                key = ("phone", normalize("phone", phone))
            elif handle:
                network, _, name = handle.partition(":")
                if not name:
                    raise UserFacingError.said(
                        "give a handle as NETWORK:NAME, e.g. twitter:joansmith"
                    )
                key = ("handle", normalize("handle", name, network))
            else:
                raise UserFacingError.said(
                    "say which customer: an id, --email, --phone or --handle"
                )
        except InvalidIdentityError as exc:
            raise UserFacingError(*exc.args) from None
        identity = Identity.get_or_none((Identity.kind == key[0]) & (Identity.value == key[1]))
        customer = identity.customer if identity else None
    if customer is None:
        raise NotFoundError.said("no such customer")
    seen = set()
    while customer.merged_into and customer.id not in seen:
        seen.add(customer.id)
        survivor = Customer.get_or_none(Customer.id == customer.merged_into)
        if survivor is None:
            break
        customer = survivor
    return customer


def merged_ids(customer_id: str) -> list[str]:
    """Every customer merged into this one, directly or through a chain."""
    out: list[str] = []
    frontier = [customer_id]
    while frontier and len(out) < 1000:
        rows = [
            c.id for c in Customer.select(Customer.id).where(Customer.merged_into.in_(frontier))
        ]
        rows = [r for r in rows if r not in out and r != customer_id]
        out += rows
        frontier = rows
    return out


@dataclass
class MergeCandidate:
    customer_id: str
    name: str
    evidence: list[str]
    confidence: float
    suggestion_id: str | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "customer_id": self.customer_id,
            "name": self.name,
            "evidence": self.evidence,
            "confidence": round(self.confidence, 2),
            "suggestion_id": self.suggestion_id,
        }


COMMON_NAME = 2  # more namesakes than this and the name alone suggests nothing


def suggested_merges(card: Card, limit: int = 10) -> list[MergeCandidate]:
    """Possible duplicates with their evidence: recorded at intake (identity conflicts,
    a shared phone with a different name) and same-name customers found now."""
    from desktop.resolution import name_similarity

    ids = card.history_ids
    out: dict[str, MergeCandidate] = {}
    for s in MergeSuggestion.select().where(
        (MergeSuggestion.state == "open")
        & (MergeSuggestion.customer_a.in_(ids) | MergeSuggestion.customer_b.in_(ids))
    ):
        other = s.customer_b if s.customer_a in ids else s.customer_a
        if other in ids:
            continue
        root = find_customer(customer_id=other)
        if root.id == card.customer.id:
            continue
        out[root.id] = MergeCandidate(
            root.id, root.name, json.loads(s.evidence), s.confidence, s.id
        )
    name = card.customer.name.strip()
    if name:
        # a common name on its own is no evidence: only a rare name shared is worth a look
        namesakes = same_name(name, ids, COMMON_NAME + 1)
        if len(namesakes) > COMMON_NAME:
            namesakes = []
        for cid, other_name in namesakes:
            if cid not in out:
                out[cid] = MergeCandidate(
                    cid,
                    other_name,
                    [f"same name {name!r}"],
                    0.3 + 0.1 * name_similarity(name, other_name),
                )
    return sorted(out.values(), key=lambda m: -m.confidence)[:limit]


def same_name(name: str, exclude: list[str], limit: int) -> list[tuple[str, str]]:
    """Unmerged customers called exactly ``name`` (not in ``exclude``), at most ``limit``.

    The name index is case-insensitive (NOCASE): ``name = ? COLLATE NOCASE`` walks only
    the names equal but for case, and the exact comparison keeps the meaning; a plain
    ``name = ?`` cannot use that index and scans the whole customer table."""
    db = Customer._meta.database
    marks = ",".join("?" * len(exclude))
    sql = (
        "SELECT id, name FROM customer WHERE name = ? COLLATE NOCASE AND name = ? "
        "AND merged_into IS NULL" + (f" AND id NOT IN ({marks})" if exclude else "") + " LIMIT ?"
    )
    return [(r[0], r[1]) for r in db.execute_sql(sql, [name, name, *exclude, limit])]


def open_due_count(customer_ids: list[str], due_before: datetime) -> int:
    """Open contacts of these customers due by then, through the customer's own contacts
    (contact_customer_received): bounded by the customer, never by all open contacts (the
    planner otherwise picks the open-due index, which scans every open contact that is
    due, linear in the size of the queue)."""
    if not customer_ids:
        return 0
    db = Contact._meta.database
    marks = ",".join("?" * len(customer_ids))
    row = db.execute_sql(
        "SELECT count(*) FROM contact INDEXED BY contact_customer_received "
        f"WHERE customer_id IN ({marks}) AND status = 'open' AND due_at <= ?",
        [*customer_ids, to_ms(due_before)],
    ).fetchone()
    return int(row[0])


def active_merges(customer_id: str) -> list[dict[str, Any]]:
    """Merges into this customer that can still be split back."""
    out = []
    for m in MergeRecord.select().where(
        (MergeRecord.survivor_id == customer_id) & MergeRecord.undone_at.is_null()
    ):
        duplicate = Customer.get_or_none(Customer.id == m.duplicate_id)
        out.append(
            {
                "merge_id": m.id,
                "duplicate_id": m.duplicate_id,
                "name": duplicate.name if duplicate else "?",
                "at": iso(m.at),
                "evidence": json.loads(m.evidence),
            }
        )
    return out


# the channels' names in the card's lines (translated where they are shown)
CHANNEL_WORDS = {
    "email": said("email"),
    "phone": said("phone"),
    "fax": said("fax"),
    "chat": said("chat"),
    "webform": said("web form"),
    "sms": said("SMS"),
    "social": said("social"),
    "session": said("online session"),
}


def next_best_actions(card: Card, now: datetime, warn_minutes: int = 15) -> list[str]:
    """What to do for this customer now, derived from the data (plain text, marked for the
    window's language)."""
    out: list[str] = []
    for invoice in card.invoices:
        if invoice.paid_at is not None:
            continue
        if invoice.sent_at is None:
            out.append(
                said(
                    "⚠ Invoice {number} was never sent: send it before anything else",
                    number=invoice.number,
                )
            )
        elif invoice.due_at and invoice.due_at < now and invoice.reminded_at is None:
            out.append(
                said(
                    "⚠ Invoice {number} is overdue and was never reminded: "
                    "remind before any escalation",
                    number=invoice.number,
                )
            )
    ids = card.history_ids
    last = (
        Contact.select()
        .where(Contact.customer.in_(ids))
        .order_by(Contact.received_at.desc())
        .first()
    )
    if last is not None and last.outcome in ("failed", "dropped"):
        followed = Task.select().where((Task.contact == last.id) & (Task.state == "done")).exists()
        if not followed:
            channel = CHANNEL_WORDS.get(last.channel, last.channel)
            if last.channel == "session":
                line = (
                    said("⚠ The last online session failed and has not been followed up yet")
                    if last.outcome == "failed"
                    else said("⚠ The last online session broke off and is not followed up yet")
                )
            elif last.outcome == "failed":
                line = said(
                    "⚠ The last {channel} contact failed and has not been followed up yet",
                    channel=channel,
                )
            else:
                line = said(
                    "⚠ The last {channel} contact was dropped and has not been followed up yet",
                    channel=channel,
                )
            out.append(line)
    soon = now + timedelta(minutes=warn_minutes)
    urgent = open_due_count(ids, soon)
    if urgent:
        out.append(
            said("⚠ 1 open contact at or past the SLA")
            if urgent == 1
            else said("⚠ {n} open contacts at or past the SLA", n=urgent)
        )
    overdue = [t for t in card.tasks if t.due_at < now]
    if overdue:
        out.append(
            said("⚑ 1 follow-up overdue")
            if len(overdue) == 1
            else said("⚑ {n} follow-ups overdue", n=len(overdue))
        )
    elif card.tasks:
        out.append(
            said("⚑ 1 open follow-up")
            if len(card.tasks) == 1
            else said("⚑ {n} open follow-ups", n=len(card.tasks))
        )
    return out


def load_card(customer_id: str) -> Card:
    customer = find_customer(customer_id=customer_id)
    merged = merged_ids(customer.id)
    ids = [customer.id, *merged]
    return Card(
        customer=customer,
        identities=list(
            Identity.select()
            .where(Identity.customer.in_(ids))
            .order_by(Identity.kind, Identity.value)
        ),
        purchases=list(
            Purchase.select()
            .where(Purchase.customer.in_(ids))
            .order_by(Purchase.purchased_at.desc())
            .limit(200)
        ),
        invoices=list(
            Invoice.select()
            .where(Invoice.customer.in_(ids))
            .order_by(Invoice.issued_at.desc())
            .limit(200)
        ),
        tasks=list(
            Task.select()
            .where(Task.customer.in_(ids) & (Task.state == "open"))
            .order_by(Task.due_at)
            .limit(200)
        ),
        merged_ids=merged,
    )


def _summary(item: dict[str, Any]) -> str:
    text = item["subject"] or ""
    body = " ".join((item["body"] or "").split())
    if body:
        text = f"{text}: {body}" if text else body
    return text[:200]


def card_json(
    db: Database, card: Card, *, history_limit: int = 100, now: datetime | None = None
) -> dict[str, Any]:
    c = card.customer
    history = history_page(db, card.history_ids, limit=history_limit)
    return {
        "id": c.id,
        "name": c.name,
        "locale": c.locale,
        "timezone": c.timezone,
        "tags": card.tags,
        "vip": c.vip,
        "influencer": c.influencer,
        "reach": c.reach,
        "do_not_contact": c.do_not_contact,
        "identities": [{"kind": i.kind, "value": i.value} for i in card.identities],
        "history": [
            {
                "at": iso(h["at"]),
                "channel": h["channel"],
                "kind": h["kind"],
                "summary": _summary(h),
                "contact_id": h["contact_id"],
                "agent": h["agent_name"],
                **({"delivery": h["delivery"]} if h["delivery"] else {}),
            }
            for h in history
        ],
        "purchases": [
            {
                "id": p.id,
                "product": p.product,
                "amount": p.amount_cents / 100,
                "currency": p.currency,
                "purchased_at": iso(p.purchased_at),
            }
            for p in card.purchases
        ],
        "invoices": [
            {
                "id": i.id,
                "number": i.number,
                "amount": i.amount_cents / 100,
                "currency": i.currency,
                "issued_at": iso(i.issued_at),
                "due_at": iso(i.due_at),
                "state": i.state,
            }
            for i in card.invoices
        ],
        "suggested_merges": [m.as_json() for m in suggested_merges(card)],
        "next_best_actions": next_best_actions(card, now or datetime.now(UTC)),
        "merges": active_merges(c.id),
        "tasks": [
            {
                "id": t.id,
                "kind": t.kind,
                "title": t.title,
                "due_at": iso(t.due_at),
                "state": t.state,
                "contact_id": t.contact_id,
            }
            for t in card.tasks
        ],
    }


def local_time(customer: Customer, now: datetime) -> datetime | None:
    """The customer's own wall-clock time, when their time zone is known."""
    if not customer.timezone:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return now.astimezone(ZoneInfo(customer.timezone))
    except (ZoneInfoNotFoundError, ValueError):
        return None


@dataclass
class CardView:
    """Everything the card shows for one customer, read in one go off the UI thread: the
    card, its possible duplicates, merges that can be split back, what to do next and
    the first page of the history (the rest is read when scrolled to)."""

    card: Card
    candidates: list[MergeCandidate]
    merges: list[dict[str, Any]]
    actions: list[str]
    history: list[dict[str, Any]]
    history_has_more: bool
    kinds: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()


def card_view(
    db: Database,
    customer_id: str,
    now: datetime,
    *,
    kinds: tuple[str, ...] = (),
    channels: tuple[str, ...] = (),
    history_limit: int = 100,
) -> CardView:
    card = load_card(customer_id)
    history = history_page(
        db, card.history_ids, limit=history_limit, kinds=kinds, channels=channels
    )
    with_attachments(history)
    return CardView(
        card=card,
        candidates=suggested_merges(card),
        merges=active_merges(card.customer.id),
        actions=next_best_actions(card, now),
        history=history,
        history_has_more=len(history) == history_limit,
        kinds=kinds,
        channels=channels,
    )


def with_attachments(page: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each history line with its attachments (``attachments``), looked up for the page in
    one go where the page is read (off the UI thread), not when a line is painted."""
    from desktop.attachments import of_history

    found = of_history(page) if page else {}
    for line in page:
        line["attachments"] = found.get(str(line["id"]), [])
    return page
