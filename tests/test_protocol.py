"""The intent registry (models/protocol) guards the sync protocol: every declared intent is
either handled by the server or declared local-only, is described to the user, and its
validation accepts what the desktop builds and refuses what does not fit; no intent name
is written out anywhere but in its declaration."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from models import protocol
from models.protocol import REGISTRY, IntentError, IntentSpec
from models.protocol.vocabulary import may_reply, reply_subject, status_after_reply
from server.apply import HANDLERS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES: dict[str, Any] = {"id": "a1b2", "text": "some text", "int": 3, "number": 2.5,
                           "bool": True, "object": {"k": 1}, "list": [1], "any": "x"}
WRONG: dict[str, Any] = {"id": "x" * 65, "text": 7, "int": "3", "number": True,
                         "bool": "yes", "object": [], "list": {}, "any": None}


def sample(spec: IntentSpec, *, optional: bool) -> dict[str, Any]:
    return {k: SAMPLES[t.rstrip("?")] for k, t in spec.fields.items()
            if optional or not t.endswith("?")}


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
                spec.validate({k: v for k, v in sample(spec, optional=True).items()
                               if k != key})


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
