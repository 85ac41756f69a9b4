"""Scenario packs: plain JSON a trainer writes by hand, validated with exact locations."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from desktop.identity import InvalidIdentityError, normalize
from desktop.paths import resource
from models.base import parse_iso
from models.errors import UserFacingError
from models.schema import CHANNELS

PRACTICES = {
    "acknowledge": "acknowledge every asynchronous contact at once with a realistic promise",
    "respond_fast": "answer within the channel's first-response target",
    "personalize": "name the customer and sign with your own name",
    "follow_up": "set a follow-up within 24 hours",
    "remind_before_escalate": "check the invoice was sent and remind before any escalation",
    "apologise_publicly": "on social media, apologise openly and in public first",
}


@dataclass
class Scenario:
    name: str
    title: str
    description: str
    data: dict[str, Any]
    path: Path

    @property
    def contacts(self) -> list[dict[str, Any]]:
        return list(self.data["contacts"])


def scenarios_dir() -> Path:
    return resource("scenarios")


def list_scenarios() -> list[Scenario]:
    out = []
    for path in sorted(scenarios_dir().glob("*.json")):
        try:
            out.append(load_scenario(path))
        except UserFacingError:
            continue
    return out


def find_scenario(name: str) -> Scenario:
    path = Path(name)
    if path.suffix == ".json" and path.exists():
        return load_scenario(path)
    candidate = scenarios_dir() / f"{name}.json"
    if not candidate.exists():
        known = ", ".join(s.name for s in list_scenarios())
        raise UserFacingError(f"no scenario {name!r} (known: {known})")
    return load_scenario(candidate)


def load_scenario(path: Path) -> Scenario:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise UserFacingError(f"{path}: cannot read the scenario: {exc}") from None
    problems = validate(data)
    if problems:
        raise UserFacingError(f"{path}: {len(problems)} problem(s), first: {problems[0]}")
    return Scenario(
        data["name"], data.get("title", data["name"]), data.get("description", ""), data, path
    )


def _str(
    problems: list[str], where: str, obj: dict[str, Any], key: str, required: bool = True
) -> None:
    if key not in obj or obj[key] in (None, ""):
        if required:
            problems.append(f"{where}.{key}: missing")
    elif not isinstance(obj[key], str):
        problems.append(f"{where}.{key}: must be text")


def _time(
    problems: list[str], where: str, obj: dict[str, Any], key: str, required: bool = False
) -> None:
    value = obj.get(key)
    if value is None:
        if required:
            problems.append(f"{where}.{key}: missing")
        return
    try:
        parse_iso(str(value))
    except ValueError as exc:
        problems.append(f"{where}.{key}: {exc}")


def validate(data: Any) -> list[str]:
    """Every problem of a scenario, each with its location (e.g. contacts[3].channel)."""
    problems: list[str] = []
    if not isinstance(data, dict):
        return ["(top): a scenario is a JSON object"]
    _str(problems, "(top)", data, "name")
    _time(problems, "(top)", data, "start", required=True)
    speed = data.get("minutes_per_real_second", 0.5)
    if not isinstance(speed, int | float) or speed <= 0:
        problems.append("(top).minutes_per_real_second: must be a positive number")
    keys: set[str] = set()
    customers = data.get("customers")
    if not isinstance(customers, list) or not customers:
        problems.append("customers: needs at least one customer")
        customers = []
    for n, c in enumerate(customers):
        where = f"customers[{n}]"
        if not isinstance(c, dict):
            problems.append(f"{where}: must be an object")
            continue
        _str(problems, where, c, "key")
        _str(problems, where, c, "name")
        if c.get("key") in keys:
            problems.append(f"{where}.key: {c.get('key')!r} is used twice")
        keys.add(str(c.get("key")))
        if not any(c.get(k) for k in ("email", "phone", "handle")):
            problems.append(f"{where}: needs an email, phone or handle")
        for kind in ("email", "phone"):
            if c.get(kind):
                try:
                    normalize(kind, str(c[kind]))
                except InvalidIdentityError as exc:
                    problems.append(f"{where}.{kind}: {exc}")
        if c.get("handle") and not c.get("network"):
            problems.append(f"{where}.network: a handle needs its network")
    for section, time_key in (("purchases", "purchased_at"), ("invoices", "issued_at")):
        items = data.get(section, [])
        if not isinstance(items, list):
            problems.append(f"{section}: must be a list")
            continue
        for n, item in enumerate(items):
            where = f"{section}[{n}]"
            if not isinstance(item, dict):
                problems.append(f"{where}: must be an object")
                continue
            if item.get("customer") not in keys:
                problems.append(f"{where}.customer: unknown customer {item.get('customer')!r}")
            _time(problems, where, item, time_key, required=True)
            for extra in ("due_at", "sent_at", "paid_at", "reminded_at"):
                _time(problems, where, item, extra)
            if not isinstance(item.get("amount", 0), int | float):
                problems.append(f"{where}.amount: must be a number")
    contacts = data.get("contacts")
    if not isinstance(contacts, list) or not contacts:
        problems.append("contacts: needs at least one contact")
        contacts = []
    contact_keys: set[str] = set()
    for n, c in enumerate(contacts):
        where = f"contacts[{n}]"
        if not isinstance(c, dict):
            problems.append(f"{where}: must be an object")
            continue
        _str(problems, where, c, "key")
        if c.get("key") in contact_keys:
            problems.append(f"{where}.key: {c.get('key')!r} is used twice")
        contact_keys.add(str(c.get("key")))
        if c.get("customer") not in keys:
            problems.append(f"{where}.customer: unknown customer {c.get('customer')!r}")
        if c.get("channel") not in CHANNELS:
            problems.append(f"{where}.channel: unknown channel {c.get('channel')!r}")
        offset = c.get("offset_minutes", 0)
        if not isinstance(offset, int | float) or offset < 0:
            problems.append(f"{where}.offset_minutes: must be a number of minutes, 0 or more")
        _str(problems, where, c, "body")
        practices = c.get("practices", [])
        if not isinstance(practices, list):
            problems.append(f"{where}.practices: must be a list")
        else:
            for m, p in enumerate(practices):
                if p not in PRACTICES:
                    problems.append(
                        f"{where}.practices[{m}]: unknown practice {p!r} "
                        f"(known: {', '.join(sorted(PRACTICES))})"
                    )
        if c.get("outcome") not in (None, "completed", "failed", "dropped"):
            problems.append(f"{where}.outcome: unknown outcome {c.get('outcome')!r}")
    return problems


def validate_file(path: Path) -> list[str]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return [f"{path}: cannot read: {exc.strerror}"]
    except ValueError as exc:
        return [f"{path}: not valid JSON: {exc}"]
    return validate(data)
