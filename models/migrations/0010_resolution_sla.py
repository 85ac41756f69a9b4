"""Resolution SLA: when a contact must be resolved by, and an index for the sweep."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'ALTER TABLE "contact" ADD COLUMN "resolve_by" INTEGER',
    'CREATE INDEX "contact_resolve_by" ON "contact" ("resolve_by") WHERE "status" <> \'resolved\' AND "resolve_by" IS NOT NULL',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
