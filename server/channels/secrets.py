"""Secrets the server must be able to use again (a mailbox's password, a webhook's signing
key), kept in PostgreSQL sealed with AES-256-GCM.

The sealing key is not in the database: it is a 32-byte file (``$LASTMILE_SERVER_KEY_FILE``,
default ``~/.config/lastmile-server/secret.key``, made 0600 on first use) or the base64 text
in ``$LASTMILE_SERVER_KEY``. A database dump or backup alone reveals no password; every
server process of one installation needs the same key (copy the file, or set the variable).
A sealed value names the key it was sealed with (the first 8 hex digits of its SHA-256), so
a wrong key is said as such, never as a wrong password.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

ENV_KEY = "LASTMILE_SERVER_KEY"
ENV_KEY_FILE = "LASTMILE_SERVER_KEY_FILE"
PREFIX = "v1"


class SecretError(Exception):
    """The sealing key is missing, unreadable or not the one a secret was sealed with."""


def _key_file() -> Path:
    named = os.environ.get(ENV_KEY_FILE)
    if named:
        return Path(named)
    base = Path(os.environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    return base / "lastmile-server" / "secret.key"


def key() -> bytes:
    """The installation's sealing key (made the first time it is needed)."""
    text = os.environ.get(ENV_KEY)
    if text:
        try:
            raw = base64.b64decode(text, validate=True)
        except (binascii.Error, ValueError):
            raw = b""
        if len(raw) != 32:
            raise SecretError(f"${ENV_KEY} must be 32 bytes in base64")
        return raw
    path = _key_file()
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        raw = secrets.token_bytes(32)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:  # another process made it first
            return key()
        with os.fdopen(fd, "wb") as f:
            f.write(raw)
    except OSError as exc:
        raise SecretError(f"cannot read the server's secret key {path}: {exc}") from None
    if len(raw) != 32:
        raise SecretError(f"the server's secret key {path} is not 32 bytes")
    return raw


def _key_id(raw: bytes) -> str:
    return hashlib.sha256(raw).hexdigest()[:8]


def seal(plain: str) -> str:
    raw = key()
    nonce = secrets.token_bytes(12)
    sealed = AESGCM(raw).encrypt(nonce, plain.encode("utf-8"), PREFIX.encode())
    return f"{PREFIX}:{_key_id(raw)}:{base64.b64encode(nonce + sealed).decode()}"


def unseal(text: str) -> str:
    raw = key()
    try:
        prefix, key_id, body = text.split(":", 2)
        data = base64.b64decode(body, validate=True)
    except (ValueError, binascii.Error):
        raise SecretError("a stored secret is damaged; set it again") from None
    if prefix != PREFIX:
        raise SecretError("a stored secret is damaged; set it again")
    if key_id != _key_id(raw):
        raise SecretError(
            f"a stored secret was sealed with another server key ({key_id}); give this "
            f"process the same key (${ENV_KEY_FILE} or ${ENV_KEY}) or set the secret again"
        )
    try:
        return AESGCM(raw).decrypt(data[:12], data[12:], PREFIX.encode()).decode("utf-8")
    except (InvalidTag, UnicodeDecodeError):
        raise SecretError("a stored secret is damaged; set it again") from None
