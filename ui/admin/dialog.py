"""The admin dialog: one tab per area the signed-in role may change."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QTabWidget, QVBoxLayout, QWidget

from desktop.permissions import admin_areas
from ui.admin.agents import AgentsPage
from ui.admin.alerts import AlertRulesPage
from ui.admin.base import AdminContext, AdminPage
from ui.admin.hours import HoursPage
from ui.admin.settings import RoutingPage, SlaPage
from ui.admin.templates import TemplatesPage
from ui.widgets import guard_wheel, named


def tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("AdminDialog", text, None, n)


PAGES: dict[str, type[AdminPage]] = {
    "agents": AgentsPage,
    "templates": TemplatesPage,
    "alerts": AlertRulesPage,
    "hours": HoursPage,
    "sla": SlaPage,
    "routing": RoutingPage,
}


class AdminDialog(QDialog):
    """Non-modal: the queue stays usable while an admin works here."""

    changes_applied = Signal(object)

    def __init__(self, ctx: AdminContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("AdminDialog")
        self.setWindowTitle(tr("Lastmile — administration"))
        self.resize(1100, 700)
        layout = QVBoxLayout(self)
        self.tabs = named(QTabWidget(), "AdminTabs")
        self.pages: dict[str, AdminPage] = {}
        for area in admin_areas(ctx.actor.role):
            page = PAGES[area](ctx)
            page.saved.connect(self.changes_applied.emit)
            self.pages[area] = page
            self.tabs.addTab(page, tr(page.title))
        layout.addWidget(self.tabs)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout.addWidget(buttons)
        guard_wheel(self)  # a stray wheel turn never changes a capacity or a target
