"""What needs the agent: their open alerts (SLA, overdue tasks, assignments; for a supervisor
or an admin also the team's alert-rule alarms, desktop/alerts.py) and their follow-ups due
within 2 h. An alarm shows its evidence (tooltip) and is acknowledged from its context menu."""

from __future__ import annotations

import json
from typing import Any

from PySide6.QtCore import QCoreApplication, QPoint, Qt
from PySide6.QtWidgets import QListWidgetItem, QMenu

from desktop import reads
from desktop.ops import alerts as alert_ops
from desktop.reads import Alert, Task
from ui.controllers.base import Controller, ResultRole
from ui.formatting import local, time_left

AlertRole = Qt.ItemDataRole.UserRole + 4  # the alert id of an attention row


def tr(text: str) -> str:
    return QCoreApplication.translate("Attention", text)


def evidence_text(alert: Alert) -> str:
    """An alert's evidence in a few lines (the list row's tooltip)."""
    try:
        detail: dict[str, Any] = json.loads(alert.detail or "{}")
    except ValueError:
        detail = {}
    lines = [str(alert.summary)]
    if "observed" in detail:
        lines.append(
            tr("Observed {o} in {m} min; baseline {b} ({how}); p = {p}").format(
                o=detail["observed"],
                m=detail.get("window_minutes", "?"),
                b=detail.get("baseline"),
                how=detail.get("baseline_of") or detail.get("method", ""),
                p=detail.get("p_value"),
            )
        )
    if detail.get("followers") is not None:
        lines.append(
            tr("Followers: {f:,} (threshold {t:,})").format(
                f=int(detail["followers"]), t=int(detail.get("threshold") or 0)
            )
        )
    ids = detail.get("contact_ids") or []
    if ids:
        lines.append(tr("{n} contact(s) as evidence").format(n=len(ids)))
    lines.append(tr("Right-click to acknowledge"))
    return "\n".join(lines)


class AttentionController(Controller):
    _menu_ready = False

    def attention_items(self) -> tuple[list[Alert], list[Task]]:
        return reads.attention(self.win.actor.id, self.win.app.clock.now())

    def refresh_attention(self) -> None:
        alerts, tasks = self.attention_items()
        parts = []
        if alerts:
            parts.append(f"⚠ {len(alerts)} alert{'s' if len(alerts) != 1 else ''}")
        if tasks:
            parts.append(f"⚑ {len(tasks)} follow-up{'s' if len(tasks) != 1 else ''} due")
        self.win.attention_button.setText("  ·  ".join(parts))
        self.win.attention_button.setVisible(bool(parts))

    def show_attention(self) -> None:
        w = self.win
        self._install_menu()
        alerts, tasks = self.attention_items()
        w.results_list.clear()
        now = w.app.clock.now()
        for task in tasks:
            item = QListWidgetItem(
                f"⚑ {local(task.due_at)} ({time_left(task.due_at, now)})  {task.title}"
            )
            item.setData(ResultRole, ("task", task.customer_id, task.contact_id))
            w.results_list.addItem(item)
        for alert in alerts:
            item = QListWidgetItem(f"⚠ {local(alert.at)}  {alert.summary}")
            item.setData(ResultRole, ("alert", None, alert.contact_id))
            item.setData(AlertRole, str(alert.id))
            item.setToolTip(evidence_text(alert))
            w.results_list.addItem(item)
        if not w.results_list.count():
            w.results_list.addItem(QListWidgetItem("Nothing needs you right now."))
        w.left_stack.setCurrentWidget(w.results_list)

    def _install_menu(self) -> None:
        if self._menu_ready:
            return
        self._menu_ready = True
        lst = self.win.results_list
        lst.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        lst.customContextMenuRequested.connect(self.on_results_menu_requested)

    def on_results_menu_requested(self, pos: QPoint) -> None:
        item = self.win.results_list.itemAt(pos)
        alert_id = item.data(AlertRole) if item is not None else None
        if not alert_id:
            return
        menu = QMenu(self.win.results_list)
        menu.addAction(tr("Acknowledge"), lambda: self.acknowledge(str(alert_id)))
        menu.popup(self.win.results_list.viewport().mapToGlobal(pos))

    def acknowledge(self, alert_id: str) -> None:
        """Acknowledge an alert (off the UI thread), then show the list without it."""
        w = self.win
        actor = w.actor

        def ack() -> bool:
            return alert_ops.acknowledge(
                w.app.mutator, alert_id, actor_id=actor.id, by=actor.display_name
            )

        def done(_result: object) -> None:
            w.message_bar.show_message(tr("Alert acknowledged."), seconds=5)
            self.refresh_attention()
            self.show_attention()

        w.executor.run(ack, done, lambda e: w.message_bar.show_message(str(e), error=True))
