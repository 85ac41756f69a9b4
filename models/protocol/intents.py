"""One declaration per intent: what a desktop may ask the server to do.

Each :class:`IntentSpec` says the intent's name and version, its typed fields (checked
by :meth:`IntentSpec.validate` before anything is written), the rows whose synced fields
it changes optimistically (what the desktop's sync shadow keeps, desktop/sync/shadow.py),
how it is described to the user (sync notices), whether it stays on the desktop it
was made on, and whether it makes rows of its own that belong to a team the desktop names
(``new_rows``, see :data:`MUTATION_TEAM`). Ops pass a spec to ``Mutator.run``; the
server dispatches by :data:`REGISTRY`; tests/test_protocol.py checks that every synced
spec has a server handler, a description and a validation round trip, and that no intent
name is written out anywhere but here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

# field types: "id" (text of 1-64 characters), "text", "int", "number", "bool", "object",
# "list", "any"; a trailing "?" makes the field optional (absent or null)
_TYPES: dict[str, tuple[type, ...]] = {
    "id": (str,),
    "text": (str,),
    "int": (int,),
    "number": (int, float),
    "bool": (bool,),
    "object": (dict,),
    "list": (list,),
    "any": (object,),
}
# what the desktop adds to any intent: the history lines the action wrote, and the tasks
# and automatic messages its rules made
_CARRIED = {"lines": "list?", "tasks": "list?", "automatic": "object?"}


# Beside its arguments a mutation may carry ``team``: which of the pusher's teams the rows
# it makes belong to (an account in several teams, issue 16). The desktop sends it for the
# intents declared ``new_rows``: the team chosen in the window (its home team for "All"),
# or, for a row about a contact it holds, that contact's team; the server runs the intent
# in that team with the pusher's role there and refuses a team they are not in
# (server/accounts.py ``team_for``). Without it the row an intent names decides, else the
# home team.
MUTATION_TEAM = "team"
TEAM_MAX = 64  # a team name is 1-64 characters (server/accounts.py check_team)


class IntentError(ValueError):
    """An intent's arguments do not fit its declaration."""


@dataclass(frozen=True)
class IntentSpec:
    name: str
    describe: str  # said in sync notices: "A reply: refused because …"
    fields: dict[str, str] = field(default_factory=dict)
    version: int = 1
    local_only: bool = False  # changes only the desktop it was made on
    # (row kind, argument naming its id) of the rows whose synced fields the action
    # changes before the server answered; "kind:other.field" reads the id from a row
    touches: tuple[tuple[str, str], ...] = ()
    # it makes rows of its own (a customer, a follow-up): the desktop says their team
    new_rows: bool = False

    def validate(self, args: dict[str, Any]) -> dict[str, Any]:
        """``args`` if they fit the declaration, else IntentError saying what is wrong."""
        if not isinstance(args, dict):
            raise IntentError(f"{self.name}: arguments must be an object")
        declared = {**_CARRIED, **self.fields}
        unknown = sorted(set(args) - set(declared))
        if unknown:
            raise IntentError(f"{self.name}: unknown field(s) {', '.join(unknown)}")
        for key, kind in declared.items():
            optional = kind.endswith("?")
            base = kind.rstrip("?")
            value = args.get(key)
            if value is None:
                if not optional:
                    raise IntentError(f"{self.name}: '{key}' is required")
                continue
            types = _TYPES[base]
            if not isinstance(value, types) or (
                base in ("int", "number") and isinstance(value, bool)
            ):
                raise IntentError(f"{self.name}: '{key}' must be {base}")
            if base == "id" and isinstance(value, str) and not 1 <= len(value) <= 64:
                raise IntentError(f"{self.name}: '{key}' must be an id")
        return args

    def __str__(self) -> str:
        return self.name


REGISTRY: dict[str, IntentSpec] = {}


def declare(name: str, describe: str, **kwargs: Any) -> IntentSpec:
    if name in REGISTRY:
        raise ValueError(f"intent {name} is declared twice")
    spec = IntentSpec(name, describe, **kwargs)
    REGISTRY[name] = spec
    return spec


def spec_of(name: str) -> IntentSpec | None:
    return REGISTRY.get(name)


def describe(name: str) -> str:
    spec = REGISTRY.get(name)
    return spec.describe if spec else name


_CONTACT = (("contact", "contact_id"),)
_TASK = (("task", "task_id"),)
_PERSON = {"customer_id": "id", "record": "object", "person": "object?"}

# -- contacts ------------------------------------------------------------------------------
CONTACT_RECEIVE = declare(
    "contact.receive", "An imported contact", fields={"contact_id": "id", **_PERSON}
)
# each of a received record's "attachments" (models/inbound.py checks them): the server
# keeps one synced ``attachment`` row per file; the bytes go by PUT/GET
# /v1/attachments/{sha256} (server/attachments.py), never in an intent
ATTACHMENT_FIELDS = {"sha256": "text", "name": "text", "type": "text", "size": "int"}
CONTACT_CLAIM = declare(
    "contact.claim", "Taking a contact", fields={"contact_id": "id"}, touches=_CONTACT
)
CONTACT_RELEASE = declare(
    "contact.release", "Handing back", fields={"contact_id": "id"}, touches=_CONTACT
)
CONTACT_ASSIGN = declare(
    "contact.assign",
    "Assigning a contact",
    touches=_CONTACT,
    fields={"contact_id": "id", "agent_id": "id?", "from_id": "id?"},
)  # from: the holder seen
CONTACT_REPLY = declare(
    "contact.reply",
    "A reply",
    touches=_CONTACT,
    fields={"contact_id": "id", "event_id": "id", "body": "text", "recipient": "text?"},
)
CONTACT_NOTE = declare(
    "contact.note", "A note", fields={"contact_id": "id", "event_id": "id", "body": "text"}
)
CONTACT_LOG_CALL = declare(
    "contact.log_call",
    "A call log",
    fields={
        "contact_id": "id",
        "event_id": "id",
        "direction": "text",
        "minutes": "number?",
        "outcome": "text",
        "summary": "text",
    },
    new_rows=True,  # the call's line and its follow-up: in the contact's team
)
CONTACT_SET_STATUS = declare(
    "contact.set_status",
    "A status change",
    touches=_CONTACT,
    fields={"contact_id": "id", "status": "text"},
)

# -- customers -----------------------------------------------------------------------------
CUSTOMER_CREATE = declare(
    "customer.create",
    "A new customer",
    fields={"customer_id": "id", "name": "text", "identities": "list?"},
    new_rows=True,
)
CUSTOMER_UPDATE = declare(
    "customer.update",
    "A customer change",
    touches=(("customer", "customer_id"),),
    fields={"customer_id": "id", "fields": "object"},
)
CUSTOMER_ADD_IDENTITY = declare(
    "customer.add_identity",
    "Adding a way to reach a customer",
    fields={
        "customer_id": "id",
        "identity_id": "id",
        "kind": "text",
        "value": "text",
        "network": "text?",
    },
)
CUSTOMER_REMOVE_IDENTITY = declare(
    "customer.remove_identity",
    "Removing a way to reach a customer",
    fields={"identity_id": "id", "customer_id": "id?", "kind": "text?", "value": "text?"},
)
CUSTOMER_MERGE = declare(
    "customer.merge",
    "A merge",
    fields={"merge_id": "id", "survivor_id": "id", "duplicate_id": "id", "evidence": "list?"},
    touches=(("customer", "duplicate_id"), ("merge", "merge_id")),
)
CUSTOMER_UNMERGE = declare(
    "customer.unmerge",
    "A split",
    fields={"merge_id": "id"},
    touches=(("merge", "merge_id"), ("customer", "merge:merge_id.duplicate_id")),
)
CUSTOMER_ERASE = declare(
    "customer.erase", "Erasing a customer", fields={"customer_id": "id", "erased": "bool?"}
)
CUSTOMER_DISMISS_SUGGESTION = declare(
    "customer.dismiss_suggestion",
    "Dismissing a merge suggestion",
    fields={"suggestion_id": "id", "customer_a": "id?", "customer_b": "id?"},
)

# -- commerce ------------------------------------------------------------------------------
PURCHASE_RECORD = declare(
    "purchase.record", "An imported purchase", fields={"purchase_id": "id", **_PERSON}
)
INVOICE_RECORD = declare(
    "invoice.record", "An imported invoice", fields={"invoice_id": "id", **_PERSON}
)
INVOICE_SEND = declare(
    "invoice.send", "Sending an invoice", fields={"invoice_id": "id", "event_id": "id?"}
)
INVOICE_REMIND = declare(
    "invoice.remind", "An invoice reminder", fields={"invoice_id": "id", "event_id": "id?"}
)
INVOICE_ESCALATE = declare(
    "invoice.escalate", "Escalating an invoice", fields={"invoice_id": "id", "to": "text?"}
)

# -- follow-ups ----------------------------------------------------------------------------
RULES_RUN = declare("rules.run", "Automation rules", fields={"at": "text?"})
TASK_CREATE = declare(
    "task.create",
    "A follow-up",
    fields={
        "task_id": "id",
        "title": "text",
        "due_at": "any",
        "contact_id": "id?",
        "customer_id": "id?",
        "kind": "text?",
        "owner_id": "id?",
    },
    new_rows=True,
)
TASK_COMPLETE = declare(
    "task.complete", "Completing a follow-up", fields={"task_id": "id"}, touches=_TASK
)
TASK_DELETE = declare(
    "task.delete", "Deleting a follow-up", fields={"task_id": "id"}, touches=_TASK
)
TASK_ASSIGN = declare(
    "task.assign", "Assigning a task", fields={"task_id": "id", "owner_id": "id?"}, touches=_TASK
)

# -- team settings (models/protocol/settings.py checks their values) -----------------------
_AGENT = (("agent_settings", "agent_id"),)
AGENT_ADD = declare(
    "agent.add",
    "Adding an agent",
    fields={
        "agent_id": "id",
        "login": "text",
        "display_name": "text",
        "role": "text",
        "skills": "object?",
        "team": "text?",
    },
)
AGENT_UPDATE = declare(
    "agent.update",
    "Changing an agent",
    fields={
        "agent_id": "id",
        "skills": "object?",
        "team": "text?",
        "role": "text?",
        "display_name": "text?",
        "capacity": "object?",
    },
    touches=_AGENT,
)
AGENT_PRESENCE = declare(
    "agent.presence",
    "A presence change",
    touches=_AGENT,
    fields={"agent_id": "id", "presence": "text"},
)
_TEMPLATE = (("template", "template_id"),)
_TEMPLATE_FIELDS = {
    "template_id": "id",
    "name": "text",
    "body": "text",
    "channel": "text?",
    "language": "text?",
    "purpose": "text?",
}
TEMPLATE_ADD = declare(
    "template.add", "Adding a template", touches=_TEMPLATE, fields=_TEMPLATE_FIELDS
)
TEMPLATE_UPDATE = declare(
    "template.update", "Changing a template", touches=_TEMPLATE, fields=_TEMPLATE_FIELDS
)
TEMPLATE_DELETE = declare(
    "template.delete", "Deleting a template", touches=_TEMPLATE, fields={"template_id": "id"}
)
RULE_SET = declare(
    "rule.set", "A rule change", touches=(("rule", "key"),), fields={"key": "text", "value": "any"}
)

# -- alert rules (issue 13): team data, checked by models/protocol/settings.check_alert_rule
_ALERT_RULE = (("alert_rule", "rule_id"),)
ALERT_RULE_SET = declare(
    "alert_rule.set",
    "An alert rule",
    touches=_ALERT_RULE,
    fields={
        "rule_id": "id",
        "kind": "text",
        "channel": "text?",
        "keywords": "list?",
        "watch": "list?",
        "threshold": "number?",
    },
)
ALERT_RULE_REMOVE = declare(
    "alert_rule.remove", "Removing an alert rule", touches=_ALERT_RULE, fields={"rule_id": "id"}
)
# an alert is derived on each desktop from the synced contacts and rules (the same id
# everywhere, models.base.derived_id); its acknowledgement is kept for the team (who, when;
# last writer wins) and reaches every desktop of it, also one that raises the alert later
# (server/handlers/alerts.py). ``kind`` and the ``contact_id`` and ``task_id`` it was
# raised for let the server check an agent's own alert; an alert rule's alarm goes to
# its rule's team (``team``, as for new rows)
ALERT_ACK = declare(
    "alert.ack",
    "Acknowledging an alert",
    fields={"alert_id": "id", "kind": "text?", "contact_id": "id?", "task_id": "id?"},
    new_rows=True,  # the team's acknowledgement
)
# the alerts an agent acknowledges for the team: those addressed to them (their overdue
# follow-up, an SLA warning or an assignment of a contact they hold); every other alert is
# acknowledged for the team by a supervisor or an admin
OWN_ALERT_KINDS = ("task_overdue", "sla_warning", "contact_assigned")
