"""Alert rules count their own team (issue 13, desktop/alerts.py "Teams"): on a workspace
holding two teams' contacts, a burst in team B's contacts fires B's rule and not A's; contacts
with no team yet count for every rule, and a rule of no team counts every contact; an
influencer's post in B fires B's influencer rule. And an acknowledgement that came before
its alert was raised here makes the alert born acknowledged."""

from __future__ import annotations

import json
from datetime import timedelta
from typing import Any

from desktop import alerts
from desktop.app import Application
from desktop.ops import alerts as alert_ops
from models.base import new_id, to_ms
from models.schema import Alert, Contact

HOUR = timedelta(hours=1)


def record(key: str, at: Any, **sender: Any) -> tuple[int, dict[str, Any]]:
    return 0, {
        "type": "contact",
        "channel": "sms" if not sender else "social",
        "external_id": key,
        "received_at": at.isoformat().replace("+00:00", "Z"),
        "from": {"name": "Pat", "phone": "+15550100"} | sender,
        "body": "Hello",
    }


def rule(app: Application, team: str, kind: str, **fields: Any) -> str:
    rule_id = alert_ops.add_rule(app.mutator, alert_ops.rule_fields(kind, **fields))
    app.db.execute_sql("UPDATE alert_rule SET team = ? WHERE id = ?", (team, rule_id))
    return rule_id


def fired(kind: str) -> dict[str, list[str]]:
    """rule id -> the teams of its evidence contacts"""
    out: dict[str, list[str]] = {}
    for alert in Alert.select().where(Alert.kind == kind):
        detail = json.loads(alert.detail)
        ids = detail["contact_ids"]
        out[detail["rule_id"]] = sorted(
            {c.team for c in Contact.select().where(Contact.id.in_(ids))}
        )
    return out


def test_a_teams_rule_counts_its_teams_contacts(live_app: Application) -> None:
    app, now = live_app, live_app.clock.now()
    # eight days of one text an hour in each team, then a burst of 12 in team B
    history = [
        record(f"{team}-{h}", now - h * HOUR - HOUR / 2) for h in range(1, 193) for team in "ab"
    ]
    burst = [record(f"b-burst-{i}", now - timedelta(minutes=8 - i / 2)) for i in range(12)]
    star = record("b-star", now - timedelta(minutes=3), handle="@star", network="twitter")
    app.intake.ingest(history + burst + [star])
    app.db.execute_sql("UPDATE contact SET team = substr(external_id, 1, 1)")
    a, b = (
        rule(app, "a", "volume_spike", channel="sms"),
        rule(app, "b", "volume_spike", channel="sms"),
    )
    everyone = rule(app, "", "volume_spike", channel="sms")
    watch_a = rule(app, "a", "influencer", watch=["@star"])
    watch_b = rule(app, "b", "influencer", watch=["@star"])
    Alert.delete().execute()  # what the intake raised before the teams were set
    conn = app.db.connection()
    with app.db.atomic():
        alerts.sweep(conn, now_ms=to_ms(now))
    assert fired("volume_spike") == {b: ["b"], everyone: ["b"]}  # not A's
    assert list(fired("influencer")) == [watch_b]
    assert watch_a not in fired("influencer")

    # texts received here and not synced yet (no team) count for every rule: A's too
    app.intake.ingest(
        [record(f"new-{i}", now + timedelta(minutes=1, seconds=20 * i)) for i in range(12)]
    )
    app.db.execute_sql("UPDATE contact SET team = '' WHERE external_id LIKE 'new-%'")
    with app.db.atomic():
        alerts.sweep(conn, now_ms=to_ms(now + timedelta(minutes=6)))
    assert fired("volume_spike")[a] == [""]


def test_an_acknowledgement_before_its_alert_makes_it_born_acknowledged(
    live_app: Application,
) -> None:
    conn = live_app.db.connection()
    alert_id = new_id()
    with live_app.db.atomic():
        alerts.write_ack(conn, alert_id, by_id=None, by="Sue Lead", at=1_700_000_000_000)
        alerts.write_ack(conn, alert_id, by_id="x", by="Ann Lead", at=1_700_000_060_000)
        conn.execute(
            "INSERT INTO alert (id, kind, contact_id, at, summary, detail, notify_id, state) "
            "VALUES (?, 'keyword', NULL, 0, 'Keyword chatter', '{\"observed\": 7}', NULL, 'open')",
            (alert_id,),
        )
    alert = Alert.get_by_id(alert_id)
    assert alert.state == "acknowledged"
    assert json.loads(alert.detail) == {
        "observed": 7,
        "acknowledged_by": "Ann Lead",  # the later write: the server's order
        "acknowledged_by_id": "x",
        "acknowledged_at": 1_700_000_060_000,
    }


def test_an_episode_a_colleague_acknowledged_in_the_hour_before_is_not_raised_again(
    live_app: Application,
) -> None:
    """Alarm ids go by the hour of detection: desktop A raised the burst at 10:58 and its
    supervisor acknowledged it; desktop B, which got the contacts by sync, sweeps at 11:02.
    The pulled acknowledgement of A's alarm stands for the episode: B raises no second,
    unacknowledged alarm (without it B would, as the first sweep below shows)."""
    from models.base import derived_id

    app, now = live_app, live_app.clock.now()
    history = [record(f"h-{h}", now - h * HOUR - HOUR / 2) for h in range(1, 193)]
    burst = [record(f"burst-{i}", now - timedelta(minutes=8 - i / 2)) for i in range(12)]
    app.intake.ingest(history + burst)
    spike = rule(app, "", "volume_spike", channel="sms")
    Alert.delete().execute()
    conn = app.db.connection()
    with app.db.atomic():
        alerts.sweep(conn, now_ms=to_ms(now))
    raised = Alert.get(Alert.kind == "volume_spike")
    scope = json.loads(raised.detail)["scope"]
    bucket = to_ms(now) // (3600 * 1000)
    assert raised.id == derived_id(spike, f"{scope}:{bucket}")

    Alert.delete().execute()  # desktop B: it never raised it; A's alarm was the hour before
    with app.db.atomic():
        alerts.write_ack(
            conn,
            derived_id(spike, f"{scope}:{bucket - 1}"),
            by_id=None,
            by="Sue Lead",
            at=to_ms(now - timedelta(minutes=3)),
        )
        alerts.sweep(conn, now_ms=to_ms(now))
    assert Alert.select().where(Alert.kind == "volume_spike").count() == 0
