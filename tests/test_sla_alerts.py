"""SLA warnings fire at the right business minute and breaches escalate to the supervisor."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.app import Application
from desktop.automation import sla_sweep
from desktop.clock import FixedClock
from desktop.ops import agents as agent_ops
from desktop.ops import contacts as contact_ops
from desktop.workspace import Workspace
from models.errors import UserFacingError
from models.schema import Agent, Alert, Contact


def test_warning_then_breach_escalates_once(tmp_path: Path) -> None:
    friday = datetime(2026, 11, 27, 15, 0, tzinfo=UTC)  # office hours 9–17 UTC
    clock = FixedClock(friday)
    app = Application.open(Workspace(tmp_path / "ws"), clock=clock)
    try:
        agent_ops.add_agent(
            app.mutator, login="sue", display_name="Sue Visor", role="supervisor", team="front"
        )
        agent_ops.add_agent(
            app.mutator, login="ben", display_name="Ben O", team="front", skills={"general": 1}
        )
        ben = app.sign_in("ben")
        report = app.intake.ingest(
            [
                (
                    1,
                    {
                        "type": "contact",
                        "channel": "email",
                        "external_id": "e1",
                        "received_at": friday.isoformat(),
                        "from": {"email": "a@example.com", "name": "Al"},
                        "subject": "Help",
                        "body": "...",
                    },
                )
            ]
        )
        cid = report.contact_ids[0]
        contact_ops.claim(app.mutator, ben, cid)
        due = Contact.get_by_id(cid).due_at
        # 8 business hours from Friday 15:00 = Monday 15:00 (the weekend does not count)
        assert due == datetime(2026, 11, 30, 15, 0, tzinfo=UTC)
        conn = app.db.connection()
        clock.set(due - timedelta(minutes=16))
        assert sla_sweep(conn, now=clock.now(), rules=app.rules) == {
            "sla_warning": 0,
            "sla_breach": 0,
            "resolution_breach": 0,
        }
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
        # resolution: 40 business hours = one working week later
        resolve_by = Contact.get_by_id(cid).resolve_by
        assert resolve_by == datetime(2026, 12, 4, 15, 0, tzinfo=UTC)
        clock.set(resolve_by)
        assert sla_sweep(conn, now=clock.now(), rules=app.rules)["resolution_breach"] == 1
        assert Alert.get(Alert.kind == "resolution_breach").notify_id == breach.notify_id
    finally:
        app.close()


def test_team_hours_and_next_response(tmp_path: Path) -> None:
    monday = datetime(2026, 11, 30, 6, 0, tzinfo=UTC)
    app = Application.open(Workspace(tmp_path / "ws"), clock=FixedClock(monday))
    try:
        from desktop.rules import parse_value

        app.rules.team_hours = parse_value(
            "team_hours",
            json.dumps(
                {
                    "tokyo": {
                        "timezone": "Asia/Tokyo",
                        "business_hours": {str(d): [[540, 1080]] for d in range(5)},
                    }
                }
            ),
        )
        app.rules.skill_team = {"japan": "tokyo"}

        def record(n: int, skill: str, **extra: str) -> tuple[int, dict[str, object]]:
            return n, {
                "type": "contact",
                "channel": "email",
                "external_id": f"m{n}",
                "received_at": monday.isoformat(),
                "skill": skill,
                "from": {"email": "k@example.jp"},
                "subject": "Q",
                "body": "?",
                **extra,
            }

        tokyo, center, reply = app.intake.ingest(
            [record(1, "japan"), record(2, "general"), record(3, "general", in_reply_to="m2")]
        ).contact_ids
        # 06:00 UTC is 15:00 in Tokyo: 3 hours left today there, 5 more on Tuesday
        assert Contact.get_by_id(tokyo).due_at == datetime(2026, 12, 1, 5, 0, tzinfo=UTC)
        # the center opens 09:00 UTC: 8 business hours = 17:00 UTC the same day
        assert Contact.get_by_id(center).due_at == datetime(2026, 11, 30, 17, 0, tzinfo=UTC)
        # a message in the same conversation runs on the next-response target (16 h)
        assert Contact.get_by_id(reply).due_at == datetime(2026, 12, 1, 17, 0, tzinfo=UTC)
        with pytest.raises(UserFacingError, match="unknown time zone"):
            parse_value("team_hours", '{"x": {"timezone": "Mars/Base"}}')
    finally:
        app.close()
