"""Rules: SLA targets, business hours and holidays, routing and automation settings.

One op for the window and ``lastmile rules set``: the value is checked by
desktop.rules.parse_value (shape, models/protocol/settings.py) and its range
(models/protocol/validation.py) before the ``rule.set`` intent is written. Rules are team
data: the server keeps an admin's change and refuses anyone else's (the desktop then goes
back to the team's value and says why in its sync notices).
"""

from __future__ import annotations

import json
from typing import Any

from desktop.mutator import Mutator
from desktop.rules import SLA_RULES, load_rules, parse_value, reschedule, rules_json
from desktop.rules import set_rule as store_rule
from models.protocol import intents


def set_rule(mut: Mutator, key: str, value: Any, *, actor_id: str | None = None) -> Any:
    """Set one rule to ``value`` (or to its text as typed on the command line, e.g. ``5`` or
    ``{"email": 240}``); returns the value stored. The caller reloads its rules
    (``Application.reload_rules``); the due times of waiting contacts follow here."""
    text = value if isinstance(value, str) else json.dumps(value)
    parsed = parse_value(key, text)  # refused before the transaction: one clear line

    def apply() -> Any:
        store_rule(key, parsed, mut.clock)
        if key in SLA_RULES:  # the contacts waiting here are due by the new rule
            reschedule(mut.db.connection(), load_rules())
        return parsed

    return mut.run(
        intents.RULE_SET,
        {"key": key, "value": parsed},
        apply,
        agent_id=actor_id,
        entity="rule",
        entity_id=key,
    )


def set_rules(mut: Mutator, values: dict[str, Any], *, actor_id: str | None = None) -> None:
    """Set several rules (one admin page): all are checked before the first is written, so
    a refused value leaves every rule as it was."""
    texts = {
        key: value if isinstance(value, str) else json.dumps(value) for key, value in values.items()
    }
    for key, text in texts.items():
        parse_value(key, text)
    current = rules_json(load_rules())
    for key, text in texts.items():
        if parse_value(key, text) != current.get(key):  # unchanged rules make no intent
            set_rule(mut, key, text, actor_id=actor_id)
