"""The team picker, for an account in several teams (issue 16): the queue shows one team
or all of them, and what the agent creates here (a new customer from an unknown caller,
a follow-up about no contact) belongs to the team chosen, or to the home team for "All".
Rows about a contact go to that contact's team whatever is chosen (desktop/ops).

The combo sits in the filter bar after the other filters, only while the workspace is
signed in to more than one team; the choice is kept in ui.ini (``queue/team``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QComboBox, QToolBar

from desktop import reads
from ui.controllers.base import Controller
from ui.settings import Settings
from ui.widgets import named

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from ui.main_window import MainWindow


def tr(text: str) -> str:
    return QCoreApplication.translate("TeamPicker", text)


class TeamController(Controller):
    def __init__(self, win: MainWindow) -> None:
        super().__init__(win)
        self.settings = Settings(win.app.workspace.root / "ui.ini")
        self.combo = named(QComboBox(), "TeamFilter")
        self.combo.setToolTip(tr("The team whose queue you see; what you create goes to it"))
        self._action: QAction | None = None
        self.teams: dict[str, str] = {}
        toolbar = win.findChild(QToolBar, "MainToolbar")
        if toolbar is not None:
            # right after the other filters (the assignee filter is the last of them)
            actions = toolbar.actions()
            after = [
                n
                for n, a in enumerate(actions)
                if toolbar.widgetForAction(a) is win.assignee_filter
            ]
            if after and after[0] + 1 < len(actions):
                self._action = toolbar.insertWidget(actions[after[0] + 1], self.combo)
            else:
                self._action = toolbar.addWidget(self.combo)
        self.refresh(apply=False)
        if self.current() is not None:  # the team chosen last time, from the first page
            model = win.queue_model
            model.set_filter(model.filter._replace(team=self.current()))
        self.combo.currentIndexChanged.connect(self.on_team_changed)

    def refresh(self, *, apply: bool = True) -> None:
        """The account's teams as the workspace knows them (after a sign-in, a sync)."""
        teams = reads.signed_in_teams()
        if teams == self.teams and self.combo.count():
            return
        self.teams = teams
        wanted = self.settings.get("queue/team")
        self.combo.blockSignals(True)
        self.combo.clear()
        self.combo.addItem(tr("All teams"), "")
        for n, team in enumerate(teams):
            label = tr("{team} (home)").format(team=team) if n == 0 else team
            self.combo.addItem(label, team)
        self.combo.setCurrentIndex(max(0, self.combo.findData(wanted if wanted in teams else "")))
        self.combo.blockSignals(False)
        if self._action is not None:
            self._action.setVisible(len(teams) > 1)
            self.win.toolbar_fit.fit()
        if apply:
            self.win.queue.on_filter_changed(0)

    def current(self) -> str | None:
        """The team the queue shows (None: all)."""
        team = self.combo.currentData() if len(self.teams) > 1 else ""
        return str(team) if team else None

    def for_new_rows(self) -> str | None:
        """The team a row created here belongs to: the one chosen, the home team for
        "All" (None when signed in to one team or none: the server decides)."""
        if len(self.teams) <= 1:
            return None
        return self.current() or next(iter(self.teams))

    def on_team_changed(self, _index: int) -> None:
        self.settings.set("queue/team", str(self.combo.currentData() or ""))
        self.win.queue.on_filter_changed(0)
