"""Agents: accounts on this workspace, skills, presence."""

from __future__ import annotations

import json
import re

from desktop.changes import Changes
from desktop.mutator import Mutator
from desktop.validation import (
    check_capacity,
    check_display_name,
    check_login,
    check_role,
    check_skill_level,
    check_skills,
    check_team,
)
from models.base import new_id
from models.errors import ConflictError, NotFoundError, UserFacingError
from models.protocol import intents
from models.schema import PRESENCES, Agent, AgentSkill

_SKILL = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")

DEFAULT_CAPACITY = {
    "phone": 1,
    "chat": 3,
    "email": 5,
    "webform": 5,
    "sms": 5,
    "social": 5,
    "fax": 5,
    "session": 2,
}


def parse_skills(text: str) -> dict[str, int]:
    """``billing,tech:2`` → {'billing': 1, 'tech': 2}"""
    skills: dict[str, int] = {}
    for part in text.split(","):
        part = part.strip().lower()
        if not part:
            continue
        name, _, level = part.partition(":")
        if not _SKILL.match(name):
            raise UserFacingError.said("not a valid skill name: {name!r}", name=name)
        try:
            skills[name] = int(level) if level else 1
        except ValueError:
            raise UserFacingError.said(
                "skill level must be a number: {part!r}", part=part
            ) from None
        check_skill_level(name, skills[name])
    return skills


def add_agent(
    mut: Mutator,
    *,
    login: str,
    display_name: str,
    role: str = "agent",
    skills: dict[str, int] | None = None,
    team: str = "",
    actor_id: str | None = None,
    agent_id: str | None = None,
) -> Changes:
    login = check_login(login)
    check_role(role)
    display_name = check_display_name(display_name)
    team = check_team(team)
    agent_id = agent_id or new_id()
    skills = check_skills(skills or {})

    def apply() -> None:
        if Agent.get_or_none(Agent.login == login) is not None:
            raise ConflictError.said("an agent with login {login!r} already exists", login=login)
        Agent.create(
            id=agent_id,
            login=login,
            display_name=display_name.strip(),
            role=role,
            team=team,
            capacity=json.dumps(DEFAULT_CAPACITY),
            created_at=mut.clock.now(),
        )
        for skill, level in skills.items():
            AgentSkill.create(agent=agent_id, skill=skill, level=level)

    mut.run(
        intents.AGENT_ADD,
        {
            "agent_id": agent_id,
            "login": login,
            "display_name": display_name,
            "role": role,
            "skills": skills,
            "team": team,
        },
        apply,
        agent_id=actor_id,
        entity="agent",
        entity_id=agent_id,
    )
    return Changes(agents=True)


def set_presence(mut: Mutator, agent_id: str, presence: str) -> Changes:
    if presence not in PRESENCES:
        raise UserFacingError.said(
            "presence must be one of: {presences}", presences=", ".join(PRESENCES)
        )

    def apply() -> None:
        if not Agent.update(presence=presence).where(Agent.id == agent_id).execute():
            raise NotFoundError.said("agent {agent_id} does not exist", agent_id=agent_id)

    mut.run(
        intents.AGENT_PRESENCE,
        {"agent_id": agent_id, "presence": presence},
        apply,
        agent_id=agent_id,
        entity="agent",
        entity_id=agent_id,
    )
    return Changes(agents=True)


def agent_skills(agent_id: str) -> dict[str, int]:
    return {s.skill: s.level for s in AgentSkill.select().where(AgentSkill.agent == agent_id)}


def parse_capacity(text: str) -> dict[str, int]:
    """``phone=1,chat=3`` → {'phone': 1, 'chat': 3}"""
    from models.schema import CHANNELS

    out: dict[str, int] = {}
    for part in text.split(","):
        if not part.strip():
            continue
        channel, _, number = part.partition("=")
        channel = channel.strip().lower()
        if channel not in CHANNELS:
            raise UserFacingError.said("unknown channel {channel!r} in capacity", channel=channel)
        try:
            out[channel] = int(number)
        except ValueError:
            raise UserFacingError.said(
                "capacity for {channel} must be a whole number", channel=channel
            ) from None
    return check_capacity(out)


def update_agent(
    mut: Mutator,
    agent_id: str,
    *,
    skills: dict[str, int] | None = None,
    team: str | None = None,
    role: str | None = None,
    display_name: str | None = None,
    capacity: dict[str, int] | None = None,
    actor_id: str | None = None,
) -> Changes:
    if role is not None:
        check_role(role)
    if display_name is not None:
        display_name = check_display_name(display_name)
    if team is not None:
        team = check_team(team)
    if skills is not None:
        skills = check_skills(skills)
    if capacity is not None:
        capacity = check_capacity(capacity)

    def apply() -> None:
        agent = Agent.get_or_none(Agent.id == agent_id)
        if agent is None:
            raise NotFoundError.said("agent {agent_id} does not exist", agent_id=agent_id)
        updates: dict[str, object] = {}
        if team is not None:
            updates["team"] = team
        if role is not None:
            updates["role"] = role
        if display_name is not None and display_name.strip():
            updates["display_name"] = display_name.strip()
        if capacity is not None:
            merged = {**json.loads(agent.capacity or "{}"), **capacity}
            updates["capacity"] = json.dumps(merged)
        if updates:
            Agent.update(**updates).where(Agent.id == agent_id).execute()
        if skills is not None:
            AgentSkill.delete().where(AgentSkill.agent == agent_id).execute()
            for skill, level in skills.items():
                AgentSkill.create(agent=agent_id, skill=skill, level=level)

    mut.run(
        intents.AGENT_UPDATE,
        {
            "agent_id": agent_id,
            "skills": skills,
            "team": team,
            "role": role,
            "display_name": display_name,
            "capacity": capacity,
        },
        apply,
        agent_id=actor_id,
        entity="agent",
        entity_id=agent_id,
    )
    return Changes(agents=True)
