"""IMAP in, shared by the desktop's connector (desktop/channels/imap.py, bookkeeping in
SQLite) and the sync server's (server/channels/mail.py, bookkeeping in PostgreSQL): the
connection, the new UIDs, IMAP IDLE, and :class:`Watch`, the loop that keeps one mailbox
in view.

A :class:`Watch` connects, takes in what is new, then waits — IMAP IDLE (RFC 2177) where
the server offers it, a poll otherwise — and takes in again, on the same connection, until
it breaks; then it backs off (models/backoff.py) and connects again. What "take in" means
(which table keeps UIDVALIDITY and the last UID, which intake stores the mail) is the
caller's; so is how a failure is recorded (the mailbox's state and last error). Each
mailbox has its own Watch in its own thread, so one that fails or hangs never blocks the
others.

No database and no Qt here: only the standard library's imaplib, select and ssl.
"""

from __future__ import annotations

import contextlib
import imaplib
import logging
import os
import select
import socket
import ssl
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from models.backoff import Backoff
from models.errors import UserFacingError

log = logging.getLogger("lastmile.mail")

TIMEOUT_S = 30  # a mail server that says nothing for this long is given up on (and retried)
ENV_TIMEOUT = "LASTMILE_MAIL_TIMEOUT"
POLL_S = 60.0  # without IDLE; new mail is in the queue within a minute either way
IDLE_S = 55.0  # re-check at least this often even with IDLE (a missed wake-up is harmless)
_TLS: ssl.SSLContext | None = None


class MailboxUnavailable(UserFacingError):  # noqa: N818 - says what it is, like SyncUnavailable
    """The mail server cannot be reached or refuses the login: retried with backoff."""


def tls() -> ssl.SSLContext:
    global _TLS
    if _TLS is None:
        _TLS = ssl.create_default_context()
    return _TLS


@dataclass(eq=False)  # one connection is one object (kept in sets)
class Session:
    """A logged-in connection with the folder selected, and the folder's UIDVALIDITY as
    SELECT said it (imaplib hands that out only once)."""

    imap: imaplib.IMAP4
    uidvalidity: int

    @property
    def sock(self) -> socket.socket:
        return self.imap.sock

    @property
    def idle(self) -> bool:
        return "IDLE" in self.imap.capabilities

    def close(self) -> None:
        close(self.imap)

    def interrupt(self) -> None:
        """From another thread: end a wait (IDLE or a read) at once; the session breaks."""
        with contextlib.suppress(OSError, AttributeError):
            self.sock.shutdown(socket.SHUT_RDWR)


def open_session(
    *,
    host: str,
    port: int,
    secure: bool,
    user: str,
    password: str,
    folder: str,
    where: str = "",
) -> Session:
    """Connect, log in and select ``folder`` read-only (the mail stays unread for other
    mail programs). ``where`` names the server in the messages (default host:port)."""
    where = where or f"{host}:{port}"
    timeout = float(os.environ.get(ENV_TIMEOUT) or TIMEOUT_S)
    try:
        imap: imaplib.IMAP4
        if secure:
            imap = imaplib.IMAP4_SSL(host, port, ssl_context=tls(), timeout=timeout)
        else:
            imap = imaplib.IMAP4(host, port, timeout=timeout)
    except (OSError, imaplib.IMAP4.error) as exc:
        raise MailboxUnavailable(f"cannot reach {where}: {reason(exc)}") from None
    try:
        imap.login(user, password)
    except (OSError, imaplib.IMAP4.error) as exc:
        close(imap)
        raise MailboxUnavailable(f"{where} refused the login of {user}: {reason(exc)}") from None
    try:
        kind, data = imap.select(quote(folder), readonly=True)
        if kind != "OK":
            raise MailboxUnavailable(f"no folder {folder!r}: {text(data)}")
    except imaplib.IMAP4.error as exc:
        close(imap)
        raise MailboxUnavailable(f"no folder {folder!r}: {reason(exc)}") from None
    except OSError as exc:
        close(imap)
        raise MailboxUnavailable(f"connection to {where} lost: {reason(exc)}") from None
    except MailboxUnavailable:
        close(imap)
        raise
    return Session(imap, int(text(imap.response("UIDVALIDITY")[1]) or 0))


def new_uids(session: Session, after: int) -> list[int]:
    """The UIDs above ``after``, ascending."""
    kind, data = session.imap.uid("SEARCH", f"UID {after + 1}:*")
    if kind != "OK":
        raise MailboxUnavailable(f"the server refused to list new mail: {text(data)}")
    # "n:*" always names the newest message, even when its UID is below n
    return sorted(u for u in (int(x) for x in text(data).split()) if u > after)


def wait(session: Session, seconds: float) -> bool:
    """IMAP IDLE (RFC 2177) for at most ``seconds``: True when the server said something
    (new mail, most likely). imaplib of Python 3.11 has no IDLE, so it is spoken here;
    the socket is watched with select so that a quiet mailbox costs no CPU and the
    connection stays usable afterwards."""
    imap = session.imap
    tag: bytes = imap._new_tag()  # imaplib's own tag counter
    try:
        imap.send(tag + b" IDLE\r\n")
        first = imap.readline()
        if not first.startswith(b"+"):
            raise MailboxUnavailable(f"the server refused IDLE: {first.decode(errors='replace')}")
        sock = imap.sock
        pending = sock.pending() if isinstance(sock, ssl.SSLSocket) else 0
        # "* N EXISTS" may have come in the same packet as "+ idling": then it is in
        # imaplib's read buffer already, where select cannot see it
        ready = bool(pending) or _buffered(imap)
        ready = ready or bool(select.select([sock], [], [], seconds)[0])
        imap.send(b"DONE\r\n")
        while True:
            line = imap.readline()
            if not line:
                raise MailboxUnavailable("the server closed the connection")
            if line.startswith(tag):
                return ready
    except (OSError, ValueError, imaplib.IMAP4.abort) as exc:
        raise MailboxUnavailable(f"connection lost while waiting: {reason(exc)}") from None


def news(session: Session) -> bool:
    """Did the server say, during the last commands, that mail arrived (an untagged
    EXISTS or RECENT that imaplib kept)? Taken off, so each is acted on once. Mail that
    arrives between the search for new UIDs and the next IDLE is announced this way, and
    an IDLE started after it would not be told again."""
    said = False
    for key in ("EXISTS", "RECENT"):
        if session.imap.untagged_responses.pop(key, None):
            said = True
    return said


def _buffered(imap: imaplib.IMAP4) -> bool:
    """Bytes already read from the socket but not yet handed out by imaplib's reader."""
    sock = imap.sock
    before = sock.gettimeout()
    try:
        sock.settimeout(0.0)  # peek must not wait for the network
        reader: Any = imap.file  # a BufferedReader (socket.makefile('rb'))
        return bool(reader.peek(1))
    except (OSError, ValueError):  # nothing there (would block), or SSL wants more
        return False
    finally:
        with contextlib.suppress(OSError):
            sock.settimeout(before)


class Watch:
    """One mailbox kept in view until ``stop`` is set or ``wanted()`` says no more.

    ``connect()`` opens a :class:`Session`; ``take_in(session)`` takes in what is new and
    records it (called after connecting and after each wait); ``record(error, delay)``
    says how the mailbox stands (``error`` "" while connected: ``mode`` says how it waits;
    else the reason and the seconds until the next attempt). Errors the user can act on
    (:class:`~models.errors.UserFacingError`, OSError, imaplib's) end the session and are
    retried with backoff; anything else is a bug and ends the thread (logged by its
    caller)."""

    def __init__(
        self,
        name: str,
        *,
        connect: Callable[[], Session],
        take_in: Callable[[Session], Any],
        record: Callable[[str, str, float], None],
        stop: threading.Event,
        wanted: Callable[[], bool] = lambda: True,
        poll_s: float = POLL_S,
        idle_s: float = IDLE_S,
        backoff: Backoff | None = None,
        after_round: Callable[[], object] = lambda: None,
    ) -> None:
        self.name = name
        self.connect, self.take_in, self.record = connect, take_in, record
        self.stop, self.wanted = stop, wanted
        self.poll_s, self.idle_s = poll_s, idle_s
        self.backoff = backoff or Backoff(interval=poll_s, maximum=900)
        self.after_round = after_round  # e.g. give the thread's database connection back
        self.session: Session | None = None
        self.mode = ""  # "idle" or "polling" while connected

    def run(self) -> None:
        while not self.stop.is_set() and self.wanted():
            delay = self.once()
            self.after_round()
            if delay:
                self.stop.wait(delay)

    def interrupt(self) -> None:
        """From another thread (stopping, the mailbox was removed): end the wait now."""
        session = self.session
        if session is not None:
            session.interrupt()

    def once(self) -> float:
        """One connection: take in, then wait (IDLE or poll) and take in again until it
        breaks; returns how long to wait before connecting again (0: do not)."""
        session = None
        try:
            session = self.connect()
            self.session = session
            self.mode = "idle" if session.idle else "polling"
            while not self.stop.is_set():
                news(session)  # what the round below takes in anyway
                self.take_in(session)
                self.backoff.succeeded()
                self.record("", self.mode, 0.0)
                self.after_round()
                if self.stop.is_set() or not self.wanted():
                    return 0.0
                if news(session):
                    continue  # mail came during the round: at once, not after the wait
                if session.idle:
                    wait(session, self.idle_s)
                else:
                    self.stop.wait(self.poll_s)
                if self.stop.is_set() or not self.wanted():
                    return 0.0
            return 0.0
        except (UserFacingError, OSError, imaplib.IMAP4.error) as exc:
            if self.stop.is_set():
                return 0.0  # interrupted on purpose
            if isinstance(exc, UserFacingError):
                said = str(exc)
            elif isinstance(exc, imaplib.IMAP4.abort | OSError):
                said = f"connection lost: {reason(exc)}"
            else:
                said = f"the server refused: {reason(exc)}"
            delay = self.backoff.failed()
            self.mode = ""
            self.record(said, "", delay)
            log.warning("mailbox %s: %s (retrying in %.0f s)", self.name, said, delay)
            return delay
        finally:
            self.session = None
            if session is not None:
                session.close()


def close(imap: imaplib.IMAP4) -> None:
    try:
        imap.logout()
    except (OSError, ValueError, imaplib.IMAP4.error):
        # a broken connection: logout did not get to close the socket
        with contextlib.suppress(OSError, ValueError):
            imap.shutdown()


def quote(folder: str) -> str:
    return '"' + folder.replace("\\", "\\\\").replace('"', '\\"') + '"'


def text(data: Any) -> str:
    if isinstance(data, list):
        data = b" ".join(d for d in data if isinstance(d, bytes))
    if isinstance(data, bytes):
        return data.decode("utf-8", errors="replace")
    return "" if data is None else str(data)


def reason(exc: BaseException) -> str:
    if isinstance(exc, socket.timeout):
        return "no answer (timed out)"
    if isinstance(exc, ConnectionRefusedError):
        return "connection refused (is the mail server running?)"
    said = exc.args[0] if exc.args else exc
    if isinstance(said, bytes):
        said = said.decode("utf-8", errors="replace")
    return str(said) or exc.__class__.__name__
