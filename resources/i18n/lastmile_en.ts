<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
  <context>
    <name>AttentionController</name>
    <message numerus="yes">
      <source>⚠ %n alert(s)</source>
      <translation>
        <numerusform>⚠ %n alert</numerusform>
        <numerusform>⚠ %n alerts</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>⚑ %n follow-up(s) due</source>
      <translation>
        <numerusform>⚑ %n follow-up due</numerusform>
        <numerusform>⚑ %n follow-ups due</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>MailStatus</name>
    <message numerus="yes">
      <source>✉ mail: %n mailbox(es) ok</source>
      <translation>
        <numerusform>✉ mail: %n mailbox ok</numerusform>
        <numerusform>✉ mail: %n mailboxes ok</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>QueueController</name>
    <message numerus="yes">
      <source>%Ln contact(s)</source>
      <translation>
        <numerusform>%Ln contact</numerusform>
        <numerusform>%Ln contacts</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>SyncStatus</name>
    <message numerus="yes">
      <source>● online · %n pending · {as_of}</source>
      <translation>
        <numerusform>● online · %n pending · {as_of}</numerusform>
        <numerusform>● online · %n pending · {as_of}</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source> · ⚠ %n server change(s) held back (see sync status)</source>
      <translation>
        <numerusform> · ⚠ %n server change held back (see sync status)</numerusform>
        <numerusform> · ⚠ %n server changes held back (see sync status)</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>○ Server not reachable at {where} ({why}) — working offline; will retry in {seconds} s · %n pending · {as_of}</source>
      <translation>
        <numerusform>○ Server not reachable at {where} ({why}) — working offline; will retry in {seconds} s · %n pending · {as_of}</numerusform>
        <numerusform>○ Server not reachable at {where} ({why}) — working offline; will retry in {seconds} s · %n pending · {as_of}</numerusform>
      </translation>
    </message>
    <message numerus="yes">
      <source>○ offline, retrying in {seconds} s · %n pending · {as_of}</source>
      <translation>
        <numerusform>○ offline, retrying in {seconds} s · %n pending · {as_of}</numerusform>
        <numerusform>○ offline, retrying in {seconds} s · %n pending · {as_of}</numerusform>
      </translation>
    </message>
  </context>
  <context>
    <name>TrainingPanel</name>
    <message numerus="yes">
      <source> · {arrived} of %n contact(s) arrived</source>
      <translation>
        <numerusform> · {arrived} of %n contact arrived</numerusform>
        <numerusform> · {arrived} of %n contacts arrived</numerusform>
      </translation>
    </message>
  </context>
</TS>
