"""The window syncs in the background and tells the agent when the server refused an action."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from desktop.app import Application
from desktop.ops import Actor
from desktop.ops import agents as agent_ops
from desktop.ops import contacts as contact_ops
from desktop.sync.transport import HttpTransport, SyncUnavailable
from desktop.workspace import Workspace
from models.schema import Agent, Contact
from tests.server.helpers import add_user, contact_record, login, password, sync, workspace
from ui.executor import DbExecutor
from ui.main_window import MainWindow


def test_window_shows_sync_state_and_refusals(
    qtbot,
    tmp_path: Path,
    sync_server: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
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
        qtbot.waitUntil(
            lambda: "already taken by Ana Tester" in window.message_bar.text(), timeout=10_000
        )
        assert "0 pending" in window.sync_label.text()
        assert Agent.get_by_id(Contact.get_by_id(contact_id).assigned_to_id).login == ana
    finally:
        window.close()
        executor.shutdown()
        app.close()


def test_supervisor_signs_in_from_the_window_and_reviews_queues_offline(
    qtbot, tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    team = "sup-" + os.urandom(3).hex()
    ana, sue = f"ana-{team}", f"sue-{team}"
    add_user(sync_server, ana, team=team)
    add_user(sync_server, sue, role="supervisor", team=team)
    add_user(sync_server, f"zed-{os.urandom(3).hex()}", team="another-team")
    a, s = tmp_path / "a", tmp_path / "s"
    login(a, sync_server, ana, monkeypatch)
    with workspace(a) as app:
        app.intake.ingest([contact_record(n) for n in range(1, 4)])
    sync(a)

    # a new desktop: the first-run dialog made a local agent; the supervisor signs in
    app = Application.open(Workspace(s))
    agent_ops.add_agent(app.mutator, login="desk", display_name="Front Desk", role="supervisor")
    app.sign_in("desk")
    executor = DbExecutor(app.db)
    window = MainWindow(app, executor)
    qtbot.addWidget(window)
    window.show()
    try:
        server = window.server
        assert window.sync is not None and server is not None
        assert server.server_button.text() == "Sign in…"
        server.open_sign_in()
        dialog = server.sign_in_dialog
        assert dialog is not None
        dialog.server.setText(sync_server["url"])
        dialog.login.setText(sue)
        dialog.password.setText("wrong password")
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.problem.isVisible(), timeout=10_000)
        assert "password" in dialog.problem.text().lower()
        dialog.password.setText(password(sue))
        dialog.submit()
        qtbot.waitUntil(lambda: dialog.result() == QDialog.DialogCode.Accepted, timeout=10_000)
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("● online"), timeout=10_000)
        qtbot.waitUntil(lambda: window.actor.login == sue, timeout=10_000)
        qtbot.waitUntil(lambda: window.queue_model.rowCount() == 3, timeout=10_000)
        assert "Sue Tester" in window.windowTitle()
        assert "team data as of" in window.queue_title.text()
        assert server.server_button.text() == "Server ▾"

        # the network goes away: the queue stays, stamped with the time of the last sync
        # (the realtime stream goes with it; a pull it asked for finishes first, else
        # sync_now below would be skipped as "already syncing")
        assert window.sync is not None
        window.sync.stop_stream()
        qtbot.waitUntil(lambda: not window.sync.executor.busy, timeout=10_000)

        def unreachable(*_args: Any, **_kw: Any) -> Any:
            raise SyncUnavailable("cannot reach the server")

        monkeypatch.setattr(HttpTransport, "post", unreachable)
        monkeypatch.setattr(HttpTransport, "get", unreachable)
        server.sync_now()
        qtbot.waitUntil(lambda: window.sync_label.text().startswith("○ offline"), timeout=10_000)
        assert "(offline)" in window.queue_title.text()
        assert window.queue_model.rowCount() == 3
        shot = window.grab()
        assert not shot.isNull()
        shot.save(str(tmp_path / "supervisor-offline.png"))
    finally:
        window.close()
        executor.shutdown()
        app.close()
