"""PostgreSQL storage of the sync server: schema, accounts, tokens, entities, change log.

Every write runs in one transaction that locks the space's version row
(SELECT ... FOR UPDATE), so change-log versions are commit-ordered per space:
a reader that has seen version N never later finds a change below N.
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import parse_qs, unquote, urlparse

from argon2 import PasswordHasher
from argon2.exceptions import VerificationError
from peewee import PostgresqlDatabase

SCHEMA_VERSION = 1
TOKEN_HOURS = 12
ROLES = ("agent", "supervisor", "admin", "trainee")

DDL = [
    "CREATE TABLE IF NOT EXISTS server_meta (key text PRIMARY KEY, value text NOT NULL)",
    "CREATE TABLE IF NOT EXISTS space_version (space text PRIMARY KEY, version bigint NOT NULL)",
    "CREATE TABLE IF NOT EXISTS change_log (space text NOT NULL, version bigint NOT NULL, "
    "seq int NOT NULL, kind text NOT NULL, id text NOT NULL, data jsonb NOT NULL, "
    "PRIMARY KEY (space, version, seq))",
    "CREATE TABLE IF NOT EXISTS account (login text PRIMARY KEY, agent_id text UNIQUE NOT NULL, "
    "display_name text NOT NULL, password_hash text NOT NULL, role text NOT NULL, "
    "team text NOT NULL, disabled boolean NOT NULL DEFAULT false)",
    "CREATE TABLE IF NOT EXISTS token (token_hash text PRIMARY KEY, login text NOT NULL "
    "REFERENCES account, expires_at timestamptz NOT NULL, revoked boolean NOT NULL DEFAULT false)",
    "CREATE TABLE IF NOT EXISTS client (client_id text PRIMARY KEY, login text NOT NULL, "
    "last_mutation_id bigint NOT NULL)",
    "CREATE TABLE IF NOT EXISTS result (client_id text NOT NULL, mutation_id bigint NOT NULL, "
    "intent_id text NOT NULL, state text NOT NULL, reason text NOT NULL, space text NOT NULL, "
    "version bigint NOT NULL, PRIMARY KEY (client_id, mutation_id))",
    "CREATE TABLE IF NOT EXISTS entity (kind text NOT NULL, id text NOT NULL, space text NOT NULL,"
    " data jsonb NOT NULL, clocks jsonb NOT NULL DEFAULT '{}', PRIMARY KEY (kind, id))",
    "CREATE TABLE IF NOT EXISTS lost_edit (id bigserial PRIMARY KEY, kind text NOT NULL, "
    "entity_id text NOT NULL, field text NOT NULL, value jsonb, hlc text NOT NULL, "
    "winner_hlc text NOT NULL, login text NOT NULL, at timestamptz NOT NULL DEFAULT now())",
    "CREATE INDEX IF NOT EXISTS result_version ON result (client_id, version)",
]

hasher = PasswordHasher()


def connect(url: str) -> PostgresqlDatabase:
    """postgresql://user:pass@host:port/db or ...?host=/socket/dir (pgserver)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("postgresql", "postgres"):
        raise ValueError("the database must be a postgresql:// URL")
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
    return PostgresqlDatabase((parsed.path or "/postgres").lstrip("/") or "postgres",
                              autoconnect=True, thread_safe=True, **options)


def migrate(db: PostgresqlDatabase) -> None:
    with db.atomic():
        for statement in DDL:
            db.execute_sql(statement)
        db.execute_sql("INSERT INTO server_meta VALUES ('schema_version', %s) "
                       "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                       (str(SCHEMA_VERSION),))


# -- accounts and tokens -------------------------------------------------------------


def add_user(db: PostgresqlDatabase, login: str, password: str, *, role: str, team: str,
             display_name: str, agent_id: str) -> None:
    if role not in ROLES:
        raise ValueError(f"role must be one of {', '.join(ROLES)}")
    if len(password) < 8:
        raise ValueError("a password has at least 8 characters")
    with db.atomic():
        db.execute_sql(
            "INSERT INTO account (login, agent_id, display_name, password_hash, role, team) "
            "VALUES (%s, %s, %s, %s, %s, %s)",
            (login, agent_id, display_name, hasher.hash(password), role, team))
        with space_write(db, team) as write:
            write("agent", agent_id, {"id": agent_id, "login": login,
                                      "display_name": display_name, "role": role, "team": team})


def login(db: PostgresqlDatabase, user: str, password: str) -> str | None:
    row = db.execute_sql("SELECT password_hash, disabled FROM account WHERE login = %s",
                         (user,)).fetchone()
    if row is None or row[1]:
        hasher.hash("timing-equaliser")
        return None
    try:
        hasher.verify(row[0], password)
    except VerificationError:
        return None
    token = secrets.token_urlsafe(32)
    db.execute_sql("INSERT INTO token (token_hash, login, expires_at) VALUES (%s, %s, %s)",
                   (_hash(token), user, datetime.now(UTC) + timedelta(hours=TOKEN_HOURS)))
    return token


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_for_token(db: PostgresqlDatabase, token: str) -> dict[str, Any] | None:
    row = db.execute_sql(
        "SELECT a.login, a.agent_id, a.display_name, a.role, a.team FROM token t "
        "JOIN account a ON a.login = t.login WHERE t.token_hash = %s AND NOT t.revoked "
        "AND t.expires_at > now() AND NOT a.disabled", (_hash(token),)).fetchone()
    if row is None:
        return None
    return dict(zip(("login", "agent_id", "display_name", "role", "team"), row, strict=True))


def revoke(db: PostgresqlDatabase, token: str) -> None:
    db.execute_sql("UPDATE token SET revoked = true WHERE token_hash = %s", (_hash(token),))


# -- entities and the change log --------------------------------------------------------


@contextmanager
def space_write(db: PostgresqlDatabase, space: str) -> Iterator[Any]:
    """Inside a transaction: lock the space's version row, bump it once, log every write."""
    db.execute_sql("INSERT INTO space_version VALUES (%s, 0) ON CONFLICT DO NOTHING", (space,))
    version = db.execute_sql("SELECT version FROM space_version WHERE space = %s FOR UPDATE",
                             (space,)).fetchone()[0] + 1
    db.execute_sql("UPDATE space_version SET version = %s WHERE space = %s", (version, space))
    seq = [0]

    def write(kind: str, entity_id: str, data: dict[str, Any],
              clocks: dict[str, str] | None = None) -> None:
        db.execute_sql(
            "INSERT INTO entity (kind, id, space, data, clocks) VALUES (%s, %s, %s, %s, %s) "
            "ON CONFLICT (kind, id) DO UPDATE SET data = excluded.data, clocks = excluded.clocks",
            (kind, entity_id, space, json.dumps(data), json.dumps(clocks or {})))
        seq[0] += 1
        db.execute_sql("INSERT INTO change_log VALUES (%s, %s, %s, %s, %s, %s)",
                       (space, version, seq[0], kind, entity_id, json.dumps(data)))

    write.version = version  # type: ignore[attr-defined]
    yield write


def get_entity(db: PostgresqlDatabase, kind: str, entity_id: str,
               lock: bool = False) -> tuple[dict[str, Any], dict[str, str]] | None:
    row = db.execute_sql(
        "SELECT data, clocks FROM entity WHERE kind = %s AND id = %s" + (" FOR UPDATE" if lock
                                                                         else ""),
        (kind, entity_id)).fetchone()
    if row is None:
        return None
    data, clocks = row
    return (json.loads(data) if isinstance(data, str) else data,
            json.loads(clocks) if isinstance(clocks, str) else clocks)


def changes_after(db: PostgresqlDatabase, space: str, after: tuple[int, int],
                  limit: int) -> list[dict[str, Any]]:
    """The change log after (version, seq), in commit order."""
    rows = db.execute_sql(
        "SELECT version, seq, kind, id, data FROM change_log WHERE space = %s "
        "AND (version, seq) > (%s, %s) ORDER BY version, seq LIMIT %s",
        (space, after[0], after[1], limit)).fetchall()
    return [{"version": v, "seq": s, "kind": k, "id": i,
             "data": json.loads(d) if isinstance(d, str) else d} for v, s, k, i, d in rows]


def space_head(db: PostgresqlDatabase, space: str) -> int:
    row = db.execute_sql("SELECT version FROM space_version WHERE space = %s",
                         (space,)).fetchone()
    return int(row[0]) if row else 0
