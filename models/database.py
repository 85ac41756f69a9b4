"""Opening a workspace database: pragmas, migrations, kind and client id.

Storage errors are mapped here, at the edge, into UserFacingError: a full disk and a
read-only workspace folder on every statement (see :class:`WorkspaceDatabase`), the
rest when the database is opened.
"""

from __future__ import annotations

import logging
import os
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

import peewee
from peewee import SqliteDatabase
from playhouse.migrations import Runner

from models.base import database_proxy, new_id
from models.errors import UserFacingError, WorkspaceKindError
from models.schema import Meta

log = logging.getLogger("lastmile.storage")

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
KINDS = ("live", "training")
TRAINING_FILE = "training.sqlite3"  # desktop.workspace.TRAINING_DB_NAME

PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "cache_size": -16_000,  # 16 MB per connection: the UI and the worker each have one
    "temp_store": "memory",
    "mmap_size": 64 * 1024 * 1024,
    "busy_timeout": 5000,
}
# a read-only workspace folder: no journal mode to set, and writes refused by SQLite itself
READ_ONLY_PRAGMAS = {
    "foreign_keys": 1,
    "cache_size": -16_000,
    "temp_store": "memory",
    "busy_timeout": 5000,
    "query_only": 1,
}
FILE_MODE = 0o600  # the database and its -wal/-shm: the owner's alone
SIDECARS = ("-wal", "-shm")
DISK_FULL = "the disk is full: nothing was lost; free space and try again"


class DiskFullError(UserFacingError):
    """SQLITE_FULL: the transaction was rolled back as a whole."""


class DamagedDatabaseError(UserFacingError):
    """SQLITE_CORRUPT / SQLITE_NOTADB: pages of the file are damaged."""


class ReadOnlyWorkspaceError(UserFacingError):
    """A write in a workspace whose folder (or database file) cannot be written."""


def storage_error(exc: BaseException, path: Path) -> UserFacingError | None:
    """The user-facing meaning of a SQLite error, if it is a problem of the environment."""
    original = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else exc
    code = getattr(original, "sqlite_errorcode", None)
    text = str(original).lower()
    if code == sqlite3.SQLITE_FULL or "database or disk is full" in text:
        return DiskFullError(DISK_FULL)
    if (code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB)) \
            or "malformed" in text or "file is not a database" in text:
        return DamagedDatabaseError(
            f"the workspace database {path} is damaged ({original}); nothing more was "
            f"written. Restore the latest backup: lastmile restore --latest --workspace "
            f"{path.parent}")
    if (code is not None and code & 0xFF == sqlite3.SQLITE_READONLY) or (
        "readonly database" in text
    ):
        return ReadOnlyWorkspaceError(
            f"the workspace folder is read-only: {path.parent}; nothing was changed"
        )
    return None


def _nothing_to_roll_back(exc: BaseException) -> bool:
    # SQLite rolls a transaction back by itself on SQLITE_FULL (and some I/O errors);
    # peewee's rollback then fails, and that error must not replace the real cause.
    text = str(exc).lower()
    return "no transaction is active" in text or "no such savepoint" in text


class WorkspaceDatabase(SqliteDatabase):
    """SQLite with the environment's failures mapped to UserFacingError."""

    def __init__(self, path: Path, *, read_only: bool = False, immutable: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only:
            uri = f"file:{quote(str(self.path.resolve()))}?mode=ro"
            if immutable:  # a read-only folder without -wal/-shm: nobody can write it
                uri += "&immutable=1"
            super().__init__(uri, uri=True, pragmas=READ_ONLY_PRAGMAS, thread_safe=True, timeout=5)
        else:
            super().__init__(str(path), pragmas=PRAGMAS, thread_safe=True, timeout=5)

    def _mapped(self, exc: peewee.OperationalError) -> BaseException:
        return storage_error(exc, self.path) or exc

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        try:
            return super().execute_sql(sql, params)
        except peewee.OperationalError as exc:
            if sql.lstrip().upper().startswith("ROLLBACK") and _nothing_to_roll_back(exc):
                return self.cursor()
            mapped = self._mapped(exc)
            if mapped is exc:
                raise
            raise mapped from exc
        except peewee.DatabaseError as exc:  # damaged pages: one clear message, not a bug
            damaged = storage_error(exc, self.path)
            if damaged is None:
                raise
            raise damaged from exc

    def commit(self) -> Any:
        try:
            return super().commit()
        except peewee.OperationalError as exc:
            mapped = self._mapped(exc)
            if mapped is exc:
                raise
            raise mapped from exc

    def rollback(self) -> Any:
        try:
            return super().rollback()
        except peewee.OperationalError as exc:
            if not _nothing_to_roll_back(exc):
                raise
            return None


def schema_version() -> int:
    """The number of the newest migration shipped with this program."""
    numbers = [int(p.name.split("_", 1)[0]) for p in MIGRATIONS_DIR.glob("[0-9]*.py")]
    return max(numbers, default=0)


def make_database(path: Path | str) -> SqliteDatabase:
    return WorkspaceDatabase(Path(path))


def is_writable(path: Path) -> bool:
    """Whether SQLite can write the database at path (and create its -wal/-shm beside it)."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def _peek(path: Path, *, writable: bool) -> tuple[bool, str | None, int | None]:
    """(readable, kind, schema version) read without changing a byte of the file.

    In a writable folder a plain connection that only reads (it removes its empty
    -wal again on close); in a read-only one a read-only connection, and failing that
    an immutable one (no -wal/-shm can be made there).
    """
    uri = f"file:{quote(str(path.resolve()))}"
    attempts = [uri + "?mode=rw"] if writable else [uri + "?mode=ro", uri + "?mode=ro&immutable=1"]
    for attempt in attempts:
        try:
            conn = sqlite3.connect(attempt, uri=True, timeout=5)
        except sqlite3.OperationalError:
            continue
        try:
            found = conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type='table' AND name='workspace_meta'"
            ).fetchone()
            if found is None:
                return True, None, None
            meta = dict(
                conn.execute(
                    "SELECT key, value FROM workspace_meta WHERE key IN ('kind', 'schema_version')"
                ).fetchall()
            )
            version = meta.get("schema_version")
            kind = meta.get("kind") or _training_marks(conn)
            return True, kind, int(version) if version and version.isdigit() else None
        except sqlite3.OperationalError:
            if attempt is attempts[-1]:
                raise
            continue
        finally:
            conn.close()
    return False, None, None


def _training_marks(conn: sqlite3.Connection) -> str | None:
    """A database whose kind row is gone is still a training one if its content says so
    (its scenario and trainee, scenario arrivals): training never becomes live."""
    if conn.execute("SELECT 1 FROM workspace_meta WHERE key LIKE 'training!_%' ESCAPE '!' "
                    "LIMIT 1").fetchone() is not None:
        return "training"
    table = conn.execute("SELECT 1 FROM sqlite_master WHERE type='table' AND "
                         "name='training_arrival'").fetchone()
    if table is not None and conn.execute("SELECT 1 FROM training_arrival LIMIT 1").fetchone():
        return "training"
    return None


def _create_private(path: Path) -> None:
    """An empty file for SQLite to fill: 0600 from the first byte (the -wal and -shm
    that SQLite makes take the database file's permissions)."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE))


def _make_private(path: Path) -> None:
    if os.name != "posix":
        return
    for candidate in (path, *(path.with_name(path.name + s) for s in SIDECARS)):
        try:
            st = candidate.stat()
            if st.st_uid == os.getuid() and st.st_mode & 0o777 != FILE_MODE:
                candidate.chmod(FILE_MODE)
        except OSError:
            pass


def open_database(path: Path | str, *, kind: str, create: bool = True) -> SqliteDatabase:
    """Open (and create or migrate) the database at path as a workspace of the given kind.

    Opening a live database as training, or the reverse, is refused here, before
    anything else can touch it; so is a database made by a newer Lastmile (its schema
    is left untouched). A database that cannot be written (read-only folder) is
    opened read-only: reads work, writes raise ReadOnlyWorkspaceError.
    """
    if kind not in KINDS:
        raise ValueError(f"unknown workspace kind {kind!r}")
    path = Path(path)
    exists = path.exists()
    if not exists and not create:
        raise UserFacingError(f"no workspace database at {path}")
    writable = is_writable(path) if exists else True
    try:
        readable, found, stored = _peek(path, writable=writable) if exists else (True, None, None)
    except sqlite3.DatabaseError as exc:
        raise storage_error(exc, path) or UserFacingError(
            f"cannot open workspace database {path}: {exc}") from exc
    if not readable:
        raise UserFacingError(f"cannot open workspace database {path}: it cannot be read")
    if kind == "live" and path.name == TRAINING_FILE:
        raise WorkspaceKindError(f"{path} is a training database and cannot be opened as live")
    if found is not None and found != kind:
        raise WorkspaceKindError(f"{path} is a {found} workspace and cannot be opened as {kind}")
    newest = schema_version()
    if stored is not None and stored > newest:
        raise UserFacingError(
            f"this workspace was made by a newer Lastmile (schema {stored}); "
            f"this version understands up to {newest}: update Lastmile"
        )
    if not writable:
        return _open_read_only(path, stored)
    if not exists:
        path.parent.mkdir(parents=True, exist_ok=True)
        _create_private(path)
    _make_private(path)
    db = make_database(path)
    try:
        db.connect(reuse_if_open=True)
        database_proxy.initialize(db)
        migrate(db)
        _ensure_meta(db, path, kind)
        _make_private(path)
    except sqlite3.DatabaseError as exc:  # pragma: no cover - mapped for users
        db.close()
        raise storage_error(exc, path) or UserFacingError(
            f"cannot open workspace database {path}: {exc}") from exc
    except Exception as exc:
        if isinstance(exc, UserFacingError):
            db.close()
            raise
        if exc.__class__.__module__ == "peewee":
            db.close()
            raise UserFacingError(f"cannot open workspace database {path}: {exc}") from exc
        raise
    return db


def _open_read_only(path: Path, stored: int | None) -> SqliteDatabase:
    if stored is None or stored < schema_version():
        raise ReadOnlyWorkspaceError(
            f"the workspace folder is read-only: {path.parent}; this version of Lastmile "
            "must upgrade the database once, with write access"
        )
    for immutable in (False, True):
        db = WorkspaceDatabase(path, read_only=True, immutable=immutable)
        try:
            db.connect(reuse_if_open=True)
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        except (peewee.OperationalError, UserFacingError):
            db.close()
            if immutable:
                raise UserFacingError(
                    f"cannot open workspace database {path}: the folder is read-only"
                ) from None
            continue
        database_proxy.initialize(db)
        log.info("opened %s read-only", path)
        return db
    raise AssertionError("unreachable")


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
    # writes only what changed: opening a workspace to read it changes nothing
    with db.atomic():
        if get_meta("kind") is None:
            set_meta("kind", kind)
        if get_meta("schema_version") != str(schema_version()):
            set_meta("schema_version", str(schema_version()))
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
