"""Normalizing identity values so that the same person is found the same way."""

from __future__ import annotations

import re
from functools import lru_cache

import phonenumbers

from models.errors import said

_EMAIL = re.compile(r"^[^@\s<>]+@[^@\s<>]+\.[^@\s<>]+$")
_HANDLE = re.compile(r"^[\w.\-]{1,100}$")


class InvalidIdentityError(ValueError):
    pass


def normalize_email(value: str) -> str:
    text = value.strip().lower()
    if not _EMAIL.match(text):
        raise InvalidIdentityError(said("not an email address: {value!r}", value=value))
    return text


_E164 = re.compile(r"^\+[1-9]\d{7,14}$")


def normalize_phone(value: str, region: str = "US") -> str:
    """E.164 form of a phone number; numbers without + are read in ``region``."""
    if _E164.match(value):  # already normalized (machine-made imports): skip the parser
        return value
    return _parse_phone(value, region)


@lru_cache(maxsize=65536)
def _parse_phone(value: str, region: str) -> str:
    """E.164 form of a phone number; numbers without + are read in ``region``."""
    value = value.strip()
    if value.startswith("00"):  # international dialling prefix used in most of the world
        value = "+" + value[2:]
    try:
        number = phonenumbers.parse(value, None if value.startswith("+") else region)
    except phonenumbers.NumberParseException as exc:
        raise InvalidIdentityError(said("not a phone number: {value!r}", value=value)) from exc
    if not phonenumbers.is_possible_number(number):
        raise InvalidIdentityError(said("not a possible phone number: {value!r}", value=value))
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalize_handle(value: str, network: str) -> str:
    """Handles are per network: ``twitter:joansmith``; the same name elsewhere is another key."""
    handle = value.strip().lstrip("@").lower()
    net = (network or "").strip().lower()
    if not net:
        raise InvalidIdentityError(said("handle {value!r} has no network", value=value))
    if not _HANDLE.match(handle):
        raise InvalidIdentityError(said("not a social handle: {value!r}", value=value))
    return f"{net}:{handle}"


def normalize(kind: str, value: str, network: str = "") -> str:
    if kind == "email":
        return normalize_email(value)
    if kind == "phone":
        return normalize_phone(value)
    if kind == "handle":
        return normalize_handle(value, network)
    if kind == "visitor":
        text = value.strip()
        if not text:
            raise InvalidIdentityError(said("empty visitor id"))
        return text
    raise InvalidIdentityError(said("unknown identity kind {kind!r}", kind=kind))


def display_phone(e164: str) -> str:
    try:
        return phonenumbers.format_number(
            phonenumbers.parse(e164, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        return e164


# How long a reply may be on each social network (characters), checked when an agent
# replies so that the gateway never has to cut it. Networks not listed here get no
# check of ours: their gateway refuses what is too long and the line says so.
SOCIAL_LIMITS: dict[str, int] = {
    "twitter": 280,
    "x": 280,
    "bluesky": 300,
    "mastodon": 500,
    "threads": 500,
    "linkedin": 1250,
    "instagram": 2200,
    "tiktok": 2200,
    "facebook": 8000,
}


def social_limit(handle: str) -> tuple[str, int] | None:
    """(network, limit) for a normalized handle such as ``twitter:joansmith``."""
    network = handle.partition(":")[0] if ":" in handle else ""
    limit = SOCIAL_LIMITS.get(network)
    return (network, limit) if limit else None
