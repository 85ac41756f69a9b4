"""Attachments kept in the workspace, content-addressed: ``attachments/ab/cdef…`` (the
SHA-256 of the bytes, split after two hex digits), files 0600 in folders 0700.

A mail's attachments are listed on its message (``event.data["attachments"]``: name, type,
size, sha256, from :func:`models.mail.mail_attachments`); their bytes are kept here when
they are at most ``limit`` bytes (``LASTMILE_ATTACHMENT_LIMIT``, default 25 MB). A bigger
one is recorded by name and size only and never blocks the mailbox. The same file received
twice is kept once. Nothing here opens or runs a file: :func:`save_as` copies the bytes to
a file the agent chose.

Encryption hook: every write and read goes through :data:`CIPHER` (``seal`` on the way in,
``open`` on the way out). It is the identity today; the database encryption (SQLCipher,
issue of the ``crypt`` helper) sets it to encrypt attachment files with the workspace key.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from models.errors import UserFacingError

DEFAULT_LIMIT = 25 * 1024 * 1024
ENV_LIMIT = "LASTMILE_ATTACHMENT_LIMIT"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


class Cipher(Protocol):
    def seal(self, data: bytes) -> bytes: ...

    def open(self, data: bytes) -> bytes: ...


class Plain:
    """No encryption (the default until the workspace has a key)."""

    def seal(self, data: bytes) -> bytes:
        return data

    def open(self, data: bytes) -> bytes:
        return data


CIPHER: Cipher = Plain()


def limit() -> int:
    text = os.environ.get(ENV_LIMIT, "")
    return int(text) if text.isdigit() else DEFAULT_LIMIT


def path_of(folder: Path, sha256: str) -> Path:
    if not _SHA256.match(sha256):
        raise UserFacingError(f"{sha256!r} is not an attachment's SHA-256")
    return folder / sha256[:2] / sha256[2:]


@dataclass(frozen=True)
class Kept:
    sha256: str
    size: int
    stored: bool  # False: over the limit, recorded by name and size only


def keep(folder: Path, data: bytes, *, max_bytes: int | None = None) -> Kept:
    """Keep these bytes (once, whatever the number of mails carrying them)."""
    sha = hashlib.sha256(data).hexdigest()
    if len(data) > (limit() if max_bytes is None else max_bytes):
        return Kept(sha, len(data), False)
    target = path_of(folder, sha)
    if target.exists():
        return Kept(sha, len(data), True)
    target.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    os.chmod(folder, 0o700)
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(CIPHER.seal(data))
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, target)  # another process keeping the same bytes: same content
    return Kept(sha, len(data), True)


def keep_all(folder: Path, parts: Iterable[tuple[dict[str, Any], bytes]], *,
             max_bytes: int | None = None) -> list[Kept]:
    return [keep(folder, data, max_bytes=max_bytes) for _meta, data in parts]


def is_kept(folder: Path, sha256: str) -> bool:
    try:
        return path_of(folder, sha256).is_file()
    except UserFacingError:
        return False


def read(folder: Path, sha256: str) -> bytes:
    target = path_of(folder, sha256)
    try:
        data = CIPHER.open(target.read_bytes())
    except FileNotFoundError:
        raise UserFacingError("this attachment was not kept (over the size limit, or from "
                              "another desktop): open the mail in the mail program") from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise UserFacingError(f"the kept attachment {sha256[:12]}… is damaged")
    return data


def save_as(folder: Path, sha256: str, destination: Path) -> Path:
    """Copy the attachment to a file the agent chose (0600, never run, never opened)."""
    data = read(folder, sha256)
    if destination.exists():
        raise UserFacingError(f"{destination} exists; choose another name")
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return destination


def listed(folder: Path, data: dict[str, Any]) -> list[dict[str, Any]]:
    """The attachments of one message (its event's data), each with ``kept``."""
    out = []
    for meta in data.get("attachments") or []:
        if isinstance(meta, dict) and isinstance(meta.get("sha256"), str):
            out.append({**meta, "kept": is_kept(folder, meta["sha256"])})
    return out


def describe(meta: dict[str, Any]) -> str:
    """One line for the agent: name, type, size, and whether it can be opened."""
    size = int(meta.get("size") or 0)
    shown = (f"{size / 1_048_576:.1f} MB" if size >= 1_048_576
             else f"{size / 1024:.0f} kB" if size >= 1024 else f"{size} bytes")
    note = "" if meta.get("kept") else " — not kept (over the size limit)"
    return f"{meta.get('name', '?')} ({meta.get('type', '?')}, {shown}){note}"


def of_contact(contact_id: str) -> tuple[list[dict[str, Any]], str]:
    """The attachments (each with ``kept``) and the original HTML (or "") of a contact's
    first message, from the open workspace."""
    import json

    from models.schema import Event

    row = (Event.select(Event.data).where((Event.contact == contact_id)
                                          & (Event.kind == "inbound")).first())
    if row is None:
        return [], ""
    try:
        data = json.loads(row.data or "{}")
    except ValueError:
        return [], ""
    if not isinstance(data, dict):
        return [], ""
    database = Path(str(Event._meta.database.database))
    found = data.get("html")
    html = found if isinstance(found, str) else ""
    return listed(database.parent / "attachments", data), html


def folder() -> Path:
    """The open workspace's attachments folder."""
    from models.schema import Event

    return Path(str(Event._meta.database.database)).parent / "attachments"
