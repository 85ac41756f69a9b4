"""What the customer card's header says, as text for its labels: the badges, when it is
for them and since when they are a customer, the ways to reach them (click to call or
mail, remove a wrong one), the next best actions and the merge suggestions. Plain
functions of the card read on the database thread; ui/customer_card.py sets the labels
(only those whose text changed)."""

from __future__ import annotations

import html
from collections import Counter
from datetime import datetime

from PySide6.QtCore import QCoreApplication

from desktop.card import Card, CardView, MergeCandidate, local_time
from desktop.identity import display_phone
from ui.formatting import clock, month
from ui.i18n import user_text


def tr(text: str) -> str:
    return QCoreApplication.translate("CustomerCard", text)


def badges_html(card: Card) -> str:
    c = card.customer
    badges = []
    if c.vip or "vip" in card.tags:
        badges.append('<span style="background:#BF8700;color:white">&nbsp;VIP&nbsp;</span>')
    if c.influencer:
        handles = [i.network for i in card.identities if i.kind == "handle" and i.network]
        where = f" on {', '.join(sorted(set(handles)))}" if handles else ""
        badges.append(
            f'<span style="background:#D1246F;color:white">&nbsp;Influencer · '
            f"{c.reach:,} followers{html.escape(where)}&nbsp;</span>"
        )
    if c.do_not_contact:
        badges.append(
            '<span style="background:#CF222E;color:white">&nbsp;Do not contact&nbsp;</span>'
        )
    other_tags = [t for t in card.tags if t != "vip"]
    if other_tags:
        badges.append(html.escape(" ".join(f"#{t}" for t in other_tags)))
    return " ".join(badges)


def meta_text(card: Card, now: datetime) -> str:
    c = card.customer
    meta = []
    their_time = local_time(c, now)
    if their_time is not None:
        meta.append(
            tr("Their time {time} ({zone})").format(time=clock(their_time), zone=c.timezone)
        )
    if c.locale:
        meta.append(tr("Language: {language}").format(language=c.locale))
    meta.append(tr("Customer since {since}").format(since=month(c.created_at)))
    return " · ".join(meta)


def identities_html(card: Card) -> str:
    links = []
    # a wrong address can be removed; the last way to reach a customer stays (a merged
    # card shows the identities of every customer of the group)
    per_customer = Counter(i.customer_id for i in card.identities)
    remove = ' <a href="remove:{}" style="color:#8C959F;text-decoration:none">✕</a>'
    for ident in card.identities:
        value = html.escape(ident.value)
        if ident.kind == "phone":
            links.append(f'☎ <a href="tel:{value}">{html.escape(display_phone(ident.value))}</a>')
        elif ident.kind == "email":
            links.append(f'@ <a href="mailto:{value}">{value}</a>')
        elif ident.kind == "handle":
            network, _, name = ident.value.partition(":")
            links.append(f"# {html.escape(network)} @{html.escape(name)}")
        else:
            links.append(f"{html.escape(ident.kind)} {value}")
        if per_customer[ident.customer_id] > 1:
            links[-1] += remove.format(html.escape(ident.id))
    return " &nbsp;&nbsp; ".join(links)


def actions_html(view: CardView) -> str:
    return "<br>".join(html.escape(user_text(a)) for a in view.actions)


def merges_html(view: CardView, candidates: dict[str, MergeCandidate]) -> str:
    """The merge suggestions (the first three of ``candidates``) and the merges made."""
    lines = []
    for m in list(candidates.values())[:3]:
        evidence = html.escape("; ".join(m.evidence))
        dismiss = (
            f' · <a href="dismiss:{m.suggestion_id}">not the same person</a>'
            if m.suggestion_id
            else ""
        )
        lines.append(
            f"Possible duplicate: <b>{html.escape(m.name)}</b> ({evidence}, "
            f"confidence {m.confidence:.0%}) — "
            f'<a href="merge:{m.customer_id}">merge into this card</a>{dismiss}'
        )
    if len(candidates) > 3:
        lines.append(f"… and {len(candidates) - 3} more possible duplicates")
    for record in view.merges:
        name = record["name"]
        lines.append(
            f"Merged with {html.escape(name)} on {record['at']} — "
            f'<a href="unmerge:{record["merge_id"]}">split back</a>'
        )
    return "<br>".join(lines)
