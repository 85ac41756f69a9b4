"""A plain sqlite3 connection that reads a current workspace: the command line's fast path.

``lastmile queue``, ``call`` and ``search`` only read. Opening a workspace the full way
(models/database.py) loads peewee and the models, checks and runs migrations and
settles the workspace's identity: two thirds of such a command's start-up. When the
file needs none of that, :func:`open_reader` opens it with sqlite3 alone, the way
``_peek`` reads it (a writable folder: a plain connection that only reads; a read-only
one: a read-only connection); ``PRAGMA query_only`` makes a write an error.

It answers ``None`` (and the caller opens the workspace the full way, which migrates,
refuses or repairs as it always did) whenever the full open would do more than read:
an encrypted file (its key is in the keychain), a missing, older or newer schema, another
kind, a migration this program ships that the file has not had, a file moved or
copied (it gets a new client id), or any error on the way. Standard library only.
"""

from __future__ import annotations

import os
import re
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

MIGRATIONS_DIR = Path(__file__).with_name("migrations")
SQLITE_HEADER = b"SQLite format 3\x00"  # models.filehead's, without importing it
_MIGRATION = re.compile(r"^[0-9].*\.py$")  # playhouse.migrations: '[0-9]*.py'
READ_PRAGMAS = (
    "PRAGMA query_only = 1",
    "PRAGMA cache_size = -16000",
    "PRAGMA temp_store = memory",
    "PRAGMA mmap_size = 67108864",
)


def migration_names() -> list[str]:
    """The migrations this program ships, by name, in order."""
    try:
        files = os.listdir(MIGRATIONS_DIR)
    except OSError:
        return []
    return sorted(name[:-3] for name in files if _MIGRATION.match(name))


def file_fingerprint(path: Path, inode_of: Path | None = None) -> str:
    """Where the file is and which file it is: a copy or a move changes it."""
    # inode_of: a file about to be renamed to path (lastmile encrypt's converted copy)
    st = os.stat(inode_of or path)
    return f"{path.resolve()}:{st.st_ino}"


class Reader:
    """What the read queries need of a database: ``execute_sql(sql, params)``."""

    def __init__(self, conn: sqlite3.Connection, path: Path, meta: dict[str, str]) -> None:
        self.conn = conn
        self.path = path
        self.meta = meta

    def execute_sql(self, sql: str, params: Any = None) -> sqlite3.Cursor:
        return self.conn.execute(sql, params or ())

    def close(self) -> None:
        self.conn.close()


def _connect(path: Path) -> sqlite3.Connection:
    uri = f"file:{quote(str(path.resolve()))}"
    writable = os.access(path.parent, os.W_OK | os.X_OK) and os.access(path, os.W_OK)
    conn = sqlite3.connect(
        uri if writable else uri + "?mode=ro", uri=True, timeout=5, isolation_level=None
    )
    conn.execute("PRAGMA busy_timeout = 5000")
    for pragma in READ_PRAGMAS:
        conn.execute(pragma)
    return conn


def open_reader(path: Path, *, kind: str) -> Reader | None:
    """A read-only connection to a workspace database that is current, else None."""
    try:
        with open(path, "rb") as handle:
            if handle.read(len(SQLITE_HEADER)) != SQLITE_HEADER:
                return None  # encrypted, empty or not a database: the full open says which
        conn = _connect(path)
    except (OSError, sqlite3.Error):
        return None
    try:
        meta = dict(
            conn.execute(
                "SELECT key, value FROM workspace_meta WHERE key IN "
                "('kind', 'schema_version', 'client_fingerprint', 'seed_state')"
            ).fetchall()
        )
        applied = {row[0] for row in conn.execute("SELECT name FROM schema_migration")}
        shipped = migration_names()
        newest = max((int(n.split("_", 1)[0]) for n in shipped), default=0)
        current = (
            meta.get("kind") == kind
            and meta.get("schema_version") == str(newest)  # a newer one is refused there
            and meta.get("client_fingerprint") == file_fingerprint(path)
            and not set(shipped) - applied
        )
    except (OSError, sqlite3.Error):
        current = False
    if not current:
        conn.close()
        return None
    return Reader(conn, path, meta)
