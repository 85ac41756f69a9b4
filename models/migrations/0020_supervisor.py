"""The supervisor desk's figures (issue 13): covering indexes, so each KPI is an index
scan that never reads the contact rows (desktop/supervisor.py)."""

from peewee import Database
from playhouse.migrate import SchemaMigrator

COMPLAINT_WHERE = (
    "status <> 'resolved' AND (sentiment <= -0.3 OR subject || ' ' || preview LIKE '%complain%'"
    " OR subject || ' ' || preview LIKE '%refund%' OR subject || ' ' || preview LIKE "
    "'%never again%' OR subject || ' ' || preview LIKE '%unacceptable%' OR subject || ' ' || "
    "preview LIKE '%disappointed%' OR subject || ' ' || preview LIKE '%#fail%')"
)

STATEMENTS = [
    # the backlog by channel, skill, age, holder and SLA state: one scan of the open ones
    'CREATE INDEX "contact_open_kpi" ON "contact" ("channel", "skill", "status", "received_at", '
    '"assigned_to_id", "first_response_at", "due_at") WHERE "status" <> \'resolved\'',
    # response times and SLA compliance of the contacts received in a period (replaced by
    # 0021's index that leads with the channel)
    'CREATE INDEX "contact_received_kpi" ON "contact" ("received_at", "channel", '
    '"assigned_to_id", "status", "first_response_at", "resolved_at", "due_at")',
    # open complaints (the same clause as desktop.supervisor.COMPLAINT_WHERE)
    f'CREATE INDEX "contact_open_complaint" ON "contact" ("received_at", "assigned_to_id") '
    f"WHERE {COMPLAINT_WHERE}",
    # acknowledgements: which waiting contacts got one
    'CREATE INDEX "event_ack" ON "event" ("contact_id", "at") WHERE "kind" = \'ack\'',
    'CREATE INDEX "event_ack_at" ON "event" ("at", "contact_id") WHERE "kind" = \'ack\'',
]


def up(migrator: SchemaMigrator, db: Database) -> None:
    for statement in STATEMENTS:
        db.execute_sql(statement)
