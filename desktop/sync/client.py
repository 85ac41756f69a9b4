"""Push/pull against the sync server (in the spirit of Replicache and PowerSync).

- push: outbox intents in mutation order; the server applies each in its own
  transaction and records (client id, mutation id) with it, so a repeated push is
  harmless and a lost response loses nothing;
- pull: change-log pages go into a staging table; only when the stream reached the
  server's head is the checkpoint applied, in one SQLite transaction, together with
  the answers to our intents (accepted / rejected with a reason);
- a rejected intent is rolled back to the server's state and becomes a notice;
  a rejected reply is kept as an internal note and its outbound message cancelled,
  so no customer ever gets the same reply twice;
- rows with intents still pending keep their optimistic local state until their
  answer arrives (their server changes are deferred, not lost).
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Protocol

from desktop.app import Application
from desktop.ops.agents import DEFAULT_CAPACITY
from desktop.training.guard import ensure_live
from models.base import from_ms, iso, parse_iso, to_ms
from models.database import get_meta, set_meta
from models.errors import UserFacingError
from models.schema import Intent, SyncStaging

log = logging.getLogger("lastmile.sync")

PROTOCOL = 1
PUSH_BATCH = 200
PULL_LIMIT = 2000


class SyncUnavailable(UserFacingError):  # noqa: N818 - reads better at call sites
    """The server could not be reached; the outbox is kept and retried."""


class Transport(Protocol):
    def post(self, path: str, body: dict[str, Any], token: str | None) -> dict[str, Any]: ...

    def get(self, path: str, params: dict[str, Any], token: str | None) -> dict[str, Any]: ...


class HttpTransport:
    def __init__(self, base_url: str, timeout: float = 15.0) -> None:
        import httpx

        self.base_url = base_url.rstrip("/")
        self._client = httpx.Client(timeout=timeout)
        self._httpx = httpx

    def _headers(self, token: str | None) -> dict[str, str]:
        headers = {"X-Lastmile-Protocol": str(PROTOCOL)}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        return headers

    def _answer(self, response: Any) -> dict[str, Any]:
        if response.status_code >= 400:
            try:
                detail = response.json().get("detail", response.text)
            except ValueError:
                detail = response.text
            if response.status_code in (401, 403, 409, 426):
                raise UserFacingError(f"server: {detail}")
            raise SyncUnavailable(f"server answered {response.status_code}: {detail}")
        result: dict[str, Any] = response.json()
        return result

    def post(self, path: str, body: dict[str, Any], token: str | None) -> dict[str, Any]:
        try:
            response = self._client.post(
                self.base_url + path, json=body, headers=self._headers(token)
            )
        except self._httpx.HTTPError as exc:
            raise SyncUnavailable(f"cannot reach {self.base_url}: {exc}") from None
        return self._answer(response)

    def get(self, path: str, params: dict[str, Any], token: str | None) -> dict[str, Any]:
        try:
            response = self._client.get(
                self.base_url + path, params=params, headers=self._headers(token)
            )
        except self._httpx.HTTPError as exc:
            raise SyncUnavailable(f"cannot reach {self.base_url}: {exc}") from None
        return self._answer(response)

    def close(self) -> None:
        self._client.close()


@dataclass
class SyncReport:
    pushed: int = 0
    pulled: int = 0
    accepted: int = 0
    rejected: list[str] = field(default_factory=list)
    pending: int = 0
    at: datetime | None = None


KEYRING_SERVICE = "lastmile"


def store_token(server: str, login: str, token: str) -> None:
    import keyring
    from keyring.errors import KeyringError

    try:
        keyring.set_password(KEYRING_SERVICE, f"{server}|{login}", token)
    except KeyringError as exc:
        raise UserFacingError(f"cannot keep the sign-in in the system keychain: {exc}") from None


def load_token(server: str, login: str) -> str | None:
    import keyring
    from keyring.errors import KeyringError

    try:
        return keyring.get_password(KEYRING_SERVICE, f"{server}|{login}")
    except KeyringError as exc:
        raise UserFacingError(f"cannot read the sign-in from the system keychain: {exc}") from None


class SyncClient:
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
        self.transport = transport or HttpTransport(self.server)

    @property
    def client_id(self) -> str:
        value = get_meta("client_id")
        assert value is not None
        return value

    def token(self) -> str:
        assert self.server and self.login_name
        token = load_token(self.server, self.login_name)
        if not token:
            raise UserFacingError("signed out: run 'lastmile login' again")
        return token

    # -- push ---------------------------------------------------------------------

    def push(self, report: SyncReport) -> None:
        token = self.token()
        while True:
            batch = list(
                Intent.select()
                .where(Intent.state == "pending")
                .order_by(Intent.mutation_id)
                .limit(PUSH_BATCH)
            )
            if not batch:
                return
            body = {
                "client_id": self.client_id,
                "mutations": [
                    {
                        "mutation_id": i.mutation_id,
                        "id": i.id,
                        "name": i.name,
                        "args": json.loads(i.args),
                        "agent_id": i.agent_id,
                        "hlc": i.hlc,
                    }
                    for i in batch
                ],
            }
            answer = self.transport.post("/v1/push", body, token)
            report.pushed += len(batch)
            with self.app.db.atomic():
                self._record_results(answer.get("results", []), report)
            if len(batch) < PUSH_BATCH:
                return

    # -- pull ---------------------------------------------------------------------

    def pull(self, report: SyncReport) -> None:
        token = self.token()
        cursor = get_meta("sync_cursor") or "{}"
        results: list[dict[str, Any]] = []
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
            with self.app.db.atomic():
                for change in answer["changes"]:
                    SyncStaging.insert(
                        space=change["space"],
                        version=change["version"],
                        seq=change["seq"],
                        kind=change["kind"],
                        entity_id=change["id"],
                        data=json.dumps(change["data"]),
                    ).on_conflict_ignore().execute()
                set_meta("sync_staged_cursor", answer["cursor"])
            results = answer.get("results", [])
            cursor = answer["cursor"]
            report.pulled += len(answer["changes"])
            if not answer["more"]:
                break
        self.apply_checkpoint(cursor, results, report)

    def apply_checkpoint(
        self, cursor: str, results: list[dict[str, Any]], report: SyncReport
    ) -> None:
        """One transaction: answers to our intents, then every staged change in order."""
        with self.app.db.atomic():
            self._record_results(results, report)
            pending = self._pending_contacts()
            applier = Applier(self.app)
            for row in SyncStaging.select().order_by(
                SyncStaging.space, SyncStaging.version, SyncStaging.seq
            ):
                data = json.loads(row.data)
                contact_id = data.get("contact_id") if row.kind != "contact" else row.entity_id
                if contact_id in pending and row.kind in ("contact", "outbound"):
                    SyncStaging.update(deferred=1).where(SyncStaging.n == row.n).execute()
                    continue
                applier.apply(row.kind, row.entity_id, data)
                SyncStaging.delete().where(SyncStaging.n == row.n).execute()
            set_meta("sync_cursor", cursor)
            set_meta("sync_last", iso(self.app.clock.now()) or "")
        report.pending = Intent.select().where(Intent.state == "pending").count()

    def _pending_contacts(self) -> set[str]:
        out = set()
        for intent in Intent.select(Intent.args).where(Intent.state == "pending"):
            contact = json.loads(intent.args).get("contact_id")
            if contact:
                out.add(contact)
        return out

    def _record_results(self, results: list[dict[str, Any]], report: SyncReport) -> None:
        highest = int(get_meta("sync_results_after") or 0)
        notices = json.loads(get_meta("sync_notices") or "[]")
        for result in results:
            intent = Intent.get_or_none(Intent.id == result["id"])
            highest = max(highest, int(result["mutation_id"]))
            if intent is None or intent.state != "pending":
                continue
            Intent.update(state=result["state"], reason=result.get("reason", "")).where(
                Intent.id == intent.id
            ).execute()
            if result["state"] == "accepted":
                report.accepted += 1
                continue
            notice = f"{describe(intent.name)}: {result.get('reason', 'refused')}"
            report.rejected.append(notice)
            notices = [*notices[-49:], {"at": iso(self.app.clock.now()), "text": notice}]
            undo_rejected(intent)
        # ask again for everything from the oldest intent still without an answer
        oldest = (Intent.select(Intent.mutation_id).where(Intent.state == "pending")
                  .order_by(Intent.mutation_id).first())
        if oldest is not None:
            highest = min(highest, oldest.mutation_id - 1)
        set_meta("sync_results_after", str(max(0, highest)))
        set_meta("sync_notices", json.dumps(notices))

    def close(self) -> None:
        closer = getattr(self.transport, "close", None)
        if closer is not None:
            closer()

    def sync_once(self) -> SyncReport:
        report = SyncReport()
        self.push(report)
        self.pull(report)
        report.at = self.app.clock.now()
        return report


def describe(name: str) -> str:
    return {
        "contact.claim": "Taking a contact",
        "contact.reply": "A reply",
        "contact.set_status": "A status change",
        "contact.release": "Handing back",
        "customer.update": "A customer change",
    }.get(name, name)


def undo_rejected(intent: Intent) -> None:
    """Roll back what the server refused: the server's state arrives with the checkpoint;
    a refused reply is kept as an internal note and its message is never sent."""
    from models.schema import Event, Outbound

    args = json.loads(intent.args)
    if intent.name == "contact.reply":
        Event.update(kind="note", subject="Reply not sent (refused by the server)").where(
            Event.id == args.get("event_id")
        ).execute()
        Outbound.update(state="cancelled").where(
            Outbound.event_id == args.get("event_id")
        ).execute()
    if intent.name in ("contact.claim", "contact.reply"):
        from models.schema import Contact

        # release our optimistic claim; the server's owner arrives with the checkpoint
        Contact.update(assigned_to=None).where(
            (Contact.id == args.get("contact_id")) & (Contact.assigned_to == intent.agent_id)
        ).execute()


def _ms(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, int | float):
        return int(value)
    return to_ms(parse_iso(str(value)))


class Applier:
    """Writes server entities into the local tables (upsert / insert-if-absent)."""

    def __init__(self, app: Application) -> None:
        self.app = app
        self.conn = app.db.connection()

    def apply(self, kind: str, entity_id: str, data: dict[str, Any]) -> None:
        handler = getattr(self, f"_{kind}", None)
        if handler is None:
            log.debug("ignoring %s %s", kind, entity_id)
            return
        handler(entity_id, data)

    def _agent(self, entity_id: str, d: dict[str, Any]) -> None:
        now = to_ms(self.app.clock.now())
        self.conn.execute(
            "INSERT INTO agent (id, login, display_name, role, presence, team, capacity, "
            "created_at) VALUES (?, ?, ?, ?, 'offline', ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "display_name = excluded.display_name, role = excluded.role, team = excluded.team",
            (
                entity_id,
                d["login"],
                d["display_name"],
                d["role"],
                d.get("team", ""),
                json.dumps(DEFAULT_CAPACITY),
                now,
            ),
        )

    def _customer(self, entity_id: str, d: dict[str, Any]) -> None:
        now = to_ms(self.app.clock.now())
        self.conn.execute(
            "INSERT INTO customer (id, name, locale, timezone, culture_notes, tags, vip, "
            "influencer, reach, do_not_contact, created_at, updated_at) VALUES "
            "(?, ?, '', '', '', '[]', 0, 0, 0, 0, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "name = excluded.name, updated_at = excluded.updated_at",
            (entity_id, d.get("name") or "?", now, now),
        )
        if "merged_into" in d:
            self.conn.execute("UPDATE customer SET merged_into = ? WHERE id = ?",
                              (d["merged_into"], entity_id))
        # fields edited on any desktop (last writer wins per field on the server)
        for column in ("locale", "timezone", "culture_notes", "tags", "vip", "do_not_contact"):
            if column in d:
                value = json.dumps(d[column]) if isinstance(d[column], list) else d[column]
                self.conn.execute(
                    f"UPDATE customer SET {column} = ? WHERE id = ?", (value, entity_id)
                )
        for key in d.get("keys", []):
            kind, value = key[0], key[1]
            network = key[2] if len(key) > 2 else ""
            self.conn.execute(
                "INSERT OR IGNORE INTO identity (id, customer_id, kind, value, network) "
                "VALUES (lower(hex(randomblob(16))), ?, ?, ?, ?)",
                (entity_id, kind, value, network),
            )

    def _contact(self, entity_id: str, d: dict[str, Any]) -> None:
        received = _ms(d["received_at"]) or 0
        due = to_ms(self.app.rules.due_at(d["channel"], from_ms(received), d.get("priority", 0)))
        now = to_ms(self.app.clock.now())
        self.conn.execute(
            "INSERT INTO contact (id, channel, direction, received_at, customer_id, subject, "
            "preview, external_id, thread_id, skill, priority, status, assigned_to_id, due_at, "
            "outcome, updated_at) VALUES (?, ?, 'inbound', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(id) DO UPDATE SET status = excluded.status, "
            "assigned_to_id = excluded.assigned_to_id, updated_at = excluded.updated_at",
            (
                entity_id,
                d["channel"],
                received,
                d.get("customer_id"),
                d.get("subject", ""),
                d.get("preview", ""),
                d.get("external_id"),
                entity_id,
                d.get("skill", "general"),
                d.get("priority", 0),
                d.get("status", "open"),
                d.get("assigned_to"),
                due,
                d.get("outcome"),
                now,
            ),
        )

    def _event(self, entity_id: str, d: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO event (id, customer_id, contact_id, at, channel, kind, "
            "agent_id, subject, body, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '{}')",
            (
                entity_id,
                d.get("customer_id"),
                d.get("contact_id"),
                _ms(d.get("at")) or 0,
                d.get("channel", ""),
                d.get("kind", "note"),
                d.get("agent_id"),
                d.get("subject", ""),
                d.get("body", ""),
            ),
        )

    def _task(self, entity_id: str, d: dict[str, Any]) -> None:
        now = to_ms(self.app.clock.now())
        self.conn.execute(
            "INSERT INTO task (id, customer_id, contact_id, kind, title, due_at, owner_id, state, "
            "created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET "
            "state = excluded.state",
            (
                entity_id,
                d.get("customer_id"),
                d.get("contact_id"),
                d.get("kind", "follow_up"),
                d.get("title", "Follow up"),
                _ms(d.get("due_at")) or now,
                d.get("owner_id"),
                d.get("state", "open"),
                now,
            ),
        )

    def _merge(self, entity_id: str, d: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT INTO merge_record (id, survivor_id, duplicate_id, evidence, at, undone_at) "
            "VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT(id) DO UPDATE SET undone_at = "
            "excluded.undone_at",
            (entity_id, d["survivor_id"], d["duplicate_id"], json.dumps(d.get("evidence", [])),
             to_ms(self.app.clock.now()),
             to_ms(self.app.clock.now()) if d.get("undone") else None))

    def _purchase(self, entity_id: str, d: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO purchase (id, customer_id, external_id, product, amount_cents, "
            "currency, purchased_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            (entity_id, d["customer_id"], d.get("external_id"), d.get("product", ""),
             d.get("amount_cents", 0), d.get("currency", "EUR"), _ms(d.get("purchased_at"))))

    def _invoice(self, entity_id: str, d: dict[str, Any]) -> None:
        self.conn.execute(
            "INSERT OR IGNORE INTO invoice (id, customer_id, external_id, number, amount_cents, "
            "currency, issued_at, due_at, sent_at, reminded_at, paid_at) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?)",
            (entity_id, d["customer_id"], d.get("external_id"), d.get("number", ""),
             d.get("amount_cents", 0), d.get("currency", "EUR"), _ms(d.get("issued_at")),
             _ms(d.get("due_at")), _ms(d.get("sent_at")), _ms(d.get("reminded_at")),
             _ms(d.get("paid_at"))))
        self.conn.execute(
            "UPDATE invoice SET sent_at = coalesce(?, sent_at), "
            "reminded_at = coalesce(?, reminded_at), paid_at = coalesce(?, paid_at) "
            "WHERE id = ?", (_ms(d.get("sent_at")), _ms(d.get("reminded_at")),
                             _ms(d.get("paid_at")), entity_id))

    def _outbound(self, entity_id: str, d: dict[str, Any]) -> None:
        self.conn.execute(
            "UPDATE outbound SET state = ? WHERE event_id = ? AND state = 'queued'",
            (d.get("state", "queued"), entity_id),
        )
