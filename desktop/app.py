"""The application object: builds the services once and hands them down.

No Qt here. The UI receives an :class:`Application` through its constructors;
tests build one on a temporary folder with a fixed clock.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from peewee import SqliteDatabase

from desktop import encryption
from desktop.clock import Clock, SystemClock
from desktop.errors import UserFacingError
from desktop.mutator import Mutator
from desktop.ops import Actor
from desktop.workspace import Workspace
from models import filehead
from models.database import open_database
from models.schema import Agent

if TYPE_CHECKING:
    from desktop.intake import Intake
    from desktop.rules import Rules

log = logging.getLogger("lastmile.app")


@dataclass
class Application:
    workspace: Workspace
    db: SqliteDatabase
    clock: Clock
    mutator: Mutator
    actor: Actor | None = None
    settings: dict[str, str] = field(default_factory=dict)
    # built when first used: a command that needs neither (lastmile queue, call) starts
    # without importing intake, the channels, the rules and the holiday calendars
    _intake: Intake | None = field(default=None, repr=False)
    _rules: Rules | None = field(default=None, repr=False)

    @property
    def rules(self) -> Rules:
        if self._rules is None:
            from desktop.rules import load_rules

            self._rules = load_rules()
        return self._rules

    @rules.setter
    def rules(self, value: Rules) -> None:
        self._rules = value
        if self._intake is not None:
            self._intake.rules = value

    @property
    def intake(self) -> Intake:
        if self._intake is None:
            from desktop.intake import Intake

            self._intake = Intake(
                self.db,
                clock=self.clock,
                kind=self.workspace.kind,
                rules=self.rules,
                mutator=self.mutator,
            )
            if self.actor is not None:
                self._intake.agent_id = self.actor.id
        return self._intake

    @classmethod
    def open(cls, workspace: Workspace, *, clock: Clock | None = None) -> Application:
        workspace.ensure()
        clock = clock or SystemClock()
        db = open_database(workspace.database_path, kind=workspace.kind, keys=encryption.key_for)
        if (unfinished := encryption.notice(workspace)) is not None:
            log.warning("%s", unfinished)
        from desktop import attachments

        attachments.install(encryption.key_if_encrypted(workspace.database_path))
        mutator = Mutator(db, kind=workspace.kind, clock=clock)
        log.info("opened %s workspace %s", workspace.kind, workspace.root)
        return cls(workspace, db, clock, mutator)

    @property
    def is_training(self) -> bool:
        return self.workspace.kind == "training"

    def sign_in(self, login: str | None = None) -> Actor:
        """Act as the agent with this login (or the first agent of the workspace)."""
        query = Agent.select().order_by(Agent.created_at, Agent.login)
        agent = Agent.get_or_none(Agent.login == login.strip().lower()) if login else query.first()
        if agent is None:
            if login:
                raise UserFacingError.said(
                    "no agent with login {login!r} in this workspace", login=login
                )
            raise UserFacingError.said(
                "this workspace has no agents yet; add one with 'lastmile agent add'"
            )
        self.actor = Actor.of(agent)
        if self._intake is not None:
            self._intake.agent_id = agent.id
        return self.actor

    def reload_rules(self) -> Rules:
        """Read the rules again after a change (the admin screens): in place, so that what
        holds ``app.rules`` (intake, routing, the sweep) sees the new values."""
        from desktop.rules import load_rules

        fresh = load_rules()
        self.rules.__dict__.clear()  # also drops the cached schedule key
        self.rules.__dict__.update(fresh.__dict__)
        return self.rules

    def require_actor(self) -> Actor:
        if self.actor is None:
            raise UserFacingError.said("no agent is signed in")
        return self.actor

    def close(self) -> None:
        if not self.db.is_closed():
            self.db.close()
        filehead.release(self.workspace.database_path)
