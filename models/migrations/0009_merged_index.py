"""Only merged customers are indexed by merged_into: a full index made the planner scan
every customer for `merged_into IS NULL` instead of using the name index."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'DROP INDEX IF EXISTS "customer_merged_into"',
    'CREATE INDEX "customer_merged_into" ON "customer" ("merged_into") WHERE "merged_into" IS NOT NULL',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
