"""Purchases and invoices: recording them, sending, reminding, escalating.

Moved from server/apply.py (issue 16); the dispatch and the Context stay there."""

from __future__ import annotations

from models.protocol import intents
from server.apply import Context, Handler, RejectedError, handles, time_ms
from server.handlers.customers import customer_for
from server.models import Invoice, Purchase


@handles(intents.PURCHASE_RECORD, intents.INVOICE_RECORD)
def record_commerce(ctx: Context) -> None:
    customer_id = ctx.id("customer_id")
    record = ctx.mapping("record")
    model: type[Purchase] | type[Invoice] = Purchase if "purchase_id" in ctx.args else Invoice
    row_id = ctx.id(
        "purchase_id" if model is Purchase else "invoice_id", uuid=model is Invoice
    )  # its reminder's id derives from it
    if ctx.get(model, row_id) is not None:
        return
    external_id = record.get("external_id")
    if not isinstance(external_id, str | None):
        raise RejectedError("'external_id' must be text")
    if external_id and model.get_or_none(model.external_id == external_id) is not None:
        raise RejectedError(f"{model.KIND} {external_id} was already recorded")
    amount = record.get("amount_cents", 0)
    currency = record.get("currency") or "USD"
    if not isinstance(amount, int) or not isinstance(currency, str):
        raise RejectedError("amount_cents is a whole number and currency a code")
    customer_for(ctx, customer_id)
    row: Purchase | Invoice
    if model is Purchase:
        product = record.get("product")
        if not isinstance(product, str) or not product:
            raise RejectedError("a purchase needs a product")
        row = Purchase(
            id=row_id,
            customer_id=customer_id,
            external_id=external_id,
            product=product[:500],
            amount_cents=amount,
            currency=currency[:3],
            purchased_at=time_ms(record.get("purchased_at"), "purchased_at"),
        )
    else:
        number = record.get("number") or ""
        if not isinstance(number, str):
            raise RejectedError("an invoice number is text")

        def when(key: str) -> int | None:
            return None if record.get(key) is None else time_ms(record[key], key)

        row = Invoice(
            id=row_id,
            customer_id=customer_id,
            external_id=external_id,
            number=number[:100],
            amount_cents=amount,
            currency=currency[:3],
            issued_at=time_ms(record.get("issued_at"), "issued_at"),
            due_at=when("due_at"),
            sent_at=when("sent_at"),
            reminded_at=when("reminded_at"),
            paid_at=when("paid_at"),
        )
    ctx.save(row)


# -- invoices --------------------------------------------------------------------------------


def _invoice_mark(field: str) -> Handler:
    def mark(ctx: Context) -> None:
        invoice = ctx.need(Invoice, ctx.id("invoice_id"), lock=True)
        if getattr(invoice, field) is None:
            setattr(invoice, field, ctx.now)
            ctx.save(invoice)

    return mark


handles(intents.INVOICE_SEND)(_invoice_mark("sent_at"))
handles(intents.INVOICE_REMIND)(_invoice_mark("reminded_at"))


@handles(intents.INVOICE_ESCALATE)
def escalate(ctx: Context) -> None:
    invoice = ctx.need(Invoice, ctx.id("invoice_id"))
    if invoice.reminded_at is None:
        raise RejectedError("no reminder is recorded for this invoice: remind first")
