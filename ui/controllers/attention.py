"""What needs the agent: open SLA alerts for them and their follow-ups due within 2 h."""

from __future__ import annotations

from PySide6.QtWidgets import QListWidgetItem

from desktop import reads
from desktop.reads import Alert, Task
from ui.controllers.base import Controller, ResultRole
from ui.formatting import time_left, when


class AttentionController(Controller):
    def attention_items(self) -> tuple[list[Alert], list[Task]]:
        return reads.attention(self.win.actor.id, self.win.app.clock.now())

    def refresh_attention(self) -> None:
        alerts, tasks = self.attention_items()
        parts = []
        if alerts:
            parts.append(self.tr("⚠ %n alert(s)", "", len(alerts)))
        if tasks:
            parts.append(self.tr("⚑ %n follow-up(s) due", "", len(tasks)))
        self.win.attention_button.setText("  ·  ".join(parts))
        self.win.attention_button.setVisible(bool(parts))

    def show_attention(self) -> None:
        w = self.win
        alerts, tasks = self.attention_items()
        w.results_list.clear()
        now = w.app.clock.now()
        for task in tasks:
            item = QListWidgetItem(
                f"⚑ {when(task.due_at, now)} ({time_left(task.due_at, now)})  {task.title}"
            )
            item.setData(ResultRole, ("task", task.customer_id, task.contact_id))
            w.results_list.addItem(item)
        for alert in alerts:
            item = QListWidgetItem(f"⚠ {when(alert.at, now)}  {alert.summary}")
            item.setData(ResultRole, ("alert", None, alert.contact_id))
            w.results_list.addItem(item)
        if not w.results_list.count():
            w.results_list.addItem(QListWidgetItem(self.tr("Nothing needs you right now.")))
        w.left_stack.setCurrentWidget(w.results_list)
