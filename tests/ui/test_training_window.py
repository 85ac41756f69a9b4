"""A complete scripted training session through the real window: it opens no network
socket, sends nothing, and leaves the live workspace byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt

from desktop.app import Application
from desktop.seed import seed
from desktop.training.scenario import find_scenario
from desktop.training.session import create_from_scenario, info, open_training, training_root
from desktop.workspace import Workspace
from models.schema import Outbound, Task, TrainingArrival
from ui.executor import DbExecutor
from ui.main_window import MainWindow


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.glob("lastmile.sqlite3*"))}


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[Any]:
    attempts: list[Any] = []

    def refuse(*args: Any, **kwargs: Any) -> None:
        attempts.append(args)
        raise AssertionError(f"training opened a network connection: {args}")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    return attempts


def test_scripted_training_session(qtbot, tmp_path: Path, no_network: list[Any]) -> None:  # type: ignore[no-untyped-def]
    live_root = tmp_path / "live"
    live = Application.open(Workspace(live_root))
    seed(live.db, customers=20, contacts=50, now=datetime.now(UTC))
    live.close()
    before = digest(live_root)

    root = training_root(live_root, "trainee")
    create_from_scenario(root, find_scenario("morning-mixed"))
    app = open_training(root)
    actor = app.sign_in(info().trainee)
    executor = DbExecutor(app.db)
    window = MainWindow(app, executor)
    qtbot.addWidget(window)
    window.show()
    try:
        assert "TRAINING" in window.windowTitle()
        panel = window.training_panel
        assert panel is not None
        qtbot.waitUntil(lambda: window.queue_model.rowCount() == 1, timeout=5000)
        app.clock.advance(12)  # type: ignore[attr-defined]
        panel.tick()
        qtbot.waitUntil(lambda: window.queue_model.rowCount() == 4, timeout=5000)
        tweet = TrainingArrival.get(TrainingArrival.key == "mia-tweet").contact_id
        window.show_contact(tweet)
        contact_panel = window.contact_panel
        assert contact_panel.contact_id == tweet
        combo = contact_panel.template_combo
        index = next(i for i in range(combo.count())
                     if combo.itemText(i).startswith("Public apology"))
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
        assert "Mia" in contact_panel.composer.toPlainText()
        assert "Sam" in contact_panel.composer.toPlainText()
        qtbot.mouseClick(contact_panel.reply_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: Outbound.select().where(Outbound.contact == tweet).exists(),
                        timeout=3000)
        contact_panel.follow_title.setText("DM Mia about the refund")
        qtbot.mouseClick(contact_panel.follow_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: Task.select().where(Task.owner == actor.id).exists(),
                        timeout=3000)
        panel.refresh_sent()
        texts = [panel.sent_list.item(i).text() for i in range(panel.sent_list.count())]
        assert any("sorry" in t for t in texts)
        assert {o.state for o in Outbound.select()} == {"simulated"}
        report = panel.current_feedback()
        mia = next(c for c in report.contacts if c.key == "mia-tweet")
        assert {"personalize", "apologise_publicly", "follow_up"} <= set(mia.kept)
        qtbot.waitUntil(lambda: not executor.busy, timeout=5000)
    finally:
        window.close()
        executor.shutdown()
        app.close()
    assert no_network == []
    assert digest(live_root) == before
