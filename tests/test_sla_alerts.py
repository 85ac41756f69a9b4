"""SLA warnings fire at the right business minute and breaches escalate to the supervisor."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from desktop.app import Application
from desktop.automation import sla_sweep
from desktop.clock import FixedClock
from desktop.ops import agents as agent_ops
from desktop.ops import contacts as contact_ops
from desktop.workspace import Workspace
from models.schema import Agent, Alert, Contact


def test_warning_then_breach_escalates_once(tmp_path: Path) -> None:
    friday = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # office hours 9–17 UTC
    clock = FixedClock(friday)
    app = Application.open(Workspace(tmp_path / "ws"), clock=clock)
    try:
        agent_ops.add_agent(app.mutator, login="sue", display_name="Sue Visor",
                            role="supervisor", team="front")
        agent_ops.add_agent(app.mutator, login="ben", display_name="Ben O", team="front",
                            skills={"general": 1})
        ben = app.sign_in("ben")
        report = app.intake.ingest([(1, {
            "type": "contact", "channel": "email", "external_id": "e1",
            "received_at": friday.isoformat(), "from": {"email": "a@example.com", "name": "Al"},
            "subject": "Help", "body": "..."})])
        cid = report.contact_ids[0]
        contact_ops.claim(app.mutator, ben, cid)
        due = Contact.get_by_id(cid).due_at
        # 8 business hours from Friday 15:00 = Monday 15:00 (the weekend does not count)
        assert due == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
        conn = app.db.connection()
        clock.set(due - timedelta(minutes=16))
        assert sla_sweep(conn, now=clock.now(), rules=app.rules) == {"sla_warning": 0,
                                                                     "sla_breach": 0}
        clock.set(due - timedelta(minutes=15))
        assert sla_sweep(conn, now=clock.now(), rules=app.rules)["sla_warning"] == 1
        warning = Alert.get(Alert.kind == "sla_warning")
        assert warning.notify_id == ben.id and "in 15 min" in warning.summary
        assert sla_sweep(conn, now=clock.now(), rules=app.rules)["sla_warning"] == 0
        clock.set(due)
        assert sla_sweep(conn, now=clock.now(), rules=app.rules)["sla_breach"] == 1
        breach = Alert.get(Alert.kind == "sla_breach")
        assert breach.notify_id == Agent.get(Agent.login == "sue").id
        assert "held by Ben O" in breach.summary
    finally:
        app.close()
