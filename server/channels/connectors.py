"""The mailboxes a server process runs, kept in view while it runs.

A supervisor thread looks at ``server_mailbox`` every ``rescan_seconds`` (5 s,
``LASTMILE_MAIL_RESCAN``): a mailbox added by ``lastmile-server mailbox add`` while the
server runs is picked up at its next look, one removed is let go (its thread ends, its
IDLE connection is closed), one removed and added again with other settings is started
afresh. No restart, no signal: the table is the truth, and the look is one small query.

Each mailbox has its own thread (models/imap.py's :class:`~models.imap.Watch`): it
connects, takes in what is new (server/channels/mail.py's :func:`take_new`: the contacts
and the UID that covers them in one transaction), then waits by IMAP IDLE where the mail
server offers it — new mail is in the queue within seconds — or polls every
``poll_seconds`` (``LASTMILE_MAIL_POLL``, 30 s) otherwise, and reconnects with backoff when
the connection breaks. One mailbox that fails or hangs never blocks another. Its state —
``idle`` (connected, waiting by IDLE), ``polling``, ``failing`` with the last error and
when it tries again, ``ok`` after a one-off round — is in ``lastmile-server mailbox list``.

Several server processes (``--workers``): each mailbox is watched by the one process that
holds its advisory lock (``pg_try_advisory_lock``, taken on the supervisor's own database
connection and held while it watches). A process that dies loses its connection and so
its locks; another one takes the mailbox over at its next look. :func:`fetch_once` (a one-off
round) takes the same lock, so no two ever fetch one mailbox together.

With ``senders=True`` (the running server) each mailbox that has SMTP also gets its
team's sender (server/sender.py), started and stopped the same way; senders need no lock
(they claim their rows with ``SKIP LOCKED``), so every process runs them.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from dataclasses import dataclass, field

from peewee import Database, DatabaseError

from models.imap import IDLE_S, Session, Watch
from server.channels import mail
from server.channels.secrets import SecretError
from server.models import ServerMailbox
from server.sender import Sender

log = logging.getLogger("lastmile.server.mail")

RESCAN_S = 5.0
POLL_S = 30.0


@dataclass
class _Running:
    created_at: int
    watch: Watch
    thread: threading.Thread
    stop: threading.Event = field(default_factory=threading.Event)


class Connectors:
    """Every mailbox of the database watched in a thread of this process (see above)."""

    def __init__(
        self,
        db: Database,
        *,
        poll_seconds: float = POLL_S,
        idle_seconds: float = IDLE_S,
        rescan_seconds: float = RESCAN_S,
        senders: bool = False,
    ) -> None:
        self.db = db
        self.poll_seconds = poll_seconds
        self.idle_seconds = idle_seconds
        self.rescan_seconds = rescan_seconds
        self.with_senders = senders
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self._running: dict[str, _Running] = {}
        self._senders: dict[tuple[str, int], Sender] = {}
        self._refused: set[tuple[str, int]] = set()  # SMTP settings said wrong once

    # -- the running server ----------------------------------------------------------

    def start(self) -> None:
        self._stop.clear()
        self._thread = threading.Thread(target=self._loop, name="lastmile-mailboxes", daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 30.0) -> None:
        self._stop.set()
        for running in list(self._running.values()):
            running.stop.set()
            running.watch.interrupt()
        if self._thread is not None:
            self._thread.join(timeout)
            self._thread = None

    def watching(self) -> list[str]:
        """The mailboxes this process watches now."""
        return sorted(n for n, r in self._running.items() if r.thread.is_alive())

    def _loop(self) -> None:
        try:
            while not self._stop.is_set():
                try:
                    self.rescan()
                except DatabaseError as exc:  # the database restarted: our locks are gone
                    log.warning("mailboxes: the database is not answering (%s)", exc)
                    self._let_all_go(unlock=False)
                    with contextlib.suppress(DatabaseError):
                        self.db.close()
                except Exception:  # a bug: said with its traceback, and tried again
                    log.exception("the mailboxes could not be looked at")
                self._stop.wait(self.rescan_seconds)
        finally:
            self._let_all_go(unlock=True)
            for sender in self._senders.values():
                sender.stop(5)
            self._senders.clear()
            with contextlib.suppress(DatabaseError):
                self.db.close()

    def rescan(self) -> None:
        """One look at the table: start what is new, let go of what is gone. Runs on the
        supervisor's thread, whose database connection holds the locks."""
        self.db.connect(reuse_if_open=True)
        rows = {m.name: m for m in ServerMailbox.select()}
        for name, running in list(self._running.items()):
            row = rows.get(name)
            if row is None or row.created_at != running.created_at or not running.thread.is_alive():
                self._let_go(name, unlock=True)
        for name, row in rows.items():
            if name in self._running or self._stop.is_set():
                continue
            locked = self.db.execute_sql(
                "SELECT pg_try_advisory_lock(%s)", (mail.lock_key(name),)
            ).fetchone()[0]
            if locked:
                self._watch(row)
        if self.with_senders:
            self._keep_senders(list(rows.values()))

    def _let_go(self, name: str, *, unlock: bool) -> None:
        running = self._running.pop(name)
        running.stop.set()
        running.watch.interrupt()
        running.thread.join(5)
        if unlock:
            self.db.execute_sql("SELECT pg_advisory_unlock(%s)", (mail.lock_key(name),))
        log.info("mailbox %s: no longer watched here", name)

    def _let_all_go(self, *, unlock: bool) -> None:
        for name in list(self._running):
            try:
                self._let_go(name, unlock=unlock)
            except DatabaseError:
                unlock = False  # the connection is gone, and its locks with it

    def _watch(self, row: ServerMailbox) -> None:
        name, db = row.name, self.db
        stop = threading.Event()

        def connect() -> Session:
            with db.connection_context():
                fresh = ServerMailbox.get_or_none(ServerMailbox.name == name)
            if fresh is None:
                stop.set()
                raise mail.MailboxError(f"mailbox {name} was removed")
            return mail.open_mailbox(fresh)[0]

        def take_in(session: Session) -> None:
            counts = {"fetched": 0, "accepted": 0, "duplicates": 0, "rejected": 0}
            try:
                with db.connection_context():
                    fresh = ServerMailbox.get_or_none(ServerMailbox.name == name)
                    if fresh is None:
                        stop.set()
                        return
                    mail.take_new(db, session, fresh, counts)
            except DatabaseError as exc:
                raise mail.MailboxError(f"the mail could not be stored: {exc}") from None
            if counts["fetched"]:
                log.info("mailbox %s: %s", name, counts)

        def record(error: str, mode: str, delay: float) -> None:
            try:
                with db.connection_context():
                    if error:
                        mail.record_state(name, "failing", f"{error} (retrying in {delay:.0f} s)")
                    else:
                        mail.record_state(name, mode, "")
            except DatabaseError as exc:
                log.warning("mailbox %s: its state could not be written: %s", name, exc)

        watch = Watch(
            name,
            connect=connect,
            take_in=take_in,
            record=record,
            stop=stop,
            poll_s=self.poll_seconds,
            idle_s=self.idle_seconds,
        )

        def run() -> None:
            try:
                watch.run()
            except Exception:  # a bug: logged; the supervisor starts it again
                log.exception("mailbox %s stopped", name)
            finally:
                db.close()

        thread = threading.Thread(target=run, name=f"lastmile-mailbox-{name}", daemon=True)
        self._running[name] = _Running(row.created_at, watch, thread, stop)
        thread.start()
        log.info("mailbox %s: watched here", name)

    def _keep_senders(self, rows: list[ServerMailbox]) -> None:
        """A sender per mailbox with SMTP, for its team's replies and acknowledgements."""
        wanted = {(r.name, r.created_at): r for r in rows if r.smtp_url}
        for key in [k for k in self._senders if k not in wanted]:
            self._senders.pop(key).stop(5)
        for key, row in wanted.items():
            if key in self._senders or key in self._refused:
                continue
            try:
                config = mail.smtp_config(row)
            except (mail.MailboxError, SecretError, ValueError) as exc:
                log.error("mailbox %s cannot send: %s", row.name, exc)
                self._refused.add(key)
                continue
            if config is not None:
                sender = Sender(self.db, config, spaces=[row.team])
                sender.start()
                self._senders[key] = sender

    # -- one round (tests, tools) ------------------------------------------------------

    def run_once(self) -> dict[str, dict[str, int] | str]:
        """Fetch every mailbox once (each under its lock; one watched by a running
        server process answers ``{"busy": 1}``)."""
        with self.db.connection_context():
            names = [m.name for m in ServerMailbox.select(ServerMailbox.name)]
        done: dict[str, dict[str, int] | str] = {}
        for name in names:
            try:
                done[name] = mail.fetch_once(self.db, name)
            except mail.MailboxError as exc:
                log.warning("mailbox %s: %s", name, exc)
                done[name] = str(exc)
        return done
