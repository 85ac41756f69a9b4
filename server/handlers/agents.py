"""Agents: names and roles (accounts are created on the server); their skills and
capacity are team settings (server/handlers/settings.py).

Moved from server/apply.py (issue 16); the dispatch and the Context stay there."""

from __future__ import annotations

from typing import Any

from models.protocol import intents
from models.protocol.vocabulary import ROLES
from server.apply import Context, RejectedError, handles
from server.handlers.settings import agent_settings
from server.models import Account, Agent
from server.store import get_row

# -- agents ----------------------------------------------------------------------------------


@handles(intents.AGENT_ADD, intents.AGENT_UPDATE)
def agents(ctx: Context) -> None:
    """Accounts, roles and teams are the server's, changed only by an admin; skills and
    capacity are the team's, changed by a supervisor or an admin."""
    agent_id = ctx.id("agent_id")
    current = get_row(Agent, agent_id)
    wanted = {k: ctx.args.get(k) for k in ("role", "display_name", "team")
              if ctx.args.get(k) is not None}
    if current is None:
        if "login" in ctx.args:  # agent.add
            raise RejectedError("accounts are created on the server: lastmile-server user add")
        raise RejectedError("that agent has no account on the server")
    have = {"role": current.role, "display_name": current.display_name,
            "team": current.space}
    changes = {k: v for k, v in wanted.items() if have[k] != v}
    if changes:
        _names_and_roles(ctx, current, changes)
    agent_settings(ctx)


def _names_and_roles(ctx: Context, current: Agent, changes: dict[str, Any]) -> None:
    agent_id = current.id
    if ctx.account["role"] != "admin":
        raise RejectedError("only an admin changes roles, teams and names")
    if "team" in changes:
        raise RejectedError("teams are changed on the server: lastmile-server user set")
    if current.space != ctx.tx.space:
        raise RejectedError("that agent belongs to another team")
    account = Account.get(Account.agent_id == agent_id)
    if "role" in changes:
        if changes["role"] not in ROLES:
            raise RejectedError("unknown role")
        account.role = current.role = changes["role"]
    if "display_name" in changes:
        name = str(changes["display_name"])[:255]
        account.display_name = current.display_name = name
    account.save()
    ctx.save(current)


# the handlers kept in their own modules register themselves when imported
