"""Sync client: pulled change-log pages are staged here and applied as one checkpoint."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'CREATE TABLE "sync_staging" ("n" INTEGER NOT NULL PRIMARY KEY, "space" VARCHAR(255) NOT NULL, "version" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "entity_id" VARCHAR(255) NOT NULL, "data" TEXT NOT NULL, "deferred" INTEGER NOT NULL DEFAULT 0)',
    'CREATE UNIQUE INDEX "sync_staging_position" ON "sync_staging" ("space", "version", "seq")',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
