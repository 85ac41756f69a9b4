"""Customers: created, identities added and removed, fields (last writer wins by HLC),
merged and split.

Moved from server/apply.py (issue 16); the dispatch and the Context stay there."""

from __future__ import annotations

import json
from typing import Any

from models.protocol import intents
from server.apply import Context, RejectedError, handles
from server.models import CUSTOMER_FIELDS, Customer, LostEdit, MergeRecord


def identity_keys(value: Any) -> list[list[str]]:
    if not isinstance(value, list):
        return []
    keys = []
    for key in value[:100]:
        if (
            isinstance(key, list)
            and 2 <= len(key) <= 3
            and all(isinstance(k, str) and len(k) <= 500 for k in key)
        ):
            keys.append([*key, ""][:3])
    return keys


def customer_for(ctx: Context, customer_id: str) -> Customer:
    """The customer of an imported record: created here the first time it is mentioned,
    and every identity the desktop learned is added."""
    person = ctx.mapping("person")
    keys = identity_keys(person.get("keys"))
    customer = ctx.get(Customer, customer_id, lock=True)
    if customer is None:
        name = person.get("name")
        customer = Customer(
            id=customer_id,
            name=name[:255] if isinstance(name, str) and name else "?",
            keys=json.dumps(keys),
        )
        ctx.save(customer)
        return customer
    known = json.loads(customer.keys)
    fresh = [k for k in keys if k[:2] not in [old[:2] for old in known]]
    if fresh:
        customer.keys = json.dumps(known + fresh)
        ctx.save(customer)
    return customer


# -- customers -----------------------------------------------------------------------------


def _field_value(name: str, value: Any) -> Any:
    if name in ("vip", "do_not_contact"):
        if not isinstance(value, bool):
            raise RejectedError(f"{name} is yes or no")
        return value
    if name == "tags" and isinstance(value, list):
        value = json.dumps(value)
    if not isinstance(value, str) or len(value) > 5000:
        raise RejectedError(f"{name} must be text of at most 5000 characters")
    if name == "name" and not value.strip():
        raise RejectedError("a customer needs a name")
    return value


@handles(intents.CUSTOMER_UPDATE)
def update_customer(ctx: Context) -> None:
    fields = ctx.mapping("fields")
    unknown = set(fields) - set(CUSTOMER_FIELDS)
    if unknown:
        raise RejectedError(f"cannot edit {', '.join(sorted(unknown))}")
    values = {name: _field_value(name, value) for name, value in fields.items()}
    customer = ctx.need(Customer, ctx.id("customer_id"), lock=True)
    clocks = json.loads(customer.clocks)
    changed = False
    lost = []
    for name, value in values.items():
        winner = clocks.get(name, "")
        if winner < ctx.hlc:
            setattr(customer, name, value)
            clocks[name] = ctx.hlc
            changed = True
        elif value != getattr(customer, name):
            # a concurrent edit that lost: kept for review, not silently dropped
            LostEdit.create(
                kind="customer",
                entity_id=customer.id,
                field_name=name,
                value=json.dumps(value),
                hlc=ctx.hlc,
                winner_hlc=winner,
                login=ctx.account["login"],
                space=ctx.tx.space,
                at=ctx.now,
            )
            lost.append(name)
    if lost:
        ctx.note = (
            f"{', '.join(lost)} kept the value set later on another desktop; "
            "yours is kept for review"
        )
    if changed:
        customer.clocks = json.dumps(clocks)
        ctx.save(customer)


@handles(intents.CUSTOMER_CREATE)
def create_customer(ctx: Context) -> None:
    customer_id = ctx.id("customer_id")
    if ctx.get(Customer, customer_id) is not None:
        return
    name = ctx.text("name", 255).strip()
    if not name:
        raise RejectedError("a customer needs a name")
    ctx.save(
        Customer(
            id=customer_id, name=name, keys=json.dumps(identity_keys(ctx.args.get("identities")))
        )
    )


@handles(intents.CUSTOMER_ADD_IDENTITY)
def add_identity(ctx: Context) -> None:
    customer = ctx.need(Customer, ctx.id("customer_id"), lock=True)
    key = [ctx.text("kind", 20), ctx.text("value", 500), ctx.text("network", 50)]
    known = json.loads(customer.keys)
    if key[:2] not in [k[:2] for k in known]:
        customer.keys = json.dumps([*known, key])
        ctx.save(customer)


@handles(intents.CUSTOMER_REMOVE_IDENTITY)
def remove_identity(ctx: Context) -> None:
    """A wrong identity taken off a customer (a shared family phone, a typo): gone for the
    whole team, so future contacts from it are not filed under this customer."""
    if "customer_id" not in ctx.args:
        return  # from a desktop before this version: it stays local there
    customer = ctx.need(Customer, ctx.id("customer_id"), lock=True)
    gone = [ctx.text("kind", 20), ctx.text("value", 500)]
    known = json.loads(customer.keys)
    left = [k for k in known if k[:2] != gone]
    if len(left) == len(known):
        return  # removed already
    if not left:
        raise RejectedError("a customer keeps at least one way to reach them")
    customer.keys = json.dumps(left)
    ctx.save(customer)


@handles(intents.CUSTOMER_MERGE)
def merge(ctx: Context) -> None:
    merge_id = ctx.id("merge_id")
    if ctx.get(MergeRecord, merge_id) is not None:
        return
    survivor = ctx.need(Customer, ctx.id("survivor_id"), lock=True)
    duplicate = ctx.need(Customer, ctx.id("duplicate_id"), lock=True)
    if survivor.id == duplicate.id:
        raise RejectedError("a customer cannot be merged with itself")
    if duplicate.merged_into:
        raise RejectedError("that customer is already merged into another one")
    root, seen = survivor, set()
    while root.merged_into and root.id not in seen:
        seen.add(root.id)
        root = ctx.need(Customer, root.merged_into)
    if root.id == duplicate.id:
        raise RejectedError("the survivor is already merged into that customer")
    evidence = ctx.args.get("evidence")
    ctx.save(
        MergeRecord(
            id=merge_id,
            survivor_id=survivor.id,
            duplicate_id=duplicate.id,
            evidence=json.dumps(evidence if isinstance(evidence, list) else []),
            undone=False,
        )
    )
    duplicate.merged_into = survivor.id
    ctx.save(duplicate)


@handles(intents.CUSTOMER_UNMERGE)
def unmerge(ctx: Context) -> None:
    record = ctx.need(MergeRecord, ctx.id("merge_id"), lock=True)
    if record.undone:
        raise RejectedError("that merge was already split")
    record.undone = True
    ctx.save(record)
    duplicate = ctx.get(Customer, record.duplicate_id, lock=True)
    if duplicate is not None and duplicate.merged_into == record.survivor_id:
        duplicate.merged_into = None
        ctx.save(duplicate)
