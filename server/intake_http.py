"""The HTTP side of the server's ``POST /v1/intake`` (what the records become is in
:mod:`server.intake`): the key, the content type, the size, the body's JSON, the answer.
Every refusal is a 4xx with its reason, in the form the desktop's intake answers it."""

from __future__ import annotations

from typing import Any

from fastapi import Request  # at the top: FastAPI resolves the handler's annotations here
from peewee import Database

from models.intake_body import MAX_BODY, MAX_RECORDS, BadRequestError, records_of
from server.intake import KEY, take, verify

# -- the body -------------------------------------------------------------------------------


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
