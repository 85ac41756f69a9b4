"""Training workspaces: scenario contacts waiting to arrive on the simulated clock."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'CREATE TABLE "training_arrival" ("position" INTEGER NOT NULL PRIMARY KEY, "key" VARCHAR(255) NOT NULL, "offset_minutes" REAL NOT NULL, "record" TEXT NOT NULL, "practices" TEXT NOT NULL, "why" TEXT NOT NULL, "contact_id" VARCHAR(255))',
    'CREATE INDEX "training_arrival_due" ON "training_arrival" ("contact_id", "offset_minutes")',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
