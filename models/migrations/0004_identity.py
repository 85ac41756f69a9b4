"""Identity resolution: recorded merges (undoable) and merge suggestions with evidence."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'CREATE TABLE "merge_record" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "survivor_id" VARCHAR(255) NOT NULL, "duplicate_id" VARCHAR(255) NOT NULL, "evidence" TEXT NOT NULL, "at" INTEGER NOT NULL, "agent_id" VARCHAR(255), "undone_at" INTEGER, FOREIGN KEY ("survivor_id") REFERENCES "customer" ("id"), FOREIGN KEY ("duplicate_id") REFERENCES "customer" ("id"))',
    'CREATE INDEX "merge_record_duplicate" ON "merge_record" ("duplicate_id", "undone_at")',
    'CREATE INDEX "merge_record_survivor" ON "merge_record" ("survivor_id")',
    'CREATE TABLE "merge_suggestion" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "customer_a" VARCHAR(255) NOT NULL, "customer_b" VARCHAR(255) NOT NULL, "evidence" TEXT NOT NULL, "confidence" REAL NOT NULL, "state" VARCHAR(255) NOT NULL, "created_at" INTEGER NOT NULL, FOREIGN KEY ("customer_a") REFERENCES "customer" ("id"), FOREIGN KEY ("customer_b") REFERENCES "customer" ("id"))',
    'CREATE UNIQUE INDEX "merge_suggestion_pair" ON "merge_suggestion" ("customer_a", "customer_b")',
    'CREATE INDEX "merge_suggestion_b" ON "merge_suggestion" ("customer_b")',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
