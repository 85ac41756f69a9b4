"""Customers: edit fields and identities (validated, audited), merge and split."""

from __future__ import annotations

import json
import re
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop.changes import Changes
from desktop.identity import InvalidIdentityError, normalize
from desktop.mutator import Mutator
from desktop.ops import Actor
from models.base import new_id
from models.errors import ConflictError, NotFoundError, UserFacingError
from models.protocol import intents
from models.schema import Customer, Event, Identity, MergeRecord, MergeSuggestion

EDITABLE = ("name", "locale", "timezone", "culture_notes", "tags", "vip", "do_not_contact")
_LOCALE = re.compile(r"^[a-z]{2,3}(-[A-Za-z]{2,4})?$")


def _customer(customer_id: str) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFoundError.said("customer {customer_id} does not exist", customer_id=customer_id)
    return customer


def _validate(field: str, value: Any) -> Any:
    if field not in EDITABLE:
        raise UserFacingError.said(
            "{field!r} cannot be edited (editable: {editable})",
            field=field,
            editable=", ".join(EDITABLE),
        )
    if field in ("vip", "do_not_contact"):
        if not isinstance(value, bool):
            raise UserFacingError.said("{field} is yes or no", field=field)
        return value
    if field == "tags":
        if not isinstance(value, list) or not all(isinstance(t, str) for t in value):
            raise UserFacingError.said("tags are a list of words")
        return json.dumps(sorted({t.strip().lower() for t in value if t.strip()}))
    if not isinstance(value, str):
        raise UserFacingError.said("{field} must be text", field=field)
    value = value.strip()
    if field == "name" and not value:
        raise UserFacingError.said("a customer needs a name")
    if field == "locale" and value and not _LOCALE.match(value):
        raise UserFacingError.said(
            "not a language code: {value!r} (e.g. en, de, pt-BR)", value=value
        )
    if field == "timezone" and value:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise UserFacingError.said(
                "unknown time zone {value!r} (e.g. Europe/Berlin)", value=value
            ) from None
    if len(value) > 5000:
        raise UserFacingError.said("{field} is too long", field=field)
    return value


def update_customer(
    mut: Mutator, actor: Actor, customer_id: str, fields: dict[str, Any]
) -> Changes:
    """Change customer fields; the audit trail records who changed what from what."""
    clean = {k: _validate(k, v) for k, v in fields.items()}

    def apply() -> dict[str, Any]:
        customer = _customer(customer_id)
        before = {k: getattr(customer, k) for k in clean}
        changed = {k: v for k, v in clean.items() if before[k] != v}
        if changed:
            Customer.update(**changed, updated_at=mut.clock.now()).where(
                Customer.id == customer_id
            ).execute()
            Event.create(
                customer=customer_id,
                at=mut.clock.now(),
                kind="status",
                agent=actor.id,
                subject="Customer details changed",
                body=", ".join(f"{k}: {before[k]!r} → {v!r}" for k, v in changed.items()),
                data=json.dumps(
                    {"before": {k: before[k] for k in changed}, "after": changed}, default=str
                ),
            )
        return {"before": {k: before[k] for k in changed}, "after": changed}

    mut.run(
        intents.CUSTOMER_UPDATE,
        {"customer_id": customer_id, "fields": clean},
        apply,
        agent_id=actor.id,
        entity="customer",
        entity_id=customer_id,
    )
    return Changes(customers={customer_id}, queue=True)


def create_customer(
    mut: Mutator,
    actor: Actor,
    *,
    name: str,
    identities: list[tuple[str, str]],
    customer_id: str | None = None,
    team: str | None = None,
) -> str:
    """A new customer, e.g. from an unknown caller the agent decided is new; ``team``: the
    team they belong to (the one chosen in the window of an account in several teams)."""
    name = _validate("name", name)
    keys = []
    for kind, value in identities:
        try:
            keys.append((kind, normalize(kind, value)))
        except InvalidIdentityError as exc:
            raise UserFacingError(*exc.args) from None
    customer_id = customer_id or new_id()

    def apply() -> None:
        for kind, value in keys:
            other = Identity.get_or_none((Identity.kind == kind) & (Identity.value == value))
            if other is not None:
                raise ConflictError.said(
                    "{value} already belongs to {name}", value=value, name=other.customer.name
                )
        now = mut.clock.now()
        Customer.create(id=customer_id, name=name, created_at=now, updated_at=now)
        for kind, value in keys:
            Identity.create(id=new_id(), customer=customer_id, kind=kind, value=value)

    mut.run(
        intents.CUSTOMER_CREATE,
        {"customer_id": customer_id, "name": name, "identities": [list(k) for k in keys]},
        apply,
        agent_id=actor.id,
        entity="customer",
        entity_id=customer_id,
        team=team,
    )
    return customer_id


def add_identity(
    mut: Mutator,
    actor: Actor,
    customer_id: str,
    kind: str,
    value: str,
    network: str = "",
    identity_id: str | None = None,
) -> Changes:
    try:
        normalized = normalize(kind, value, network)
    except InvalidIdentityError as exc:
        raise UserFacingError(*exc.args) from None
    identity_id = identity_id or new_id()

    def apply() -> None:
        _customer(customer_id)
        other = Identity.get_or_none((Identity.kind == kind) & (Identity.value == normalized))
        if other is not None:
            if other.customer_id == customer_id:
                return
            raise ConflictError.said(
                "{value} already belongs to another customer ({name}); merge the two instead",
                value=normalized,
                name=other.customer.name,
            )
        Identity.create(
            id=identity_id,
            customer=customer_id,
            kind=kind,
            value=normalized,
            network=network.strip().lower() if kind == "handle" else "",
        )

    mut.run(
        intents.CUSTOMER_ADD_IDENTITY,
        {
            "customer_id": customer_id,
            "identity_id": identity_id,
            "kind": kind,
            "value": normalized,
            "network": network,
        },
        apply,
        agent_id=actor.id,
        entity="customer",
        entity_id=customer_id,
    )
    return Changes(customers={customer_id})


def remove_identity(mut: Mutator, actor: Actor, identity_id: str) -> Changes:
    def apply() -> str:
        identity = Identity.get_or_none(Identity.id == identity_id)
        if identity is None:
            raise NotFoundError.said("that identity does not exist")
        if Identity.select().where(Identity.customer == identity.customer_id).count() <= 1:
            raise UserFacingError.said("a customer keeps at least one way to reach them")
        identity.delete_instance()
        return identity.customer_id

    known = Identity.get_or_none(Identity.id == identity_id)
    args = {"identity_id": identity_id}
    if known is not None:  # the server knows identities by customer, kind and value
        args.update(customer_id=known.customer_id, kind=known.kind, value=known.value)
    customer_id = mut.run(
        intents.CUSTOMER_REMOVE_IDENTITY,
        args,
        apply,
        agent_id=actor.id,
        entity="identity",
        entity_id=identity_id,
    )
    return Changes(customers={customer_id})


def root_of(customer_id: str) -> str:
    seen: set[str] = set()
    current = _customer(customer_id)
    while current.merged_into and current.id not in seen:
        seen.add(current.id)
        current = _customer(current.merged_into)
    return current.id


def merge(
    mut: Mutator,
    actor: Actor,
    survivor_id: str,
    duplicate_id: str,
    *,
    evidence: list[str] | None = None,
    merge_id: str | None = None,
) -> tuple[str, Changes]:
    """Show the duplicate's identities and history as the survivor's. Nothing is moved or
    lost: the duplicate points at the survivor and a split undoes it exactly."""
    merge_id = merge_id or new_id()
    evidence = evidence or ["merged by hand"]

    def apply() -> None:
        survivor = _customer(survivor_id)
        duplicate = _customer(duplicate_id)
        if survivor.id == duplicate.id:
            raise UserFacingError.said("a customer cannot be merged with itself")
        if duplicate.merged_into:
            raise ConflictError.said(
                "{name} is already merged; split it first", name=duplicate.name
            )
        if root_of(survivor.id) == duplicate.id:
            raise ConflictError.said(
                "{name} is already merged into {other}", name=survivor.name, other=duplicate.name
            )
        now = mut.clock.now()
        Customer.update(merged_into=survivor.id).where(Customer.id == duplicate.id).execute()
        MergeRecord.create(
            id=merge_id,
            survivor_id=survivor.id,
            duplicate_id=duplicate.id,
            evidence=json.dumps(evidence),
            at=now,
            agent_id=actor.id,
        )
        MergeSuggestion.update(state="merged").where(
            (
                (MergeSuggestion.customer_a == survivor.id)
                & (MergeSuggestion.customer_b == duplicate.id)
            )
            | (
                (MergeSuggestion.customer_a == duplicate.id)
                & (MergeSuggestion.customer_b == survivor.id)
            )
        ).execute()
        Event.create(
            customer=survivor.id,
            at=now,
            kind="merge",
            agent=actor.id,
            subject=f"Merged {duplicate.name} into this customer",
            body="; ".join(evidence),
            data=json.dumps({"merge_id": merge_id}),
        )

    mut.run(
        intents.CUSTOMER_MERGE,
        {
            "merge_id": merge_id,
            "survivor_id": survivor_id,
            "duplicate_id": duplicate_id,
            "evidence": evidence,
        },
        apply,
        agent_id=actor.id,
        entity="customer",
        entity_id=survivor_id,
    )
    return merge_id, Changes(customers={survivor_id, duplicate_id}, queue=True)


def unmerge(mut: Mutator, actor: Actor, merge_id: str) -> Changes:
    """Split a merge back: the duplicate is its own customer again, with everything that
    came in through its identities, before and after the merge."""

    def apply() -> MergeRecord:
        record = MergeRecord.get_or_none(MergeRecord.id == merge_id)
        if record is None:
            raise NotFoundError.said("no merge {merge_id}", merge_id=merge_id)
        if record.undone_at is not None:
            raise ConflictError.said("that merge was already split")
        now = mut.clock.now()
        Customer.update(merged_into=None).where(Customer.id == record.duplicate_id).execute()
        MergeRecord.update(undone_at=now).where(MergeRecord.id == merge_id).execute()
        MergeSuggestion.update(state="dismissed").where(
            (MergeSuggestion.customer_a.in_([record.survivor_id, record.duplicate_id]))
            & (MergeSuggestion.customer_b.in_([record.survivor_id, record.duplicate_id]))
        ).execute()
        duplicate = _customer(record.duplicate_id)
        Event.create(
            customer=record.survivor_id,
            at=now,
            kind="merge",
            agent=actor.id,
            subject=f"Split {duplicate.name} off again",
            data=json.dumps({"merge_id": merge_id, "undone": True}),
        )
        return record

    record = mut.run(
        intents.CUSTOMER_UNMERGE,
        {"merge_id": merge_id},
        apply,
        agent_id=actor.id,
        entity="merge",
        entity_id=merge_id,
    )
    return Changes(customers={record.survivor_id, record.duplicate_id}, queue=True)


def dismiss_suggestion(mut: Mutator, actor: Actor, suggestion_id: str) -> Changes:
    """Not the same person: the suggestion goes away on every desktop of the team (it is
    known there by its pair of customers)."""
    suggestion = MergeSuggestion.get_or_none(MergeSuggestion.id == suggestion_id)
    if suggestion is None:
        raise NotFoundError.said(
            "merge suggestion {suggestion_id} does not exist", suggestion_id=suggestion_id
        )

    def apply() -> None:
        MergeSuggestion.update(state="dismissed").where(
            MergeSuggestion.id == suggestion_id
        ).execute()

    mut.run(
        intents.CUSTOMER_DISMISS_SUGGESTION,
        {
            "suggestion_id": suggestion_id,
            "customer_a": suggestion.customer_a,
            "customer_b": suggestion.customer_b,
        },
        apply,
        agent_id=actor.id,
        entity="merge_suggestion",
        entity_id=suggestion_id,
    )
    return Changes(customers=set())
