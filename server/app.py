"""The sync HTTP API: login, push (intents), pull (change log pages).

Stateless: every request reads what it needs from PostgreSQL, so several server
processes can serve one database. Every input is validated with size limits and
answered with a 4xx and a reason when bad, never a 5xx.
"""

import json
import logging
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Header, HTTPException, Query
from fastapi.responses import JSONResponse
from peewee import PostgresqlDatabase
from pydantic import BaseModel, Field

from server import MIN_CLIENT_PROTOCOL, PROTOCOL_VERSION, store
from server.apply import RejectedError, apply_intent

log = logging.getLogger("lastmile.server")

MAX_BATCH = 500


class LoginRequest(BaseModel):
    login: str = Field(min_length=1, max_length=64)
    password: str = Field(min_length=1, max_length=256)


class Mutation(BaseModel):
    mutation_id: int = Field(ge=1)
    id: str = Field(min_length=1, max_length=64)
    name: str = Field(min_length=1, max_length=64)
    args: dict[str, Any]
    agent_id: str | None = Field(default=None, max_length=64)
    hlc: str = Field(min_length=1, max_length=80)


class PushRequest(BaseModel):
    client_id: str = Field(min_length=8, max_length=64)
    mutations: list[Mutation] = Field(max_length=MAX_BATCH)


def create_app(db: PostgresqlDatabase) -> FastAPI:
    with db.connection_context():
        store.migrate(db)
    app = FastAPI(title="Lastmile sync", version=str(PROTOCOL_VERSION))

    def database() -> PostgresqlDatabase:
        return db

    def check_versions(x_lastmile_protocol: Annotated[int | None, Header()] = None) -> None:
        if x_lastmile_protocol is None:
            raise HTTPException(400, "missing X-Lastmile-Protocol header")
        if not MIN_CLIENT_PROTOCOL <= x_lastmile_protocol <= PROTOCOL_VERSION:
            raise HTTPException(426, f"please update Lastmile: this server speaks protocol "
                                     f"{MIN_CLIENT_PROTOCOL}-{PROTOCOL_VERSION}; your changes "
                                     "are kept until then")

    def account(authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        if not authorization or not authorization.startswith("Bearer "):
            raise HTTPException(401, "sign in first (missing bearer token)")
        with db.connection_context():
            found = store.account_for_token(db, authorization.removeprefix("Bearer ").strip())
        if found is None:
            raise HTTPException(401, "your session expired or was revoked; sign in again")
        if found["role"] == "trainee":
            raise HTTPException(403, "trainee accounts never sync")
        return found

    @app.exception_handler(Exception)
    async def unexpected(_request: Any, exc: Exception) -> JSONResponse:  # pragma: no cover
        log.exception("unexpected error")
        return JSONResponse({"detail": "the server could not handle this request"}, 503)

    @app.post("/v1/login", dependencies=[Depends(check_versions)])
    def login(body: LoginRequest) -> dict[str, Any]:
        with db.connection_context():
            token = store.login(db, body.login, body.password)
            found = store.account_for_token(db, token) if token else None
        if token is None:
            raise HTTPException(401, "wrong login or password")
        assert found is not None
        return {"token": token, "expires_in_hours": store.TOKEN_HOURS, **found}

    @app.post("/v1/logout", dependencies=[Depends(check_versions)])
    def logout(authorization: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        if authorization and authorization.startswith("Bearer "):
            with db.connection_context():
                store.revoke(db, authorization.removeprefix("Bearer ").strip())
        return {"ok": True}

    @app.post("/v1/push", dependencies=[Depends(check_versions)])
    def push(body: PushRequest, who: Annotated[dict[str, Any], Depends(account)],
             _db: Annotated[PostgresqlDatabase, Depends(database)]) -> dict[str, Any]:
        results = []
        with db.connection_context():
            for m in sorted(body.mutations, key=lambda m: m.mutation_id):
                outcome = _push_one(db, who, body.client_id, m)
                if outcome is None:
                    continue
                if outcome.get("state") == "gap":
                    raise HTTPException(409, outcome["reason"])
                results.append(outcome)
        return {"results": results}

    @app.get("/v1/pull", dependencies=[Depends(check_versions)])
    def pull(who: Annotated[dict[str, Any], Depends(account)],
             cursor: Annotated[str, Query(max_length=4000)] = "{}",
             client_id: Annotated[str, Query(min_length=8, max_length=64)] = "unknown-client",
             results_after: Annotated[int, Query(ge=0)] = 0,
             limit: Annotated[int, Query(ge=1, le=5000)] = 1000) -> dict[str, Any]:
        try:
            positions = json.loads(cursor)
            if not isinstance(positions, dict):
                raise ValueError
            positions = {str(k): (int(v[0]), int(v[1])) for k, v in positions.items()}
        except (ValueError, TypeError, IndexError, KeyError):
            raise HTTPException(
                400, "cursor must be a JSON object of space: [version, seq]") from None
        with db.connection_context():
            return _pull(db, who, positions, client_id, results_after, limit)

    return app


def _pull(db: PostgresqlDatabase, who: dict[str, Any], positions: dict[str, tuple[int, int]],
          client_id: str, results_after: int, limit: int) -> dict[str, Any]:
    spaces = _spaces(db, who)
    changes: list[dict[str, Any]] = []
    more = False
    for space in spaces:
        after = positions.get(space, (0, 0))
        page = store.changes_after(db, space, after, limit - len(changes))
        for change in page:
            change["space"] = space
        changes += page
        if page:
            positions[space] = (page[-1]["version"], page[-1]["seq"])
        if len(changes) >= limit:
            more = True
            break
    rows = db.execute_sql(
        "SELECT mutation_id, intent_id, state, reason FROM result WHERE client_id = %s "
        "AND mutation_id > %s ORDER BY mutation_id LIMIT 1000",
        (client_id, results_after)).fetchall()
    results = [{"mutation_id": r[0], "id": r[1], "state": r[2], "reason": r[3]}
               for r in rows]
    heads = {space: store.space_head(db, space) for space in spaces}
    return {"changes": changes, "cursor": json.dumps(positions), "more": more,
            "results": results, "heads": heads}


def _spaces(db: PostgresqlDatabase, who: dict[str, Any]) -> list[str]:
    if who["role"] == "admin":
        return [r[0] for r in db.execute_sql("SELECT space FROM space_version ORDER BY space")]
    return [who["team"]]


def _push_one(db: PostgresqlDatabase, who: dict[str, Any], client_id: str,
              m: Mutation) -> dict[str, Any] | None:
    """Apply one intent in its own transaction; record (client, mutation id) in the same one."""
    with db.atomic():
        row = db.execute_sql("SELECT login, last_mutation_id FROM client WHERE client_id = %s "
                             "FOR UPDATE", (client_id,)).fetchone()
        if row is None:
            # a new client (or a copied database): its first mutation sets the base
            db.execute_sql("INSERT INTO client VALUES (%s, %s, %s)",
                           (client_id, who["login"], m.mutation_id - 1))
            last = m.mutation_id - 1
        else:
            if row[0] != who["login"]:
                raise HTTPException(403, "this client belongs to another account")
            last = int(row[1])
        if m.mutation_id <= last:
            # a duplicate: already applied; answer it again (the first answer may be lost)
            done = db.execute_sql(
                "SELECT intent_id, state, reason FROM result WHERE client_id = %s AND "
                "mutation_id = %s", (client_id, m.mutation_id)).fetchone()
            if done is None:
                return None
            return {"mutation_id": m.mutation_id, "id": done[0], "state": done[1],
                    "reason": done[2]}
        if m.mutation_id > last + 1:
            return {"state": "gap", "reason": f"mutation {m.mutation_id} arrived before "
                                              f"{last + 1}; push in order"}
        state, reason = "accepted", ""
        with store.space_write(db, who["team"]) as write:
            try:
                if m.agent_id and m.agent_id != who["agent_id"]:
                    raise RejectedError("you cannot act as another agent")
                with db.atomic():  # a savepoint: a rejected intent leaves no partial rows
                    apply_intent(db, write, who, m.name, m.args, m.hlc)
            except RejectedError as exc:
                state, reason = "rejected", str(exc)
            except (KeyError, TypeError, ValueError) as exc:
                state, reason = "rejected", f"malformed arguments for {m.name}: {exc}"
            version = write.version
        db.execute_sql("INSERT INTO result VALUES (%s, %s, %s, %s, %s, %s, %s)",
                       (client_id, m.mutation_id, m.id, state, reason, who["team"], version))
        db.execute_sql("UPDATE client SET last_mutation_id = %s WHERE client_id = %s",
                       (m.mutation_id, client_id))
    return {"mutation_id": m.mutation_id, "id": m.id, "state": state, "reason": reason}
