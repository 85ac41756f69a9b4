"""Alert rules are team settings (issue 13 and 16): a supervisor's rule made on one desktop is
in force on another desktop of the team after its sync (an influencer's post arriving there
fires it), a removal travels too, and an agent's change is refused by the server with a
reason and rolled back on the agent's desktop; through the real server and PostgreSQL."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from desktop.ops import alerts as alert_ops
from models.database import get_meta
from models.schema import Agent, Alert, AlertRule, Contact
from tests.server.helpers import add_user, contact_record, login, new_team, run_cli, sync, workspace


def test_a_supervisors_alert_rules_travel_and_an_agents_are_refused(
    tmp_path: Path, sync_server: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    team, (ben,) = new_team(sync_server, "ben")
    sue = f"sue-{team}"
    add_user(sync_server, sue, role="supervisor", team=team)
    a, b = tmp_path / "a", tmp_path / "b"
    login(a, sync_server, sue, monkeypatch)
    with workspace(a) as app:
        me = Agent.get(Agent.login == sue)
        watch = alert_ops.add_rule(
            app.mutator,
            alert_ops.rule_fields("influencer", watch=["@rival_ceo"], threshold=20_000),
            actor_id=me.id,
        )
        gone = alert_ops.add_rule(
            app.mutator, alert_ops.rule_fields("keyword", keywords=["acme"]), actor_id=me.id
        )
        alert_ops.remove_rule(app.mutator, gone, actor_id=me.id)
    assert sync(a)["rejected"] == []

    login(b, sync_server, ben, monkeypatch)  # the agent's desktop: the team's rules at once
    with workspace(b) as app:
        (rule,) = AlertRule.select()
        assert (rule.id, rule.kind, rule.team) == (watch, "influencer", team)
        assert json.loads(rule.watch) == ["@rival_ceo"] and rule.threshold == 20_000
        # the rule is in force here: the watched author's post fires and is routed ahead
        report = app.intake.ingest(
            [
                contact_record(
                    1,
                    channel="social",
                    **{"from": {"handle": "@Rival_CEO", "network": "twitter", "followers": 5}},
                )
            ]
        )
        (alert,) = Alert.select().where(Alert.kind == "influencer")
        assert alert.contact_id == report.contact_ids[0]
        assert Contact.get_by_id(alert.contact_id).priority == 3
        # the agent's own change to the team's rules ...
        mine = Agent.get(Agent.login == ben)
        alert_ops.add_rule(
            app.mutator, alert_ops.rule_fields("volume_spike", channel="sms"), actor_id=mine.id
        )
        alert_ops.remove_rule(app.mutator, watch, actor_id=mine.id)
        assert AlertRule.select().count() == 1  # optimistic: the new one, the old one gone
    rejected = sync(b)["rejected"]
    assert len(rejected) == 2, rejected
    assert all(
        "only a supervisor or an admin changes the team's alert rules" in r for r in rejected
    )
    with workspace(b) as app:  # ... is rolled back to the team's rules, and said
        assert [r.id for r in AlertRule.select()] == [watch]
        assert "alert rules" in (get_meta("sync_notices") or "")
    code, text = run_cli("alert-rule", "list", "--json", "--workspace", str(b))
    assert code == 0 and [r["id"] for r in json.loads(text)] == [watch]
