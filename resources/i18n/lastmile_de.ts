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
    <name>CustomerCard</name>
    <message>
      <source>Loading…</source>
      <translation>Wird geladen…</translation>
    </message>
    <message>
      <source>Follow-ups</source>
      <translation>Wiedervorlagen</translation>
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
      <source>Follow-ups ({n})</source>
      <translation>Wiedervorlagen ({n})</translation>
    </message>
    <message>
      <source>Remove from the card?</source>
      <translation>Von der Karte entfernen?</translation>
    </message>
  </context>
  <context>
    <name>Formatting</name>
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
    <message>
      <source>Save “{name}”…</source>
      <translation>„{name}“ speichern…</translation>
    </message>
  </context>
  <context>
    <name>MergeDialog</name>
    <message>
      <source>(unknown customer)</source>
      <translation>(unbekannter Kunde)</translation>
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
    <name>SearchResults</name>
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
      <source>SLA alert</source>
      <translation>SLA-Warnung</translation>
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
    <name>HistoryModel</name>
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
    <name>MessageExtras</name>
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
  </context>
  <context>
    <name>ContactPanel</name>
    <message>
      <source>Loading…</source>
      <translation>Wird geladen…</translation>
    </message>
  </context>
</TS>
