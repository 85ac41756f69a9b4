"""Encrypted workspace databases: SQLCipher 4 through peewee's ``playhouse.sqlcipher_ext``.

The same SQL, FTS5 and JSON functions as a plain workspace; every page and every WAL
frame is encrypted (AES-256, HMAC-SHA512 per page) with the workspace's key. The key is a
raw 256-bit key with the file's salt (``x'<64 hex><32 hex>'``), not a passphrase: no key
derivation on each connection, and every copy made with it (backups, the encrypted copy
of ``lastmile encrypt``) starts with the same 16 bytes, which name its key in the keychain.

Imported only when an encrypted file is opened (loading the driver takes ~30 ms).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from playhouse.sqlcipher_ext import SqlCipherDatabase
from sqlcipher3 import dbapi2

from models.database import PRAGMAS, READ_ONLY_PRAGMAS, _MappedErrors, _uri

# first: SQLCipher itself logs a failed HMAC check (a wrong key) to stderr; we say it once
QUIET = {"cipher_log_level": "NONE"}


def connect(uri: str, key: str, *, timeout: float, isolation_level: str | None) -> Any:
    """A bare DB-API connection to an encrypted database (see models.database.connect)."""
    conn = dbapi2.connect(uri, uri=True, timeout=timeout, isolation_level=isolation_level)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        conn.execute("PRAGMA key = '{}'".format(key.replace("'", "''")))
    except BaseException:
        conn.close()
        raise
    return conn


# playhouse (unlike peewee) ships no type information, so SqlCipherDatabase is Any to mypy
class EncryptedWorkspaceDatabase(_MappedErrors, SqlCipherDatabase):  # type: ignore[misc]
    """An encrypted workspace database, with the same error mapping as a plain one."""

    def __init__(
        self, path: Path, key: str, *, read_only: bool = False, immutable: bool = False
    ) -> None:
        self.path = Path(path)
        self.read_only = read_only
        pragmas = {**QUIET, **(READ_ONLY_PRAGMAS if read_only else PRAGMAS)}
        super().__init__(
            _uri(self.path, "ro" if read_only else None, immutable),
            uri=True,
            passphrase=key,
            pragmas=pragmas,
            thread_safe=True,
            timeout=5,
        )


def open_exclusive(path: Path, key: str | None) -> Any:
    """A SQLCipher connection (plain without a key) that holds the database file for
    itself until closed: refused at once ('database is locked') while anyone else has the
    file open, and nobody else can open it meanwhile."""
    conn = dbapi2.connect(_uri(path, "rw"), uri=True, timeout=0, isolation_level=None)
    try:
        conn.execute("PRAGMA cipher_log_level = NONE")
        if key is not None:
            conn.execute("PRAGMA key = '{}'".format(key.replace("'", "''")))
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("COMMIT")  # the lock stays: locking_mode EXCLUSIVE
    except BaseException:
        conn.close()
        raise
    return conn


def export(conn: Any, target: Path, key: str | None) -> None:
    """Copy conn's database (schema, rows, full-text index) into the empty file target,
    encrypted with key or, without one, plain (SQLCipher's sqlcipher_export)."""
    conn.execute("ATTACH DATABASE ? AS lastmile_target KEY ?", (str(target), key or ""))
    try:
        conn.execute("SELECT sqlcipher_export('lastmile_target')")
    finally:
        conn.execute("DETACH DATABASE lastmile_target")
