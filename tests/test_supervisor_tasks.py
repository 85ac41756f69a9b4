"""Nothing unowned (issue 13): a session's follow-up is the team's until someone handles
the contact, then the handler's; overdue tasks alert their owner at once and the
supervisor after the grace time (``task_overdue``), once each."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from desktop.automation import task_sweep
from desktop.clock import FixedClock
from desktop.ops import agents as agent_ops
from desktop.ops import contacts as contact_ops
from desktop.ops import tasks as task_ops
from models.base import derived_id
from models.schema import Alert, Task
from tests.conftest import NOW, contact_record, open_app


def test_follow_up_goes_to_its_handler_and_overdue_alerts_escalate(tmp_path: Path) -> None:
    clock = FixedClock(NOW)
    app = open_app(tmp_path / "ws", clock=clock)
    try:
        for login, role, team in (
            ("sue", "supervisor", "front"),
            ("ben", "agent", "front"),
            ("tia", "trainee", "front"),
        ):
            agent_ops.add_agent(
                app.mutator,
                login=login,
                display_name=login.title(),
                role=role,
                team=team,
                skills={"general": 1},
            )
        report = app.intake.ingest(
            [(1, contact_record(1, channel="session", outcome="failed", minutes_ago=5))]
        )
        cid = report.contact_ids[0]
        task_id = derived_id(cid, "follow-up")
        assert Task.get_by_id(task_id).owner_id is None  # nobody handled it yet: the team's
        ben = app.sign_in("ben")
        contact_ops.claim(app.mutator, ben, cid)
        contact_ops.set_status(app.mutator, ben, cid, "resolved", app.rules)
        assert Task.get_by_id(task_id).owner_id == ben.id
        # the intent carries the owner, so the server keeps the same one
        intent = app.mutator.db.execute_sql(
            "SELECT args FROM outbox WHERE name = 'contact.set_status'"
        ).fetchone()[0]
        assert ben.id in intent

        conn = app.db.connection()
        due = Task.get_by_id(task_id).due_at
        assert task_sweep(conn, now=due - timedelta(minutes=1), rules=app.rules) == {
            "task_overdue": 0
        }
        assert task_sweep(conn, now=due, rules=app.rules) == {"task_overdue": 1}
        (alert,) = Alert.select().where(Alert.kind == "task_overdue")
        assert alert.notify_id == ben.id and "Follow up" in alert.summary
        assert alert.contact_id == cid
        grace = timedelta(minutes=app.rules.task_overdue_grace_minutes)
        assert (
            task_sweep(conn, now=due + grace - timedelta(minutes=1), rules=app.rules)[
                "task_overdue"
            ]
            == 0
        )
        assert task_sweep(conn, now=due + grace, rules=app.rules)["task_overdue"] == 1
        sue = app.sign_in("sue")
        lead = Alert.get((Alert.kind == "task_overdue") & (Alert.notify == sue.id))
        assert "Ben's" in lead.summary
        assert task_sweep(conn, now=due + 2 * grace, rules=app.rules)["task_overdue"] == 0

        # a team task (an invoice reminder nobody has) alerts the supervisor at once
        app.sign_in("sue")
        t = task_ops.create_task(
            app.mutator,
            sue,
            title="Remind about invoice 7",
            due_at=NOW + timedelta(hours=1),
            customer_id=Task.get_by_id(task_id).customer_id,
            kind="invoice_reminder",
        )
        (team_task,) = t.tasks
        task_ops.assign_task(app.mutator, sue, team_task, None)
        assert task_sweep(conn, now=NOW + timedelta(hours=1), rules=app.rules)["task_overdue"] == 1
        alert = Alert.get(Alert.id == derived_id(team_task, "task_overdue_lead"))
        assert alert.notify_id == sue.id and "the team's" in alert.summary
    finally:
        app.close()


def test_trainees_get_no_follow_ups(tmp_path: Path) -> None:
    app = open_app(tmp_path / "ws")
    try:
        agent_ops.add_agent(
            app.mutator, login="tia", display_name="Tia", role="trainee", skills={"general": 1}
        )
        report = app.intake.ingest(
            [(1, contact_record(1, channel="session", outcome="failed", minutes_ago=5))]
        )
        cid = report.contact_ids[0]
        from desktop.automation import adopt_follow_up

        tia = app.sign_in("tia")
        assert not adopt_follow_up(app.db.connection(), derived_id(cid, "follow-up"), tia.id)
        assert Task.get_by_id(derived_id(cid, "follow-up")).owner_id is None
    finally:
        app.close()
