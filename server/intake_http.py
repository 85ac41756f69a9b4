"""The HTTP side of the server's ``POST /v1/intake`` (what the records become is in
:mod:`server.intake`): the key, the content type, the size, the body's JSON, the answer.
Every refusal is a 4xx with its reason, in the form the desktop's intake answers it."""

from __future__ import annotations

import json
from typing import Any

from fastapi import Request  # at the top: FastAPI resolves the handler's annotations here
from peewee import Database

from server.intake import KEY, MAX_BODY, MAX_RECORDS, take, verify

# -- the body -------------------------------------------------------------------------------


class BadRequestError(Exception):
    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


def records_of(body: bytes) -> list[tuple[int, Any]]:
    """The records of a body with their positions (1, 2, ...)."""
    try:
        text = body.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise BadRequestError(400, f"the body is not UTF-8 (byte {exc.start})") from None
    try:
        data = json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError) as exc:
        raise BadRequestError(400, f"the body is not JSON: {exc}"[:300]) from None
    if isinstance(data, dict) and "records" in data:
        records = data["records"]
        if not isinstance(records, list) or not records:
            raise BadRequestError(400, "'records' must be a non-empty list of records")
        if len(records) > MAX_RECORDS:
            raise BadRequestError(
                413, f"{len(records)} records; at most {MAX_RECORDS} in one request"
            )
        return list(enumerate(records, start=1))
    if isinstance(data, dict):
        return [(1, data)]
    raise BadRequestError(400, 'send one record (a JSON object) or {"records": [...]}')


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


# -- the endpoint ----------------------------------------------------------------------------


def install(app: Any, db: Database) -> None:
    """``POST /v1/intake`` on the sync server's app (its OpenAPI description included)."""
    from fastapi.responses import JSONResponse
    from starlette.concurrency import run_in_threadpool

    from models.inbound_openapi import INTAKE_BODY, INTAKE_RESPONSES

    def refused(status: int, reason: str, headers: dict[str, str] | None = None) -> Any:
        return JSONResponse(
            {"error": reason, "rejected": [{"position": 0, "reason": reason}]},
            status,
            headers=headers,
        )

    def work(key: str, body: bytes) -> tuple[int, dict[str, Any]]:
        with db.connection_context():
            gateway = verify(key)
            if gateway is None:
                raise BadRequestError(
                    401,
                    "a valid integration key is needed: Authorization: "
                    "Bearer lmk_... (lastmile-server integration add)",
                )
            outcome = take(db, gateway, records_of(body))
        return outcome.status, outcome.as_json()

    @app.post(
        "/v1/intake",
        status_code=202,
        openapi_extra={
            "requestBody": INTAKE_BODY,
            "responses": INTAKE_RESPONSES,
            "security": [{"integrationKey": []}],
            "description": "Contacts, call events and delivery reports of one integration "
            "into its team's queue (see server/README.md).",
        },
    )
    async def intake(request: Request) -> Any:
        scheme, _, key = (request.headers.get("authorization") or "").partition(" ")
        if scheme.lower() != "bearer" or not KEY.match(key.strip()):
            return refused(
                401,
                "a valid integration key is needed: Authorization: Bearer "
                "lmk_... (lastmile-server integration add)",
                {"WWW-Authenticate": 'Bearer realm="lastmile"'},
            )
        ctype, _, params = (request.headers.get("content-type") or "").partition(";")
        ctype = ctype.strip().lower()
        charset = next(
            (
                p.split("=", 1)[1].strip().strip('"').lower()
                for p in params.split(";")
                if p.strip().lower().startswith("charset=")
            ),
            "utf-8",
        )
        if not (ctype == "application/json" or ctype.endswith("+json")) or charset not in (
            "utf-8",
            "utf8",
        ):
            return refused(
                415,
                "send JSON in UTF-8 (Content-Type: application/json), not "
                f"{request.headers.get('content-type') or 'nothing'!r}",
            )
        length = int(request.headers.get("content-length") or 0)  # checked by the middleware
        if length > MAX_BODY:
            return refused(
                413,
                f"the body is {length} bytes; at most {MAX_BODY} are taken in "
                f"one request ({MAX_RECORDS} records)",
            )
        body = await request.body()
        try:
            status, answer = await run_in_threadpool(work, key.strip(), body)
        except BadRequestError as exc:
            headers = {"WWW-Authenticate": 'Bearer realm="lastmile"'} if exc.status == 401 else None
            return refused(exc.status, exc.reason, headers)
        return JSONResponse(answer, status)

    schema = app.openapi

    def with_key_scheme() -> dict[str, Any]:
        described: dict[str, Any] = schema()
        schemes = described.setdefault("components", {}).setdefault("securitySchemes", {})
        schemes["integrationKey"] = {
            "type": "http",
            "scheme": "bearer",
            "description": "The key printed by lastmile-server integration add (lmk_...)",
        }
        return described

    app.openapi = with_key_scheme
