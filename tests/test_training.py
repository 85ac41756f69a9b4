"""Training mode: scenarios and their validation, the scenario clock, feedback, reset,
trainees kept apart, and the guard that keeps senders and sync away from training."""

from __future__ import annotations

import argparse
import ast
import json
import os
import subprocess
import sys
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.app import Application
from desktop.card import find_customer
from desktop.errors import UserFacingError
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.ops import customers as customer_ops
from desktop.ops import invoices as invoice_ops
from desktop.ops import tasks as task_ops
from desktop.training.feedback import feedback
from desktop.training.guard import TrainingWorkspaceError, ensure_live
from desktop.training.scenario import find_scenario, list_scenarios, validate, validate_file
from desktop.training.session import (
    START_COPY,
    TrainingClock,
    advance,
    arrive_due,
    create_from_scenario,
    info,
    open_training,
    reset,
    skip_to_next,
    training_root,
)
from desktop.workspace import Workspace
from models.database import open_database
from models.errors import WorkspaceKindError
from models.schema import CHANNELS, Agent, Contact, Event, Invoice, Outbound, TrainingArrival

ROOT = Path(__file__).resolve().parent.parent


def morning() -> dict[str, Any]:
    return json.loads(find_scenario("morning-mixed").path.read_text(encoding="utf-8"))


# -- scenario packs --------------------------------------------------------------------------


def test_shipped_scenarios_are_valid_and_rich() -> None:
    scenarios = {s.name: s for s in list_scenarios()}
    assert {"morning-mixed", "billing-basics"} <= set(scenarios)
    for scenario in scenarios.values():
        assert validate_file(scenario.path) == []
    data = morning()
    channels = {c["channel"] for c in data["contacts"]}
    assert {"social", "session", "phone", "webform", "sms", "email", "chat"} <= channels
    assert any("Extended family" in c.get("culture_notes", "") for c in data["customers"])
    names = [c["name"] for c in data["customers"]]
    assert len(names) != len(set(names))  # the duplicate customer
    assert all(c.get("practices") and c.get("why") for c in data["contacts"])
    assert len(scenarios["billing-basics"].contacts) >= 4


def test_validation_reports_every_problem_with_its_location() -> None:
    data = morning()
    data["contacts"][3]["channel"] = "fax2"
    data["contacts"][1]["customer"] = "nobody"
    data["contacts"][0]["practices"].append("smile")
    data["contacts"][2]["practices"].append("acknowledge")  # a phone call
    data["contacts"][4]["ofset_minutes"] = 5
    data["contacts"][5]["priority"] = 9
    data["customers"][2].pop("email")
    data["customers"][3]["timezone"] = "Mars/Olympus"
    data["customers"][5]["email"] = data["customers"][4]["email"]
    data["customers"][6]["phone"] = "12"
    data["invoices"][1]["number"] = data["invoices"][0]["number"]
    data["purchases"][0]["amount"] = "lots"
    del data["start"]
    problems = validate(data)
    expected = [
        "(top).start: missing",
        "contacts[3].channel: unknown channel 'fax2'",
        "contacts[1].customer: unknown customer 'nobody'",
        "contacts[0].practices[4]: unknown practice 'smile'",
        "contacts[2].practices[3]: 'acknowledge' is for asynchronous channels",
        "contacts[4].ofset_minutes: unknown field",
        "contacts[5].priority: must be a whole number from 0 to 3",
        "customers[2]: needs an email, phone or handle",
        "customers[3].timezone: unknown time zone 'Mars/Olympus'",
        "customers[5].email: 'lars.berg@example.se' is also customers[4]'s",
        "customers[6].phone: not a possible phone number",
        "invoices[1].number: 'INV-8990' is used twice",
        "purchases[0].amount: must be a number",
    ]
    for line in expected:
        assert any(p.startswith(line) for p in problems), (line, problems)
    # in the order of the file
    sections = [p.split("[")[0].split(".")[0].split(":")[0] for p in problems]
    order = ["(top)", "customers", "purchases", "invoices", "contacts"]
    assert sections == sorted(sections, key=order.index)


def test_validation_checks_what_intake_would_refuse(tmp_path: Path) -> None:
    data = morning()
    data["contacts"] = data["contacts"][:1]
    data["customers"][0]["followers"] = -3
    data["purchases"][1]["purchased_at"] = "2026-10-01T10:00:00"  # no time zone
    path = tmp_path / "draft.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    problems = validate_file(path)
    assert any(p.startswith("customers[0].followers:") for p in problems)
    assert any(p.startswith("purchases[1].purchased_at:") for p in problems)
    path.write_text("{ not json", encoding="utf-8")
    assert validate_file(path)[0].startswith("(file): not valid JSON: ")


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=5),
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3)
    ),
    max_leaves=6,
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    section=st.sampled_from(["customers", "contacts", "invoices", "purchases", None]),
    index=st.integers(0, 9),
    key=st.sampled_from(
        [
            "key",
            "customer",
            "channel",
            "email",
            "phone",
            "handle",
            "practices",
            "body",
            "amount",
            "offset_minutes",
            "followers",
            "start",
            "trainee",
            "timezone",
            "x",
        ]
    ),
    value=JSON,
)
def test_validation_never_crashes(section: str | None, index: int, key: str, value: Any) -> None:
    data = morning()
    if section is None:
        data[key] = value
    else:
        items = data.get(section) or []
        if items:
            items[index % len(items)][key] = value
        else:
            data[section] = value
    problems = validate(data)
    assert all(isinstance(p, str) and ": " in p for p in problems)


# -- the scenario clock and arrivals -----------------------------------------------------------


@pytest.fixture
def training(tmp_path: Path) -> Iterator[tuple[Path, Application]]:
    root = tmp_path / "train"
    create_from_scenario(root, find_scenario("morning-mixed"))
    app = open_training(root)
    app.sign_in(info().trainee)
    yield root, app
    app.close()


def test_contacts_arrive_on_the_scenario_clock(training: tuple[Path, Application]) -> None:
    root, app = training
    assert isinstance(app.clock, TrainingClock)
    assert Contact.select().count() == 0
    assert len(arrive_due(app)) == 1  # only the 08:00 tweet
    assert len(advance(app, 15)) == 4  # 08:03, 08:06, 08:10, 08:14
    assert TrainingArrival.select().where(TrainingArrival.contact_id.is_null()).count() == 5
    arrived = skip_to_next(app)  # no waiting for the 08:18 web form
    assert len(arrived) == 1 and Contact.get_by_id(arrived[0]).channel == "webform"
    received = Contact.get_by_id(arrived[0]).received_at
    assert received == info().start + timedelta(minutes=18)
    # scenario time survives closing the window
    app.close()
    again = open_training(root)
    assert isinstance(again.clock, TrainingClock) and again.clock.elapsed_minutes >= 18
    assert arrive_due(again) == []
    # a training workspace never writes sync intents, and is never opened as live
    assert again.db.execute_sql("SELECT count(*) FROM outbox").fetchone()[0] == 0
    with pytest.raises(WorkspaceKindError):
        open_database(root / "training.sqlite3", kind="live")


def _contact(key: str) -> Contact:
    return Contact.get_by_id(TrainingArrival.get(TrainingArrival.key == key).contact_id)


def test_feedback_good_and_bad_replies(training: tuple[Path, Application]) -> None:
    _, app = training
    actor: Actor = app.require_actor()
    mut = app.mutator
    arrive_due(app)
    tweet = _contact("mia-tweet")
    contact_ops.reply(
        mut,
        actor,
        tweet.id,
        "@miarides we are so sorry about the double charge. Sam here, "
        "I am on it and will DM you right away.",
    )
    task_ops.create_task(
        mut,
        actor,
        title="Check the refund",
        contact_id=tweet.id,
        due_at=app.clock.now() + timedelta(hours=4),
    )
    advance(app, 15)
    session = _contact("kim-session")
    contact_ops.reply(mut, actor, session.id, "Your payment failed. The same team.")
    call = _contact("lars-call")
    contact_ops.log_call(
        mut,
        actor,
        call.id,
        direction="inbound",
        minutes=4,
        outcome="completed",
        summary="Lars never got INV-9001; sent it now.",
    )
    invoice_ops.send(mut, actor, Invoice.get(Invoice.number == "INV-9001").id)
    dup = _contact("joan-dup")
    assert dup.customer_id is not None
    survivor = find_customer(email="joan.smith@example.com").id
    customer_ops.merge(mut, actor, survivor, dup.customer_id, evidence=["same name, says so"])
    contact_ops.reply(
        mut, actor, dup.id, "Hi Joan, of course you can swap the Helmet Pro for a larger size. Sam"
    )

    report = feedback(info().scenario, actor.id, app.rules, app.clock.now())
    by_key = {c.key: c for c in report.contacts}
    good = by_key["mia-tweet"]
    assert good.named_customer and good.named_agent and good.follow_up_set
    assert set(good.kept) == {"respond_fast", "personalize", "apologise_publicly", "follow_up"}
    assert good.missed == [] and good.response_minutes is not None and good.response_minutes < 1

    bad = by_key["kim-session"]
    assert bad.answered and not bad.named_customer
    assert not bad.named_agent  # "same" is not "Sam"
    assert set(bad.missed) == {"personalize", "follow_up"}

    lars = by_key["lars-call"]
    assert set(lars.kept) == {"personalize", "follow_up", "remind_before_escalate"}

    joan_fb = by_key["joan-dup"]
    assert set(joan_fb.kept) == {
        "acknowledge",
        "personalize",
        "mention_purchase",
        "merge_duplicate",
    }

    unanswered = by_key["okafor-call"]
    assert not unanswered.answered and set(unanswered.missed) == {"personalize", "follow_up"}
    assert not by_key["mia-dm"].arrived

    summary = report.summary()
    assert summary["arrived"] == 5 and summary["answered"] == 4
    assert summary["practise_next"][0] in ("personalize", "follow_up")
    markdown = report.as_markdown()
    assert "What to practise next:" in markdown
    assert "missed: set a follow-up within 24 hours" in markdown
    assert {o.state for o in Outbound.select()} == {"simulated"}


def test_reminding_before_escalating_is_judged(tmp_path: Path) -> None:
    root = tmp_path / "billing"
    create_from_scenario(root, find_scenario("billing-basics"))
    app = open_training(root)
    try:
        actor = app.sign_in(info().trainee)
        advance(app, 5)
        call = _contact("tom-overdue")
        contact_ops.log_call(
            app.mutator,
            actor,
            call.id,
            direction="inbound",
            minutes=3,
            outcome="completed",
            summary="Tom: no collections, reminder sent",
        )
        invoice = Invoice.get(Invoice.number == "INV-7002")

        def judged() -> list[str]:
            report = feedback(info().scenario, actor.id, app.rules, app.clock.now())
            return next(c for c in report.contacts if c.key == "tom-overdue").kept

        assert "remind_before_escalate" not in judged()
        with pytest.raises(UserFacingError, match="no recorded reminder"):
            invoice_ops.escalate(app.mutator, actor, invoice.id)
        invoice_ops.remind(app.mutator, actor, invoice.id)
        assert "remind_before_escalate" in judged()
    finally:
        app.close()


# -- reset, several trainees, the CLI ----------------------------------------------------------


def test_reset_goes_back_to_the_start(tmp_path: Path) -> None:
    root = tmp_path / "train"
    create_from_scenario(root, find_scenario("billing-basics"))
    start = (root / START_COPY).read_bytes()
    app = open_training(root)
    actor = app.sign_in(info().trainee)
    advance(app, 30)
    contact_ops.add_note(app.mutator, actor, Contact.select().first().id, "practice note")
    with pytest.raises(UserFacingError, match="open in a window"):
        reset(root)  # never pulled from under a running session
    app.close()
    reset(root)
    assert (root / "training.sqlite3").read_bytes() == start
    app = open_training(root)
    try:
        assert Contact.select().count() == 0
        assert Event.select().where(Event.kind == "note").count() == 0
        assert TrainingArrival.select().where(TrainingArrival.contact_id.is_null()).count() == 4
        assert isinstance(app.clock, TrainingClock) and app.clock.elapsed_minutes < 1
    finally:
        app.close()


def test_each_trainee_has_their_own_private_workspace(tmp_path: Path) -> None:
    from ui.app import prepare_training

    live = tmp_path / "live"
    Application.open(Workspace(live)).close()

    def args(agent: str | None, name: str | None = None) -> argparse.Namespace:
        return argparse.Namespace(agent=agent, scenario="billing-basics", trainee_name=name)

    ana = prepare_training(args("ana", "Ana Kovač"), live)
    ben = prepare_training(args("ben"), live)
    assert ana == training_root(live, "ana", "billing-basics") != ben
    assert ana.parent == live / "training" / "ana"
    if os.name == "posix":
        assert (ana.parent.stat().st_mode & 0o077) == 0  # nobody else may read it
    assert prepare_training(args("ana"), live) == ana  # the same one again, not a new one
    assert prepare_training(args(None), ana) == ana  # a training folder is used as it is
    app = open_training(ana)
    try:
        assert info().trainee == "ana"
        assert Agent.get(Agent.login == "ana").display_name == "Ana Kovač"
    finally:
        app.close()
    with pytest.raises(UserFacingError, match="trainee login"):
        training_root(live, "../ben")


def _run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ui.main", *args],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=cwd,
    )


def test_training_cli(tmp_path: Path) -> None:
    root = tmp_path / "t"
    bad = tmp_path / "bad.json"
    data = morning()
    data["contacts"][3]["channel"] = "fax2"
    data["customers"][0]["email"] = "not-an-email"
    bad.write_text(json.dumps(data))
    good = find_scenario("morning-mixed").path
    script = f"""
import contextlib, io, json, sys
from desktop import cli
def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        code = cli.run(cli.parse_args(["training", *args]), out, err)
    return code, out.getvalue(), err.getvalue()
print(json.dumps([
    run("list"),
    run("new", "--workspace", {str(root)!r}, "--scenario", "billing-basics",
        "--trainee", "ana", "--trainee-name", "Ana Kovac"),
    run("new", "--workspace", {str(root)!r}, "--scenario", "billing-basics"),
    run("feedback", "--workspace", {str(root)!r}, "--json"),
    run("feedback", "--workspace", {str(root)!r}, "--export", {str(tmp_path / "fb.md")!r}),
    run("validate", {str(bad)!r}),
    run("validate", {str(good)!r}),
    run("reset", "--workspace", {str(root)!r}),
    run("reset", "--workspace", {str(tmp_path)!r}),
]))
"""
    proc = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=60, cwd=ROOT
    )
    assert proc.returncode == 0, proc.stderr
    (lst, new, again, fb_json, export, invalid, valid, reset_ok, reset_none) = json.loads(
        proc.stdout.splitlines()[-1]
    )
    assert lst[0] == 0 and "morning-mixed" in lst[1] and "billing-basics" in lst[1]
    assert new[0] == 0 and "lastmile --training --workspace" in new[1]
    assert again[0] == 1 and "already holds" in again[2]
    report = json.loads(fb_json[1])
    assert report["scenario"] == "billing-basics" and report["arrived"] == 0
    assert export[0] == 0 and (tmp_path / "fb.md").read_text().startswith("# Training feedback")
    assert invalid[0] == 1
    assert f"{bad}: contacts[3].channel: unknown channel 'fax2'" in invalid[2]
    assert f"{bad}: customers[0].email: not an email address" in invalid[2]
    assert valid[0] == 0
    assert reset_ok[0] == 0 and reset_none[0] == 1 and "no training starting point" in reset_none[2]


# -- safe by construction ---------------------------------------------------------------------


def test_guard_and_sync_refusal(training: tuple[Path, Application]) -> None:
    root, _ = training
    with pytest.raises(TrainingWorkspaceError):
        ensure_live("training", "the SMTP sender")
    ensure_live("live", "the SMTP sender")
    proc = _run("sync", "--workspace", str(root))
    assert proc.returncode == 1
    assert "sync is never used in a training workspace" in proc.stderr


NETWORK_MODULES = {
    "httpx",
    "smtplib",
    "imaplib",
    "poplib",
    "requests",
    "urllib.request",
    "aiosmtplib",
    "websockets",
    "http.client",
    "ftplib",
}


def test_everything_that_can_reach_the_network_checks_the_workspace_kind() -> None:
    """A sender or sync client built anywhere in desktop/ or ui/ must call ensure_live."""
    offenders = []
    for folder in ("desktop", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(path.read_text(encoding="utf-8"))
            imported = set()
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    imported |= {a.name for a in node.names}
                elif isinstance(node, ast.ImportFrom) and node.module:
                    imported.add(node.module)
            if imported & NETWORK_MODULES and "ensure_live(" not in path.read_text():
                offenders.append(str(path.relative_to(ROOT)))
    assert offenders == [], f"these modules can reach the network without the guard: {offenders}"


def test_every_channel_is_known_to_scenarios() -> None:
    data = morning()
    for channel in CHANNELS:
        data["contacts"][0]["channel"] = channel
        assert not any(p.startswith("contacts[0].channel") for p in validate(data))
