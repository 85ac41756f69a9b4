"""Training mode: scenarios, training workspaces, arrivals, feedback, reset, masking."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest

from desktop.app import Application
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.ops import tasks as task_ops
from desktop.training.feedback import feedback
from desktop.training.guard import TrainingWorkspaceError, ensure_live
from desktop.training.masking import masked_copy
from desktop.training.scenario import find_scenario, list_scenarios, validate
from desktop.training.session import (
    TrainingClock,
    arrive_due,
    create_from_scenario,
    info,
    open_training,
    reset,
)
from desktop.workspace import Workspace
from models.database import open_database
from models.errors import WorkspaceKindError
from models.schema import Agent, Contact, Event, Outbound, TrainingArrival


def test_shipped_scenarios_are_valid() -> None:
    names = {s.name for s in list_scenarios()}
    assert {"morning-mixed", "billing-basics"} <= names
    for scenario in list_scenarios():
        assert validate(scenario.data) == []


def test_validation_reports_every_problem_with_its_location() -> None:
    data = json.loads(find_scenario("morning-mixed").path.read_text())
    data["contacts"][3]["channel"] = "fax2"
    data["contacts"][1]["customer"] = "nobody"
    data["contacts"][0]["practices"].append("smile")
    data["customers"][2].pop("email")
    del data["start"]
    problems = validate(data)
    assert "contacts[3].channel: unknown channel 'fax2'" in problems
    assert "contacts[1].customer: unknown customer 'nobody'" in problems
    assert any(p.startswith("contacts[0].practices[4]: unknown practice 'smile'")
               for p in problems)
    assert "customers[2]: needs an email, phone or handle" in problems
    assert "(top).start: missing" in problems


@pytest.fixture
def training(tmp_path: Path):  # type: ignore[no-untyped-def]
    root = tmp_path / "train"
    create_from_scenario(root, find_scenario("morning-mixed"))
    app = open_training(root)
    app.sign_in(info().trainee)
    yield root, app
    app.close()


def test_contacts_arrive_on_the_scenario_clock(training) -> None:  # type: ignore[no-untyped-def]
    root, app = training
    assert isinstance(app.clock, TrainingClock)
    assert Contact.select().count() == 0
    arrived = arrive_due(app)
    assert len(arrived) == 1  # only the 08:00 tweet
    app.clock.advance(15)
    assert len(arrive_due(app)) == 4
    assert TrainingArrival.select().where(TrainingArrival.contact_id.is_null()).count() == 3
    # a training workspace never writes sync intents
    assert app.db.execute_sql("SELECT count(*) FROM outbox").fetchone()[0] == 0
    with pytest.raises(WorkspaceKindError):
        open_database(root / "training.sqlite3", kind="live")


def _contact(key: str) -> Contact:
    item = TrainingArrival.get(TrainingArrival.key == key)
    return Contact.get_by_id(item.contact_id)


def test_feedback_good_and_bad_replies(training) -> None:  # type: ignore[no-untyped-def]
    _, app = training
    actor: Actor = app.require_actor()
    app.clock.advance(12)
    arrive_due(app)
    tweet, session = _contact("mia-tweet"), _contact("kim-session")
    contact_ops.reply(app.mutator, actor, tweet.id,
                      "@Mia we are so sorry about the refund. Sam here, I am on it now.")
    task_ops.create_task(app.mutator, actor, title="Check the refund", contact_id=tweet.id,
                         due_at=app.clock.now() + timedelta(hours=4))
    contact_ops.reply(app.mutator, actor, session.id, "Your payment failed.")
    report = feedback(info().scenario, actor.id, app.rules, app.clock.now())
    by_key = {c.key: c for c in report.contacts}
    good, bad = by_key["mia-tweet"], by_key["kim-session"]
    assert good.named_customer and good.named_agent and good.follow_up_set
    assert set(good.kept) == {"respond_fast", "personalize", "apologise_publicly",
                              "follow_up"} - set(good.missed)
    assert "apologise_publicly" in good.kept and "personalize" in good.kept
    assert set(bad.missed) == {"personalize", "follow_up"}
    assert good.response_minutes is not None and good.response_minutes >= 12
    assert not by_key["mia-dm"].arrived
    markdown = report.as_markdown()
    assert "missed: set a follow-up within 24 hours" in markdown
    assert [o.state for o in Outbound.select()] == ["simulated"] * Outbound.select().count()


def test_reset_goes_back_to_the_start(tmp_path: Path) -> None:
    root = tmp_path / "train"
    create_from_scenario(root, find_scenario("billing-basics"))
    app = open_training(root)
    actor = app.sign_in(info().trainee)
    arrive_due(app)
    contact_ops.add_note(app.mutator, actor, Contact.select().first().id, "practice note")
    app.close()
    reset(root)
    app = open_training(root)
    try:
        assert Contact.select().count() == 0
        assert Event.select().where(Event.kind == "note").count() == 0
        assert TrainingArrival.select().where(TrainingArrival.contact_id.is_null()).count() == 2
    finally:
        app.close()


def test_guard_and_sync_refusal(training) -> None:  # type: ignore[no-untyped-def]
    root, _ = training
    with pytest.raises(TrainingWorkspaceError):
        ensure_live("training", "the SMTP sender")
    ensure_live("live", "the SMTP sender")
    proc = subprocess.run([sys.executable, "-m", "ui.main", "sync", "--workspace", str(root)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "never used in a training workspace" in proc.stderr


def test_masked_copy_leaves_no_original_identity_anywhere(tmp_path: Path) -> None:
    live_root = tmp_path / "live"
    live = Application.open(Workspace(live_root))
    records = []
    people = [("Wilhelmina Vandersloot", "wilhelmina.v@corp.example", "+4915123456789",
               "wilhelminav"),
              ("Bartholomew Quixley", "bart.quixley@mail.example", "+15550101234", "bquix")]
    for n, (name, email, phone, handle) in enumerate(people * 3):
        records.append((n, {"type": "contact", "channel": "social" if n % 2 else "email",
                            "external_id": f"m{n}", "received_at": f"2026-11-2{n}T10:00:00Z",
                            "from": {"name": name, "email": email, "phone": phone,
                                     "handle": handle, "network": "twitter"},
                            "subject": f"Hello from {name}",
                            "body": f"Hi, this is {name.split()[0]}, reach me at {email} or "
                                    f"{phone}, @{handle}"}))
    assert live.intake.ingest(records).imported == 6
    Agent.create(login="ana", display_name="Ana K", created_at=live.clock.now())
    live.close()
    live_file = live_root / "lastmile.sqlite3"
    before = live_file.read_bytes()
    target = masked_copy(live_root, tmp_path / "masked")
    assert live_file.read_bytes() == before
    raw = target.read_bytes()
    for name, email, phone, handle in people:
        for secret in (name, *name.split(), email, phone, handle):
            assert secret.encode() not in raw, secret
    # the same person is the same fake person across their history
    db = sqlite3.connect(target)
    try:
        assert db.execute("SELECT value FROM workspace_meta WHERE key='kind'").fetchone()[0] == \
            "training"
        names = [r[0] for r in db.execute("SELECT name FROM customer ORDER BY name")]
        assert len(names) == 2 and len(set(names)) == 2
        for (fake_name,) in db.execute("SELECT name FROM customer"):
            subjects = db.execute(
                "SELECT count(*) FROM contact c JOIN customer cu ON cu.id = c.customer_id "
                "WHERE cu.name = ? AND c.subject = 'Hello from ' || ?", (fake_name, fake_name)
            ).fetchone()[0]
            assert subjects == 3
        assert db.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    finally:
        db.close()
    app = open_training(tmp_path / "masked")
    app.close()


def test_training_cli(tmp_path: Path) -> None:
    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "ui.main", "training", *args],
                              capture_output=True, text=True, timeout=60)

    assert "morning-mixed" in run("list").stdout
    root = tmp_path / "t"
    assert run("new", "--workspace", str(root), "--scenario", "billing-basics").returncode == 0
    again = run("new", "--workspace", str(root), "--scenario", "billing-basics")
    assert again.returncode == 1 and "already holds" in again.stderr
    report = json.loads(run("feedback", "--workspace", str(root), "--json").stdout)
    assert report["scenario"] == "billing-basics"
    bad = tmp_path / "bad.json"
    bad.write_text('{"name": "x", "contacts": []}')
    proc = run("validate", str(bad))
    assert proc.returncode == 1 and "contacts: needs at least one contact" in proc.stderr
    good = run("validate", str(find_scenario("morning-mixed").path))
    assert good.returncode == 0
    assert run("reset", "--workspace", str(root)).returncode == 0
    shutil.rmtree(root)
