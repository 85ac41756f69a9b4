"""Mailboxes the sync server runs: IMAP in, the mailbox's SMTP out.

``lastmile-server mailbox add NAME --team T --imap imaps://user@host[:port]/INBOX
[--smtp smtps://user@host[:port]] [--skill S] [--address A]`` keeps the settings in
PostgreSQL and the password sealed (server/channels/secrets.py: AES-GCM under a key file
outside the database). The running server picks a mailbox added or removed this way up
within seconds (server/channels/connectors.py: IMAP IDLE where offered, polling
otherwise, one thread per mailbox, an advisory lock per mailbox so that one server
process watches it and no two fetch together).

Nothing twice, nothing skipped: the mailbox's UIDVALIDITY and last UID are written in the
same transaction as the contacts of the batch they cover, so a crash, a dropped connection
or a restart starts again after the last stored mail. A new UIDVALIDITY (the folder was
rebuilt) fetches the folder again; (channel, Message-ID) dedupes what was stored before.
The mail becomes contacts through the server's intake (:func:`server.intake.receive`):
desktops get it by sync, acknowledged once; a desktop signed in to a server runs no
connector of its own (desktop/channels/mailbox.py ``runs_here``), so never both.

The IMAP conversation itself (connect, new UIDs, IDLE, the reconnect loop) is
models/imap.py's, shared with the desktop's connector (desktop/channels/imap.py).
"""

from __future__ import annotations

import hashlib
import imaplib
import logging
import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from peewee import Database

from models.errors import UserFacingError
from models.imap import MailboxUnavailable, Session, new_uids, open_session
from models.inbound import RecordError
from models.mail import parse_mail
from server import attachments, store
from server.channels import secrets as sealed
from server.intake import Outcome, receive
from server.models import ServerMailbox
from server.sender import SmtpConfig

log = logging.getLogger("lastmile.server.mail")

NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
PORTS = {"imap": 143, "imaps": 993, "smtp": 25, "smtps": 465}
BATCH = 50


class MailboxError(UserFacingError):
    """Said to the admin in one line: bad settings, cannot log in, server unreachable."""


@dataclass(frozen=True)
class Endpoint:
    scheme: str
    user: str
    host: str
    port: int
    folder: str

    def __str__(self) -> str:
        user = f"{self.user}@" if self.user else ""
        return f"{self.scheme}://{user}{self.host}:{self.port}"


def endpoint(url: str, kinds: tuple[str, ...], *, user_needed: bool = True) -> Endpoint:
    scheme, sep, rest = url.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in kinds:
        raise MailboxError(
            f"{url!r}: expected {' or '.join(k + '://' for k in kinds)}user@host[:port]"
        )
    authority, _, path = rest.partition("/")
    user, _, hostport = authority.rpartition("@")
    if (user_needed and not user) or not hostport:
        raise MailboxError(
            f"{url!r}: say the login and the host, e.g. {scheme}://support@mail.example.com"
        )
    host, colon, port_text = hostport.partition(":")
    if colon and (not port_text.isdigit() or not 0 < int(port_text) < 65536):
        raise MailboxError(f"{url!r}: the port must be a number from 1 to 65535")
    return Endpoint(
        scheme,
        unquote(user),
        host.lower(),
        int(port_text) if colon else PORTS[scheme],
        unquote(path) or "INBOX",
    )


def add_mailbox(
    db: Database,
    name: str,
    *,
    team: str,
    imap: str,
    password: str,
    smtp: str = "",
    skill: str = "general",
    address: str = "",
) -> None:
    if not NAME.match(name):
        raise MailboxError(f"{name!r}: a mailbox name is letters, digits, '.', '_' or '-'")
    if not team.strip() or len(team) > 64:
        raise MailboxError("a team name is 1-64 characters")
    incoming = endpoint(imap, ("imap", "imaps"))
    if smtp:
        endpoint(smtp, ("smtp", "smtps"), user_needed=False)
        if not address and "@" not in incoming.user:
            raise MailboxError("give --address: the From of the replies sent through it")
    if not password:
        raise MailboxError("the mailbox needs its password (from the prompt or stdin)")
    with db.atomic():
        if ServerMailbox.get_or_none(ServerMailbox.name == name) is not None:
            raise MailboxError(f"there is already a mailbox {name!r} (remove it first)")
        ServerMailbox.create(
            name=name,
            team=team,
            imap_url=imap,
            smtp_url=smtp,
            skill=(skill or "general").strip().lower()[:100],
            address=address,
            password_sealed=sealed.seal(password),
            created_at=store.now_ms(),
        )


def remove_mailbox(db: Database, name: str) -> None:
    if ServerMailbox.delete().where(ServerMailbox.name == name).execute() == 0:
        raise MailboxError(f"no mailbox {name!r}")


def list_mailboxes() -> list[dict[str, Any]]:
    return [
        {
            "name": m.name,
            "team": m.team,
            "imap": m.imap_url,
            "smtp": m.smtp_url,
            "skill": m.skill,
            "address": m.address,
            "state": m.state,
            "last_error": m.last_error,
            "last_fetch_at": m.last_fetch_at,
            "fetched": m.fetched,
        }
        for m in ServerMailbox.select().order_by(ServerMailbox.team, ServerMailbox.name)
    ]


def _get(name: str) -> ServerMailbox:
    row = ServerMailbox.get_or_none(ServerMailbox.name == name)
    if row is None:
        raise MailboxError(f"no mailbox {name!r}")
    return row


def open_mailbox(row: ServerMailbox) -> tuple[Session, Endpoint]:
    """A logged-in session with the mailbox's folder selected (read-only)."""
    where = endpoint(row.imap_url, ("imap", "imaps"))
    try:
        password = sealed.unseal(row.password_sealed)
    except sealed.SecretError as exc:
        raise MailboxError(str(exc)) from None
    try:
        session = open_session(
            host=where.host,
            port=where.port,
            secure=where.scheme == "imaps",
            user=where.user,
            password=password,
            folder=where.folder,
            where=str(where),
        )
    except MailboxUnavailable as exc:
        raise MailboxError(str(exc)) from None
    return session, where


def test_mailbox(name: str) -> str:
    """One line: can log in, how many new mails."""
    row = _get(name)
    session, where = open_mailbox(row)
    try:
        after = row.last_uid if row.uidvalidity == session.uidvalidity else 0
        count = len(new_uids(session, after))
        waits = "IDLE" if session.idle else "polling"
    except MailboxUnavailable as exc:
        raise MailboxError(str(exc)) from None
    finally:
        session.close()
    return f"{name}: logged in to {where} as {where.user}; {count} new mail(s); {waits}"


def lock_key(name: str) -> int:
    return int.from_bytes(
        hashlib.sha256(f"mailbox:{name}".encode()).digest()[:8], "big", signed=True
    )


def fetch_once(db: Database, name: str) -> dict[str, int]:
    """Fetch what is new in one mailbox into its team's queue; returns the counts. Another
    process fetching it now: nothing is done ({"busy": 1})."""
    counts = {"fetched": 0, "accepted": 0, "duplicates": 0, "rejected": 0}
    with db.connection_context():
        if not db.execute_sql("SELECT pg_try_advisory_lock(%s)", (lock_key(name),)).fetchone()[0]:
            return {"busy": 1}
        try:
            _fetch(db, _get(name), counts)
        except MailboxError as exc:
            record_state(name, "failing", str(exc))
            raise
        except (OSError, imaplib.IMAP4.error) as exc:  # (a timeout is an OSError)
            reason = f"the connection broke: {exc}"
            record_state(name, "failing", reason)
            raise MailboxError(f"{name}: {reason}") from None
        finally:
            db.execute_sql("SELECT pg_advisory_unlock(%s)", (lock_key(name),))
    return counts


def record_state(name: str, state: str, error: str) -> None:
    ServerMailbox.update(state=state, last_error=error[:1000], last_fetch_at=store.now_ms()).where(
        ServerMailbox.name == name
    ).execute()


def _fetch(db: Database, row: ServerMailbox, counts: dict[str, int]) -> None:
    session, _where = open_mailbox(row)
    try:
        take_new(db, session, row, counts)
    finally:
        session.close()


def take_new(db: Database, session: Session, row: ServerMailbox, counts: dict[str, int]) -> None:
    """Take in every mail after the last UID taken in, in batches: the contacts and the
    UID that covers them in one transaction (``row`` is read fresh by the caller)."""
    imap = session.imap
    uidvalidity = session.uidvalidity
    after = row.last_uid if row.uidvalidity == uidvalidity else 0
    if row.uidvalidity != uidvalidity:
        ServerMailbox.update(uidvalidity=uidvalidity, last_uid=0).where(
            ServerMailbox.name == row.name
        ).execute()
    try:
        uids = new_uids(session, after)
    except MailboxUnavailable as exc:
        raise MailboxError(str(exc)) from None
    for start in range(0, len(uids), BATCH):
        batch = uids[start : start + BATCH]
        kind, data = imap.uid("FETCH", ",".join(map(str, batch)), "(UID BODY.PEEK[])")
        if kind != "OK":
            raise MailboxError(f"the server refused to send mail {batch[0]}: {data!r}")
        _take_batch(db, row, batch, data, counts)
    if not uids:
        record_state(row.name, "ok", "")


def _take_batch(
    db: Database, row: ServerMailbox, batch: list[int], data: list[Any], counts: dict[str, int]
) -> None:
    records: list[tuple[int, Any]] = []
    raws: list[bytes] = []  # mails with attachments: their bytes kept for the team
    outcome = Outcome()
    for part in data:
        if not isinstance(part, tuple):
            continue
        found = re.search(rb"UID (\d+)", part[0])
        uid = int(found.group(1)) if found else 0
        try:
            record = parse_mail(part[1])
        except RecordError as exc:  # not mail: said, and the mailbox goes on
            outcome.reject(uid, str(exc))
            continue
        if row.skill and row.skill != "general":
            record["skill"] = row.skill
        if record.get("attachments"):
            raws.append(part[1])
        records.append((uid, record))
    with db.atomic():  # the contacts and the UID that covers them, together
        for raw in raws:
            attachments.keep_mail(row.team, raw)
        receive(db, row.team, records, outcome, source=f"mailbox:{row.name}")
        ServerMailbox.update(
            last_uid=max(batch),
            fetched=ServerMailbox.fetched + len(batch),
            state="ok",
            last_error="",
            last_fetch_at=store.now_ms(),
        ).where(ServerMailbox.name == row.name).execute()
    for rejected in outcome.rejected:
        log.warning(
            "mailbox %s: mail %s not taken: %s",
            row.name,
            rejected["position"],
            rejected["reason"],
        )
    counts["fetched"] += len(batch)
    counts["accepted"] += len(outcome.accepted)
    counts["duplicates"] += outcome.duplicates
    counts["rejected"] += len(outcome.rejected)


def smtp_config(row: ServerMailbox) -> SmtpConfig | None:
    """How replies of this mailbox's team leave: its SMTP, from its address."""
    if not row.smtp_url:
        return None
    where = endpoint(row.smtp_url, ("smtp", "smtps"), user_needed=False)
    incoming = endpoint(row.imap_url, ("imap", "imaps"))
    password = sealed.unseal(row.password_sealed) if where.user else ""
    security = "ssl" if where.scheme == "smtps" else ("starttls" if where.user else "none")
    return SmtpConfig(
        host=where.host,
        port=where.port,
        user=where.user,
        password=password,
        from_addr=row.address or incoming.user,
        security=security,
    )
