"""Alerts for supervisors (SLA warnings and breaches, later social spikes)."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'CREATE TABLE "alert" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "kind" VARCHAR(255) NOT NULL, "contact_id" VARCHAR(255), "at" INTEGER NOT NULL, "summary" TEXT NOT NULL, "detail" TEXT NOT NULL, "notify_id" VARCHAR(255), "state" VARCHAR(255) NOT NULL, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id"), FOREIGN KEY ("notify_id") REFERENCES "agent" ("id"))',
    'CREATE INDEX "alert_state_at" ON "alert" ("state", "at")',
    # open contacts by due time: the SLA sweep reads only what is due soon
    'CREATE INDEX "contact_open_due" ON "contact" ("due_at") WHERE "status" = \'open\'',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
