"""Who may change which team setting from this desktop.

Admins change everything; supervisors the agents' skills, capacity and team, the
templates and the alert rules (their daily work as team leads); agents and trainees
nothing. The server refuses the same changes from the wrong account (issue 16); this is
what the window offers.
"""

from __future__ import annotations

ADMIN_AREAS = ("agents", "templates", "alerts", "hours", "sla", "routing")
_AREAS_BY_ROLE: dict[str, tuple[str, ...]] = {
    "admin": ADMIN_AREAS,
    "supervisor": ("agents", "templates", "alerts"),
}


def admin_areas(role: str) -> tuple[str, ...]:
    """The admin screens this role may open (none for agents and trainees)."""
    return _AREAS_BY_ROLE.get(role, ())


def may_administer(role: str) -> bool:
    return bool(admin_areas(role))


def may_manage_accounts(role: str) -> bool:
    """Adding agents and changing roles: admins only."""
    return role == "admin"
