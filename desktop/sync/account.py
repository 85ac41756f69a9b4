"""Signing a workspace in to a sync server and out again (shared by the CLI and the window).

The token goes to the system keychain (desktop.sync.transport.store_token); the workspace
only remembers the server URL and the login. Training workspaces are refused before any
connection is made (HttpTransport calls ensure_live).
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from desktop.app import Application
from desktop.errors import UserFacingError
from desktop.sync.transport import (
    HttpTransport,
    SyncUnavailable,
    forget_token,
    load_token,
    store_token,
)
from models.database import get_meta, set_meta
from models.schema import Agent

log = logging.getLogger("lastmile.sync")
SIGN_IN_ATTEMPTS = 4  # waits of about 5, 7.5 and 10 s when the server says it is busy


@dataclass(frozen=True)
class Account:
    login: str
    display_name: str
    role: str
    team: str
    agent_id: str
    # {team: role} of the account, home team first (a server before issue 16: its one team)
    teams: dict[str, str] = field(default_factory=dict)


def describe_teams(account: Account) -> str:
    """ "agent, team front" as before for one team; for several: "supervisor, teams a (home)
    and b", with a role said where it differs from the home team's."""
    teams: dict[str, str] = account.teams or {account.team: account.role}
    if len(teams) == 1:
        return f"{account.role}, team {account.team}"
    home = next(iter(teams))
    names = [f"{home} (home)"] + [
        name if role == teams[home] else f"{name} as {role}"
        for name, role in list(teams.items())[1:]
    ]
    return f"{teams[home]}, teams {', '.join(names[:-1])} and {names[-1]}"


def normalise_url(server: str) -> str:
    url = server.strip().rstrip("/")
    if "://" not in url:
        url = "https://" + url
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise UserFacingError.said(
            "{server!r} is not a server address (e.g. https://sync.example.com)", server=server
        )
    return url


def sign_in(app: Application, server: str, login: str, password: str) -> Account:
    """Ask the server for a token; on success remember it. Raises SyncUnavailable when the
    server cannot be reached and UserFacingError when it refuses."""
    url = normalise_url(server)
    login = login.strip().lower()
    if not login or not password:
        raise UserFacingError.said("enter your login and password")
    transport = HttpTransport(url, kind=app.workspace.kind)
    try:
        for attempt in range(SIGN_IN_ATTEMPTS):
            try:
                answer = transport.post("/v1/login", {"login": login, "password": password}, None)
                break
            except SyncUnavailable as exc:
                # "busy signing others in" (a whole team starting at nine): wait as asked,
                # a little more each time; a lock-out (429) or an outage is said at once
                if exc.busy_for is None or attempt == SIGN_IN_ATTEMPTS - 1:
                    raise
                log.info("sign-in: server busy, again in %.0f s", exc.busy_for)
                time.sleep(min(exc.busy_for, 10.0) * (1 + attempt / 2))
    finally:
        transport.close()
    local = Agent.get_or_none(Agent.login == answer["login"])
    if local is not None and local.id != answer["agent_id"]:
        raise UserFacingError.said(
            "this workspace already has a local agent {login!r}; sign in from a new workspace "
            "folder so that the server's data arrives cleanly",
            login=answer["login"],
        )
    store_token(url, answer["login"], answer["token"])
    set_meta("server_url", url)
    set_meta("sync_login", answer["login"])
    teams = answer.get("teams")
    if not isinstance(teams, dict) or not teams:
        teams = {answer["team"]: answer["role"]}
    set_meta("sync_teams", json.dumps(teams))
    return Account(
        answer["login"],
        answer["display_name"],
        answer["role"],
        answer["team"],
        answer["agent_id"],
        {str(k): str(v) for k, v in teams.items()},
    )


def signed_in() -> tuple[str, str] | None:
    """(server URL, login) of this workspace, if it was ever signed in."""
    server, login = get_meta("server_url"), get_meta("sync_login")
    return (server, login) if server and login else None


def sign_out(app: Application) -> str | None:
    """Revoke the token on the server when reachable and forget it here. Pending changes stay
    in the outbox for the next sign-in. Returns the login that was signed out."""
    current = signed_in()
    if current is None:
        return None
    server, login = current
    token = load_token(server, login)
    if token:
        transport = HttpTransport(server, kind=app.workspace.kind)
        try:
            transport.post("/v1/logout", {}, token)
        except (SyncUnavailable, UserFacingError):
            pass  # offline or already expired: the token still expires on its own
        finally:
            transport.close()
    forget_token(server, login)
    return login
