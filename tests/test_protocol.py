"""The intent registry (models/protocol) guards the sync protocol: every declared intent is
either handled by the server or declared local-only, is described to the user, and its
validation accepts what the desktop builds and refuses what does not fit; no intent name
is written out anywhere but in its declaration."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

from models import protocol
from models.protocol import REGISTRY, IntentError, IntentSpec
from models.protocol.vocabulary import may_reply, reply_subject, status_after_reply
from server.apply import HANDLERS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES: dict[str, Any] = {
    "id": "a1b2",
    "text": "some text",
    "int": 3,
    "number": 2.5,
    "bool": True,
    "object": {"k": 1},
    "list": [1],
    "any": "x",
}
WRONG: dict[str, Any] = {
    "id": "x" * 65,
    "text": 7,
    "int": "3",
    "number": True,
    "bool": "yes",
    "object": [],
    "list": {},
    "any": None,
}


def sample(spec: IntentSpec, *, optional: bool) -> dict[str, Any]:
    return {
        k: SAMPLES[t.rstrip("?")] for k, t in spec.fields.items() if optional or not t.endswith("?")
    }


@pytest.mark.parametrize("name", sorted(REGISTRY))
def test_every_intent_is_handled_described_and_validated(name: str) -> None:
    spec = REGISTRY[name]
    assert spec.local_only or name in HANDLERS, f"{name}: no server handler"
    assert not (spec.local_only and name in HANDLERS), f"{name}: local-only yet handled"
    assert spec.describe and spec.describe != name and protocol.describe(name) == spec.describe
    for args in (sample(spec, optional=False), sample(spec, optional=True)):
        assert spec.validate(args) == args  # round trip: what fits is kept as it is
    with pytest.raises(IntentError, match="unknown field"):
        spec.validate({**sample(spec, optional=True), "not_declared": 1})
    for key, kind in spec.fields.items():
        if kind.rstrip("?") == "any":
            continue
        with pytest.raises(IntentError, match=re.escape(key)):
            spec.validate({**sample(spec, optional=True), key: WRONG[kind.rstrip("?")]})
        if not kind.endswith("?"):
            with pytest.raises(IntentError, match="required"):
                spec.validate({k: v for k, v in sample(spec, optional=True).items() if k != key})


def test_every_server_handler_is_declared() -> None:
    assert set(HANDLERS) <= set(REGISTRY)


def test_touched_rows_are_argument_fields() -> None:
    for spec in REGISTRY.values():
        for _kind, key in spec.touches:
            arg = key.partition(":")[2].partition(".")[0] if ":" in key else key
            assert arg in spec.fields, f"{spec.name} touches a row by {arg!r}, not a field"


def test_no_intent_name_is_written_outside_the_protocol_package() -> None:
    names = "|".join(re.escape(n) for n in REGISTRY)
    bare = re.compile(rf"""["']({names})["']""")
    found = []
    for folder in ("models", "desktop", "server", "ui"):
        for path in (ROOT / folder).rglob("*.py"):
            if "protocol" in path.relative_to(ROOT).parts:
                continue
            for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
                if bare.search(line):
                    found.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert not found, "intent names outside models/protocol:\n" + "\n".join(found)


def test_the_shared_reply_rules() -> None:
    assert reply_subject("Refund") == "Re: Refund"
    assert reply_subject("RE: Refund") == "RE: Refund"
    assert reply_subject("") == ""
    assert status_after_reply("open") == "waiting"
    assert status_after_reply("resolved") == "resolved"
    assert may_reply(None, "ana") and may_reply("ana", "ana") and not may_reply("bo", "ana")


def test_the_rule_shapes_are_the_desktops_rules() -> None:
    from dataclasses import fields

    from desktop.rules import Rules
    from models.protocol.settings import RULE_SHAPES

    assert set(RULE_SHAPES) == {f.name for f in fields(Rules)}


@pytest.mark.parametrize(
    ("key", "value", "message"),
    [
        ("business_hours", {"9": [[540, 1020]]}, "weekday '9' does not exist"),
        ("business_hours", {"0": [[1020, 540]]}, "opening must be before closing"),
        ("team_hours", {"front": {"business_hours": {"7": [[0, 60]]}}}, "weekday '7'"),
        ("team_hours", {"front": {"timezone": "Mars/Base"}}, "unknown time zone"),
        ("preferred_level", {"billing": 9}, "1 to 3"),
        ("first_response_minutes", {"email": 0}, "must be 1 to 86,400 minutes"),
        ("offer_timeout_seconds", "5", "whole number"),
        ("timezone", "Mars/Base", "unknown time zone"),
        ("priority_boost_minutes", 5, "fixed at 30"),
    ],
)
def test_rule_values_are_checked_with_a_clear_line(key: str, value: Any, message: str) -> None:
    from models.protocol.settings import check_rule

    found = check_rule(key, value)
    assert found is not None and message in found and "\n" not in found


def test_skill_levels_and_capacity_are_checked() -> None:
    from models.protocol.settings import check_capacity, check_skills

    assert check_skills({"billing": 3, "tech": 1}) is None
    assert "1 to 3" in (check_skills({"billing": 9}) or "")
    assert check_capacity({"chat": 3}) is None
    assert "0 to 99" in (check_capacity({"chat": -1}) or "")
    assert "unknown channel" in (check_capacity({"pigeon": 1}) or "")


def test_bulk_stamps_real_clocks_and_keeps_one_audit_record(live_app: Any) -> None:
    from models.base import to_ms
    from models.database import get_meta
    from models.errors import UserFacingError
    from models.protocol import intents
    from models.schema import Audit

    now = to_ms(live_app.clock.now())
    items = [(intents.RULES_RUN, {"at": "2026-11-22T10:00:00Z"}) for _ in range(3)]
    rows = live_app.mutator.bulk(items, agent_id=None, now_ms=now, action="rules.sweep")
    stamps = [row[5] for row in rows]
    assert len(rows) == 3 and stamps == sorted(set(stamps))  # three distinct, in order
    assert all(not s.endswith("-intake") for s in stamps) and get_meta("hlc") == stamps[-1]
    audit = Audit.get(Audit.action == "rules.sweep")
    assert json.loads(audit.detail) == {"intents": 3}
    with pytest.raises(UserFacingError, match="unknown field"):
        live_app.mutator.bulk(
            [(intents.RULES_RUN, {"nope": 1})], agent_id=None, now_ms=now, action="x"
        )


def test_bulk_in_training_records_no_intents(training_app: Any) -> None:
    from models.base import to_ms
    from models.protocol import intents
    from models.schema import Audit

    now = to_ms(training_app.clock.now())
    items = [(intents.RULES_RUN, {"at": "2026-11-22T10:00:00Z"})]
    assert training_app.mutator.bulk(items, agent_id=None, now_ms=now, action="y") == []
    assert Audit.get(Audit.action == "y").entity == "batch"  # audited all the same
