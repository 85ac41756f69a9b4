"""Agents: names and roles (accounts are created on the server); their skills and
capacity are team settings (server/handlers/settings.py).

Moved from server/apply.py (issue 16); the dispatch and the Context stay there."""

from __future__ import annotations

from typing import Any

from models.protocol import intents
from models.protocol.vocabulary import ROLES
from server.accounts import member_role, strongest_role
from server.apply import Context, RejectedError, handles
from server.handlers.settings import agent_settings
from server.models import Account, Agent, Membership
from server.store import get_row, teams_of

# -- agents ----------------------------------------------------------------------------------


@handles(intents.AGENT_ADD, intents.AGENT_UPDATE)
def agents(ctx: Context) -> None:
    """Accounts, roles and teams are the server's, changed only by an admin; skills and
    capacity are the team's, changed by a supervisor or an admin."""
    agent_id = ctx.id("agent_id")
    current = get_row(Agent, agent_id)
    wanted = {
        k: ctx.args.get(k) for k in ("role", "display_name", "team") if ctx.args.get(k) is not None
    }
    if current is None:
        if "login" in ctx.args:  # agent.add
            raise RejectedError("accounts are created on the server: lastmile-server user add")
        raise RejectedError("that agent has no account on the server")
    # an account may be in several teams: naming any of them is no change; the role its
    # agent row shows is its strongest (server/accounts.py), a change sets it in this team
    team = wanted.get("team")
    have = {
        "role": current.role,
        "display_name": current.display_name,
        "team": team if isinstance(team, str) and member_role(agent_id, team) else current.space,
    }
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
    if not ctx.in_team(current):
        raise RejectedError("that agent belongs to another team")
    account = Account.get(Account.agent_id == agent_id)
    if "role" in changes:
        if changes["role"] not in ROLES:
            raise RejectedError("unknown role")
        Membership.update(role=changes["role"]).where(
            (Membership.login == account.login) & (Membership.team == ctx.tx.space)
        ).execute()
        if account.team == ctx.tx.space:
            account.role = changes["role"]
        current.role = strongest_role(teams_of(account.login) or {ctx.tx.space: changes["role"]})
    if "display_name" in changes:
        name = str(changes["display_name"])[:255]
        account.display_name = current.display_name = name
    account.save()
    ctx.save(current)


# the handlers kept in their own modules register themselves when imported
