"""What desktop/ and models/ say to the user is marked for the window's language (issue 15):
a Message is its English text everywhere (the CLI, logs, the server's JSON) and keeps its
template and parameters for ui/i18n.user_text; a raise in the modules the window hears
from that builds its line in place (an f-string) would reach a German window in English."""

from __future__ import annotations

import json
import pickle
from pathlib import Path

import pytest

from desktop.errors import ConflictError, Message, UserFacingError, said
from models.protocol.settings import check_rule
from models.protocol.validation import WEEKDAYS, check_business_hours
from tools.i18n_catalogue import ROOT, SAID_MODULES, bypassing, said_templates


def test_a_message_is_its_english_text_and_keeps_its_template() -> None:
    error = ConflictError.said("this contact was already taken by {owner}", owner="Ana")
    assert str(error) == "this contact was already taken by Ana"
    message = error.message
    assert isinstance(message, Message)
    assert (message.template, message.params) == (
        "this contact was already taken by {owner}",
        {"owner": "Ana"},
    )
    copied = pickle.loads(pickle.dumps(error))  # an error crossing a thread or a process
    assert isinstance(copied.message, Message) and copied.message.params == {"owner": "Ana"}
    assert json.dumps({"error": message}) == '{"error": "this contact was already taken by Ana"}'
    assert UserFacingError("plain").message == "plain"


def test_a_nested_line_keeps_its_parts() -> None:
    """A check's line built of other lines (the weekday, the unit) keeps them as Messages."""
    with pytest.raises(UserFacingError) as caught:
        check_business_hours({"0": [[1020, 540]]})
    message = caught.value.message
    assert isinstance(message, Message)
    assert message.params["name"] is WEEKDAYS[0] and isinstance(WEEKDAYS[0], Message)
    assert str(message).startswith("business_hours: Monday 17:00-09:00: opening must be")
    found = check_rule("follow_up_hours", 0)
    assert isinstance(found, Message) and isinstance(found.params["unit"], Message)
    assert found == "follow_up_hours must be 1 to 720 hours, not 0"


def test_no_refusal_bypasses_said() -> None:
    assert {m: bypassing(ROOT / m) for m in SAID_MODULES if bypassing(ROOT / m)} == {}


def test_the_check_sees_a_line_built_in_place(tmp_path: Path) -> None:
    planted = tmp_path / "op.py"
    planted.write_text(
        "def reply(text, limit):\n"
        "    if not text:\n"
        "        raise UserFacingError.said('the reply is empty')\n"
        "    if len(text) > limit:\n"
        "        raise UserFacingError(f'the reply is longer than {limit} characters')\n"
        "    raise ConflictError('held by ' + text)\n"
        "def check_name(name):\n"
        "    return f'{name} is not a name'\n",
        encoding="utf-8",
    )
    found = bypassing(planted)
    assert [line.split(":")[0] for line in found] == ["5", "6", "8"]
    assert said_templates(planted) == ["the reply is empty"]


def test_said_fills_its_template() -> None:
    assert said("{n:,} of {what!r}", n=1440, what="x") == "1,440 of 'x'"
