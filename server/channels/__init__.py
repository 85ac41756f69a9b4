"""Channels the sync server runs itself: server-run mailboxes (IMAP in, SMTP out), the
sealing of their secrets, and the webhook gateway of intake integrations."""
