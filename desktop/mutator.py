"""The one door for writes.

Every user action runs as ONE SQLite transaction that changes the domain rows,
appends an audit record and, in a live workspace, appends an intent to the sync
outbox with the next per-client mutation id. Training workspaces reuse exactly
the same operations; they simply record no intents (nothing will ever sync).
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from typing import Any, TypeVar

from peewee import Database

from desktop.clock import Clock, HybridLogicalClock
from desktop.sync import shadow
from models.base import from_ms, new_id
from models.database import get_meta, set_meta
from models.errors import UserFacingError
from models.protocol import IntentError, IntentSpec
from models.protocol.intents import TEAM_MAX
from models.protocol.vocabulary import SHARED_LINES
from models.schema import Audit, Intent
from models.text import problem

T = TypeVar("T")
log = logging.getLogger("lastmile.mutator")

# history lines an action writes that the server does not make itself (SHARED_LINES: it
# makes replies, notes and call logs from the intent) travel with the intent as ``lines``,
# so every desktop of the team shows who took, handed back, parked or resolved what
_LINES_SQL = (
    "SELECT id, customer_id, contact_id, at, channel, kind, subject, body FROM event "
    f"WHERE seq > ? AND kind IN ({', '.join(repr(k) for k in SHARED_LINES)}) ORDER BY seq"
)


# the outbox rows of Mutator.bulk, for one executemany
OUTBOX_INSERT = (
    "INSERT INTO outbox (id, name, version, args, agent_id, hlc, created_at, state, reason, "
    "team) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)


class Mutator:
    def __init__(self, db: Database, *, kind: str, clock: Clock) -> None:
        self.db = db
        self.kind = kind
        self.clock = clock
        node = get_meta("client_id") or "local"
        self.hlc = HybridLogicalClock(node, clock.now, get_meta("hlc"))

    @property
    def records_intents(self) -> bool:
        return self.kind == "live"

    def run(
        self,
        intent: IntentSpec,
        args: dict[str, Any],
        apply: Callable[[], T],
        *,
        agent_id: str | None,
        entity: str = "",
        entity_id: str = "",
        team: str | None = None,
    ) -> T:
        """Apply one action atomically and record it.

        ``intent`` is its declaration (models/protocol/intents.py): ``args`` must fit it
        and be complete (ids generated up front) so that the server can replay the same
        intent and reach the same rows. ``team``: the team its new rows belong to, for an
        intent declared ``new_rows`` (an account in several teams; None: the server
        decides).
        """
        if team is not None and not intent.new_rows:
            raise ValueError(f"{intent.name} makes no rows of its own: it has no team")
        if team is not None and not 1 <= len(team) <= TEAM_MAX:
            raise UserFacingError.said("not saved: a team name is 1-64 characters")
        try:
            intent.validate(args)
        except IntentError as exc:
            raise UserFacingError.said("not saved: {problem}", problem=str(exc)) from None
        name, version = intent.name, intent.version
        found = problem(args)
        if found is not None:
            # refused before anything is written: a change accepted here must be storable
            # on the server too (PostgreSQL keeps no NUL), or it would be lost later
            raise UserFacingError.said(
                "not saved: {problem}; remove it and try again", problem=found
            )
        # IMMEDIATE: take the write lock before the first read, so that a concurrent
        # writer makes this one wait (busy timeout) instead of failing on upgrade
        with self.db.atomic("IMMEDIATE"):
            if self.records_intents:
                # keep the server state of the rows this action changes (sync rollback)
                shadow.capture(intent, args)
                last = self.db.execute_sql("SELECT coalesce(max(seq), 0) FROM event")
                before = last.fetchone()[0]
            result = apply()
            if self.records_intents:
                lines = [
                    dict(
                        zip(
                            (
                                "id",
                                "customer_id",
                                "contact_id",
                                "at",
                                "channel",
                                "kind",
                                "subject",
                                "body",
                            ),
                            row,
                            strict=True,
                        )
                    )
                    for row in self.db.execute_sql(_LINES_SQL, (before,)).fetchall()
                ]
                if lines:
                    args = {**args, "lines": lines}
            now = self.clock.now()
            stamp = self.hlc.tick()
            payload = json.dumps(args, sort_keys=True, default=str)
            if self.records_intents:
                Intent.create(
                    name=name,
                    version=version,
                    args=payload,
                    agent_id=agent_id,
                    hlc=stamp,
                    created_at=now,
                    team=team or "",
                )
                set_meta("hlc", stamp)
            Audit.create(
                at=now,
                agent_id=agent_id,
                action=name,
                entity=entity,
                entity_id=entity_id,
                detail=payload,
            )
        log.debug("%s %s", name, entity_id)
        return result

    def bulk(
        self,
        items: list[tuple[IntentSpec, dict[str, Any]]],
        *,
        agent_id: str | None,
        now_ms: int,
        action: str,
        detail: dict[str, Any] | None = None,
        team: str | None = None,
    ) -> list[tuple[Any, ...]]:
        """The door for many rows at once (intake, import, rule sweeps), inside the
        caller's transaction: every intent checked against its declaration and stamped
        with the next real HLC, one audit record for the batch. Returns the outbox rows
        (id, name, version, args, agent_id, hlc, created_at, state, reason, team) for one
        ``executemany`` (:data:`OUTBOX_INSERT`); nothing is returned for a training
        workspace (it never syncs). ``team``: the team the new rows belong to (an account
        in several teams; None: the server decides, the account's home team)."""
        if team is not None and not 1 <= len(team) <= TEAM_MAX:
            raise UserFacingError.said("not saved: a team name is 1-64 characters")
        rows: list[tuple[Any, ...]] = []
        for spec, args in items:
            try:
                spec.validate(args)
            except IntentError as exc:
                raise UserFacingError.said("not saved: {problem}", problem=str(exc)) from None
            if self.records_intents:
                rows.append(
                    (
                        new_id(),
                        spec.name,
                        spec.version,
                        json.dumps(args, sort_keys=True, default=str),
                        agent_id,
                        self.hlc.tick(),
                        now_ms,
                        "pending",
                        "",
                        team or "",
                    )
                )
        if rows:
            set_meta("hlc", rows[-1][5])
        Audit.create(
            at=from_ms(now_ms),
            agent_id=agent_id,
            action=action,
            entity="batch",
            entity_id="",
            detail=json.dumps({"intents": len(items), **(detail or {})}, sort_keys=True),
        )
        return rows
