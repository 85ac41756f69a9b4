"""The desk's writes, each an ordinary synced intent run on the window's executor:
assign tasks, assign a contact, take back every contact an away agent holds."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from desktop.changes import Changes
from desktop.ops import contacts as contact_ops
from desktop.ops import tasks as task_ops

if TYPE_CHECKING:
    from ui.supervisor.view import SupervisorWindow


class DeskWrites:
    def __init__(self, desk: SupervisorWindow) -> None:
        self.desk = desk

    def assign_contact(self, agent_id: str | None) -> None:
        contact_id = self.desk.selected_contact()
        if contact_id is None:
            return
        mutator, actor = self.desk.app.mutator, self.desk.actor
        self.write(lambda: contact_ops.assign(mutator, actor, contact_id, agent_id))

    def take_back(self) -> None:
        """Every contact the selected agent holds goes back to the queue."""
        rows = self.desk.agents_table.selectionModel().selectedRows()
        if not rows:
            return
        agent_id = self.desk.agents_table.rows_model.key(rows[0].row())
        mutator, actor = self.desk.app.mutator, self.desk.actor

        self.write(lambda: contact_ops.take_back(mutator, actor, agent_id))

    def write(self, work: Callable[[], Changes]) -> None:
        def done(changes: Changes) -> None:
            self.desk.worker.request(changes)
            self.desk.changes_made.emit(changes)

        self.desk.executor.run(work, done, lambda exc: self.desk.on_worker_failed(str(exc)))

    # -- actions ----------------------------------------------------------------------

    def assign_tasks(self, owner_id: str | None) -> None:
        task_ids = self.desk.selected_tasks()
        if not task_ids:
            return
        mutator, actor = self.desk.app.mutator, self.desk.actor

        def work() -> Changes:
            changes = Changes()
            for task_id in task_ids:
                changes.merge(task_ops.assign_task(mutator, actor, task_id, owner_id))
            return changes

        self.write(work)
