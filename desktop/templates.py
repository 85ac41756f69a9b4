"""Reply templates: placeholders filled from the agent, the customer and their purchases.

A placeholder with no value is reported as missing, never printed blank or raw.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from desktop.ops import Actor
from desktop.resolution import real_name
from models.protocol.validation import PLACEHOLDER
from models.schema import Customer, Identity, Invoice, Purchase

_PLACEHOLDER = PLACEHOLDER  # declared with the template checks (models/protocol)
MISSING_MARK = "[?{name}]"


@dataclass
class Rendered:
    text: str
    missing: list[str] = field(default_factory=list)

    @property
    def complete(self) -> bool:
        return not self.missing


def template_values(actor: Actor, customer: Customer | None, promise: str = "") -> dict[str, str]:
    values: dict[str, str] = {
        "agent.name": actor.display_name,
        "agent.first_name": actor.first_name,
    }
    if promise:
        values["promise"] = promise
    if customer is not None:
        # a customer known only by an address has no name to greet them with
        if real_name(customer.name).strip():
            values["customer.name"] = customer.name.strip()
            values["customer.first_name"] = customer.first_name
        handle = (
            Identity.select(Identity.value)
            .where((Identity.customer == customer.id) & (Identity.kind == "handle"))
            .order_by(Identity.id)
            .first()
        )
        if handle is not None:  # stored as network:name; people write @name
            values["customer.handle"] = "@" + handle.value.partition(":")[2]
        last = (
            Purchase.select()
            .where(Purchase.customer == customer.id)
            .order_by(Purchase.purchased_at.desc())
            .first()
        )
        if last is not None:
            values["last_purchase.product"] = last.product
        invoice = (
            Invoice.select()
            .where((Invoice.customer == customer.id) & Invoice.paid_at.is_null())
            .order_by(Invoice.issued_at.desc())
            .first()
        )
        if invoice is not None:
            values["open_invoice.number"] = invoice.number
            values["open_invoice.amount"] = f"{invoice.amount_cents / 100:,.2f} {invoice.currency}"
    return values


def render(text: str, values: dict[str, str]) -> Rendered:
    missing: list[str] = []

    def fill(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name)
        if value:
            return value
        if name not in missing:
            missing.append(name)
        return MISSING_MARK.format(name=name)

    return Rendered(_PLACEHOLDER.sub(fill, text), missing)


def placeholders(text: str) -> list[str]:
    return list(dict.fromkeys(_PLACEHOLDER.findall(text)))
