"""Push/pull against the sync server (in the spirit of Replicache and PowerSync).

- push: outbox intents in mutation order, in batches; the server applies each in its
  own transaction together with (client id, mutation id), so a repeated push is
  harmless and a lost response loses nothing;
- pull: change-log pages go into a staging table; only when the stream reached the
  server's head is the checkpoint applied, in one SQLite transaction, together with
  the answers to our intents (accepted / rejected with a reason);
- rows with pending intents keep a shadow of the server state (desktop.sync.shadow):
  a refused change is rolled back exactly and becomes a notice; a refused reply is
  kept as an internal note and its message is never sent.

Never constructed for a training workspace (desktop.training.guard.ensure_live).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from peewee import OperationalError, fn

from desktop import privacy
from desktop.app import Application
from desktop.changes import Changes
from desktop.rules import reload_into, reschedule
from desktop.sync import shadow
from desktop.sync.apply import Applier, Deferred, undo_rejected
from desktop.sync.transport import (
    HttpTransport,
    OutOfOrder,
    SignedOut,
    SyncUnavailable,
    Transport,
    UpdateRequired,
    load_token,
    store_token,
)
from desktop.training.guard import ensure_live
from models import protocol
from models.base import iso, new_id, to_ms
from models.database import get_meta, set_meta
from models.errors import UserFacingError
from models.protocol import IntentSpec
from models.protocol.intents import MUTATION_TEAM
from models.schema import Audit, Intent, SyncQuarantine, SyncStaging

__all__ = [
    "HttpTransport",
    "SignedOut",
    "SyncClient",
    "SyncReport",
    "SyncUnavailable",
    "UpdateRequired",
    "describe",
    "load_token",
    "store_token",
]

log = logging.getLogger("lastmile.sync")

PUSH_BATCH = 200
PUSH_BYTES = 4 * 1024 * 1024  # below the server's 8 MB request limit
MAX_ARGS_BYTES = 2 * 1024 * 1024  # the server refuses a bigger single change
PULL_LIMIT = 5000
MAX_NOTICES = 50


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    accepted: int = 0
    rejected: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    pending: int = 0
    quarantined: int = 0
    at: datetime | None = None
    # what the pull (and the undoing of refused changes) touched here: the window updates
    # just those rows and refreshes the card if its customer is among them
    changes: Changes = field(default_factory=Changes)

    def as_json(self) -> dict[str, Any]:
        return {
            "pushed": self.pushed,
            "pulled": self.pulled,
            "accepted": self.accepted,
            "rejected": self.rejected,
            "notices": self.notices,
            "pending": self.pending,
            "quarantined": self.quarantined,
            "at": iso(self.at),
        }


class SyncClient:
    """One workspace's sync with its server. Not thread-safe: one cycle at a time."""

    def __init__(self, app: Application, transport: Transport | None = None) -> None:
        ensure_live(app.workspace.kind, "sync")
        self.app = app
        self.server = get_meta("server_url")
        self.login_name = get_meta("sync_login")
        if not self.server or not self.login_name:
            raise UserFacingError(
                "this workspace is not signed in to a server; run "
                "'lastmile login --server URL --user LOGIN'"
            )
        self.transport = transport or HttpTransport(self.server, kind=app.workspace.kind)

    @property
    def client_id(self) -> str:
        value = get_meta("client_id")
        assert value is not None
        return value

    def token(self) -> str:
        assert self.server and self.login_name
        token = load_token(self.server, self.login_name)
        if not token:
            raise SignedOut("signed out: run 'lastmile login' again (your changes are kept)")
        return token

    def close(self) -> None:
        self.transport.close()

    def sync_once(self) -> SyncReport:
        """Push everything pending, then pull up to the server's head."""
        report = SyncReport()
        self.push(report)
        self.pull(report)
        report.at = self.app.clock.now()
        return report

    # -- push ---------------------------------------------------------------------

    def push(self, report: SyncReport) -> None:
        token = self.token()
        rebased = False
        after = 0
        # what was pending when the cycle began: a writer beside (the HTTP intake taking
        # 1,000 posts a minute) must not keep one push going for ever and starve the pull
        ceiling = (
            Intent.select(fn.MAX(Intent.mutation_id)).where(Intent.state == "pending").scalar() or 0
        )
        while True:
            batch = list(
                Intent.select()
                .where(
                    (Intent.state == "pending")
                    & (Intent.mutation_id > after)
                    & (Intent.mutation_id <= ceiling)
                )
                .order_by(Intent.mutation_id)
                .limit(PUSH_BATCH)
            )
            if not batch:
                return
            mutations: list[dict[str, Any]] = []
            size = 0
            for intent in batch:
                item = self._mutation(intent)
                size += len(item["args_json"])
                if mutations and size > PUSH_BYTES:
                    break
                mutations.append(item)
            body = {
                "client_id": self.client_id,
                "mutations": [{k: v for k, v in m.items() if k != "args_json"} for m in mutations],
            }
            self._upload_attachments(mutations, token)  # the bytes before what names them
            try:
                answer = self.transport.post("/v1/push", body, token)
            except OutOfOrder:
                if rebased:
                    raise
                # the server lost changes it had acknowledged (a restored backup): go on
                # as a new client; the server skips intents it has already applied
                log.warning("server expects older changes than ours; new client id")
                set_meta("client_id", new_id())
                rebased, after = True, 0
                continue
            report.pushed += len(mutations)
            # IMMEDIATE (here and below): these transactions read before they write; with
            # the write lock taken first, a process writing beside (the HTTP intake, the
            # window) makes them wait instead of failing with "database is locked"
            with self.app.db.atomic("IMMEDIATE"):
                self._record_results(answer.get("results", []), report)
            after = mutations[-1]["mutation_id"]

    def _upload_attachments(self, mutations: list[dict[str, Any]], token: str) -> None:
        """PUT the kept bytes of the attachments received contacts name (issue 12)."""
        from desktop import attachments
        from models.protocol.intents import CONTACT_RECEIVE

        shas = [
            sha
            for m in mutations
            if m["name"] == CONTACT_RECEIVE.name
            for sha in attachments.named_in(m["args"])
        ]
        if shas and hasattr(self.transport, "base_url"):  # HTTP: not a test's fake
            attachments.upload(self.transport, token, attachments.folder_of(self.app.db), shas)

    @staticmethod
    def _mutation(intent: Intent) -> dict[str, Any]:
        args_json = intent.args
        args = json.loads(args_json)
        if len(args_json) > MAX_ARGS_BYTES:
            # too big for the server: send a stub it refuses and acknowledges, so this
            # change never blocks the ones behind it
            args = {"too_large": len(args_json)}
        item = {
            "mutation_id": intent.mutation_id,
            "id": intent.id,
            "name": intent.name,
            "version": intent.version,
            "args": args,
            "agent_id": intent.agent_id,
            "hlc": intent.hlc,
            "args_json": args_json,
        }
        if intent.team:  # the team its new rows belong to (models/protocol MUTATION_TEAM)
            item[MUTATION_TEAM] = intent.team
        return item

    # -- pull ---------------------------------------------------------------------

    def pull(self, report: SyncReport) -> None:
        token = self.token()
        staged = SyncStaging.select().exists()
        cursor = (
            (get_meta("sync_staged_cursor") if staged else None) or get_meta("sync_cursor") or "{}"
        )
        while True:
            answer = self.transport.get(
                "/v1/pull",
                {
                    "cursor": cursor,
                    "client_id": self.client_id,
                    "limit": PULL_LIMIT,
                    "results_after": int(get_meta("sync_results_after") or 0),
                },
                token,
            )
            changes = answer["changes"]
            report.pulled += len(changes)
            heads = answer.get("heads")
            if not answer["more"] and not staged:
                # everything fits in one page: apply it straight from memory
                self.apply_checkpoint(
                    answer["cursor"], answer.get("results", []), report, changes, heads=heads
                )
                return
            with self.app.db.atomic("IMMEDIATE"):
                self.app.db.connection().executemany(
                    "INSERT OR IGNORE INTO sync_staging (space, version, seq, kind, entity_id, "
                    "data, deferred) VALUES (?, ?, ?, ?, ?, ?, 0)",
                    [
                        (
                            c["space"],
                            c["version"],
                            c["seq"],
                            c["kind"],
                            c["id"],
                            json.dumps(c["data"]),
                        )
                        for c in changes
                    ],
                )
                set_meta("sync_staged_cursor", answer["cursor"])
            staged = True
            cursor = answer["cursor"]
            if not answer["more"]:
                self.apply_checkpoint(cursor, answer.get("results", []), report, heads=heads)
                return

    def apply_checkpoint(
        self,
        cursor: str,
        results: list[dict[str, Any]],
        report: SyncReport,
        changes: list[dict[str, Any]] | None = None,
        *,
        heads: dict[str, int] | None = None,
    ) -> None:
        """One transaction: answers to our intents, every staged change in order, then the
        shadows of rows whose changes are all answered. ``heads``: the change logs' heads
        the server read before the last page (all of it is in this checkpoint; a poke up
        to them needs no pull, desktop/sync/stream.py).

        A change this desktop cannot apply (a bug, data an older version does not know)
        is quarantined with its reason and the rest goes on: no single change can stop a
        desktop from syncing. Quarantined changes are retried first at every checkpoint."""
        with self.app.db.atomic("IMMEDIATE"):
            self._record_results(results, report)
            conn = self.app.db.connection()
            applier = Applier(conn, self.app.rules, to_ms(self.app.clock.now()))
            self._retry_quarantined(applier, report)
            deferred = []
            if changes is None:
                rows = conn.execute(
                    "SELECT n, space, version, seq, kind, entity_id, data "
                    "FROM sync_staging ORDER BY space, version, seq"
                ).fetchall()
                for n, space, version, seq, kind, entity_id, data in rows:
                    try:
                        parsed = json.loads(data)
                    except ValueError as exc:
                        self._quarantine((space, version, seq, kind, entity_id), data, exc)
                        continue
                    if (
                        self._apply_one(applier, (space, version, seq, kind, entity_id), parsed)
                        == "deferred"
                    ):
                        deferred.append(n)
                keep = ",".join(str(n) for n in deferred)
                conn.execute(f"DELETE FROM sync_staging WHERE n NOT IN ({keep})")
            else:
                for change in sorted(changes, key=lambda c: (c["space"], c["version"], c["seq"])):
                    where = (
                        change["space"],
                        change["version"],
                        change["seq"],
                        change["kind"],
                        change["id"],
                    )
                    if self._apply_one(applier, where, change["data"]) == "deferred":
                        conn.execute(
                            "INSERT OR IGNORE INTO sync_staging (space, version, seq, kind, "
                            "entity_id, data, deferred) VALUES (?, ?, ?, ?, ?, ?, 1)",
                            (*where, json.dumps(change["data"])),
                        )
                        deferred.append(change["seq"])
            had_rules = applier.has_shadow("rule")
            shadow.settle(shadow.pending_rows())
            if applier.rules_changed or had_rules:
                # team rules changed (or a refused local one was rolled back): in force
                # here now, and the contacts waiting are due by them
                reload_into(self.app.rules)
                reschedule(conn, self.app.rules)
            if applier.newest_clock:
                # later edits here must sort after every edit we have seen (HLC)
                set_meta("hlc", self.app.mutator.hlc.observe(applier.newest_clock))
            set_meta("sync_cursor", cursor)
            if isinstance(heads, dict):
                set_meta("sync_heads", json.dumps(heads))
            set_meta("sync_staged_cursor", cursor if deferred else "")
            set_meta("sync_last", iso(self.app.clock.now()) or "")
        report.changes.merge(applier.changes)
        if applier.rules_changed or had_rules:
            report.changes.queue = report.changes.external = True  # every due time moved
        if applier.erased:  # no free page or WAL frame keeps the erased person
            privacy.scrub_files(self.app.db)
            privacy.secure_delete(self.app.db, False)
        report.pending = Intent.select().where(Intent.state == "pending").count()
        report.quarantined = SyncQuarantine.select().count()

    def _apply_one(self, applier: Applier, where: tuple[Any, ...], data: Any) -> str:
        """Apply one change in a savepoint: 'applied', 'deferred' or 'quarantined'."""
        kind, entity_id = where[3], where[4]
        try:
            with self.app.db.atomic():  # a savepoint: a failed change leaves nothing
                if not isinstance(data, dict):
                    raise TypeError("the change's data is not an object")
                applier.apply(kind, entity_id, data)
        except Deferred:
            return "deferred"
        except Exception as exc:  # any failure: keep it aside, go on
            if isinstance(exc, OperationalError) or type(exc).__name__ == "OperationalError":
                raise  # the disk or the database (sqlite3's or SQLCipher's) is in trouble,
                # not the change: stop, retry
            applier.forget_cached()  # what the savepoint undid must not be assumed
            self._quarantine(where, json.dumps(data), exc)
            return "quarantined"
        return "applied"

    def _quarantine(self, where: tuple[Any, ...], data: str, exc: Exception) -> None:
        reason = f"{exc.__class__.__name__}: {exc}"[:500]
        log.warning("quarantined %s %s: %s", where[3], where[4], reason)
        self.app.db.connection().execute(
            "INSERT INTO sync_quarantine (space, version, seq, kind, entity_id, data, reason, "
            "at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (space, version, seq) DO UPDATE "
            "SET attempts = attempts + 1, reason = excluded.reason, at = excluded.at",
            (*where, data, reason, to_ms(self.app.clock.now())),
        )

    def _retry_quarantined(self, applier: Applier, report: SyncReport) -> None:
        """Quarantined changes, oldest first: one that applies now (a fixed bug, its
        missing row arrived) leaves the quarantine."""
        conn = self.app.db.connection()
        rows = conn.execute(
            "SELECT space, version, seq, kind, entity_id, data FROM "
            "sync_quarantine ORDER BY space, version, seq"
        ).fetchall()
        for space, version, seq, kind, entity_id, data in rows:
            where = (space, version, seq, kind, entity_id)
            try:
                parsed = json.loads(data)
            except ValueError:
                continue
            if self._apply_one(applier, where, parsed) == "applied":
                conn.execute(
                    "DELETE FROM sync_quarantine WHERE space = ? AND version = ? AND seq = ?",
                    (space, version, seq),
                )
                report.notices.append(f"a held-back {kind} change applied now")

    def _record_results(self, results: list[dict[str, Any]], report: SyncReport) -> None:
        highest = int(get_meta("sync_results_after") or 0)
        notices = json.loads(get_meta("sync_notices") or "[]")
        conn = self.app.db.connection()
        for result in results:
            highest = max(highest, int(result["mutation_id"]))
            intent = Intent.get_or_none(Intent.id == result["id"])
            if intent is None or intent.state != "pending":
                continue
            reason = result.get("reason") or ""
            Intent.update(state=result["state"], reason=reason).where(
                Intent.id == intent.id
            ).execute()
            if result["state"] == "accepted":
                report.accepted += 1
                if reason:  # accepted with a note: an edit that lost to a later one
                    report.notices.append(f"{describe(intent.name)}: {reason}")
                continue
            notice = f"{describe(intent.name)}: {reason or 'refused'}"
            report.rejected.append(notice)
            notices = [
                *notices[-(MAX_NOTICES - 1) :],
                {"at": iso(self.app.clock.now()), "text": notice},
            ]
            undo_rejected(conn, intent, reason, self._recorder(intent.agent_id))
            _touched_by(intent, report.changes)
        # ask again for everything from the oldest intent still without an answer
        oldest = (
            Intent.select(Intent.mutation_id)
            .where(Intent.state == "pending")
            .order_by(Intent.mutation_id)
            .first()
        )
        if oldest is not None:
            highest = min(highest, oldest.mutation_id - 1)
        set_meta("sync_results_after", str(max(0, highest)))
        set_meta("sync_notices", json.dumps(notices))

    def _recorder(self, agent_id: str | None) -> Any:
        """Append a follow-up intent to the outbox (inside the current transaction), with
        its audit record like every other write."""

        def record(spec: IntentSpec, args: dict[str, Any]) -> None:
            payload = json.dumps(spec.validate(args), sort_keys=True)
            stamp, now = self.app.mutator.hlc.tick(), self.app.clock.now()
            Intent.create(
                name=spec.name,
                version=spec.version,
                args=payload,
                agent_id=agent_id,
                hlc=stamp,
                created_at=now,
            )
            Audit.create(
                at=now,
                agent_id=agent_id,
                action=spec.name,
                entity="sync",
                entity_id=str(args.get("contact_id") or ""),
                detail=payload,
            )
            set_meta("hlc", stamp)

        return record


def _touched_by(intent: Intent, changes: Changes) -> None:
    """The rows a refused intent named: undone here, so shown again."""
    try:
        args = json.loads(intent.args)
    except ValueError:
        return
    if not isinstance(args, dict):
        return
    for key, into in (
        ("contact_id", changes.contacts),
        ("customer_id", changes.customers),
        ("task_id", changes.tasks),
    ):
        if isinstance(args.get(key), str) and args[key]:
            into.add(args[key])
    changes.queue = True


def describe(name: str) -> str:
    """How an intent is named in sync notices (its declaration says)."""
    return protocol.describe(name)
