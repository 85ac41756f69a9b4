"""Operations: small functions, one module per domain area.

Each takes the mutator and the acting agent, runs as one transaction through
:meth:`desktop.mutator.Mutator.run`, and returns a :class:`desktop.changes.Changes`.
Operations never touch widgets; the UI decides when to run them.
"""

from __future__ import annotations

from dataclasses import dataclass

from models.schema import Agent, Contact


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


def team_of(contact_id: str | None) -> str | None:
    """The team a contact belongs to on the server, for the rows made about it (None: not
    known here yet, the server follows the contact itself; models/protocol MUTATION_TEAM)."""
    if not contact_id:
        return None
    row = Contact.select(Contact.team).where(Contact.id == contact_id).tuples().first()
    return row[0] if row and row[0] else None
