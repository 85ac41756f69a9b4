"""Blended routing: arrival order by skill, priority, SLA urgency, capacity, relaxation,
and no double assignment under concurrent claims (threads and processes)."""

from __future__ import annotations

import json
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from desktop.app import Application
from desktop.clock import FixedClock
from desktop.ops import Actor
from desktop.ops import agents as agent_ops
from desktop.routing import load_profile, probes, route_next, served_order, take_next
from desktop.rules import Rules
from desktop.workspace import Workspace
from models.schema import Agent, AgentSkill, Contact

NOW = datetime(2026, 11, 23, 10, 0, tzinfo=UTC)  # a Monday


@pytest.fixture
def app(tmp_path: Path) -> Iterator[Application]:
    application = Application.open(Workspace(tmp_path / "ws"), clock=FixedClock(NOW))
    yield application
    application.close()


def add_agent(
    app: Application, login: str, skills: dict[str, int], capacity: dict[str, int] | None = None
) -> Actor:
    agent_ops.add_agent(
        app.mutator, login=login, display_name=login.capitalize() + " Test", skills=skills
    )
    agent = Agent.get(Agent.login == login)
    agent.presence = "available"
    if capacity is not None:
        agent.capacity = json.dumps(capacity)
    agent.save()
    return Actor.of(agent)


def contact(
    app: Application,
    n: int,
    *,
    channel: str = "email",
    skill: str = "billing",
    minutes_ago: int = 60,
    priority: int = 0,
) -> str:
    record = {
        "type": "contact",
        "channel": channel,
        "external_id": f"c{n}",
        "received_at": (NOW - timedelta(minutes=minutes_ago)).isoformat(),
        "from": {"email": f"person{n}@example.com", "name": f"Person {n}"},
        "subject": f"Subject {n}",
        "body": "text",
        "skill": skill,
        "priority": priority,
    }
    report = app.intake.ingest([(n, record)])
    assert report.imported == 1, report
    return report.contact_ids[0]


def test_arrival_order_within_skill_across_channels(app: Application) -> None:
    ana = add_agent(app, "ana", {"billing": 1})
    old_email = contact(app, 1, channel="email", minutes_ago=50)
    newer_call = contact(app, 2, channel="phone", minutes_ago=40)
    newest_sms = contact(app, 3, channel="sms", minutes_ago=30)
    contact(app, 4, skill="tech", minutes_ago=100)  # not ana's skill
    rules = Rules(
        warn_before_breach_minutes=0,
        first_response_minutes={c: 10_000 for c in Rules().first_response_minutes},
    )
    taken = [take_next(app.mutator, ana, rules)[0] for _ in range(4)]
    assert taken == [old_email, newer_call, newest_sms, None]


def test_priority_moves_a_contact_half_an_hour_earlier(app: Application) -> None:
    ana = add_agent(app, "ana", {"billing": 1})
    contact(app, 1, minutes_ago=50)
    urgent = contact(app, 2, minutes_ago=30, priority=1)
    rules = Rules(warn_before_breach_minutes=0)
    assert route_next(app.db, load_profile(app.db, ana.id), rules, NOW) == urgent


def test_contact_about_to_breach_goes_first(app: Application) -> None:
    ana = add_agent(app, "ana", {"billing": 1})
    contact(app, 1, channel="email", minutes_ago=60)
    chat = contact(app, 2, channel="chat", minutes_ago=3)  # chat target is 5 minutes
    rules = Rules(warn_before_breach_minutes=5)
    assert route_next(app.db, load_profile(app.db, ana.id), rules, NOW) == chat


def test_capacity_per_channel(app: Application) -> None:
    ana = add_agent(app, "ana", {"billing": 1}, capacity={"phone": 1, "email": 2})
    calls = [contact(app, n, channel="phone", minutes_ago=100 - n) for n in range(3)]
    emails = [contact(app, 10 + n, channel="email", minutes_ago=50 - n) for n in range(3)]
    rules = Rules(warn_before_breach_minutes=0)
    taken = [take_next(app.mutator, ana, rules)[0] for _ in range(5)]
    assert taken == [calls[0], emails[0], emails[1], None, None]
    # finishing a call frees the phone line
    Contact.update(status="resolved").where(Contact.id == calls[0]).execute()
    assert take_next(app.mutator, ana, rules)[0] == calls[1]


def test_skill_relaxation_after_waiting(app: Application) -> None:
    junior = add_agent(app, "junior", {"billing": 1})
    fresh = contact(app, 1, minutes_ago=2)
    rules = Rules(
        preferred_level={"billing": 2}, relax_after_minutes=10, warn_before_breach_minutes=0
    )
    assert route_next(app.db, load_profile(app.db, junior.id), rules, NOW) is None
    waited = contact(app, 2, minutes_ago=15)
    assert route_next(app.db, load_profile(app.db, junior.id), rules, NOW) == waited
    senior = add_agent(app, "senior", {"billing": 2})
    order = served_order(app.db, load_profile(app.db, senior.id), rules, NOW)
    assert order == [waited, fresh]


def test_unavailable_agent_gets_nothing(app: Application) -> None:
    ana = add_agent(app, "ana", {"billing": 1})
    contact(app, 1)
    agent_ops.set_presence(app.mutator, ana.id, "away")
    profile = load_profile(app.db, ana.id)
    assert probes(profile, Rules(), NOW) == []
    assert route_next(app.db, profile, Rules(), NOW) is None


def test_route_decision_reads_an_index_not_the_backlog(app: Application) -> None:
    ana = add_agent(app, "ana", {"billing": 1})
    contact(app, 1)
    plan = app.db.execute_sql(
        "EXPLAIN QUERY PLAN SELECT id FROM contact WHERE status = 'open' AND "
        "assigned_to_id IS NULL AND skill = 'billing' AND channel = 'email' "
        "ORDER BY (received_at - priority * 1800000), id LIMIT 1"
    ).fetchall()
    assert any("contact_route_order" in row[-1] for row in plan), plan
    assert route_next(app.db, load_profile(app.db, ana.id), Rules(), NOW) is not None


def test_concurrent_threads_never_double_assign(app: Application) -> None:
    actors = [add_agent(app, f"agent{n}", {"billing": 1}, capacity={"email": 50}) for n in range(4)]
    ids = [contact(app, n, minutes_ago=300 - n) for n in range(40)]
    results: dict[str, list[str]] = {a.id: [] for a in actors}
    errors: list[BaseException] = []

    def work(actor: Actor) -> None:
        # peewee gives each thread its own connection to the file, like separate windows
        from desktop.mutator import Mutator

        try:
            mut = Mutator(app.db, kind="live", clock=app.clock)
            for _ in range(15):
                cid, _ = take_next(mut, actor, Rules(warn_before_breach_minutes=0))
                if cid:
                    results[actor.id].append(cid)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            app.db.close()  # this thread's connection

    threads = [threading.Thread(target=work, args=(a,)) for a in actors]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors
    taken = [cid for got in results.values() for cid in got]
    assert len(taken) == len(set(taken)) == 40
    assert set(taken) == set(ids)
    owners = {c.id: c.assigned_to_id for c in Contact.select()}
    for actor_id, got in results.items():
        assert all(owners[cid] == actor_id for cid in got)


WORKER = """
import sys, json
from desktop.app import Application
from desktop.workspace import Workspace
from desktop.routing import take_next
from pathlib import Path
app = Application.open(Workspace(Path(sys.argv[1])))
actor = app.sign_in(sys.argv[2])
got = []
for _ in range(int(sys.argv[3])):
    cid, _ = take_next(app.mutator, actor, app.rules)
    if cid:
        got.append(cid)
print(json.dumps(got))
app.close()
"""


def test_concurrent_processes_never_double_assign(app: Application) -> None:
    for n in range(3):
        add_agent(app, f"proc{n}", {"billing": 1}, capacity={"email": 100})
    ids = {contact(app, n, minutes_ago=500 - n) for n in range(60)}
    root = str(app.workspace.root)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", WORKER, root, f"proc{n}", "25"],
            stdout=subprocess.PIPE,
            text=True,
        )
        for n in range(3)
    ]
    outs = [json.loads(p.communicate(timeout=120)[0]) for p in procs]
    taken = [cid for got in outs for cid in got]
    assert len(taken) == len(set(taken)) == 60
    assert set(taken) == ids
    assert AgentSkill.select().count() >= 3
