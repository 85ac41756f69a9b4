"""Mailbox settings: where a desktop alone fetches mail (IMAP) and sends it (SMTP).

A mailbox is ``imaps://user@host[:port]/FOLDER`` (and ``smtps://`` or ``smtp://`` for
sending; ``smtp://`` uses STARTTLS when the server offers it). Passwords are kept in the
system keychain like the sync token, never in the database. With a sync server the
server runs the connectors; a desktop alone runs them itself, never both (see
:func:`runs_here`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from urllib.parse import unquote

from desktop.clock import Clock
from desktop.secrets import delete_secret, get_secret, set_secret
from models.database import get_meta
from models.errors import UserFacingError
from models.schema import Mailbox

KEYRING_SERVICE = "lastmile-mailbox"
NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$")
DEFAULT_PORTS = {"imap": 143, "imaps": 993, "smtp": 587, "smtps": 465}


@dataclass(frozen=True)
class Endpoint:
    """A parsed ``scheme://user@host:port/path``."""

    scheme: str
    user: str
    host: str
    port: int
    path: str

    @property
    def secure(self) -> bool:
        return self.scheme.endswith("s")

    def __str__(self) -> str:
        return f"{self.scheme}://{self.user}@{self.host}:{self.port}{self.path}"


def parse_endpoint(url: str, kinds: tuple[str, ...]) -> Endpoint:
    """``imaps://user@host:993/INBOX``; the user may itself be an address (the last @
    separates it from the host)."""
    scheme, sep, rest = url.partition("://")
    scheme = scheme.lower()
    if not sep or scheme not in kinds:
        raise UserFacingError(
            f"{url!r}: expected {' or '.join(k + '://' for k in kinds)}user@host[:port]"
        )
    authority, _, path = rest.partition("/")
    user, at, hostport = authority.rpartition("@")
    if not at or not user or not hostport:
        raise UserFacingError(
            f"{url!r}: say the login and the host, e.g. {scheme}://support@mail.example.com"
        )
    host, colon, port_text = hostport.partition(":")
    if colon:
        if not port_text.isdigit() or not 0 < int(port_text) < 65536:
            raise UserFacingError(f"{url!r}: the port must be a number from 1 to 65535")
        port = int(port_text)
    else:
        port = DEFAULT_PORTS[scheme]
    return Endpoint(scheme, unquote(user), host.lower(), port, "/" + unquote(path) if path else "")


def folder_of(endpoint: Endpoint) -> str:
    return endpoint.path.lstrip("/") or "INBOX"


def runs_here() -> bool:
    """A desktop signed in to a sync server leaves the connectors to the server."""
    return not get_meta("server_url")


def add(
    name: str,
    *,
    imap: str,
    smtp: str = "",
    skill: str = "general",
    address: str = "",
    password: str,
    clock: Clock,
) -> Mailbox:
    if not NAME.match(name):
        raise UserFacingError(f"{name!r}: a mailbox name is letters, digits, '.', '_' or '-'")
    if Mailbox.get_or_none(Mailbox.name == name) is not None:
        raise UserFacingError(f"there is already a mailbox {name!r} (remove it first)")
    incoming = parse_endpoint(imap, ("imap", "imaps"))
    outgoing = parse_endpoint(smtp, ("smtp", "smtps")) if smtp else None
    if not address:
        address = incoming.user if "@" in incoming.user else ""
    if outgoing is not None and "@" not in address:
        raise UserFacingError(
            "say the address replies are sent from: --address support@example.com"
        )
    if not password:
        raise UserFacingError("the mailbox needs its password (prompted, or one line on stdin)")
    store_password(name, password)
    return Mailbox.create(
        name=name,
        imap_url=str(incoming),
        smtp_url=str(outgoing) if outgoing else "",
        skill=(skill or "general").strip().lower(),
        address=address,
        created_at=clock.now(),
    )


def remove(name: str) -> None:
    box = get(name)
    box.delete_instance()
    forget_password(name)


def get(name: str) -> Mailbox:
    box = Mailbox.get_or_none(Mailbox.name == name)
    if box is None:
        known = ", ".join(b.name for b in Mailbox.select()) or "none"
        raise UserFacingError(f"no mailbox {name!r} (mailboxes: {known})")
    return box


def store_password(name: str, password: str) -> None:
    set_secret(KEYRING_SERVICE, name, password)


def load_password(name: str) -> str:
    password = get_secret(KEYRING_SERVICE, name)
    if not password:
        raise UserFacingError(
            f"no password is kept for mailbox {name!r}: remove it and add it again"
        )
    return password


def forget_password(name: str) -> None:
    delete_secret(KEYRING_SERVICE, name)
