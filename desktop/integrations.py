"""Integrations of the HTTP intake: who may post records, on which channel, and where
our replies on that channel leave (an optional webhook).

A key is ``lmk_<key id>_<secret>``: the key id finds the row, the database keeps only a
salted SHA-256 hash of the whole key, so a copied database file cannot post. A key is
shown once, when the integration is added. Replies are signed with the key (HMAC), so an
integration with a webhook also keeps its key in the system keychain, like a mailbox
password; one without a webhook needs no keychain at all.
"""

from __future__ import annotations

import contextlib
import hashlib
import hmac
import re
import secrets
from dataclasses import dataclass
from urllib.parse import urlsplit

from desktop.clock import Clock
from desktop.training.guard import ensure_live
from models.errors import UserFacingError
from models.schema import CHANNELS, Integration

KEYRING_SERVICE = "lastmile-integration"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
KEY = re.compile(r"^lmk_([0-9a-f]{12})_[A-Za-z0-9_-]{20,100}$")
# channels whose replies leave through an integration's webhook (email leaves by SMTP)
GATEWAY_CHANNELS = ("sms", "chat", "social")


@dataclass(frozen=True)
class Added:
    integration: Integration
    key: str  # shown once


def key_hash(salt: str, key: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt) + key.encode()).hexdigest()


def add(name: str, *, channel: str, webhook: str = "", kind: str, clock: Clock) -> Added:
    """A new integration and its key (the only time the key is seen)."""
    ensure_live(kind, "an integration")
    if not NAME.match(name):
        raise UserFacingError(f"{name!r}: an integration name is letters, digits, '.', '_' or '-'")
    if channel not in CHANNELS:
        raise UserFacingError(
            f"unknown channel {channel!r} (expected one of {', '.join(CHANNELS)})"
        )
    if Integration.get_or_none(Integration.name == name) is not None:
        raise UserFacingError(f"there is already an integration {name!r} (remove it first)")
    if webhook:
        parts = urlsplit(webhook)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise UserFacingError(f"{webhook!r}: the webhook must be an http:// or https:// URL")
        if channel not in GATEWAY_CHANNELS:
            raise UserFacingError(
                f"replies on {channel} do not leave by webhook (only {', '.join(GATEWAY_CHANNELS)})"
            )
    key_id = secrets.token_hex(6)
    key = f"lmk_{key_id}_{secrets.token_urlsafe(32)}"
    salt = secrets.token_hex(16)
    if webhook:
        _store_key(name, key)
    row = Integration.create(
        name=name,
        channel=channel,
        webhook_url=webhook,
        key_id=key_id,
        key_salt=salt,
        key_hash=key_hash(salt, key),
        created_at=clock.now(),
    )
    return Added(row, key)


def remove(name: str) -> None:
    row = get(name)
    row.delete_instance()
    _forget_key(name)


def get(name: str) -> Integration:
    row = Integration.get_or_none(Integration.name == name)
    if row is None:
        known = ", ".join(i.name for i in Integration.select()) or "none"
        raise UserFacingError(f"no integration {name!r} (integrations: {known})")
    return row


def verify(key: str) -> Integration | None:
    """The integration this key belongs to, or None (compared in constant time)."""
    match = KEY.match(key or "")
    if match is None:
        return None
    row = Integration.get_or_none(Integration.key_id == match.group(1))
    if row is None:
        return None
    return row if hmac.compare_digest(key_hash(row.key_salt, key), row.key_hash) else None


def webhook_for(channel: str) -> Integration | None:
    """The integration replies on this channel leave through (the oldest with a webhook)."""
    found: Integration | None = (
        Integration.select()
        .where((Integration.channel == channel) & (Integration.webhook_url != ""))
        .order_by(Integration.created_at, Integration.name)
        .first()
    )
    return found


def signing_key(name: str) -> str:
    import keyring
    from keyring.errors import KeyringError

    try:
        key = keyring.get_password(KEYRING_SERVICE, name)
    except KeyringError as exc:
        raise UserFacingError(
            f"cannot read the key of integration {name!r} from the system keychain: {exc}"
        ) from None
    if not key:
        raise UserFacingError(
            f"no key is kept for integration {name!r}: remove it and add it again"
        )
    return key


def _store_key(name: str, key: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, name, key)
    except KeyringError as exc:
        raise UserFacingError(
            f"cannot keep the key in the system keychain (replies are signed with it): {exc}"
        ) from None


def _forget_key(name: str) -> None:
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(KEYRING_SERVICE, name)
