"""The inbound format of DESIGN.md (section Channels), validated: what every intake takes.

Pure: no database. Shared by the desktop's intake (:mod:`desktop.intake`, which stores the
records) and the sync server's ``POST /v1/intake`` (:mod:`server.intake`), so that a record
is accepted or refused for the same reason wherever it is posted.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from models.base import iso, parse_iso
from models.identity import InvalidIdentityError, normalize
from models.schema import CHANNELS

MAX_TEXT = 200_000
MAX_CENTS = 10**15


class RecordError(ValueError):
    """Why one record cannot be accepted."""


@dataclass
class Rejected:
    position: int
    reason: str
    source: str = ""

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"position": self.position, "reason": self.reason}
        if self.source:
            out["file"] = self.source
        return out


@dataclass
class IntakeReport:
    imported: int = 0
    duplicates: int = 0
    rejected: list[Rejected] = field(default_factory=list)
    contact_ids: list[str] = field(default_factory=list)

    def as_json(self) -> dict[str, Any]:
        return {
            "imported": self.imported,
            "duplicates": self.duplicates,
            "rejected": [r.as_json() for r in self.rejected],
        }

    def merge(self, other: IntakeReport) -> None:
        self.imported += other.imported
        self.duplicates += other.duplicates
        self.rejected.extend(other.rejected)
        self.contact_ids.extend(other.contact_ids)


@dataclass
class Person:
    """Who a record is from (or about): a name and normalized identity keys."""

    name: str
    keys: list[tuple[str, str, str]]  # (kind, normalized value, network)
    followers: int = 0


@dataclass
class Item:
    kind: str  # contact | purchase | invoice
    position: int
    source: str
    person: Person
    fields: dict[str, Any]
    dedupe: tuple[str, str]  # (namespace, external id)


def _text(obj: dict[str, Any], key: str, *, limit: int = MAX_TEXT) -> str:
    value = obj.get(key)
    if value is None:
        return ""
    if not isinstance(value, str):
        raise RecordError(f"field {key!r} must be text")
    if len(value) > limit:
        raise RecordError(f"field {key!r} is longer than {limit} characters")
    return value


def _time(obj: dict[str, Any], key: str, *, required: bool = False) -> datetime | None:
    value = obj.get(key)
    if value in (None, ""):
        if required:
            raise RecordError(f"missing {key!r}")
        return None
    if not isinstance(value, str):
        raise RecordError(f"field {key!r} must be an ISO 8601 time")
    try:
        return parse_iso(value)
    except ValueError as exc:
        raise RecordError(f"field {key!r}: {exc}") from None


def _amount_cents(obj: dict[str, Any]) -> int:
    value = obj.get("amount", 0)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise RecordError("field 'amount' must be a number")
    try:
        cents = round(float(value) * 100)
    except (ValueError, OverflowError):  # "abc", NaN, infinity
        raise RecordError(f"field 'amount' is not a number: {value!r}") from None
    if abs(cents) > MAX_CENTS:  # would not fit SQLite's 64-bit integers
        raise RecordError(f"field 'amount' is out of range: {value!r}")
    return cents


def parse_person(obj: Any, what: str) -> Person:
    if not isinstance(obj, dict):
        raise RecordError(f"{what!r} must be an object with name, email, phone or handle")
    keys: list[tuple[str, str, str]] = []
    try:
        if obj.get("email"):
            keys.append(("email", normalize("email", str(obj["email"])), ""))
        if obj.get("phone"):
            keys.append(("phone", normalize("phone", str(obj["phone"])), ""))
        if obj.get("handle"):
            network = str(obj.get("network") or "")
            keys.append(("handle", normalize("handle", str(obj["handle"]), network), network))
        if obj.get("visitor_id"):
            keys.append(("visitor", normalize("visitor", str(obj["visitor_id"])), ""))
    except InvalidIdentityError as exc:
        raise RecordError(f"{what}: {exc}") from None
    if not keys:
        raise RecordError(
            f"{what!r} has no email, phone, handle or visitor_id to identify the customer"
        )
    name = obj.get("name") or ""
    if not isinstance(name, str):
        raise RecordError(f"{what}.name must be text")
    followers = obj.get("followers") or 0
    if not isinstance(followers, int) or followers < 0:
        raise RecordError(f"{what}.followers must be a non-negative whole number")
    return Person(name=name.strip()[:200], keys=keys, followers=followers)


def _fingerprint(*parts: Any) -> str:
    digest = hashlib.sha1(json.dumps(parts, default=str).encode()).hexdigest()[:24]
    return f"sha1:{digest}"


AUTO_REASONS = ("bounce", "auto-reply", "list", "noreply")
MAX_REFERENCES = 50
MAX_HTML = 500_000
MAX_ATTACHMENTS = 500
_SHA256 = re.compile(r"[0-9a-f]{64}")


def _mail_fields(obj: dict[str, Any]) -> dict[str, Any]:
    """The optional keys of mail (desktop.channels.mail), validated; absent ones are
    left out so that other channels' records stay as they were."""
    out: dict[str, Any] = {}
    refs = obj.get("references")
    if refs not in (None, []):
        if not isinstance(refs, list) or not all(isinstance(r, str) and r for r in refs):
            raise RecordError("field 'references' must be a list of message ids")
        if len(refs) > MAX_REFERENCES:
            raise RecordError(f"field 'references' has more than {MAX_REFERENCES} ids")
        if any(len(r) > 1000 for r in refs):
            raise RecordError("field 'references' has an id longer than 1000 characters")
        out["references"] = list(refs)
    auto = obj.get("auto")
    if auto is not None:
        if auto not in AUTO_REASONS:
            raise RecordError(f"unknown auto {auto!r} (expected one of {', '.join(AUTO_REASONS)})")
        out["auto"] = auto
    for key, limit in (
        ("new_text", MAX_TEXT),
        ("html", MAX_HTML),
        ("bounce_of", 1000),
        ("bounce_reason", 2000),
        ("received_note", 200),
    ):
        value = _text(obj, key, limit=limit)
        if value:
            out[key] = value
    attachments = obj.get("attachments")
    if attachments not in (None, []):
        if not isinstance(attachments, list) or len(attachments) > MAX_ATTACHMENTS:
            raise RecordError(
                f"field 'attachments' must be a list of at most {MAX_ATTACHMENTS} objects"
            )
        metas = []
        for meta in attachments:
            if not isinstance(meta, dict):
                raise RecordError("field 'attachments' must be a list of objects")
            size = meta.get("size")
            if (
                not isinstance(meta.get("name"), str)
                or not isinstance(meta.get("type"), str)
                or not isinstance(size, int)
                or isinstance(size, bool)
                or size < 0
                or not isinstance(meta.get("sha256"), str)
                or not _SHA256.fullmatch(meta["sha256"])
            ):
                raise RecordError("an attachment needs name, type, size and sha256")
            metas.append(
                {
                    "name": meta["name"][:255],
                    "type": meta["type"][:255],
                    "size": size,
                    "sha256": meta["sha256"],
                }
            )
        out["attachments"] = metas
    return out


def parse_record(obj: Any, position: int, source: str = "") -> Item:
    """Validate one inbound record; raises RecordError with the reason."""
    if not isinstance(obj, dict):
        raise RecordError("record is not a JSON object")
    kind = obj.get("type", "contact")
    if kind == "contact":
        channel = obj.get("channel")
        if channel not in CHANNELS:
            raise RecordError(
                f"unknown channel {channel!r} (expected one of {', '.join(CHANNELS)})"
            )
        received = _time(obj, "received_at", required=True)
        assert received is not None
        person = parse_person(obj.get("from"), "from")
        subject = _text(obj, "subject", limit=1000)
        body = _text(obj, "body")
        external_id = _text(obj, "external_id", limit=1000) or _fingerprint(
            channel, iso(received), person.keys, subject, body
        )
        skill = _text(obj, "skill", limit=100).strip().lower() or "general"
        outcome = obj.get("outcome")
        if outcome not in (None, "completed", "failed", "dropped"):
            raise RecordError(f"unknown outcome {outcome!r}")
        priority = obj.get("priority", 0)
        if not isinstance(priority, int) or not 0 <= priority <= 3:
            raise RecordError("priority must be a whole number from 0 to 3")
        sentiment = obj.get("sentiment")
        if sentiment is not None and not isinstance(sentiment, int | float):
            raise RecordError("sentiment must be a number")
        direction = obj.get("direction") or "inbound"
        if direction not in ("inbound", "outbound"):
            raise RecordError(f"unknown direction {direction!r} (expected inbound or outbound)")
        return Item(
            "contact",
            position,
            source,
            person,
            {
                "channel": channel,
                "received_at": received,
                "subject": subject,
                "body": body,
                "external_id": external_id,
                "skill": skill,
                "outcome": outcome,
                "priority": priority,
                "sentiment": sentiment,
                "in_reply_to": _text(obj, "in_reply_to", limit=1000) or None,
                "direction": direction,
                **_mail_fields(obj),
            },
            (channel, external_id),
        )
    if kind == "purchase":
        person = parse_person(obj.get("customer"), "customer")
        product = _text(obj, "product", limit=500).strip()
        if not product:
            raise RecordError("purchase has no 'product'")
        at = _time(obj, "purchased_at", required=True)
        fields = {
            "product": product,
            "amount_cents": _amount_cents(obj),
            "currency": (_text(obj, "currency", limit=3) or "USD").upper(),
            "purchased_at": at,
        }
        ext = _text(obj, "external_id", limit=1000) or _fingerprint("purchase", person.keys, fields)
        fields["external_id"] = ext
        return Item("purchase", position, source, person, fields, ("purchase", ext))
    if kind == "invoice":
        person = parse_person(obj.get("customer"), "customer")
        issued = _time(obj, "issued_at", required=True)
        fields = {
            "number": _text(obj, "number", limit=100),
            "amount_cents": _amount_cents(obj),
            "currency": (_text(obj, "currency", limit=3) or "USD").upper(),
            "issued_at": issued,
            "due_at": _time(obj, "due_at"),
            "sent_at": _time(obj, "sent_at"),
            "reminded_at": _time(obj, "reminded_at"),
            "paid_at": _time(obj, "paid_at"),
        }
        ext = _text(obj, "external_id", limit=1000) or (
            f"invoice:{fields['number']}"
            if fields["number"]
            else _fingerprint("invoice", person.keys, fields)
        )
        fields["external_id"] = ext
        return Item("invoice", position, source, person, fields, ("invoice", ext))
    raise RecordError(f"unknown type {kind!r} (expected contact, purchase or invoice)")


@dataclass
class Outcome:
    """The answer to one intake request (the server's and a desktop's HTTP intake):
    202 when anything was taken, else 422."""

    accepted: list[dict[str, Any]] = field(default_factory=list)
    duplicates: int = 0
    rejected: list[dict[str, Any]] = field(default_factory=list)

    @property
    def status(self) -> int:
        return 422 if self.rejected and not self.accepted and not self.duplicates else 202

    def as_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {"accepted": self.accepted, "duplicates": self.duplicates}
        rang = [a["popped"] for a in self.accepted if "popped" in a]
        if rang:  # what a PBX posting one ringing call wants to know, at the top
            out["popped"] = all(rang)
        if self.rejected:
            out["rejected"] = self.rejected
        return out

    def reject(self, position: int, reason: str) -> None:
        self.rejected.append({"position": position, "reason": reason})
