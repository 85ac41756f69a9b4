"""The team picker of an account in several teams (issue 16): the queue shows one team or
all of them, the choice is remembered, and a new customer made in the window belongs to
the team chosen (the home team for "All")."""

from __future__ import annotations

import json
from pathlib import Path

from desktop.app import Application
from models.database import set_meta
from models.schema import Contact, Intent
from tests.ui.conftest import Errors, _window
from ui.main_window import MainWindow


def _open_contacts(team: str | None = None) -> int:
    query = Contact.select().where(Contact.status != "resolved")
    if team is not None:
        query = query.where(Contact.team == team)
    return int(query.count())


def test_the_picker_filters_remembers_and_names_the_team_of_new_rows(  # type: ignore[no-untyped-def]
    qtbot, workspace_app: Application, unexpected: Errors, tmp_path: Path
) -> None:
    set_meta("sync_teams", json.dumps({"front": "supervisor", "back": "supervisor"}))
    ids = [c.id for c in Contact.select(Contact.id).order_by(Contact.id)]
    Contact.update(team="front").where(Contact.id.in_(ids[::2])).execute()
    Contact.update(team="back").where(Contact.id.in_(ids[1::2])).execute()
    assert 0 < _open_contacts("back") < _open_contacts()

    windows = _window(qtbot, workspace_app, unexpected, "ben")
    window: MainWindow = next(windows)
    picker = window.teams.combo
    assert picker.isVisible()
    assert [picker.itemText(n) for n in range(picker.count())] == [
        "All teams",
        "front (home)",
        "back",
    ]
    assert window.teams.current() is None and window.teams.for_new_rows() == "front"
    picker.setCurrentIndex(picker.findData("back"))
    qtbot.waitUntil(lambda: window.count_label.text().startswith(f"{_open_contacts('back')} "))
    assert window.queue_model.filter.team == "back"
    assert window.teams.for_new_rows() == "back"
    for shot_size in ((1366, 768), (1920, 1080)):
        window.resize(*shot_size)
        window.grab().save(str(Path("/tmp") / f"team-picker-{shot_size[0]}.png"))

    # an unknown caller made a new customer: of the team chosen
    window.callpop.on_unknown_caller_new("+15550009876", "Nova Caller")
    qtbot.waitUntil(lambda: not window.executor.busy)
    made = Intent.select().order_by(Intent.mutation_id.desc()).first()
    assert made is not None and made.team == "back"
    next(windows, None)  # closes the window

    # a new window shows the team chosen last time, from its first page
    windows = _window(qtbot, workspace_app, unexpected, "ben")
    window = next(windows)
    assert window.teams.current() == "back" and window.queue_model.filter.team == "back"
    assert window.queue_model.rowCount() == min(_open_contacts("back"), 200)
    window.teams.combo.setCurrentIndex(0)  # all teams again
    qtbot.waitUntil(lambda: window.count_label.text().startswith(f"{_open_contacts()} "))
    assert window.queue_model.filter.team is None
    next(windows, None)


def test_no_picker_for_one_team(window: MainWindow) -> None:
    assert not window.teams.combo.isVisible()
    assert window.teams.current() is None and window.teams.for_new_rows() is None
