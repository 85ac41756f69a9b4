"""PostgreSQL storage of the sync server: connection, schema migrations, accounts, tokens,
and the write path that keeps the change log commit-ordered.

Every write transaction locks its space's version row (SELECT ... FOR UPDATE) before it
touches anything else and bumps it once, so change-log versions are commit-ordered per
space: a reader that has seen version N never later finds a change below N. Taking that
lock first also gives every writer the same lock order (no deadlocks).
"""

from __future__ import annotations

import hashlib
import json
import secrets
import time
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote, urlparse

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from peewee import Database, Field
from playhouse.pool import PooledPostgresqlDatabase

from server.models import (
    TABLES,
    Account,
    Agent,
    DomainModel,
    ServerMeta,
    SpaceVersion,
    Token,
    server_db,
)

M = TypeVar("M", bound=DomainModel)

SCHEMA_VERSION = 4  # 1 was the pre-release JSON entity store; it is not migrated
TOKEN_HOURS = 12
ROLES = ("agent", "supervisor", "admin", "trainee")
MIN_PASSWORD = 8
LOGIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")

hasher = PasswordHasher()


class StoreError(Exception):
    """A problem an admin can fix (bad URL, old database, duplicate login...)."""


def now_ms() -> int:
    return int(time.time() * 1000)


def connect(url: str, *, max_connections: int = 32) -> PooledPostgresqlDatabase:
    """postgresql://user:pass@host:port/db, or ...?host=/socket/dir (pgserver's form).

    Connections are pooled: a request borrows one and gives it back.
    """
    parsed = urlparse(url)
    if parsed.scheme not in ("postgresql", "postgres"):
        raise StoreError("the database must be a postgresql:// URL")
    query = parse_qs(parsed.query)
    options: dict[str, Any] = {}
    host = query.get("host", [parsed.hostname or ""])[0]
    if host:
        options["host"] = unquote(host)
    if parsed.port:
        options["port"] = parsed.port
    if parsed.username:
        options["user"] = unquote(parsed.username)
    if parsed.password:
        options["password"] = unquote(parsed.password)
    for key in ("sslmode", "sslrootcert", "connect_timeout"):
        if key in query:
            options[key] = query[key][0]
    name = (parsed.path or "/postgres").lstrip("/") or "postgres"
    return PooledPostgresqlDatabase(name, max_connections=max_connections, stale_timeout=300,
                                    timeout=30, **options)


def open_store(url: str) -> Database:
    """Connect, bind the server's tables to this database and bring its schema up to date."""
    db = connect(url)
    server_db.initialize(db)
    with db.connection_context():
        migrate(db)
    return db


# -- schema ------------------------------------------------------------------------------


def _create_v2(db: Database) -> None:
    db.create_tables(TABLES, safe=True)
    db.execute_sql('CREATE INDEX IF NOT EXISTS "result_client_version" ON "result" '
                   '("client_id", "version")')


# the sender's columns on outbound (server/sender.py); a database made by _create_v2 of
# this version already has them, hence IF NOT EXISTS
OUTBOUND_V3 = (("channel", "VARCHAR(255) NOT NULL DEFAULT ''"),
               ("recipient", "VARCHAR(255) NOT NULL DEFAULT ''"),
               ("subject", "TEXT NOT NULL DEFAULT ''"),
               ("in_reply_to", "TEXT NOT NULL DEFAULT ''"),
               ("reason", "TEXT NOT NULL DEFAULT ''"),
               ("created_at", "BIGINT NOT NULL DEFAULT 0"),
               ("sent_at", "BIGINT"),
               ("message_id", "VARCHAR(255) NOT NULL DEFAULT ''"),
               ("attempts", "INTEGER NOT NULL DEFAULT 0"),
               ("permanent_failures", "INTEGER NOT NULL DEFAULT 0"),
               ("next_attempt_at", "BIGINT NOT NULL DEFAULT 0"),
               ("claimed_by", "VARCHAR(255)"),
               ("lease_until", "BIGINT"))


def _outbound_sender_v3(db: Database) -> None:
    for column, definition in OUTBOUND_V3:
        db.execute_sql(f'ALTER TABLE "outbound" ADD COLUMN IF NOT EXISTS "{column}" '
                       f"{definition}")
    db.execute_sql('CREATE INDEX IF NOT EXISTS "outbound_state" ON "outbound" ("state")')
    db.execute_sql(OUTBOUND_V3_BACKFILL)


# rows queued before v3: what the sender needs, from their contact, event and customer
OUTBOUND_V3_BACKFILL = """
UPDATE "outbound" o SET
  "channel" = c."channel",
  "in_reply_to" = CASE WHEN c."channel" = 'email' THEN coalesce(c."external_id", '') ELSE '' END,
  "subject" = coalesce((SELECT e."subject" FROM "event" e WHERE e."id" = o."id"), ''),
  "created_at" = coalesce((SELECT e."at" FROM "event" e WHERE e."id" = o."id"), 0),
  "recipient" = coalesce((SELECT k->>1 FROM "customer" cu, json_array_elements(cu."keys"::json) k
                          WHERE cu."id" = c."customer_id" AND k->>0 = 'email' LIMIT 1), ''),
  "reason" = CASE WHEN c."channel" <> 'email'
             THEN 'waiting for a gateway: this server sends no ' || c."channel" || ' messages'
             ELSE '' END
FROM "contact" c WHERE c."id" = o."contact_id" AND o."channel" = ''
"""


def _external_ids_per_team_v4(db: Database) -> None:
    """Up to v3 a message id was unique across the whole server, so a mail sent to two
    teams' mailboxes was refused for the second team; now it is unique within a team."""
    db.execute_sql('DROP INDEX IF EXISTS "contact_channel_external_id"')
    db.execute_sql('CREATE UNIQUE INDEX IF NOT EXISTS "contact_space_channel_external_id" '
                   'ON "contact" ("space", "channel", "external_id")')


MIGRATIONS = {2: _create_v2, 3: _outbound_sender_v3, 4: _external_ids_per_team_v4}


def schema_version(db: Database) -> int:
    if not db.table_exists("server_meta"):
        return 0
    row = ServerMeta.get_or_none(ServerMeta.key == "schema_version")
    return int(row.value) if row else 0


def migrate(db: Database) -> list[int]:
    """Apply the numbered migrations not applied yet, in one transaction.

    An advisory lock makes several server processes starting at once take turns.
    """
    applied = []
    with db.atomic():
        db.execute_sql("SELECT pg_advisory_xact_lock(727170)")
        current = schema_version(db)
        if current == 1:
            raise StoreError("this database was made by a pre-release Lastmile server; "
                             "start the server on a new, empty database")
        if current > SCHEMA_VERSION:
            raise StoreError(f"this database has schema {current}, newer than this server "
                             f"({SCHEMA_VERSION}); update lastmile-server")
        for number in sorted(MIGRATIONS):
            if number > current:
                MIGRATIONS[number](db)
                applied.append(number)
        if applied:
            ServerMeta.insert(key="schema_version", value=str(SCHEMA_VERSION)).on_conflict(
                conflict_target=[ServerMeta.key], preserve=[ServerMeta.value]).execute()
    return applied


# -- the write path ----------------------------------------------------------------------


class Tx:
    """The writes of one transaction in one space.

    Construct it inside ``db.atomic()``: it locks the space's version row first and
    bumps it; every :meth:`save` upserts the row and appends it to the change log at
    that version, in order.
    """

    def __init__(self, space: str) -> None:
        self.space = space
        self.version = lock_space(space)
        self.seq = 0

    def save(self, row: DomainModel) -> None:
        row.space = self.space
        sql, fields = _upsert(type(row))
        data = row.__data__
        server_db.execute_sql(sql, [f.db_value(data.get(f.name)) for f in fields])
        self.seq += 1
        server_db.execute_sql(CHANGE_SQL, (self.space, self.version, self.seq, row.KIND, row.id,
                                           json.dumps(row.change())))


# The write path's statements, made once per table instead of once per row (building
# them through the query builder was half the server's time per intent).
CHANGE_SQL = ('INSERT INTO "change_log" ("space", "version", "seq", "kind", "entity_id", '
              '"data") VALUES (%s, %s, %s, %s, %s, %s)')
_UPSERTS: dict[type[DomainModel], tuple[str, list[Field]]] = {}
_SELECTS: dict[tuple[type[DomainModel], bool], str] = {}


def _upsert(model: type[DomainModel]) -> tuple[str, list[Field]]:
    """INSERT ... ON CONFLICT (pk) DO UPDATE SET every other column."""
    cached = _UPSERTS.get(model)
    if cached is None:
        meta = model._meta
        fields = list(meta.sorted_fields)
        pk: Field = meta.primary_key  # type: ignore[assignment]  # never False here
        columns = ", ".join(f'"{f.column_name}"' for f in fields)
        marks = ", ".join(["%s"] * len(fields))
        updates = ", ".join(f'"{f.column_name}" = EXCLUDED."{f.column_name}"'
                            for f in fields if f is not pk)
        sql = (f'INSERT INTO "{meta.table_name}" ({columns}) VALUES ({marks}) '
               f'ON CONFLICT ("{pk.column_name}") DO UPDATE SET {updates}')
        cached = _UPSERTS[model] = (sql, fields)
    return cached


def get_row(model: type[M], row_id: str, *, lock: bool = False) -> M | None:
    """The row with this primary key (locked FOR UPDATE if asked), or None."""
    sql = _SELECTS.get((model, lock))
    meta = model._meta
    pk: Field = meta.primary_key  # type: ignore[assignment]  # never False here
    if sql is None:
        columns = ", ".join(f'"{f.column_name}"' for f in meta.sorted_fields)
        sql = _SELECTS[(model, lock)] = (
            f'SELECT {columns} FROM "{meta.table_name}" WHERE "{pk.column_name}" = %s '
            f'LIMIT 1{" FOR UPDATE" if lock else ""}')
    found = server_db.execute_sql(sql, (row_id,)).fetchone()
    if found is None:
        return None
    row = model(__no_default__=True, **{f.name: f.python_value(value)
                                         for f, value in zip(meta.sorted_fields, found,
                                                             strict=True)})
    row._dirty.clear()  # type: ignore[attr-defined]  # peewee's own bookkeeping
    return row


def lock_space(space: str) -> int:
    """Lock the space's version row for the rest of the transaction; return the next version."""
    for _ in range(2):
        # one statement: the row is locked by the UPDATE until the transaction ends
        row = server_db.execute_sql(
            'UPDATE "space_version" SET "version" = "version" + 1 WHERE "space" = %s '
            'RETURNING "version"', (space,)).fetchone()
        if row is not None:
            return int(row[0])
        SpaceVersion.insert(space=space, version=0).on_conflict_ignore().execute()
    raise StoreError(f"cannot lock space {space!r}")  # pragma: no cover


def space_head(space: str) -> int:
    row = server_db.execute_sql('SELECT "version" FROM "space_version" WHERE "space" = %s',
                                (space,)).fetchone()
    return int(row[0]) if row else 0


# -- accounts and tokens -------------------------------------------------------------------


def check_login_name(login: str) -> str:
    login = login.strip().lower()
    if not 1 <= len(login) <= 64 or not set(login) <= LOGIN_CHARS:
        raise StoreError("a login is 1-64 characters: letters, digits, . _ - @")
    return login


def add_user(db: Database, login: str, password: str, *, role: str, team: str,
             display_name: str, agent_id: str) -> None:
    """A new account; its agent row reaches every desktop of the team."""
    login = check_login_name(login)
    if role not in ROLES:
        raise StoreError(f"role must be one of {', '.join(ROLES)}")
    if not team.strip() or len(team) > 64:
        raise StoreError("a team name is 1-64 characters")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"a password has at least {MIN_PASSWORD} characters")
    with db.atomic():
        if Account.get_or_none(Account.login == login) is not None:
            raise StoreError(f"there is already an account {login!r}")
        Account.create(login=login, agent_id=agent_id, display_name=display_name,
                       password_hash=hasher.hash(password), role=role, team=team,
                       created_at=now_ms())
        Tx(team).save(Agent(id=agent_id, login=login, display_name=display_name, role=role))


def set_user(db: Database, login: str, *, role: str | None = None, team: str | None = None,
             display_name: str | None = None, password: str | None = None,
             disabled: bool | None = None) -> None:
    """Change an account. Changing the role, team or password, or disabling it, signs the
    agent out everywhere (every token is revoked)."""
    with db.atomic():
        account = Account.get_or_none(Account.login == check_login_name(login))
        if account is None:
            raise StoreError(f"no account {login!r}")
        if role is not None and role not in ROLES:
            raise StoreError(f"role must be one of {', '.join(ROLES)}")
        if password is not None:
            if len(password) < MIN_PASSWORD:
                raise StoreError(f"a password has at least {MIN_PASSWORD} characters")
            account.password_hash = hasher.hash(password)
        for name, value in (("role", role), ("team", team), ("display_name", display_name),
                            ("disabled", disabled)):
            if value is not None:
                setattr(account, name, value)
        account.save()
        if role is not None or team is not None or password is not None or disabled:
            revoke_all(account.login)
        if role is not None or team is not None or display_name is not None:
            Tx(account.team).save(Agent(id=account.agent_id, login=account.login,
                                        display_name=account.display_name, role=account.role))


def revoke_all(login: str) -> int:
    return int(Token.update(revoked=True).where(
        (Token.login == login) & (Token.revoked == False)).execute())  # noqa: E712


def login(db: Database, user: str, password: str) -> str | None:
    """A new token for a right password, else None (same work either way)."""
    try:
        user = check_login_name(user)
    except StoreError:
        return None
    account = Account.get_or_none(Account.login == user)
    if account is None or account.disabled:
        hasher.hash("timing-equaliser")
        return None
    try:
        hasher.verify(account.password_hash, password)
    except (VerificationError, InvalidHashError):
        return None
    if hasher.check_needs_rehash(account.password_hash):
        Account.update(password_hash=hasher.hash(password)).where(
            Account.login == user).execute()
    token = secrets.token_urlsafe(32)
    now = now_ms()
    Token.create(token_hash=_hash(token), login=user, expires_at=now + TOKEN_HOURS * 3_600_000,
                 created_at=now)
    return token


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_for_token(token: str) -> dict[str, Any] | None:
    row = (Account.select(Account.login, Account.agent_id, Account.display_name, Account.role,
                          Account.team)
           .join(Token, on=(Token.login == Account.login))
           .where((Token.token_hash == _hash(token)) & (Token.revoked == False)  # noqa: E712
                  & (Token.expires_at > now_ms()) & (Account.disabled == False))  # noqa: E712
           .tuples().first())
    if row is None:
        return None
    return dict(zip(("login", "agent_id", "display_name", "role", "team"), row, strict=True))


def revoke(token: str) -> None:
    Token.update(revoked=True).where(Token.token_hash == _hash(token)).execute()


def list_users() -> list[dict[str, Any]]:
    return [{"login": a.login, "display_name": a.display_name, "role": a.role, "team": a.team,
             "disabled": a.disabled, "agent_id": a.agent_id}
            for a in Account.select().order_by(Account.team, Account.login)]
