"""Opening a workspace database: pragmas, migrations, kind and client id.

Storage errors are mapped here, at the edge, into UserFacingError.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path

from peewee import SqliteDatabase
from playhouse.migrations import Runner

from models.base import database_proxy, new_id
from models.errors import UserFacingError, WorkspaceKindError
from models.schema import Meta

log = logging.getLogger("lastmile.storage")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
KINDS = ("live", "training")

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "cache_size": -16_000,  # 16 MB per connection: the UI and the worker each have one
    "temp_store": "memory",
    "mmap_size": 64 * 1024 * 1024,
    "busy_timeout": 5000,
}


def schema_version() -> int:
    """The number of the newest migration shipped with this program."""
    numbers = [int(p.name.split("_", 1)[0]) for p in MIGRATIONS_DIR.glob("[0-9]*.py")]
    return max(numbers, default=0)


def make_database(path: Path | str) -> SqliteDatabase:
    return SqliteDatabase(str(path), pragmas=PRAGMAS, thread_safe=True, timeout=5)


def open_database(path: Path | str, *, kind: str, create: bool = True) -> SqliteDatabase:
    """Open (and create or migrate) the database at path as a workspace of the given kind.

    Opening a live database as training, or the reverse, is refused here, before
    anything else can touch it.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown workspace kind {kind!r}")
    path = Path(path)
    exists = path.exists()
    if not exists and not create:
        raise UserFacingError(f"no workspace database at {path}")
    path.parent.mkdir(parents=True, exist_ok=True)
    db = make_database(path)
    try:
        db.connect(reuse_if_open=True)
        if exists:
            found = _read_kind(db)
            if found is not None and found != kind:
                db.close()
                raise WorkspaceKindError(
                    f"{path} is a {found} workspace and cannot be opened as {kind}"
                )
        database_proxy.initialize(db)
        migrate(db)
        _ensure_meta(db, path, kind)
    except sqlite3.DatabaseError as exc:  # pragma: no cover - mapped for users
        db.close()
        raise UserFacingError(f"cannot open workspace database {path}: {exc}") from exc
    except Exception as exc:
        if isinstance(exc, UserFacingError):
            raise
        if exc.__class__.__module__ == "peewee":
            db.close()
            raise UserFacingError(f"cannot open workspace database {path}: {exc}") from exc
        raise
    return db


def migrate(db: SqliteDatabase) -> list[str]:
    applied: list[str] = Runner(db, str(MIGRATIONS_DIR)).up()
    if applied:
        log.info("applied migrations: %s", ", ".join(applied))
    return applied


def _read_kind(db: SqliteDatabase) -> str | None:
    cursor = db.execute_sql(
        "SELECT name FROM sqlite_master WHERE type='table' AND name='workspace_meta'"
    )
    if cursor.fetchone() is None:
        return None
    row = db.execute_sql("SELECT value FROM workspace_meta WHERE key='kind'").fetchone()
    return row[0] if row else None


def _file_fingerprint(path: Path) -> str:
    st = os.stat(path)
    return f"{path.resolve()}:{st.st_ino}"


def _ensure_meta(db: SqliteDatabase, path: Path, kind: str) -> None:
    with db.atomic():
        Meta.insert(key="kind", value=kind).on_conflict_ignore().execute()
        Meta.insert_many(
            [{"key": "schema_version", "value": str(schema_version())}]
        ).on_conflict_replace().execute()
        fingerprint = _file_fingerprint(path)
        stored = get_meta("client_fingerprint")
        if stored != fingerprint:
            # A new file, or one copied/restored from elsewhere: it becomes a new
            # client so that its mutation ids never collide with the original's.
            # The outbox is kept and will be pushed under the new id.
            if stored is not None:
                log.warning("database file moved or copied; assigning a new client id")
            set_meta("client_id", new_id())
            set_meta("client_fingerprint", fingerprint)


def get_meta(key: str, default: str | None = None) -> str | None:
    row = Meta.get_or_none(Meta.key == key)
    return row.value if row is not None else default


def set_meta(key: str, value: str) -> None:
    Meta.insert(key=key, value=value).on_conflict_replace().execute()


def workspace_kind(db: SqliteDatabase) -> str:
    kind = _read_kind(db)
    if kind is None:
        raise UserFacingError("database has no workspace kind recorded")
    return kind
