"""MIME parts: the body (the first non-empty plain part, else the HTML made readable;
forwarded messages' text), attachments (metadata and bytes) and a bounce's original
Message-ID and diagnostic. Bounded walks (``MAX_PARTS``, ``MAX_DEPTH``). Part of
:mod:`models.mail`."""

from __future__ import annotations

import email
import email.policy
import hashlib
import re
from email.message import Message
from typing import Any

from models.mail.headers import _header, _headers, _message_id
from models.mail.text import (
    _decode,
    _decode_words,
    _fix_8bit,
    _one_line,
    _storable_text,
    html_to_text,
)

MAX_PARTS = 500
MAX_DEPTH = 30
_SMTP_CODE = re.compile(r"\b[245]\d\d[ -]\d\.\d{1,3}\.\d{1,3}\b.*|\b5\d\d\s+\S.*")


def _payload(part: Message) -> bytes:
    try:
        data = part.get_payload(decode=True)
    except Exception:  # broken transfer encoding
        data = None
    if isinstance(data, bytes):
        return data
    try:
        raw = part.get_payload()
    except Exception:  # the stdlib decodes 8-bit text by its declared charset here
        return b""
    if isinstance(raw, str):
        return raw.encode("utf-8", "surrogateescape")
    return b""


def _part_text(part: Message) -> str:
    charset = None
    try:
        charset = part.get_content_charset()
    except Exception:
        charset = None
    text = _decode(_payload(part), charset)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _is_attachment(part: Message) -> bool:
    disposition = str(part.get("Content-Disposition", "") or "").split(";")[0].strip().lower()
    if disposition == "attachment":
        return True
    try:
        has_name = bool(part.get_filename())
    except Exception:
        has_name = False
    ctype = part.get_content_type()
    if ctype.startswith("text/") and not has_name:
        return False
    return not ctype.startswith(("multipart/", "message/")) or has_name


def _children(part: Message) -> list[Message]:
    if not part.is_multipart():
        return []  # get_payload() of a text part decodes it, by a charset that may be bad
    payload = part.get_payload()
    if isinstance(payload, list):
        return [p for p in payload if isinstance(p, Message)][:MAX_PARTS]
    return []


def _body(part: Message, depth: int) -> tuple[str, str]:
    """(readable text, first HTML) of a message or part."""
    if depth > MAX_DEPTH:
        return "", ""
    ctype = part.get_content_type()
    if ctype == "message/rfc822":
        inner = _children(part)
        return (_forwarded(inner[0], depth + 1), "") if inner else ("", "")
    if part.is_multipart() or ctype.startswith("multipart/"):
        children = _children(part)
        if ctype == "multipart/alternative":
            texts = [_body(c, depth + 1) for c in children]
            html = next((h for _, h in texts if h), "")
            plain = [
                t
                for c, (t, _) in zip(children, texts, strict=False)
                if c.get_content_type() == "text/plain" and t.strip()
            ]
            any_text = [t for t, _ in texts if t.strip()]
            return (plain[0] if plain else any_text[-1] if any_text else ""), html
        if ctype == "multipart/report":
            children = children[:1]  # the human-readable part; the rest is for machines
        found: list[str] = []
        first_html = ""
        for child in children:
            if _is_attachment(child) and child.get_content_type() != "message/rfc822":
                continue
            text, child_html = _body(child, depth + 1)
            first_html = first_html or child_html
            if text.strip():
                found.append(text.strip("\n"))
        return "\n\n".join(found), first_html
    if _is_attachment(part):
        return "", ""
    if ctype == "text/html":
        source = _part_text(part)
        return html_to_text(source), source
    if ctype.startswith("text/") and ctype != "text/rfc822-headers":
        return _part_text(part), ""
    return "", ""


def _forwarded(inner: Message, depth: int) -> str:
    headers = _headers(inner)
    text, _ = _body(inner, depth)
    lines = ["---------- Forwarded message ----------"]
    for name in ("from", "date", "subject", "to"):
        value = _one_line(_header(headers, name))
        if value:
            lines.append(f"{name.capitalize()}: {value}")
    return "\n".join(lines) + "\n\n" + text


def _bounce(message: Message, body: str) -> tuple[str, str]:
    """(Message-ID of the bounced message, diagnostic) as far as they can be found."""
    bounce_of, reason = "", ""
    for part in _walk(message):
        ctype = part.get_content_type()
        if ctype == "message/delivery-status" and not reason:
            reason = _diagnostic(part)
        elif ctype in ("message/rfc822", "text/rfc822-headers") and not bounce_of:
            if ctype == "message/rfc822":
                inner = _children(part)
                headers = _headers(inner[0]) if inner else []
            else:
                parsed = email.message_from_bytes(_payload(part), policy=email.policy.compat32)
                headers = _headers(parsed)
            bounce_of = _message_id(headers)
    if not bounce_of:
        match = re.search(r"^\s*Message-ID:\s*(<[^<>\s]+>)", body, re.I | re.M)
        bounce_of = match.group(1) if match else ""
    if not reason:
        match = _SMTP_CODE.search(body)
        reason = _one_line(match.group(0)) if match else ""
    return bounce_of, reason


def _diagnostic(part: Message) -> str:
    blocks = _children(part)
    if not blocks:  # some senders put the fields in a text payload
        blocks = [
            email.message_from_bytes(
                _payload(part).replace(b"\n\n", b"\n"), policy=email.policy.compat32
            )
        ]
    status = ""
    for block in blocks:
        for key, value in _headers(block):
            if key == "diagnostic-code":
                text = _one_line(_decode_words(value))
                return text.split(";", 1)[1].strip() if ";" in text else text
            if key == "status" and not status:
                status = _one_line(value)
    return f"status {status}" if status else ""


def _walk(message: Message) -> list[Message]:
    """Every part, depth-first, without recursion and within limits."""
    out: list[Message] = []
    stack: list[tuple[Message, int]] = [(message, 0)]
    while stack and len(out) < MAX_PARTS:
        part, depth = stack.pop()
        out.append(part)
        if depth < MAX_DEPTH:
            stack.extend((c, depth + 1) for c in reversed(_children(part)))
    return out


def _attachment_parts(message: Message) -> list[tuple[dict[str, Any], bytes]]:
    out: list[tuple[dict[str, Any], bytes]] = []
    report = message.get_content_type() == "multipart/report"
    for part in _walk(message)[1:]:
        ctype = part.get_content_type()
        if ctype.startswith(("multipart/", "message/")) or ctype == "text/rfc822-headers":
            continue
        if report and ctype.startswith("message/"):
            continue
        if not _is_attachment(part):
            continue
        data = _payload(part)
        out.append(
            (
                {
                    "name": _file_name(part, len(out) + 1),
                    "type": ctype[:255],
                    "size": len(data),
                    "sha256": hashlib.sha256(data).hexdigest(),
                },
                data,
            )
        )
    return out


def _file_name(part: Message, number: int) -> str:
    try:
        name = part.get_filename() or ""
    except Exception:
        name = ""
    if not isinstance(name, str):
        name = str(name)
    name = _decode_words(_fix_8bit(name))
    name = re.split(r"[/\\]", name)[-1]  # a name, never a path
    name = re.sub(r"[\x00-\x1f]", "_", name).strip().lstrip(".")
    return _storable_text(name)[:255] or f"attachment-{number}"
