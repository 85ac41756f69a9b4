"""Opening a workspace database: pragmas, migrations, kind and client id.

Storage errors are mapped here, at the edge, into UserFacingError: a full disk and a
read-only workspace folder on every statement (see :class:`WorkspaceDatabase`), the
rest when the database is opened.

A database may be encrypted (SQLCipher 4, through ``playhouse.sqlcipher_ext``): the file
says so itself (it does not start with SQLite's header), and the caller passes a
:data:`KeySource` that finds its key (desktop/encryption.py: the keychain). Every way of
opening a database file, peewee's or a bare DB-API connection (:func:`connect`), goes
through here, so plain and encrypted files open the same way.

One workspace database is bound to the models per process (:class:`SecondDatabaseError`);
``open_database(..., bind=False)`` gives a second handle the models never see.

Why ~560 lines: opening is one sequence of refusals (kind, schema, read-only, key, a
second database) with the error mapping they share; split, the order they are checked
in would no longer be visible in one place.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import sys
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Literal
from urllib.parse import quote

import peewee
from peewee import SqliteDatabase

from models.base import database_proxy, new_id
from models.errors import UserFacingError, WorkspaceKindError
from models.filehead import SQLITE_HEADER as SQLITE_HEADER
from models.filehead import file_head as file_head
from models.filehead import hold
from models.filehead import is_encrypted as is_encrypted
from models.reader import MIGRATIONS_DIR as MIGRATIONS_DIR
from models.reader import file_fingerprint, migration_names
from models.schema import Meta

log = logging.getLogger("lastmile.storage")

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
# the key of an encrypted database file, as SQLCipher's PRAGMA key takes it (x'<hex>')
KeySource = Callable[[Path], str]


def db_errors(*others: type[BaseException]) -> tuple[type[BaseException], ...]:
    """The DB-API error classes of both drivers (and others), for ``except db_errors():``
    around a bare connection (SQLCipher's are its own classes, not sqlite3's)."""
    cipher = sys.modules.get("sqlcipher3.dbapi2")
    return (sqlite3.Error, *others) if cipher is None else (sqlite3.Error, cipher.Error, *others)


def _uri(path: Path, mode: str | None, immutable: bool = False) -> str:
    uri = f"file:{quote(str(Path(path).resolve()))}"
    if mode:
        uri += f"?mode={mode}" + ("&immutable=1" if immutable else "")
    return uri


def connect(
    path: Path | str,
    *,
    key: str | None = None,
    mode: str | None = None,
    immutable: bool = False,
    timeout: float = 5.0,
    isolation_level: Literal["DEFERRED", "IMMEDIATE", "EXCLUSIVE"] | None = "DEFERRED",
) -> Any:
    """A bare DB-API connection to a database file, plain (sqlite3) or, with a key,
    encrypted (SQLCipher); mode ('ro', 'rw') and immutable as SQLite's URI parameters."""
    uri = _uri(Path(path), mode, immutable)
    if key is None:
        return sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=isolation_level)
    from models import cipher  # SQLCipher is loaded only for an encrypted file

    return cipher.connect(uri, key, timeout=timeout, isolation_level=isolation_level)


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
    if (
        (code is not None and code & 0xFF in (sqlite3.SQLITE_CORRUPT, sqlite3.SQLITE_NOTADB))
        or "malformed" in text
        or "file is not a database" in text
    ):
        return DamagedDatabaseError(
            f"the workspace database {path} is damaged ({original}); nothing more was "
            f"written. Restore the latest backup: lastmile restore --latest --workspace "
            f"{path.parent}"
        )
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


class SecondDatabaseError(RuntimeError):
    """A second, different workspace database opened while one is open in this process.

    Every model works on one database at a time (``models.base.database_proxy``): binding
    the proxy to the second one would silently send the first one's reads and writes (a
    window's, a background thread's) into it. Close the first, or open the second with
    ``open_database(..., bind=False)`` and reach it through that handle only."""


class _MappedErrors(SqliteDatabase):
    """SQLite with the environment's failures mapped to UserFacingError."""

    path: Path
    # bound to the models by open_database and not yet closed by the thread that opened it
    bound_by: int | None = None

    def close(self) -> bool:
        closed: bool = super().close()
        if self.bound_by == threading.get_ident():
            self.bound_by = None  # released: another workspace may be opened now
        return closed

    def _mapped(self, exc: peewee.OperationalError) -> BaseException:
        return storage_error(exc, self.path) or exc

    def execute_sql(self, sql: str, params: Any = None) -> Any:
        try:
            # peewee-stubs leave execute_sql/cursor unannotated (calls on our own subclass are
            # not covered by untyped_calls_exclude = ["peewee"])
            return super().execute_sql(sql, params)  # type: ignore[no-untyped-call]
        except peewee.OperationalError as exc:
            if sql.lstrip().upper().startswith("ROLLBACK") and _nothing_to_roll_back(exc):
                return self.cursor()  # type: ignore[no-untyped-call]  # see execute_sql above
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


class WorkspaceDatabase(_MappedErrors):
    """A plain workspace database."""

    def __init__(self, path: Path, *, read_only: bool = False, immutable: bool = False) -> None:
        self.path = Path(path)
        self.read_only = read_only
        if read_only:  # immutable: a read-only folder without -wal/-shm: nobody can write it
            uri = _uri(self.path, "ro", immutable)
            super().__init__(uri, uri=True, pragmas=READ_ONLY_PRAGMAS, thread_safe=True, timeout=5)
        else:
            super().__init__(str(path), pragmas=PRAGMAS, thread_safe=True, timeout=5)


def schema_version() -> int:
    """The number of the newest migration shipped with this program."""
    numbers = [int(name.split("_", 1)[0]) for name in migration_names()]
    return max(numbers, default=0)


def make_database(
    path: Path | str, key: str | None = None, *, read_only: bool = False, immutable: bool = False
) -> SqliteDatabase:
    """The peewee database for a workspace file: plain, or encrypted with key."""
    if key is None:
        return WorkspaceDatabase(Path(path), read_only=read_only, immutable=immutable)
    from models import cipher

    return cipher.EncryptedWorkspaceDatabase(
        Path(path), key, read_only=read_only, immutable=immutable
    )


def is_writable(path: Path) -> bool:
    """Whether SQLite can write the database at path (and create its -wal/-shm beside it)."""
    folder_ok = os.access(path.parent, os.W_OK | os.X_OK)
    return folder_ok and (not path.exists() or os.access(path, os.W_OK))


def _peek(
    path: Path, *, writable: bool, key: str | None = None
) -> tuple[bool, str | None, int | None]:
    """(readable, kind, schema version) read without changing a byte of the file.

    In a writable folder a plain connection that only reads (it removes its empty
    -wal again on close); in a read-only one a read-only connection, and failing that
    an immutable one (no -wal/-shm can be made there).
    """
    attempts = [("rw", False)] if writable else [("ro", False), ("ro", True)]
    for attempt in attempts:
        try:
            conn = connect(
                path,
                key=key,
                mode=attempt[0],
                immutable=attempt[1],
                timeout=5,
                isolation_level=None,
            )
        except db_errors() as exc:
            if not _is_operational(exc):
                raise
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
        except db_errors() as exc:
            if not _is_operational(exc) or attempt is attempts[-1]:
                raise
            continue
        finally:
            conn.close()
    return False, None, None


def _is_operational(exc: BaseException) -> bool:
    return exc.__class__.__name__ == "OperationalError"  # sqlite3's or SQLCipher's


def _training_marks(conn: Any) -> str | None:
    """A database whose kind row is gone is still a training one if its content says so
    (its scenario and trainee, scenario arrivals): training never becomes live."""
    if (
        conn.execute(
            "SELECT 1 FROM workspace_meta WHERE key LIKE 'training!_%' ESCAPE '!' LIMIT 1"
        ).fetchone()
        is not None
    ):
        return "training"
    table = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='training_arrival'"
    ).fetchone()
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


class WrongKeyError(UserFacingError):
    """An encrypted database that the key found for it does not open."""


def wrong_key(path: Path) -> WrongKeyError:
    return WrongKeyError(
        f"the key kept for the encrypted workspace database {path} does not open it (a "
        f"wrong key, or its first page is damaged); import the right key with 'lastmile "
        f"key import FILE --workspace {path.parent}', or restore a backup: 'lastmile "
        f"restore --latest --workspace {path.parent}'"
    )


# complexity: each refusal (kind, newer schema, read-only, key) is one early return,
# in the order they must be checked
def open_database(  # noqa: C901
    path: Path | str,
    *,
    kind: str,
    create: bool = True,
    keys: KeySource | None = None,
    bind: bool = True,
) -> SqliteDatabase:
    """Open (and create or migrate) the database at path as a workspace of the given kind.

    Opening a live database as training, or the reverse, is refused here, before
    anything else can touch it; so is a database made by a newer Lastmile (its schema
    is left untouched). A database that cannot be written (read-only folder) is
    opened read-only: reads work, writes raise ReadOnlyWorkspaceError. An encrypted
    file is opened with the key ``keys`` finds for it (which says itself, in one line,
    when it has none).

    The models are bound to it (``bind``) unless another workspace database is bound and
    open in this process: that is refused (:class:`SecondDatabaseError`). ``bind=False``
    is the explicit way to a second handle: the models stay where they are and the
    caller uses the handle itself (raw SQL, ``bind_ctx``).
    """
    if kind not in KINDS:
        raise ValueError(f"unknown workspace kind {kind!r}")
    path = Path(path)
    if bind:
        _refuse_second(path)
    exists = path.exists()
    if not exists and not create:
        raise UserFacingError.said("no workspace database at {path}", path=path)
    key: str | None = None
    if is_encrypted(path):
        if keys is None:
            raise UserFacingError.said(
                "the workspace database {path} is encrypted and no key was given to open it",
                path=path,
            )
        key = keys(path)
    writable = is_writable(path) if exists else True
    try:
        readable, found, stored = (
            _peek(path, writable=writable, key=key) if exists else (True, None, None)
        )
    except db_errors() as exc:
        if key is not None and getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:
            raise wrong_key(path) from None
        raise storage_error(exc, path) or UserFacingError(
            f"cannot open workspace database {path}: {exc}"
        ) from exc
    if not readable:
        raise UserFacingError.said(
            "cannot open workspace database {path}: it cannot be read", path=path
        )
    if kind == "live" and path.name == TRAINING_FILE:
        raise WorkspaceKindError.said(
            "{path} is a training database and cannot be opened as live", path=path
        )
    if found is not None and found != kind:
        raise WorkspaceKindError.said(
            "{path} is a {found} workspace and cannot be opened as {kind}",
            path=path,
            found=found,
            kind=kind,
        )
    newest = schema_version()
    if stored is not None and stored > newest:
        raise UserFacingError.said(
            "this workspace was made by a newer Lastmile (schema {stored}); this version "
            "understands up to {newest}: update Lastmile",
            stored=stored,
            newest=newest,
        )
    if not writable:
        return _open_read_only(path, stored, key, bind)
    if not exists:
        path.parent.mkdir(parents=True, exist_ok=True)
        _create_private(path)
    _make_private(path)
    db = make_database(path, key)
    try:
        db.connect(reuse_if_open=True)
        if bind:
            _bind(db)
        migrate(db)
        _ensure_meta(db, path, kind)
        _make_private(path)
        hold(path, key)  # a new file too: never opened a second time while it is in use
    except db_errors() as exc:  # pragma: no cover - mapped for users
        db.close()
        raise storage_error(exc, path) or UserFacingError(
            f"cannot open workspace database {path}: {exc}"
        ) from exc
    except Exception as exc:
        if isinstance(exc, UserFacingError):
            db.close()
            raise
        if exc.__class__.__module__ == "peewee":
            db.close()
            raise UserFacingError.said(
                "cannot open workspace database {path}: {cause}", path=path, cause=str(exc)
            ) from exc
        raise
    return db


def _refuse_second(path: Path) -> None:
    """Refuse to bind the models to ``path`` while another workspace database is bound
    and open (see :class:`SecondDatabaseError`); the same file again is allowed."""
    current = database_proxy.obj
    held = getattr(current, "path", None)
    if current is None or getattr(current, "bound_by", None) is None or held is None:
        return
    try:
        same = Path(held).resolve() == path.resolve() or (
            path.exists() and os.path.samefile(held, path)
        )
    except OSError:
        same = False
    if not same:
        raise SecondDatabaseError(
            f"the workspace database {held} is open in this process; close it before "
            f"opening {path}, or open that one with open_database(..., bind=False)"
        )


def _bind(db: SqliteDatabase) -> None:
    database_proxy.initialize(db)
    if isinstance(db, _MappedErrors):
        db.bound_by = threading.get_ident()


def _open_read_only(
    path: Path, stored: int | None, key: str | None, bind: bool = True
) -> SqliteDatabase:
    if stored is None or stored < schema_version():
        raise ReadOnlyWorkspaceError.said(
            "the workspace folder is read-only: {parent}; this version of Lastmile must upgrade "
            "the database once, with write access",
            parent=path.parent,
        )
    for immutable in (False, True):
        db = make_database(path, key, read_only=True, immutable=immutable)
        try:
            db.connect(reuse_if_open=True)
            db.execute_sql("SELECT count(*) FROM sqlite_master").fetchone()
        except (peewee.OperationalError, UserFacingError):
            db.close()
            if immutable:
                raise UserFacingError.said(
                    "cannot open workspace database {path}: the folder is read-only", path=path
                ) from None
            continue
        if bind:
            _bind(db)
        hold(path, key)
        log.info("opened %s read-only", path)
        return db
    raise AssertionError("unreachable")


def pending_migrations(db: SqliteDatabase) -> list[str]:
    """The shipped migrations the database has not had (what Runner.up would apply)."""
    shipped = migration_names()
    if db.execute_sql(
        "SELECT 1 FROM sqlite_master WHERE type='table' AND name='schema_migration'"
    ).fetchone():
        done = {row[0] for row in db.execute_sql("SELECT name FROM schema_migration")}
        return [name for name in shipped if name not in done]
    return shipped


def migrate(db: SqliteDatabase) -> list[str]:
    if not pending_migrations(db):
        return []  # the common case: no migration runner (nor playhouse.migrate) to load
    from playhouse.migrations import Runner

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


_file_fingerprint = file_fingerprint  # desktop/encryption.py's name for it


def _ensure_meta(db: SqliteDatabase, path: Path, kind: str) -> None:
    # writes only what changed: opening a workspace to read it changes nothing. Raw SQL on
    # ``db`` itself: it may be a second handle the models are not bound to
    def get(key: str) -> str | None:
        row = db.execute_sql("SELECT value FROM workspace_meta WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def put(key: str, value: str) -> None:
        db.execute_sql(
            "INSERT INTO workspace_meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )

    with db.atomic():
        if get("kind") is None:
            put("kind", kind)
        if get("schema_version") != str(schema_version()):
            put("schema_version", str(schema_version()))
        fingerprint = _file_fingerprint(path)
        stored = get("client_fingerprint")
        if stored != fingerprint:
            # A new file, or one copied/restored from elsewhere: it becomes a new
            # client so that its mutation ids never collide with the original's.
            # The outbox is kept and will be pushed under the new id.
            if stored is not None:
                log.warning("database file moved or copied; assigning a new client id")
            put("client_id", new_id())
            put("client_fingerprint", fingerprint)


def get_meta(key: str, default: str | None = None) -> str | None:
    row = Meta.get_or_none(Meta.key == key)
    return row.value if row is not None else default


def set_meta(key: str, value: str) -> None:
    Meta.insert(key=key, value=value).on_conflict_replace().execute()


def workspace_kind(db: SqliteDatabase) -> str:
    kind = _read_kind(db)
    if kind is None:
        raise UserFacingError.said("database has no workspace kind recorded")
    return kind
