"""What the main window does, one controller per concern.

ui/main_window.py builds the widgets and connects their signals to these:

- queue.py      the queue: filters, the selected contact, counts, applying changes
- teams.py      the team picker of an account in several teams (the queue's team, and
                the team of what is created here)
- contacts.py   actions on the selected contact (take, hand back, status, reply, note,
                call log, follow-up), Next contact and presence
- customers.py  actions on the customer card (edit, merge, split back, invoices,
                follow-ups on the card)
- offers.py     routing offers (the 3 s offer timer and the offer dialog)
- search.py     the search box and its result list
- attention.py  SLA alerts and follow-ups due (the attention button and its list)
- callpop.py    incoming calls from the telephony bridge, unknown callers
- server.py     the server button: sign in, sign out, sync now, the sync status
- timers.py     the clocks (countdowns, other processes' commits, the rules sweep) and
                the background services of a live workspace (backups, integrity check)
- training.py   the practice window and the training panel

Each controller holds the window (``self.win``) and reads what it needs from it at the
moment it acts (the signed-in actor can change while the window is open).
"""
