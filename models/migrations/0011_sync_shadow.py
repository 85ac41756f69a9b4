"""Sync client: the last server state of rows that have local changes still pending, so
that a change the server refuses is rolled back exactly."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'CREATE TABLE "sync_shadow" ("kind" VARCHAR(255) NOT NULL, "entity_id" VARCHAR(255) NOT NULL, "data" TEXT NOT NULL, PRIMARY KEY ("kind", "entity_id"))',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
