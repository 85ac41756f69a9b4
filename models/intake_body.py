"""The body of an HTTP intake request (``POST /v1/intake``), read the same way by the
desktop's own intake (desktop/channels/intake_http.py) and the server's
(server/intake_http.py): the limits, the JSON, the records with their positions, and the
4xx refusal with its reason."""

from __future__ import annotations

import json
from typing import Any

MAX_BODY = 1_000_000  # bytes
MAX_RECORDS = 500


class BadRequestError(Exception):
    """A refused request: its HTTP status and the reason said to the sender."""

    def __init__(self, status: int, reason: str, headers: dict[str, str] | None = None) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason
        self.headers = headers or {}


def records_of(body: bytes) -> list[tuple[int, Any]]:
    """The records of a body with their positions (1, 2, ...): one record (a JSON object)
    or ``{"records": [...]}`` of at most :data:`MAX_RECORDS`."""
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
