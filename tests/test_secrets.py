"""Sign-ins and mailbox passwords on a machine without a system keychain (issue 11.10):
a clear way forward instead of "No recommended backend was available", and an explicit
opt-in file readable by its owner only."""

from __future__ import annotations

import io
import json
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

import keyring
import pytest
from keyring.backends.fail import Keyring as NoKeychain

from desktop import cli
from desktop.secrets import ENV, get_secret
from tests.conftest import open_app


@pytest.fixture(autouse=True)
def no_keychain() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(NoKeychain())
    yield
    keyring.set_keyring(previous)


def run(ws: Path, *argv: str, stdin: str = "") -> tuple[int, str]:
    out = io.StringIO()
    saved = sys.stdin
    sys.stdin = io.StringIO(stdin)
    try:
        code = cli.run(cli.parse_args([*argv, "--workspace", str(ws)]), out=out, err=out)
    finally:
        sys.stdin = saved
    return code, out.getvalue()


def test_without_a_keychain_the_message_says_how_to_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(ENV, raising=False)
    ws = tmp_path / "ws"
    open_app(ws).close()
    code, text = run(
        ws,
        "mailbox",
        "add",
        "support",
        "--imap",
        "imaps://support@shop.example@imap.shop.example/INBOX",
        stdin="pw\n",
    )
    assert code == 1
    assert text.count("\n") == 1 and "Traceback" not in text
    assert "no system keychain" in text and f"set {ENV}=" in text
    assert "No recommended backend" not in text


def test_the_opt_in_file_is_readable_by_its_owner_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    secrets = tmp_path / "config" / "secrets.json"
    monkeypatch.setenv(ENV, str(secrets))
    ws = tmp_path / "ws"
    open_app(ws).close()
    code, text = run(
        ws,
        "mailbox",
        "add",
        "support",
        "--imap",
        "imaps://support@shop.example@imap.shop.example/INBOX",
        stdin="s3cret pw\n",
    )
    assert code == 0, text
    assert stat.S_IMODE(secrets.stat().st_mode) == 0o600
    assert stat.S_IMODE(secrets.parent.stat().st_mode) == 0o700
    assert get_secret("lastmile-mailbox", "support") == "s3cret pw"
    assert "s3cret" not in (ws / "lastmile.sqlite3").read_bytes().decode("latin-1")
    assert run(ws, "mailbox", "remove", "support")[0] == 0
    assert json.loads(secrets.read_text()) == {}
