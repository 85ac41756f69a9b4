"""The valid ranges of team settings: declared in models/protocol/validation.py, which the
server checks too (server/handlers/settings.py); re-exported here for the desktop."""

from models.protocol.validation import *  # noqa: F403 - re-exported for the desktop
from models.protocol.validation import FIXED_RULES, RULE_RANGES, SKILL_LEVELS  # noqa: F401 - re-exported
