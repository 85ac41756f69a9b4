"""Numbered schema migrations, run by playhouse.migrations (see models/database.py)."""
