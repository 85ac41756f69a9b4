"""PostgreSQL storage of the sync server: connection, applying the schema upgrades
(server/migrations.py), the write path that keeps the change log commit-ordered, and
passwords, sign-in and tokens (accounts and their teams: server/accounts.py).

Every write transaction locks its space's version row (SELECT ... FOR UPDATE) before it
touches anything else and bumps it once, so change-log versions are commit-ordered per
space: a reader that has seen version N never later finds a change below N. Taking that
lock first also gives every writer the same lock order (no deadlocks).

Why ~510 lines: the write path stays beside the lock-order rule it depends on.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
import secrets
import threading
import time
from functools import cache
from pathlib import Path
from typing import Any, TypeVar
from urllib.parse import parse_qs, unquote, urlparse

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from peewee import Database, Field
from playhouse.pool import PooledPostgresqlDatabase

from models.protocol.vocabulary import ROLES as ROLES
from server.migrations import MIGRATIONS, SCHEMA_VERSION
from server.models import (
    Account,
    DomainModel,
    LoginThrottle,
    ServerMeta,
    SpaceVersion,
    Token,
    server_db,
)

M = TypeVar("M", bound=DomainModel)

TOKEN_HOURS = 12
MIN_PASSWORD = 10
LOGIN_CHARS = set("abcdefghijklmnopqrstuvwxyz0123456789._-@")

# argon2-cffi's defaults (RFC 9106 low-memory: 64 MiB, 3 passes, 4 lanes): every
# verification holds 64 MiB, so at most VERIFY_SLOTS run at once in a process and the
# others wait up to VERIFY_WAIT seconds for a slot (then: busy, retry)
hasher = PasswordHasher()
VERIFY_SLOTS = 2
VERIFY_WAIT = 10.0
_verify_slots = threading.BoundedSemaphore(VERIFY_SLOTS)

# failed sign-ins: after ACCOUNT_LIMIT failures (ADDRESS_LIMIT from one client address:
# an office shares one) without a 15-minute pause, each further failure locks sign-in
# for twice as long, from 1 minute up to an hour; a success clears the account's count
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
FAILURE_WINDOW_MS = 15 * 60_000
FIRST_LOCK_MS = 60_000
MAX_LOCK_MS = 60 * 60_000


class StoreError(Exception):
    """A problem an admin can fix (bad URL, old database, duplicate login...)."""


class SignInRefusedError(Exception):
    """Sign-in is refused before the password is looked at: locked out (429) or the
    server is busy verifying other passwords (503); retry after ``retry_after`` seconds."""

    def __init__(self, status: int, message: str, retry_after: int) -> None:
        super().__init__(message)
        self.status = status
        self.retry_after = retry_after


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
    return PooledPostgresqlDatabase(
        name, max_connections=max_connections, stale_timeout=300, timeout=30, **options
    )


def open_store(url: str) -> Database:
    """Connect, bind the server's tables to this database and bring its schema up to date."""
    db = connect(url)
    server_db.initialize(db)
    with db.connection_context():
        migrate(db)
    return db


# -- schema ------------------------------------------------------------------------------


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
            raise StoreError(
                "this database was made by a pre-release Lastmile server; "
                "start the server on a new, empty database"
            )
        if current > SCHEMA_VERSION:
            raise StoreError(
                f"this database has schema {current}, newer than this server "
                f"({SCHEMA_VERSION}); update lastmile-server"
            )
        for number in sorted(MIGRATIONS):
            if number > current:
                MIGRATIONS[number](db)
                applied.append(number)
        if applied:
            ServerMeta.insert(key="schema_version", value=str(SCHEMA_VERSION)).on_conflict(
                conflict_target=[ServerMeta.key], preserve=[ServerMeta.value]
            ).execute()
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
        server_db.execute_sql(
            CHANGE_SQL,
            (self.space, self.version, self.seq, row.KIND, row.id, json.dumps(row.change())),
        )


# The write path's statements, made once per table instead of once per row (building
# them through the query builder was half the server's time per intent).
CHANGE_SQL = (
    'INSERT INTO "change_log" ("space", "version", "seq", "kind", "entity_id", '
    '"data") VALUES (%s, %s, %s, %s, %s, %s)'
)
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
        updates = ", ".join(
            f'"{f.column_name}" = EXCLUDED."{f.column_name}"' for f in fields if f is not pk
        )
        sql = (
            f'INSERT INTO "{meta.table_name}" ({columns}) VALUES ({marks}) '
            f'ON CONFLICT ("{pk.column_name}") DO UPDATE SET {updates}'
        )
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
            f"LIMIT 1{' FOR UPDATE' if lock else ''}"
        )
    found = server_db.execute_sql(sql, (row_id,)).fetchone()
    if found is None:
        return None
    row = model(
        __no_default__=True,
        **{
            f.name: f.python_value(value)
            for f, value in zip(meta.sorted_fields, found, strict=True)
        },
    )
    row._dirty.clear()  # type: ignore[attr-defined]  # peewee's own bookkeeping
    return row


def lock_space(space: str) -> int:
    """Lock the space's version row for the rest of the transaction; return the next version."""
    for _ in range(2):
        # one statement: the row is locked by the UPDATE until the transaction ends
        row = server_db.execute_sql(
            # and the poke (server/events.py): delivered to listeners at commit only,
            # with the head it moves to (a desktop that has pulled that far skips it)
            'UPDATE "space_version" SET "version" = "version" + 1 WHERE "space" = %s '
            "RETURNING \"version\", pg_notify('lastmile_changes', "
            "json_build_object('space', \"space\", 'head', \"version\")::text)",
            (space,),
        ).fetchone()
        if row is not None:
            return int(row[0])
        SpaceVersion.insert(space=space, version=0).on_conflict_ignore().execute()
    raise StoreError(f"cannot lock space {space!r}")  # pragma: no cover


def space_head(space: str) -> int:
    row = server_db.execute_sql(
        'SELECT "version" FROM "space_version" WHERE "space" = %s', (space,)
    ).fetchone()
    return int(row[0]) if row else 0


# -- passwords, sign-in and tokens (accounts and teams: server/accounts.py) ------


def check_login_name(login: str) -> str:
    login = login.strip().lower()
    if not 1 <= len(login) <= 64 or not set(login) <= LOGIN_CHARS:
        raise StoreError("a login is 1-64 characters: letters, digits, . _ - @")
    return login


@cache
def common_passwords() -> frozenset[str]:
    """The most common passwords (server/common-passwords.txt), lower case."""
    text = (Path(__file__).with_name("common-passwords.txt")).read_text(encoding="utf-8")
    return frozenset(
        line.strip().lower()
        for line in text.splitlines()
        if line.strip() and not line.startswith("#")
    )


BAD_TEXT = re.compile("[\x00\ud800-\udfff]")
EDGES = "0123456789!@#$%^&*()_+-=.,:;?/\\|'\"`~[]{}<> \t"


def text_problem(text: str) -> str | None:
    """Why this text cannot be stored in PostgreSQL, or None."""
    found = BAD_TEXT.search(text)
    if found is None:
        return None
    if found.group() == "\x00":
        return "text contains a NUL character (U+0000) that cannot be stored"
    return "text contains an unpaired surrogate (U+D800-U+DFFF) that cannot be stored"


def check_password(login: str, password: str) -> None:
    """Refuse a password that is easy to guess (StoreError with the reason). Applied
    where passwords are set; accounts made before keep their passwords."""
    if text_problem(password):
        raise StoreError("a password cannot contain NUL characters or unpaired surrogates")
    if len(password) < MIN_PASSWORD:
        raise StoreError(f"a password has at least {MIN_PASSWORD} characters")
    if not password.strip():
        raise StoreError("a password cannot be only spaces")
    lowered = password.lower()
    if login.strip().lower() in lowered:
        raise StoreError("a password must not contain the login")
    if len(set(lowered)) < 4:
        raise StoreError("a password needs at least 4 different characters")
    common = common_passwords()
    core = lowered.strip(EDGES)
    if lowered.strip() in common or (core and core in common):
        raise StoreError(
            "that password is one of the most common ones; choose another "
            "(a few unrelated words make a good one)"
        )


def revoke_all(login: str) -> int:
    return int(
        Token.update(revoked=True)
        .where((Token.login == login) & (Token.revoked == False))  # noqa: E712
        .execute()
    )


def login(db: Database, user: str, password: str, *, address: str = "") -> str | None:
    """A new token for a right password, else None (same work either way).

    Raises :class:`SignInRefusedError` while the account or the client address is locked out
    after failed sign-ins (the right password too), or when the server is too busy
    verifying other passwords."""
    try:
        user = check_login_name(user)
    except StoreError:
        user = ""
    keys = ([f"login:{user}"] if user else []) + ([f"addr:{address}"] if address else [])
    check_throttle(keys)
    if not _verify_slots.acquire(timeout=VERIFY_WAIT):
        raise SignInRefusedError(
            503, "the server is busy signing others in; try again in a few seconds", 5
        )
    try:
        check_throttle(keys)  # again: others may have failed while this one waited
        account = Account.get_or_none(Account.login == user) if user else None
        if account is None or account.disabled:
            hasher.hash("timing-equaliser")
            ok = False
        else:
            try:
                ok = hasher.verify(account.password_hash, password)
            except (VerificationError, InvalidHashError):
                ok = False
            if ok and hasher.check_needs_rehash(account.password_hash):
                Account.update(password_hash=hasher.hash(password)).where(
                    Account.login == user
                ).execute()
    finally:
        _verify_slots.release()
    if not ok:
        record_failure(keys)
        return None
    unlock(user)
    token = secrets.token_urlsafe(32)
    now = now_ms()
    Token.create(
        token_hash=_hash(token),
        login=user,
        expires_at=now + TOKEN_HOURS * 3_600_000,
        created_at=now,
    )
    return token


def check_throttle(keys: list[str]) -> None:
    """SignInRefusedError (429) if any of these keys is locked out now."""
    if not keys:
        return
    now = now_ms()
    rows = server_db.execute_sql(
        'SELECT "key", "locked_until" FROM "login_throttle" WHERE "key" = ANY(%s) '
        'AND "locked_until" > %s ORDER BY "locked_until" DESC',
        (keys, now),
    ).fetchall()
    if not rows:
        return
    key, until = rows[0]
    seconds = max(1, math.ceil((int(until) - now) / 1000))
    minutes = math.ceil(seconds / 60)
    what = "for this account" if key.startswith("login:") else "from your network address"
    raise SignInRefusedError(
        429,
        f"too many failed sign-ins {what}; try again in {minutes} "
        f"minute{'s' if minutes != 1 else ''}",
        seconds,
    )


FAILURE_SQL = """
INSERT INTO "login_throttle" ("key", "failures", "last_failure_at", "locked_until")
VALUES (%s, 1, %s, 0)
ON CONFLICT ("key") DO UPDATE SET
  "failures" = CASE WHEN GREATEST("login_throttle"."last_failure_at",
                                  "login_throttle"."locked_until") < %s
               THEN 1 ELSE "login_throttle"."failures" + 1 END,
  "last_failure_at" = EXCLUDED."last_failure_at"
RETURNING "failures"
"""


def record_failure(keys: list[str]) -> None:
    """Count a failed sign-in; lock the key out once it has failed too often."""
    now = now_ms()
    with server_db.atomic():
        for key in keys:
            failures = int(
                server_db.execute_sql(FAILURE_SQL, (key, now, now - FAILURE_WINDOW_MS)).fetchone()[
                    0
                ]
            )
            limit = ACCOUNT_LIMIT if key.startswith("login:") else ADDRESS_LIMIT
            if failures >= limit:
                lock = min(MAX_LOCK_MS, FIRST_LOCK_MS * 2 ** min(failures - limit, 20))
                server_db.execute_sql(
                    'UPDATE "login_throttle" SET "locked_until" = %s WHERE "key" = %s',
                    (now + lock, key),
                )
        # forget counts nobody has added to for a day
        server_db.execute_sql(
            'DELETE FROM "login_throttle" WHERE "last_failure_at" < %s AND "locked_until" < %s',
            (now - 86_400_000, now),
        )


def unlock(login: str) -> int:
    """Clear the account's failed sign-ins (after a success, or by an admin)."""
    return int(LoginThrottle.delete().where(LoginThrottle.key == f"login:{login}").execute())


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def account_for_token(token: str) -> dict[str, Any] | None:
    """The signed-in account: login, agent_id, display_name, role and team (its home
    team and the role there) and teams ({team: role}, home team first)."""
    row = (
        Account.select(
            Account.login, Account.agent_id, Account.display_name, Account.role, Account.team
        )
        .join(Token, on=(Token.login == Account.login))
        .where(
            (Token.token_hash == _hash(token))
            & (Token.revoked == False)  # noqa: E712
            & (Token.expires_at > now_ms())
            & (Account.disabled == False)  # noqa: E712
        )
        .tuples()
        .first()
    )
    if row is None:
        return None
    found = dict(zip(("login", "agent_id", "display_name", "role", "team"), row, strict=True))
    found["teams"] = teams_of(found["login"]) or {found["team"]: found["role"]}
    return found


def teams_of(login: str) -> dict[str, str]:
    """{team: role} of an account, its home team first."""
    rows = server_db.execute_sql(
        'SELECT "team", "role" FROM "membership" WHERE "login" = %s ORDER BY "position", "team"',
        (login,),
    ).fetchall()
    return {str(team): str(role) for team, role in rows}


def revoke(token: str) -> None:
    Token.update(revoked=True).where(Token.token_hash == _hash(token)).execute()


# accounts and their teams live in server/accounts.py; store.add_user and the like stay
# for callers (looked up when used: server.accounts imports this module)
_ACCOUNTS = frozenset(
    {
        "add_user",
        "set_user",
        "set_teams",
        "list_users",
        "member_role",
        "list_tokens",
        "revoke_tokens",
        "TOKEN_ID_CHARS",
    }
)


def __getattr__(name: str) -> Any:
    if name in _ACCOUNTS:
        from server import accounts

        return getattr(accounts, name)
    raise AttributeError(f"module 'server.store' has no attribute {name!r}")
