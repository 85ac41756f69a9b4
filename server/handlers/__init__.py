"""The server's intent handlers, by domain; each module registers its handlers with
:func:`server.apply.handles` when imported (server/apply.py imports them all)."""
