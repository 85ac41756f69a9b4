"""Acknowledging an alert (issue 13), kept for the team: every desktop of it shows who
acknowledged an alert and when.

Alerts are derived on each desktop (desktop/alerts.py, desktop/automation.py) with ids
derived from what raised them (models.base.derived_id: the rule, scope and hour; the contact
or task), so one alert has the same id on every desktop of the team; the server keeps only
its acknowledgement: a team setting of kind ``alert_ack`` keyed by the alert's id (``by_id``,
``by``, ``at``: the acknowledging desktop's clock), last writer wins by HLC. Desktops write
it at pull, also before they raise the alert (it is born acknowledged there).

Who may: a supervisor or an admin of the team, any alert; an agent, only an alert addressed
to them, which the server checks against the row the alert's id was derived from: their
overdue follow-up (``task_overdue``: the task is theirs), an SLA warning or an assignment of
a contact they hold. The alert rules' alarms and the supervisors' escalations are refused to
agents with the reason.
"""

from __future__ import annotations

import json

from models.base import derived_id
from models.protocol import intents
from models.protocol.settings import ALERT_ACK
from server.apply import Context, RejectedError, handles
from server.models import Contact, Event, Task, TeamSetting

ACK_LEADS = (
    "only a supervisor or an admin acknowledges the team's alarms; an agent acknowledges "
    "only their own alerts (overdue follow-ups, SLA warnings, assignments)"
)


def _own_alert(ctx: Context, alert_id: str) -> bool:
    """Whether the alert is addressed to the pushing agent (module docstring)."""
    kind = ctx.text("kind", 32)
    if kind not in intents.OWN_ALERT_KINDS:
        return False
    if kind == "task_overdue":
        task_id = ctx.id("task_id", optional=True)
        if not task_id or alert_id != derived_id(task_id, "task_overdue"):
            return False
        task = ctx.get(Task, task_id)
        return task is not None and task.owner_id == ctx.agent
    contact_id = ctx.id("contact_id", optional=True)
    if not contact_id:
        return False
    if kind == "sla_warning":
        if alert_id != derived_id(contact_id, "sla_warning"):
            return False
    else:  # contact_assigned: the id is the assignment line's, with ":assigned"
        event_id, _, suffix = alert_id.rpartition(":")
        event = ctx.get(Event, event_id) if suffix == "assigned" and event_id else None
        if event is None or event.contact_id != contact_id:
            return False
    contact = ctx.get(Contact, contact_id)
    return contact is not None and contact.assigned_to == ctx.agent


@handles(intents.ALERT_ACK)
def acknowledge(ctx: Context) -> None:
    alert_id = ctx.id("alert_id")
    if not ctx.is_lead and not _own_alert(ctx, alert_id):
        raise RejectedError(ACK_LEADS)
    row_id = f"{ctx.tx.space}/{ALERT_ACK}/{alert_id}"
    row = ctx.get(TeamSetting, row_id, lock=True) or TeamSetting(
        id=row_id, kind=ALERT_ACK, key=alert_id, data="{}", clocks="{}"
    )
    if json.loads(row.clocks).get("ack", "") >= ctx.hlc:
        return  # acknowledged later on another desktop: that one stands (idempotent)
    row.data = json.dumps(
        {
            "by_id": ctx.agent,
            "by": ctx.agent_name(ctx.agent),
            "at": int(ctx.hlc[:13]),  # when it was acknowledged, offline too (clamped)
            "kind": ctx.text("kind", 32),
        }
    )
    row.clocks = json.dumps({"ack": ctx.hlc})
    ctx.save(row)
