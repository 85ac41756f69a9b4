"""Typed change sets: what a write touched, so views refresh only that."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class Changes:
    contacts: set[str] = field(default_factory=set)
    customers: set[str] = field(default_factory=set)
    tasks: set[str] = field(default_factory=set)
    agents: bool = False
    queue: bool = False  # membership or order of the queue changed
    # someone else wrote (a sync pull, another process, the mail connectors): which rows
    # is not known, so views refresh what they show
    external: bool = False

    def merge(self, other: Changes) -> Changes:
        self.contacts |= other.contacts
        self.customers |= other.customers
        self.tasks |= other.tasks
        self.agents = self.agents or other.agents
        self.queue = self.queue or other.queue
        self.external = self.external or other.external
        return self

    def __bool__(self) -> bool:
        return bool(
            self.contacts
            or self.customers
            or self.tasks
            or self.agents
            or self.queue
            or self.external
        )
