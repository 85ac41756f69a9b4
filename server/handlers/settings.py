"""Team settings (issue 16): agents' skills, capacity and presence, templates, rules and
dismissed merge suggestions, alert rules, kept per team and sent to every desktop of it.

Who may change what: skills and capacity, templates, alert rules — a supervisor or an
admin; rules
(SLA targets, business hours and holidays, routing, automation) — an admin; presence —
the agent themself or a supervisor or admin; dismissing a merge suggestion — anyone of
the team. Everyone else is refused with that reason. Values are checked as the desktop
checks them (models/protocol/settings.py). Last writer wins per field by HLC; the edit
that lost is kept as a LostEdit and said in the answer.
"""

from __future__ import annotations

import json
from typing import Any

from models.protocol import intents
from models.protocol.settings import (
    AGENT,
    ALERT_RULE,
    RULE,
    SUGGESTION,
    TEMPLATE,
    check_alert_rule,
    check_capacity,
    check_presence,
    check_rule,
    check_skills,
    check_template,
    suggestion_key,
)
from server.apply import Context, RejectedError, handles
from server.models import Agent, LostEdit, TeamSetting
from server.store import get_row


def keep(ctx: Context, kind: str, key: str, values: dict[str, Any]) -> None:
    """Set these fields of the team's setting, each unless a later edit set it already."""
    row_id = f"{ctx.tx.space}/{kind}/{key}"
    if len(row_id) > 255:
        raise RejectedError("that setting's name is too long")
    row = ctx.get(TeamSetting, row_id, lock=True) or TeamSetting(
        id=row_id, kind=kind, key=key, data="{}", clocks="{}"
    )
    data, clocks = json.loads(row.data), json.loads(row.clocks)
    changed, lost = False, []
    for name, value in values.items():
        winner = clocks.get(name, "")
        if winner < ctx.hlc:
            data[name], clocks[name] = value, ctx.hlc
            changed = True
        elif value != data.get(name):
            # a concurrent edit that lost: kept for review, not silently dropped
            LostEdit.create(
                kind=f"setting.{kind}",
                entity_id=row_id,
                field_name=name,
                value=json.dumps(value),
                hlc=ctx.hlc,
                winner_hlc=winner,
                login=ctx.account["login"],
                space=ctx.tx.space,
                at=ctx.now,
            )
            lost.append(name)
    if lost:
        ctx.note = (
            f"{', '.join(lost)} kept the value set later on another desktop; "
            "yours is kept for review"
        )
    if changed:
        row.data, row.clocks = json.dumps(data), json.dumps(clocks)
        ctx.save(row)


def _team_agent(ctx: Context, agent_id: str) -> Agent:
    agent = get_row(Agent, agent_id)
    if agent is None:
        raise RejectedError("that agent has no account on the server")
    if agent is None or not ctx.in_team(agent):
        raise RejectedError("that agent belongs to another team")
    return agent


def agent_settings(ctx: Context) -> None:
    """The skills and capacity of an agent.update (its names and roles: agents.py)."""
    skills, capacity = ctx.args.get("skills"), ctx.args.get("capacity")
    if skills is None and capacity is None:
        return
    agent_id = ctx.id("agent_id")
    _team_agent(ctx, agent_id)
    if not ctx.is_lead:
        raise RejectedError("only a supervisor or an admin changes skills and capacity")
    found = (skills is not None and check_skills(skills)) or (
        capacity is not None and check_capacity(capacity)
    )
    if found:
        raise RejectedError(found)
    values: dict[str, Any] = {} if skills is None else {"skills": skills}
    values.update({f"capacity.{channel}": n for channel, n in (capacity or {}).items()})
    keep(ctx, AGENT, agent_id, values)


@handles(intents.AGENT_PRESENCE)
def presence(ctx: Context) -> None:
    agent_id = ctx.id("agent_id")
    _team_agent(ctx, agent_id)
    if agent_id != ctx.agent and not ctx.is_lead:
        raise RejectedError("only the agent themself or a supervisor changes their presence")
    found = check_presence(ctx.args.get("presence"))
    if found:
        raise RejectedError(found)
    keep(ctx, AGENT, agent_id, {"presence": ctx.args["presence"]})


@handles(intents.TEMPLATE_ADD, intents.TEMPLATE_UPDATE)
def template(ctx: Context) -> None:
    if not ctx.is_lead:
        raise RejectedError("only a supervisor or an admin changes the team's templates")
    fields = {
        "name": ctx.text("name", 100).strip(),
        "body": ctx.text("body", 20_000),
        "channel": ctx.text("channel", 20),
        "language": ctx.text("language", 10, "en"),
        "purpose": ctx.text("purpose", 10, "reply"),
    }
    found = check_template(fields)
    if found:
        raise RejectedError(found)
    template_id = ctx.id("template_id")
    current = ctx.get(TeamSetting, f"{ctx.tx.space}/{TEMPLATE}/{template_id}")
    if current is not None and json.loads(current.data).get("deleted"):
        return  # deleted elsewhere: deletes win over edits
    keep(ctx, TEMPLATE, template_id, fields)


@handles(intents.TEMPLATE_DELETE)
def delete_template(ctx: Context) -> None:
    if not ctx.is_lead:
        raise RejectedError("only a supervisor or an admin changes the team's templates")
    keep(ctx, TEMPLATE, ctx.id("template_id"), {"deleted": True})


@handles(intents.RULE_SET)
def rule(ctx: Context) -> None:
    key = ctx.text("key", 64)
    if ctx.account["role"] != "admin":
        raise RejectedError(
            "only an admin changes the team's rules (SLA targets, business "
            "hours, routing, automation)"
        )
    value = ctx.args.get("value")
    found = check_rule(key, value)
    if found:
        raise RejectedError(found)
    keep(ctx, RULE, key, {"value": value})


ALERT_RULE_LEADS = "only a supervisor or an admin changes the team's alert rules"


@handles(intents.ALERT_RULE_SET)
def alert_rule(ctx: Context) -> None:
    if not ctx.is_lead:
        raise RejectedError(ALERT_RULE_LEADS)
    fields = {
        "kind": ctx.text("kind", 32),
        "channel": ctx.text("channel", 20),
        "keywords": ctx.args.get("keywords") or [],
        "watch": ctx.args.get("watch") or [],
        "threshold": ctx.args.get("threshold"),
    }
    found = check_alert_rule(fields)
    if found:
        raise RejectedError(found)
    rule_id = ctx.id("rule_id")
    current = ctx.get(TeamSetting, f"{ctx.tx.space}/{ALERT_RULE}/{rule_id}")
    if current is not None and json.loads(current.data).get("deleted"):
        return  # removed elsewhere: deletes win over edits
    keep(ctx, ALERT_RULE, rule_id, fields)


@handles(intents.ALERT_RULE_REMOVE)
def remove_alert_rule(ctx: Context) -> None:
    if not ctx.is_lead:
        raise RejectedError(ALERT_RULE_LEADS)
    keep(ctx, ALERT_RULE, ctx.id("rule_id"), {"deleted": True})


@handles(intents.CUSTOMER_DISMISS_SUGGESTION)
def dismiss_suggestion(ctx: Context) -> None:
    """Anyone of the team may say two customers are not the same person."""
    if "customer_a" not in ctx.args:
        return  # from a desktop before this version: it stays local there
    pair = suggestion_key(ctx.id("customer_a"), ctx.id("customer_b"))
    keep(ctx, SUGGESTION, pair, {"dismissed": True})
