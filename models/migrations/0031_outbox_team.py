"""An outbox intent remembers the team its new rows belong to (issue 16): a desktop signed
in to several teams says which one a new customer or follow-up is for (the team chosen
in the window, or the team of the contact it is about). '' says nothing: the server
decides (the row the intent names, else the account's home team)."""

STATEMENTS = [
    'ALTER TABLE "outbox" ADD COLUMN "team" VARCHAR(64) NOT NULL DEFAULT \'\'',
]


def up(migrator, db):
    for statement in STATEMENTS:
        db.execute_sql(statement)
