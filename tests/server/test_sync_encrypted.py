"""The sync client on encrypted workspaces (issue 11): an encrypted desktop and a plain
one converge through the real server; encrypting a signed-in workspace keeps its sync
client id and its outbox."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from models.database import get_meta, is_encrypted
from models.schema import Agent, Contact, Intent
from tests.server.helpers import contact_record, login, new_team, run_cli, sync, workspace


def test_an_encrypted_desktop_syncs_like_a_plain_one(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("LASTMILE_SECRETS_FILE", raising=False)  # keys in the (test) keychain
    _team, (ana, ben) = new_team(sync_server, "ana", "ben")
    a, b = tmp_path / "a", tmp_path / "b"
    assert run_cli("init", "--encrypted", "--workspace", str(a))[0] == 0
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(1)])
    assert sync(a)["pushed"] == 1
    login(b, sync_server, ben, monkeypatch)  # a plain desktop
    with workspace(b) as app:
        contact_id = Contact.get().id
        contact_ops.claim(app.mutator, Actor.of(Agent.get(Agent.login == ben)), contact_id)
        app.intake.ingest([contact_record(2)])
    with workspace(b) as app:
        client = get_meta("client_id")
    code, text = run_cli("encrypt", "--workspace", str(b))  # signed in, changes pending
    assert code == 0, text
    assert is_encrypted(b / "lastmile.sqlite3")
    with workspace(b) as app:
        assert get_meta("client_id") == client  # the same desktop to the server
        assert Intent.select().where(Intent.state == "pending").count() == 2
    assert sync(b)["pushed"] == 2
    sync(a)
    with workspace(a) as app:
        assert Contact.select().count() == 2
        holder = Agent.get_by_id(Contact.get_by_id(contact_id).assigned_to_id)
        assert holder.login == ben
    assert is_encrypted(a / "lastmile.sqlite3")
