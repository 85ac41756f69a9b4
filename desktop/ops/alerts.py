"""Alert rules (team data, issue 13 and 16) and acknowledging alerts.

``alert_rule.set`` adds or changes a rule, ``alert_rule.remove`` removes it; the server keeps a
supervisor's or an admin's change for the team and refuses anyone else's (the desktop
then goes back to the team's rules, desktop/sync/shadow.py). Acknowledging an alert
(``alert.ack``) stays on this desktop: alerts are derived here from the synced contacts.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.changes import Changes
from desktop.mutator import Mutator
from desktop.sync.shadow import write_alert_rule
from models.base import new_id, to_ms
from models.errors import NotFoundError, UserFacingError
from models.protocol import intents
from models.protocol.settings import check_alert_rule
from models.schema import Alert, AlertRule


def rule_fields(
    kind: str,
    *,
    channel: str = "",
    keywords: list[str] | None = None,
    watch: list[str] | None = None,
    threshold: float | None = None,
) -> dict[str, Any]:
    """The rule's fields as they travel, checked (one clear line when they do not fit)."""
    clean = [w.strip() for w in keywords or [] if w.strip()]
    handles = [w.strip() for w in watch or [] if w.strip()]
    fields: dict[str, Any] = {
        "kind": kind,
        "channel": channel or "",
        "keywords": list(dict.fromkeys(clean)),
        "watch": list(dict.fromkeys(handles)),
        "threshold": threshold,
    }
    found = check_alert_rule(fields)
    if found:
        raise UserFacingError(found)
    return fields


def add_rule(mut: Mutator, fields: dict[str, Any], *, actor_id: str | None = None) -> str:
    """Add an alert rule (fields from :func:`rule_fields`); returns its id."""
    rule_id = new_id()
    args = {"rule_id": rule_id, **{k: v for k, v in fields.items() if v is not None}}
    mut.run(
        intents.ALERT_RULE_SET,
        args,
        lambda: write_alert_rule(mut.db.connection(), rule_id, fields),
        agent_id=actor_id,
        entity="alert_rule",
        entity_id=rule_id,
    )
    return rule_id


def remove_rule(mut: Mutator, rule_id: str, *, actor_id: str | None = None) -> Changes:
    def apply() -> None:
        if not AlertRule.delete().where(AlertRule.id == rule_id).execute():
            raise NotFoundError(f"no alert rule {rule_id!r} (see lastmile alert-rule list)")

    if AlertRule.get_or_none(AlertRule.id == rule_id) is None:
        raise NotFoundError(f"no alert rule {rule_id!r} (see lastmile alert-rule list)")
    mut.run(
        intents.ALERT_RULE_REMOVE,
        {"rule_id": rule_id},
        apply,
        agent_id=actor_id,
        entity="alert_rule",
        entity_id=rule_id,
    )
    return Changes()


def acknowledge(mut: Mutator, alert_id: str, *, actor_id: str | None, by: str = "") -> bool:
    """Mark an alert acknowledged (who and when go into its detail). False if it already was."""
    alert = Alert.get_or_none(Alert.id == alert_id)
    if alert is None:
        raise NotFoundError(f"no alert {alert_id!r} (see lastmile alerts)")
    if alert.state == "acknowledged":
        return False

    def apply() -> None:
        detail = json.loads(alert.detail or "{}")
        detail.update({"acknowledged_by": by, "acknowledged_at": to_ms(mut.clock.now())})
        Alert.update(state="acknowledged", detail=json.dumps(detail)).where(
            Alert.id == alert_id
        ).execute()

    mut.run(
        intents.ALERT_ACK,
        {"alert_id": alert_id},
        apply,
        agent_id=actor_id,
        entity="alert",
        entity_id=alert_id,
    )
    return True
