"""Reply templates: placeholders filled from the agent, the customer and their purchases.

A placeholder is a name in braces, ``{customer.first_name}`` (``PLACEHOLDERS`` lists them
all; the README shows the same list). A placeholder with no value is reported as missing,
never printed blank or raw. Templates are offered in the customer's language first.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TypeVar

from desktop.ops import Actor
from desktop.resolution import real_name
from models.ack import MISSING_MARK as MISSING_MARK  # the mark of a placeholder left empty
from models.ack import fill
from models.protocol.validation import PLACEHOLDER
from models.schema import Customer, Identity, Invoice, Purchase

_PLACEHOLDER = PLACEHOLDER  # declared with the template checks (models/protocol)
T = TypeVar("T")


# every placeholder a template may use, with what it becomes (README: "Templates")
PLACEHOLDERS: dict[str, str] = {
    "agent.name": "your display name",
    "agent.first_name": "your first name",
    "customer.name": "the customer's full name (missing when only an address is known)",
    "customer.first_name": "the customer's first name",
    "customer.handle": "their social handle, as @name",
    "customer.language": "their language code (en, de, pt-BR …)",
    "last_purchase.product": "the product of their latest purchase",
    "open_invoice.number": "the number of their newest unpaid invoice",
    "open_invoice.amount": "its amount with the currency",
    "promise": "the promise of an automatic acknowledgement",
}


def language_of(locale: str) -> str:
    """'de-AT', 'de_AT.UTF-8', 'DE' -> 'de'."""
    return locale.replace("_", "-").split("-")[0].split(".")[0].strip().lower()


def by_language(templates: list[T], locale: str, *, fallback: str = "en") -> list[T]:
    """The customer's language first, then the fallback (English), then the rest; by
    name within each. ``templates`` need ``language`` and ``name`` attributes."""
    wanted = language_of(locale)

    def rank(t: T) -> tuple[int, str, str]:
        lang = language_of(str(getattr(t, "language", "")))
        group = 0 if wanted and lang == wanted else 1 if lang == fallback else 2
        return group, lang, str(getattr(t, "name", ""))

    return sorted(templates, key=rank)


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
        if customer.locale:
            values["customer.language"] = customer.locale
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
    filled, missing = fill(text, values)  # models/ack.py: the server fills the same way
    return Rendered(filled, missing)


def placeholders(text: str) -> list[str]:
    return list(dict.fromkeys(_PLACEHOLDER.findall(text)))
