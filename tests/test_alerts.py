"""The alert rules' detectors (desktop/alerts.py) on synthetic series through the real intake:
a burst of angry posts fires within a minute of its start, an ordinary Monday morning (three
times the volume of the other mornings, a daily and a weekly cycle) stays quiet, and so does
one angry message; an influencer's single post fires and is routed ahead; `lastmile import`
raises alerts, `lastmile alerts` lists them with their evidence and `lastmile alert ack`
acknowledges them."""

from __future__ import annotations

import io
import json
import math
import random
import shutil
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from desktop import alerts
from desktop.app import Application
from desktop.cli import parse_args, run
from desktop.clock import FixedClock
from desktop.ops import agents as agent_ops
from desktop.ops import alerts as alert_ops
from desktop.reads import attention
from desktop.workspace import Workspace
from models.base import to_ms
from models.errors import UserFacingError
from models.schema import Agent, Alert, Contact, Event

MONDAY = datetime(2026, 11, 30, 8, 0, tzinfo=UTC)  # the Monday the tests look at
HISTORY_DAYS = 29  # four weeks of the same hours, and a day


def rate(at: datetime) -> float:
    """Contacts per minute on the social channel: a daily cycle, quiet weekends and a
    Monday-morning rush three times the other mornings."""
    hour, day = at.hour, at.weekday()
    if not 8 <= hour < 18:
        return 0.03
    if day >= 5:
        return 0.08
    if day == 0 and hour < 12:
        return 0.75
    return 0.25


def poisson(rng: random.Random, lam: float) -> int:
    limit, k, p = math.exp(-lam), 0, 1.0
    while True:
        p *= rng.random()
        if p <= limit:
            return k
        k += 1


def record(n: int, at: datetime, *, sentiment: float | None, body: str = "", **sender: Any) -> Any:
    rec: dict[str, Any] = {
        "type": "contact",
        "channel": "social",
        "external_id": f"post-{n}",
        "received_at": at.isoformat().replace("+00:00", "Z"),
        "from": {"name": f"Poster {n % 500}", "handle": f"@p{n % 500}", "network": "twitter"}
        | sender,
        "subject": "",
        "body": body or f"About my order {n}",
    }
    if sentiment is not None:
        rec["sentiment"] = sentiment
    return rec


def series(start: datetime, end: datetime, rng: random.Random, first: int) -> list[Any]:
    """An ordinary stream from start to end: 20 % of posts negative."""
    out, n, minute = [], first, start
    while minute < end:
        for _ in range(poisson(rng, rate(minute))):
            n += 1
            at = minute + timedelta(seconds=rng.randrange(60))
            out.append(record(n, at, sentiment=-0.5 if rng.random() < 0.2 else 0.4))
        minute += timedelta(minutes=1)
    return out


@pytest.fixture(scope="module")
def floor_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Four weeks and a day of ordinary social traffic up to Monday 08:00 and that Monday's
    ordinary traffic to noon, through the real intake (built once, copied per test)."""
    root = tmp_path_factory.mktemp("floor") / "ws"
    app = Application.open(Workspace(root), clock=FixedClock(MONDAY))
    try:
        rng = random.Random(13)
        end = MONDAY + timedelta(hours=4)
        history = series(MONDAY - timedelta(days=HISTORY_DAYS), end, rng, 0)
        app.intake.ingest(enumerate(history, start=1))
        app.db.execute_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        app.close()
    return root


@pytest.fixture
def floor(floor_template: Path, tmp_path: Path) -> Iterator[tuple[Application, FixedClock]]:
    """The floor with a supervisor and a negativity and a volume rule on the social channel."""
    root = tmp_path / "ws"
    shutil.copytree(floor_template, root)
    clock = FixedClock(MONDAY)
    app = Application.open(Workspace(root), clock=clock)
    agent_ops.add_agent(app.mutator, login="sue", display_name="Sue Lead", role="supervisor")
    app.sign_in("sue")
    for kind in ("negativity_spike", "volume_spike"):
        alert_ops.add_rule(app.mutator, alert_ops.rule_fields(kind, channel="social"))
    yield app, clock
    app.close()


def spike_alerts() -> list[Alert]:
    return list(Alert.select().where(Alert.kind.in_(alerts.SPIKES)).order_by(Alert.at))


def sweep_every_minute(app: Application, start: datetime, minutes: int) -> None:
    for m in range(minutes + 1):
        with app.db.atomic():
            alerts.sweep(app.db.connection(), now_ms=to_ms(start + timedelta(minutes=m)))


def test_an_ordinary_monday_morning_stays_quiet(floor: tuple[Application, FixedClock]) -> None:
    app, _clock = floor
    conn = app.db.connection()

    def posts(lo: datetime, hi: datetime) -> int:
        return int(
            conn.execute(
                "SELECT count(*) FROM contact WHERE received_at >= ? AND received_at < ?",
                (to_ms(lo), to_ms(hi)),
            ).fetchone()[0]
        )

    # a detector without the weekly season would fire: this morning is 3x yesterday's and
    # the other weekdays' mornings
    today = posts(MONDAY, MONDAY + timedelta(hours=4))
    assert today > 3 * posts(MONDAY - timedelta(days=1), MONDAY - timedelta(days=1, hours=-4))
    assert today > 2 * posts(MONDAY - timedelta(days=3), MONDAY - timedelta(days=3, hours=-4))
    sweep_every_minute(app, MONDAY, 240)
    assert spike_alerts() == []


def test_a_burst_of_angry_posts_fires_within_a_minute_once_per_rule(
    floor: tuple[Application, FixedClock],
) -> None:
    app, clock = floor
    start = MONDAY + timedelta(hours=2, minutes=30)  # 10:30, in the middle of the rush
    angry = [
        record(
            100_000 + i,
            start + timedelta(seconds=4 * i),
            sentiment=None,  # scored offline by VADER
            body="This is the worst service ever, my bike arrived broken and nobody answers!",
        )
        for i in range(30)
    ]
    fired_at: dict[str, datetime] = {}
    for rec in angry:  # each post arrives on its own, as from the social gateway
        clock.set(datetime.fromisoformat(rec["received_at"]))
        app.intake.ingest([(1, rec)])
        for alert in spike_alerts():
            fired_at.setdefault(alert.kind, clock.now())
    assert set(fired_at) == {"negativity_spike", "volume_spike"}
    assert all(at - start <= timedelta(minutes=1) for at in fired_at.values()), fired_at
    # the minute sweep goes on through the episode: still one alert per rule
    sweep_every_minute(app, start, 50)
    found = spike_alerts()
    assert sorted(a.kind for a in found) == ["negativity_spike", "volume_spike"]
    negativity = next(a for a in found if a.kind == "negativity_spike")
    evidence = json.loads(negativity.detail)
    assert evidence["observed"] >= alerts.MIN_COUNT and evidence["p_value"] < alerts.ALPHA
    assert 0.1 < evidence["baseline"] < 0.3  # the channel's own negative share (20 %)
    angry_ids = {c.id for c in Contact.select().where(Contact.external_id.startswith("post-1000"))}
    assert set(evidence["contact_ids"]) & angry_ids
    assert (
        json.loads(next(a for a in found if a.kind == "volume_spike").detail)["baseline_of"]
        == "hour of week"
    )
    # the supervisor sees them; the contact it points at has the line in its history
    assert {a.id for a in found} <= {
        a.id for a in attention(app.require_actor().id, clock.now())[0]
    }
    assert (
        Event.select()
        .where((Event.kind == "alert") & (Event.contact == negativity.contact_id))
        .exists()
    )


def test_one_angry_message_stays_quiet(floor: tuple[Application, FixedClock]) -> None:
    app, clock = floor
    at = MONDAY + timedelta(hours=3)
    clock.set(at)
    report = app.intake.ingest(
        [(1, record(200_000, at, sentiment=None, body="Worst. Service. Ever. I am furious!!!"))]
    )
    assert Contact.get_by_id(report.contact_ids[0]).sentiment < -0.5
    sweep_every_minute(app, at, 10)
    assert spike_alerts() == []


def test_an_influencers_post_fires_and_is_routed_ahead(live_app: Application) -> None:
    app = live_app
    alert_ops.add_rule(app.mutator, alert_ops.rule_fields("influencer", watch=["@joan"]))
    now = app.clock.now()
    report = app.intake.ingest(
        [
            (1, record(1, now, sentiment=None, body="Meh", followers=50_000)),
            (2, record(2, now, sentiment=None, body="Hello", followers=50)),
        ]
    )
    big, small = (Contact.get_by_id(c) for c in report.contact_ids)
    assert big.priority == alerts.INFLUENCER_PRIORITY and small.priority == 0
    (alert,) = Alert.select().where(Alert.kind == "influencer")
    assert alert.contact_id == big.id and "50,000 followers" in alert.summary
    assert json.loads(alert.detail)["followers"] == 50_000
    assert Event.select().where((Event.kind == "alert") & (Event.contact == big.id)).exists()
    # the sweep sees the same post again: nothing new (one alert per rule and contact)
    with app.db.atomic():
        alerts.sweep(app.db.connection(), now_ms=to_ms(now))
    assert Alert.select().where(Alert.kind == "influencer").count() == 1


def test_rule_fields_are_checked_in_one_line() -> None:
    for kind, kwargs, said in (
        ("spam", {}, "kind is one of"),
        ("keyword", {}, "needs at least one --keyword"),
        ("volume_spike", {"threshold": 0.5}, "from 1.2 to 100"),
        ("influencer", {"threshold": 2.5}, "follower count"),
        ("negativity_spike", {"watch": ["@a"]}, "only an influencer rule"),
        ("volume_spike", {"channel": "pigeon"}, "unknown channel"),
    ):
        with pytest.raises(UserFacingError, match=said):
            alert_ops.rule_fields(kind, **kwargs)


def cli(*argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = run(parse_args(list(argv)), out=out, err=err)
    return code, out.getvalue(), err.getvalue()


def test_import_raises_alerts_listed_with_evidence_and_acknowledged(tmp_path: Path) -> None:
    ws = str(tmp_path / "ws")
    assert cli("init", "--workspace", ws)[0] == 0
    assert (
        cli("agent", "add", "sue", "--name", "Sue", "--role", "supervisor", "--workspace", ws)[0]
        == 0
    )
    code, out, _ = cli(
        "alert-rule", "add", "influencer", "--watch", "@rival_ceo", "--workspace", ws
    )
    assert code == 0 and "watching: @rival_ceo" in out
    code, out, _ = cli(
        "alert-rule", "add", "keyword", "--keyword", "acme", "#fail", "--workspace", ws
    )
    assert code == 0
    code, out, _ = cli("alert-rule", "list", "--json", "--workspace", ws)
    rules = json.loads(out)
    assert [r["kind"] for r in rules] == ["influencer", "keyword"]
    assert rules[1]["keywords"] == ["acme", "#fail"]
    now = datetime.now(UTC)
    posts = tmp_path / "posts.jsonl"
    posts.write_text(
        "\n".join(
            json.dumps(r)
            for r in (
                record(1, now, sentiment=None, body="Our take", handle="@Rival_CEO", followers=9),
                record(2, now, sentiment=None, body="Big news", followers=120_000),
            )
        ),
        encoding="utf-8",
    )
    assert cli("import", str(posts), "--workspace", ws)[0] == 0
    code, out, _ = cli("alerts", "--since", "1h", "--json", "--workspace", ws)
    listed = json.loads(out)
    assert code == 0 and [a["kind"] for a in listed] == ["influencer", "influencer"]
    assert {"id", "kind", "at", "summary", "evidence"} <= set(listed[0])
    assert {a["evidence"]["watch"] for a in listed} == {"@rival_ceo", None}
    assert all(a["evidence"]["contact_ids"] for a in listed)
    code, out, _ = cli("alert", "ack", listed[0]["id"], "--workspace", ws)
    assert code == 0 and "Acknowledged" in out
    code, out, _ = cli("alerts", "--json", "--workspace", ws)
    states = {a["id"]: a for a in json.loads(out)}
    assert states[listed[0]["id"]]["state"] == "acknowledged"
    assert states[listed[0]["id"]]["evidence"]["acknowledged_by"] == "Sue"
    # bad input: one line, no traceback
    for argv, said in (
        (("alert", "ack", "nope"), "no alert 'nope'"),
        (("alerts", "--since", "last week"), "--since 'last week' is neither"),
        (("alert-rule", "remove", "nope"), "no alert rule 'nope'"),
        (("alert-rule", "add", "keyword"), "needs at least one --keyword"),
        (("alert-rule", "add", "volume_spike", "--threshold", "lots"), "not a number"),
    ):
        code, _out, err = cli(*argv, "--workspace", ws)
        assert code == 1 and err.count("\n") == 1 and said in err, err
    code, out, _ = cli("alert-rule", "remove", rules[1]["id"], "--workspace", ws)
    assert code == 0
    assert [
        r["kind"] for r in json.loads(cli("alert-rule", "list", "--json", "--workspace", ws)[1])
    ] == ["influencer"]


def test_statistics() -> None:
    assert alerts.poisson_tail(0, 3.0) == 1.0
    assert alerts.poisson_tail(5, 1.0) == pytest.approx(0.00365984, rel=1e-5)
    assert alerts.poisson_tail(1500, 0.5) == 0.0  # far out: no 10,000-term sum that underflows
    assert alerts.poisson_tail(30, 10.0) == pytest.approx(2.50995e-07, rel=1e-5)
    assert alerts.binomial_tail(3, 3, 0.5) == pytest.approx(0.125)
    assert alerts.binomial_tail(9, 10, 0.2) == pytest.approx(4.1984e-06, rel=1e-3)


def test_agents_do_not_see_the_teams_alarms(live_app: Application) -> None:
    agent_ops.add_agent(live_app.mutator, login="ben", display_name="Ben")
    alert_ops.add_rule(live_app.mutator, alert_ops.rule_fields("influencer"))
    live_app.intake.ingest([(1, record(1, live_app.clock.now(), sentiment=0.1, followers=10**6))])
    ben = Agent.get(Agent.login == "ben")
    assert attention(ben.id, live_app.clock.now())[0] == []
