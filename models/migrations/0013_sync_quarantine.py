"""Sync client: pulled changes this desktop could not apply, kept and reported instead of
stopping the checkpoint; retried at every later checkpoint (so after an upgrade too)."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'CREATE TABLE "sync_quarantine" ("space" VARCHAR(255) NOT NULL, "version" INTEGER NOT NULL, "seq" INTEGER NOT NULL, "kind" VARCHAR(255) NOT NULL, "entity_id" VARCHAR(255) NOT NULL, "data" TEXT NOT NULL, "reason" TEXT NOT NULL, "at" INTEGER NOT NULL, "attempts" INTEGER NOT NULL DEFAULT 1, PRIMARY KEY ("space", "version", "seq"))',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
