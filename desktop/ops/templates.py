"""Templates: reply and acknowledgement texts per channel and language.

Adding keeps the intent ``template.add`` the CLI always made; changing and deleting are
``template.update`` and ``template.delete``. Templates are team data: the server keeps a
supervisor's or an admin's change and refuses anyone else's (server/handlers/settings.py).
"""

from __future__ import annotations

from desktop.changes import Changes
from desktop.mutator import Mutator
from desktop.validation import check_template
from models.base import new_id
from models.errors import NotFoundError
from models.protocol import intents
from models.schema import Template

# the placeholders desktop.templates.template_values fills
KNOWN = {
    "agent.name",
    "agent.first_name",
    "customer.name",
    "customer.first_name",
    "customer.handle",
    "last_purchase.product",
    "open_invoice.number",
    "open_invoice.amount",
    "promise",
}


def add_template(
    mut: Mutator,
    *,
    name: str,
    body: str,
    channel: str = "",
    language: str = "en",
    purpose: str = "reply",
    actor_id: str | None = None,
) -> str:
    """Add a template; returns its id."""
    fields = check_template(
        name=name, body=body, channel=channel, language=language, purpose=purpose, known=KNOWN
    )
    template_id = new_id()
    mut.run(
        intents.TEMPLATE_ADD,
        {"template_id": template_id, **fields},
        lambda: Template.create(id=template_id, **fields),
        agent_id=actor_id,
        entity="template",
        entity_id=template_id,
    )
    return template_id


def update_template(
    mut: Mutator,
    template_id: str,
    *,
    name: str,
    body: str,
    channel: str,
    language: str,
    purpose: str,
    actor_id: str | None = None,
) -> Changes:
    fields = check_template(
        name=name, body=body, channel=channel, language=language, purpose=purpose, known=KNOWN
    )

    def apply() -> None:
        if not Template.update(**fields).where(Template.id == template_id).execute():
            raise NotFoundError.said(
                "template {template_id} does not exist", template_id=template_id
            )

    mut.run(
        intents.TEMPLATE_UPDATE,
        {"template_id": template_id, **fields},
        apply,
        agent_id=actor_id,
        entity="template",
        entity_id=template_id,
    )
    return Changes()


def delete_template(mut: Mutator, template_id: str, *, actor_id: str | None = None) -> Changes:
    def apply() -> None:
        if not Template.delete().where(Template.id == template_id).execute():
            raise NotFoundError.said(
                "template {template_id} does not exist", template_id=template_id
            )

    mut.run(
        intents.TEMPLATE_DELETE,
        {"template_id": template_id},
        apply,
        agent_id=actor_id,
        entity="template",
        entity_id=template_id,
    )
    return Changes()
