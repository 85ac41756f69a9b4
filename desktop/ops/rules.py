"""Rules: SLA targets, business hours and holidays, routing and automation settings.

One op for the window and ``lastmile rules set``: the value is checked by
desktop.rules.parse_value (type) and desktop.validation.check_rule (range) before the
``rule.set`` intent is written.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.mutator import Mutator
from desktop.rules import load_rules, parse_value, rules_json
from desktop.rules import set_rule as store_rule
from models.protocol import intents


def set_rule(mut: Mutator, key: str, value: Any, *, actor_id: str | None = None) -> Any:
    """Set one rule to ``value`` (or to its text as typed on the command line, e.g. ``5`` or
    ``{"email": 240}``); returns the value stored."""
    text = value if isinstance(value, str) else json.dumps(value)
    parse_value(key, text)  # refused before the transaction: one clear line
    return mut.run(
        intents.RULE_SET,
        {"key": key, "value": text},
        lambda: store_rule(key, text, mut.clock),
        agent_id=actor_id,
        entity="rule",
        entity_id=key,
    )


def set_rules(mut: Mutator, values: dict[str, Any], *, actor_id: str | None = None) -> None:
    """Set several rules (one admin page): all are checked before the first is written, so
    a refused value leaves every rule as it was."""
    texts = {key: value if isinstance(value, str) else json.dumps(value)
             for key, value in values.items()}
    for key, text in texts.items():
        parse_value(key, text)
    current = rules_json(load_rules())
    for key, text in texts.items():
        if parse_value(key, text) != current.get(key):  # unchanged rules make no intent
            set_rule(mut, key, text, actor_id=actor_id)
