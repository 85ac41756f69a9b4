"""Backups of a live workspace with SQLite's online backup API: a consistent copy taken
while the window keeps working, readable by its owner only. Kept rotating in the
workspace's ``backups`` folder (every ``backup_every_hours``, the newest ``backup_keep``);
``restore`` puts one back. A restored database is a new file, so it becomes a new sync
client (its outbox is kept and pushed; the server skips what it already applied).

A backup of an encrypted workspace is encrypted with the same key (it starts with the
same salt, so it finds the key wherever it is copied); restoring it gives an encrypted
workspace again.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import time
from datetime import UTC, datetime
from pathlib import Path

from desktop import encryption
from desktop.secrets import store_name
from desktop.workspace import DB_NAME, Workspace
from models.database import connect, db_errors
from models.errors import UserFacingError

log = logging.getLogger("lastmile.backup")

PREFIX = "lastmile-"
SUFFIX = ".sqlite3"
PAGES_PER_STEP = 2048  # the window's writes get the database between steps


def backups_dir(ws: Workspace) -> Path:
    return ws.root / "backups"


def backup(ws: Workspace, out: Path | None = None, *, now: datetime | None = None) -> Path:
    """A consistent copy of the live database (taken page by page while others write)."""
    source_path = ws.database_path
    if not source_path.exists():
        raise UserFacingError(f"no workspace database at {source_path}")
    if out is None:
        folder = backups_dir(ws)
        folder.mkdir(mode=0o700, parents=True, exist_ok=True)
        stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
        out = folder / f"{PREFIX}{stamp}{SUFFIX}"
    out = out.resolve()
    if out == source_path.resolve():
        raise UserFacingError("a backup cannot overwrite the workspace database itself")
    partial = out.with_name(out.name + ".partial")
    partial.unlink(missing_ok=True)
    key = encryption.key_if_encrypted(source_path)  # the copy is encrypted with it too
    try:
        os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
        source = connect(source_path, key=key, timeout=10)
        target = connect(partial, key=key)
        try:
            source.backup(target, pages=PAGES_PER_STEP, sleep=0.005)
            target.execute("PRAGMA journal_mode = DELETE")  # one self-contained file
        finally:
            target.close()
            source.close()
        os.replace(partial, out)  # a backup is either whole or not there
    except db_errors() as exc:
        partial.unlink(missing_ok=True)
        raise UserFacingError(f"the backup failed: {exc}; nothing was changed") from None
    except OSError as exc:
        partial.unlink(missing_ok=True)
        raise UserFacingError(f"cannot write the backup {out}: {exc.strerror or exc}") from None
    return out


def setting(ws: Workspace, key: str, default: int) -> int:
    """A backup rule (``lastmile rules set backup_keep 14``), read without opening the
    workspace (it may be the damaged thing)."""
    try:
        conn = encryption.connect(ws.database_path, mode="ro")
        try:
            row = conn.execute("SELECT value FROM rule WHERE key = ?", (key,)).fetchone()
        finally:
            conn.close()
        return int(row[0]) if row else default
    except db_errors(ValueError, UserFacingError):
        return default


def listed(ws: Workspace) -> list[Path]:
    """The workspace's rotating backups, newest first."""
    folder = backups_dir(ws)
    if not folder.is_dir():
        return []
    return sorted((p for p in folder.glob(f"{PREFIX}*{SUFFIX}") if p.is_file()), reverse=True)


def rotate(ws: Workspace, keep: int) -> list[Path]:
    removed = []
    for old in listed(ws)[max(1, keep) :]:
        old.unlink(missing_ok=True)
        removed.append(old)
    return removed


def due(ws: Workspace, every_hours: int) -> bool:
    newest = listed(ws)
    if every_hours <= 0:
        return False
    return not newest or time.time() - newest[0].stat().st_mtime >= every_hours * 3600


def check(path: Path, *, quick: bool = False) -> str:
    """'ok', or what SQLite's integrity check (``quick``: quick_check, which skips the
    index contents and is several times faster) says is wrong."""
    pragma = "quick_check(20)" if quick else "integrity_check(20)"
    try:
        key = encryption.key_if_encrypted(path)
    except UserFacingError:  # encrypted with a key from elsewhere, or no database at all
        return (
            f"it is not a plain database and no key for it is kept in {store_name()}: "
            "it is encrypted with a key from elsewhere ('lastmile key import'), or it "
            "is not a database"
        )
    try:
        conn = connect(path, key=key, mode="ro")
        try:
            rows = conn.execute(f"PRAGMA {pragma}").fetchall()
        finally:
            conn.close()
    except db_errors() as exc:
        if key is not None and getattr(exc, "sqlite_errorcode", None) == sqlite3.SQLITE_NOTADB:
            return (
                "the key kept for it does not open it (a wrong key, or its first page is damaged)"
            )
        return str(exc)
    problems = [" ".join(str(r[0]).split()) for r in rows if r and r[0] != "ok"]  # one line
    return "ok" if not problems else "; ".join(problems[:5])


def restore(ws: Workspace, source: Path, *, now: datetime | None = None) -> Path:
    """Put a backup in place of the workspace database; the current file is kept beside
    it (``lastmile.sqlite3.before-restore-<time>``). Returns where the old one went."""
    if not source.is_file():
        raise UserFacingError(f"{source}: no such backup file")
    verdict = check(source)
    if verdict != "ok":
        raise UserFacingError(f"{source} is not a sound backup ({verdict}); nothing was changed")
    target = ws.database_path
    if target.name != DB_NAME:
        raise UserFacingError("only a live workspace is restored from a backup")
    stamp = (now or datetime.now(UTC)).strftime("%Y%m%d-%H%M%S")
    kept = target.with_name(f"{target.name}.before-restore-{stamp}")
    incoming = target.with_name(target.name + ".restoring")
    key = encryption.key_if_encrypted(source)  # an encrypted backup stays encrypted
    try:
        os.close(os.open(incoming, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600))
        src = connect(source, key=key, mode="ro")
        dst = connect(incoming, key=key)
        try:
            src.backup(dst)
        finally:
            dst.close()
            src.close()
        if target.exists():
            os.replace(target, kept)
        for side in ("-wal", "-shm"):
            sidecar = target.with_name(target.name + side)
            if sidecar.exists():
                os.replace(sidecar, kept.with_name(kept.name + side))
        os.replace(incoming, target)
    except db_errors(OSError) as exc:
        incoming.unlink(missing_ok=True)
        raise UserFacingError(f"the restore failed: {exc}; the workspace is unchanged") from None
    log.warning("restored %s from %s (the previous file is %s)", target, source, kept)
    return kept


class BackupService:
    """Rotating backups while the window runs: checks every few minutes whether the newest
    backup is older than ``every_hours`` and takes one in its own thread (the online
    backup API copies page by page, so the window's writes go on)."""

    CHECK_S = 600.0

    def __init__(self, ws: Workspace, *, every_hours: int, keep: int) -> None:
        import threading

        self.ws, self.every_hours, self.keep = ws, every_hours, keep
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="backups", daemon=True)
        self.last_error = ""

    def start(self) -> None:
        if self.every_hours > 0 and self.ws.kind == "live":
            self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(5)

    def _run(self) -> None:
        while not self._stop.wait(5.0 if not listed(self.ws) else self.CHECK_S):
            self.run_once()

    def run_once(self) -> Path | None:
        if not due(self.ws, self.every_hours):
            return None
        try:
            path = backup(self.ws)
            rotate(self.ws, self.keep)
        except UserFacingError as exc:  # disk full, folder gone: said, tried again later
            self.last_error = str(exc)
            log.warning("automatic backup: %s", exc)
            return None
        self.last_error = ""
        log.info("automatic backup %s", path)
        return path
