"""The automatic acknowledgement's text, the same on a desktop (desktop/automation.py) and
on the sync server (server/intake.py): the team's acknowledgement template (purpose
``ack``, per channel and language; templates travel as team settings) with its
placeholders filled, else the caller's own fallback text.

Placeholders an acknowledgement can fill: ``{customer.first_name}``, ``{customer.name}``,
``{promise}`` (the realistic promise of the first-response target, "within 8 business
hours"), ``{agent.first_name}`` and ``{agent.name}`` ("The team": nobody has taken it yet).
A template naming any other placeholder (a purchase, an invoice) cannot be filled by a
robot: :func:`fill` reports it missing and the caller decides (the server sends its
fallback text rather than a "[?…]" mark to a customer).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from models.protocol.validation import PLACEHOLDER
from models.protocol.vocabulary import LIVE_CHANNELS

# first-response targets in business minutes, per channel (priority 0); a team's rule
# ``first_response_minutes`` overrides them (desktop/rules.py)
DEFAULT_FIRST_RESPONSE = {
    "phone": 60,
    "chat": 5,
    "session": 240,
    "sms": 240,
    "social": 120,
    "email": 480,
    "webform": 480,
    "fax": 480,
}
TEAM = "The team"
MISSING_MARK = "[?{name}]"


def promise(minutes: float, channel: str) -> str:
    """'within 8 business hours': what a first-response target promises in words."""
    minutes = int(minutes)
    live = channel in LIVE_CHANNELS
    unit = "" if live else "business "
    if minutes < 60:
        return f"within {minutes} {unit}minutes"
    hours = minutes // 60
    if hours <= 24:
        return f"within {hours} {unit}hour{'s' if hours != 1 else ''}"
    return f"within {hours // 8 if not live else hours // 24} {unit}days"


def first_response(targets: Mapping[str, float] | None, channel: str, priority: int = 0) -> float:
    minutes = float((targets or DEFAULT_FIRST_RESPONSE).get(channel, 480))
    return minutes / (1 + max(0, priority))


def fill(text: str, values: Mapping[str, str]) -> tuple[str, list[str]]:
    """The text with its placeholders filled, and those that had no value (each left as
    ``[?name]``)."""
    missing: list[str] = []

    def one(match: re.Match[str]) -> str:
        name = match.group(1)
        value = values.get(name)
        if value:
            return value
        if name not in missing:
            missing.append(name)
        return MISSING_MARK.format(name=name)

    return PLACEHOLDER.sub(one, text), missing


def choose(templates: Iterable[tuple[str, str, str]], language: str, channel: str) -> str | None:
    """The body of the acknowledgement template for this language and channel, from
    (language, channel, body) rows: the customer's language and this channel, then that
    language's first template (the one for every channel comes first), then English
    likewise; None when there is none."""
    found: dict[str, str] = {}
    for lang, chan, body in sorted(templates, key=lambda t: t[1]):
        code = (lang or "en").replace("_", "-").split("-")[0].lower()
        found.setdefault(f"{code}:{chan}", body)
        found.setdefault(f"{code}:", body)
    language = (language or "en").replace("_", "-").split("-")[0].lower()
    for key in (f"{language}:{channel}", f"{language}:", f"en:{channel}", "en:"):
        if key in found:
            return found[key]
    return None


def values(*, first_name: str, name: str, promise_text: str) -> dict[str, str]:
    """What an acknowledgement fills its placeholders with."""
    return {
        "customer.first_name": first_name,
        "customer.name": name or first_name,
        "promise": promise_text,
        "agent.first_name": TEAM,
        "agent.name": TEAM,
    }
