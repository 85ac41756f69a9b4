"""Routing: indexes for the next-contact decision, SLA pause column, rules table.

The routing order key is an expression index: arrival time moved earlier by
30 minutes per priority level. The same expression is used in
models/routing.py; SQLite uses the index only when the two match exactly.
"""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'ALTER TABLE "contact" ADD COLUMN "sla_paused_at" INTEGER',
    # unassigned open work per skill and channel, in routing order
    'CREATE INDEX "contact_route_order" ON "contact" ("skill", "channel", ("received_at" - "priority" * 1800000), "id") '
    'WHERE "status" = \'open\' AND "assigned_to_id" IS NULL',
    # the same work by SLA due time, for contacts about to breach
    'CREATE INDEX "contact_route_due" ON "contact" ("skill", "channel", "due_at") '
    'WHERE "status" = \'open\' AND "assigned_to_id" IS NULL',
    # an agent's current load per channel
    'CREATE INDEX "contact_load" ON "contact" ("assigned_to_id", "channel") WHERE "status" = \'open\'',
    'CREATE TABLE "rule" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL, "updated_at" INTEGER NOT NULL)',
    'CREATE INDEX "task_open_due" ON "task" ("state", "due_at")',
    'CREATE INDEX "invoice_unpaid_due" ON "invoice" ("due_at") WHERE "paid_at" IS NULL',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
