<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="en">
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
