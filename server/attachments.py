"""Attachments on the sync server (issue 12: they travel by sync).

Two tables. ``attachment`` is a synced row (kind ``attachment``) per message and file:
content hash (SHA-256), name, type, size and the too-big flag; it is written by the
``contact.receive`` handler from the ``attachments`` of the record the intent carries,
so it reaches every desktop of the team with the contact. ``attachment_blob`` holds the
bytes, per team and content hash, never in the change log: a desktop uploads them with
``PUT /v1/attachments/{sha256}`` before it pushes the contact (the hash is checked, the size
limited), a teammate's desktop fetches them with ``GET`` when the agent opens the file.
A server-run mailbox (server/channels/mail.py) keeps its mails' bytes here itself.

Access is per team: a token sees only the bytes of the teams it syncs (``spaces_of``, as
its pull); another team's hash is 404, whether it exists there or not (nothing tells one
team what another holds).
"""

from __future__ import annotations

import hashlib
import os
import re
from typing import Any

from fastapi import Depends, FastAPI, HTTPException, Request, Response
from peewee import BigIntegerField, BlobField, BooleanField, CharField, CompositeKey, Database

from models.base import derived_id
from server.accounts import spaces_of
from server.models import DomainModel, ServerModel

DEFAULT_LIMIT = 25 * 1024 * 1024  # as desktops (desktop/attachments.py)
ENV_LIMIT = "LASTMILE_ATTACHMENT_LIMIT"
SHA256 = re.compile(r"^[0-9a-f]{64}$")
PREFIX = "/v1/attachments/"


def limit() -> int:
    text = os.environ.get(ENV_LIMIT, "")
    return int(text) if text.isdigit() else DEFAULT_LIMIT


class Attachment(DomainModel):
    """One file of one message, as the desktops list it (the bytes are in AttachmentBlob)."""

    KIND = "attachment"
    id = CharField(primary_key=True)  # derived from the contact and the hash
    contact_id = CharField(index=True)
    event_id = CharField()
    sha256 = CharField(max_length=64)
    name = CharField(max_length=255)
    type = CharField(max_length=255)
    size = BigIntegerField()
    too_big = BooleanField(default=False)  # over the limit: listed, bytes never kept

    def change(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "contact_id": self.contact_id,
            "event_id": self.event_id,
            "sha256": self.sha256,
            "name": self.name,
            "type": self.type,
            "size": self.size,
            "too_big": self.too_big,
        }


class AttachmentBlob(ServerModel):
    space = CharField()
    sha256 = CharField(max_length=64)
    size = BigIntegerField()
    data = BlobField()

    class Meta:
        table_name = "attachment_blob"
        primary_key = CompositeKey("space", "sha256")


def create_tables(db: Database) -> None:
    db.create_tables([Attachment, AttachmentBlob], safe=True)


def rows_for(contact_id: str, event_id: str, record: dict[str, Any]) -> list[Attachment]:
    """The attachment rows of a received message, from its record's ``attachments``
    (models/inbound.py checked their shape; anything else is skipped, not refused)."""
    rows: dict[str, Attachment] = {}
    for meta in record.get("attachments") or []:
        if not isinstance(meta, dict):
            continue
        sha, size = meta.get("sha256"), meta.get("size")
        if not isinstance(sha, str) or not SHA256.match(sha):
            continue
        if not isinstance(size, int) or isinstance(size, bool) or size < 0:
            continue
        name, kind = meta.get("name"), meta.get("type")
        rows.setdefault(
            sha,
            Attachment(
                id=derived_id(contact_id, f"attachment:{sha}"),
                contact_id=contact_id,
                event_id=event_id,
                sha256=sha,
                name=(name if isinstance(name, str) else "attachment")[:255],
                type=(kind if isinstance(kind, str) else "application/octet-stream")[:255],
                size=size,
                too_big=size > limit(),
            ),
        )
    return list(rows.values())


def keep(space: str, data: bytes) -> str | None:
    """Keep bytes for a team (once per hash); None when over the limit."""
    if len(data) > limit():
        return None
    sha = hashlib.sha256(data).hexdigest()
    AttachmentBlob.insert(
        space=space, sha256=sha, size=len(data), data=data
    ).on_conflict_ignore().execute()
    return sha


def keep_mail(space: str, raw: bytes) -> int:
    """The attachments of a mail a server-run mailbox fetched, kept for its team."""
    from models.mail import mail_attachments

    return sum(keep(space, data) is not None for _meta, data in mail_attachments(raw))


def forget(space: str, contact_ids: list[str]) -> None:
    """An erasure (server/privacy.py): the contacts' attachment rows and what the change
    log said of them go; bytes no other message of the team names go too. Desktops drop
    their copies as they erase (desktop/privacy.py)."""
    from server.models import ChangeLog

    if not contact_ids:
        return
    rows = list(
        Attachment.select().where(
            (Attachment.space == space) & Attachment.contact_id.in_(contact_ids)
        )
    )
    if not rows:
        return
    ChangeLog.delete().where(
        (ChangeLog.space == space)
        & (ChangeLog.kind == Attachment.KIND)
        & ChangeLog.entity_id.in_([r.id for r in rows])
    ).execute()
    Attachment.delete().where(Attachment.id.in_([r.id for r in rows])).execute()
    for sha in {r.sha256 for r in rows}:
        shared = (
            Attachment.select()
            .where((Attachment.space == space) & (Attachment.sha256 == sha))
            .exists()
        )
        if not shared:
            AttachmentBlob.delete().where(
                (AttachmentBlob.space == space) & (AttachmentBlob.sha256 == sha)
            ).execute()


def install(app: FastAPI, db: Database, account: Any, versions: list[Any]) -> None:
    """``PUT`` and ``GET /v1/attachments/{sha256}`` (bearer token, the team's bytes only).
    ``Depends(account)`` as a default, not in ``Annotated``: with postponed annotations
    FastAPI resolves those in the module's globals, where this local is not."""

    def checked(sha256: str) -> str:
        if not SHA256.match(sha256):
            raise HTTPException(400, "an attachment is named by its SHA-256 (64 hex digits)")
        return sha256

    @app.put(PREFIX + "{sha256}", dependencies=versions, status_code=201)
    async def upload(
        sha256: str, request: Request, who: dict[str, Any] = Depends(account)
    ) -> dict[str, Any]:
        checked(sha256)
        data = b""
        async for chunk in request.stream():
            data += chunk
            if len(data) > limit():
                raise HTTPException(413, f"an attachment may have at most {limit()} bytes")
        if hashlib.sha256(data).hexdigest() != sha256:
            raise HTTPException(422, "the bytes do not match their SHA-256: not kept")
        with db.connection_context():
            for space in spaces_of(who):  # every team the account syncs (usually one)
                keep(space, data)
        return {"sha256": sha256, "size": len(data)}

    @app.get(PREFIX + "{sha256}", dependencies=versions)
    def download(sha256: str, who: dict[str, Any] = Depends(account)) -> Response:
        checked(sha256)
        with db.connection_context():
            row = AttachmentBlob.get_or_none(
                AttachmentBlob.space.in_(spaces_of(who) or [""]) & (AttachmentBlob.sha256 == sha256)
            )
        if row is None:
            raise HTTPException(404, "no such attachment for your team")
        return Response(
            bytes(row.data),
            media_type="application/octet-stream",
            headers={"Content-Disposition": "attachment", "X-Content-Type-Options": "nosniff"},
        )
