"""The sync HTTP API: login, push (intents), pull (change-log pages).

Stateless: every request reads what it needs from PostgreSQL, so several server
processes can serve one database. Every input is validated with size limits and
answered with a 4xx and a reason when it is bad; a 5xx means the server itself is in
trouble (503: the database is unreachable, retry later).
"""

# no "from __future__ import annotations": FastAPI must see the dependencies themselves
import json
import logging
import math
import re
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from peewee import Database, InterfaceError, InternalError, OperationalError
from pydantic import BaseModel, BeforeValidator, Field

from server import MIN_CLIENT_PROTOCOL, MIN_CLIENT_SCHEMA, PROTOCOL_VERSION, store
from server.accounts import spaces_of, team_for
from server.apply import HLC_PATTERN, RejectedError, apply_intent
from server.models import Client, server_db

log = logging.getLogger("lastmile.server")

MAX_BATCH = 500
MAX_BODY_BYTES = 8 * 1024 * 1024
MAX_ARGS_BYTES = 2 * 1024 * 1024  # a 200,000-character body in any script, as JSON escapes it
MAX_PULL = 5000
MAX_RESULTS = 1000
INTENT_VERSION = 1  # the newest version of each action this server understands
NAME_PATTERN = re.compile(r"^[a-z_]{1,30}\.[a-z_]{1,30}$")
CLIENT_PATTERN = r"^[A-Za-z0-9_-]{8,64}$"
TRANSIENT = (OperationalError, InterfaceError, InternalError)


def storable(value: Any) -> Any:
    """Text PostgreSQL can keep: no NUL, no unpaired surrogate (422 with the reason).
    Checked before pydantic's own str check, whose message is vaguer."""
    problem = store.text_problem(value) if isinstance(value, str) else None
    if problem:
        raise ValueError(problem)
    return value


Text = Annotated[str, BeforeValidator(storable)]


class LoginRequest(BaseModel):
    login: Text = Field(min_length=1, max_length=64)
    password: Text = Field(min_length=1, max_length=256)


class Mutation(BaseModel):
    mutation_id: int = Field(ge=1, le=2**62)
    id: Text = Field(min_length=1, max_length=64)
    name: Text = Field(min_length=1, max_length=64)
    version: int = Field(default=1, ge=1, le=1000)
    args: dict[str, Any]
    agent_id: Text | None = Field(default=None, max_length=64)
    # the team of the rows it creates, for an account in several teams (default: the team
    # of the rows it names, else the home team; see server/README.md)
    team: Text | None = Field(default=None, min_length=1, max_length=64)
    hlc: Text = Field(min_length=1, max_length=100)


class PushRequest(BaseModel):
    client_id: str = Field(pattern=CLIENT_PATTERN)
    mutations: list[Mutation] = Field(max_length=MAX_BATCH)


def create_app(db: Database) -> FastAPI:
    """The app over an open store (see :func:`server.store.open_store`)."""
    app = FastAPI(title="Lastmile sync", version=str(PROTOCOL_VERSION))

    @app.middleware("http")
    async def limit_body(request: Request, call_next: Any) -> Any:
        if request.method in ("POST", "PUT", "PATCH"):
            length = request.headers.get("content-length")
            if length is None:
                return JSONResponse({"detail": "a Content-Length header is required"}, 411)
            if not length.isdigit():
                return JSONResponse({"detail": "Content-Length must be a number"}, 400)
            if int(length) > MAX_BODY_BYTES:
                return JSONResponse(
                    {
                        "detail": f"request larger than {MAX_BODY_BYTES} bytes; "
                        "send fewer changes at once"
                    },
                    413,
                )
        return await call_next(request)

    @app.exception_handler(RequestValidationError)
    async def invalid(_request: Request, exc: RequestValidationError) -> Response:
        # what was wrong where, without echoing the input: it may be megabytes, or hold
        # what JSON cannot say (NaN) or UTF-8 cannot encode (an unpaired surrogate)
        problems = [
            {"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
            for e in exc.errors()
        ]
        content = json.dumps({"detail": jsonable_encoder(problems)}, ensure_ascii=True)
        return Response(content, 422, media_type="application/json")

    @app.exception_handler(RecursionError)
    async def too_deep(_request: Request, _exc: RecursionError) -> JSONResponse:
        return JSONResponse({"detail": "the JSON is nested too deeply"}, 400)

    @app.exception_handler(OperationalError)
    @app.exception_handler(InterfaceError)
    @app.exception_handler(InternalError)
    async def database_down(_request: Request, exc: Exception) -> JSONResponse:
        log.warning("database unavailable: %s", exc)
        return JSONResponse(
            {
                "detail": "the server's database is unavailable; "
                "your changes are kept, try again later"
            },
            503,
        )

    def check_versions(
        x_lastmile_protocol: Annotated[int | None, Header()] = None,
        x_lastmile_schema: Annotated[int | None, Header()] = None,
    ) -> None:
        if x_lastmile_protocol is None or x_lastmile_schema is None:
            raise HTTPException(400, "missing X-Lastmile-Protocol or X-Lastmile-Schema header")
        if not MIN_CLIENT_PROTOCOL <= x_lastmile_protocol <= PROTOCOL_VERSION:
            raise HTTPException(
                426,
                f"please update Lastmile: this server speaks protocol "
                f"{MIN_CLIENT_PROTOCOL}-{PROTOCOL_VERSION}, yours is "
                f"{x_lastmile_protocol}; your changes are kept until then",
            )
        if x_lastmile_schema < MIN_CLIENT_SCHEMA:
            raise HTTPException(
                426,
                f"please update Lastmile: this server needs a desktop "
                f"database of schema {MIN_CLIENT_SCHEMA} or newer; your "
                "changes are kept until then",
            )

    def account(authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        if not authorization or not authorization.startswith("Bearer "):
            raise HTTPException(401, "sign in first (missing bearer token)")
        token = authorization.removeprefix("Bearer ").strip()
        if not 20 <= len(token) <= 100:
            raise HTTPException(401, "that is not a Lastmile token; sign in again")
        with db.connection_context():
            found = store.account_for_token(token)
        if found is None:
            raise HTTPException(401, "your session expired or was revoked; sign in again")
        if not spaces_of(found):
            raise HTTPException(403, "trainee accounts never sync: practise in training mode")
        return found

    versions = [Depends(check_versions)]

    @app.get("/v1/health")
    def health() -> dict[str, Any]:
        return {"ok": True, "protocol": PROTOCOL_VERSION, "schema": store.SCHEMA_VERSION}

    @app.post("/v1/login", dependencies=versions)
    def login(body: LoginRequest, request: Request) -> dict[str, Any]:
        address = request.client.host if request.client else ""
        try:
            with db.connection_context():
                token = store.login(db, body.login, body.password, address=address[:200])
                found = store.account_for_token(token) if token else None
        except store.SignInRefusedError as exc:
            raise HTTPException(
                exc.status, str(exc), headers={"Retry-After": str(exc.retry_after)}
            ) from None
        if token is None or found is None:
            raise HTTPException(401, "wrong login or password")
        if not spaces_of(found):
            raise HTTPException(403, "trainee accounts never sync: practise in training mode")
        return {"token": token, "expires_in_hours": store.TOKEN_HOURS, **found}

    @app.post("/v1/logout", dependencies=versions)
    def logout(authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        if authorization and authorization.startswith("Bearer "):
            with db.connection_context():
                store.revoke(authorization.removeprefix("Bearer ").strip())
        return {"ok": True}

    @app.post("/v1/push", dependencies=versions)
    def push(body: PushRequest, who: Annotated[dict[str, Any], Depends(account)]) -> dict[str, Any]:
        newer = [m for m in body.mutations if m.version > INTENT_VERSION]
        if newer:
            raise HTTPException(
                426,
                f"this server does not understand version {newer[0].version}"
                f" of {newer[0].name}; ask your admin to update the server"
                " (your changes are kept)",
            )
        results = []
        with db.connection_context():
            for m in sorted(body.mutations, key=lambda m: m.mutation_id):
                outcome = push_one(db, who, body.client_id, m)
                if outcome.get("state") == "gap":
                    raise HTTPException(409, outcome["reason"])
                results.append(outcome)
        return {"results": results}

    @app.get("/v1/pull", dependencies=versions)
    def pull(
        who: Annotated[dict[str, Any], Depends(account)],
        cursor: Annotated[str, Query(max_length=8000)] = "{}",
        client_id: Annotated[str, Query(pattern=CLIENT_PATTERN)] = "unknown-client",
        results_after: Annotated[int, Query(ge=0, le=2**62)] = 0,
        limit: Annotated[int, Query(ge=1, le=MAX_PULL)] = 1000,
    ) -> Response:
        positions = parse_cursor(cursor)
        with db.connection_context(), db.atomic("REPEATABLE READ"):
            # one snapshot: an answer seen here always comes with the changes it made
            content = pull_page(who, positions, client_id, results_after, limit)
        return Response(content, media_type="application/json")

    from server.intake_http import install as install_intake

    install_intake(app, db)  # POST /v1/intake: integrations post contacts (server/intake.py)
    return app


def parse_cursor(cursor: str) -> dict[str, tuple[int, int]]:
    try:
        raw = json.loads(cursor)
        if not isinstance(raw, dict) or len(raw) > 1000:
            raise ValueError
        positions = {}
        for space, value in raw.items():
            version, seq = value
            # (bool is an int to Python: true is no version)
            if (
                type(version) is not int
                or type(seq) is not int
                or not 0 <= version < 2**63
                or not 0 <= seq < 2**31
                or store.text_problem(space)
            ):
                raise ValueError
            positions[str(space)] = (version, seq)
        return positions
    except (ValueError, TypeError, RecursionError):
        raise HTTPException(400, "cursor must be a JSON object of space: [version, seq]") from None


def pull_page(
    who: dict[str, Any],
    positions: dict[str, tuple[int, int]],
    client_id: str,
    results_after: int,
    limit: int,
) -> bytes:
    """One page of the change log after the cursor, plus the answers to this client's
    intents. Built as JSON text: the logged data is spliced in as stored."""
    spaces = spaces_of(who)
    parts: list[str] = []
    more = False
    heads = {}
    for space in spaces:
        heads[space] = store.space_head(space)
        if len(parts) >= limit:
            more = more or positions.get(space, (0, 0))[0] < heads[space]
            continue
        after = positions.get(space, (0, 0))
        # one keyset query per space and page; PostgreSQL writes each change as JSON text
        rows = server_db.execute_sql(
            PAGE_SQL, (json.dumps(space), space, after[0], after[1], limit - len(parts) + 1)
        ).fetchall()
        if len(parts) + len(rows) > limit:
            more = True
            rows = rows[: limit - len(parts)]
        if rows:
            parts.extend(row[2] for row in rows)
            positions[space] = (int(rows[-1][0]), int(rows[-1][1]))
    owned = server_db.execute_sql(
        'SELECT 1 FROM "client" WHERE "client_id" = %s AND "login" = %s', (client_id, who["login"])
    ).fetchone()
    results = (
        []
        if owned is None
        else [
            {"mutation_id": mutation_id, "id": intent_id, "state": state, "reason": reason}
            for mutation_id, intent_id, state, reason in server_db.execute_sql(
                'SELECT "mutation_id", "intent_id", "state", "reason" FROM "result" '
                'WHERE "client_id" = %s AND "mutation_id" > %s ORDER BY "mutation_id" LIMIT %s',
                (client_id, results_after, MAX_RESULTS),
            ).fetchall()
        ]
    )
    tail = json.dumps(
        {
            "cursor": json.dumps({s: list(p) for s, p in positions.items()}),
            "more": more,
            "results": results,
            "heads": heads,
        }
    )
    return ('{"changes":[' + ",".join(parts) + "]," + tail[1:]).encode()


# a page of one space's change log after (version, seq), each change already as the JSON
# text the client gets: the logged data is spliced in as stored
PAGE_SQL = """
SELECT "version", "seq",
       '{"space":' || %s || ',"version":' || "version" || ',"seq":' || "seq"
       || ',"kind":' || to_json("kind")::text || ',"id":' || to_json("entity_id")::text
       || ',"data":' || "data" || '}'
FROM "change_log" WHERE "space" = %s AND ("version", "seq") > (%s, %s)
ORDER BY "version", "seq" LIMIT %s"""


def push_one(db: Database, who: dict[str, Any], client_id: str, m: Mutation) -> dict[str, Any]:
    """Apply one intent in its own transaction, recording (client, mutation id) and the
    answer in the same one: a duplicate is answered again, a gap is refused."""
    now = store.now_ms()
    with db.atomic():
        # (statements written out: this runs once per intent, the hottest path there is)
        found = db.execute_sql(CLIENT_SQL, (client_id,)).fetchone()
        if found is None:
            # a new client (or a copied database): its oldest pending intent sets the base
            Client.create(
                client_id=client_id,
                login=who["login"],
                last_mutation_id=m.mutation_id - 1,
                first_seen=now,
                last_seen=now,
            )
            found = (who["login"], m.mutation_id - 1)
        login, last_mutation_id = found
        if login != who["login"]:
            raise HTTPException(
                403,
                "this desktop database belongs to another account; sign in from your own workspace",
            )
        if m.mutation_id <= last_mutation_id:
            done = db.execute_sql(RESULT_SQL, (client_id, m.mutation_id)).fetchone()
            if done is None:  # older than this client's first push: nothing to say
                return {
                    "mutation_id": m.mutation_id,
                    "id": m.id,
                    "state": "rejected",
                    "reason": "unknown to the server (before this desktop's first sync)",
                }
            return {
                "mutation_id": m.mutation_id,
                "id": done[0],
                "state": done[1],
                "reason": done[2],
            }
        if m.mutation_id > last_mutation_id + 1:
            return {
                "state": "gap",
                "reason": f"change {m.mutation_id} arrived before "
                f"{last_mutation_id + 1}; push in order",
            }
        team, refusal = team_for(who, m.name, m.args, m.team)
        tx = store.Tx(team)
        if refusal is not None:
            state, reason = "rejected", refusal
        else:
            # the pusher as a member of that team, with their role there
            role = (who.get("teams") or {}).get(team, who["role"])
            state, reason = _apply(db, tx, {**who, "team": team, "role": role}, m)
        db.execute_sql(
            RECORD_SQL,
            (
                client_id,
                m.mutation_id,
                m.id,
                m.name[:64],
                state,
                reason[:1000],
                tx.space,
                tx.version,
                now,
            ),
        )
        db.execute_sql(ADVANCE_SQL, (m.mutation_id, now, client_id))
    return {"mutation_id": m.mutation_id, "id": m.id, "state": state, "reason": reason}


CLIENT_SQL = 'SELECT "login", "last_mutation_id" FROM "client" WHERE "client_id" = %s FOR UPDATE'
RESULT_SQL = (
    'SELECT "intent_id", "state", "reason" FROM "result" '
    'WHERE "client_id" = %s AND "mutation_id" = %s'
)
RECORD_SQL = (
    'INSERT INTO "result" ("client_id", "mutation_id", "intent_id", "name", "state", '
    '"reason", "space", "version", "at") VALUES (%s, %s, %s, %s, %s, %s, %s, %s, %s)'
)
ADVANCE_SQL = 'UPDATE "client" SET "last_mutation_id" = %s, "last_seen" = %s WHERE "client_id" = %s'
# an intent accepted before in this team (from a copy of the desktop database); the same
# id accepted in another team says nothing about this one
EARLIER_SQL = (
    'SELECT 1 FROM "result" WHERE "intent_id" = %s AND "space" = %s '
    "AND \"state\" = 'accepted' LIMIT 1"
)


def args_problem(args: Any) -> str | None:
    """Why these arguments cannot be stored (a NUL or unpaired surrogate in a key or
    value at any depth, a number that is not finite), or None. No recursion: the depth
    is the client's to choose."""
    stack = [args]
    while stack:
        value = stack.pop()
        if isinstance(value, str):
            problem = store.text_problem(value)
            if problem:
                return problem
        elif isinstance(value, dict):
            stack.extend(value.keys())
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
        elif isinstance(value, float) and not math.isfinite(value):
            return "a number in the change is not finite (NaN or infinity)"
    return None


def _apply(db: Database, tx: store.Tx, who: dict[str, Any], m: Mutation) -> tuple[str, str]:
    """accepted, or rejected with a reason: a bad intent never blocks the ones behind it."""
    try:
        if not NAME_PATTERN.match(m.name):
            raise RejectedError(f"{m.name!r} is not an action name")
        if not HLC_PATTERN.match(m.hlc):
            raise RejectedError("the clock stamp is malformed")
        problem = args_problem(m.args)
        if problem:
            raise RejectedError(problem)
        if len(json.dumps(m.args)) > MAX_ARGS_BYTES:
            raise RejectedError(f"the change is larger than {MAX_ARGS_BYTES // 1024} kB")
        if m.agent_id and m.agent_id != who["agent_id"]:
            raise RejectedError("you cannot act as another agent")
        if db.execute_sql(EARLIER_SQL, (m.id, tx.space)).fetchone() is not None:
            return "accepted", "already applied (from a copy of this database)"
        with db.atomic():  # a savepoint: a refused intent leaves no partial rows
            seq = tx.seq
            try:
                note = apply_intent(tx, who, m.name, m.args, m.hlc)
            except BaseException:
                tx.seq = seq
                raise
    except RejectedError as exc:
        return "rejected", str(exc)
    except TRANSIENT:
        raise  # the database is in trouble: 503, the client retries
    except HTTPException:
        raise
    except Exception as exc:  # a bug or data the checks missed: refuse, never block
        log.exception("could not apply %s", m.name)
        return "rejected", f"the server could not apply {m.name} ({exc.__class__.__name__})"
    return "accepted", note
