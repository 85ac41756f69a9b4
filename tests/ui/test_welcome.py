"""The Welcome dialog of a new workspace (issue 15, item 11): readable, and a refusal is
said in the dialog instead of closing the app."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from desktop.ops import agents as agent_ops
from models.schema import Agent
from tests.conftest import open_app
from ui.app import FirstAgentDialog


def test_empty_or_bad_fields_are_said_in_place_and_a_good_one_makes_the_admin(
    qtbot, tmp_path: Path
) -> None:
    app = open_app(tmp_path / "ws")
    try:
        made: list[str] = []

        def create(login: str, name: str) -> None:
            agent_ops.add_agent(
                app.mutator, login=login, display_name=name, role="admin", skills={"general": 1}
            )
            made.append(login)

        dialog = FirstAgentDialog(create)
        qtbot.addWidget(dialog)
        dialog.show()
        assert dialog.width() >= 460 and dialog.height() > 110
        dialog.accept()  # OK with empty fields
        assert dialog.isVisible() and "Say your name" in dialog.error.text()
        qtbot.keyClicks(dialog.name, "Ana Kovac")
        assert dialog.login.text() == "ana"  # suggested from the first name
        dialog.login.setText("Not a login!")
        qtbot.keyClick(dialog.login, Qt.Key.Key_Return)
        assert dialog.isVisible() and dialog.error.isVisible() and not made
        dialog.login.setText("ana")
        qtbot.keyClick(dialog.login, Qt.Key.Key_Return)
        assert made == ["ana"] and not dialog.isVisible()
        assert Agent.get(Agent.login == "ana").role == "admin"
    finally:
        app.close()
