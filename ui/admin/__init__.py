"""Admin screens: agents, templates, business hours, SLA targets, routing and automation.

Opened from the window (Ctrl+Shift+A, Admin… in the status bar) by admins, and by supervisors
for the areas desktop/permissions.py gives them; agents and trainees never see the entry.
Every page reads through desktop/reads.py and writes through the desktop ops
(desktop/ops/agents.py, templates.py, rules.py), which check the values
(desktop/validation.py): a refused value is said on the page and nothing is saved.
"""
