"""Initial schema: domain tables, queue and history indexes, full-text index.

Written as plain SQL so that it never changes when the model classes do.
"""

from peewee import Database
from playhouse.migrate import SchemaMigrator

STATEMENTS = [
    'CREATE TABLE "workspace_meta" ("key" VARCHAR(255) NOT NULL PRIMARY KEY, "value" TEXT NOT NULL)',
    'CREATE TABLE "agent" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "login" VARCHAR(255) NOT NULL, "display_name" VARCHAR(255) NOT NULL, "role" VARCHAR(255) NOT NULL, "presence" VARCHAR(255) NOT NULL, "team" VARCHAR(255) NOT NULL, "capacity" TEXT NOT NULL, "created_at" INTEGER NOT NULL)',
    'CREATE UNIQUE INDEX "agent_login" ON "agent" ("login")',
    'CREATE TABLE "agent_skill" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "agent_id" VARCHAR(255) NOT NULL, "skill" VARCHAR(255) NOT NULL, "level" INTEGER NOT NULL, FOREIGN KEY ("agent_id") REFERENCES "agent" ("id") ON DELETE CASCADE)',
    'CREATE UNIQUE INDEX "agent_skill_agent_id_skill" ON "agent_skill" ("agent_id", "skill")',
    'CREATE INDEX "agent_skill_skill_level" ON "agent_skill" ("skill", "level")',
    'CREATE TABLE "customer" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "locale" VARCHAR(255) NOT NULL, "timezone" VARCHAR(255) NOT NULL, "culture_notes" TEXT NOT NULL, "tags" TEXT NOT NULL, "vip" INTEGER NOT NULL, "influencer" INTEGER NOT NULL, "reach" INTEGER NOT NULL, "do_not_contact" INTEGER NOT NULL, "merged_into" VARCHAR(255), "created_at" INTEGER NOT NULL, "updated_at" INTEGER NOT NULL)',
    'CREATE INDEX "customer_merged_into" ON "customer" ("merged_into")',
    'CREATE INDEX "customer_name" ON "customer" ("name" COLLATE NOCASE)',
    'CREATE TABLE "identity" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "customer_id" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "value" VARCHAR(255) NOT NULL, "network" VARCHAR(255) NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id") ON DELETE CASCADE)',
    'CREATE INDEX "identity_customer_id" ON "identity" ("customer_id")',
    'CREATE UNIQUE INDEX "identity_kind_value" ON "identity" ("kind", "value")',
    'CREATE TABLE "contact" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "channel" VARCHAR(255) NOT NULL, "direction" VARCHAR(255) NOT NULL, "received_at" INTEGER NOT NULL, "customer_id" VARCHAR(255), "subject" VARCHAR(255) NOT NULL, "preview" VARCHAR(255) NOT NULL, "external_id" VARCHAR(255), "thread_id" VARCHAR(255), "skill" VARCHAR(255) NOT NULL, "priority" INTEGER NOT NULL, "status" VARCHAR(255) NOT NULL, "assigned_to_id" VARCHAR(255), "due_at" INTEGER, "first_response_at" INTEGER, "resolved_at" INTEGER, "sentiment" REAL, "outcome" VARCHAR(255), "updated_at" INTEGER NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id"), FOREIGN KEY ("assigned_to_id") REFERENCES "agent" ("id"))',
    'CREATE UNIQUE INDEX "contact_channel_external_id" ON "contact" ("channel", "external_id")',
    'CREATE INDEX "contact_thread_id" ON "contact" ("thread_id")',
    'CREATE INDEX "contact_customer_received" ON "contact" ("customer_id", "received_at")',
    # The queue: open work in arrival order, one partial index per filter.
    'CREATE INDEX "contact_open_order" ON "contact" ("received_at", "id") WHERE "status" <> \'resolved\'',
    'CREATE INDEX "contact_open_channel" ON "contact" ("channel", "received_at", "id") WHERE "status" <> \'resolved\'',
    'CREATE INDEX "contact_open_skill" ON "contact" ("skill", "received_at", "id") WHERE "status" <> \'resolved\'',
    'CREATE INDEX "contact_open_assignee" ON "contact" ("assigned_to_id", "received_at", "id") WHERE "status" <> \'resolved\'',
    'CREATE INDEX "contact_status_order" ON "contact" ("status", "received_at", "id")',
    'CREATE TABLE "event" ("seq" INTEGER NOT NULL PRIMARY KEY, "id" VARCHAR(255) NOT NULL, "customer_id" VARCHAR(255), "contact_id" VARCHAR(255), "at" INTEGER NOT NULL, "channel" VARCHAR(255) NOT NULL, "kind" VARCHAR(255) NOT NULL, "agent_id" VARCHAR(255), "subject" TEXT NOT NULL, "body" TEXT NOT NULL, "data" TEXT NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id"), FOREIGN KEY ("contact_id") REFERENCES "contact" ("id"), FOREIGN KEY ("agent_id") REFERENCES "agent" ("id"))',
    'CREATE UNIQUE INDEX "event_id" ON "event" ("id")',
    'CREATE INDEX "event_customer_at" ON "event" ("customer_id", "at", "seq")',
    'CREATE INDEX "event_contact_at" ON "event" ("contact_id", "at", "seq")',
    'CREATE TABLE "purchase" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "customer_id" VARCHAR(255) NOT NULL, "external_id" VARCHAR(255), "product" VARCHAR(255) NOT NULL, "amount_cents" INTEGER NOT NULL, "currency" VARCHAR(255) NOT NULL, "purchased_at" INTEGER NOT NULL, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id"))',
    'CREATE INDEX "purchase_customer_at" ON "purchase" ("customer_id", "purchased_at")',
    'CREATE UNIQUE INDEX "purchase_external_id" ON "purchase" ("external_id")',
    'CREATE TABLE "invoice" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "customer_id" VARCHAR(255) NOT NULL, "external_id" VARCHAR(255), "number" VARCHAR(255) NOT NULL, "amount_cents" INTEGER NOT NULL, "currency" VARCHAR(255) NOT NULL, "issued_at" INTEGER NOT NULL, "due_at" INTEGER, "sent_at" INTEGER, "reminded_at" INTEGER, "paid_at" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id"))',
    'CREATE INDEX "invoice_customer_at" ON "invoice" ("customer_id", "issued_at")',
    'CREATE UNIQUE INDEX "invoice_external_id" ON "invoice" ("external_id")',
    'CREATE TABLE "task" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "customer_id" VARCHAR(255), "contact_id" VARCHAR(255), "kind" VARCHAR(255) NOT NULL, "title" VARCHAR(255) NOT NULL, "due_at" INTEGER NOT NULL, "owner_id" VARCHAR(255), "state" VARCHAR(255) NOT NULL, "created_at" INTEGER NOT NULL, "done_at" INTEGER, FOREIGN KEY ("customer_id") REFERENCES "customer" ("id"), FOREIGN KEY ("contact_id") REFERENCES "contact" ("id"), FOREIGN KEY ("owner_id") REFERENCES "agent" ("id"))',
    'CREATE INDEX "task_customer_state_due" ON "task" ("customer_id", "state", "due_at")',
    'CREATE INDEX "task_contact_id" ON "task" ("contact_id")',
    'CREATE INDEX "task_owner_state_due" ON "task" ("owner_id", "state", "due_at")',
    'CREATE TABLE "template" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "name" VARCHAR(255) NOT NULL, "channel" VARCHAR(255) NOT NULL, "language" VARCHAR(255) NOT NULL, "body" TEXT NOT NULL, "purpose" VARCHAR(255) NOT NULL)',
    'CREATE TABLE "outbound" ("id" VARCHAR(255) NOT NULL PRIMARY KEY, "contact_id" VARCHAR(255), "event_id" VARCHAR(255) NOT NULL, "channel" VARCHAR(255) NOT NULL, "recipient" VARCHAR(255) NOT NULL, "subject" VARCHAR(255) NOT NULL, "body" TEXT NOT NULL, "state" VARCHAR(255) NOT NULL, "created_at" INTEGER NOT NULL, "sent_at" INTEGER, FOREIGN KEY ("contact_id") REFERENCES "contact" ("id"))',
    'CREATE INDEX "outbound_contact_id" ON "outbound" ("contact_id")',
    'CREATE UNIQUE INDEX "outbound_event_id" ON "outbound" ("event_id")',
    'CREATE TABLE "outbox" ("mutation_id" INTEGER NOT NULL PRIMARY KEY, "id" VARCHAR(255) NOT NULL, "name" VARCHAR(255) NOT NULL, "version" INTEGER NOT NULL, "args" TEXT NOT NULL, "agent_id" VARCHAR(255), "hlc" VARCHAR(255) NOT NULL, "created_at" INTEGER NOT NULL, "state" VARCHAR(255) NOT NULL, "reason" TEXT NOT NULL)',
    'CREATE UNIQUE INDEX "outbox_id" ON "outbox" ("id")',
    'CREATE INDEX "outbox_state" ON "outbox" ("state", "mutation_id")',
    'CREATE TABLE "audit" ("seq" INTEGER NOT NULL PRIMARY KEY, "at" INTEGER NOT NULL, "agent_id" VARCHAR(255), "action" VARCHAR(255) NOT NULL, "entity" VARCHAR(255) NOT NULL, "entity_id" VARCHAR(255) NOT NULL, "detail" TEXT NOT NULL)',
    # Full-text index over message text; kept in step with event by triggers.
    'CREATE VIRTUAL TABLE "message_fts" USING fts5 ("subject", "body", content="event", content_rowid="seq", tokenize="unicode61 remove_diacritics 2")',
    'CREATE TRIGGER "event_fts_ai" AFTER INSERT ON "event" BEGIN INSERT INTO message_fts(rowid, subject, body) VALUES (new.seq, new.subject, new.body); END',
    'CREATE TRIGGER "event_fts_ad" AFTER DELETE ON "event" BEGIN INSERT INTO message_fts(message_fts, rowid, subject, body) VALUES (\'delete\', old.seq, old.subject, old.body); END',
    'CREATE TRIGGER "event_fts_au" AFTER UPDATE OF subject, body ON "event" BEGIN INSERT INTO message_fts(message_fts, rowid, subject, body) VALUES (\'delete\', old.seq, old.subject, old.body); INSERT INTO message_fts(rowid, subject, body) VALUES (new.seq, new.subject, new.body); END',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
