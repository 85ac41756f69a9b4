"""The valid ranges of team settings (desktop/validation.py), as the CLI meets them.

The admin screens call the same ops (tests/ui/test_admin.py); here the command line
refuses what is out of range with one line and keeps what was there.
"""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop import cli
from desktop.errors import UserFacingError
from desktop.validation import (
    check_business_hours,
    check_capacity,
    check_rule,
    check_skills,
    check_targets,
)


@pytest.fixture(autouse=True)
def _close_cli_logging() -> Iterator[None]:
    yield
    logger = logging.getLogger("lastmile")
    for handler in list(logger.handlers):
        logger.removeHandler(handler)
        handler.close()
    logger.propagate = True


def run(ws: Path, *argv: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    code = cli.run(cli.parse_args([*argv, "--workspace", str(ws)]), out, err)
    assert "Traceback" not in err.getvalue()
    return code, out.getvalue(), err.getvalue()


@pytest.fixture
def ws(tmp_path: Path) -> Path:
    root = tmp_path / "ws"
    assert run(root, "init")[0] == 0
    assert run(root, "agent", "add", "ana", "--name", "Ana K", "--skills", "billing:2")[0] == 0
    return root


def test_skill_level_9_is_refused_by_the_cli_and_nothing_changes(ws: Path) -> None:
    code, _out, err = run(ws, "agent", "set", "ana", "--skills", "billing:9")
    assert code != 0
    assert err.strip().count("\n") == 0 and "skill level for billing must be 1 to 3" in err
    listed = json.loads(run(ws, "agent", "list", "--json")[1])
    assert listed[0]["skills"] == {"billing": 2}
    assert run(ws, "agent", "set", "ana", "--skills", "billing:3,tech")[0] == 0
    assert json.loads(run(ws, "agent", "list", "--json")[1])[0]["skills"] == {
        "billing": 3,
        "tech": 1,
    }


def test_business_hours_for_weekday_9_are_refused(ws: Path) -> None:
    code, _out, err = run(ws, "rules", "set", "business_hours", '{"9": [[540, 1020]]}')
    assert code != 0 and "weekday '9' does not exist (0 = Monday ... 6 = Sunday)" in err
    code, _out, err = run(ws, "rules", "set", "business_hours", '{"0": [[1020, 540]]}')
    assert code != 0 and "Monday 17:00-09:00: opening must be before closing" in err
    shown = json.loads(run(ws, "rules", "show", "--json")[1])
    assert shown["business_hours"]["0"] == [[540, 1020]]  # the default, untouched
    assert run(ws, "rules", "set", "business_hours", '{"5": [[600, 840]]}')[0] == 0
    assert json.loads(run(ws, "rules", "show", "--json")[1])["business_hours"] == {
        "5": [[600, 840]]
    }


def test_a_setting_nothing_reads_is_refused_with_why(ws: Path) -> None:
    code, _out, err = run(ws, "rules", "set", "priority_boost_minutes", "5")
    assert code != 0 and "fixed at 30 by the routing index" in err
    code, _out, err = run(ws, "rules", "set", "offer_timeout_seconds", "1")
    assert code != 0 and "offer_timeout_seconds must be 5 to 600 seconds, not 1" in err


@pytest.mark.parametrize(
    ("check", "value", "message"),
    [
        (check_skills, {"billing": 0}, "must be 1 to 3"),
        (check_skills, {"two words": 1}, "not a valid skill name"),
        (check_skills, {"billing": True}, "must be 1 to 3"),
        (check_capacity, {"phone": 100}, "0 to 99"),
        (check_capacity, {"pigeon": 1}, "unknown channel"),
        (check_business_hours, {"0": [[540, 1500]]}, "within the day"),
        (check_business_hours, {"0": [[540, 780], [720, 1020]]}, "overlaps"),
        (check_business_hours, {"-1": []}, "does not exist"),
        (check_business_hours, {"0": [540, 1020]}, "is not [start minute, end minute]"),
    ],
)
def test_out_of_range_values_say_what_is_allowed(check, value, message) -> None:
    with pytest.raises(UserFacingError, match=message.replace("[", r"\[")):
        check(value)


def test_in_range_values_come_back_in_stored_form() -> None:
    assert check_skills({" Billing ": 3}) == {"billing": 3}
    assert check_business_hours({"6": [[0, 1440]], "0": []}) == {"6": [[0, 1440]], "0": []}
    assert check_targets("first_response_minutes", {"email": 1}) == {"email": 1}
    with pytest.raises(UserFacingError, match="1 to 86,400 minutes"):
        check_targets("first_response_minutes", {"email": 86_401})
    assert check_rule("holiday_country", "de") == "DE"
