<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
  <context>
    <name>Accessibility</name>
    <message>
      <source>Channel</source>
      <translation>Kanal</translation>
    </message>
    <message>
      <source>Show the queue of one channel</source>
      <translation>Die Warteschlange eines Kanals zeigen</translation>
    </message>
    <message>
      <source>Skill</source>
      <translation>Fähigkeit</translation>
    </message>
    <message>
      <source>Show the queue of one skill</source>
      <translation>Die Warteschlange einer Fähigkeit zeigen</translation>
    </message>
    <message>
      <source>Status filter</source>
      <translation>Statusfilter</translation>
    </message>
    <message>
      <source>Open and waiting, or one status</source>
      <translation>Offen und wartend, oder ein Status</translation>
    </message>
    <message>
      <source>Assigned to</source>
      <translation>Zugewiesen an</translation>
    </message>
    <message>
      <source>Anyone, mine or unassigned</source>
      <translation>Alle, meine oder nicht zugewiesene</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>Suche</translation>
    </message>
    <message>
      <source>Customers by name, email or phone, and messages</source>
      <translation>Kunden nach Name, E-Mail oder Telefon, und Nachrichten</translation>
    </message>
    <message>
      <source>Presence</source>
      <translation>Anwesenheit</translation>
    </message>
    <message>
      <source>Only available agents get contacts</source>
      <translation>Nur verfügbare Agenten bekommen Kontakte</translation>
    </message>
    <message>
      <source>Queue</source>
      <translation>Warteschlange</translation>
    </message>
    <message>
      <source>Contacts waiting, oldest first</source>
      <translation>Wartende Kontakte, älteste zuerst</translation>
    </message>
    <message>
      <source>Search results</source>
      <translation>Suchergebnisse</translation>
    </message>
    <message>
      <source>Message</source>
      <translation>Nachricht</translation>
    </message>
    <message>
      <source>What the customer wrote</source>
      <translation>Was der Kunde geschrieben hat</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Open, waiting on the customer, or resolved</source>
      <translation>Offen, wartet auf den Kunden, oder erledigt</translation>
    </message>
    <message>
      <source>Template</source>
      <translation>Vorlage</translation>
    </message>
    <message>
      <source>Inserted at the cursor</source>
      <translation>Wird an der Schreibmarke eingefügt</translation>
    </message>
    <message>
      <source>Reply</source>
      <translation>Antwort</translation>
    </message>
    <message>
      <source>Ctrl+Enter sends; Ctrl+Shift+Enter keeps it as a note</source>
      <translation>Strg+Eingabe sendet; Strg+Umschalt+Eingabe behält es als Notiz</translation>
    </message>
    <message>
      <source>Follow-up title</source>
      <translation>Wiedervorlage: Titel</translation>
    </message>
    <message>
      <source>Follow-up due</source>
      <translation>Wiedervorlage: fällig</translation>
    </message>
    <message>
      <source>When the follow-up is due</source>
      <translation>Wann die Wiedervorlage fällig ist</translation>
    </message>
    <message>
      <source>Customer card</source>
      <translation>Kundenkarte</translation>
    </message>
    <message>
      <source>History, purchases, invoices, follow-ups</source>
      <translation>Verlauf, Käufe, Rechnungen, Wiedervorlagen</translation>
    </message>
    <message>
      <source>Show in the history</source>
      <translation>Im Verlauf zeigen</translation>
    </message>
    <message>
      <source>History</source>
      <translation>Verlauf</translation>
    </message>
    <message>
      <source>Everything with this customer, newest first</source>
      <translation>Alles mit diesem Kunden, neueste zuerst</translation>
    </message>
    <message>
      <source>History item</source>
      <translation>Verlaufseintrag</translation>
    </message>
    <message>
      <source>The selected item in full</source>
      <translation>Der gewählte Eintrag vollständig</translation>
    </message>
    <message>
      <source>Purchases</source>
      <translation>Käufe</translation>
    </message>
    <message>
      <source>Invoices</source>
      <translation>Rechnungen</translation>
    </message>
    <message>
      <source>Follow-ups</source>
      <translation>Wiedervorlagen</translation>
    </message>
  </context>
  <context>
    <name>AdminAgents</name>
    <message>
      <source>New agent…</source>
      <translation>Neuer Agent…</translation>
    </message>
    <message>
      <source>Login</source>
      <translation>Anmeldename</translation>
    </message>
    <message>
      <source>Display name</source>
      <translation>Anzeigename</translation>
    </message>
    <message>
      <source>Only an admin changes roles</source>
      <translation>Nur ein Admin ändert Rollen</translation>
    </message>
    <message>
      <source>Role</source>
      <translation>Rolle</translation>
    </message>
    <message>
      <source>Team</source>
      <translation>Team</translation>
    </message>
    <message>
      <source>Skills (level 1 learning · 2 confident · 3 expert)</source>
      <translation>Fähigkeiten (Stufe 1 lernt · 2 sicher · 3 Experte)</translation>
    </message>
    <message>
      <source>Skill</source>
      <translation>Fähigkeit</translation>
    </message>
    <message>
      <source>Level</source>
      <translation>Stufe</translation>
    </message>
    <message>
      <source>Add skill</source>
      <translation>Fähigkeit hinzufügen</translation>
    </message>
    <message>
      <source>Remove skill</source>
      <translation>Fähigkeit entfernen</translation>
    </message>
    <message>
      <source>Capacity: contacts at once, per channel (0: none)</source>
      <translation>Kapazität: gleichzeitige Kontakte je Kanal (0: keine)</translation>
    </message>
    <message>
      <source>Save agent</source>
      <translation>Agent speichern</translation>
    </message>
    <message>
      <source>Saved {login}.</source>
      <translation>{login} gespeichert.</translation>
    </message>
    <message>
      <source>Added {login}: give them skills and save.</source>
      <translation>{login} hinzugefügt: Fähigkeiten vergeben und speichern.</translation>
    </message>
    <message>
      <source>New agent</source>
      <translation>Neuer Agent</translation>
    </message>
    <message>
      <source>e.g. maria</source>
      <translation>z. B. maria</translation>
    </message>
    <message>
      <source>e.g. Maria Costa (used in replies)</source>
      <translation>z. B. Maria Costa (steht in Antworten)</translation>
    </message>
  </context>
  <context>
    <name>AdminAlerts</name>
    <message>
      <source>Negativity spike</source>
      <translation>Negativitätsspitze</translation>
    </message>
    <message>
      <source>Volume spike</source>
      <translation>Aufkommensspitze</translation>
    </message>
    <message>
      <source>Keyword chatter</source>
      <translation>Stichwort-Häufung</translation>
    </message>
    <message>
      <source>Influencer mention</source>
      <translation>Erwähnung durch Influencer</translation>
    </message>
    <message>
      <source>Remove rule</source>
      <translation>Regel entfernen</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Art</translation>
    </message>
    <message>
      <source>Every channel</source>
      <translation>Jeder Kanal</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>Kanal</translation>
    </message>
    <message>
      <source>competitor, outage, refund (comma-separated)</source>
      <translation>Wettbewerber, Störung, Erstattung (durch Kommas getrennt)</translation>
    </message>
    <message>
      <source>Words</source>
      <translation>Wörter</translation>
    </message>
    <message>
      <source>twitter:handle, … (influencer rules)</source>
      <translation>twitter:konto, … (Influencer-Regeln)</translation>
    </message>
    <message>
      <source>Watch list</source>
      <translation>Beobachtungsliste</translation>
    </message>
    <message>
      <source>empty: 2× the baseline, or 10,000 followers for influencers</source>
      <translation>leer: 2× die Grundlinie, bei Influencern 10.000 Follower</translation>
    </message>
    <message>
      <source>Threshold</source>
      <translation>Schwelle</translation>
    </message>
    <message>
      <source>Add rule</source>
      <translation>Regel hinzufügen</translation>
    </message>
    <message>
      <source>No alert rules yet: add one on the right.</source>
      <translation>Noch keine Alarmregeln: rechts eine hinzufügen.</translation>
    </message>
    <message>
      <source>The threshold {text!r} is not a number.</source>
      <translation>Die Schwelle {text!r} ist keine Zahl.</translation>
    </message>
    <message>
      <source>Alert rule added; it travels to the team with the next sync.</source>
      <translation>Alarmregel hinzugefügt; sie erreicht das Team mit der nächsten Synchronisierung.</translation>
    </message>
    <message>
      <source>Alert rule removed.</source>
      <translation>Alarmregel entfernt.</translation>
    </message>
  </context>
  <context>
    <name>AdminDialog</name>
    <message>
      <source>Agents</source>
      <translation>Agenten</translation>
    </message>
    <message>
      <source>Alert rules</source>
      <translation>Alarmregeln</translation>
    </message>
    <message>
      <source>Lastmile — administration</source>
      <translation>Lastmile — Verwaltung</translation>
    </message>
    <message>
      <source>Business hours</source>
      <translation>Geschäftszeiten</translation>
    </message>
    <message>
      <source>SLA targets</source>
      <translation>SLA-Ziele</translation>
    </message>
    <message>
      <source>Routing and automation</source>
      <translation>Verteilung und Automatik</translation>
    </message>
  </context>
  <context>
    <name>AdminHours</name>
    <message>
      <source>Time zone</source>
      <translation>Zeitzone</translation>
    </message>
    <message>
      <source>e.g. DE, US, BR (empty: no public holidays)</source>
      <translation>z. B. DE, US, BR (leer: keine Feiertage)</translation>
    </message>
    <message>
      <source>Public holidays of</source>
      <translation>Feiertage von</translation>
    </message>
    <message>
      <source>Opening hours (local time; e.g. 09:00-12:00, 13:00-17:00; empty: closed)</source>
      <translation>Öffnungszeiten (Ortszeit; z. B. 09:00-12:00, 13:00-17:00; leer: geschlossen)</translation>
    </message>
    <message>
      <source>closed</source>
      <translation>geschlossen</translation>
    </message>
    <message>
      <source>Phone and chat are answered around the clock (their SLA runs in real minutes); the other channels' SLA runs in these hours.</source>
      <translation>Telefon und Chat werden rund um die Uhr beantwortet (ihr SLA läuft in echten Minuten); das SLA der anderen Kanäle läuft in diesen Zeiten.</translation>
    </message>
    <message>
      <source>Save hours</source>
      <translation>Zeiten speichern</translation>
    </message>
    <message>
      <source>Public holidays in the next 12 months</source>
      <translation>Feiertage in den nächsten 12 Monaten</translation>
    </message>
    <message>
      <source>No public holidays: every weekday is a working day.</source>
      <translation>Keine Feiertage: jeder Wochentag ist ein Arbeitstag.</translation>
    </message>
    <message>
      <source>Business hours saved: contacts from now on are due by these hours.</source>
      <translation>Geschäftszeiten gespeichert: neue Kontakte werden ab jetzt nach diesen Zeiten fällig.</translation>
    </message>
  </context>
  <context>
    <name>AdminSettings</name>
    <message>
      <source>First response</source>
      <translation>Erste Antwort</translation>
    </message>
    <message>
      <source>Next response</source>
      <translation>Nächste Antwort</translation>
    </message>
    <message>
      <source>Resolution</source>
      <translation>Lösung</translation>
    </message>
    <message>
      <source>Minutes until a contact is due, per channel: business minutes (the center's hours) for e-mail, web form, SMS, social, fax and sessions; real minutes for phone and chat. A higher priority divides the target (priority 1: half).</source>
      <translation>Minuten bis ein Kontakt fällig ist, je Kanal: Geschäftsminuten (nach den Zeiten des Centers) für E-Mail, Webformular, SMS, Social, Fax und Sitzungen; echte Minuten für Telefon und Chat. Eine höhere Priorität teilt das Ziel (Priorität 1: die Hälfte).</translation>
    </message>
    <message>
      <source>Warn the agent this long before a breach</source>
      <translation>Den Agenten so lange vor einer Überschreitung warnen</translation>
    </message>
    <message>
      <source>Save SLA targets</source>
      <translation>SLA-Ziele speichern</translation>
    </message>
    <message>
      <source>SLA targets saved: contacts from now on are due by them.</source>
      <translation>SLA-Ziele gespeichert: neue Kontakte werden ab jetzt danach fällig.</translation>
    </message>
    <message>
      <source>Routing: offer a contact to lower skill levels after</source>
      <translation>Verteilung: einen Kontakt niedrigeren Stufen anbieten nach</translation>
    </message>
    <message>
      <source>Routing: an offer waits for an answer</source>
      <translation>Verteilung: ein Angebot wartet auf Antwort</translation>
    </message>
    <message>
      <source>Acknowledgements: at most one per address within</source>
      <translation>Eingangsbestätigungen: höchstens eine je Adresse innerhalb von</translation>
    </message>
    <message>
      <source>Follow-ups: a new follow-up is due after</source>
      <translation>Wiedervorlagen: eine neue Wiedervorlage ist fällig nach</translation>
    </message>
    <message>
      <source>Invoices: remind when overdue by (0: never)</source>
      <translation>Rechnungen: erinnern bei Überfälligkeit von (0: nie)</translation>
    </message>
    <message>
      <source>Backups: every</source>
      <translation>Sicherungen: alle</translation>
    </message>
    <message>
      <source>Backups: keep the newest</source>
      <translation>Sicherungen: die neuesten behalten</translation>
    </message>
    <message>
      <source>Routing and automation</source>
      <translation>Verteilung und Automatik</translation>
    </message>
    <message>
      <source>Acknowledge new written contacts automatically, with the promise</source>
      <translation>Neue schriftliche Kontakte automatisch bestätigen, mit dem Versprechen</translation>
    </message>
    <message>
      <source>Preferred skill level per skill (routing offers a contact to agents at this level first)</source>
      <translation>Bevorzugte Stufe je Fähigkeit (die Verteilung bietet einen Kontakt zuerst Agenten dieser Stufe an)</translation>
    </message>
    <message>
      <source>Skill</source>
      <translation>Fähigkeit</translation>
    </message>
    <message>
      <source>Preferred level</source>
      <translation>Bevorzugte Stufe</translation>
    </message>
    <message>
      <source>Save settings</source>
      <translation>Einstellungen speichern</translation>
    </message>
    <message>
      <source>Routing and automation settings saved.</source>
      <translation>Einstellungen für Verteilung und Automatik gespeichert.</translation>
    </message>
  </context>
  <context>
    <name>AdminTemplates</name>
    <message>
      <source>New template</source>
      <translation>Neue Vorlage</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>Every channel</source>
      <translation>Jeder Kanal</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>Kanal</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Sprache</translation>
    </message>
    <message>
      <source>Reply</source>
      <translation>Antwort</translation>
    </message>
    <message>
      <source>Acknowledgement (automatic)</source>
      <translation>Eingangsbestätigung (automatisch)</translation>
    </message>
    <message>
      <source>Purpose</source>
      <translation>Zweck</translation>
    </message>
    <message>
      <source>Insert a placeholder…</source>
      <translation>Platzhalter einfügen…</translation>
    </message>
    <message>
      <source>Hello {customer.first_name}, …</source>
      <translation>Hallo {customer.first_name}, …</translation>
    </message>
    <message>
      <source>Preview for</source>
      <translation>Vorschau für</translation>
    </message>
    <message>
      <source>search a customer by name, e-mail, phone</source>
      <translation>Kunden nach Name, E-Mail, Telefon suchen</translation>
    </message>
    <message>
      <source>Delete…</source>
      <translation>Löschen…</translation>
    </message>
    <message>
      <source>Save template</source>
      <translation>Vorlage speichern</translation>
    </message>
    <message>
      <source>any channel</source>
      <translation>jeder Kanal</translation>
    </message>
    <message>
      <source>ack</source>
      <translation>Bestätigung</translation>
    </message>
    <message>
      <source>reply</source>
      <translation>Antwort</translation>
    </message>
    <message>
      <source>Add template</source>
      <translation>Vorlage hinzufügen</translation>
    </message>
    <message>
      <source>Added “{name}”.</source>
      <translation>„{name}“ hinzugefügt.</translation>
    </message>
    <message>
      <source>Saved “{name}”.</source>
      <translation>„{name}“ gespeichert.</translation>
    </message>
    <message>
      <source>Delete template?</source>
      <translation>Vorlage löschen?</translation>
    </message>
    <message>
      <source>Delete the template “{name}”? Agents no longer see it.</source>
      <translation>Die Vorlage „{name}“ löschen? Agenten sehen sie dann nicht mehr.</translation>
    </message>
    <message>
      <source>Deleted “{name}”.</source>
      <translation>„{name}“ gelöscht.</translation>
    </message>
    <message>
      <source>— no customer (agent only) —</source>
      <translation>— kein Kunde (nur Agent) —</translation>
    </message>
    <message>
      <source>Unknown placeholder: {placeholders} — saving is refused; use one from the list above.</source>
      <translation>Unbekannter Platzhalter: {placeholders} — Speichern wird abgelehnt; nehmen Sie einen aus der Liste oben.</translation>
    </message>
    <message>
      <source>no customer</source>
      <translation>kein Kunde</translation>
    </message>
    <message>
      <source>No value for {placeholders} with {who}: an agent replying to such a customer is asked to fill it in.</source>
      <translation>Kein Wert für {placeholders} bei {who}: ein Agent, der so einem Kunden antwortet, wird gebeten, ihn auszufüllen.</translation>
    </message>
    <message>
      <source>Every placeholder has a value for this customer.</source>
      <translation>Jeder Platzhalter hat für diesen Kunden einen Wert.</translation>
    </message>
  </context>
  <context>
    <name>Attention</name>
    <message>
      <source>Observed {o} in {m} min; baseline {b} ({how}); p = {p}</source>
      <translation>Beobachtet {o} in {m} Min.; Basis {b} ({how}); p = {p}</translation>
    </message>
    <message>
      <source>Followers: {f:,} (threshold {t:,})</source>
      <translation>Follower: {f:,} (Schwelle {t:,})</translation>
    </message>
    <message>
      <source>{n} contact(s) as evidence</source>
      <translation>{n} Kontakt(e) als Beleg</translation>
    </message>
    <message>
      <source>Right-click to acknowledge</source>
      <translation>Rechtsklick zum Bestätigen</translation>
    </message>
    <message>
      <source>Acknowledge</source>
      <translation>Bestätigen</translation>
    </message>
    <message>
      <source>Alert acknowledged.</source>
      <translation>Alarm bestätigt.</translation>
    </message>
  </context>
  <context>
    <name>AttentionController</name>
    <message numerus="yes">
      <source>⚠ %n alert(s)</source>
      <translation>
        <numerusform>⚠ %n Warnung</numerusform>
        <numerusform>⚠ %n Warnungen</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>⚑ %n follow-up(s) due</source>
      <translation>
        <numerusform>⚑ %n Wiedervorlage fällig</numerusform>
        <numerusform>⚑ %n Wiedervorlagen fällig</numerusform>
      </translation>
    </message>
    <message>
      <source>Nothing needs you right now.</source>
      <translation>Gerade braucht Sie nichts.</translation>
    </message>
  </context>
  <context>
    <name>AuditPanel</name>
    <message>
      <source>Everyone</source>
      <translation>Alle</translation>
    </message>
    <message>
      <source>Whose actions</source>
      <translation>Wessen Aktionen</translation>
    </message>
    <message>
      <source>Every action</source>
      <translation>Jede Aktion</translation>
    </message>
    <message>
      <source>all time</source>
      <translation>gesamter Zeitraum</translation>
    </message>
    <message>
      <source>Contact, customer or words in the detail</source>
      <translation>Kontakt, Kunde oder Wörter im Detail</translation>
    </message>
    <message>
      <source>Agent:</source>
      <translation>Agent:</translation>
    </message>
    <message>
      <source>Action:</source>
      <translation>Aktion:</translation>
    </message>
    <message>
      <source>Period:</source>
      <translation>Zeitraum:</translation>
    </message>
    <message>
      <source>When</source>
      <translation>Wann</translation>
    </message>
    <message>
      <source>Agent</source>
      <translation>Agent</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>Aktion</translation>
    </message>
    <message>
      <source>On</source>
      <translation>Betrifft</translation>
    </message>
    <message>
      <source>Id</source>
      <translation>ID</translation>
    </message>
    <message>
      <source>Detail</source>
      <translation>Detail</translation>
    </message>
    <message>
      <source>reading…</source>
      <translation>lese…</translation>
    </message>
    <message>
      <source>(automatic)</source>
      <translation>(automatisch)</translation>
    </message>
    <message>
      <source> (the newest {n}; narrow the filters for older ones)</source>
      <translation> (die neuesten {n}; für ältere die Filter eingrenzen)</translation>
    </message>
    <message>
      <source>1 line</source>
      <translation>1 Zeile</translation>
    </message>
    <message>
      <source>{n} lines</source>
      <translation>{n} Zeilen</translation>
    </message>
  </context>
  <context>
    <name>CallPopController</name>
    <message>
      <source>☎ Incoming call{where} from {name} ({display})</source>
      <translation>☎ Eingehender Anruf{where} von {name} ({display})</translation>
    </message>
    <message>
      <source>No open contact of {name} is selected: the card shows them; log the call from their card or pick one of their contacts</source>
      <translation>Kein offener Kontakt von {name} ist ausgewählt: die Karte zeigt den Kunden; protokollieren Sie den Anruf auf seiner Karte oder wählen Sie einen seiner Kontakte</translation>
    </message>
    <message>
      <source>this caller</source>
      <translation>diesem Anrufer</translation>
    </message>
  </context>
  <context>
    <name>Channels</name>
    <message>
      <source>Email</source>
      <translation>E-Mail</translation>
    </message>
    <message>
      <source>Phone</source>
      <translation>Telefon</translation>
    </message>
    <message>
      <source>Fax</source>
      <translation>Fax</translation>
    </message>
    <message>
      <source>Chat</source>
      <translation>Chat</translation>
    </message>
    <message>
      <source>Web form</source>
      <translation>Webformular</translation>
    </message>
    <message>
      <source>SMS</source>
      <translation>SMS</translation>
    </message>
    <message>
      <source>Social</source>
      <translation>Social Media</translation>
    </message>
    <message>
      <source>Session</source>
      <translation>Sitzung</translation>
    </message>
    <message>
      <source>Commerce</source>
      <translation>Shop</translation>
    </message>
  </context>
  <context>
    <name>Chart</name>
    <message>
      <source>No data yet</source>
      <translation>Noch keine Daten</translation>
    </message>
  </context>
  <context>
    <name>ContactActions</name>
    <message>
      <source>You are not available: set your presence to Available to get contacts.</source>
      <translation>Sie sind nicht verfügbar: setzen Sie Ihre Anwesenheit auf Verfügbar, um Kontakte zu bekommen.</translation>
    </message>
    <message>
      <source>Nothing waiting for your skills right now (or your capacity is full).</source>
      <translation>Gerade wartet nichts für Ihre Fähigkeiten (oder Ihre Kapazität ist voll).</translation>
    </message>
  </context>
  <context>
    <name>ContactPanel</name>
    <message>
      <source>open</source>
      <translation>offen</translation>
    </message>
    <message>
      <source>waiting</source>
      <translation>wartet</translation>
    </message>
    <message>
      <source>resolved</source>
      <translation>erledigt</translation>
    </message>
    <message>
      <source>outbound</source>
      <translation>ausgehend</translation>
    </message>
    <message>
      <source>inbound</source>
      <translation>eingehend</translation>
    </message>
    <message>
      <source>completed</source>
      <translation>abgeschlossen</translation>
    </message>
    <message>
      <source>no answer</source>
      <translation>keine Antwort</translation>
    </message>
    <message>
      <source>voicemail</source>
      <translation>Mailbox</translation>
    </message>
    <message>
      <source>failed</source>
      <translation>fehlgeschlagen</translation>
    </message>
    <message>
      <source>dropped</source>
      <translation>abgebrochen</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>Wird geladen…</translation>
    </message>
    <message>
      <source>Take it</source>
      <translation>Übernehmen</translation>
    </message>
    <message>
      <source>Take this contact (Ctrl+T)</source>
      <translation>Diesen Kontakt übernehmen (Strg+T)</translation>
    </message>
    <message>
      <source>Hand back</source>
      <translation>Zurückgeben</translation>
    </message>
    <message>
      <source>Status: open, waiting on the customer, resolved</source>
      <translation>Status: offen, wartet auf den Kunden, erledigt</translation>
    </message>
    <message>
      <source>Log call…</source>
      <translation>Anruf notieren…</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Template</source>
      <translation>Vorlage</translation>
    </message>
    <message>
      <source>Write a reply, or an internal note… (Ctrl+Enter sends)</source>
      <translation>Antwort oder interne Notiz schreiben… (Strg+Eingabe sendet)</translation>
    </message>
    <message>
      <source>Reply</source>
      <translation>Antwort</translation>
    </message>
    <message>
      <source>Add internal note</source>
      <translation>Interne Notiz hinzufügen</translation>
    </message>
    <message>
      <source>Send reply</source>
      <translation>Antwort senden</translation>
    </message>
    <message>
      <source>Send (practice)</source>
      <translation>Senden (Übung)</translation>
    </message>
    <message>
      <source>Follow-up</source>
      <translation>Wiedervorlage</translation>
    </message>
    <message>
      <source>e.g. Check the refund arrived</source>
      <translation>z. B. Prüfen, ob die Erstattung angekommen ist</translation>
    </message>
    <message>
      <source>Set follow-up</source>
      <translation>Wiedervorlage setzen</translation>
    </message>
    <message>
      <source>Select a contact in the queue</source>
      <translation>Wählen Sie einen Kontakt in der Warteschlange</translation>
    </message>
    <message>
      <source>(no subject)</source>
      <translation>(kein Betreff)</translation>
    </message>
    <message>
      <source>you</source>
      <translation>Ihnen</translation>
    </message>
    <message>
      <source>nobody yet</source>
      <translation>noch niemandem</translation>
    </message>
    <message>
      <source>from {customer}</source>
      <translation>von {customer}</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>unbekannt</translation>
    </message>
    <message>
      <source>received {when} ({ago} ago)</source>
      <translation>eingegangen {when} (vor {ago})</translation>
    </message>
    <message>
      <source>skill {skill}</source>
      <translation>Fähigkeit {skill}</translation>
    </message>
    <message>
      <source>held by {holder}</source>
      <translation>liegt bei {holder}</translation>
    </message>
    <message>
      <source>waiting on the customer (SLA paused)</source>
      <translation>wartet auf den Kunden (SLA pausiert)</translation>
    </message>
    <message>
      <source>outcome: {outcome}</source>
      <translation>Ergebnis: {outcome}</translation>
    </message>
    <message>
      <source>sentiment: not scored</source>
      <translation>Stimmung: nicht bewertet</translation>
    </message>
    <message>
      <source>negative</source>
      <translation>negativ</translation>
    </message>
    <message>
      <source>positive</source>
      <translation>positiv</translation>
    </message>
    <message>
      <source>neutral</source>
      <translation>neutral</translation>
    </message>
    <message>
      <source>sentiment {score} {label}</source>
      <translation>Stimmung {score} {label}</translation>
    </message>
    <message>
      <source>— choose —</source>
      <translation>— auswählen —</translation>
    </message>
    <message>
      <source>a value marked [?…]</source>
      <translation>ein mit [?…] markierter Wert</translation>
    </message>
    <message>
      <source>Fill in before sending: {missing}</source>
      <translation>Vor dem Senden ausfüllen: {missing}</translation>
    </message>
    <message>
      <source>Follow up</source>
      <translation>Nachfassen</translation>
    </message>
    <message>
      <source>Log a call</source>
      <translation>Anruf protokollieren</translation>
    </message>
    <message>
      <source> min</source>
      <translation> Min.</translation>
    </message>
    <message>
      <source>What was said and agreed</source>
      <translation>Was besprochen und vereinbart wurde</translation>
    </message>
    <message>
      <source>Direction</source>
      <translation>Richtung</translation>
    </message>
    <message>
      <source>Length</source>
      <translation>Dauer</translation>
    </message>
    <message>
      <source>Outcome</source>
      <translation>Ergebnis</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>Zusammenfassung</translation>
    </message>
  </context>
  <context>
    <name>CustomerCard</name>
    <message>
      <source>Everything</source>
      <translation>Alles</translation>
    </message>
    <message>
      <source>Messages</source>
      <translation>Nachrichten</translation>
    </message>
    <message>
      <source>Calls</source>
      <translation>Anrufe</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>Notizen</translation>
    </message>
    <message>
      <source>Follow-ups</source>
      <translation>Wiedervorlagen</translation>
    </message>
    <message>
      <source>Purchases &amp; invoices</source>
      <translation>Käufe und Rechnungen</translation>
    </message>
    <message>
      <source>Failed sessions</source>
      <translation>Fehlgeschlagene Sitzungen</translation>
    </message>
    <message>
      <source>Loading…</source>
      <translation>Wird geladen…</translation>
    </message>
    <message>
      <source>Edit…</source>
      <translation>Bearbeiten…</translation>
    </message>
    <message>
      <source>Edit name, language, time zone, notes, flags and identities</source>
      <translation>Name, Sprache, Zeitzone, Notizen, Markierungen und Kennungen bearbeiten</translation>
    </message>
    <message>
      <source>Show</source>
      <translation>Anzeigen</translation>
    </message>
    <message>
      <source>Show in the history</source>
      <translation>Im Verlauf anzeigen</translation>
    </message>
    <message>
      <source>Select an item to read it in full.</source>
      <translation>Wählen Sie einen Eintrag, um ihn vollständig zu lesen.</translation>
    </message>
    <message>
      <source>History</source>
      <translation>Verlauf</translation>
    </message>
    <message>
      <source>Purchases</source>
      <translation>Käufe</translation>
    </message>
    <message>
      <source>Invoices</source>
      <translation>Rechnungen</translation>
    </message>
    <message>
      <source>Mark follow-up done</source>
      <translation>Wiedervorlage erledigt</translation>
    </message>
    <message>
      <source>Delete follow-up</source>
      <translation>Wiedervorlage löschen</translation>
    </message>
    <message>
      <source>Remove a follow-up that is no longer needed</source>
      <translation>Eine nicht mehr benötigte Wiedervorlage entfernen</translation>
    </message>
    <message>
      <source>No customer selected</source>
      <translation>Kein Kunde ausgewählt</translation>
    </message>
    <message>
      <source>Their time {time} ({zone})</source>
      <translation>Ortszeit {time} ({zone})</translation>
    </message>
    <message>
      <source>Language: {language}</source>
      <translation>Sprache: {language}</translation>
    </message>
    <message>
      <source>Customer since {since}</source>
      <translation>Kunde seit {since}</translation>
    </message>
    <message>
      <source>Follow-ups ({n})</source>
      <translation>Wiedervorlagen ({n})</translation>
    </message>
    <message>
      <source>Remove from the card?</source>
      <translation>Von der Karte entfernen?</translation>
    </message>
    <message>
      <source>Remove {shown} from {name}? New contacts from it are no longer matched to this customer; the history stays.</source>
      <translation>{shown} von {name} entfernen? Neue Kontakte darüber werden diesem Kunden nicht mehr zugeordnet; der Verlauf bleibt.</translation>
    </message>
  </context>
  <context>
    <name>CustomerDialogs</name>
    <message>
      <source>Incoming call from {display}</source>
      <translation>Eingehender Anruf von {display}</translation>
    </message>
    <message>
      <source> on {line}</source>
      <translation> auf {line}</translation>
    </message>
    <message>
      <source>&lt;b&gt;{display}&lt;/b&gt;{where} is not a known number.&lt;br&gt;Is this a new customer, or someone we already know?</source>
      <translation>&lt;b&gt;{display}&lt;/b&gt;{where} ist keine bekannte Nummer.&lt;br&gt;Ist das ein neuer Kunde oder jemand, den wir schon kennen?</translation>
    </message>
    <message>
      <source>Caller's name</source>
      <translation>Name des Anrufers</translation>
    </message>
    <message>
      <source>New customer</source>
      <translation>Neuer Kunde</translation>
    </message>
    <message>
      <source>Find the existing customer (name, email…)</source>
      <translation>Vorhandenen Kunden finden (Name, E-Mail…)</translation>
    </message>
    <message>
      <source>Customers found</source>
      <translation>Gefundene Kunden</translation>
    </message>
    <message>
      <source>Add number to this customer</source>
      <translation>Nummer diesem Kunden hinzufügen</translation>
    </message>
    <message>
      <source>Ignore</source>
      <translation>Ignorieren</translation>
    </message>
    <message>
      <source>Edit {name}</source>
      <translation>{name} bearbeiten</translation>
    </message>
    <message>
      <source>en, de, pt-BR…</source>
      <translation>en, de, pt-BR…</translation>
    </message>
    <message>
      <source>space separated</source>
      <translation>durch Leerzeichen getrennt</translation>
    </message>
    <message>
      <source>Culture and preferences, e.g. prefers calls after 18:00</source>
      <translation>Kultur und Vorlieben, z. B. lieber Anrufe nach 18:00</translation>
    </message>
    <message>
      <source>VIP</source>
      <translation>VIP</translation>
    </message>
    <message>
      <source>Do not contact (no acknowledgements or outreach)</source>
      <translation>Nicht kontaktieren (keine Bestätigungen, keine Ansprache)</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>Language</source>
      <translation>Sprache</translation>
    </message>
    <message>
      <source>Time zone</source>
      <translation>Zeitzone</translation>
    </message>
    <message>
      <source>Tags</source>
      <translation>Schlagwörter</translation>
    </message>
    <message>
      <source>Notes</source>
      <translation>Notizen</translation>
    </message>
    <message>
      <source>Add an email or phone number (optional)</source>
      <translation>E-Mail-Adresse oder Telefonnummer hinzufügen (optional)</translation>
    </message>
    <message>
      <source>Add contact</source>
      <translation>Kontaktweg hinzufügen</translation>
    </message>
  </context>
  <context>
    <name>DeskFigures</name>
    <message>
      <source>oldest {age}</source>
      <translation>ältester {age}</translation>
    </message>
    <message>
      <source>{n:,} waiting on customer</source>
      <translation>{n:,} warten auf Kunden</translation>
    </message>
    <message>
      <source>unanswered past due</source>
      <translation>unbeantwortet und überfällig</translation>
    </message>
    <message>
      <source>{met:,} met · {breached:,} breached</source>
      <translation>{met:,} eingehalten · {breached:,} überschritten</translation>
    </message>
    <message>
      <source>p90 {p90} · {n:,} answered</source>
      <translation>p90 {p90} · {n:,} beantwortet</translation>
    </message>
    <message>
      <source>p90 {p90} · {n:,} resolved</source>
      <translation>p90 {p90} · {n:,} erledigt</translation>
    </message>
    <message>
      <source>{n:,} parked, no follow-up</source>
      <translation>{n:,} geparkt, ohne Wiedervorlage</translation>
    </message>
    <message>
      <source>of {open:,} open · {team:,} the team's</source>
      <translation>von {open:,} offenen · {team:,} beim Team</translation>
    </message>
    <message>
      <source>Contacts received in: {period_name}</source>
      <translation>Eingegangene Kontakte: {period_name}</translation>
    </message>
    <message>
      <source>former agent</source>
      <translation>ehemaliger Agent</translation>
    </message>
    <message>
      <source>nobody</source>
      <translation>niemand</translation>
    </message>
    <message>
      <source>Not acknowledged and not answered: {unacknowledged:,} (oldest below) · waiting on the customer with no follow-up: {waiting_without_follow_up:,}</source>
      <translation>Weder bestätigt noch beantwortet: {unacknowledged:,} (älteste unten) · wartet auf den Kunden ohne Wiedervorlage: {waiting_without_follow_up:,}</translation>
    </message>
    <message>
      <source>{open:,} open tasks, {overdue:,} overdue; the team's (nobody's yet): {team:,}, {team_overdue:,} overdue</source>
      <translation>{open:,} offene Aufgaben, {overdue:,} überfällig; beim Team (noch niemandem): {team:,}, {team_overdue:,} überfällig</translation>
    </message>
    <message>
      <source>  overdue {age}</source>
      <translation>  überfällig {age}</translation>
    </message>
    <message>
      <source>(team)</source>
      <translation>(Team)</translation>
    </message>
  </context>
  <context>
    <name>Formatting</name>
    <message>
      <source>{duration} left</source>
      <translation>noch {duration}</translation>
    </message>
    <message>
      <source>{duration} late</source>
      <translation>{duration} zu spät</translation>
    </message>
    <message>
      <source>today {time}</source>
      <translation>heute {time}</translation>
    </message>
    <message>
      <source>tomorrow {time}</source>
      <translation>morgen {time}</translation>
    </message>
    <message>
      <source>yesterday {time}</source>
      <translation>gestern {time}</translation>
    </message>
  </context>
  <context>
    <name>HistoryModel</name>
    <message>
      <source>Received</source>
      <translation>Eingegangen</translation>
    </message>
    <message>
      <source>Reply</source>
      <translation>Antwort</translation>
    </message>
    <message>
      <source>Note</source>
      <translation>Notiz</translation>
    </message>
    <message>
      <source>Call</source>
      <translation>Anruf</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Taken</source>
      <translation>Übernommen</translation>
    </message>
    <message>
      <source>Acknowledged</source>
      <translation>Bestätigt</translation>
    </message>
    <message>
      <source>Follow-up</source>
      <translation>Wiedervorlage</translation>
    </message>
    <message>
      <source>Merge</source>
      <translation>Zusammenführung</translation>
    </message>
    <message>
      <source>Reminder</source>
      <translation>Erinnerung</translation>
    </message>
    <message>
      <source>Purchase</source>
      <translation>Kauf</translation>
    </message>
    <message>
      <source>Invoice</source>
      <translation>Rechnung</translation>
    </message>
    <message>
      <source>Alert</source>
      <translation>Warnung</translation>
    </message>
    <message>
      <source>When</source>
      <translation>Wann</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>Kanal</translation>
    </message>
    <message>
      <source>What</source>
      <translation>Was</translation>
    </message>
    <message>
      <source>Summary</source>
      <translation>Zusammenfassung</translation>
    </message>
    <message>
      <source>[{count}: {names}{more}] {summary}</source>
      <translation>[{count}: {names}{more}] {summary}</translation>
    </message>
    <message>
      <source>Attachments (save one from the line's menu; never opened here):</source>
      <translation>Anhänge (über das Menü der Zeile speichern; hier wird nichts geöffnet):</translation>
    </message>
  </context>
  <context>
    <name>InfluencerPanel</name>
    <message>
      <source>Watched influencers, and everyone whose reach is at least</source>
      <translation>Beobachtete Influencer und alle mit einer Reichweite von mindestens</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Kunde</translation>
    </message>
    <message>
      <source>Reach</source>
      <translation>Reichweite</translation>
    </message>
    <message>
      <source>Networks</source>
      <translation>Netzwerke</translation>
    </message>
    <message>
      <source>Watched</source>
      <translation>Beobachtet</translation>
    </message>
    <message>
      <source>Posts, 30 days</source>
      <translation>Beiträge, 30 Tage</translation>
    </message>
    <message>
      <source>Negative</source>
      <translation>Negativ</translation>
    </message>
    <message>
      <source>Mean sentiment</source>
      <translation>Mittlere Stimmung</translation>
    </message>
    <message>
      <source>Last post</source>
      <translation>Letzter Beitrag</translation>
    </message>
    <message>
      <source>When</source>
      <translation>Wann</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>Kanal</translation>
    </message>
    <message>
      <source>Sentiment</source>
      <translation>Stimmung</translation>
    </message>
    <message>
      <source>Post</source>
      <translation>Beitrag</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>(ohne Namen)</translation>
    </message>
    <message>
      <source>yes</source>
      <translation>ja</translation>
    </message>
  </context>
  <context>
    <name>MailStatus</name>
    <message>
      <source>Mailboxes</source>
      <translation>Postfächer</translation>
    </message>
    <message>
      <source>No mailboxes: lastmile mailbox add NAME --imap ...</source>
      <translation>Keine Postfächer: lastmile mailbox add NAME --imap ...</translation>
    </message>
    <message>
      <source>⚠ mail: {value} failing</source>
      <translation>⚠ Mail: {value} gestört</translation>
    </message>
    <message numerus="yes">
      <source>✉ mail: %n mailbox(es) ok</source>
      <translation>
        <numerusform>✉ Mail: %n Postfach ok</numerusform>
        <numerusform>✉ Mail: %n Postfächer ok</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MainWindow</name>
    <message>
      <source>training: never syncs</source>
      <translation>Training: synchronisiert nie</translation>
    </message>
    <message>
      <source>Queue</source>
      <translation>Warteschlange</translation>
    </message>
    <message>
      <source>All channels</source>
      <translation>Alle Kanäle</translation>
    </message>
    <message>
      <source>All skills</source>
      <translation>Alle Fähigkeiten</translation>
    </message>
    <message>
      <source>Open and waiting</source>
      <translation>Offen und wartend</translation>
    </message>
    <message>
      <source>Anyone</source>
      <translation>Alle</translation>
    </message>
    <message>
      <source>Mine</source>
      <translation>Meine</translation>
    </message>
    <message>
      <source>Unassigned</source>
      <translation>Nicht zugewiesen</translation>
    </message>
    <message>
      <source>Search customers and messages (Ctrl+F)</source>
      <translation>Kunden und Nachrichten suchen (Strg+F)</translation>
    </message>
    <message>
      <source>Next contact</source>
      <translation>Nächster Kontakt</translation>
    </message>
    <message>
      <source>Get the next contact for your skills (Ctrl+N)</source>
      <translation>Den nächsten Kontakt für Ihre Fähigkeiten holen (Strg+N)</translation>
    </message>
    <message>
      <source>Your presence: only available agents get contacts</source>
      <translation>Ihre Anwesenheit: nur verfügbare Agenten bekommen Kontakte</translation>
    </message>
    <message>
      <source>Offers</source>
      <translation>Angebote</translation>
    </message>
    <message>
      <source>Have routing offer you the next contact when you are free</source>
      <translation>Das Routing bietet Ihnen den nächsten Kontakt an, sobald Sie frei sind</translation>
    </message>
    <message>
      <source>Practice…</source>
      <translation>Üben…</translation>
    </message>
    <message>
      <source>Open your own training workspace in a separate window (never monitored)</source>
      <translation>Ihren eigenen Übungsarbeitsbereich in einem eigenen Fenster öffnen (nie überwacht)</translation>
    </message>
    <message>
      <source>Training — nothing here reaches a customer or a report</source>
      <translation>Training — nichts hiervon erreicht einen Kunden oder einen Bericht</translation>
    </message>
    <message>
      <source>SLA alerts and follow-ups that need you</source>
      <translation>SLA-Alarme und Wiedervorlagen, die Sie brauchen</translation>
    </message>
    <message>
      <source>not connected to a server</source>
      <translation>nicht mit einem Server verbunden</translation>
    </message>
    <message>
      <source>Sign in with 'lastmile login --server URL --user LOGIN'</source>
      <translation>Anmelden mit „lastmile login --server URL --user LOGIN“</translation>
    </message>
    <message>
      <source>Admin…</source>
      <translation>Verwaltung…</translation>
    </message>
    <message>
      <source>Agents, templates, business hours, SLA targets, routing (Ctrl+Shift+A)</source>
      <translation>Agenten, Vorlagen, Geschäftszeiten, SLA-Ziele, Routing (Strg+Umschalt+A)</translation>
    </message>
    <message>
      <source>Workspace {path}</source>
      <translation>Arbeitsbereich {path}</translation>
    </message>
    <message>
      <source>Search</source>
      <translation>Suchen</translation>
    </message>
    <message>
      <source>Refresh</source>
      <translation>Aktualisieren</translation>
    </message>
    <message>
      <source>Undo the last status change</source>
      <translation>Die letzte Statusänderung rückgängig machen</translation>
    </message>
    <message>
      <source>Administration…</source>
      <translation>Verwaltung…</translation>
    </message>
    <message>
      <source> — TRAINING</source>
      <translation> — TRAINING</translation>
    </message>
  </context>
  <context>
    <name>Menus</name>
    <message>
      <source>About Lastmile</source>
      <translation>Über Lastmile</translation>
    </message>
    <message>
      <source>Lastmile {version}: one blended queue and a customer card for small contact centers.</source>
      <translation>Lastmile {version}: eine gemeinsame Warteschlange und eine Kundenkarte für kleine Kontaktcenter.</translation>
    </message>
    <message>
      <source>Open this contact</source>
      <translation>Diesen Kontakt öffnen</translation>
    </message>
    <message>
      <source>Copy text</source>
      <translation>Text kopieren</translation>
    </message>
    <message>
      <source>Save “{name}”…</source>
      <translation>„{name}“ speichern…</translation>
    </message>
    <message>
      <source>&amp;Lastmile</source>
      <translation>&amp;Lastmile</translation>
    </message>
    <message>
      <source>&amp;Practice…</source>
      <translation>Ü&amp;ben…</translation>
    </message>
    <message>
      <source>Open your own training workspace in a separate window</source>
      <translation>Den eigenen Übungsarbeitsbereich in einem eigenen Fenster öffnen</translation>
    </message>
    <message>
      <source>S&amp;ync now</source>
      <translation>Jetzt s&amp;ynchronisieren</translation>
    </message>
    <message>
      <source>Sync with the server now</source>
      <translation>Jetzt mit dem Server abgleichen</translation>
    </message>
    <message>
      <source>Sign &amp;in to a server…</source>
      <translation>Bei einem Server &amp;anmelden…</translation>
    </message>
    <message>
      <source>&amp;Administration…</source>
      <translation>&amp;Verwaltung…</translation>
    </message>
    <message>
      <source>Agents, templates, hours, SLA targets, routing (supervisors and admins)</source>
      <translation>Agenten, Vorlagen, Zeiten, SLA-Ziele, Verteilung (Teamleitung und Admins)</translation>
    </message>
    <message>
      <source>&amp;Settings…</source>
      <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
      <source>Display name, server, notifications, theme, density</source>
      <translation>Anzeigename, Server, Benachrichtigungen, Farbschema, Dichte</translation>
    </message>
    <message>
      <source>&amp;Quit</source>
      <translation>&amp;Beenden</translation>
    </message>
    <message>
      <source>Close the window</source>
      <translation>Das Fenster schließen</translation>
    </message>
    <message>
      <source>&amp;Contact</source>
      <translation>&amp;Kontakt</translation>
    </message>
    <message>
      <source>&amp;Next contact</source>
      <translation>&amp;Nächster Kontakt</translation>
    </message>
    <message>
      <source>Get the next contact for your skills and put the cursor in the reply box</source>
      <translation>Den nächsten Kontakt für Ihre Fähigkeiten holen und die Schreibmarke ins Antwortfeld setzen</translation>
    </message>
    <message>
      <source>&amp;Take it</source>
      <translation>Ü&amp;bernehmen</translation>
    </message>
    <message>
      <source>Take the selected contact</source>
      <translation>Den gewählten Kontakt übernehmen</translation>
    </message>
    <message>
      <source>&amp;Hand back</source>
      <translation>&amp;Zurückgeben</translation>
    </message>
    <message>
      <source>Give the contact back to the queue</source>
      <translation>Den Kontakt an die Warteschlange zurückgeben</translation>
    </message>
    <message>
      <source>&amp;Send reply</source>
      <translation>Antwort &amp;senden</translation>
    </message>
    <message>
      <source>Send what is in the reply box</source>
      <translation>Den Inhalt des Antwortfelds senden</translation>
    </message>
    <message>
      <source>Add internal &amp;note</source>
      <translation>Interne &amp;Notiz hinzufügen</translation>
    </message>
    <message>
      <source>Keep what is in the reply box as a note only colleagues see</source>
      <translation>Den Inhalt des Antwortfelds als Notiz behalten, die nur Kollegen sehen</translation>
    </message>
    <message>
      <source>Insert te&amp;mplate…</source>
      <translation>&amp;Vorlage einfügen…</translation>
    </message>
    <message>
      <source>Choose a template; it goes in at the cursor</source>
      <translation>Eine Vorlage wählen; sie wird an der Schreibmarke eingefügt</translation>
    </message>
    <message>
      <source>&amp;Log call…</source>
      <translation>Anruf &amp;protokollieren…</translation>
    </message>
    <message>
      <source>Record a call with this customer</source>
      <translation>Einen Anruf mit diesem Kunden festhalten</translation>
    </message>
    <message>
      <source>&amp;Follow-up…</source>
      <translation>&amp;Wiedervorlage…</translation>
    </message>
    <message>
      <source>Put the cursor in the follow-up fields</source>
      <translation>Die Schreibmarke in die Wiedervorlage-Felder setzen</translation>
    </message>
    <message>
      <source>Status: &amp;open</source>
      <translation>Status: &amp;offen</translation>
    </message>
    <message>
      <source>Status: &amp;waiting on the customer</source>
      <translation>Status: &amp;wartet auf den Kunden</translation>
    </message>
    <message>
      <source>Status: &amp;resolved</source>
      <translation>Status: e&amp;rledigt</translation>
    </message>
    <message>
      <source>Resolve: the contact leaves the queue (Ctrl+Shift+Z undoes it)</source>
      <translation>Erledigen: der Kontakt verlässt die Warteschlange (Strg+Umschalt+Z macht es rückgängig)</translation>
    </message>
    <message>
      <source>&amp;Undo the last status change</source>
      <translation>Letzte Statusänderung &amp;rückgängig</translation>
    </message>
    <message>
      <source>&amp;Edit customer…</source>
      <translation>Kunden &amp;bearbeiten…</translation>
    </message>
    <message>
      <source>Edit the customer on the card</source>
      <translation>Den Kunden der Karte bearbeiten</translation>
    </message>
    <message>
      <source>&amp;Presence</source>
      <translation>&amp;Anwesenheit</translation>
    </message>
    <message>
      <source>&amp;Available</source>
      <translation>&amp;Verfügbar</translation>
    </message>
    <message>
      <source>Routing gives you contacts</source>
      <translation>Die Verteilung gibt Ihnen Kontakte</translation>
    </message>
    <message>
      <source>&amp;Busy</source>
      <translation>&amp;Beschäftigt</translation>
    </message>
    <message>
      <source>No new contacts for now</source>
      <translation>Vorerst keine neuen Kontakte</translation>
    </message>
    <message>
      <source>A&amp;way</source>
      <translation>A&amp;bwesend</translation>
    </message>
    <message>
      <source>&amp;Offline</source>
      <translation>&amp;Offline</translation>
    </message>
    <message>
      <source>&amp;Offer me contacts</source>
      <translation>Kontakte &amp;anbieten</translation>
    </message>
    <message>
      <source>Routing offers you the next contact when you are free</source>
      <translation>Die Verteilung bietet Ihnen den nächsten Kontakt an, sobald Sie frei sind</translation>
    </message>
    <message>
      <source>&amp;Go</source>
      <translation>&amp;Gehe zu</translation>
    </message>
    <message>
      <source>&amp;Search</source>
      <translation>&amp;Suchen</translation>
    </message>
    <message>
      <source>Search customers and messages</source>
      <translation>Kunden und Nachrichten suchen</translation>
    </message>
    <message>
      <source>&amp;Queue</source>
      <translation>&amp;Warteschlange</translation>
    </message>
    <message>
      <source>Move to the queue</source>
      <translation>Zur Warteschlange</translation>
    </message>
    <message>
      <source>&amp;Contact (reply box)</source>
      <translation>&amp;Kontakt (Antwortfeld)</translation>
    </message>
    <message>
      <source>Move to the reply box of the selected contact</source>
      <translation>Zum Antwortfeld des gewählten Kontakts</translation>
    </message>
    <message>
      <source>Customer c&amp;ard (history)</source>
      <translation>Kunden&amp;karte (Verlauf)</translation>
    </message>
    <message>
      <source>Move to the customer's history</source>
      <translation>Zum Verlauf des Kunden</translation>
    </message>
    <message>
      <source>Next &amp;area</source>
      <translation>Nächster &amp;Bereich</translation>
    </message>
    <message>
      <source>Queue → contact → card → queue</source>
      <translation>Warteschlange → Kontakt → Karte → Warteschlange</translation>
    </message>
    <message>
      <source>&amp;Previous area</source>
      <translation>&amp;Vorheriger Bereich</translation>
    </message>
    <message>
      <source>Alerts and &amp;follow-ups</source>
      <translation>Warnungen und &amp;Wiedervorlagen</translation>
    </message>
    <message>
      <source>SLA alerts and follow-ups that need you</source>
      <translation>SLA-Warnungen und Wiedervorlagen, die Sie brauchen</translation>
    </message>
    <message>
      <source>&amp;Refresh</source>
      <translation>A&amp;ktualisieren</translation>
    </message>
    <message>
      <source>&amp;Help</source>
      <translation>&amp;Hilfe</translation>
    </message>
    <message>
      <source>&amp;Keyboard shortcuts</source>
      <translation>&amp;Tastenkürzel</translation>
    </message>
    <message>
      <source>Every shortcut of this window</source>
      <translation>Alle Tastenkürzel dieses Fensters</translation>
    </message>
    <message>
      <source>&amp;About Lastmile</source>
      <translation>Ü&amp;ber Lastmile</translation>
    </message>
  </context>
  <context>
    <name>MergeDialog</name>
    <message>
      <source>(unknown customer)</source>
      <translation>(unbekannter Kunde)</translation>
    </message>
    <message>
      <source>(no name)</source>
      <translation>(ohne Namen)</translation>
    </message>
    <message>
      <source>no email or phone</source>
      <translation>keine E-Mail und kein Telefon</translation>
    </message>
    <message>
      <source>{n} contacts · customer since {since}</source>
      <translation>{n} Kontakte · Kunde seit {since}</translation>
    </message>
    <message>
      <source>Merge two customers?</source>
      <translation>Zwei Kunden zusammenführen?</translation>
    </message>
    <message>
      <source>This card:</source>
      <translation>Diese Karte:</translation>
    </message>
    <message>
      <source>Merged into it:</source>
      <translation>Wird hineingeführt:</translation>
    </message>
    <message>
      <source>chosen by hand</source>
      <translation>von Hand gewählt</translation>
    </message>
    <message>
      <source> (confidence {p:.0%})</source>
      <translation> (Sicherheit {p:.0%})</translation>
    </message>
    <message>
      <source>Why they look like one person: {why}{sure}</source>
      <translation>Warum sie wie eine Person aussehen: {why}{sure}</translation>
    </message>
    <message>
      <source>The card will show both histories. Nothing is moved or deleted: “split back” on the card (or Undo) separates them again.</source>
      <translation>Die Karte zeigt beide Verläufe. Nichts wird verschoben oder gelöscht: „wieder trennen“ auf der Karte (oder Rückgängig) trennt sie wieder.</translation>
    </message>
    <message>
      <source>Merge</source>
      <translation>Zusammenführen</translation>
    </message>
    <message>
      <source>Merge the two customers</source>
      <translation>Die beiden Kunden zusammenführen</translation>
    </message>
    <message>
      <source>Merged {dup} into {name}: the card shows both histories.</source>
      <translation>{dup} in {name} zusammengeführt: die Karte zeigt beide Verläufe.</translation>
    </message>
  </context>
  <context>
    <name>MessageBar</name>
    <message>
      <source>{message} &amp;nbsp;&lt;a href='undo'&gt;Undo&lt;/a&gt; (Ctrl+Shift+Z)</source>
      <translation>{message} &amp;nbsp;&lt;a href='undo'&gt;Rückgängig&lt;/a&gt; (Strg+Umschalt+Z)</translation>
    </message>
  </context>
  <context>
    <name>MessageExtras</name>
    <message>
      <source>This is the mail's original HTML, shown as plain text source. Nothing in it is displayed as formatting, and no pictures, links or other content from the internet are loaded. Read it to see what the sender's mail program made of the message.</source>
      <translation>Das ist das ursprüngliche HTML der Mail, als reiner Quelltext gezeigt. Nichts davon wird als Formatierung dargestellt, und es werden keine Bilder, Links oder andere Inhalte aus dem Internet geladen. Lesen Sie es, um zu sehen, was das Mailprogramm des Absenders aus der Nachricht gemacht hat.</translation>
    </message>
    <message>
      <source>Save attachment…</source>
      <translation>Anhang speichern…</translation>
    </message>
    <message>
      <source>Save an attachment to a file you choose (it is never opened here)</source>
      <translation>Einen Anhang in eine Datei Ihrer Wahl speichern (er wird hier nie geöffnet)</translation>
    </message>
    <message>
      <source>Original HTML…</source>
      <translation>Original-HTML…</translation>
    </message>
    <message>
      <source>The mail's HTML as plain text source: nothing is rendered or loaded</source>
      <translation>Das HTML der Mail als reiner Quelltext: nichts wird dargestellt oder geladen</translation>
    </message>
    <message>
      <source>Attachments: {list}</source>
      <translation>Anhänge: {list}</translation>
    </message>
    <message>
      <source>Save attachment</source>
      <translation>Anhang speichern</translation>
    </message>
    <message>
      <source>Saving {name}…</source>
      <translation>{name} wird gespeichert…</translation>
    </message>
    <message>
      <source>Fetching {name} from the server…</source>
      <translation>{name} wird vom Server geholt…</translation>
    </message>
    <message>
      <source>Saved to {path}</source>
      <translation>Gespeichert unter {path}</translation>
    </message>
    <message>
      <source>Not saved: {reason}</source>
      <translation>Nicht gespeichert: {reason}</translation>
    </message>
    <message>
      <source>Original HTML (safe view: plain text source)</source>
      <translation>Original-HTML (sichere Ansicht: reiner Quelltext)</translation>
    </message>
  </context>
  <context>
    <name>Network</name>
    <message>
      <source>connection refused</source>
      <translation>Verbindung abgelehnt</translation>
    </message>
    <message>
      <source>name not found (DNS)</source>
      <translation>Name nicht gefunden (DNS)</translation>
    </message>
    <message>
      <source>secure connection (TLS) failed</source>
      <translation>sichere Verbindung (TLS) fehlgeschlagen</translation>
    </message>
    <message>
      <source>no answer in time</source>
      <translation>keine Antwort in der Zeit</translation>
    </message>
    <message>
      <source>connection cut</source>
      <translation>Verbindung abgebrochen</translation>
    </message>
    <message>
      <source>no network route</source>
      <translation>kein Netzwerkweg</translation>
    </message>
    <message>
      <source>network failed</source>
      <translation>Netzwerkfehler</translation>
    </message>
  </context>
  <context>
    <name>Offer</name>
    <message>
      <source>New contact for you</source>
      <translation>Neuer Kontakt für Sie</translation>
    </message>
    <message>
      <source>&lt;b&gt;{channel}&lt;/b&gt; from &lt;b&gt;{customer}&lt;/b&gt;&lt;br&gt;{subject}</source>
      <translation>&lt;b&gt;{channel}&lt;/b&gt; von &lt;b&gt;{customer}&lt;/b&gt;&lt;br&gt;{subject}</translation>
    </message>
    <message>
      <source>unknown</source>
      <translation>unbekannt</translation>
    </message>
    <message>
      <source>Take it</source>
      <translation>Übernehmen</translation>
    </message>
    <message>
      <source>Not now</source>
      <translation>Jetzt nicht</translation>
    </message>
    <message>
      <source>Returns to the queue in {left} s</source>
      <translation>Geht in {left} s zurück in die Warteschlange</translation>
    </message>
  </context>
  <context>
    <name>OfferController</name>
    <message>
      <source>You did not answer an offer in time: your presence is now Away (not responding). Set Available to get contacts again.</source>
      <translation>Sie haben ein Angebot nicht rechtzeitig beantwortet: Ihre Anwesenheit ist jetzt Abwesend (reagiert nicht). Setzen Sie Verfügbar, um wieder Kontakte zu bekommen.</translation>
    </message>
  </context>
  <context>
    <name>Presence</name>
    <message>
      <source>Available</source>
      <translation>Verfügbar</translation>
    </message>
    <message>
      <source>Busy</source>
      <translation>Beschäftigt</translation>
    </message>
    <message>
      <source>Away</source>
      <translation>Abwesend</translation>
    </message>
    <message>
      <source>Offline</source>
      <translation>Offline</translation>
    </message>
  </context>
  <context>
    <name>QueueController</name>
    <message>
      <source>All skills</source>
      <translation>Alle Fähigkeiten</translation>
    </message>
    <message>
      <source> (showing {loaded})</source>
      <translation> ({loaded} angezeigt)</translation>
    </message>
    <message numerus="yes">
      <source>%Ln contact(s)</source>
      <translation>
        <numerusform>%Ln Kontakt</numerusform>
        <numerusform>%Ln Kontakte</numerusform>
      </translation>
    </message>
    <message>
      <source>as of {when}</source>
      <translation>Stand {when}</translation>
    </message>
  </context>
  <context>
    <name>QueueModel</name>
    <message>
      <source>Channel</source>
      <translation>Kanal</translation>
    </message>
    <message>
      <source>Customer</source>
      <translation>Kunde</translation>
    </message>
    <message>
      <source>Subject</source>
      <translation>Betreff</translation>
    </message>
    <message>
      <source>Skill</source>
      <translation>Fähigk.</translation>
    </message>
    <message>
      <source>Status</source>
      <translation>Status</translation>
    </message>
    <message>
      <source>Assigned to</source>
      <translation>Bei</translation>
    </message>
    <message>
      <source>Waiting</source>
      <translation>Wartet</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>Fällig</translation>
    </message>
    <message>
      <source>open</source>
      <translation>offen</translation>
    </message>
    <message>
      <source>waiting</source>
      <translation>wartet</translation>
    </message>
    <message>
      <source>resolved</source>
      <translation>erledigt</translation>
    </message>
    <message>
      <source>unreadable: the database is damaged</source>
      <translation>unlesbar: die Datenbank ist beschädigt</translation>
    </message>
    <message>
      <source>Received {received}, due {due}</source>
      <translation>Eingegangen {received}, fällig {due}</translation>
    </message>
    <message>
      <source>Unknown</source>
      <translation>Unbekannt</translation>
    </message>
    <message>
      <source>(no subject)</source>
      <translation>(kein Betreff)</translation>
    </message>
    <message>
      <source>paused</source>
      <translation>pausiert</translation>
    </message>
  </context>
  <context>
    <name>ReportPdf</name>
    <message>
      <source>Lastmile daily report {period}</source>
      <translation>Lastmile-Tagesbericht {period}</translation>
    </message>
  </context>
  <context>
    <name>RowsTable</name>
    <message>
      <source>Export CSV…</source>
      <translation>Als CSV exportieren…</translation>
    </message>
    <message>
      <source>Export CSV</source>
      <translation>CSV-Export</translation>
    </message>
    <message>
      <source>Could not write {path}: {reason}</source>
      <translation>{path} konnte nicht geschrieben werden: {reason}</translation>
    </message>
  </context>
  <context>
    <name>SearchResults</name>
    <message>
      <source>The search failed: {error}</source>
      <translation>Die Suche ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
      <source>Customer: {name}{marks}</source>
      <translation>Kunde: {name}{marks}</translation>
    </message>
    <message>
      <source>Show more results…</source>
      <translation>Mehr Ergebnisse zeigen…</translation>
    </message>
    <message>
      <source>No matches.</source>
      <translation>Keine Treffer.</translation>
    </message>
    <message>
      <source>{c} customers · {m} messages</source>
      <translation>{c} Kunden · {m} Nachrichten</translation>
    </message>
  </context>
  <context>
    <name>Sentiment</name>
    <message>
      <source>not scored</source>
      <translation>nicht bewertet</translation>
    </message>
    <message>
      <source>negative</source>
      <translation>negativ</translation>
    </message>
    <message>
      <source>positive</source>
      <translation>positiv</translation>
    </message>
    <message>
      <source>neutral</source>
      <translation>neutral</translation>
    </message>
  </context>
  <context>
    <name>ServerController</name>
    <message>
      <source>○ connecting…</source>
      <translation>○ verbinde…</translation>
    </message>
    <message>
      <source>Sync now</source>
      <translation>Jetzt synchronisieren</translation>
    </message>
    <message>
      <source>Sign in to a server…</source>
      <translation>Bei einem Server anmelden…</translation>
    </message>
    <message>
      <source>Sign out</source>
      <translation>Abmelden</translation>
    </message>
    <message>
      <source>Server ▾</source>
      <translation>Server ▾</translation>
    </message>
    <message>
      <source>Sign in…</source>
      <translation>Anmelden…</translation>
    </message>
    <message>
      <source>Syncs in the background; click Server to sync now or sign out</source>
      <translation>Gleicht im Hintergrund ab; auf Server klicken, um jetzt abzugleichen oder sich abzumelden</translation>
    </message>
    <message>
      <source>Not connected: work stays on this computer until you sign in to a server</source>
      <translation>Nicht verbunden: die Arbeit bleibt auf diesem Rechner, bis Sie sich bei einem Server anmelden</translation>
    </message>
    <message>
      <source>Signed in as {display_name} ({teams}); syncing…</source>
      <translation>Angemeldet als {display_name} ({teams}); synchronisiere…</translation>
    </message>
    <message>
      <source>Signed {login} out; your pending changes are kept for the next sign-in.</source>
      <translation>{login} abgemeldet; Ihre ausstehenden Änderungen bleiben für die nächste Anmeldung erhalten.</translation>
    </message>
    <message>
      <source>Queue · team data as of {when}</source>
      <translation>Warteschlange · Teamdaten Stand {when}</translation>
    </message>
    <message>
      <source> (offline)</source>
      <translation> (offline)</translation>
    </message>
    <message>
      <source>Queue</source>
      <translation>Warteschlange</translation>
    </message>
  </context>
  <context>
    <name>SettingsDialog</name>
    <message>
      <source>The display name is too long (at most 60 characters).</source>
      <translation>Der Anzeigename ist zu lang (höchstens 60 Zeichen).</translation>
    </message>
    <message>
      <source>The display name cannot hold control characters.</source>
      <translation>Der Anzeigename darf keine Steuerzeichen enthalten.</translation>
    </message>
    <message>
      <source>Give the server as https://host[:port], e.g. https://lastmile.example.com</source>
      <translation>Geben Sie den Server als https://host[:port] an, z. B. https://lastmile.example.com</translation>
    </message>
    <message>
      <source>The port of the server address is not a number from 1 to 65535.</source>
      <translation>Der Port der Serveradresse ist keine Zahl von 1 bis 65535.</translation>
    </message>
    <message>
      <source>The server address cannot hold spaces.</source>
      <translation>Die Serveradresse darf keine Leerzeichen enthalten.</translation>
    </message>
    <message>
      <source>Settings</source>
      <translation>Einstellungen</translation>
    </message>
    <message>
      <source>Your name as customers see it</source>
      <translation>Ihr Name, wie Kunden ihn sehen</translation>
    </message>
    <message>
      <source>Display &amp;name</source>
      <translation>Anzeige&amp;name</translation>
    </message>
    <message>
      <source>&amp;Server address</source>
      <translation>&amp;Serveradresse</translation>
    </message>
    <message>
      <source>&amp;Notifications</source>
      <translation>&amp;Benachrichtigungen</translation>
    </message>
    <message>
      <source>A contact is &amp;offered to me</source>
      <translation>Mir wird ein Kontakt &amp;angeboten</translation>
    </message>
    <message>
      <source>An SLA &amp;alert</source>
      <translation>Ein SLA-&amp;Alarm</translation>
    </message>
    <message>
      <source>The server &amp;refused a change</source>
      <translation>Der Server hat eine Änderung a&amp;bgelehnt</translation>
    </message>
    <message>
      <source>Like the system</source>
      <translation>Wie das System</translation>
    </message>
    <message>
      <source>Light</source>
      <translation>Hell</translation>
    </message>
    <message>
      <source>Dark</source>
      <translation>Dunkel</translation>
    </message>
    <message>
      <source>Comfortable</source>
      <translation>Komfortabel</translation>
    </message>
    <message>
      <source>Compact (more rows)</source>
      <translation>Kompakt (mehr Zeilen)</translation>
    </message>
    <message>
      <source>&amp;Theme</source>
      <translation>&amp;Farbschema</translation>
    </message>
    <message>
      <source>&amp;Density</source>
      <translation>&amp;Dichte</translation>
    </message>
    <message>
      <source>&amp;Language</source>
      <translation>&amp;Sprache</translation>
    </message>
    <message>
      <source>A new language applies when Lastmile starts again.</source>
      <translation>Eine neue Sprache gilt ab dem nächsten Start von Lastmile.</translation>
    </message>
  </context>
  <context>
    <name>ShortcutsDialog</name>
    <message>
      <source>Keyboard shortcuts</source>
      <translation>Tastenkürzel</translation>
    </message>
    <message>
      <source>&amp;Find a shortcut</source>
      <translation>Tastenkürzel &amp;finden</translation>
    </message>
    <message>
      <source>Find a shortcut</source>
      <translation>Tastenkürzel finden</translation>
    </message>
    <message>
      <source>Type part of an action or a key</source>
      <translation>Einen Teil einer Aktion oder einer Taste eingeben</translation>
    </message>
    <message>
      <source>Shortcuts</source>
      <translation>Tastenkürzel</translation>
    </message>
    <message>
      <source>Menu</source>
      <translation>Menü</translation>
    </message>
    <message>
      <source>Action</source>
      <translation>Aktion</translation>
    </message>
    <message>
      <source>Keys</source>
      <translation>Tasten</translation>
    </message>
  </context>
  <context>
    <name>SignIn</name>
    <message>
      <source>Sign in to the Lastmile server</source>
      <translation>Beim Lastmile-Server anmelden</translation>
    </message>
    <message>
      <source>Your work syncs with the team through this server. You keep working when it cannot be reached; changes wait and are sent later.</source>
      <translation>Ihre Arbeit wird über diesen Server mit dem Team abgeglichen. Ist er nicht erreichbar, arbeiten Sie weiter; Änderungen warten und werden später gesendet.</translation>
    </message>
    <message>
      <source>your login, e.g. ana</source>
      <translation>Ihr Anmeldename, z. B. ana</translation>
    </message>
    <message>
      <source>Server</source>
      <translation>Server</translation>
    </message>
    <message>
      <source>Login</source>
      <translation>Anmeldename</translation>
    </message>
    <message>
      <source>Password</source>
      <translation>Passwort</translation>
    </message>
    <message>
      <source>Sign in</source>
      <translation>Anmelden</translation>
    </message>
  </context>
  <context>
    <name>SupervisorWindow</name>
    <message>
      <source>Supervisor desk</source>
      <translation>Leitstand</translation>
    </message>
    <message>
      <source>Lastmile — supervisor desk</source>
      <translation>Lastmile — Leitstand</translation>
    </message>
    <message>
      <source>Audit</source>
      <translation>Protokoll</translation>
    </message>
    <message>
      <source>Influencers</source>
      <translation>Influencer</translation>
    </message>
    <message>
      <source>The floor</source>
      <translation>Die Lage</translation>
    </message>
    <message>
      <source>reading…</source>
      <translation>lese…</translation>
    </message>
    <message>
      <source>Period:</source>
      <translation>Zeitraum:</translation>
    </message>
    <message>
      <source>The period of the response-time tables</source>
      <translation>Der Zeitraum der Antwortzeit-Tabellen</translation>
    </message>
    <message>
      <source>Wallboard (F11)</source>
      <translation>Wandanzeige (F11)</translation>
    </message>
    <message>
      <source>Contacts per hour, last 24 h (by channel)</source>
      <translation>Kontakte pro Stunde, letzte 24 h (nach Kanal)</translation>
    </message>
    <message>
      <source>First response per day, minutes (median, p90)</source>
      <translation>Erste Antwort pro Tag, Minuten (Median, p90)</translation>
    </message>
    <message>
      <source>Backlog by age</source>
      <translation>Rückstand nach Alter</translation>
    </message>
    <message>
      <source>Channel</source>
      <translation>Kanal</translation>
    </message>
    <message>
      <source>Open</source>
      <translation>Offen</translation>
    </message>
    <message>
      <source>Skill</source>
      <translation>Fähigkeit</translation>
    </message>
    <message>
      <source>Backlog</source>
      <translation>Rückstand</translation>
    </message>
    <message>
      <source>Answered</source>
      <translation>Beantwortet</translation>
    </message>
    <message>
      <source>First resp. median</source>
      <translation>Erste Antw. Median</translation>
    </message>
    <message>
      <source>Resolved</source>
      <translation>Erledigt</translation>
    </message>
    <message>
      <source>Resolution median</source>
      <translation>Lösung Median</translation>
    </message>
    <message>
      <source>SLA met</source>
      <translation>SLA eingehalten</translation>
    </message>
    <message>
      <source>Breached</source>
      <translation>Überschritten</translation>
    </message>
    <message>
      <source>Compliance</source>
      <translation>Einhaltung</translation>
    </message>
    <message>
      <source>Agent</source>
      <translation>Agent</translation>
    </message>
    <message>
      <source>Response times</source>
      <translation>Antwortzeiten</translation>
    </message>
    <message>
      <source>Team</source>
      <translation>Team</translation>
    </message>
    <message>
      <source>Presence</source>
      <translation>Anwesenheit</translation>
    </message>
    <message>
      <source>Held</source>
      <translation>Gehalten</translation>
    </message>
    <message>
      <source>Capacity</source>
      <translation>Kapazität</translation>
    </message>
    <message>
      <source>Load</source>
      <translation>Auslastung</translation>
    </message>
    <message>
      <source>Per channel</source>
      <translation>Je Kanal</translation>
    </message>
    <message>
      <source>Presence and load against capacity (open contacts held)</source>
      <translation>Anwesenheit und Auslastung gegen Kapazität (gehaltene offene Kontakte)</translation>
    </message>
    <message>
      <source>Take back their contacts</source>
      <translation>Kontakte zurückholen</translation>
    </message>
    <message>
      <source>Return every contact the selected agent holds to the queue (an agent who is away)</source>
      <translation>Jeden Kontakt des gewählten Agenten in die Warteschlange zurückgeben (für abwesende Agenten)</translation>
    </message>
    <message>
      <source>Agents</source>
      <translation>Agenten</translation>
    </message>
    <message>
      <source>Age</source>
      <translation>Alter</translation>
    </message>
    <message>
      <source>Held by</source>
      <translation>Liegt bei</translation>
    </message>
    <message>
      <source>Subject</source>
      <translation>Betreff</translation>
    </message>
    <message>
      <source>Open complaints, oldest first</source>
      <translation>Offene Beschwerden, älteste zuerst</translation>
    </message>
    <message>
      <source>Assign contact to…</source>
      <translation>Kontakt zuweisen an…</translation>
    </message>
    <message>
      <source>Give the selected complaint or waiting contact to an agent (they are told)</source>
      <translation>Die gewählte Beschwerde oder den wartenden Kontakt einem Agenten geben (er wird benachrichtigt)</translation>
    </message>
    <message>
      <source>Waiting</source>
      <translation>Wartend</translation>
    </message>
    <message>
      <source>Assign to…</source>
      <translation>Zuweisen an…</translation>
    </message>
    <message>
      <source>Due</source>
      <translation>Fällig</translation>
    </message>
    <message>
      <source>Kind</source>
      <translation>Art</translation>
    </message>
    <message>
      <source>Owner</source>
      <translation>Zuständig</translation>
    </message>
    <message>
      <source>Title</source>
      <translation>Titel</translation>
    </message>
    <message>
      <source>Tasks</source>
      <translation>Aufgaben</translation>
    </message>
    <message>
      <source>Wallboard</source>
      <translation>Wandanzeige</translation>
    </message>
    <message>
      <source>Leave the wallboard</source>
      <translation>Wandanzeige verlassen</translation>
    </message>
    <message>
      <source>last sync {when}</source>
      <translation>letzter Abgleich {when}</translation>
    </message>
    <message>
      <source>not synced</source>
      <translation>nicht synchronisiert</translation>
    </message>
    <message>
      <source>from this computer's database ({when}), as of {at}</source>
      <translation>aus der Datenbank dieses Rechners ({when}), Stand {at}</translation>
    </message>
    <message>
      <source>reading ages…</source>
      <translation>lese Alter…</translation>
    </message>
    <message>
      <source>{n} waiting on customer</source>
      <translation>{n} warten auf Kunden</translation>
    </message>
    <message>
      <source>of {open} open · {team} the team's</source>
      <translation>von {open} offenen · {team} beim Team</translation>
    </message>
    <message>
      <source>reading the response times, ages and lists…</source>
      <translation>lese Antwortzeiten, Alter und Listen…</translation>
    </message>
    <message>
      <source>The team (nobody yet)</source>
      <translation>Das Team (noch niemand)</translation>
    </message>
    <message>
      <source>Back to the queue</source>
      <translation>Zurück in die Warteschlange</translation>
    </message>
    <message>
      <source>Unassigned</source>
      <translation>Nicht zugewiesen</translation>
    </message>
    <message>
      <source>Past SLA now</source>
      <translation>Jetzt über SLA</translation>
    </message>
    <message>
      <source>SLA met today</source>
      <translation>SLA heute eingehalten</translation>
    </message>
    <message>
      <source>First response today</source>
      <translation>Erste Antwort heute</translation>
    </message>
    <message>
      <source>Resolution today</source>
      <translation>Lösung heute</translation>
    </message>
    <message>
      <source>Not acknowledged</source>
      <translation>Nicht bestätigt</translation>
    </message>
    <message>
      <source>Open complaints</source>
      <translation>Offene Beschwerden</translation>
    </message>
    <message>
      <source>Overdue tasks</source>
      <translation>Überfällige Aufgaben</translation>
    </message>
  </context>
  <context>
    <name>SyncStatus</name>
    <message>
      <source>○ connecting…</source>
      <translation>○ verbinde…</translation>
    </message>
    <message>
      <source>signed out · changes are kept for the next sign-in</source>
      <translation>abgemeldet · Änderungen bleiben für die nächste Anmeldung erhalten</translation>
    </message>
    <message>
      <source>as of {when}</source>
      <translation>Stand {when}</translation>
    </message>
    <message>
      <source>never synced</source>
      <translation>noch nie abgeglichen</translation>
    </message>
    <message numerus="yes">
      <source>● online · %n pending · {as_of}</source>
      <translation>
        <numerusform>● online · %n ausstehend · {as_of}</numerusform>
        <numerusform>● online · %n ausstehend · {as_of}</numerusform>
      </translation>
    </message>
    <message>
      <source> · live</source>
      <translation> · live</translation>
    </message>
    <message numerus="yes">
      <source> · ⚠ %n server change(s) held back (see sync status)</source>
      <translation>
        <numerusform> · ⚠ %n Serveränderung zurückgehalten (siehe Sync-Status)</numerusform>
        <numerusform> · ⚠ %n Serveränderungen zurückgehalten (siehe Sync-Status)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>○ Server not reachable at {where} ({why}) — working offline; will retry in {seconds} s · %n pending · {as_of}</source>
      <translation>
        <numerusform>○ Server unter {where} nicht erreichbar ({why}) — es wird offline weitergearbeitet; neuer Versuch in {seconds} s · %n ausstehend · {as_of}</numerusform>
        <numerusform>○ Server unter {where} nicht erreichbar ({why}) — es wird offline weitergearbeitet; neuer Versuch in {seconds} s · %n ausstehend · {as_of}</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>○ offline, retrying in {seconds} s · %n pending · {as_of}</source>
      <translation>
        <numerusform>○ offline, neuer Versuch in {seconds} s · %n ausstehend · {as_of}</numerusform>
        <numerusform>○ offline, neuer Versuch in {seconds} s · %n ausstehend · {as_of}</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>TeamPicker</name>
    <message>
      <source>The team whose queue you see; what you create goes to it</source>
      <translation>Das Team, dessen Warteschlange Sie sehen; was Sie anlegen, geht an dieses Team</translation>
    </message>
    <message>
      <source>All teams</source>
      <translation>Alle Teams</translation>
    </message>
    <message>
      <source>{team} (home)</source>
      <translation>{team} (Stammteam)</translation>
    </message>
  </context>
  <context>
    <name>Timers</name>
    <message>
      <source>as of {when}</source>
      <translation>Stand {when}</translation>
    </message>
    <message>
      <source>The workspace database is damaged ({value}). Close Lastmile and restore the latest backup: lastmile restore --latest --workspace {root}</source>
      <translation>Die Datenbank des Arbeitsbereichs ist beschädigt ({value}). Schließen Sie Lastmile und stellen Sie die letzte Sicherung wieder her: lastmile restore --latest --workspace {root}</translation>
    </message>
  </context>
  <context>
    <name>TrainingController</name>
    <message>
      <source>Opening your training window…</source>
      <translation>Ihr Trainingsfenster wird geöffnet…</translation>
    </message>
    <message>
      <source>Start over?</source>
      <translation>Neu beginnen?</translation>
    </message>
    <message>
      <source>Go back to the start of this scenario? Your practice replies and notes in this training workspace are discarded.</source>
      <translation>Zurück zum Anfang dieses Szenarios? Ihre Übungsantworten und Notizen in diesem Trainingsarbeitsbereich werden verworfen.</translation>
    </message>
  </context>
  <context>
    <name>TrainingFeedback</name>
    <message>
      <source>Select a contact to see how you are doing on it.</source>
      <translation>Wählen Sie einen Kontakt, um zu sehen, wie Sie darin abschneiden.</translation>
    </message>
    <message>
      <source>This contact has not arrived yet.</source>
      <translation>Dieser Kontakt ist noch nicht eingegangen.</translation>
    </message>
    <message>
      <source>First response after &lt;b&gt;{minutes} min&lt;/b&gt; (target {target})</source>
      <translation>Erste Antwort nach &lt;b&gt;{minutes} Min.&lt;/b&gt; (Ziel {target})</translation>
    </message>
    <message>
      <source> — late</source>
      <translation> — zu spät</translation>
    </message>
    <message>
      <source>Answered.</source>
      <translation>Beantwortet.</translation>
    </message>
    <message>
      <source>Not answered yet.</source>
      <translation>Noch nicht beantwortet.</translation>
    </message>
    <message>
      <source>Your private feedback</source>
      <translation>Ihre private Rückmeldung</translation>
    </message>
    <message>
      <source>Only you see this. Nothing of it is sent, synced or shown to a supervisor.</source>
      <translation>Nur Sie sehen das. Nichts davon wird gesendet, synchronisiert oder einer Vorgesetzten gezeigt.</translation>
    </message>
    <message>
      <source>Export to share…</source>
      <translation>Zum Teilen exportieren…</translation>
    </message>
    <message>
      <source>Export feedback</source>
      <translation>Rückmeldung exportieren</translation>
    </message>
    <message>
      <source>training-feedback.md</source>
      <translation>training-rueckmeldung.md</translation>
    </message>
  </context>
  <context>
    <name>TrainingPanel</name>
    <message>
      <source>Next contact now</source>
      <translation>Nächster Kontakt jetzt</translation>
    </message>
    <message>
      <source>Don't wait: let the next scenario contact arrive now</source>
      <translation>Nicht warten: den nächsten Szenario-Kontakt jetzt eingehen lassen</translation>
    </message>
    <message>
      <source>Would have been sent — nothing leaves this machine:</source>
      <translation>Wäre gesendet worden — nichts verlässt diesen Rechner:</translation>
    </message>
    <message>
      <source>On this contact (private)</source>
      <translation>Zu diesem Kontakt (privat)</translation>
    </message>
    <message>
      <source>My feedback…</source>
      <translation>Meine Rückmeldung…</translation>
    </message>
    <message>
      <source>Private: only you see it, unless you export it</source>
      <translation>Privat: nur Sie sehen es, außer Sie exportieren es</translation>
    </message>
    <message>
      <source>Start over</source>
      <translation>Neu beginnen</translation>
    </message>
    <message>
      <source>Back to the start of the scenario, in one click</source>
      <translation>Mit einem Klick zurück zum Anfang des Szenarios</translation>
    </message>
    <message numerus="yes">
      <source> · {arrived} of %n contact(s) arrived</source>
      <translation>
        <numerusform> · {arrived} von %n Kontakt eingegangen</numerusform>
        <numerusform> · {arrived} von %n Kontakten eingegangen</numerusform>
      </translation>
    </message>
    <message>
      <source>Scenario time: {now}{arrived}</source>
      <translation>Szenariozeit: {now}{arrived}</translation>
    </message>
    <message>
      <source>All contacts of the scenario have arrived.</source>
      <translation>Alle Kontakte des Szenarios sind eingegangen.</translation>
    </message>
    <message>
      <source>Practice on the masked copy: nothing new arrives.</source>
      <translation>Übung an der maskierten Kopie: es kommt nichts Neues.</translation>
    </message>
    <message>
      <source>Next contact arrives now</source>
      <translation>Der nächste Kontakt kommt jetzt</translation>
    </message>
    <message>
      <source>Next contact in {minutes} min (scenario time)</source>
      <translation>Nächster Kontakt in {minutes} Min. (Szenariozeit)</translation>
    </message>
    <message>
      <source>{time} {channel} to {recipient}: {body}</source>
      <translation>{time} {channel} an {recipient}: {body}</translation>
    </message>
  </context>
  <context>
    <name>Tray</name>
    <message>
      <source>Negativity spike</source>
      <translation>Negativitätsspitze</translation>
    </message>
    <message>
      <source>Volume spike</source>
      <translation>Aufkommensspitze</translation>
    </message>
    <message>
      <source>Keyword chatter</source>
      <translation>Stichwort im Gespräch</translation>
    </message>
    <message>
      <source>Influencer mention</source>
      <translation>Erwähnung durch Influencer</translation>
    </message>
    <message>
      <source>Overdue task</source>
      <translation>Überfällige Aufgabe</translation>
    </message>
    <message>
      <source>A contact was assigned to you</source>
      <translation>Ihnen wurde ein Kontakt zugewiesen</translation>
    </message>
    <message>
      <source>SLA alert</source>
      <translation>SLA-Warnung</translation>
    </message>
    <message>
      <source>Show Lastmile</source>
      <translation>Lastmile zeigen</translation>
    </message>
    <message>
      <source>Next contact</source>
      <translation>Nächster Kontakt</translation>
    </message>
    <message>
      <source>Quit</source>
      <translation>Beenden</translation>
    </message>
    <message>
      <source>Lastmile — {w} waiting · {a} alerts</source>
      <translation>Lastmile — {w} wartend · {a} Warnungen</translation>
    </message>
    <message>
      <source>A contact is offered to you</source>
      <translation>Ihnen wird ein Kontakt angeboten</translation>
    </message>
    <message>
      <source>The server refused a change</source>
      <translation>Der Server hat eine Änderung abgelehnt</translation>
    </message>
  </context>
  <context>
    <name>Welcome</name>
    <message>
      <source>Welcome to Lastmile</source>
      <translation>Willkommen bei Lastmile</translation>
    </message>
    <message>
      <source>This workspace is new. Who works in it? You become its admin; colleagues are added later.</source>
      <translation>Dieser Arbeitsbereich ist neu. Wer arbeitet darin? Sie werden sein Admin; Kolleginnen und Kollegen kommen später dazu.</translation>
    </message>
    <message>
      <source>Your name as customers will see it</source>
      <translation>Ihr Name, wie Kunden ihn sehen werden</translation>
    </message>
    <message>
      <source>Name</source>
      <translation>Name</translation>
    </message>
    <message>
      <source>lower-case login, e.g. ana</source>
      <translation>Anmeldename in Kleinbuchstaben, z. B. ana</translation>
    </message>
    <message>
      <source>Login</source>
      <translation>Anmeldename</translation>
    </message>
    <message>
      <source>&amp;Name</source>
      <translation>&amp;Name</translation>
    </message>
    <message>
      <source>&amp;Login</source>
      <translation>&amp;Anmeldename</translation>
    </message>
    <message>
      <source>Say your name and a login to go on.</source>
      <translation>Geben Sie Ihren Namen und einen Anmeldenamen an, um fortzufahren.</translation>
    </message>
  </context>
</TS>
