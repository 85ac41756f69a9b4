"""Private feedback for the trainee: computed from the training database only, shown only
to the trainee, exported only when the trainee chooses to.

For a scenario, every scenario contact is judged against the practices the scenario
says it teaches. For a masked copy of live work (no scenario), every contact the
trainee worked on is judged against the practices that always apply to its channel.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from statistics import median
from typing import Any

from desktop.rules import Rules
from desktop.training.scenario import PRACTICES
from models.schema import (
    ASYNC_CHANNELS,
    Agent,
    Contact,
    Customer,
    Event,
    Identity,
    Invoice,
    MergeRecord,
    Purchase,
    Task,
    TrainingArrival,
)

RESPONSE_KINDS = ("reply", "call")
# what every contact of a channel teaches when no scenario says otherwise (masked copies)
DEFAULT_PRACTICES = {
    "phone": ["personalize", "follow_up"],
    "session": ["personalize", "follow_up"],
    "social": ["personalize", "apologise_publicly"],
}


@dataclass
class ContactFeedback:
    key: str
    channel: str
    customer: str
    arrived: bool
    subject: str = ""
    answered: bool = False
    response_minutes: float | None = None
    target_minutes: float | None = None
    named_customer: bool = False
    named_agent: bool = False
    follow_up_set: bool = False
    acknowledged: bool = False
    kept: list[str] = field(default_factory=list)
    missed: list[str] = field(default_factory=list)
    why: str = ""

    def as_markdown(self, *, heading: str = "##") -> list[str]:
        if not self.arrived:
            return [f"{heading} {self.channel} from {self.customer}", "- has not arrived yet", ""]
        response = (
            f"{self.response_minutes:.0f} min (target {self.target_minutes:.0f})"
            if self.response_minutes is not None and self.target_minutes is not None
            else "answered"
            if self.answered
            else "no answer yet"
        )
        acknowledged = (
            f"; acknowledged: {_yes(self.acknowledged)}" if self.channel in ASYNC_CHANNELS else ""
        )
        lines = [
            f"{heading} {self.channel} from {self.customer}"
            + (f": {self.subject}" if self.subject else ""),
            f"- first response: {response}",
            f"- named the customer: {_yes(self.named_customer)}; "
            f"signed with your name: {_yes(self.named_agent)}; "
            f"follow-up set: {_yes(self.follow_up_set)}{acknowledged}",
        ]
        lines += [f"- kept: {PRACTICES.get(k, k)}" for k in self.kept]
        lines += [f"- missed: {PRACTICES.get(m, m)}" for m in self.missed]
        if self.why:
            lines.append(f"- why it matters: {self.why}")
        lines.append("")
        return lines


def _yes(value: bool) -> str:
    return "yes" if value else "no"


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

    def summary(self) -> dict[str, Any]:
        arrived = [c for c in self.contacts if c.arrived]
        times = [c.response_minutes for c in arrived if c.response_minutes is not None]
        missed = Counter(m for c in arrived for m in c.missed)
        return {
            "arrived": len(arrived),
            "answered": sum(1 for c in arrived if c.answered),
            "median_response_minutes": round(median(times), 1) if times else None,
            "practices_kept": self.kept,
            "practices_missed": self.missed,
            "practise_next": [p for p, _ in missed.most_common()],
        }

    def as_json(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            **self.summary(),
            "contacts": [asdict(c) for c in self.contacts],
        }

    def as_markdown(self) -> str:
        s = self.summary()
        lines = [
            f"# Training feedback: {self.scenario}",
            "",
            f"Answered {s['answered']} of {s['arrived']} contacts that arrived"
            + (
                f", first response after {s['median_response_minutes']:g} min (median)."
                if s["median_response_minutes"] is not None
                else "."
            ),
            f"Practices kept: {self.kept}; missed: {self.missed}.",
            "",
        ]
        if s["practise_next"]:
            lines.append("What to practise next:")
            lines += [f"- {PRACTICES.get(p, p)}" for p in s["practise_next"]]
            lines.append("")
        for c in self.contacts:
            if c.arrived:
                lines += c.as_markdown()
        return "\n".join(lines)

    def export(self, path: Path) -> Path:
        """Write the feedback where the trainee chose (.json, else Markdown)."""
        if path.suffix.lower() == ".json":
            path.write_text(json.dumps(self.as_json(), indent=2), encoding="utf-8")
        else:
            path.write_text(self.as_markdown() + "\n", encoding="utf-8")
        return path


def _mentions(text: str, word: str) -> bool:
    """The word appears as a word (so 'Sam' is not found in 'same')."""
    word = word.strip().lstrip("@")
    if len(word) < 2:
        return False
    return re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)", text) is not None


def _group(customer_id: str | None) -> set[str]:
    """The customer and everyone merged with them (either way), as the card shows them."""
    if customer_id is None:
        return set()
    group = {customer_id}
    frontier = [customer_id]
    while frontier:
        current = frontier.pop()
        linked = Customer.select(Customer.id, Customer.merged_into).where(
            (Customer.id == current) | (Customer.merged_into == current)
        )
        for row in linked:
            for other in (row.id, row.merged_into):
                if other and other not in group:
                    group.add(other)
                    frontier.append(other)
    return group


def evaluate(
    contact: Contact,
    practices: list[str],
    trainee_id: str | None,
    rules: Rules,
    fb: ContactFeedback,
) -> ContactFeedback:
    """Fill in what the trainee did on this contact and which practices were kept."""
    customer = Customer.get_or_none(Customer.id == contact.customer_id)
    agent = Agent.get_or_none(Agent.id == trainee_id) if trainee_id else None
    responses = list(
        Event.select()
        .where((Event.contact == contact.id) & Event.kind.in_(RESPONSE_KINDS))
        .order_by(Event.at)
    )
    replies = [e for e in responses if e.kind == "reply"]
    fb.answered = bool(responses)
    fb.target_minutes = rules.first_response(contact.channel, contact.priority)
    if responses and fb.response_minutes is None and fb.arrived:
        fb.response_minutes = (responses[0].at - contact.received_at).total_seconds() / 60
    text = " ".join(e.body or "" for e in replies).casefold()
    first_name = customer.first_name if customer else ""
    handles = [
        i.value.rpartition(":")[2]
        for i in Identity.select().where(
            (Identity.customer.in_(list(_group(contact.customer_id)) or [""]))
            & (Identity.kind == "handle")
        )
    ]
    fb.named_customer = _mentions(text, first_name) or any(_mentions(text, h) for h in handles)
    fb.named_agent = agent is not None and _mentions(text, agent.first_name)
    if contact.channel == "phone" and responses:
        # a call is personal by nature; the call log should still say who was helped
        fb.named_customer = fb.named_customer or any(
            _mentions((e.body or "").casefold(), first_name) for e in responses
        )
        fb.named_agent = True
    fb.follow_up_set = (
        Task.select().where((Task.contact == contact.id) & (Task.owner == trainee_id)).exists()
    )
    fast = fb.response_minutes is not None and fb.response_minutes <= (fb.target_minutes or 0)
    # the automatic acknowledgement counts, and so does a real answer within the target
    fb.acknowledged = (
        contact.channel not in ASYNC_CHANNELS
        or fast
        or (Event.select().where((Event.contact == contact.id) & (Event.kind == "ack")).exists())
    )
    checks = {
        "acknowledge": fb.acknowledged,
        "respond_fast": fast,
        "personalize": fb.named_customer and fb.named_agent,
        "follow_up": fb.follow_up_set,
        "apologise_publicly": bool(re.search(r"sorry|apolog", text)),
        "remind_before_escalate": _invoices_handled(contact),
        "mention_purchase": _names_a_purchase(contact.customer_id, text),
        "merge_duplicate": _merged(contact.customer_id),
    }
    for practice in practices:
        (fb.kept if checks.get(practice, False) else fb.missed).append(practice)
    return fb


def _invoices_handled(contact: Contact) -> bool:
    """No unpaid invoice of the customer is left unsent, and none that was already overdue
    when the customer got in touch is left without a reminder (or escalated without one)."""
    for invoice in Invoice.select().where(
        Invoice.customer.in_(list(_group(contact.customer_id)) or [""]) & Invoice.paid_at.is_null()
    ):
        if invoice.sent_at is None:
            return False
        overdue_before = (
            invoice.due_at is not None
            and invoice.due_at < contact.received_at
            and invoice.sent_at < contact.received_at
        )
        if overdue_before and invoice.reminded_at is None:
            return False
    return True


def _names_a_purchase(customer_id: str | None, text: str) -> bool:
    products = Purchase.select(Purchase.product).where(
        Purchase.customer.in_(list(_group(customer_id)) or [""])
    )
    for purchase in products:
        if _mentions(text, purchase.product):
            return True
        if any(len(w) >= 4 and _mentions(text, w) for w in purchase.product.split()):
            return True
    return False


def _merged(customer_id: str | None) -> bool:
    if customer_id is None:
        return False
    return (
        MergeRecord.select()
        .where(
            ((MergeRecord.survivor_id == customer_id) | (MergeRecord.duplicate_id == customer_id))
            & MergeRecord.undone_at.is_null()
        )
        .exists()
    )


def contact_feedback(
    item: TrainingArrival, trainee_id: str | None, rules: Rules, now: datetime
) -> ContactFeedback:
    """Feedback on one scenario contact (not arrived yet: nothing to judge)."""
    record = json.loads(item.record)
    practices = json.loads(item.practices or "[]")
    fb = ContactFeedback(
        item.key,
        record["channel"],
        record["from"].get("name", "?"),
        item.contact_id not in (None, "duplicate"),
        subject=record.get("subject", ""),
        why=item.why,
    )
    contact = Contact.get_or_none(Contact.id == item.contact_id) if fb.arrived else None
    if contact is None:
        fb.arrived = False
        return fb
    return evaluate(contact, practices, trainee_id, rules, fb)


def worked_contact_feedback(
    contact: Contact, trainee_id: str | None, rules: Rules
) -> ContactFeedback:
    """Feedback on a contact of a masked copy: the practices of its channel."""
    customer = Customer.get_or_none(Customer.id == contact.customer_id)
    practices = list(DEFAULT_PRACTICES.get(contact.channel, ["personalize"]))
    fb = ContactFeedback(
        contact.id,
        contact.channel,
        customer.name if customer else "?",
        True,
        subject=contact.subject,
    )
    fb = evaluate(contact, practices, trainee_id, rules, fb)
    fb.response_minutes = None  # the contact waited in live work long before the copy
    return fb


def feedback_for_contact(
    contact_id: str, trainee_id: str | None, rules: Rules, now: datetime
) -> ContactFeedback | None:
    """Feedback on one contact, as shown beside it while the trainee works."""
    item = TrainingArrival.get_or_none(TrainingArrival.contact_id == contact_id)
    if item is not None:
        return contact_feedback(item, trainee_id, rules, now)
    contact = Contact.get_or_none(Contact.id == contact_id)
    if contact is None:
        return None
    return worked_contact_feedback(contact, trainee_id, rules)


def feedback(scenario: str, trainee_id: str | None, rules: Rules, now: datetime) -> Feedback:
    """The whole session: every scenario contact, or every contact the trainee worked on."""
    items = list(
        TrainingArrival.select().order_by(TrainingArrival.offset_minutes, TrainingArrival.position)
    )
    if items:
        return Feedback(scenario, [contact_feedback(i, trainee_id, rules, now) for i in items])
    worked = (
        Contact.select()
        .where(
            Contact.id.in_(
                Event.select(Event.contact).where(
                    (Event.agent == trainee_id) & Event.contact.is_null(False)
                )
            )
            | Contact.id.in_(Task.select(Task.contact).where(Task.owner == trainee_id))
        )
        .order_by(Contact.received_at)
    )
    return Feedback(scenario, [worked_contact_feedback(c, trainee_id, rules) for c in worked])
