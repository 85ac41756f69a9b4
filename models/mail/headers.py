"""Mail headers: the header list, the sender (the mailbox in the angle brackets; Reply-To
for a form or notification service), why a mail is automatic (bounce, auto-reply, list,
noreply), Message-IDs and threading, and the date received. Part of :mod:`models.mail`."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime

from models.inbound import MAX_REFERENCES
from models.mail.text import _decode_words, _fix_8bit, _one_line

MAX_ID = 998  # RFC 5322 line length; intake allows 1000
_NOREPLY = re.compile(r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply)([+-].*)?$", re.I)
_SERVICE = re.compile(
    r"^(no[-_.]?reply|do[-_.]?not[-_.]?reply|notifications?|forms?|web[-_.]?forms?|"
    r"wordpress|contact[-_.]?form|mailer|bounces?\+?|website)([+-].*)?$",
    re.I,
)
_FORM_MAILERS = re.compile(
    r"wpforms|contact form 7|gravity ?forms|ninja ?forms|formidable|jotform|typeform|"
    r"wufoo|formstack|elementor|cognito ?forms|123formbuilder|google forms",
    re.I,
)
_BOUNCE_SENDER = re.compile(r"^(mailer-daemon|postmaster)$", re.I)
_AUTO_SUBJECT = re.compile(
    r"^\s*(out of (the )?office|automatic reply|auto[- ]?reply|autoreply|auto:|"
    r"abwesenheitsnotiz|automatische antwort|r[ée]ponse automatique|absence)",
    re.I,
)
_MSGID = re.compile(r"<([^<>\s]{1,996})>")
_TOKENS = re.compile(r"[\s<>(),;\"]+")
MAX_HEADER = 65_536  # longer header values are cut (no real one comes near)


def _headers(message: Message) -> list[tuple[str, str]]:
    """(lower-case name, text) for every header, 8-bit bytes decoded, encoded words not."""
    out: list[tuple[str, str]] = []
    for name, value in message.raw_items():
        text = str(value)[:MAX_HEADER]
        out.append((_fix_8bit(str(name)[:200]).strip().lower(), _fix_8bit(text)))
    return out


def _header(headers: list[tuple[str, str]], name: str) -> str:
    for key, value in headers:
        if key == name:
            return _decode_words(value)
    return ""


def _raw_header(headers: list[tuple[str, str]], name: str) -> str:
    for key, value in headers:
        if key == name:
            return value
    return ""


def _all(headers: list[tuple[str, str]], name: str) -> list[str]:
    return [value for key, value in headers if key == name]


def _addresses(value: str) -> list[tuple[str, str]]:
    """(name, mailbox) pairs: the mailbox is what is inside the angle brackets."""
    try:
        pairs = [(n, a) for n, a in getaddresses([value]) if "@" in a]
    except Exception:  # the stdlib parser on hostile input
        pairs = []
    if not pairs:
        brackets = re.findall(r"<\s*([^<>\s@]{1,256}@[^<>\s]{1,256}?)\s*>", value)
        if brackets:
            name = value[: value.rfind("<")].strip().strip('"').strip()
            pairs = [(name, brackets[-1])]
        else:
            bare = _bare_ids(value)
            pairs = [("", bare[0])] if bare else []
    out = []
    for name, address in pairs:
        name = _one_line(_decode_words(name)).strip('"').strip()
        if "@" in name and " " not in name and name.lower() != address.lower():
            name = ""  # a display name that looks like an address is not who wrote
        out.append((name, address.strip()))
    return out


def _sender(headers: list[tuple[str, str]]) -> tuple[str, str]:
    found = _addresses(_raw_header(headers, "from")) or _addresses(_raw_header(headers, "sender"))
    name, address = found[0] if found else ("", "")
    if _is_service(address, headers):
        reply_to = _addresses(_raw_header(headers, "reply-to"))
        if reply_to and reply_to[0][1].lower() != address.lower():
            return reply_to[0]
    return name, address


def _local(address: str) -> str:
    return address.rsplit("@", 1)[0].strip().lower() if "@" in address else ""


def _is_service(address: str, headers: list[tuple[str, str]]) -> bool:
    if _SERVICE.match(_local(address)):
        return True
    mailer = _header(headers, "x-mailer") + " " + _header(headers, "x-generator")
    return bool(_FORM_MAILERS.search(mailer)) or any(
        k.startswith(("x-wpcf7", "x-wpforms", "x-gform")) for k, _ in headers
    )


def _auto(message: Message, headers: list[tuple[str, str]], address: str) -> str | None:
    """Why this mail must never be answered automatically, or None."""
    ctype = message.get_content_type()
    report_type = str(message.get_param("report-type", "") or "").lower()
    return_path = _raw_header(headers, "return-path").strip()
    senders = _addresses(_raw_header(headers, "from"))
    from_local = _local(senders[0][1]) if senders else ""
    names = {k for k, _ in headers}
    if (
        (ctype == "multipart/report" and report_type in ("delivery-status", ""))
        or return_path.replace(" ", "") == "<>"
        or _BOUNCE_SENDER.match(from_local)
        or "x-failed-recipients" in names
        or "x-ms-exchange-message-is-ndr" in names
    ):
        return "bounce"
    submitted = _header(headers, "auto-submitted").strip().lower()
    precedence = _header(headers, "precedence").strip().lower()
    if (
        (submitted and not submitted.startswith("no"))
        or names
        & {"x-autoreply", "x-autorespond", "x-autoresponse", "x-ms-exchange-generated-message"}
        or precedence == "auto_reply"
        or _AUTO_SUBJECT.match(_header(headers, "subject"))
    ):
        return "auto-reply"
    if precedence in ("bulk", "list", "junk") or names & {"list-id", "list-unsubscribe"}:
        return "list"
    if _NOREPLY.match(_local(address)) or _local(address) == "donotreply":
        return "noreply"
    return None


def _message_id(headers: list[tuple[str, str]]) -> str:
    value = _raw_header(headers, "message-id")
    ids = _ids(value)
    return ids[0] if ids else ""


def _ids(value: str) -> list[str]:
    """Message ids in a header, with or without comments, one or several."""
    found = [f"<{m}>" for m in _MSGID.findall(value)]
    if not found:
        without = re.sub(r"\([^()]*\)", " ", value)
        found = [f"<{m}>" for m in _bare_ids(without)]
    return found


def _bare_ids(value: str) -> list[str]:
    """Words with an @ (linear: a regex for this backtracks on long lines)."""
    return [t for t in _TOKENS.split(value) if "@" in t.strip("@") and len(t) <= MAX_ID - 2]


def _threading(headers: list[tuple[str, str]]) -> tuple[str | None, list[str]]:
    replying = _ids(" ".join(_all(headers, "in-reply-to")))
    refs = _ids(" ".join(_all(headers, "references")))
    ordered: list[str] = []
    for ref in replying + refs[::-1]:  # the parent first, then its ancestors
        if ref not in ordered:
            ordered.append(ref)
    in_reply_to = replying[0] if replying else (refs[-1] if refs else None)
    return in_reply_to, ordered[:MAX_REFERENCES]


def _date(text: str) -> datetime | None:
    text = _one_line(text)
    if not text:
        return None
    try:
        when = parsedate_to_datetime(text)
    except Exception:  # TypeError, ValueError, OverflowError, IndexError on odd input
        return None
    if when.tzinfo is None:
        if not re.search(r"-0000\b", text):
            return None
        when = when.replace(tzinfo=UTC)  # RFC 5322: -0000 is UTC from an unsure system
    if not 1971 <= when.year <= 9998:
        return None
    return when


def _received(headers: list[tuple[str, str]], fallback: datetime | None) -> tuple[datetime, str]:
    when = _date(_raw_header(headers, "date"))
    if when is not None:
        return when, ""
    for value in _all(headers, "received"):  # the newest comes first
        if ";" in value:
            when = _date(value.rsplit(";", 1)[1])
            if when is not None:
                return when, "no Date header: time of the newest Received header"
    if fallback is not None:
        if fallback.tzinfo is None:
            fallback = fallback.replace(tzinfo=UTC)
        return fallback, "no Date header: time given by the mailbox"
    return datetime.now(UTC), "no Date header: time of import"
