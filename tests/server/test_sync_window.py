"""The window syncs in the background and tells the agent when the server refused an action."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import pytest

from desktop.app import Application
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.workspace import Workspace
from models.schema import Agent, Contact
from tests.server.helpers import add_user, contact_record, login, sync, workspace
from ui.executor import DbExecutor
from ui.main_window import MainWindow


def test_window_shows_sync_state_and_refusals(qtbot, tmp_path: Path, sync_server: dict[str, Any],  # type: ignore[no-untyped-def]
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    team = "win-" + os.urandom(3).hex()
    ana, ben = f"ana-{team}", f"ben-{team}"
    add_user(sync_server, ana, team=team)
    add_user(sync_server, ben, team=team)
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(1)])
    sync(a)
    login(b, sync_server, ben, monkeypatch)
    with workspace(b) as app:
        contact_id = Contact.get().id
        contact_ops.claim(app.mutator, Actor.of(Agent.get(Agent.login == ben)), contact_id)
    with workspace(a) as app:
        contact_ops.claim(app.mutator, Actor.of(Agent.get(Agent.login == ana)), contact_id)
    sync(a)  # ana got there first

    app = Application.open(Workspace(b))
    app.sign_in(ben)
    executor = DbExecutor(app.db)
    window = MainWindow(app, executor)
    qtbot.addWidget(window)
    window.show()
    try:
        assert window.sync is not None
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("● online"), timeout=10_000)
        qtbot.waitUntil(lambda: "already taken by Ana Tester" in window.message_bar.text(),
                        timeout=10_000)
        assert "0 pending" in window.sync_label.text()
        assert Agent.get_by_id(Contact.get_by_id(contact_id).assigned_to_id).login == ana
    finally:
        window.close()
        executor.shutdown()
        app.close()
