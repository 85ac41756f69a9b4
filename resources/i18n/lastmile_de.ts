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
    <message>
      <source>Templates</source>
      <translation>Vorlagen</translation>
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
      <source>Taken.</source>
      <translation>Übernommen.</translation>
    </message>
    <message>
      <source>Handed back.</source>
      <translation>Zurückgegeben.</translation>
    </message>
    <message>
      <source>Resolved “{subject}”: it left the queue.</source>
      <translation>„{subject}“ erledigt: der Kontakt hat die Warteschlange verlassen.</translation>
    </message>
    <message>
      <source>Status back to {status}.</source>
      <translation>Status wieder: {status}.</translation>
    </message>
    <message>
      <source>Status set to {status}.</source>
      <translation>Status jetzt: {status}.</translation>
    </message>
    <message>
      <source>Reply kept in the practice outbox (training).</source>
      <translation>Antwort im Übungs-Postausgang abgelegt (Training).</translation>
    </message>
    <message>
      <source>Reply queued: {how}.</source>
      <translation>Antwort eingereiht: {how}.</translation>
    </message>
    <message>
      <source>Note added.</source>
      <translation>Notiz hinzugefügt.</translation>
    </message>
    <message>
      <source>Call logged.</source>
      <translation>Anruf notiert.</translation>
    </message>
    <message>
      <source>Follow-up set for {when}.</source>
      <translation>Wiedervorlage gesetzt für {when}.</translation>
    </message>
    <message>
      <source>You are not available: set your presence to Available to get contacts.</source>
      <translation>Sie sind nicht verfügbar: setzen Sie Ihre Anwesenheit auf Verfügbar, um Kontakte zu bekommen.</translation>
    </message>
    <message>
      <source>Nothing waiting for your skills right now (or your capacity is full).</source>
      <translation>Gerade wartet nichts für Ihre Fähigkeiten (oder Ihre Kapazität ist voll).</translation>
    </message>
    <message>
      <source>You are {presence}.</source>
      <translation>Sie sind {presence}.</translation>
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
    <name>CustomerActions</name>
    <message>
      <source>Follow-up done.</source>
      <translation>Wiedervorlage erledigt.</translation>
    </message>
    <message>
      <source>Follow-up deleted.</source>
      <translation>Wiedervorlage gelöscht.</translation>
    </message>
    <message>
      <source>Customer saved.</source>
      <translation>Kunde gespeichert.</translation>
    </message>
    <message>
      <source>Removed from the card.</source>
      <translation>Von der Karte entfernt.</translation>
    </message>
    <message>
      <source>Split back.</source>
      <translation>Wieder getrennt.</translation>
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
      <source>Open</source>
      <translation>Offen</translation>
    </message>
    <message>
      <source>Waiting</source>
      <translation>Wartet</translation>
    </message>
    <message>
      <source>Resolved</source>
      <translation>Erledigt</translation>
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
      <translation>Frei</translation>
    </message>
    <message>
      <source>Whose contacts: anyone's, mine, or nobody's yet</source>
      <translation>Wessen Kontakte: alle, meine oder noch niemandes (frei)</translation>
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
    <name>Role</name>
    <message>
      <source>agent</source>
      <translation>Agent</translation>
    </message>
    <message>
      <source>supervisor</source>
      <translation>Teamleitung</translation>
    </message>
    <message>
      <source>admin</source>
      <translation>Admin</translation>
    </message>
    <message>
      <source>trainee</source>
      <translation>Azubi</translation>
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
  <context>
    <name>desktop</name>
    <message>
      <source>no workspace database at {path}</source>
      <translation>keine Datenbank eines Arbeitsbereichs unter {path}</translation>
    </message>
    <message>
      <source>cannot open workspace database {path}: it cannot be read</source>
      <translation>die Datenbank des Arbeitsbereichs {path} lässt sich nicht öffnen: sie ist nicht lesbar</translation>
    </message>
    <message>
      <source>{path} is a training database and cannot be opened as live</source>
      <translation>{path} ist eine Trainingsdatenbank und lässt sich nicht als echter Arbeitsbereich öffnen</translation>
    </message>
    <message>
      <source>{path} is a {found} workspace and cannot be opened as {kind}</source>
      <translation>{path} ist ein Arbeitsbereich der Art {found} und lässt sich nicht als {kind} öffnen</translation>
    </message>
    <message>
      <source>this workspace was made by a newer Lastmile (schema {stored}); this version understands up to {newest}: update Lastmile</source>
      <translation>dieser Arbeitsbereich stammt von einem neueren Lastmile (Schema {stored}); diese Version versteht bis {newest}: aktualisieren Sie Lastmile</translation>
    </message>
    <message>
      <source>the workspace folder is read-only: {parent}; this version of Lastmile must upgrade the database once, with write access</source>
      <translation>der Ordner des Arbeitsbereichs ist schreibgeschützt: {parent}; diese Version von Lastmile muss die Datenbank einmal mit Schreibrecht aktualisieren</translation>
    </message>
    <message>
      <source>database has no workspace kind recorded</source>
      <translation>in der Datenbank ist keine Art des Arbeitsbereichs vermerkt</translation>
    </message>
    <message>
      <source>the workspace database {path} is encrypted and no key was given to open it</source>
      <translation>die Datenbank des Arbeitsbereichs {path} ist verschlüsselt, und es wurde kein Schlüssel zum Öffnen angegeben</translation>
    </message>
    <message>
      <source>cannot open workspace database {path}: {cause}</source>
      <translation>die Datenbank des Arbeitsbereichs {path} lässt sich nicht öffnen: {cause}</translation>
    </message>
    <message>
      <source>cannot open workspace database {path}: the folder is read-only</source>
      <translation>die Datenbank des Arbeitsbereichs {path} lässt sich nicht öffnen: der Ordner ist schreibgeschützt</translation>
    </message>
    <message>
      <source>unknown identity kind {kind!r}</source>
      <translation>unbekannte Art von Kennung {kind!r}</translation>
    </message>
    <message>
      <source>not an email address: {value!r}</source>
      <translation>keine E-Mail-Adresse: {value!r}</translation>
    </message>
    <message>
      <source>not a possible phone number: {value!r}</source>
      <translation>keine mögliche Telefonnummer: {value!r}</translation>
    </message>
    <message>
      <source>handle {value!r} has no network</source>
      <translation>beim Handle {value!r} fehlt das Netzwerk</translation>
    </message>
    <message>
      <source>not a social handle: {value!r}</source>
      <translation>kein Social-Media-Handle: {value!r}</translation>
    </message>
    <message>
      <source>not a phone number: {value!r}</source>
      <translation>keine Telefonnummer: {value!r}</translation>
    </message>
    <message>
      <source>empty visitor id</source>
      <translation>leere Besucherkennung</translation>
    </message>
    <message>
      <source>{key} {why}</source>
      <translation>{key} {why}</translation>
    </message>
    <message>
      <source>skills are an object of skill: level</source>
      <translation>Fähigkeiten sind ein Objekt aus Fähigkeit: Stufe</translation>
    </message>
    <message>
      <source>capacity is an object of channel: number</source>
      <translation>die Kapazität ist ein Objekt aus Kanal: Anzahl</translation>
    </message>
    <message>
      <source>presence must be one of: {presences}</source>
      <translation>die Anwesenheit muss eine davon sein: {presences}</translation>
    </message>
    <message>
      <source>a template's fields are text</source>
      <translation>die Felder einer Vorlage sind Text</translation>
    </message>
    <message>
      <source>unknown rule {key!r}; known: {known}</source>
      <translation>unbekannte Regel {key!r}; bekannt sind: {known}</translation>
    </message>
    <message>
      <source>an alert rule's kind is one of: {kinds}</source>
      <translation>die Art einer Alarmregel ist eine davon: {kinds}</translation>
    </message>
    <message>
      <source>unknown channel {channel!r} (channels: {channels})</source>
      <translation>unbekannter Kanal {channel!r} (Kanäle: {channels})</translation>
    </message>
    <message>
      <source>a keyword rule needs at least one --keyword</source>
      <translation>eine Stichwortregel braucht mindestens ein --keyword</translation>
    </message>
    <message>
      <source>an influencer rule takes --watch handles and --threshold followers, no keywords</source>
      <translation>eine Influencer-Regel nimmt --watch-Handles und --threshold-Follower, keine Stichwörter</translation>
    </message>
    <message>
      <source>only an influencer rule has a --watch list</source>
      <translation>nur eine Influencer-Regel hat eine --watch-Liste</translation>
    </message>
    <message>
      <source>the threshold is a number</source>
      <translation>die Schwelle ist eine Zahl</translation>
    </message>
    <message>
      <source>{key} is a whole number of zero or more</source>
      <translation>{key} ist eine ganze Zahl ab null</translation>
    </message>
    <message>
      <source>{key} is a list of at most {limit} words</source>
      <translation>{key} ist eine Liste von höchstens {limit} Wörtern</translation>
    </message>
    <message>
      <source>an influencer threshold is a follower count from {low} to {high:,}</source>
      <translation>die Schwelle einer Influencer-Regel ist eine Follower-Zahl von {low} bis {high:,}</translation>
    </message>
    <message>
      <source>a spike threshold is how many times the baseline, from {low:g} to {high:g} (e.g. 2 = twice the usual), not {threshold!r}</source>
      <translation>die Schwelle einer Häufung ist ein Vielfaches des Üblichen, von {low:g} bis {high:g} (z. B. 2 = doppelt so viel wie üblich), nicht {threshold!r}</translation>
    </message>
    <message>
      <source>{key} is true or false</source>
      <translation>{key} ist true oder false</translation>
    </message>
    <message>
      <source>{key}: each is 1 to {limit} characters, not {word!r}</source>
      <translation>{key}: jedes hat 1 bis {limit} Zeichen, nicht {word!r}</translation>
    </message>
    <message>
      <source>{key}: {word!r} is not on one line</source>
      <translation>{key}: {word!r} steht nicht auf einer Zeile</translation>
    </message>
    <message>
      <source>{key} is text</source>
      <translation>{key} ist Text</translation>
    </message>
    <message>
      <source>{key} is a JSON object</source>
      <translation>{key} ist ein JSON-Objekt</translation>
    </message>
    <message>
      <source>team_hours.{team} must be an object</source>
      <translation>team_hours.{team} muss ein Objekt sein</translation>
    </message>
    <message>
      <source>team_hours.{team}: unknown keys {keys}</source>
      <translation>team_hours.{team}: unbekannte Schlüssel {keys}</translation>
    </message>
    <message>
      <source>Monday</source>
      <translation>Montag</translation>
    </message>
    <message>
      <source>Tuesday</source>
      <translation>Dienstag</translation>
    </message>
    <message>
      <source>Wednesday</source>
      <translation>Mittwoch</translation>
    </message>
    <message>
      <source>Thursday</source>
      <translation>Donnerstag</translation>
    </message>
    <message>
      <source>Friday</source>
      <translation>Freitag</translation>
    </message>
    <message>
      <source>Saturday</source>
      <translation>Samstag</translation>
    </message>
    <message>
      <source>Sunday</source>
      <translation>Sonntag</translation>
    </message>
    <message>
      <source>is fixed at 30 by the routing index (migration 0003); it cannot be changed</source>
      <translation>ist durch den Routing-Index auf 30 festgelegt (Migration 0003); er lässt sich nicht ändern</translation>
    </message>
    <message>
      <source>minutes</source>
      <translation>Minuten</translation>
    </message>
    <message>
      <source>seconds</source>
      <translation>Sekunden</translation>
    </message>
    <message>
      <source>hours</source>
      <translation>Stunden</translation>
    </message>
    <message>
      <source>days</source>
      <translation>Tage</translation>
    </message>
    <message>
      <source>backups</source>
      <translation>Sicherungen</translation>
    </message>
    <message>
      <source>login {login!r} must be lower-case letters, digits, '.', '_' or '-' (at most 64, starting with a letter or digit)</source>
      <translation>der Anmeldename {login!r} besteht aus Kleinbuchstaben, Ziffern, '.', '_' oder '-' (höchstens 64, am Anfang ein Buchstabe oder eine Ziffer)</translation>
    </message>
    <message>
      <source>an agent needs a display name (used in replies)</source>
      <translation>ein Agent braucht einen Anzeigenamen (er steht in Antworten)</translation>
    </message>
    <message>
      <source>a display name has at most {limit} characters</source>
      <translation>ein Anzeigename hat höchstens {limit} Zeichen</translation>
    </message>
    <message>
      <source>role must be one of: {roles}</source>
      <translation>die Rolle muss eine davon sein: {roles}</translation>
    </message>
    <message>
      <source>team {team!r}: at most 64 characters on one line</source>
      <translation>Team {team!r}: höchstens 64 Zeichen auf einer Zeile</translation>
    </message>
    <message>
      <source>not a valid skill name: {name!r} (lower-case letters, digits, '_' or '-', no spaces)</source>
      <translation>kein gültiger Name für eine Fähigkeit: {name!r} (Kleinbuchstaben, Ziffern, '_' oder '-', keine Leerzeichen)</translation>
    </message>
    <message>
      <source>skill level for {skill} must be {low} to {high} ({levels}), not {level!r}</source>
      <translation>die Stufe für {skill} muss {low} bis {high} sein ({levels}), nicht {level!r}</translation>
    </message>
    <message>
      <source>{where} is an object: {{"0": [[540, 1020]], ...}} (weekday 0 = Monday: [[start minute, end minute]])</source>
      <translation>{where} ist ein Objekt: {{"0": [[540, 1020]], ...}} (Wochentag 0 = Montag: [[Anfangsminute, Endminute]])</translation>
    </message>
    <message>
      <source>{key} is an object of channel: minutes, e.g. {{"email": 480}}</source>
      <translation>{key} ist ein Objekt aus Kanal: Minuten, z. B. {{"email": 480}}</translation>
    </message>
    <message>
      <source>a template needs a name</source>
      <translation>eine Vorlage braucht einen Namen</translation>
    </message>
    <message>
      <source>a template name has at most {limit} characters</source>
      <translation>der Name einer Vorlage hat höchstens {limit} Zeichen</translation>
    </message>
    <message>
      <source>a template needs a text</source>
      <translation>eine Vorlage braucht einen Text</translation>
    </message>
    <message>
      <source>unknown channel {channel!r} (empty for every channel)</source>
      <translation>unbekannter Kanal {channel!r} (leer für alle Kanäle)</translation>
    </message>
    <message>
      <source>language {language!r} is a code like en, de or pt-BR</source>
      <translation>die Sprache {language!r} ist ein Kürzel wie en, de oder pt-BR</translation>
    </message>
    <message>
      <source>purpose must be one of: {purposes}</source>
      <translation>der Zweck muss einer davon sein: {purposes}</translation>
    </message>
    <message>
      <source>unknown placeholder(s): {unknown} (known: {known})</source>
      <translation>unbekannte Platzhalter: {unknown} (bekannt sind: {known})</translation>
    </message>
    <message>
      <source>an acknowledgement must name the promise: add {{promise}}</source>
      <translation>eine Eingangsbestätigung muss das Versprechen nennen: fügen Sie {{promise}} ein</translation>
    </message>
    <message>
      <source>skill {skill} is named twice</source>
      <translation>die Fähigkeit {skill} steht zweimal da</translation>
    </message>
    <message>
      <source>unknown channel {channel!r} in capacity (channels: {channels})</source>
      <translation>unbekannter Kanal {channel!r} in der Kapazität (Kanäle: {channels})</translation>
    </message>
    <message>
      <source>capacity for {channel} must be a whole number from 0 to {highest}, not {number!r}</source>
      <translation>die Kapazität für {channel} muss eine ganze Zahl von 0 bis {highest} sein, nicht {number!r}</translation>
    </message>
    <message>
      <source>{where}: weekday {day!r} does not exist (0 = Monday ... 6 = Sunday)</source>
      <translation>{where}: den Wochentag {day!r} gibt es nicht (0 = Montag ... 6 = Sonntag)</translation>
    </message>
    <message>
      <source>{where}: {name} needs a list of [start, end] minutes</source>
      <translation>{where}: {name} braucht eine Liste aus [Anfang, Ende] in Minuten</translation>
    </message>
    <message>
      <source>{key}: {channel!r} is not a channel (channels: {channels})</source>
      <translation>{key}: {channel!r} ist kein Kanal (Kanäle: {channels})</translation>
    </message>
    <message>
      <source>{key}: the target for {channel} must be {low} to {high:,} minutes (60 days), not {minutes!r}</source>
      <translation>{key}: das Ziel für {channel} muss {low} bis {high:,} Minuten sein (60 Tage), nicht {minutes!r}</translation>
    </message>
    <message>
      <source>unknown time zone {value!r} (e.g. Europe/Berlin)</source>
      <translation>unbekannte Zeitzone {value!r} (z. B. Europe/Berlin)</translation>
    </message>
    <message>
      <source>no holiday calendar for country code {code!r} (two letters, e.g. DE)</source>
      <translation>kein Feiertagskalender für das Länderkürzel {code!r} (zwei Buchstaben, z. B. DE)</translation>
    </message>
    <message>
      <source>{key} must be {low} to {high:,} {unit}, not {value!r}</source>
      <translation>{key} muss {low} bis {high:,} {unit} sein, nicht {value!r}</translation>
    </message>
    <message>
      <source>preferred_level is an object of skill: level, e.g. {{"billing": 2}}</source>
      <translation>preferred_level ist ein Objekt aus Fähigkeit: Stufe, z. B. {{"billing": 2}}</translation>
    </message>
    <message>
      <source>skill_team is an object of skill: team, e.g. {{"billing": "blue"}}</source>
      <translation>skill_team ist ein Objekt aus Fähigkeit: Team, z. B. {{"billing": "blue"}}</translation>
    </message>
    <message>
      <source>{where}: {name}: {interval!r} is not [start minute, end minute]</source>
      <translation>{where}: {name}: {interval!r} ist nicht [Anfangsminute, Endminute]</translation>
    </message>
    <message>
      <source>{where}: {name} {start}-{end}: opening must be before closing, within the day (00:00-24:00)</source>
      <translation>{where}: {name} {start}-{end}: die Öffnung muss vor dem Schluss liegen, innerhalb des Tages (00:00-24:00)</translation>
    </message>
    <message>
      <source>{where}: {name}: {start}-{end} overlaps or comes before {before_start}-{before_end} (list them in order)</source>
      <translation>{where}: {name}: {start}-{end} überschneidet sich mit {before_start}-{before_end} oder liegt davor (in zeitlicher Reihenfolge angeben)</translation>
    </message>
    <message>
      <source>{name}: {part!r} is not a time range like 09:00-17:00</source>
      <translation>{name}: {part!r} ist keine Zeitspanne wie 09:00-17:00</translation>
    </message>
    <message>
      <source>{where} contains a NUL character (U+0000)</source>
      <translation>{where} enthält ein NUL-Zeichen (U+0000)</translation>
    </message>
    <message>
      <source>{where} contains an unpaired surrogate</source>
      <translation>{where} enthält ein unvollständiges Surrogat-Zeichen</translation>
    </message>
    <message>
      <source>the text</source>
      <translation>der Text</translation>
    </message>
    <message>
      <source>a field name</source>
      <translation>ein Feldname</translation>
    </message>
    <message>
      <source>this workspace has no agents yet; add one with 'lastmile agent add'</source>
      <translation>dieser Arbeitsbereich hat noch keine Agenten; legen Sie einen mit 'lastmile agent add' an</translation>
    </message>
    <message>
      <source>no agent is signed in</source>
      <translation>kein Agent ist angemeldet</translation>
    </message>
    <message>
      <source>no agent with login {login!r} in this workspace</source>
      <translation>kein Agent mit dem Anmeldenamen {login!r} in diesem Arbeitsbereich</translation>
    </message>
    <message>
      <source>{sha256!r} is not an attachment's SHA-256</source>
      <translation>{sha256!r} ist nicht die SHA-256 eines Anhangs</translation>
    </message>
    <message>
      <source>the kept attachment {sha256}… is damaged</source>
      <translation>der aufbewahrte Anhang {sha256}… ist beschädigt</translation>
    </message>
    <message>
      <source>{destination} exists; choose another name</source>
      <translation>{destination} gibt es schon; wählen Sie einen anderen Namen</translation>
    </message>
    <message>
      <source>the server sent other bytes for attachment {sha256}…</source>
      <translation>der Server hat für den Anhang {sha256}… andere Daten geschickt</translation>
    </message>
    <message>
      <source>the kept attachment {sha256}… is encrypted and this workspace has no key: run 'lastmile encrypt' to finish</source>
      <translation>der aufbewahrte Anhang {sha256}… ist verschlüsselt und dieser Arbeitsbereich hat keinen Schlüssel: 'lastmile encrypt' ausführen, um das abzuschließen</translation>
    </message>
    <message>
      <source>the sync server did not answer within {seconds:.0f} s: try again later</source>
      <translation>der Sync-Server hat nicht innerhalb von {seconds:.0f} s geantwortet: versuchen Sie es später noch einmal</translation>
    </message>
    <message>
      <source>the sync server cannot be reached ({cause})</source>
      <translation>der Sync-Server ist nicht erreichbar ({cause})</translation>
    </message>
    <message>
      <source>the kept attachment {sha256}… is damaged or was altered: it cannot be opened</source>
      <translation>der aufbewahrte Anhang {sha256}… ist beschädigt oder wurde verändert: er lässt sich nicht öffnen</translation>
    </message>
    <message>
      <source>the kept attachment {sha}… is damaged</source>
      <translation>der aufbewahrte Anhang {sha}… ist beschädigt</translation>
    </message>
    <message>
      <source>this attachment was not kept (over the size limit, or not on the sync server): open the mail in the mail program</source>
      <translation>dieser Anhang wurde nicht aufbewahrt (über der Größengrenze oder nicht auf dem Sync-Server): öffnen Sie die Mail im Mailprogramm</translation>
    </message>
    <message>
      <source>email</source>
      <translation>E-Mail</translation>
    </message>
    <message>
      <source>phone</source>
      <translation>Telefon</translation>
    </message>
    <message>
      <source>fax</source>
      <translation>Fax</translation>
    </message>
    <message>
      <source>chat</source>
      <translation>Chat</translation>
    </message>
    <message>
      <source>web form</source>
      <translation>Webformular</translation>
    </message>
    <message>
      <source>SMS</source>
      <translation>SMS</translation>
    </message>
    <message>
      <source>social</source>
      <translation>Social Media</translation>
    </message>
    <message>
      <source>online session</source>
      <translation>Online-Sitzung</translation>
    </message>
    <message>
      <source>no such customer</source>
      <translation>diesen Kunden gibt es nicht</translation>
    </message>
    <message>
      <source>⚠ Invoice {number} was never sent: send it before anything else</source>
      <translation>⚠ Rechnung {number} wurde nie verschickt: zuerst verschicken</translation>
    </message>
    <message>
      <source>⚠ 1 open contact at or past the SLA</source>
      <translation>⚠ 1 offener Kontakt hat das SLA erreicht oder überschritten</translation>
    </message>
    <message>
      <source>⚠ {n} open contacts at or past the SLA</source>
      <translation>⚠ {n} offene Kontakte haben das SLA erreicht oder überschritten</translation>
    </message>
    <message>
      <source>⚑ 1 follow-up overdue</source>
      <translation>⚑ 1 Wiedervorlage überfällig</translation>
    </message>
    <message>
      <source>⚑ {n} follow-ups overdue</source>
      <translation>⚑ {n} Wiedervorlagen überfällig</translation>
    </message>
    <message>
      <source>⚠ Invoice {number} is overdue and was never reminded: remind before any escalation</source>
      <translation>⚠ Rechnung {number} ist überfällig und wurde nie angemahnt: vor jeder Eskalation erinnern</translation>
    </message>
    <message>
      <source>⚠ The last online session failed and has not been followed up yet</source>
      <translation>⚠ Die letzte Online-Sitzung ist gescheitert und wurde noch nicht nachverfolgt</translation>
    </message>
    <message>
      <source>⚠ The last online session broke off and is not followed up yet</source>
      <translation>⚠ Die letzte Online-Sitzung brach ab und wurde noch nicht nachverfolgt</translation>
    </message>
    <message>
      <source>⚠ The last {channel} contact failed and has not been followed up yet</source>
      <translation>⚠ Der letzte Kontakt über {channel} ist gescheitert und wurde noch nicht nachverfolgt</translation>
    </message>
    <message>
      <source>⚠ The last {channel} contact was dropped and has not been followed up yet</source>
      <translation>⚠ Der letzte Kontakt über {channel} brach ab und wurde noch nicht nachverfolgt</translation>
    </message>
    <message>
      <source>⚑ 1 open follow-up</source>
      <translation>⚑ 1 offene Wiedervorlage</translation>
    </message>
    <message>
      <source>⚑ {n} open follow-ups</source>
      <translation>⚑ {n} offene Wiedervorlagen</translation>
    </message>
    <message>
      <source>say which customer: an id, --email, --phone or --handle</source>
      <translation>sagen Sie, welcher Kunde: eine ID, --email, --phone oder --handle</translation>
    </message>
    <message>
      <source>give a handle as NETWORK:NAME, e.g. twitter:joansmith</source>
      <translation>geben Sie ein Handle als NETZWERK:NAME an, z. B. twitter:joansmith</translation>
    </message>
    <message>
      <source>it leaves by {mailbox} within seconds</source>
      <translation>sie wird in wenigen Sekunden über {mailbox} verschickt</translation>
    </message>
    <message>
      <source>the sync server sends it</source>
      <translation>der Sync-Server verschickt sie</translation>
    </message>
    <message>
      <source>it waits: no mailbox can send mail yet (lastmile mailbox add ... --smtp ...)</source>
      <translation>sie wartet: noch kann kein Postfach Mail verschicken (lastmile mailbox add ... --smtp ...)</translation>
    </message>
    <message>
      <source>not saved: a team name is 1-64 characters</source>
      <translation>nicht gespeichert: ein Teamname hat 1 bis 64 Zeichen</translation>
    </message>
    <message>
      <source>not saved: {problem}; remove it and try again</source>
      <translation>nicht gespeichert: {problem}; entfernen Sie es und versuchen Sie es noch einmal</translation>
    </message>
    <message>
      <source>not saved: {problem}</source>
      <translation>nicht gespeichert: {problem}</translation>
    </message>
    <message>
      <source>not a valid skill name: {name!r}</source>
      <translation>kein gültiger Name für eine Fähigkeit: {name!r}</translation>
    </message>
    <message>
      <source>an agent with login {login!r} already exists</source>
      <translation>einen Agenten mit dem Anmeldenamen {login!r} gibt es schon</translation>
    </message>
    <message>
      <source>agent {agent_id} does not exist</source>
      <translation>den Agenten {agent_id} gibt es nicht</translation>
    </message>
    <message>
      <source>unknown channel {channel!r} in capacity</source>
      <translation>unbekannter Kanal {channel!r} in der Kapazität</translation>
    </message>
    <message>
      <source>skill level must be a number: {part!r}</source>
      <translation>die Stufe muss eine Zahl sein: {part!r}</translation>
    </message>
    <message>
      <source>capacity for {channel} must be a whole number</source>
      <translation>die Kapazität für {channel} muss eine ganze Zahl sein</translation>
    </message>
    <message>
      <source>no alert rule {rule_id!r} (see lastmile alert-rule list)</source>
      <translation>keine Alarmregel {rule_id!r} (siehe lastmile alert-rule list)</translation>
    </message>
    <message>
      <source>no alert {alert_id!r} (see lastmile alerts)</source>
      <translation>kein Alarm {alert_id!r} (siehe lastmile alerts)</translation>
    </message>
    <message>
      <source>this contact was already taken by {owner}</source>
      <translation>diesen Kontakt hat schon {owner} übernommen</translation>
    </message>
    <message>
      <source>contact {contact_id} does not exist</source>
      <translation>den Kontakt {contact_id} gibt es nicht</translation>
    </message>
    <message>
      <source>only a supervisor or an admin assigns contacts to others</source>
      <translation>nur eine Teamleitung oder ein Admin weist anderen Kontakte zu</translation>
    </message>
    <message>
      <source>that contact is resolved: reopen it before assigning it</source>
      <translation>dieser Kontakt ist erledigt: öffnen Sie ihn wieder, bevor Sie ihn zuweisen</translation>
    </message>
    <message>
      <source>no agent {agent_id}</source>
      <translation>kein Agent {agent_id}</translation>
    </message>
    <message>
      <source>trainees practise in training mode; they get no live contacts</source>
      <translation>Auszubildende üben im Training; sie bekommen keine echten Kontakte</translation>
    </message>
    <message>
      <source>the reply is empty</source>
      <translation>die Antwort ist leer</translation>
    </message>
    <message>
      <source>the reply is longer than {limit} characters</source>
      <translation>die Antwort ist länger als {limit} Zeichen</translation>
    </message>
    <message>
      <source>trainees cannot send replies to customers; use training mode</source>
      <translation>Auszubildende können Kunden nicht antworten; üben Sie im Training</translation>
    </message>
    <message>
      <source>the reply is {length} characters; {network} takes at most {limit}: shorten it by {excess}</source>
      <translation>die Antwort hat {length} Zeichen; {network} nimmt höchstens {limit}: kürzen Sie sie um {excess}</translation>
    </message>
    <message>
      <source>the note is empty</source>
      <translation>die Notiz ist leer</translation>
    </message>
    <message>
      <source>a call is inbound or outbound</source>
      <translation>ein Anruf ist eingehend oder ausgehend</translation>
    </message>
    <message>
      <source>call outcome must be one of: {outcomes}</source>
      <translation>das Ergebnis des Anrufs muss eines davon sein: {outcomes}</translation>
    </message>
    <message>
      <source>call length must be between 0 and 1440 minutes</source>
      <translation>die Dauer des Anrufs muss zwischen 0 und 1440 Minuten liegen</translation>
    </message>
    <message>
      <source>status must be one of: {statuses}</source>
      <translation>der Status muss einer davon sein: {statuses}</translation>
    </message>
    <message>
      <source>you can only hand back contacts that you hold</source>
      <translation>Sie können nur Kontakte zurückgeben, die Sie selbst haben</translation>
    </message>
    <message>
      <source>meanwhile {owner} took it; nothing was changed</source>
      <translation>inzwischen hat {owner} ihn übernommen; nichts wurde geändert</translation>
    </message>
    <message>
      <source>this contact is held by {owner}</source>
      <translation>diesen Kontakt hat {owner}</translation>
    </message>
    <message>
      <source>customer {customer_id} does not exist</source>
      <translation>den Kunden {customer_id} gibt es nicht</translation>
    </message>
    <message>
      <source>{field!r} cannot be edited (editable: {editable})</source>
      <translation>{field!r} lässt sich nicht bearbeiten (bearbeitbar: {editable})</translation>
    </message>
    <message>
      <source>{field} must be text</source>
      <translation>{field} muss Text sein</translation>
    </message>
    <message>
      <source>a customer needs a name</source>
      <translation>ein Kunde braucht einen Namen</translation>
    </message>
    <message>
      <source>not a language code: {value!r} (e.g. en, de, pt-BR)</source>
      <translation>kein Sprachkürzel: {value!r} (z. B. en, de, pt-BR)</translation>
    </message>
    <message>
      <source>{field} is too long</source>
      <translation>{field} ist zu lang</translation>
    </message>
    <message>
      <source>merge suggestion {suggestion_id} does not exist</source>
      <translation>den Zusammenführungsvorschlag {suggestion_id} gibt es nicht</translation>
    </message>
    <message>
      <source>{field} is yes or no</source>
      <translation>{field} ist ja oder nein</translation>
    </message>
    <message>
      <source>tags are a list of words</source>
      <translation>Schlagwörter sind eine Liste von Wörtern</translation>
    </message>
    <message>
      <source>{value} already belongs to another customer ({name}); merge the two instead</source>
      <translation>{value} gehört schon zu einem anderen Kunden ({name}); führen Sie die beiden stattdessen zusammen</translation>
    </message>
    <message>
      <source>that identity does not exist</source>
      <translation>diese Kennung gibt es nicht</translation>
    </message>
    <message>
      <source>a customer keeps at least one way to reach them</source>
      <translation>ein Kunde behält mindestens einen Weg, ihn zu erreichen</translation>
    </message>
    <message>
      <source>a customer cannot be merged with itself</source>
      <translation>ein Kunde lässt sich nicht mit sich selbst zusammenführen</translation>
    </message>
    <message>
      <source>{name} is already merged; split it first</source>
      <translation>{name} ist schon zusammengeführt; trennen Sie zuerst</translation>
    </message>
    <message>
      <source>{name} is already merged into {other}</source>
      <translation>{name} ist schon in {other} zusammengeführt</translation>
    </message>
    <message>
      <source>no merge {merge_id}</source>
      <translation>keine Zusammenführung {merge_id}</translation>
    </message>
    <message>
      <source>that merge was already split</source>
      <translation>diese Zusammenführung wurde schon getrennt</translation>
    </message>
    <message>
      <source>{value} already belongs to {name}</source>
      <translation>{value} gehört schon zu {name}</translation>
    </message>
    <message>
      <source>invoice {invoice_id} does not exist</source>
      <translation>die Rechnung {invoice_id} gibt es nicht</translation>
    </message>
    <message>
      <source>invoice {number} is already paid</source>
      <translation>die Rechnung {number} ist schon bezahlt</translation>
    </message>
    <message>
      <source>invoice {number} was never sent: send it first</source>
      <translation>die Rechnung {number} wurde nie verschickt: verschicken Sie sie zuerst</translation>
    </message>
    <message>
      <source>invoice {number} has no recorded reminder: remind the customer before any escalation</source>
      <translation>zur Rechnung {number} ist keine Erinnerung verzeichnet: erinnern Sie den Kunden vor jeder Eskalation</translation>
    </message>
    <message>
      <source>a follow-up needs a short description</source>
      <translation>eine Wiedervorlage braucht eine kurze Beschreibung</translation>
    </message>
    <message>
      <source>task kind must be one of: {kinds}</source>
      <translation>die Art der Aufgabe muss eine davon sein: {kinds}</translation>
    </message>
    <message>
      <source>the due time needs a time zone</source>
      <translation>die Fälligkeit braucht eine Zeitzone</translation>
    </message>
    <message>
      <source>task {task_id} does not exist</source>
      <translation>die Aufgabe {task_id} gibt es nicht</translation>
    </message>
    <message>
      <source>that task is {state}: only open tasks are assigned</source>
      <translation>diese Aufgabe ist {state}: nur offene Aufgaben werden zugewiesen</translation>
    </message>
    <message>
      <source>no agent {owner_id}</source>
      <translation>kein Agent {owner_id}</translation>
    </message>
    <message>
      <source>trainees practise in training mode; they get no live tasks</source>
      <translation>Auszubildende üben im Training; sie bekommen keine echten Aufgaben</translation>
    </message>
    <message>
      <source>only a supervisor or an admin assigns tasks to others; you can take a team task for yourself</source>
      <translation>nur eine Teamleitung oder ein Admin weist anderen Aufgaben zu; eine Teamaufgabe können Sie selbst übernehmen</translation>
    </message>
    <message>
      <source>template {template_id} does not exist</source>
      <translation>die Vorlage {template_id} gibt es nicht</translation>
    </message>
    <message>
      <source>{server!r} is not a server address (e.g. https://sync.example.com)</source>
      <translation>{server!r} ist keine Serveradresse (z. B. https://sync.example.com)</translation>
    </message>
    <message>
      <source>enter your login and password</source>
      <translation>geben Sie Anmeldenamen und Passwort ein</translation>
    </message>
    <message>
      <source>this workspace already has a local agent {login!r}; sign in from a new workspace folder so that the server's data arrives cleanly</source>
      <translation>dieser Arbeitsbereich hat schon einen lokalen Agenten {login!r}; melden Sie sich aus einem neuen Arbeitsbereichsordner an, damit die Daten des Servers sauber ankommen</translation>
    </message>
    <message>
      <source>{what} is never used in a {kind} workspace: nothing here reaches a customer, the server or a report</source>
      <translation>{what} wird in einem Arbeitsbereich der Art {kind} nie benutzt: nichts hiervon erreicht einen Kunden, den Server oder einen Bericht</translation>
    </message>
    <message>
      <source>trainee login {login!r} must be lower-case letters, digits, '.', '_' or '-'</source>
      <translation>der Anmeldename {login!r} für Auszubildende besteht aus Kleinbuchstaben, Ziffern, '.', '_' oder '-'</translation>
    </message>
    <message>
      <source>{root} already holds a training workspace; reset it instead</source>
      <translation>in {root} liegt schon ein Übungsarbeitsbereich; setzen Sie ihn stattdessen zurück</translation>
    </message>
    <message>
      <source>{root} is a live workspace; choose another folder</source>
      <translation>{root} ist ein echter Arbeitsbereich; wählen Sie einen anderen Ordner</translation>
    </message>
    <message>
      <source>{root} has no training starting point to reset to</source>
      <translation>{root} hat keinen Ausgangspunkt, auf den sich das Training zurücksetzen lässt</translation>
    </message>
    <message>
      <source>this training workspace is open in a window; use Start over there, or close it first</source>
      <translation>dieser Übungsarbeitsbereich ist in einem Fenster offen; fangen Sie dort neu an oder schließen Sie ihn zuerst</translation>
    </message>
    <message>
      <source>no training workspace in {root}; create one with 'lastmile training new'</source>
      <translation>kein Übungsarbeitsbereich in {root}; legen Sie einen mit 'lastmile training new' an</translation>
    </message>
    <message>
      <source>only a training workspace has a scenario clock</source>
      <translation>nur ein Übungsarbeitsbereich hat eine Szenario-Uhr</translation>
    </message>
    <message>
      <source>scenario data rejected: {reason}</source>
      <translation>Szenariodaten abgelehnt: {reason}</translation>
    </message>
    <message>
      <source>the copy already has an agent {login!r}; choose another</source>
      <translation>die Kopie hat schon einen Agenten {login!r}; wählen Sie einen anderen</translation>
    </message>
    <message>
      <source>{root} is a file, not a workspace folder</source>
      <translation>{root} ist eine Datei, kein Arbeitsbereichsordner</translation>
    </message>
    <message>
      <source>no workspace at {root}: the folder does not exist (create one with '{make} --workspace {root}')</source>
      <translation>kein Arbeitsbereich unter {root}: den Ordner gibt es nicht (anlegen mit '{make} --workspace {root}')</translation>
    </message>
    <message>
      <source>no workspace at {root}: the folder holds no Lastmile database (create one with '{make} --workspace {root}')</source>
      <translation>kein Arbeitsbereich unter {root}: im Ordner liegt keine Lastmile-Datenbank (anlegen mit '{make} --workspace {root}')</translation>
    </message>
  </context>
</TS>
