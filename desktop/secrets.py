"""Where sign-in tokens and mailbox passwords are kept: the system keychain, or — where a
machine has none (a headless or minimal Linux) and the user opts in by setting
``LASTMILE_SECRETS_FILE`` — a JSON file readable by its owner only (0600). Never in the
workspace database.
"""

from __future__ import annotations

import contextlib
import json
import os
from pathlib import Path

from models.errors import UserFacingError

ENV = "LASTMILE_SECRETS_FILE"
HINT = (
    f"this machine has no system keychain; to keep sign-ins and mailbox passwords in a "
    f"file readable only by you, set {ENV}=~/.config/lastmile/secrets.json and try again"
)


def store_name() -> str:
    """Where secrets are kept on this machine, in words (for messages that say where to
    look): the secrets file if one is set, else the system keychain."""
    path = _file()
    return f"the secrets file {path}" if path is not None else "the system keychain"


def _file() -> Path | None:
    value = os.environ.get(ENV, "").strip()
    return Path(value).expanduser() if value else None


def _read(path: Path) -> dict[str, str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError) as exc:
        raise UserFacingError(f"cannot read the secrets file {path}: {exc}") from None
    return {str(k): str(v) for k, v in data.items()} if isinstance(data, dict) else {}


def _write(path: Path, data: dict[str, str]) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        temporary = path.with_name(path.name + ".tmp")
        # created readable by the owner only before a byte is written
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(data, handle)
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except OSError as exc:
        raise UserFacingError(f"cannot write the secrets file {path}: {exc}") from None


def _no_keychain(exc: Exception) -> UserFacingError:
    from keyring.errors import NoKeyringError

    if isinstance(exc, NoKeyringError) or "No recommended backend" in str(exc):
        return UserFacingError(HINT)
    return UserFacingError(f"the system keychain refused: {exc}")


def set_secret(service: str, key: str, value: str) -> None:
    path = _file()
    if path is not None:
        data = _read(path)
        data[f"{service}|{key}"] = value
        _write(path, data)
        return
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(service, key, value)
    except KeyringError as exc:
        raise _no_keychain(exc) from None


def get_secret(service: str, key: str) -> str | None:
    path = _file()
    if path is not None:
        return _read(path).get(f"{service}|{key}")
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(service, key)
    except KeyringError as exc:
        raise _no_keychain(exc) from None


def delete_secret(service: str, key: str) -> None:
    path = _file()
    if path is not None:
        data = _read(path)
        if data.pop(f"{service}|{key}", None) is not None:
            _write(path, data)
        return
    import keyring
    from keyring.errors import KeyringError, PasswordDeleteError

    with contextlib.suppress(PasswordDeleteError, KeyringError):
        keyring.delete_password(service, key)
