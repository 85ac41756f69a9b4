"""Alert rules (team data, issue 13 and 16) and acknowledging alerts.

``alert_rule.set`` adds or changes a rule, ``alert_rule.remove`` removes it; the server keeps a
supervisor's or an admin's change for the team and refuses anyone else's (the desktop
then goes back to the team's rules, desktop/sync/shadow.py).

Acknowledging an alert (``alert.ack``) is kept for the team: alerts are derived on every
desktop from the synced contacts and rules with the same id, and the server keeps who
acknowledged which and when (server/handlers/alerts.py), so every desktop of the team shows
it acknowledged after its sync, also one that raises the alert only later. A supervisor or an
admin acknowledges any alert of the team; an agent those addressed to them. A refused
acknowledgement (an agent's of the team's alarm) stays on this desktop only, and the refusal
is said in the sync notices.
"""

from __future__ import annotations

import json
from typing import Any

from desktop.alerts import write_ack
from desktop.changes import Changes
from desktop.mutator import Mutator
from desktop.sync.shadow import write_alert_rule
from models.base import new_id, to_ms
from models.errors import NotFoundError, UserFacingError
from models.protocol import intents
from models.protocol.settings import check_alert_rule
from models.protocol.vocabulary import ALERT_RULE_KINDS, is_lead
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
            raise NotFoundError.said(
                "no alert rule {rule_id!r} (see lastmile alert-rule list)", rule_id=rule_id
            )

    if AlertRule.get_or_none(AlertRule.id == rule_id) is None:
        raise NotFoundError.said(
            "no alert rule {rule_id!r} (see lastmile alert-rule list)", rule_id=rule_id
        )
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
    """Mark an alert acknowledged, for the team (who and when go into its detail). False if
    it already was."""
    alert = Alert.get_or_none(Alert.id == alert_id)
    if alert is None:
        raise NotFoundError.said("no alert {alert_id!r} (see lastmile alerts)", alert_id=alert_id)
    if alert.state == "acknowledged":
        return False
    args, team = ack_args(alert)
    at = to_ms(mut.clock.now())
    mut.run(
        intents.ALERT_ACK,
        args,
        lambda: write_ack(mut.db.connection(), alert_id, by_id=actor_id, by=by, at=at),
        agent_id=actor_id,
        entity="alert",
        entity_id=alert_id,
        team=team or None,
    )
    return True


def for_the_team(alert: Alert, role: str, agent_id: str | None) -> bool:
    """Whether the server keeps this acknowledgement for the team, as it judges it
    (server/handlers/alerts.py): any of a supervisor or an admin, an agent's own alert."""
    return is_lead(role) or (
        alert.notify_id is not None
        and alert.notify_id == agent_id
        and alert.kind in intents.OWN_ALERT_KINDS
    )


def ack_args(alert: Alert) -> tuple[dict[str, Any], str]:
    """What the server needs to judge an acknowledgement, and the team it is for: an alarm
    of an alert rule is its rule's team's; any other alert names the contact and the task
    it was raised for (the server checks an agent's own alerts from them, and runs the
    acknowledgement in their team)."""
    try:
        detail = json.loads(alert.detail or "{}")
    except ValueError:
        detail = None
    if not isinstance(detail, dict):
        detail = {}
    args: dict[str, Any] = {"alert_id": str(alert.id), "kind": str(alert.kind)}
    if alert.kind in ALERT_RULE_KINDS:
        rule = AlertRule.get_or_none(AlertRule.id == detail.get("rule_id"))
        return args, (rule.team if rule is not None else "")
    if alert.contact_id:
        args["contact_id"] = alert.contact_id
    task_id = detail.get("task_id")
    if isinstance(task_id, str) and task_id:
        args["task_id"] = task_id
    return args, ""
