"""The application object: builds the services once and hands them down.

No Qt here. The UI receives an :class:`Application` through its constructors;
tests build one on a temporary folder with a fixed clock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from peewee import SqliteDatabase

from desktop import encryption
from desktop.clock import Clock, SystemClock
from desktop.errors import UserFacingError
from desktop.intake import Intake
from desktop.mutator import Mutator
from desktop.ops import Actor
from desktop.rules import Rules, load_rules
from desktop.workspace import Workspace
from models.database import open_database
from models.schema import Agent

log = logging.getLogger("lastmile.app")


@dataclass
class Application:
    workspace: Workspace
    db: SqliteDatabase
    clock: Clock
    mutator: Mutator
    intake: Intake
    rules: Rules
    actor: Actor | None = None
    settings: dict[str, str] = field(default_factory=dict)

    @classmethod
    def open(cls, workspace: Workspace, *, clock: Clock | None = None) -> Application:
        workspace.ensure()
        clock = clock or SystemClock()
        db = open_database(workspace.database_path, kind=workspace.kind, keys=encryption.key_for)
        if (unfinished := encryption.notice(workspace)) is not None:
            log.warning("%s", unfinished)
        mutator = Mutator(db, kind=workspace.kind, clock=clock)
        rules = load_rules()
        intake = Intake(db, clock=clock, kind=workspace.kind, rules=rules)
        log.info("opened %s workspace %s", workspace.kind, workspace.root)
        return cls(workspace, db, clock, mutator, intake, rules)

    @property
    def is_training(self) -> bool:
        return self.workspace.kind == "training"

    def sign_in(self, login: str | None = None) -> Actor:
        """Act as the agent with this login (or the first agent of the workspace)."""
        query = Agent.select().order_by(Agent.created_at, Agent.login)
        agent = Agent.get_or_none(Agent.login == login.strip().lower()) if login else query.first()
        if agent is None:
            if login:
                raise UserFacingError(f"no agent with login {login!r} in this workspace")
            raise UserFacingError(
                "this workspace has no agents yet; add one with 'lastmile agent add'"
            )
        self.actor = Actor.of(agent)
        self.intake.agent_id = agent.id
        return self.actor

    def reload_rules(self) -> Rules:
        """Read the rules again after a change (the admin screens): in place, so that what
        holds ``app.rules`` (intake, routing, the sweep) sees the new values."""
        fresh = load_rules()
        self.rules.__dict__.clear()  # also drops the cached schedule key
        self.rules.__dict__.update(fresh.__dict__)
        return self.rules

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise UserFacingError("no agent is signed in")
        return self.actor

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
