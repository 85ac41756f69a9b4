"""The OpenAPI 3.1 description of the HTTP intake (``GET /openapi.json``), by hand: three
endpoints do not need a generator, and this is the contract integrators read.

The same operation is ``POST /v1/intake`` of the desktop (``lastmile intake serve``) and of
the sync server (:mod:`server.intake`, which puts :data:`INTAKE_POST` into its own
description)."""

from __future__ import annotations

from typing import Any

_PERSON = {
    "type": "object",
    "description": "Who it is from: at least one of email, phone, handle (with network) or "
    "visitor_id; the customer is found (or made) by these.",
    "properties": {
        "name": {"type": "string"},
        "email": {"type": "string"},
        "phone": {"type": "string", "description": "E.164 or a national US number"},
        "handle": {"type": "string"},
        "network": {"type": "string"},
        "followers": {"type": "integer", "minimum": 0},
        "visitor_id": {"type": "string"},
    },
}
_CONTACT = {
    "type": "object",
    "required": ["received_at", "from"],
    "properties": {
        "type": {"const": "contact"},
        "channel": {
            "enum": ["email", "phone", "fax", "chat", "webform", "sms", "social", "session"],
            "description": "Must be the key's channel; left out, it is the key's.",
        },
        "external_id": {
            "type": "string",
            "maxLength": 1000,
            "description": "The sender's id: posting it again changes nothing.",
        },
        "received_at": {"type": "string", "format": "date-time", "description": "With a time zone"},
        "from": _PERSON,
        "subject": {"type": "string", "maxLength": 1000},
        "body": {"type": "string", "maxLength": 200000},
        "skill": {"type": "string"},
        "priority": {"type": "integer", "minimum": 0, "maximum": 3},
        "in_reply_to": {"type": ["string", "null"]},
        "outcome": {
            "enum": [None, "completed", "failed", "dropped"],
            "description": "A session or call that ended: it gets a follow-up task",
        },
    },
}
_CALL = {
    "type": "object",
    "required": ["type", "event", "from"],
    "properties": {
        "type": {"const": "call"},
        "event": {
            "enum": ["ringing", "answered", "ended"],
            "description": "ringing pops the caller's card on the running window; "
            "ended logs the call as a phone contact with a follow-up; "
            "answered is taken and not recorded",
        },
        "from": {"type": "string"},
        "line": {"type": "string"},
        "agent": {"type": "string"},
        "duration_seconds": {"type": "integer", "minimum": 0},
        "outcome": {"enum": ["completed", "failed", "dropped"]},
        "call_id": {"type": "string", "description": "Required for ended"},
        "at": {"type": "string", "format": "date-time"},
    },
}
_DELIVERY = {
    "type": "object",
    "required": ["type", "id", "state"],
    "properties": {
        "type": {"const": "delivery"},
        "id": {"type": "string", "description": "The X-Lastmile-Delivery of our message"},
        "state": {"enum": ["delivered", "failed"]},
        "reason": {"type": "string"},
    },
}
_RECORD = {"oneOf": [_CONTACT, _CALL, _DELIVERY]}
_REJECTED = {
    "type": "array",
    "items": {
        "type": "object",
        "properties": {
            "position": {
                "type": "integer",
                "description": "1 for the first record; 0 for the body as a whole",
            },
            "reason": {"type": "string"},
        },
    },
}
_ANSWER = {
    "type": "object",
    "properties": {
        "accepted": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {
                    "position": {"type": "integer"},
                    "contact_id": {"type": "string"},
                    "event": {"type": "string"},
                    "popped": {"type": "boolean"},
                    "customer_id": {"type": ["string", "null"]},
                    "id": {"type": "string"},
                    "state": {"type": "string"},
                },
            },
        },
        "duplicates": {"type": "integer"},
        "popped": {
            "type": "boolean",
            "description": "Only when ringing calls were posted: "
            "whether the window showed each caller",
        },
        "rejected": _REJECTED,
    },
}


def _json(schema: dict[str, Any], description: str) -> dict[str, Any]:
    return {"description": description, "content": {"application/json": {"schema": schema}}}


_ERROR = {"type": "object", "properties": {"error": {"type": "string"}, "rejected": _REJECTED}}

INTAKE_BODY: dict[str, Any] = {
    "required": True,
    "content": {
        "application/json": {
            "schema": {
                "oneOf": [
                    _RECORD,
                    {
                        "type": "object",
                        "required": ["records"],
                        "properties": {
                            "records": {
                                "type": "array",
                                "minItems": 1,
                                "maxItems": 500,
                                "items": _RECORD,
                            }
                        },
                    },
                ]
            }
        }
    },
}
INTAKE_RESPONSES: dict[str, Any] = {
    "202": _json(_ANSWER, "Taken (also when some records were rejected: they are listed)"),
    "400": _json(_ERROR, "Not JSON, not UTF-8, or not a record"),
    "401": _json(_ERROR, "No valid key"),
    "411": _json(_ERROR, "No Content-Length"),
    "413": _json(_ERROR, "Over 1,000,000 bytes or 500 records"),
    "415": _json(_ERROR, "Not application/json in UTF-8"),
    "422": _json(_ANSWER, "Every record was rejected"),
    "503": _json(_ERROR, "Cannot store now; retry (Retry-After)"),
}

OPENAPI: dict[str, Any] = {
    "openapi": "3.1.0",
    "info": {
        "title": "Lastmile intake",
        "version": "1",
        "description": "Contacts, call events and delivery reports into one desktop "
        "workspace. Replies leave by the integration's webhook, signed "
        "X-Lastmile-Signature: sha256=<HMAC-SHA256 of the body with "
        "the key>, with X-Lastmile-Delivery: <id>.",
    },
    "components": {
        "securitySchemes": {
            "key": {
                "type": "http",
                "scheme": "bearer",
                "description": "The key printed by lastmile integration add (lmk_...)",
            }
        }
    },
    "paths": {
        "/v1/intake": {
            "post": {
                "summary": "Take in one record or up to 500",
                "security": [{"key": []}],
                "requestBody": INTAKE_BODY,
                "responses": INTAKE_RESPONSES,
            }
        },
        "/v1/health": {
            "get": {
                "summary": "Is the intake up",
                "responses": {"200": _json({"type": "object"}, "Up")},
            }
        },
        "/openapi.json": {
            "get": {
                "summary": "This description",
                "responses": {"200": _json({"type": "object"}, "OpenAPI")},
            }
        },
    },
}
