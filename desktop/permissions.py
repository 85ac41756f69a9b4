"""Who may change which team setting from this desktop.

Admins change everything; supervisors the agents' skills, capacity and team, and the
templates (their daily work as team leads); agents and trainees nothing. The server
refuses the same changes from the wrong account (issue 16); this is what the window offers.
"""

from __future__ import annotations

ADMIN_AREAS = ("agents", "templates", "hours", "sla", "routing")
_AREAS_BY_ROLE: dict[str, tuple[str, ...]] = {
    "admin": ADMIN_AREAS,
    "supervisor": ("agents", "templates"),
}


def admin_areas(role: str) -> tuple[str, ...]:
    """The admin screens this role may open (none for agents and trainees)."""
    return _AREAS_BY_ROLE.get(role, ())


def may_administer(role: str) -> bool:
    return bool(admin_areas(role))


def may_manage_accounts(role: str) -> bool:
    """Adding agents and changing roles: admins only."""
    return role == "admin"
