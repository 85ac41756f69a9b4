"""Training workspaces: created from a scenario or a masked live copy, reset in one step,
and fed by scenario contacts arriving on an accelerated clock."""

from __future__ import annotations

import json
import os
import re
import shutil
import time
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from desktop import encryption
from desktop.app import Application
from desktop.ops import agents as agent_ops
from desktop.training.scenario import (
    Scenario,
    contact_record,
    invoice_record,
    purchase_record,
)
from desktop.workspace import TRAINING_DB_NAME, Workspace
from models.base import iso, new_id, parse_iso
from models.database import db_errors, get_meta, open_database, set_meta
from models.errors import UserFacingError
from models.protocol.vocabulary import INFLUENCER_FOLLOWERS
from models.schema import TrainingArrival

START_COPY = "training.start.sqlite3"


class TrainingClock:
    """Scenario time: starts at the scenario's start and runs faster than the wall clock."""

    def __init__(self, start: datetime, speed: float, elapsed_minutes: float = 0.0) -> None:
        self.start = start
        self.speed = speed  # simulated minutes per real second
        self._base = elapsed_minutes
        self._opened = time.monotonic()

    @property
    def elapsed_minutes(self) -> float:
        return self._base + (time.monotonic() - self._opened) * self.speed

    def now(self) -> datetime:
        return self.start + timedelta(minutes=self.elapsed_minutes)

    def advance(self, minutes: float) -> None:
        self._base += minutes


@dataclass
class TrainingInfo:
    scenario: str
    title: str
    start: datetime
    speed: float
    trainee: str


def _sidecars(path: Path) -> list[Path]:
    return [path, path.with_name(path.name + "-wal"), path.with_name(path.name + "-shm")]


LOGIN = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")


def check_login(login: str) -> str:
    """A trainee login is also a folder name: only the characters of an agent login."""
    if not LOGIN.match(login or ""):
        raise UserFacingError.said(
            "trainee login {login!r} must be lower-case letters, digits, '.', '_' or '-'",
            login=login,
        )
    return login


def training_root(live_root: Path, login: str, scenario: str | None = None) -> Path:
    """Each trainee's workspaces live apart: nobody sees another trainee's practice.

    ``<live workspace>/training/<login>/`` (one folder per scenario below it when
    ``scenario`` is given), readable by the owner of the folder only.
    """
    folder = live_root / "training" / check_login(login)
    return folder / check_login(scenario) if scenario else folder


def make_private(folder: Path) -> None:
    """The trainee's folder is theirs alone (where the platform has POSIX permissions)."""
    folder.mkdir(parents=True, exist_ok=True)
    if os.name == "posix":
        folder.chmod(0o700)


def create_from_scenario(
    root: Path, scenario: Scenario, *, trainee: tuple[str, str] | None = None
) -> Path:
    """A fresh training workspace at root, filled from the scenario (contacts still to arrive).

    ``trainee`` is (login, display name) of the person practising; by default the
    scenario's own trainee persona.
    """
    ws = Workspace(root, "training")
    if ws.database_path.exists():
        raise UserFacingError.said(
            "{root} already holds a training workspace; reset it instead", root=root
        )
    if (root / "lastmile.sqlite3").exists():
        raise UserFacingError.said("{root} is a live workspace; choose another folder", root=root)
    data = scenario.data
    persona = data.get("trainee", {"login": "trainee", "name": "Sam Trainee"})
    login, name = trainee or (persona["login"], persona["name"])
    check_login(login)
    make_private(root)
    ws.ensure()
    start = parse_iso(data["start"])
    app = Application.open(ws)
    try:
        agent_ops.add_agent(
            app.mutator,
            login=login,
            display_name=name,
            role="trainee",
            skills={s: 1 for s in sorted({c.get("skill") or "general" for c in data["contacts"]})},
        )
        from models.schema import Agent

        Agent.update(presence="available").execute()
        for key, body, purpose, channel in (
            (
                "Greeting",
                "Hello {customer.first_name},\n\n\n\nBest regards,\n{agent.first_name}",
                "reply",
                "",
            ),
            (
                "Public apology",
                "@{customer.first_name} we are sorry, that is not the experience "
                "we want for you. {agent.first_name} here: I am on it and will DM you right away.",
                "reply",
                "social",
            ),
            (
                "Acknowledgement",
                "Hello {customer.first_name}, we received your message and will answer {promise}.",
                "ack",
                "",
            ),
        ):
            app.db.execute_sql(
                "INSERT INTO template (id, name, channel, language, body, purpose) "
                "VALUES (?, ?, ?, 'en', ?, ?)",
                (new_id(), key, channel, body, purpose),
            )
        records: list[tuple[int, dict[str, Any]]] = [
            (n, purchase_record(data, n)) for n in range(len(data.get("purchases", [])))
        ]
        records += [
            (1000 + n, invoice_record(data, n)) for n in range(len(data.get("invoices", [])))
        ]
        report = app.intake.ingest(records)
        if report.rejected:
            raise UserFacingError.said(
                "scenario data rejected: {reason}", reason=report.rejected[0].reason
            )
        # make every customer exist with their full profile before anything arrives
        for customer in data["customers"]:
            _ensure_customer(app, customer)
        for n, contact in enumerate(data["contacts"]):
            TrainingArrival.create(
                position=n,
                key=contact["key"],
                offset_minutes=float(contact.get("offset_minutes", 0)),
                record=json.dumps(contact_record(data, n)),
                practices=json.dumps(contact.get("practices", [])),
                why=contact.get("why", ""),
            )
        set_meta("training_scenario", scenario.name)
        set_meta("training_title", scenario.title)
        set_meta("training_start", iso(start) or "")
        set_meta("training_speed", str(data.get("minutes_per_real_second", 0.5)))
        set_meta("training_trainee", login)
        set_meta("training_elapsed", "0")
    finally:
        app.close()
    _save_start_copy(ws)
    return ws.database_path


def _ensure_customer(app: Application, person: dict[str, Any]) -> None:
    from desktop.card import find_customer
    from models.errors import NotFoundError
    from models.schema import Customer, Identity

    found = None
    for kind in ("email", "phone"):
        if person.get(kind):
            try:
                found = find_customer(**{kind: person[kind]})
                break
            except NotFoundError:
                continue
    now = app.clock.now()
    if found is None:
        from models.base import new_id

        found = Customer.create(id=new_id(), name=person["name"], created_at=now, updated_at=now)
        for kind in ("email", "phone"):
            if person.get(kind):
                from desktop.identity import normalize

                Identity.create(customer=found.id, kind=kind, value=normalize(kind, person[kind]))
        if person.get("handle"):
            from desktop.identity import normalize_handle

            Identity.create(
                customer=found.id,
                kind="handle",
                network=person["network"],
                value=normalize_handle(person["handle"], person["network"]),
            )
    Customer.update(
        locale=person.get("locale", ""),
        timezone=person.get("timezone", ""),
        culture_notes=person.get("culture_notes", ""),
        vip=bool(person.get("vip")),
        influencer=int(person.get("followers", 0)) >= INFLUENCER_FOLLOWERS,
        reach=int(person.get("followers", 0)),
    ).where(Customer.id == found.id).execute()


def _save_start_copy(ws: Workspace) -> None:
    save_start_copy(ws.database_path)


def save_start_copy(src: Path) -> None:
    """Keep the pristine state next to the training database, for reset."""
    with encryption.connect(src) as conn:  # a masked copy of an encrypted workspace is too
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    dst = src.with_name(START_COPY)
    shutil.copyfile(src, dst)


def add_trainee(root: Path, trainee: tuple[str, str], *, title: str) -> None:
    """The person practising in a (masked copy) training workspace, with every skill."""
    login, name = trainee
    app = Application.open(Workspace(root, "training"))
    try:
        from models.schema import Agent, Contact

        if Agent.get_or_none(Agent.login == check_login(login)) is not None:
            raise UserFacingError.said(
                "the copy already has an agent {login!r}; choose another", login=login
            )
        skills = {row.skill for row in Contact.select(Contact.skill).distinct()} or {"general"}
        agent_ops.add_agent(
            app.mutator,
            login=login,
            display_name=name,
            role="trainee",
            skills={s: 1 for s in sorted(skills)},
        )
        Agent.update(presence="available").where(Agent.login == login).execute()
        set_meta("training_trainee", login)
        set_meta("training_title", title)
    finally:
        app.close()


def _in_use(path: Path) -> bool:
    """Whether another connection (a training window) has the database open."""
    conn = encryption.connect(path, timeout=0)
    try:
        conn.execute("PRAGMA locking_mode = EXCLUSIVE")
        conn.execute("BEGIN EXCLUSIVE")
        conn.execute("ROLLBACK")
        return False
    except db_errors() as exc:
        if exc.__class__.__name__ != "OperationalError":
            raise
        return True
    finally:
        conn.close()


def reset(root: Path) -> None:
    """Back to the scenario's starting point, in one step."""
    ws = Workspace(root, "training")
    start = root / START_COPY
    if not start.exists():
        raise UserFacingError.said("{root} has no training starting point to reset to", root=root)
    if ws.database_path.exists() and _in_use(ws.database_path):
        raise UserFacingError.said(
            "this training workspace is open in a window; use Start over there, or close it first"
        )
    for path in _sidecars(ws.database_path):
        path.unlink(missing_ok=True)
    shutil.copyfile(start, ws.database_path)


def info() -> TrainingInfo:
    return TrainingInfo(
        get_meta("training_scenario") or "masked copy",
        get_meta("training_title") or "Practice on masked live data",
        parse_iso(get_meta("training_start") or "2026-01-01T09:00:00Z"),
        float(get_meta("training_speed") or 0.5),
        get_meta("training_trainee") or "trainee",
    )


def open_training(root: Path) -> Application:
    """Open a training workspace with its accelerated scenario clock."""
    ws = Workspace(root, "training")
    if not ws.database_path.exists():
        raise UserFacingError.said(
            "no training workspace in {root}; create one with 'lastmile training new'", root=root
        )
    db = open_database(ws.database_path, kind="training", keys=encryption.key_for)
    details = info()
    elapsed = float(get_meta("training_elapsed") or 0)
    db.close()
    clock = TrainingClock(details.start, details.speed, elapsed)
    return Application.open(ws, clock=clock)


def arrive_due(app: Application) -> list[str]:
    """Let every scenario contact whose time has come arrive; returns their contact ids."""
    clock = app.clock
    elapsed = clock.elapsed_minutes if isinstance(clock, TrainingClock) else float("inf")
    due = list(
        TrainingArrival.select()
        .where(TrainingArrival.contact_id.is_null() & (TrainingArrival.offset_minutes <= elapsed))
        .order_by(TrainingArrival.offset_minutes, TrainingArrival.position)
    )
    arrived = []
    start = clock.start if isinstance(clock, TrainingClock) else app.clock.now()
    for item in due:
        record = json.loads(item.record)
        record["received_at"] = iso(start + timedelta(minutes=item.offset_minutes))
        report = app.intake.ingest([(item.position, record)])
        contact_id = report.contact_ids[0] if report.contact_ids else "duplicate"
        TrainingArrival.update(contact_id=contact_id).where(
            TrainingArrival.position == item.position
        ).execute()
        arrived.append(contact_id)
    if isinstance(clock, TrainingClock):
        set_meta("training_elapsed", f"{clock.elapsed_minutes:.2f}")
    return arrived


def advance(app: Application, minutes: float) -> list[str]:
    """Move the scenario clock on by ``minutes`` and let what is due arrive."""
    clock = app.clock
    if not isinstance(clock, TrainingClock):
        raise UserFacingError.said("only a training workspace has a scenario clock")
    clock.advance(max(0.0, minutes))
    return arrive_due(app)


def skip_to_next(app: Application) -> list[str]:
    """No waiting: the next scenario contact arrives now."""
    minutes = next_arrival_minutes(app)
    return [] if minutes is None else advance(app, minutes)


def next_arrival_minutes(app: Application) -> float | None:
    pending = (
        TrainingArrival.select()
        .where(TrainingArrival.contact_id.is_null())
        .order_by(TrainingArrival.offset_minutes)
        .first()
    )
    if pending is None:
        return None
    clock = app.clock
    elapsed = clock.elapsed_minutes if isinstance(clock, TrainingClock) else 0.0
    offset: float = pending.offset_minutes
    return max(0.0, offset - elapsed)


def training_db_path(root: Path) -> Path:
    return root / TRAINING_DB_NAME
