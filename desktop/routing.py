"""Blended routing: which contact an agent gets next.

One work stream across all channels. The base order is arrival; priority moves
a contact 30 minutes earlier per level; a contact about to breach its SLA goes
first. A contact is eligible for an agent who has its skill (at the preferred
level, or at any level once it has waited long enough: skill relaxation), is
available, and has capacity left on its channel.

The decision is one SQL statement: a UNION ALL of LIMIT-1 probes, each of
which reads one entry of a partial index (migration 0003), so its cost does not
grow with the backlog.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from peewee import Database

from desktop.changes import Changes
from desktop.mutator import Mutator
from desktop.ops import Actor
from desktop.ops import contacts as contact_ops
from desktop.rules import Rules
from models.base import to_ms
from models.errors import ConflictError, NotFoundError
from models.schema import CHANNELS, Agent, AgentSkill

BOOST_MS = 1_800_000  # must match the expression in migration 0003
ROUTE_KEY = f"(received_at - priority * {BOOST_MS})"


@dataclass(frozen=True)
class AgentProfile:
    id: str
    presence: str
    skills: dict[str, int]
    capacity: dict[str, int]
    load: dict[str, int] = field(default_factory=dict)

    def channels_with_room(self) -> list[str]:
        return [c for c in CHANNELS if self.load.get(c, 0) < self.capacity.get(c, 0)]


@dataclass(frozen=True)
class Probe:
    skill: str
    channel: str
    received_before: int | None  # relaxation: only contacts that waited long enough


def load_profile(db: Database, agent_id: str) -> AgentProfile:
    agent = Agent.get_or_none(Agent.id == agent_id)
    if agent is None:
        raise NotFoundError.said("agent {agent_id} does not exist", agent_id=agent_id)
    skills = {s.skill: s.level for s in AgentSkill.select().where(AgentSkill.agent == agent_id)}
    try:
        capacity = {str(k): int(v) for k, v in json.loads(agent.capacity or "{}").items()}
    except (ValueError, TypeError, AttributeError):
        capacity = {}
    rows = db.execute_sql(
        "SELECT channel, count(*) FROM contact WHERE assigned_to_id = ? AND status = 'open' "
        "GROUP BY channel",
        (agent_id,),
    ).fetchall()
    return AgentProfile(agent.id, agent.presence, skills, capacity, {c: n for c, n in rows})


def probes(profile: AgentProfile, rules: Rules, now: datetime) -> list[Probe]:
    """Which (skill, channel) queues this agent may draw from right now. Pure."""
    if profile.presence != "available":
        return []
    relax_cut = to_ms(now - timedelta(minutes=rules.relax_after_minutes))
    out = []
    for skill, level in sorted(profile.skills.items()):
        preferred = rules.preferred_level.get(skill, 1)
        cut = None if level >= preferred else relax_cut
        for channel in profile.channels_with_room():
            out.append(Probe(skill, channel, cut))
    return out


def _probe_sql(probe: Probe, at_risk_before: int) -> tuple[list[str], list[object]]:
    base = "status = 'open' AND assigned_to_id IS NULL AND skill = ? AND channel = ?"
    params: list[object] = [probe.skill, probe.channel]
    relax = ""
    if probe.received_before is not None:
        relax = " AND received_at <= ?"
    urgent = (
        f"SELECT * FROM (SELECT id, 0 AS tier, due_at AS k FROM contact "
        f"WHERE {base} AND due_at <= ?{relax} ORDER BY due_at LIMIT 1)"
    )
    normal = (
        f"SELECT * FROM (SELECT id, 1 AS tier, {ROUTE_KEY} AS k FROM contact "
        f"WHERE {base}{relax} ORDER BY {ROUTE_KEY}, id LIMIT 1)"
    )
    urgent_params = [*params, at_risk_before]
    normal_params = list(params)
    if probe.received_before is not None:
        urgent_params.append(probe.received_before)
        normal_params.append(probe.received_before)
    return [urgent, normal], [*urgent_params, *normal_params]


def route_next(
    db: Database,
    profile: AgentProfile,
    rules: Rules,
    now: datetime,
    *,
    exclude: tuple[str, ...] = (),
) -> str | None:
    """The id of the contact this agent should get next, or None."""
    found = probes(profile, rules, now)
    if not found:
        return None
    at_risk_before = to_ms(now + timedelta(minutes=rules.warn_before_breach_minutes))
    parts: list[str] = []
    params: list[object] = []
    for probe in found:
        probe_parts, probe_params = _probe_sql(probe, at_risk_before)
        parts += probe_parts
        params += probe_params
    statement = " UNION ALL ".join(parts) + " ORDER BY tier, k LIMIT ?"
    rows = db.execute_sql(statement, [*params, 1 + len(exclude)]).fetchall()
    for contact_id, _tier, _key in rows:
        if contact_id not in exclude:
            return str(contact_id)
    return None


def served_order(
    db: Database, profile: AgentProfile, rules: Rules, now: datetime, limit: int = 50
) -> list[str]:
    """The order this agent would be served in (for `lastmile queue --agent`)."""
    found = probes(profile, rules, now)
    if not found:
        return []
    at_risk_before = to_ms(now + timedelta(minutes=rules.warn_before_breach_minutes))
    clauses = []
    params: list[object] = []
    for probe in found:
        clause = "(skill = ? AND channel = ?"
        params += [probe.skill, probe.channel]
        if probe.received_before is not None:
            clause += " AND received_at <= ?"
            params.append(probe.received_before)
        clauses.append(clause + ")")
    sql = (
        "SELECT id FROM contact WHERE status = 'open' AND assigned_to_id IS NULL AND ("
        + " OR ".join(clauses)
        + ") "
        f"ORDER BY CASE WHEN due_at <= ? THEN 0 ELSE 1 END, "
        f"CASE WHEN due_at <= ? THEN due_at ELSE {ROUTE_KEY} END, id LIMIT ?"
    )
    rows = db.execute_sql(sql, [*params, at_risk_before, at_risk_before, limit]).fetchall()
    return [r[0] for r in rows]


def take_next(mut: Mutator, actor: Actor, rules: Rules) -> tuple[str | None, Changes]:
    """Pick and claim the next contact for the actor; retries if another agent was faster."""
    tried: tuple[str, ...] = ()
    for _ in range(10):
        profile = load_profile(mut.db, actor.id)
        contact_id = route_next(mut.db, profile, rules, mut.clock.now(), exclude=tried)
        if contact_id is None:
            return None, Changes()
        try:
            return contact_id, contact_ops.claim(mut, actor, contact_id)
        except ConflictError:
            tried += (contact_id,)
    return None, Changes()
