"""A training workspace from a masked copy of live data.

The copy is made with VACUUM INTO from a read-only view of the live file, then every
identity value and every free text is rewritten by a :class:`desktop.training.masker.Masker`
(consistent fake values: the same customer is the same fake person in all their history).

Safe by construction: every text column of the database must be classified below
(personal free text, rewritten identity, emptied, or not personal); an unknown
column makes the copy refuse, so a column added later cannot leak unnoticed. The
copy is rewritten with secure_delete and vacuumed, so no page of the file keeps an
original value.
"""

from __future__ import annotations

import hashlib
import secrets
import sqlite3
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path

from desktop import encryption
from desktop.training.masker import Masker
from desktop.workspace import DB_NAME, TRAINING_DB_NAME
from models.database import db_errors
from models.errors import UserFacingError

# free text that may hold personal data: masked value by value (JSON-aware)
PERSONAL_TEXT: dict[str, tuple[str, ...]] = {
    "customer": ("culture_notes", "tags"),
    "contact": ("subject", "preview", "external_id"),
    "event": ("subject", "body", "data"),
    "outbound": ("recipient", "subject", "body", "reason", "message_id"),
    "contact_ref": ("ref",),  # message ids, like contact.external_id
    "task": ("title",),
    "template": ("name", "body"),
    "purchase": ("external_id",),
    "invoice": ("external_id",),
    "merge_record": ("evidence",),
    "merge_suggestion": ("evidence",),
    "training_arrival": ("record", "why"),
    "rule": ("value",),
}
# identity values: replaced by their fake counterpart
REWRITTEN: dict[str, tuple[str, ...]] = {
    "customer": ("name",),
    "identity": ("value",),
    "agent": ("login", "display_name"),
}
# sync, audit and monitoring of the live workspace: nothing of it comes along
EMPTIED = (
    "outbox",
    "audit",
    "alert",
    "alert_ack",  # who acknowledged which alert (names of agents)
    "alert_rule",  # monitoring rules (watch lists name people)
    "sync_staging",
    "sync_shadow",
    "sync_quarantine",
    "mailbox",  # a training workspace never fetches mail
    "integration",  # nor takes in from or sends through outside systems
    "attachment",
)  # file names may be personal; the files are not copied either
# workspace_meta keeps only these keys (sync cursors, notices, server, client ids go)
KEPT_META = ("schema_version",)
# ids, enums, codes, times: no personal data
NOT_PERSONAL: dict[str, tuple[str, ...]] = {
    "workspace_meta": ("key", "value"),
    "schema_migration": ("*",),
    "agent": ("id", "role", "presence", "team", "capacity"),
    "agent_skill": ("id", "agent_id", "skill"),
    "customer": ("id", "locale", "timezone", "merged_into"),
    "identity": ("id", "customer_id", "kind", "network"),
    "contact": (
        "id",
        "channel",
        "direction",
        "customer_id",
        "thread_id",
        "skill",
        "status",
        "assigned_to_id",
        "outcome",
        "team",
    ),
    "event": ("id", "customer_id", "contact_id", "channel", "kind", "agent_id"),
    "purchase": ("id", "customer_id", "product", "currency"),
    "invoice": ("id", "customer_id", "number", "currency"),
    "task": ("id", "customer_id", "contact_id", "kind", "owner_id", "state"),
    "template": ("id", "channel", "language", "purpose"),
    "outbound": ("id", "contact_id", "event_id", "channel", "state"),
    "contact_ref": ("channel", "contact_id"),
    "merge_record": ("id", "survivor_id", "duplicate_id", "agent_id"),
    "merge_suggestion": ("id", "customer_a", "customer_b", "state"),
    "training_arrival": ("key", "practices", "contact_id"),
    "rule": ("key",),
    # the supervisor desk's counters (migrations 0030, 0032): channels, skills, states,
    # teams, agent ids (the desk never opens a training copy)
    "kpi_open": ("*",),
    "kpi_hour": ("*",),
    "kpi_open_hour": ("*",),
    "kpi_unanswered": ("*",),
    "kpi_sla": ("*",),
}
INTERNAL_PREFIXES = ("sqlite_", "message_fts")  # SQLite's own tables, the rebuilt index
SLICE = 5000  # rows rewritten per statement batch  # SQLite's own tables, the rebuilt index


def text_columns(db: sqlite3.Connection) -> dict[str, list[str]]:
    """Every table's text columns (SQLite's own tables and the full-text index aside)."""
    out: dict[str, list[str]] = {}
    tables = [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
    for table in tables:
        if table.startswith(INTERNAL_PREFIXES):
            continue
        columns = [
            name
            for _, name, decl, *_ in db.execute(f'PRAGMA table_info("{table}")')
            if not decl or any(t in decl.upper() for t in ("CHAR", "TEXT", "CLOB"))
        ]
        out[table] = columns
    return out


def unclassified_columns(db: sqlite3.Connection) -> list[str]:
    """Text columns masking does not know about: the copy is refused while there are any."""
    missing = []
    for table, columns in text_columns(db).items():
        if table in EMPTIED:
            continue
        known = {
            *PERSONAL_TEXT.get(table, ()),
            *REWRITTEN.get(table, ()),
            *NOT_PERSONAL.get(table, ()),
        }
        if "*" in known:
            continue
        missing += [f"{table}.{c}" for c in columns if c not in known]
    return missing


def _collect(db: sqlite3.Connection, masker: Masker) -> None:
    names = dict(db.execute("SELECT id, name FROM customer"))
    for name in names.values():
        masker.add_name(name)
    for (name,) in db.execute("SELECT display_name FROM agent"):
        masker.add_name(name)
    for (login,) in db.execute("SELECT login FROM agent"):
        masker.add_handle(login)
    for customer_id, kind, value in db.execute("SELECT customer_id, kind, value FROM identity"):
        if kind == "email":
            masker.add_email(value, names.get(customer_id, ""))
        elif kind == "phone":
            masker.add_phone(value)
        elif kind == "handle":
            masker.add_handle(value.rpartition(":")[2])


def _rewrite(db: sqlite3.Connection, masker: Masker, progress: Callable[[str], None]) -> None:
    for cid, name in db.execute("SELECT id, name FROM customer").fetchall():
        db.execute("UPDATE customer SET name = ? WHERE id = ?", (masker.name(name), cid))
    for aid, login, display in db.execute("SELECT id, login, display_name FROM agent").fetchall():
        db.execute(
            "UPDATE agent SET login = ?, display_name = ? WHERE id = ?",
            (masker.login(login), masker.name(display), aid),
        )
    for iid, kind, value in db.execute("SELECT id, kind, value FROM identity").fetchall():
        fake = (
            masker.email(value)
            if kind == "email"
            else masker.phone(value)
            if kind == "phone"
            else masker.handle(value)
            if kind == "handle"
            else "visitor-" + hashlib.sha256((masker.salt + value).encode()).hexdigest()[:16]
        )
        db.execute("UPDATE identity SET value = ? WHERE id = ?", (fake, iid))
    for table, columns in PERSONAL_TEXT.items():
        progress(table)
        selected = ", ".join(f'"{c}"' for c in columns)
        sets = ", ".join(f'"{c}" = ?' for c in columns)
        last = -1
        while True:  # in slices: millions of events never sit in memory at once
            rows = db.execute(
                f'SELECT rowid, {selected} FROM "{table}" WHERE rowid > ? ORDER BY rowid '
                f"LIMIT {SLICE}",
                (last,),
            ).fetchall()
            if not rows:
                break
            last = rows[-1][0]
            updates = []
            for row in rows:
                new = [masker.json_or_text(v) if isinstance(v, str) else v for v in row[1:]]
                if new != list(row[1:]):
                    updates.append((*new, row[0]))
            db.executemany(f'UPDATE "{table}" SET {sets} WHERE rowid = ?', updates)


def masked_copy(
    live_root: Path,
    target_root: Path,
    *,
    salt: str | None = None,
    trainee: tuple[str, str] = ("trainee", "Sam Trainee"),
    progress: Callable[[str], None] = lambda _stage: None,
) -> Path:
    """A training workspace at target_root from a masked copy of the live workspace.

    The live file is only read (VACUUM INTO from a read-only connection). ``trainee`` is
    the (login, display name) the trainee works as in the copy.
    """
    from desktop.training.session import add_trainee, check_login, make_private, save_start_copy

    check_login(trainee[0])
    live = live_root / DB_NAME
    if not live.exists():
        raise UserFacingError(f"no live workspace in {live_root}")
    if (target_root / DB_NAME).exists():
        raise UserFacingError(f"{target_root} is a live workspace; choose another folder")
    target = target_root / TRAINING_DB_NAME
    if target.exists():
        raise UserFacingError(f"{target_root} already holds a training workspace")
    make_private(target_root)
    tmp = target.with_name("masking.tmp.sqlite3")
    for leftover in _with_sidecars(tmp):
        leftover.unlink(missing_ok=True)
    _read_live(live, tmp)
    try:
        _mask_file(tmp, live_root, masker=Masker(salt or _random_salt()), progress=progress)
        tmp.rename(target)
    finally:
        for leftover in _with_sidecars(tmp):
            leftover.unlink(missing_ok=True)
    add_trainee(target_root, trainee, title=f"Masked copy of {live_root.name}")
    save_start_copy(target)
    return target


def _read_live(live: Path, copy: Path) -> None:
    """VACUUM INTO a copy, touching nothing of the live workspace.

    A live database nobody has open (no -wal file) is read as immutable, so not even the
    -wal/-shm files a read-only connection would leave behind appear; one that is open in a
    window is read through its WAL like any other reader.
    """
    wal = live.with_name(live.name + "-wal")
    for immutable in (not wal.exists(), False):
        copy.unlink(missing_ok=True)
        # an encrypted live workspace gives an encrypted copy, with the same key
        source = encryption.connect(live, mode="ro", immutable=immutable)
        try:
            kind = source.execute("SELECT value FROM workspace_meta WHERE key = 'kind'").fetchone()
            if kind is None or kind[0] != "live":
                raise UserFacingError(f"{live.parent} is not a live workspace")
            source.execute("VACUUM INTO ?", (str(copy),))
        except db_errors() as exc:
            raise UserFacingError(f"cannot read the live workspace {live.parent}: {exc}") from None
        finally:
            source.close()
        if not (immutable and wal.exists()):  # nobody opened it meanwhile: a clean copy
            return


def _random_salt() -> str:
    return secrets.token_hex(16)


def _with_sidecars(path: Path) -> Iterable[Path]:
    return [path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))]


def _mask_file(
    path: Path, live_root: Path, *, masker: Masker, progress: Callable[[str], None]
) -> None:
    db = encryption.connect(path)
    try:
        # no WAL: changes go straight into the file, and freed pages are zeroed
        db.execute("PRAGMA journal_mode = DELETE")
        db.execute("PRAGMA secure_delete = ON")
        missing = unclassified_columns(db)
        if missing:
            raise UserFacingError(
                "masking does not know what these columns hold, so no copy is made: "
                + ", ".join(missing)
            )
        _collect(db, masker)
        with db:
            for table in EMPTIED:
                db.execute(f'DELETE FROM "{table}"')
            _rewrite(db, masker, progress)
            db.execute("UPDATE outbound SET state = 'simulated'")
            # the open queue is the trainee's to practise on, whoever held it in live work
            db.execute(
                "UPDATE contact SET assigned_to_id = NULL WHERE status IN ('open', 'waiting')"
            )
            marks = ",".join("?" * len(KEPT_META))
            db.execute(f"DELETE FROM workspace_meta WHERE key NOT IN ({marks})", KEPT_META)
            db.execute("INSERT INTO workspace_meta VALUES ('kind', 'training')")
            now = datetime.now(UTC).replace(second=0, microsecond=0)
            for key, value in (
                ("training_scenario", "masked copy"),
                ("training_start", now.strftime("%Y-%m-%dT%H:%M:%SZ")),
                ("training_speed", f"{1 / 60:.6f}"),  # real time: nothing arrives
                ("training_elapsed", "0"),
            ):
                db.execute("INSERT INTO workspace_meta VALUES (?, ?)", (key, value))
            # a fresh full-text index: old segments could still hold original words
            db.execute("INSERT INTO message_fts(message_fts) VALUES ('rebuild')")
            if db.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat4'").fetchone():
                db.execute("DELETE FROM sqlite_stat4")  # sampled index keys
        progress("vacuum")
        db.execute("VACUUM")
    finally:
        db.close()
