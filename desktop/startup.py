"""A lean start for the command line: no PostgreSQL or MySQL driver in a desktop process.

peewee imports psycopg at its own import when it is installed, and playhouse.migrate
(which the desktop's migrations run on) pulls in playhouse.postgres_ext, which imports
it again with its type adapters: together more than a third of a command's start-up,
for a driver the desktop never uses (it only opens SQLite). ``hide_server_drivers()``
marks those drivers as absent for this process, so those imports take the ImportError
branch they already have. Only the ``lastmile`` program calls it (ui/main.py when run
as the program): a process that also runs the server (the tests) is left alone.
"""

from __future__ import annotations

import sys

HIDDEN = ("psycopg", "psycopg2", "psycopg2cffi", "pymysql", "MySQLdb")


def hide_server_drivers() -> None:
    if "peewee" in sys.modules:
        return  # too late: peewee has its drivers already
    for name in HIDDEN:
        if name not in sys.modules:
            sys.modules[name] = None  # type: ignore[assignment]  # import raises ImportError
