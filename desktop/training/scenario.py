"""Scenario packs: plain JSON a trainer writes by hand, validated with exact locations.

A pack names its customers once (by a ``key``) and refers to them from purchases,
invoices and contacts. Keys starting with ``_`` are comments and ignored. Every
problem is reported with where it is (``contacts[3].channel: unknown channel 'fax2'``),
and every contact, purchase and invoice is also checked by the real intake parser, so a
pack that validates can always be built.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from desktop.identity import InvalidIdentityError, normalize
from desktop.intake import RecordError, parse_record
from desktop.paths import resource
from models.base import parse_iso
from models.errors import UserFacingError
from models.schema import ASYNC_CHANNELS, CHANNELS, OUTCOMES

PRACTICES = {
    "acknowledge": "acknowledge every asynchronous contact at once with a realistic promise",
    "respond_fast": "answer within the channel's first-response target",
    "personalize": "name the customer and sign with your own name",
    "mention_purchase": "show you know them: name what they bought",
    "follow_up": "set a follow-up within 24 hours",
    "remind_before_escalate": "check the invoice was sent and remind before any escalation",
    "apologise_publicly": "on social media, apologise openly and in public first",
    "merge_duplicate": "spot the duplicate customer and merge the two records",
}

NAME = re.compile(r"^[a-z0-9][a-z0-9._-]{0,63}$")
FIELDS = {
    "(top)": {
        "name",
        "title",
        "description",
        "trainee",
        "start",
        "minutes_per_real_second",
        "customers",
        "purchases",
        "invoices",
        "contacts",
    },
    "trainee": {"login", "name"},
    "customers": {
        "key",
        "name",
        "email",
        "phone",
        "handle",
        "network",
        "followers",
        "locale",
        "timezone",
        "culture_notes",
        "vip",
    },
    "purchases": {"customer", "product", "amount", "currency", "purchased_at"},
    "invoices": {
        "customer",
        "number",
        "amount",
        "currency",
        "issued_at",
        "due_at",
        "sent_at",
        "paid_at",
        "reminded_at",
    },
    "contacts": {
        "key",
        "offset_minutes",
        "customer",
        "channel",
        "skill",
        "subject",
        "body",
        "outcome",
        "priority",
        "sentiment",
        "practices",
        "why",
    },
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


def list_scenarios(broken: list[str] | None = None) -> list[Scenario]:
    """The shipped packs; a pack with problems is left out and named in ``broken``."""
    out = []
    for path in sorted(scenarios_dir().glob("*.json")):
        try:
            out.append(load_scenario(path))
        except UserFacingError as exc:
            if broken is not None:
                broken.append(str(exc))
    return out


def find_scenario(name: str) -> Scenario:
    """A shipped pack by name, or a pack file by its path."""
    path = Path(name)
    if path.suffix == ".json" and path.exists():
        return load_scenario(path)
    candidate = scenarios_dir() / f"{name}.json"
    if not NAME.match(name) or not candidate.exists():
        known = ", ".join(s.name for s in list_scenarios())
        raise UserFacingError(f"no scenario {name!r} (known: {known})")
    return load_scenario(candidate)


def load_scenario(path: Path) -> Scenario:
    problems = validate_file(path)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise UserFacingError(
            f"{path}: {problems[0]}{more}; see 'lastmile training validate {path}'"
        )
    data = json.loads(path.read_text(encoding="utf-8"))
    return Scenario(
        data["name"], data.get("title", data["name"]), data.get("description", ""), data, path
    )


# -- the records a pack turns into (shared with the workspace builder) ----------------------


def person(customer: dict[str, Any]) -> dict[str, Any]:
    """The inbound 'from'/'customer' object of a scenario customer."""
    return {
        k: customer[k]
        for k in ("name", "email", "phone", "handle", "network", "followers")
        if customer.get(k) is not None
    }


def purchase_record(data: dict[str, Any], n: int) -> dict[str, Any]:
    item = data["purchases"][n]
    people = {c["key"]: c for c in data["customers"]}
    return {
        "type": "purchase",
        "customer": person(people[item["customer"]]),
        "external_id": f"training-purchase-{n}",
        "product": item.get("product", ""),
        "amount": item.get("amount", 0),
        "currency": item.get("currency", "EUR"),
        "purchased_at": item.get("purchased_at"),
    }


def invoice_record(data: dict[str, Any], n: int) -> dict[str, Any]:
    item = data["invoices"][n]
    people = {c["key"]: c for c in data["customers"]}
    times = ("issued_at", "due_at", "sent_at", "paid_at", "reminded_at")
    return {
        "type": "invoice",
        "customer": person(people[item["customer"]]),
        "number": item.get("number", ""),
        "amount": item.get("amount", 0),
        "currency": item.get("currency", "EUR"),
        **{k: item.get(k) for k in times},
    }


def contact_record(data: dict[str, Any], n: int) -> dict[str, Any]:
    """The inbound record of scenario contact n (received_at is set when it arrives)."""
    contact = data["contacts"][n]
    people = {c["key"]: c for c in data["customers"]}
    record = {
        "type": "contact",
        "channel": contact["channel"],
        "external_id": f"training:{contact['key']}",
        "from": person(people[contact["customer"]]),
        "subject": contact.get("subject", ""),
        "body": contact["body"],
        "skill": contact.get("skill") or "general",
        "outcome": contact.get("outcome"),
        "priority": contact.get("priority", 0),
    }
    if contact.get("sentiment") is not None:
        record["sentiment"] = contact["sentiment"]
    return record


# -- validation ---------------------------------------------------------------------------


class _Problems(list[str]):
    def add(self, where: str, message: str) -> None:
        self.append(f"{where}: {message}")

    def at(self, where: str) -> bool:
        """Whether anything at or below ``where`` was reported."""
        return any(p.startswith((where + ".", where + ":", where + "[")) for p in self)


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _text(
    problems: _Problems, where: str, obj: dict[str, Any], key: str, required: bool = False
) -> None:
    if obj.get(key) in (None, ""):
        if required:
            problems.add(f"{where}.{key}", "missing")
    elif not isinstance(obj[key], str):
        problems.add(f"{where}.{key}", "must be text")


def _time(
    problems: _Problems, where: str, obj: dict[str, Any], key: str, required: bool = False
) -> None:
    value = obj.get(key)
    if value is None:
        if required:
            problems.add(f"{where}.{key}", "missing")
        return
    if not isinstance(value, str):
        problems.add(f"{where}.{key}", "must be an ISO 8601 time text, e.g. 2026-11-23T08:00:00Z")
        return
    try:
        parse_iso(value)
    except ValueError as exc:
        problems.add(f"{where}.{key}", f"{exc} (write e.g. 2026-11-23T08:00:00Z)")


def _fields(problems: _Problems, where: str, obj: dict[str, Any], section: str) -> None:
    for key in obj:
        if not isinstance(key, str) or key.startswith("_"):
            continue  # "_comment": notes for the trainer
        if key not in FIELDS[section]:
            problems.add(
                f"{where}.{key}",
                f"unknown field (known: {', '.join(sorted(FIELDS[section]))})",
            )


def _objects(
    problems: _Problems, data: dict[str, Any], section: str, required: bool
) -> list[tuple[int, dict[str, Any]]]:
    items = data.get(section, [] if not required else None)
    if items is None or (required and isinstance(items, list) and not items):
        problems.add(section, f"needs at least one {section[:-1]}")
        return []
    if not isinstance(items, list):
        problems.add(section, "must be a list")
        return []
    out = []
    for n, item in enumerate(items):
        if isinstance(item, dict):
            out.append((n, item))
        else:
            problems.add(f"{section}[{n}]", "must be an object")
    return out


def _key(value: Any) -> str | None:
    return value if isinstance(value, str) else None


# complexity: one flat check per field of the scenario format, each with its own message
def validate(data: Any, *, file_name: str | None = None) -> list[str]:  # noqa: C901 (see above)
    """Every problem of a scenario, each with its location (e.g. contacts[3].channel)."""
    problems = _Problems()
    if not isinstance(data, dict):
        return ["(top): a scenario is a JSON object"]
    _fields(problems, "(top)", data, "(top)")
    name = data.get("name")
    _text(problems, "(top)", data, "name", required=True)
    if isinstance(name, str) and name and not NAME.match(name):
        problems.add("(top).name", "lower-case letters, digits, '.', '_' or '-' only")
    if isinstance(name, str) and file_name and name != file_name:
        problems.add("(top).name", f"{name!r} must match the file name ({file_name}.json)")
    _text(problems, "(top)", data, "title")
    _text(problems, "(top)", data, "description")
    _time(problems, "(top)", data, "start", required=True)
    speed = data.get("minutes_per_real_second", 0.5)
    if not _is_number(speed) or speed <= 0:
        problems.add("(top).minutes_per_real_second", "must be a positive number")
    trainee = data.get("trainee")
    if trainee is not None:
        if not isinstance(trainee, dict):
            problems.add("trainee", "must be an object with login and name")
        else:
            _fields(problems, "trainee", trainee, "trainee")
            _text(problems, "trainee", trainee, "login", required=True)
            _text(problems, "trainee", trainee, "name", required=True)
            login = trainee.get("login")
            if isinstance(login, str) and login and not NAME.match(login):
                problems.add("trainee.login", "lower-case letters, digits, '.', '_' or '-' only")

    keys: set[str] = set()
    identities: dict[tuple[str, str], str] = {}
    for n, c in _objects(problems, data, "customers", required=True):
        where = f"customers[{n}]"
        _fields(problems, where, c, "customers")
        _text(problems, where, c, "key", required=True)
        _text(problems, where, c, "name", required=True)
        for field_name in ("network", "locale", "culture_notes"):
            _text(problems, where, c, field_name)
        key = _key(c.get("key"))
        if key is not None and key in keys:
            problems.add(f"{where}.key", f"{key!r} is used twice")
        if key is not None:
            keys.add(key)
        if not any(c.get(k) for k in ("email", "phone", "handle")):
            problems.add(where, "needs an email, phone or handle")
        for kind in ("email", "phone", "handle"):
            value = c.get(kind)
            if not value:
                continue
            if not isinstance(value, str):
                problems.add(f"{where}.{kind}", "must be text")
                continue
            try:
                if kind == "handle":
                    if not c.get("network"):
                        problems.add(f"{where}.network", "a handle needs its network")
                        continue
                    normal = normalize("handle", value, str(c["network"]))
                else:
                    normal = normalize(kind, value)
            except InvalidIdentityError as exc:
                problems.add(f"{where}.{kind}", str(exc))
                continue
            other = identities.setdefault((kind, normal), where)
            if other != where:
                problems.add(
                    f"{where}.{kind}",
                    f"{value!r} is also {other}'s: the two would be one customer",
                )
        followers = c.get("followers", 0)
        if not isinstance(followers, int) or isinstance(followers, bool) or followers < 0:
            problems.add(f"{where}.followers", "must be a whole number, 0 or more")
        if "vip" in c and not isinstance(c["vip"], bool):
            problems.add(f"{where}.vip", "must be true or false")
        zone = c.get("timezone")
        if zone not in (None, ""):
            try:
                ZoneInfo(str(zone))
            except (ZoneInfoNotFoundError, ValueError):
                problems.add(f"{where}.timezone", f"unknown time zone {zone!r}")

    for section, time_key in (("purchases", "purchased_at"), ("invoices", "issued_at")):
        numbers: set[str] = set()
        for n, item in _objects(problems, data, section, required=False):
            where = f"{section}[{n}]"
            _fields(problems, where, item, section)
            ok = True
            if _key(item.get("customer")) not in keys:
                problems.add(f"{where}.customer", f"unknown customer {item.get('customer')!r}")
                ok = False
            _time(problems, where, item, time_key, required=True)
            for extra in ("due_at", "sent_at", "paid_at", "reminded_at"):
                if section == "invoices":
                    _time(problems, where, item, extra)
            if "amount" in item and (not _is_number(item["amount"]) or item["amount"] < 0):
                problems.add(f"{where}.amount", "must be a number, 0 or more")
                ok = False
            _text(problems, where, item, "currency")
            if section == "purchases":
                _text(problems, where, item, "product", required=True)
            else:
                _text(problems, where, item, "number", required=True)
                number = _key(item.get("number"))
                if number and number in numbers:
                    problems.add(f"{where}.number", f"{number!r} is used twice")
                numbers.add(number or "")
            if ok and not problems.at(where) and not _customer_broken(problems, data, item):
                build = purchase_record if section == "purchases" else invoice_record
                _intake_check(problems, where, build, data, n)

    contact_keys: set[str] = set()
    for n, c in _objects(problems, data, "contacts", required=True):
        where = f"contacts[{n}]"
        _fields(problems, where, c, "contacts")
        _text(problems, where, c, "key", required=True)
        contact_key = _key(c.get("key"))
        if contact_key is not None and contact_key in contact_keys:
            problems.add(f"{where}.key", f"{contact_key!r} is used twice")
        if contact_key is not None:
            contact_keys.add(contact_key)
        if _key(c.get("customer")) not in keys:
            problems.add(f"{where}.customer", f"unknown customer {c.get('customer')!r}")
        channel = c.get("channel")
        if not isinstance(channel, str) or channel not in CHANNELS:
            problems.add(f"{where}.channel", f"unknown channel {channel!r}")
        offset = c.get("offset_minutes", 0)
        if not _is_number(offset) or offset < 0:
            problems.add(f"{where}.offset_minutes", "must be a number of minutes, 0 or more")
        _text(problems, where, c, "body", required=True)
        for field_name in ("subject", "skill", "why"):
            _text(problems, where, c, field_name)
        practices = c.get("practices", [])
        if not isinstance(practices, list):
            problems.add(f"{where}.practices", "must be a list")
        else:
            for m, p in enumerate(practices):
                if not isinstance(p, str) or p not in PRACTICES:
                    problems.add(
                        f"{where}.practices[{m}]",
                        f"unknown practice {p!r} (known: {', '.join(sorted(PRACTICES))})",
                    )
                elif p == "acknowledge" and channel in CHANNELS and channel not in ASYNC_CHANNELS:
                    problems.add(
                        f"{where}.practices[{m}]",
                        f"'acknowledge' is for asynchronous channels "
                        f"({', '.join(ASYNC_CHANNELS)}), not {channel}",
                    )
        if c.get("outcome") is not None and c.get("outcome") not in OUTCOMES:
            problems.add(
                f"{where}.outcome",
                f"unknown outcome {c.get('outcome')!r} (known: {', '.join(OUTCOMES)})",
            )
        priority = c.get("priority", 0)
        if not isinstance(priority, int) or isinstance(priority, bool) or not 0 <= priority <= 3:
            problems.add(f"{where}.priority", "must be a whole number from 0 to 3")
        sentiment = c.get("sentiment")
        if sentiment is not None and (not _is_number(sentiment) or not -1 <= sentiment <= 1):
            problems.add(f"{where}.sentiment", "must be a number from -1 (angry) to 1 (happy)")
        if not problems.at(where) and not _customer_broken(problems, data, c):
            _intake_check(problems, where, contact_record, data, n)
    return sorted(problems, key=_location)


SECTIONS = ("(top)", "(file)", "trainee", "customers", "purchases", "invoices", "contacts")


def _location(problem: str) -> tuple[int, int]:
    """Report in the order of the file: section by section, item by item."""
    match = re.match(r"([a-z()]+)(?:\[(\d+)\])?", problem)
    if match is None:
        return (len(SECTIONS), 0)
    section, index = match.group(1), match.group(2)
    rank = SECTIONS.index(section) if section in SECTIONS else len(SECTIONS)
    return (rank, int(index) if index else -1)


def _customer_broken(problems: _Problems, data: dict[str, Any], item: dict[str, Any]) -> bool:
    for n, c in enumerate(data.get("customers") or []):
        if isinstance(c, dict) and c.get("key") == item.get("customer"):
            return bool(problems.at(f"customers[{n}]"))
    return True


def _intake_check(
    problems: _Problems, where: str, build: Any, data: dict[str, Any], n: int
) -> None:
    """What the real intake would say about the record this item becomes."""
    try:
        record = build(data, n)
        if record["type"] == "contact":
            record["received_at"] = data.get("start")
        parse_record(record, n)
    except RecordError as exc:
        problems.add(where, str(exc))
    except (KeyError, TypeError, ValueError) as exc:  # reported above in detail
        problems.add(where, f"cannot be built: {exc}")


def validate_file(path: Path) -> list[str]:
    """Every problem of a scenario file; an unreadable or non-JSON file is one problem."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        return [f"(file): cannot read: {exc.strerror}"]
    except UnicodeDecodeError:
        return ["(file): not UTF-8 text"]
    except ValueError as exc:
        return [f"(file): not valid JSON: {exc}"]
    return validate(data, file_name=path.stem if path.parent == scenarios_dir() else None)
