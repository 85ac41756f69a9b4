"""Mail in: new messages of an IMAP mailbox become queue items through the one intake.

UID bookkeeping: the mailbox row keeps UIDVALIDITY and the highest UID taken in, written
after the messages' own transaction; a restart, a dropped connection or a server restart
go on from there (a message taken in twice is a duplicate by its Message-ID and changes
nothing). A new UIDVALIDITY (the folder was rebuilt) starts from the beginning, again
without doubles. A message over the size limit is taken in by its headers, with a line
saying what was not downloaded, so one huge attachment never blocks the mailbox; one that
cannot be read is reported by its UID and skipped, never retried forever.

IMAP IDLE is used where the server offers it, polling otherwise: the connection, the new
UIDs and IDLE are models/imap.py's, shared with the sync server's connector.
"""

from __future__ import annotations

import imaplib
import logging
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from desktop import attachments
from desktop.channels import mailbox as boxes
from desktop.channels.mail import mail_attachments, parse_mail
from desktop.intake import Intake, IntakeReport, RecordError
from desktop.training.guard import ensure_live
from models.base import to_ms
from models.imap import MailboxUnavailable, Session, new_uids, open_session, wait
from models.imap import reason as _reason
from models.imap import text as _text
from models.schema import Mailbox

__all__ = ["MailboxUnavailable", "Session", "connect", "fetch", "test", "wait"]

log = logging.getLogger("lastmile.mail")

BATCH = 50
SIZE_LIMIT = 25 * 1024 * 1024  # bigger messages are taken in by their headers


@dataclass
class FetchReport:
    mailbox: str
    new: int = 0
    duplicates: int = 0
    unreadable: list[str] = field(default_factory=list)
    contact_ids: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "mailbox": self.mailbox,
            "new": self.new,
            "duplicates": self.duplicates,
            "unreadable": self.unreadable,
        }


def connect(box: Mailbox, password: str, *, kind: str) -> Session:
    """A logged-in connection with the mailbox's folder selected (read-only: the mail
    stays unread for other mail programs). Never for a training workspace."""
    ensure_live(kind, "fetch mail")
    endpoint = boxes.parse_endpoint(box.imap_url, ("imap", "imaps"))
    return open_session(
        host=endpoint.host,
        port=endpoint.port,
        secure=endpoint.secure,
        user=endpoint.user,
        password=password,
        folder=boxes.folder_of(endpoint),
    )


def fetch(session: Session, box: Mailbox, intake: Intake, *, now: datetime) -> FetchReport:
    """Take in every message after the last UID taken in; the mailbox row is updated."""
    report = FetchReport(box.name)
    imap = session.imap
    try:
        # a server that names no UIDVALIDITY (0) is trusted to keep its UIDs
        validity = session.uidvalidity or box.uidvalidity or 0
        last = box.last_uid if box.uidvalidity == validity else 0
        if box.uidvalidity not in (None, validity):
            log.warning(
                "mailbox %s: UIDVALIDITY changed (%s -> %s): reading it again",
                box.name,
                box.uidvalidity,
                validity,
            )
        uids = new_uids(session, last)
        for start in range(0, len(uids), BATCH):
            batch = uids[start : start + BATCH]
            _take_in(imap, box, batch, intake, report, now)
            Mailbox.update(uidvalidity=validity, last_uid=batch[-1]).where(
                Mailbox.name == box.name
            ).execute()
            box.uidvalidity, box.last_uid = validity, batch[-1]
        if not uids and box.uidvalidity != validity:
            Mailbox.update(uidvalidity=validity, last_uid=last).where(
                Mailbox.name == box.name
            ).execute()
            box.uidvalidity = validity
    except (OSError, imaplib.IMAP4.abort) as exc:
        raise MailboxUnavailable(f"connection lost: {_reason(exc)}") from None
    except imaplib.IMAP4.error as exc:
        raise MailboxUnavailable(f"the server refused: {_reason(exc)}") from None
    return report


def _take_in(
    imap: imaplib.IMAP4,
    box: Mailbox,
    uids: list[int],
    intake: Intake,
    report: FetchReport,
    now: datetime,
) -> None:
    sizes = _sizes(imap, uids)
    # one round trip for the batch (the big ones by their headers only)
    bodies = _messages(imap, [u for u in uids if sizes.get(u, 0) <= SIZE_LIMIT], "BODY.PEEK[]")
    bodies.update(
        _messages(imap, [u for u in uids if sizes.get(u, 0) > SIZE_LIMIT], "BODY.PEEK[HEADER]")
    )
    records: list[tuple[int, Any]] = []
    for uid in uids:
        size = sizes.get(uid, 0)
        big = size > SIZE_LIMIT
        raw = bodies.get(uid)
        if raw is None:
            report.unreadable.append(f"UID {uid}: the server sent no message")
            continue
        try:
            record = parse_mail(raw, fallback_received=now)
        except RecordError as exc:
            report.unreadable.append(f"UID {uid}: {exc}")
            records.append((uid, exc))
            continue
        if record.get("attachments") and not big:
            _keep_attachments(intake, raw, uid, report)
        if big:
            record["body"] = (
                f"[This message of {size / 1_048_576:.1f} MB is larger than the "
                f"mailbox limit of {SIZE_LIMIT // 1_048_576} MB: only its "
                "headers were taken in. Open it in the mail program.]"
            )
        record["skill"] = box.skill
        records.append((uid, record))
    result: IntakeReport = intake.ingest(records, source=f"mailbox {box.name}")
    report.new += result.imported
    report.duplicates += result.duplicates
    report.contact_ids.extend(result.contact_ids)
    for rejected in result.rejected:
        if not any(u.startswith(f"UID {rejected.position}:") for u in report.unreadable):
            report.unreadable.append(f"UID {rejected.position}: {rejected.reason}")
    if result.contact_ids:
        _remember_mailbox(intake, box.name, result.contact_ids)
    Mailbox.update(fetched=Mailbox.fetched + result.imported).where(
        Mailbox.name == box.name
    ).execute()


def _keep_attachments(intake: Intake, raw: bytes, uid: int, report: FetchReport) -> None:
    """The attachments' bytes into the workspace, content-addressed (desktop/attachments.py);
    an oversized one is listed by name and size only, and nothing here blocks the mailbox."""
    folder = attachments.folder_of(intake.db)
    try:
        attachments.keep_all(folder, mail_attachments(raw))
    except (RecordError, OSError) as exc:
        log.warning("mailbox: UID %s: attachments not kept: %s", uid, exc)


def _remember_mailbox(intake: Intake, name: str, contact_ids: list[str]) -> None:
    """Which mailbox a contact came through: its replies leave through the same one."""
    conn = intake.db.connection()
    with intake.db.atomic():
        for start in range(0, len(contact_ids), 900):
            part = contact_ids[start : start + 900]
            marks = ",".join("?" * len(part))
            conn.execute(
                "UPDATE event SET data = json_set(CASE WHEN json_valid(data) THEN data ELSE "
                f"'{{}}' END, '$.mailbox', ?) WHERE kind = 'inbound' AND contact_id IN ({marks})",
                (name, *part),
            )


def _sizes(imap: imaplib.IMAP4, uids: list[int]) -> dict[int, int]:
    kind, data = imap.uid("FETCH", ",".join(map(str, uids)), "(RFC822.SIZE)")
    sizes = {}
    if kind == "OK":
        for item in data:
            line = item[0] if isinstance(item, tuple) else item
            if not isinstance(line, bytes):
                continue
            uid, size = _UID.search(line), _SIZE.search(line)
            if uid and size:
                sizes[int(uid.group(1))] = int(size.group(1))
    return sizes


_UID = re.compile(rb"UID (\d+)")
_SIZE = re.compile(rb"RFC822\.SIZE (\d+)")


def _messages(imap: imaplib.IMAP4, uids: list[int], what: str) -> dict[int, bytes]:
    """The messages of these UIDs in one FETCH, by UID (one the server no longer has is
    missing from the answer)."""
    if not uids:
        return {}
    kind, data = imap.uid("FETCH", ",".join(map(str, uids)), f"(UID {what})")
    found: dict[int, bytes] = {}
    if kind != "OK":
        return found
    for item in data:
        if isinstance(item, tuple) and len(item) == 2 and isinstance(item[1], bytes):
            uid = _UID.search(item[0]) if isinstance(item[0], bytes) else None
            if uid is not None:
                found[int(uid.group(1))] = item[1]
    return found


def test(box: Mailbox, *, kind: str) -> str:
    """One line: can log in, how many messages are new."""
    session = connect(box, boxes.load_password(box.name), kind=kind)
    try:
        validity = session.uidvalidity or box.uidvalidity
        last = box.last_uid if box.uidvalidity == validity else 0
        kind, data = session.imap.uid("SEARCH", f"UID {last + 1}:*")
        new = len([u for u in _text(data).split() if int(u) > last]) if kind == "OK" else 0
        idle = "IDLE" if session.idle else "polling"
        host = boxes.parse_endpoint(box.imap_url, ("imap", "imaps")).host
        return f"{box.name}: signed in to {host}, {new} new message(s), {idle}"
    finally:
        session.close()


def fetch_once(box: Mailbox, intake: Intake, *, kind: str, now: datetime) -> FetchReport:
    """Connect, take in what is new, disconnect; the mailbox row says how it went.
    Raises MailboxUnavailable (recorded as the mailbox's state first)."""
    try:
        session = connect(box, boxes.load_password(box.name), kind=kind)
        try:
            report = fetch(session, box, intake, now=now)
        finally:
            session.close()
    except MailboxUnavailable as exc:
        record_state(box.name, ok=False, error=str(exc), now=now)
        raise
    record_fetch(report, now=now)
    return report


def record_fetch(report: FetchReport, *, now: datetime) -> None:
    """A round that worked: ok, or the last messages it could not read."""
    record_state(
        report.mailbox, ok=not report.unreadable, error="; ".join(report.unreadable[-3:]), now=now
    )


def record_state(name: str, *, ok: bool, error: str, now: datetime) -> None:
    Mailbox.update(
        state="ok" if ok else "failing", last_error=error[:500], checked_at=to_ms(now)
    ).where(Mailbox.name == name).execute()
