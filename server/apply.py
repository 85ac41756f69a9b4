"""Applying pushed intents on the server, with the conflict rules of DESIGN.md.

- claim: first to reach the server wins; the loser is told who has it and since when;
- replies: only from the current owner, idempotent by event id (never queued twice);
- notes, calls, history: insert-if-absent by id;
- customer fields: last writer wins per field by HLC, clocks from the future clamped,
  lost concurrent edits recorded for review;
- merges happen here and reach every desktop; counters and SLA figures are never synced.

Every intent runs in one space (a team of its pusher: the team of the row it names, else
the one it says, else their home team; server/accounts.py ``team_for``), with the pusher's role
in that team: rows of another space are refused, so an agent can neither read nor change
the work of a team they are not in.

The handlers live by domain in server/handlers/ (contacts, customers, tasks, commerce,
agents, settings, alerts) and server/privacy.py; this module keeps the dispatch, the
Context they share and the history lines every accepted action carries.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, TypeVar
from uuid import UUID

from models.base import parse_iso, to_ms
from models.protocol import IntentSpec, intents
from models.protocol.vocabulary import SHARED_LINES, is_lead
from models.text import problem
from server.accounts import member_role
from server.models import (
    Agent,
    Contact,
    Customer,
    DomainModel,
    Event,
)
from server.store import Tx, get_row, now_ms

MAX_SKEW_MS = 60_000
HLC_PATTERN = re.compile(r"^\d{13}-\d{5}-[A-Za-z0-9_.:-]{1,64}$")

M = TypeVar("M", bound=DomainModel)


class RejectedError(Exception):
    """A permanent rejection, acknowledged to the client with its reason."""


def clamp_hlc(stamp: str, now: int) -> str:
    """Clocks from the future are clamped to the server's now (plus a minute of skew)."""
    if not HLC_PATTERN.match(stamp):
        return f"{now:013d}-00000-invalid"
    ms, counter, node = stamp.split("-", 2)
    limit = now + MAX_SKEW_MS
    return f"{limit:013d}-{counter}-{node}" if int(ms) > limit else stamp


def hhmm(ms: int | None) -> str:
    if not ms:
        return "?"
    return datetime.fromtimestamp(ms / 1000, tz=UTC).strftime("%H:%M UTC")


class Context:
    """What one intent may see and change: its pusher, its space, the server's clock."""

    def __init__(self, tx: Tx, account: dict[str, Any], args: dict[str, Any], hlc: str) -> None:
        self.tx = tx
        self.account = account
        self.agent = account["agent_id"]
        self.args = args
        self.now = now_ms()
        self.hlc = clamp_hlc(hlc, self.now)
        self.note = ""  # said with an accepted answer (e.g. an edit that lost)

    @property
    def is_lead(self) -> bool:
        return is_lead(self.account["role"])

    # -- arguments --------------------------------------------------------------------

    def id(self, key: str, *, optional: bool = False, uuid: bool = False) -> str:
        """An id argument; ``uuid``: one other ids are derived from (as desktops do)."""
        value = self.args.get(key)
        if value is None and optional:
            return ""
        if not isinstance(value, str) or not 1 <= len(value) <= 64:
            raise RejectedError(f"'{key}' must be an id")
        if uuid:
            try:
                UUID(value)
            except ValueError:
                raise RejectedError(f"'{key}' must be a UUID") from None
        return value

    def text(self, key: str, limit: int = 100_000, default: str = "") -> str:
        value = self.args.get(key, default)
        if value is None:
            value = default
        if not isinstance(value, str) or len(value) > limit:
            raise RejectedError(f"'{key}' must be text of at most {limit} characters")
        found = problem(value, f"'{key}'")
        if found:  # PostgreSQL stores no NUL: refused with a reason, never a 5xx
            raise RejectedError(found)
        return value

    def objects(self, key: str, limit: int) -> list[dict[str, Any]]:
        """A list of at most ``limit`` objects (none when absent)."""
        value = self.args.get(key)
        if value is None:
            return []
        if (
            not isinstance(value, list)
            or len(value) > limit
            or not all(isinstance(item, dict) for item in value)
        ):
            raise RejectedError(f"'{key}' must be a list of at most {limit:,} objects")
        return value

    def mapping(self, key: str) -> dict[str, Any]:
        value = self.args.get(key)
        if value is None:
            return {}
        if not isinstance(value, dict):
            raise RejectedError(f"'{key}' must be an object")
        return value

    # -- rows -------------------------------------------------------------------------

    def get(self, model: type[M], row_id: str, *, lock: bool = False) -> M | None:
        row = get_row(model, row_id, lock=lock)
        if row is not None and row.space != self.tx.space:
            raise RejectedError(f"that {model.KIND} belongs to another team")
        return row

    def need(self, model: type[M], row_id: str, *, lock: bool = False) -> M:
        row = self.get(model, row_id, lock=lock)
        if row is None:
            raise RejectedError(f"{model.KIND} {row_id} is not known to the server")
        return row

    def save(self, row: DomainModel) -> None:
        self.tx.save(row)

    def in_team(self, agent: Agent | None) -> bool:
        """Whether this agent is a member of the intent's team (an account may be in
        several: its agent row's own space is its home team)."""
        if agent is None:
            return False
        return agent.space == self.tx.space or member_role(agent.id, self.tx.space) is not None

    def agent_name(self, agent_id: str | None) -> str:
        if not agent_id:
            return "nobody"
        agent = get_row(Agent, agent_id)
        return agent.display_name if agent else "another agent"


Handler = Callable[[Context], None]
HANDLERS: dict[str, Handler] = {}


def handles(*specs: IntentSpec) -> Callable[[Handler], Handler]:
    """Register the handler of declared intents (models/protocol/intents.py)."""

    def register(fn: Handler) -> Handler:
        for spec in specs:
            HANDLERS[spec.name] = fn
        return fn

    return register


def apply_intent(tx: Tx, account: dict[str, Any], name: str, args: dict[str, Any], hlc: str) -> str:
    """Apply one intent; returns a note for the user (usually empty).

    Raises RejectedError for a permanent, explained refusal."""
    spec = intents.spec_of(name)
    if spec is not None and spec.local_only:
        return ""  # an action that only changes the desktop it was made on
    handler = HANDLERS.get(name)
    if handler is None:
        raise RejectedError(f"this server does not know the action {name!r}")
    if args == {"erased": True}:
        return ""  # a change about a person erased on its desktop before it was pushed
    found = problem(args)
    if found:  # PostgreSQL stores no NUL: refused with its reason, never half-applied
        raise RejectedError(f"{found} that cannot be stored")
    ctx = Context(tx, account, args, hlc)
    handler(ctx)
    _lines(ctx)
    return ctx.note


ID_PATTERN = re.compile(r"^[A-Za-z0-9_.:-]{1,64}$")


def _lines(ctx: Context) -> None:
    """The history lines the desktop wrote for an action the server accepted ("Taken by
    Ana", "Status: open → resolved", "Follow-up done: ..."), kept for the whole team;
    insert-if-absent by id, written by the account that pushed them, never later than now."""
    for line in ctx.objects("lines", 50):
        line_id, kind = line.get("id"), line.get("kind")
        subject, body = line.get("subject") or "", line.get("body") or ""
        at, channel = line.get("at"), line.get("channel") or ""
        if (
            not (isinstance(line_id, str) and ID_PATTERN.match(line_id))
            or kind not in SHARED_LINES
            or not isinstance(subject, str)
            or not isinstance(body, str)
            or not isinstance(channel, str)
            or not isinstance(at, int)
            or len(subject) > 1000
            or len(body) > 20_000
        ):
            raise RejectedError("a history line needs an id, a known kind, a time and text")
        contact_id, customer_id = line.get("contact_id"), line.get("customer_id")
        contact = ctx.get(Contact, contact_id) if isinstance(contact_id, str) else None
        customer = ctx.get(Customer, customer_id) if isinstance(customer_id, str) else None
        if (contact is None and customer is None) or get_row(Event, line_id) is not None:
            continue  # about nothing the team has, or kept before
        if customer is None and contact is not None:
            customer_id = contact.customer_id
        ctx.save(
            Event(
                id=line_id,
                contact_id=contact.id if contact else None,
                customer_id=customer_id,
                at=max(0, min(at, ctx.now)),
                channel=channel[:50],
                kind=kind,
                agent_id=ctx.agent,
                subject=subject,
                body=body,
            )
        )


# -- argument helpers shared by the handler modules -----------------------------------


def time_ms(value: Any, what: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str):
        try:
            return to_ms(parse_iso(value))
        except ValueError:
            pass
    raise RejectedError(f"'{what}' must be a time with a time zone")


# every handler module registers itself when imported (privacy, then server/handlers/)
from server import privacy as _privacy  # noqa: E402,F401
from server.handlers import (  # noqa: E402,F401 - imported for their registration, as above
    agents,
    alerts,
    commerce,
    contacts,
    customers,
    settings,
    tasks,
)
