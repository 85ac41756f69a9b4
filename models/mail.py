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

Why ~780 lines: one parser with many small, interdependent rules (sender, charset, body,
loop detection, threading, bounces); they share the header list and are tested as one by
the corpus and the fuzz test. The HTML-to-text part is the first to move out if it grows.
"""

from __future__ import annotations

import base64
import binascii
import codecs
import email
import email.policy
import hashlib
import html as html_lib
import logging
import quopri
import re
from datetime import UTC, datetime
from email.message import Message
from email.utils import getaddresses, parsedate_to_datetime
from html.parser import HTMLParser
from typing import Any

from models.base import iso
from models.inbound import AUTO_REASONS, MAX_HTML, MAX_REFERENCES, MAX_TEXT, RecordError

log = logging.getLogger("lastmile.mail")

__all__ = ["AUTO_REASONS", "html_to_text", "mail_attachments", "parse_mail"]

MAX_PARTS = 500
MAX_DEPTH = 30
MAX_SUBJECT = 1000
MAX_ID = 998  # RFC 5322 line length; intake allows 1000
OLE2_MAGIC = b"\xd0\xcf\x11\xe0"
UNREADABLE = "could not read this message"

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
_SMTP_CODE = re.compile(r"\b[245]\d\d[ -]\d\.\d{1,3}\.\d{1,3}\b.*|\b5\d\d\s+\S.*")
_ENCODED_WORD = re.compile(r"=\?([^?\s]{1,75})\?([bBqQ])\?([^?\s]*)\?=")
_EW_GAP = re.compile(r"(=\?[^?\s]{1,75}\?[bBqQ]\?[^?\s]*\?=)\s+(?==\?)")
_SURROGATE = re.compile("[\ud800-\udfff]")
_MULTIBYTE = re.compile(
    r"^(utf_|gb|big5|shift_jis|sjis|cp932|cp949|cp950|euc_|iso2022|hz|johab|ms9)", re.I
)
_NOT_FOR_MAIL = {
    "unicode_escape",
    "raw_unicode_escape",
    "idna",
    "punycode",
    "undefined",
    "mbcs",
    "oem",
    "palmos",
}

# -- quoted history ----------------------------------------------------------------------

_ON_WROTE = re.compile(
    r"^\s*(On|Le|El|Il|Op)\s.{1,400}\s(wrote|a écrit|escribió|ha scritto|"
    r"schreef)\s*:\s*$",
    re.I,
)
_AM_SCHRIEB = re.compile(r"^\s*Am\s.{1,400}\sschrieb\b.{0,400}:\s*$", re.I)
_ORIGINAL = re.compile(
    r"^\s*-{2,}\s*(Original Message|Ursprüngliche Nachricht|"
    r"Forwarded message|Weitergeleitete Nachricht)\s*-{2,}",
    re.I,
)
_OUTLOOK_FROM = re.compile(r"^\s*\*?(From|Von|De)\s*:\*?\s*\S", re.I)
_OUTLOOK_SENT = re.compile(r"^\s*\*?(Sent|Gesendet|Date|Datum|Envoyé)\s*:\*?\s*\S", re.I)
_RULE = re.compile(r"^\s*_{10,}\s*$")


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


# -- the record --------------------------------------------------------------------------


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


def _storable_text(text: str) -> str:
    """No NUL and no lone surrogates (they cannot be stored or sent)."""
    return _SURROGATE.sub("\ufffd", text.replace("\x00", ""))


def _storable(value: object) -> object:
    """No NUL and no lone surrogates in any string (they cannot be stored or sent)."""
    if isinstance(value, str):
        return _storable_text(value)
    if isinstance(value, dict):
        return {_storable(k): _storable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_storable(v) for v in value]
    return value


def _cut(text: str, limit: int, *, note: bool = True) -> str:
    if len(text) <= limit:
        return text
    if not note:
        return text[: limit - 1] + "…"
    kept = limit - 64
    return f"{text[:kept]}\n[… truncated: {len(text) - kept} characters not shown]"


def _cap_bytes(text: str, limit: int) -> str:
    data = _storable_text(text).encode("utf-8")
    if len(data) <= limit:
        return text
    return data[:limit].decode("utf-8", "ignore")


def _one_line(text: str) -> str:
    return " ".join(text.split())


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


# -- headers -----------------------------------------------------------------------------


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


def _fix_8bit(value: str) -> str:
    """Raw 8-bit header bytes arrive as surrogate escapes: decode them as text."""
    if not _SURROGATE.search(value):
        return value
    return _decode(value.encode("utf-8", "surrogateescape"), None)


def _decode_words(value: str) -> str:
    """RFC 2047 encoded words, each by a charset that decodes it cleanly."""
    if "=?" not in value:
        return value
    value = _EW_GAP.sub(r"\1", value)

    def word(match: re.Match[str]) -> str:
        charset, kind, text = match.group(1), match.group(2).lower(), match.group(3)
        charset = charset.split("*", 1)[0]  # RFC 2231 language
        try:
            if kind == "b":
                data = base64.b64decode(text + "=" * (-len(text) % 4))
            else:
                data = quopri.decodestring(
                    text.replace("_", " ").encode("ascii", "replace"), header=True
                )
        except (binascii.Error, ValueError):
            return match.group(0)
        return _decode(data, charset)

    return _ENCODED_WORD.sub(word, value)


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


# -- dates -------------------------------------------------------------------------------


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


# -- text --------------------------------------------------------------------------------


def _codec(name: str | None) -> str | None:
    if not name:
        return None
    try:
        info = codecs.lookup(name.strip().strip('"').lower())
    except Exception:  # LookupError, or a name with odd characters
        return None
    if not getattr(info, "_is_text_encoding", True) or info.name in _NOT_FOR_MAIL:
        return None
    return info.name.replace("-", "_")


def _decode(data: bytes, declared: str | None) -> str:
    """Declared charset when it fits; UTF-8 when a single-byte label hides UTF-8; then
    UTF-8, windows-1252, latin-1 (which always decodes)."""
    codec = _codec(declared)
    utf8: str | None
    try:
        utf8 = data.decode("utf-8")
    except UnicodeDecodeError:
        utf8 = None
    if codec and codec.replace("-", "_") == "gb2312":
        codec = "gb18030"  # what is labelled gb2312 is in practice often GBK
    if codec in ("latin_1", "iso8859_1", "ascii"):
        codec = "cp1252"  # what says latin-1 or ascii is in practice windows-1252 (WHATWG)
    if codec is not None:
        single_byte = not _MULTIBYTE.match(codec.replace("-", "_"))
        if utf8 is not None and single_byte and not data.isascii():
            return utf8  # valid multi-byte UTF-8 is next to never real single-byte text
        try:
            return data.decode(codec)
        except Exception:  # UnicodeError, LookupError from odd codecs
            pass
    if utf8 is not None:
        return utf8
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError:
        return data.decode("latin-1")


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


class _TextOfHtml(HTMLParser):
    BLOCK = {
        "p",
        "br",
        "div",
        "li",
        "tr",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "table",
        "ul",
        "ol",
        "pre",
        "hr",
        "section",
        "article",
        "header",
        "footer",
    }
    SKIP = {"script", "style", "head", "title", "template", "noscript"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.out: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.SKIP:
            self.skipping += 1
        elif tag in self.BLOCK:
            self.out.append("\n- " if tag == "li" else "\n")

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.BLOCK:
            self.out.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in self.BLOCK and tag != "br":
            self.out.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.out.append(re.sub(r"\s+", " ", data))


def html_to_text(source: str) -> str:
    """Readable text of mail HTML: tags stripped, script/style dropped, line breaks kept
    for blocks, entities unescaped. Never renders anything."""
    source = source[:2_000_000]
    parser = _TextOfHtml()
    try:
        parser.feed(source)
        parser.close()
        text = "".join(parser.out)
    except Exception:  # html.parser on hostile markup: fall back to a plain strip
        text = html_lib.unescape(re.sub(r"<[^>]*>", " ", source))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _new_text(text: str) -> str:
    """The new text of a reply: the quoted thread cut off."""
    lines = text.split("\n")
    for i, line in enumerate(lines):
        two = line + " " + lines[i + 1] if i + 1 < len(lines) else line
        if (
            _ON_WROTE.match(line)
            or _AM_SCHRIEB.match(line)
            or _ORIGINAL.match(line)
            or (_ON_WROTE.match(two) and not line.strip().endswith(":"))
            or (
                _OUTLOOK_FROM.match(line)
                and any(_OUTLOOK_SENT.match(x) for x in lines[i + 1 : i + 4])
            )
            or (_RULE.match(line) and any(_OUTLOOK_FROM.match(x) for x in lines[i + 1 : i + 3]))
        ):
            kept = "\n".join(lines[:i]).rstrip()
            return kept or text
    end = len(lines)
    while end and (not lines[end - 1].strip() or lines[end - 1].lstrip().startswith(">")):
        end -= 1
    if any(x.lstrip().startswith(">") for x in lines[end:]):
        kept = "\n".join(lines[:end]).rstrip()
        return kept or text
    return text


# -- bounces -----------------------------------------------------------------------------


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


# -- attachments -------------------------------------------------------------------------


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
