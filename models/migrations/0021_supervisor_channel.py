"""The supervisor desk reads response times, SLA compliance, volume and the trend per
channel over a range of arrival times: one index leading with the channel serves each as a
streaming scan (0020's index by arrival time made SQLite sort for every GROUP BY channel)."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'DROP INDEX IF EXISTS "contact_received_kpi"',
    'CREATE INDEX "contact_channel_kpi" ON "contact" ("channel", "received_at", "status", '
    '"assigned_to_id", "first_response_at", "resolved_at", "due_at")',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
