"""Attachments kept in the workspace, content-addressed: ``attachments/ab/cdef…`` (the
SHA-256 of the bytes, split after two hex digits), files 0600 in folders 0700.

A mail's attachments are listed on its message (``event.data["attachments"]``: name, type,
size, sha256, from :func:`models.mail.mail_attachments`); their bytes are kept here when
they are at most ``limit`` bytes (``LASTMILE_ATTACHMENT_LIMIT``, default 25 MB). A bigger
one is recorded by name and size only and never blocks the mailbox. The same file received
twice is kept once. Nothing here opens or runs a file: :func:`save_as` copies the bytes to
a file the agent chose.

Encryption: every write and read goes through :data:`CIPHER` (``seal`` on the way in,
``open`` on the way out). In a plain workspace it is the identity; opening an encrypted
workspace installs :class:`Sealed` (AES-256-GCM, a per-file key derived with HKDF from the
workspace key and the file's content address, a random 96-bit nonce kept in the file after
the ``MAGIC`` header). The name stays the plaintext's SHA-256 (dedupe unchanged); the
original file name is never on disk (it is in the encrypted database only).

Why ~510 lines: the one owner of attachment bytes — keeping, sealing, listing, fetching
from and uploading to the sync server, prefetching — so that every path in and out goes
through the same hash and cipher checks; the sync half is the first to move out.
"""

from __future__ import annotations

import hashlib
import os
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol

from models.errors import UserFacingError

if TYPE_CHECKING:
    from cryptography.hazmat.primitives.ciphers.aead import AESGCM

DEFAULT_LIMIT = 25 * 1024 * 1024
FETCH_TIMEOUT_S = 60.0  # one attachment from the sync server
PREFETCH_MAX = 1024 * 1024  # after a pull, files up to this size are fetched in the background
ENV_LIMIT = "LASTMILE_ATTACHMENT_LIMIT"
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


MAGIC = b"LMATT1\0\0"  # a sealed file starts with it
_NONCE = 12
_INFO = b"lastmile attachment v1 "


class Cipher(Protocol):
    def seal(self, data: bytes, sha256: str) -> bytes: ...

    def open(self, data: bytes, sha256: str) -> bytes: ...


class Plain:
    """No encryption (a plain workspace). A sealed file cannot be read without its key."""

    def seal(self, data: bytes, sha256: str) -> bytes:
        return data

    def open(self, data: bytes, sha256: str) -> bytes:
        if is_sealed(data):
            raise UserFacingError.said(
                "the kept attachment {sha256}… is encrypted and this workspace has no key: "
                "run 'lastmile encrypt' to finish",
                sha256=sha256[:12],
            )
        return data


def is_sealed(data: bytes) -> bool:
    return data.startswith(MAGIC)


class Sealed:
    """AES-256-GCM with a per-file key: HKDF-SHA256(workspace key, info = label + sha256)."""

    def __init__(self, key: bytes) -> None:
        if len(key) < 32:
            raise ValueError("an attachment key needs 32 bytes")
        self._key = key

    def _aead(self, sha256: str) -> AESGCM:
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives.ciphers.aead import AESGCM
        from cryptography.hazmat.primitives.kdf.hkdf import HKDF

        derived = HKDF(
            algorithm=hashes.SHA256(), length=32, salt=None, info=_INFO + sha256.encode("ascii")
        ).derive(self._key)
        return AESGCM(derived)

    def seal(self, data: bytes, sha256: str) -> bytes:
        if is_sealed(data):
            return data
        nonce = os.urandom(_NONCE)
        return MAGIC + nonce + self._aead(sha256).encrypt(nonce, data, MAGIC)

    def open(self, data: bytes, sha256: str) -> bytes:
        from cryptography.exceptions import InvalidTag

        if not is_sealed(data):
            return data  # kept before 'lastmile encrypt' finished
        nonce = data[len(MAGIC) : len(MAGIC) + _NONCE]
        try:
            return bytes(self._aead(sha256).decrypt(nonce, data[len(MAGIC) + _NONCE :], MAGIC))
        except (InvalidTag, ValueError):
            raise UserFacingError.said(
                "the kept attachment {sha256}… is damaged or was altered: it cannot be opened",
                sha256=sha256[:12],
            ) from None


CIPHER: Cipher = Plain()


def key_bytes(pragma_key: str) -> bytes:
    """The raw 32-byte key of a SQLCipher pragma key ``x'KEYSALT'`` (desktop/encryption)."""
    text = pragma_key.strip()
    if text.startswith("x'") and text.endswith("'"):
        return bytes.fromhex(text[2:-1][:64])
    return hashlib.sha256(text.encode()).digest()


def install(pragma_key: str | None) -> Cipher:
    """The cipher for the workspace just opened: sealed with its key, or plain."""
    global CIPHER
    CIPHER = Plain() if pragma_key is None else Sealed(key_bytes(pragma_key))
    return CIPHER


def _rewrite(target: Path, data: bytes) -> None:
    temp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    fd = os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    os.replace(temp, target)


def convert_all(folder: Path, cipher: Cipher, *, seal: bool) -> int:
    """Seal (or open) every kept file in place (new file, fsync, atomic rename); a file
    already in the wanted form is left alone, so an interrupted run is finished by the
    next. Returns how many files were rewritten."""
    done = 0
    if not folder.is_dir():
        return 0
    for sub in sorted(folder.iterdir()):
        if not sub.is_dir() or len(sub.name) != 2:
            continue
        for target in sorted(sub.iterdir()):
            sha = sub.name + target.name
            if not _SHA256.match(sha):
                if target.name.endswith(".tmp"):
                    target.unlink(missing_ok=True)  # left by an interrupted run
                continue
            data = target.read_bytes()
            if is_sealed(data) == seal:
                continue
            plain = data if seal else cipher.open(data, sha)
            if hashlib.sha256(plain).hexdigest() != sha:
                raise UserFacingError.said("the kept attachment {sha}… is damaged", sha=sha[:12])
            _rewrite(target, cipher.seal(plain, sha) if seal else plain)
            done += 1
    return done


def limit() -> int:
    text = os.environ.get(ENV_LIMIT, "")
    return int(text) if text.isdigit() else DEFAULT_LIMIT


def path_of(folder: Path, sha256: str) -> Path:
    if not _SHA256.match(sha256):
        raise UserFacingError.said("{sha256!r} is not an attachment's SHA-256", sha256=sha256)
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
    _rewrite(target, CIPHER.seal(data, sha))  # another process, same bytes: same content
    return Kept(sha, len(data), True)


def keep_all(
    folder: Path, parts: Iterable[tuple[dict[str, Any], bytes]], *, max_bytes: int | None = None
) -> list[Kept]:
    return [keep(folder, data, max_bytes=max_bytes) for _meta, data in parts]


def is_kept(folder: Path, sha256: str) -> bool:
    try:
        return path_of(folder, sha256).is_file()
    except UserFacingError:
        return False


def read(folder: Path, sha256: str, *, fetch: bool = True) -> bytes:
    """The attachment's bytes; one missing here is fetched from the team's sync server
    (a teammate's mail) and kept, sealed like the rest, before it is handed out."""
    target = path_of(folder, sha256)
    try:
        data = CIPHER.open(target.read_bytes(), sha256)
    except FileNotFoundError:
        if not (fetch and fetch_from_server(folder, sha256)):
            raise UserFacingError.said(
                "this attachment was not kept (over the size limit, or not on the sync server): "
                "open the mail in the mail program"
            ) from None
        data = CIPHER.open(target.read_bytes(), sha256)
    if hashlib.sha256(data).hexdigest() != sha256:
        raise UserFacingError.said("the kept attachment {sha256}… is damaged", sha256=sha256[:12])
    return data


def save_as(folder: Path, sha256: str, destination: Path) -> Path:
    """Copy the attachment to a file the agent chose (0600, never run, never opened)."""
    data = read(folder, sha256)
    if destination.exists():
        raise UserFacingError.said(
            "{destination} exists; choose another name", destination=destination
        )
    fd = os.open(destination, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "wb") as f:
        f.write(data)
    return destination


def listed(
    folder: Path, data: dict[str, Any], synced: Iterable[dict[str, Any]] = ()
) -> list[dict[str, Any]]:
    """The attachments of one message (its event's data, then the rows sync brought for
    it), each with ``kept`` (the bytes are here) and ``fetchable`` (on the server)."""
    out: list[dict[str, Any]] = []
    seen: set[str] = set()
    signed_in = _signed_in()
    for meta in [*(data.get("attachments") or []), *synced]:
        if not isinstance(meta, dict) or not isinstance(meta.get("sha256"), str):
            continue
        if meta["sha256"] in seen:
            continue
        seen.add(meta["sha256"])
        kept = is_kept(folder, meta["sha256"])
        too_big = bool(meta.get("too_big")) or int(meta.get("size") or 0) > limit()
        out.append(
            {
                **meta,
                "kept": kept,
                "too_big": too_big,
                "fetchable": not kept and not too_big and signed_in,
            }
        )
    return out


def describe(meta: dict[str, Any]) -> str:
    """One line for the agent: name, type, size, and whether it can be opened."""
    size = int(meta.get("size") or 0)
    shown = (
        f"{size / 1_048_576:.1f} MB"
        if size >= 1_048_576
        else f"{size / 1024:.0f} kB"
        if size >= 1024
        else f"{size} bytes"
    )
    note = (
        ""
        if meta.get("kept")
        else " — on the server, fetched when saved"
        if meta.get("fetchable")
        else " — not kept (over the size limit)"
        if meta.get("too_big")
        else " — not kept on this desktop"
    )
    return f"{meta.get('name', '?')} ({meta.get('type', '?')}, {shown}){note}"


def of_contact(contact_id: str) -> tuple[list[dict[str, Any]], str]:
    """The attachments (each with ``kept``) and the original HTML (or "") of a contact's
    first message, from the open workspace."""
    import json

    from models.schema import Attachment, Event

    synced = [
        {
            "sha256": a.sha256,
            "name": a.name,
            "type": a.type,
            "size": a.size,
            "too_big": bool(a.too_big),
        }
        for a in Attachment.select()
        .where(Attachment.contact_id == contact_id)
        .order_by(Attachment.name)
    ]
    row = (
        Event.select(Event.data)
        .where((Event.contact == contact_id) & (Event.kind == "inbound"))
        .first()
    )
    data: Any = {}
    if row is not None:
        try:
            data = json.loads(row.data or "{}")
        except ValueError:
            data = {}
    if not isinstance(data, dict):
        data = {}
    if not data and not synced:
        return [], ""
    found = data.get("html")
    html = found if isinstance(found, str) else ""
    return listed(folder(), data, synced), html


def of_history(items: list[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """The attachments of these history lines (``models.queries.history_page`` rows: id,
    contact_id, data), by event id, as :func:`listed` gives them: those in the event's
    own data (mail taken in here) and those sync brought for it (one query for all)."""
    import json

    from models.schema import Attachment

    contact_ids = sorted({str(i["contact_id"]) for i in items if i.get("contact_id")})
    synced: dict[str, list[dict[str, Any]]] = {}
    for start in range(0, len(contact_ids), 500):
        for a in Attachment.select().where(
            Attachment.contact_id << contact_ids[start : start + 500]
        ):
            synced.setdefault(a.event_id, []).append(
                {
                    "sha256": a.sha256,
                    "name": a.name,
                    "type": a.type,
                    "size": a.size,
                    "too_big": bool(a.too_big),
                }
            )
    out: dict[str, list[dict[str, Any]]] = {}
    where = folder()
    for item in items:
        data: Any = {}
        raw = item.get("data")
        if raw and "attachments" in raw:
            try:
                data = json.loads(raw)
            except ValueError:
                data = {}
        if not isinstance(data, dict):
            data = {}
        mine = synced.get(str(item.get("id")), [])
        if data.get("attachments") or mine:
            out[str(item["id"])] = listed(where, data, mine)
    return out


def folder_of(db: Any) -> Path:
    """The attachments folder beside a workspace database. Its file path, not
    ``db.database``: an encrypted (or read-only) workspace is opened by a URI
    (``file:/…/lastmile.sqlite3?mode=…``), whose parent is no folder on disk."""
    path = getattr(db, "path", None)
    if path is None:
        name = str(db.database)
        if name.startswith("file:"):
            from urllib.parse import unquote

            name = unquote(name[len("file:") :].split("?", 1)[0])
        path = Path(name)
    return Path(path).parent / "attachments"


def folder() -> Path:
    """The open workspace's attachments folder."""
    from models.schema import Event

    return folder_of(Event._meta.database)


# -- by sync (issue 12): bytes go by PUT/GET /v1/attachments/{sha256} (server/attachments.py)


def _signed_in() -> bool:
    from models.database import get_meta

    try:
        return bool(get_meta("server_url") and get_meta("sync_login"))
    except Exception:  # no workspace open (a bare folder in a test)
        return False


def _server() -> tuple[Any, str] | None:
    """(HTTP transport, token) of the open workspace's sync server, or None."""
    from desktop.sync.transport import HttpTransport, load_token
    from desktop.training.guard import ensure_live
    from models.database import get_meta

    ensure_live(get_meta("kind") or "live", "fetching attachments from the server")
    server, login = get_meta("server_url"), get_meta("sync_login")
    if not server or not login:
        return None
    token = load_token(server, login)
    if not token:
        return None
    return HttpTransport(server, kind=get_meta("kind") or "live", timeout=FETCH_TIMEOUT_S), token


def fetch_from_server(folder: Path, sha256: str) -> bool:
    """Fetch one missing attachment from the team's server and keep it (hash checked).
    False when there is no server or it has no such file for this team; a server that
    cannot be reached or does not answer raises one line (UserFacingError). Slow: call
    it off the window's thread (ui/message_extras.py runs it on an executor)."""
    import logging

    import httpx

    found = _server()
    if found is None:
        return False
    transport, token = found
    try:
        response = transport._client.get(
            f"{transport.base_url}/v1/attachments/{sha256}", headers=transport.headers(token)
        )
    except httpx.TimeoutException:
        raise UserFacingError.said(
            "the sync server did not answer within {seconds:.0f} s: try again later",
            seconds=FETCH_TIMEOUT_S,
        ) from None
    except httpx.HTTPError as exc:
        logging.getLogger("lastmile.attachments").warning("cannot fetch %s: %s", sha256[:12], exc)
        raise UserFacingError.said(
            "the sync server cannot be reached ({cause})", cause=str(exc)
        ) from None
    finally:
        transport.close()
    if response.status_code != 200:
        return False
    data = response.content
    if hashlib.sha256(data).hexdigest() != sha256:
        raise UserFacingError.said(
            "the server sent other bytes for attachment {sha256}…", sha256=sha256[:12]
        )
    keep(folder, data, max_bytes=max(limit(), len(data)))
    return True


def prefetch(folder: Path, *, max_bytes: int = PREFETCH_MAX, skip: set[str] | None = None) -> int:
    """Fetch the teammates' attachments of at most ``max_bytes`` not kept here yet (after a
    pull, in the background), so that saving them needs no wait. Stops at the first that
    cannot be fetched (the server is away: the next pull tries again); one the server does
    not have is added to ``skip`` and not asked for again. Returns how many were fetched."""
    from models.schema import Attachment

    if not _signed_in():
        return 0
    skip = skip if skip is not None else set()
    wanted = [
        a.sha256
        for a in Attachment.select(Attachment.sha256)
        .where((Attachment.too_big == False) & (Attachment.size <= max_bytes))  # noqa: E712 - peewee SQL
        .distinct()
    ]
    fetched = 0
    for sha in wanted:
        if sha in skip or is_kept(folder, sha) or not _SHA256.match(sha):
            continue
        if fetch_from_server(folder, sha):
            fetched += 1
        else:
            skip.add(sha)
    return fetched


def database() -> Any:
    """The open workspace's database (for a worker thread of the window)."""
    from models.schema import Event

    return Event._meta.database


def upload(transport: Any, token: str, folder: Path, shas: Iterable[str]) -> int:
    """Upload the kept bytes of these attachments to the server before the intents naming
    them are pushed (the server keeps them once per team; a repeat costs one request).
    A file not kept here (over the limit) is skipped. Returns how many were sent."""
    sent = 0
    for sha in dict.fromkeys(shas):
        if not is_kept(folder, sha):
            continue
        data = read(folder, sha, fetch=False)
        response = transport._client.put(
            f"{transport.base_url}/v1/attachments/{sha}",
            content=data,
            headers={**transport.headers(token), "Content-Type": "application/octet-stream"},
        )
        if response.status_code >= 400:
            transport._answer(response)  # one line: signed out, unavailable, refused
        sent += 1
    return sent


def named_in(args: dict[str, Any]) -> list[str]:
    """The attachment hashes a contact.receive intent's record names."""
    record = args.get("record")
    metas = record.get("attachments") if isinstance(record, dict) else None
    return [
        m["sha256"]
        for m in metas or []
        if isinstance(m, dict) and isinstance(m.get("sha256"), str) and _SHA256.match(m["sha256"])
    ]
