"""Inbound mail, the way real mail demands: one message (raw bytes or a parsed message)
turned into an inbound record of DESIGN.md.

- The customer is the mailbox inside the angle brackets, never a display name that
  looks like an address; ``Reply-To`` counts when the sender is a form or notification
  service (so a web-form notification files the real customer).
- The text is the first non-empty plain part, else the HTML made readable; forwarded
  messages show their text; a wrong or unknown charset is decoded by what decodes
  cleanly; a long text is cut with a note, never refused; every string is storable
  (no NUL, no lone surrogates).
- A mail without a usable Date takes its newest Received date, else the date the caller
  knows (mbox envelope, IMAP), else the time of import (the record says so).
- ``auto`` names why a mail must never be answered automatically (bounce, auto-reply,
  list, noreply); a bounce names the Message-ID it bounced and the diagnostic.
- ``new_text`` is a reply without its quoted history; ``body`` keeps everything.

Only what is really not mail is refused (:class:`models.inbound.RecordError`), e.g. an
Outlook .msg file; any other bytes give a record (intake may still reject it, e.g. when
it names no sender).

The record is put together here; the rules live beside it by concern:
:mod:`models.mail.headers` (the sender, automatic mail, Message-IDs and threading, the
date), :mod:`models.mail.parts` (the body, forwarded messages, attachments, bounces) and
:mod:`models.mail.text` (charsets, storable strings, HTML to text, quoted history). They
are tested as one by the corpus and the fuzz test (tests/test_mail.py); import from
``models.mail``.
"""

from __future__ import annotations

import email
import email.policy
import hashlib
import logging
from datetime import datetime
from email.message import Message
from typing import Any

from models.base import iso
from models.inbound import AUTO_REASONS, MAX_HTML, MAX_TEXT, RecordError
from models.mail.headers import (
    MAX_ID,
    _auto,
    _header,
    _headers,
    _message_id,
    _received,
    _sender,
    _threading,
)
from models.mail.parts import MAX_DEPTH, MAX_PARTS, _attachment_parts, _body, _bounce
from models.mail.text import _cap_bytes, _cut, _new_text, _one_line, _storable, html_to_text

log = logging.getLogger("lastmile.mail")

__all__ = [
    "AUTO_REASONS",
    "MAX_DEPTH",
    "MAX_ID",
    "MAX_PARTS",
    "MAX_SUBJECT",
    "UNREADABLE",
    "html_to_text",
    "mail_attachments",
    "parse_mail",
]

MAX_SUBJECT = 1000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
UNREADABLE = "could not read this message"


def parse_mail(
    raw: bytes | Message, *, fallback_received: datetime | None = None
) -> dict[str, Any]:
    """One message as an inbound record (see the module text); raises RecordError only
    for what is not mail."""
    try:
        return _parse(raw, fallback_received)
    except RecordError:
        raise
    except Exception as exc:  # any bytes: a bug here must not stop an import
        log.exception("mail parser failed")
        raise RecordError(f"{UNREADABLE} ({exc.__class__.__name__})") from None


def mail_attachments(msg: bytes | Message) -> list[tuple[dict[str, Any], bytes]]:
    """The attachments of a message as (metadata as in the record, bytes), for storing the
    bytes content-addressed (by ``sha256``). Never executed, never opened here."""
    try:
        message = _message(msg)
        return [(meta, data) for meta, data in _attachment_parts(message)]
    except RecordError:
        raise
    except Exception as exc:
        log.exception("mail attachments failed")
        raise RecordError(f"{UNREADABLE} ({exc.__class__.__name__})") from None


def _message(raw: bytes | Message) -> Message:
    if isinstance(raw, Message):
        return raw
    if not isinstance(raw, bytes | bytearray | memoryview):
        raise RecordError("not a mail message (expected bytes)")
    data = bytes(raw)
    if data.startswith(OLE2_MAGIC):
        raise RecordError("an Outlook .msg file, not a MIME message: save it as .eml")
    if not data.strip():
        raise RecordError("an empty file, not a mail message")
    return email.message_from_bytes(data, policy=email.policy.compat32)


def _parse(raw: bytes | Message, fallback: datetime | None) -> dict[str, Any]:
    message = _message(raw)
    headers = _headers(message)
    if not headers:
        raise RecordError("not a mail message: no mail headers found")
    body_text, html = _body(message, 0)
    name, address = _sender(headers)
    auto = _auto(message, headers, address)
    received, note = _received(headers, fallback)
    in_reply_to, references = _threading(headers)
    subject = _one_line(_header(headers, "subject"))
    record: dict[str, Any] = {
        "type": "contact",
        "channel": "email",
        "external_id": _message_id(headers) or _raw_fingerprint(raw, message),
        "received_at": iso(received),
        "from": {"name": name, "email": address},
        "subject": _cut(subject, MAX_SUBJECT, note=False),
        "body": _cut(body_text, MAX_TEXT),
        "in_reply_to": in_reply_to,
        "references": references,
        "auto": auto,
    }
    if note:
        record["received_note"] = note
    new_text = _new_text(body_text)
    if new_text != body_text:
        record["new_text"] = _cut(new_text, MAX_TEXT)
    if html:
        record["html"] = _cap_bytes(html, MAX_HTML)
    attachments = [meta for meta, _ in _attachment_parts(message)]
    if attachments:
        record["attachments"] = attachments
    if auto == "bounce":
        bounce_of, reason = _bounce(message, body_text)
        if bounce_of:
            record["bounce_of"] = bounce_of
        if reason:
            record["bounce_reason"] = _cut(reason, 2000, note=False)
    return {key: _storable(value) for key, value in record.items()}


def _raw_fingerprint(raw: bytes | Message, message: Message) -> str:
    """No Message-ID: the same bytes give the same id, two different mails differ."""
    if isinstance(raw, bytes | bytearray | memoryview):
        data = bytes(raw)
    else:
        try:
            data = message.as_bytes(policy=email.policy.compat32)
        except Exception:  # a message built in code that cannot be serialised
            data = repr(_headers(message)).encode("utf-8", "surrogatepass")
    return f"sha1:{hashlib.sha1(data).hexdigest()}"
