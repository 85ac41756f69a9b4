"""Private feedback for the trainee: computed from the training database only, shown only
to the trainee, exported only when the trainee chooses to."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from desktop.rules import Rules
from desktop.training.scenario import PRACTICES
from models.schema import Agent, Contact, Customer, Event, Invoice, Task, TrainingArrival


@dataclass
class ContactFeedback:
    key: str
    channel: str
    customer: str
    arrived: bool
    response_minutes: float | None = None
    target_minutes: float | None = None
    named_customer: bool = False
    named_agent: bool = False
    follow_up_set: bool = False
    acknowledged: bool = False
    kept: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    why: str = ""


@dataclass
class Feedback:
    scenario: str
    contacts: list[ContactFeedback]

    @property
    def kept(self) -> int:
        return sum(len(c.kept) for c in self.contacts)

    @property
    def missed(self) -> int:
        return sum(len(c.missed) for c in self.contacts)

    def as_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "practices_kept": self.kept,
            "practices_missed": self.missed,
            "contacts": [asdict(c) for c in self.contacts],
        }

    def as_markdown(self) -> str:
        lines = [
            f"# Training feedback: {self.scenario}",
            "",
            f"Practices kept: {self.kept}; missed: {self.missed}.",
            "",
        ]
        for c in self.contacts:
            if not c.arrived:
                continue
            response = (
                f"{c.response_minutes:.0f} min (target {c.target_minutes:.0f})"
                if c.response_minutes is not None
                else "no response yet"
            )
            lines += [
                f"## {c.channel} from {c.customer}",
                f"- response: {response}",
                f"- named the customer: {'yes' if c.named_customer else 'no'}; "
                f"signed with your name: {'yes' if c.named_agent else 'no'}; "
                f"follow-up set: {'yes' if c.follow_up_set else 'no'}",
            ]
            for m in c.missed:
                lines.append(f"- missed: {PRACTICES.get(m, m)}")
            if c.why:
                lines.append(f"- why it matters: {c.why}")
            lines.append("")
        return "\n".join(lines)

    def export(self, path: Path) -> Path:
        if path.suffix == ".json":
            path.write_text(json.dumps(self.as_json(), indent=2), encoding="utf-8")
        else:
            path.write_text(self.as_markdown(), encoding="utf-8")
        return path


def contact_feedback(
    item: TrainingArrival, trainee_id: str | None, rules: Rules, now: datetime
) -> ContactFeedback:
    record = json.loads(item.record)
    practices = json.loads(item.practices or "[]")
    fb = ContactFeedback(
        item.key,
        record["channel"],
        record["from"].get("name", "?"),
        item.contact_id is not None,
        why=item.why,
    )
    if item.contact_id is None or item.contact_id == "duplicate":
        return fb
    contact = Contact.get_or_none(Contact.id == item.contact_id)
    if contact is None:
        return fb
    customer = Customer.get_or_none(Customer.id == contact.customer_id)
    agent = Agent.get_or_none(Agent.id == trainee_id) if trainee_id else None
    responses = list(
        Event.select()
        .where((Event.contact == contact.id) & Event.kind.in_(("reply", "call")))
        .order_by(Event.at)
    )
    replies = [e for e in responses if e.kind == "reply"]
    fb.target_minutes = rules.first_response(contact.channel, contact.priority)
    if responses:
        fb.response_minutes = (responses[0].at - contact.received_at).total_seconds() / 60
    text = " ".join(e.body for e in replies).lower()
    first_name = (customer.first_name if customer else "").lower()
    fb.named_customer = bool(first_name) and first_name in text
    fb.named_agent = agent is not None and agent.first_name.lower() in text
    if contact.channel in ("phone",) and responses:
        # a call is personal by nature; the call log should still name who was helped
        fb.named_customer = fb.named_customer or any(
            first_name in (e.body or "").lower() for e in responses
        )
        fb.named_agent = True
    fb.follow_up_set = (
        Task.select().where((Task.contact == contact.id) & (Task.owner == trainee_id)).exists()
    )
    fb.acknowledged = (
        Event.select().where((Event.contact == contact.id) & (Event.kind == "ack")).exists()
    )
    checks = {
        "acknowledge": fb.acknowledged,
        "respond_fast": fb.response_minutes is not None
        and fb.response_minutes <= (fb.target_minutes or 0),
        "personalize": fb.named_customer and fb.named_agent,
        "follow_up": fb.follow_up_set,
        "apologise_publicly": any(w in text for w in ("sorry", "apolog")),
        "remind_before_escalate": _reminded_or_sent(contact.customer_id),
    }
    for practice in practices:
        (fb.kept if checks.get(practice, False) else fb.missed).append(practice)
    return fb


def _reminded_or_sent(customer_id: str | None) -> bool:
    """Every unpaid invoice of the customer was sent, and overdue ones were reminded."""
    for invoice in Invoice.select().where(
        (Invoice.customer == customer_id) & Invoice.paid_at.is_null()
    ):
        if invoice.sent_at is None or invoice.reminded_at is None:
            return False
    return True


def feedback(scenario: str, trainee_id: str | None, rules: Rules, now: datetime) -> Feedback:
    items = TrainingArrival.select().order_by(
        TrainingArrival.offset_minutes, TrainingArrival.position
    )
    return Feedback(scenario, [contact_feedback(i, trainee_id, rules, now) for i in items])
