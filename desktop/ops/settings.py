"""Team settings made on this desktop: rules (SLA targets, business hours and holidays,
routing, automation) and templates. Synced: every desktop of the team gets them at its
next sync; the server keeps the admin's (rules) or a lead's (templates) change and
refuses everyone else's with a reason (models/protocol/settings.py checks the values)."""

from __future__ import annotations

from typing import Any

from desktop.changes import Changes
from desktop.mutator import Mutator
from desktop.rules import (
    SLA_RULES,
    Rules,
    apply_rule,
    parse_value,
    reload_into,
    reschedule,
    set_rule,
)
from models.base import new_id
from models.errors import UserFacingError
from models.protocol import intents
from models.protocol.settings import check_template
from models.schema import Template


def change_rule(mut: Mutator, rules: Rules, key: str, text: str, *,
                actor_id: str | None = None) -> Any:
    """Set one rule from its text (JSON, or plain text); in force here at once."""
    value = parse_value(key, text)

    def apply() -> None:
        set_rule(key, value, mut.clock)
        apply_rule(rules, key, value)
        if key in SLA_RULES:  # the contacts waiting here are due by the new rule
            reschedule(mut.db.connection(), rules)

    try:
        mut.run(intents.RULE_SET, {"key": key, "value": value}, apply, agent_id=actor_id,
                entity="rule", entity_id=key)
    except Exception:
        reload_into(rules)  # nothing was kept: the rules in force stay the kept ones
        raise
    return value


def add_template(mut: Mutator, *, name: str, body: str, channel: str = "",
                 language: str = "en", purpose: str = "reply",
                 actor_id: str | None = None, template_id: str | None = None) -> Changes:
    fields = {"name": name.strip(), "body": body, "channel": channel, "language": language,
              "purpose": purpose}
    found = check_template(fields)
    if found:
        raise UserFacingError(found)
    template_id = template_id or new_id()
    mut.run(intents.TEMPLATE_ADD, {"template_id": template_id, **fields},
            lambda: Template.create(id=template_id, **fields), agent_id=actor_id,
            entity="template", entity_id=template_id)
    return Changes()
