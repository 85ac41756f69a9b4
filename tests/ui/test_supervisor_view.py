"""The supervisor desk in the real window (issue 13): Ctrl+Shift+S opens it for a supervisor,
it shows the figures of desktop/supervisor.py, follows changes, assigns a team task; an agent
is told they cannot open it; F11 makes it a wallboard."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from desktop.app import Application
from desktop.supervisor import FloorFigures
from models.schema import Agent, Task
from tests.ui.conftest import Errors, _window
from ui.main_window import MainWindow
from ui.supervisor import open_desk
from ui.supervisor.view import SupervisorWindow

# where the screenshots go: a temporary folder, or LASTMILE_SCREENS to keep and look at them
SHOTS_DIR = os.environ.get("LASTMILE_SCREENS")


@pytest.fixture
def lead_window(qtbot, workspace_app: Application, unexpected: Errors) -> Iterator[MainWindow]:
    # a team task that is overdue, for the Tasks tab
    ana = Agent.get(Agent.login == "ana")
    task = Task.select().where(Task.state == "open").first()
    Task.update(owner=None).where(Task.id == task.id).execute()
    assert ana.role == "supervisor"
    yield from _window(qtbot, workspace_app, unexpected, "ana")


def _desk(qtbot, window: MainWindow) -> SupervisorWindow:
    window.supervisor_action.trigger()
    # kept on the window by ui/supervisor (not declared by MainWindow)
    desk = window.supervisor_desk  # type: ignore[attr-defined]
    assert isinstance(desk, SupervisorWindow)
    qtbot.waitUntil(lambda: desk.snapshot is not None, timeout=5000)
    return desk


def test_a_supervisor_opens_the_desk_and_sees_the_figures(
    qtbot,
    lead_window: MainWindow,
    workspace_app: Application,
) -> None:
    desk = _desk(qtbot, lead_window)
    # not None any more: _desk waited for the first figures
    snap: dict[str, Any] = desk.snapshot  # type: ignore[assignment]
    expected = FloorFigures(workspace_app.workspace.database_path).snapshot(snap["as_of"])
    assert desk.tiles["backlog"].value.text() == f"{expected['backlog']['total']:,}"
    assert expected["backlog"]["total"] > 0
    assert desk.tiles["tasks_overdue"].value.text() == f"{expected['tasks']['overdue']:,}"
    assert desk.backlog_table.rowCount() == len(expected["backlog"]["by_channel"])
    desk.tabs.setCurrentIndex(2)  # Agents: tabs are filled when opened
    assert desk.agents_table.rowCount() == len(expected["agents"])
    agents = desk.agents_table.rows_model
    names = [agents.text(r, 0) for r in range(agents.rowCount())]
    assert "Dana Ruiz" not in names  # the trainee is in no figure
    # the team task is given to Ben from the desk: a synced intent, the table follows
    desk.tabs.setCurrentIndex(4)
    tasks = desk.tasks_table.rows_model
    assert tasks.rowCount() == len(expected["tasks"]["rows"]) > 0
    row = next(r for r in range(tasks.rowCount()) if tasks.text(r, 2) == "(team)")
    task_id = tasks.key(row)
    desk.tasks_table.selectRow(row)
    assert desk.assign_button.isEnabled()
    ben = Agent.get(Agent.login == "ben")
    with qtbot.waitSignal(desk.figures_shown, timeout=5000):
        desk.writes.assign_tasks(ben.id)
    qtbot.waitUntil(lambda: Task.get_by_id(task_id).owner_id == ben.id, timeout=5000)
    qtbot.waitUntil(
        lambda: any(
            tasks.key(r) == task_id and tasks.text(r, 2) == "Ben Osei"
            for r in range(tasks.rowCount())
        ),
        timeout=5000,
    )
    # the wallboard: large type, tables away, and back
    desk.wallboard_action.trigger()
    assert desk.wallboard and desk.tabs.isHidden()
    assert desk.tiles["backlog"].value.font().pointSizeF() >= 39
    desk.toggle_wallboard()
    assert not desk.wallboard and not desk.tabs.isHidden()
    # closing hides it; Ctrl+Shift+S brings the same desk back, catching up with the clock
    desk.close()
    assert not desk.isVisible()
    with qtbot.waitSignal(desk.figures_shown, timeout=5000):
        lead_window.supervisor_action.trigger()
    assert lead_window.supervisor_desk is desk and desk.isVisible()
    desk.close()


def test_an_agent_cannot_open_the_desk(qtbot, window: MainWindow) -> None:
    assert open_desk(window) is None
    window.supervisor_action.trigger()
    assert getattr(window, "supervisor_desk", None) is None
    assert "supervisors and admins" in window.message_bar.text()


def test_screens(qtbot, lead_window: MainWindow, tmp_path: Path) -> None:
    """Offscreen grabs at 1366x768 and 1920x1080, light and dark, and the wallboard
    (LASTMILE_SCREENS=DIR keeps them for a person to look at)."""
    from PySide6.QtGui import QColor, QPalette

    desk = _desk(qtbot, lead_window)
    shots = Path(SHOTS_DIR) if SHOTS_DIR else tmp_path
    shots.mkdir(parents=True, exist_ok=True)
    light = desk.palette()
    dark = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#1e1f22"),
        (QPalette.ColorRole.WindowText, "#e6e6e6"),
        (QPalette.ColorRole.Base, "#26282c"),
        (QPalette.ColorRole.AlternateBase, "#2e3035"),
        (QPalette.ColorRole.Text, "#e6e6e6"),
        (QPalette.ColorRole.Button, "#2e3035"),
        (QPalette.ColorRole.ButtonText, "#e6e6e6"),
    ):
        dark.setColor(role, QColor(colour))
    for name, palette in (("light", light), ("dark", dark)):
        desk.setPalette(palette)
        for size in ((1366, 768), (1920, 1080)):
            desk.resize(*size)
            qtbot.wait(50)
            assert desk.grab().save(str(shots / f"supervisor-{name}-{size[0]}.png"))
    desk.setPalette(light)
    desk.toggle_wallboard()
    desk.showNormal()  # the offscreen screen is 800x800: the wall's is 1920x1080
    desk.resize(1920, 1080)
    qtbot.wait(50)
    assert desk.grab().save(str(shots / "wallboard-1920.png"))
    desk.toggle_wallboard()
    desk.close()


def test_the_desk_assigns_a_contact_and_takes_back_from_an_away_agent(
    qtbot, lead_window: MainWindow
) -> None:
    from models.schema import Contact

    desk = _desk(qtbot, lead_window)
    desk.tabs.setCurrentIndex(3)  # Waiting
    table = desk.unanswered_table
    assert table.rowCount() > 0
    table.selectRow(0)
    contact_id = table.rows_model.key(0)
    assert desk.contact_button.isEnabled() and desk.selected_contact() == contact_id
    ben = Agent.get(Agent.login == "ben")
    desk.writes.assign_contact(ben.id)
    qtbot.waitUntil(lambda: Contact.get_by_id(contact_id).assigned_to_id == ben.id, timeout=5000)
    # Ben is away: the supervisor takes back everything he holds
    desk.tabs.setCurrentIndex(2)
    agents = desk.agents_table.rows_model
    row = next(r for r in range(agents.rowCount()) if agents.key(r) == ben.id)
    desk.agents_table.selectRow(row)
    assert desk.take_back_button.isEnabled()
    desk.take_back_button.click()
    qtbot.waitUntil(
        lambda: (
            not Contact.select()
            .where((Contact.assigned_to == ben.id) & (Contact.status != "resolved"))
            .exists()
        ),
        timeout=5000,
    )
    assert Contact.get_by_id(contact_id).assigned_to_id is None
    desk.close()


def test_lastmile_wallboard_is_the_desk_full_screen(
    qtbot,
    lead_window: MainWindow,
    workspace_app: Application,
) -> None:
    import subprocess
    import sys

    desk = open_desk(lead_window, wallboard=True)
    assert desk is not None and desk.wallboard and desk.isFullScreen()
    desk.close()  # closing leaves the wallboard too
    assert not desk.wallboard
    # the command: an agent is refused with one line, before any window opens
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "ui.main",
            "wallboard",
            "--as",
            "ben",
            "--workspace",
            str(workspace_app.workspace.root),
        ],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=root,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        check=False,
    )
    assert done.returncode == 1, done.stderr
    assert done.stderr.strip() == "lastmile: the supervisor desk is for supervisors and admins"


def test_the_desk_reads_an_encrypted_workspace(
    qtbot,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    unexpected: Errors,
) -> None:
    """The figures' own connection finds the workspace's key (SQLCipher) like the window's."""
    from desktop.encryption import create_encrypted
    from desktop.seed import seed
    from desktop.workspace import Workspace
    from models.database import is_encrypted
    from tests.ui.conftest import SEED_NOW

    monkeypatch.setenv("LASTMILE_SECRETS_FILE", str(tmp_path / "secrets.json"))
    ws = Workspace(tmp_path / "ws")
    create_encrypted(ws.database_path)
    app = Application.open(ws)
    try:
        seed(app.db, customers=40, contacts=200, seed_value=3, now=SEED_NOW, open_share=0.2)
        for window in _window(qtbot, app, unexpected, "ana"):
            desk = _desk(qtbot, window)
            assert desk.snapshot is not None and desk.snapshot["backlog"]["total"] > 0
            assert "cannot read" not in desk.as_of.text()
            desk.close()
    finally:
        app.close()
    assert is_encrypted(ws.database_path)
