"""The rows intake writes, as plain tuples for ``executemany``, and the values in them."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from models.base import iso, to_ms
from models.inbound import Person
from models.protocol.vocabulary import INFLUENCER_FOLLOWERS


def write_rows(
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


def recipient(channel: str, person: Person) -> str:
    wanted = _RECIPIENT_KIND.get(channel, "email")
    for kind in (wanted, "email", "phone"):
        for key_kind, value, _ in person.keys:
            if key_kind == kind:
                return value
    return ""


def ms(value: datetime | None) -> int | None:
    return None if value is None else to_ms(value)


def money(cents: int, currency: str) -> str:
    return f"{cents / 100:,.2f} {currency}"


# kept on the desktop that took the mail in: the original HTML (up to 500 kB, for the safe
# view on request) and the cut new text do not travel; the server keeps the body
LOCAL_ONLY_FIELDS = frozenset({"html", "new_text"})


def jsonable(fields: dict[str, Any]) -> dict[str, Any]:
    return {
        k: (iso(v) if isinstance(v, datetime) else v)
        for k, v in fields.items()
        if k not in LOCAL_ONLY_FIELDS
    }
