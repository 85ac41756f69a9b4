"""Operations: small functions, one module per domain area.

Each takes the mutator and the acting agent, runs as one transaction through
:meth:`desktop.mutator.Mutator.run`, and returns a :class:`desktop.changes.Changes`.
Operations never touch widgets; the UI decides when to run them.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.schema import Agent


@dataclass(frozen=True)
class Actor:
    """Who is acting: the signed-in agent."""

    id: str
    login: str
    display_name: str
    role: str

    @classmethod
    def of(cls, agent: Agent) -> Actor:
        return cls(agent.id, agent.login, agent.display_name, agent.role)

    @property
    def first_name(self) -> str:
        parts = self.display_name.split()
        return parts[0] if parts else self.login
