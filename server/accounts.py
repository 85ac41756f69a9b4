"""Accounts and their teams (issue 16): an account belongs to one or more teams, with a role
in each. The first team is its home team (``Account.team``, ``Account.role`` mirror that
membership): new rows an intent creates without naming a team go there.

Every team an account is in gets the account's agent row in its change log, with the role
of that team, so each team's desktops know the agent; a removed team gets no more changes
about them. Every request reads the account's teams afresh, so adding or removing a team
takes effect at its desktops' next sync without signing in again; ``user set --role`` or
``--team`` still signs the account out everywhere, as it always did.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from peewee import Database

from models.protocol.vocabulary import ROLES
from server import store
from server.models import (
    Account,
    Agent,
    Contact,
    Customer,
    Invoice,
    Membership,
    MergeRecord,
    Purchase,
    Task,
    Token,
)
from server.store import StoreError, Tx, now_ms

MAX_TEAMS = 50


def check_team(team: str) -> str:
    team = team.strip()
    if not team or len(team) > 64 or store.text_problem(team):
        raise StoreError("a team name is 1-64 characters")
    return team


def _check_role(role: str) -> None:
    if role not in ROLES:
        raise StoreError(f"role must be one of {', '.join(ROLES)}")


def add_user(
    db: Database,
    login: str,
    password: str,
    *,
    role: str,
    team: str | Sequence[str],
    display_name: str,
    agent_id: str,
) -> None:
    """A new account in one team or several (the first is its home team), with this role in
    each; its agent row reaches every desktop of those teams."""
    login = store.check_login_name(login)
    _check_role(role)
    teams = list(dict.fromkeys(check_team(t) for t in ([team] if isinstance(team, str) else team)))
    if not teams:
        raise StoreError("an account needs a team")
    if len(teams) > MAX_TEAMS:
        raise StoreError(f"an account is in at most {MAX_TEAMS} teams")
    store.check_password(login, password)
    with db.atomic():
        if Account.get_or_none(Account.login == login) is not None:
            raise StoreError(f"there is already an account {login!r}")
        Account.create(
            login=login,
            agent_id=agent_id,
            display_name=display_name,
            password_hash=store.hasher.hash(password),
            role=role,
            team=teams[0],
            created_at=now_ms(),
        )
        for position, name in enumerate(teams):
            Membership.create(login=login, team=name, role=role, position=position)
        _publish(Account.get(Account.login == login))


def set_user(
    db: Database,
    login: str,
    *,
    role: str | None = None,
    team: str | None = None,
    display_name: str | None = None,
    password: str | None = None,
    disabled: bool | None = None,
) -> None:
    """Change an account. ``role`` is its role in every team; ``team`` moves it to that one
    team only (as before several teams existed; see :func:`set_teams`). Changing the role,
    team or password, or disabling it, signs the agent out everywhere."""
    with db.atomic():
        account = _account(login)
        if role is not None:
            _check_role(role)
        if password is not None:
            store.check_password(account.login, password)
            account.password_hash = store.hasher.hash(password)
            store.unlock(account.login)  # a new password from the admin ends a lockout
        if team is not None:
            team = check_team(team)
            Membership.delete().where(Membership.login == account.login).execute()
            Membership.create(login=account.login, team=team, role=role or account.role)
            account.team = team
        if role is not None:
            Membership.update(role=role).where(Membership.login == account.login).execute()
            account.role = role
        if display_name is not None:
            account.display_name = display_name
        if disabled is not None:
            account.disabled = disabled
        account.save()
        if role is not None or team is not None or password is not None or disabled:
            store.revoke_all(account.login)
        if role is not None or team is not None or display_name is not None:
            _publish(account)


def set_teams(
    db: Database,
    login: str,
    *,
    add: Sequence[str] = (),
    remove: Sequence[str] = (),
    role: str | None = None,
) -> dict[str, str]:
    """Add the account to teams (with ``role``, else its home role; a team it is in already
    takes the new role) and take it out of others; returns {team: role}, home team first.
    Removing the home team makes the next one home; the last team cannot be removed."""
    if role is not None:
        _check_role(role)
    with db.atomic():
        account = _account(login)
        teams = store.teams_of(account.login)
        for name in (check_team(t) for t in remove):
            if name not in teams:
                raise StoreError(f"{account.login} is not in team {name!r}")
            del teams[name]
        for name in (check_team(t) for t in add):
            teams[name] = role or teams.get(name) or account.role
        if not teams:
            raise StoreError("an account needs a team: add another before removing the last")
        if len(teams) > MAX_TEAMS:
            raise StoreError(f"an account is in at most {MAX_TEAMS} teams")
        Membership.delete().where(Membership.login == account.login).execute()
        for position, (name, team_role) in enumerate(teams.items()):
            Membership.create(login=account.login, team=name, role=team_role, position=position)
        account.team, account.role = next(iter(teams.items()))
        account.save()
        _publish(account)  # (no sign-out: every request reads the teams afresh)
    return teams


def _account(login: str) -> Account:
    account = Account.get_or_none(Account.login == store.check_login_name(login))
    if account is None:
        raise StoreError(f"no account {login!r}")
    return account


RANK = {"trainee": 0, "agent": 1, "supervisor": 2, "admin": 3}


def strongest_role(teams: dict[str, str]) -> str:
    return max(teams.values(), key=lambda r: RANK.get(r, 0))


def _publish(account: Account) -> None:
    """The agent row in the change log of each of the account's teams, the home team last
    (the row's own space is the home team). It carries the account's strongest role: the
    one desktop of a supervisor in A who is an agent in B holds both teams and shows what
    she may do somewhere; the server checks her role in each contact's team."""
    teams = store.teams_of(account.login) or {account.team: account.role}
    role = strongest_role(teams)
    for name in [*list(teams)[1:], next(iter(teams))]:
        Tx(name).save(
            Agent(
                id=account.agent_id,
                login=account.login,
                display_name=account.display_name,
                role=role,
            )
        )


def member_role(agent_id: str, team: str) -> str | None:
    """The role in ``team`` of the account whose agent this is, or None (not a member)."""
    row = (
        Membership.select(Membership.role)
        .join(Account, on=(Account.login == Membership.login))
        .where((Account.agent_id == agent_id) & (Membership.team == team))
        .tuples()
        .first()
    )
    return row[0] if row else None


def list_users() -> list[dict[str, Any]]:
    users = []
    for a in Account.select().order_by(Account.team, Account.login):
        teams = store.teams_of(a.login) or {a.team: a.role}
        users.append(
            {
                "login": a.login,
                "display_name": a.display_name,
                "role": a.role,
                "team": a.team,
                "teams": teams,
                "disabled": a.disabled,
                "agent_id": a.agent_id,
            }
        )
    return users


# -- which teams a request reads and writes -----------------------------------------


def spaces_of(who: dict[str, Any]) -> list[str]:
    """The teams whose change logs this account pulls, home team first: every team it is a
    member of (issue 16), except those where it is a trainee (trainees never sync). Admins
    too pull only their own teams: an admin's pull of every team mixed their queues into
    one and grew the cursor with the number of teams until the server refused it."""
    teams = who.get("teams") or {who["team"]: who["role"]}
    return [team for team, role in teams.items() if role != "trainee"]


# the arguments naming an existing row, and its table: an intent about a row runs in the
# row's team (first one found wins)
ROW_ARGS = (
    ("contact_id", Contact),
    ("customer_id", Customer),
    ("task_id", Task),
    ("merge_id", MergeRecord),
    ("duplicate_id", Customer),
    ("survivor_id", Customer),
    ("invoice_id", Invoice),
    ("purchase_id", Purchase),
)


def team_for(
    who: dict[str, Any], name: str, args: dict[str, Any], team: str | None
) -> tuple[str, str | None]:
    """The team an intent runs in, and why it is refused (or None).

    A row it names decides (a contact of team B is changed in team B: by a member of B,
    else refused); an agent it names, the first of the pusher's teams that agent is in;
    else the team the mutation says, else the pusher's home team."""
    teams = spaces_of(who)
    home = teams[0]
    if team is not None:
        if team not in teams:
            return home, f"you are not a member of team {team!r}"
        return team, None
    if len(teams) == 1:
        return home, None  # one team: as before (rows of other teams are refused there)
    for key, model in ROW_ARGS:
        value = args.get(key)
        if isinstance(value, str) and 1 <= len(value) <= 64:
            row = store.get_row(model, value)
            if row is not None:
                # another team's row: run at home, where Context.get refuses it with a reason
                return (row.space if row.space in teams else home), None
    agent_id = args.get("agent_id")
    if name.startswith("agent.") and isinstance(agent_id, str):
        for team in teams:
            if member_role(agent_id, team) is not None:
                return team, None
    return home, None


# -- sessions ---------------------------------------------------------------------------

TOKEN_ID_CHARS = 12  # a token's id: the start of its hash (the token itself is not kept)


def list_tokens(login: str) -> list[dict[str, Any]]:
    """The account's sessions, newest first: id, created, expires, state."""
    now = now_ms()
    return [
        {
            "id": t.token_hash[:TOKEN_ID_CHARS],
            "created_at": t.created_at,
            "expires_at": t.expires_at,
            "state": "revoked" if t.revoked else ("expired" if t.expires_at <= now else "active"),
        }
        for t in Token.select()
        .where(Token.login == store.check_login_name(login))
        .order_by(Token.created_at.desc())
    ]


def revoke_tokens(login: str, prefix: str | None = None) -> int:
    """Revoke every token of the account, or those whose id starts with ``prefix``
    (see :func:`list_tokens`); the desktops signed in with them get 401 at their next sync
    and keep their unsent changes."""
    login = store.check_login_name(login)
    if Account.get_or_none(Account.login == login) is None:
        raise StoreError(f"no account {login!r}")
    if prefix is None:
        return store.revoke_all(login)
    prefix = prefix.strip().lower()
    if not re.fullmatch(r"[0-9a-f]{6,64}", prefix):
        raise StoreError("a token id is 6 or more hex digits, as `token list` shows it")
    count = int(
        Token.update(revoked=True)
        .where(
            (Token.login == login)
            & (Token.revoked == False)  # noqa: E712 - peewee builds SQL from ==, not `is`
            & (Token.token_hash.startswith(prefix))
        )
        .execute()
    )
    if count == 0:
        raise StoreError(f"{login} has no active token whose id starts with {prefix}")
    return count
