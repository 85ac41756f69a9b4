"""A complete scripted training session through the real window: it opens no network
socket, sends nothing, and leaves the live workspace byte-for-byte unchanged."""

from __future__ import annotations

import hashlib
import json
import socket
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLabel

from desktop.app import Application
from desktop.seed import seed
from desktop.training.scenario import find_scenario
from desktop.training.session import create_from_scenario, info, open_training, training_root
from desktop.workspace import Workspace
from models.schema import Outbound, Task, TrainingArrival
from tests.ui.conftest import Errors
from ui.executor import DbExecutor
from ui.main_window import MainWindow
from ui.training_feedback import FeedbackDialog


def digest(folder: Path) -> dict[str, str]:
    return {
        p.name: hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.glob("lastmile.sqlite3*"))
    }


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


def test_scripted_training_session(
    qtbot,
    tmp_path: Path,
    no_network: list[Any],
    unexpected: Errors,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    live_root = tmp_path / "live"
    live = Application.open(Workspace(live_root))
    seed(live.db, customers=20, contacts=50, now=datetime.now(UTC))
    live.close()
    before = digest(live_root)

    root = training_root(live_root, "trainee", "morning-mixed")
    create_from_scenario(root, find_scenario("morning-mixed"))
    app = open_training(root)
    actor = app.sign_in(info().trainee)
    executor = DbExecutor(app.db)
    window = MainWindow(app, executor, unexpected)
    qtbot.addWidget(window)
    window.show()
    try:
        assert "TRAINING" in window.windowTitle()
        banner = window.findChild(QLabel, "TrainingBanner")
        assert banner is not None and banner.isVisible()
        panel = window.training_panel
        assert panel is not None
        qtbot.waitUntil(lambda: window.queue_model.rowCount() == 1, timeout=5000)
        assert "1 of 10 contacts arrived" in panel.clock_label.text()

        # the influencer's tweet: public apology template, sent (in practice), follow-up set
        tweet = TrainingArrival.get(TrainingArrival.key == "mia-tweet").contact_id
        assert tweet is not None
        window.queue.show_contact(tweet)
        qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
        contact_panel = window.contact_panel
        assert contact_panel.contact_id == tweet
        assert "○" in panel.contact_feedback.text()  # to do, not judged yet
        combo = contact_panel.template_combo
        index = next(
            i for i in range(combo.count()) if combo.itemText(i).startswith("Public apology")
        )
        combo.setCurrentIndex(index)
        combo.activated.emit(index)
        assert "Mia" in contact_panel.composer.toPlainText()
        assert "Sam" in contact_panel.composer.toPlainText()
        qtbot.mouseClick(contact_panel.reply_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(
            lambda: Outbound.select().where(Outbound.contact == tweet).count() == 2, timeout=3000
        )  # the acknowledgement and the reply
        contact_panel.follow_title.setText("DM Mia about the refund")
        qtbot.mouseClick(contact_panel.follow_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: Task.select().where(Task.owner == actor.id).exists(), timeout=3000)
        qtbot.waitUntil(
            lambda: (
                "✗" not in panel.contact_feedback.text()
                and panel.contact_feedback.text().count("✓") == 4
            ),
            timeout=3000,
        )

        # no waiting: the failed checkout arrives at once, and gets a careless answer
        qtbot.mouseClick(panel.skip_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: window.queue_model.rowCount() == 2, timeout=5000)
        session = TrainingArrival.get(TrainingArrival.key == "kim-session").contact_id
        assert session is not None
        window.queue.show_contact(session)
        qtbot.waitUntil(lambda: not window.executor.busy, timeout=5000)
        contact_panel.composer.setPlainText("Your payment failed.")
        qtbot.mouseClick(contact_panel.reply_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "✗" in panel.contact_feedback.text(), timeout=3000)

        # what would have been sent, in the practice outbox only
        qtbot.waitUntil(lambda: panel.sent_list.count() == 3, timeout=3000)
        texts = [panel.sent_list.item(i).text() for i in range(panel.sent_list.count())]
        assert any("sorry" in t for t in texts) and any("payment failed" in t for t in texts)
        assert {o.state for o in Outbound.select()} == {"simulated"}

        # the private feedback, exported because the trainee chose to
        qtbot.mouseClick(panel.feedback_button, Qt.MouseButton.LeftButton)
        dialog = panel.feedback_dialog
        assert isinstance(dialog, FeedbackDialog) and dialog.isVisible()
        text = dialog.view.toPlainText()
        assert "Answered 2 of 2 contacts" in text and "What to practise next" in text
        export = tmp_path / "my-feedback.json"
        monkeypatch.setattr(
            QFileDialog, "getSaveFileName", lambda *a, **k: (str(export), "JSON (*.json)")
        )
        dialog.export_button.click()
        report = json.loads(export.read_text(encoding="utf-8"))
        by_key = {c["key"]: c for c in report["contacts"]}
        assert set(by_key["mia-tweet"]["kept"]) == {
            "respond_fast",
            "personalize",
            "apologise_publicly",
            "follow_up",
        }
        assert set(by_key["kim-session"]["missed"]) == {"personalize", "follow_up"}
        dialog.close()
        qtbot.waitUntil(lambda: not executor.busy, timeout=5000)
    finally:
        window.close()
        executor.shutdown()
        app.close()
    assert no_network == []
    assert not unexpected.items, unexpected.items
    assert digest(live_root) == before


def test_practice_button_opens_the_agents_own_training(
    qtbot, window: MainWindow, monkeypatch: pytest.MonkeyPatch
) -> None:
    import subprocess
    import sys

    from desktop import cli

    launched: list[list[str]] = []
    monkeypatch.setattr(subprocess, "Popen", lambda command, **_: launched.append(command))
    qtbot.mouseClick(window.practice_button, Qt.MouseButton.LeftButton)
    monkeypatch.undo()
    assert len(launched) == 1
    argv = launched[0][launched[0].index("--training") :]
    args = cli.parse_args(argv)
    live_root = window.app.workspace.root
    assert Path(args.workspace) == live_root and args.agent == window.actor.login
    assert args.trainee_name == window.actor.display_name
    # what the new process does first (its own process: one workspace per process)
    script = (
        "import sys, json\n"
        "touched = []\n"
        "def audit(event, args):\n"
        "    if event in ('open', 'sqlite3.connect') and 'lastmile.sqlite3' in str(args[0]):\n"
        "        touched.append(str(args[0]))\n"
        "sys.addaudithook(audit)\n"
        "from desktop import cli\n"
        "from ui.app import prepare_training\n"
        "from desktop.training.session import info, open_training\n"
        "from models.schema import Agent\n"
        "args = cli.parse_args(sys.argv[1:])\n"
        "root = prepare_training(args, cli.resolve_root(args.workspace))\n"
        "app = open_training(root)\n"
        "agent = Agent.get(Agent.login == info().trainee)\n"
        "app.close()\n"
        "print(json.dumps([str(root), agent.login, agent.display_name, touched]))\n"
    )
    proc = subprocess.run(
        [sys.executable, "-c", script, *argv], capture_output=True, text=True, timeout=60
    )
    assert proc.returncode == 0, proc.stderr
    root, login, name, touched = json.loads(proc.stdout)
    assert Path(root) == training_root(live_root, window.actor.login, "morning-mixed")
    assert (login, name) == (window.actor.login, window.actor.display_name)
    assert touched == []  # the live database was not even opened
