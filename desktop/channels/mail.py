"""The mail parser: in :mod:`models.mail` (pure, standard library only), shared with the
sync server's mailboxes (server/channels/mail.py); imported from here as before."""

from models.mail import UNREADABLE, mail_attachments, parse_mail

__all__ = ["UNREADABLE", "mail_attachments", "parse_mail"]
