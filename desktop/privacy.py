"""Privacy requests: everything held about one person, exported or erased.

- :func:`export` writes a zip (``person.json``, ``README.txt``) readable only by its owner;
- :func:`erase_customer` is the synced action ``customer.erase`` (supervisors and admins):
  it runs :func:`erase_rows` in one transaction with ``secure_delete`` on, rebuilds the
  full-text index, then :func:`scrub_files` vacuums the file and empties the WAL, so no
  byte of the person's identities or messages stays in the workspace database;
- every other desktop runs the same :func:`erase_rows` when it pulls the server's
  ``erasure`` change (desktop/sync/apply.py).

What is kept: the customer row (named "Erased customer", no identities, do not contact),
contacts and history lines without their text (channel, times, status), purchases and
invoices with their amounts, currencies and dates (the books need them) but without
product names, invoice numbers or external ids, tasks without titles, merges without
evidence; one audit record says who erased which customer id, and when.

Why ~510 lines: export and erasure must name the same tables and columns (what is held is
what is erased), so both read the one list of person data kept here.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import zipfile
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from peewee import Database

from desktop.card import Card, load_card
from desktop.changes import Changes
from desktop.mutator import Mutator
from desktop.ops import Actor
from models.base import from_ms, iso
from models.errors import UserFacingError
from models.protocol import intents
from models.protocol.vocabulary import LEADS

ERASED_NAME = "Erased customer"
ERASED_ARGS = json.dumps({"erased": True})  # a queued change about an erased person
# the event kinds the full-text index holds (models/migrations/0006_fts_messages_only.py)
INDEXED = ("inbound", "reply", "note", "call", "reminder", "purchase", "invoice")


# -- export ----------------------------------------------------------------------------------


def _time(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return iso(from_ms(int(value)))
    return iso(value)


def _rows(conn: Any, sql: str, params: Iterable[Any]) -> list[dict[str, Any]]:
    cursor = conn.execute(sql, tuple(params))
    names = [d[0] for d in cursor.description]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def _marks(values: list[str]) -> str:
    return ", ".join("?" for _ in values) or "NULL"


TIMES = {
    "received_at",
    "due_at",
    "first_response_at",
    "resolved_at",
    "updated_at",
    "sla_paused_at",
    "resolve_by",
    "at",
    "purchased_at",
    "issued_at",
    "sent_at",
    "reminded_at",
    "paid_at",
    "created_at",
    "done_at",
    "undone_at",
    "next_attempt_at",
}


def _readable(row: dict[str, Any]) -> dict[str, Any]:
    out = {}
    for key, value in row.items():
        if key in TIMES:
            value = _time(value)
        elif key in ("data", "evidence", "tags") and isinstance(value, str):
            with contextlib.suppress(ValueError):
                value = json.loads(value)
        out[key] = value
    return out


ABOUT = {
    "customer": "the person's card: name, language, time zone, notes, tags and flags",
    "merged_customers": "duplicate records merged into this person (their data is here too)",
    "identities": "email addresses, phone numbers (E.164), social handles, chat visitor ids",
    "merges": "merges of records that involve this person, with their evidence",
    "contacts": "every conversation (queue item): channel, times, subject, status",
    "history": "every history line: messages in and out with their text, notes, calls",
    "outbound": "messages sent (or queued) to the person and their delivery state",
    "purchases": "purchases imported from the shop",
    "invoices": "invoices imported from accounting, with sent, reminded and paid times",
    "tasks": "follow-ups and reminders about the person",
    "times": "all times are ISO 8601 in UTC",
}


def person_data(db: Database, card: Card, now: datetime) -> dict[str, Any]:
    """Everything held about the person of ``card`` (and the duplicates merged into it)."""
    conn = db.connection()
    ids = card.history_ids
    contacts = _rows(
        conn,
        f"SELECT * FROM contact WHERE customer_id IN ({_marks(ids)}) ORDER BY received_at",
        ids,
    )
    contact_ids = [c["id"] for c in contacts]
    events = _rows(
        conn,
        "SELECT id, customer_id, contact_id, at, channel, kind, agent_id, "
        f"subject, body, data FROM event WHERE customer_id IN ({_marks(ids)}) "
        f"OR contact_id IN ({_marks(contact_ids)}) ORDER BY at, seq",
        [*ids, *contact_ids],
    )
    event_ids = [e["id"] for e in events]
    c = card.customer
    return {
        "about": ABOUT,
        "made_at": iso(now),
        "customer": {
            "id": c.id,
            "name": c.name,
            "locale": c.locale,
            "timezone": c.timezone,
            "culture_notes": c.culture_notes,
            "tags": card.tags,
            "vip": c.vip,
            "influencer": c.influencer,
            "reach": c.reach,
            "do_not_contact": c.do_not_contact,
            "created_at": iso(c.created_at),
            "updated_at": iso(c.updated_at),
        },
        "merged_customers": [
            _readable(r)
            for r in _rows(
                conn,
                f"SELECT * FROM customer WHERE id IN ({_marks(card.merged_ids)})",
                card.merged_ids,
            )
        ],
        "identities": [
            {"kind": i.kind, "value": i.value, "network": i.network, "customer_id": i.customer_id}
            for i in card.identities
        ],
        "merges": [
            _readable(r)
            for r in _rows(
                conn,
                f"SELECT * FROM merge_record WHERE survivor_id IN ({_marks(ids)}) "
                f"OR duplicate_id IN ({_marks(ids)}) ORDER BY at",
                [*ids, *ids],
            )
        ],
        "contacts": [_readable(r) for r in contacts],
        "history": [_readable(r) for r in events],
        "outbound": [
            _readable(r)
            for r in _rows(
                conn,
                "SELECT id, contact_id, event_id, channel, recipient, subject, body, state, "
                f"created_at, sent_at, reason FROM outbound WHERE contact_id IN "
                f"({_marks(contact_ids)}) OR event_id IN ({_marks(event_ids)}) ORDER BY created_at",
                [*contact_ids, *event_ids],
            )
        ],
        # complete lists (the card on screen shows the latest 200 and open tasks only)
        "purchases": [
            _readable(r)
            for r in _rows(
                conn,
                f"SELECT * FROM purchase WHERE customer_id IN ({_marks(ids)}) "
                "ORDER BY purchased_at",
                ids,
            )
        ],
        "invoices": [
            _readable(r)
            for r in _rows(
                conn,
                f"SELECT * FROM invoice WHERE customer_id IN ({_marks(ids)}) ORDER BY issued_at",
                ids,
            )
        ],
        "tasks": [
            _readable(r)
            for r in _rows(
                conn,
                f"SELECT * FROM task WHERE customer_id IN ({_marks(ids)}) "
                f"OR contact_id IN ({_marks(contact_ids)}) ORDER BY due_at",
                [*ids, *contact_ids],
            )
        ],
    }


README = """Lastmile: what is held about one person
=======================================

Made {made} for customer {customer_id} ({name}).

person.json   everything held about this person in this Lastmile workspace, as JSON
              (UTF-8, times in ISO 8601 UTC). Its "about" section says what each part is:
              the customer card, {identities} identities, {merges} merges (records of this
              person that were found to be duplicates are merged in), {contacts}
              conversations, {history} history lines with their full text, {outbound}
              outgoing messages with their delivery state, {purchases} purchases,
              {invoices} invoices and {tasks} tasks.

Attachments: {attachments}
"""

NO_ATTACHMENTS = "none are held for this person."


def _attachment_files(
    db: Database, events: list[dict[str, Any]]
) -> tuple[list[tuple[str, bytes]], str]:
    """(archive name, bytes) of every attachment of the person's messages kept here (or
    fetched from the team's server), and the README's line about them."""
    from desktop import attachments

    metas: dict[str, str] = {}
    for event in events:
        data = event.get("data")
        if isinstance(data, str):
            try:
                data = json.loads(data or "{}")
            except ValueError:
                continue
        for meta in (data or {}).get("attachments") or [] if isinstance(data, dict) else []:
            if isinstance(meta, dict) and isinstance(meta.get("sha256"), str):
                metas.setdefault(meta["sha256"], str(meta.get("name") or "attachment"))
    if not metas:
        return [], NO_ATTACHMENTS
    folder = attachments.folder_of(db)
    files, missing = [], []
    for sha, name in metas.items():
        safe = "".join(c if c.isalnum() or c in "._- " else "_" for c in name)[:100]
        try:
            files.append((f"attachments/{sha[:12]}-{safe}", attachments.read(folder, sha)))
        except UserFacingError:
            missing.append(name)
    plural = "" if len(files) == 1 else "s"
    line = f"{len(files)} file{plural} in the folder attachments/ (named checksum-name)."
    if missing:
        line += (
            f" {len(missing)} not held here (over the size limit, or not on the "
            f"server): {', '.join(missing[:20])}."
        )
    return files, line


def export(db: Database, customer_id: str, out: Path, *, now: datetime | None = None) -> Path:
    """A zip of everything held about the customer; the file is readable by its owner only."""
    now = now or datetime.now(UTC)
    card = load_card(customer_id)
    data = person_data(db, card, now)
    files, attachments_line = _attachment_files(db, data["history"])
    readme = README.format(
        made=iso(now),
        customer_id=card.customer.id,
        name=card.customer.name,
        attachments=attachments_line,
        **{
            k: len(data[k])
            for k in (
                "identities",
                "merges",
                "contacts",
                "history",
                "outbound",
                "purchases",
                "invoices",
                "tasks",
            )
        },
    )
    out = out.resolve()
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    try:
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with (
            os.fdopen(fd, "wb") as handle,
            zipfile.ZipFile(handle, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            archive.writestr("README.txt", readme)
            archive.writestr("person.json", json.dumps(data, indent=2, ensure_ascii=False))
            for name, content in files:
                archive.writestr(name, content)
        os.chmod(partial, 0o600)
        os.replace(partial, out)
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserFacingError(f"cannot write {out}: {exc.strerror or exc}") from None
    return out


# -- erase -----------------------------------------------------------------------------------


def group_of(conn: Any, customer_ids: Iterable[str]) -> list[str]:
    """These customers and every customer merged into them (through chains)."""
    out = list(dict.fromkeys(customer_ids))
    frontier = list(out)
    while frontier and len(out) < 10_000:
        found = [
            r[0]
            for r in conn.execute(
                f"SELECT id FROM customer WHERE merged_into IN ({_marks(frontier)})", frontier
            )
        ]
        frontier = [f for f in found if f not in out]
        out += frontier
    return out


def _column(conn: Any, sql: str, params: list[str]) -> list[Any]:
    return [r[0] for r in conn.execute(sql, params).fetchall()]


def erase_rows(conn: Any, customer_ids: list[str], workspace: Path | None = None) -> list[str]:
    """Remove the person from the local tables (inside the caller's transaction); returns
    the customer ids erased. Idempotent: erasing an erased person changes nothing."""
    ids = group_of(conn, customer_ids)
    m = _marks(ids)
    contacts = _column(conn, f"SELECT id FROM contact WHERE customer_id IN ({m})", ids)
    cm = _marks(contacts)
    events = _column(
        conn,
        f"SELECT id FROM event WHERE customer_id IN ({m}) OR contact_id IN ({cm})",
        [*ids, *contacts],
    )
    tasks = _column(
        conn,
        f"SELECT id FROM task WHERE customer_id IN ({m}) OR contact_id IN ({cm})",
        [*ids, *contacts],
    )
    commerce = _column(
        conn,
        f"SELECT id FROM purchase WHERE customer_id IN ({m}) UNION ALL "
        f"SELECT id FROM invoice WHERE customer_id IN ({m})",
        [*ids, *ids],
    )
    merges = _column(
        conn,
        f"SELECT id FROM merge_record WHERE survivor_id IN ({m}) OR duplicate_id IN ({m})",
        [*ids, *ids],
    )
    # what identifies the person in free text (queued changes, the audit trail)
    words = {
        v
        for v in _column(conn, f"SELECT value FROM identity WHERE customer_id IN ({m})", ids)
        if len(v) >= 4
    }
    names = {
        n
        for n in _column(conn, f"SELECT name FROM customer WHERE id IN ({m})", ids)
        if len(n.strip()) >= 4 and n != ERASED_NAME
    }
    words |= {
        x
        for x in _column(
            conn,
            f"SELECT external_id FROM contact WHERE id IN ({cm}) AND external_id IS NOT NULL",
            contacts,
        )
        if len(x) >= 4
    }
    related = [*ids, *contacts, *events, *tasks, *commerce, *merges]

    conn.execute(
        f"UPDATE customer SET name = ?, locale = '', timezone = '', culture_notes = '', "
        f"tags = '[]', vip = 0, influencer = 0, reach = 0, do_not_contact = 1 "
        f"WHERE id IN ({m})",
        [ERASED_NAME, *ids],
    )
    conn.execute(f"DELETE FROM identity WHERE customer_id IN ({m})", ids)
    conn.execute(
        f"UPDATE contact SET subject = '', preview = '', external_id = NULL WHERE id IN ({cm})",
        contacts,
    )
    # the index triggers take the old text out of message_fts (rebuilt below)
    kept_files = _attachment_hashes(conn, events)  # read before the data is cleared
    kept_files |= {
        sha
        for (sha,) in conn.execute(
            f"SELECT sha256 FROM attachment WHERE contact_id IN ({cm})", contacts
        ).fetchall()
    }
    conn.execute(f"DELETE FROM attachment WHERE contact_id IN ({cm})", contacts)  # by sync
    conn.execute(
        f"UPDATE event SET subject = '', body = '', data = '{{}}' WHERE id IN ({_marks(events)})",
        events,
    )
    conn.execute(
        f"DELETE FROM outbound WHERE contact_id IN ({cm}) OR event_id IN ({_marks(events)})",
        [*contacts, *events],
    )
    conn.execute(
        f"UPDATE purchase SET product = '', external_id = NULL WHERE customer_id IN ({m})", ids
    )
    conn.execute(
        f"UPDATE invoice SET number = '', external_id = NULL WHERE customer_id IN ({m})", ids
    )
    conn.execute(f"UPDATE task SET title = '' WHERE id IN ({_marks(tasks)})", tasks)
    conn.execute(f"UPDATE merge_record SET evidence = '[]' WHERE id IN ({_marks(merges)})", merges)
    conn.execute(
        f"DELETE FROM merge_suggestion WHERE customer_a IN ({m}) OR customer_b IN ({m})",
        [*ids, *ids],
    )
    conn.execute(f"DELETE FROM alert WHERE contact_id IN ({cm})", contacts)
    conn.execute(f"DELETE FROM contact_ref WHERE contact_id IN ({cm})", contacts)
    rm = _marks(related)
    for table in ("sync_shadow", "sync_quarantine", "sync_staging"):
        conn.execute(f"DELETE FROM {table} WHERE entity_id IN ({rm})", related)
    conn.execute(f"DELETE FROM audit WHERE entity_id IN ({rm})", related)
    _scrub_text(conn, related, words, names)
    # the index keeps deleted text in its segments until they merge: build it afresh
    kinds = ", ".join(f"'{k}'" for k in INDEXED)
    conn.execute("INSERT INTO message_fts(message_fts) VALUES ('delete-all')")
    conn.execute(
        "INSERT INTO message_fts(rowid, subject, body) SELECT seq, subject, body "
        f"FROM event WHERE kind IN ({kinds})"
    )
    if workspace is not None:
        _drop_drafts(workspace / "drafts.json", set(contacts))
        _drop_attachments(conn, workspace / "attachments", kept_files)
    return ids


def _attachment_hashes(conn: Any, events: list[str]) -> set[str]:
    found: set[str] = set()
    for (data,) in conn.execute(
        f"SELECT data FROM event WHERE id IN ({_marks(events)}) AND data LIKE '%sha256%'",
        events,
    ).fetchall():
        try:
            metas = json.loads(data or "{}").get("attachments") or []
        except (ValueError, AttributeError):
            continue
        found |= {
            m["sha256"] for m in metas if isinstance(m, dict) and isinstance(m.get("sha256"), str)
        }
    return found


def _drop_attachments(conn: Any, folder: Path, hashes: set[str]) -> None:
    """The person's attachment files (desktop/attachments.py), unless another message still
    carries the same file (content-addressed: one file for every copy)."""
    from desktop import attachments

    for sha in hashes:
        if (
            conn.execute("SELECT 1 FROM event WHERE data LIKE ? LIMIT 1", (f"%{sha}%",)).fetchone()
            is not None
        ):
            continue
        if (
            conn.execute("SELECT 1 FROM attachment WHERE sha256 = ? LIMIT 1", (sha,)).fetchone()
            is not None
        ):
            continue
        with contextlib.suppress(OSError, UserFacingError):
            attachments.path_of(folder, sha).unlink(missing_ok=True)


def _needles(values: Iterable[str], *, whole_words: bool = False) -> re.Pattern[str] | None:
    forms: set[str] = set()
    for value in values:
        forms.add(value)
        forms.add(json.dumps(value)[1:-1])  # as it is written inside JSON (\u escapes)
    if not forms:
        return None
    alternatives = "|".join(re.escape(f) for f in sorted(forms, key=len, reverse=True))
    if whole_words:  # "Anna Smith" must not catch "Anna Smithson"
        alternatives = rf"(?<!\w)(?:{alternatives})(?!\w)"
    return re.compile(alternatives, re.IGNORECASE)


def _scrub_text(conn: Any, related: list[str], keys: set[str], names: set[str]) -> None:
    """Changes and audit details that mention the person. A change naming one of their
    ids or identities becomes an empty one (the server accepts it as nothing, and the
    mutation order stays whole); one that only has their name is emptied once it was
    answered (a queued change with a namesake in it is someone else's work). An audit
    detail that mentions them is deleted."""
    strong = _needles([*related, *keys])
    weak = _needles(names, whole_words=True)

    def about(text: str | None, *, by_name: bool = True) -> bool:
        text = text or ""
        return bool((strong and strong.search(text)) or (by_name and weak and weak.search(text)))

    for seq, args, reason, state in conn.execute(
        "SELECT mutation_id, args, reason, state FROM outbox"
    ).fetchall():
        if about(args, by_name=state != "pending") or about(reason):
            conn.execute(
                "UPDATE outbox SET args = ?, reason = '' WHERE mutation_id = ?", (ERASED_ARGS, seq)
            )
    gone = [
        seq
        for seq, detail in conn.execute("SELECT seq, detail FROM audit").fetchall()
        if about(detail)
    ]
    for start in range(0, len(gone), 500):
        chunk = gone[start : start + 500]
        conn.execute(f"DELETE FROM audit WHERE seq IN ({_marks(chunk)})", chunk)
    notices = conn.execute("SELECT value FROM workspace_meta WHERE key = 'sync_notices'").fetchone()
    if notices and about(notices[0]):
        try:
            kept = [n for n in json.loads(notices[0]) if not about(str(n))]
        except ValueError:
            kept = []
        conn.execute(
            "UPDATE workspace_meta SET value = ? WHERE key = 'sync_notices'", (json.dumps(kept),)
        )


def _drop_drafts(path: Path, contacts: set[str]) -> None:
    if not contacts or not path.exists():
        return
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return
    if not isinstance(data, dict) or not contacts & set(data):
        return
    kept = {k: v for k, v in data.items() if k not in contacts}
    temporary = path.with_name(path.name + ".tmp")
    fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        json.dump(kept, handle)
    os.replace(temporary, path)


def secure_delete(db: Database, on: bool) -> None:
    db.connection().execute(f"PRAGMA secure_delete = {'ON' if on else 'OFF'}")


def scrub_files(db: Database) -> None:
    """After an erasure has committed: no free page and no WAL frame keeps the old bytes."""
    conn = db.connection()
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.execute("VACUUM")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")


def erase_customer(
    mut: Mutator, actor: Actor, customer_id: str, workspace: Path | None = None
) -> Changes:
    """Erase a person (and their merged duplicates) here and, through sync, on the server
    and every desktop of the team. Supervisors and admins only."""
    if actor.role not in LEADS:
        raise UserFacingError("only a supervisor or an admin may erase a customer")
    conn = mut.db.connection()
    ids: list[str] = []

    def apply() -> None:
        if conn.execute("SELECT 1 FROM customer WHERE id = ?", (customer_id,)).fetchone() is None:
            raise UserFacingError(f"customer {customer_id} does not exist")
        ids.extend(erase_rows(conn, [customer_id], workspace))

    secure_delete(mut.db, True)
    try:
        # the audit record of this action says who erased which customer id, and when
        mut.run(
            intents.CUSTOMER_ERASE,
            {"customer_id": customer_id},
            apply,
            agent_id=actor.id,
            entity="customer",
            entity_id=customer_id,
        )
        scrub_files(mut.db)
    finally:
        secure_delete(mut.db, False)
    return Changes(customers=set(ids), queue=True)
