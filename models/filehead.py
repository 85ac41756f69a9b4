"""The first bytes of a database file, read without harming SQLite's locks.

SQLite's header tells a plain database from an encrypted one (SQLCipher writes its salt
where the header would be), and the salt names an encrypted file's key.

A file this process has open in SQLite is never opened a second time to read them:
opening and closing it would drop every POSIX lock SQLite holds on it (fcntl locks belong
to the process, and any close releases them; "How To Corrupt An SQLite Database File",
2.2). Another process's last connection then takes the exclusive lock, checkpoints and
deletes the -wal, and what this process commits afterwards goes into the deleted file
and is lost at the next crash (found by benchmarks/crash_bench.py: the window's backup
beside ``lastmile import``; tests/test_file_locks.py). So the workspace database, once
opened, is *held* here with its header (known from how it was opened) until it is closed.
While it is held its inode cannot be reused, so (device, inode) names it safely.
"""

from __future__ import annotations

import os
from pathlib import Path

SQLITE_HEADER = b"SQLite format 3\x00"

_HELD: dict[tuple[int, int], bytes] = {}


def _inode(path: Path) -> tuple[int, int] | None:
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return None
    return info.st_dev, info.st_ino


def file_head(path: Path) -> bytes:
    """The first 16 bytes of a database file (b"" if it is missing or empty)."""
    inode = _inode(path)
    if inode is None:
        return b""
    held = _HELD.get(inode)
    if held is not None:
        return held
    try:
        with open(path, "rb") as handle:
            return handle.read(len(SQLITE_HEADER))
    except FileNotFoundError:
        return b""


def hold(path: Path, key: str | None) -> None:
    """Note a database this process has just opened (a new one included), with the header
    it has from how it was opened: SQLite's when plain, the salt of the raw key
    (``x'<key><salt>'``) when encrypted."""
    inode = _inode(path)
    if inode is None:
        return
    if key is None:
        _HELD[inode] = SQLITE_HEADER
    elif key.startswith("x'") and key.endswith("'") and len(key) >= 3 + 2 * len(SQLITE_HEADER):
        _HELD[inode] = bytes.fromhex(key[-1 - 2 * len(SQLITE_HEADER) : -1])


def release(path: Path) -> None:
    """The database was closed: its inode may be reused by another file from now on."""
    inode = _inode(path)
    if inode is not None:
        _HELD.pop(inode, None)


def is_encrypted(path: Path) -> bool:
    """Whether the file holds an encrypted database: it has bytes but not SQLite's header
    (SQLCipher writes its salt where the header would be). A missing or empty file is a
    new plain database."""
    head = file_head(path)
    return bool(head) and head != SQLITE_HEADER


__all__ = ["SQLITE_HEADER", "file_head", "hold", "is_encrypted", "release"]
